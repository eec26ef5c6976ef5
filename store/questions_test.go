package store_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"lodestar/store"
)

func TestScoreAnswer(t *testing.T) {
	// Options 1..4; for multiple: 1, 2, 3 correct, 4 wrong.
	single := store.Question{Kind: store.QuestionSingle, Options: []store.QuestionOption{{ID: 1}, {ID: 2, Correct: true}, {ID: 3}}}
	tf := store.Question{Kind: store.QuestionTrueFalse, Options: []store.QuestionOption{{ID: 1, Correct: true}, {ID: 2}}}
	multi := []store.QuestionOption{{ID: 1, Correct: true}, {ID: 2, Correct: true}, {ID: 3, Correct: true}, {ID: 4}}
	allOrNothing := store.Question{Kind: store.QuestionMultiple, Options: multi}
	partial := store.Question{Kind: store.QuestionMultiple, PartialCredit: true, Options: multi}
	written := store.Question{Kind: store.QuestionWritten}
	tests := []struct {
		name        string
		q           store.Question
		chosen      []int64
		want        float64
		wantPending bool
	}{
		{"single right", single, []int64{2}, 1, false},
		{"single wrong", single, []int64{1}, 0, false},
		{"single right plus wrong", single, []int64{1, 2}, 0, false},
		{"single none", single, nil, 0, false},
		{"true/false right", tf, []int64{1}, 1, false},
		{"true/false wrong", tf, []int64{2}, 0, false},
		{"multiple exact", allOrNothing, []int64{1, 2, 3}, 1, false},
		{"multiple missing one", allOrNothing, []int64{1, 2}, 0, false},
		{"multiple with a wrong one", allOrNothing, []int64{1, 2, 3, 4}, 0, false},
		{"multiple unknown option", allOrNothing, []int64{1, 2, 3, 99}, 0, false},
		{"partial exact", partial, []int64{1, 2, 3}, 1, false},
		{"partial two of three", partial, []int64{1, 2}, 2.0 / 3, false},
		{"partial one of three", partial, []int64{3}, 1.0 / 3, false},
		{"partial all four: (3-1)/3", partial, []int64{1, 2, 3, 4}, 2.0 / 3, false},
		{"partial one right one wrong: 0", partial, []int64{1, 4}, 0, false},
		{"partial only wrong clamps at 0", partial, []int64{4}, 0, false},
		{"written pending", written, nil, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, pending := store.ScoreAnswer(tt.q, store.Answer{OptionIDs: tt.chosen})
			if math.Abs(got-tt.want) > 1e-9 || pending != tt.wantPending {
				t.Fatalf("got %v pending %v, want %v pending %v", got, pending, tt.want, tt.wantPending)
			}
		})
	}
}

func TestPassesAtExactlyThePassMark(t *testing.T) {
	tests := []struct {
		earned, max float64
		mark        int
		want        bool
	}{
		{8, 10, 80, true},
		{7.99, 10, 80, false},
		{4, 5, 80, true},
		{2, 3, 67, false}, // 66.67% < 67%
		{2, 3, 66, true},
		{0, 0, 0, true},
		{10, 10, 100, true},
	}
	for _, tt := range tests {
		if got := store.Passes(tt.earned, tt.max, tt.mark); got != tt.want {
			t.Errorf("Passes(%v, %v, %d) = %v, want %v", tt.earned, tt.max, tt.mark, got, tt.want)
		}
	}
}

// trainingQuestionSet makes a set with a single-choice (B correct), a partial-credit multiple
// (A, B correct; C wrong) and optionally a written question.
func trainingQuestionSet(t *testing.T, s *store.Store, st store.QuestionSetSettings, withWritten bool) store.QuestionSet {
	t.Helper()
	ctx := context.Background()
	id, err := s.CreateQuestionSet(ctx, "test", st)
	if err != nil {
		t.Fatal(err)
	}
	inputs := []store.QuestionInput{
		{Kind: store.QuestionSingle, PromptEN: "Who is the next step's customer?", ExplanationEN: "The next step.",
			Options: []store.OptionInput{{TextEN: "A"}, {TextEN: "B", Correct: true}, {TextEN: "C"}}},
		{Kind: store.QuestionMultiple, PartialCredit: true, PromptEN: "Pick the values",
			Options: []store.OptionInput{{TextEN: "A", Correct: true}, {TextEN: "B", Correct: true}, {TextEN: "C"}}},
	}
	if withWritten {
		inputs = append(inputs, store.QuestionInput{Kind: store.QuestionWritten, PromptEN: "Explain", RubricEN: "Names the customer", Points: 2})
	}
	for _, in := range inputs {
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

func trainingSeedPeople(t *testing.T, s *store.Store, people ...store.PersonInput) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, people, 0); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, p := range people {
		got, err := s.PersonByEmployeeID(ctx, p.EmployeeID)
		if err != nil {
			t.Fatal(err)
		}
		ids[p.EmployeeID] = got.ID
	}
	return ids
}

// trainingOptionByText finds an option id by its English text.
func trainingOptionByText(q store.Question, text string) int64 {
	for _, o := range q.Options {
		if o.TextEN == text {
			return o.ID
		}
	}
	return 0
}

func TestAttemptScoresOnServerAndSubmissionIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""))
	qs := trainingQuestionSet(t, s, store.QuestionSetSettings{PassMark: 80}, false)
	q1, q2 := qs.Questions[0], qs.Questions[1]

	oa, err := s.StartAttempt(ctx, qs.ID, ids["E1"])
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.StartAttempt(ctx, qs.ID, ids["E1"])
	if err != nil || again.ID != oa.ID {
		t.Fatalf("reopening gave attempt %d (%v), want the open one %d", again.ID, err, oa.ID)
	}
	// Single right (1 point) + multiple A only: (1-0)/2 = 0.5 → 1.5 of 2 = 75% < 80%.
	answers := map[int64]store.Answer{
		q1.ID: {OptionIDs: []int64{trainingOptionByText(q1, "B")}},
		q2.ID: {OptionIDs: []int64{trainingOptionByText(q2, "A")}},
	}
	a, err := s.SubmitAttempt(ctx, ids["E1"], oa.Token, answers)
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != store.AttemptScored || math.Abs(a.Points-1.5) > 1e-9 || a.MaxPoints != 2 || a.Passed || a.Percent() != 75 {
		t.Fatalf("got %+v, want scored 1.5 of 2, 75%%, failed", a)
	}
	// The same token again (double click, back button, replay) with better answers: no change.
	answers[q2.ID] = store.Answer{OptionIDs: []int64{trainingOptionByText(q2, "A"), trainingOptionByText(q2, "B")}}
	b, err := s.SubmitAttempt(ctx, ids["E1"], oa.Token, answers)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Replayed || b.ID != a.ID || b.Points != 1.5 {
		t.Fatalf("replay gave %+v", b)
	}
	attempts, err := s.AttemptsOf(ctx, ids["E1"], qs.ID)
	if err != nil || len(attempts) != 1 {
		t.Fatalf("got %d attempts (%v), want 1", len(attempts), err)
	}
	// Someone else's token is not theirs to submit.
	other := trainingSeedPeople(t, s, person("E2", ""))
	if _, err := s.SubmitAttempt(ctx, other["E2"], oa.Token, answers); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign token: %v", err)
	}
}

func TestSubmitRequiresEveryAnswerAndStoresNothingOtherwise(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""))
	qs := trainingQuestionSet(t, s, store.QuestionSetSettings{PassMark: 50}, true)
	oa, err := s.StartAttempt(ctx, qs.ID, ids["E1"])
	if err != nil {
		t.Fatal(err)
	}
	q1 := qs.Questions[0]
	_, err = s.SubmitAttempt(ctx, ids["E1"], oa.Token, map[int64]store.Answer{
		q1.ID: {OptionIDs: []int64{trainingOptionByText(q1, "A"), trainingOptionByText(q1, "B")}},
	})
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want validation error, got %v", err)
	}
	want := map[string]string{
		fmt.Sprintf("q%d", q1.ID):              "choose_one",
		fmt.Sprintf("q%d", qs.Questions[1].ID): "answer_required",
		fmt.Sprintf("q%d", qs.Questions[2].ID): "answer_required",
	}
	for field, code := range want {
		if p, ok := verr.FieldProblem(field); !ok || p.Code != code {
			t.Errorf("%s: got %+v, want %s", field, p, code)
		}
	}
	a, err := s.AttemptByToken(ctx, ids["E1"], oa.Token)
	if err != nil || a.Status != store.AttemptOpen {
		t.Fatalf("attempt after a refused submission: %+v %v", a, err)
	}
}

func TestAttemptLimitAndCooldownFollowTheClock(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	ids := trainingSeedPeople(t, s, person("E1", ""))
	qs := trainingQuestionSet(t, s, store.QuestionSetSettings{PassMark: 100, MaxAttempts: 2, CooldownMinutes: 60}, false)
	q1, q2 := qs.Questions[0], qs.Questions[1]
	wrong := map[int64]store.Answer{
		q1.ID: {OptionIDs: []int64{trainingOptionByText(q1, "A")}},
		q2.ID: {OptionIDs: []int64{trainingOptionByText(q2, "C")}},
	}
	take := func() error {
		oa, err := s.StartAttempt(ctx, qs.ID, ids["E1"])
		if err != nil {
			return err
		}
		_, err = s.SubmitAttempt(ctx, ids["E1"], oa.Token, wrong)
		return err
	}
	if err := take(); err != nil {
		t.Fatal(err)
	}
	c.advance(59 * time.Minute)
	var cool *store.CoolingDownError
	if err := take(); !errors.As(err, &cool) {
		t.Fatalf("59 minutes later: %v, want cooling down", err)
	}
	if want := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC); !cool.Until.Equal(want) {
		t.Fatalf("cool-down until %v, want %v", cool.Until, want)
	}
	c.advance(time.Minute)
	if err := take(); err != nil {
		t.Fatalf("60 minutes later: %v", err)
	}
	c.advance(24 * time.Hour)
	if err := take(); !errors.Is(err, store.ErrAttemptLimit) {
		t.Fatalf("third attempt: %v, want limit", err)
	}
	rules, err := s.AttemptRulesFor(ctx, qs.ID, ids["E1"])
	if err != nil || rules.Used != 2 || !rules.LimitHit || rules.CanStart {
		t.Fatalf("rules %+v %v", rules, err)
	}
}

func TestWrittenAnswerWaitsForReviewThenScores(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("M1", ""), person("E1", "M1"))
	qs := trainingQuestionSet(t, s, store.QuestionSetSettings{PassMark: 75}, true)
	q1, q2, q3 := qs.Questions[0], qs.Questions[1], qs.Questions[2]
	oa, err := s.StartAttempt(ctx, qs.ID, ids["E1"])
	if err != nil {
		t.Fatal(err)
	}
	a, err := s.SubmitAttempt(ctx, ids["E1"], oa.Token, map[int64]store.Answer{
		q1.ID: {OptionIDs: []int64{trainingOptionByText(q1, "B")}},
		q2.ID: {OptionIDs: []int64{trainingOptionByText(q2, "A"), trainingOptionByText(q2, "B")}},
		q3.ID: {Text: "The next step in the workflow is my customer."},
	})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != store.AttemptPendingReview || a.Passed {
		t.Fatalf("before review: %+v", a)
	}
	if _, err := s.StartAttempt(ctx, qs.ID, ids["E1"]); !errors.Is(err, store.ErrAttemptPending) {
		t.Fatalf("new attempt while one waits for review: %v", err)
	}
	pending, err := s.PendingReviews(ctx, []int64{ids["E1"]}, nil)
	if err != nil || len(pending) != 1 || pending[0].Question.RubricEN != "Names the customer" || pending[0].Text == "" {
		t.Fatalf("pending %+v %v", pending, err)
	}
	if other, _ := s.PendingReviews(ctx, []int64{ids["M1"]}, nil); len(other) != 0 {
		t.Fatalf("M1 has nothing to be reviewed, got %d", len(other))
	}
	if _, err := s.ReviewAnswer(ctx, store.ReviewInput{AttemptID: a.ID, QuestionID: q3.ID, ReviewerID: ids["M1"], Percent: 120}); err == nil {
		t.Fatal("120% accepted")
	}
	// 1 + 1 + 2×0.5 = 3 of 4 = 75% → passes a 75% mark.
	a, err = s.ReviewAnswer(ctx, store.ReviewInput{AttemptID: a.ID, QuestionID: q3.ID, ReviewerID: ids["M1"], Percent: 50, Feedback: "Say who the next step is."})
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != store.AttemptScored || a.Points != 3 || a.MaxPoints != 4 || !a.Passed {
		t.Fatalf("after review: %+v", a)
	}
	res, err := s.AttemptResultByID(ctx, a.ID)
	if err != nil || res.Questions[2].Feedback != "Say who the next step is." || res.Questions[2].ReviewerID != ids["M1"] {
		t.Fatalf("result %+v %v", res.Questions, err)
	}
	if _, err := s.ReviewAnswer(ctx, store.ReviewInput{AttemptID: a.ID, QuestionID: q3.ID, ReviewerID: ids["M1"], Percent: 0}); err == nil {
		t.Fatal("a scored attempt was reviewed again")
	}
	if pending, _ := s.PendingReviews(ctx, nil, nil); len(pending) != 0 {
		t.Fatalf("still pending: %d", len(pending))
	}
}

func TestDrawAndShuffleAreFixedPerAttempt(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""))
	id, err := s.CreateQuestionSet(ctx, "test", store.QuestionSetSettings{PassMark: 0, DrawCount: 3, ShuffleOptions: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		if _, err := s.AddQuestion(ctx, id, store.QuestionInput{Kind: store.QuestionSingle, PromptEN: fmt.Sprint("Q", i),
			Options: []store.OptionInput{{TextEN: "a", Correct: true}, {TextEN: "b"}, {TextEN: "c"}, {TextEN: "d"}}}); err != nil {
			t.Fatal(err)
		}
	}
	oa, err := s.StartAttempt(ctx, id, ids["E1"])
	if err != nil {
		t.Fatal(err)
	}
	if len(oa.Questions) != 3 {
		t.Fatalf("drew %d questions, want 3", len(oa.Questions))
	}
	again, _ := s.StartAttempt(ctx, id, ids["E1"])
	for i := range oa.Questions {
		if oa.Questions[i].ID != again.Questions[i].ID || len(oa.Questions[i].Options) != 4 {
			t.Fatal("reopening changed the drawn questions")
		}
		for j := range oa.Questions[i].Options {
			if oa.Questions[i].Options[j].ID != again.Questions[i].Options[j].ID {
				t.Fatal("reopening changed the option order")
			}
		}
	}
}

func TestAttemptedSetIsFrozenAndCopiesKeepOrigin(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""))
	qs := trainingQuestionSet(t, s, store.QuestionSetSettings{PassMark: 50}, false)
	if _, err := s.AddQuestion(ctx, qs.ID, store.QuestionInput{Kind: store.QuestionSingle, PromptEN: ""}); err == nil {
		t.Fatal("empty question accepted")
	}
	if _, err := s.StartAttempt(ctx, qs.ID, ids["E1"]); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateQuestion(ctx, qs.Questions[0].ID, store.QuestionInput{Kind: store.QuestionTrueFalse, PromptEN: "x"}); !errors.Is(err, store.ErrSetInUse) {
		t.Fatalf("editing an attempted set: %v", err)
	}
	copyID, err := s.CopyQuestionSet(ctx, qs.ID)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := s.QuestionSetByID(ctx, copyID)
	if err != nil || len(cp.Questions) != 2 || cp.Questions[0].OriginID != qs.Questions[0].ID || cp.PassMark != 50 {
		t.Fatalf("copy %+v %v", cp, err)
	}
	if err := s.UpdateQuestion(ctx, cp.Questions[0].ID, store.QuestionInput{Kind: store.QuestionTrueFalse, PromptEN: "x", TrueIsCorrect: true}); err != nil {
		t.Fatalf("editing the copy: %v", err)
	}
	orig, _ := s.QuestionSetByID(ctx, qs.ID)
	if orig.Questions[0].Kind != store.QuestionSingle {
		t.Fatal("editing the copy changed the original")
	}
}

func TestItemAnalysisOnAKnownAnswerSet(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""), person("E2", ""), person("E3", ""), person("E4", ""))
	qs := trainingQuestionSet(t, s, store.QuestionSetSettings{PassMark: 50}, false)
	q1, q2 := qs.Questions[0], qs.Questions[1]
	o := func(q store.Question, texts ...string) store.Answer {
		var a store.Answer
		for _, t := range texts {
			a.OptionIDs = append(a.OptionIDs, trainingOptionByText(q, t))
		}
		return a
	}
	// q1 (B right): E1 B, E2 C, E3 C, E4 A → 1 of 4 right; most chosen wrong: C (2).
	// q2 (A, B right; C wrong): E1 A B, E2 A B, E3 A C, E4 A → full credit 2 of 4; wrong: C (1).
	given := map[string]map[int64]store.Answer{
		"E1": {q1.ID: o(q1, "B"), q2.ID: o(q2, "A", "B")},
		"E2": {q1.ID: o(q1, "C"), q2.ID: o(q2, "A", "B")},
		"E3": {q1.ID: o(q1, "C"), q2.ID: o(q2, "A", "C")},
		"E4": {q1.ID: o(q1, "A"), q2.ID: o(q2, "A")},
	}
	for emp, answers := range given {
		oa, err := s.StartAttempt(ctx, qs.ID, ids[emp])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitAttempt(ctx, ids[emp], oa.Token, answers); err != nil {
			t.Fatal(err)
		}
	}
	// An open, unsubmitted attempt does not count.
	copyID, _ := s.CopyQuestionSet(ctx, qs.ID)
	if _, err := s.StartAttempt(ctx, copyID, ids["E1"]); err != nil {
		t.Fatal(err)
	}
	stats, err := s.ItemAnalysis(ctx, nil, qs.ID, copyID)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 2 {
		t.Fatalf("got %d items, want 2 (copies count as one)", len(stats))
	}
	if st := stats[0]; st.Answered != 4 || st.Correct != 1 || st.Share != 0.25 || st.WrongOption == nil || st.WrongOption.TextEN != "C" || st.WrongOptionPick != 2 {
		t.Fatalf("q1: %+v", st)
	}
	if st := stats[1]; st.Answered != 4 || st.Correct != 2 || st.Share != 0.5 || st.WrongOption == nil || st.WrongOption.TextEN != "C" || st.WrongOptionPick != 1 {
		t.Fatalf("q2: %+v", st)
	}
	// Limited to E1 and E2: q1 1 of 2, no… E2 chose C.
	stats, _ = s.ItemAnalysis(ctx, []int64{ids["E1"], ids["E2"]}, qs.ID)
	if st := stats[0]; st.Answered != 2 || st.Correct != 1 || st.WrongOptionPick != 1 {
		t.Fatalf("q1 for E1, E2: %+v", st)
	}
	// A leader's scope is a whole organisation: more people than SQLite binds variables.
	many := []int64{ids["E1"], ids["E2"]}
	for i := int64(0); i < 40000; i++ {
		many = append(many, 1_000_000+i)
	}
	stats, err = s.ItemAnalysis(ctx, many, qs.ID)
	if err != nil {
		t.Fatalf("40,002 people: %v", err)
	}
	if st := stats[0]; st.Answered != 2 || st.Correct != 1 {
		t.Fatalf("q1 for E1, E2 among 40,000 others: %+v", st)
	}
}
