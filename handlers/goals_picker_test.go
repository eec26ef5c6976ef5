package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"lodestar/store"
)

// goalsPickerOrg is goalsSeedOrg plus 1,100 people whose names sort first and 王小明 (W1,
// in M2's team), so the owner cannot be among the first 1,000 people of any list.
func goalsPickerOrg(t *testing.T, app *testApp) {
	t.Helper()
	goalsSeedOrg(app)
	var extra []store.PersonInput
	for i := range 1100 {
		extra = append(extra, store.PersonInput{EmployeeID: fmt.Sprintf("F%04d", i), Name: fmt.Sprintf("Aaron Filler %04d", i),
			Department: "Outbound", Team: "Team B", ManagerEmployeeID: "M2", Tier: store.TierFrontLine, Role: store.RoleEmployee,
			EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01"})
	}
	extra = append(extra, store.PersonInput{EmployeeID: "W1", Name: "王小明", Department: "Outbound", Team: "Team B",
		ManagerEmployeeID: "M2", Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01"})
	if _, err := app.store.UpsertPeople(context.Background(), 0, extra, 0); err != nil {
		t.Fatal(err)
	}
}

// goalOwnerPick asks the owner picker's search endpoint as c and returns the employee IDs.
func goalOwnerPick(t *testing.T, c *client, q string) []string {
	t.Helper()
	res := c.get("/people/pick?scope=goal_owner&q=" + url.QueryEscape(q))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("pick %q: %d", q, res.StatusCode)
	}
	var body struct {
		People []struct {
			EmployeeID string `json:"employee_id"`
		} `json:"people"`
	}
	if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range body.People {
		ids = append(ids, p.EmployeeID)
	}
	return ids
}

// A leader finds 王小明 (sorted after 1,100 others) by pinyin initials, with JavaScript (the
// scoped search endpoint) and without (the form's Search button), and makes them the owner.
func TestGoalOwnerPickerLeaderFindsAnyoneByPinyin(t *testing.T) {
	app := newTestApp(t)
	goalsPickerOrg(t, app)
	leader := app.signedIn("L1")

	if got := goalOwnerPick(t, leader, "wxm"); len(got) == 0 || got[0] != "W1" {
		t.Errorf("leader's owner search for wxm: %v, want W1 first", got)
	}
	form := goalsForm("Learn the new dialler", "person", 0)
	form.Set("owner_q", "wxm")
	res := leader.get("/goals/new?" + form.Encode())
	if res.StatusCode != http.StatusOK {
		t.Fatalf("no-JS search: %d", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("#picker-owner_person input[name=owner_person][value=W1]").Length() != 1 {
		t.Error("the no-JS search does not offer 王小明 to choose")
	}
	if v, _ := doc.Find("input[name=title]").Attr("value"); v != "Learn the new dialler" {
		t.Errorf("title lost by the search: %q", v)
	}
	if v, _ := doc.Find("select[name=owner] option[selected]").Attr("value"); v != "person" {
		t.Errorf("owner choice lost by the search: %q", v)
	}
	if doc.Find("select[name=owner] option[value='person:W1']").Length() != 0 {
		t.Error("people are still listed in the owner select")
	}

	form.Del("owner_q")
	form.Set("owner_person", "W1")
	id := goalsCreated(t, leader, form)
	gs, err := app.store.Goals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := gs.Get(id); !ok || g.OwnerEID != "W1" || g.Level != store.LevelPerson {
		t.Errorf("goal %d: owner %q level %q, want W1's personal goal", id, g.OwnerEID, g.Level)
	}
}

// A manager's owner picker offers only their reports; a person outside them posted anyway is
// refused next to the picker with the form kept, and nothing is saved.
func TestGoalOwnerPickerManagerOnlyReports(t *testing.T) {
	app := newTestApp(t)
	goalsPickerOrg(t, app)
	mgr := app.signedIn("M1")

	if got := goalOwnerPick(t, mgr, "wxm"); len(got) != 0 {
		t.Errorf("M1's owner search offers %v outside their reports", got)
	}
	if got := goalOwnerPick(t, mgr, "Eve"); len(got) != 1 || got[0] != "E1" {
		t.Errorf("M1's owner search for Eve: %v, want [E1]", got)
	}
	form := goalsForm("Handle 20 chats a day", "person", 0)
	form.Set("owner_person", "W1")
	res := mgr.post("/goals", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("M1 sets W1 as owner: %d, want 422", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("#picker-owner_person [data-testid=error-owner_person]").Length() != 1 {
		t.Error("no error next to the owner picker")
	}
	if v, _ := doc.Find("input[name=title]").Attr("value"); v != "Handle 20 chats a day" {
		t.Errorf("title lost: %q", v)
	}
	if v, _ := doc.Find("select[name=owner] option[selected]").Attr("value"); v != "person" {
		t.Errorf("owner choice lost: %q", v)
	}
	if doc.Find("input[name=owner_person][value=W1][checked]").Length() != 1 {
		t.Error("the chosen person is not kept in the picker")
	}
	gs, _ := app.store.Goals(context.Background())
	if len(gs.All) != 0 {
		t.Error("a refused goal was saved")
	}

	form.Set("owner_person", "E1") // their report is fine
	goalsCreated(t, mgr, form)
}
