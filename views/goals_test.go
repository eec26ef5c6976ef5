package views

import (
	"context"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// Goal statuses, levels, perspectives and directions are translated by keys built at run time.
func TestGoalsComputedKeysAreTranslated(t *testing.T) {
	var keys []string
	for _, v := range store.GoalStatuses {
		keys = append(keys, "goals.status."+v)
	}
	for _, v := range store.GoalLevels {
		keys = append(keys, "goals.level."+v)
	}
	for _, v := range store.Perspectives {
		keys = append(keys, "goals.perspective."+v)
	}
	for _, v := range store.Directions {
		keys = append(keys, "goals.direction."+v)
	}
	keys = append(keys, "notify.goal_proposed", "notify.goal_approved")
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("%q has no translation", k)
		}
	}
}

func TestGoalsChartDrawsTargetLineAndPoints(t *testing.T) {
	ctx := WithLocale(context.Background(), Locale{Lang: "en"})
	day := func(s string) time.Time { d, _ := store.ParseDate(s); return d }
	checkIns := []store.CheckIn{{Value: 400, OnDate: day("2026-02-01")}, {Value: 380, OnDate: day("2026-03-01")}}
	lower := &store.Goal{Direction: store.DirectionLower, Baseline: 420, Target: 360, Unit: "s",
		StartOn: day("2026-01-01"), DueOn: day("2026-12-31")}
	c := goalChart(ctx, lower, checkIns)
	if len(c.Dots) != 2 || strings.Count(c.Points, ",") != 2 {
		t.Fatalf("points %q dots %d", c.Points, len(c.Dots))
	}
	// Lower is better: the target sits below the baseline on the chart (larger y).
	if !(c.TargetY > c.BaseY) || c.TargetY > c.Bottom || c.BaseY < c.Top {
		t.Errorf("target y %v, baseline y %v", c.TargetY, c.BaseY)
	}
	// 380 s lies between the two lines.
	if y := c.Dots[1].Y; !(y > c.BaseY && y < c.TargetY) {
		t.Errorf("380 s drawn at y %v, outside %v..%v", y, c.BaseY, c.TargetY)
	}
	if !strings.Contains(c.Summary, "2 check-ins") || !strings.Contains(c.Summary, "380 s") || !strings.Contains(c.Summary, "target 360 s") {
		t.Errorf("summary %q", c.Summary)
	}
	empty := goalChart(ctx, lower, nil)
	if empty.HasPoints || !strings.Contains(empty.Summary, "No check-ins yet") {
		t.Errorf("empty chart: %+v", empty)
	}
}
