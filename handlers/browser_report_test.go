package handlers_test

import (
	"context"
	"strings"
	"testing"

	"lodestar/store"
)

// TestBrowserTrendChartLabelsAt375: on a 375 px phone the trend chart names each closed
// check under its point, every label whole inside the chart and clear of its neighbours, and
// the figures table's caption reads on one line instead of one letter a line.
func TestBrowserTrendChartLabelsAt375(t *testing.T) {
	site := newBrowserSite(t)
	checks, err := site.store.ListChecks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for i := len(checks) - 1; i >= 0; i-- {
		if checks[i].Status == store.CheckClosed {
			titles = append(titles, checks[i].Title)
		}
	}
	if len(titles) < 2 {
		t.Fatalf("the demo has %d closed checks", len(titles))
	}
	b := site.browser(t)
	b.phone()
	b.signInAs("leader")
	b.open("/checks")
	b.waitVisible(`[data-testid=trend-chart]`)
	type box struct {
		Text              string
		Left, Right, Top  float64
		SvgLeft, SvgRight float64
	}
	labels := browserEval[[]box](b, `(() => {
		const svg = document.querySelector('[data-testid=trend-chart]').getBoundingClientRect();
		return [...document.querySelectorAll('[data-testid=trend-label]')].map(el => {
			const r = el.getBoundingClientRect();
			return {Text: el.textContent.replace(el.querySelector('title').textContent, ''), Left: r.left, Right: r.right, Top: r.top,
				SvgLeft: svg.left, SvgRight: svg.right};
		});
	})()`)
	if len(labels) != len(titles) {
		t.Fatalf("%d axis labels for %d closed checks", len(labels), len(titles))
	}
	for i, l := range labels {
		if l.Text == "" || !strings.HasPrefix(titles[i], strings.TrimSuffix(l.Text, "…")) {
			t.Errorf("label %d = %q, want (the start of) %q", i, l.Text, titles[i])
		}
		if l.Left < l.SvgLeft-0.5 || l.Right > l.SvgRight+0.5 || l.Right-l.Left < 10 {
			t.Errorf("label %q at [%.1f, %.1f] is cut by the chart [%.1f, %.1f]", l.Text, l.Left, l.Right, l.SvgLeft, l.SvgRight)
		}
		if i > 0 && l.Left < labels[i-1].Right {
			t.Errorf("label %q overlaps %q", l.Text, labels[i-1].Text)
		}
	}
	if w := browserEval[float64](b, `document.querySelector('[data-testid=trend-table] caption').getBoundingClientRect().width`); w < 150 {
		t.Errorf("the figures caption is %.0f px wide: it wraps letter by letter", w)
	}
}
