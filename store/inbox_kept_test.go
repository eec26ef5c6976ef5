package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// keptHarness is a server that keeps inbox items (inbox_kept.go), on the demo database, with
// the means to compare what it shows a person with what a server opened afresh on the same
// database reads, after changes written as SQL (as another server or a script would).
type keptHarness struct {
	t    *testing.T
	ctx  context.Context
	clk  *clock
	path string
	s    *store.Store
}

func newKeptHarness(t *testing.T) *keptHarness {
	h := &keptHarness{t: t, ctx: context.Background(), clk: newClock(), path: storetest.DB(t, "kept.db")}
	h.s = h.open()
	t.Cleanup(func() { h.s.Close() })
	if err := h.s.LoadDemo(h.ctx); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *keptHarness) open() *store.Store {
	s, err := store.Open(h.path, store.WithClock(h.clk.now))
	if err != nil {
		h.t.Fatal(err)
	}
	return s
}

// shownInbox is what one request shows p: the unread notifications, the inbox items, the culture reading the own
// items are read with (kept for the rest of the request, for the banner and the home card),
// and p's own cards (kept under the same number): recognition, allowance, goals, training.
type shownInbox struct {
	Items       []store.InboxItem
	Reading     store.CultureReading
	Recognition store.RecognitionProfile
	Allowance   store.Allowance
	Goals       []*store.Goal
	Training    []store.LearnerCourse
	// Asked before anything else in a request (a profile asks the reading first; every
	// other page's banner asks about overdue training without the course list).
	ReadingFirst store.CultureReading
	Overdue      bool
	Unread       int // the header's unread notifications
}

func (h *keptHarness) shown(s *store.Store, p store.Person) shownInbox {
	h.t.Helper()
	var out shownInbox
	var err error
	first := store.WithReadMemo(h.ctx)
	if out.ReadingFirst, err = s.CultureReadingFor(first, p.ID); err != nil {
		h.t.Fatal(err)
	}
	if out.Overdue, err = s.HasOverdueTraining(first, p.ID); err != nil {
		h.t.Fatal(err)
	}
	// Every page starts with the signed-in person, read with their numbers and unread count
	// (a person renumbered away is not found: their numbers are then read as they are asked).
	ctx := store.WithReadMemo(h.ctx)
	if _, err := s.SignedInPerson(ctx, p.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		h.t.Fatal(err)
	}
	if out.Unread, err = s.UnreadNotifications(ctx, p.ID); err != nil {
		h.t.Fatal(err)
	}
	if out.Items, err = s.Inbox(ctx, p); err != nil {
		h.t.Fatal(err)
	}
	if out.Reading, err = s.CultureReadingFor(ctx, p.ID); err != nil {
		h.t.Fatal(err)
	}
	if out.Recognition, err = s.ProfileRecognition(ctx, p.ID); err != nil {
		h.t.Fatal(err)
	}
	if out.Allowance, err = s.AllowanceFor(ctx, p.ID); err != nil {
		h.t.Fatal(err)
	}
	goals, err := s.GoalsOwnedBy(ctx, p.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	out.Goals = goals.OwnedBy(p.ID)
	if out.Training, err = s.MyTraining(ctx, p.ID); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// kept is what the keeping server shows p; fresh what a server opened afresh shows.
func (h *keptHarness) kept(p store.Person) shownInbox { return h.shown(h.s, p) }

func (h *keptHarness) fresh(p store.Person) shownInbox {
	f := h.open()
	defer f.Close()
	return h.shown(f, p)
}

// agrees fails the test when the keeping server shows p other than a fresh one.
func (h *keptHarness) agrees(name string, p store.Person) {
	h.t.Helper()
	if got, want := h.kept(p), h.fresh(p); !reflect.DeepEqual(got, want) {
		h.t.Errorf("%s:\n kept  %+v\n fresh %+v", name, got, want)
	}
}

// step makes a change after p's items are kept; then the keeping server must show what a
// fresh one does, and that must differ from before, or the step proves nothing.
func (h *keptHarness) step(name string, p store.Person, change func()) {
	h.t.Helper()
	before := h.kept(p)
	change()
	h.agrees(name, p)
	if after := h.fresh(p); reflect.DeepEqual(after, before) {
		h.t.Errorf("%s: nothing shown changed (%+v)", name, after)
	}
}

// noError fails the test at once on err.
func noError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// keptSteps gives a step(name, change) for what shown reads: after the change, what the
// keeping server shows must equal what a fresh one reads, and differ from before the change, or
// the step proves nothing.
func keptSteps[T any](h *keptHarness, shown func(*store.Store) T) func(string, func()) {
	return func(name string, change func()) {
		h.t.Helper()
		before := shown(h.s)
		change()
		kept := shown(h.s)
		f := h.open()
		fresh := shown(f)
		f.Close()
		if !reflect.DeepEqual(kept, fresh) {
			h.t.Errorf("%s: what is kept differs from a fresh read", name)
		}
		if reflect.DeepEqual(fresh, before) {
			h.t.Errorf("%s: nothing shown changed", name)
		}
	}
}

// acrossMidnight moves the clock to a second before the next midnight, where the kept items
// must still agree, then to midnight, where what p is shown must change.
func (h *keptHarness) acrossMidnight(p store.Person) {
	h.t.Helper()
	h.toSecondBeforeMidnight()
	h.agrees("a second to midnight", p)
	h.step("midnight", p, func() { h.clk.advance(time.Second) })
}

// toSecondBeforeMidnight moves the clock to a second before the next midnight.
func (h *keptHarness) toSecondBeforeMidnight() {
	y, m, d := h.clk.now().Date()
	midnight := time.Date(y, m, d+1, 0, 0, 0, 0, h.clk.now().Location())
	h.clk.advance(midnight.Sub(h.clk.now()) - time.Second)
}

func (h *keptHarness) exec(query string, args ...any) {
	h.t.Helper()
	if _, err := h.s.DB().ExecContext(h.ctx, query, args...); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
}

func (h *keptHarness) id(query string, args ...any) int64 {
	h.t.Helper()
	var v int64
	if err := h.s.DB().QueryRowContext(h.ctx, query, args...).Scan(&v); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return v
}

func (h *keptHarness) text(query string, args ...any) string {
	h.t.Helper()
	var v string
	if err := h.s.DB().QueryRowContext(h.ctx, query, args...).Scan(&v); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
	return v
}

// withoutForeignKeys runs a write as the sqlite3 shell would by default (SQLite only).
func (h *keptHarness) withoutForeignKeys(query string, args ...any) {
	h.t.Helper()
	conn, err := h.s.DB().Conn(h.ctx)
	if err != nil {
		h.t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(h.ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		h.t.Fatal(err)
	}
	defer conn.ExecContext(h.ctx, "PRAGMA foreign_keys = ON")
	if _, err := conn.ExecContext(h.ctx, query, args...); err != nil {
		h.t.Fatalf("%s: %v", query, err)
	}
}

func (h *keptHarness) today() string { return h.clk.now().Format(store.DateLayout) }
func (h *keptHarness) stamp() string { return h.clk.now().UTC().Format(time.RFC3339) }

// A server keeps each manager's team items while nothing they are read from has changed
// (migration 0046's triggers): one change for each thing the items read, each column that
// can move them, and time.
func TestKeptTeamItemsFollowEveryChange(t *testing.T) {
	h := newKeptHarness(t)
	ctx, s, clk := h.ctx, h.s, h.clk
	mgr := demoPerson(t, s, "manager")
	exec, id, today, stamp := h.exec, h.id, h.today, h.stamp
	step := func(name string, change func()) { t.Helper(); h.step(name, mgr, change) }

	// The team: a member joins, is renamed, hired earlier, moves away, comes back and leaves.
	step("a member joins", func() {
		exec(`INSERT INTO people (employee_id, name, tier, role, employment_type, hired_on, manager_id, created_at, updated_at)
			VALUES ('kept-1', 'Kept One', 'front_line', 'employee', 'permanent', ?, ?, ?, ?)`, today(), mgr.ID, stamp(), stamp())
	})
	step("another joins", func() {
		exec(`INSERT INTO people (employee_id, name, tier, role, employment_type, hired_on, manager_id, created_at, updated_at)
			VALUES ('kept-2', 'Kept Two', 'front_line', 'employee', 'permanent', ?, ?, ?, ?)`, today(), mgr.ID, stamp(), stamp())
	})
	step("and is removed", func() { exec(`DELETE FROM people WHERE employee_id = 'kept-2'`) })
	member := id(`SELECT id FROM people WHERE employee_id = 'kept-1'`)
	step("a member's hire date (the longest in a desert now)", func() { exec(`UPDATE people SET hired_on = '2001-01-01' WHERE id = ?`, member) })
	step("a member renamed", func() { exec(`UPDATE people SET name = 'Kept Renamed' WHERE id = ?`, member) })
	leader := demoPerson(t, s, "leader")
	step("a member moves to another manager", func() { exec(`UPDATE people SET manager_id = ? WHERE id = ?`, leader.ID, member) })
	step("a member moves back", func() { exec(`UPDATE people SET manager_id = ? WHERE id = ?`, mgr.ID, member) })
	step("a member leaves", func() { exec(`UPDATE people SET left_on = ? WHERE id = ?`, today(), member) })

	// Quiz answers waiting for review.
	answer := id(`SELECT aa.attempt_id FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
		JOIN people p ON p.id = a.person_id WHERE p.manager_id = ? AND aa.credit IS NULL AND a.submitted_at IS NOT NULL`, mgr.ID)
	step("an answer credited", func() { exec(`UPDATE attempt_answers SET credit = 1 WHERE attempt_id = ? AND credit IS NULL`, answer) })
	step("its credit taken back", func() { exec(`UPDATE attempt_answers SET credit = NULL WHERE attempt_id = ? AND credit = 1`, answer) })
	question := id(`SELECT min(question_id) FROM attempt_answers WHERE attempt_id = ? AND credit IS NULL`, answer)
	step("an answer removed", func() {
		exec(`DELETE FROM attempt_answers WHERE attempt_id = ? AND question_id = ?`, answer, question)
	})
	step("an answer added", func() {
		exec(`INSERT INTO attempt_answers (attempt_id, question_id, text) VALUES (?, ?, 'Listen first')`, answer, question)
	})
	submitted := id(`SELECT id FROM attempts WHERE id = ?`, answer)
	var submittedAt string
	if err := s.DB().QueryRowContext(ctx, `SELECT submitted_at FROM attempts WHERE id = ?`, submitted).Scan(&submittedAt); err != nil {
		t.Fatal(err)
	}
	step("an attempt moved to someone outside the team", func() { exec(`UPDATE attempts SET person_id = ? WHERE id = ?`, leader.ID, submitted) })
	step("and back", func() {
		exec(`UPDATE attempts SET person_id = (SELECT id FROM people WHERE employee_id = 'agent') WHERE id = ?`, submitted)
	})
	step("an attempt no longer submitted", func() { exec(`UPDATE attempts SET submitted_at = NULL WHERE id = ?`, submitted) })
	step("submitted again", func() { exec(`UPDATE attempts SET submitted_at = ? WHERE id = ?`, submittedAt, submitted) })
	set := id(`SELECT set_id FROM attempts WHERE id = ?`, submitted)
	other := id(`SELECT question_set_id FROM checks WHERE question_set_id IS NOT NULL ORDER BY id LIMIT 1`)
	step("the attempt's question set a check's", func() { exec(`UPDATE attempts SET set_id = ? WHERE id = ?`, other, submitted) })
	step("a course's again", func() { exec(`UPDATE attempts SET set_id = ? WHERE id = ?`, set, submitted) })
	outsideAttempt := id(`SELECT a.id FROM attempts a JOIN people p ON p.id = a.person_id WHERE (p.manager_id IS NULL OR p.manager_id != ?)
		AND NOT EXISTS (SELECT 1 FROM attempt_answers x WHERE x.attempt_id = a.id AND x.question_id = ?) ORDER BY a.id LIMIT 1`, mgr.ID, question)
	step("a waiting answer moved to another attempt", func() {
		exec(`UPDATE attempt_answers SET attempt_id = ? WHERE attempt_id = ? AND question_id = ?`, outsideAttempt, submitted, question)
	})
	step("and back", func() {
		exec(`UPDATE attempt_answers SET attempt_id = ? WHERE attempt_id = ? AND question_id = ?`, submitted, outsideAttempt, question)
	})
	step("its question set no longer a course's", func() {
		exec(`UPDATE course_revisions SET question_set_id = ? WHERE question_set_id = ?`, other, set)
	})
	revisionCourse := id(`SELECT min(course_id) FROM course_revisions WHERE question_set_id = ?`, other)
	step("a course's in a new revision", func() {
		exec(`INSERT INTO course_revisions (course_id, number, question_set_id, created_at)
			SELECT course_id, max(number) + 1, ?, ? FROM course_revisions WHERE course_id = ? GROUP BY course_id`, set, stamp(), revisionCourse)
	})
	step("that revision removed", func() {
		exec(`DELETE FROM course_revisions WHERE question_set_id = ? AND course_id = ? AND published_at IS NULL
			AND id NOT IN (SELECT published_revision_id FROM courses WHERE published_revision_id IS NOT NULL)
			AND id NOT IN (SELECT draft_revision_id FROM courses WHERE draft_revision_id IS NOT NULL)`, set, revisionCourse)
	})
	step("a course's again", func() {
		exec(`UPDATE course_revisions SET question_set_id = ? WHERE question_set_id = ? AND course_id = ?`, set, other, revisionCourse)
	})
	step("an attempt with waiting answers removed", func() { exec(`DELETE FROM attempts WHERE id = ?`, answer) })

	// Check answers waiting for review, and their check.
	checkAnswer := id(`SELECT ca.id FROM check_attempts ca JOIN people p ON p.id = ca.person_id
		WHERE p.manager_id = ? AND ca.written_status = 'pending' ORDER BY ca.id LIMIT 1`, mgr.ID)
	check := id(`SELECT check_id FROM check_attempts WHERE id = ?`, checkAnswer)
	step("a check answer accepted", func() { exec(`UPDATE check_attempts SET written_status = 'accepted' WHERE id = ?`, checkAnswer) })
	step("waiting again", func() { exec(`UPDATE check_attempts SET written_status = 'pending' WHERE id = ?`, checkAnswer) })
	step("a check answer added", func() {
		exec(`INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark, written_status)
			SELECT check_id, person_id, ?, score, passed_mark, 'pending' FROM check_attempts WHERE id = ?`, stamp(), checkAnswer)
	})
	step("and removed", func() {
		exec(`DELETE FROM check_attempts WHERE id = (SELECT max(id) FROM check_attempts WHERE check_id = ?)`, check)
	})
	checkPerson := id(`SELECT person_id FROM check_attempts WHERE id = ?`, checkAnswer)
	step("a check answer moved to someone outside the team", func() {
		exec(`UPDATE check_attempts SET person_id = ? WHERE id = ?`, leader.ID, checkAnswer)
	})
	step("and back", func() { exec(`UPDATE check_attempts SET person_id = ? WHERE id = ?`, checkPerson, checkAnswer) })
	step("a check answer dated earlier (the oldest, whose check the item links to)", func() {
		exec(`UPDATE check_attempts SET submitted_at = '2020-01-01T00:00:00Z' WHERE id = ?`, checkAnswer)
	})
	otherCheck := id(`SELECT id FROM checks WHERE id != ? ORDER BY id LIMIT 1`, check)
	step("a check answer moved to another check", func() {
		exec(`UPDATE check_attempts SET check_id = ? WHERE id = ?`, otherCheck, checkAnswer)
	})
	step("and back", func() { exec(`UPDATE check_attempts SET check_id = ? WHERE id = ?`, check, checkAnswer) })
	var status string
	if err := s.DB().QueryRowContext(ctx, `SELECT status FROM checks WHERE id = ?`, check).Scan(&status); err != nil {
		t.Fatal(err)
	}
	step("its check back to scheduled", func() { exec(`UPDATE checks SET status = 'scheduled' WHERE id = ?`, check) })
	step("its check as it was", func() { exec(`UPDATE checks SET status = ? WHERE id = ?`, status, check) })

	// Goal proposals.
	proposal := id(`SELECT g.id FROM goals g JOIN people p ON p.id = g.owner_id WHERE p.manager_id = ?
		AND g.level = 'person' AND g.state = 'proposed' AND g.returned_at IS NULL`, mgr.ID)
	step("a proposal made active", func() { exec(`UPDATE goals SET state = 'active' WHERE id = ?`, proposal) })
	step("proposed again", func() { exec(`UPDATE goals SET state = 'proposed' WHERE id = ?`, proposal) })
	step("a proposal made a team goal", func() { exec(`UPDATE goals SET level = 'team' WHERE id = ?`, proposal) })
	step("a personal one again", func() { exec(`UPDATE goals SET level = 'person' WHERE id = ?`, proposal) })
	proposer := id(`SELECT owner_id FROM goals WHERE id = ?`, proposal)
	step("a proposal given to someone outside the team", func() { exec(`UPDATE goals SET owner_id = ? WHERE id = ?`, leader.ID, proposal) })
	step("and back", func() { exec(`UPDATE goals SET owner_id = ? WHERE id = ?`, proposer, proposal) })
	step("a proposal dated earlier", func() { exec(`UPDATE goals SET created_at = '2020-01-01T00:00:00Z' WHERE id = ?`, proposal) })
	step("a proposal returned", func() { exec(`UPDATE goals SET returned_at = ? WHERE id = ?`, stamp(), proposal) })
	step("proposed again", func() { exec(`UPDATE goals SET returned_at = NULL WHERE id = ?`, proposal) })
	clk.advance(time.Minute)
	step("a new proposal", func() {
		exec(`INSERT INTO goals (title, perspective, kpi, direction, baseline, target, start_on, due_on, level, owner_id, parent_id,
			state, created_at, updated_at)
			SELECT 'Kept proposal', perspective, kpi, direction, baseline, target, start_on, due_on, level, owner_id, parent_id,
			'proposed', ?, ? FROM goals WHERE id = ?`, stamp(), stamp(), proposal)
	})
	step("a proposal deleted", func() { exec(`DELETE FROM goals WHERE id = ?`, proposal) })

	// Training: assignments, completions, courses.
	assignment := id(`SELECT a.id FROM assignments a JOIN people p ON p.id = a.person_id
		JOIN courses c ON c.id = a.course_id AND c.published_revision_id IS NOT NULL AND c.archived_at IS NULL
		WHERE p.manager_id = ? AND (p.left_on IS NULL OR p.left_on > ?) AND a.due_on >= ?
		AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.person_id = a.person_id AND cc.course_id = a.course_id)
		ORDER BY a.id LIMIT 1`, mgr.ID, today(), today())
	step("a due date passes", func() { exec(`UPDATE assignments SET due_on = '2026-01-05' WHERE id = ?`, assignment) })
	step("the course completed", func() {
		exec(`INSERT INTO course_completions (person_id, course_id, revision_id, passed_at)
			SELECT a.person_id, a.course_id, c.published_revision_id, ? FROM assignments a JOIN courses c ON c.id = a.course_id WHERE a.id = ?`,
			stamp(), assignment)
	})
	step("the completion moved to another member", func() {
		exec(`UPDATE course_completions SET person_id = (SELECT p.id FROM people p WHERE p.manager_id = ?
			AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.person_id = p.id AND cc.course_id = course_completions.course_id)
			ORDER BY p.id LIMIT 1)
			WHERE person_id = (SELECT person_id FROM assignments WHERE id = ?) AND course_id = (SELECT course_id FROM assignments WHERE id = ?)`,
			mgr.ID, assignment, assignment)
	})
	step("and back", func() {
		exec(`UPDATE course_completions SET person_id = (SELECT person_id FROM assignments WHERE id = ?)
			WHERE course_id = (SELECT course_id FROM assignments WHERE id = ?) AND passed_at = (SELECT max(passed_at) FROM course_completions)`,
			assignment, assignment)
	})
	step("the completion taken back", func() {
		exec(`DELETE FROM course_completions WHERE person_id = (SELECT person_id FROM assignments WHERE id = ?)
			AND course_id = (SELECT course_id FROM assignments WHERE id = ?)`, assignment, assignment)
	})
	course := id(`SELECT course_id FROM assignments WHERE id = ?`, assignment)
	assignee := id(`SELECT person_id FROM assignments WHERE id = ?`, assignment)
	step("the assignment moved to someone outside the team", func() { exec(`UPDATE assignments SET person_id = ? WHERE id = ?`, leader.ID, assignment) })
	step("and back", func() { exec(`UPDATE assignments SET person_id = ? WHERE id = ?`, assignee, assignment) })
	exec(`INSERT INTO courses (key, created_at) VALUES ('kept-draft', ?)`, stamp()) // never published
	unpublished := id(`SELECT id FROM courses WHERE key = 'kept-draft'`)
	step("the assignment moved to a course not published", func() { exec(`UPDATE assignments SET course_id = ? WHERE id = ?`, unpublished, assignment) })
	step("and back", func() { exec(`UPDATE assignments SET course_id = ? WHERE id = ?`, course, assignment) })
	revision := id(`SELECT published_revision_id FROM courses WHERE id = ?`, course)
	step("the course unpublished", func() { exec(`UPDATE courses SET published_revision_id = NULL WHERE id = ?`, course) })
	step("published again", func() { exec(`UPDATE courses SET published_revision_id = ? WHERE id = ?`, revision, course) })
	step("the course archived", func() { exec(`UPDATE courses SET archived_at = ? WHERE id = ?`, stamp(), course) })
	step("the course back", func() { exec(`UPDATE courses SET archived_at = NULL WHERE id = ?`, course) })
	step("the assignment removed", func() { exec(`DELETE FROM assignments WHERE id = ?`, assignment) })
	assign := func(due string) {
		exec(`INSERT INTO assignments (person_id, course_id, assigned_at, due_on)
			SELECT p.id, ?, ?, ? FROM people p WHERE p.manager_id = ? AND (p.left_on IS NULL OR p.left_on > ?)
			AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.person_id = p.id AND a.course_id = ?)
			AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.person_id = p.id AND cc.course_id = ?)`,
			course, stamp(), due, mgr.ID, today(), course, course)
	}
	step("assigned again, overdue", func() { assign("2026-01-05") })
	exec(`DELETE FROM assignments WHERE course_id = ? AND due_on = '2026-01-05'`, course)
	assign(today()) // for the next day

	// Recognition: a member in a desert recognised leaves it.
	desert, ok := inboxItem(t, s, mgr, store.InboxDesert)
	if !ok {
		t.Fatal("no desert in the manager's team")
	}
	var desertID string
	if err := s.DB().QueryRowContext(ctx, `SELECT employee_id FROM people WHERE manager_id = ? AND name = ?`, mgr.ID, desert.Who).Scan(&desertID); err != nil {
		t.Fatal(err)
	}
	recognised := id(`SELECT l.person_id FROM recognition_last l JOIN people p ON p.id = l.person_id
		WHERE p.manager_id = ? AND l.at >= ? ORDER BY l.person_id LIMIT 1`, mgr.ID, clk.now().AddDate(0, 0, -store.DesertDays).UTC().Format(time.RFC3339))
	var recognisedAt string
	if err := s.DB().QueryRowContext(ctx, `SELECT at FROM recognition_last WHERE person_id = ?`, recognised).Scan(&recognisedAt); err != nil {
		t.Fatal(err)
	}
	step("a member's last recognition gone", func() { exec(`DELETE FROM recognition_last WHERE person_id = ?`, recognised) })
	step("and back", func() { exec(`INSERT INTO recognition_last (person_id, at) VALUES (?, ?)`, recognised, recognisedAt) })
	giver := leader // not in the manager's team
	step("a member in a desert recognised", func() {
		if _, _, err := s.Give(ctx, store.GiveInput{GiverID: giver.ID, Source: "peer", To: []string{desertID}, ValueID: 1,
			Message: "Thank you for the calm on the night shift"}); err != nil {
			t.Fatal(err)
		}
	})

	// A member's last recognition moved, by an award or by a recognition written with an
	// older date (an import): in and out of a desert.
	var recognisedEmployee string
	if err := s.DB().QueryRowContext(ctx, `SELECT employee_id FROM people WHERE id = ?`, recognised).Scan(&recognisedEmployee); err != nil {
		t.Fatal(err)
	}
	daysAgo := func(n int) string { return clk.now().AddDate(0, 0, -n).UTC().Format(time.RFC3339) }
	step("a member's last recognition DesertDays and a day old", func() {
		exec(`UPDATE recognition_last SET at = ? WHERE person_id = ?`, daysAgo(store.DesertDays+1), recognised)
	})
	step("recognised", func() {
		if _, _, err := s.Give(ctx, store.GiveInput{GiverID: giver.ID, Source: "peer", To: []string{recognisedEmployee}, ValueID: 1,
			Message: "Thank you for staying late to close the backlog"}); err != nil {
			t.Fatal(err)
		}
	})
	step("a last recognition 100 days old", func() { exec(`UPDATE recognition_last SET at = ? WHERE person_id = ?`, daysAgo(100), recognised) })
	step("one dated 50 days ago written after it", func() {
		exec(`UPDATE recognition_last SET at = ? WHERE person_id = ?`, daysAgo(50), recognised)
	})

	// Time alone, to the second: midnight makes the assignment due today overdue; the first
	// second after a member's last recognition is DesertDays old puts them in a desert.
	// Neither moves the numbers.
	version := func() int64 {
		return id(`SELECT COALESCE(sum(n), 0) FROM team_inbox_versions WHERE manager_id IN (0, ?)`, mgr.ID)
	}
	v := version()
	h.acrossMidnight(mgr)
	var newest string
	if err := s.DB().QueryRowContext(ctx, `SELECT max(l.at) FROM recognition_last l JOIN people p ON p.id = l.person_id
		WHERE p.manager_id = ? AND (p.left_on IS NULL OR p.left_on > ?)`, mgr.ID, today()).Scan(&newest); err != nil {
		t.Fatal(err)
	}
	last, err := time.Parse(time.RFC3339, newest)
	if err != nil {
		t.Fatal(err)
	}
	entry := last.AddDate(0, 0, store.DesertDays).Add(time.Second) // cutoff = now - DesertDays, to the second, after last
	clk.advance(entry.Sub(clk.now()) - time.Second)
	h.agrees("a second before the last member enters a desert", mgr)
	step("the last member enters a desert", func() { clk.advance(time.Second) })
	if version() != v {
		t.Errorf("time moved the numbers: %d, then %d", v, version())
	}

	// Foreign keys keep a check with answers and a course with assignments, but a writer may
	// have them off (the sqlite3 shell does by default). PostgreSQL always holds them; there, a
	// table emptied with TRUNCATE fires no row trigger.
	if storetest.Postgres() {
		step("last recognitions truncated", func() { exec(`TRUNCATE recognition_last`) })
		return
	}
	step("a check with waiting answers renumbered", func() { h.withoutForeignKeys(`UPDATE checks SET id = 99999 WHERE id = ?`, check) })
	step("and back", func() { h.withoutForeignKeys(`UPDATE checks SET id = ? WHERE id = 99999`, check) })
	step("a course with overdue assignments renumbered", func() { h.withoutForeignKeys(`UPDATE courses SET id = 99999 WHERE id = ?`, course) })
	step("and back", func() { h.withoutForeignKeys(`UPDATE courses SET id = ? WHERE id = 99999`, course) })
	exec(`CREATE TABLE kept_check AS SELECT * FROM checks WHERE id = ?`, check)
	exec(`CREATE TABLE kept_course AS SELECT * FROM courses WHERE id = ?`, course)
	step("a check with waiting answers deleted", func() { h.withoutForeignKeys(`DELETE FROM checks WHERE id = ?`, check) })
	step("added again after its answers", func() { h.withoutForeignKeys(`INSERT INTO checks SELECT * FROM kept_check`) })
	step("a course with overdue assignments deleted", func() { h.withoutForeignKeys(`DELETE FROM courses WHERE id = ?`, course) })
	step("added again after its assignments", func() { h.withoutForeignKeys(`INSERT INTO courses SELECT * FROM kept_course`) })
}

// A server keeps each person's own items while nothing they are read from has changed
// (migration 0047's triggers): the open checks that count them, the culture version to
// read, their personal goals; one change for each column that can move them, and midnight.
func TestKeptOwnItemsFollowEveryChange(t *testing.T) {
	h := newKeptHarness(t)
	s, clk := h.s, h.clk
	agent := demoPerson(t, s, "agent")
	exec, id, stamp := h.exec, h.id, h.stamp
	step := func(name string, change func()) { t.Helper(); h.step(name, agent, change) }

	// The open check that counts the agent with no response.
	check := id(`SELECT c.id FROM checks c JOIN check_population cp ON cp.check_id = c.id AND cp.person_id = ?
		WHERE c.status = 'open' AND cp.live_result = 'no_response' ORDER BY c.id LIMIT 1`, agent.ID)
	step("the check renamed", func() { exec(`UPDATE checks SET title = 'Kept check' WHERE id = ?`, check) })
	step("its Chinese title", func() { exec(`UPDATE checks SET title_zh = '保留的检查' WHERE id = ?`, check) })
	step("opened earlier", func() { exec(`UPDATE checks SET opens_on = '2020-01-01' WHERE id = ?`, check) })
	step("the agent left before it closes", func() {
		exec(`UPDATE check_population SET left_on = '2020-06-01' WHERE check_id = ? AND person_id = ?`, check, agent.ID)
	})
	closes := h.text(`SELECT closes_on FROM checks WHERE id = ?`, check)
	step("it closes before they left", func() { exec(`UPDATE checks SET closes_on = '2020-05-01' WHERE id = ?`, check) })
	step("closing day back", func() { exec(`UPDATE checks SET closes_on = ? WHERE id = ?`, closes, check) })
	step("not left after all", func() {
		exec(`UPDATE check_population SET left_on = NULL WHERE check_id = ? AND person_id = ?`, check, agent.ID)
	})
	step("the check closed", func() { exec(`UPDATE checks SET status = 'closed' WHERE id = ?`, check) })
	step("open again", func() { exec(`UPDATE checks SET status = 'open' WHERE id = ?`, check) })
	step("the agent's result kept as passed", func() {
		exec(`UPDATE check_population SET live_result = 'passed' WHERE check_id = ? AND person_id = ?`, check, agent.ID)
	})
	step("no response again", func() {
		exec(`UPDATE check_population SET live_result = 'no_response' WHERE check_id = ? AND person_id = ?`, check, agent.ID)
	})
	outsider := id(`SELECT min(id) FROM people WHERE id NOT IN (SELECT person_id FROM check_population WHERE check_id = ?)`, check)
	step("the agent's row given to someone else", func() {
		exec(`UPDATE check_population SET person_id = ? WHERE check_id = ? AND person_id = ?`, outsider, check, agent.ID)
	})
	step("and back", func() {
		exec(`UPDATE check_population SET person_id = ? WHERE check_id = ? AND person_id = ?`, agent.ID, check, outsider)
	})
	exec(`INSERT INTO checks (title, opens_on, closes_on, status, created_at) VALUES ('Kept later check', '2027-01-04', '2027-01-29', 'scheduled', ?)`, stamp())
	other := id(`SELECT id FROM checks WHERE title = 'Kept later check'`)
	step("the agent's row moved to another check", func() {
		exec(`UPDATE check_population SET check_id = ? WHERE check_id = ? AND person_id = ?`, other, check, agent.ID)
	})
	step("and back", func() {
		exec(`UPDATE check_population SET check_id = ? WHERE check_id = ? AND person_id = ?`, check, other, agent.ID)
	})
	step("the agent no longer counted", func() {
		exec(`CREATE TABLE kept_row AS SELECT * FROM check_population WHERE check_id = ? AND person_id = ?`, check, agent.ID)
		exec(`DELETE FROM check_population WHERE check_id = ? AND person_id = ?`, check, agent.ID)
	})
	step("counted again", func() {
		exec(`INSERT INTO check_population SELECT * FROM kept_row`)
		exec(`DROP TABLE kept_row`)
	})
	step("an answer of theirs waiting for review", func() {
		exec(`INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark, written_status)
			VALUES (?, ?, ?, 0.5, 0, 'pending')`, check, agent.ID, stamp())
	})
	answer := id(`SELECT max(id) FROM check_attempts WHERE check_id = ? AND person_id = ?`, check, agent.ID)
	step("reviewed", func() { exec(`UPDATE check_attempts SET written_status = 'accepted' WHERE id = ?`, answer) })
	step("waiting again", func() { exec(`UPDATE check_attempts SET written_status = 'pending' WHERE id = ?`, answer) })
	step("the answer given to someone else", func() { exec(`UPDATE check_attempts SET person_id = ? WHERE id = ?`, outsider, answer) })
	step("and back", func() { exec(`UPDATE check_attempts SET person_id = ? WHERE id = ?`, agent.ID, answer) })
	step("moved to another check", func() { exec(`UPDATE check_attempts SET check_id = ? WHERE id = ?`, other, answer) })
	step("and back", func() { exec(`UPDATE check_attempts SET check_id = ? WHERE id = ?`, check, answer) })
	step("the answer removed", func() { exec(`DELETE FROM check_attempts WHERE id = ?`, answer) })

	// The culture version to read.
	current := id(`SELECT max(number) FROM culture_versions`)
	step("the agent reads the current version", func() {
		exec(`INSERT INTO culture_acknowledgements (version_id, person_id, at) SELECT id, ?, ? FROM culture_versions WHERE number = ?`,
			agent.ID, stamp(), current)
	})
	step("read at another time", func() {
		exec(`UPDATE culture_acknowledgements SET at = '2020-01-01T00:00:00Z' WHERE person_id = ?`, agent.ID)
	})
	exec(`DELETE FROM culture_acknowledgements WHERE person_id = ? AND version_id != (SELECT id FROM culture_versions WHERE number = ?)`,
		agent.ID, current)
	step("the acknowledgement moved to an older version", func() {
		exec(`UPDATE culture_acknowledgements SET version_id = (SELECT id FROM culture_versions WHERE number = ?) WHERE person_id = ?`, current-1, agent.ID)
	})
	step("the acknowledgement removed", func() { exec(`DELETE FROM culture_acknowledgements WHERE person_id = ?`, agent.ID) })
	step("a new version published", func() {
		exec(`INSERT INTO culture_versions (number, content, updated_at, published_at)
			SELECT number + 1, content, ?, ? FROM culture_versions WHERE number = ?`, stamp(), stamp(), current)
	})
	step("published at another time", func() {
		exec(`UPDATE culture_versions SET published_at = '2020-01-01T00:00:00Z' WHERE number = ?`, current+1)
	})
	step("renumbered", func() { exec(`UPDATE culture_versions SET number = ? WHERE number = ?`, current+2, current+1) })
	step("a draft (no number)", func() { exec(`UPDATE culture_versions SET number = NULL WHERE number = ?`, current+2) })
	step("published again", func() { exec(`UPDATE culture_versions SET number = ? WHERE number IS NULL`, current+1) })
	step("that version removed", func() { exec(`DELETE FROM culture_versions WHERE number = ?`, current+1) })

	// A personal goal of the agent's, active, its last check-in a day short of stale (IsStale).
	parent := id(`SELECT min(id) FROM goals WHERE level = 'team'`)
	lastCheckIn := clk.now().AddDate(0, 0, -store.StaleAfterDays).Format(store.DateLayout) // stale tomorrow
	step("a goal of theirs gone stale", func() {
		exec(`INSERT INTO goals (title, perspective, kpi, direction, baseline, target, start_on, due_on, level, owner_id, parent_id,
			state, last_checkin, created_at, updated_at)
			VALUES ('Kept goal', 'customer', 'cases', 'higher', 0, 10, '2026-01-01', '2027-06-30', 'person', ?, ?, 'active', '2026-03-01', ?, ?)`,
			agent.ID, parent, stamp(), stamp())
	})
	goal := id(`SELECT id FROM goals WHERE title = 'Kept goal'`)
	step("renamed", func() { exec(`UPDATE goals SET title = 'Kept goal, renamed' WHERE id = ?`, goal) })
	step("its Chinese title", func() { exec(`UPDATE goals SET title_zh = '保留的目标' WHERE id = ?`, goal) })
	step("not started yet", func() { exec(`UPDATE goals SET start_on = '2027-06-01' WHERE id = ?`, goal) })
	step("started", func() { exec(`UPDATE goals SET start_on = '2026-01-01' WHERE id = ?`, goal) })
	step("achieved", func() { exec(`UPDATE goals SET progress = 1 WHERE id = ?`, goal) })
	step("not achieved", func() { exec(`UPDATE goals SET progress = 0 WHERE id = ?`, goal) })
	step("rolled up from goals below it", func() { exec(`UPDATE goals SET rolled_up = 1 WHERE id = ?`, goal) })
	step("its own again", func() { exec(`UPDATE goals SET rolled_up = 0 WHERE id = ?`, goal) })
	step("checked in", func() { exec(`UPDATE goals SET last_checkin = ? WHERE id = ?`, lastCheckIn, goal) })
	step("a proposal returned to them", func() {
		exec(`UPDATE goals SET state = 'proposed', returned_at = ?, return_note = 'Smaller steps' WHERE id = ?`, stamp(), goal)
	})
	step("returned later", func() { exec(`UPDATE goals SET returned_at = '2026-11-30T10:00:00Z' WHERE id = ?`, goal) })
	step("the note", func() { exec(`UPDATE goals SET return_note = 'Two steps' WHERE id = ?`, goal) })
	step("given to someone else", func() { exec(`UPDATE goals SET owner_id = ? WHERE id = ?`, outsider, goal) })
	step("and back", func() { exec(`UPDATE goals SET owner_id = ? WHERE id = ?`, agent.ID, goal) })
	step("made a team goal", func() { exec(`UPDATE goals SET level = 'team' WHERE id = ?`, goal) })
	step("a personal one again", func() { exec(`UPDATE goals SET level = 'person' WHERE id = ?`, goal) })
	step("active again", func() { exec(`UPDATE goals SET state = 'active', returned_at = NULL WHERE id = ?`, goal) })
	step("renamed while stale? (checked in a month ago)", func() {
		exec(`UPDATE goals SET last_checkin = '2026-03-01', title = 'Kept goal renamed' WHERE id = ?`, goal)
	})
	step("the goal removed", func() { exec(`DELETE FROM goals WHERE id = ?`, goal) })

	// Midnight: a goal checked in StaleAfterDays days ago goes stale the next day; the
	// numbers do not move with time.
	exec(`INSERT INTO goals (title, perspective, kpi, direction, baseline, target, start_on, due_on, level, owner_id, parent_id,
		state, last_checkin, created_at, updated_at)
		VALUES ('Kept goal', 'customer', 'cases', 'higher', 0, 10, '2026-01-01', '2027-06-30', 'person', ?, ?, 'active', ?, ?, ?)`,
		agent.ID, parent, lastCheckIn, stamp(), stamp())
	version := func() int64 {
		return id(`SELECT COALESCE(sum(n), 0) FROM own_inbox_versions WHERE person_id IN (0, ?)`, agent.ID)
	}
	v := version()
	h.acrossMidnight(agent)
	if version() != v {
		t.Errorf("time moved the numbers: %d, then %d", v, version())
	}

	// Writers foreign keys do not hold (SQLite's shell has them off): a check that counts
	// people renumbered or deleted; people counted before their check exists. On PostgreSQL,
	// where they always hold: a table emptied with TRUNCATE, which fires no row trigger.
	step("the agent reads the current version", func() {
		exec(`INSERT INTO culture_acknowledgements (version_id, person_id, at) SELECT id, ?, ? FROM culture_versions WHERE number = ?`,
			agent.ID, stamp(), current)
	})
	if storetest.Postgres() {
		step("acknowledgements truncated", func() { exec(`TRUNCATE culture_acknowledgements`) })
		return
	}
	step("the check renumbered", func() { h.withoutForeignKeys(`UPDATE checks SET id = 99999 WHERE id = ?`, check) })
	step("and back", func() { h.withoutForeignKeys(`UPDATE checks SET id = ? WHERE id = 99999`, check) })
	step("the check deleted", func() { h.withoutForeignKeys(`DELETE FROM checks WHERE id = ?`, check) })
	exec(`CREATE TABLE kept_check AS SELECT * FROM checks WHERE id = ?`, other)
	h.withoutForeignKeys(`UPDATE check_population SET check_id = 99998 WHERE check_id = ? AND person_id = ?`, check, agent.ID)
	step("a check added, open, after the people it counts", func() {
		h.withoutForeignKeys(`INSERT INTO checks SELECT 99998, 'Kept check', opens_on, closes_on, target_pct, min_tenure_days,
			employment_types, pass_mark, culture_version, retakes, 'open', opened_at, closed_at, created_by, created_at, question_set_id, title_zh
			FROM kept_check`)
	})
}

// A server keeps each person's own cards — recognition, allowance, goals, training — under
// their own number (migration 0048's triggers): one change for each table and column the
// cards read, each alone, and the month's end for the allowance.
func TestKeptOwnCardsFollowEveryChange(t *testing.T) {
	h := newKeptHarness(t)
	s := h.s
	agent := demoPerson(t, s, "agent")
	leader := demoPerson(t, s, "leader")
	mgr := demoPerson(t, s, "manager")
	exec, id, stamp := h.exec, h.id, h.stamp
	step := func(name string, change func()) { t.Helper(); h.step(name, agent, change) }
	// Someone with no rows of their own, to move the agent's rows to and back.
	exec(`INSERT INTO people (employee_id, name, tier, role, employment_type, hired_on, created_at, updated_at)
		VALUES ('kept-outsider', 'Kept Outsider', 'front_line', 'employee', 'permanent', '2020-01-01', ?, ?)`, stamp(), stamp())
	outsider := id(`SELECT id FROM people WHERE employee_id = 'kept-outsider'`)

	// Recognition the agent gave, then received: hidden, re-badged, moved, removed.
	badge := id(`SELECT min(id) FROM badges WHERE id NOT IN (SELECT r.badge_id FROM recognitions r
		JOIN recognition_recipients rr ON rr.recognition_id = r.id WHERE rr.person_id = ? AND r.badge_id IS NOT NULL)`, agent.ID)
	step("a recognition they gave", func() {
		exec(`INSERT INTO recognitions (source, giver_id, badge_id, value_id, message, created_at) VALUES ('peer', ?, ?, 1, 'Kept thanks', ?)`,
			agent.ID, badge, stamp())
	})
	recognition := id(`SELECT id FROM recognitions WHERE message = 'Kept thanks'`)
	step("given to them too", func() {
		exec(`INSERT INTO recognition_recipients (recognition_id, person_id) VALUES (?, ?)`, recognition, agent.ID)
	})
	step("hidden", func() { exec(`UPDATE recognitions SET hidden_at = ? WHERE id = ?`, stamp(), recognition) })
	step("shown again", func() { exec(`UPDATE recognitions SET hidden_at = NULL WHERE id = ?`, recognition) })
	other := id(`SELECT min(id) FROM badges WHERE id != ?`, badge)
	step("another badge", func() { exec(`UPDATE recognitions SET badge_id = ? WHERE id = ?`, other, recognition) })
	step("the first again", func() { exec(`UPDATE recognitions SET badge_id = ? WHERE id = ?`, badge, recognition) })
	step("given by someone else", func() { exec(`UPDATE recognitions SET giver_id = ? WHERE id = ?`, leader.ID, recognition) })
	step("by them again", func() { exec(`UPDATE recognitions SET giver_id = ? WHERE id = ?`, agent.ID, recognition) })
	step("the badge renamed", func() { exec(`UPDATE badges SET name_en = 'Kept badge' WHERE id = ?`, badge) })
	step("its Chinese name", func() { exec(`UPDATE badges SET name_zh = '保留徽章' WHERE id = ?`, badge) })
	step("its icon", func() { exec(`UPDATE badges SET icon = 'kept' WHERE id = ?`, badge) })
	step("its colour", func() { exec(`UPDATE badges SET colour = 'kept' WHERE id = ?`, badge) })
	step("the recipient row given to someone else", func() {
		exec(`UPDATE recognition_recipients SET person_id = ? WHERE recognition_id = ? AND person_id = ?`, outsider, recognition, agent.ID)
	})
	step("and back", func() {
		exec(`UPDATE recognition_recipients SET person_id = ? WHERE recognition_id = ? AND person_id = ?`, agent.ID, recognition, outsider)
	})
	step("no longer theirs", func() {
		exec(`DELETE FROM recognition_recipients WHERE recognition_id = ? AND person_id = ?`, recognition, agent.ID)
	})
	step("the recognition removed", func() { exec(`DELETE FROM recognitions WHERE id = ?`, recognition) })
	step("out of the ranking", func() {
		exec(`INSERT INTO recognition_ranking_optouts (person_id, created_at) VALUES (?, ?)`, agent.ID, stamp())
	})
	step("the opt-out someone else's", func() {
		exec(`UPDATE recognition_ranking_optouts SET person_id = ? WHERE person_id = ?`, outsider, agent.ID)
	})
	step("theirs again", func() {
		exec(`UPDATE recognition_ranking_optouts SET person_id = ? WHERE person_id = ?`, agent.ID, outsider)
	})
	step("back in the ranking", func() { exec(`DELETE FROM recognition_ranking_optouts WHERE person_id = ?`, agent.ID) })

	// The allowance: used this month, and its limit.
	month := h.clk.now().UTC().Format("2006-01")
	exec(`DELETE FROM allowance_counts WHERE person_id = ?`, agent.ID)
	step("an award used", func() {
		exec(`INSERT INTO allowance_counts (person_id, month, used) VALUES (?, ?, 1)`, agent.ID, month)
	})
	step("two", func() { exec(`UPDATE allowance_counts SET used = 2 WHERE person_id = ?`, agent.ID) })
	step("the count someone else's", func() { exec(`UPDATE allowance_counts SET person_id = ? WHERE person_id = ?`, outsider, agent.ID) })
	step("theirs again", func() { exec(`UPDATE allowance_counts SET person_id = ? WHERE person_id = ?`, agent.ID, outsider) })
	step("the count removed", func() { exec(`DELETE FROM allowance_counts WHERE person_id = ?`, agent.ID) })
	exec(`DELETE FROM settings WHERE key = ?`, store.AllowanceSetting)
	step("a limit set", func() { exec(`INSERT INTO settings (key, value) VALUES (?, '9')`, store.AllowanceSetting) })
	step("changed", func() { exec(`UPDATE settings SET value = '4' WHERE key = ?`, store.AllowanceSetting) })
	step("removed", func() { exec(`DELETE FROM settings WHERE key = ?`, store.AllowanceSetting) })
	exec(`INSERT INTO allowance_counts (person_id, month, used) VALUES (?, ?, 1)`, agent.ID, month)

	// A personal goal: the names beside it — owner, returner, priority, value.
	parent := id(`SELECT min(id) FROM goals WHERE level = 'team'`)
	priority := id(`SELECT min(id) FROM strategic_priorities`)
	value := id(`SELECT min(id) FROM culture_values`)
	exec(`INSERT INTO goals (title, perspective, kpi, direction, baseline, target, start_on, due_on, level, owner_id, parent_id,
		priority_id, value_id, state, returned_at, returned_by, created_at, updated_at)
		VALUES ('Kept card goal', 'customer', 'cases', 'higher', 0, 10, '2026-01-01', '2027-06-30', 'person', ?, ?, ?, ?, 'proposed', ?, ?, ?, ?)`,
		agent.ID, parent, priority, value, stamp(), mgr.ID, stamp(), stamp())
	goal := id(`SELECT id FROM goals WHERE title = 'Kept card goal'`)
	step("the owner renamed", func() { exec(`UPDATE people SET name = 'Kept Agent' WHERE id = ?`, agent.ID) })
	step("the owner's employee id", func() { exec(`UPDATE people SET employee_id = 'kept-agent' WHERE id = ?`, agent.ID) })
	step("the returner renamed", func() { exec(`UPDATE people SET name = 'Kept Manager' WHERE id = ?`, mgr.ID) })
	step("the priority renamed", func() { exec(`UPDATE strategic_priorities SET name_en = 'Kept priority' WHERE id = ?`, priority) })
	step("its Chinese name", func() { exec(`UPDATE strategic_priorities SET name_zh = '保留重点' WHERE id = ?`, priority) })
	step("the value renamed", func() { exec(`UPDATE culture_values SET name_en = 'Kept value' WHERE id = ?`, value) })
	step("its Chinese name", func() { exec(`UPDATE culture_values SET name_zh = '保留价值' WHERE id = ?`, value) })

	// Training: an assignment, lessons read, attempts and their answers waiting for review,
	// completions, and the published courses.
	course := id(`SELECT min(c.id) FROM courses c WHERE c.published_revision_id IS NOT NULL
		AND c.id NOT IN (SELECT course_id FROM assignments WHERE person_id = ?)
		AND c.id NOT IN (SELECT course_id FROM course_completions WHERE person_id = ?)`, agent.ID, agent.ID)
	revision := id(`SELECT published_revision_id FROM courses WHERE id = ?`, course)
	set := id(`SELECT question_set_id FROM course_revisions WHERE id = ?`, revision)
	step("a course assigned", func() {
		exec(`INSERT INTO assignments (person_id, course_id, assigned_at, due_on) VALUES (?, ?, ?, '2027-03-01')`, agent.ID, course, stamp())
	})
	step("due earlier (overdue)", func() {
		exec(`UPDATE assignments SET due_on = '2026-01-05' WHERE person_id = ? AND course_id = ?`, agent.ID, course)
	})
	step("the assignment someone else's", func() {
		exec(`UPDATE assignments SET person_id = ? WHERE person_id = ? AND course_id = ?`, outsider, agent.ID, course)
	})
	step("theirs again", func() {
		exec(`UPDATE assignments SET person_id = ? WHERE person_id = ? AND course_id = ?`, agent.ID, outsider, course)
	})
	step("due later", func() {
		exec(`UPDATE assignments SET due_on = '2027-03-01' WHERE person_id = ? AND course_id = ?`, agent.ID, course)
	})
	step("the assignment removed", func() { exec(`DELETE FROM assignments WHERE person_id = ? AND course_id = ?`, agent.ID, course) })
	step("assigned again", func() {
		exec(`INSERT INTO assignments (person_id, course_id, assigned_at, due_on) VALUES (?, ?, ?, '2027-03-01')`, agent.ID, course, stamp())
	})
	first := id(`SELECT lesson_key FROM lessons WHERE revision_id = ? ORDER BY position LIMIT 1`, revision)
	second := id(`SELECT lesson_key FROM lessons WHERE revision_id = ? ORDER BY position LIMIT 1 OFFSET 1`, revision)
	step("a lesson read", func() {
		exec(`INSERT INTO lesson_reads (person_id, course_id, lesson_key, read_at) VALUES (?, ?, ?, ?)`, agent.ID, course, first, stamp())
	})
	step("the read another lesson", func() {
		exec(`UPDATE lesson_reads SET lesson_key = ? WHERE person_id = ? AND lesson_key = ?`, second, agent.ID, first)
	})
	step("the read someone else's", func() {
		exec(`UPDATE lesson_reads SET person_id = ? WHERE person_id = ? AND lesson_key = ?`, outsider, agent.ID, second)
	})
	step("theirs again", func() {
		exec(`UPDATE lesson_reads SET person_id = ? WHERE person_id = ? AND lesson_key = ?`, agent.ID, outsider, second)
	})
	step("the read removed", func() { exec(`DELETE FROM lesson_reads WHERE person_id = ? AND lesson_key = ?`, agent.ID, second) })
	step("a quiz started", func() {
		exec(`INSERT INTO attempts (set_id, person_id, token, started_at) VALUES (?, ?, 'kept-attempt', ?)`, set, agent.ID, stamp())
	})
	attempt := id(`SELECT id FROM attempts WHERE token = 'kept-attempt'`)
	step("failed", func() {
		exec(`UPDATE attempts SET status = 'scored', submitted_at = ?, score = 0.2, passed = 0, points = 1, max_points = 5 WHERE id = ?`, stamp(), attempt)
	})
	step("scored higher", func() { exec(`UPDATE attempts SET score = 0.6, points = 3 WHERE id = ?`, attempt) })
	// Waiting for review with 1 of 5 points: the answers without credit decide whether it can
	// still reach the pass mark (75%), so each of their points and the mark show.
	pass := id(`SELECT pass_mark FROM question_sets WHERE id = ?`, set)
	exec(`UPDATE question_sets SET pass_mark = 75 WHERE id = ?`, set)
	step("waiting for review", func() {
		exec(`UPDATE attempts SET status = 'pending_review', score = NULL, passed = NULL, points = 1, max_points = 5 WHERE id = ?`, attempt)
	})
	question := id(`SELECT min(id) FROM questions WHERE set_id = ?`, set)
	otherQuestion := id(`SELECT max(id) FROM questions WHERE set_id = ?`, set)
	exec(`UPDATE questions SET points = 3 WHERE id = ?`, question)
	exec(`UPDATE questions SET points = 1 WHERE id = ?`, otherQuestion)
	step("an answer waiting (it may pass)", func() {
		exec(`INSERT INTO attempt_answers (attempt_id, question_id, text) VALUES (?, ?, 'Kept answer')`, attempt, question)
	})
	step("its question worth less", func() { exec(`UPDATE questions SET points = 1 WHERE id = ?`, question) })
	step("worth more", func() { exec(`UPDATE questions SET points = 3 WHERE id = ?`, question) })
	step("the answer credited", func() { exec(`UPDATE attempt_answers SET credit = 0 WHERE attempt_id = ?`, attempt) })
	step("credit taken back", func() { exec(`UPDATE attempt_answers SET credit = NULL WHERE attempt_id = ?`, attempt) })
	step("the answer to another question", func() {
		exec(`UPDATE attempt_answers SET question_id = ? WHERE attempt_id = ?`, otherQuestion, attempt)
	})
	step("and back", func() { exec(`UPDATE attempt_answers SET question_id = ? WHERE attempt_id = ?`, question, attempt) })
	elsewhere := id(`SELECT min(id) FROM attempts WHERE person_id = ? AND id != ?`, agent.ID, attempt)
	step("the answer moved to another attempt", func() {
		exec(`UPDATE attempt_answers SET attempt_id = ? WHERE attempt_id = ?`, elsewhere, attempt)
	})
	step("and back", func() {
		exec(`UPDATE attempt_answers SET attempt_id = ? WHERE attempt_id = ? AND text = 'Kept answer'`, attempt, elsewhere)
	})
	step("the pass mark raised", func() { exec(`UPDATE question_sets SET pass_mark = 90 WHERE id = ?`, set) })
	step("lowered", func() { exec(`UPDATE question_sets SET pass_mark = 75 WHERE id = ?`, set) })
	step("the answer removed", func() { exec(`DELETE FROM attempt_answers WHERE attempt_id = ?`, attempt) })
	exec(`UPDATE question_sets SET pass_mark = ? WHERE id = ?`, pass, set)
	step("the attempt someone else's", func() { exec(`UPDATE attempts SET person_id = ? WHERE id = ?`, outsider, attempt) })
	step("theirs again", func() { exec(`UPDATE attempts SET person_id = ? WHERE id = ?`, agent.ID, attempt) })
	step("the attempt removed", func() { exec(`DELETE FROM attempts WHERE id = ?`, attempt) })
	step("the course completed", func() {
		exec(`INSERT INTO course_completions (person_id, course_id, revision_id, passed_at) VALUES (?, ?, ?, ?)`, agent.ID, course, revision, stamp())
	})
	step("passed on another day", func() {
		exec(`UPDATE course_completions SET passed_at = '2026-02-02T10:00:00Z' WHERE person_id = ? AND course_id = ?`, agent.ID, course)
	})
	step("the completion someone else's", func() {
		exec(`UPDATE course_completions SET person_id = ? WHERE person_id = ? AND course_id = ?`, outsider, agent.ID, course)
	})
	step("theirs again", func() {
		exec(`UPDATE course_completions SET person_id = ? WHERE person_id = ? AND course_id = ?`, agent.ID, outsider, course)
	})
	step("the completion removed", func() { exec(`DELETE FROM course_completions WHERE person_id = ? AND course_id = ?`, agent.ID, course) })
	step("the course archived", func() { exec(`UPDATE courses SET archived_at = ? WHERE id = ?`, stamp(), course) })
	step("back", func() { exec(`UPDATE courses SET archived_at = NULL WHERE id = ?`, course) })
	step("its key", func() { exec(`UPDATE courses SET key = 'kept-course' WHERE id = ?`, course) })
	step("its department", func() { exec(`UPDATE courses SET department = 'Kept' WHERE id = ?`, course) })
	step("a draft waiting", func() { exec(`UPDATE courses SET draft_revision_id = ? WHERE id = ?`, revision, course) })
	step("unpublished", func() { exec(`UPDATE courses SET published_revision_id = NULL WHERE id = ?`, course) })
	step("published again", func() { exec(`UPDATE courses SET published_revision_id = ? WHERE id = ?`, revision, course) })
	// A quiz attempted that no course's revision has yet, then a (draft) revision of the
	// course on it: the attempt counts for the course while the revision is there.
	quiz := id(`SELECT min(id) FROM question_sets WHERE id NOT IN (SELECT question_set_id FROM course_revisions)
		AND id NOT IN (SELECT set_id FROM attempts WHERE person_id = ?)`, agent.ID)
	unattempted := id(`SELECT min(id) FROM question_sets WHERE id NOT IN (?, ?) AND id NOT IN (SELECT set_id FROM attempts WHERE person_id = ?)`,
		quiz, set, agent.ID)
	exec(`INSERT INTO attempts (set_id, person_id, token, started_at, status, submitted_at, score, passed, points, max_points)
		VALUES (?, ?, 'kept-attempt-2', ?, 'scored', ?, 0.9, 1, 9, 10)`, quiz, agent.ID, stamp(), stamp())
	step("a revision on the attempted quiz", func() {
		exec(`INSERT INTO course_revisions (course_id, number, question_set_id, created_at) VALUES (?, 99, ?, ?)`, course, quiz, stamp())
	})
	step("its quiz another", func() {
		exec(`UPDATE course_revisions SET question_set_id = ? WHERE course_id = ? AND number = 99`, unattempted, course)
	})
	step("and back", func() {
		exec(`UPDATE course_revisions SET question_set_id = ? WHERE course_id = ? AND number = 99`, quiz, course)
	})
	onboarding := id(`SELECT id FROM courses WHERE key = 'onboarding'`)
	step("the revision moved to another course", func() {
		exec(`UPDATE course_revisions SET course_id = ? WHERE course_id = ? AND number = 99`, onboarding, course)
	})
	step("and back", func() {
		exec(`UPDATE course_revisions SET course_id = ? WHERE course_id = ? AND number = 99`, course, onboarding)
	})
	step("that revision removed", func() { exec(`DELETE FROM course_revisions WHERE course_id = ? AND number = 99`, course) })

	// The allowance is counted by UTC month: where midnight is not UTC's (UTC+8 here), the
	// month ends at 08:00 on the 1st, and the kept card must follow it there. The clock starts
	// on the 1st (after the local midnight) a second before.
	y, m, _ := h.clk.now().UTC().Date()
	h.clk.t = time.Date(y, m+1, 1, 7, 59, 59, 0, time.FixedZone("UTC+8", 8*60*60))
	h.agrees("a second before the UTC month ends", agent)
	step("the UTC month ends", func() { h.clk.advance(time.Second) })
	month = h.clk.now().UTC().Format("2006-01")
	exec(`INSERT INTO allowance_counts (person_id, month, used) VALUES (?, ?, 3)`, agent.ID, month)

	// Writes foreign keys would refuse, on SQLite with them off (its shell's default): rows
	// that arrive before what they point to, or stay after it goes. On PostgreSQL, where
	// they always hold: tables emptied with TRUNCATE, which fires no row trigger.
	if storetest.Postgres() {
		step("recipients truncated", func() { exec(`TRUNCATE recognition_recipients`) })
		step("an award used", func() { exec(`UPDATE allowance_counts SET used = 4 WHERE person_id = ?`, agent.ID) })
		step("allowance counts truncated", func() { exec(`TRUNCATE allowance_counts`) })
		step("lessons read", func() {
			exec(`INSERT INTO lesson_reads (person_id, course_id, lesson_key, read_at) VALUES (?, ?, ?, ?)`, agent.ID, course, first, stamp())
		})
		step("lessons read truncated", func() { exec(`TRUNCATE lesson_reads`) })
		return
	}
	fkOff := h.withoutForeignKeys
	fkOff(`INSERT INTO recognition_recipients (recognition_id, person_id) VALUES (99999, ?)`, agent.ID) // shows nothing yet
	step("a recognition added after its recipients", func() {
		fkOff(`INSERT INTO recognitions (id, source, giver_id, badge_id, message, created_at) VALUES (99999, 'peer', ?, ?, 'Kept late', ?)`,
			leader.ID, badge, stamp())
	})
	step("the recognition renumbered", func() { fkOff(`UPDATE recognitions SET id = 99998 WHERE id = 99999`) })
	step("and back", func() { fkOff(`UPDATE recognitions SET id = 99999 WHERE id = 99998`) })
	step("the badge removed", func() {
		exec(`CREATE TABLE kept_badge AS SELECT * FROM badges WHERE id = ?`, badge)
		fkOff(`DELETE FROM badges WHERE id = ?`, badge)
	})
	step("added again", func() { fkOff(`INSERT INTO badges SELECT * FROM kept_badge`) })
	step("the badge renumbered", func() { fkOff(`UPDATE badges SET id = 99999 WHERE id = ?`, badge) })
	step("and back", func() { fkOff(`UPDATE badges SET id = ? WHERE id = 99999`, badge) })
	step("the recognition removed, its recipients left", func() { fkOff(`DELETE FROM recognitions WHERE id = 99999`) })

	// The goal's people, priority and value, removed, renumbered and added again.
	for _, named := range []struct {
		what, table string
		id          int64
	}{
		{"the goal's owner", "people", agent.ID}, {"the returner", "people", mgr.ID},
		{"the priority", "strategic_priorities", priority}, {"the value", "culture_values", value},
	} {
		exec(`CREATE TABLE kept_row AS SELECT * FROM `+named.table+` WHERE id = ?`, named.id)
		step(named.what+" removed", func() { fkOff(`DELETE FROM `+named.table+` WHERE id = ?`, named.id) })
		step(named.what+" added again", func() { fkOff(`INSERT INTO ` + named.table + ` SELECT * FROM kept_row`) })
		step(named.what+" renumbered", func() { fkOff(`UPDATE `+named.table+` SET id = 99999 WHERE id = ?`, named.id) })
		step("and back", func() { fkOff(`UPDATE `+named.table+` SET id = ? WHERE id = 99999`, named.id) })
		exec(`DROP TABLE kept_row`)
	}
	step("the goal removed", func() { exec(`DELETE FROM goals WHERE id = ?`, goal) })

	// An answer waiting for review (it may pass) whose question goes and comes back. (An
	// attempt whose quiz is gone cannot be read at all: its pass mark is NULL.)
	attempt = id(`SELECT id FROM attempts WHERE person_id = ? AND set_id = ? ORDER BY id DESC LIMIT 1`, agent.ID, quiz)
	exec(`UPDATE attempts SET status = 'pending_review', score = NULL, passed = NULL, points = 1, max_points = 5 WHERE id = ?`, attempt)
	quizQuestion := id(`SELECT min(id) FROM questions WHERE set_id = ?`, quiz)
	exec(`UPDATE questions SET points = 4 WHERE id = ?`, quizQuestion)
	exec(`UPDATE question_sets SET pass_mark = 75 WHERE id = ?`, quiz)
	exec(`INSERT INTO course_revisions (course_id, number, question_set_id, created_at) VALUES (?, 99, ?, ?)`, course, quiz, stamp())
	exec(`INSERT INTO attempt_answers (attempt_id, question_id, text) VALUES (?, ?, 'Kept answer')`, attempt, quizQuestion)
	exec(`CREATE TABLE kept_question AS SELECT * FROM questions WHERE id = ?`, quizQuestion)
	step("the question removed", func() { fkOff(`DELETE FROM questions WHERE id = ?`, quizQuestion) })
	step("added again", func() { fkOff(`INSERT INTO questions SELECT * FROM kept_question`) })
	step("the question renumbered", func() { fkOff(`UPDATE questions SET id = 99999 WHERE id = ?`, quizQuestion) })
	step("and back", func() { fkOff(`UPDATE questions SET id = ? WHERE id = 99999`, quizQuestion) })
	step("the attempt renumbered", func() { fkOff(`UPDATE attempts SET id = 99999 WHERE id = ?`, attempt) })

	// The assigned course removed, added again and renumbered.
	exec(`CREATE TABLE kept_course AS SELECT * FROM courses WHERE id = ?`, course)
	step("the course removed", func() { fkOff(`DELETE FROM courses WHERE id = ?`, course) })
	step("added again", func() { fkOff(`INSERT INTO courses SELECT * FROM kept_course`) })
	step("the course renumbered", func() { fkOff(`UPDATE courses SET id = 99999 WHERE id = ?`, course) })
}

// SignedInPerson reads what every page's header asks with the person: the person is
// PersonByID's, and the unread count — kept for the request — is the one read alone; read
// and unread notifications of others do not count. (Its numbers are the kept-items tests':
// every request there starts with it.)
func TestSignedInPersonReadsTheHeaderWithThePerson(t *testing.T) {
	h := newKeptHarness(t)
	agent, mgr := demoPerson(t, h.s, "agent"), demoPerson(t, h.s, "manager")
	event := h.id(`SELECT min(id) FROM events`)
	notify := func(person int64, read any) {
		h.exec(`INSERT INTO notifications (person_id, event_id, reason, read_at) VALUES (?, ?, '', ?)`, person, event, read)
	}
	notify(agent.ID, nil)
	notify(agent.ID, nil)
	notify(agent.ID, "2026-01-01T00:00:00Z")
	notify(mgr.ID, nil)
	page := store.WithReadMemo(h.ctx)
	p, err := h.s.SignedInPerson(page, agent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := h.s.PersonByID(h.ctx, agent.ID); !reflect.DeepEqual(p, want) {
		t.Errorf("signed in as\n%+v\nnot\n%+v", p, want)
	}
	alone, err := h.s.UnreadNotifications(h.ctx, agent.ID)
	if err != nil || alone < 2 {
		t.Fatalf("unread: %d, %v", alone, err)
	}
	if got, err := h.s.UnreadNotifications(page, agent.ID); err != nil || got != alone {
		t.Errorf("the page's unread count %d (%v), read alone %d", got, err, alone)
	}
	notify(agent.ID, nil)
	if got, _ := h.s.UnreadNotifications(page, agent.ID); got != alone {
		t.Errorf("the page's count changed within the request: %d, was %d", got, alone)
	}
	if got, _ := h.s.UnreadNotifications(store.WithReadMemo(h.ctx), agent.ID); got != alone+1 {
		t.Errorf("the next page counts %d unread, want %d", got, alone+1)
	}
	if _, err := h.s.SignedInPerson(store.WithReadMemo(h.ctx), 987654); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("someone unknown: %v", err)
	}
}
