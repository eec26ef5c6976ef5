package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// The inbox reads the culture reading within its own statement and keeps it for the request;
// the overdue banner answers from the training list a page has built. Both shared answers
// must be found under the questions their askers use, and the culture reading must be
// CultureReadingFor's own answer, before and after the person acknowledges.
func TestSharedAnswersAreTheAskersOwn(t *testing.T) {
	ctx := context.Background()
	s := openDemoStore(t)
	agent, err := s.PersonByEmployeeID(ctx, "agent")
	if err != nil {
		t.Fatal(err)
	}
	for _, when := range []string{"before acknowledging", "after"} {
		page := WithReadMemo(ctx)
		if _, err := s.Inbox(page, agent); err != nil {
			t.Fatal(err)
		}
		kept, ok := recalled[CultureReading](page, memoQuestion{what: "culture reading", a: agent.ID})
		if !ok {
			t.Fatalf("%s: the inbox kept no culture reading for the request", when)
		}
		own, err := s.CultureReadingFor(ctx, agent.ID)
		if err != nil {
			t.Fatal(err)
		}
		if kept != own || own.Current == 0 {
			t.Errorf("%s: the inbox kept %+v, CultureReadingFor reads %+v", when, kept, own)
		}
		if when == "before acknowledging" {
			if own.Acknowledged {
				t.Fatalf("the demo agent has acknowledged version %d already", own.Current)
			}
			if err := s.AcknowledgeCulture(ctx, agent.ID, own.Current); err != nil {
				t.Fatal(err)
			}
		} else if !own.Acknowledged {
			t.Errorf("acknowledged, the reading says %+v", own)
		}
	}
	page := WithReadMemo(ctx)
	courses, err := s.MyTraining(page, agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := recalled[[]LearnerCourse](page, memoQuestion{what: "my training", a: agent.ID}); !ok || len(got) != len(courses) {
		t.Errorf("the training list is not found under the banner's question (%v)", ok)
	}
}

// SignedInPerson keeps the header's answers under the questions their askers use (keptInbox's
// numbers, UnreadNotifications' count), each the answer its own statement reads — numbers
// moved away from zero first, so that a swapped or wrong column shows.
func TestSignedInPersonKeepsTheAskersOwnAnswers(t *testing.T) {
	ctx := context.Background()
	s := openDemoStore(t)
	mgr, err := s.PersonByEmployeeID(ctx, "manager")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"INSERT INTO own_inbox_versions (person_id, n) VALUES (?, 5) ON CONFLICT (person_id) DO UPDATE SET n = own_inbox_versions.n + 5",
		"INSERT INTO team_inbox_versions (manager_id, n) VALUES (?, 11) ON CONFLICT (manager_id) DO UPDATE SET n = team_inbox_versions.n + 11",
	} {
		if _, err := s.db.ExecContext(ctx, q, mgr.ID); err != nil {
			t.Fatal(err)
		}
	}
	page := WithReadMemo(ctx)
	if _, err := s.SignedInPerson(page, mgr.ID); err != nil {
		t.Fatal(err)
	}
	for _, query := range []string{ownInboxVersionSQL, teamInboxVersionSQL} {
		var want int64
		if err := s.db.QueryRowContext(ctx, query, mgr.ID).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got, ok := recalled[int64](page, memoQuestion{what: query, a: mgr.ID}); !ok || got != want {
			t.Errorf("%s: kept %d (%v), read alone %d", query, got, ok, want)
		}
	}
	var unread int
	if err := s.db.QueryRowContext(ctx, unreadSQL, mgr.ID).Scan(&unread); err != nil {
		t.Fatal(err)
	}
	if got, ok := recalled[int](page, memoQuestion{what: unreadSQL, a: mgr.ID}); !ok || got != unread {
		t.Errorf("unread: kept %d (%v), read alone %d", got, ok, unread)
	}
}

// CheckHasQuestions keeps the question set's id it read for the report's item analysis,
// under the question checkSetIDOnce asks: the id checkSetID reads alone, for a check with a
// written question and for one whose set is not written yet.
func TestCheckHasQuestionsKeepsTheSetsID(t *testing.T) {
	ctx := context.Background()
	s := openDemoStore(t)
	checks, err := ids(ctx, s.db, "SELECT id FROM checks ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	with, without := 0, 0
	for _, id := range checks {
		page := WithReadMemo(ctx)
		has, err := s.CheckHasQuestions(page, id)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.checkSetID(ctx, s.db, id)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := recalled[int64](page, memoQuestion{what: "check question set", a: id}); !ok || got != want {
			t.Errorf("check %d: kept set %d (%v), read alone %d", id, got, ok, want)
		}
		if got, err := s.checkSetIDOnce(page, id); err != nil || got != want {
			t.Errorf("check %d: set %d (%v), want %d", id, got, err, want)
		}
		set, err := s.CheckQuestions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if has != (len(set.Questions) > 0) {
			t.Errorf("check %d: has questions %v, the set holds %d", id, has, len(set.Questions))
		}
		// A page that read the check first (checkForPage) has both answers already, equal to
		// these: the check's own read keeps them.
		read := WithReadMemo(ctx)
		if _, err := s.CheckByID(read, id); err != nil {
			t.Fatal(err)
		}
		if kept, ok := recalled[bool](read, memoQuestion{what: "check has questions", a: id}); !ok || kept != has {
			t.Errorf("check %d: the check's read kept has-questions %v (%v), want %v", id, kept, ok, has)
		}
		if kept, ok := recalled[int64](read, memoQuestion{what: "check question set", a: id}); !ok || kept != want {
			t.Errorf("check %d: the check's read kept set %d (%v), want %d", id, kept, ok, want)
		}
		if has {
			with++
		} else {
			without++
		}
	}
	if with == 0 || without == 0 {
		t.Errorf("checks with questions %d, without %d: both are needed", with, without)
	}
}

// openDemoStore is a store on a new file holding the demo organisation, its clock fixed.
func openDemoStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "demo.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.LoadDemo(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}
