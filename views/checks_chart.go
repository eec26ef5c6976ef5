package views

import (
	"context"
	"fmt"
	"strings"

	"lodestar/store"
)

// The trend chart's geometry: an SVG of 320×170 user units, plotting area inside margins.
const (
	chartW, chartH                 = 320.0, 170.0
	chartLeft, chartRight          = 34.0, 10.0
	chartTop, chartBottom          = 10.0, 30.0
	chartPlotW, chartPlotH float64 = chartW - chartLeft - chartRight, chartH - chartTop - chartBottom
)

type trendSeries struct {
	Key    string // tier code or "overall"
	Class  string
	Points string // SVG polyline points
	Dots   []trendDot
}

type trendDot struct{ X, Y string }

func chartX(i, n int) float64 {
	if n <= 1 {
		return chartLeft + chartPlotW/2
	}
	return chartLeft + chartPlotW*float64(i)/float64(n-1)
}

func chartY(share float64) float64 { return chartTop + chartPlotH*(1-clampShare(share)) }

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }

// trendSeriesOf builds one line per tier plus the overall line.
func trendSeriesOf(points []store.TrendPoint) []trendSeries {
	var out []trendSeries
	keys := append([]string{"overall"}, store.ReportTiers...)
	for _, k := range keys {
		s := trendSeries{Key: k, Class: "checks-line-" + strings.ReplaceAll(k, "_", "-")}
		var pts []string
		for i, p := range points {
			c := p.Overall
			if k != "overall" {
				c = p.ByTier[k]
			}
			if c.Eligible == 0 {
				continue
			}
			x, y := f1(chartX(i, len(points))), f1(chartY(c.Rate()))
			pts = append(pts, x+","+y)
			s.Dots = append(s.Dots, trendDot{X: x, Y: y})
		}
		s.Points = strings.Join(pts, " ")
		out = append(out, s)
	}
	return out
}

// trendAxisLabel is one check's label under the x-axis: its title, cut to the room between
// two labels (the figures table below names each check in full), anchored inside the plot
// at both ends so that no label runs off a 375 px screen.
type trendAxisLabel struct {
	X, Anchor, Text, Full string
}

// chartCharW is the width of one axis character in user units (9px font, CJK ≈ 9).
const chartCharW = 5.4

func trendAxisLabels(ctx context.Context, points []store.TrendPoint) []trendAxisLabel {
	n := len(points)
	room := chartPlotW + chartLeft // one label alone may use the width
	if n > 1 {
		room = chartPlotW / float64(n-1)
	}
	out := make([]trendAxisLabel, n)
	for i, p := range points {
		title := p.Check.TitleIn(contentLang(ctx))
		l := trendAxisLabel{X: f1(chartX(i, n)), Anchor: "middle", Full: title}
		switch {
		case n > 1 && i == 0:
			l.Anchor = "start"
		case n > 1 && i == n-1:
			l.Anchor = "end"
		}
		l.Text = fitLabel(title, room-4)
		out[i] = l
	}
	return out
}

// fitLabel cuts s to what fits in width user units, ending in "…" when cut.
func fitLabel(s string, width float64) string {
	var w float64
	rs := []rune(s)
	for i, r := range rs {
		cw := chartCharW
		if r > 0x2e80 { // CJK: about a full em
			cw = 9
		}
		if w+cw > width-chartCharW && i < len(rs)-1 {
			return strings.TrimSpace(string(rs[:i])) + "…"
		}
		w += cw
	}
	return s
}
