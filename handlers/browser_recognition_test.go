package handlers_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
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

	// The colleague picker: her own team first; a search narrows the list as she types.
	if got := b.text(`[data-testid=colleague-list] > fieldset:first-child legend`); !strings.HasPrefix(got, "My team") {
		t.Errorf("first group of colleagues: %q", got)
	}
	if b.count(`[data-testid=colleague-group][data-mine] input[value="newhire"]`) != 1 {
		t.Error("the teammate is not in the 'My team' group")
	}
	all := b.count(`[data-testid=colleague-list] li`)
	shown := func() []string {
		return browserEval[[]string](b, `Array.from(document.querySelectorAll('[data-testid=colleague-list] li:not([hidden])'),
			function (li) { return li.getAttribute('data-search'); })`)
	}
	recognitionSearch(b, "sam t")
	if got := shown(); len(got) == 0 || len(got) >= all || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "newhire") }) {
		t.Errorf("searching %q shows %d of %d: %v", "sam t", len(got), all, got)
	}
	if got := b.text(`[data-testid=picker-status]`); !strings.Contains(got, "match “sam t”") {
		t.Errorf("picker status: %q", got)
	}
	b.click(`[data-testid=colleague-list] input[value="newhire"]`)
	if got := b.text(`[data-testid=chosen]`); got != "Chosen: "+teammate.Name {
		t.Errorf("chosen line: %q", got)
	}
	// Another search (by team) keeps the teammate she ticked in view.
	recognitionSearch(b, "chat team 3")
	got := shown()
	for _, s := range got {
		if !strings.Contains(s, "chat team 3") && !strings.Contains(s, "newhire") {
			t.Errorf("searching a team shows %q", s)
		}
	}
	if len(got) < 2 || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "newhire") }) {
		t.Errorf("searching a team: %v", got)
	}
	b.checkAccessible("give recognition, searching")
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
	if got := browserEval[bool](b, `document.querySelector('#colleague-list input[value="newhire"]').checked`); !got {
		t.Error("the chosen teammate was lost")
	}
	if got := browserEval[string](b, `document.querySelector('#f-q').value`); got != "chat team 3" {
		t.Errorf("the search was lost: %q", got)
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
	n.clickAndWait(`[data-testid=notifications] li:first-child a`)
	if got := n.text(`[data-testid=recognition-message]`); got != message {
		t.Errorf("the notification led to %q", got)
	}
	n.checkAccessible("recognition page")

	// Without JavaScript the Search button asks the server, which keeps what was ticked and typed.
	browserRun(b, "switch JavaScript off", chromedp.Func(func(ctx context.Context, target *chromedp.Target) error {
		_, err := cdp.Call(ctx, target, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	b.open("/recognition/give")
	b.click(`[data-testid=colleague-list] input[value="newhire"]`)
	browserRun(b, "type a message", chromedp.SendKeys(chromedp.CSS(`#f-message`), "Still typing this"))
	recognitionSearch(b, "chat team 3")
	b.clickAndWait(`[data-testid=colleague-search-submit]`)
	if p := b.path(); !strings.HasPrefix(p, "/recognition/give?") || !strings.Contains(p, "q=chat+team+3") {
		t.Fatalf("the search without JavaScript went to %s", p)
	}
	got = shown()
	if len(got) < 2 || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "newhire") }) {
		t.Errorf("server search: %v", got)
	}
	for _, s := range got {
		if !strings.Contains(s, "chat team 3") && !strings.Contains(s, "newhire") {
			t.Errorf("server search for a team shows %q", s)
		}
	}
	if !browserEval[bool](b, `document.querySelector('#colleague-list input[value="newhire"]').checked`) ||
		browserEval[string](b, `document.querySelector('#f-message').value`) != "Still typing this" {
		t.Error("the server search lost what was ticked or typed")
	}
	b.checkNoSidewaysScroll(b.path())
}

// recognitionSearch empties the picker's search box and types q into it, key by key.
func recognitionSearch(b *browser, q string) {
	b.t.Helper()
	browserEval[bool](b, `(function () { var e = document.querySelector('#f-q'); e.value = '';
		e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	browserRun(b, "search "+q, chromedp.SendKeys(chromedp.CSS(`#f-q`), q))
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
