package handlers

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"lodestar/store"
)

// FuzzQuizAnswers sends fuzzed form bodies through the parsing of submitted answers
// (trainingQuizAnswers, shared by course quizzes and checks) and on into the real
// SubmitAttempt. Whatever the body: no panic; one answer per question; credit within 0..1;
// and a refused submission stores no answer and leaves the attempt open.
func FuzzQuizAnswers(f *testing.F) {
	ctx := context.Background()
	s, err := store.Open(filepath.Join(f.TempDir(), "quiz.db"))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	setID, err := s.CreateQuestionSet(ctx, store.QuestionSetOwnerCourse, store.QuestionSetSettings{PassMark: 50})
	if err != nil {
		f.Fatal(err)
	}
	for _, q := range []store.QuestionInput{
		{Kind: store.QuestionSingle, PromptEN: "One?", Options: []store.OptionInput{{TextEN: "a", Correct: true}, {TextEN: "b"}}},
		{Kind: store.QuestionMultiple, PartialCredit: true, PromptEN: "Some?", Options: []store.OptionInput{{TextEN: "a", Correct: true}, {TextEN: "b", Correct: true}, {TextEN: "c"}}},
		{Kind: store.QuestionTrueFalse, PromptEN: "True?", TrueIsCorrect: true},
		{Kind: store.QuestionWritten, PromptEN: "Why?", RubricEN: "Because."},
	} {
		if _, err := s.AddQuestion(ctx, setID, q); err != nil {
			f.Fatal(err)
		}
	}
	qs, err := s.QuestionSetByID(ctx, setID)
	if err != nil {
		f.Fatal(err)
	}
	byID := map[int64]store.Question{}
	var ids []int64
	for _, q := range qs.Questions {
		byID[q.ID] = q
		ids = append(ids, q.ID)
	}
	seed := func(parts ...string) { f.Add(strings.Join(parts, "&")) }
	o := func(q, opt int) string { return fmt.Sprintf("q%d=%d", ids[q], qs.Questions[q].Options[opt].ID) }
	w := func(text string) string { return fmt.Sprintf("q%d=%s", ids[3], text) }
	seed(o(0, 0), o(1, 0), o(1, 1), o(2, 0), w("because+it+is"))
	seed(o(0, 1), o(1, 2), o(2, 1), w("no"))
	seed(o(0, 0), o(0, 1), o(1, 0), o(1, 0), o(2, 0), w("a&"+w("b")))
	seed(fmt.Sprintf("q%d=999999", ids[0]), fmt.Sprintf("q%d=-1", ids[1]), fmt.Sprintf("q%d=abc", ids[2]), w("x"))
	seed(o(0, 0), o(1, 0), o(2, 0))                               // written left empty
	seed(o(0, 0), o(1, 0), o(2, 0), w("%E2%80%AEevil"))           // bidi override
	seed(o(0, 0), o(1, 0), o(2, 0), w("%00"), "q0=1")             // NUL
	seed(o(0, 0), o(1, 0), o(2, 0), w("%FF%FE"))                  // invalid UTF-8
	seed(o(0, 0), o(1, 0), o(2, 0), w(strings.Repeat("x", 4001))) // too long
	seed("%zz", "q=1", "=", "&&&")
	seed(fmt.Sprintf("q%d=9223372036854775807", ids[0]), fmt.Sprintf("q%d=-9223372036854775808", ids[1]))

	person := 0
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/training/courses/1/quiz", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := req.ParseForm(); err != nil {
			return // the handler answers 400 before reading answers
		}
		person++
		emp := fmt.Sprintf("P%d", person)
		if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{{EmployeeID: emp, Name: emp, Department: "D", Team: "T",
			Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01"}}, 0); err != nil {
			t.Fatal(err)
		}
		p, err := s.PersonByEmployeeID(ctx, emp)
		if err != nil {
			t.Fatal(err)
		}
		oa, err := s.StartAttempt(ctx, setID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		answers := trainingQuizAnswers(req, oa.Questions)
		if len(answers) != len(oa.Questions) {
			t.Fatalf("%d answers for %d questions", len(answers), len(oa.Questions))
		}
		for id, a := range answers {
			credit, pending := store.ScoreAnswer(byID[id], a)
			if math.IsNaN(credit) || credit < 0 || credit > 1 || pending != (byID[id].Kind == store.QuestionWritten) {
				t.Fatalf("question %d, answer %+v: credit %v, pending %v", id, a, credit, pending)
			}
		}
		var before int
		s.DB().QueryRow("SELECT count(*) FROM attempt_answers").Scan(&before)
		got, err := s.SubmitAttempt(ctx, p.ID, oa.Token, answers)
		var verr *store.ValidationError
		switch {
		case errors.As(err, &verr):
			var after int
			s.DB().QueryRow("SELECT count(*) FROM attempt_answers").Scan(&after)
			again, aerr := s.AttemptByToken(ctx, p.ID, oa.Token)
			if after != before || aerr != nil || again.Status != store.AttemptOpen {
				t.Fatalf("refused submission wrote: answers %d → %d, attempt %+v %v", before, after, again, aerr)
			}
		case err != nil:
			t.Fatalf("submit: %v", err)
		case got.Status == store.AttemptOpen:
			t.Fatalf("accepted submission left the attempt open")
		}
	})
}
