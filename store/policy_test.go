package store_test

import (
	"strings"
	"testing"

	"lodestar/store"
)

// TestPolicyTable writes out who may do what, for every action and role: a change to the
// policy must change this table too. Reach: none, self, below (oneself and one's reporting
// lines), all.
func TestPolicyTable(t *testing.T) {
	want := map[store.Action]string{
		//                              employee manager leader admin
		store.ActionUseSite:          "all all all all",
		store.ActionSeePerson:        "self below all all",
		store.ActionSeeReports:       "none below all all",
		store.ActionReview:           "none below all all",
		store.ActionManageGoals:      "none below all all",
		store.ActionCommend:          "none below all all",
		store.ActionAwardLeaderBadge: "none none all all",
		store.ActionManageContent:    "none none all all",
		store.ActionModerate:         "none none all all",
		store.ActionAdminister:       "none none none all",
	}
	names := map[store.Reach]string{store.ReachNone: "none", store.ReachSelf: "self", store.ReachBelow: "below", store.ReachAll: "all"}
	if len(store.Actions) != len(want) {
		t.Fatalf("%d actions, the table here has %d: add the new action's row", len(store.Actions), len(want))
	}
	for _, a := range store.Actions {
		var got []string
		for _, role := range store.Roles {
			got = append(got, names[store.ReachOf(store.Person{Role: role}, a)])
		}
		if w, ok := want[a]; !ok || strings.Join(got, " ") != w {
			t.Errorf("%s: got %q, want %q", a, strings.Join(got, " "), w)
		}
	}
	// An unknown role or action may nothing.
	if store.May(store.Person{Role: "intern"}, store.ActionUseSite) || store.May(store.Person{Role: store.RoleAdmin}, "fly") {
		t.Error("an unknown role or action is allowed")
	}
	if got := store.RolesThatMay(store.ActionSeeReports); strings.Join(got, ",") != "manager,leader,admin" {
		t.Errorf("RolesThatMay(see_reports) = %v", got)
	}
}

// TestPolicyMayOn: whom an action reaches, for oneself, someone below and someone else.
func TestPolicyMayOn(t *testing.T) {
	const me, other = 1, 2
	for _, c := range []struct {
		role   string
		a      store.Action
		target int64
		below  bool
		want   bool
	}{
		{store.RoleEmployee, store.ActionSeePerson, me, false, true},
		{store.RoleEmployee, store.ActionSeePerson, other, true, false}, // self only, even if "below"
		{store.RoleManager, store.ActionSeePerson, other, true, true},
		{store.RoleManager, store.ActionSeePerson, other, false, false},
		{store.RoleManager, store.ActionSeePerson, me, false, true},
		{store.RoleLeader, store.ActionSeePerson, other, false, true},
		{store.RoleManager, store.ActionCommend, other, false, false},
		{store.RoleManager, store.ActionCommend, other, true, true},
		{store.RoleAdmin, store.ActionCommend, other, false, true},
		{store.RoleEmployee, store.ActionReview, me, false, false},
		{store.RoleManager, store.ActionAdminister, me, false, false},
	} {
		p := store.Person{ID: me, Role: c.role}
		if got := store.MayOn(p, c.a, c.target, c.below); got != c.want {
			t.Errorf("%s %s on %d (below %v): got %v, want %v", c.role, c.a, c.target, c.below, got, c.want)
		}
	}
}

// TestPolicyBadgeRules: who may award a badge by its rule (peers, managers, leaders).
func TestPolicyBadgeRules(t *testing.T) {
	want := map[string]string{
		//                     employee manager leader admin
		store.AwardPeers:    "yes yes yes yes",
		store.AwardManagers: "no yes yes yes",
		store.AwardLeaders:  "no no yes yes",
		"someone":           "no no no no",
	}
	for rule, w := range want {
		var got []string
		for _, role := range store.Roles {
			if store.MayAwardBadge(store.Person{Role: role}, rule) {
				got = append(got, "yes")
			} else {
				got = append(got, "no")
			}
		}
		if strings.Join(got, " ") != w {
			t.Errorf("badge rule %q: got %q, want %q", rule, strings.Join(got, " "), w)
		}
	}
}
