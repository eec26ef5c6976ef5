package store

import (
	"slices"
	"testing"
	"time"
)

// A list read while people were being written (the write committed and forgot the lists
// before the read ended) may be the old one, so it is not kept: the next view reads again.
func TestOrgListReadDuringAWriteIsNotKept(t *testing.T) {
	s := &Store{now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }}
	key := orgListKey{kind: "departments"}
	reads := 0
	old := func() ([]string, error) {
		reads++
		s.orgLists.forget() // a people write commits meanwhile
		return []string{"Old"}, nil
	}
	current := func() ([]string, error) { reads++; return []string{"New"}, nil }
	if got, _ := s.keptList(key, old); !slices.Equal(got, []string{"Old"}) {
		t.Fatalf("first read: %v", got)
	}
	// Callers may change what they get, from a fresh read or a kept one, without changing
	// what is kept.
	got, _ := s.keptList(key, current)
	if !slices.Equal(got, []string{"New"}) || reads != 2 {
		t.Fatalf("the list read during a write was kept: %v after %d reads", got, reads)
	}
	got[0] = "Changed"
	if got, _ := s.keptList(key, current); !slices.Equal(got, []string{"New"}) || reads != 2 {
		t.Fatalf("a quiet read was not kept, or a caller changed it: %v after %d reads", got, reads)
	}
	got, _ = s.keptList(key, current)
	got[0] = "Changed"
	if again, _ := s.keptList(key, current); again[0] != "New" {
		t.Fatalf("a caller changed the kept list: %v", again)
	}
}

// An empty list takes no place: a department's teams are asked for by a name from the
// address bar, and names that match nobody must not fill the memory.
func TestOrgListEmptyIsNotKept(t *testing.T) {
	s := &Store{now: func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }}
	reads := 0
	none := func() ([]string, error) { reads++; return nil, nil }
	for i := range 3 {
		s.keptList(orgListKey{kind: "teams", department: "nobody's " + string(rune('a'+i))}, none)
		s.keptList(orgListKey{kind: "teams", department: "nobody's"}, none)
	}
	if reads != 6 || len(s.orgLists.byKey) != 0 {
		t.Fatalf("%d reads, %d kept", reads, len(s.orgLists.byKey))
	}
}
