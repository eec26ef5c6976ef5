package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"lodestar/handlers"
	"lodestar/store"
)

func TestHealthz(t *testing.T) {
	app := newTestApp(t)
	if res := app.client().get("/healthz"); res.StatusCode != http.StatusOK {
		t.Fatalf("healthz = %d", res.StatusCode)
	}
}

func TestSignInByEmployeeIDOrEmail(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E100", Email: "li.na@example.com", Name: "李娜"})
	for _, login := range []string{"E100", "li.na@example.com", "LI.NA@example.com"} {
		c := app.client()
		res := c.post("/login", url.Values{"login": {login}, "password": {testPassword}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("login %q: %d %s", login, res.StatusCode, res.Header.Get("Location"))
		}
		home := c.get("/")
		if home.StatusCode != http.StatusOK || !strings.Contains(home.Body, "李娜") {
			t.Fatalf("home after login %q: %d", login, home.StatusCode)
		}
	}
}

func TestWrongPasswordKeepsLoginAndSaysWhy(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {"nope-nope-nope"}})
	if res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := res.doc(t)
	if v, _ := doc.Find("input[name=login]").Attr("value"); v != "E1" {
		t.Fatalf("login field lost what was typed: %q", v)
	}
	if doc.Find("[data-testid=login-error]").Length() != 1 {
		t.Fatal("no error message")
	}
}

func TestPersonWhoLeftCannotSignIn(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1", LeftOn: "2026-11-01"})
	res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "no longer active") {
		t.Fatalf("status %d", res.StatusCode)
	}
}

func TestSignedInPersonWhoLeavesIsSignedOut(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"}, store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	c := app.signedIn("E1")
	p, _ := app.store.PersonByEmployeeID(context.Background(), "E1")
	if err := app.store.Deactivate(context.Background(), 0, p.ID, app.clock.now); err != nil {
		t.Fatal(err)
	}
	if res := c.get("/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Fatalf("after leaving: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestThrottlePerAccount(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1", Email: "e1@example.com"})
	c := app.client()
	// Guesses alternate between the two logins of one account: they add up.
	for i := 0; i < store.MaxAccountFailures; i++ {
		login := []string{"E1", "E1@Example.com"}[i%2]
		if res := c.post("/login", url.Values{"login": {login}, "password": {"wrong-password"}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i+1, res.StatusCode)
		}
	}
	// Now even the right password is refused, with a clear message.
	res := c.post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(res.Body, "Too many failed sign-ins") {
		t.Fatalf("after %d failures: %d", store.MaxAccountFailures, res.StatusCode)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	// After the window, the right password works again.
	app.clock.now = app.clock.now.Add(store.ThrottleWindow + 1)
	if res := c.post("/login", url.Values{"login": {"E1"}, "password": {testPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("after the window: %d", res.StatusCode)
	}
}

func TestThrottlePerClientAddress(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.client()
	// Many accounts guessed from one address: each under its own limit, the address over its.
	for i := 0; i < store.MaxClientFailures; i++ {
		c.post("/login", url.Values{"login": {"guess" + string(rune('a'+i))}, "password": {"x-password"}})
	}
	res := c.post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("address over its limit: %d", res.StatusCode)
	}
}

func TestSessionTokenRenewedAtSignInAndSignOut(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.client()
	c.get("/login")
	c.post("/language", url.Values{"lang": {"zh"}}) // creates an anonymous session
	before := sessionCookie(c)
	if before == "" {
		t.Fatal("no anonymous session")
	}
	c.post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	during := sessionCookie(c)
	if during == "" || during == before {
		t.Fatal("session token not renewed at sign-in")
	}
	c.post("/logout", nil)
	if after := sessionCookie(c); after == during {
		t.Fatal("session token not renewed at sign-out")
	}
	if res := c.get("/"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("still signed in after sign-out: %d", res.StatusCode)
	}
}

func sessionCookie(c *client) string {
	u, _ := url.Parse(c.app.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "lodestar_session" {
			return ck.Value
		}
	}
	return ""
}

func TestSessionCookieFlags(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	sc := res.Header.Get("Set-Cookie")
	if !strings.Contains(sc, "HttpOnly") || !strings.Contains(sc, "SameSite=Lax") || strings.Contains(sc, "Secure") {
		t.Fatalf("cookie flags: %s", sc)
	}
	// Served over TLS (--secure-cookies), the cookie is Secure too.
	tls := newTestApp(t, func(d *handlers.Deps) { d.SecureCookies = true })
	tls.seed(store.PersonInput{EmployeeID: "E1"})
	res = tls.client().post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	if sc := res.Header.Get("Set-Cookie"); !strings.Contains(sc, "; Secure") || !strings.Contains(sc, "HttpOnly") {
		t.Fatalf("cookie flags with --secure-cookies: %s", sc)
	}
}

// One JSON line per request, with what an operator needs to follow it.
func TestRequestsAreLoggedAsJSON(t *testing.T) {
	var logged authLogBuffer
	app := newTestApp(t, func(d *handlers.Deps) { d.Logger = slog.New(slog.NewJSONHandler(&logged, nil)) })
	app.client().get("/login")
	var line struct {
		Msg, Method, Path string
		Status            int
		DurationMS        *int64 `json:"duration_ms"`
	}
	for _, l := range strings.Split(strings.TrimSpace(logged.String()), "\n") {
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("not a JSON line: %q", l)
		}
	}
	if line.Msg != "request" || line.Method != "GET" || line.Path != "/login" || line.Status != http.StatusOK || line.DurationMS == nil {
		t.Fatalf("request log line: %+v\n%s", line, logged.String())
	}
}

// authLogBuffer is a bytes.Buffer the server's goroutines may write to while the test reads.
type authLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *authLogBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *authLogBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestOpenRedirectRefused(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {testPassword}, "next": {"//evil.example/x"}})
	if loc := res.Header.Get("Location"); loc != "/" {
		t.Fatalf("redirected to %q", loc)
	}
}

func TestChangePassword(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.signedIn("E1")
	res := c.post("/account/password", url.Values{"current": {"wrong"}, "password": {"short"}, "confirm": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad change: %d", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("[data-testid=error-current]").Length() != 1 || doc.Find("[data-testid=error-password]").Length() != 1 {
		t.Fatal("errors not next to their fields")
	}
	res = c.post("/account/password", url.Values{"current": {testPassword}, "password": {"a-new-long-password"}, "confirm": {"a-new-long-password"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("good change: %d", res.StatusCode)
	}
	if _, err := app.store.Authenticate(context.Background(), "E1", "a-new-long-password", "x"); err != nil {
		t.Fatalf("new password does not work: %v", err)
	}
}

// Behind a trusted reverse proxy each client is throttled on its own address (the last
// X-Forwarded-For hop); without --trust-proxy the header is ignored, so it cannot be
// used to dodge the limit.
func TestThrottlePerClientAddressBehindProxy(t *testing.T) {
	signIn := func(app *testApp, forwardedFor, login, password string) int {
		form := url.Values{"login": {login}, "password": {password}}
		req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", app.srv.URL)
		req.Header.Set("X-Forwarded-For", forwardedFor)
		return app.client().do(req).StatusCode
	}
	behindProxy := newTestApp(t, func(d *handlers.Deps) { d.TrustProxy = true })
	behindProxy.seed(store.PersonInput{EmployeeID: "E1"})
	for i := 0; i < store.MaxClientFailures; i++ {
		// The client claims an address of its own; the proxy appended the real one.
		signIn(behindProxy, fmt.Sprintf("10.9.9.%d, 203.0.113.5", i), fmt.Sprintf("guess%d", i), "x-password")
	}
	if got := signIn(behindProxy, "203.0.113.5", "E1", testPassword); got != http.StatusTooManyRequests {
		t.Errorf("the guessing address signs in: %d", got)
	}
	if got := signIn(behindProxy, "203.0.113.9", "E1", testPassword); got != http.StatusSeeOther {
		t.Errorf("another client behind the same proxy is locked out: %d", got)
	}

	direct := newTestApp(t)
	direct.seed(store.PersonInput{EmployeeID: "E1"})
	for i := 0; i < store.MaxClientFailures; i++ {
		signIn(direct, fmt.Sprintf("203.0.113.%d", i), fmt.Sprintf("guess%d", i), "x-password")
	}
	if got := signIn(direct, "198.51.100.1", "E1", testPassword); got != http.StatusTooManyRequests {
		t.Errorf("a forged X-Forwarded-For dodged the per-address limit: %d", got)
	}
}

// A request the browser abandons fails the person lookup with context.Canceled; that
// says nothing about the person, so the session must survive it.
func TestCancelledRequestKeepsTheSession(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.signedIn("E1")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, app.srv.URL+"/", nil)
	u, _ := url.Parse(app.srv.URL)
	for _, ck := range c.http.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	app.srv.Config.Handler.ServeHTTP(rec, req)
	if rec.Code == http.StatusSeeOther {
		t.Fatalf("cancelled request redirected to %s", rec.Header().Get("Location"))
	}
	if res := c.get("/"); res.StatusCode != http.StatusOK {
		t.Fatalf("after a cancelled request: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
}
