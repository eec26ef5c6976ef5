package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"lodestar/handlers"
	"lodestar/store"
)

// ssoApp is a Lodestar with three people and one provider, "test", pointing at a real
// provider on httptest that recognises people by email within contoso.com.
func ssoApp(t *testing.T, options ...func(*handlers.Deps)) (*testApp, *testIdP) {
	t.Helper()
	app := newTestApp(t, options...)
	idp := newTestIdP(t, app.clock.Now)
	app.seed(
		store.PersonInput{EmployeeID: "E1", Email: "ana@contoso.com", Name: "Ana"},
		store.PersonInput{EmployeeID: "E2", Email: "bo@contoso.com", Name: "Bo", LeftOn: "2026-10-31"},
		store.PersonInput{EmployeeID: "A1", Name: "Admin", Role: store.RoleAdmin},
	)
	_, err := app.store.CreateSSOProvider(context.Background(), 0, store.SSOProviderInput{Key: "test", NameEN: "Contoso ID", NameZH: "康托索账号",
		Issuer: idp.issuer(), ClientID: idpClientID, ClientSecret: idpClientSecret, Claim: "email", MatchOn: store.MatchEmail,
		AllowedDomains: "contoso.com", Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	idp.user("ana", map[string]any{"email": "Ana@Contoso.com", "email_verified": true})
	idp.user("bo", map[string]any{"email": "bo@contoso.com"})
	idp.user("zed", map[string]any{"email": "zed@contoso.com"})
	idp.user("eve", map[string]any{"email": "ana@evil.example"})
	idp.user("unverified", map[string]any{"email": "ana@contoso.com", "email_verified": false})
	return app, idp
}

// ssoSignIn clicks "Sign in with …" (GET start), signs in at the provider as login, and
// follows the provider back to Lodestar. It returns Lodestar's answer to the callback and
// the callback's path (for replays).
func (c *client) ssoSignIn(t *testing.T, idp *testIdP, start, login string) (response, string) {
	t.Helper()
	res := c.get(start)
	authorize, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || err != nil || !strings.HasPrefix(authorize.String(), idp.issuer()+"/authorize?") {
		t.Fatalf("start: status %d, location %q", res.StatusCode, res.Header.Get("Location"))
	}
	form := authorize.Query()
	form.Set("username", login)
	form.Set("password", idpPassword)
	idpClient := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	back, err := idpClient.PostForm(idp.issuer()+"/authorize", form)
	if err != nil {
		t.Fatal(err)
	}
	back.Body.Close()
	callback, err := url.Parse(back.Header.Get("Location"))
	if back.StatusCode != http.StatusFound || err != nil || !strings.HasPrefix(callback.String(), c.app.srv.URL+"/sso/test/callback?") {
		t.Fatalf("provider: status %d, location %q", back.StatusCode, back.Header.Get("Location"))
	}
	return c.get(callback.RequestURI()), callback.RequestURI()
}

// signedInAs tells whom the client's session belongs to ("" when nobody).
func signedInAs(t *testing.T, c *client) string {
	t.Helper()
	res := c.get("/me")
	if res.StatusCode != http.StatusOK {
		return ""
	}
	return res.doc(t).Find("h1").First().Text()
}

// A person signs in at the provider and lands signed in, with a new session token, where
// they were going; the sign-in is audited; nobody is created.
func TestSSOSignInLinksToAnExistingPerson(t *testing.T) {
	app, idp := ssoApp(t)
	c := app.client()
	login := c.get("/login?next=/people")
	button := login.doc(t).Find(`[data-testid=sso-test]`)
	if href, _ := button.Attr("href"); href != "/sso/test/start?next=%2Fpeople" || !strings.Contains(button.Text(), "Sign in with Contoso ID") {
		t.Fatalf("login page button %q → %q", button.Text(), href)
	}
	before := sessionCookie(c)
	res, _ := c.ssoSignIn(t, idp, "/sso/test/start?next=%2Fpeople", "ana")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/people" {
		t.Fatalf("callback: status %d, location %q, body %s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if after := sessionCookie(c); after == "" || after == before {
		t.Errorf("the session token was not renewed at sign-in")
	}
	if got := signedInAs(t, c); !strings.Contains(got, "Ana") {
		t.Errorf("signed in as %q, want Ana", got)
	}
	if got := auditLog(t, app, 1); len(got) == 0 || !strings.HasSuffix(got[0], "| Signed in through test") || !strings.HasPrefix(got[0], "Ana") {
		t.Errorf("newest audit entry %q, want Ana's SSO sign-in", got)
	}
	if n, _ := app.store.CountPeople(context.Background()); n != 3 {
		t.Errorf("%d people after sign-ins, want 3", n)
	}
}

// Matching by employee ID reads the configured claim, numbers included.
func TestSSOSignInByEmployeeIDClaim(t *testing.T) {
	app, idp := ssoApp(t)
	p, _ := app.store.SSOProviderByKey(context.Background(), "test")
	in := store.SSOProviderInput{Key: p.Key, Issuer: p.Issuer, ClientID: p.ClientID, Claim: "employee_number", MatchOn: store.MatchEmployeeID, Enabled: true}
	if err := app.store.UpdateSSOProvider(context.Background(), 0, p.ID, in); err != nil {
		t.Fatal(err)
	}
	app.seed(store.PersonInput{EmployeeID: "1042", Name: "Numbered"})
	idp.user("num", map[string]any{"employee_number": 1042})
	c := app.client()
	if res, _ := c.ssoSignIn(t, idp, "/sso/test/start", "num"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	if got := signedInAs(t, c); !strings.Contains(got, "Numbered") {
		t.Errorf("signed in as %q", got)
	}
}

// Each refusal leaves nobody signed in and says why on the sign-in page.
func TestSSORefusals(t *testing.T) {
	tests := []struct {
		name    string
		login   string
		tamper  func(map[string]any)
		badKey  bool
		status  int
		message string
	}{
		{"wrong audience", "ana", func(c map[string]any) { c["aud"] = "someone-else" }, false, http.StatusForbidden, "could not be verified"},
		{"bad signature", "ana", nil, true, http.StatusForbidden, "could not be verified"},
		{"expired token", "ana", func(c map[string]any) {
			c["exp"] = time.Date(2026, 11, 23, 8, 50, 0, 0, time.UTC).Unix()
		}, false, http.StatusForbidden, "had expired"},
		{"wrong issuer", "ana", func(c map[string]any) { c["iss"] = "https://evil.example" }, false, http.StatusForbidden, "could not be verified"},
		{"nonce of another sign-in", "ana", func(c map[string]any) { c["nonce"] = "replayed-nonce" }, false, http.StatusForbidden, "could not be verified"},
		{"unknown person", "zed", nil, false, http.StatusForbidden, "nobody in Lodestar matches your account"},
		{"person who has left", "bo", nil, false, http.StatusForbidden, "no longer active"},
		{"disallowed domain", "eve", nil, false, http.StatusForbidden, "email domain may not sign in with Contoso ID"},
		{"unverified email", "unverified", nil, false, http.StatusForbidden, "has not confirmed your email"},
		{"claim missing", "ana", func(c map[string]any) { delete(c, "email") }, false, http.StatusForbidden, "did not send the detail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, idp := ssoApp(t)
			if tt.badKey {
				idp.misbehave(nil, newRSAKey(t)) // a key the provider never published
			} else {
				idp.misbehave(tt.tamper, nil)
			}
			c := app.client()
			res, _ := c.ssoSignIn(t, idp, "/sso/test/start", tt.login)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if got := res.doc(t).Find(`[data-testid=login-error]`).Text(); !strings.Contains(got, tt.message) {
				t.Errorf("message %q, want it to say %q", got, tt.message)
			}
			if who := signedInAs(t, c); who != "" {
				t.Errorf("signed in as %q after a refusal", who)
			}
		})
	}
}

// A state answers once: the same callback again (or from another browser) is refused.
func TestSSOReplayedStateIsRefused(t *testing.T) {
	app, idp := ssoApp(t)
	c := app.client()
	res, callback := c.ssoSignIn(t, idp, "/sso/test/start", "ana")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first use: status %d", res.StatusCode)
	}
	for name, cl := range map[string]*client{"same browser": c, "another browser": app.client()} {
		again := cl.get(callback)
		if again.StatusCode != http.StatusBadRequest || !strings.Contains(again.doc(t).Find(`[data-testid=login-error]`).Text(), "expired or was already used") {
			t.Errorf("%s: replay answered %d", name, again.StatusCode)
		}
	}
	// A callback with a state this session did not start is refused even when one is pending.
	attacker := app.client()
	attacker.get("/sso/test/start")
	if forged := attacker.get("/sso/test/callback?code=x&state=forged"); forged.StatusCode != http.StatusBadRequest {
		t.Errorf("forged state: %d", forged.StatusCode)
	}
	if who := signedInAs(t, attacker); who != "" {
		t.Errorf("attacker signed in as %q", who)
	}
}

// A provider that cannot be reached, or one that is off or unknown, gives a clear page.
func TestSSOUnavailableProviders(t *testing.T) {
	app, _ := ssoApp(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	ctx := context.Background()
	if _, err := app.store.CreateSSOProvider(ctx, 0, store.SSOProviderInput{Key: "gone", NameEN: "Gone ID", Issuer: gone.URL,
		ClientID: "x", ClientSecret: "y", Claim: "email", MatchOn: store.MatchEmail, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.store.CreateSSOProvider(ctx, 0, store.SSOProviderInput{Key: "off", NameEN: "Off ID", Issuer: gone.URL,
		ClientID: "x", ClientSecret: "y", Claim: "email", MatchOn: store.MatchEmail, Enabled: false}); err != nil {
		t.Fatal(err)
	}
	c := app.client()
	res := c.get("/sso/gone/start")
	if res.StatusCode != http.StatusBadGateway || !strings.Contains(res.doc(t).Find(`[data-testid=login-error]`).Text(), "Gone ID cannot be reached") {
		t.Errorf("unreachable provider: %d %q", res.StatusCode, res.doc(t).Find(`[data-testid=login-error]`).Text())
	}
	for _, path := range []string{"/sso/off/start", "/sso/nope/start", "/sso/off/callback?state=x&code=y"} {
		if res := c.get(path); res.StatusCode != http.StatusNotFound || res.doc(t).Find(`[data-testid=login-error]`).Length() != 1 {
			t.Errorf("%s: %d", path, res.StatusCode)
		}
	}
	doc := c.get("/login").doc(t)
	if doc.Find(`[data-testid=sso-off]`).Length() != 0 || doc.Find(`[data-testid=sso-gone]`).Length() != 1 {
		t.Errorf("the sign-in page must list enabled providers only")
	}
}

// With password sign-in for admins only, others are refused at the password form (after
// the password check) while the admin still signs in with a password and SSO still works.
func TestPasswordSignInForAdminsOnly(t *testing.T) {
	app, idp := ssoApp(t)
	admin := app.signedIn("A1")
	if res := admin.post("/admin/sso/settings", url.Values{"password_admins_only": {"true"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save setting: %d", res.StatusCode)
	}
	c := app.client()
	if !strings.Contains(c.get("/login").doc(t).Find(`[data-testid=password-admins-only]`).Text(), "administrators only") {
		t.Errorf("the sign-in page does not say the password is for administrators")
	}
	res := c.post("/login", url.Values{"login": {"E1"}, "password": {testPassword}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.doc(t).Find(`[data-testid=login-error]`).Text(), "administrators only") {
		t.Fatalf("employee password sign-in: %d", res.StatusCode)
	}
	if res := c.post("/login", url.Values{"login": {"E1"}, "password": {"wrong-password!"}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong password must still read as a wrong password: %d", res.StatusCode)
	}
	app.signedIn("A1") // fails the test unless the admin gets in
	if res, _ := c.ssoSignIn(t, idp, "/sso/test/start", "ana"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("SSO with password for admins only: %d", res.StatusCode)
	}
	found := false
	for _, e := range auditLog(t, app, 50) {
		found = found || strings.HasSuffix(e, "| Setting "+store.SettingPasswordAdminsOnly+" changed to “true”")
	}
	if !found {
		t.Errorf("the setting change is not audited")
	}
}

// The admin form shows problems next to the fields with what was typed (never the secret),
// keeps the stored secret when the field is left empty, and shows the redirect URL.
func TestSSOAdminForms(t *testing.T) {
	app, idp := ssoApp(t, func(d *handlers.Deps) { d.TrustProxy = true })
	admin := app.signedIn("A1")
	bad := url.Values{"key": {"okta"}, "name_en": {"Okta"}, "issuer": {"not a url"}, "client_id": {"abc"}, "client_secret": {"typed-secret"},
		"claim": {"email"}, "match_on": {"email"}, "allowed_domains": {"contoso"}, "enabled": {"true"}}
	res := admin.post("/admin/sso", bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad form: %d", res.StatusCode)
	}
	doc := res.doc(t)
	for _, field := range []string{"issuer", "allowed_domains"} {
		if doc.Find(`[data-testid=error-`+field+`]`).Length() != 1 {
			t.Errorf("no error next to %s", field)
		}
	}
	if v, _ := doc.Find(`#f-issuer`).Attr("value"); v != "not a url" {
		t.Errorf("typed issuer not kept: %q", v)
	}
	if v, _ := doc.Find(`#f-name_en`).Attr("value"); v != "Okta" {
		t.Errorf("typed name not kept: %q", v)
	}
	if strings.Contains(res.Body, "typed-secret") {
		t.Errorf("the secret was rendered back")
	}

	p, _ := app.store.SSOProviderByKey(context.Background(), "test")
	edit := admin.get("/admin/sso/" + itoa(p.ID))
	if strings.Contains(edit.Body, idpClientSecret) {
		t.Fatalf("the edit page shows the stored secret")
	}
	form := url.Values{"key": {"test"}, "name_en": {"Contoso ID"}, "issuer": {idp.issuer()}, "client_id": {idpClientID}, "client_secret": {""},
		"claim": {"email"}, "match_on": {"email"}, "allowed_domains": {"contoso.com"}, "enabled": {"true"}}
	if res := admin.post("/admin/sso/"+itoa(p.ID), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with the secret left empty: %d %s", res.StatusCode, res.Body)
	}
	if res, _ := app.client().ssoSignIn(t, idp, "/sso/test/start", "ana"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the stored secret was not kept: sign-in answered %d", res.StatusCode)
	}

	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/admin/sso", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	list := admin.do(req)
	host := strings.TrimPrefix(app.srv.URL, "http://")
	if got := list.doc(t).Find(`[data-testid=sso-provider] code`).Text(); got != "https://"+host+"/sso/test/callback" {
		t.Errorf("redirect URL behind a TLS proxy: %q", got)
	}
	form.Set("enabled", "")
	admin.post("/admin/sso/"+itoa(p.ID), form)
	if got := admin.get("/admin/sso").doc(t).Find(`[data-testid=sso-status]`).Text(); !strings.Contains(got, "Off") {
		t.Errorf("status after disabling: %q", got)
	}
	if res := app.client().get("/sso/test/start"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a disabled provider still starts sign-ins: %d", res.StatusCode)
	}
	if all := eventsJSON(t, app, 50); strings.Contains(all, idpClientSecret) || strings.Contains(all, "typed-secret") {
		t.Errorf("an event holds a secret")
	}
}

// Without --trust-proxy a client cannot make the page claim https.
func TestSSORedirectURLIgnoresForwardedProtoWithoutTrustProxy(t *testing.T) {
	app, _ := ssoApp(t)
	admin := app.signedIn("A1")
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/admin/sso/new", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	got := admin.do(req).doc(t).Find(`[data-testid=sso-redirect-url]`).Text()
	if want := app.srv.URL + "/sso/{key}/callback"; got != want {
		t.Errorf("redirect URL %q, want %q", got, want)
	}
}

// The same sign-in against ZITADEL's OpenID Provider library (sso_zitadel_test.go), and
// its codes answer once.
func TestSSOSignInAtZitadelProvider(t *testing.T) {
	app, _ := ssoApp(t)
	z := newZitadelIdP(t, app.srv.URL+"/sso/zitadel/callback", map[string]map[string]any{"ana": {"email": "ana@contoso.com"}})
	if _, err := app.store.CreateSSOProvider(context.Background(), 0, store.SSOProviderInput{Key: "zitadel", Issuer: z.issuer(),
		ClientID: idpClientID, ClientSecret: idpClientSecret, Claim: "email", MatchOn: store.MatchEmail, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	c := app.client()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	step := func(res *http.Response, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusFound && res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s answered %d", res.Request.URL, res.StatusCode)
		}
		loc, _ := res.Request.URL.Parse(res.Header.Get("Location"))
		return loc.String()
	}
	authorize := c.get("/sso/zitadel/start").Header.Get("Location")
	loginPage, _ := url.Parse(step(noFollow.Get(authorize)))
	back := step(noFollow.PostForm(z.issuer()+"/login", url.Values{"id": {loginPage.Query().Get("authRequestID")},
		"username": {"ana"}, "password": {idpPassword}}))
	callback, _ := url.Parse(step(noFollow.Get(back)))
	if !strings.HasPrefix(callback.String(), app.srv.URL+"/sso/zitadel/callback?") {
		t.Fatalf("the provider sent the browser to %s", callback)
	}
	if res := c.get(callback.RequestURI()); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("callback: %d %s", res.StatusCode, res.doc(t).Find(`[data-testid=login-error]`).Text())
	}
	if got := signedInAs(t, c); !strings.Contains(got, "Ana") {
		t.Errorf("signed in as %q", got)
	}
}

// A secret sealed with a key the server no longer has makes a clear "cannot be reached"
// page, not a 500; the admin page says whether secrets are encrypted.
func TestSSOSecretKeyMissing(t *testing.T) {
	path := t.TempDir() + "/sealed.db"
	sealed, err := store.Open(path, store.WithSecretKey("key-one"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sealed.CreateSSOProvider(context.Background(), 0, store.SSOProviderInput{Key: "k", NameEN: "Key ID", Issuer: "https://idp.example",
		ClientID: "x", ClientSecret: "y", Claim: "email", MatchOn: store.MatchEmail, Enabled: true}); err != nil {
		t.Fatal(err)
	}
	sealed.Close()
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h := handlers.New(handlers.Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h.Routes())
	t.Cleanup(func() { srv.Close(); h.Close(); st.Close() })
	res, err := http.Get(srv.URL + "/sso/k/start")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadGateway {
		t.Errorf("status %d, want 502", res.StatusCode)
	}

	app, _ := ssoApp(t)
	if got := app.signedIn("A1").get("/admin/sso").doc(t).Find(`[data-testid=sso-secrets]`).Text(); !strings.Contains(got, "unencrypted") {
		t.Errorf("admin page says %q", got)
	}
}

// A refusal reads in the reader's language, naming the provider by its Chinese name.
func TestSSORefusalInChinese(t *testing.T) {
	app, idp := ssoApp(t)
	c := app.client()
	c.post("/language", url.Values{"lang": {"zh"}})
	if got := c.get("/login").doc(t).Find(`[data-testid=sso-test]`).Text(); got != "使用 康托索账号 登录" {
		t.Errorf("button %q", got)
	}
	res, _ := c.ssoSignIn(t, idp, "/sso/test/start", "zed")
	if got := res.doc(t).Find(`[data-testid=login-error]`).Text(); !strings.HasPrefix(got, "康托索账号 已确认您的身份，但 Lodestar 中没有与您的账号对应的人员") {
		t.Errorf("message %q", got)
	}
}

// Discovery and the signing keys are fetched once and reused for an hour, not on every
// sign-in; after the hour, discovery runs again.
func TestSSODiscoveryIsCached(t *testing.T) {
	wall := &testClock{now: time.Now()}
	app, idp := ssoApp(t, sessionClock(wall))
	for range 2 {
		if res, _ := app.client().ssoSignIn(t, idp, "/sso/test/start", "ana"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d %s", res.StatusCode, res.Body)
		}
	}
	if d, k := idp.calls(); d != 1 || k != 1 {
		t.Errorf("two sign-ins made %d discoveries and %d key fetches, want 1 and 1", d, k)
	}
	wall.now = wall.now.Add(61 * time.Minute)
	if res, _ := app.client().ssoSignIn(t, idp, "/sso/test/start", "ana"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in after an hour: %d", res.StatusCode)
	}
	if d, _ := idp.calls(); d != 2 {
		t.Errorf("%d discoveries after the hour passed, want 2", d)
	}
}
