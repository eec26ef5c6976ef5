package handlers_test

import (
	"context"
	"regexp"
	"slices"
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
		b.clickAndWait(`[data-testid=sort-phone] [data-testid=phone-sort-name]`)
		b.waitVisible(`[data-testid=unit-teams]`)
		if !strings.Contains(b.path(), "sort=name") || !strings.Contains(b.path(), "department=") {
			t.Errorf("%s: tapping the name order went to %s", lang, b.path())
		}
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

// TestBrowserCheckReportAt375InChinese walks the 80% report on a 375 px phone in Simplified
// and Traditional Chinese: nothing scrolls sideways; every stacked cell carries its label in
// the reader's language; the orders the hidden headings hold are links above the rows; tapping
// a department shows its teams and tapping an order sorts them.
func TestBrowserCheckReportAt375InChinese(t *testing.T) {
	site := newBrowserSite(t)
	c, err := site.store.CurrentCheck(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	report := "/checks/" + itoa(c.ID) + "/report"
	b := site.browser(t)
	b.phone()
	b.signInAs("leader")
	han := regexp.MustCompile(`\p{Han}`)
	for _, lang := range []string{"zh", "zh-Hant"} {
		b.open("/")
		b.selectAndWait(`[data-testid=language-switch] select`, lang)
		b.checkNoSidewaysScroll(report)
		b.waitVisible(`[data-testid=by-department]`)
		labels, missing := browserStackLabels(b, `[data-testid=by-department]`)
		if missing > 0 || len(labels) == 0 {
			t.Errorf("%s: %d department cells without a label", lang, missing)
		}
		for _, l := range labels {
			if !han.MatchString(l) {
				t.Errorf("%s: label %q is not in Chinese", lang, l)
			}
		}
		if browserEval[bool](b, `getComputedStyle(document.querySelector('[data-testid=by-department] thead')).display !== 'none'`) {
			t.Errorf("%s: the table's headings show on a phone", lang)
		}
		b.waitVisible(`[data-testid=sort-phone] [data-testid=phone-sort-name]`)

		dept := b.attr(`[data-testid=by-department-row]`, "data-key")
		b.clickAndWait(`[data-testid=by-department-row] [data-testid=drill]`)
		b.waitVisible(`[data-testid=by-team]`)
		if !strings.Contains(b.path(), "dept=") {
			t.Errorf("%s: tapping %s went to %s", lang, dept, b.path())
		}
		b.checkNoSidewaysScroll(b.path())
		teams, missing := browserStackLabels(b, `[data-testid=by-team]`)
		if missing > 0 || len(teams) == 0 {
			t.Errorf("%s: %d team cells without a label", lang, missing)
		}
		b.clickAndWait(`[data-testid=sort-phone] [data-testid=phone-sort-name]`)
		b.waitVisible(`[data-testid=by-team]`)
		if !strings.Contains(b.path(), "sort=name") {
			t.Errorf("%s: tapping the name order went to %s", lang, b.path())
		}
		keys := browserEval[[]string](b, `[...document.querySelectorAll('[data-testid=by-team-row]')].map(r => r.dataset.key)`)
		if len(keys) == 0 || !slices.IsSorted(keys) {
			t.Errorf("%s: teams by name: %v", lang, keys)
		}
		b.checkNoSidewaysScroll(b.path())
	}
}
