package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// sessionRows reads every session row as it is stored.
func sessionRows(t *testing.T, w *recognitionWorld) string {
	t.Helper()
	rows, err := w.app.store.DB().Query("SELECT token, data, expiry FROM sessions ORDER BY token")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var token string
		var data []byte
		var expiry any // a number on SQLite, a time on PostgreSQL
		if err := rows.Scan(&token, &data, &expiry); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %x %v\n", token, data, expiry)
	}
	return b.String()
}

// flashText is the flash the page shows, or "" when it shows none.
func flashText(t *testing.T, res response) string {
	t.Helper()
	return strings.TrimSpace(res.doc(t).Find(`[data-testid=flash]`).Text())
}

// An award's "thank you" reaches the next page through a cookie of its own: neither the POST
// that sets it nor the page that shows it writes the session row (a write transaction that
// queued with the awards for SQLite's one writer); it shows once, in the reader's language.
func TestFlashShowsOnceWithoutWritingTheSession(t *testing.T) {
	w := recognitionSetup(t)
	agent := w.app.signedIn("A")
	form := recognitionGiveForm(t, agent, url.Values{"to": {"T"}, "badge": {strconv.FormatInt(w.badge, 10)}, "message": {recognitionMessage}})
	before := sessionRows(t, w)
	if before == "" {
		t.Fatal("no session row to watch")
	}
	res := agent.post("/recognition/give", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("give: %d", res.StatusCode)
	}
	if after := sessionRows(t, w); after != before {
		t.Fatalf("the award's flash wrote the session:\nbefore %s\nafter  %s", before, after)
	}
	page := agent.get(res.Header.Get("Location"))
	if got := flashText(t, page); got != "Thank you! Your recognition is on the praise board." {
		t.Fatalf("flash after the award: %q", got)
	}
	if after := sessionRows(t, w); after != before {
		t.Fatalf("showing the flash wrote the session:\nbefore %s\nafter  %s", before, after)
	}
	if got := flashText(t, agent.get(res.Header.Get("Location"))); got != "" {
		t.Fatalf("the flash showed twice: %q", got)
	}

	// In Chinese, for a reader who chose it.
	if res := agent.post("/language", url.Values{"lang": {"zh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("language: %d", res.StatusCode)
	}
	form = recognitionGiveForm(t, agent, url.Values{"to": {"T"}, "badge": {strconv.FormatInt(w.badge, 10)}, "message": {recognitionMessage + " Again."}})
	res = agent.post("/recognition/give", form)
	if got := flashText(t, agent.get(res.Header.Get("Location"))); got != "谢谢！您的认可已发布到表扬栏。" {
		t.Fatalf("flash in Chinese: %q", got)
	}
}

// A flash cookie the server did not write shows nothing unless it names one of the catalogue's
// messages in a known kind, and its argument is text, never markup.
func TestFlashCookieFromElsewhere(t *testing.T) {
	w := recognitionSetup(t)
	agent := w.app.signedIn("A")
	site, _ := url.Parse(w.app.srv.URL)
	for _, tc := range []struct {
		name, value, want string
	}{
		{"unknown key", url.Values{"kind": {"success"}, "key": {"you.won.a.prize"}}.Encode(), ""},
		{"unknown kind", url.Values{"kind": {"x onmouseover=alert(1)"}, "key": {"recognition.given"}}.Encode(), ""},
		{"not a query", "%zz", ""},
		{"known message", url.Values{"kind": {"success"}, "key": {"recognition.given"}}.Encode(), "Thank you! Your recognition is on the praise board."},
		{"markup in the argument", url.Values{"kind": {"success"}, "key": {"admin.person_saved"}, "arg": {`<img src=x onmouseover=alert(1)>`}}.Encode(),
			"Changes to <img src=x onmouseover=alert(1)> are saved."},
	} {
		agent.http.Jar.SetCookies(site, []*http.Cookie{{Name: "lodestar_flash", Value: tc.value, Path: "/"}})
		page := agent.get("/")
		if got := flashText(t, page); got != tc.want {
			t.Errorf("%s: flash %q, want %q", tc.name, got, tc.want)
		}
		if strings.Contains(page.Body, "<img src=x") || strings.Contains(page.Body, "flash-x") {
			t.Errorf("%s: the cookie's markup reached the page", tc.name)
		}
	}
}
