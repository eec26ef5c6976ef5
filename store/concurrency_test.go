package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"lodestar/store"
)

// Writes that read first (most of ours: validate, then insert) must queue behind each other
// rather than fail: with deferred transactions SQLite answers "database is locked (517)"
// at once when another writer committed in between, and busy_timeout does not help.
func TestConcurrentWritersWaitInsteadOfFailing(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("M", "")}, 0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				in := person(fmt.Sprintf("W%d-%d", w, i), "M")
				if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{in}, 0); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a concurrent write failed: %v", err)
	}
	if n, err := s.CountPeople(ctx); err != nil || n != 65 {
		t.Errorf("%d people recorded, want 65 (%v)", n, err)
	}
}
