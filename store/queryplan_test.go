package store

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The hot pages' queries under EXPLAIN QUERY PLAN on a generated organisation (2,000 people):
// a full scan of a large table, or a temporary B-tree where an index should serve, fails the
// test with the plan. The SQL is the code's own (its constants), with the viewer's values.
func TestHotQueryPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "plans.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Generate(ctx, GenOptions{People: 2000, Recognitions: 20000}); err != nil {
		t.Fatal(err)
	}
	one := func(q string, args ...any) int64 {
		var id int64
		if err := s.db.QueryRow(q, args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return id
	}
	agent := one("SELECT id FROM people WHERE employee_id = 'agent'")
	manager := one("SELECT id FROM people WHERE employee_id = 'manager'")
	check := one("SELECT id FROM checks WHERE status = 'open'")
	today := "2026-11-23"
	cases := []struct {
		name  string
		query string
		args  []any
		// allow: plan lines that are expected (an ordered index walk stopped by LIMIT).
		allow []string
	}{
		{"board first page", "SELECT " + recognitionColumns + recognitionFrom + "WHERE r.hidden_at IS NULL ORDER BY r.created_at DESC, r.id DESC LIMIT 21",
			[]any{agent}, []string{"SCAN r USING INDEX recognitions_board"}},
		{"board deep page", "SELECT " + recognitionColumns + recognitionFrom + "WHERE r.hidden_at IS NULL AND (r.created_at, r.id) < (?, ?) ORDER BY r.created_at DESC, r.id DESC LIMIT 21",
			[]any{agent, "2025-06-01T00:00:00Z", 1 << 40}, nil},
		{"board by badge", "SELECT " + recognitionColumns + recognitionFrom + "WHERE r.hidden_at IS NULL AND r.badge_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT 21",
			[]any{agent, 6}, nil},
		{"received by a person", "SELECT r.id FROM recognitions r WHERE r.hidden_at IS NULL AND r.id IN (SELECT recognition_id FROM recognition_recipients WHERE person_id = ?) ORDER BY r.created_at DESC, r.id DESC LIMIT 21",
			[]any{agent}, []string{"USE TEMP B-TREE FOR ORDER BY"}}, // a person's few recognitions, sorted
		{"badge list", "SELECT " + badgeColumns + ", b.awards FROM badges b ORDER BY b.system_key IS NOT NULL, b.id", nil,
			[]string{"SCAN b", "USE TEMP B-TREE FOR ORDER BY"}}, // a dozen badges
		{"a person's checks", `SELECT c.id FROM checks c JOIN check_population cp ON cp.check_id = c.id AND cp.person_id = ?
			WHERE c.status != 'scheduled' ORDER BY c.opens_on DESC, c.id DESC`, []any{agent}, []string{"USE TEMP B-TREE FOR ORDER BY"}},
		{"one snapshot row", `SELECT cp.name FROM check_population cp JOIN people p ON p.id = cp.person_id
			WHERE cp.check_id = ? AND cp.person_id = ? ORDER BY cp.name, cp.employee_id`, []any{check, agent}, nil},
		{"manager's check scope", checkScopeSQL + " SELECT id FROM below", []any{check, manager}, []string{"SCAN below", "SCAN CONSTANT ROW"}},
		{"manager's training org", `WITH RECURSIVE org(id) AS (SELECT id FROM people WHERE manager_id = ?
			UNION SELECT p.id FROM org CROSS JOIN people p ON p.manager_id = org.id) SELECT id FROM org`, []any{manager}, []string{"SCAN org"}},
		{"a person's goals", `WITH RECURSIVE sub(id) AS (SELECT id FROM goals WHERE owner_id = ? AND level = 'person'
			UNION SELECT c.id FROM goals c JOIN sub ON c.parent_id = sub.id)
			SELECT ` + goalColumns + goalFrom + ` WHERE g.id IN (SELECT id FROM sub)` + goalOrder, []any{agent},
			[]string{"SCAN sub", "USE TEMP B-TREE FOR ORDER BY"}}, // a handful of goals, sorted
		{"month strip, one value", `SELECT p.id, p.employee_id, p.name, p.team, c.n
			FROM recognition_month_counts c JOIN people p ON p.id = c.person_id
			WHERE c.month = ? AND c.value_id = ? AND c.n > 0 AND (p.left_on IS NULL OR p.left_on > ?)
			AND p.id NOT IN (SELECT person_id FROM recognition_ranking_optouts)
			ORDER BY c.n DESC, p.name, p.id LIMIT 3`, []any{"2026-11", 1, today},
			[]string{"USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY"}}, // ties on n sorted by name; the index walk stops at 3
		{"unread notifications", unreadSQL, []any{agent}, nil},
		{"notifications page", notificationsPageSQL, []any{agent, 100}, nil},
		{"audit log first page", eventsPageSQL, []any{int64(1) << 62, 100}, nil},
		{"audit log deep page", eventsPageSQL, []any{5000, 100}, nil},
		{"event names: people", nameSQL[RefPerson], []any{"[1,2,3]"}, []string{"SCAN json_each"}},
		{"event names: courses", nameSQL[RefCourse], []any{"[1,2,3]"}, []string{"SCAN json_each"}},
		{"event names: recognitions", nameSQL[RefRecognition], []any{"[1,2,3]"}, []string{"SCAN json_each"}},
		{"a subject's events", "SELECT id FROM events WHERE subject_kind = ? AND subject_id = ? AND key = ?", []any{RefCheck, check, EventCheckClosing}, nil},
		{"my assignments", "SELECT person_id, course_id, assigned_at, due_on FROM assignments WHERE person_id IN (SELECT value FROM json_each(?))",
			[]any{"[1,2,3]"}, []string{"SCAN json_each"}},
		{"active people in a team", "SELECT p.id FROM people p WHERE p.team = ? AND (p.left_on IS NULL OR p.left_on > ?)", []any{"Voice Team 1", today}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if bad, plan := planProblems(t, s, c.query, c.args, c.allow); len(bad) > 0 {
				t.Errorf("%s: %q\nplan:\n  %s", c.name, bad, strings.Join(plan, "\n  "))
			}
		})
	}
	// The detector itself: the snapshot lookup as it was ("? = 0 OR …" defeats the key) fails.
	if bad, _ := planProblems(t, s, `SELECT cp.name FROM check_population cp JOIN people p ON p.id = cp.person_id
		WHERE cp.check_id = ? AND (? = 0 OR cp.person_id = ?) ORDER BY cp.name, cp.employee_id`, []any{check, agent, agent}, nil); len(bad) == 0 {
		t.Error("the old snapshot lookup passed the plan check")
	}
}

var largeScan = regexp.MustCompile(`^SCAN (\w+)`)

// planProblems returns the plan lines of a full scan or a temporary B-tree not in allow.
func planProblems(t *testing.T, s *Store, query string, args []any, allow []string) (bad, plan []string) {
	t.Helper()
	rows, err := s.db.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
		allowed := false
		for _, a := range allow {
			allowed = allowed || strings.HasPrefix(detail, a)
		}
		if !allowed && (largeScan.MatchString(detail) || strings.Contains(detail, "USE TEMP B-TREE")) {
			bad = append(bad, detail)
		}
	}
	return bad, plan
}

// Departments and Teams walk their index one value at a time (a loose index scan): the
// lists must still be every distinct value, sorted, blanks left out, teams within a department.
func TestDepartmentsAndTeamsAreDistinctAndSorted(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var in []PersonInput
	for i, dt := range [][2]string{{"Sales", "B"}, {"Care", "Z"}, {"Sales", "A"}, {"Care", "A"}, {"", ""}, {"Sales", "B"}, {"Care", ""}} {
		in = append(in, PersonInput{EmployeeID: string(rune('a' + i)), Name: "P", Department: dt[0], Team: dt[1], Tier: TierFrontLine,
			Role: RoleEmployee, EmploymentType: EmploymentPermanent, HiredOn: "2024-01-01"})
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		dept string
		want string
	}{{"", "A,B,Z"}, {"Sales", "A,B"}, {"Care", "A,Z"}, {"None", ""}} {
		got, err := s.Teams(ctx, c.dept)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("teams of %q: %q, want %q", c.dept, got, c.want)
		}
	}
	deps, err := s.Departments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(deps, ",") != "Care,Sales" {
		t.Errorf("departments %q", deps)
	}
}
