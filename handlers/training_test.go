package handlers_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
	"lodestar/views"
)

// trainingOrg seeds leader → manager → agent, newhire (hired 2026-11-13), plus an outsider
// in another department under nobody.
func trainingOrg(app *testApp) {
	app.seed(
		store.PersonInput{EmployeeID: "leader", Name: "Leader Chen", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Department: "Inbound Voice", Team: "Leadership"},
		store.PersonInput{EmployeeID: "manager", Name: "Manager Wang", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "leader"},
		store.PersonInput{EmployeeID: "agent", Name: "Agent Li", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "manager"},
		store.PersonInput{EmployeeID: "newhire", Name: "Sam Taylor", Department: "Inbound Voice", Team: "Voice Team 1", ManagerEmployeeID: "manager", HiredOn: "2026-11-13"},
		store.PersonInput{EmployeeID: "outsider", Name: "Other Person", Department: "Sales", Team: "Sales 1"},
		store.PersonInput{EmployeeID: "admin", Name: "Admin", Role: store.RoleAdmin},
	)
}

func trainingID(app *testApp, employeeID string) int64 {
	app.t.Helper()
	p, err := app.store.PersonByEmployeeID(context.Background(), employeeID)
	if err != nil {
		app.t.Fatal(err)
	}
	return p.ID
}

// trainingOnboarding publishes the onboarding course: two lessons and a quiz of a single
// choice ("Every customer" right), a true/false (true) and, when written, a written question.
// Pass mark 80. It returns the published course.
func trainingOnboarding(app *testApp, written bool, quiz store.QuestionSetSettings) store.Course {
	app.t.Helper()
	ctx := context.Background()
	s := app.store
	if quiz.PassMark == 0 {
		quiz.PassMark = 80
	}
	id, err := s.CreateCourse(ctx, 0, store.CourseInput{Key: "onboarding", TitleEN: "Our culture and values", TitleZH: "我们的文化与价值观", Quiz: quiz})
	if err != nil {
		app.t.Fatal(err)
	}
	for _, l := range []store.LessonInput{
		{TitleEN: "Our vision", BodyEN: "We are **customer-centred**.\n\n<script>alert(1)</script>"},
		{TitleEN: "Our values", BodyEN: "Teamwork, fairness, innovation."},
	} {
		if _, err := s.AddLesson(ctx, 0, id, l); err != nil {
			app.t.Fatal(err)
		}
	}
	setID, err := s.DraftQuestionSet(ctx, id)
	if err != nil {
		app.t.Fatal(err)
	}
	qs := []store.QuestionInput{
		{Kind: store.QuestionSingle, PromptEN: "Who is our customer?", ExplanationEN: "EXPLAIN-SINGLE: every customer, internal ones too.",
			Options: []store.OptionInput{{TextEN: "Only paying customers"}, {TextEN: "Every customer", Correct: true}, {TextEN: "Nobody"}}},
		{Kind: store.QuestionTrueFalse, PromptEN: "Recognition may be small.", TrueIsCorrect: true, ExplanationEN: "EXPLAIN-TF"},
	}
	if written {
		qs = append(qs, store.QuestionInput{Kind: store.QuestionWritten, PromptEN: "Explain our vision in your own words.", RubricEN: "RUBRIC-SECRET: names the customer"})
	}
	for _, q := range qs {
		if _, err := s.AddQuestion(ctx, setID, q); err != nil {
			app.t.Fatal(err)
		}
	}
	if err := s.PublishCourse(ctx, 0, id); err != nil {
		app.t.Fatal(err)
	}
	c, err := s.PublishedCourse(ctx, id)
	if err != nil {
		app.t.Fatal(err)
	}
	return c
}

// trainingQuizForm reads the quiz page and builds a submission choosing options by label.
func trainingQuizForm(t *testing.T, doc *goquery.Document, choose map[string]string, written string) url.Values {
	t.Helper()
	form := url.Values{}
	token, ok := doc.Find("[data-testid=quiz-form] input[name=token]").Attr("value")
	if !ok || token == "" {
		t.Fatal("no token in the quiz form")
	}
	form.Set("token", token)
	doc.Find("[data-testid=question]").Each(func(_ int, q *goquery.Selection) {
		prompt := strings.TrimSpace(q.Find(".question-prompt").Text())
		if ta := q.Find("textarea"); ta.Length() > 0 {
			name, _ := ta.Attr("name")
			form.Set(name, written)
			return
		}
		want, ok := choose[prompt]
		if !ok {
			return
		}
		q.Find("label.choice").Each(func(_ int, l *goquery.Selection) {
			if strings.TrimSpace(l.Find("span").Text()) == want {
				name, _ := l.Find("input").Attr("name")
				v, _ := l.Find("input").Attr("value")
				form.Add(name, v)
			}
		})
	})
	return form
}

var trainingRightAnswers = map[string]string{"Who is our customer?": "Every customer", "Recognition may be small.": "True"}

func TestTrainingNewhireReadsLessonAndPassesQuiz(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	if _, _, err := app.store.CreateAssignmentRule(context.Background(), 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleNewHires, DueDays: 14}); err != nil {
		t.Fatal(err)
	}
	c := app.signedIn("newhire")

	// My training: onboarding, not started, due 14 days after hire (2026-11-27).
	doc := c.get("/training").doc(t)
	if got := doc.Find("[data-testid=my-course]").Length(); got != 1 {
		t.Fatalf("newhire sees %d courses, want 1", got)
	}
	if s := doc.Find("[data-testid=course-status]").Text(); !strings.Contains(s, "Not started") {
		t.Fatalf("status %q", s)
	}
	if !strings.Contains(doc.Find("[data-testid=my-course]").Text(), "27 Nov 2026") {
		t.Fatal("due date not shown")
	}
	// Resume goes to the first unread lesson.
	href, _ := doc.Find("[data-testid=resume]").Attr("href")
	lesson := c.get(href)
	if lesson.StatusCode != http.StatusOK {
		t.Fatalf("lesson: %d", lesson.StatusCode)
	}
	ld := lesson.doc(t)
	if ld.Find("[data-testid=lesson-title]").Text() != "Our vision" || ld.Find("[data-testid=lesson-body] strong").Text() != "customer-centred" {
		t.Fatalf("lesson page: %q", ld.Find("main").Text())
	}
	if strings.Contains(lesson.Body, "<script>alert") {
		t.Fatal("lesson markdown was not sanitised")
	}
	action, _ := ld.Find("form[action$='/read']").Attr("action")
	res := c.post(action, url.Values{})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "/lessons/") {
		t.Fatalf("mark read: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	// Now in progress, resume at lesson two.
	doc = c.get("/training").doc(t)
	if s := doc.Find("[data-testid=course-status]").Text(); !strings.Contains(s, "In progress") {
		t.Fatalf("after reading: %q", s)
	}
	href, _ = doc.Find("[data-testid=resume]").Attr("href")
	if !strings.HasSuffix(href, fmt.Sprintf("/lessons/%d", course.Revision.Lessons[1].Key)) {
		t.Fatalf("resume goes to %s, want lesson two", href)
	}

	// The quiz link shows the start page; starting is a POST. The quiz page carries no
	// answer key, explanation or correctness marker.
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	if start := c.get(quizPath); start.StatusCode != http.StatusOK || start.doc(t).Find("[data-testid=start-quiz]").Length() != 1 {
		t.Fatalf("quiz start page: %d", start.StatusCode)
	}
	trainingTakeQuiz(t, c, quizPath)
	quiz := c.get(quizPath)
	if quiz.StatusCode != http.StatusOK {
		t.Fatalf("quiz: %d", quiz.StatusCode)
	}
	for _, leak := range []string{"EXPLAIN-", "correct", "answer-key", "right answer", "✓"} {
		if strings.Contains(quiz.Body, leak) {
			t.Errorf("quiz page contains %q before submission", leak)
		}
	}
	form := trainingQuizForm(t, quiz.doc(t), trainingRightAnswers, "")
	res = c.post(quizPath, form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/training/attempts/") {
		t.Fatalf("submit: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	result := c.get(res.Header.Get("Location")).doc(t)
	if result.Find("[data-testid=passed]").Length() != 1 {
		t.Fatalf("no pass shown: %s", result.Find("[data-testid=verdict]").Text())
	}
	if !strings.Contains(result.Find("[data-testid=explanation]").Text(), "EXPLAIN-SINGLE") {
		t.Fatal("explanations not shown after submission")
	}
	if s := c.get("/training").doc(t).Find("[data-testid=course-status]").Text(); !strings.Contains(s, "Passed") {
		t.Fatalf("after passing: %q", s)
	}
	// The course page says there is nothing more to do; another try is offered as optional.
	page := c.get(fmt.Sprintf("/training/courses/%d", course.ID)).doc(t)
	if page.Find("[data-testid=course-passed]").Length() != 1 || strings.TrimSpace(page.Find("[data-testid=take-quiz]").Text()) != "Take the quiz again" {
		t.Errorf("passed course page: %q / %q", page.Find("[data-testid=course-passed]").Text(), page.Find("[data-testid=take-quiz]").Text())
	}
	done, err := app.store.CourseCompletions(context.Background(), "onboarding")
	if err != nil || len(done) != 1 || done[0].EmployeeID != "newhire" {
		t.Fatalf("completion record %+v %v", done, err)
	}
	if !strings.Contains(c.get("/me").doc(t).Find("[data-testid=training-profile]").Text(), "Our culture and values") {
		t.Fatal("completion not on the profile")
	}
}

func TestTrainingReplayedSubmissionRecordsOneAttempt(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	c := app.signedIn("agent")
	quizDoc := trainingTakeQuiz(t, c, fmt.Sprintf("/training/courses/%d/quiz", course.ID))
	form := trainingQuizForm(t, quizDoc, map[string]string{"Who is our customer?": "Nobody", "Recognition may be small.": "True"}, "")
	first := c.post(fmt.Sprintf("/training/courses/%d/quiz", course.ID), form)
	// Back button and submit again, with the right answers this time: the same token.
	second := c.post(fmt.Sprintf("/training/courses/%d/quiz", course.ID), trainingQuizForm(t, quizDoc, trainingRightAnswers, ""))
	if first.StatusCode != http.StatusSeeOther || second.StatusCode != http.StatusSeeOther ||
		first.Header.Get("Location") != second.Header.Get("Location") {
		t.Fatalf("first %d %s, replay %d %s", first.StatusCode, first.Header.Get("Location"), second.StatusCode, second.Header.Get("Location"))
	}
	attempts, err := app.store.AttemptsOf(context.Background(), trainingID(app, "agent"), course.Revision.QuestionSetID)
	if err != nil || len(attempts) != 1 || attempts[0].Passed {
		t.Fatalf("attempts %+v %v, want one failed attempt", attempts, err)
	}
}

func TestTrainingUnansweredQuestionComesBackWithAnswersKept(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, true, store.QuestionSetSettings{})
	c := app.signedIn("agent")
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	form := trainingQuizForm(t, trainingTakeQuiz(t, c, quizPath), map[string]string{"Who is our customer?": "Every customer"}, "My words")
	res := c.post(quizPath, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("[data-testid=question] .error-text").Length() != 1 {
		t.Fatalf("want one error next to the true/false question, got %d", doc.Find(".error-text").Length())
	}
	if doc.Find("input[type=radio][checked]").Length() != 1 || doc.Find("textarea").Text() != "My words" {
		t.Fatal("what was typed and chosen was not kept")
	}
	if v, _ := doc.Find("input[name=token]").Attr("value"); v != form.Get("token") {
		t.Fatal("the attempt changed")
	}
	if strings.Contains(res.Body, "RUBRIC-SECRET") {
		t.Fatal("rubric shown to the learner")
	}
}

func TestTrainingAttemptLimitAndCooldownOnThePage(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{MaxAttempts: 2, CooldownMinutes: 30})
	c := app.signedIn("agent")
	setID := course.Revision.QuestionSetID
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	wrong := map[string]string{"Who is our customer?": "Nobody", "Recognition may be small.": "False"}

	// The start page tells what the quiz is before anything starts.
	doc := c.get(quizPath).doc(t)
	for sel, want := range map[string]string{"quiz-questions": "2", "quiz-pass-mark": "80%", "quiz-attempts-left": "2 of 2 left", "quiz-cooldown": "30 minutes"} {
		if got := strings.TrimSpace(doc.Find("[data-testid=" + sel + "]").Text()); got != want {
			t.Errorf("start page %s: %q, want %q", sel, got, want)
		}
	}
	c.post(quizPath, trainingQuizForm(t, trainingTakeQuiz(t, c, quizPath), wrong, ""))

	// During the cool-down: the start page explains it and offers no button; a POST to start
	// is refused with the reason and creates nothing.
	res := c.get(quizPath)
	if res.StatusCode != http.StatusOK || res.doc(t).Find("[data-testid=cooling-off]").Length() != 1 || res.doc(t).Find("[data-testid=start-quiz]").Length() != 0 {
		t.Fatalf("quiz during cool-down: %d", res.StatusCode)
	}
	res = c.post(quizPath+"/start", url.Values{})
	if res.StatusCode != http.StatusConflict || !strings.Contains(res.doc(t).Find("[role=alert]").Text(), "You can try the quiz again after 23 Nov 2026 09:30") {
		t.Fatalf("start during cool-down: %d %q", res.StatusCode, res.doc(t).Find("main").Text())
	}
	if n := trainingAttemptCount(app, setID, "agent"); n != 1 {
		t.Fatalf("%d attempts after a refused start, want 1", n)
	}
	if c.get(fmt.Sprintf("/training/courses/%d", course.ID)).doc(t).Find("[data-testid=cooling-off]").Length() != 1 {
		t.Fatal("cool-down not explained on the course page")
	}
	app.clock.now = app.clock.now.Add(30 * time.Minute)
	if got := strings.TrimSpace(c.get(quizPath).doc(t).Find("[data-testid=quiz-attempts-left]").Text()); got != "1 of 2 left" {
		t.Fatalf("attempts left after one: %q", got)
	}
	c.post(quizPath, trainingQuizForm(t, trainingTakeQuiz(t, c, quizPath), wrong, ""))
	app.clock.now = app.clock.now.Add(24 * time.Hour)
	res = c.post(quizPath+"/start", url.Values{})
	if res.StatusCode != http.StatusConflict || res.doc(t).Find("[role=alert] [data-testid=limit-hit]").Length() != 1 {
		t.Fatalf("third attempt: %d", res.StatusCode)
	}
	if n := trainingAttemptCount(app, setID, "agent"); n != 2 {
		t.Fatalf("%d attempts after the limit, want 2", n)
	}
	if c.get(fmt.Sprintf("/training/courses/%d", course.ID)).doc(t).Find("[data-testid=limit-hit]").Length() != 1 {
		t.Fatal("limit not explained")
	}
}

// A GET of the quiz (a link prefetcher, a crawler, a curious click) creates no attempt;
// the POST to start does, once, and the GET then resumes that attempt.
func TestTrainingQuizGetStartsNothing(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{CooldownMinutes: 60})
	c := app.signedIn("agent")
	setID := course.Revision.QuestionSetID
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	for range 3 {
		res := c.get(quizPath)
		if res.StatusCode != http.StatusOK || res.doc(t).Find("[data-testid=quiz-form]").Length() != 0 {
			t.Fatalf("GET quiz: %d, shows a quiz form", res.StatusCode)
		}
	}
	if n := trainingAttemptCount(app, setID, "agent"); n != 0 {
		t.Fatalf("GET created %d attempts", n)
	}
	doc := c.get(quizPath).doc(t)
	if got := strings.TrimSpace(doc.Find("[data-testid=quiz-attempts-left]").Text()); got != "Unlimited" {
		t.Fatalf("attempts: %q", got)
	}
	action, _ := doc.Find("[data-testid=start-form]").Attr("action")
	if action != quizPath+"/start" {
		t.Fatalf("start form posts to %q", action)
	}
	first := trainingTakeQuiz(t, c, quizPath)
	if n := trainingAttemptCount(app, setID, "agent"); n != 1 {
		t.Fatalf("POST start created %d attempts, want 1", n)
	}
	// Starting again (double click) and reloading resume the same attempt.
	trainingTakeQuiz(t, c, quizPath)
	again := c.get(quizPath).doc(t)
	t1, _ := first.Find("input[name=token]").Attr("value")
	t2, _ := again.Find("input[name=token]").Attr("value")
	if t1 == "" || t1 != t2 || trainingAttemptCount(app, setID, "agent") != 1 {
		t.Fatalf("not resumed: %q vs %q, %d attempts", t1, t2, trainingAttemptCount(app, setID, "agent"))
	}
	// In Chinese.
	app.store.SetLanguage(context.Background(), trainingID(app, "newhire"), "zh")
	zh := app.signedIn("newhire").get(quizPath).doc(t)
	if got := strings.TrimSpace(zh.Find("[data-testid=start-quiz]").Text()); got != "开始测验" {
		t.Fatalf("zh start button %q", got)
	}
	if got := strings.TrimSpace(zh.Find("[data-testid=quiz-cooldown]").Text()); got != "60 分钟" {
		t.Fatalf("zh cool-down %q", got)
	}
}

// trainingTakeQuiz starts (or resumes) the quiz with the start form's POST and returns the
// quiz page.
func trainingTakeQuiz(t *testing.T, c *client, quizPath string) *goquery.Document {
	t.Helper()
	res := c.post(quizPath+"/start", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != quizPath {
		t.Fatalf("start quiz: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	quiz := c.get(quizPath)
	if quiz.StatusCode != http.StatusOK {
		t.Fatalf("quiz: %d", quiz.StatusCode)
	}
	return quiz.doc(t)
}

// trainingAttemptCount counts the person's attempts at the set, open ones included.
func trainingAttemptCount(app *testApp, setID int64, employeeID string) int {
	app.t.Helper()
	as, err := app.store.AttemptsOf(context.Background(), trainingID(app, employeeID), setID)
	if err != nil {
		app.t.Fatal(err)
	}
	return len(as)
}

func TestTrainingRolesAndObjectChecks(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	// The outsider takes the quiz; the manager must not see it.
	out := app.signedIn("outsider")
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	res := out.post(quizPath, trainingQuizForm(t, trainingTakeQuiz(t, out, quizPath), trainingRightAnswers, ""))
	attemptPath := res.Header.Get("Location")

	emp := app.signedIn("agent")
	for _, path := range []string{"/training/team", "/training/team.csv", "/training/reviews", "/training/manage", fmt.Sprintf("/training/courses/%d/analysis", course.ID)} {
		if res := emp.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("employee GET %s: %d", path, res.StatusCode)
		}
	}
	if res := emp.get(attemptPath); res.StatusCode != http.StatusForbidden {
		t.Errorf("employee sees another's attempt: %d", res.StatusCode)
	}
	mgr := app.signedIn("manager")
	if res := mgr.get("/training/manage"); res.StatusCode != http.StatusForbidden {
		t.Errorf("manager GET /training/manage: %d", res.StatusCode)
	}
	if res := mgr.post("/training/manage/courses", url.Values{"title_en": {"X"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("manager POST course: %d", res.StatusCode)
	}
	if res := mgr.get(attemptPath); res.StatusCode != http.StatusForbidden {
		t.Errorf("manager sees an attempt outside their organisation: %d", res.StatusCode)
	}
	if res := app.signedIn("leader").get(attemptPath); res.StatusCode != http.StatusOK {
		t.Errorf("leader GET attempt: %d", res.StatusCode)
	}
	if res := out.get(attemptPath); res.StatusCode != http.StatusOK {
		t.Errorf("own attempt: %d", res.StatusCode)
	}
	// Drafts are invisible to learners.
	draft, _ := app.store.CreateCourse(context.Background(), 0, store.CourseInput{TitleEN: "Secret draft"})
	if res := emp.get(fmt.Sprintf("/training/courses/%d", draft)); res.StatusCode != http.StatusNotFound {
		t.Errorf("draft course: %d", res.StatusCode)
	}
}

func TestTrainingMatrixScopeFiltersCSVAndLeavers(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	ctx := context.Background()
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	if _, _, err := app.store.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleTier, Value: store.TierFrontLine, DueDays: 7}); err != nil {
		t.Fatal(err)
	}
	a := app.signedIn("agent")
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	a.post(quizPath, trainingQuizForm(t, trainingTakeQuiz(t, a, quizPath), trainingRightAnswers, ""))

	mgr := app.signedIn("manager")
	doc := mgr.get("/training/team").doc(t)
	rows := doc.Find("[data-testid=matrix] tbody tr")
	if rows.Length() != 2 || doc.Find("[data-testid=row-outsider]").Length() != 0 {
		t.Fatalf("manager's matrix has %d rows, want agent and newhire only", rows.Length())
	}
	if s, _ := doc.Find("[data-testid=row-agent] td[data-status]").Attr("data-status"); s != store.StatusPassed {
		t.Fatalf("agent: %s", s)
	}
	if got := doc.Find("[data-testid=course-totals]").Text(); !strings.Contains(got, "50% · 1 of 2") {
		t.Fatalf("totals %q, want 50%% · 1 of 2", got)
	}
	// The leader sees everyone; filters by department and tier.
	ld := app.signedIn("leader")
	doc = ld.get("/training/team?department=Sales").doc(t)
	if doc.Find("[data-testid=matrix] tbody tr").Length() != 1 || doc.Find("[data-testid=row-outsider]").Length() != 1 {
		t.Fatal("department filter")
	}
	doc = ld.get("/training/team?tier=" + store.TierMiddleManager).doc(t)
	if doc.Find("[data-testid=matrix] tbody tr").Length() != 1 || doc.Find("[data-testid=row-manager]").Length() != 1 {
		t.Fatal("tier filter")
	}
	// Overdue after the due date.
	app.clock.now = app.clock.now.Add(8 * 24 * time.Hour)
	doc = mgr.get("/training/team").doc(t)
	if doc.Find("[data-testid=overdue] tbody tr").Length() != 1 || !strings.Contains(doc.Find("[data-testid=overdue]").Text(), "Sam Taylor") {
		t.Fatalf("overdue list: %q", doc.Find("[data-testid=overdue]").Text())
	}
	// CSV: one line per person and course in scope.
	res := mgr.get("/training/team.csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\xef\xbb\xbf"))).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("csv rows %d (%v), want header + 2", len(recs), err)
	}
	statusByID := map[string]string{}
	for _, r := range recs[1:] {
		statusByID[r[0]] = r[7]
	}
	if statusByID["agent"] != "passed" || statusByID["newhire"] != "overdue" {
		t.Fatalf("csv statuses %v", statusByID)
	}
	// newhire leaves: out of the matrix and the figures.
	if err := app.store.Deactivate(ctx, 0, trainingID(app, "newhire"), app.clock.now); err != nil {
		t.Fatal(err)
	}
	doc = mgr.get("/training/team").doc(t)
	if got := doc.Find("[data-testid=course-totals]").Text(); !strings.Contains(got, "100% · 1 of 1") {
		t.Fatalf("after the leaver: %q", got)
	}
	if doc.Find("[data-testid=overdue]").Length() != 0 {
		t.Fatal("the leaver is still overdue")
	}
}

func TestTrainingReviewerQueue(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, true, store.QuestionSetSettings{})
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	for _, who := range []string{"agent", "outsider"} {
		c := app.signedIn(who)
		res := c.post(quizPath, trainingQuizForm(t, trainingTakeQuiz(t, c, quizPath), trainingRightAnswers, "Answer by "+who))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s submit: %d", who, res.StatusCode)
		}
	}
	mgr := app.signedIn("manager")
	doc := mgr.get("/training/reviews").doc(t)
	if doc.Find("[data-testid=review]").Length() != 1 || doc.Find("[data-testid=review-answer]").Text() != "Answer by agent" {
		t.Fatalf("manager's queue: %q", doc.Find("main").Text())
	}
	if !strings.Contains(doc.Find("[data-testid=rubric]").Text(), "RUBRIC-SECRET") {
		t.Fatal("reviewer does not see the rubric")
	}
	attemptID, _ := doc.Find("input[name=attempt_id]").Attr("value")
	questionID, _ := doc.Find("input[name=question_id]").Attr("value")
	// Out of range comes back with what was typed.
	res := mgr.post("/training/reviews", url.Values{"attempt_id": {attemptID}, "question_id": {questionID}, "percent": {"150"}, "feedback": {"Good start"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("150%%: %d", res.StatusCode)
	}
	if d := res.doc(t); d.Find("[data-testid=error-percent]").Length() != 1 || d.Find("textarea[name=feedback]").Text() != "Good start" {
		t.Fatal("error or typed feedback missing")
	}
	// The outsider's answer is not the manager's to review.
	leaderQueue := app.signedIn("leader").get("/training/reviews").doc(t)
	if leaderQueue.Find("[data-testid=review]").Length() != 2 {
		t.Fatal("leader should see both answers")
	}
	var outsiderAttempt string
	leaderQueue.Find("[data-testid=review]").Each(func(_ int, s *goquery.Selection) {
		if s.Find("[data-testid=review-answer]").Text() == "Answer by outsider" {
			outsiderAttempt, _ = s.Find("input[name=attempt_id]").Attr("value")
		}
	})
	if res := mgr.post("/training/reviews", url.Values{"attempt_id": {outsiderAttempt}, "question_id": {questionID}, "percent": {"100"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("manager reviewing outside their organisation: %d", res.StatusCode)
	}
	res = mgr.post("/training/reviews", url.Values{"attempt_id": {attemptID}, "question_id": {questionID}, "percent": {"100"}, "feedback": {"Clear and personal."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", res.StatusCode)
	}
	// The learner sees the verdict and the feedback; the course is passed.
	a := app.signedIn("agent")
	result := a.get("/training/attempts/" + attemptID).doc(t)
	if result.Find("[data-testid=passed]").Length() != 1 || !strings.Contains(result.Find("[data-testid=feedback]").Text(), "Clear and personal.") {
		t.Fatalf("learner's result: %q", result.Find("main").Text())
	}
	if done, _ := app.store.CourseCompletions(context.Background(), "onboarding"); len(done) != 1 {
		t.Fatalf("%d completions, want 1", len(done))
	}
	// The learner is told, naming the course and the result, with a link to the attempt.
	notes := notificationTexts(t, app, trainingID(app, "agent"))
	reviewed := 0
	for _, n := range notes {
		if strings.HasPrefix(n, "Your written answer in the quiz of “") && strings.Contains(n, "has been reviewed: passed with ") &&
			strings.HasSuffix(n, " → /training/attempts/"+attemptID) {
			reviewed++
		}
	}
	if reviewed != 1 {
		t.Fatalf("agent's notifications %q, want one review naming the result", notes)
	}
}

func TestTrainingAutoAssignFromAdminForm(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	ld := app.signedIn("leader")
	// The rule form starts as the default rule: the onboarding course, new hires, 14 days.
	form := ld.get("/training/manage").doc(t)
	if v, _ := form.Find(`select[name=course_id] option[selected]`).Attr("value"); v != fmt.Sprint(course.ID) {
		t.Errorf("the rule form preselects course %q, want the onboarding course %d", v, course.ID)
	}
	if v, _ := form.Find(`input[name=due_days]`).Attr("value"); v != "14" {
		t.Errorf("the rule form's due days: %q", v)
	}
	res := ld.post("/training/manage/rules", url.Values{"course_id": {fmt.Sprint(course.ID)}, "kind": {"new_hires"}, "due_days": {"14"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create rule: %d %s", res.StatusCode, res.Body)
	}
	if as, _ := app.store.AssignmentsOf(context.Background(), trainingID(app, "newhire")); len(as) != 1 {
		t.Fatal("existing new hire not assigned when the rule was created")
	}
	if as, _ := app.store.AssignmentsOf(context.Background(), trainingID(app, "agent")); len(as) != 0 {
		t.Fatal("a long-serving agent was assigned the new-hire course")
	}
	// A bad rule comes back with the error and what was typed.
	res = ld.post("/training/manage/rules", url.Values{"course_id": {fmt.Sprint(course.ID)}, "kind": {"department"}, "due_days": {"7"}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-value]").Length() != 1 {
		t.Fatalf("rule without a department: %d", res.StatusCode)
	}
	// A person created on the admin form gets the course automatically.
	adm := app.signedIn("admin")
	res = adm.post("/admin/people", url.Values{"employee_id": {"N2"}, "name": {"New Two"}, "tier": {"front_line"}, "role": {"employee"},
		"employment_type": {"permanent"}, "hired_on": {"2026-11-23"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create person: %d", res.StatusCode)
	}
	as, _ := app.store.AssignmentsOf(context.Background(), trainingID(app, "N2"))
	if len(as) != 1 || as[0].DueOn.Format(store.DateLayout) != "2026-12-07" {
		t.Fatalf("N2's assignments %+v, want onboarding due 2026-12-07", as)
	}
}

func TestTrainingAuthoringCreatesRevisions(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	ld := app.signedIn("leader")
	if doc := ld.get("/training/manage").doc(t); doc.Find("[data-testid=empty]").Length() != 1 {
		t.Fatal("no empty state on the authoring page")
	}
	res := ld.post("/training/manage/courses", url.Values{"title_en": {""}, "key": {"has space"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty title: %d", res.StatusCode)
	}
	if d := res.doc(t); d.Find("[data-testid=error-title_en]").Length() != 1 || d.Find("[data-testid=error-key]").Length() != 1 {
		t.Fatal("errors not next to the fields")
	}
	res = ld.post("/training/manage/courses", url.Values{"title_en": {"Service recovery"}, "title_zh": {"服务补救"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	edit := res.Header.Get("Location")
	if res := ld.post(edit+"/publish", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("publishing an empty course: %d", res.StatusCode)
	}
	if res := ld.post(edit+"/lessons", url.Values{"lesson_title_en": {"Apologise"}, "lesson_body_en": {"Say sorry **first**."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lesson: %d", res.StatusCode)
	}
	res = ld.post(edit+"/questions", url.Values{"kind": {"multiple"}, "prompt_en": {"Steps?"}, "options": {"*Listen\nArgue"}, "points": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("question: %d %s", res.StatusCode, res.Body)
	}
	res = ld.post(edit+"/questions", url.Values{"kind": {"single"}, "prompt_en": {"Bad"}, "options": {"A\nB"}, "points": {"1"}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-options]").Length() != 1 {
		t.Fatalf("question without a right answer: %d", res.StatusCode)
	}
	if v := res.doc(t).Find("textarea[name=options]").Text(); v != "A\nB" {
		t.Fatalf("typed options lost: %q", v)
	}
	if res := ld.post(edit+"/publish", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	var id int64
	fmt.Sscanf(edit, "/training/manage/courses/%d", &id)
	c1, err := app.store.PublishedCourse(context.Background(), id)
	if err != nil || c1.Revision.Number != 1 {
		t.Fatalf("published %+v %v", c1.Revision, err)
	}
	// Editing the published course makes revision 2, invisible until published.
	res = ld.post(edit, url.Values{"title_en": {"Service recovery, revised"}, "pass_mark": {"90"}, "max_attempts": {"0"}, "cooldown_minutes": {"0"}, "draw_count": {"0"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", res.StatusCode)
	}
	if c, _ := app.store.PublishedCourse(context.Background(), id); c.Revision.Number != 1 || c.Revision.TitleEN != "Service recovery" {
		t.Fatalf("learners see %+v", c.Revision)
	}
	if res := ld.post(edit, url.Values{"title_en": {"X"}, "pass_mark": {"abc"}}); res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-pass_mark]").Length() != 1 {
		t.Fatal("bad pass mark not refused next to the field")
	}
	// Editing a lesson goes into the same draft revision; an empty body comes back.
	lessonForm := fmt.Sprintf("%s/lessons/%d", edit, c1.Revision.Lessons[0].Key)
	if res := ld.get(lessonForm); res.StatusCode != http.StatusOK || res.doc(t).Find("textarea[name=lesson_body_en]").Text() != "Say sorry **first**." {
		t.Fatalf("lesson form: %d", res.StatusCode)
	}
	if res := ld.post(lessonForm, url.Values{"lesson_title_en": {"Apologise"}, "lesson_body_en": {""}}); res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-lesson_body_en]").Length() != 1 {
		t.Fatal("empty lesson body not refused next to the field")
	}
	if res := ld.post(lessonForm, url.Values{"lesson_title_en": {"Apologise sincerely"}, "lesson_body_en": {"Say sorry, and mean it."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save lesson: %d", res.StatusCode)
	}
	if c, _ := app.store.PublishedCourse(context.Background(), id); c.Revision.Lessons[0].TitleEN != "Apologise" {
		t.Fatal("editing a lesson changed what learners see before publishing")
	}
	ld.post(edit+"/publish", url.Values{})
	c2, _ := app.store.PublishedCourse(context.Background(), id)
	if c2.Revision.Number != 2 || c2.Revision.TitleEN != "Service recovery, revised" || c2.Revision.Lessons[0].TitleEN != "Apologise sincerely" {
		t.Fatalf("after publishing: %+v", c2.Revision)
	}
}

func TestTrainingItemAnalysisPage(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	// agent: right, right; newhire: Nobody, right; manager: Nobody, False.
	answers := map[string]map[string]string{
		"agent":   trainingRightAnswers,
		"newhire": {"Who is our customer?": "Nobody", "Recognition may be small.": "True"},
		"manager": {"Who is our customer?": "Nobody", "Recognition may be small.": "False"},
	}
	for who, a := range answers {
		c := app.signedIn(who)
		c.post(quizPath, trainingQuizForm(t, trainingTakeQuiz(t, c, quizPath), a, ""))
	}
	doc := app.signedIn("leader").get(fmt.Sprintf("/training/courses/%d/analysis", course.ID)).doc(t)
	rows := doc.Find("[data-testid=analysis] tbody tr")
	if rows.Length() != 2 {
		t.Fatalf("%d rows", rows.Length())
	}
	first, second := rows.Eq(0), rows.Eq(1)
	if s := first.Find("[data-testid=share]").Text(); !strings.Contains(s, "33% · 1 of 3") {
		t.Fatalf("single choice share %q", s)
	}
	if s := first.Find("[data-testid=wrong]").Text(); !strings.Contains(s, "Nobody") || !strings.Contains(s, "chosen 2 times") {
		t.Fatalf("single choice wrong option %q", s)
	}
	if s := second.Find("[data-testid=share]").Text(); !strings.Contains(s, "67% · 2 of 3") {
		t.Fatalf("true/false share %q", s)
	}
}

func TestTrainingCompletionAPI(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	ctx := context.Background()
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	if _, _, err := app.store.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleTeam, Value: "Voice Team 1", DueOn: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	a := app.signedIn("agent")
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	a.post(quizPath, trainingQuizForm(t, trainingTakeQuiz(t, a, quizPath), trainingRightAnswers, ""))
	token, err := app.store.CreateToken(ctx, 0, "hr")
	if err != nil {
		t.Fatal(err)
	}
	get := func(q string) (int, map[string]json.RawMessage) {
		req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/api/v1/training/completion"+q, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res := app.client().do(req)
		var body map[string]json.RawMessage
		json.Unmarshal([]byte(res.Body), &body)
		return res.StatusCode, body
	}
	status, body := get("?course=onboarding&team=" + url.QueryEscape("Voice Team 1"))
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	var items []struct {
		EmployeeID string `json:"employee_id"`
		Status     string `json:"status"`
		DueOn      string `json:"due_on"`
		PassedAt   string `json:"passed_at"`
	}
	json.Unmarshal(body["completion"], &items)
	got := map[string]string{}
	for _, it := range items {
		got[it.EmployeeID] = it.Status + " " + it.DueOn
	}
	if len(items) != 3 || got["agent"] != "passed 2026-12-01" || got["newhire"] != "not_started 2026-12-01" {
		t.Fatalf("items %v", got)
	}
	if status, body = get("?status=passed"); status != http.StatusOK || !strings.Contains(string(body["completion"]), `"agent"`) || strings.Contains(string(body["completion"]), "newhire") {
		t.Fatalf("status filter: %d %s", status, body["completion"])
	}
	if status, _ = get("?tier=boss"); status != http.StatusUnprocessableEntity {
		t.Fatalf("bad tier: %d", status)
	}
	// A leaver drops out.
	app.store.Deactivate(ctx, 0, trainingID(app, "newhire"), app.clock.now)
	_, body = get("?course=onboarding&team=" + url.QueryEscape("Voice Team 1"))
	if strings.Contains(string(body["completion"]), "newhire") {
		t.Fatal("leaver in the API figures")
	}
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/api/v1/training/completion", nil)
	if res := app.client().do(req); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no token: %d", res.StatusCode)
	}
}

func TestTrainingPagesInChinese(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	app.store.CreateAssignmentRule(context.Background(), 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleNewHires, DueDays: 14})
	c := app.signedIn("newhire")
	if err := app.store.SetLanguage(context.Background(), trainingID(app, "newhire"), "zh"); err != nil {
		t.Fatal(err)
	}
	doc := c.get("/training").doc(t)
	text := doc.Find("main").Text()
	for _, want := range []string{"我的培训", "我们的文化与价值观", "未开始", "2026年11月27日"} {
		if !strings.Contains(text, want) {
			t.Errorf("Chinese page lacks %q: %s", want, text)
		}
	}
	if !strings.Contains(doc.Find("nav.mainnav").Text(), "培训") {
		t.Error("navigation lacks 培训")
	}
}

func TestTrainingAutoAssignFromImportAndAPI(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	ctx := context.Background()
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	if _, _, err := app.store.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleNewHires, DueDays: 14}); err != nil {
		t.Fatal(err)
	}
	// The HR import: upload, preview, confirm.
	adm := app.signedIn("admin")
	res := importUpload(adm, importCSVHeader+"IMP1,,Imported Person,,Inbound Voice,Voice Team 1,manager,front_line,employee,permanent,2026-11-20,,\n")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	action, _ := adm.get(res.Header.Get("Location")).doc(t).Find(`form[action$="/confirm"]`).Attr("action")
	if res := adm.post(action, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	as, _ := app.store.AssignmentsOf(ctx, trainingID(app, "IMP1"))
	if len(as) != 1 || as[0].DueOn.Format(store.DateLayout) != "2026-12-04" {
		t.Fatalf("imported person's assignments %+v, want onboarding due 2026-12-04", as)
	}
	// The people API.
	token := apiPeopleToken(app, "hr")
	res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token,
		`[{"employee_id": "API1", "name": "Api Person", "tier": "front_line", "role": "employee", "employment_type": "permanent", "hired_on": "2026-11-23"}]`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PUT people: %d %s", res.StatusCode, res.Body)
	}
	as, _ = app.store.AssignmentsOf(ctx, trainingID(app, "API1"))
	if len(as) != 1 || as[0].CourseID != course.ID || as[0].DueOn.Format(store.DateLayout) != "2026-12-07" {
		t.Fatalf("API person's assignments %+v, want onboarding due 2026-12-07", as)
	}
	// Someone imported with an old hire date is not a new hire.
	res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token,
		`[{"employee_id": "OLD1", "name": "Old Hand", "tier": "front_line", "role": "employee", "employment_type": "permanent", "hired_on": "2020-01-01"}]`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PUT people: %d", res.StatusCode)
	}
	if as, _ := app.store.AssignmentsOf(ctx, trainingID(app, "OLD1")); len(as) != 0 {
		t.Fatalf("long-serving person got %+v", as)
	}
}

func TestTrainingManagersAuthorTheirDepartmentWhenEnabled(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	ctx := context.Background()
	company := trainingOnboarding(app, false, store.QuestionSetSettings{})
	mgr := app.signedIn("manager")
	if res := mgr.get("/training/manage"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("disabled: %d", res.StatusCode)
	}
	if res := mgr.post("/training/manage/settings", url.Values{"managers_author": {"on"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a manager switched the setting: %d", res.StatusCode)
	}
	if res := app.signedIn("leader").post("/training/manage/settings", url.Values{"managers_author": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("leader enables: %d", res.StatusCode)
	}
	doc := mgr.get("/training/manage").doc(t)
	if doc.Find("[data-testid=manage-courses]").Length() != 0 {
		t.Fatal("the manager sees company-wide courses to author")
	}
	res := mgr.post("/training/manage/courses", url.Values{"title_en": {"Voice team basics"}, "key": {"onboarding2"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	var id int64
	fmt.Sscanf(res.Header.Get("Location"), "/training/manage/courses/%d", &id)
	c, err := app.store.CourseForAuthor(ctx, id)
	if err != nil || c.Department != "Inbound Voice" || c.Key != "" {
		t.Fatalf("manager's course %+v %v", c, err)
	}
	if res := mgr.get(fmt.Sprintf("/training/manage/courses/%d", company.ID)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("manager opens a company-wide course: %d", res.StatusCode)
	}
	if res := mgr.post(fmt.Sprintf("/training/manage/courses/%d/publish", company.ID), url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("manager publishes a company-wide course: %d", res.StatusCode)
	}
	// Rules only inside their department.
	if res := mgr.post("/training/manage/rules", url.Values{"course_id": {fmt.Sprint(id)}, "kind": {"department"}, "value": {"Sales"}, "due_days": {"7"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("rule for another department: %d", res.StatusCode)
	}
	if res := mgr.post("/training/manage/rules", url.Values{"course_id": {fmt.Sprint(id)}, "kind": {"people"}, "employee_ids": {"outsider"}, "due_days": {"7"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("rule for someone outside the department: %d", res.StatusCode)
	}
	if res := mgr.post("/training/manage/rules", url.Values{"course_id": {fmt.Sprint(company.ID)}, "kind": {"department"}, "value": {"Inbound Voice"}, "due_days": {"7"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("rule for a company-wide course: %d", res.StatusCode)
	}
	if res := mgr.post("/training/manage/rules", url.Values{"course_id": {fmt.Sprint(id)}, "kind": {"team"}, "value": {"Voice Team 1"}, "due_days": {"7"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rule for their team: %d", res.StatusCode)
	}
	if as, _ := app.store.AssignmentsOf(ctx, trainingID(app, "agent")); len(as) != 1 || as[0].CourseID != id {
		t.Fatalf("agent's assignments %+v", as)
	}
	// The employee still cannot author.
	if res := app.signedIn("agent").get("/training/manage"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("employee: %d", res.StatusCode)
	}
}

// The course page offers "Start reading" until a lesson is read, then "Continue reading",
// in both languages.
func TestTrainingCoursePageStartThenContinueReading(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	c := app.signedIn("agent")
	coursePath := fmt.Sprintf("/training/courses/%d", course.ID)
	next := func() (string, string) {
		doc := c.get(coursePath).doc(t)
		href, _ := doc.Find("[data-testid=next-lesson]").Attr("href")
		return strings.TrimSpace(doc.Find("[data-testid=next-lesson]").Text()), href
	}
	if got, href := next(); got != "Start reading" || !strings.HasSuffix(href, fmt.Sprintf("/lessons/%d", course.Revision.Lessons[0].Key)) {
		t.Fatalf("nothing read: %q → %s, want Start reading → lesson one", got, href)
	}
	if err := app.store.SetLanguage(context.Background(), trainingID(app, "agent"), "zh"); err != nil {
		t.Fatal(err)
	}
	if got, _ := next(); got != "开始阅读" {
		t.Fatalf("nothing read (zh): %q, want 开始阅读", got)
	}
	c.post(fmt.Sprintf("%s/lessons/%d/read", coursePath, course.Revision.Lessons[0].Key), url.Values{})
	if got, _ := next(); got != "继续阅读" {
		t.Fatalf("one lesson read (zh): %q, want 继续阅读", got)
	}
	app.store.SetLanguage(context.Background(), trainingID(app, "agent"), "en")
	if got, href := next(); got != "Continue reading" || !strings.HasSuffix(href, fmt.Sprintf("/lessons/%d", course.Revision.Lessons[1].Key)) {
		t.Fatalf("one lesson read: %q → %s, want Continue reading → lesson two", got, href)
	}
}

// A course nobody in the viewer's scope is assigned says so instead of "0% · 0 of 0".
func TestTrainingTeamCourseNobodyAssigned(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	ld := app.signedIn("leader")
	doc := ld.get("/training/team").doc(t)
	totals := doc.Find("[data-testid=course-totals]")
	if totals.Find("[data-testid=nobody-assigned]").Length() != 1 || strings.Contains(totals.Text(), "0 of 0") || totals.Find("svg").Length() != 0 {
		t.Fatalf("unassigned course: %q", totals.Text())
	}
	if totals.Find(`a[href="/training/manage#new-rule"]`).Length() != 1 {
		t.Fatal("the author is not offered the way to assign it")
	}
	// Assigned to the outsider only: the leader sees figures, the manager (whose organisation
	// does not include the outsider) still sees nobody assigned, and no authoring link.
	if _, _, err := app.store.CreateAssignmentRule(context.Background(), 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleDepartment, Value: "Sales", DueDays: 7}); err != nil {
		t.Fatal(err)
	}
	totals = ld.get("/training/team").doc(t).Find("[data-testid=course-totals]")
	if totals.Find("[data-testid=nobody-assigned]").Length() != 0 || !strings.Contains(totals.Text(), "0% · 0 of 1") {
		t.Fatalf("leader after the rule: %q", totals.Text())
	}
	mgr := app.signedIn("manager")
	totals = mgr.get("/training/team").doc(t).Find("[data-testid=course-totals]")
	if totals.Find("[data-testid=nobody-assigned]").Length() != 1 || strings.Contains(totals.Text(), "0 of 0") {
		t.Fatalf("manager: %q", totals.Text())
	}
	if totals.Find(`a[href="/training/manage#new-rule"]`).Length() != 0 {
		t.Fatal("a manager who may not author is sent to the authoring page")
	}
	app.store.SetLanguage(context.Background(), trainingID(app, "manager"), "zh")
	if got := mgr.get("/training/team").doc(t).Find("[data-testid=nobody-assigned]").Text(); got != "这里无人分配此课程。" {
		t.Fatalf("zh: %q", got)
	}
}

// trainingPartialCourse publishes a course whose quiz has a partial-credit multiple choice
// (A, B, C right, D wrong; 1 point) and a written answer worth 3 points: 4 points, pass mark 80.
func trainingPartialCourse(app *testApp, quiz store.QuestionSetSettings) store.Course {
	app.t.Helper()
	ctx := context.Background()
	s := app.store
	quiz.PassMark = 80
	id, err := s.CreateCourse(ctx, 0, store.CourseInput{TitleEN: "Service recovery", TitleZH: "服务补救", Quiz: quiz})
	if err != nil {
		app.t.Fatal(err)
	}
	if _, err := s.AddLesson(ctx, 0, id, store.LessonInput{TitleEN: "Apologise", BodyEN: "Say sorry first."}); err != nil {
		app.t.Fatal(err)
	}
	setID, err := s.DraftQuestionSet(ctx, id)
	if err != nil {
		app.t.Fatal(err)
	}
	for _, q := range []store.QuestionInput{
		{Kind: store.QuestionMultiple, PartialCredit: true, PromptEN: "Steps?", Points: 1,
			Options: []store.OptionInput{{TextEN: "A", Correct: true}, {TextEN: "B", Correct: true}, {TextEN: "C", Correct: true}, {TextEN: "D"}}},
		{Kind: store.QuestionWritten, PromptEN: "Explain", RubricEN: "Says sorry", Points: 3},
	} {
		if _, err := s.AddQuestion(ctx, setID, q); err != nil {
			app.t.Fatal(err)
		}
	}
	if err := s.PublishCourse(ctx, 0, id); err != nil {
		app.t.Fatal(err)
	}
	c, err := s.PublishedCourse(ctx, id)
	if err != nil {
		app.t.Fatal(err)
	}
	return c
}

// trainingPartialSubmit starts the partial-credit quiz, ticks the options labelled picks and
// writes an answer, and returns the result page's path.
func trainingPartialSubmit(t *testing.T, c *client, course store.Course, picks ...string) string {
	t.Helper()
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	doc := trainingTakeQuiz(t, c, quizPath)
	form := url.Values{}
	token, _ := doc.Find("input[name=token]").Attr("value")
	form.Set("token", token)
	doc.Find("label.choice").Each(func(_ int, l *goquery.Selection) {
		for _, p := range picks {
			if strings.TrimSpace(l.Text()) == p {
				name, _ := l.Find("input").Attr("name")
				v, _ := l.Find("input").Attr("value")
				form.Add(name, v)
			}
		}
	})
	name, _ := doc.Find("textarea").Attr("name")
	form.Set(name, "I would say sorry.")
	res := c.post(quizPath, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	return res.Header.Get("Location")
}

// The result of an attempt waiting for review shows points to one decimal with the
// percentage, says the result is provisional and what the review must give to pass; when
// even full marks on the written answers cannot reach the pass mark, it says now that the
// attempt did not pass and whether and when the learner may try again.
func TestTrainingPendingResultIsHonest(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	course := trainingPartialCourse(app, store.QuestionSetSettings{CooldownMinutes: 60})
	text := func(doc *goquery.Document, sel string) string {
		return strings.Join(strings.Fields(doc.Find(sel).Text()), " ")
	}

	// agent: A only → 1/3 of a point; 0.33 + 3 ≥ 3.2 can still pass.
	ag := app.signedIn("agent")
	doc := ag.get(trainingPartialSubmit(t, ag, course, "A")).doc(t)
	if got := text(doc, "[data-testid=points]"); got != "So far: 0.3 of 4 points · 8%, without the written answers waiting for review." {
		t.Errorf("points: %q", got)
	}
	if doc.Find("[data-testid=provisional]").Length() != 1 || doc.Find("[data-testid=failed]").Length() != 0 {
		t.Errorf("not provisional: %q", text(doc, "[data-testid=verdict]"))
	}
	if got := text(doc, "[data-testid=provisional-need]"); got != "Your written answers are worth up to 3 points. You pass the 80% mark if the review gives them at least 2.9 points." {
		t.Errorf("need: %q", got)
	}
	if doc.Find("[data-testid=next-attempt]").Length() != 0 {
		t.Error("a retry is offered while the attempt can still pass")
	}
	app.store.SetLanguage(context.Background(), trainingID(app, "agent"), "zh")
	attempts, _ := app.store.AttemptsOf(context.Background(), trainingID(app, "agent"), course.Revision.QuestionSetID)
	zh := ag.get(fmt.Sprintf("/training/attempts/%d", attempts[0].ID)).doc(t)
	if got := text(zh, "[data-testid=points]"); got != "目前得分：0.3 / 满分 4 · 8%（不含等待评审的简答题）。" {
		t.Errorf("zh points: %q", got)
	}
	if got := text(zh, "[data-testid=provisional]"); got != "暂定结果：等待评审" {
		t.Errorf("zh provisional: %q", got)
	}

	// newhire: A and D → 0 points; even 3 more give 3 of 4 = 75% < 80%: not passed, now.
	nh := app.signedIn("newhire")
	resultPath := trainingPartialSubmit(t, nh, course, "A", "D")
	doc = nh.get(resultPath).doc(t)
	if got := text(doc, "[data-testid=failed]"); got != "Not passed: even full marks on your written answers would give at most 75% (pass mark 80%)." {
		t.Errorf("verdict: %q", got)
	}
	if got := text(doc, "[data-testid=points]"); got != "So far: 0 of 4 points · 0%, without the written answers waiting for review." {
		t.Errorf("points: %q", got)
	}
	if got := text(doc, "[data-testid=next-attempt]"); got != "You can try the quiz again after 23 Nov 2026 10:00." {
		t.Errorf("next attempt during the cool-down: %q", got)
	}
	coursePath := fmt.Sprintf("/training/courses/%d", course.ID)
	if got := text(nh.get(coursePath).doc(t), "[data-testid=attempts]"); !strings.Contains(got, "Not passed · feedback to come") {
		t.Errorf("course page attempts: %q", got)
	}
	if got := text(nh.get("/training").doc(t), "[data-testid=course-status]"); got != "Failed" {
		t.Errorf("status: %q", got)
	}
	// After the cool-down the learner may start again without waiting for the reviewer.
	app.clock.now = app.clock.now.Add(time.Hour)
	doc = nh.get(resultPath).doc(t)
	if got := text(doc, "[data-testid=next-attempt] p"); !strings.HasPrefix(got, "You can take the quiz again now.") || doc.Find("[data-testid=retry]").Length() != 1 {
		t.Errorf("next attempt after the cool-down: %q", got)
	}
	trainingTakeQuiz(t, nh, fmt.Sprintf("/training/courses/%d/quiz", course.ID))
	// The written answer still reaches the reviewer, for the feedback.
	found := false
	app.signedIn("manager").get("/training/reviews").doc(t).Find("[data-testid=review]").Each(func(_ int, s *goquery.Selection) {
		found = found || strings.Contains(s.Text(), "Sam Taylor")
	})
	if !found {
		t.Error("the failed attempt's written answer left the review queue")
	}
	// agent's attempt, which can still pass, still blocks a new one.
	if res := ag.post(fmt.Sprintf("/training/courses/%d/quiz/start", course.ID), url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("agent starts while the review may still pass them: %d", res.StatusCode)
	}
}

// A confirmation quotes the course title in the reader's language.
func TestTrainingFlashQuotesTheTitleInTheReadersLanguage(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	ld := app.signedIn("leader")
	if res := ld.post("/language", url.Values{"lang": {"zh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("language: %d", res.StatusCode)
	}
	res := ld.post("/training/manage/courses", url.Values{"title_en": {"Complaints"}, "title_zh": {"投诉处理"}, "key": {"complaints"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create course: %d %s", res.StatusCode, res.Body)
	}
	flash := ld.get(res.Header.Get("Location")).doc(t).Find("[role=status], .flash").Text()
	if !strings.Contains(flash, "投诉处理") || strings.Contains(flash, "Complaints") {
		t.Errorf("flash in Chinese: %q", flash)
	}
}

// A whole organisation's matrix is not one page: the tables stop at views.TrainingPageRows
// with a note, the totals still count everyone and the CSV lists everyone.
func TestTrainingMatrixPageIsCappedButCSVIsNot(t *testing.T) {
	app := newTestApp(t)
	trainingOrg(app)
	var many []store.PersonInput
	for i := range views.TrainingPageRows + 10 {
		many = append(many, store.PersonInput{EmployeeID: fmt.Sprintf("X%03d", i), Name: fmt.Sprintf("Extra %03d", i),
			Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01"})
	}
	if _, err := app.store.UpsertPeople(context.Background(), 0, many, 0); err != nil {
		t.Fatal(err)
	}
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	if _, _, err := app.store.CreateAssignmentRule(context.Background(), 0, store.AssignmentRuleInput{CourseID: course.ID,
		Kind: store.RuleTier, Value: store.TierFrontLine, DueDays: 7}); err != nil {
		t.Fatal(err)
	}
	app.clock.now = app.clock.now.Add(8 * 24 * time.Hour) // everyone overdue
	ld := app.signedIn("leader")
	doc := ld.get("/training/team").doc(t)
	if n := doc.Find("[data-testid=matrix] tbody tr").Length(); n != views.TrainingPageRows {
		t.Fatalf("%d matrix rows on the page, want %d", n, views.TrainingPageRows)
	}
	if n := doc.Find("[data-testid=overdue] tbody tr").Length(); n != views.TrainingPageRows {
		t.Fatalf("%d overdue rows on the page, want %d", n, views.TrainingPageRows)
	}
	if !strings.Contains(doc.Find("[data-testid=rows-capped]").Text(), "of") || doc.Find("[data-testid=overdue-capped]").Length() != 1 {
		t.Fatal("no note that the tables are cut short")
	}
	res := ld.get("/training/team.csv")
	lines := strings.Count(res.Body, "\n")
	if lines < views.TrainingPageRows+10+1 {
		t.Fatalf("CSV has %d lines, want everyone", lines)
	}
}
