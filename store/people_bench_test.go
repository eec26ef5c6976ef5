package store_test

import (
	"fmt"
	"testing"
	"time"

	"lodestar/store"
)

// BenchmarkLargestPeopleWrite measures the largest valid people write (store.MaxImportRows
// people: all new, then all changed). "lock-ms" is the time the write transaction holds
// SQLite's write lock: the whole call less the read-only validation that runs before it.
// Run: go test ./store -run '^$' -bench LargestPeopleWrite -benchtime 3x
func BenchmarkLargestPeopleWrite(b *testing.B) {
	inputs := func(title string) []store.PersonInput {
		in := make([]store.PersonInput, store.MaxImportRows)
		for i := range in {
			in[i] = person(fmt.Sprintf("P%05d", i), "")
			in[i].Email = fmt.Sprintf("p%05d@example.com", i)
			in[i].Title = title
			if i > 0 {
				in[i].ManagerEmployeeID = fmt.Sprintf("P%05d", (i-1)/10)
			}
		}
		in[0].Role = store.RoleAdmin
		return in
	}
	for _, step := range []string{"create", "update"} {
		b.Run(step, func(b *testing.B) {
			var lock time.Duration
			for range b.N {
				b.StopTimer()
				s := mustOpenStore(b, newClock())
				if step == "update" {
					if _, err := s.UpsertPeople(b.Context(), 0, inputs("Agent"), 2); err != nil {
						b.Fatal(err)
					}
				}
				in := inputs("Senior agent")
				start := time.Now()
				if err := s.ValidatePeople(b.Context(), inputs("Senior agent"), 2); err != nil {
					b.Fatal(err)
				}
				validated := time.Since(start)
				b.StartTimer()
				start = time.Now()
				if _, err := s.UpsertPeople(b.Context(), 0, in, 2); err != nil {
					b.Fatal(err)
				}
				lock += time.Since(start) - validated
			}
			b.ReportMetric(float64(lock.Milliseconds())/float64(b.N), "lock-ms")
		})
	}
}
