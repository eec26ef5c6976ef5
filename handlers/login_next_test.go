package handlers_test

import (
	"net/http"
	"net/url"
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
