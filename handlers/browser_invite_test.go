package handlers_test

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"lodestar/store"
)

// The invitation flow in Chromium: the admin invites a freshly imported team and gets one
// printable card per person; on a 375 px phone, an English and a Chinese agent each open
// their link, choose a password and land signed in on home, in their own language; the
// link then says it was used; a third link expires on the store's clock.
func TestBrowserInvitationFlowOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	ctx := context.Background()
	newcomers := []store.PersonInput{
		{EmployeeID: "N1", Name: "Nora New", Language: "en"},
		{EmployeeID: "N2", Name: "王新", Language: "zh"},
		{EmployeeID: "N3", Name: "Late Larry", Language: "en"},
	}
	for i := range newcomers {
		p := &newcomers[i]
		p.Department, p.Team, p.ManagerEmployeeID = "Inbound Voice", "New Starters", "admin"
		p.Tier, p.Role, p.EmploymentType, p.HiredOn = store.TierFrontLine, store.RoleEmployee, store.EmploymentPermanent, "2026-11-23"
	}
	if _, err := site.store.UpsertPeople(ctx, 0, newcomers, 0); err != nil {
		t.Fatal(err)
	}

	admin := site.browser(t)
	admin.signInAs("admin")
	admin.open("/admin/invite?cannot_sign_in=1&team=New+Starters")
	if got := admin.attr(`[data-testid=invite-count]`, "data-count"); got != "3" {
		t.Fatalf("the invite page counts %s people in New Starters, want 3", got)
	}
	admin.clickAndWait(`[data-testid=invite-sheet]`)
	if n := admin.count(`[data-testid=invite-card]`); n != 3 {
		t.Fatalf("the printable sheet holds %d cards, want one per invited person (3)", n)
	}
	if n := browserEval[int](admin, `Array.from(document.querySelectorAll("[data-testid=invite-card] img")).filter(function(i){return i.complete && i.naturalWidth > 0;}).length`); n != 3 {
		t.Errorf("%d QR codes were drawn, want 3 (CSP must allow the data: images)", n)
	}
	admin.checkAccessible("invitation cards")
	// Printed, only the cards show: no header, no buttons.
	browserRun(admin, "emulate print", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if shown := browserEval[int](admin, `Array.from(document.querySelectorAll(".topbar, .no-print")).filter(function(e){return e.offsetParent !== null;}).length`); shown != 0 {
		t.Errorf("%d header or screen-only blocks are printed", shown)
	}
	if n := browserEval[int](admin, `Array.from(document.querySelectorAll("[data-testid=invite-card]")).filter(function(e){return e.offsetParent !== null;}).length`); n != 3 {
		t.Errorf("%d cards printed, want 3", n)
	}
	links := map[string]string{}
	href := admin.attr(`[data-testid=invite-csv-download]`, "href")
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(href, "data:text/csv;charset=utf-8;base64,"))
	if err != nil {
		t.Fatalf("CSV link: %v", err)
	}
	rows, _ := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	for _, row := range rows[1:] {
		u, _ := url.Parse(row[3])
		links[row[0]] = u.Path
	}
	if len(links) != 3 {
		t.Fatalf("CSV of the sheet holds %d links", len(links))
	}

	for _, tc := range []struct{ id, lang, heading, greeting string }{
		{"N1", "en", "Welcome to Lodestar", "Nora New"},
		{"N2", "zh-Hans", "欢迎使用 Lodestar", "王新"},
	} {
		b := site.browser(t)
		b.phone()
		b.open(links[tc.id])
		if got := b.attr("html", "lang"); got != tc.lang {
			t.Errorf("%s: link page in %q, want %q (the person's language)", tc.id, got, tc.lang)
		}
		if got := b.text("h1"); got != tc.heading {
			t.Errorf("%s: heading %q, want %q", tc.id, got, tc.heading)
		}
		b.checkNoSidewaysScroll(links[tc.id])
		b.checkAccessible("link page " + tc.lang)
		// A too short password: the error is next to the field.
		b.fill(`#f-password`, "short")
		b.fill(`#f-confirm`, "short")
		b.clickAndWait(`[data-testid=link-submit]`)
		if b.count(`[data-testid=error-password]`) != 1 {
			t.Fatalf("%s: no error next to a too short password", tc.id)
		}
		b.fill(`#f-password`, "my-first-password")
		b.fill(`#f-confirm`, "my-first-password")
		b.clickAndWait(`[data-testid=link-submit]`)
		if p := b.path(); p != "/" {
			t.Fatalf("%s: after choosing a password the browser is on %s, want home", tc.id, p)
		}
		if got := b.text(`[data-testid=home-greeting]`); !strings.Contains(got, tc.greeting) {
			t.Errorf("%s: home greets %q", tc.id, got)
		}
		if got := b.attr("html", "lang"); got != tc.lang {
			t.Errorf("%s: home in %q, want %q", tc.id, got, tc.lang)
		}
		// Single use.
		b.open(links[tc.id])
		if b.count(`[data-testid=link-used]`) != 1 {
			t.Errorf("%s: opening the link again does not say it was used", tc.id)
		}
	}

	// The admin pages and forgot password fit a phone too (on screen, not in print).
	browserRun(admin, "emulate screen", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		return err
	}))
	admin.phone()
	for _, path := range []string{"/admin/invite", "/admin/email", "/admin/people"} {
		admin.checkNoSidewaysScroll(path)
	}
	anon := site.browser(t)
	anon.phone()
	anon.open("/login")
	anon.clickAndWait(`[data-testid=forgot-link]`)
	if p := anon.path(); p != "/password/forgot" {
		t.Errorf("the sign-in page's Forgot password? link leads to %s", p)
	}
	anon.checkNoSidewaysScroll("/password/forgot")
	anon.checkAccessible("forgot password")

	// Expiry on the store's clock: seven days by default.
	site.clock.now = site.clock.now.Add(7 * 24 * time.Hour)
	b := site.browser(t)
	b.phone()
	b.open(links["N3"])
	if b.count(`[data-testid=link-expired]`) != 1 || !strings.Contains(b.text(`[data-testid=link-ask]`), "Alex Admin") {
		t.Errorf("an expired link does not say so and whom to ask: %q", b.text(`[data-testid=link-page]`))
	}
}
