package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

func scopedToken(a *testApp, in store.TokenInput) string {
	a.t.Helper()
	secret, err := a.store.CreateScopedToken(context.Background(), 0, in)
	if err != nil {
		a.t.Fatal(err)
	}
	return secret
}

// A token writes only the areas of its scope: anything else is 403 with a JSON error that
// says what it lacks. Reading needs no scope.
func TestTokenScopeLimitsWrites(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	readOnly := scopedToken(app, store.TokenInput{Name: "dashboard"})
	hrOnly := scopedToken(app, store.TokenInput{Name: "hr", Scopes: []string{store.ScopePeople}})
	people := `[{"employee_id":"E2","name":"New Person","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2026-01-05"}]`

	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", readOnly, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("read-only token reads: %d", res.StatusCode)
	}
	res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", readOnly, people)
	var refusal struct {
		Error  string   `json:"error"`
		Needed string   `json:"needed_scope"`
		Scopes []string `json:"token_scopes"`
	}
	if err := json.Unmarshal([]byte(res.Body), &refusal); err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("read-only token writes people: %d %s", res.StatusCode, res.Body)
	}
	if refusal.Needed != "people" || !strings.Contains(refusal.Error, "may not write people") || strings.Join(refusal.Scopes, ",") != "read" {
		t.Errorf("refusal: %+v", refusal)
	}
	if _, err := app.store.PersonByEmployeeID(context.Background(), "E2"); err == nil {
		t.Fatal("the refused write happened")
	}
	if res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", hrOnly, people); res.StatusCode != http.StatusOK {
		t.Fatalf("people token writes people: %d %s", res.StatusCode, res.Body)
	}
	res = apiPeopleCall(app, http.MethodPost, "/api/v1/recognitions", hrOnly, `{}`)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "may not write recognitions: its scope is read, people") {
		t.Errorf("people token writes recognitions: %d %s", res.StatusCode, res.Body)
	}
}

// Every API route that writes names its scope: walked from the router, a read-only token
// is refused on each with 403, so a new write route cannot forget its scope.
func TestEveryAPIWriteNeedsAScope(t *testing.T) {
	app := newTestApp(t)
	readOnly := scopedToken(app, store.TokenInput{Name: "dashboard"})
	full := apiPeopleToken(app, "everything")
	writes := 0
	for _, rt := range app.routes() {
		if !strings.HasPrefix(rt.pattern, "/api/") || rt.method == http.MethodGet || rt.method == http.MethodHead {
			continue
		}
		writes++
		path := strings.ReplaceAll(rt.pattern, "{id}", "1")
		if res := apiPeopleCall(app, rt.method, path, readOnly, `{}`); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, "may not write") {
			t.Errorf("%s %s with a read-only token: %d %s", rt.method, path, res.StatusCode, res.Body)
		}
		if res := apiPeopleCall(app, rt.method, path, full, `{}`); res.StatusCode == http.StatusForbidden {
			t.Errorf("%s %s with a full token: 403 %s", rt.method, path, res.Body)
		}
	}
	if writes < 3 {
		t.Fatalf("found only %d API write routes", writes)
	}
}

// A token works through its last day and is refused with 401 from the day after.
func TestTokenExpires(t *testing.T) {
	app := newTestApp(t) // today is 2026-11-23
	secret := scopedToken(app, store.TokenInput{Name: "trial", ExpiresOn: "2026-11-30"})
	app.clock.now = time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", secret, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("on its last day: %d", res.StatusCode)
	}
	app.clock.now = time.Date(2026, 12, 1, 0, 0, 1, 0, time.UTC)
	res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", secret, "")
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, "token expired") {
		t.Fatalf("the day after: %d %s", res.StatusCode, res.Body)
	}
	if !strings.Contains(res.Header.Get("WWW-Authenticate"), "invalid_token") {
		t.Errorf("WWW-Authenticate %q", res.Header.Get("WWW-Authenticate"))
	}
}

// The admin page takes a last day and a scope: a bad value comes back next to its field with
// everything typed kept; a good one makes the token, listed with what it may do, and the
// audit log says so in the reader's language.
func TestTokensPageScopeAndExpiry(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin, Name: "Ada Admin"})
	admin := app.signedIn("A1")
	for _, tt := range []struct{ expires, error string }{
		{"2026-11-22", "The last day must be today or later."},
		{"30/06/2027", `Write the date as YYYY-MM-DD (got "30/06/2027").`},
		{"2031-11-24", "The last day can be 2031-11-23 at the latest (five years from today): a token meant to last longer is better replaced then."},
	} {
		res := admin.post("/admin/tokens", url.Values{"name": {"HR sync"}, "expires_on": {tt.expires}, "scopes": {"people", "checks"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("expires %q: %d", tt.expires, res.StatusCode)
		}
		doc := res.doc(t)
		if got := doc.Find("[data-testid=error-expires_on]").Text(); got != tt.error {
			t.Errorf("expires %q: error %q, want %q", tt.expires, got, tt.error)
		}
		name, _ := doc.Find("#f-name").Attr("value")
		expires, _ := doc.Find("#f-expires_on").Attr("value")
		var checked []string
		doc.Find("[data-testid=token-scopes] input:checked").Each(func(_ int, s *goquery.Selection) { v, _ := s.Attr("value"); checked = append(checked, v) })
		if name != "HR sync" || expires != tt.expires || strings.Join(checked, ",") != "people,checks" {
			t.Errorf("typed values not kept: %q %q %v", name, expires, checked)
		}
	}
	if res := admin.post("/admin/tokens", url.Values{"name": {"X"}, "scopes": {"payroll"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		res.doc(t).Find("[data-testid=error-scopes]").Length() != 1 {
		t.Errorf("unknown scope: %d", res.StatusCode)
	}
	if tokens, _ := app.store.ListTokens(context.Background()); len(tokens) != 0 {
		t.Fatalf("refused forms made %d tokens", len(tokens))
	}

	res := admin.post("/admin/tokens", url.Values{"name": {"HR sync"}, "expires_on": {"2027-06-30"}, "scopes": {"people", "checks"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("create: %d", res.StatusCode)
	}
	doc := res.doc(t)
	secret := doc.Find("[data-testid=secret]").Text()
	row := doc.Find(`[data-testid=token][data-name="HR sync"]`)
	if got := row.Find("[data-testid=token-scope]").Text(); got != "Read; change People, Strategy check interviews" {
		t.Errorf("scope shown %q", got)
	}
	if got := row.Find("[data-testid=token-expires]").Text(); got != "30 Jun 2027" {
		t.Errorf("expiry shown %q", got)
	}
	if res := apiPeopleCall(app, http.MethodPost, "/api/v1/recognitions", secret, `{}`); res.StatusCode != http.StatusForbidden {
		t.Errorf("the new token writes outside its scope: %d", res.StatusCode)
	}
	readOnly := admin.post("/admin/tokens", url.Values{"name": {"Dashboard"}}).doc(t)
	if got := readOnly.Find(`[data-testid=token][data-name="Dashboard"] [data-testid=token-scope]`).Text(); got != "Read only" {
		t.Errorf("a token with nothing ticked: %q", got)
	}

	// Past its last day the list says so.
	app.clock.now = time.Date(2027, 7, 1, 9, 0, 0, 0, time.UTC)
	if got := admin.get("/admin/tokens").doc(t).Find(`[data-testid=token][data-name="HR sync"] [data-testid=token-status]`).Text(); !strings.Contains(got, "Expired") {
		t.Errorf("status after the last day: %q", got)
	}

	action, _ := doc.Find(`[data-testid=token][data-name="HR sync"] form`).Attr("action")
	admin.post(action, nil)
	audit := admin.get("/admin/audit").doc(t).Find("[data-testid=audit-log]").Text()
	for _, want := range []string{"API token HR sync created: Read; change People, Strategy check interviews; works until 30 Jun 2027",
		"API token Dashboard created: Read only", "API token HR sync revoked", "Ada Admin"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %q", want)
		}
	}
	admin.post("/language", url.Values{"lang": {"zh"}})
	audit = admin.get("/admin/audit").doc(t).Find("[data-testid=audit-log]").Text()
	if !strings.Contains(audit, "读取；修改人员、战略理解度检查访谈；有效期至") {
		t.Errorf("audit detail in Chinese: %s", audit)
	}
}
