package store_test

import (
	"testing"
	"time"

	"lodestar/store"
)

// teamMatrixShownBy is what a manager's team training page reads: their whole tree's matrix,
// and the same narrowed to one team.
func teamMatrixShownBy(t *testing.T, h *keptHarness, s *store.Store, manager store.Person, team string) [2]store.Matrix {
	t.Helper()
	ctx := store.WithReadMemo(h.ctx)
	var out [2]store.Matrix
	var err error
	out[0], err = s.CompletionMatrix(ctx, store.MatrixFilter{Below: manager.ID})
	noError(t, err)
	out[1], err = s.CompletionMatrix(ctx, store.MatrixFilter{Below: manager.ID, Team: team})
	noError(t, err)
	return out
}

// A manager's training matrix is kept under migration 0053's number: every change it reads —
// written as SQL, as any program could — shows at once, whichever table it touches. Lessons
// and course revisions have triggers too, but a published revision never changes (an edit is
// a new revision, published through courses), so no step here can show them.
func TestKeptTeamMatrixFollowsEveryChange(t *testing.T) {
	h := newKeptHarness(t)
	exec, id := h.exec, h.id
	manager := demoPerson(t, h.s, "manager")
	agent := demoPerson(t, h.s, "agent")
	shown := func(s *store.Store) [2]store.Matrix { return teamMatrixShownBy(t, h, s, manager, agent.Team) }
	first := shown(h.s)
	if len(first[0].Rows) < 3 || len(first[0].Courses) == 0 || len(first[1].Rows) == 0 {
		t.Fatalf("the demo's team matrix shows too little to test: %d rows, %d courses", len(first[0].Rows), len(first[0].Courses))
	}
	step := keptSteps(h, shown)
	course := first[0].Courses[0].ID
	set := id(`SELECT question_set_id FROM course_revisions WHERE id = (SELECT published_revision_id FROM courses WHERE id = ?)`, course)
	lesson := id(`SELECT min(lesson_key) FROM lessons WHERE revision_id = (SELECT published_revision_id FROM courses WHERE id = ?)`, course)
	exec(`DELETE FROM course_completions WHERE person_id = ? AND course_id = ?`, agent.ID, course)
	exec(`DELETE FROM lesson_reads WHERE person_id = ? AND course_id = ?`, agent.ID, course)
	exec(`DELETE FROM attempt_answers WHERE attempt_id IN (SELECT id FROM attempts WHERE person_id = ?)`, agent.ID)
	exec(`DELETE FROM attempts WHERE person_id = ?`, agent.ID)
	exec(`DELETE FROM assignments WHERE person_id = ? AND course_id = ?`, agent.ID, course)
	question := id(`SELECT min(id) FROM questions WHERE set_id = ?`, set)
	exec(`UPDATE questions SET points = 3 WHERE id = ?`, question)
	exec(`UPDATE question_sets SET pass_mark = 80 WHERE id = ?`, set)
	h.s.Close()
	h.s = h.open() // the clearing above is the starting point, not a step

	step("an assignment", func() {
		exec(`INSERT INTO assignments (person_id, course_id, assigned_at, due_on) VALUES (?, ?, ?, ?)`, agent.ID, course, h.stamp(), h.today())
	})
	step("its due date moved", func() {
		exec(`UPDATE assignments SET due_on = '2020-01-01' WHERE person_id = ? AND course_id = ?`, agent.ID, course)
	})
	step("a lesson read", func() {
		exec(`INSERT INTO lesson_reads (person_id, course_id, lesson_key, read_at) VALUES (?, ?, ?, ?)`, agent.ID, course, lesson, h.stamp())
	})
	step("the reading taken back", func() { exec(`DELETE FROM lesson_reads WHERE person_id = ? AND course_id = ?`, agent.ID, course) })
	step("a quiz attempt waiting for review", func() {
		exec(`INSERT INTO attempts (set_id, person_id, token, started_at, submitted_at, status, points, max_points)
			VALUES (?, ?, 'kept-matrix', ?, ?, 'pending_review', 3, 6)`, set, agent.ID, h.stamp(), h.stamp())
	})
	attempt := id(`SELECT id FROM attempts WHERE token = 'kept-matrix'`)
	// Waiting for review, the attempt can still pass while its points and those waiting reach
	// the pass mark: 3 of 6 cannot (50% < 80%), with a 3-point answer waiting it can.
	step("an answer waiting", func() {
		exec(`INSERT INTO attempt_answers (attempt_id, question_id, text) VALUES (?, ?, 'Kept')`, attempt, question)
	})
	step("its question's points", func() { exec(`UPDATE questions SET points = 1 WHERE id = ?`, question) }) // 4 of 6
	step("the quiz's pass mark", func() { exec(`UPDATE question_sets SET pass_mark = 60 WHERE id = ?`, set) })
	step("the attempt scored", func() {
		exec(`UPDATE attempts SET status = 'scored', score = 0.9, passed = 1, scored_at = ? WHERE id = ?`, h.stamp(), attempt)
	})
	step("the course passed", func() {
		exec(`INSERT INTO course_completions (person_id, course_id, revision_id, attempt_id, passed_at)
			VALUES (?, ?, (SELECT published_revision_id FROM courses WHERE id = ?), ?, ?)`, agent.ID, course, course, attempt, h.stamp())
	})
	step("the pass taken back", func() { exec(`DELETE FROM course_completions WHERE person_id = ? AND course_id = ?`, agent.ID, course) })
	step("the attempt removed", func() {
		exec(`DELETE FROM attempt_answers WHERE attempt_id = ?`, attempt)
		exec(`DELETE FROM attempts WHERE id = ?`, attempt)
	})
	step("the assignment removed", func() { exec(`DELETE FROM assignments WHERE person_id = ? AND course_id = ?`, agent.ID, course) })
	step("a member renamed", func() { exec(`UPDATE people SET name = 'Kept Matrix Agent' WHERE id = ?`, agent.ID) })
	step("their team's Chinese name", func() {
		exec(`INSERT INTO org_unit_names (kind, name, name_zh) VALUES ('team', ?, '保留小组')
			ON CONFLICT (kind, name) DO UPDATE SET name_zh = '保留小组二'`, agent.Team)
	})
	step("a hire into the team", func() {
		exec(`INSERT INTO people (employee_id, name, department, team, manager_id, tier, role, employment_type, hired_on, language, title, title_zh, created_at, updated_at)
			VALUES ('KM1', 'Kept Matrix Hire', ?, ?, ?, 'front_line', 'employee', 'permanent', ?, 'en', '', '', ?, ?)`,
			agent.Department, agent.Team, manager.ID, h.today(), h.stamp(), h.stamp())
	})
	step("a member left", func() { exec(`UPDATE people SET left_on = ? WHERE id = ?`, h.today(), agent.ID) })
	step("a member moved to another manager", func() {
		exec(`UPDATE people SET manager_id = (SELECT id FROM people WHERE employee_id = 'leader') WHERE employee_id = 'KM1'`)
	})
	step("a course archived", func() { exec(`UPDATE courses SET archived_at = ? WHERE id = ?`, h.stamp(), course) })
	step("and back", func() { exec(`UPDATE courses SET archived_at = NULL WHERE id = ?`, course) })
	// Overdue is a matter of the date alone: a course due today is overdue from midnight.
	step("an assignment due today", func() {
		exec(`UPDATE people SET manager_id = (SELECT id FROM people WHERE employee_id = 'manager') WHERE employee_id = 'KM1'`)
		exec(`INSERT INTO assignments (person_id, course_id, assigned_at, due_on)
			VALUES ((SELECT id FROM people WHERE employee_id = 'KM1'), ?, ?, ?)`, course, h.stamp(), h.today())
	})
	h.toSecondBeforeMidnight()
	step("midnight", func() { h.clk.advance(time.Second) })
}
