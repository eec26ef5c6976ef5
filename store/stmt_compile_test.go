package store

import (
	"context"
	"sync/atomic"
	"testing"

	"modernc.org/sqlite"
)

// compilesDuring runs fn once to compile its statements, then counts SQLite's statement
// compilations while fn runs twice more, on a pool of one connection: the authorizer is
// asked during compilation only, so a count above zero means SQLite compiled again
// statements that were already in the statement cache.
func compilesDuring(t *testing.T, s *Store, fn func()) int64 {
	t.Helper()
	var compiling atomic.Bool
	var n atomic.Int64
	s.db.SetMaxOpenConns(1)
	conn, err := s.db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	err = conn.Raw(func(dc any) error {
		return dc.(*cachingConn).sqliteConn.(sqlite.AuthorizerRegisterer).RegisterAuthorizer(
			func(sqlite.AuthorizerActionCode, string, string, string, string) sqlite.AuthorizerReturnCode {
				if compiling.Load() {
					n.Add(1)
				}
				return sqlite.AuthorizerOK
			})
	})
	conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	fn()
	compiling.Store(true)
	fn()
	fn()
	compiling.Store(false)
	return n.Load()
}

// Statements stay compiled across views whose arguments differ. SQLite compiles a statement
// again when a parameter it planned with changes: "column = ?" bound to 0 or 1 one time and
// to another value the next (value and badge ids 1, 2, 3 …), or "LIMIT ?" bound to another
// number. The month strip did it twice on every board view (11% of the board's CPU).
func TestHotStatementsStayCompiled(t *testing.T) {
	ctx := context.Background()
	s := generatedStore(t, GenOptions{People: 400, Recognitions: 20000})
	strip := func() {
		values, err := s.MonthStrip(ctx, 5)
		if err != nil || len(values) < 2 || values[0].ValueID > 1 {
			t.Fatalf("month strip: %d values (the first %+v), %v: a strip of value 1 and others is needed", len(values), values, err)
		}
	}
	// The viewers have ids above 1: the person with id 1 (the first person ever written)
	// crosses from {0, 1} on every "person_id = ?" and so has their views compiled again —
	// one person of the organisation, not worth a "+?" in every statement.
	var viewers []Person
	for _, id := range []string{"leader", "manager", "agent"} {
		p, err := s.PersonByEmployeeID(ctx, id)
		if err != nil || p.ID < 2 {
			t.Fatalf("%s: id %d, %v", id, p.ID, err)
		}
		viewers = append(viewers, p)
	}
	checks, err := s.ListChecks(ctx)
	if err != nil || len(checks) == 0 {
		t.Fatalf("checks: %d, %v", len(checks), err)
	}
	var managers []Person
	for _, id := range []string{"manager", "E10010", "E10021"} {
		p, err := s.PersonByEmployeeID(ctx, id)
		if err != nil || p.Role != RoleManager {
			t.Fatalf("%s: %+v, %v: a manager is needed", id, p, err)
		}
		managers = append(managers, p)
	}
	each := func(view func(p Person) error) func() {
		return func() {
			for _, p := range viewers {
				if err := view(p); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for name, view := range map[string]func(){
		"month strip":         strip,
		"inbox":               each(func(p Person) error { _, err := s.inbox(ctx, p); return err }),
		"my training":         each(func(p Person) error { _, err := s.myTraining(ctx, p.ID, s.now()); return err }),
		"profile recognition": each(func(p Person) error { _, err := s.ProfileRecognition(ctx, p.ID); return err }),
		"goals":               each(func(p Person) error { _, err := s.goalsOwnedBy(ctx, p.ID, s.now()); return err }),
		"culture reading":     each(func(p Person) error { _, err := s.CultureReadingFor(ctx, p.ID); return err }),
		"unread":              each(func(p Person) error { _, err := s.UnreadNotifications(ctx, p.ID); return err }),
		"overdue":             each(func(p Person) error { _, err := s.HasOverdueTraining(ctx, p.ID); return err }),
		"board":               each(func(p Person) error { _, _, err := s.Board(ctx, BoardFilter{ViewerID: p.ID, Limit: 20}); return err }),
		"board by value": func() {
			for _, v := range []int64{1, 2, 3} {
				if _, _, err := s.Board(ctx, BoardFilter{ViewerID: viewers[2].ID, ValueID: v, Limit: 20}); err != nil {
					t.Fatal(err)
				}
			}
		},
		"board by badge": func() {
			for _, b := range []int64{1, 2, 3} {
				if _, _, err := s.Board(ctx, BoardFilter{ViewerID: viewers[2].ID, BadgeID: b, Limit: 20}); err != nil {
					t.Fatal(err)
				}
			}
		},
		"reports": each(func(p Person) error {
			if _, err := s.DirectReports(ctx, p.ID, 200); err != nil {
				return err
			}
			_, err := s.DirectReports(ctx, p.ID, 500)
			return err
		}),
		// One- and two-character searches (the prefix keys). Longer ones go through FTS5,
		// which prepares statements of its own on every query: the authorizer cannot tell
		// those from ours (a profile shows no recompilation of ours there).
		"search": func() {
			for _, q := range []string{"li", "王", "张伟", "zh"} {
				if _, err := s.Directory(ctx, PeopleFilter{Query: q, Limit: 50}, ""); err != nil {
					t.Fatal(err)
				}
			}
		},
		// A manager's report as a page reads it: each manager's scope bound as a list of ids
		// (lists of different lengths), open and closed checks. (Check 1 is left out: like
		// person 1, its id crosses {0, 1} in "check_id = ?".)
		"manager's report": func() {
			for _, p := range managers {
				ctx := WithReadMemo(ctx)
				for _, c := range checks {
					if c.ID < 2 {
						continue
					}
					if _, err := s.CheckReportSummary(ctx, c, p, BreakdownQuery{}); err != nil {
						t.Fatal(err)
					}
					for _, f := range []ReportList{{Limit: 25}, {Left: true, NamesOnly: true, Limit: 25}} {
						if _, err := s.CheckReportPeople(ctx, c, p, f); err != nil {
							t.Fatal(err)
						}
					}
					if _, err := s.CheckQuestionAnalysisFor(ctx, c, p); err != nil {
						t.Fatal(err)
					}
				}
			}
		},
		// The training breakdown with its course filter changing: every course (0), then one.
		// ("?4 = 0 OR id = ?4" is not a term SQLite plans with the value, so it stays.)
		"training breakdown": func() {
			for _, p := range viewers[:2] {
				for _, course := range []int64{0, 1, 2, 0, 3} {
					if _, err := s.TrainingBreakdown(ctx, p, TrainingBreakdownFilter{CourseID: course}, BreakdownQuery{}); err != nil {
						t.Fatal(err)
					}
				}
			}
		},
		"report lists": func() {
			for _, limit := range []int{25, 100} {
				if _, err := s.CheckReportPeople(ctx, checks[0], viewers[0], ReportList{Limit: limit}); err != nil {
					t.Fatal(err)
				}
			}
		},
	} {
		if n := compilesDuring(t, s, view); n != 0 {
			t.Errorf("%s: %d compilations on views already compiled", name, n)
		}
	}
}
