package handlers_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"lodestar/handlers"
	"lodestar/store"
)

// seedInvitees adds an admin (who can sign in) and, as an HR import would, people without
// a password: E1 (email, Chinese), E2 (no email, Team B) and E3 (email, English), whose
// manager is M1.
func seedInvitees(t *testing.T, app *testApp) {
	t.Helper()
	app.seed(store.PersonInput{EmployeeID: "A1", Role: store.RoleAdmin, Team: "HR", Department: "HR"},
		store.PersonInput{EmployeeID: "M1", Name: "Mei Manager", Role: store.RoleManager, Team: "Team A", Department: "Voice"})
	imported := []store.PersonInput{
		{EmployeeID: "E1", Name: "Li Wei", Email: "li.wei@example.com", Language: "zh", Team: "Team A", Department: "Voice", ManagerEmployeeID: "M1"},
		{EmployeeID: "E2", Name: "Ana Front", Team: "Team B", Department: "Voice", ManagerEmployeeID: "M1"},
		{EmployeeID: "E3", Name: "Sam Smith", Email: "sam@example.com", Language: "en", Team: "Team A", TeamZH: store.Ptr("甲组"), Department: "Voice", ManagerEmployeeID: "M1"},
	}
	for i := range imported {
		p := &imported[i]
		p.Tier, p.Role, p.EmploymentType, p.HiredOn = store.TierFrontLine, store.RoleEmployee, store.EmploymentPermanent, "2026-11-01"
	}
	if _, err := app.store.UpsertPeople(context.Background(), 0, imported, 0); err != nil {
		t.Fatal(err)
	}
}

// invite sends invitations as the admin and returns the CSV rows (employee_id → url).
func inviteByCSV(t *testing.T, app *testApp, form url.Values) map[string][]string {
	t.Helper()
	form.Set("format", "csv")
	res := app.signedIn("A1").post("/admin/invite", form)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("invite CSV: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	rows, err := csv.NewReader(strings.NewReader(res.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "employee_id,name,team,url,expires_at,team_zh" {
		t.Errorf("header %v", rows[0])
	}
	out := map[string][]string{}
	for _, row := range rows[1:] {
		out[row[0]] = row
		if row[2] == "Team A" && row[5] != "甲组" {
			t.Errorf("%s: team_zh %q, want 甲组 (exports carry both languages)", row[0], row[5])
		}
	}
	return out
}

func pathOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

func TestInvitePageCountsAndSheetHasOneCardPerPerson(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	admin := app.signedIn("A1")
	// The people list, where a confirmed import lands, leads here.
	if href := admin.get("/admin/people").doc(t).Find(`[data-testid="invite-people"]`).AttrOr("href", ""); href != "/admin/invite" {
		t.Errorf("the people list links to %q, want /admin/invite", href)
	}
	doc := admin.get("/admin/invite").doc(t)
	if got, _ := doc.Find(`[data-testid="invite-count"]`).Attr("data-count"); got != "3" {
		t.Errorf("people who cannot sign in yet: %s, want 3 (A1 and M1 have passwords)", got)
	}
	doc = admin.get("/admin/invite?cannot_sign_in=1&team=Team+B").doc(t)
	if got, _ := doc.Find(`[data-testid="invite-count"]`).Attr("data-count"); got != "1" {
		t.Errorf("Team B: %s, want 1", got)
	}
	res := admin.get("/admin/invite?since=soon")
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find(`[data-testid="error-since"]`).Length() != 1 {
		t.Errorf("bad date: %d, want 422 with the error next to the field", res.StatusCode)
	}
	if v, _ := res.doc(t).Find(`input[name="since"]`).Attr("value"); v != "soon" {
		t.Errorf("typed date not kept: %q", v)
	}
	res = admin.post("/admin/invite", url.Values{"cannot_sign_in": {"1"}, "format": {"sheet"}})
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("sheet: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	doc = res.doc(t)
	cards := doc.Find(`[data-testid="invite-card"]`)
	if cards.Length() != 3 {
		t.Fatalf("%d cards, want 3", cards.Length())
	}
	seen := map[string]bool{}
	cards.Each(func(_ int, c *goquery.Selection) {
		id, _ := c.Attr("data-employee-id")
		seen[id] = true
		src, _ := c.Find("img.invite-qr").Attr("src")
		if !strings.HasPrefix(src, "data:image/png;base64,") || len(src) < 500 {
			t.Errorf("card %s: QR %q…", id, src[:min(len(src), 40)])
		}
		if code := c.Find(`[data-testid="invite-code"]`).Text(); len(code) != 9 {
			t.Errorf("card %s: code %q", id, code)
		}
	})
	if !seen["E1"] || !seen["E2"] || !seen["E3"] || seen["A1"] {
		t.Errorf("cards for %v", seen)
	}
	if href, _ := doc.Find(`[data-testid="invite-csv-download"]`).Attr("href"); !strings.HasPrefix(href, "data:text/csv") {
		t.Errorf("CSV download %q", href)
	}
	outbox, _, _ := app.store.ListOutbox(context.Background())
	if len(outbox) != 2 {
		t.Errorf("%d emails queued, want 2 (E1 and E3 have addresses)", len(outbox))
	}
	if got := auditLog(t, app, 1)[0]; !strings.Contains(got, "| Invitations sent to 3 people: ") {
		t.Errorf("audit: %q", got)
	}
}

func TestInvitationLinkSetsPasswordSignsInOnceAndExpires(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	links := inviteByCSV(t, app, url.Values{"cannot_sign_in": {"1"}})
	if len(links) != 3 {
		t.Fatalf("%d links", len(links))
	}
	e1 := pathOf(t, links["E1"][3])
	if !strings.HasPrefix(links["E1"][3], app.srv.URL+"/invite/") {
		t.Errorf("link %q not absolute on the site", links["E1"][3])
	}
	c := app.client()
	res := c.get(e1)
	doc := res.doc(t)
	if res.StatusCode != http.StatusOK || doc.Find("html").AttrOr("lang", "") != "zh-Hans" {
		t.Fatalf("link page: %d lang %q (E1 chose Chinese)", res.StatusCode, doc.Find("html").AttrOr("lang", ""))
	}
	// Errors next to the field, in the person's language; the password is not sent back.
	res = c.post(e1, url.Values{"password": {"short"}, "confirm": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.doc(t).Find(`[data-testid="error-password"]`).Text(), "12") {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	if strings.Contains(res.Body, `value="short"`) {
		t.Error("the typed password came back in the page")
	}
	res = c.post(e1, url.Values{"password": {"a-long-new-password"}, "confirm": {"another-long-one"}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find(`[data-testid="error-confirm"]`).Length() != 1 {
		t.Fatalf("mismatch: %d", res.StatusCode)
	}
	// Success: signed in on home, with a new session token.
	before := sessionCookie(c)
	res = c.post(e1, url.Values{"password": {"a-long-new-password"}, "confirm": {"a-long-new-password"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("set password: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if after := sessionCookie(c); after == "" || after == before {
		t.Error("the session token was not renewed at sign-in")
	}
	if home := c.get("/"); home.StatusCode != http.StatusOK || !strings.Contains(home.Body, "Li Wei") {
		t.Fatalf("home after the link: %d", home.StatusCode)
	}
	if res := app.client().post("/login", url.Values{"login": {"E1"}, "password": {"a-long-new-password"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in with the chosen password: %d", res.StatusCode)
	}
	// Single use: says so and whom to ask.
	res = app.client().get(e1)
	doc = res.doc(t)
	if res.StatusCode != http.StatusGone || doc.Find(`[data-testid="link-used"]`).Length() != 1 || !strings.Contains(doc.Find(`[data-testid="link-ask"]`).Text(), "Mei Manager") {
		t.Errorf("used link: %d %q", res.StatusCode, doc.Find(`[data-page]`).Text())
	}
	if res := app.client().post(e1, url.Values{"password": {"yet-another-password"}, "confirm": {"yet-another-password"}}); res.StatusCode != http.StatusGone {
		t.Errorf("second use: %d", res.StatusCode)
	}
	// Expiry: 7 days by default, on the store's clock.
	e3 := pathOf(t, links["E3"][3])
	app.clock.now = app.clock.now.Add(7*24*time.Hour - time.Minute)
	if res := app.client().get(e3); res.StatusCode != http.StatusOK {
		t.Errorf("a minute before expiry: %d", res.StatusCode)
	}
	app.clock.now = app.clock.now.Add(time.Minute)
	res = app.client().get(e3)
	if res.StatusCode != http.StatusGone || res.doc(t).Find(`[data-testid="link-expired"]`).Length() != 1 {
		t.Errorf("expired link: %d", res.StatusCode)
	}
	if res := app.client().get("/invite/not-a-token"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown token: %d", res.StatusCode)
	}
}

func TestForgotPasswordSameAnswerAndResetLink(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	ctx := context.Background()
	if err := app.store.SetSetting(ctx, 0, store.SettingBaseURL, app.srv.URL); err != nil {
		t.Fatal(err)
	}
	c := app.client()
	if res := c.post("/password/forgot", url.Values{"email": {"not-an-address"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		res.doc(t).Find(`input[name="email"]`).AttrOr("value", "") != "not-an-address" {
		t.Errorf("bad address: %d, want 422 with the address kept", res.StatusCode)
	}
	known := c.post("/password/forgot", url.Values{"email": {"SAM@example.com"}})
	unknown := c.post("/password/forgot", url.Values{"email": {"nobody@example.com"}})
	if known.StatusCode != http.StatusOK || unknown.StatusCode != http.StatusOK ||
		known.doc(t).Find(`[data-testid="forgot-page"]`).Text() != unknown.doc(t).Find(`[data-testid="forgot-page"]`).Text() {
		t.Errorf("answers differ: %d / %d", known.StatusCode, unknown.StatusCode)
	}
	outbox, _, _ := app.store.ListOutbox(ctx)
	if len(outbox) != 1 || outbox[0].To != "sam@example.com" {
		t.Fatalf("outbox %+v, want one email to sam", outbox)
	}
	due, _ := app.store.ClaimDueEmails(ctx, 10)
	link := linkIn(t, due[0].Text, app.srv.URL+"/password/reset/")
	res := app.client().post(pathOf(t, link), url.Values{"password": {"brand-new-password"}, "confirm": {"brand-new-password"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if res := app.client().post("/login", url.Values{"login": {"E3"}, "password": {"brand-new-password"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in after reset: %d", res.StatusCode)
	}
	// Throttled per client address.
	var last response
	for range store.MaxResetsPerClient {
		last = c.post("/password/forgot", url.Values{"email": {"x@example.com"}})
	}
	if last.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after %d requests: %d, want 429", store.MaxResetsPerClient, last.StatusCode)
	}
}

// linkIn finds the link starting with prefix in an email body.
func linkIn(t *testing.T, body, prefix string) string {
	t.Helper()
	i := strings.Index(body, prefix)
	if i < 0 {
		t.Fatalf("no %s link in %q", prefix, body)
	}
	end := strings.IndexAny(body[i:], " \r\n\"<")
	if end < 0 {
		end = len(body) - i
	}
	return body[i : i+end]
}

func TestAPICreatesInvitation(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	ctx := context.Background()
	if err := app.store.SetSetting(ctx, 0, store.SettingBaseURL, app.srv.URL); err != nil {
		t.Fatal(err)
	}
	peopleTok, err := app.store.CreateScopedToken(ctx, 0, store.TokenInput{Name: "HR", Scopes: []string{store.ScopePeople}})
	if err != nil {
		t.Fatal(err)
	}
	readTok, _ := app.store.CreateScopedToken(ctx, 0, store.TokenInput{Name: "Read"})
	if res := apiPeopleCall(app, http.MethodPost, "/api/v1/people/E2/invitation", readTok, ""); res.StatusCode != http.StatusForbidden {
		t.Errorf("read-only token: %d", res.StatusCode)
	}
	if res := apiPeopleCall(app, http.MethodPost, "/api/v1/people/NOPE/invitation", peopleTok, ""); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown person: %d", res.StatusCode)
	}
	first := apiPeopleCall(app, http.MethodPost, "/api/v1/people/E1/invitation", peopleTok, "")
	res := apiPeopleCall(app, http.MethodPost, "/api/v1/people/E1/invitation", peopleTok, "")
	var got struct {
		URL       string `json:"url"`
		ExpiresAt string `json:"expires_at"`
		Emailed   bool   `json:"emailed"`
	}
	if err := json.Unmarshal([]byte(res.Body), &got); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("invitation: %d %s", res.StatusCode, res.Body)
	}
	if !strings.HasPrefix(got.URL, app.srv.URL+"/invite/") || got.ExpiresAt != app.clock.now.Add(7*24*time.Hour).Format(time.RFC3339) || !got.Emailed {
		t.Errorf("answer %+v", got)
	}
	if res := app.client().get(pathOf(t, got.URL)); res.StatusCode != http.StatusOK {
		t.Errorf("link: %d", res.StatusCode)
	}
	if got := auditLog(t, app, 1)[0]; !strings.HasSuffix(got, "Invitations sent to 1 person: Employee ID: E1;  · via API token HR") {
		t.Errorf("audit %q does not name the token", got)
	}
	var old struct{ URL string }
	json.Unmarshal([]byte(first.Body), &old)
	if res := app.client().get(pathOf(t, old.URL)); res.StatusCode != http.StatusGone {
		t.Errorf("the older link still works: %d", res.StatusCode)
	}
}

// Without a configured site address, forgot-password makes no link (the request's Host could
// be forged) and answers the same; a pending invitation is left alone.
func TestForgotPasswordWithoutBaseURLMakesNoLink(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	links := inviteByCSV(t, app, url.Values{"cannot_sign_in": {"1"}, "team": {"Team A"}})
	before, _, _ := app.store.ListOutbox(context.Background())
	res := app.client().post("/password/forgot", url.Values{"email": {"sam@example.com"}})
	if res.StatusCode != http.StatusOK || res.doc(t).Find(`[data-testid="forgot-sent"]`).Length() != 1 {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	after, _, _ := app.store.ListOutbox(context.Background())
	if len(after) != len(before) {
		t.Errorf("an email was queued with a link built from the request's Host")
	}
	if res := app.client().get(pathOf(t, links["E3"][3])); res.StatusCode != http.StatusOK {
		t.Errorf("the pending invitation was withdrawn: %d", res.StatusCode)
	}
}

// lockedBuffer collects log output written from server goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The request log never holds a link's token: logs are kept, and a logged link would open
// the account of whoever has not used it yet.
func TestLinkTokensStayOutOfTheRequestLog(t *testing.T) {
	var logs lockedBuffer
	app := newTestApp(t, func(d *handlers.Deps) { d.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	seedInvitees(t, app)
	links := inviteByCSV(t, app, url.Values{"cannot_sign_in": {"1"}})
	path := pathOf(t, links["E2"][3])
	token := strings.TrimPrefix(path, "/invite/")
	c := app.client()
	c.get(path)
	c.post(path, url.Values{"password": {"short"}})
	c.get("/password/reset/" + token)
	c.get("/healthz") // the last request's line is written before this one is answered
	out := logs.String()
	if strings.Contains(out, token) {
		t.Error("a link's token is in the request log")
	}
	if !strings.Contains(out, "/invite/…") {
		t.Errorf("the link requests are not logged at all:\n%s", out)
	}
}
