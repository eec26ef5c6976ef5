package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"lodestar/store/storetest"
)

// On PostgreSQL one person's goals are joined to people by index. The single statement
// GoalsOwnedBy used before was planned for ~700 goals and hashed the whole people table to
// name who returned a goal, on every home and profile view.
func TestPersonsGoalsPlanOnPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: its planner (set " + storetest.EnvVar + ")")
	}
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	s, err := Open(storetest.DB(t, "plans.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Generate(ctx, GenOptions{People: 2000, Recognitions: 2000}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	var agent int64
	if err := s.db.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = 'agent'").Scan(&agent); err != nil {
		t.Fatal(err)
	}
	gs, err := s.GoalsOwnedBy(ctx, agent)
	if err != nil || len(gs.OwnedBy(agent)) == 0 {
		t.Fatalf("the agent's goals: %v %v", gs, err)
	}
	sub, err := ids(ctx, s.db, goalSubtreeSQL, agent)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.QueryContext(ctx, "EXPLAIN "+goalsByIDSQL, jsonIDs(sub))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(plan, "\n")
	for _, bad := range []string{"Seq Scan on people"} {
		if strings.Contains(text, bad) {
			t.Errorf("%s in the plan of one person's goals:\n%s", bad, text)
		}
	}
}
