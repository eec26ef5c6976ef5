package store

import (
	"context"
	"testing"
)

// The home tile's desert count (from the kept last recognitions) agrees with the fairness
// page's list, for the leader's whole organisation and for a manager's team.
func TestDesertCountAgreesWithFairness(t *testing.T) {
	if testing.Short() {
		t.Skip("generates an organisation")
	}
	ctx := context.Background()
	s := generatedStore(t, GenOptions{People: 1500, Recognitions: 6000})
	for _, login := range []string{"leader", "manager"} {
		p, err := s.PersonByEmployeeID(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		deserts, people, err := s.DesertCount(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		f, err := s.TeamFairness(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if deserts != len(f.Desert) || people != len(f.People) || deserts == 0 || deserts == people {
			t.Errorf("%s: %d deserts of %d, fairness page %d of %d", login, deserts, people, len(f.Desert), len(f.People))
		}
	}
	// The leader heads everyone with a manager (the administrator has no reports), so their
	// count needs no walk of the tree (everyoneBelowSQL). Someone else without a manager who
	// has reports makes it a walk again: their report is not the leader's.
	leader, err := s.PersonByEmployeeID(ctx, "leader")
	if err != nil {
		t.Fatal(err)
	}
	var everyone bool
	if err := s.db.QueryRowContext(ctx, everyoneBelowSQL, leader.ID).Scan(&everyone); err != nil || !everyone {
		t.Fatalf("the leader does not head everyone with a manager (%v): the shortcut is not tested", err)
	}
	before, beforePeople, _ := s.DesertCount(ctx, leader.ID)
	other := func(id, manager string) PersonInput {
		return PersonInput{EmployeeID: id, Name: "Person " + id, ManagerEmployeeID: manager, Tier: TierFrontLine,
			Role: RoleEmployee, EmploymentType: EmploymentPermanent, HiredOn: "2024-01-15"}
	}
	if _, err := s.UpsertPeople(ctx, 0, []PersonInput{other("R2", ""), other("R2A", "R2")}, 0); err != nil {
		t.Fatal(err)
	}
	deserts, people, err := s.DesertCount(ctx, leader.ID)
	if err != nil {
		t.Fatal(err)
	}
	if deserts != before || people != beforePeople {
		t.Errorf("another head's report counted as the leader's: %d of %d, was %d of %d", deserts, people, before, beforePeople)
	}
	if f, _ := s.TeamFairness(ctx, leader.ID); len(f.Desert) != deserts || len(f.People) != people {
		t.Errorf("leader: %d of %d, fairness page %d of %d", deserts, people, len(f.Desert), len(f.People))
	}
}
