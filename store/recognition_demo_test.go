package store_test

import (
	"context"
	"testing"
	"time"

	"lodestar/store"
)

// The demo loads with the five fixed accounts and shows what the issue asks for: badges, a
// year of recognition from every source, one hidden item, one reciprocal pair, and people in
// manager's team with no recognition in 60 days.
func TestRecognitionDemo(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	start := time.Now()
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo loaded in %v", time.Since(start))
	badges, err := s.ListBadges(ctx, true)
	if err != nil || len(badges) < 10 {
		t.Fatalf("%d badges, %v", len(badges), err)
	}
	var total, hidden int
	s.DB().QueryRow("SELECT count(*), count(hidden_at) FROM recognitions").Scan(&total, &hidden)
	if total < 100 || hidden != 1 {
		t.Fatalf("%d recognitions, %d hidden", total, hidden)
	}
	for _, src := range store.Sources {
		list, _, err := s.Board(ctx, store.BoardFilter{Source: src, Limit: 1})
		if err != nil || len(list) == 0 {
			t.Errorf("no %s recognition in the demo (%v)", src, err)
		}
	}
	pairs, err := s.ReciprocalPairs(ctx, "")
	if err != nil || len(pairs) != 1 {
		t.Fatalf("reciprocal pairs %+v, %v; want exactly one", pairs, err)
	}
	m, _ := s.PersonByEmployeeID(ctx, "manager")
	f, err := s.TeamFairness(ctx, m.ID)
	if err != nil || len(f.Desert) == 0 {
		t.Fatalf("desert %+v, %v", f.Desert, err)
	}
	for _, d := range f.Desert {
		if d.Person.EmployeeID == "agent" {
			t.Fatal("the demo agent is in the desert")
		}
	}
	var reactions, comments int
	s.DB().QueryRow("SELECT (SELECT count(*) FROM recognition_reactions), (SELECT count(*) FROM recognition_comments)").Scan(&reactions, &comments)
	if reactions == 0 || comments == 0 {
		t.Fatalf("reactions %d comments %d", reactions, comments)
	}
	strip, _ := s.MonthStrip(ctx, 3)
	if len(strip) == 0 {
		t.Fatal("the 'this month' strip is empty")
	}
}
