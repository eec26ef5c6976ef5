package store_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

func goalsNear(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestGoalProgressRespectsDirectionAndClamps(t *testing.T) {
	cases := []struct {
		name                      string
		dir                       string
		baseline, target, current float64
		want                      float64
	}{
		{"higher halfway", store.DirectionHigher, 80, 90, 85, 0.5},
		{"higher at baseline", store.DirectionHigher, 80, 90, 80, 0},
		{"higher at target", store.DirectionHigher, 80, 90, 90, 1},
		{"higher beyond target clamps to 100%", store.DirectionHigher, 80, 90, 95, 1},
		{"higher below baseline clamps to 0%", store.DirectionHigher, 80, 90, 70, 0},
		{"lower is better: AHT 400s to 300s, now 375s", store.DirectionLower, 400, 300, 375, 0.25},
		{"lower is better at target", store.DirectionLower, 400, 300, 300, 1},
		{"lower is better beyond target clamps", store.DirectionLower, 400, 300, 250, 1},
		{"lower is better worse than baseline clamps", store.DirectionLower, 400, 300, 450, 0},
		{"lower attrition 20% to 12%, now 18%", store.DirectionLower, 20, 12, 18, 0.25},
		{"negative numbers", store.DirectionHigher, -10, 10, 0, 0.5},
	}
	for _, c := range cases {
		if got := store.Progress(c.dir, c.baseline, c.target, c.current); !goalsNear(got, c.want) {
			t.Errorf("%s: Progress = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestGoalRollUpWeighted(t *testing.T) {
	cases := []struct {
		name     string
		children []store.Weighted
		want     float64
	}{
		{"no children", nil, 0},
		{"equal default weights (0 means default)", []store.Weighted{{0.2, 0}, {0.6, 0}}, 0.4},
		{"equal explicit weights", []store.Weighted{{0.2, 1}, {0.6, 1}, {1, 1}}, 0.6},
		{"weights 3:1", []store.Weighted{{1, 3}, {0, 1}}, 0.75},
		{"weights 1:2:1", []store.Weighted{{0.5, 1}, {0.25, 2}, {1, 1}}, 0.5},
		{"children above 100% are clamped first", []store.Weighted{{1.5, 1}, {0, 1}}, 0.5},
		{"negative weight counts as default 1", []store.Weighted{{1, -4}, {0, 1}}, 0.5},
	}
	for _, c := range cases {
		if got := store.RollUp(c.children); !goalsNear(got, c.want) {
			t.Errorf("%s: RollUp = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestGoalStatusThresholds(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	due := time.Date(2026, 1, 11, 0, 0, 0, 0, time.UTC) // ten days
	mid := time.Date(2026, 1, 6, 15, 0, 0, 0, time.UTC) // day 5 of 10: expected 50%
	cases := []struct {
		progress float64
		today    time.Time
		want     string
	}{
		{0.50, mid, store.StatusOnTrack},
		{0.40, mid, store.StatusOnTrack}, // exactly 10 points behind
		{0.39, mid, store.StatusAtRisk},
		{0.25, mid, store.StatusAtRisk}, // exactly 25 points behind
		{0.24, mid, store.StatusOffTrack},
		{0, mid, store.StatusOffTrack},
		{1, mid, store.StatusAchieved},
		{0, start.AddDate(0, 0, -1), store.StatusNotStarted},
		{0, start, store.StatusOnTrack},                    // day 0: nothing expected yet
		{0.89, due.AddDate(0, 0, 30), store.StatusAtRisk},  // after the due date 100% is expected
		{0.90, due.AddDate(0, 0, 30), store.StatusOnTrack}, // 10 points short
		{0.70, due, store.StatusOffTrack},
	}
	for _, c := range cases {
		if got := store.StatusOf(c.progress, start, due, c.today); got != c.want {
			t.Errorf("progress %.2f on %s: status %s, want %s", c.progress, c.today.Format(store.DateLayout), got, c.want)
		}
	}
	if got := store.ExpectedShare(start, due, mid); !goalsNear(got, 0.5) {
		t.Errorf("expected share mid-period = %v, want 0.5", got)
	}
}

func TestGoalStaleAfterThirtyDaysWithoutCheckIn(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if store.IsStale(last, start, last.AddDate(0, 0, 30), store.StatusOnTrack) {
		t.Error("30 days after the last check-in is not yet stale")
	}
	if !store.IsStale(last, start, last.AddDate(0, 0, 31), store.StatusOnTrack) {
		t.Error("31 days after the last check-in is stale")
	}
	if !store.IsStale(time.Time{}, start, start.AddDate(0, 0, 31), store.StatusOffTrack) {
		t.Error("no check-in 31 days after the start is stale")
	}
	if store.IsStale(time.Time{}, start, start.AddDate(0, 0, 31), store.StatusAchieved) {
		t.Error("an achieved goal is never stale")
	}
}

// goalsOrg: L1 leader; M1 manages team A (E1, E2) in Inbound Voice; M2 manages team B (E3)
// in Outbound; both managers report to L1.
func goalsOrg(t *testing.T, s *store.Store) map[string]store.Person {
	t.Helper()
	ctx := context.Background()
	mk := func(id, mgr, dept, team, role string) store.PersonInput {
		p := person(id, mgr)
		p.Department, p.Team, p.Role = dept, team, role
		return p
	}
	in := []store.PersonInput{
		mk("L1", "", "Inbound Voice", "Leadership", store.RoleLeader),
		mk("M1", "L1", "Inbound Voice", "Team A", store.RoleManager),
		mk("E1", "M1", "Inbound Voice", "Team A", store.RoleEmployee),
		mk("E2", "M1", "Inbound Voice", "Team A", store.RoleEmployee),
		mk("M2", "L1", "Outbound", "Team B", store.RoleManager),
		mk("E3", "M2", "Outbound", "Team B", store.RoleEmployee),
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Person{}
	for _, p := range in {
		got, err := s.PersonByEmployeeID(ctx, p.EmployeeID)
		if err != nil {
			t.Fatal(err)
		}
		out[p.EmployeeID] = got
	}
	return out
}

func goalsInput(owner string, parent int64) store.GoalInput {
	in := store.GoalInput{Title: "Goal for " + owner, Perspective: store.PerspectiveCustomer, KPI: "CSAT", Unit: "%",
		Direction: store.DirectionHigher, Baseline: "80", Target: "90", StartOn: "2026-01-01", DueOn: "2026-12-31", Owner: owner}
	if parent != 0 {
		in.ParentID = strconv.FormatInt(parent, 10)
	}
	return in
}

func goalsMustCreate(t *testing.T, s *store.Store, actor store.Person, in store.GoalInput) int64 {
	t.Helper()
	id, err := s.CreateGoal(context.Background(), actor, in)
	if err != nil {
		t.Fatalf("create %q as %s: %v", in.Owner, actor.EmployeeID, err)
	}
	return id
}

func TestGoalWhoMayCreate(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	teamA := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	cases := []struct {
		actor, owner string
		parent       int64
		want         error
	}{
		{"L1", "department:Outbound", company, nil},
		{"L1", "person:E3", 0, nil},
		{"M1", "company", 0, store.ErrGoalForbidden},
		{"M1", "department:Inbound Voice", company, store.ErrGoalForbidden}, // leads a team, does not head the department
		{"M1", "department:Outbound", 0, store.ErrGoalForbidden},
		{"M1", "team:Inbound Voice|Team A", 0, nil},
		{"M1", "team:Outbound|Team B", 0, store.ErrGoalForbidden},
		{"M1", "person:E1", teamA, nil},
		{"M1", "person:E3", 0, store.ErrGoalForbidden},
		{"M2", "person:E1", 0, store.ErrGoalForbidden},
		{"E1", "company", 0, store.ErrGoalForbidden},
		{"E1", "team:Inbound Voice|Team A", 0, store.ErrGoalForbidden},
		{"E1", "person:E2", teamA, store.ErrGoalForbidden},
	}
	for _, c := range cases {
		_, err := s.CreateGoal(ctx, org[c.actor], goalsInput(c.owner, c.parent))
		if !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s creates %s: err %v, want %v", c.actor, c.owner, err, c.want)
		}
	}
}

func TestGoalEmployeeProposesUnderOwnTeamGoal(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	teamA := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	teamB := goalsMustCreate(t, s, org["M2"], goalsInput("team:Outbound|Team B", company))

	for _, c := range []struct {
		name   string
		parent int64
	}{{"no parent", 0}, {"a company goal", company}, {"another team's goal", teamB}} {
		_, err := s.CreateGoal(ctx, org["E1"], goalsInput("person:E1", c.parent))
		var verr *store.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("proposal under %s: %v, want a validation error", c.name, err)
		}
		if p, ok := verr.FieldProblem("parent_id"); !ok || p.Code != "goal_parent_team_required" {
			t.Errorf("proposal under %s: problems %v", c.name, verr.Problems)
		}
	}
	id := goalsMustCreate(t, s, org["E1"], goalsInput("person:E1", teamA))
	gs, _ := s.Goals(ctx)
	g, _ := gs.Get(id)
	if g.State != store.GoalProposed {
		t.Fatalf("state %s, want proposed", g.State)
	}
	if n, _ := s.UnreadNotifications(ctx, org["M1"].ID); n != 1 {
		t.Errorf("manager has %d notifications, want 1", n)
	}
	// A proposal takes no check-ins and is not in the roll-up until approved.
	if err := s.AddCheckIn(ctx, org["E1"], id, store.CheckInInput{Value: "90"}); !errors.Is(err, store.ErrGoalForbidden) {
		t.Errorf("check-in on a proposal: %v", err)
	}
	if err := s.ApproveGoal(ctx, org["E1"], id); !errors.Is(err, store.ErrGoalForbidden) {
		t.Errorf("owner approves own proposal: %v", err)
	}
	if err := s.ApproveGoal(ctx, org["M2"], id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another team's manager approves: %v, want not found (they cannot see it)", err)
	}
	if err := s.ApproveGoal(ctx, org["M1"], id); err != nil {
		t.Fatal(err)
	}
	gs, _ = s.Goals(ctx)
	if g, _ := gs.Get(id); g.State != store.GoalActive {
		t.Fatalf("after approval: %s", g.State)
	}
	if n, _ := s.UnreadNotifications(ctx, org["E1"].ID); n != 1 {
		t.Errorf("owner has %d notifications, want 1", n)
	}
	actions := map[store.EventKey]int{}
	for _, e := range eventLog(t, s, 10) {
		actions[e.Key]++
	}
	if actions[store.EventGoalCreate] != 3 || actions[store.EventGoalPropose] != 1 || actions[store.EventGoalApprove] != 1 {
		t.Errorf("events: %v", actions)
	}
}

func TestGoalWhoMayCheckInAndSee(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	teamA := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	mine := goalsMustCreate(t, s, org["M1"], goalsInput("person:E1", teamA))
	cases := []struct {
		actor string
		goal  int64
		want  error
	}{
		{"E1", mine, nil},                       // owner
		{"M1", mine, nil},                       // their manager
		{"L1", mine, nil},                       // further up the chain
		{"E2", mine, store.ErrNotFound},         // a colleague cannot even see it
		{"M2", mine, store.ErrNotFound},         // another manager neither
		{"E1", teamA, store.ErrGoalForbidden},   // team goals: the team's manager
		{"M1", teamA, nil},                      //
		{"M2", teamA, store.ErrGoalForbidden},   //
		{"M1", company, store.ErrGoalForbidden}, // company goals: leaders
		{"L1", company, nil},
	}
	for _, c := range cases {
		err := s.AddCheckIn(ctx, org[c.actor], c.goal, store.CheckInInput{Value: "85", Comment: "by " + c.actor})
		if !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s checks in on %d: %v, want %v", c.actor, c.goal, err, c.want)
		}
	}
	gs, _ := s.Goals(ctx)
	g, _ := gs.Get(mine)
	for actor, want := range map[string]bool{"E1": true, "M1": true, "L1": true, "E2": false, "M2": false, "E3": false} {
		sc, err := s.GoalScopeFor(ctx, org[actor])
		if err != nil {
			t.Fatal(err)
		}
		if got := sc.CanSee(g); got != want {
			t.Errorf("%s sees E1's personal goal: %v, want %v", actor, got, want)
		}
		if c, _ := gs.Get(company); !sc.CanSee(c) {
			t.Errorf("%s cannot see the company goal", actor)
		}
	}
}

func TestGoalWhoMayEdit(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	teamA := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	edit := goalsInput("ignored", company)
	edit.Title = "Renamed"
	for _, c := range []struct {
		actor string
		goal  int64
		want  error
	}{
		{"M1", company, store.ErrGoalForbidden},
		{"E1", teamA, store.ErrGoalForbidden},
		{"M2", teamA, store.ErrGoalForbidden},
		{"M1", teamA, nil},
		{"L1", teamA, nil},
	} {
		err := s.UpdateGoal(ctx, org[c.actor], c.goal, edit)
		if !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s edits %d: %v, want %v", c.actor, c.goal, err, c.want)
		}
	}
	gs, _ := s.Goals(ctx)
	if g, _ := gs.Get(teamA); g.Title != "Renamed" || g.Level != store.LevelTeam || g.Team != "Team A" {
		t.Errorf("after edit: %q %s %s (owner must not change)", g.Title, g.Level, g.Team)
	}
}

// GoalsOwnedBy reads a person's personal goals alone, not what lies below them, because
// nothing can be placed under a personal goal: a parent ranks above its child. Neither a new
// goal nor an edited one may take a personal goal as its parent, and a person's goals as
// GoalsOwnedBy reads them are every goal the organisation holds of theirs.
func TestNothingGoesUnderAPersonalGoal(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	team := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	mine := goalsMustCreate(t, s, org["M1"], goalsInput("person:E1", team))
	other := goalsMustCreate(t, s, org["M1"], goalsInput("person:E2", team))
	for _, owner := range []string{"person:E1", "person:E2"} {
		_, err := s.CreateGoal(ctx, org["M1"], goalsInput(owner, mine))
		var verr *store.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("%s under a personal goal: %v, want refused", owner, err)
		}
		if p, _ := verr.FieldProblem("parent_id"); p.Code != "goal_parent_level" {
			t.Errorf("%s under a personal goal: %v", owner, verr.Problems)
		}
	}
	err := s.UpdateGoal(ctx, org["M1"], other, goalsInput("person:E2", mine))
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("moved under a personal goal: %v, want refused", err)
	}
	if p, _ := verr.FieldProblem("parent_id"); p.Code != "goal_parent_level" {
		t.Errorf("moved under a personal goal: %v", verr.Problems)
	}
	all, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	owned, err := s.GoalsOwnedBy(ctx, org["E1"].ID)
	if err != nil {
		t.Fatal(err)
	}
	var want, got []int64
	for _, g := range all.All {
		if g.OwnerID == org["E1"].ID || g.ParentID == mine {
			want = append(want, g.ID)
		}
	}
	for _, g := range owned.All {
		got = append(got, g.ID)
	}
	if !slices.Equal(got, want) || len(got) != 1 {
		t.Errorf("E1's goals %v, want %v (E1's own, and anything below them)", got, want)
	}
}

func TestGoalValidation(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	team := goalsMustCreate(t, s, org["L1"], goalsInput("team:Inbound Voice|Team A", company))
	bad := store.GoalInput{Title: "", Perspective: "vibes", KPI: "", Direction: store.DirectionLower, Baseline: "300",
		Target: "400", StartOn: "2026-06-01", DueOn: "2026-05-01", Owner: "department:Inbound Voice",
		ParentID: strconv.FormatInt(team, 10), Weight: "0", PriorityID: "999"}
	_, err := s.CreateGoal(ctx, org["L1"], bad)
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("err %v", err)
	}
	want := map[string]string{"title": "required", "perspective": "invalid_choice", "kpi": "required",
		"target": "goal_target_not_better", "due_on": "goal_due_before_start", "parent_id": "goal_parent_level",
		"weight": "goal_invalid_weight", "priority_id": "invalid_choice"}
	for field, code := range want {
		if p, ok := verr.FieldProblem(field); !ok || p.Code != code {
			t.Errorf("%s: got %+v, want %s", field, p, code)
		}
	}
	bad2 := goalsInput("team:Nowhere|Nobody", 0)
	bad2.Baseline = "lots"
	_, err = s.CreateGoal(ctx, org["L1"], bad2)
	if !errors.As(err, &verr) {
		t.Fatalf("err %v", err)
	}
	if p, _ := verr.FieldProblem("owner"); p.Code != "invalid_choice" {
		t.Errorf("unknown team: %v", verr.Problems)
	}
	if p, _ := verr.FieldProblem("baseline"); p.Code != "goal_invalid_number" {
		t.Errorf("baseline: %v", verr.Problems)
	}
	gs, _ := s.Goals(ctx)
	if len(gs.All) != 2 {
		t.Errorf("%d goals after refused input, want 2", len(gs.All))
	}

	err = s.AddCheckIn(ctx, org["L1"], company, store.CheckInInput{Value: "x", OnDate: "2026-11-24"})
	if !errors.As(err, &verr) {
		t.Fatalf("check-in: %v", err)
	}
	if p, _ := verr.FieldProblem("value"); p.Code != "goal_invalid_number" {
		t.Errorf("value: %v", verr.Problems)
	}
	if p, _ := verr.FieldProblem("on_date"); p.Code != "goal_date_in_future" {
		t.Errorf("date: %v", verr.Problems)
	}
}

// A four-level cascade with weights and a lower-is-better KPI, computed by hand.
func TestGoalNestedWeightedRollUp(t *testing.T) {
	c := newClock() // 2026-11-23
	s := mustOpenStore(t, c)
	org := goalsOrg(t, s)
	ctx := context.Background()
	L := org["L1"]
	mk := func(owner string, parent int64, dir, baseline, target, weight string) int64 {
		in := goalsInput(owner, parent)
		in.Direction, in.Baseline, in.Target, in.Weight = dir, baseline, target, weight
		in.StartOn, in.DueOn = "2026-11-01", "2026-12-01" // 30 days; on 23 Nov 22/30 elapsed
		return goalsMustCreate(t, s, L, in)
	}
	checkIn := func(id int64, v string) {
		if err := s.AddCheckIn(ctx, L, id, store.CheckInInput{Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	company := mk("company", 0, "higher", "0", "100", "")
	dept := mk("department:Inbound Voice", company, "higher", "0", "10", "3")
	otherDept := mk("department:Outbound", company, "higher", "0", "10", "1")
	teamA := mk("team:Inbound Voice|Team A", dept, "lower", "400", "300", "1") // AHT
	teamA2 := mk("team:Inbound Voice|Team A", dept, "higher", "80", "90", "1") // CSAT
	e1 := mk("person:E1", teamA2, "higher", "0", "20", "")
	e2 := mk("person:E2", teamA2, "higher", "0", "20", "")
	checkIn(teamA, "350")    // 50%
	checkIn(e1, "20")        // 100%
	checkIn(e2, "5")         // 25%
	checkIn(otherDept, "20") // 200% clamps to 100%
	checkIn(teamA2, "80")    // ignored: teamA2 has children
	checkIn(company, "1")    // ignored: company has children

	gs, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]float64{
		e1: 1, e2: 0.25,
		teamA2:    0.625,                 // (1 + 0.25) / 2, equal default weights
		teamA:     0.5,                   // (400 − 350) / (400 − 300)
		dept:      0.5625,                // (0.5 + 0.625) / 2
		otherDept: 1,                     // clamped
		company:   (3*0.5625 + 1*1) / 4., // weights 3:1 = 0.671875
	}
	for id, w := range want {
		g, _ := gs.Get(id)
		if !goalsNear(g.Progress, w) {
			t.Errorf("goal %q (%d): progress %v, want %v", g.OwnerText(), id, g.Progress, w)
		}
	}
	// Expected on 23 Nov: 22/30 = 73.3%. Company 67.2% is 6.1 behind: on track;
	// team A (AHT) 50% is 23.3 behind: at risk; E2 25% is 48.3 behind: off track.
	for id, st := range map[int64]string{company: store.StatusOnTrack, teamA: store.StatusAtRisk, e2: store.StatusOffTrack, e1: store.StatusAchieved} {
		if g, _ := gs.Get(id); g.Status != st {
			t.Errorf("goal %d: status %s, want %s", id, g.Status, st)
		}
	}
	g, _ := gs.Get(e2)
	if chain := gs.Chain(g); len(chain) != 3 || chain[0].ID != company || chain[1].ID != dept || chain[2].ID != teamA2 {
		t.Errorf("chain of E2's goal: %v", chain)
	}
	// Stale: 31 days after the last check-in with no new one.
	c.t = c.t.AddDate(0, 0, 31)
	gs, _ = s.Goals(ctx)
	if g, _ := gs.Get(e2); !g.Stale {
		t.Error("E2's goal should be stale 31 days after its check-in")
	}
	if g, _ := gs.Get(company); g.Stale {
		t.Error("a rolled-up goal is never stale")
	}
}

func TestGoalDemoScorecard(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	gs, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	levels, statuses, perspectives := map[string]int{}, map[string]int{}, map[string]bool{}
	stale, proposed := 0, 0
	for _, g := range gs.All {
		levels[g.Level]++
		perspectives[g.Perspective] = true
		// A personal goal sits under the team goal it serves ("My first-contact resolution"
		// under the team's first-contact resolution, not its CSAT).
		if parent, ok := gs.Get(g.ParentID); ok && g.Level == store.LevelPerson && g.State == store.GoalActive {
			mine := strings.ToLower(strings.TrimPrefix(g.KPI, "My "))
			if !strings.Contains(strings.ToLower(parent.KPI), mine) {
				t.Errorf("personal goal %q (KPI %q) sits under %q (KPI %q)", g.Title, g.KPI, parent.Title, parent.KPI)
			}
		}
		if g.State == store.GoalProposed {
			proposed++
			continue
		}
		statuses[g.Status]++
		if g.Stale {
			stale++
		}
	}
	if n := levels[store.LevelCompany]; n < 6 || n > 10 {
		t.Errorf("%d company goals, want 6–10", n)
	}
	if levels[store.LevelDepartment] == 0 || levels[store.LevelTeam] == 0 || levels[store.LevelPerson] == 0 {
		t.Errorf("levels: %v", levels)
	}
	if len(perspectives) != 4 {
		t.Errorf("perspectives: %v", perspectives)
	}
	for _, st := range []string{store.StatusOnTrack, store.StatusAtRisk, store.StatusOffTrack} {
		if statuses[st] == 0 {
			t.Errorf("no %s goal in the demo: %v", st, statuses)
		}
	}
	if stale == 0 || proposed == 0 {
		t.Errorf("stale %d, proposed %d: want at least one of each", stale, proposed)
	}
	agent, err := s.PersonByEmployeeID(ctx, "agent")
	if err != nil {
		t.Fatal(err)
	}
	mine := gs.OwnedBy(agent.ID)
	if len(mine) < 2 {
		t.Fatalf("agent has %d goals", len(mine))
	}
	chain := gs.Chain(mine[0])
	if len(chain) != 3 || chain[0].Level != store.LevelCompany || chain[0].PriorityID == 0 || chain[2].Team != "Voice Team 1" {
		t.Errorf("agent's chain: %+v", chain)
	}
	checkIns, _ := s.GoalCheckIns(ctx, mine[0].ID)
	if len(checkIns) < 6 {
		t.Errorf("agent's goal has %d check-ins, want months of them", len(checkIns))
	}
	ps, _ := s.ListPriorities(ctx, false)
	if len(ps) != 4 {
		t.Errorf("%d priorities, want the 4 the demo adds to an empty table", len(ps))
	}
}

// A retired priority is hidden from new goals, but a goal already linked to it keeps the link.
func TestGoalRetiredPriorityStaysLinked(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	if _, err := s.DB().Exec(`INSERT INTO strategic_priorities (id, name_en, name_zh, position, created_at)
		VALUES (7, 'Old priority', '旧重点', 1, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	in := goalsInput("company", 0)
	in.PriorityID = "7"
	id := goalsMustCreate(t, s, org["L1"], in)
	if _, err := s.DB().Exec(`UPDATE strategic_priorities SET retired_at = '2026-06-01T00:00:00Z' WHERE id = 7`); err != nil {
		t.Fatal(err)
	}
	in.Title = "Renamed"
	if err := s.UpdateGoal(ctx, org["L1"], id, in); err != nil {
		t.Fatalf("editing a goal linked to a retired priority: %v", err)
	}
	gs, _ := s.Goals(ctx)
	if g, _ := gs.Get(id); g.PriorityID != 7 || g.PriorityName("zh") != "旧重点" {
		t.Errorf("link lost: %d %q", g.PriorityID, g.PriorityName("zh"))
	}
	_, err := s.CreateGoal(ctx, org["L1"], in)
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("new goal on a retired priority: %v", err)
	}
	if p, _ := verr.FieldProblem("priority_id"); p.Code != "invalid_choice" {
		t.Errorf("problems %v", verr.Problems)
	}
}

// Among goals gone stale on the same day, the inbox names the first in cascade order, as the
// goals page lists them: perspective before title and creation.
func TestInboxNamesTheFirstStaleGoalInCascadeOrder(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	team := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	alpha := goalsInput("person:E1", team)
	alpha.Title, alpha.Perspective = "Alpha", store.PerspectiveCustomer
	goalsMustCreate(t, s, org["M1"], alpha)
	zeta := goalsInput("person:E1", team)
	zeta.Title, zeta.Perspective = "Zeta", store.PerspectiveFinancial
	zetaID := goalsMustCreate(t, s, org["M1"], zeta)
	items, err := s.Inbox(ctx, org["E1"])
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Kind == store.InboxGoalCheckIn {
			if it.Count != 2 || it.Who != "Zeta" || it.Link != "/goals/"+strconv.FormatInt(zetaID, 10) {
				t.Errorf("stale goals item %+v, want two, naming Zeta (financial comes first)", it)
			}
			return
		}
	}
	t.Fatalf("no stale goals item in %+v", items)
}

// A manager's goal approvals name the proposal waiting longest, the first made among equals,
// and link to it. The clock is turned back, so the latest proposal has the lowest id; the
// team's rows come by name, so the winner (E1's) arrives before an equal made after it (E2's).
func TestInboxNamesTheOldestProposalFirstMadeAmongEquals(t *testing.T) {
	clk := newClock()
	s := mustOpenStore(t, clk)
	org := goalsOrg(t, s)
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	team := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	start := clk.t
	clk.advance(time.Hour)
	goalsMustCreate(t, s, org["E2"], goalsInput("person:E2", team)) // an hour later, made first
	clk.t = start
	first := goalsMustCreate(t, s, org["E1"], goalsInput("person:E1", team))
	goalsMustCreate(t, s, org["E2"], goalsInput("person:E2", team)) // as old, made after
	it, ok := inboxItem(t, s, org["M1"], store.InboxGoalApproval)
	if !ok || it.Count != 3 || it.Who != org["E1"].Name || it.Link != "/goals/"+strconv.FormatInt(first, 10) || !it.OldestSince.Equal(start) {
		t.Errorf("goal approvals %+v, want three naming %s's goal %d since %v", it, org["E1"].Name, first, start)
	}
}
