package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"lodestar/store"
)

func newPersonForm(id string) url.Values {
	return url.Values{"employee_id": {id}, "name": {"王芳"}, "email": {""}, "title": {"Agent"}, "department": {"Chat & Email"},
		"team": {"Chat Team 2"}, "manager_employee_id": {""}, "tier": {"front_line"}, "role": {"employee"},
		"employment_type": {"permanent"}, "hired_on": {"2026-11-01"}, "left_on": {""}, "language": {""}}
}

func TestAdminCreatesPerson(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	admin := app.signedIn("A1")
	res := admin.post("/admin/people", newPersonForm("E200"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	p, err := app.store.PersonByEmployeeID(context.Background(), "E200")
	if err != nil || p.Name != "王芳" || p.Team != "Chat Team 2" {
		t.Fatalf("created %+v %v", p, err)
	}
	if page := admin.get(res.Header.Get("Location")); !strings.Contains(page.Body, "王芳") {
		t.Fatal("flash/edit page does not show the new person")
	}
}

// A bad form comes back with the error beside the field and everything typed still there.
func TestAdminPersonFormKeepsInputOnError(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	admin := app.signedIn("A1")
	form := newPersonForm("E201")
	form.Set("hired_on", "01/11/2026")
	form.Set("manager_employee_id", "NOBODY")
	res := admin.post("/admin/people", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := res.doc(t)
	for field, want := range map[string]string{"employee_id": "E201", "name": "王芳", "team": "Chat Team 2", "hired_on": "01/11/2026", "manager_employee_id": "NOBODY"} {
		if got, _ := doc.Find("input[name=" + field + "]").Attr("value"); got != want {
			t.Errorf("%s kept as %q, want %q", field, got, want)
		}
	}
	if sel := doc.Find("select[name=tier] option[selected]"); sel.AttrOr("value", "") != "front_line" {
		t.Errorf("tier selection lost")
	}
	for _, field := range []string{"hired_on", "manager_employee_id"} {
		if doc.Find("[data-testid=error-"+field+"]").Length() != 1 {
			t.Errorf("no error next to %s", field)
		}
	}
	if n, _ := app.store.CountPeople(context.Background()); n != 1 {
		t.Fatalf("a rejected form wrote a person (%d people)", n)
	}
}

// A department longer than store.PersonTextMaxRunes comes back next to its field, kept as
// typed; the form's inputs carry the same limit so a browser stops typing there.
func TestAdminPersonFormRefusesOverlongDepartment(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	admin := app.signedIn("A1")
	long := strings.Repeat("部", store.PersonTextMaxRunes+1)
	form := newPersonForm("E202")
	form.Set("department", long)
	res := admin.post("/admin/people", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := res.doc(t)
	if got, _ := doc.Find("input[name=department]").Attr("value"); got != long {
		t.Errorf("department not kept as typed")
	}
	if msg := doc.Find("[data-testid=error-department]").Text(); !strings.Contains(msg, strconv.Itoa(store.PersonTextMaxRunes)) {
		t.Errorf("error next to department: %q", msg)
	}
	for _, field := range []string{"name", "title", "title_zh", "department", "department_zh", "team", "team_zh"} {
		if got, _ := doc.Find("input[name=" + field + "]").Attr("maxlength"); got != strconv.Itoa(store.PersonTextMaxRunes) {
			t.Errorf("%s maxlength %q", field, got)
		}
	}
	if n, _ := app.store.CountPeople(context.Background()); n != 1 {
		t.Fatalf("a rejected form wrote a person (%d people)", n)
	}
}

func TestAdminDuplicateEmployeeIDRefused(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin}, store.PersonInput{EmployeeID: "E1", Name: "Original"})
	res := app.signedIn("A1").post("/admin/people", newPersonForm("E1"))
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-employee_id]").Length() != 1 {
		t.Fatalf("duplicate: %d", res.StatusCode)
	}
	if p, _ := app.store.PersonByEmployeeID(context.Background(), "E1"); p.Name != "Original" {
		t.Fatal("creating a duplicate overwrote the existing person")
	}
}

func TestRoleChangeAndResetAreAudited(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin, Name: "Ada Admin"}, store.PersonInput{EmployeeID: "E1"})
	admin := app.signedIn("A1")
	e1, _ := app.store.PersonByEmployeeID(context.Background(), "E1")
	form := newPersonForm("E1")
	form.Set("name", e1.Name)
	form.Set("role", "manager")
	form.Set("hired_on", "2024-01-01")
	path := "/admin/people/" + itoa(e1.ID)
	if res := admin.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", res.StatusCode)
	}
	if p, _ := app.store.PersonByEmployeeID(context.Background(), "E1"); p.Role != store.RoleManager {
		t.Fatalf("role = %s", p.Role)
	}
	// The new password is in the answer to the reset itself, which no cache may keep.
	res := admin.post(path+"/password", nil)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("reset: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	secret := res.doc(t).Find("[data-testid=secret]").Text()
	if len(secret) < 10 {
		t.Fatalf("new password not shown once: %q", secret)
	}
	if _, err := app.store.Authenticate(context.Background(), "E1", secret, "test"); err != nil {
		t.Fatalf("the shown password does not work: %v", err)
	}
	if again := admin.get(path).doc(t); again.Find("[data-testid=secret]").Length() != 0 {
		t.Fatal("the password is shown a second time")
	}
	audit := admin.get("/admin/audit").doc(t).Find("[data-testid=audit-log]").Text()
	for _, want := range []string{"Role: Employee → Manager", "(E1): ", "Reset the password of ", "Ada Admin"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
	mgr := app.client()
	mgr.post("/login", url.Values{"login": {"E1"}, "password": {secret}})
	if res := mgr.get("/admin/audit"); res.StatusCode != http.StatusForbidden {
		// E1 is a manager now, still not an admin.
		t.Errorf("non-admin reads the audit log: %d", res.StatusCode)
	}
}

func TestDeactivateStopsSignIn(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin}, store.PersonInput{EmployeeID: "E1"})
	admin := app.signedIn("A1")
	e1, _ := app.store.PersonByEmployeeID(context.Background(), "E1")
	if res := admin.post("/admin/people/"+itoa(e1.ID)+"/deactivate", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("deactivated person signs in: %d", res.StatusCode)
	}
	a1, _ := app.store.PersonByEmployeeID(context.Background(), "A1")
	admin.post("/admin/people/"+itoa(a1.ID)+"/deactivate", nil)
	if p, _ := app.store.PersonByEmployeeID(context.Background(), "A1"); !p.LeftOn.IsZero() {
		t.Fatal("an admin deactivated their own account")
	}
	if audit := auditLog(t, app, 10); len(audit) == 0 || !strings.Contains(audit[0], "| Deactivated ") {
		t.Fatalf("audit: %q", audit)
	}
}
