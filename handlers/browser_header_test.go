package handlers_test

import "testing"

// TestBrowserDesktopHeaderOneRow: at 1280 px the administrator (who has the most navigation
// items) sees every header item — brand, each navigation link, give, inbox, bell, menu — on
// one row, in English and in Chinese. Each item's vertical centre is compared, so a nav link
// wrapping inside .mainnav counts as a second row too.
func TestBrowserDesktopHeaderOneRow(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.desktop()
	b.signInAs("admin")
	for _, lang := range []string{"en", "zh"} {
		b.open("/")
		b.selectAndWait(`[data-testid=language-switch] select`, lang)
		type row struct {
			Rows  int
			Items int
			Right float64
			Width float64
		}
		got := browserEval[row](b, `(function () {
			var items = Array.from(document.querySelectorAll(".topbar-inner > *:not(.mainnav), .mainnav > a"))
				.filter(function (e) { return e.getClientRects().length > 0; });
			var rows = new Set(items.map(function (e) { var r = e.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 2 / 8); }));
			var right = Math.max.apply(null, items.map(function (e) { return e.getBoundingClientRect().right; }));
			return {rows: rows.size, items: items.length, right: right, width: document.documentElement.clientWidth};
		})()`)
		if got.Items < 8 {
			t.Errorf("%s: only %d header items visible at 1280 px (is the navigation shown?)", lang, got.Items)
		}
		if got.Rows != 1 || got.Right > got.Width {
			t.Errorf("%s: the header's %d items take %d rows and reach %.0f px of %.0f at 1280 px", lang, got.Items, got.Rows, got.Right, got.Width)
		}
	}
}
