package handlers_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"lodestar/handlers"
	"lodestar/store"
)

// A database error while a link is used must not write the link's token to the error log.
func TestLinkTokenStaysOutOfTheErrorLog(t *testing.T) {
	var logs lockedBuffer
	path := filepath.Join(t.TempDir(), "lodestar.db")
	app := newTestAppAt(t, path, func(d *handlers.Deps) { d.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	seedInvitees(t, app)
	links := inviteByCSV(t, app, url.Values{"cannot_sign_in": {"1"}})
	link := pathOf(t, links["E2"][3])
	token := strings.TrimPrefix(link, "/invite/")
	// Force the password write to fail, as a full disk would.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TRIGGER boom BEFORE UPDATE OF password_hash ON people BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"); err != nil {
		t.Fatal(err)
	}
	res := app.client().post(link, url.Values{"password": {"a long enough passphrase 42"}, "confirm": {"a long enough passphrase 42"}})
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", res.StatusCode)
	}
	app.client().get("/healthz")
	out := logs.String()
	if !strings.Contains(out, "request failed") {
		t.Fatalf("the error is not logged:\n%s", out)
	}
	if strings.Contains(out, token) {
		t.Errorf("a link's token is in the error log:\n%s", out)
	}
}

// A people-scoped token makes first invitations only: never for an admin, never for someone
// who can already sign in, and never with a link built from the request's Host header.
func TestAPIInvitationCannotTakeOverAnAccount(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	ctx := context.Background()
	tok, err := app.store.CreateScopedToken(ctx, 0, store.TokenInput{Name: "HR", Scopes: []string{store.ScopePeople}})
	if err != nil {
		t.Fatal(err)
	}
	errorCode := func(res response) string {
		var body struct{ Error, Code string }
		if err := json.Unmarshal([]byte(res.Body), &body); err != nil || body.Error == "" {
			t.Errorf("no clear JSON error: %s", res.Body)
		}
		return body.Code
	}
	// No configured site address: refused, whatever Host the request carries.
	res := apiPeopleCall(app, http.MethodPost, "/api/v1/people/E1/invitation", tok, "")
	if res.StatusCode != http.StatusConflict || errorCode(res) != "no_base_url" {
		t.Errorf("without a site address: %d %s", res.StatusCode, res.Body)
	}
	if out, _, _ := app.store.ListOutbox(ctx); len(out) != 0 {
		t.Errorf("%d emails queued with a link to the request's host", len(out))
	}
	if err := app.store.SetSetting(ctx, 0, store.SettingBaseURL, "https://lodestar.example.com"); err != nil {
		t.Fatal(err)
	}
	res = apiPeopleCall(app, http.MethodPost, "/api/v1/people/A1/invitation", tok, "")
	if res.StatusCode != http.StatusForbidden || errorCode(res) != "admin" {
		t.Errorf("admin: %d %s", res.StatusCode, res.Body)
	}
	res = apiPeopleCall(app, http.MethodPost, "/api/v1/people/M1/invitation", tok, "")
	if res.StatusCode != http.StatusConflict || errorCode(res) != "already_can_sign_in" {
		t.Errorf("someone with a password: %d %s", res.StatusCode, res.Body)
	}
	res = apiPeopleCall(app, http.MethodPost, "/api/v1/people/E1/invitation", tok, "")
	var got struct{ URL string }
	json.Unmarshal([]byte(res.Body), &got)
	if res.StatusCode != http.StatusCreated || !strings.HasPrefix(got.URL, "https://lodestar.example.com/invite/") {
		t.Errorf("first invitation: %d %s", res.StatusCode, res.Body)
	}
	if got := auditLog(t, app, 1)[0]; !strings.HasSuffix(got, "Invitations sent to 1 person: Employee ID: E1;  · via API token HR") {
		t.Errorf("only the successful invitation is audited last: %q", got)
	}
}

// With password sign-in for admins only, links give non-admins neither a password nor a
// session (the page points to single sign-on), and forgot-password mails them nothing.
func TestLinksFollowPasswordSignInForAdminsOnly(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	ctx := context.Background()
	if err := app.store.SetSetting(ctx, 0, store.SettingBaseURL, app.srv.URL); err != nil {
		t.Fatal(err)
	}
	links := inviteByCSV(t, app, url.Values{"cannot_sign_in": {"1"}})
	if err := app.store.SetSetting(ctx, 0, store.SettingPasswordAdminsOnly, "true"); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"E3": "single sign-on", "E1": "单点登录"} {
		link := pathOf(t, links[id][3])
		c := app.client()
		res := c.get(link)
		if res.StatusCode != http.StatusForbidden || !strings.Contains(res.doc(t).Find(`[data-testid=link-sso-only]`).Text(), want) {
			t.Errorf("%s link page: %d, want 403 saying %q", id, res.StatusCode, want)
		}
		if res.doc(t).Find(`input[name=password]`).Length() != 0 {
			t.Errorf("%s link page still offers a password form", id)
		}
		res = c.post(link, url.Values{"password": {"a long enough passphrase 42"}, "confirm": {"a long enough passphrase 42"}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s using the link: %d, want 403", id, res.StatusCode)
		}
		if res := c.get("/"); res.StatusCode == http.StatusOK {
			t.Errorf("%s is signed in through a link", id)
		}
		if p, _ := app.store.PersonByEmployeeID(ctx, id); p.HasPassword {
			t.Errorf("%s got a password through a link", id)
		}
	}
	before, _, _ := app.store.ListOutbox(ctx)
	res := app.client().post("/password/forgot", url.Values{"email": {"sam@example.com"}})
	if res.StatusCode != http.StatusOK || res.doc(t).Find(`[data-testid="forgot-sent"]`).Length() != 1 {
		t.Errorf("forgot password answer: %d", res.StatusCode)
	}
	if after, _, _ := app.store.ListOutbox(ctx); len(after) != len(before) {
		t.Errorf("forgot password mailed a non-admin a link: %d emails, was %d", len(after), len(before))
	}
	// Turned off again, the same link works: nothing was spent.
	app.store.SetSetting(ctx, 0, store.SettingPasswordAdminsOnly, "false")
	if res := app.client().get(pathOf(t, links["E3"][3])); res.StatusCode != http.StatusOK {
		t.Errorf("link after admins-only is off: %d", res.StatusCode)
	}
}

// "Send again" on a link email that failed for good says why it cannot (its body, holding
// the token, is gone) instead of sending an empty email.
func TestRetryOfAFailedLinkEmailSaysToInviteAgain(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	ctx := context.Background()
	if err := app.store.SetSetting(ctx, 0, store.SettingBaseURL, app.srv.URL); err != nil {
		t.Fatal(err)
	}
	inviteByCSV(t, app, url.Values{"cannot_sign_in": {"1"}, "team": {"Team A"}})
	due, _ := app.store.ClaimDueEmails(ctx, 10)
	if len(due) == 0 {
		t.Fatal("no invitation email queued")
	}
	for i := 0; i < store.MaxEmailAttempts; i++ {
		app.store.EmailFailed(ctx, due[0].ID, errors.New("connection refused"))
	}
	admin := app.signedIn("A1")
	if res := admin.post("/admin/email/"+strconv.FormatInt(due[0].ID, 10)+"/retry", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d", res.StatusCode)
	}
	flash := admin.get("/admin/email").doc(t).Find(`[data-testid="flash"]`).Text()
	if !strings.Contains(flash, "Invite the person again") {
		t.Errorf("flash %q does not say to invite again", flash)
	}
	if again, _ := app.store.ClaimDueEmails(ctx, 10); len(again) != 0 {
		t.Errorf("an emptied email was queued again")
	}
}
