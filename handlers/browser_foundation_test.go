package handlers_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// importBrowserUpload chooses a file in the import form and submits it.
func importBrowserUpload(b *browser, content string) {
	b.t.Helper()
	path := filepath.Join(b.t.TempDir(), "people.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		b.t.Fatal(err)
	}
	browserRun(b, "choose the CSV file", chromedp.SetUploadFiles(chromedp.CSS(`#f-file`), []string{path}))
	b.clickAndWait(`[data-testid=import-check]`)
}

// importBrowserFitsWidth fails when the current page (e.g. a POST's answer) scrolls sideways.
func importBrowserFitsWidth(b *browser, page string) {
	b.t.Helper()
	if browserEval[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
		b.t.Errorf("%s scrolls sideways at phone width", page)
	}
}

// An administrator on a phone uploads an HR file with mistakes, sees every bad row, fixes
// it, checks the preview, confirms, and then creates an API token that is shown once.
func TestBrowserAdminImportsPeopleAndCreatesATokenOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	b.signInAs("admin")
	b.open("/admin/import")
	b.checkAccessible("import upload")
	importBrowserFitsWidth(b, "/admin/import")

	header := "employee_id,email,name,title,department,team,manager_employee_id,tier,role,employment_type,hired_on,left_on,language\n"
	importBrowserUpload(b, header+
		"BR1,,周晓梅,客服专员,Inbound Voice,Voice Team 1,manager,front_line,employee,temporary,2026-11-20,,zh\n"+
		"BR2,not-an-email,Sam Ortiz,,Inbound Voice,Voice Team 1,NOBODY,front_line,employee,permanent,2026-02-30,,\n")
	if got := b.count(`[data-testid=import-problem]`); got != 3 {
		t.Fatalf("%d problems listed, want 3 (email, hired_on, manager of row 3)", got)
	}
	if rows := b.texts(`[data-testid=import-problem] td:first-child`); strings.Join(rows, ",") != "3,3,3" {
		t.Fatalf("problem rows %v", rows)
	}
	b.checkAccessible("import problems")
	importBrowserFitsWidth(b, "import problems")

	importBrowserUpload(b, "\xef\xbb\xbf"+header+
		"BR1,,周晓梅,客服专员,Inbound Voice,Voice Team 1,BR2,front_line,employee,temporary,2026-11-20,,zh\n"+
		"BR2,sam.ortiz@example.com,Sam Ortiz,Team lead,Inbound Voice,Voice Team 1,manager,middle_manager,manager,permanent,2026-02-27,,\n")
	if p := b.path(); !strings.HasPrefix(p, "/admin/import/") {
		t.Fatalf("after a good upload the browser is on %s", p)
	}
	if got := b.texts(`[data-testid=import-summary] .stat-label`); strings.Join(got, "|") != "people will be created|people will be updated" {
		t.Fatalf("summary labels %v", got)
	}
	if got := b.texts(`[data-testid=import-summary] .stat-number`); strings.Join(got, "|") != "2|0" {
		t.Fatalf("summary numbers %v", got)
	}
	b.checkAccessible("import preview")
	importBrowserFitsWidth(b, "import preview")
	if _, err := site.store.PersonByEmployeeID(context.Background(), "BR1"); err == nil {
		t.Fatal("the preview wrote already")
	}
	browserEval[bool](b, `window.confirm = function () { return true; }; true`)
	b.clickAndWait(`[data-testid=import-confirm]`)
	if p := b.path(); p != "/admin/people" {
		t.Fatalf("after confirming the browser is on %s", p)
	}
	if flash := b.text(`[data-testid=flash]`); !strings.Contains(flash, "2 created, 0 updated") {
		t.Fatalf("flash %q", flash)
	}
	p, err := site.store.PersonByEmployeeID(context.Background(), "BR1")
	if err != nil || p.Name != "周晓梅" || p.ManagerEmployeeID != "BR2" {
		t.Fatalf("BR1: %+v %v", p, err)
	}

	b.open("/admin/tokens")
	b.fill(`#f-name`, "HR nightly sync")
	b.clickAndWait(`[data-testid=token-create]`)
	secret := b.text(`[data-testid=secret]`)
	if !strings.HasPrefix(secret, "lst_") {
		t.Fatalf("token not shown: %q", secret)
	}
	b.checkAccessible("tokens")
	importBrowserFitsWidth(b, "/admin/tokens")
	if _, err := site.store.AuthenticateToken(context.Background(), secret); err != nil {
		t.Fatalf("the shown token does not work: %v", err)
	}
	b.open("/admin/tokens")
	if b.count(`[data-testid=secret]`) != 0 {
		t.Fatal("the token is shown a second time")
	}

	b.selectAndWait(`[data-testid=language-switch] select`, "zh")
	b.open("/admin/import")
	if h := b.text(`h1`); h != "人事数据导入" {
		t.Fatalf("import page heading in Chinese: %q", h)
	}
	importBrowserFitsWidth(b, "/admin/import (zh)")
	b.checkNoSidewaysScroll("/admin/tokens")
}
