package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// The home tile's desert count (from the kept last recognitions) agrees with the fairness
// page's list, for the leader's whole organisation and for a manager's team.
func TestDesertCountAgreesWithFairness(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "deserts.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Generate(ctx, GenOptions{People: 1500, Recognitions: 6000}); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"leader", "manager"} {
		p, err := s.PersonByEmployeeID(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		deserts, people, err := s.DesertCount(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		f, err := s.TeamFairness(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if deserts != len(f.Desert) || people != len(f.People) || deserts == 0 || deserts == people {
			t.Errorf("%s: %d deserts of %d, fairness page %d of %d", login, deserts, people, len(f.Desert), len(f.People))
		}
	}
}
