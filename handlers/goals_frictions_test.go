package handlers_test

import (
	"net/http"
	"strconv"
	"testing"

	"lodestar/store"
)

// TestGoalsAddUnderCopiesFromParent: "add under this goal" opens the form with the parent's
// KPI, unit, direction, perspective and priority, and a parent the person cannot see copies
// nothing.
func TestGoalsAddUnderCopiesFromParent(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	if _, err := app.store.DB().Exec(`INSERT INTO strategic_priorities (name_en, name_zh, position, created_at)
		VALUES ('Resolve it the first time', '一次解决', 1, '2026-01-01T00:00:00Z'), ('Grow', '增长', 2, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	leader := app.signedIn("L1")
	form := goalsForm("Average handle time 300 s", "company", 0)
	form.Set("kpi", "Average handle time")
	form.Set("unit", "s")
	form.Set("direction", "lower")
	form.Set("perspective", "internal")
	form.Set("baseline", "400")
	form.Set("target", "300")
	form.Set("priority_id", "2")
	parent := goalsCreated(t, leader, form)

	doc := app.signedIn("M1").get("/goals/new?parent=" + strconv.FormatInt(parent, 10)).doc(t)
	for name, want := range map[string]string{"kpi": "Average handle time", "unit": "s"} {
		if got, _ := doc.Find("input[name=" + name + "]").Attr("value"); got != want {
			t.Errorf("%s = %q, want the parent's %q", name, got, want)
		}
	}
	if got, _ := doc.Find("input[name=parent_id][checked]").Attr("value"); got != strconv.FormatInt(parent, 10) {
		t.Errorf("parent_id chosen %q, want %d", got, parent)
	}
	for name, want := range map[string]string{"direction": "lower", "perspective": "internal", "priority_id": "2"} {
		if got, _ := doc.Find("select[name=" + name + "] option[selected]").Attr("value"); got != want {
			t.Errorf("%s selected %q, want %q", name, got, want)
		}
	}

	// E1's personal goal is hidden from E3: adding under it copies nothing.
	personal := goalsCreated(t, app.signedIn("M1"), goalsForm("Eve's CSAT", "person:E1", 0))
	doc = app.signedIn("E3").get("/goals/new?parent=" + strconv.FormatInt(personal, 10)).doc(t)
	if got, _ := doc.Find("input[name=kpi]").Attr("value"); got != "" {
		t.Errorf("a hidden parent's KPI %q was copied", got)
	}
}

// TestGoalsTeamLeadIsNotOfferedTheDepartment: the owner picker offers a team lead their team
// and their people, not their department; the head of a department (someone below them
// works in another team) and leaders are offered it.
func TestGoalsTeamLeadIsNotOfferedTheDepartment(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	app.seed(
		store.PersonInput{EmployeeID: "H1", Name: "Hana Head", Department: "Outbound", Team: "Leadership", ManagerEmployeeID: "L1", Role: store.RoleManager, Tier: store.TierMiddleManager},
		store.PersonInput{EmployeeID: "M3", Name: "Mo Manager", Department: "Outbound", Team: "Team C", ManagerEmployeeID: "H1", Role: store.RoleManager, Tier: store.TierMiddleManager},
		store.PersonInput{EmployeeID: "E4", Name: "Ela Agent", Department: "Outbound", Team: "Team C", ManagerEmployeeID: "M3"},
	)
	offered := func(who, value string) bool {
		res := app.signedIn(who).get("/goals/new")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: /goals/new %d", who, res.StatusCode)
		}
		return res.doc(t).Find(`select[name=owner] option[value="`+value+`"]`).Length() == 1
	}
	for _, c := range []struct {
		who, value string
		want       bool
	}{
		{"M1", "department:Inbound Voice", false}, // a team lead
		{"M1", "team:Inbound Voice|Team A", true},
		{"M1", "person", true}, // their reports: through the owner picker (goals_picker_test.go)
		{"M3", "department:Outbound", false},
		{"H1", "department:Outbound", true}, // heads Outbound: M3's team is below
		{"H1", "team:Outbound|Team C", true},
		{"L1", "department:Outbound", true},
	} {
		if got := offered(c.who, c.value); got != c.want {
			t.Errorf("%s offered %s: %v, want %v", c.who, c.value, got, c.want)
		}
	}
	// The store holds the same rule: a hand-made POST by a team lead for their department is
	// refused and saves nothing; the department's head may.
	before := goalsCount(t, app)
	if res := app.signedIn("M3").post("/goals", goalsForm("Outbound NPS", "department:Outbound", 0)); res.StatusCode == http.StatusSeeOther {
		t.Fatalf("a team lead created a department goal by a crafted POST: %d", res.StatusCode)
	}
	if got := goalsCount(t, app); got != before {
		t.Fatalf("refused department goal saved something: %d goals, want %d", got, before)
	}
	goalsCreated(t, app.signedIn("H1"), goalsForm("Outbound NPS", "department:Outbound", 0))
}

func goalsCount(t *testing.T, app *testApp) int {
	t.Helper()
	var n int
	if err := app.store.DB().QueryRow("SELECT count(*) FROM goals").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
