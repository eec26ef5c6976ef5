package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"lodestar/store"
)

// checkKeptGoals fails when any goal's kept figures differ from a fresh roll-up of the
// check-ins and the cascade, or any goal's kept child counts from its children.
func checkKeptGoals(t *testing.T, s *store.Store, after string) {
	t.Helper()
	ctx := context.Background()
	kept, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := s.FreshGoals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fresh) != len(kept.All) {
		t.Fatalf("after %s: %d goals kept, %d fresh", after, len(kept.All), len(fresh))
	}
	for _, f := range fresh {
		k, _ := kept.Get(f.ID)
		if !goalsNear(k.Progress, f.Progress) || k.RolledUp != f.RolledUp || k.HasCurrent != f.HasCurrent ||
			k.Current != f.Current || !k.LastCheckIn.Equal(f.LastCheckIn) || k.CheckInCount != f.CheckInCount {
			t.Errorf("after %s: goal %d keeps progress %v rolled-up %v current %v/%v last %v count %d; fresh %v %v %v/%v %v %d",
				after, f.ID, k.Progress, k.RolledUp, k.Current, k.HasCurrent, k.LastCheckIn, k.CheckInCount,
				f.Progress, f.RolledUp, f.Current, f.HasCurrent, f.LastCheckIn, f.CheckInCount)
		}
		if k.ChildCount != f.ChildCount || k.ChildActive != f.ChildActive || k.ChildPersonal != f.ChildPersonal {
			t.Errorf("after %s: goal %d keeps %d children (%d active, %d personal); fresh %d (%d, %d)",
				after, f.ID, k.ChildCount, k.ChildActive, k.ChildPersonal, f.ChildCount, f.ChildActive, f.ChildPersonal)
		}
	}
}

// Every goal write keeps each goal's figures equal to a fresh roll-up: creating a goal under
// another, checking in, editing the figures, the weight and the parent, proposing and approving.
func TestGoalKeptProgressFollowsEveryWrite(t *testing.T) {
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	ctx := context.Background()
	L, M1, E1 := org["L1"], org["M1"], org["E1"]
	ids := map[string]int64{}
	mk := func(name, owner, parent string) func() error {
		return func() error {
			id, err := s.CreateGoal(ctx, L, goalsInput(owner, ids[parent]))
			ids[name] = id
			return err
		}
	}
	checkIn := func(actor store.Person, name, v, on string) func() error {
		return func() error { return s.AddCheckIn(ctx, actor, ids[name], store.CheckInInput{Value: v, OnDate: on}) }
	}
	update := func(name string, change func(*store.GoalInput)) func() error {
		return func() error {
			gs, err := s.Goals(ctx)
			if err != nil {
				return err
			}
			g, _ := gs.Get(ids[name])
			in := store.InputFromGoal(g)
			change(&in)
			return s.UpdateGoal(ctx, L, ids[name], in)
		}
	}
	steps := []struct {
		name string
		do   func() error
	}{
		{"creating the company goal", mk("company", "company", "")},
		{"creating a department goal under it", mk("dept", "department:Inbound Voice", "company")},
		{"creating a second department goal", mk("dept2", "department:Outbound", "company")},
		{"creating a team goal under the first", mk("team", "team:Inbound Voice|Team A", "dept")},
		{"creating a personal goal under the team goal", mk("e2", "person:E2", "team")},
		{"checking in on the personal goal", checkIn(L, "e2", "85", "2026-11-01")},
		{"checking in again, later", checkIn(M1, "e2", "88", "2026-11-20")},
		{"checking in with an earlier date", checkIn(M1, "e2", "81", "2026-10-01")},
		{"checking in on a parent (ignored by its roll-up)", checkIn(L, "team", "89", "")},
		{"checking in on the second department", checkIn(L, "dept2", "95", "")},
		{"changing the personal goal's target", update("e2", func(in *store.GoalInput) { in.Target = "100" })},
		{"changing the personal goal's direction", update("e2", func(in *store.GoalInput) {
			in.Direction, in.Baseline, in.Target = store.DirectionLower, "95", "70"
		})},
		{"changing a department's weight", update("dept2", func(in *store.GoalInput) { in.Weight = "3" })},
		{"moving the team goal to the other department", update("team", func(in *store.GoalInput) { in.ParentID = strconv.FormatInt(ids["dept2"], 10) })},
		{"taking the team goal out of the cascade", update("team", func(in *store.GoalInput) { in.ParentID = "" })},
		{"putting it back", update("team", func(in *store.GoalInput) { in.ParentID = strconv.FormatInt(ids["dept"], 10) })},
		{"an employee proposing a personal goal", func() error {
			id, err := s.CreateGoal(ctx, E1, goalsInput("person:E1", ids["team"]))
			ids["e1"] = id
			return err
		}},
		{"the manager approving it", func() error { return s.ApproveGoal(ctx, M1, ids["e1"]) }},
		{"checking in on the approved goal", checkIn(E1, "e1", "90", "")},
		// The kept child counts (migration 0037) also follow a change of level: a personal goal
		// made a team goal under the department leaves its parent's personal count.
		{"turning a personal goal into a team goal under the department", update("e2", func(in *store.GoalInput) {
			in.Owner, in.ParentID = "team:Inbound Voice|Team A", strconv.FormatInt(ids["dept"], 10)
		})},
		{"an employee proposing a second personal goal", func() error {
			id, err := s.CreateGoal(ctx, E1, goalsInput("person:E1", ids["team"]))
			ids["e1b"] = id
			return err
		}},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		checkKeptGoals(t, s, st.name)
	}
	// The figures moved: the company goal's progress is rolled up and not zero.
	gs, _ := s.Goals(ctx)
	if g, _ := gs.Get(ids["company"]); !g.RolledUp || g.Progress == 0 {
		t.Errorf("company goal: rolled up %v, progress %v", g.RolledUp, g.Progress)
	}
}

// Migration 0023's backfill in SQL gives every goal of the demo the same figures as a fresh
// roll-up in Go (nested cascades, weights, proposals, goals without check-ins).
func TestGoalKeptProgressBackfill(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	checkKeptGoals(t, s, "loading the demo")
	if err := s.RunGoalBackfill(ctx); err != nil {
		t.Fatal(err)
	}
	checkKeptGoals(t, s, "the migration's backfill")
}

// GoalViewScopeFor answers every scope question as GoalScopeFor does — for the leader and
// admin (who skip the reporting tree) and everyone else — on every goal of the demo.
func TestGoalViewScopeAnswersAsTheFullScope(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	gs, err := s.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	people, _, err := s.ListPeople(ctx, store.PeopleFilter{Active: "all", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, p := range people {
		full, err := s.GoalScopeFor(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		view, err := s.GoalViewScopeFor(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if view.All && len(full.Reports) > 0 {
			skipped++ // the tree it did not read
		}
		if view.CanCreateAny() != full.CanCreateAny() || view.MayPickOwners() != full.MayPickOwners() {
			t.Errorf("%s: create any %v, pick owners %v; full scope %v, %v", p.EmployeeID,
				view.CanCreateAny(), view.MayPickOwners(), full.CanCreateAny(), full.MayPickOwners())
		}
		for _, g := range gs.All {
			got := []bool{view.CanSee(g), view.CanManage(g), view.CanCheckIn(g), view.CanEdit(g), view.MayAttachUnder(g), view.MayOwn(g.OwnerID)}
			want := []bool{full.CanSee(g), full.CanManage(g), full.CanCheckIn(g), full.CanEdit(g), full.MayAttachUnder(g), full.MayOwn(g.OwnerID)}
			if !slices.Equal(got, want) {
				t.Fatalf("%s, goal %d: see/manage/check in/edit/attach/own %v; full scope %v", p.EmployeeID, g.ID, got, want)
			}
		}
	}
	if skipped == 0 {
		t.Error("no viewer with a reporting tree skipped it: the test checks nothing")
	}
}
