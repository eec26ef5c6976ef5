package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// trainingCourse creates and publishes a course with two lessons and one single-choice
// question whose right answer is "Right" (pass mark 100).
func trainingCourse(t *testing.T, s *store.Store, key, title string) store.Course {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateCourse(ctx, 0, store.CourseInput{Key: key, TitleEN: title, TitleZH: title + "（中文）", Quiz: store.QuestionSetSettings{PassMark: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"One", "Two"} {
		if _, err := s.AddLesson(ctx, 0, id, store.LessonInput{TitleEN: l, BodyEN: "Lesson **" + l + "**"}); err != nil {
			t.Fatal(err)
		}
	}
	setID, err := s.DraftQuestionSet(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddQuestion(ctx, setID, store.QuestionInput{Kind: store.QuestionSingle, PromptEN: "Pick",
		Options: []store.OptionInput{{TextEN: "Wrong"}, {TextEN: "Right", Correct: true}}}); err != nil {
		t.Fatal(err)
	}
	if err := s.PublishCourse(ctx, 0, id); err != nil {
		t.Fatal(err)
	}
	c, err := s.PublishedCourse(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// trainingTakeQuiz answers the course's quiz right or wrong and returns the attempt.
func trainingTakeQuiz(t *testing.T, s *store.Store, personID int64, c store.Course, right bool) store.Attempt {
	t.Helper()
	ctx := context.Background()
	oa, err := s.StartAttempt(ctx, c.Revision.QuestionSetID, personID)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[int64]store.Answer{}
	for _, q := range oa.Questions {
		want := "Wrong"
		if right {
			want = "Right"
		}
		for _, o := range q.Options {
			if o.TextEN == want {
				answers[q.ID] = store.Answer{OptionIDs: []int64{o.ID}}
			}
		}
	}
	a, err := s.SubmitAttempt(ctx, personID, oa.Token, answers)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDraftsAreInvisibleAndRevisionsKeepAttempts(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""))
	draftID, err := s.CreateCourse(ctx, 0, store.CourseInput{TitleEN: "Draft only"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PublishedCourse(ctx, draftID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("draft visible to learners: %v", err)
	}
	if err := s.PublishCourse(ctx, 0, draftID); err == nil {
		t.Fatal("published a course without lessons or questions")
	}
	list, _ := s.ListCourses(ctx, false)
	for _, c := range list {
		if c.ID == draftID {
			t.Fatal("draft listed for learners")
		}
	}

	c := trainingCourse(t, s, "onboarding", "Our culture")
	first := trainingTakeQuiz(t, s, ids["E1"], c, false)
	// Editing the published course starts revision 2; learners still see revision 1.
	if err := s.UpdateCourse(ctx, 0, c.ID, store.CourseInput{Key: "onboarding", TitleEN: "Our culture, revised", Quiz: store.QuestionSetSettings{PassMark: 100}}); err != nil {
		t.Fatal(err)
	}
	seen, _ := s.PublishedCourse(ctx, c.ID)
	if seen.Revision.Number != 1 || seen.Revision.TitleEN != "Our culture" {
		t.Fatalf("learners see %d %q before publishing", seen.Revision.Number, seen.Revision.TitleEN)
	}
	authored, _ := s.CourseForAuthor(ctx, c.ID)
	if authored.Revision.Number != 2 || len(authored.Revision.Lessons) != 2 || authored.Revision.Lessons[0].Key != seen.Revision.Lessons[0].Key {
		t.Fatalf("draft revision %+v", authored.Revision)
	}
	if err := s.PublishCourse(ctx, 0, c.ID); err != nil {
		t.Fatal(err)
	}
	seen, _ = s.PublishedCourse(ctx, c.ID)
	if seen.Revision.Number != 2 || seen.Revision.QuestionSetID == c.Revision.QuestionSetID {
		t.Fatalf("after publishing: %+v", seen.Revision)
	}
	// The audit log names the course's own revision number, not an internal row id.
	if entries := eventLog(t, s, 1); len(entries) != 1 || entries[0].Key != store.EventCoursePublish ||
		entries[0].Subject != (store.Ref{Kind: store.RefCourse, ID: c.ID}) || fmt.Sprint(entries[0].Args) != fmt.Sprint([]store.Arg{store.Num(2)}) {
		t.Errorf("publish event: %+v", entries)
	}
	// The first attempt stays on revision 1; passing now records revision 2.
	courseID, _, number, err := s.CourseOfQuestionSet(ctx, first.SetID)
	if err != nil || courseID != c.ID || number != 1 {
		t.Fatalf("first attempt on course %d revision %d (%v)", courseID, number, err)
	}
	trainingTakeQuiz(t, s, ids["E1"], seen, true)
	done, err := s.CourseCompletions(ctx, "onboarding")
	if err != nil || len(done) != 1 || done[0].RevisionNumber != 2 || done[0].PersonID != ids["E1"] {
		t.Fatalf("completions %+v %v", done, err)
	}
	// Passing again does not record a second completion.
	trainingTakeQuiz(t, s, ids["E1"], seen, true)
	if done, _ := s.CourseCompletions(ctx, "onboarding"); len(done) != 1 {
		t.Fatalf("%d completions after passing twice", len(done))
	}
}

func TestRulesAssignEveryoneMatchingAndNewPeopleAutomatically(t *testing.T) {
	ctx := context.Background()
	c := newClock() // 2026-11-23
	s := mustOpenStore(t, c)
	onboarding := trainingCourse(t, s, "onboarding", "Onboarding")
	recovery := trainingCourse(t, s, "", "Service recovery")
	veteran := person("OLD", "")
	recent := person("NEW", "")
	recent.HiredOn = "2026-11-15"
	left := person("LEFT", "")
	left.HiredOn, left.LeftOn = "2026-11-10", "2026-11-20"
	sales := person("SALES", "")
	sales.Department = "Sales"
	ids := trainingSeedPeople(t, s, veteran, recent, left, sales)

	// New hires, due 14 days after hire, counting those hired since 14 days ago (2026-11-09).
	_, n, err := s.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: onboarding.ID, Kind: store.RuleNewHires, DueDays: 14})
	if err != nil || n != 1 {
		t.Fatalf("new-hire rule assigned %d (%v), want 1 (NEW; not OLD, not LEFT)", n, err)
	}
	as, _ := s.AssignmentsOf(ctx, ids["NEW"])
	if len(as) != 1 || as[0].DueOn.Format(store.DateLayout) != "2026-11-29" {
		t.Fatalf("NEW's assignments %+v, want onboarding due 2026-11-29", as)
	}
	// Department rule with a fixed due date.
	_, n, err = s.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: recovery.ID, Kind: store.RuleDepartment, Value: "Inbound Voice", DueOn: "2026-12-31"})
	if err != nil || n != 2 {
		t.Fatalf("department rule assigned %d (%v), want 2 (OLD, NEW)", n, err)
	}
	if _, _, err := s.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: recovery.ID, Kind: store.RulePeople, EmployeeIDs: "SALES, NOBODY"}); err == nil {
		t.Fatal("unknown employee ID accepted")
	}
	_, n, err = s.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: recovery.ID, Kind: store.RulePeople, EmployeeIDs: "SALES", DueDays: 7})
	if err != nil || n != 1 {
		t.Fatalf("hand-picked rule assigned %d (%v)", n, err)
	}
	as, _ = s.AssignmentsOf(ctx, ids["SALES"])
	if len(as) != 1 || as[0].DueOn.Format(store.DateLayout) != "2026-11-30" {
		t.Fatalf("SALES due %+v, want 2026-11-30", as)
	}

	// A new person through the import/API path and one through the admin form.
	imported := person("IMP", "")
	imported.HiredOn = "2026-11-23"
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{imported}, 2); err != nil {
		t.Fatal(err)
	}
	formed := person("FORM", "")
	formed.HiredOn = "2026-11-22"
	formed.Department = "Sales"
	formID, err := s.SavePerson(ctx, 0, formed)
	if err != nil {
		t.Fatal(err)
	}
	imp, _ := s.PersonByEmployeeID(ctx, "IMP")
	as, _ = s.AssignmentsOf(ctx, imp.ID)
	if len(as) != 2 { // onboarding (new hire) + recovery (Inbound Voice)
		t.Fatalf("imported person got %d assignments, want 2", len(as))
	}
	as, _ = s.AssignmentsOf(ctx, formID)
	if len(as) != 1 || as[0].CourseID != onboarding.ID || as[0].DueOn.Format(store.DateLayout) != "2026-12-06" {
		t.Fatalf("person from the form got %+v, want onboarding due 2026-12-06", as)
	}
	// Moving into a department assigns its course; the old assignments stay.
	formed.Department = "Inbound Voice"
	if _, err := s.SavePerson(ctx, 0, formed); err != nil {
		t.Fatal(err)
	}
	if as, _ = s.AssignmentsOf(ctx, formID); len(as) != 2 {
		t.Fatalf("after moving: %d assignments, want 2", len(as))
	}
	rules, err := s.ListAssignmentRules(ctx, recovery.ID)
	if err != nil || len(rules) != 2 || rules[0].Assigned != 4 {
		t.Fatalf("rules %+v %v", rules, err)
	}
}

func TestMatrixStatusesLeaversAndMovers(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	course := trainingCourse(t, s, "onboarding", "Onboarding")
	boss := person("BOSS", "")
	boss.Role = store.RoleManager
	people := []store.PersonInput{boss, person("M1", "BOSS"), person("A", "M1"), person("B", "M1"), person("C", "M1"), person("D", "M1"), person("X", "")}
	ids := trainingSeedPeople(t, s, people...)
	if _, _, err := s.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleDepartment, Value: "Inbound Voice", DueDays: 7}); err != nil {
		t.Fatal(err)
	}
	trainingTakeQuiz(t, s, ids["A"], course, true)  // passed
	trainingTakeQuiz(t, s, ids["B"], course, false) // failed
	if err := s.MarkLessonRead(ctx, ids["C"], course.ID, course.Revision.Lessons[0].Key); err != nil {
		t.Fatal(err)
	}
	// D has not started.
	org, err := s.OrgPeopleIDs(ctx, ids["BOSS"])
	if err != nil || len(org) != 5 {
		t.Fatalf("BOSS's organisation: %v %v, want 5 people (M1 and M1's four)", org, err)
	}
	m, err := s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: org})
	if err != nil {
		t.Fatal(err)
	}
	status := func(m store.Matrix) map[string]string {
		out := map[string]string{}
		for _, r := range m.Rows {
			out[r.Person.EmployeeID] = r.Cells[0].Status
		}
		return out
	}
	got := status(m)
	want := map[string]string{"M1": store.StatusNotStarted, "A": store.StatusPassed, "B": store.StatusFailed, "C": store.StatusInProgress, "D": store.StatusNotStarted}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
	if len(got) != 5 {
		t.Fatalf("matrix has %v, want only BOSS's organisation", got)
	}
	if tot := m.Totals[0]; tot.Assigned != 5 || tot.Passed != 1 || tot.Overdue != 0 {
		t.Fatalf("totals %+v, want 1 of 5 passed", tot)
	}
	// Eight days later the due date (7 days) has passed: everyone unfinished is overdue.
	c.advance(8 * 24 * time.Hour)
	m, _ = s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: org})
	if got := status(m); got["B"] != store.StatusOverdue || got["C"] != store.StatusOverdue || got["A"] != store.StatusPassed {
		t.Fatalf("after the due date: %v", got)
	}
	if tot := m.Totals[0]; tot.Overdue != 4 || tot.Passed != 1 {
		t.Fatalf("totals %+v, want 4 overdue, 1 passed", tot)
	}
	if od := m.Overdue(c.now()); len(od) != 4 || od[0].DaysLate != 1 {
		t.Fatalf("overdue list %+v", od)
	}
	// A leaves: out of the matrix and the figures, completion kept.
	if err := s.Deactivate(ctx, 0, ids["A"], c.now()); err != nil {
		t.Fatal(err)
	}
	m, _ = s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: org})
	if tot := m.Totals[0]; tot.Assigned != 4 || tot.Passed != 0 {
		t.Fatalf("after A left: %+v, want 0 of 4", tot)
	}
	if _, ok := status(m)["A"]; ok {
		t.Fatal("a leaver is still in the matrix")
	}
	if done, _ := s.CourseCompletions(ctx, "onboarding"); len(done) != 1 {
		t.Fatal("the leaver's completion was lost")
	}
	// B moves team and manager: keeps the history, shows under the new team.
	b := person("B", "X")
	b.Team = "Team Z"
	if _, err := s.SavePerson(ctx, 0, b); err != nil {
		t.Fatal(err)
	}
	m, _ = s.CompletionMatrix(ctx, store.MatrixFilter{Team: "Team Z"})
	if len(m.Rows) != 1 || m.Rows[0].Cells[0].Attempts != 1 || m.Rows[0].Cells[0].Status != store.StatusOverdue {
		t.Fatalf("mover's row %+v", m.Rows)
	}
	org, _ = s.OrgPeopleIDs(ctx, ids["BOSS"])
	if len(org) != 4 { // M1, A (left, still on record), C, D
		t.Fatalf("BOSS's organisation after the move: %d, want 4", len(org))
	}
}

// trainingWrittenSet is a set owned by owner: single (1 point), partial-credit multiple
// (1 point) and written (2 points); pass mark 75, so 3 of 4 points pass.
func trainingWrittenSet(t *testing.T, s *store.Store, owner string) store.QuestionSet {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateQuestionSet(ctx, owner, store.QuestionSetSettings{PassMark: 75})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []store.QuestionInput{
		{Kind: store.QuestionSingle, PromptEN: "One", Options: []store.OptionInput{{TextEN: "A"}, {TextEN: "B", Correct: true}}},
		{Kind: store.QuestionMultiple, PartialCredit: true, PromptEN: "Many",
			Options: []store.OptionInput{{TextEN: "A", Correct: true}, {TextEN: "B", Correct: true}, {TextEN: "C"}}},
		{Kind: store.QuestionWritten, PromptEN: "Explain", RubricEN: "Names the customer", Points: 2},
	} {
		if _, err := s.AddQuestion(ctx, id, in); err != nil {
			t.Fatal(err)
		}
	}
	qs, err := s.QuestionSetByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// An attempt waiting for review that cannot reach the pass mark even with full credit on the
// written answer has failed already: the course status says failed and, for a course quiz,
// the learner may start again without waiting for the reviewer. Other owners still wait.
func TestTrainingPendingAttemptThatCannotPass(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		owner    string
		rightOne bool // the single-choice answer is right: 1 + 0.5 + 2 ≥ 3 can still pass
		cannot   bool
		mayStart bool
	}{
		{store.QuestionSetOwnerCourse, false, true, true},
		{store.QuestionSetOwnerCourse, true, false, false},
		{"check", false, true, false},
	} {
		s := mustOpenStore(t, newClock())
		ids := trainingSeedPeople(t, s, person("E1", ""))
		qs := trainingWrittenSet(t, s, tc.owner)
		oa, err := s.StartAttempt(ctx, qs.ID, ids["E1"])
		if err != nil {
			t.Fatal(err)
		}
		one := "A"
		if tc.rightOne {
			one = "B"
		}
		a, err := s.SubmitAttempt(ctx, ids["E1"], oa.Token, map[int64]store.Answer{
			qs.Questions[0].ID: {OptionIDs: []int64{trainingOptionByText(qs.Questions[0], one)}},
			qs.Questions[1].ID: {OptionIDs: []int64{trainingOptionByText(qs.Questions[1], "A")}},
			qs.Questions[2].ID: {Text: "My words"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != store.AttemptPendingReview || a.PendingPoints != 2 || a.PassMark != 75 || a.CannotPass() != tc.cannot || a.Failed() != tc.cannot {
			t.Fatalf("%s right=%v: %+v CannotPass=%v, want %v", tc.owner, tc.rightOne, a, a.CannotPass(), tc.cannot)
		}
		rules, err := s.AttemptRulesFor(ctx, qs.ID, ids["E1"])
		if err != nil || rules.CanStart != tc.mayStart || rules.Pending == tc.mayStart {
			t.Fatalf("%s right=%v: rules %+v %v, want CanStart=%v", tc.owner, tc.rightOne, rules, err, tc.mayStart)
		}
		_, err = s.StartAttempt(ctx, qs.ID, ids["E1"])
		if tc.mayStart != (err == nil) || !tc.mayStart && !errors.Is(err, store.ErrAttemptPending) {
			t.Fatalf("%s right=%v: second attempt: %v", tc.owner, tc.rightOne, err)
		}
		// Once reviewed (full marks), the attempt is scored: failed when it could not pass.
		a, err = s.ReviewAnswer(ctx, store.ReviewInput{AttemptID: a.ID, QuestionID: qs.Questions[2].ID, ReviewerID: ids["E1"], Percent: 100})
		if err != nil || a.Status != store.AttemptScored || a.Passed == tc.cannot || a.PendingPoints != 0 {
			t.Fatalf("%s right=%v: after review %+v %v", tc.owner, tc.rightOne, a, err)
		}
	}
}

// The shell's overdue banner asks HasOverdueTraining, one query, instead of building the
// course list: it must answer as MyTraining's statuses would, for everyone in a generated
// organisation (passed, failed, in progress, not started, due today and past due) as the
// days go by.
func TestHasOverdueTrainingAgreesWithMyTraining(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, everyone := generatedOrg(t, clk)
	seen := map[bool]int{}
	for _, days := range []int{0, 6, 7, 8, 30, 400} {
		clk.t = newClock().t.AddDate(0, 0, days)
		for _, id := range everyone {
			courses, err := s.MyTraining(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want := false
			for _, c := range courses {
				want = want || c.Progress.Status == store.StatusOverdue
			}
			got, err := s.HasOverdueTraining(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("day +%d, person %d: HasOverdueTraining %v, MyTraining says %v (%+v)", days, id, got, want, courses)
			}
			// A page that has the course list (home) answers from it.
			page := store.WithReadMemo(ctx)
			if _, err := s.MyTraining(page, id); err != nil {
				t.Fatal(err)
			}
			if got, err := s.HasOverdueTraining(page, id); err != nil || got != want {
				t.Fatalf("day +%d, person %d, after the course list: HasOverdueTraining %v (%v), want %v", days, id, got, err, want)
			}
			seen[got]++
		}
	}
	if seen[true] == 0 || seen[false] == 0 {
		t.Fatalf("no variety to compare: %v", seen)
	}
}

// The banner's rule on its own: assigned, past due and not passed.
func TestHasOverdueTrainingRule(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	course := trainingCourse(t, s, "onboarding", "Onboarding")
	ids := trainingSeedPeople(t, s, person("A", ""), person("B", ""))
	if _, _, err := s.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleDepartment, Value: "Inbound Voice", DueDays: 7}); err != nil {
		t.Fatal(err)
	}
	overdue := func(id int64) bool {
		t.Helper()
		got, err := s.HasOverdueTraining(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if overdue(ids["A"]) || overdue(ids["B"]) {
		t.Fatal("overdue before the due date")
	}
	trainingTakeQuiz(t, s, ids["A"], course, true)
	c.advance(7 * 24 * time.Hour)
	if overdue(ids["B"]) {
		t.Fatal("overdue on the due date itself")
	}
	c.advance(24 * time.Hour)
	if overdue(ids["A"]) || !overdue(ids["B"]) {
		t.Fatalf("a day after the due date: A (passed) %v, B (not started) %v", overdue(ids["A"]), overdue(ids["B"]))
	}
}

// Each course's next lesson is the first unread one of that course (my training reads every
// course's reads in one query and hands each course its own).
func TestMyTrainingNextLessonPerCourse(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	agent := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "agent"))
	first := trainingCourse(t, s, "next-a", "Next A")
	second := trainingCourse(t, s, "next-b", "Next B")
	// Reading starts a course: the first lesson of one, the second lesson of the other.
	if err := s.MarkLessonRead(ctx, agent.ID, first.ID, first.Revision.Lessons[0].Key); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkLessonRead(ctx, agent.ID, second.ID, second.Revision.Lessons[1].Key); err != nil {
		t.Fatal(err)
	}
	want := map[int64]int64{first.ID: first.Revision.Lessons[1].Key, second.ID: second.Revision.Lessons[0].Key}
	for _, c := range checksMust[[]store.LearnerCourse](t)(s.MyTraining(ctx, agent.ID)) {
		if w, ok := want[c.Course.ID]; ok {
			if c.NextLesson != w {
				t.Errorf("course %d: next lesson %d, want %d", c.Course.ID, c.NextLesson, w)
			}
			delete(want, c.Course.ID)
		}
	}
	if len(want) > 0 {
		t.Errorf("courses %v missing from my training", want)
	}
}

// A published course's lesson list (kept per published revision for the process's life)
// follows each publication: edits to the draft change nothing learners see until it is
// published, and then the new lessons and titles show at once.
func TestMyTrainingLessonsFollowPublication(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	agent := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "agent"))
	c := trainingCourse(t, s, "follow", "Follow")
	if err := s.MarkLessonRead(ctx, agent.ID, c.ID, c.Revision.Lessons[0].Key); err != nil {
		t.Fatal(err)
	}
	titles := func() []string {
		t.Helper()
		for _, lc := range checksMust[[]store.LearnerCourse](t)(s.MyTraining(ctx, agent.ID)) {
			if lc.Course.ID == c.ID {
				var out []string
				for _, l := range lc.Course.Revision.Lessons {
					out = append(out, l.TitleEN)
				}
				return out
			}
		}
		t.Fatal("the course is missing from my training")
		return nil
	}
	if got := titles(); !slices.Equal(got, []string{"One", "Two"}) {
		t.Fatalf("lessons %v, want One, Two", got)
	}
	if err := s.UpdateLesson(ctx, 0, c.ID, c.Revision.Lessons[0].Key, store.LessonInput{TitleEN: "One, again", BodyEN: "New"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddLesson(ctx, 0, c.ID, store.LessonInput{TitleEN: "Three", BodyEN: "Three"}); err != nil {
		t.Fatal(err)
	}
	if got := titles(); !slices.Equal(got, []string{"One", "Two"}) {
		t.Errorf("before publishing: lessons %v, want the published One, Two", got)
	}
	if err := s.PublishCourse(ctx, 0, c.ID); err != nil {
		t.Fatal(err)
	}
	if got := titles(); !slices.Equal(got, []string{"One, again", "Two", "Three"}) {
		t.Errorf("after publishing: lessons %v, want One, again, Two, Three", got)
	}
}

// The learners' course list keeps each published revision's titles for the process's life
// and reads the rest (key, department, which revision is published) on every call. Every
// change shows at once, on this app server and on another one sharing the database; a
// draft's title shows nowhere until it is published; the list stays in its order
// (onboarding, then English title in byte order, then id) however the titles change.
func TestPublishedCourseListFollowsEveryChange(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := storetest.DB(t, "test.db")
	s, err := store.Open(path, store.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	other, err := store.Open(path, store.WithClock(clk.now)) // another app server
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	b := trainingCourse(t, s, "b", "banana")
	a := trainingCourse(t, s, "a", "Banana")
	trainingCourse(t, s, "onboarding", "zebra")
	list := func(st *store.Store) string {
		t.Helper()
		var out []string
		for _, c := range checksMust[[]store.Course](t)(st.ListCourses(ctx, false)) {
			out = append(out, fmt.Sprintf("%s/%s/%s/%d", c.Key, c.Department, c.Revision.TitleEN, c.Revision.Number))
		}
		return strings.Join(out, " ")
	}
	both := func(when, want string) {
		t.Helper()
		for i, st := range []*store.Store{s, other} {
			if got := list(st); got != want {
				t.Errorf("%s, server %d: %s, want %s", when, i+1, got, want)
			}
		}
	}
	both("published", "onboarding//zebra/1 a//Banana/1 b//banana/1")
	// The key and department change on the course at once; the title goes to a draft.
	if err := s.UpdateCourse(ctx, 0, b.ID, store.CourseInput{Key: "b2", Department: "Billing", TitleEN: "Apple",
		Quiz: store.QuestionSetSettings{PassMark: 100}}); err != nil {
		t.Fatal(err)
	}
	both("draft saved", "onboarding//zebra/1 a//Banana/1 b2/Billing/banana/1")
	if err := s.PublishCourse(ctx, 0, b.ID); err != nil {
		t.Fatal(err)
	}
	both("published again", "onboarding//zebra/1 b2/Billing/Apple/2 a//Banana/1")
	if _, err := other.DB().ExecContext(ctx, "UPDATE courses SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?", a.ID); err != nil {
		t.Fatal(err)
	}
	both("archived", "onboarding//zebra/1 b2/Billing/Apple/2")
	// Authors see every course with its draft, in the same order: "aardvark" before "Apple",
	// as a reader expects (byte order put it last).
	if _, err := s.CreateCourse(ctx, 0, store.CourseInput{Key: "c", TitleEN: "aardvark", Quiz: store.QuestionSetSettings{PassMark: 100}}); err != nil {
		t.Fatal(err)
	}
	var authors []string
	for _, c := range checksMust[[]store.Course](t)(s.ListCourses(ctx, true)) {
		authors = append(authors, c.Revision.TitleEN)
	}
	if got, want := strings.Join(authors, ", "), "zebra, aardvark, Apple, Banana"; got != want {
		t.Errorf("authors' list %s, want %s", got, want)
	}
}

// A learner's own pages read their progress with the person's id (progress' one-person
// path); the leader's matrix reads every table once. Both must say the same, cell by cell,
// for everyone in a generated organisation.
func TestMyTrainingAgreesWithTheMatrix(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, everyone := generatedOrg(t, clk)
	m, err := s.CompletionMatrix(ctx, store.MatrixFilter{})
	if err != nil {
		t.Fatal(err)
	}
	cells := map[[2]int64]store.CourseProgress{}
	for _, row := range m.Rows {
		for _, cell := range row.Cells {
			cells[[2]int64{row.Person.ID, cell.CourseID}] = cell
		}
	}
	compared, withReads, withAttempts := 0, 0, 0
	for _, id := range everyone {
		courses, err := s.MyTraining(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range courses {
			want, ok := cells[[2]int64{id, c.Course.ID}]
			if !ok || !reflect.DeepEqual(c.Progress, want) {
				t.Fatalf("person %d, course %d: my training %+v, matrix %+v", id, c.Course.ID, c.Progress, want)
			}
			compared++
			if want.LessonsRead > 0 {
				withReads++
			}
			if want.Attempts > 0 {
				withAttempts++
			}
		}
	}
	if compared == 0 || withReads == 0 || withAttempts == 0 {
		t.Fatalf("too little to compare: %d courses, %d with lessons read, %d with attempts", compared, withReads, withAttempts)
	}
}

// A learner's status follows their last attempt: failed, then started again, they are in
// progress, not failed — on their own pages (one statement) and in the matrix alike.
func TestTheLastAttemptDecides(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""))
	course := trainingCourse(t, s, "c", "Course")
	trainingTakeQuiz(t, s, ids["E1"], course, false)
	check := func(when, want string, attempts int) {
		t.Helper()
		mine := checksMust[[]store.LearnerCourse](t)(s.MyTraining(ctx, ids["E1"]))
		if len(mine) != 1 || mine[0].Progress.Status != want || mine[0].Progress.Attempts != attempts {
			t.Errorf("%s: my training %+v, want %s after %d attempts", when, mine, want, attempts)
		}
		m, err := s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: []int64{ids["E1"]}})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Rows) != 1 || m.Rows[0].Cells[0].Status != want {
			t.Errorf("%s: matrix %+v, want %s", when, m.Rows, want)
		}
	}
	check("failed", store.StatusFailed, 1)
	if _, err := s.StartAttempt(ctx, course.Revision.QuestionSetID, ids["E1"]); err != nil {
		t.Fatal(err)
	}
	check("started again", store.StatusInProgress, 1)
	trainingTakeQuiz(t, s, ids["E1"], course, true)
	check("passed", store.StatusPassed, 2)
}
