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

// checksOpenCheck creates a check opening today through the leader's form and returns its ID.
func checksOpenCheck(t *testing.T, app *testApp) int64 {
	t.Helper()
	res := app.signedIn("LEAD").post("/checks", checksForm("Q4 strategy check", "2026-11-23", "2026-12-07"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create check: %d %s", res.StatusCode, res.Body)
	}
	c, err := app.store.CurrentCheck(context.Background())
	if err != nil || c.Status != store.CheckOpen {
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
