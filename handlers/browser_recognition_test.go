package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"lodestar/store"
)

// The agent recognises a teammate with a badge on her phone → it appears on the board and
// on the teammate's profile, and the teammate sees a notification.
func TestBrowserRecognitionFlow(t *testing.T) {
	site := newBrowserSite(t)
	teammate := site.person("newhire")
	const message = "Sam stayed calm with a furious caller and fixed the refund on the first call."

	b := site.browser(t)
	b.phone()
	b.signInAs("agent")
	b.checkHeaderFits()
	// One click from any page.
	b.clickAndWait(`[data-testid=give-recognition]`)
	if b.path() != "/recognition/give" {
		t.Fatalf("the header link led to %s", b.path())
	}
	if got := b.text(`[data-testid=allowance]`); !strings.Contains(got, "peer recognitions left this month") {
		t.Errorf("allowance line: %q", got)
	}
	b.checkAccessible("give recognition")
	b.checkNoSidewaysScroll("/recognition/give")

	// The person picker offers her own team before any search (anyone else is found by typing,
	// see TestBrowserPersonPickerByPinyin).
	if b.count(`[data-testid=picker-others] input[value="newhire"]`) != 1 {
		t.Error("the teammate is not offered under 'Your team'")
	}
	b.click(`[data-testid=picker-list] input[value="newhire"]`)
	b.checkAccessible("give recognition, chosen")
	if w := browserEval[int](b, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("the picker makes the page %d px wide", w)
	}

	// A message that is too short comes back with the error and what was typed.
	badge := browserEval[string](b, `(function () {
		var l = Array.from(document.querySelectorAll('[data-testid=badge-choice]')).find(function (l) { return l.textContent.trim().indexOf('Customer Champion') === 0; });
		var o = l.querySelector('input'); o.checked = true; return o.value; })()`)
	if badge == "" {
		t.Fatal("no Customer Champion badge to choose")
	}
	browserRun(b, "type a short message", chromedp.SendKeys(chromedp.CSS(`#f-message`), "Thanks Sam!"))
	b.submitAndWait(`[data-testid=give-form]`)
	b.waitVisible(`[data-testid=error-message]`)
	if got := browserEval[string](b, `document.querySelector('#f-message').value`); got != "Thanks Sam!" {
		t.Errorf("the message typed was lost: %q", got)
	}
	if got := browserEval[bool](b, `document.querySelector('[data-testid=picker-list] input[value="newhire"]').checked`); !got {
		t.Error("the chosen teammate was lost")
	}
	browserEval[bool](b, `(function () { document.querySelector('#f-message').value = ''; return true; })()`)
	browserRun(b, "type the message", chromedp.SendKeys(chromedp.CSS(`#f-message`), message))
	b.submitAndWait(`[data-testid=give-form]`)
	if !strings.HasPrefix(b.path(), "/recognition/") || b.count(`[data-testid=recognition-card]`) != 1 {
		t.Fatalf("after giving: %s", b.path())
	}

	// On the board, first.
	b.open("/recognition")
	first := `[data-testid=board] [data-testid=recognition-card]:first-child`
	if got := b.text(first + ` [data-testid=recognition-message]`); got != message {
		t.Errorf("newest card says %q", got)
	}
	if got := b.text(first + ` [data-testid=badge-chip]`); !strings.Contains(got, "Customer Champion") {
		t.Errorf("newest card's badge: %q", got)
	}
	if got := b.text(first + ` [data-testid=recognition-recipient]`); got != teammate.Name {
		t.Errorf("newest card's recipient: %q", got)
	}
	b.checkAccessible("praise board")
	// At 375 px the card's two buttons share a row, and the "this month" strip scrolls sideways in
	// its own box instead of pushing the board more than a screen down.
	if top := browserEval[[]float64](b, `[document.querySelector('`+first+` [data-testid=react]').getBoundingClientRect().top,
		document.querySelector('`+first+` [data-testid=comments-link]').getBoundingClientRect().top]`); top[0] != top[1] {
		t.Errorf("applaud and comments on different rows: %v", top)
	}
	if h := browserEval[float64](b, `document.querySelector('[data-testid=month-strip]').getBoundingClientRect().height`); h > 450 {
		t.Errorf("the 'this month' strip is %.0f px tall on a phone", h)
	}
	b.checkNoSidewaysScroll("/recognition")

	// On the teammate's profile.
	b.open(fmt.Sprintf("/people/%d", teammate.ID))
	if got := b.text(`[data-testid=badge-shelf]`); !strings.Contains(got, "Customer Champion") {
		t.Errorf("teammate's badge shelf: %q", got)
	}
	if top := browserEval[[]float64](b, `Array.from(document.querySelectorAll('[data-testid=recognition-profile] .rec-stats .stat'),
		function (e) { return e.getBoundingClientRect().top; })`); len(top) != 2 || top[0] != top[1] {
		t.Errorf("the profile's two counts are not side by side on a phone: %v", top)
	}

	// The teammate sees the notification.
	n := site.browser(t)
	n.phone()
	n.signInAs("newhire")
	if got := n.text(`[data-testid=unread-count]`); got == "" || got == "0" {
		t.Errorf("unread count %q", got)
	}
	n.clickAndWait(`[data-testid=notifications-link]`)
	if got := n.text(`[data-testid=notifications] li:first-child`); !strings.Contains(got, "recognised you on the praise board") {
		t.Errorf("newest notification: %q", got)
	}
	// Reading the page clears the count (app.js posts the read mark; GET writes nothing).
	browserRun(n, "the page marks its notifications read", chromedp.WaitNotPresent(`[data-testid=mark-read]`))
	n.clickAndWait(`[data-testid=notifications] li:first-child a`)
	if got := n.text(`[data-testid=recognition-message]`); got != message {
		t.Errorf("the notification led to %q", got)
	}
	if got := n.count(`[data-testid=unread-count]`); got != 0 {
		t.Errorf("the unread count is still shown after reading the notifications page")
	}
	n.checkAccessible("recognition page")

	// Without JavaScript the Search button asks the server, which keeps what was ticked and typed.
	browserRun(b, "switch JavaScript off", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	b.open("/recognition/give")
	b.click(`[data-testid=picker-list] input[value="newhire"]`)
	browserRun(b, "type a message", chromedp.SendKeys(chromedp.CSS(`#f-message`), "Still typing this"))
	target := pinyinTarget(t, site)
	py := store.PinyinKeys(target.Name)[0]
	recognitionSearch(b, py)
	b.clickAndWait(`[data-testid=picker-search-submit]`)
	if p := b.path(); !strings.HasPrefix(p, "/recognition/give?") || !strings.Contains(p, "q="+py) {
		t.Fatalf("the search without JavaScript went to %s", p)
	}
	if b.count(`[data-testid=picker-others] input[value="`+target.EmployeeID+`"]`) != 1 {
		t.Errorf("server search for %q does not offer %s", py, target.Name)
	}
	if !browserEval[bool](b, `document.querySelector('[data-testid=picker-list] input[value="newhire"]').checked`) ||
		browserEval[string](b, `document.querySelector('#f-message').value`) != "Still typing this" {
		t.Error("the server search lost what was ticked or typed")
	}
	b.checkNoSidewaysScroll(b.path())
}

// pinyinTarget is an active demo colleague with a Chinese name outside the agent's team: someone
// the agent can only find by searching.
func pinyinTarget(t *testing.T, site *browserSite) store.PersonHit {
	t.Helper()
	agent := site.person("agent")
	for _, q := range []string{"wang", "zhang", "chen", "liu", "huang"} {
		hits, err := site.store.SearchPeople(context.Background(), q, 50, agent.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range hits {
			if h.Team != agent.Team && len(store.PinyinKeys(h.Name)) > 0 && !strings.ContainsAny(h.Name, " ") {
				return h
			}
		}
	}
	t.Fatal("no Chinese-named colleague outside the agent's team in the demo")
	return store.PersonHit{}
}

// The agent finds a colleague outside her team by typing the pinyin of the name into the
// picker, chooses them with the keyboard (arrow down, Enter), and recognises them.
func TestBrowserPersonPickerByPinyin(t *testing.T) {
	site := newBrowserSite(t)
	target := pinyinTarget(t, site)
	b := site.browser(t)
	b.phone()
	b.signInAs("agent")
	b.open("/recognition/give")
	if b.count(`[data-testid=picker-list] input[value="`+target.EmployeeID+`"]`) != 0 {
		t.Fatalf("%s is listed before any search", target.Name)
	}
	if browserEval[bool](b, `!document.querySelector('[data-testid=picker-search-submit]').hidden`) {
		t.Error("the Search button shows although results come as one types")
	}
	py := store.PinyinKeys(target.Name)[0]
	recognitionSearch(b, py)
	option := `[data-testid=picker-options] [data-value="` + target.EmployeeID + `"]`
	b.waitVisible(option)
	if got := b.attr(`#to-q`, "aria-expanded"); got != "true" {
		t.Errorf("aria-expanded %q with options shown", got)
	}
	if got := b.text(`[data-testid=picker-status]`); !strings.Contains(got, "match") || !strings.Contains(got, py) {
		t.Errorf("status while searching: %q", got)
	}
	idx := browserEval[int](b, `Array.from(document.querySelectorAll('[data-testid=picker-options] [role=option]')).findIndex(function (o) { return o.dataset.value === `+browserJSString(target.EmployeeID)+`; })`)
	for range idx + 1 {
		browserRun(b, "arrow down", chromedp.KeyEvent(kb.ArrowDown))
	}
	if got, want := b.attr(`#to-q`, "aria-activedescendant"), b.attr(option, "id"); got != want || got == "" {
		t.Errorf("active option %q, want %q", got, want)
	}
	b.checkAccessible("give recognition, picker open")
	browserRun(b, "choose with Enter", chromedp.KeyEvent(kb.Enter))
	if b.path() != "/recognition/give" {
		t.Fatalf("Enter in the picker sent the form: %s", b.path())
	}
	chosen := `[data-testid=picker-chosen] input[value="` + target.EmployeeID + `"]`
	if b.count(chosen) != 1 || !browserEval[bool](b, `document.querySelector('`+chosen+`').checked`) {
		t.Fatalf("%s not chosen", target.Name)
	}
	if got := b.text(`[data-testid=picker-status]`); !strings.Contains(got, target.Name) {
		t.Errorf("status after choosing: %q", got)
	}
	if w := browserEval[int](b, `document.documentElement.scrollWidth`); w > 375 {
		t.Errorf("the picker makes the page %d px wide", w)
	}
	b.checkAccessible("give recognition, picked by pinyin")
	browserEval[bool](b, `(function () {
		var l = Array.from(document.querySelectorAll('[data-testid=badge-choice]')).find(function (l) { return l.textContent.trim().indexOf('Customer Champion') === 0; });
		l.querySelector('input').checked = true; return true; })()`)
	browserRun(b, "type the message", chromedp.SendKeys(chromedp.CSS(`#f-message`), "Thank you for sorting out the refund so quickly for my customer today."))
	b.submitAndWait(`[data-testid=give-form]`)
	if got := b.text(`[data-testid=recognition-card] [data-testid=recognition-recipient]`); got != target.Name {
		t.Fatalf("recognised %q, want %s (page %s)", got, target.Name, b.path())
	}
}

// recognitionSearch empties the picker's search box and types q into it, key by key.
func recognitionSearch(b *browser, q string) {
	b.t.Helper()
	browserEval[bool](b, `(function () { var e = document.querySelector('#to-q'); e.value = '';
		e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	browserRun(b, "search "+q, chromedp.SendKeys(chromedp.CSS(`#to-q`), q))
}

// A manager's give form shows the customer's words only for customer praise and the QA
// score only for a QA commendation (the script hides the rest; without it all show).
func TestBrowserRecognitionManagerFieldsFollowTheSource(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	b.signInAs("manager")
	b.open("/recognition/give")
	visible := func() [2]bool {
		return browserEval[[2]bool](b, `[!document.querySelector('[data-for-source=customer]').hidden,
			!document.querySelector('[data-for-source=qa]').hidden]`)
	}
	choose := func(source string) {
		browserEval[bool](b, `(function () { var s = document.querySelector('select[name=source]'); s.value = '`+source+`';
			s.dispatchEvent(new Event('change')); return true; })()`)
	}
	for _, tc := range []struct {
		source string
		want   [2]bool
	}{{"manager", [2]bool{false, false}}, {"customer", [2]bool{true, false}}, {"qa", [2]bool{false, true}}} {
		choose(tc.source)
		if got := visible(); got != tc.want {
			t.Errorf("source %s: customer, QA fields shown = %v, want %v", tc.source, got, tc.want)
		}
	}
	b.checkNoSidewaysScroll("/recognition/give")
}
