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
	if ans, err := s.CheckAttemptAnswers(ctx, q[0].CheckAttempt); err != nil || len(ans) != 1 || ans[0].Text == "" || ans[0].Rubric("en") == "" {
		t.Errorf("manager's queue lacks the written answer and rubric: %+v %v", ans, err)
	}
	open, _ := s.CheckReport(ctx, checks[0], store.Person{Role: store.RoleAdmin})
	if o := open.Overall; o.Eligible > 20 && (o.Responded*100 < o.Eligible*30 || o.Responded*100 > o.Eligible*70) {
		t.Errorf("open check responses: %+v, want about half", o)
	}
	trend, err := s.CheckTrend(ctx, store.Person{Role: store.RoleAdmin})
	if err != nil || len(trend) != 2 {
		t.Fatalf("trend: %d %v", len(trend), err)
	}
	if trend[1].Overall.Rate() < trend[0].Overall.Rate() {
		t.Errorf("no improvement: %v then %v", trend[0].Overall, trend[1].Overall)
	}
	// Front line lowest in both closed checks, as in the seeds' survey.
	for _, tp := range trend {
		front := tp.ByTier[store.TierFrontLine]
		for _, tier := range []string{store.TierSeniorLeader, store.TierMiddleManager} {
			if other := tp.ByTier[tier]; other.Eligible > 0 && front.Understood*other.Eligible >= other.Understood*front.Eligible {
				t.Errorf("%s: front line %d of %d is not below %s %d of %d", tp.Check.Title, front.Understood, front.Eligible,
					tier, other.Understood, other.Eligible)
			}
		}
	}
	// A few interview results count, in the open check and the closed ones.
	for _, c := range checks {
		rows, err := s.CheckPopulation(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		interviews := 0
		for _, r := range rows {
			if r.Outcome.Method == store.MethodInterview {
				interviews++
			}
		}
		if interviews == 0 {
			t.Errorf("%s has no interview results", c.Title)
		}
	}
	t.Logf("demo: %+v then %+v", trend[0].Overall, trend[1].Overall)
}
