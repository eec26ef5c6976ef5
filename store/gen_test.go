package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// generatedStore opens a new database file with the clock at 2026-11-23 09:00 UTC and
// generates an organisation of opt's size in it, for tests that need one at some scale.
func generatedStore(t testing.TB, opt GenOptions) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "generated.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Generate(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	return s
}

// lodestar gen's organisation has the shape docs/performance.md promises: the demo sign-ins
// (manager with ten reports, leader above everyone), six reporting levels, leavers, three
// check snapshots of most people, about N/12 goals and the recognitions asked for.
func TestGenerateBuildsTheOrganisation(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	const people, recognitions = 2000, 20000
	s := generatedStore(t, GenOptions{People: people, Recognitions: recognitions})
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := s.db.QueryRow(q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := count("SELECT count(*) FROM people"); n != people {
		t.Errorf("%d people, want %d", n, people)
	}
	if _, err := s.Authenticate(ctx, "manager", DemoPassword, "test"); err != nil {
		t.Errorf("manager cannot sign in with the demo password: %v", err)
	}
	if n := count("SELECT count(*) FROM people WHERE manager_id = (SELECT id FROM people WHERE employee_id = 'manager')"); n != 10 {
		t.Errorf("manager has %d reports, want 10", n)
	}
	// Everyone but the leader reaches the leader, at most six levels down.
	below := count(`WITH RECURSIVE d(id, depth) AS (SELECT id, 1 FROM people WHERE employee_id = 'leader'
		UNION ALL SELECT p.id, d.depth + 1 FROM d JOIN people p ON p.manager_id = d.id) SELECT count(*) FROM d`)
	if below != people-1 { // admin reports to nobody, as in the demo
		t.Errorf("%d people in the leader's tree, want %d", below, people-1)
	}
	depth := count(`WITH RECURSIVE d(id, depth) AS (SELECT id, 1 FROM people WHERE employee_id = 'leader'
		UNION ALL SELECT p.id, d.depth + 1 FROM d JOIN people p ON p.manager_id = d.id) SELECT max(depth) FROM d`)
	if depth != 6 {
		t.Errorf("%d reporting levels, want 6", depth)
	}
	if n := count("SELECT count(*) FROM people WHERE left_on IS NOT NULL"); n < people/50 {
		t.Errorf("only %d leavers", n)
	}
	if n := count("SELECT count(DISTINCT check_id) FROM check_population"); n != 3 {
		t.Errorf("%d check snapshots, want 3", n)
	}
	if n := count("SELECT count(*) FROM check_population WHERE check_id = (SELECT max(id) FROM checks)"); n < people*6/10 {
		t.Errorf("the open check's snapshot has %d people, want most of %d", n, people)
	}
	if n := count("SELECT count(*) FROM goals"); n < people/13 { // the demo's cascade alone can give more at this size
		t.Errorf("%d goals, want at least about %d", n, people/12)
	}
	// Every generated unit, job title and goal has its Chinese name (issue 15).
	if n := count(`SELECT count(*) FROM people p WHERE p.title_zh = ''
		OR NOT EXISTS (SELECT 1 FROM org_unit_names u WHERE u.kind = 'department' AND u.name = p.department)
		OR NOT EXISTS (SELECT 1 FROM org_unit_names u WHERE u.kind = 'team' AND u.name = p.team)`); n != 0 {
		t.Errorf("%d people with an English-only job title, department or team", n)
	}
	if n := count("SELECT count(*) FROM goals WHERE title_zh = '' OR kpi_zh = ''"); n != 0 {
		t.Errorf("%d goals without a Chinese title or KPI", n)
	}
	if n := count("SELECT count(*) FROM recognitions"); n < recognitions || n > recognitions*11/10 {
		t.Errorf("%d recognitions, want about %d", n, recognitions)
	}
	if n := count("SELECT count(*) FROM recognitions WHERE created_at < ?", "2024-11-23"); n < recognitions/5 {
		t.Errorf("%d recognitions older than two years, want three years' spread", n)
	}
	// No generated person receives on a day they were not employed.
	if n := count(`SELECT count(*) FROM recognitions r JOIN recognition_recipients rr ON rr.recognition_id = r.id
		JOIN people p ON p.id = rr.person_id WHERE r.source != 'system' AND p.employee_id LIKE 'G%'
		AND (substr(r.created_at, 1, 10) < p.hired_on OR (p.left_on IS NOT NULL AND substr(r.created_at, 1, 10) >= p.left_on))`); n != 0 {
		t.Errorf("%d recognitions to people not employed that day", n)
	}
	// The kept badge counts agree with a full count.
	if n := count(`SELECT count(*) FROM badges b WHERE b.awards != (SELECT count(*) FROM recognition_recipients rr
		JOIN recognitions r ON r.id = rr.recognition_id WHERE r.badge_id = b.id AND r.hidden_at IS NULL)`); n != 0 {
		t.Errorf("%d badges whose kept award count is wrong", n)
	}
	if err := s.Generate(ctx, GenOptions{People: people}); err == nil {
		t.Error("generating into a database that has people was accepted")
	}
}
