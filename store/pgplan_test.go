package store_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// On PostgreSQL one person's goals are joined to people by index. The recursive statement
// GoalsOwnedBy once used was planned for ~700 goals and hashed the whole people table to name
// who returned a goal, on every home and profile view.
func TestPersonsGoalsPlanOnPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: its planner (set " + storetest.EnvVar + ")")
	}
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	s, err := store.Open(storetest.DB(t, "plans.db"), store.WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Generate(ctx, store.GenOptions{People: 2000, Recognitions: 2000}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	agent, err := s.PersonByEmployeeID(ctx, "agent")
	if err != nil {
		t.Fatal(err)
	}
	gs, err := s.GoalsOwnedBy(ctx, agent.ID)
	if err != nil || len(gs.OwnedBy(agent.ID)) == 0 {
		t.Fatalf("the agent's goals: %v %v", gs, err)
	}
	plan, err := s.PersonalGoalsPlan(ctx, agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"Seq Scan on people"} {
		if strings.Contains(plan, bad) {
			t.Errorf("%s in the plan of one person's goals:\n%s", bad, plan)
		}
	}

	// The month strip's value id is an integer to PostgreSQL, so it reaches the index: a
	// bare unary plus (SQLite's way out of compiling again) made it a float, and the
	// strip read the whole month's counts and sorted them, once per value.
	strip, err := s.MonthStripValuePlan(ctx, "2026-11", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`Index Cond: \(\(month = .*value_id = `).MatchString(strip) {
		t.Errorf("the month strip's value id is not in the index condition:\n%s", strip)
	}
}
