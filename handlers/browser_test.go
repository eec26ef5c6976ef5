package handlers_test

// The browser test harness: headless Debian Chromium (chromedp v0.23) driving a real
// Lodestar server that has the demo organisation loaded.
//
// Add a flow in handlers/browser_<area>_test.go:
//
//	func TestBrowserTrainingFlow(t *testing.T) {
//		site := newBrowserSite(t)               // real server + store with LoadDemo done (skips when no Chromium)
//		b := site.browser(t)                    // one fresh headless Chromium (own profile, own cookies)
//		b.phone()                               // 375×812 mobile emulation (b.desktop() for 1280×900)
//		b.signInAs("agent")                     // the sign-in form with the demo password (b.signIn(login, pw) for others); fails unless signed in
//		b.open("/training")                     // navigate and wait for the page to load
//		b.waitVisible(`[data-testid=course]`)   // wait for a selector (CSS)
//		got := b.text(`[data-testid=course] h2`) // visible text of the first match
//		b.clickAndWait(`[data-testid=start]`)   // click something that loads a new page (link, submit button)
//		b.fill(`#answer`, "…")                  // type a value into a field (replaces what was there)
//		b.submitAndWait(`form.quiz`)            // submit a form and wait for the next page
//		b.checkAccessible("training")           // axe-core: fail on serious/critical violations
//		b.checkNoSidewaysScroll("/training")    // open a page, fail if it scrolls sideways
//		_ = got
//	}
//
// Other helpers: b.checkHeaderFits (header on one row, open menu on screen), b.click (no navigation), b.attr, b.count, b.texts (all matches), b.path (current URL path),
// b.selectAndWait (choose an option of an autosubmitting <select>), b.signOut,
// b.clearCookies, b.screenshot(name), browserEval[T](b, js) for any JavaScript value,
// site.person(employeeID) for a demo person's record (IDs for /people/{id} links),
// site.store and site.clock (a fixed clock: 2026-11-23 09:00 UTC) for direct checks.
//
// Every helper fails the test on error with a readable message; each step has its own
// timeout (browserStepTimeout), so a missing selector fails in seconds instead of hanging.
// When a test fails, a screenshot of the page is saved in t.ArtifactDir() and its path is
// logged; to keep it after the run: mkdir -p /tmp/art && go test -artifacts -outputdir /tmp/art …
//
// Chromium: /usr/bin/chromium. Outside CI, when it is absent, browser tests skip with a
// one-line reason; with CI=true they run and fail if Chromium cannot start.
// The demo database is built once per test binary (LoadDemo), kept in memory as a SQLite
// file image, and every site gets its own copy in t.TempDir().
// Run only the browser tests: go test -run Browser ./handlers/

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"lodestar/handlers"
	"lodestar/store"
	"lodestar/store/storetest"
)

const (
	browserChromiumPath = "/usr/bin/chromium"
	browserStepTimeout  = 30 * time.Second
	browserPhoneWidth   = 375
	browserPhoneHeight  = 812
)

// browserDemoClock is the fixed "now" of every browser site (the same day as newTestApp).
var browserDemoClock = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// browserDemoImage is the demo database, built once per test binary: LoadDemo is the
// slow part, copying its bytes is not.
var browserDemoImage struct {
	once  sync.Once
	bytes []byte
	err   error
}

func browserDemoBytes(t testing.TB) []byte {
	t.Helper()
	browserDemoImage.once.Do(func() {
		dir, err := os.MkdirTemp("", "lodestar-demo-")
		if err != nil {
			browserDemoImage.err = err
			return
		}
		defer os.RemoveAll(dir)
		st, err := store.Open(filepath.Join(dir, "build.db"), store.WithClock(func() time.Time { return browserDemoClock }))
		if err != nil {
			browserDemoImage.err = err
			return
		}
		defer st.Close()
		if err := st.LoadDemo(context.Background()); err != nil {
			browserDemoImage.err = fmt.Errorf("load demo: %w", err)
			return
		}
		// As `lodestar serve` does at start-up.
		if err := st.EnsureIssuerKey(context.Background()); err != nil {
			browserDemoImage.err = fmt.Errorf("issuer key: %w", err)
			return
		}
		if err := st.EnsureUnsubscribeKey(context.Background()); err != nil {
			browserDemoImage.err = fmt.Errorf("unsubscribe key: %w", err)
			return
		}
		image := filepath.Join(dir, "demo.db")
		if err := st.Backup(context.Background(), image); err != nil {
			browserDemoImage.err = err
			return
		}
		browserDemoImage.bytes, browserDemoImage.err = os.ReadFile(image)
	})
	if browserDemoImage.err != nil {
		t.Fatalf("preparing the demo database: %v", browserDemoImage.err)
	}
	return browserDemoImage.bytes
}

// browserSite is a real Lodestar server on its own copy of the demo database.
type browserSite struct {
	t     *testing.T
	url   string
	store *store.Store
	clock *testClock
}

// browserRequireChromium skips (or, under CI, fails) when Chromium is not installed.
func browserRequireChromium(t *testing.T) {
	t.Helper()
	storetest.SkipOnPostgres(t, "the browser tests test pages, not the engine; they run on the SQLite pass")
	if _, err := os.Stat(browserChromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests must run in CI, but %s is missing: %v", browserChromiumPath, err)
		}
		t.Skipf("skipping browser test: %s not found (apt-get install chromium)", browserChromiumPath)
	}
}

// newBrowserSite starts a server whose database holds the demo organisation.
func newBrowserSite(t *testing.T) *browserSite {
	t.Helper()
	browserRequireChromium(t)
	path := demoDatabase(t)
	clock := &testClock{now: browserDemoClock}
	st, err := store.Open(path, store.WithClock(clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	h := handlers.New(handlers.Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h.Routes())
	t.Cleanup(func() {
		srv.Close()
		h.Close()
		st.Close()
	})
	return &browserSite{t: t, url: srv.URL, store: st, clock: clock}
}

// person returns a demo person by employee ID.
func (s *browserSite) person(employeeID string) store.Person {
	s.t.Helper()
	p, err := s.store.PersonByEmployeeID(context.Background(), employeeID)
	if err != nil {
		s.t.Fatalf("demo person %s: %v", employeeID, err)
	}
	return p
}

// browser is one headless Chromium with one tab, pointed at a site.
type browser struct {
	t    *testing.T
	site *browserSite
	ctx  context.Context // the tab; helpers derive a timeout per step from it
}

// browser starts a fresh Chromium with its own profile directory. It is stopped when
// the test ends; on failure a screenshot of the last page is saved first.
func (s *browserSite) browser(t *testing.T) *browser {
	t.Helper()
	profile := filepath.Join(t.TempDir(), "chromium-profile")
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browserChromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	// A loaded CI machine sometimes refuses Chromium's first fork ("Zygote could not
	// fork"); that says nothing about Lodestar, so a failed start is tried again.
	var tabCtx context.Context
	var cancelTab, cancelAlloc context.CancelFunc
	var err error
	for attempt := 1; attempt <= 3; attempt++ {
		tabCtx, cancelTab, cancelAlloc, err = startChromium(opts)
		if err == nil {
			break
		}
		t.Logf("starting Chromium (%s), attempt %d: %v", browserChromiumPath, attempt, err)
		os.RemoveAll(profile)
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	if err != nil {
		t.Fatalf("starting Chromium (%s): %v", browserChromiumPath, err)
	}
	b := &browser{t: t, site: s, ctx: tabCtx}
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
		// Chromium's helpers can still write in the profile for a moment after exit;
		// empty it here so t.TempDir's own cleanup finds nothing left to race with.
		for range 50 {
			if err := os.RemoveAll(profile); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// Registered last, so it runs first: the browser is still alive.
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot("failure")
		}
	})
	return b
}

// startChromium starts one browser with one tab. The first run starts the browser;
// it must not carry a timeout (that would stop the browser with it), so a watchdog
// bounds it instead.
func startChromium(opts []chromedp.ExecAllocatorOption) (context.Context, context.CancelFunc, context.CancelFunc, error) {
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(tabCtx) }()
	var err error
	select {
	case err = <-started:
	case <-time.After(60 * time.Second):
		err = errors.New("no answer within 60 s")
	}
	if err != nil {
		cancelTab()
		cancelAlloc()
		return nil, nil, nil, err
	}
	return tabCtx, cancelTab, cancelAlloc, nil
}

// step runs one action with the step timeout and returns its value.
func browserRun[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, browserStepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %s (on %s): %v", what, b.location(), err)
	}
	return v
}

// browserEval evaluates JavaScript in the page and decodes its result into T.
// Promises are awaited.
func browserEval[T any](b *browser, js string) T {
	b.t.Helper()
	return browserRun(b, "evaluate "+browserShort(js), chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// location is the current URL, for error messages (never fails).
func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return loc
}

// path is the current URL's path and query, e.g. "/people?team=Voice+Team+1".
func (b *browser) path() string {
	b.t.Helper()
	u, err := url.Parse(browserRun(b, "read location", chromedp.Location()))
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// phone emulates a 375×812 phone (mobile viewport, touch).
func (b *browser) phone() {
	b.t.Helper()
	browserRun(b, "emulate phone", chromedp.EmulateViewport(browserPhoneWidth, browserPhoneHeight,
		chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)))
}

// desktop emulates a 1280×900 laptop screen.
func (b *browser) desktop() {
	b.t.Helper()
	browserRun(b, "emulate desktop", chromedp.EmulateViewport(1280, 900, chromedp.EmulateLandscape))
}

// open navigates to a path of the site and waits for the page to load.
func (b *browser) open(path string) {
	b.t.Helper()
	browserRun(b, "open "+path, chromedp.Navigate(b.site.url+path))
}

// waitVisible waits until the CSS selector matches a visible element.
func (b *browser) waitVisible(sel string) {
	b.t.Helper()
	browserRun(b, "wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// text is the visible text of the first element matching the CSS selector.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(browserRun(b, "read text of "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// attr is an attribute of the first element matching the selector ("" when absent).
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	js := fmt.Sprintf(`(function(){var e=document.querySelector(%s); if(!e) throw new Error("no element matches "+%[1]s); return e.getAttribute(%s) || "";})()`,
		browserJSString(sel), browserJSString(name))
	return browserEval[string](b, js)
}

// count is how many elements match the selector right now (no waiting).
func (b *browser) count(sel string) int {
	b.t.Helper()
	return browserEval[int](b, fmt.Sprintf(`document.querySelectorAll(%s).length`, browserJSString(sel)))
}

// click clicks the first visible element matching the selector, without waiting for a page.
func (b *browser) click(sel string) {
	b.t.Helper()
	browserRun(b, "click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// clickAndWait clicks something that loads a page (a link, a submit button) and waits for it.
func (b *browser) clickAndWait(sel string) {
	b.t.Helper()
	browserRun(b, "click "+sel+" and wait for the page", browserWaitLoad(chromedp.Click(chromedp.CSS(sel))))
}

// fill replaces the value of a field (<input> or <textarea>, empty or not), typing it as a
// person would. The old value is cleared through the element's value property with an
// input event: chromedp.Clear fails on an empty <textarea> ("does not have child #text
// node") and only resets the value attribute of an <input>, not what was typed into it.
func (b *browser) fill(sel, value string) {
	b.t.Helper()
	clear := fmt.Sprintf(`(function(){var e=document.querySelector(%s); if(!e) throw new Error("no element matches "+%[1]s);
		e.focus(); e.value=""; e.dispatchEvent(new Event("input",{bubbles:true}));})()`, browserJSString(sel))
	browserRun(b, "fill "+sel, chromedp.Steps(
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](clear),
		chromedp.SendKeys(chromedp.CSS(sel), value),
	))
}

// submitAndWait submits the form (or the form of the element) and waits for the next page.
func (b *browser) submitAndWait(sel string) {
	b.t.Helper()
	browserRun(b, "submit "+sel+" and wait for the page", browserWaitLoad(chromedp.Submit(chromedp.CSS(sel))))
}

// selectAndWait chooses value in a <select> the way a person does (a change event), for
// selects that submit their form on change, and waits for the next page.
func (b *browser) selectAndWait(sel, value string) {
	b.t.Helper()
	js := fmt.Sprintf(`(function(){var e=document.querySelector(%s); if(!e) throw new Error("no element matches "+%[1]s);
		e.value=%s; e.dispatchEvent(new Event("change",{bubbles:true}));})()`, browserJSString(sel), browserJSString(value))
	browserRun(b, "choose "+value+" in "+sel, browserWaitLoad(chromedp.Evaluate[chromedp.Void](js)))
}

// browserWaitLoad runs steps that start a navigation and waits until the new page loads.
func browserWaitLoad(steps ...chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.RunResponse(ctx, steps...)
		return err
	})
}

// signIn signs in through the sign-in form and fails unless it lands on a signed-in page.
func (b *browser) signIn(login, password string) {
	b.t.Helper()
	b.open("/login")
	b.fill(`input[name=login]`, login)
	b.fill(`input[name=password]`, password)
	b.clickAndWait(`[data-testid=sign-in]`)
	if p := b.path(); strings.HasPrefix(p, "/login") {
		msg := ""
		if b.count(`[data-testid=login-error]`) > 0 {
			msg = b.text(`[data-testid=login-error]`)
		}
		b.t.Fatalf("browser: sign-in as %s failed, still on %s: %s", login, p, msg)
	}
}

// signInAs signs in a demo person with the demo password.
func (b *browser) signInAs(employeeID string) {
	b.t.Helper()
	b.signIn(employeeID, store.DemoPassword)
}

// texts is the text content of every element matching the selector right now (no waiting),
// hidden ones included (a closed menu), whitespace collapsed.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	return browserEval[[]string](b, fmt.Sprintf(`Array.from(document.querySelectorAll(%s), function (e) { return e.textContent.replace(/\s+/g, " ").trim(); })`, browserJSString(sel)))
}

// signOut signs out with the button in the menu (opening the menu first, as on a phone).
func (b *browser) signOut() {
	b.t.Helper()
	if !browserEval[bool](b, `!!document.querySelector("details.menu[open]")`) {
		b.click(`[data-testid=menu]`)
	}
	b.clickAndWait(`[data-testid=sign-out]`)
}

// clearCookies forgets every cookie: the next request comes from a stranger.
func (b *browser) clearCookies() {
	b.t.Helper()
	browserRun(b, "clear cookies", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
}

// screenshot saves a PNG of the whole page in t.ArtifactDir() and logs its path.
// It never fails the test (it also runs after a failure).
func (b *browser) screenshot(name string) string {
	dir := b.t.ArtifactDir()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("browser: screenshot %s: %v", name, err)
		return ""
	}
	path := filepath.Join(dir, browserFileName(name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Logf("browser: screenshot %s: %v", name, err)
		return ""
	}
	b.t.Logf("browser: screenshot of %s saved to %s (go test -artifacts keeps it)", b.location(), path)
	return path
}

// axeSource is axe-core 4.14.1 (testdata/axe.min.js, vendored from npm; not served by Lodestar).
func browserAxeSource(t testing.TB) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "testdata", "axe.min.js"))
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	return string(src)
}

// browserAxeViolation is one failed axe rule with the elements that break it.
type browserAxeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axe runs axe-core on the current page and returns every violation.
// CDP evaluation is not subject to the page's CSP, so the script runs despite it.
func (b *browser) axe() []browserAxeViolation {
	b.t.Helper()
	if !browserEval[bool](b, `typeof window.axe === "object"`) {
		browserRun(b, "inject axe-core", chromedp.Evaluate[chromedp.Void](browserAxeSource(b.t)))
	}
	raw := browserEval[string](b, `axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
		return JSON.stringify(r.violations.map(function (v) {
			return {id: v.id, impact: v.impact || "", help: v.help,
				targets: v.nodes.map(function (n) { return n.target.join(" ") + "  " + (n.failureSummary || "").replace(/\s+/g, " "); })};
		}));
	})`)
	var out []browserAxeViolation
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		b.t.Fatalf("axe-core result: %v", err)
	}
	return out
}

// checkAccessible fails with a readable list when axe-core finds serious or critical
// violations on the current page; minor and moderate ones are logged.
func (b *browser) checkAccessible(page string) {
	b.t.Helper()
	var bad []string
	for _, v := range b.axe() {
		line := fmt.Sprintf("  %s [%s] %s\n      %s", v.ID, v.Impact, v.Help, strings.Join(v.Targets, "\n      "))
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, line)
		} else {
			b.t.Logf("axe (%s, not failing): %s", page, line)
		}
	}
	if len(bad) > 0 {
		b.t.Errorf("axe-core: %d serious/critical violations on %s (%s):\n%s", len(bad), page, b.location(), strings.Join(bad, "\n"))
	}
}

// checkNoSidewaysScroll opens path and fails when the page is wider than the viewport.
func (b *browser) checkNoSidewaysScroll(path string) {
	b.t.Helper()
	b.open(path)
	type widths struct {
		Scroll int    `json:"scroll"`
		Client int    `json:"client"`
		Widest string `json:"widest"`
	}
	w := browserEval[widths](b, `(function () {
		var d = document.documentElement, widest = "", max = d.clientWidth;
		document.querySelectorAll("body *").forEach(function (e) {
			var r = e.getBoundingClientRect();
			if (r.right > max + 0.5) { max = r.right; widest = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""); }
		});
		return {scroll: d.scrollWidth, client: d.clientWidth, widest: widest};
	})()`)
	if w.Scroll > w.Client {
		b.t.Errorf("%s scrolls sideways: scrollWidth %d > clientWidth %d (widest element: %s)", path, w.Scroll, w.Client, w.Widest)
	}
}

// checkHeaderFits fails when the header's items wrap onto a second row, or when the open
// menu panel reaches outside the screen (its sign-out button could not be tapped).
func (b *browser) checkHeaderFits() {
	b.t.Helper()
	rows := browserEval[int](b, `new Set(Array.from(document.querySelectorAll(".topbar-inner > *"))
		.filter(function (e) { return e.getClientRects().length > 0; })
		.map(function (e) { return Math.round(e.getBoundingClientRect().top / 20); })).size`)
	if rows != 1 {
		b.t.Errorf("%s: the header wraps onto %d rows", b.path(), rows)
	}
	if b.count(`details.menu`) == 0 {
		return
	}
	if !browserEval[bool](b, `!!document.querySelector("details.menu[open]")`) {
		b.click(`[data-testid=menu]`)
	}
	b.waitVisible(`.menu-panel`)
	type box struct{ Left, Right, Width float64 }
	got := browserEval[box](b, `(function () { var r = document.querySelector(".menu-panel").getBoundingClientRect();
		return {left: r.left, right: r.right, width: document.documentElement.clientWidth}; })()`)
	if got.Left < 0 || got.Right > got.Width {
		b.t.Errorf("%s: the open menu spans %.0f–%.0f px, outside the %.0f px screen", b.path(), got.Left, got.Right, got.Width)
	}
	b.click(`[data-testid=menu]`) // close it again
}

func browserJSString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func browserShort(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func browserFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, s)
}

// TestBrowserAgentSwitchesToChineseOnPhone: sign in as agent at phone width, switch to
// 简体中文 with the footer switch, see the home page in Chinese; the choice is kept on the
// profile, so it survives signing out, forgetting every cookie and signing in again.
func TestBrowserAgentSwitchesToChineseOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	b.signIn("agent", store.DemoPassword)
	if got := b.attr("html", "lang"); got != "en" {
		t.Fatalf("before the switch: html lang %q, want en", got)
	}
	if got := b.text(`[data-testid=home-greeting]`); !strings.Contains(got, "Welcome") {
		t.Fatalf("before the switch: greeting %q", got)
	}

	b.selectAndWait(`[data-testid=language-switch] select`, "zh")
	b.waitVisible(`[data-testid=home-greeting]`)
	if p := b.path(); p != "/" {
		t.Errorf("after the switch: on %s, want /", p)
	}
	if got := b.attr("html", "lang"); got != "zh-Hans" {
		t.Errorf("after the switch: html lang %q, want zh-Hans", got)
	}
	if got := b.text(`[data-testid=home-greeting]`); !strings.Contains(got, "欢迎") {
		t.Errorf("after the switch: greeting %q, want 欢迎…", got)
	}
	if got := strings.Join(b.texts(`.menu-panel nav a`), " "); !strings.Contains(got, "首页") || !strings.Contains(got, "人员") {
		t.Errorf("after the switch: menu %q, want 首页 and 人员", got)
	}
	if got := site.person("agent").Language; got != "zh" {
		t.Errorf("profile language %q, want zh", got)
	}

	// Sign out and forget the browser's cookies: only the profile can remember now.
	b.signOut()
	b.clearCookies()
	b.open("/login")
	if got := b.attr("html", "lang"); got != "en" {
		t.Fatalf("a stranger's sign-in page: html lang %q, want en", got)
	}
	b.signIn("agent", store.DemoPassword)
	if got := b.attr("html", "lang"); got != "zh-Hans" {
		t.Errorf("signed in again: html lang %q, want zh-Hans", got)
	}
	if got := b.text(`[data-testid=home-greeting]`); !strings.Contains(got, "欢迎") {
		t.Errorf("signed in again: greeting %q, want 欢迎…", got)
	}
}

// TestBrowserAccessibility: axe-core finds no serious or critical violations on the
// sign-in page and the home page (in both languages), the directory and a profile, at phone
// and laptop width.
func TestBrowserAccessibility(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	for _, width := range []string{"phone", "desktop"} {
		if width == "phone" {
			b.phone()
		} else {
			b.desktop()
		}
		b.open("/login")
		b.checkAccessible(width + " sign-in")
		b.signIn("agent", store.DemoPassword)
		b.checkAccessible(width + " home")
		b.selectAndWait(`[data-testid=language-switch] select`, "zh")
		b.checkAccessible(width + " home (zh)")
		b.selectAndWait(`[data-testid=language-switch] select`, "en")
		b.open("/people")
		b.checkAccessible(width + " people")
		b.open("/people/" + itoa(site.person("manager").ID))
		b.checkAccessible(width + " profile")
		b.signOut()
	}
}

// TestBrowserNoSidewaysScrollOnPhone: at 375 px the home page, the people directory,
// a profile and the admin's people pages fit the screen's width; the header fits one row and
// the open menu stays on the screen.
func TestBrowserNoSidewaysScrollOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	b.signInAs("manager")
	for _, lang := range []string{"en", "zh"} {
		b.open("/")
		b.selectAndWait(`[data-testid=language-switch] select`, lang)
		b.checkNoSidewaysScroll("/")
		b.checkHeaderFits()
		b.checkNoSidewaysScroll("/people")
		b.checkNoSidewaysScroll("/people/" + itoa(site.person("agent").ID))
		b.checkNoSidewaysScroll("/me")
	}
	if w := browserEval[int](b, `window.innerWidth`); w != browserPhoneWidth {
		t.Errorf("phone emulation: innerWidth %d, want %d", w, browserPhoneWidth)
	}
	// The administrator's tables and forms too.
	b.signOut()
	b.signInAs("admin")
	b.checkNoSidewaysScroll("/admin/people")
	b.checkNoSidewaysScroll("/admin/people/" + itoa(site.person("agent").ID))
	b.checkNoSidewaysScroll("/admin/audit")
}

// TestBrowserPhoneScreenshots saves phone-width screenshots of the main pages for a person
// to look at: LODESTAR_SCREENSHOTS=/tmp/shots go test -run BrowserPhoneScreenshots ./handlers/
// Without the variable it skips.
func TestBrowserPhoneScreenshots(t *testing.T) {
	dir := os.Getenv("LODESTAR_SCREENSHOTS")
	if dir == "" {
		t.Skip("set LODESTAR_SCREENSHOTS=DIR to save phone screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	save := func(name string) {
		t.Helper()
		shot := chromedp.FullScreenshot(100)
		if strings.Contains(name, "people") { // long lists: the first screenful is what matters
			shot = chromedp.CaptureScreenshot()
		}
		png := browserRun(b, "screenshot "+name, shot)
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.open("/login")
	save("01-sign-in")
	b.signIn("manager", store.DemoPassword)
	save("02-home-en")
	b.click(`[data-testid=menu]`)
	save("03-menu-open")
	b.open("/people")
	save("04-people")
	b.open("/people/" + itoa(site.person("agent").ID))
	save("05-profile")
	b.open("/")
	b.selectAndWait(`[data-testid=language-switch] select`, "zh")
	save("06-home-zh")
	b.open("/people")
	save("07-people-zh")
	b.open("/people/" + itoa(site.person("agent").ID))
	save("08-profile-zh")
	b.desktop()
	b.open("/people")
	save("09-people-desktop-zh")
	b.phone()
	b.selectAndWait(`[data-testid=language-switch] select`, "en")
	b.signOut()
	b.signInAs("admin")
	b.open("/admin/people")
	save("10-admin-people")
	b.open("/admin/people/" + itoa(site.person("agent").ID))
	save("11-admin-edit")
}
