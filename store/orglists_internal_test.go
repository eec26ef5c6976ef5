package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

// A list read while people were being written (the write committed and forgot the lists
// before the read ended) may be the old one, so it is not kept: the next view reads again.
func TestOrgListReadDuringAWriteIsNotKept(t *testing.T) {
	s := &Store{now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }}
	ctx := context.Background()
	key := orgListKey{kind: "departments"}
	reads := 0
	old := func() ([]string, error) {
		reads++
		s.orgLists.forget() // a people write commits meanwhile
		return []string{"Old"}, nil
	}
	current := func() ([]string, error) { reads++; return []string{"New"}, nil }
	if got, _ := s.keptList(ctx, key, old); !slices.Equal(got, []string{"Old"}) {
		t.Fatalf("first read: %v", got)
	}
	if got, _ := s.keptList(ctx, key, current); !slices.Equal(got, []string{"New"}) || reads != 2 {
		t.Fatalf("the list read during a write was kept: %v after %d reads", got, reads)
	}
	if got, _ := s.keptList(ctx, key, current); !slices.Equal(got, []string{"New"}) || reads != 2 {
		t.Fatalf("a quiet read was not kept: %v after %d reads", got, reads)
	}
	// Callers may change what they get without changing what is kept.
	got, _ := s.keptList(ctx, key, current)
	got[0] = "Changed"
	if again, _ := s.keptList(ctx, key, current); again[0] != "New" {
		t.Fatalf("a caller changed the kept list: %v", again)
	}
}
