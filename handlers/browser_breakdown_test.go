package handlers_test

import (
	"strings"
	"testing"
)

// browserStackLabels returns the texts of the stacked cells' labels (the ::before content a
// phone shows above each value) of the table matching sel, and how many cells show none.
func browserStackLabels(b *browser, sel string) (labels []string, missing int) {
	b.t.Helper()
	type out struct {
		Labels  []string
		Missing int
	}
	o := browserEval[out](b, `(() => {
		const o = {Labels: [], Missing: 0};
		document.querySelectorAll(`+browserJSString(sel+" tbody td")+`).forEach(td => {
			const c = getComputedStyle(td, '::before').content;
			if (!c || c === 'none' || c === '""') { o.Missing++; } else { o.Labels.push(c.replace(/^"|"$/g, '')); }
		});
		return o;
	})()`)
	return o.Labels, o.Missing
}

// TestBrowserTrainingAndCultureDrillDownAt375: on a 375 px phone, in English and Chinese, the
// leader's training matrix and culture read report fit the width, show the departments with
// their labels, and tapping a department shows its teams, tapping a team its people.
func TestBrowserTrainingAndCultureDrillDownAt375(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	b.signInAs("leader")
	for _, lang := range []string{"en", "zh"} {
		b.open("/")
		b.selectAndWait(`[data-testid=language-switch] select`, lang)

		b.checkNoSidewaysScroll("/training/team")
		b.waitVisible(`[data-testid=unit-departments]`)
		if labels, missing := browserStackLabels(b, `[data-testid=unit-departments]`); missing > 0 || len(labels) == 0 {
			t.Errorf("%s training departments: %d cells without a label (%v)", lang, missing, labels)
		}
		b.clickAndWait(`[data-testid=unit-department-row] [data-testid=drill]`)
		b.waitVisible(`[data-testid=unit-teams]`)
		b.checkNoSidewaysScroll(b.path())
		team := b.attr(`[data-testid=unit-team-row]`, "data-key")
		b.clickAndWait(`[data-testid=unit-team-row] [data-testid=drill]`)
		b.waitVisible(`[data-testid=team-chosen]`)
		if !strings.Contains(b.location(), "team=") || b.count(`[data-testid=matrix] tbody tr`) == 0 {
			t.Errorf("%s: tapping %s shows no people (%s)", lang, team, b.location())
		}
		b.checkNoSidewaysScroll(b.path())

		b.checkNoSidewaysScroll("/culture/acknowledgements")
		b.waitVisible(`[data-testid=unit-departments]`)
		if labels, missing := browserStackLabels(b, `[data-testid=unit-departments]`); missing > 0 || len(labels) == 0 {
			t.Errorf("%s culture departments: %d cells without a label (%v)", lang, missing, labels)
		}
		b.clickAndWait(`[data-testid=unit-department-row] [data-testid=drill]`)
		b.waitVisible(`[data-testid=unit-teams]`)
		b.checkNoSidewaysScroll(b.path())
	}
}
