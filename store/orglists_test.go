package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// orgListsOf reads the three kept lists: departments, a department's teams, the first teams.
func orgListsOf(t *testing.T, s *store.Store, department string) (departments, teams, first []string) {
	t.Helper()
	ctx := context.Background()
	var err error
	if departments, err = s.Departments(ctx); err != nil {
		t.Fatal(err)
	}
	if teams, err = s.Teams(ctx, department); err != nil {
		t.Fatal(err)
	}
	if first, err = s.TeamsUpTo(ctx, 10); err != nil {
		t.Fatal(err)
	}
	return departments, teams, first
}

// The department and team lists are kept a while (orglists.go), yet every way this server
// writes people shows at once, and another app server's writes show within the kept time.
func TestOrgListsFollowPeopleWrites(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := storetest.DB(t, "lists.db")
	here, err := store.Open(path, store.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	defer here.Close()
	other, err := store.Open(path, store.WithClock(clk.now)) // a second app server
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := here.UpsertPeople(ctx, 0, []store.PersonInput{person("E1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	orgListsOf(t, here, "Inbound Voice")
	orgListsOf(t, other, "Inbound Voice")

	// The form (SavePerson): a new department and team.
	in := person("E2", "E1")
	in.Department, in.Team = "Complaints", "Aardvarks"
	if _, err := here.SavePerson(ctx, 0, in); err != nil {
		t.Fatal(err)
	}
	departments, teams, first := orgListsOf(t, here, "Complaints")
	if !slices.Contains(departments, "Complaints") || !slices.Equal(teams, []string{"Aardvarks"}) || first[0] != "Aardvarks" {
		t.Fatalf("after the form: %v, %v, %v", departments, teams, first)
	}

	// The import (UpsertPeople): another team in the same department.
	in = person("E3", "E1")
	in.Department, in.Team = "Complaints", "Badgers"
	if _, err := here.UpsertPeople(ctx, 0, []store.PersonInput{in}, 2); err != nil {
		t.Fatal(err)
	}
	if _, teams, _ := orgListsOf(t, here, "Complaints"); !slices.Equal(teams, []string{"Aardvarks", "Badgers"}) {
		t.Fatalf("after the import: %v", teams)
	}

	// The web import (a confirmed batch): a third team.
	id, err := here.SaveImportBatch(ctx, 0, []byte(importHeader+
		"E4,,Person E4,,Complaints,Cheetahs,E1,front_line,employee,permanent,2024-01-15,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := here.ConfirmImportBatch(ctx, 0, id); err != nil {
		t.Fatal(err)
	}
	if _, teams, _ := orgListsOf(t, here, "Complaints"); !slices.Equal(teams, []string{"Aardvarks", "Badgers", "Cheetahs"}) {
		t.Fatalf("after the web import: %v", teams)
	}

	// The other server still shows what it read, until the kept time runs out.
	if departments, _, first := orgListsOf(t, other, "Inbound Voice"); slices.Contains(departments, "Complaints") || slices.Contains(first, "Aardvarks") {
		t.Fatalf("the other server read its lists again at once: %v, %v", departments, first)
	}
	clk.advance(31 * time.Second)
	if departments, _, first := orgListsOf(t, other, "Inbound Voice"); !slices.Contains(departments, "Complaints") || first[0] != "Aardvarks" {
		t.Fatalf("the other server after the kept time: %v, %v", departments, first)
	}
}
