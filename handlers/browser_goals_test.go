package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The agent sees how her goals serve the strategy, records a check-in on her phone (a bad
// value first: the form comes back with what she typed), and her manager approves the new
// hire's proposed goal.
func TestBrowserGoalsFlow(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	b.signInAs("agent")

	b.open("/goals")
	b.waitVisible(`[data-testid=my-goals]`)
	// The demo's priorities come from the culture hub (or the goals demo when it has none).
	if got := strings.Fields(b.text(`[data-testid=my-goals] [data-testid=goal-priority]`)); len(got) < 2 {
		t.Errorf("no strategic priority named above the agent's goal: %q", got)
	}
	if n := b.count(`[data-testid=my-goals] .goal-card:first-child [data-testid=goal-chain] a`); n != 3 {
		t.Errorf("chain above the first goal has %d goals, want company, department and team", n)
	}
	b.checkAccessible("my goals")
	b.checkNoSidewaysScroll("/goals")
	b.checkNoSidewaysScroll("/goals/tree")
	// Fully expanded, the deepest personal goals still fit the phone's width.
	if w := browserEval[[]int](b, `(function () {
		document.querySelectorAll("details").forEach(function (d) { d.open = true; });
		return [document.documentElement.scrollWidth, document.documentElement.clientWidth];
	})()`); w[0] > w[1] {
		t.Errorf("the fully expanded goal tree is %d px wide on a %d px screen", w[0], w[1])
	}
	b.checkAccessible("goal tree")

	b.open("/goals")
	b.clickAndWait(`[data-testid=my-goals] .goal-card:first-child [data-testid=goal] .goal-title`)
	b.waitVisible(`[data-testid=goal-chart]`)
	before := b.count(`[data-testid=goal-checkins] tbody tr`)
	b.fill(`#f-value`, "about ninety")
	// b.fill cannot clear an empty <textarea> (chromedp.Clear wants a text node): type into it.
	browserRun(b, "type a comment", chromedp.SendKeys(chromedp.CSS(`#f-comment`), "Great week on the phones"))
	b.submitAndWait(`[data-testid=checkin-form]`)
	b.waitVisible(`[data-testid=error-value]`)
	if v := b.attr(`#f-value`, "value"); v != "about ninety" {
		t.Errorf("the value typed was lost: %q", v)
	}
	b.fill(`#f-value`, "90")
	b.submitAndWait(`[data-testid=checkin-form]`)
	if n := b.count(`[data-testid=goal-checkins] tbody tr`); n != before+1 {
		t.Fatalf("%d check-ins after saving one, want %d", n, before+1)
	}
	if got := b.text(`[data-testid=goal-checkins] tbody tr:first-child`); !strings.Contains(got, "Great week on the phones") || !strings.Contains(got, "90%") {
		t.Errorf("newest check-in row: %q", got)
	}
	b.checkAccessible("goal page")
	b.checkNoSidewaysScroll(b.path())

	m := site.browser(t)
	m.phone()
	m.signInAs("manager")
	m.open("/goals/team")
	m.waitVisible(`[data-testid=goal-proposals]`)
	m.checkAccessible("team goals")
	m.checkNoSidewaysScroll("/goals/team")
	m.open("/goals/team")
	m.clickAndWait(`[data-testid=goal-proposals] button`)
	m.waitVisible(`[data-testid=goal-status]`)
	if m.count(`[data-testid=goal-approve]`) != 0 {
		t.Error("the goal still offers approval after it was approved")
	}
}
