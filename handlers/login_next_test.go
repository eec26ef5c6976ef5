package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lodestar/store"
)

// Someone already signed in who opens a sign-in link goes to its (same-site) next page.
func TestSignedInLoginGoesToNext(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.signedIn("E1")
	for next, want := range map[string]string{
		"/people":           "/people",
		"/goals?mine=1":     "/goals?mine=1",
		"":                  "/",
		"//evil.example":    "/",
		"https://evil.test": "/",
	} {
		res := c.get("/login?next=" + url.QueryEscape(next))
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("next %q: %d to %q, want 303 to %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// The password form states the maximum in characters people understand, in its hint and in
// the error for a password that is too long, in both languages.
func TestPasswordMaximumInCharacters(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"}, store.PersonInput{EmployeeID: "Z1", Language: "zh"})
	long := strings.Repeat("lantern-copper-river-", 4) // 84 characters
	for _, tc := range []struct{ who, hint, err string }{
		{"E1", "12 to 72 characters (at most 24 if Chinese)", "at most 72 letters, digits or symbols, or 24 Chinese characters"},
		{"Z1", "12 至 72 个字符（汉字最多 24 个）", "最多 72 个字母、数字或符号，或 24 个汉字"},
	} {
		c := app.signedIn(tc.who)
		if got := c.get("/account/password").doc(t).Find("#f-password-hint, .hint").Text(); !strings.Contains(got, tc.hint) {
			t.Errorf("%s: hint %q, want %q", tc.who, got, tc.hint)
		}
		res := c.post("/account/password", url.Values{"current": {testPassword}, "password": {long}, "confirm": {long}})
		if got := res.doc(t).Find("[data-testid=error-password]").Text(); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(got, tc.err) {
			t.Errorf("%s: %d, error %q, want %q", tc.who, res.StatusCode, got, tc.err)
		}
	}
}
