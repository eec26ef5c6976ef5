package handlers_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lodestar/store"
)

// A leader types a colleague's pinyin into the goal form's owner picker, clicks the match, and
// the owner select switches to "Person: choose below"; the goal saved is that person's.
func TestBrowserGoalOwnerPickerByPinyin(t *testing.T) {
	site := newBrowserSite(t)
	target := pinyinTarget(t, site)
	b := site.browser(t)
	b.phone()
	b.signInAs("leader")
	b.open("/goals/new")
	browserRun(b, "type the pinyin", chromedp.SendKeys(chromedp.CSS(`#owner_person-q`), store.PinyinKeys(target.Name)[0]))
	option := `#picker-owner_person [data-testid=picker-options] [data-value="` + target.EmployeeID + `"]`
	b.waitVisible(option)
	browserRun(b, "choose", chromedp.Click(chromedp.CSS(option)))
	if got := browserEval[string](b, `document.querySelector('select[name=owner]').value`); got != "person" {
		t.Fatalf("owner select %q after choosing a person, want person", got)
	}
	browserEval[bool](b, `(function () {
		var set = function (n, v) { document.querySelector('[name=' + n + ']').value = v; };
		set('title', 'Learn the new dialler'); set('kpi', 'Calls'); set('baseline', '1'); set('target', '5');
		return true; })()`)
	b.submitAndWait(`[data-testid=goal-form]`)
	if got := b.text(`main`); !strings.Contains(got, "Learn the new dialler") || !strings.Contains(got, target.Name) {
		t.Fatalf("goal page (%s) does not show the goal owned by %s", b.path(), target.Name)
	}
}
