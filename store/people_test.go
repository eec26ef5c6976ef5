package store_test

import (
	"context"
	"testing"

	"lodestar/store"
)

// A manager's direct reports (profile, goal forms) and their count (home) leave out
// leavers and people further down, and list by name.
func TestDirectReports(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	zoe, adam, left, below := person("E2", "E1"), person("E3", "E1"), person("E4", "E1"), person("E5", "E2")
	zoe.Name, adam.Name, left.Name = "Zoe", "Adam", "Bea"
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("E1", ""), zoe, adam, left, below}, 0); err != nil {
		t.Fatal(err)
	}
	e1, _ := s.PersonByEmployeeID(ctx, "E1")
	e4, _ := s.PersonByEmployeeID(ctx, "E4")
	if err := s.Deactivate(ctx, 0, e4.ID, clk.now().AddDate(0, 0, -1)); err != nil {
		t.Fatal(err)
	}
	n, err := s.CountDirectReports(ctx, e1.ID)
	if err != nil || n != 2 {
		t.Fatalf("count: %d, %v", n, err)
	}
	reports, err := s.DirectReports(ctx, e1.ID, 10)
	if err != nil || len(reports) != 2 || reports[0].Name != "Adam" || reports[1].Name != "Zoe" {
		t.Fatalf("reports: %+v, %v", reports, err)
	}
	if reports, _ := s.DirectReports(ctx, e1.ID, 1); len(reports) != 1 {
		t.Fatalf("limit 1: %d", len(reports))
	}
}
