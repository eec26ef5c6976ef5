package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"lodestar/store"
)

// checksAddQuestions gives a check a single-choice question (2 points) and a written one (1 point).
func checksAddQuestions(t *testing.T, s *store.Store, checkID int64) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.AddCheckQuestion(ctx, 0, checkID, store.QuestionInput{Kind: store.QuestionSingle, Points: 2,
		PromptEN: "What is our service promise?", Options: []store.OptionInput{{TextEN: "Fix it the first time", Correct: true}, {TextEN: "Be fast"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddCheckQuestion(ctx, 0, checkID, store.QuestionInput{Kind: store.QuestionWritten, Points: 1,
		PromptEN: "In your own words, what is our service strategy?", RubricEN: "Names the three parts"}); err != nil {
		t.Fatal(err)
	}
}

func TestChecksAnswerWithTheQuestionEngine(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	mgr := person("M", "")
	mgr.Role, mgr.Tier = store.RoleManager, store.TierMiddleManager
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{mgr, person("A", "M"), person("B", "M"),
		{EmployeeID: "N", Name: "New", Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2026-11-01", ManagerEmployeeID: "M"}}, 0); err != nil {
		t.Fatal(err)
	}
	m, _ := s.PersonByEmployeeID(ctx, "M")
	a, _ := s.PersonByEmployeeID(ctx, "A")
	b, _ := s.PersonByEmployeeID(ctx, "B")
	n, _ := s.PersonByEmployeeID(ctx, "N")
	today := clk.t.Format(store.DateLayout)
	id := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Q4", today, today, "0")))
	if _, err := s.StartCheckAttempt(ctx, id, a.ID); err == nil {
		t.Fatal("a check without questions started an attempt")
	}
	if checksMust[bool](t)(s.CheckHasQuestions(ctx, id)) {
		t.Error("a check without questions has questions")
	}
	checksAddQuestions(t, s, id)
	if !checksMust[bool](t)(s.CheckHasQuestions(ctx, id)) {
		t.Error("a check with two questions has none")
	}
	qs := checksMust[store.QuestionSet](t)(s.CheckQuestions(ctx, id))
	single, written := qs.Questions[0], qs.Questions[1]
	right := single.Options[0].ID
	if !single.Options[0].Correct {
		t.Fatal("option order")
	}

	// A answers everything right: score (2 + 1 assumed accepted) / 3 = 100, waiting for review.
	oa := checksMust[store.OpenAttempt](t)(s.StartCheckAttempt(ctx, id, a.ID))
	_, err := s.SubmitCheckAttempt(ctx, id, a.ID, oa.Token, map[int64]store.Answer{single.ID: {OptionIDs: []int64{right}}})
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("unanswered written question: %v", err)
	}
	answers := map[int64]store.Answer{single.ID: {OptionIDs: []int64{right}}, written.ID: {Text: "Fix it first time, own it, follow up."}}
	att := checksMust[store.CheckAttempt](t)(s.SubmitCheckAttempt(ctx, id, a.ID, oa.Token, answers))
	if att.Score != 100 || !att.PassedMark || att.WrittenStatus != store.WrittenPending || att.Practice {
		t.Fatalf("attempt = %+v", att)
	}
	again := checksMust[store.CheckAttempt](t)(s.SubmitCheckAttempt(ctx, id, a.ID, oa.Token, answers))
	if again.ID != att.ID {
		t.Errorf("replayed submission recorded a second attempt")
	}
	// B gets the choice wrong: (0 + 1) / 3 = 33.333333% < 70: not understood whatever the review.
	ob := checksMust[store.OpenAttempt](t)(s.StartCheckAttempt(ctx, id, b.ID))
	wrong := single.Options[1].ID
	bt := checksMust[store.CheckAttempt](t)(s.SubmitCheckAttempt(ctx, id, b.ID, ob.Token, map[int64]store.Answer{single.ID: {OptionIDs: []int64{wrong}}, written.ID: {Text: "Be fast"}}))
	if bt.Score != 33.333333 || bt.PassedMark {
		t.Errorf("B = %+v", bt)
	}
	if _, err := s.StartCheckAttempt(ctx, id, b.ID); err == nil {
		t.Errorf("B started a second attempt with no retakes")
	}
	// N (hired this month) practises.
	on := checksMust[store.OpenAttempt](t)(s.StartCheckAttempt(ctx, id, n.ID))
	nt := checksMust[store.CheckAttempt](t)(s.SubmitCheckAttempt(ctx, id, n.ID, on.Token, answers))
	if !nt.Practice {
		t.Errorf("N's attempt is not practice")
	}

	c := checksMust[store.Check](t)(s.CheckByID(ctx, id))
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, m))
	if rep.Overall != (store.Counts{Eligible: 2, Responded: 2, PendingReview: 1, NotUnderstood: 1}) {
		t.Fatalf("before review = %+v", rep.Overall)
	}
	q := checksMust[[]store.CheckReviewItem](t)(s.ReviewQueue(ctx, c, m))
	if len(q) != 3 { // A, B and N's practice
		t.Fatalf("queue = %d", len(q))
	}
	ans := checksMust[[]store.AnsweredQuestion](t)(s.CheckAttemptAnswers(ctx, att))
	if len(ans) != 1 || ans[0].Text != "Fix it first time, own it, follow up." || ans[0].Rubric("en") != "Names the three parts" {
		t.Fatalf("answers = %+v", ans)
	}
	if err := s.ReviewCheckAttempt(ctx, att.ID, m.ID, true, "Good"); err != nil {
		t.Fatal(err)
	}
	// The person reviewed is told which check and the verdict, in their language.
	if got := told(t, s, a.ID, "en"); !hasNote(got, fmt.Sprintf("Your written answer in the strategy check “Q4” has been reviewed: accepted. → /checks/%d", id)) {
		t.Errorf("review notification: %q", got)
	}
	if got := told(t, s, a.ID, "zh"); !hasNote(got, "您在战略理解度检查“Q4”中的书面回答已评审：通过。") {
		t.Errorf("review notification zh: %q", got)
	}
	rep = checksMust[store.Report](t)(s.CheckReport(ctx, c, m))
	if rep.Overall != (store.Counts{Eligible: 2, Responded: 2, Understood: 1, NotUnderstood: 1}) {
		t.Fatalf("after review = %+v", rep.Overall)
	}
	res := checksMust[store.AttemptResult](t)(s.AttemptResultByID(ctx, oa.ID))
	if res.Status != store.AttemptScored || res.Questions[1].Credit != 1 || res.Questions[1].Feedback != "Good" {
		t.Errorf("engine attempt not settled: %+v", res.Attempt)
	}
	items := checksMust[[]store.ItemStat](t)(s.CheckQuestionAnalysis(ctx, id, []int64{a.ID, b.ID}))
	if len(items) != 2 || items[0].Answered != 2 || items[0].Correct != 1 || items[0].WrongOption == nil || items[0].WrongOption.ID != wrong {
		t.Errorf("item analysis = %+v", items)
	}
}
