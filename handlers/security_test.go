package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
)

func TestCrossSitePostRefused(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.client()
	req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/login", strings.NewReader(url.Values{"login": {"E1"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if res := c.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", res.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPost, app.srv.URL+"/login", strings.NewReader(url.Values{"login": {"E1"}, "password": {testPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Accept-Language", "zh-CN")
	res := c.do(req)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("foreign-origin POST: %d", res.StatusCode)
	}
	// The refusal is a page in the reader's language, not a bare English line.
	if got := res.doc(t).Find("[data-testid=error-page] h1").Text(); got != "表单被拒绝" {
		t.Errorf("cross-site refusal page: %q", got)
	}
	// A page address used with the wrong method answers with a page too.
	if res := c.post("/people", nil); res.StatusCode != http.StatusMethodNotAllowed || res.doc(t).Find("[data-testid=error-page]").Length() != 1 {
		t.Errorf("wrong method: %d", res.StatusCode)
	}
	if res := c.post("/language", url.Values{"lang": {"fr"}}); res.StatusCode != http.StatusBadRequest || res.doc(t).Find("[data-testid=error-page]").Length() != 1 {
		t.Errorf("unknown language: %d", res.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	app := newTestApp(t)
	res := app.client().get("/login")
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %s", want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") == "" {
		t.Errorf("headers: %v", res.Header)
	}
	if strings.Contains(res.Body, "<script>") || strings.Contains(res.Body, " style=\"") {
		t.Error("page has inline script or style, which the CSP blocks")
	}
}

func TestWrongRoleGets403(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"}, store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin})
	emp := app.signedIn("E1")
	for _, path := range []string{"/admin", "/admin/people", "/admin/audit", "/admin/people/new"} {
		if res := emp.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("employee GET %s: %d", path, res.StatusCode)
		}
	}
	if res := emp.post("/admin/people", url.Values{"employee_id": {"X"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("employee POST /admin/people: %d", res.StatusCode)
	}
	if res := app.signedIn("A1").get("/admin"); res.StatusCode != http.StatusOK {
		t.Errorf("admin GET /admin: %d", res.StatusCode)
	}
}

// Every page route, walked from the router, sends someone not signed in to /login;
// only the public ones answer. A new route without a guard fails this test.
func TestEveryRouteNeedsSignIn(t *testing.T) {
	app := newTestApp(t)
	public := map[string]bool{"GET /login": true, "POST /login": true, "POST /logout": true, "POST /language": true,
		"GET /healthz":        true,
		"GET /invite/{token}": true, "POST /invite/{token}": true, "GET /password/reset/{token}": true, "POST /password/reset/{token}": true,
		"GET /password/forgot": true, "POST /password/forgot": true, "GET /static/*": true, "HEAD /static/*": true}
	routes := app.routes()
	if len(routes) < 10 {
		t.Fatalf("walked only %d routes", len(routes))
	}
	c := app.client()
	for _, rt := range routes {
		if public[rt.method+" "+rt.pattern] || strings.HasPrefix(rt.pattern, "/api/") || strings.HasPrefix(rt.pattern, "/static/") {
			continue
		}
		path := strings.NewReplacer("{id}", "1", "{token}", "x", "*", "x").Replace(rt.pattern)
		for strings.Contains(path, "{") {
			i := strings.Index(path, "{")
			j := strings.Index(path, "}")
			path = path[:i] + "1" + path[j+1:]
		}
		var res response
		if rt.method == http.MethodGet {
			res = c.get(path)
		} else if rt.method == http.MethodPost {
			res = c.post(path, url.Values{})
		} else {
			continue
		}
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s %s without sign-in: %d %s", rt.method, path, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

type route struct{ method, pattern string }

func (a *testApp) routes() []route {
	a.t.Helper()
	var out []route
	h := a.srv.Config.Handler.(chi.Routes)
	chi.Walk(h, func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		out = append(out, route{method, strings.TrimSuffix(pattern, "/")})
		return nil
	})
	return out
}

func TestStaticAssetsAreHashedAndImmutable(t *testing.T) {
	app := newTestApp(t)
	doc := app.client().get("/login").doc(t)
	href, _ := doc.Find("link[rel=stylesheet]").Attr("href")
	if !strings.HasPrefix(href, "/static/") || !strings.HasSuffix(href, "/css/app.css") || len(href) < len("/static//css/app.css")+8 {
		t.Fatalf("stylesheet href %q is not content-hashed", href)
	}
	res := app.client().get(href)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Fatalf("%s: %d %s", href, res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res := app.client().get("/static/abc/../static.go"); res.StatusCode == http.StatusOK {
		t.Fatal("served a file outside the asset folders")
	}
}
