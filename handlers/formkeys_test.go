package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// formKey reads the hidden double-submit key from the form matched by selector on path.
func formKey(t *testing.T, c *client, path, selector string) string {
	t.Helper()
	key, _ := c.get(path).doc(t).Find(selector + ` input[name=form_key]`).Attr("value")
	if len(key) < 16 {
		t.Fatalf("%s: no form_key in %s (got %q)", path, selector, key)
	}
	return key
}

// A refresh after "Reset password" re-sends the same form: the second POST changes nothing
// (the password shown the first time still works) and says so.
func TestResetPasswordFormSentTwiceResetsOnce(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin}, store.PersonInput{EmployeeID: "E1"})
	admin := app.signedIn("A1")
	page := "/admin/people/" + itoa(app.person("E1").ID)
	form := url.Values{"form_key": {formKey(t, admin, page, `form[action$="/password"]`)}}

	first := admin.post(page+"/password", form)
	password := first.doc(t).Find("[data-testid=secret]").Text()
	if first.StatusCode != http.StatusOK || len(password) < 12 {
		t.Fatalf("first reset: %d, password %q", first.StatusCode, password)
	}
	again := admin.post(page+"/password", form)
	if again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != page {
		t.Fatalf("second POST: %d to %q, want 303 to %s", again.StatusCode, again.Header.Get("Location"), page)
	}
	if strings.Contains(again.Body, "secret") {
		t.Error("the second answer shows a secret")
	}
	flash := admin.get(page).doc(t).Find("[data-testid=flash]").Text()
	if !strings.Contains(flash, "already done") || !strings.Contains(flash, "reset the password again") {
		t.Errorf("flash after the second POST = %q", flash)
	}
	if n := countEvents(t, app, store.EventPasswordReset); n != 1 {
		t.Errorf("%d password resets recorded, want 1", n)
	}
	if res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the password shown by the first reset no longer works: %d", res.StatusCode)
	}
	// A fresh form (a new key) resets again.
	form = url.Values{"form_key": {formKey(t, admin, page, `form[action$="/password"]`)}}
	if res := admin.post(page+"/password", form); res.StatusCode != http.StatusOK || res.doc(t).Find("[data-testid=secret]").Text() == password {
		t.Errorf("a new reset with a fresh form: %d", res.StatusCode)
	}
}

// A refresh after "Create token" re-sends the same form: one token, not two, in Chinese too.
func TestCreateTokenFormSentTwiceCreatesOne(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin, Language: "zh"})
	admin := app.signedIn("A1")
	form := url.Values{"name": {"HR sync"}, "form_key": {formKey(t, admin, "/admin/tokens", `[data-testid=token-form]`)}}
	if res := admin.post("/admin/tokens", form); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.doc(t).Find("[data-testid=secret]").Text(), "lst_") {
		t.Fatalf("first create: %d", res.StatusCode)
	}
	again := admin.post("/admin/tokens", form)
	if again.StatusCode != http.StatusSeeOther || again.Header.Get("Location") != "/admin/tokens" {
		t.Fatalf("second POST: %d to %q", again.StatusCode, again.Header.Get("Location"))
	}
	doc := admin.get("/admin/tokens").doc(t)
	if n := doc.Find("[data-testid=token]").Length(); n != 1 {
		t.Errorf("%d tokens listed, want 1", n)
	}
	if flash := doc.Find("[data-testid=flash]").Text(); !strings.Contains(flash, "此操作已完成") {
		t.Errorf("flash = %q", flash)
	}
	// The key is remembered for a day, then housekeeping forgets it.
	app.clock.now = app.clock.now.Add(store.FormKeyAge + 1)
	if n, err := app.store.PruneFormKeys(t.Context()); err != nil || n != 1 {
		t.Errorf("PruneFormKeys = %d, %v; want 1", n, err)
	}
}

// Two tokens may share a name: the list and the revoke message show each token's number.
func TestTokensWithTheSameNameAreToldApartByNumber(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	admin := app.signedIn("A1")
	admin.post("/admin/tokens", url.Values{"name": {"HR sync"}})
	admin.post("/admin/tokens", url.Values{"name": {"HR sync"}})
	var ids []string
	admin.get("/admin/tokens").doc(t).Find("[data-testid=token-id]").Each(func(_ int, s *goquery.Selection) { ids = append(ids, s.Text()) })
	if strings.Join(ids, " ") != "#2 #1" {
		t.Fatalf("token numbers in the list = %q, want #2 #1", ids)
	}
	if res := admin.post("/admin/tokens/1/revoke", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if flash := admin.get("/admin/tokens").doc(t).Find("[data-testid=flash]").Text(); !strings.Contains(flash, "Token #1 HR sync revoked") {
		t.Errorf("revoke flash = %q", flash)
	}
}
