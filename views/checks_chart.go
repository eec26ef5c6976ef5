package views

import (
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

func trendLabel(p store.TrendPoint) string { return p.Check.OpensOn.Format("2006-01") }
