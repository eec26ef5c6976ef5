package handlers_test

import (
	"strings"
	"testing"

	"lodestar/store"
)

// TestCheckAttemptShowsWrongChoiceQuestions: after a strategy-check attempt the person sees
// which choice questions were wrong; the right answers show only when no retake can use them.
func TestCheckAttemptShowsWrongChoiceQuestions(t *testing.T) {
	f := newAuthzFixture(t)
	ctx := t.Context()
	db := f.app.store.DB()
	check, agent := mustInt(t, f.ids["check"]), mustInt(t, f.ids["agent"])
	if _, err := db.Exec(`UPDATE checks SET retakes = 5 WHERE id = ?`, check); err != nil {
		t.Fatal(err)
	}
	qs, err := f.app.store.CheckQuestions(ctx, check)
	if err != nil {
		t.Fatal(err)
	}
	answers := map[int64]store.Answer{}
	var prompt, right string
	for _, q := range qs.Questions {
		switch {
		case q.Kind == store.QuestionWritten:
			answers[q.ID] = store.Answer{Text: "We resolve it the first time, and say what happens next."}
		case prompt == "" && q.Kind == store.QuestionSingle:
			for _, o := range q.Options {
				if o.Correct {
					right = o.TextEN
				} else if answers[q.ID].OptionIDs == nil {
					answers[q.ID] = store.Answer{OptionIDs: []int64{o.ID}}
				}
			}
			prompt = q.PromptEN
		default: // every other question answered right
			var ids []int64
			for _, o := range q.Options {
				if o.Correct {
					ids = append(ids, o.ID)
				}
			}
			answers[q.ID] = store.Answer{OptionIDs: ids}
		}
	}
	if prompt == "" || right == "" {
		t.Fatal("fixture: the open check has no single-choice question")
	}
	oa, err := f.app.store.StartCheckAttempt(ctx, check, agent)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.store.SubmitCheckAttempt(ctx, check, agent, oa.Token, answers); err != nil {
		t.Fatal(err)
	}
	cl := f.app.signedInAs("agent")
	path := "/checks/" + f.ids["check"]

	// Retakes left: which question was wrong, but not the right answer.
	doc := cl.get(path).doc(t)
	if got := doc.Find("[data-testid=wrong-questions]").Text(); !strings.Contains(got, prompt) {
		t.Fatalf("wrong questions %q lack %q", got, prompt)
	}
	if n := doc.Find("[data-testid=right-answer]").Length(); n != 0 {
		t.Errorf("retakes left, yet %d right answers shown", n)
	}
	if doc.Find("[data-testid=key-hidden]").Length() == 0 {
		t.Error("no note that the right answers are held back")
	}

	// No retake left: the right answer shows beside the question.
	if _, err := db.Exec(`UPDATE checks SET retakes = 0 WHERE id = ?`, check); err != nil {
		t.Fatal(err)
	}
	doc = cl.get(path).doc(t)
	if got := doc.Find("[data-testid=wrong-question] [data-testid=right-answer]").Text(); !strings.Contains(got, right) {
		t.Errorf("no retake left: right answer %q, want %q", got, right)
	}
}
