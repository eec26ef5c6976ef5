package handlers_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lodestar/store"
)

// A person chooses which notifications come by email; agents are not offered the managers'
// digest; unchecking turns a kind off and checking turns it back on.
func TestEmailPreferencesPage(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1", Email: "e1@example.com"}, store.PersonInput{EmployeeID: "M1", Role: store.RoleManager})
	ctx := context.Background()
	agent := app.signedIn("E1")
	doc := agent.get("/me/email").doc(t)
	if n := doc.Find(`input[name=on]:checked`).Length(); n != 3 || doc.Find(`input[value="digest.weekly"]`).Length() != 0 {
		t.Fatalf("agent sees %d kinds checked, digest offered: %v", n, doc.Find(`input[value="digest.weekly"]`).Length() > 0)
	}
	if doc.Find(`[data-testid=no-email]`).Length() != 0 {
		t.Error("the no-email notice shows for someone with an address")
	}
	res := agent.post("/me/email", url.Values{"shown": {"review.done", "badge.earned", "check.opened"}, "on": {"review.done"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	e1, _ := app.store.PersonByEmployeeID(ctx, "E1")
	prefs, _ := app.store.EmailPreferences(ctx, e1.ID)
	if !prefs["review.done"] || prefs["badge.earned"] || prefs["check.opened"] || !prefs["digest.weekly"] {
		t.Errorf("prefs after saving %v", prefs)
	}
	manager := app.signedIn("M1")
	mdoc := manager.get("/me/email").doc(t)
	if mdoc.Find(`input[value="digest.weekly"]`).Length() != 2 || mdoc.Find(`[data-testid=no-email]`).Length() != 1 {
		t.Error("a manager without an address: digest offered and a notice expected")
	}
}

// The link in an email turns its kind off for its person only, after a POST (a GET only
// asks); a forged or altered link does nothing.
func TestOneClickUnsubscribe(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1", Name: "Ann", Email: "e1@example.com"}, store.PersonInput{EmployeeID: "E2", Email: "e2@example.com"})
	ctx := context.Background()
	if err := app.store.EnsureUnsubscribeKey(ctx); err != nil {
		t.Fatal(err)
	}
	e1, _ := app.store.PersonByEmployeeID(ctx, "E1")
	e2, _ := app.store.PersonByEmployeeID(ctx, "E2")
	token, err := app.store.UnsubscribeToken(ctx, e1.ID, store.EmailBadgeEarned)
	if err != nil {
		t.Fatal(err)
	}
	anon := app.client()
	ask := anon.get("/unsubscribe/" + token)
	if state, _ := ask.doc(t).Find(`[data-testid=unsubscribe]`).Attr("data-state"); ask.StatusCode != http.StatusOK || state != "ask" ||
		!strings.Contains(ask.Body, "Ann") {
		t.Fatalf("ask page: %d %q", ask.StatusCode, state)
	}
	if on, _ := app.store.WantsEmail(ctx, e1.ID, store.EmailBadgeEarned); !on {
		t.Fatal("a GET turned the emails off")
	}
	// A mail client's RFC 8058 one-click POST: no browser headers, a fixed body.
	req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/unsubscribe/"+token, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := anon.do(req)
	if state, _ := res.doc(t).Find(`[data-testid=unsubscribe]`).Attr("data-state"); res.StatusCode != http.StatusOK || state != "done" {
		t.Fatalf("one-click POST: %d %q", res.StatusCode, state)
	}
	if on, _ := app.store.WantsEmail(ctx, e1.ID, store.EmailBadgeEarned); on {
		t.Error("still subscribed after the one-click POST")
	}
	if on, _ := app.store.WantsEmail(ctx, e1.ID, store.EmailReviewDone); !on {
		t.Error("another kind was turned off too")
	}
	if on, _ := app.store.WantsEmail(ctx, e2.ID, store.EmailBadgeEarned); !on {
		t.Error("someone else was unsubscribed")
	}
	// Another person's id or kind in the same signature is refused.
	forged := strings.Replace(token, token[:strings.Index(token, ".")], base64url(itoa(e2.ID)+".badge.earned"), 1)
	for _, bad := range []string{forged, token + "x", "nonsense", token[:len(token)-2]} {
		res := anon.post("/unsubscribe/"+bad, nil)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("bad token %q: %d", bad, res.StatusCode)
		}
	}
	if on, _ := app.store.WantsEmail(ctx, e2.ID, store.EmailBadgeEarned); !on {
		t.Error("a forged link unsubscribed someone")
	}
}

func base64url(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

// A notification whose kind the reader chose arrives by email at a real SMTP server, in their
// language, with the link and the one-click unsubscribe (body and List-Unsubscribe headers);
// someone who turned the kind off gets none; a second pass sends nothing again.
func TestNotificationEmailsFollowTheChoices(t *testing.T) {
	w := recognitionSetup(t)
	ctx := context.Background()
	inbox := startSMTP(t)
	configureSMTP(t, w.app, inbox.port)
	if err := w.app.store.EnsureUnsubscribeKey(ctx); err != nil {
		t.Fatal(err)
	}
	for emp, lang := range map[string]string{"T": "zh", "X": "en"} {
		if _, err := w.app.store.DB().Exec(`UPDATE people SET email = ?, language = ? WHERE employee_id = ?`, strings.ToLower(emp)+"@example.com", lang, emp); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.app.store.SetEmailPreference(ctx, w.ids["X"], store.EmailBadgeEarned, false); err != nil {
		t.Fatal(err)
	}
	h := worker(t, w.app, nil)
	if _, err := h.MailNotifications(ctx); err != nil { // starts the cursor: no history
		t.Fatal(err)
	}
	// Tom and Xia each earn a badge (the system award notifies "badge earned").
	if err := w.app.store.AwardSystemBadgeTo(ctx, []int64{w.ids["T"], w.ids["X"]}, store.BadgeTenure1); err != nil {
		t.Fatal(err)
	}
	n, err := h.MailNotifications(ctx)
	if err != nil || n != 1 {
		t.Fatalf("queued %d emails (%v), want 1 (Xia turned badge emails off)", n, err)
	}
	if n, _ := h.MailNotifications(ctx); n != 0 {
		t.Fatalf("a second pass queued %d again", n)
	}
	if sent, err := h.SendDueEmails(ctx); sent != 1 || err != nil {
		t.Fatalf("sent %d, %v", sent, err)
	}
	inbox.mu.Lock()
	msgs := append([]arrived(nil), inbox.msgs...)
	inbox.mu.Unlock()
	if len(msgs) != 1 || msgs[0].to[0] != "t@example.com" {
		t.Fatalf("arrived %+v", msgs)
	}
	raw := strings.ReplaceAll(string(msgs[0].raw), "\r\n ", " ") // unfold long header lines
	if !strings.Contains(raw, "List-Unsubscribe: <"+w.app.srv.URL+"/unsubscribe/") || !strings.Contains(raw, "List-Unsubscribe-Post: List-Unsubscribe=One-Click") ||
		!strings.Contains(raw, "Content-Language: zh") {
		t.Errorf("headers missing in:\n%s", raw[:min(len(raw), 1500)])
	}
}
