package store

import "time"

// Directions of a KPI.
const (
	DirectionHigher = "higher"
	DirectionLower  = "lower"
)

// Goal statuses, derived from progress and the calendar (docs/goals.md).
const (
	// StatusNotStarted ("not_started") is shared with training (store/training_report.go).
	StatusOnTrack  = "on_track"
	StatusAtRisk   = "at_risk"
	StatusOffTrack = "off_track"
	StatusAchieved = "achieved"
)

// GoalStatuses lists every status, for translations and filters.
var GoalStatuses = []string{StatusNotStarted, StatusOnTrack, StatusAtRisk, StatusOffTrack, StatusAchieved}

// The status rule's thresholds: a goal is on track while its progress is at most
// OnTrackMargin behind the elapsed share of its period, at risk while at most
// AtRiskMargin behind, off track beyond. A goal is stale after StaleAfterDays
// days without a check-in.
const (
	OnTrackMargin  = 0.10
	AtRiskMargin   = 0.25
	StaleAfterDays = 30
)

// epsilon absorbs floating-point noise at the thresholds (0.6 − 0.5 is not exactly 0.1).
const epsilon = 1e-9

// Progress is how far current has moved from baseline towards target, respecting the
// direction, clamped to 0..1. A goal whose target does not lie on the better side of
// its baseline (validation prevents it) counts as done when current meets the target.
func Progress(direction string, baseline, target, current float64) float64 {
	span, moved := target-baseline, current-baseline
	if direction == DirectionLower {
		span, moved = baseline-target, baseline-current
	}
	if span <= 0 {
		if (direction == DirectionLower && current <= target) || (direction != DirectionLower && current >= target) {
			return 1
		}
		return 0
	}
	return clamp01(moved / span)
}

// Weighted is one child's progress and its weight among its siblings.
type Weighted struct {
	Progress float64
	Weight   float64
}

// RollUp is the weighted mean of the children's progress. A weight that is not positive
// counts as 1, so children without weights count equally. No children: 0.
func RollUp(children []Weighted) float64 {
	var sum, weights float64
	for _, c := range children {
		w := c.Weight
		if w <= 0 {
			w = 1
		}
		sum += w * clamp01(c.Progress)
		weights += w
	}
	if weights == 0 {
		return 0
	}
	return clamp01(sum / weights)
}

// ExpectedShare is the share of the goal's period that has elapsed on today, 0..1,
// counting whole days from start to due.
func ExpectedShare(start, due, today time.Time) float64 {
	start, due, today = Day(start), Day(due), Day(today)
	total := due.Sub(start).Hours() / 24
	if total <= 0 {
		if today.Before(start) {
			return 0
		}
		return 1
	}
	return clamp01(today.Sub(start).Hours() / 24 / total)
}

// StatusOf applies the status rule: not started before the start date; achieved at 100%;
// otherwise compare progress with the elapsed share of the period.
func StatusOf(progress float64, start, due, today time.Time) string {
	switch {
	case Day(today).Before(Day(start)):
		return StatusNotStarted
	case progress >= 1-epsilon:
		return StatusAchieved
	}
	behind := ExpectedShare(start, due, today) - progress
	switch {
	case behind <= OnTrackMargin+epsilon:
		return StatusOnTrack
	case behind <= AtRiskMargin+epsilon:
		return StatusAtRisk
	}
	return StatusOffTrack
}

// IsStale tells whether a goal has gone more than StaleAfterDays days without a check-in,
// counting from the last check-in or, when there is none, from the start date. A goal
// that has not started or is achieved is never stale.
func IsStale(lastCheckIn, start, today time.Time, status string) bool {
	if status == StatusNotStarted || status == StatusAchieved {
		return false
	}
	ref := lastCheckIn
	if ref.IsZero() {
		ref = start
	}
	return Day(today).Sub(Day(ref)).Hours()/24 > StaleAfterDays
}

func clamp01(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

// computeGoals fills Progress, Status and Stale for every goal and links children to
// parents: a goal with active children takes the weighted roll-up of their progress
// (recursively), any other goal its own latest check-in (the baseline when none).
// Proposed goals are shown but do not count in their parent's roll-up.
func computeGoals(goals []*Goal, today time.Time) {
	byID := make(map[int64]*Goal, len(goals))
	for _, g := range goals {
		g.Children = nil
		byID[g.ID] = g
	}
	for _, g := range goals {
		if p, ok := byID[g.ParentID]; ok && g.ParentID != 0 {
			p.Children = append(p.Children, g)
		}
	}
	done := make(map[int64]bool, len(goals))
	var visit func(g *Goal, depth int) float64
	visit = func(g *Goal, depth int) float64 {
		if done[g.ID] {
			return g.Progress
		}
		var parts []Weighted
		if depth < 16 { // levels are at most four deep; this only guards against bad data
			for _, c := range g.Children {
				if c.State == GoalActive {
					parts = append(parts, Weighted{Progress: visit(c, depth+1), Weight: c.Weight})
				}
			}
		}
		if len(parts) > 0 {
			g.Progress = RollUp(parts)
			g.RolledUp = true
		} else {
			current := g.Baseline
			if g.HasCurrent {
				current = g.Current
			}
			g.Progress = Progress(g.Direction, g.Baseline, g.Target, current)
		}
		g.Status = StatusOf(g.Progress, g.StartOn, g.DueOn, today)
		g.Stale = !g.RolledUp && IsStale(g.LastCheckIn, g.StartOn, today, g.Status)
		done[g.ID] = true
		return g.Progress
	}
	for _, g := range goals {
		visit(g, 0)
	}
}

// deriveGoals links children to parents and works out Status and Stale for today from each
// goal's kept progress (migration 0023), without rolling anything up.
func deriveGoals(goals []*Goal, today time.Time) {
	byID := make(map[int64]*Goal, len(goals))
	for _, g := range goals {
		g.Children = nil
		byID[g.ID] = g
	}
	for _, g := range goals {
		if p, ok := byID[g.ParentID]; ok && g.ParentID != 0 {
			p.Children = append(p.Children, g)
		}
		g.Status = StatusOf(g.Progress, g.StartOn, g.DueOn, today)
		g.Stale = !g.RolledUp && IsStale(g.LastCheckIn, g.StartOn, today, g.Status)
	}
}
