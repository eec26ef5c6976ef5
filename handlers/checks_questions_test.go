package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// checksAddQuestionsViaPage writes a single-choice and a written question through the leader's page.
func checksAddQuestionsViaPage(t *testing.T, app *testApp, id int64) {
	t.Helper()
	lead := app.signedIn("LEAD")
	p := "/checks/" + itoa(id) + "/questions"
	res := lead.post(p, url.Values{"kind": {"single"}, "prompt_en": {"What do we promise customers?"},
		"options": {"*Fix it the first time | 一次解决\nBe the cheapest | 价格最低"}, "points": {"2"}, "true_is_correct": {"true"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add single: %d %s", res.StatusCode, res.Body)
	}
	res = lead.post(p, url.Values{"kind": {"written"}, "prompt_en": {"In your own words, what is our service strategy?"},
		"rubric_en": {"Names first-contact resolution and customer effort"}, "points": {"1"}, "true_is_correct": {"true"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add written: %d", res.StatusCode)
	}
}

// checksStartQuiz opens the start page of check page p, presses Start (a POST) and returns
// the questions it leads to.
func checksStartQuiz(t *testing.T, c *client, p string) *goquery.Document {
	t.Helper()
	if c.get(p+"/take").doc(t).Find(`[data-testid="start-check"]`).Length() != 1 {
		t.Fatalf("no Start button on %s/take", p)
	}
	res := c.post(p+"/start", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != p+"/take" {
		t.Fatalf("start: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	quiz := c.get(p + "/take").doc(t)
	if quiz.Find(`[data-testid="check-quiz"] input[name="token"]`).Length() != 1 {
		t.Fatalf("no questions after Start")
	}
	return quiz
}

// checksEngineAttempts counts the attempts (started or submitted) employeeID has at the check's questions.
func checksEngineAttempts(t *testing.T, app *testApp, checkID int64, employeeID string) int {
	t.Helper()
	set, err := app.store.CheckQuestions(context.Background(), checkID)
	if err != nil {
		t.Fatal(err)
	}
	as, err := app.store.AttemptsOf(context.Background(), checksPersonID(t, app, employeeID), set.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(as)
}

// GET /checks/{id}/take never starts an attempt (a link prefetcher must not spend an
// eligible person's one final answer): it shows the start page, or resumes the attempt in
// progress. Only the Start button's POST starts one, and the retake limit still holds.
func TestChecksTakeGETStartsNothing(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app) // with a single-choice and a written question
	p := "/checks/" + itoa(id)
	agent := app.signedIn("AG1")
	for range 3 {
		res := agent.get(p + "/take")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET take: %d", res.StatusCode)
		}
		doc := res.doc(t)
		if doc.Find(`[data-testid="check-quiz"]`).Length() != 0 || doc.Find(`[data-testid="start-check"]`).Length() != 1 {
			t.Fatalf("GET take shows questions or no Start button")
		}
		checks := map[string]string{"start-final": "final", "start-retakes": "one attempt: no retakes", "start-questions": "2 questions. 1 asks for a written answer",
			"start-culture": "as published", "eligible": "long-term employees this check counts"}
		for testid, want := range checks {
			if got := doc.Find(`[data-testid="` + testid + `"]`).Text(); !strings.Contains(got, want) {
				t.Errorf("start page %s = %q, want %q", testid, got, want)
			}
		}
	}
	if n := checksEngineAttempts(t, app, id, "AG1"); n != 0 {
		t.Fatalf("GET started %d attempts", n)
	}
	// The practising new hire's GET starts nothing either.
	newhire := app.signedIn("NEW")
	if newhire.get(p+"/take").doc(t).Find(`[data-testid="check-start"] [data-testid="practice"]`).Length() != 1 {
		t.Errorf("the new hire's start page does not say practice")
	}
	if n := checksEngineAttempts(t, app, id, "NEW"); n != 0 {
		t.Fatalf("the new hire's GET started %d attempts", n)
	}

	// POST starts one; GET resumes it (same token) and starts nothing more; so does a second POST.
	quiz := checksStartQuiz(t, agent, p)
	token, _ := quiz.Find(`input[name="token"]`).Attr("value")
	again := agent.get(p + "/take").doc(t)
	if tok, _ := again.Find(`input[name="token"]`).Attr("value"); tok != token || token == "" {
		t.Errorf("GET did not resume the attempt: %q vs %q", tok, token)
	}
	if res := agent.post(p+"/start", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("second start: %d", res.StatusCode)
	}
	if n := checksEngineAttempts(t, app, id, "AG1"); n != 1 {
		t.Fatalf("after Start and resume: %d attempts, want 1", n)
	}

	// Submitted: no retakes, so the start page has no button and POST is refused.
	choice, _ := quiz.Find(`input[type="radio"]`).First().Attr("name")
	value, _ := quiz.Find(`input[type="radio"]`).First().Attr("value")
	written, _ := quiz.Find(`textarea`).Attr("name")
	if res := agent.post(p+"/take", url.Values{"token": {token}, choice: {value}, written: {"We fix it the first time."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	doc := agent.get(p + "/take").doc(t)
	if doc.Find(`[data-testid="start-check"]`).Length() != 0 || doc.Find(`[data-testid="check-quiz"]`).Length() != 0 {
		t.Errorf("after the final submission the start page still offers an attempt")
	}
	if res := agent.post(p+"/start", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != p {
		t.Errorf("start after the final submission: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if n := checksEngineAttempts(t, app, id, "AG1"); n != 1 {
		t.Errorf("after the refused start: %d attempts, want 1", n)
	}
}

func TestChecksAnswerReviewAndRateChanges(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	p := "/checks/" + itoa(id)
	if res := app.signedIn("MGR1").get(p + "/questions"); res.StatusCode != http.StatusForbidden {
		t.Errorf("manager on the questions page: %d", res.StatusCode)
	}
	// A question without a prompt comes back with the error and the typed options.
	res := app.signedIn("LEAD").post(p+"/questions", url.Values{"kind": {"single"}, "options": {"*A\nB"}, "points": {"1"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.doc(t).Find(`textarea[name="options"]`).Text(), "*A") {
		t.Fatalf("bad question: %d", res.StatusCode)
	}

	// Before anyone has answered, the item analysis says so — to the leader (the whole
	// organisation) and to a manager (their tree).
	for _, who := range []string{"LEAD", "MGR1"} {
		analysis := app.signedIn(who).get(p + "/report").doc(t).Find(`[data-testid="item-analysis"]`)
		if analysis.Length() != 1 || analysis.Find("tbody tr").Length() != 0 || !strings.Contains(analysis.Text(), "No answers") {
			t.Errorf("%s: item analysis before any answer: %q", who, analysis.Text())
		}
	}

	agent := app.signedIn("AG1")
	page := agent.get(p).doc(t)
	href, ok := page.Find(`[data-testid="take-check"]`).Attr("href")
	if !ok || href != p+"/take" {
		t.Fatalf("no take link: %q", href)
	}
	quiz := checksStartQuiz(t, agent, p)
	token, _ := quiz.Find(`input[name="token"]`).Attr("value")
	var choiceName, rightValue, writtenName string
	quiz.Find(`input[type="radio"]`).Each(func(i int, s *goquery.Selection) {
		choiceName, _ = s.Attr("name")
		if strings.Contains(s.Parent().Text(), "Fix it the first time") {
			rightValue, _ = s.Attr("value")
		}
	})
	writtenName, _ = quiz.Find(`textarea`).Attr("name")
	// Missing written answer: 422, the choice kept.
	res = agent.post(href, url.Values{"token": {token}, choiceName: {rightValue}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("incomplete submission: %d", res.StatusCode)
	}
	if _, checked := res.doc(t).Find(`input[value="` + rightValue + `"]`).Attr("checked"); !checked {
		t.Errorf("the chosen answer was not kept")
	}
	res = agent.post(href, url.Values{"token": {token}, choiceName: {rightValue}, writtenName: {"We fix it the first time and keep the customer's effort low."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Body)
	}
	// Submission is final: no retakes allowed, so no second attempt.
	if res := agent.post(p+"/start", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != p {
		t.Errorf("second attempt: %d %q, want a redirect to the check", res.StatusCode, res.Header.Get("Location"))
	}
	if agent.get(href).doc(t).Find(`[data-testid="start-check"]`).Length() != 0 {
		t.Errorf("the start page offers a second attempt")
	}

	lead := app.signedIn("LEAD")
	rate := func() string {
		return strings.TrimSpace(lead.get(p + "/report").doc(t).Find(`[data-testid="by-tier-row"][data-key="front_line"] [data-testid="rate"]`).Text())
	}
	if got := rate(); got != "0% · 0 of 6" {
		t.Fatalf("before review: %q (pending is not understanding)", got)
	}
	mgr := app.signedIn("MGR1")
	queue := mgr.get(p + "/reviews").doc(t)
	if !strings.Contains(queue.Find(`[data-testid="answer-text"]`).Text(), "keep the customer's effort low") ||
		!strings.Contains(queue.Find(`[data-testid="rubric"]`).Text(), "first-contact resolution") {
		t.Fatalf("the queue does not show the answer and rubric")
	}
	action, _ := queue.Find(`[data-testid^="review-"] form`).Attr("action")
	if res := app.signedIn("MGR2").post(action, url.Values{"verdict": {"accept"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another team's manager reviewed: %d", res.StatusCode)
	}
	if res := mgr.post(action, url.Values{"verdict": {"accept"}, "feedback": {"Clear"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	if got := rate(); got != "16% · 1 of 6" {
		t.Fatalf("after review: %q", got)
	}
	// The agent sees the verdict and feedback; the new hire may only practise.
	own := agent.get(p).doc(t)
	if !strings.Contains(own.Find(`[data-testid="my-attempts"]`).Text(), "Clear") ||
		!strings.Contains(own.Find(`[data-testid="my-answer"]`).Text(), "keep the customer's effort low") {
		t.Errorf("the agent does not see their answer and feedback")
	}
	if strings.Contains(app.signedIn("AG2").get(p).Body, "keep the customer's effort low") {
		t.Errorf("a peer sees the agent's answer")
	}
	if app.signedIn("NEW").get(p+"/take").doc(t).Find(`[data-testid="check-start"] [data-testid="practice"]`).Length() != 1 {
		t.Errorf("new hire's start page does not say practice")
	}
	if checksStartQuiz(t, app.signedIn("NEW"), p).Find(`[data-testid="practice"]`).Length() != 1 {
		t.Errorf("new hire's quiz does not say practice")
	}
	items := lead.get(p + "/report").doc(t).Find(`[data-testid="item-analysis"] tbody tr`)
	if items.Length() != 2 || !strings.Contains(items.First().Text(), "100% · 1 of 1") {
		t.Errorf("item analysis: %q", items.Text())
	}
	c, _ := app.store.CheckByID(context.Background(), id)
	if c.Status != store.CheckOpen {
		t.Errorf("status %s", c.Status)
	}
}

func TestChecksRefresherInOneAction(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	checksAttempt(t, app, id, "AG1", 90, false)
	checksAttempt(t, app, id, "AG2", 40, false)
	checksAttempt(t, app, id, "AG6", 95, true) // waiting for review: not yet assigned while open
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	mgr := app.signedIn("MGR1")
	p := "/checks/" + itoa(id)
	doc := mgr.get(p + "/report").doc(t)
	// MGR1's people who did not demonstrate understanding: AG2 (not understood), AG3, AG4 (no response).
	if got := strings.TrimSpace(doc.Find(`[data-testid="assign-refresher"]`).Text()); got != "Assign the course to all 3 people" {
		t.Fatalf("button = %q", got)
	}
	res := mgr.post(p+"/refresher", url.Values{"course_id": {itoa(course.ID)}, "due_days": {"14"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d", res.StatusCode)
	}
	assigned := func(e string) int {
		as, err := app.store.AssignmentsOf(context.Background(), checksPersonID(t, app, e))
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}
	for e, want := range map[string]int{"AG2": 1, "AG3": 1, "AG4": 1, "AG1": 0, "AG6": 0, "AG5": 0, "MGR2": 0} {
		if got := assigned(e); got != want {
			t.Errorf("%s has %d assignments, want %d", e, got, want)
		}
	}
	if res := app.signedIn("AG1").post(p+"/refresher", url.Values{"course_id": {itoa(course.ID)}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("agent assigned refreshers: %d", res.StatusCode)
	}
}

// With a retake allowed, a person whose written answer waits for review is told so and
// offered no new attempt until it is scored (the question engine refuses one meanwhile).
func TestChecksNoRetakeWhileAnswersAwaitReview(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	form := checksForm("Q4 strategy check", "2026-11-23", "2026-12-07")
	form.Set("retakes", "1")
	id := checksCreateCheck(t, app, form)
	checksAddQuestionsViaPage(t, app, id)
	c, err := app.store.CheckByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	p := "/checks/" + itoa(c.ID)
	agent := app.signedIn("AG1")
	quiz := checksStartQuiz(t, agent, p)
	token, _ := quiz.Find(`input[name="token"]`).Attr("value")
	choice, _ := quiz.Find(`input[type="radio"]`).First().Attr("name")
	value, _ := quiz.Find(`input[type="radio"]`).First().Attr("value")
	written, _ := quiz.Find(`textarea`).Attr("name")
	if res := agent.post(p+"/take", url.Values{"token": {token}, choice: {value}, written: {"We fix it the first time."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	page := agent.get(p).doc(t)
	if page.Find(`[data-testid="take-check"]`).Length() != 0 {
		t.Errorf("an answer button is offered while the written answer waits for review")
	}
	if page.Find(`[data-testid="awaiting-review"]`).Length() != 1 {
		t.Errorf("the page does not say the answers wait for review")
	}
	start := agent.get(p + "/take").doc(t)
	if start.Find(`[data-testid="start-check"]`).Length() != 0 ||
		!strings.Contains(start.Find(`[data-testid="cannot-start"]`).Text(), "waiting for a reviewer") {
		t.Errorf("the start page does not say the answers wait for review")
	}
	res := agent.post(p+"/start", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start while waiting for review: %d, want a redirect with a message", res.StatusCode)
	}
	if !strings.Contains(agent.get(p).Body, "waiting for a reviewer") {
		t.Errorf("no message after the refused attempt")
	}
	if n := checksEngineAttempts(t, app, c.ID, "AG1"); n != 1 {
		t.Errorf("AG1 has %d attempts, want 1", n)
	}
	if !strings.Contains(page.Find(`[data-testid="awaiting-review"]`).Text(), "answer again") {
		t.Errorf("with a retake left the page does not say another attempt follows the review")
	}
	// Nothing to do meanwhile: the home card says so and does not call to action.
	home := agent.get("/").doc(t).Find(`[data-testid="checks-home"]`)
	if home.Find(`[data-testid="checks-home-done"]`).Length() != 1 || home.Find("a.button").Length() != 0 {
		t.Errorf("home card while waiting for review: %q", strings.Join(strings.Fields(home.Text()), " "))
	}

	// With no retakes, waiting for review promises no second attempt.
	once := checksForm("One-shot check", "2026-11-23", "2026-12-07")
	once.Set("retakes", "0")
	oneShot := checksCreateCheck(t, app, once)
	checksAddQuestionsViaPage(t, app, oneShot)
	q := "/checks/" + itoa(oneShot)
	quiz = checksStartQuiz(t, agent, q)
	token, _ = quiz.Find(`input[name="token"]`).Attr("value")
	choice, _ = quiz.Find(`input[type="radio"]`).First().Attr("name")
	value, _ = quiz.Find(`input[type="radio"]`).First().Attr("value")
	written, _ = quiz.Find(`textarea`).Attr("name")
	if res := agent.post(q+"/take", url.Values{"token": {token}, choice: {value}, written: {"We fix it the first time."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit the one-shot check: %d", res.StatusCode)
	}
	for _, path := range []string{q, q + "/take"} {
		if body := agent.get(path).Body; strings.Contains(body, "answer again") || !strings.Contains(body, "you will be told the result") {
			t.Errorf("%s promises another attempt (or says nothing of the result) with no retakes", path)
		}
	}
}

// A profile shows the person's strategy-check standing (result, never answers or score) to
// the person, their management chain and leaders; peers and other managers see nothing.
func TestChecksProfileStanding(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app) // with a single-choice and a written question
	p := "/checks/" + itoa(id)
	agent := app.signedIn("AG1")
	quiz := checksStartQuiz(t, agent, p)
	token, _ := quiz.Find(`input[name="token"]`).Attr("value")
	var choice, right string
	quiz.Find(`input[type="radio"]`).Each(func(_ int, s *goquery.Selection) {
		choice, _ = s.Attr("name")
		if strings.Contains(s.Parent().Text(), "Fix it the first time") {
			right, _ = s.Attr("value")
		}
	})
	written, _ := quiz.Find(`textarea`).Attr("name")
	const secret = "PRIVATE-ANSWER-first-contact"
	if res := agent.post(p+"/take", url.Values{"token": {token}, choice: {right}, written: {secret}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	ctx := context.Background()
	lead, err := app.store.PersonByEmployeeID(ctx, "LEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.store.RecordInterviews(ctx, id, lead, []store.InterviewInput{{EmployeeID: "AG2", Date: "2026-11-23", Verdict: "understood"}}, 0); err != nil {
		t.Fatal(err)
	}
	profile := func(viewer, of string) *goquery.Selection {
		t.Helper()
		res := app.signedIn(viewer).get("/people/" + itoa(checksPersonID(t, app, of)))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s views %s: %d", viewer, of, res.StatusCode)
		}
		if strings.Contains(res.Body, secret) || strings.Contains(res.Body, "score 100") || strings.Contains(res.Body, "choice questions 100") {
			t.Errorf("%s sees %s's answer or score on the profile", viewer, of)
		}
		return res.doc(t).Find(`[data-testid="checks-profile"]`)
	}
	for _, tc := range []struct {
		viewer, of string
		sees       bool
	}{
		{"AG1", "AG1", true},   // themself
		{"MGR1", "AG1", true},  // their manager
		{"LEAD", "AG1", true},  // leader (and top of the chain)
		{"AG2", "AG1", false},  // a peer
		{"MGR2", "AG1", false}, // another team's manager
		{"NEW", "AG1", false},
		{"MGR1", "AG2", true},
		{"AG1", "AG2", false},
	} {
		sec := profile(tc.viewer, tc.of)
		if got := sec.Length() == 1; got != tc.sees {
			t.Errorf("%s on %s's profile: section shown = %v, want %v", tc.viewer, tc.of, got, tc.sees)
		}
	}
	standing := func(viewer, of string) string {
		return strings.Join(strings.Fields(profile(viewer, of).Find(`[data-testid="check-standing"]`).Text()), " ")
	}
	if got := standing("MGR1", "AG1"); !strings.Contains(got, "Q4 strategy check") || !strings.Contains(got, "Waiting for review") ||
		!strings.Contains(got, "answered on") {
		t.Errorf("AG1's standing = %q", got)
	}
	if got := standing("LEAD", "AG2"); !strings.Contains(got, "Understood") || !strings.Contains(got, "interviewed on") {
		t.Errorf("AG2's standing = %q", got)
	}
	if got := standing("LEAD", "AG3"); !strings.Contains(got, "No response") {
		t.Errorf("AG3's standing = %q", got)
	}
	// Not in the check's population: nothing to stand on.
	if got := profile("NEW", "NEW").Find(`[data-testid="check-standing"]`).Length(); got != 0 {
		t.Errorf("the new hire has %d standings", got)
	}
	// After closing, the frozen result shows.
	if err := app.store.CloseCheckNow(ctx, lead.ID, id); err != nil {
		t.Fatal(err)
	}
	if got := standing("AG1", "AG1"); !strings.Contains(got, "Waiting for review") || !strings.Contains(got, "Closed") {
		t.Errorf("AG1's standing after closing = %q", got)
	}
}
