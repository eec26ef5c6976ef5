package handlers_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"

	"lodestar/handlers"
	"lodestar/store"
	"lodestar/store/storetest"
)

const newTestPassword = "lantern-copper-river-42"

// signedInAs tells whether the client's session still signs it in (a signed-out client is
// sent to /login).
func (c *client) signedInAs() bool {
	c.app.t.Helper()
	res := c.get("/me")
	switch res.StatusCode {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		if strings.HasPrefix(res.Header.Get("Location"), "/login") {
			return false
		}
	}
	c.app.t.Fatalf("GET /me: %d %s", res.StatusCode, res.Header.Get("Location"))
	return false
}

// sessionCookie is the client's session token as the browser holds it.
func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.app.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "lodestar_session" {
			return ck.Value
		}
	}
	return ""
}

func (a *testApp) person(employeeID string) store.Person {
	a.t.Helper()
	p, err := a.store.PersonByEmployeeID(context.Background(), employeeID)
	if err != nil {
		a.t.Fatal(err)
	}
	return p
}

// personForm is the admin form for p as it stands, to change one field of it.
func personForm(p store.Person) url.Values {
	in := store.InputFromPerson(p)
	return url.Values{"employee_id": {in.EmployeeID}, "name": {in.Name}, "email": {in.Email}, "title": {in.Title},
		"department": {in.Department}, "team": {in.Team}, "manager_employee_id": {in.ManagerEmployeeID}, "tier": {in.Tier},
		"role": {in.Role}, "employment_type": {in.EmploymentType}, "hired_on": {in.HiredOn}, "left_on": {in.LeftOn},
		"language": {in.Language}}
}

// Changing one's password ends every other session of that person; the one that changed
// it carries on under a new token. Someone else's sessions are untouched.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"}, store.PersonInput{EmployeeID: "E2"})
	laptop, phone, other := app.signedIn("E1"), app.signedIn("E1"), app.signedIn("E2")
	before := laptop.sessionCookie()
	res := laptop.post("/account/password", url.Values{"current": {testPassword}, "password": {newTestPassword}, "confirm": {newTestPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d", res.StatusCode)
	}
	if !laptop.signedInAs() {
		t.Error("the session that changed the password was signed out")
	}
	if after := laptop.sessionCookie(); after == before || after == "" {
		t.Error("the session that changed the password kept its token")
	}
	if phone.signedInAs() {
		t.Error("another session of the same person survived the password change")
	}
	if !other.signedInAs() {
		t.Error("someone else's session ended")
	}
	// The ended session stays ended: signing in again with the new password works.
	again := app.client()
	if res := again.post("/login", url.Values{"login": {"E1"}, "password": {newTestPassword}}); res.StatusCode != http.StatusSeeOther || !again.signedInAs() {
		t.Fatalf("sign-in with the new password: %d", res.StatusCode)
	}
}

// An administrator's password reset ends every session of that person.
func TestAdminPasswordResetEndsAllSessions(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin}, store.PersonInput{EmployeeID: "E1"})
	admin := app.signedIn("A1")
	laptop, phone := app.signedIn("E1"), app.signedIn("E1")
	if res := admin.post("/admin/people/"+itoa(app.person("E1").ID)+"/password", nil); res.StatusCode != http.StatusOK {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if laptop.signedInAs() || phone.signedInAs() {
		t.Error("a session survived the password reset")
	}
	if !admin.signedInAs() {
		t.Error("the admin who reset someone else's password was signed out")
	}
}

// A role change ends the person's sessions unless it is to a strictly higher role
// (employee < manager < leader < admin); other changes to the person leave them signed in.
func TestRoleChangeThatRemovesRightsEndsSessions(t *testing.T) {
	tests := []struct {
		from, to string
		change   func(url.Values)
		ends     bool
	}{
		{from: store.RoleAdmin, to: store.RoleEmployee, ends: true},
		{from: store.RoleAdmin, to: store.RoleLeader, ends: true},
		{from: store.RoleLeader, to: store.RoleManager, ends: true},
		{from: store.RoleManager, to: store.RoleEmployee, ends: true},
		{from: store.RoleEmployee, to: store.RoleManager, ends: false},
		{from: store.RoleManager, to: store.RoleAdmin, ends: false},
		{from: store.RoleManager, to: store.RoleManager, change: func(f url.Values) { f.Set("title", "Team lead") }, ends: false},
	}
	for _, tt := range tests {
		t.Run(tt.from+"→"+tt.to, func(t *testing.T) {
			app := newTestApp(t)
			app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin}, store.PersonInput{EmployeeID: "P1", Role: tt.from})
			admin, p1 := app.signedIn("A1"), app.signedIn("P1")
			form := personForm(app.person("P1"))
			form.Set("role", tt.to)
			if tt.change != nil {
				tt.change(form)
			}
			if res := admin.post("/admin/people/"+itoa(app.person("P1").ID), form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d %s", res.StatusCode, res.Body)
			}
			if got := app.person("P1").Role; got != tt.to {
				t.Fatalf("role %s, want %s", got, tt.to)
			}
			if ended := !p1.signedInAs(); ended != tt.ends {
				t.Errorf("session ended = %v, want %v", ended, tt.ends)
			}
		})
	}
}

// Every writer of people counts, not only the admin form: an HR import that demotes
// someone or gives them a leaving date ends their sessions too, and so does deactivation.
func TestDemotionAndLeavingEndSessionsWhoeverWritesThem(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin},
		store.PersonInput{EmployeeID: "M1", Role: store.RoleManager}, store.PersonInput{EmployeeID: "E1"},
		store.PersonInput{EmployeeID: "E2"})
	admin := app.signedIn("A1")
	m1, e1, e2 := app.signedIn("M1"), app.signedIn("E1"), app.signedIn("E2")

	demoted := store.InputFromPerson(app.person("M1"))
	demoted.Role = store.RoleEmployee
	leaving := store.InputFromPerson(app.person("E1"))
	leaving.LeftOn = "2027-03-31" // a date still to come: the sessions end now, sign-in works until then
	if _, err := app.store.UpsertPeopleVia(context.Background(), 0, store.Plain("test import"), []store.PersonInput{demoted, leaving}, 2); err != nil {
		t.Fatal(err)
	}
	if m1.signedInAs() || e1.signedInAs() {
		t.Error("a session survived an HR import that demoted the person or gave them a leaving date")
	}
	if !e2.signedInAs() {
		t.Fatal("a session of someone the import did not change ended")
	}
	if res := admin.post("/admin/people/"+itoa(app.person("E2").ID)+"/deactivate", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	if e2.signedInAs() {
		t.Error("a session survived deactivation")
	}
}

// The next address after sign-in is followed only when it is a path on this site.
func TestSignInNextStaysOnSite(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	for next, want := range map[string]string{
		"/goals?tab=mine":      "/goals?tab=mine",
		"//evil.example/x":     "/",
		"/%09/evil.example":    "/",
		"/\t/evil.example":     "/",
		`/\evil.example`:       "/",
		"/%5Cevil.example":     "/",
		"%2F%2Fevil.example":   "/",
		"https://evil.example": "/",
		"javascript:alert(1)":  "/",
	} {
		res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {testPassword}, "next": {next}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != want {
			t.Errorf("next %q: %d → %q, want %q", next, res.StatusCode, res.Header.Get("Location"), want)
		}
	}
}

// Neither a session token nor a secret shown once (a reset password, an API token) is
// anywhere in the database at rest: a copied database or backup signs nobody in.
func TestNoSecretAtRest(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin, Name: "Ada Admin"}, store.PersonInput{EmployeeID: "E1"})
	admin := app.signedIn("A1")
	cookie := admin.sessionCookie()
	if cookie == "" {
		t.Fatal("no session cookie")
	}
	res := admin.post("/admin/people/"+itoa(app.person("E1").ID)+"/password", nil)
	password := res.doc(t).Find("[data-testid=secret]").Text()
	res = admin.post("/admin/tokens", url.Values{"name": {"HR nightly sync"}})
	token := res.doc(t).Find("[data-testid=secret]").Text()
	if len(password) < 10 || !strings.HasPrefix(token, "lst_") {
		t.Fatalf("secrets not shown: %q %q", password, token)
	}
	// The next page (which shows any flash) and a few more requests write the session again.
	admin.get("/admin/tokens")
	admin.get("/")
	if !admin.signedInAs() {
		t.Fatal("the session does not work")
	}

	// The sessions table: the row is there under the token's hash, nothing holds a secret.
	sum := sha256.Sum256([]byte(cookie))
	hashed := base64.RawURLEncoding.EncodeToString(sum[:])
	rows, err := app.store.DB().Query("SELECT token, data FROM sessions")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	found := false
	for rows.Next() {
		var key string
		var data []byte
		if err := rows.Scan(&key, &data); err != nil {
			t.Fatal(err)
		}
		found = found || key == hashed
		for _, secret := range []string{cookie, password, token} {
			if strings.Contains(key, secret) || bytes.Contains(data, []byte(secret)) {
				t.Errorf("the sessions table holds %q", secret)
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Error("no session row under the SHA-256 of the cookie's token")
	}

	// A backup, byte for byte: every table, none of the secrets (SQLite's backup; on
	// PostgreSQL backups are pg_dump's, of the same rows checked above).
	if storetest.Postgres() {
		return
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := app.store.Backup(context.Background(), backup); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("Ada Admin")) {
		t.Fatal("the scan cannot see the database's text")
	}
	for _, secret := range []string{cookie, password, token} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the backup holds the secret %q", secret)
		}
	}
}

// Every signed-in page, every export and every API answer tells browsers and proxies to
// keep no copy. Walked from the router, so a new route is covered without an entry here.
func TestEveryAnswerIsNoStore(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	admin := app.signedIn("A1")
	token := apiPeopleToken(app, "cache test")
	pages, apis := 0, 0
	for _, rt := range app.routes() {
		path := rt.pattern
		for strings.Contains(path, "{") {
			i, j := strings.Index(path, "{"), strings.Index(path, "}")
			path = path[:i] + "1" + path[j+1:]
		}
		var res response
		switch {
		case strings.HasPrefix(rt.pattern, "/static/"):
			continue
		case strings.HasPrefix(rt.pattern, "/api/"):
			res = apiPeopleCall(app, rt.method, path, token, "")
			apis++
		case rt.method == http.MethodGet:
			res = admin.get(path)
			pages++
		default:
			continue
		}
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s %s: %d, Cache-Control %q", rt.method, path, res.StatusCode, got)
		}
	}
	if pages < 20 || apis < 5 {
		t.Fatalf("walked only %d pages and %d API routes", pages, apis)
	}
	// Answers that refuse are not kept either; the sign-in page neither.
	for _, res := range []response{apiPeopleCall(app, http.MethodGet, "/api/v1/people", "", ""), app.client().get("/login"), app.client().get("/goals")} {
		if got := res.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("%s: %d, Cache-Control %q", res.Request.URL.Path, res.StatusCode, got)
		}
	}
}

// sessionRow is the stored session (data and expiry) of the client's token.
func (c *client) sessionRow() string {
	c.app.t.Helper()
	sum := sha256.Sum256([]byte(c.sessionCookie()))
	// Read as they are and compared in Go: the engines store expiry differently (a number on
	// SQLite, a timestamp on PostgreSQL) and have no common hex().
	var data []byte
	var expiry any
	err := c.app.store.DB().QueryRow(`SELECT data, expiry FROM sessions WHERE token = ?`,
		base64.RawURLEncoding.EncodeToString(sum[:])).Scan(&data, &expiry)
	if err != nil {
		c.app.t.Fatalf("the session row: %v", err)
	}
	return fmt.Sprintf("%x@%v", data, expiry)
}

// sessionClock gives the app a wall clock the test moves (sessions' idle time).
func sessionClock(c *testClock) func(*handlers.Deps) {
	return func(d *handlers.Deps) { d.SessionClock = c.Now }
}

func TestBrowsingDoesNotRewriteTheSession(t *testing.T) {
	wall := &testClock{now: time.Now()}
	app := newTestApp(t, sessionClock(wall))
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.signedIn("E1")
	before := c.sessionRow()
	for range 3 {
		if res := c.get("/"); res.StatusCode != http.StatusOK {
			t.Fatalf("home: %d", res.StatusCode)
		}
	}
	if after := c.sessionRow(); after != before {
		t.Error("viewing pages rewrote the session row; only sign-in, flashes and the idle mark may")
	}
	// After sessionTouch (5 minutes) the next request refreshes the idle mark once.
	wall.now = wall.now.Add(6 * time.Minute)
	c.get("/")
	if after := c.sessionRow(); after == before {
		t.Error("the idle mark was not refreshed after 6 minutes")
	}
}

func TestIdleSessionSignsOut(t *testing.T) {
	wall := &testClock{now: time.Now()}
	app := newTestApp(t, sessionClock(wall))
	app.seed(store.PersonInput{EmployeeID: "E1"})
	busy, idle := app.signedIn("E1"), app.signedIn("E1")
	// busy is used every hour for 9 hours; idle only at the start and the end.
	for range 9 {
		wall.now = wall.now.Add(time.Hour)
		if !busy.signedInAs() {
			t.Fatal("a session in use was signed out")
		}
	}
	if idle.signedInAs() {
		t.Error("a session unused for 9 hours (idle limit 8) still signs in")
	}
	// The store's clock (business dates) moving a year does not end a session.
	app.clock.now = app.clock.now.AddDate(1, 0, 0)
	if !busy.signedInAs() {
		t.Error("moving the business clock signed a session out")
	}
}

// Sessions are stored in the session codec's own form, and a row written with gob (every
// session before the codec) still signs its person in, language and all: the upgrade signs
// nobody out.
func TestSessionsFromBeforeTheCodecStillSignIn(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.signedIn("E1")
	data, _, _ := strings.Cut(c.sessionRow(), "@")
	if !strings.HasPrefix(data, "006c7331") { // "\x00ls1"
		t.Fatalf("the session row is not in the codec's form: %.16s…", data)
	}
	p := app.person("E1")
	old, err := scs.GobCodec{}.Encode(time.Now().Add(12*time.Hour), map[string]any{"person_id": p.ID,
		"session_epoch": p.SessionEpoch, "seen_at": time.Now().Unix(), "lang": "zh"})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(c.sessionCookie()))
	res, err := app.store.DB().Exec(`UPDATE sessions SET data = ? WHERE token = ?`, old, base64.RawURLEncoding.EncodeToString(sum[:]))
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("rewriting the session: %v, %d rows", err, n)
	}
	page := c.get("/")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("a gob session: %d", page.StatusCode)
	}
	if lang, _ := page.doc(t).Find("html").Attr("lang"); !strings.HasPrefix(lang, "zh") {
		t.Errorf("the gob session's language was lost: html lang %q", lang)
	}
}

// A session row this version cannot read (a newer version's, met after a rollback, or a
// damaged one) signs its person out — the cookie is dropped and sign-in works — instead of
// failing every request from that browser until the row expires.
func TestUnreadableSessionSignsOut(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.signedIn("E1")
	sum := sha256.Sum256([]byte(c.sessionCookie()))
	res, err := app.store.DB().Exec(`UPDATE sessions SET data = ? WHERE token = ?`, []byte("\x00ls9 from a later version"),
		base64.RawURLEncoding.EncodeToString(sum[:]))
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("damaging the session: %v, %d rows", err, n)
	}
	page := c.get("/me")
	if page.StatusCode != http.StatusSeeOther || page.Header.Get("Location") != "/login" {
		t.Fatalf("an unreadable session: %d to %q, want a redirect to /login", page.StatusCode, page.Header.Get("Location"))
	}
	if c.sessionCookie() != "" {
		t.Error("the unreadable session's cookie was kept")
	}
	if res := c.get("/login"); res.StatusCode != http.StatusOK {
		t.Fatalf("the sign-in page after: %d", res.StatusCode)
	}
	if res := c.post("/login", url.Values{"login": {"E1"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in again: %d", res.StatusCode)
	}
	if !c.signedInAs() {
		t.Error("signing in again does not sign the browser in")
	}
}
