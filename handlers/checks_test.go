package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"lodestar/store"
)

// checksSeedOrg: LEAD (leader) over MGR1 (Voice/T1: AG1–AG4, AG6, NEW hired 10 days ago, TMP
// temporary) and MGR2 (Chat/C1: AG5). Eligible on 2026-11-23: LEAD, MGR1, MGR2, AG1–AG6 = 9.
func checksSeedOrg(app *testApp) {
	app.seed(
		store.PersonInput{EmployeeID: "LEAD", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Department: "Ops", Team: "Lead"},
		store.PersonInput{EmployeeID: "MGR1", ManagerEmployeeID: "LEAD", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Voice", Team: "T1"},
		store.PersonInput{EmployeeID: "MGR2", ManagerEmployeeID: "LEAD", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Chat", Team: "C1"},
		store.PersonInput{EmployeeID: "AG1", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1"},
		store.PersonInput{EmployeeID: "AG2", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1"},
		store.PersonInput{EmployeeID: "AG3", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1"},
		store.PersonInput{EmployeeID: "AG4", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1"},
		store.PersonInput{EmployeeID: "AG6", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1"},
		store.PersonInput{EmployeeID: "NEW", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1", HiredOn: "2026-11-13"},
		store.PersonInput{EmployeeID: "TMP", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1", EmploymentType: store.EmploymentTemporary},
		store.PersonInput{EmployeeID: "AG5", ManagerEmployeeID: "MGR2", Department: "Chat", Team: "C1"},
	)
}

func checksForm(title, opens, closes string) url.Values {
	return url.Values{"title": {title}, "opens_on": {opens}, "closes_on": {closes}, "target_pct": {"80"},
		"min_tenure_days": {"90"}, "employment_types": {"permanent"}, "pass_mark": {"70"}, "retakes": {"0"}}
}

// checksCreateCheck saves a check through the leader's form and returns its ID (it stays
// scheduled until it has a written-answer question).
func checksCreateCheck(t *testing.T, app *testApp, form url.Values) int64 {
	t.Helper()
	res := app.signedIn("LEAD").post("/checks", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create check: %d %s", res.StatusCode, res.Body)
	}
	checks, err := app.store.ListChecks(context.Background())
	if err != nil || len(checks) == 0 {
		t.Fatalf("created check not found: %v", err)
	}
	id := checks[0].ID
	for _, c := range checks {
		id = max(id, c.ID)
	}
	return id
}

// checksOpenCheck creates a check opening today through the leader's form, gives it a
// single-choice and a written question through the questions page (it opens on the next
// page load) and returns its ID.
func checksOpenCheck(t *testing.T, app *testApp) int64 {
	t.Helper()
	id := checksCreateCheck(t, app, checksForm("Q4 strategy check", "2026-11-23", "2026-12-07"))
	checksAddQuestionsViaPage(t, app, id)
	if res := app.signedIn("LEAD").get("/checks/" + itoa(id)); res.StatusCode != http.StatusOK {
		t.Fatalf("check page: %d", res.StatusCode)
	}
	c, err := app.store.CurrentCheck(context.Background())
	if err != nil || c.Status != store.CheckOpen || c.ID != id {
		t.Fatalf("current check: %+v %v", c, err)
	}
	return c.ID
}

func checksPersonID(t *testing.T, app *testApp, employeeID string) int64 {
	t.Helper()
	p, err := app.store.PersonByEmployeeID(context.Background(), employeeID)
	if err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func checksAttempt(t *testing.T, app *testApp, checkID int64, employeeID string, score float64, pending bool) int64 {
	t.Helper()
	id, err := app.store.RecordCheckAttempt(context.Background(), checkID, checksPersonID(t, app, employeeID), score, pending)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestChecksRoutesGuardedByRole(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	agent := app.signedIn("AG1")
	manager := app.signedIn("MGR1")
	p := "/checks/" + itoa(id)
	for _, path := range []string{p + "/report", p + "/reviews", p + "/interviews", p + "/export.csv", p + "/export.xlsx", "/checks/new"} {
		if res := agent.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("agent GET %s: %d, want 403", path, res.StatusCode)
		}
	}
	if res := agent.post(p+"/remind", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("agent remind: %d, want 403", res.StatusCode)
	}
	for _, path := range []string{"/checks", p + "/close", p + "/edit"} {
		if res := manager.post(path, checksForm("x", "2026-11-23", "2026-11-30")); res.StatusCode != http.StatusForbidden {
			t.Errorf("manager POST %s: %d, want 403", path, res.StatusCode)
		}
	}
	if res := agent.get(p); res.StatusCode != http.StatusOK {
		t.Errorf("agent GET %s: %d", p, res.StatusCode)
	}
	if res := app.client().get(p); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous GET %s: %d, want redirect", p, res.StatusCode)
	}
}

func TestChecksFormKeepsInputOnError(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	form := checksForm("Q4 check", "2026-12-10", "2026-12-01")
	form.Set("target_pct", "120")
	res := app.signedIn("LEAD").post("/checks", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	doc := res.doc(t)
	if v, _ := doc.Find(`input[name="title"]`).Attr("value"); v != "Q4 check" {
		t.Errorf("title kept = %q", v)
	}
	if v, _ := doc.Find(`input[name="target_pct"]`).Attr("value"); v != "120" {
		t.Errorf("target kept = %q", v)
	}
	if doc.Find(`[data-testid="error-closes_on"]`).Length() != 1 || doc.Find(`[data-testid="error-target_pct"]`).Length() != 1 {
		t.Errorf("errors not shown next to the fields")
	}
	if _, checked := doc.Find(`input[name="employment_types"][value="permanent"]`).Attr("checked"); !checked {
		t.Errorf("employment type not kept")
	}
	if checks, _ := app.store.ListChecks(context.Background()); len(checks) != 0 {
		t.Errorf("an invalid check was stored")
	}
}

func TestChecksReportScopeAndVerdicts(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	// MGR1's team: AG1–AG4 pass, AG6 waits for review → 4 of 5 = exactly 80%: meets.
	for _, e := range []string{"AG1", "AG2", "AG3", "AG4"} {
		checksAttempt(t, app, id, e, 90, false)
	}
	checksAttempt(t, app, id, "AG6", 95, true)
	checksAttempt(t, app, id, "NEW", 100, false) // practice, never counted
	p := "/checks/" + itoa(id) + "/report"

	doc := app.signedIn("MGR1").get(p).doc(t)
	if got := strings.TrimSpace(doc.Find(`[data-testid="overall"] .pill`).First().Text()); got != "Meets the 80% requirement" {
		t.Errorf("MGR1 verdict = %q", got)
	}
	if doc.Find(`[data-testid="person-AG5"]`).Length() != 0 || doc.Find(`[data-testid="person-MGR2"]`).Length() != 0 {
		t.Errorf("MGR1 sees another team")
	}
	if doc.Find(`[data-testid="person-AG1"]`).Length() != 1 || doc.Find(`[data-testid="person-NEW"]`).Length() != 0 {
		t.Errorf("MGR1's people list wrong")
	}
	if n := doc.Find(`[data-testid="people"] tbody tr`).Length(); n != 5 {
		t.Errorf("MGR1 sees %d people, want 5", n)
	}
	// MGR2 sees only AG5.
	doc2 := app.signedIn("MGR2").get(p).doc(t)
	if n := doc2.Find(`[data-testid="people"] tbody tr`).Length(); n != 1 || doc2.Find(`[data-testid="person-AG5"]`).Length() != 1 {
		t.Errorf("MGR2 sees %d people", n)
	}
	// The leader sees all 9: 4 understood → 44%, ceil(7.2) − 4 = 4 more needed.
	doc3 := app.signedIn("LEAD").get(p).doc(t)
	if got := strings.TrimSpace(doc3.Find(`[data-testid="overall"] .pill`).First().Text()); got != "Does not meet the 80% requirement: 44% — 4 more people needed" {
		t.Errorf("leader verdict = %q", got)
	}
	tier := doc3.Find(`[data-testid="by-tier-row"][data-key="front_line"] [data-testid="rate"]`).Text()
	if strings.TrimSpace(tier) != "66% · 4 of 6" {
		t.Errorf("front line = %q, want 66%% · 4 of 6", tier)
	}
	if got := strings.TrimSpace(doc3.Find(`[data-testid="by-department-row"][data-key="Chat"] [data-testid="rate"]`).Text()); got != "0% · 0 of 2" {
		t.Errorf("Chat = %q", got)
	}
}

func TestChecksInterviewUploadAllOrNothing(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	p := "/checks/" + itoa(id) + "/interviews"
	bad := "employee_id,date,verdict,note\nAG1,2026-11-23,understood,Clear\nTMP,2026-11-23,understood,\nNEW,2026-11-23,understood,\nAG5,2026-11-23,understood,\n"
	mgr := app.signedIn("MGR1")
	res := mgr.post(p+"/upload", url.Values{"csv": {bad}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("preview status %d", res.StatusCode)
	}
	problems := res.doc(t).Find(`[data-testid="upload-problems"] li`)
	want := []string{
		"Row 3, employee_id: Not eligible for this check: their employment type (temporary or contractor) does not count as long-term.",
		"Row 4, employee_id: Not eligible for this check: only 10 days' tenure on the opening date.",
		"Row 5, employee_id: AG5 is not in your team for this check.",
	}
	if problems.Length() != len(want) {
		t.Fatalf("problems: %q", problems.Text())
	}
	problems.Each(func(i int, s *goquery.Selection) {
		if got := strings.TrimSpace(s.Text()); got != want[i] {
			t.Errorf("problem %d = %q, want %q", i, got, want[i])
		}
	})
	// Confirming the bad file writes nothing either.
	if res := mgr.post(p+"/confirm", url.Values{"csv": {bad}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("confirm bad: %d", res.StatusCode)
	}
	c, _ := app.store.CheckByID(context.Background(), id)
	rep, _ := app.store.CheckReport(context.Background(), c, store.Person{Role: store.RoleAdmin})
	if rep.Overall.Responded != 0 {
		t.Fatalf("a refused upload wrote %d results", rep.Overall.Responded)
	}
	good := "employee_id,date,verdict,note\nAG1,2026-11-23,understood,Clear\nAG2,2026-11-23,not_understood,Unsure\n"
	res = mgr.post(p+"/upload", url.Values{"csv": {good}})
	if res.StatusCode != http.StatusOK || res.doc(t).Find(`[data-testid="confirm-upload"]`).Length() != 1 {
		t.Fatalf("good preview: %d", res.StatusCode)
	}
	if res := mgr.post(p+"/confirm", url.Values{"csv": {good}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm good: %d %s", res.StatusCode, res.Body)
	}
	rep, _ = app.store.CheckReport(context.Background(), c, store.Person{Role: store.RoleAdmin})
	if rep.Overall.Understood != 1 || rep.Overall.NotUnderstood != 1 || rep.Overall.Eligible != 9 {
		t.Errorf("after upload: %+v", rep.Overall)
	}
	// One interview through the form: an error keeps what was typed.
	res = mgr.post(p, url.Values{"employee_id": {"AG5"}, "date": {"2026-11-23"}, "verdict": {"understood"}, "note": {"Explained it"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("interview for another team: %d", res.StatusCode)
	}
	d := res.doc(t)
	if v, _ := d.Find(`input[name="employee_id"]`).Attr("value"); v != "AG5" || d.Find(`textarea[name="note"]`).Text() != "Explained it" ||
		d.Find(`[data-testid="error-employee_id"]`).Length() != 1 {
		t.Errorf("interview form lost input or error")
	}
}

func TestChecksReviewAndRemind(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	a5 := checksAttempt(t, app, id, "AG5", 90, true)
	a1 := checksAttempt(t, app, id, "AG1", 90, true)
	p := "/checks/" + itoa(id)
	mgr1 := app.signedIn("MGR1")
	// MGR1's queue has AG1 only; reviewing AG5 (MGR2's team) is forbidden.
	q := mgr1.get(p + "/reviews").doc(t)
	if q.Find(`[data-testid="review-`+itoa(a1)+`"]`).Length() != 1 || q.Find(`[data-testid="review-`+itoa(a5)+`"]`).Length() != 0 {
		t.Errorf("MGR1's queue is wrong")
	}
	if res := mgr1.post(p+"/reviews/"+itoa(a5), url.Values{"verdict": {"accept"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("review of another team: %d, want 403", res.StatusCode)
	}
	// Not accepting needs feedback.
	if res := mgr1.post(p+"/reviews/"+itoa(a1), url.Values{"verdict": {"reject"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("reject without feedback: %d, want 422", res.StatusCode)
	}
	if res := mgr1.post(p+"/reviews/"+itoa(a1), url.Values{"verdict": {"accept"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	a, _ := app.store.CheckAttemptByID(context.Background(), a1)
	if a.WrittenStatus != store.WrittenAccepted || a.ReviewerID != checksPersonID(t, app, "MGR1") || a.ReviewedAt.IsZero() {
		t.Errorf("review not recorded: %+v", a)
	}
	// Remind: MGR1's non-respondents are AG2, AG3, AG4, AG6.
	before, _ := app.store.UnreadNotifications(context.Background(), checksPersonID(t, app, "AG2"))
	if res := mgr1.post(p+"/remind", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind: %d", res.StatusCode)
	}
	after, _ := app.store.UnreadNotifications(context.Background(), checksPersonID(t, app, "AG2"))
	other, _ := app.store.UnreadNotifications(context.Background(), checksPersonID(t, app, "MGR2"))
	if after != before+1 || other != 1 { // MGR2: only the opening notification
		t.Errorf("AG2 %d→%d, MGR2 %d", before, after, other)
	}
}

// checksStatTile returns the number and count line of the report's stat tile labelled label.
func checksStatTile(doc *goquery.Document, label string) (number, count string) {
	doc.Find(`[data-testid="overall"] .stat`).Each(func(_ int, s *goquery.Selection) {
		if strings.TrimSpace(s.Find(".stat-label").Text()) == label {
			number = strings.TrimSpace(s.Find(".stat-number").Text())
			count = strings.TrimSpace(s.Find(".stat-count").Text())
		}
	})
	return number, count
}

// The report's "waiting for review" tile counts eligible people whose result waits on a
// review; the review queue also holds practice answers and answers whose review cannot
// change a result. The button and the queue state their total and how it splits, so the
// two numbers reconcile.
func TestChecksReviewQueueReconcilesWithReport(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	ctx := context.Background()
	decides := []int64{checksAttempt(t, app, id, "AG1", 90, true), checksAttempt(t, app, id, "AG2", 95, true)}
	below := checksAttempt(t, app, id, "AG3", 40, true)    // below the pass mark: not understood whatever the review
	practice := checksAttempt(t, app, id, "NEW", 90, true) // not eligible: practice
	understood := checksAttempt(t, app, id, "AG4", 90, true)
	lead, err := app.store.PersonByEmployeeID(ctx, "LEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.store.RecordInterviews(ctx, id, lead, []store.InterviewInput{{EmployeeID: "AG4", Date: "2026-11-23", Verdict: "understood"}}, 0); err != nil {
		t.Fatal(err)
	}
	checksAttempt(t, app, id, "LEAD", 90, true) // the leader's own: reviewed by someone else
	p := "/checks/" + itoa(id)

	for _, tc := range []struct {
		who, tile, own string
	}{
		{"MGR1", "2", ""},
		{"LEAD", "3", "You are waiting for review too"},
	} {
		doc := app.signedIn(tc.who).get(p + "/report").doc(t)
		number, count := checksStatTile(doc, "Waiting for review")
		if number != tc.tile || count != "eligible people whose result waits on a review" {
			t.Errorf("%s: tile = %q / %q, want %s eligible people", tc.who, number, count, tc.tile)
		}
		if got := strings.TrimSpace(doc.Find(`[data-testid="reviews-link"]`).Text()); got != "Review written answers (5, 1 of them practice)" {
			t.Errorf("%s: button = %q", tc.who, got)
		}
		breakdown := doc.Find(`[data-testid="overall"] [data-testid="queue-breakdown"]`).Text()
		if !strings.Contains(breakdown, "holds 5 written answers: 2 from eligible people waiting for review") ||
			!strings.Contains(breakdown, "1 practice (never counts), 2 that cannot change a result") {
			t.Errorf("%s: breakdown = %q", tc.who, breakdown)
		}
		if got := strings.Contains(breakdown, "You are waiting for review too"); got != (tc.own != "") {
			t.Errorf("%s: own-answers note shown = %v: %q", tc.who, got, breakdown)
		}
	}

	queue := app.signedIn("MGR1").get(p + "/reviews").doc(t)
	if got := queue.Find(`section[data-testid^="review-"]`).Length(); got != 5 {
		t.Errorf("queue has %d answers, want 5", got)
	}
	if !strings.Contains(queue.Find(`[data-testid="queue-breakdown"]`).Text(), "holds 5 written answers") {
		t.Errorf("the queue does not state its total")
	}
	effect := func(attempt int64) string {
		return strings.TrimSpace(queue.Find(`[data-testid="review-` + itoa(attempt) + `"] [data-testid="review-effect"]`).Text())
	}
	for attempt, want := range map[int64]string{decides[0]: "Decides this person's result", decides[1]: "Decides this person's result",
		practice: "Practice: never counts", below: "Cannot change the result", understood: "Cannot change the result"} {
		if got := effect(attempt); got != want {
			t.Errorf("attempt %d: %q, want %q", attempt, got, want)
		}
	}
}

func TestChecksHomeCardAndPractice(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	if app.signedIn("AG1").get("/").doc(t).Find(`[data-testid="checks-home"]`).Length() != 1 {
		t.Errorf("eligible agent has no home card")
	}
	newHire := app.signedIn("NEW")
	if newHire.get("/").doc(t).Find(`[data-testid="checks-home"]`).Length() != 0 {
		t.Errorf("new hire has a home card")
	}
	if newHire.get("/checks/"+itoa(id)).doc(t).Find(`[data-testid="practice"]`).Length() != 1 {
		t.Errorf("new hire is not told it is practice")
	}
	// A second check opening before the first closes does not hide it: one card each.
	second := checksCreateCheck(t, app, checksForm("December check", "2026-11-23", "2026-12-14"))
	checksAddQuestionsViaPage(t, app, second)
	if n := app.signedIn("AG1").get("/").doc(t).Find(`[data-testid="checks-home"]`).Length(); n != 2 {
		t.Errorf("%d home cards with two open checks, want 2", n)
	}
}

func TestChecksEvidencePack(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	checksAttempt(t, app, id, "AG1", 88, false)
	mgr := app.signedIn("MGR1")
	res := mgr.get("/checks/" + itoa(id) + "/export.csv")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "AG1,Person AG1,Front line,Voice,T1,Counted,Understood,Check,88,") {
		t.Fatalf("csv: %d\n%s", res.StatusCode, res.Body)
	}
	if strings.Contains(res.Body, "AG5") {
		t.Errorf("manager's evidence pack includes another team")
	}
	res = mgr.get("/checks/" + itoa(id) + "/export.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("People")
	if err != nil || len(rows) != 6 || rows[1][0] != "AG1" || rows[1][6] != "Understood" {
		t.Errorf("xlsx people rows = %v, %v", rows, err)
	}
}

func checksAPI(t *testing.T, app *testApp, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, app.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func TestChecksAPI(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	token, err := app.store.CreateToken(context.Background(), checksPersonID(t, app, "LEAD"), "bi")
	if err != nil {
		t.Fatal(err)
	}
	if status, _ := checksAPI(t, app, "GET", "/api/v1/understanding", token, nil); status != http.StatusNotFound {
		t.Errorf("no check yet: %d, want 404", status)
	}
	id := checksOpenCheck(t, app)
	for _, e := range []string{"AG1", "AG2", "AG3", "AG4"} {
		checksAttempt(t, app, id, e, 90, false)
	}
	checksAttempt(t, app, id, "AG6", 90, true)
	status, body := checksAPI(t, app, "GET", "/api/v1/understanding", token, nil)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	// 9 eligible, 5 responded, 4 understood, 1 pending: rate 4/9.
	if body["eligible"] != 9.0 || body["responded"] != 5.0 || body["understood"] != 4.0 || body["pending_review"] != 1.0 ||
		body["meets_target"] != false || body["target"] != 0.8 || body["id"] != float64(id) {
		t.Errorf("body = %v", body)
	}
	var sumEligible, sumUnderstood float64
	for _, row := range body["by_department"].([]any) {
		m := row.(map[string]any)
		sumEligible += m["eligible"].(float64)
		sumUnderstood += m["understood"].(float64)
	}
	if sumEligible != 9 || sumUnderstood != 4 {
		t.Errorf("departments sum to %v/%v", sumUnderstood, sumEligible)
	}
	// The interview POST is all-or-nothing too.
	status, body = checksAPI(t, app, "POST", "/api/v1/understanding/"+itoa(id)+"/interviews", token, []map[string]string{
		{"employee_id": "AG5", "date": "2026-11-23", "verdict": "understood"},
		{"employee_id": "TMP", "date": "2026-11-23", "verdict": "understood"},
	})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad interviews: %d %v", status, body)
	}
	probs := body["problems"].([]any)
	if len(probs) != 1 || probs[0].(map[string]any)["item"] != 1.0 || probs[0].(map[string]any)["code"] != "check_not_eligible_employment" {
		t.Errorf("problems = %v", probs)
	}
	status, _ = checksAPI(t, app, "POST", "/api/v1/understanding/"+itoa(id)+"/interviews", token, []map[string]string{
		{"employee_id": "AG5", "date": "2026-11-23", "verdict": "understood", "note": "Explained the strategy"},
	})
	if status != http.StatusCreated {
		t.Fatalf("good interviews: %d", status)
	}
	status, body = checksAPI(t, app, "GET", "/api/v1/understanding/"+itoa(id)+"/people", token, nil)
	people := body["people"].([]any)
	if status != http.StatusOK || len(people) != 9 {
		t.Fatalf("people: %d %d", status, len(people))
	}
	results := map[string]string{}
	for _, p := range people {
		m := p.(map[string]any)
		method, _ := m["method"].(string)
		results[m["employee_id"].(string)] = m["result"].(string) + "/" + method
	}
	if results["AG5"] != "understood/interview" || results["AG6"] != "pending_review/check" || results["MGR2"] != "no_response/" {
		t.Errorf("results = %v", results)
	}
	if status, _ := checksAPI(t, app, "GET", "/api/v1/understanding/999", token, nil); status != http.StatusNotFound {
		t.Errorf("unknown check: %d", status)
	}
	checksAPIRecorderShown(t, app, id, token)
}

// checksAPIRecorderShown: an interview posted through the API (AG5, by the token named "bi")
// names the token as its recorder on the report, the person's page, the evidence pack and
// the API, before and after the check closes (the frozen result keeps it).
func checksAPIRecorderShown(t *testing.T, app *testApp, id int64, token string) {
	t.Helper()
	ctx := context.Background()
	lead, err := app.store.PersonByEmployeeID(ctx, "LEAD")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.store.RecordInterviews(ctx, id, lead, []store.InterviewInput{{EmployeeID: "MGR2", Date: "2026-11-23", Verdict: "understood"}}, 0); err != nil {
		t.Fatal(err)
	}
	p := "/checks/" + itoa(id)
	reviewers := func() map[string]string {
		_, body := checksAPI(t, app, "GET", "/api/v1/understanding/"+itoa(id)+"/people", token, nil)
		out := map[string]string{}
		for _, row := range body["people"].([]any) {
			m := row.(map[string]any)
			name, _ := m["reviewer"].(string)
			kind, _ := m["reviewer_type"].(string)
			out[m["employee_id"].(string)] = name + "/" + kind
		}
		return out
	}
	check := func(when string) {
		if got := reviewers(); got["AG5"] != "bi/api_token" || got["MGR2"] != lead.Name+"/person" || got["MGR1"] != "/" {
			t.Errorf("%s: API reviewers = %v", when, got)
		}
		doc := app.signedIn("LEAD").get(p + "/report").doc(t)
		if got := strings.TrimSpace(doc.Find(`[data-testid="person-AG5"] [data-testid="reviewer"]`).Text()); got != "API token “bi”" {
			t.Errorf("%s: report reviewer of AG5 = %q", when, got)
		}
		if got := strings.TrimSpace(doc.Find(`[data-testid="person-MGR2"] [data-testid="reviewer"]`).Text()); got != lead.Name {
			t.Errorf("%s: report reviewer of MGR2 = %q, want %q", when, got, lead.Name)
		}
		if csv := app.signedIn("LEAD").get(p + "/export.csv").Body; !strings.Contains(csv, "API token “bi”") {
			t.Errorf("%s: the evidence pack does not name the token", when)
		}
	}
	check("open")
	if !strings.Contains(app.signedIn("AG5").get(p).doc(t).Find(`[data-testid="my-check"]`).Text(), "by API token “bi”") {
		t.Errorf("AG5's page does not say who recorded the interview")
	}
	if err := app.store.CloseCheckNow(ctx, lead.ID, id); err != nil {
		t.Fatal(err)
	}
	check("closed")
}

func TestChecksReportInChinese(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	for _, e := range []string{"AG1", "AG2", "AG3", "AG4"} {
		checksAttempt(t, app, id, e, 90, false)
	}
	mgr := app.signedIn("MGR1")
	if res := mgr.post("/language", url.Values{"lang": {"zh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("language: %d", res.StatusCode)
	}
	doc := mgr.get("/checks/" + itoa(id) + "/report").doc(t)
	if got := strings.TrimSpace(doc.Find(`[data-testid="overall"] .pill`).First().Text()); got != "达到 80% 的要求" {
		t.Errorf("verdict in Chinese = %q", got)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="by-tier-row"][data-key="front_line"] td`).First().Text()); got != "一线员工" {
		t.Errorf("tier in Chinese = %q", got)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="by-tier-row"][data-key="front_line"] [data-testid="rate"]`).Text()); got != "80% · 4/5 人" {
		t.Errorf("rate in Chinese = %q", got)
	}
}

// A person's own result on a closed check is the frozen one, the same as the report's and
// the profile's: a written answer pending at closing and accepted afterwards stays
// "Waiting for review" (so not understood), and a leaving date on or before the closing
// date entered after closing does not drop the person from the check they counted in.
func TestChecksClosedResultFrozenOnOwnPage(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	ctx := context.Background()
	a1 := checksAttempt(t, app, id, "AG1", 90, true) // pending at closing
	checksAttempt(t, app, id, "AG6", 90, false)      // understood
	lead, err := app.store.PersonByEmployeeID(ctx, "LEAD")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.store.CloseCheckNow(ctx, lead.ID, id); err != nil {
		t.Fatal(err)
	}
	// After closing: the answer is accepted and AG6's leaving date (the closing day) is entered.
	if err := app.store.ReviewCheckAttempt(ctx, a1, lead.ID, true, "Clear, but late."); err != nil {
		t.Fatal(err)
	}
	ag6, err := app.store.PersonByEmployeeID(ctx, "AG6")
	if err != nil {
		t.Fatal(err)
	}
	in := store.InputFromPerson(ag6)
	in.LeftOn = "2026-11-23"
	if _, err := app.store.SavePerson(ctx, 0, in); err != nil {
		t.Fatal(err)
	}
	p := "/checks/" + itoa(id)
	squash := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	// AG6 has left and cannot sign in any more: their own view through the store.
	c, err := app.store.CheckByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := app.store.CheckStatusFor(ctx, c, ag6.ID); err != nil || !st.Eligible || st.Outcome.Result != store.ResultUnderstood {
		t.Errorf("AG6's own view after closing = eligible %v, %s (%v), want the frozen counted, understood", st.Eligible, st.Outcome.Result, err)
	}
	for _, tc := range []struct{ who, want string }{{"AG1", "Waiting for review"}} {
		page := app.signedIn(tc.who).get(p).doc(t)
		if page.Find(`[data-testid="eligible"]`).Length() != 1 {
			t.Errorf("%s's page no longer says they count", tc.who)
		}
		if got := squash(page.Find(`[data-testid="my-result"]`).Text()); !strings.HasSuffix(got, tc.want) {
			t.Errorf("%s's own result = %q, want %q", tc.who, got, tc.want)
		}
		// A closed check never invites an answer; it says what the late review means.
		if page.Find(`[data-testid="awaiting-review"]`).Length() != 0 || page.Find(`[data-testid="closed-before-review"]`).Length() != 1 {
			t.Errorf("%s's closed check page: %q", tc.who, squash(page.Find(`[data-testid="my-check"]`).Text()))
		}
		profile := app.signedIn(tc.who).get("/people/" + itoa(checksPersonID(t, app, tc.who))).doc(t)
		if got := squash(profile.Find(`[data-testid="check-standing"]`).Text()); !strings.Contains(got, tc.want) {
			t.Errorf("%s's profile standing = %q, want %q", tc.who, got, tc.want)
		}
		report := app.signedIn("LEAD").get(p + "/report").doc(t)
		if got := squash(report.Find(`[data-testid="person-` + tc.who + `"] .pill`).Text()); got != tc.want {
			t.Errorf("report result of %s = %q, want %q", tc.who, got, tc.want)
		}
	}
}

// A past opening date comes back as a field error, in both languages, with everything typed kept.
func TestChecksFormRefusesBackdatedOpening(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	lead := app.signedIn("LEAD")
	for _, tc := range []struct{ lang, want string }{
		{"en", "The opening date is in the past: choose today (2026-11-23) or later. To start a scheduled check today, use Open now."},
		{"zh", "开放日期已过：请选择今天（2026-11-23）或以后的日期。如需今天开始已安排的检查，请使用“立即开放”。"},
	} {
		if res := lead.post("/language", url.Values{"lang": {tc.lang}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("language: %d", res.StatusCode)
		}
		res := lead.post("/checks", checksForm("Q3 catch-up", "2026-10-01", "2026-11-30"))
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s: status %d, want 422", tc.lang, res.StatusCode)
		}
		doc := res.doc(t)
		if got := strings.TrimSpace(doc.Find(`[data-testid="error-opens_on"]`).Text()); got != tc.want {
			t.Errorf("%s: opens_on error = %q, want %q", tc.lang, got, tc.want)
		}
		if v, _ := doc.Find(`input[name="opens_on"]`).Attr("value"); v != "2026-10-01" {
			t.Errorf("%s: opening date kept = %q", tc.lang, v)
		}
		if v, _ := doc.Find(`input[name="title"]`).Attr("value"); v != "Q3 catch-up" {
			t.Errorf("%s: title kept = %q", tc.lang, v)
		}
	}
	if checks, _ := app.store.ListChecks(context.Background()); len(checks) != 0 {
		t.Errorf("a backdated check was stored")
	}
}

// A check without a written-answer question does not open: its page tells the leader why,
// Open now is refused with the reason, and it opens once a written question is added.
func TestChecksNeedWrittenQuestionToOpen(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksCreateCheck(t, app, checksForm("Q4 strategy check", "2026-11-23", "2026-12-07"))
	p := "/checks/" + itoa(id)
	lead := app.signedIn("LEAD")
	doc := lead.get(p).doc(t)
	if doc.Find(`[data-testid="open-now"]`).Length() != 1 {
		t.Fatalf("the check opened without questions")
	}
	// Its opening day has come, so "Your part" does not announce it for that (past) day.
	if doc.Find(`[data-testid="not-ready"]`).Length() != 1 {
		t.Errorf("your part: %q", strings.Join(strings.Fields(doc.Find(`[data-testid="my-check"]`).Text()), " "))
	}
	warning := strings.Join(strings.Fields(doc.Find(`[data-testid="needs-written-warning"]`).Text()), " ")
	if !strings.Contains(warning, "cannot open until it has at least one written-answer question") ||
		!strings.Contains(warning, "Its opening date (") {
		t.Errorf("warning = %q", warning)
	}
	if res := lead.post(p+"/open", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open now: %d", res.StatusCode)
	}
	doc = lead.get(p).doc(t)
	if got := doc.Find(`.flash`).Text(); !strings.Contains(got, "This check cannot open: add at least one written-answer question first.") {
		t.Errorf("open now without a written question: flash %q", got)
	}
	if c, _ := app.store.CheckByID(context.Background(), id); c.Status != store.CheckScheduled {
		t.Fatalf("open now opened a check without a written question: %s", c.Status)
	}
	if res := app.signedIn("AG1").get(p); res.StatusCode != http.StatusNotFound {
		t.Errorf("an agent sees the scheduled check: %d", res.StatusCode)
	}
	if res := lead.post("/language", url.Values{"lang": {"zh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal(res.StatusCode)
	}
	if got := lead.get(p).doc(t).Find(`[data-testid="needs-written-warning"]`).Text(); !strings.Contains(got, "至少要有一道简答题才能开放") {
		t.Errorf("Chinese warning = %q", got)
	}
	checksAddQuestionsViaPage(t, app, id)
	doc = lead.get(p).doc(t)
	if doc.Find(`[data-testid="needs-written-warning"]`).Length() != 0 || doc.Find(`[data-testid="close-now"]`).Length() != 1 {
		t.Errorf("with a written question the check should be open and the warning gone")
	}
}

// The culture version a check tests: refused when not published (the form keeps what was
// typed), recorded at opening when left empty, and shown on the check page and the report.
func TestChecksCultureVersionShown(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	ctx := context.Background()
	form := checksForm("Q4 strategy check", "2026-11-23", "2026-12-07")
	form.Set("culture_version", "3")
	res := app.signedIn("LEAD").post("/checks", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unpublished version: %d, want 422", res.StatusCode)
	}
	doc := res.doc(t)
	if got := doc.Find(`[data-testid="error-culture_version"]`).Text(); !strings.Contains(got, "Culture version 3 has not been published") {
		t.Errorf("culture version error = %q", got)
	}
	if v, _ := doc.Find(`input[name="culture_version"]`).Attr("value"); v != "3" {
		t.Errorf("culture version kept = %q", v)
	}
	lead := checksPersonID(t, app, "LEAD")
	if err := app.store.SaveCultureDraft(ctx, lead, store.CultureDoc{
		Vision: store.Text{EN: "Every customer leaves better off."}, Mission: store.Text{EN: "Solve it the first time."},
		Values: []store.CultureValue{{Name: store.Text{EN: "Customer-centred"}, Meaning: store.Text{EN: "We start from the customer."}}},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.store.PublishCulture(ctx, lead); err != nil {
		t.Fatal(err)
	}
	id := checksOpenCheck(t, app) // no version typed: version 1, published when it opened
	p := "/checks/" + itoa(id)
	if got := app.signedIn("AG1").get(p).doc(t).Find(`[data-testid="culture-version"]`).Text(); got != "Tests culture version 1." {
		t.Errorf("check page: %q", got)
	}
	if got := app.signedIn("LEAD").get(p + "/report").doc(t).Find(`[data-testid="culture-version"]`).Text(); got != "Tests culture version 1." {
		t.Errorf("report: %q", got)
	}
	if csv := app.signedIn("LEAD").get(p + "/export.csv").Body; !strings.Contains(csv, "Culture version tested,Tests culture version 1.") {
		t.Errorf("evidence pack lacks the culture version:\n%s", csv)
	}
}

// After the verdict, the managers above a person in the check's snapshot and leaders can
// open that person's attempt from the report (answers, score, verdict, feedback); the
// person sees their own; peers, other managers and anyone outside the snapshot get 404.
func TestChecksPersonAttemptVisibleToChainAndLeaders(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	id := checksOpenCheck(t, app)
	p := "/checks/" + itoa(id)
	agent := app.signedIn("AG1")
	quiz := checksStartQuiz(t, agent, p)
	token, _ := quiz.Find(`input[name="token"]`).Attr("value")
	form := url.Values{"token": {token}}
	quiz.Find(`input[type="radio"]`).Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Parent().Text(), "Fix it the first time") {
			name, _ := s.Attr("name")
			value, _ := s.Attr("value")
			form.Set(name, value)
		}
	})
	written, _ := quiz.Find(`textarea`).Attr("name")
	const answer = "We own the customer's problem until it is solved."
	form.Set(written, answer)
	if res := agent.post(p+"/take", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	ctx := context.Background()
	c, _ := app.store.CheckByID(ctx, id)
	items, err := app.store.ReviewQueue(ctx, c, store.Person{Role: store.RoleAdmin})
	if err != nil || len(items) != 1 {
		t.Fatalf("queue: %v %v", items, err)
	}
	const feedback = "Name first-contact resolution."
	if res := app.signedIn("MGR1").post(p+"/reviews/"+itoa(items[0].ID), url.Values{"verdict": {"reject"}, "feedback": {feedback}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: %d", res.StatusCode)
	}
	ag1 := p + "/people/" + itoa(checksPersonID(t, app, "AG1"))
	link, _ := app.signedIn("MGR1").get(p + "/report").doc(t).Find(`[data-testid="person-AG1"] [data-testid="person-link"]`).Attr("href")
	if link != ag1 {
		t.Errorf("report link = %q, want %q", link, ag1)
	}
	check := func(when string) {
		t.Helper()
		for _, tc := range []struct {
			who  string
			sees bool
		}{{"MGR1", true}, {"LEAD", true}, {"AG1", true}, {"AG2", false}, {"MGR2", false}, {"NEW", false}} {
			res := app.signedIn(tc.who).get(ag1)
			if !tc.sees {
				if res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, answer) {
					t.Errorf("%s: %s sees AG1's attempt: %d", when, tc.who, res.StatusCode)
				}
				continue
			}
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s: %s: %d, want 200", when, tc.who, res.StatusCode)
				continue
			}
			doc := res.doc(t)
			att := doc.Find(`[data-testid^="person-attempt-"]`)
			if !strings.Contains(att.Find(`[data-testid="answer-text"]`).Text(), answer) ||
				!strings.Contains(att.Find(`[data-testid="attempt-feedback"]`).Text(), feedback) ||
				!strings.Contains(att.Text(), "choice questions 100%") || !strings.Contains(att.Text(), "Not understood") ||
				!strings.Contains(att.Find(`[data-testid="attempt-reviewer"]`).Text(), "Person MGR1") {
				t.Errorf("%s: %s sees %q", when, tc.who, strings.Join(strings.Fields(att.Text()), " "))
			}
		}
	}
	check("open")
	// Someone outside the snapshot has nothing to show: 404 even for the leader.
	if res := app.signedIn("LEAD").get(p + "/people/" + itoa(checksPersonID(t, app, "NEW"))); res.StatusCode != http.StatusNotFound {
		t.Errorf("leader on a person outside the snapshot: %d", res.StatusCode)
	}
	if err := app.store.CloseCheckNow(ctx, checksPersonID(t, app, "LEAD"), id); err != nil {
		t.Fatal(err)
	}
	check("closed")
}
