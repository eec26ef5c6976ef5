package views

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"lodestar/store"
)

// GoalNode is a goal in a tree the viewer may see: its children are already filtered.
type GoalNode struct {
	Goal     *store.Goal
	Children []GoalNode
	Folded   int // goals under this one left for their own page (the tree's drill-down)
}

// GoalWithChain is one goal with the goals above it (company first) and the strategy.
type GoalWithChain struct {
	Goal  *store.Goal
	Chain []*store.Goal
}

// MyGoalsData is the "My goals" page.
type MyGoalsData struct {
	Mine      []GoalWithChain
	TeamGoals []GoalWithChain
	CanCreate bool // may create goals for others
	IsManager bool
}

// GoalTreeData is the goal tree page.
type GoalTreeData struct {
	Roots     []GoalNode
	Open      *store.Goal   // the goal whose branch is shown (nil: the whole tree from the top)
	Chain     []*store.Goal // the goals above Open, company first
	CanCreate bool
	IsManager bool
}

// TeamGoalsData is the managers' team goals page.
type TeamGoalsData struct {
	TeamGoals []*store.Goal
	People    []TeamMemberGoals
	Proposals []*store.Goal
	IsManager bool
}

// TeamMemberGoals is one report and their personal goals.
type TeamMemberGoals struct {
	Person store.Person
	Goals  []*store.Goal
}

// GoalPageData is one goal with its check-ins and what the viewer may do.
type GoalPageData struct {
	Goal       *store.Goal
	Chain      []*store.Goal
	Children   []*store.Goal
	CheckIns   []store.CheckIn
	CanCheckIn bool
	CanEdit    bool
	CanApprove bool
	CanAddGoal bool // may create (or propose) a goal under this one
	Input      store.CheckInInput
	ReturnNote string // the return form's note as typed
	Viewer     int64  // the signed-in person (the owner of a returned goal is told what to do)
	Errors     FieldErrors
	Today      time.Time
}

// GoalFormData is the new or edit goal form.
type GoalFormData struct {
	Goal       *store.Goal // nil for a new goal
	Input      store.GoalInput
	Owners     []store.GoalOwnerOption
	Priorities []store.Priority
	Values     []store.Value
	Errors     FieldErrors
	Proposal   bool // the person may only propose goals of their own
	// OwnerPicker chooses a person owner (nil when the person may only own goals themselves);
	// OwnerChoice is the owner select's value, OwnerQuery the picker's search without JavaScript.
	OwnerPicker *PersonPickerData
	OwnerChoice string
	OwnerQuery  string
	// ParentPicker chooses the parent goal; ParentQuery is its search without JavaScript.
	ParentPicker GoalParentPickerData
	ParentQuery  string
}

// GoalsHomeData is the home page card.
type GoalsHomeData struct {
	Goals     []*store.Goal
	CanCreate bool // managers and leaders: the empty card points to the tree
}

// GoalsProfileData is the goals section of a profile.
type GoalsProfileData struct {
	Person store.Person
	Goals  []*store.Goal
}

// goalTone maps a status to the colour of its pill and bar; the word always goes with it.
func goalTone(status string) string {
	switch status {
	case store.StatusOnTrack, store.StatusAchieved:
		return "ok"
	case store.StatusAtRisk:
		return "warn"
	case store.StatusOffTrack:
		return "bad"
	}
	return "neutral"
}

func goalStatusText(ctx context.Context, status string) string { return T(ctx, "goals.status."+status) }
func goalLevelText(ctx context.Context, level string) string   { return T(ctx, "goals.level."+level) }
func goalPerspectiveText(ctx context.Context, p string) string { return T(ctx, "goals.perspective."+p) }
func goalDirectionText(ctx context.Context, d string) string   { return T(ctx, "goals.direction."+d) }

// goalValue writes a KPI value rounded to two decimals with its unit ("86.5%", "320 s").
func goalValue(v float64, unit string) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	switch {
	case unit == "":
		return s
	case unit == "%" || unit == "％":
		return s + unit
	case unit == "¥" || unit == "$" || unit == "€" || unit == "£":
		return unit + s
	}
	return s + " " + unit
}

// goalOwner names who owns the goal in the reader's language.
func goalOwner(ctx context.Context, g *store.Goal) string {
	if g.Level == store.LevelCompany {
		return T(ctx, "goals.the_company")
	}
	return goalUnitText(ctx, g.Level, g.Department, g.Team, g.OwnerText())
}

// goalUnitText names a department or team owner in the reader's language (other owners:
// fallback, the person's name).
func goalUnitText(ctx context.Context, level, department, team, fallback string) string {
	switch level {
	case store.LevelDepartment:
		return Dept(ctx, department)
	case store.LevelTeam:
		return Dept(ctx, department) + " / " + Team(ctx, team)
	}
	return fallback
}

// goalProgressText is the percentage with what it is made of: the value against the
// target, or how many goals it is rolled up from.
func goalProgressText(ctx context.Context, g *store.Goal) string {
	pct := L(ctx).Percent(g.Progress)
	if g.RolledUp {
		n := g.FoldedActive
		for _, c := range g.Children {
			if c.State == store.GoalActive {
				n++
			}
		}
		return L(ctx).N("goals.progress_rollup", n, pct)
	}
	if !g.HasCurrent {
		return T(ctx, "goals.progress_none", pct, goalValue(g.Target, g.Unit))
	}
	return T(ctx, "goals.progress_value", pct, goalValue(g.Current, g.Unit), goalValue(g.Target, g.Unit))
}

func goalHref(g *store.Goal) string { return fmt.Sprintf("/goals/%d", g.ID) }

// goalTreeHref opens g's branch of the goal tree on its own page.
func goalTreeHref(g *store.Goal) string { return fmt.Sprintf("/goals/tree?goal=%d", g.ID) }

func goalIDString(g *store.Goal) string { return strconv.FormatInt(g.ID, 10) }

func goalExpected(g *store.Goal, today time.Time) float64 {
	return store.ExpectedShare(g.StartOn, g.DueOn, today)
}

// goalOptions turns value codes into select options with translated labels.
func goalOptions(prefix string, values []string) []Option {
	out := make([]Option, 0, len(values))
	for _, v := range values {
		out = append(out, Option{Value: v, Key: prefix + v})
	}
	return out
}

func goalOwnerOptions(ctx context.Context, owners []store.GoalOwnerOption, picker bool) []Option {
	out := []Option{{Value: "", Key: "goals.choose"}}
	for _, o := range owners {
		label := goalUnitText(ctx, o.Level, o.Department, o.Team, o.Label)
		if o.Level == store.LevelCompany {
			label = T(ctx, "goals.the_company")
		}
		out = append(out, Option{Value: o.Value, Text: goalLevelText(ctx, o.Level) + " · " + label})
	}
	if picker { // someone else: chosen in the person picker below
		out = append(out, Option{Value: "person", Key: "goals.owner_someone"})
	}
	return out
}

func goalPriorityOptions(ctx context.Context, ps []store.Priority) []Option {
	out := []Option{{Value: "", Key: "goals.no_priority"}}
	for _, p := range ps {
		out = append(out, Option{Value: strconv.FormatInt(p.ID, 10), Text: p.Name(L(ctx).Lang)})
	}
	return out
}

func goalValueOptions(ctx context.Context, vs []store.Value) []Option {
	out := []Option{{Value: "", Key: "goals.no_priority"}}
	for _, v := range vs {
		out = append(out, Option{Value: strconv.FormatInt(v.ID, 10), Text: v.Name(L(ctx).Lang)})
	}
	return out
}

// GoalChart is a check-in line chart drawn on the server: the values as a line, the
// target and the baseline as horizontal lines, the period on the x axis.
type GoalChart struct {
	Width, Height            int
	Points                   string // polyline points
	Dots                     []ChartDot
	TargetY, BaseY           float64
	Left, Right              float64
	Top, Bottom              float64
	TargetLabel, BaseLabel   string
	TargetLabelY, BaseLabelY float64
	StartLabel, DueLabel     string
	Summary                  string
	HasPoints                bool
}

// ChartDot is one check-in on the chart.
type ChartDot struct {
	X, Y  float64
	Label string
}

func fx(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }

// goalChart lays out the chart for g's check-ins.
func goalChart(ctx context.Context, g *store.Goal, checkIns []store.CheckIn) GoalChart {
	c := GoalChart{Width: 600, Height: 250, Left: 8, Right: 592, Top: 30, Bottom: 200}
	l := L(ctx)
	lo, hi := math.Min(g.Baseline, g.Target), math.Max(g.Baseline, g.Target)
	start, end := store.Day(g.StartOn), store.Day(g.DueOn)
	for _, ci := range checkIns {
		lo, hi = math.Min(lo, ci.Value), math.Max(hi, ci.Value)
		if ci.OnDate.Before(start) {
			start = ci.OnDate
		}
		if ci.OnDate.After(end) {
			end = ci.OnDate
		}
	}
	pad := (hi - lo) * 0.1
	if pad == 0 {
		pad = 1
	}
	lo, hi = lo-pad, hi+pad
	span := end.Sub(start).Hours()
	if span <= 0 {
		span = 24
	}
	x := func(t time.Time) float64 { return c.Left + (c.Right-c.Left)*store.Day(t).Sub(start).Hours()/span }
	y := func(v float64) float64 { return c.Bottom - (c.Bottom-c.Top)*(v-lo)/(hi-lo) }
	c.TargetY, c.BaseY = y(g.Target), y(g.Baseline)
	c.TargetLabel = T(ctx, "goals.chart_target", goalValue(g.Target, g.Unit))
	c.BaseLabel = T(ctx, "goals.chart_baseline", goalValue(g.Baseline, g.Unit))
	// Labels sit on the far side of their line from the other line, so they never overlap.
	if c.TargetY <= c.BaseY {
		c.TargetLabelY, c.BaseLabelY = c.TargetY-6, c.BaseY+24
	} else {
		c.TargetLabelY, c.BaseLabelY = c.TargetY+24, c.BaseY-6
	}
	c.StartLabel, c.DueLabel = l.Date(start), l.Date(end)
	var pts []string
	for _, ci := range checkIns {
		px, py := x(ci.OnDate), y(ci.Value)
		pts = append(pts, fx(px)+","+fx(py))
		c.Dots = append(c.Dots, ChartDot{X: px, Y: py, Label: l.Date(ci.OnDate) + ": " + goalValue(ci.Value, g.Unit)})
	}
	c.Points = strings.Join(pts, " ")
	c.HasPoints = len(pts) > 0
	if n := len(checkIns); n > 0 {
		last := checkIns[n-1]
		c.Summary = L(ctx).N("goals.chart_summary", n, goalValue(g.Baseline, g.Unit), goalValue(last.Value, g.Unit), l.Date(last.OnDate), goalValue(g.Target, g.Unit))
	} else {
		c.Summary = T(ctx, "goals.chart_empty", goalValue(g.Baseline, g.Unit), goalValue(g.Target, g.Unit))
	}
	return c
}

func goalFormTitle(ctx context.Context, d GoalFormData) string {
	switch {
	case d.Goal != nil:
		return T(ctx, "goals.edit_title", d.Goal.TitleIn(contentLang(ctx)))
	case d.Proposal:
		return T(ctx, "goals.propose_title")
	}
	return T(ctx, "goals.new_title")
}

func goalFormAction(d GoalFormData) string {
	if d.Goal != nil {
		return goalHref(d.Goal)
	}
	return "/goals"
}

// goalsHomeSummary counts the goals by status: "3 goals: 2 on track, 1 off track".
func goalsHomeSummary(ctx context.Context, goals []*store.Goal) string {
	counts := map[string]int{}
	for _, g := range goals {
		if g.State == store.GoalActive {
			counts[g.Status]++
		}
	}
	parts := []string{}
	for _, st := range store.GoalStatuses {
		if n := counts[st]; n > 0 {
			parts = append(parts, L(ctx).Num(n)+" "+goalStatusText(ctx, st))
		}
	}
	return L(ctx).N("goals.home_count", len(goals), strings.Join(parts, T(ctx, "goals.list_separator")))
}
