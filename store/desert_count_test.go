package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// The two ways of counting a tree's recognition deserts agree with each other and with the
// fairness page's list, for the leader's whole organisation and for a manager's team.
func TestDesertCountLargeTreeAgrees(t *testing.T) {
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
	now := s.now().UTC()
	since, today := now.AddDate(0, 0, -DesertDays).Format(time.RFC3339), Day(now).Format(DateLayout)
	for _, login := range []string{"leader", "manager"} {
		p, err := s.PersonByEmployeeID(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		var small, large [2]int
		if err := s.db.QueryRowContext(ctx, desertCountSQL, p.ID, since, today).Scan(&small[0], &small[1]); err != nil {
			t.Fatal(err)
		}
		if err := s.db.QueryRowContext(ctx, desertCountLargeSQL, p.ID, since, today).Scan(&large[0], &large[1]); err != nil {
			t.Fatal(err)
		}
		f, err := s.TeamFairness(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if small != large || small[1] != len(f.Desert) || small[1] == 0 || small[1] == small[0] {
			t.Errorf("%s: per person %v, from recent recognitions %v, fairness page %d deserts", login, small, large, len(f.Desert))
		}
	}
}
