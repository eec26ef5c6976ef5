package handlers_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

const importCSVHeader = "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n"

// importUpload posts a file to /admin/import the way a browser form does.
func importUpload(c *client, content string) response {
	c.app.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "people.csv")
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.app.srv.URL+"/admin/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.app.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

func importSeedAdmin(a *testApp) {
	a.seed(store.PersonInput{EmployeeID: "boss", Name: "Boss Admin", Role: store.RoleAdmin, Tier: store.TierSeniorLeader},
		store.PersonInput{EmployeeID: "M1", Name: "Old Manager Name", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Inbound Voice", Team: "A"},
		store.PersonInput{EmployeeID: "KEEP", Name: "Untouched Person", ManagerEmployeeID: "M1", Title: "Agent", Department: "Inbound Voice", Team: "A", Language: "zh"},
		store.PersonInput{EmployeeID: "agent", Name: "Agent", Department: "Inbound Voice", Team: "A"},
		store.PersonInput{EmployeeID: "mgr", Name: "A Manager", Role: store.RoleManager, Tier: store.TierMiddleManager})
}

func TestImportAndTokensPagesAreAdminOnly(t *testing.T) {
	app := newTestApp(t)
	importSeedAdmin(app)
	for _, who := range []string{"agent", "mgr"} {
		c := app.signedIn(who)
		for _, path := range []string{"/admin/import", "/admin/tokens", "/admin/import/1"} {
			if res := c.get(path); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, path, res.StatusCode)
			}
		}
		if res := importUpload(c, importCSVHeader+"X1,,X,,,,,front_line,employee,permanent,2024-01-01,,\n"); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s upload: %d, want 403", who, res.StatusCode)
		}
		if res := c.post("/admin/tokens", url.Values{"name": {"sneaky"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s create token: %d, want 403", who, res.StatusCode)
		}
	}
	if n, _ := app.store.CountPeople(context.Background()); n != 5 {
		t.Fatalf("a forbidden upload changed people: %d", n)
	}
	if tokens, _ := app.store.ListTokens(context.Background()); len(tokens) != 0 {
		t.Fatalf("a forbidden request created a token")
	}
	if res := app.client().get("/admin/import"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("anonymous: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestImportPreviewListsEveryBadRowAndWritesNothing(t *testing.T) {
	app := newTestApp(t)
	importSeedAdmin(app)
	c := app.signedIn("boss")
	res := importUpload(c, importCSVHeader+
		"N1,,Good Row,,Inbound Voice,A,M1,front_line,employee,permanent,2024-01-01,,\n"+
		"M1,,,,Inbound Voice,A,,middle_manager,manager,permanent,2020-01-01,,\n"+
		"N2,not-an-email,Bad Row,,Inbound Voice,A,NOBODY,front_line,employee,forever,2024-01-01,,\n")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	doc := res.doc(t)
	var got []string
	doc.Find(`[data-testid="import-problem"]`).Each(func(_ int, s *goquery.Selection) {
		row, _ := s.Attr("data-row")
		field, _ := s.Attr("data-field")
		got = append(got, row+" "+field)
	})
	want := "3 name|4 email|4 employment_type|4 manager_employee_id"
	if strings.Join(got, "|") != want {
		t.Fatalf("problems listed: %q, want %q", strings.Join(got, "|"), want)
	}
	text := doc.Find(`[data-testid="import-problems"]`).Text()
	for _, s := range []string{"4 problems found.", "“forever” is not one of the allowed values: permanent, temporary, contractor.", `No person with employee ID "NOBODY"`} {
		if !strings.Contains(text, s) {
			t.Errorf("problems table lacks %q", s)
		}
	}
	ctx := context.Background()
	if n, _ := app.store.CountPeople(ctx); n != 5 {
		t.Fatalf("a bad file changed people: %d", n)
	}
	if p, _ := app.store.PersonByEmployeeID(ctx, "M1"); p.Name != "Old Manager Name" {
		t.Fatalf("a bad file renamed M1: %q", p.Name)
	}
	if _, err := app.store.ImportBatchByID(ctx, 1); err == nil {
		t.Fatalf("a bad file was kept for confirmation")
	}

	// Problems with the file itself show next to the file field; header problems in Chinese too.
	res = importUpload(c, "")
	if got := res.doc(t).Find(`[data-testid="error-file"]`).Text(); got != "The file is empty." {
		t.Fatalf("empty file: %d %q", res.StatusCode, got)
	}
	res = c.post("/admin/import", url.Values{"file": {"not a file"}}) // no file chosen: not even multipart
	if got := res.doc(t).Find(`[data-testid="error-file"]`).Text(); res.StatusCode != http.StatusUnprocessableEntity || got != "This field is required." {
		t.Fatalf("no file: %d %q", res.StatusCode, got)
	}
	zh := app.signedIn("boss")
	zh.post("/language", url.Values{"lang": {"zh"}})
	res = importUpload(zh, "employee_id,name,shoe_size\n")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	text = res.doc(t).Find(`[data-testid="import-problems"]`).Text()
	if !strings.Contains(text, "未知列“shoe_size”") || !strings.Contains(text, "表头缺少“hired_on”列") {
		t.Fatalf("header problems in Chinese: %s", text)
	}
}

func TestImportPreviewThenConfirmWritesOnce(t *testing.T) {
	app := newTestApp(t)
	importSeedAdmin(app)
	c := app.signedIn("boss")
	// Excel's BOM; a report (N1) before their new manager (M2); M1 updated; KEEP absent.
	file := "\xef\xbb\xbf" + importCSVHeader +
		"N1,,李小龙,客服专员,Inbound Voice,A,M2,front_line,employee,temporary,2026-11-01,,zh\r\n" +
		"M2,m2@example.com,Manager Two,,Inbound Voice,B,M1,middle_manager,manager,permanent,2019-05-01,,en\r\n" +
		"M1,,New Manager Name,,Inbound Voice,A,,middle_manager,manager,permanent,2020-01-01,,\r\n"
	res := importUpload(c, file)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d, want 303\n%s", res.StatusCode, res.Body)
	}
	preview := res.Header.Get("Location")
	if !strings.HasPrefix(preview, "/admin/import/") {
		t.Fatalf("upload redirects to %q", preview)
	}
	ctx := context.Background()
	if p, _ := app.store.PersonByEmployeeID(ctx, "M1"); p.Name != "Old Manager Name" {
		t.Fatalf("the preview wrote already: %q", p.Name)
	}
	res = c.get(preview)
	doc := res.doc(t)
	var tiles []string
	doc.Find(`[data-testid="import-summary"] .stat`).Each(func(_ int, s *goquery.Selection) {
		tiles = append(tiles, s.Find(".stat-number").Text()+" "+s.Find(".stat-label").Text())
	})
	if got := strings.Join(tiles, "|"); got != "2 people will be created|1 person will be updated" {
		t.Fatalf("summary: %q", got)
	}
	if got := doc.Find(`[data-testid="import-create"] tbody tr`).Length(); got != 2 {
		t.Fatalf("create table has %d rows", got)
	}
	if !strings.Contains(doc.Find(`[data-testid="import-create"]`).Text(), "李小龙") {
		t.Fatalf("Chinese name not shown in preview")
	}
	action, _ := doc.Find(`form[action$="/confirm"]`).Attr("action")
	res = c.post(action, nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/people" {
		t.Fatalf("confirm: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if flash := c.get("/admin/people").doc(t).Find(`[data-testid="flash"]`).Text(); !strings.Contains(flash, "Import complete: 2 created, 1 updated") {
		t.Fatalf("flash: %q", flash)
	}
	n1, err := app.store.PersonByEmployeeID(ctx, "N1")
	if err != nil || n1.Name != "李小龙" || n1.ManagerEmployeeID != "M2" || n1.EmploymentType != "temporary" || n1.Language != "zh" {
		t.Fatalf("N1: %+v %v", n1, err)
	}
	if m1, _ := app.store.PersonByEmployeeID(ctx, "M1"); m1.Name != "New Manager Name" {
		t.Fatalf("M1 not updated: %q", m1.Name)
	}
	keep, _ := app.store.PersonByEmployeeID(ctx, "KEEP")
	if keep.Name != "Untouched Person" || keep.ManagerEmployeeID != "M1" || keep.Title != "Agent" || keep.Language != "zh" {
		t.Fatalf("absent person changed: %+v", keep)
	}
	if n, _ := app.store.CountPeople(ctx); n != 7 {
		t.Fatalf("people: %d, want 7", n)
	}
	// Confirming twice (a double click, the back button) does not import twice.
	res = c.post(action, nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/import" {
		t.Fatalf("second confirm: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if flash := c.get("/admin/import").doc(t).Find(`[data-testid="flash"]`).Text(); !strings.Contains(flash, "already imported or has expired") {
		t.Fatalf("second confirm flash: %q", flash)
	}
	upserts := 0
	for _, e := range auditLog(t, app, 10) {
		if e == "Boss Admin | People imported: 2 added, 1 updated · HR import (web)" {
			upserts++
		}
	}
	if upserts != 1 {
		t.Fatalf("audit has %d import entries, want 1", upserts)
	}
}

func TestImportRefusesAFileOverTheLimit(t *testing.T) {
	app := newTestApp(t)
	importSeedAdmin(app)
	c := app.signedIn("boss")
	row := "N1,,Someone,,Inbound Voice,A,,front_line,employee,permanent,2024-01-01,,\n"
	// Just over the file limit the CSV reader notices (422); far over it the body limit does (413).
	for size, want := range map[int]int{store.MaxImportBytes + 1: http.StatusUnprocessableEntity, store.MaxImportBytes + 2<<20: http.StatusRequestEntityTooLarge} {
		res := importUpload(c, importCSVHeader+strings.Repeat(row, size/len(row)+1))
		if res.StatusCode != want {
			t.Fatalf("%d bytes: status %d", size, res.StatusCode)
		}
		if got := res.doc(t).Find(`[data-testid="error-file"]`).Text(); got != "The file is larger than 5 MB. Split it into smaller files." {
			t.Fatalf("%d bytes: %q", size, got)
		}
	}
	if n, _ := app.store.CountPeople(context.Background()); n != 5 {
		t.Fatalf("people: %d", n)
	}
}

func TestImportPreviewOfALargeFileListsTheFirstHundred(t *testing.T) {
	app := newTestApp(t)
	importSeedAdmin(app)
	c := app.signedIn("boss")
	var b strings.Builder
	b.WriteString(importCSVHeader)
	for i := range 250 {
		b.WriteString("L" + strconv.Itoa(i) + ",,Person " + strconv.Itoa(i) + ",,Inbound Voice,A,M1,front_line,employee,permanent,2024-01-01,,\n")
	}
	res := importUpload(c, b.String())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	doc := c.get(res.Header.Get("Location")).doc(t)
	if got := doc.Find(`[data-testid="import-summary"] .stat-number`).First().Text(); got != "250" {
		t.Fatalf("count %q, want 250", got)
	}
	if got := doc.Find(`[data-testid="import-create"] tbody tr`).Length(); got != 100 {
		t.Fatalf("%d rows listed, want 100", got)
	}
	if got := doc.Find(`[data-testid="import-create-more"]`).Text(); got != "… and 150 more people, not listed here." {
		t.Fatalf("more: %q", got)
	}
}
