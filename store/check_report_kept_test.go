package store_test

import (
	"reflect"
	"testing"

	"lodestar/store"
	"lodestar/store/storetest"
)

// reportShown is what a leader's report pages read of check c: the figures (departments, one
// department's teams, a search), every list whole (counted people with their evidence, the
// leavers, the non-respondents by name, one result) and the item analysis.
type reportShown struct {
	Summary, Department, Search      store.ReportSummary
	People, Left, Silent, Understood []store.PopulationRow
	Items                            []store.ItemStat
	Standings                        [][]store.CheckStanding // of each person asked for, as their profile shows them
	Queue                            []store.CheckReviewItem // the reviews page
	QueueSummary                     store.ReviewQueueSummary
}

func reportShownBy(t *testing.T, h *keptHarness, s *store.Store, c store.Check, viewer store.Person, people ...int64) reportShown {
	t.Helper()
	ctx := store.WithReadMemo(h.ctx)
	var out reportShown
	var err error
	out.Summary, err = s.CheckReportSummary(ctx, c, viewer, store.BreakdownQuery{Sort: store.SortName})
	noError(t, err)
	if len(out.Summary.Rows) > 0 {
		out.Department, err = s.CheckReportSummary(ctx, c, viewer, store.BreakdownQuery{Department: out.Summary.Rows[0].Key})
		noError(t, err)
	}
	out.Search, err = s.CheckReportSummary(ctx, c, viewer, store.BreakdownQuery{Search: "1"})
	noError(t, err)
	all := 1 << 20
	out.People, err = s.CheckReportPeople(ctx, c, viewer, store.ReportList{Limit: all})
	noError(t, err)
	out.Left, err = s.CheckReportPeople(ctx, c, viewer, store.ReportList{Left: true, NamesOnly: true, Limit: all})
	noError(t, err)
	out.Silent, err = s.CheckReportPeople(ctx, c, viewer, store.ReportList{Result: store.ResultNoResponse, NamesOnly: true, Limit: all})
	noError(t, err)
	out.Understood, err = s.CheckReportPeople(ctx, c, viewer, store.ReportList{Result: store.ResultUnderstood, Limit: all})
	noError(t, err)
	out.Items, err = s.CheckQuestionAnalysisFor(ctx, c, viewer)
	noError(t, err)
	out.Queue, out.QueueSummary, err = s.ReviewQueuePage(ctx, c, viewer, 100)
	noError(t, err)
	for _, p := range people {
		standings, err := s.CheckStandings(ctx, p, 5)
		noError(t, err)
		out.Standings = append(out.Standings, standings)
	}
	return out
}

// newKeptReportHarness is the demo's database, its open check and the leader who sees the
// whole organisation's report.
func newKeptReportHarness(t *testing.T) (*keptHarness, store.Check, store.Person) {
	h := newKeptHarness(t)
	c, err := h.s.CurrentCheck(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	leader, err := h.s.PersonByEmployeeID(h.ctx, "leader")
	if err != nil {
		t.Fatal(err)
	}
	return h, c, leader
}

// A server keeps an organisation-wide report's reads while no snapshot row, evidence,
// reviewer's or token's name, or counted answer or question has changed (migration 0050's
// triggers): each kind of change, written as SQL, must show at once — kept equal to what a
// fresh server reads, and different from before the change.
func TestKeptReportFollowsEveryChange(t *testing.T) {
	h, c, leader := newKeptReportHarness(t)
	exec, id := h.exec, h.id
	var watched []int64 // whose standings are shown too (set once chosen below)
	shown := func(s *store.Store) reportShown {
		c, err := s.CheckByID(h.ctx, c.ID) // as each page reads it
		if err != nil {
			t.Fatal(err)
		}
		return reportShownBy(t, h, s, c, leader, watched...)
	}
	if first := shown(h.s); len(first.People) == 0 || len(first.Items) == 0 || len(first.Silent) == 0 {
		t.Fatalf("the demo's report shows too little to test: %d people, %d items, %d silent", len(first.People), len(first.Items), len(first.Silent))
	}
	step := keptSteps(h, shown)
	// Someone counted, with exactly one attempt that decides their result, and its reviewer.
	decided := id(`SELECT min(a.id) FROM check_attempts a JOIN check_population cp ON cp.check_id = a.check_id AND cp.person_id = a.person_id
		WHERE a.check_id = ? AND a.practice = 0 AND cp.live_result = 'understood' AND a.passed_mark = 1
		AND (SELECT count(*) FROM check_attempts x WHERE x.check_id = a.check_id AND x.person_id = a.person_id) = 1`, c.ID)
	person := id(`SELECT person_id FROM check_attempts WHERE id = ?`, decided)
	silent := id(`SELECT min(person_id) FROM check_population WHERE check_id = ? AND live_result = 'no_response' AND left_on IS NULL`, c.ID)
	watched = []int64{person, silent}
	if w := shown(h.s); len(w.Standings[0]) == 0 || len(w.Standings[1]) == 0 {
		t.Fatalf("the watched people have no standings to test: %v", w.Standings)
	}
	step("a result", func() {
		exec(`UPDATE check_population SET live_result = 'not_understood' WHERE check_id = ? AND person_id = ?`, c.ID, silent)
	})
	step("a name in the snapshot", func() {
		exec(`UPDATE check_population SET name = 'Kept Report Name' WHERE check_id = ? AND person_id = ?`, c.ID, person)
	})
	step("someone left", func() {
		exec(`UPDATE check_population SET left_on = ? WHERE check_id = ? AND person_id = ?`, c.OpensOn.Format(store.DateLayout), c.ID, silent)
	})
	step("an attempt's score", func() { exec(`UPDATE check_attempts SET score = score - 1 WHERE id = ?`, decided) })
	step("its review", func() {
		exec(`UPDATE check_attempts SET reviewer_id = (SELECT id FROM people WHERE employee_id = 'manager'), reviewed_at = ? WHERE id = ?`,
			h.stamp(), decided)
	})
	step("its reviewer renamed", func() { exec(`UPDATE people SET name = 'Kept Reviewer' WHERE employee_id = 'manager'`) })
	step("the attempt removed", func() { exec(`DELETE FROM check_attempts WHERE id = ?`, decided) })
	step("an interview recorded", func() {
		exec(`INSERT INTO check_interviews (check_id, person_id, interviewed_on, summary, verdict, recorded_by, recorded_at)
			VALUES (?, ?, ?, 'Kept', 'understood', (SELECT id FROM people WHERE employee_id = 'leader'), ?)`,
			c.ID, person, c.OpensOn.Format(store.DateLayout), h.stamp())
	})
	exec(`INSERT INTO api_tokens (name, token_hash, created_at) VALUES ('HR interviews', 'kept-report-token', ?)`, h.stamp())
	token := id(`SELECT id FROM api_tokens WHERE token_hash = 'kept-report-token'`)
	step("recorded through a token instead", func() {
		exec(`UPDATE check_interviews SET recorded_by = NULL, recorded_by_token = ? WHERE summary = 'Kept'`, token)
	})
	step("the token renamed", func() { exec(`UPDATE api_tokens SET name = 'Kept token' WHERE id = ?`, token) })
	step("the interview removed", func() { exec(`DELETE FROM check_interviews WHERE summary = 'Kept'`) })
	// The item analysis: an answer's credit, a question, an option, an attempt.
	set := id(`SELECT question_set_id FROM checks WHERE id = ?`, c.ID)
	answered := id(`SELECT min(aa.attempt_id) FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
		WHERE a.set_id = ? AND aa.credit >= 1`, set)
	step("an answer's credit", func() {
		exec(`UPDATE attempt_answers SET credit = 0 WHERE attempt_id = ? AND credit >= 1`, answered)
	})
	step("a question's prompt", func() {
		exec(`UPDATE questions SET prompt_en = 'Kept prompt' WHERE id = (SELECT min(id) FROM questions WHERE set_id = ?)`, set)
	})
	step("an option's text", func() {
		exec(`UPDATE question_options SET text_en = 'Kept option'
			WHERE question_id IN (SELECT id FROM questions WHERE set_id = ?) AND correct = 0`, set)
	})
	step("its answers removed", func() { exec(`DELETE FROM attempt_answers WHERE attempt_id = ?`, answered) })
	other := id(`SELECT min(aa.attempt_id) FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
		WHERE a.set_id = ? AND aa.credit >= 1`, set)
	step("another attempt no longer submitted", func() { exec(`UPDATE attempts SET submitted_at = NULL WHERE id = ?`, other) })
	step("a question added to the set", func() {
		exec(`INSERT INTO questions (set_id, kind, position, prompt_en, prompt_zh) VALUES (?, 'single', 99, 'Kept question', '保留的问题')`, set)
	})
	// Who counts: someone who left on the closing day is not counted; moved a day earlier,
	// they are. Their leaving is written to their HR record (the snapshot follows it).
	leaver := id(`SELECT min(person_id) FROM check_population WHERE check_id = ? AND live_result = 'no_response' AND left_on IS NULL`, c.ID)
	step("someone's HR record says they left", func() {
		exec(`UPDATE people SET left_on = ? WHERE id = ?`, c.ClosesOn.Format(store.DateLayout), leaver)
	})
	step("the closing day moved before it", func() {
		exec(`UPDATE checks SET closes_on = ? WHERE id = ?`, c.ClosesOn.AddDate(0, 0, -1).Format(store.DateLayout), c.ID)
	})
	// A person's standings show each check's title and opening day (migration 0052).
	step("the check renamed", func() { exec(`UPDATE checks SET title = 'Kept check' WHERE id = ?`, c.ID) })
	step("the check opened a day earlier", func() {
		exec(`UPDATE checks SET opens_on = ? WHERE id = ?`, c.OpensOn.AddDate(0, 0, -1).Format(store.DateLayout), c.ID)
	})
	if !storetest.Postgres() {
		// A writer foreign keys do not hold (SQLite's shell) renumbers a recorder.
		renumbered(step, h, c, person)
	}
	step("the check closed", func() {
		if err := h.s.CloseCheckNow(h.ctx, leader.ID, c.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// A manager's report reads of their tree — its rows, its review queue's counts, its item
// analysis — are kept under the same number, which also moves with anyone's manager (0052):
// the tree is walked through the people's managers as well as the snapshot's.
func TestKeptManagerReportFollowsEveryChange(t *testing.T) {
	h, c, _ := newKeptReportHarness(t)
	exec, id := h.exec, h.id
	mgr := demoPerson(t, h.s, "manager")
	shown := func(s *store.Store) reportShown {
		c, err := s.CheckByID(h.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return reportShownBy(t, h, s, c, mgr)
	}
	first := shown(h.s)
	if len(first.People) == 0 || len(first.Silent) == 0 {
		t.Fatalf("the demo manager's report shows too little to test: %d people, %d silent", len(first.People), len(first.Silent))
	}
	// Each manager's reads are their own: another manager's report, read after the first's was
	// kept, is what a fresh server shows them.
	other, err := h.s.PersonByID(h.ctx, id(`SELECT min(p.manager_id) FROM people p JOIN people m ON m.id = p.manager_id
		WHERE m.role = 'manager' AND m.id != ?`, mgr.ID))
	if err != nil {
		t.Fatal(err)
	}
	f := h.open()
	if kept, fresh := reportShownBy(t, h, h.s, c, other), reportShownBy(t, h, f, c, other); !reflect.DeepEqual(kept, fresh) || reflect.DeepEqual(kept, first) {
		t.Errorf("%s's report, read after %s's: not what a fresh server shows them", other.EmployeeID, mgr.EmployeeID)
	}
	f.Close()
	step := keptSteps(h, shown)
	silent := id(`SELECT min(person_id) FROM check_population WHERE check_id = ? AND manager_id = ? AND live_result = 'no_response' AND left_on IS NULL`, c.ID, mgr.ID)
	step("a result in the team", func() {
		exec(`UPDATE check_population SET live_result = 'understood' WHERE check_id = ? AND person_id = ?`, c.ID, silent)
	})
	waiting := id(`SELECT count(*) FROM check_attempts a JOIN check_population cp ON cp.check_id = a.check_id AND cp.person_id = a.person_id
		WHERE a.check_id = ? AND cp.manager_id = ? AND a.written_status = 'pending'`, c.ID, mgr.ID)
	step("an answer in the team waits for review", func() {
		exec(`INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark, written_status, practice)
			VALUES (?, ?, ?, 80, 1, 'pending', 0)`, c.ID, silent, h.stamp())
	})
	if n := id(`SELECT count(*) FROM check_attempts WHERE check_id = ? AND written_status = 'pending'`, c.ID); n <= waiting {
		t.Fatalf("no answer waits: %d", n)
	}
	// Someone outside the team, under a newcomer the snapshot does not hold (too new to be
	// counted); the newcomer then joins the manager's team in the HR record.
	outsider := id(`SELECT min(person_id) FROM check_population WHERE check_id = ? AND manager_id != ? AND left_on IS NULL
		AND person_id NOT IN (SELECT manager_id FROM check_population WHERE check_id = ? AND manager_id IS NOT NULL)
		AND person_id NOT IN (SELECT id FROM people WHERE manager_id = ?)`, c.ID, mgr.ID, c.ID, mgr.ID)
	newcomer := id(`SELECT min(id) FROM people WHERE id NOT IN (SELECT person_id FROM check_population WHERE check_id = ?) AND left_on IS NULL
		AND id NOT IN (SELECT manager_id FROM people WHERE manager_id IS NOT NULL) AND COALESCE(manager_id, 0) != ?`, c.ID, mgr.ID)
	exec(`UPDATE check_population SET manager_id = ? WHERE check_id = ? AND person_id = ?`, newcomer, c.ID, outsider)
	step("a newcomer with a counted report moved into the team", func() {
		exec(`UPDATE people SET manager_id = ? WHERE id = ?`, mgr.ID, newcomer)
	})
	step("an answer of their counted report waits for review", func() {
		exec(`INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark, written_status, practice)
			VALUES (?, ?, ?, 90, 1, 'pending', 0)`, c.ID, outsider, h.stamp())
	})
	step("the newcomer moved out again", func() { exec(`UPDATE people SET manager_id = NULL WHERE id = ?`, newcomer) })
	// Someone hired under the manager after the snapshot, whom a counted person's snapshot row
	// names as their manager (written first, the number moved by it).
	exec(`UPDATE check_population SET manager_id = 77777 WHERE check_id = ? AND person_id = ?`, c.ID, outsider)
	step("a manager hired into the team", func() {
		exec(`INSERT INTO people (id, employee_id, name, tier, role, employment_type, hired_on, manager_id, created_at, updated_at)
			VALUES (77777, 'KR77777', 'Kept Hire', 'middle_manager', 'manager', 'permanent', ?, ?, ?, ?)`, h.today(), mgr.ID, h.stamp(), h.stamp())
	})
}

func renumbered(step func(string, func()), h *keptHarness, c store.Check, person int64) {
	step("an interview the manager recorded", func() {
		h.exec(`INSERT INTO check_interviews (check_id, person_id, interviewed_on, summary, verdict, recorded_by, recorded_at)
			VALUES (?, ?, ?, 'Kept again', 'understood', (SELECT id FROM people WHERE employee_id = 'manager'), ?)`,
			c.ID, person, c.OpensOn.Format(store.DateLayout), h.stamp())
	})
	step("the manager renumbered", func() {
		h.withoutForeignKeys(`UPDATE people SET id = 99999 WHERE employee_id = 'manager'`)
	})
}

// A request that writes (no read memo) reads the report afresh: it must see its own writes
// even before the number it would be kept under is read.
func TestKeptReportIsNotUsedByWritingRequests(t *testing.T) {
	h, c, leader := newKeptReportHarness(t)
	before := reportShownBy(t, h, h.s, c, leader).People // kept now
	silent := h.id(`SELECT min(person_id) FROM check_population WHERE check_id = ? AND live_result = 'no_response' AND left_on IS NULL`, c.ID)
	// Written as no trigger sees it, so the number stays: a kept read would be stale.
	if storetest.Postgres() {
		h.exec(`DROP TRIGGER check_report_check_population ON check_population`)
	} else {
		h.exec(`DROP TRIGGER check_report_check_population_changed`)
	}
	h.exec(`UPDATE check_population SET name = 'Written Just Now' WHERE check_id = ? AND person_id = ?`, c.ID, silent)
	people, err := h.s.CheckReportPeople(h.ctx, c, leader, store.ReportList{Limit: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(people, before) {
		t.Error("a request without a read memo was answered from what was kept")
	}
	if kept := reportShownBy(t, h, h.s, c, leader).People; !reflect.DeepEqual(kept, before) {
		t.Error("the kept list was not used by a reading request (the test proves nothing)")
	}
}
