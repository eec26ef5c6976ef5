package store_test

import (
	"context"
	"errors"
	"testing"

	"lodestar/store"
)

// The goal writes read only the goal they change: a goal that does not exist is not found,
// and one that does is changed with the figures it had (the status worked out for today).
func TestGoalWritesFetchTheOneGoal(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	teamA := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	proposal := goalsMustCreate(t, s, org["E1"], goalsInput("person:E1", teamA))
	const missing = 999999
	for name, err := range map[string]error{
		"update":   s.UpdateGoal(ctx, org["L1"], missing, goalsInput("company", 0)),
		"approve":  s.ApproveGoal(ctx, org["L1"], missing),
		"return":   s.ReturnGoal(ctx, org["L1"], missing, "again"),
		"check in": s.AddCheckIn(ctx, org["L1"], missing, store.CheckInInput{Value: "1"}),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s a missing goal: %v, want not found", name, err)
		}
	}
	if err := s.ApproveGoal(ctx, org["M1"], proposal); err != nil {
		t.Fatal(err)
	}
	if err := s.ApproveGoal(ctx, org["M1"], proposal); !errors.Is(err, store.ErrGoalForbidden) {
		t.Errorf("approving an active goal again: %v, want forbidden", err)
	}
	if err := s.AddCheckIn(ctx, org["E1"], proposal, store.CheckInInput{Value: "90"}); err != nil {
		t.Fatalf("check-in on the approved goal: %v", err)
	}
	gs, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := gs.Get(proposal); g.State != store.GoalActive || !g.HasCurrent || g.Current != 90 {
		t.Errorf("after approve and check-in: state %s, current %v (%v)", g.State, g.Current, g.HasCurrent)
	}
}
