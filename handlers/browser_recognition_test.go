package handlers_test

import (
	"fmt"
	"strings"
	"testing"

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

	// A message that is too short comes back with the error and what was typed.
	browserEval[bool](b, `(function () { document.querySelector('#f-to option[value="newhire"]').selected = true; return true; })()`)
	badge := browserEval[string](b, `(function () {
		var o = Array.from(document.querySelectorAll('#f-badge option')).find(function (o) { return o.textContent.indexOf('Customer Champion') === 0; });
		document.querySelector('#f-badge').value = o.value; return o.value; })()`)
	if badge == "" {
		t.Fatal("no Customer Champion badge to choose")
	}
	browserRun(b, "type a short message", chromedp.SendKeys(chromedp.CSS(`#f-message`), "Thanks Sam!"))
	b.submitAndWait(`[data-testid=give-form]`)
	b.waitVisible(`[data-testid=error-message]`)
	if got := browserEval[string](b, `document.querySelector('#f-message').value`); got != "Thanks Sam!" {
		t.Errorf("the message typed was lost: %q", got)
	}
	if got := browserEval[bool](b, `document.querySelector('#f-to option[value="newhire"]').selected`); !got {
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
	b.checkNoSidewaysScroll("/recognition")

	// On the teammate's profile.
	b.open(fmt.Sprintf("/people/%d", teammate.ID))
	if got := b.text(`[data-testid=badge-shelf]`); !strings.Contains(got, "Customer Champion") {
		t.Errorf("teammate's badge shelf: %q", got)
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
}
