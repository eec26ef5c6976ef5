package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lodestar/store"
)

// An administrator's reset gives a temporary password: signing in with it lands on the
// change-password form, every other page leads there, and once changed the person is free.
func TestResetPasswordIsTemporary(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin}, store.PersonInput{EmployeeID: "E1", Role: store.RoleAdmin, Language: "zh"})
	admin := app.signedIn("A1")
	temp := admin.post("/admin/people/"+itoa(app.person("E1").ID)+"/password", nil).doc(t).Find("[data-testid=secret]").Text()
	if len(temp) < 12 {
		t.Fatalf("no temporary password shown: %q", temp)
	}

	e1 := app.client()
	res := e1.post("/login", url.Values{"login": {"E1"}, "password": {temp}, "next": {"/people"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/password" {
		t.Fatalf("sign-in with the temporary password: %d to %q, want 303 to /account/password", res.StatusCode, res.Header.Get("Location"))
	}
	form := e1.get("/account/password")
	if form.StatusCode != http.StatusOK || !strings.Contains(form.doc(t).Find("[data-testid=must-change]").Text(), "管理员已重置您的密码") {
		t.Fatalf("password form: %d, explanation %q", form.StatusCode, form.doc(t).Find("[data-testid=must-change]").Text())
	}
	for _, path := range []string{"/", "/people", "/me", "/admin/people", "/admin/tokens"} {
		if res := e1.get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/password" {
			t.Errorf("GET %s: %d to %q, want 303 to /account/password", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := e1.post("/admin/tokens", url.Values{"name": {"sneaky"}}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/password" {
		t.Errorf("POST /admin/tokens: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := e1.get("/static/css/app.css"); res.StatusCode == http.StatusSeeOther {
		t.Error("static files redirect")
	}

	// A form that comes back with an error keeps the explanation.
	bad := e1.post("/account/password", url.Values{"current": {temp}, "password": {"short"}, "confirm": {"short"}})
	if bad.StatusCode != http.StatusUnprocessableEntity || bad.doc(t).Find("[data-testid=must-change]").Length() != 1 {
		t.Errorf("form with an error: %d", bad.StatusCode)
	}
	if res := e1.post("/account/password", url.Values{"current": {temp}, "password": {newTestPassword}, "confirm": {newTestPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d %s", res.StatusCode, res.Body)
	}
	if res := e1.get("/"); res.StatusCode != http.StatusOK {
		t.Errorf("home after the change: %d", res.StatusCode)
	}
	if e1.get("/account/password").doc(t).Find("[data-testid=must-change]").Length() != 0 {
		t.Error("the explanation is still shown after the change")
	}
	// Signing in again goes where asked.
	again := app.client()
	if res := again.post("/login", url.Values{"login": {"E1"}, "password": {newTestPassword}, "next": {"/people"}}); res.Header.Get("Location") != "/people" {
		t.Errorf("later sign-in goes to %q, want /people", res.Header.Get("Location"))
	}
}

// Sign-out and the language switch stay open to someone with a temporary password.
func TestTemporaryPasswordLeavesSignOutAndLanguageOpen(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin}, store.PersonInput{EmployeeID: "E1"})
	temp := app.signedIn("A1").post("/admin/people/"+itoa(app.person("E1").ID)+"/password", nil).doc(t).Find("[data-testid=secret]").Text()
	e1 := app.client()
	e1.post("/login", url.Values{"login": {"E1"}, "password": {temp}})
	if res := e1.post("/language", url.Values{"lang": {"zh"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("language switch: %d", res.StatusCode)
	}
	if res := e1.post("/logout", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("sign-out: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}
