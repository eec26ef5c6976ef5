package store_test

import (
	"context"
	"testing"

	"lodestar/store"
)

func TestChecksDemo(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	checks, err := s.ListChecks(ctx)
	if err != nil || len(checks) != 3 {
		t.Fatalf("checks = %d, %v", len(checks), err)
	}
	if checks[0].Status != store.CheckOpen || checks[1].Status != store.CheckClosed || checks[2].Status != store.CheckClosed {
		t.Fatalf("states = %s %s %s", checks[0].Status, checks[1].Status, checks[2].Status)
	}
	agent, _ := s.PersonByEmployeeID(ctx, "agent")
	newhire, _ := s.PersonByEmployeeID(ctx, "newhire")
	manager, _ := s.PersonByEmployeeID(ctx, "manager")
	st, err := s.CheckStatusFor(ctx, checks[0], agent.ID)
	if err != nil || !st.Eligible || len(st.Attempts) != 0 || !st.CanAttempt {
		t.Errorf("agent in the open check: %+v %v", st, err)
	}
	st, _ = s.CheckStatusFor(ctx, checks[0], newhire.ID)
	if st.Eligible {
		t.Errorf("newhire is eligible")
	}
	q, err := s.ReviewQueue(ctx, checks[0], manager)
	if err != nil || len(q) == 0 {
		t.Errorf("manager's queue is empty: %v", err)
	}
	trend, err := s.CheckTrend(ctx, store.Person{Role: store.RoleAdmin})
	if err != nil || len(trend) != 2 {
		t.Fatalf("trend: %d %v", len(trend), err)
	}
	if trend[1].Overall.Rate() < trend[0].Overall.Rate() {
		t.Errorf("no improvement: %v then %v", trend[0].Overall, trend[1].Overall)
	}
	t.Logf("demo: %+v then %+v", trend[0].Overall, trend[1].Overall)
}
