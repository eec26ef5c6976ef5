package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// The demo organisation's own content passes the input rules, so editing and saving any of
// it unchanged is never refused, and the demo stays a fair picture of real content (emoji,
// Chinese, markdown).
func TestDemoContentPassesInputRules(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "demo.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	lines := map[string][]string{
		"people":               {"employee_id", "COALESCE(email, '')", "name", "title", "department", "team"},
		"goals":                {"title", "kpi", "unit"},
		"course_revisions":     {"title_en", "title_zh"},
		"lessons":              {"title_en", "title_zh"},
		"question_options":     {"text_en", "text_zh"},
		"badges":               {"name_en", "name_zh"},
		"checks":               {"title"},
		"culture_values":       {"name_en", "name_zh"},
		"strategic_priorities": {"name_en", "name_zh"},
	}
	texts := map[string][]string{
		"goals":                {"description"},
		"goal_checkins":        {"comment"},
		"course_revisions":     {"summary_en", "summary_zh"},
		"lessons":              {"body_en", "body_zh"},
		"questions":            {"prompt_en", "prompt_zh", "explanation_en", "explanation_zh", "rubric_en", "rubric_zh"},
		"badges":               {"description_en", "description_zh", "criteria_en", "criteria_zh"},
		"recognitions":         {"message"},
		"recognition_comments": {"body"},
		"culture_values":       {"meaning_en", "meaning_zh"},
		"strategic_priorities": {"summary_en", "summary_zh"},
	}
	check := func(table string, cols []string, rule func(string) string) {
		for _, col := range cols {
			rows, err := s.db.Query("SELECT " + col + " FROM " + table)
			if err != nil {
				t.Fatalf("%s.%s: %v", table, col, err)
			}
			n := 0
			for rows.Next() {
				var v string
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				n++
				if code := rule(v); code != "" {
					t.Errorf("demo %s.%s %q: %s", table, col, v, code)
				}
			}
			rows.Close()
			if n == 0 {
				t.Errorf("demo has no %s.%s to check", table, col)
			}
		}
	}
	for table, cols := range lines {
		check(table, cols, lineProblem)
	}
	for table, cols := range texts {
		check(table, cols, textProblem)
	}
}
