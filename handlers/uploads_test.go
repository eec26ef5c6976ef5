package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"lodestar/store"
	"lodestar/store/storetest"
)

// badInterviewCSV is an interview upload of n rows, each naming an unknown employee.
func badInterviewCSV(n int) string {
	var b strings.Builder
	b.WriteString("employee_id,date,verdict,note\n")
	for i := range n {
		fmt.Fprintf(&b, "NOPE%d,2026-11-23,understood,A note long enough to look like a real one\n", i)
	}
	return b.String()
}

// badPeopleCSV is an HR file of n people, each with an invalid tier.
func badPeopleCSV(n int) string {
	var b strings.Builder
	b.WriteString(importCSVHeader)
	for i := range n {
		fmt.Fprintf(&b, "X%d,,Someone %d,,Voice,A,,no_such_tier,employee,permanent,2024-01-01,,\n", i, i)
	}
	return b.String()
}

// While the largest bad uploads are checked again and again, other people's writes go
// through: none fails with "database is locked". (Each check takes well under the 5 s
// busy timeout, so this alone would not notice a check moved back under the write lock:
// TestLargestBadUploadsAreCheckedWhileTheWriteLockIsHeldElsewhere does.)
func TestOthersWriteWhileTheLargestBadUploadsAreChecked(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	app.seed(store.PersonInput{EmployeeID: "boss", Role: store.RoleAdmin})
	id := checksOpenCheck(t, app)
	mgr, admin, agent := app.signedIn("MGR1"), app.signedIn("boss"), app.signedIn("AG1")
	interviews, people := badInterviewCSV(store.MaxInterviewRows), badPeopleCSV(store.MaxImportRows)

	var wg sync.WaitGroup
	done := make(chan struct{})
	statuses := make(chan string, 100)
	wg.Go(func() {
		defer close(done)
		for range 2 {
			res := mgr.post("/checks/"+itoa(id)+"/interviews/confirm", url.Values{"csv": {interviews}})
			statuses <- fmt.Sprintf("interviews %d", res.StatusCode)
			res = importUpload(admin, people)
			statuses <- fmt.Sprintf("import %d", res.StatusCode)
		}
	})
	writes := 0
	for running := true; running || writes < 5; writes++ {
		select {
		case <-done:
			running = false
		default:
		}
		if res := agent.post("/notifications/read", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("write %d during the uploads: %d", writes, res.StatusCode)
		}
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if !strings.HasSuffix(s, " 422") {
			t.Errorf("upload answered %s, want 422", s)
		}
	}
}

func TestUploadsListTheFirstHundredProblemsAndRefuseTooManyRows(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	app.seed(store.PersonInput{EmployeeID: "boss", Role: store.RoleAdmin})
	id := checksOpenCheck(t, app)
	mgr, admin := app.signedIn("MGR1"), app.signedIn("boss")
	upload := "/checks/" + itoa(id) + "/interviews/upload"

	res := mgr.post(upload, url.Values{"csv": {badInterviewCSV(300)}})
	doc := res.doc(t)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find(`[data-testid="upload-problems"] li`).Length() != store.MaxProblems ||
		!strings.Contains(doc.Find(`[data-testid="upload-problems"] h2`).Text(), "300 problems") ||
		!strings.Contains(doc.Find(`[data-testid="problems-first-of"]`).Text(), "Only the first 100 of them are listed") {
		t.Errorf("300 bad interview rows: %d, %d listed, %q", res.StatusCode, doc.Find(`[data-testid="upload-problems"] li`).Length(),
			doc.Find(`[data-testid="upload-problems"]`).Text())
	}
	res = mgr.post(upload, url.Values{"csv": {badInterviewCSV(store.MaxInterviewRows + 1)}})
	if want := fmt.Sprintf("The file has more than %d rows", store.MaxInterviewRows); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.doc(t).Find(`[data-testid="upload-problems"]`).Text(), want) {
		t.Errorf("too many interview rows: %d", res.StatusCode)
	}

	res = importUpload(admin, badPeopleCSV(250))
	doc = res.doc(t)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find(`[data-testid="import-problem"]`).Length() != store.MaxProblems ||
		!strings.Contains(doc.Find(`[data-testid="import-problems"]`).Text(), "250 problems found") ||
		doc.Find(`[data-testid="problems-first-of"]`).Length() != 1 {
		t.Errorf("250 bad people: %d, %d listed", res.StatusCode, doc.Find(`[data-testid="import-problem"]`).Length())
	}
	res = importUpload(admin, badPeopleCSV(store.MaxImportRows+1))
	if want := fmt.Sprintf("The file has more than %d rows", store.MaxImportRows); res.StatusCode != http.StatusUnprocessableEntity ||
		res.doc(t).Find(`[data-testid="error-file"]`).Text() != want+". Split it into smaller files." {
		t.Errorf("too many people rows: %d %q", res.StatusCode, res.doc(t).Find(`[data-testid="error-file"]`).Text())
	}

	// The API lists the same first problems and says how many there were.
	token := apiPeopleToken(app, "HR")
	items := make([]string, 150)
	for i := range items {
		items[i] = fmt.Sprintf(`{"employee_id":"X%d","name":"X","tier":"bad","role":"employee","employment_type":"permanent","hired_on":"2024-01-01"}`, i)
	}
	res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, "["+strings.Join(items, ",")+"]")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `"total_problems": 150`) ||
		strings.Count(res.Body, `"code"`) != store.MaxProblems || !strings.Contains(res.Body, "the first 100 of 150 problems") {
		t.Errorf("150 bad API people: %d %.300s", res.StatusCode, res.Body)
	}
}

// The largest bad uploads are checked without the write lock: while another connection holds
// it for the whole test (nothing can be written), each still answers 422 with its problems.
// Checking them inside a write transaction would wait for the lock and fail with 500.
func TestLargestBadUploadsAreCheckedWhileTheWriteLockIsHeldElsewhere(t *testing.T) {
	storetest.SkipOnPostgres(t, "holds SQLite's write lock with BEGIN IMMEDIATE")
	app := newTestApp(t)
	checksSeedOrg(app)
	app.seed(store.PersonInput{EmployeeID: "boss", Role: store.RoleAdmin})
	id := checksOpenCheck(t, app)
	mgr, admin := app.signedIn("MGR1"), app.signedIn("boss")
	token := apiPeopleToken(app, "HR")
	apiPeopleCall(app, http.MethodGet, "/api/v1/people", token, "") // its last use is now fresh
	interviews, people := badInterviewCSV(store.MaxInterviewRows), badPeopleCSV(store.MaxImportRows)
	items := make([]string, store.MaxImportRows)
	for i := range items {
		items[i] = fmt.Sprintf(`{"employee_id":"X%d","name":"X","tier":"bad","role":"employee","employment_type":"permanent","hired_on":"2024-01-01"}`, i)
	}

	conn, err := app.store.DB().Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(t.Context(), "ROLLBACK")

	for name, res := range map[string]response{
		"interview preview": mgr.post("/checks/"+itoa(id)+"/interviews/upload", url.Values{"csv": {interviews}}),
		"interview confirm": mgr.post("/checks/"+itoa(id)+"/interviews/confirm", url.Values{"csv": {interviews}}),
		"HR import":         importUpload(admin, people),
		"API people":        apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, "["+strings.Join(items, ",")+"]"),
	} {
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "100") {
			t.Errorf("%s: %d, want 422 listing the first 100 problems: %.200s", name, res.StatusCode, res.Body)
		}
	}
}
