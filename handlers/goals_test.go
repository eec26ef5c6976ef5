package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"lodestar/store"
)

// goalsSeedOrg: L1 leader; M1 manages Team A (E1, E2) in Inbound Voice; M2 manages Team B
// (E3) in Outbound; both managers report to L1.
func goalsSeedOrg(app *testApp) map[string]store.Person {
	app.t.Helper()
	app.seed(
		store.PersonInput{EmployeeID: "L1", Name: "Lena Leader", Department: "Inbound Voice", Team: "Leadership", Role: store.RoleLeader, Tier: store.TierSeniorLeader},
		store.PersonInput{EmployeeID: "M1", Name: "Max Manager", Department: "Inbound Voice", Team: "Team A", ManagerEmployeeID: "L1", Role: store.RoleManager, Tier: store.TierMiddleManager},
		store.PersonInput{EmployeeID: "E1", Name: "Eve Agent", Department: "Inbound Voice", Team: "Team A", ManagerEmployeeID: "M1"},
		store.PersonInput{EmployeeID: "E2", Name: "Ed Agent", Department: "Inbound Voice", Team: "Team A", ManagerEmployeeID: "M1"},
		store.PersonInput{EmployeeID: "M2", Name: "Mia Manager", Department: "Outbound", Team: "Team B", ManagerEmployeeID: "L1", Role: store.RoleManager, Tier: store.TierMiddleManager},
		store.PersonInput{EmployeeID: "E3", Name: "Eli Agent", Department: "Outbound", Team: "Team B", ManagerEmployeeID: "M2"},
	)
	out := map[string]store.Person{}
	for _, id := range []string{"L1", "M1", "E1", "E2", "M2", "E3"} {
		p, err := app.store.PersonByEmployeeID(context.Background(), id)
		if err != nil {
			app.t.Fatal(err)
		}
		out[id] = p
	}
	return out
}

func goalsForm(title, owner string, parent int64) url.Values {
	v := url.Values{"title": {title}, "perspective": {"customer"}, "kpi": {"CSAT"}, "unit": {"%"}, "direction": {"higher"},
		"baseline": {"80"}, "target": {"90"}, "start_on": {"2026-01-01"}, "due_on": {"2026-12-31"}, "owner": {owner}, "weight": {"1"}}
	if parent != 0 {
		v.Set("parent_id", strconv.FormatInt(parent, 10))
	}
	return v
}

// goalsCreated posts the goal form and returns the new goal's ID from the redirect.
func goalsCreated(t *testing.T, c *client, form url.Values) int64 {
	t.Helper()
	res := c.post("/goals", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create goal %q: status %d\n%s", form.Get("title"), res.StatusCode, res.Body)
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/goals/"), 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", res.Header.Get("Location"))
	}
	return id
}

// goalsCascade creates company → department → team → E1's personal goal as the right people.
func goalsCascade(t *testing.T, app *testApp) (company, dept, team, personal int64) {
	t.Helper()
	leader, mgr := app.signedIn("L1"), app.signedIn("M1")
	company = goalsCreated(t, leader, goalsForm("Delight our customers", "company", 0))
	dept = goalsCreated(t, leader, goalsForm("Inbound CSAT 88%", "department:Inbound Voice", company))
	team = goalsCreated(t, mgr, goalsForm("Team A CSAT 90%", "team:Inbound Voice|Team A", dept))
	personal = goalsCreated(t, mgr, goalsForm("Eve's CSAT 92%", "person:E1", team))
	return
}

func TestGoalsWhoMayCreateOverHTTP(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	company, _, team, _ := goalsCascade(t, app)
	cases := []struct {
		who, owner string
		parent     int64
		want       int
	}{
		{"M1", "company", 0, http.StatusForbidden},
		{"E1", "company", 0, http.StatusForbidden},
		{"M1", "department:Outbound", company, http.StatusForbidden},
		{"M2", "team:Inbound Voice|Team A", 0, http.StatusForbidden},
		{"M2", "person:E1", 0, http.StatusForbidden},
		{"E1", "person:E2", team, http.StatusForbidden},
		{"E1", "team:Inbound Voice|Team A", 0, http.StatusForbidden},
		{"M2", "department:Outbound", company, http.StatusForbidden}, // leads a team, not the department
		{"L1", "department:Outbound", company, http.StatusSeeOther},
		{"E1", "person:E1", team, http.StatusSeeOther}, // a proposal
	}
	for _, c := range cases {
		res := app.signedIn(c.who).post("/goals", goalsForm("x", c.owner, c.parent))
		if res.StatusCode != c.want {
			t.Errorf("%s creates a goal for %s: %d, want %d", c.who, c.owner, res.StatusCode, c.want)
		}
	}
}

func TestGoalsFormKeepsInputAndShowsErrors(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	form := goalsForm("Cut handle time", "company", 0)
	form.Set("direction", "lower")
	form.Set("baseline", "300")
	form.Set("target", "400")
	form.Set("kpi", "")
	res := app.signedIn("L1").post("/goals", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("[data-testid=error-target]").Length() != 1 || doc.Find("[data-testid=error-kpi]").Length() != 1 {
		t.Error("errors not shown next to target and KPI")
	}
	if v, _ := doc.Find("input[name=title]").Attr("value"); v != "Cut handle time" {
		t.Errorf("title lost: %q", v)
	}
	if v, _ := doc.Find("input[name=baseline]").Attr("value"); v != "300" {
		t.Errorf("baseline lost: %q", v)
	}
	if v, _ := doc.Find("select[name=direction] option[selected]").Attr("value"); v != "lower" {
		t.Errorf("direction lost: %q", v)
	}
	if v, _ := doc.Find("select[name=owner] option[selected]").Attr("value"); v != "company" {
		t.Errorf("owner lost: %q", v)
	}
	gs, _ := app.store.Goals(context.Background())
	if len(gs.All) != 0 {
		t.Error("a refused goal was saved")
	}
}

func TestGoalsPersonalGoalPrivacy(t *testing.T) {
	app := newTestApp(t)
	org := goalsSeedOrg(app)
	_, _, team, personal := goalsCascade(t, app)
	path := fmt.Sprintf("/goals/%d", personal)
	for who, want := range map[string]int{"E1": 200, "M1": 200, "L1": 200, "E2": 404, "M2": 404, "E3": 404} {
		if res := app.signedIn(who).get(path); res.StatusCode != want {
			t.Errorf("%s GET own/other's personal goal: %d, want %d", who, res.StatusCode, want)
		}
	}
	// Team goals are open to everyone, in any department.
	if res := app.signedIn("E3").get(fmt.Sprintf("/goals/%d", team)); res.StatusCode != http.StatusOK {
		t.Errorf("another department's agent reads a team goal: %d", res.StatusCode)
	}
	// The tree leaves the personal goal out for a colleague, and shows it to the manager.
	sel := fmt.Sprintf("[data-testid=goal][data-goal-id='%d']", personal)
	if n := app.signedIn("E2").get("/goals/tree").doc(t).Find(sel).Length(); n != 0 {
		t.Error("a colleague sees Eve's personal goal in the tree")
	}
	if n := app.signedIn("M1").get("/goals/tree").doc(t).Find(sel).Length(); n != 1 {
		t.Error("the manager does not see Eve's personal goal in the tree")
	}
	if n := app.signedIn("E2").get(fmt.Sprintf("/goals/%d", team)).doc(t).Find(sel).Length(); n != 0 {
		t.Error("a colleague sees Eve's personal goal under the team goal")
	}
	// Profile section: the manager sees Eve's goals on her profile, a colleague does not.
	profile := fmt.Sprintf("/people/%d", org["E1"].ID)
	if app.signedIn("M1").get(profile).doc(t).Find("[data-testid=profile-goals]").Length() != 1 {
		t.Error("manager does not see the goals on Eve's profile")
	}
	if app.signedIn("E2").get(profile).doc(t).Find("[data-testid=profile-goals]").Length() != 0 {
		t.Error("a colleague sees the goals on Eve's profile")
	}
}

func TestGoalsCheckInsByOwnerOrManager(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	_, dept, team, personal := goalsCascade(t, app)
	eve := app.signedIn("E1")
	path := fmt.Sprintf("/goals/%d/checkins", personal)

	// Bad input comes back with the error next to the field and what was typed kept.
	res := eve.post(path, url.Values{"value": {"ninety"}, "comment": {"Good week"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad check-in: %d", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("[data-testid=error-value]").Length() != 1 {
		t.Error("no error next to the value")
	}
	if v, _ := doc.Find("input[name=value]").Attr("value"); v != "ninety" {
		t.Errorf("value lost: %q", v)
	}
	if strings.TrimSpace(doc.Find("textarea[name=comment]").Text()) != "Good week" {
		t.Error("comment lost")
	}

	for who, want := range map[string]int{"E1": 303, "M1": 303, "L1": 303, "E2": 404, "M2": 404} {
		res := app.signedIn(who).post(path, url.Values{"value": {"86"}, "comment": {"by " + who}, "on_date": {"2026-11-20"}})
		if res.StatusCode != want {
			t.Errorf("%s checks in on Eve's goal: %d, want %d", who, res.StatusCode, want)
		}
	}
	// Team goal: Eve (not its manager) is refused; department goal: M2 is refused.
	if res := eve.post(fmt.Sprintf("/goals/%d/checkins", team), url.Values{"value": {"85"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("employee checks in on the team goal: %d", res.StatusCode)
	}
	if res := app.signedIn("M2").post(fmt.Sprintf("/goals/%d/checkins", dept), url.Values{"value": {"85"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("another department's manager checks in: %d", res.StatusCode)
	}

	page := eve.get(fmt.Sprintf("/goals/%d", personal))
	doc = page.doc(t)
	if n := doc.Find("[data-testid=goal-checkins] tbody tr").Length(); n != 3 {
		t.Errorf("%d check-ins listed, want 3", n)
	}
	if doc.Find("[data-testid=chart-line]").Length() != 1 || doc.Find("[data-testid=chart-target]").Length() != 1 {
		t.Error("the chart lacks the line or the target line")
	}
	if title := doc.Find("[data-testid=goal-chart] title").First().Text(); !strings.Contains(title, "3 check-ins") || !strings.Contains(title, "86%") {
		t.Errorf("chart text alternative: %q", title)
	}
	// Progress (86 − 80) / (90 − 80) = 60%; the page says it with the value and the target.
	if text := doc.Find(".progress-text").First().Text(); !strings.Contains(text, "60%") || !strings.Contains(text, "86%") || !strings.Contains(text, "90%") {
		t.Errorf("progress text %q", text)
	}
}

func TestGoalsMyGoalsShowsChainToStrategy(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	_, err := app.store.DB().Exec(`INSERT INTO strategic_priorities (name_en, name_zh, position, created_at)
		VALUES ('Resolve it the first time', '一次解决', 1, '2026-01-01T00:00:00Z')`)
	if err != nil {
		t.Fatal(err)
	}
	leader, mgr := app.signedIn("L1"), app.signedIn("M1")
	cf := goalsForm("First-contact resolution 80%", "company", 0)
	cf.Set("priority_id", "1")
	company := goalsCreated(t, leader, cf)
	team := goalsCreated(t, mgr, goalsForm("Team A FCR 82%", "team:Inbound Voice|Team A", company))
	goalsCreated(t, mgr, goalsForm("Eve's FCR 85%", "person:E1", team))

	doc := app.signedIn("E1").get("/goals").doc(t)
	card := doc.Find("[data-testid=my-goals] .goal-card").First()
	chain := card.Find("[data-testid=goal-chain]")
	if got := chain.Find("[data-testid=goal-priority]").Text(); !strings.Contains(got, "Resolve it the first time") {
		t.Errorf("strategy not shown above the goal: %q", got)
	}
	links := chain.Find("a")
	if links.Length() != 2 || links.Eq(0).Text() != "First-contact resolution 80%" || links.Eq(1).Text() != "Team A FCR 82%" {
		t.Errorf("chain: %d links %q", links.Length(), links.Text())
	}
	if card.Find("[data-testid=goal] .goal-title").Text() != "Eve's FCR 85%" {
		t.Error("my goal is not under its chain")
	}

	// The same page in Chinese names the strategy in Chinese and the status in Chinese.
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/goals", nil)
	req.Header.Set("Accept-Language", "zh-CN")
	c := app.signedIn("E1")
	zh := c.do(req)
	if !strings.Contains(zh.Body, "一次解决") || !strings.Contains(zh.Body, "我的目标") {
		t.Error("Chinese page lacks the Chinese strategy name or title")
	}
}

func TestGoalsEmptyStatesTeach(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	doc := app.signedIn("L1").get("/goals/tree").doc(t)
	if a, _ := doc.Find("[data-testid=empty] a").Attr("href"); a != "/goals/new" {
		t.Errorf("leader's empty tree offers %q", a)
	}
	doc = app.signedIn("E1").get("/goals").doc(t)
	if a, _ := doc.Find("[data-testid=empty] a").Attr("href"); a != "/goals/new" {
		t.Errorf("agent's empty My goals offers %q", a)
	}
	if app.signedIn("E1").get("/").doc(t).Find("[data-testid=home-goals]").Length() != 1 {
		t.Error("no goals card on the home page")
	}
}

func TestGoalsProposalAndApproval(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	_, _, team, _ := goalsCascade(t, app)
	eve := app.signedIn("E1")
	form := goalsForm("Learn the billing system", "person:E1", 0)
	res := eve.post("/goals", form)
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-parent_id]").Length() != 1 {
		t.Fatalf("proposal without a team goal: %d", res.StatusCode)
	}
	form.Set("parent_id", strconv.FormatInt(team, 10))
	id := goalsCreated(t, eve, form)
	page := eve.get(fmt.Sprintf("/goals/%d", id)).doc(t)
	if page.Find("[data-testid=checkin-form]").Length() != 0 {
		t.Error("a proposal offers a check-in form")
	}
	if res := eve.post(fmt.Sprintf("/goals/%d/approve", id), nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("owner approves own proposal: %d", res.StatusCode)
	}
	if res := eve.get("/goals/team"); res.StatusCode != http.StatusForbidden {
		t.Errorf("employee GET /goals/team: %d", res.StatusCode)
	}
	mgr := app.signedIn("M1")
	team1 := mgr.get("/goals/team").doc(t)
	if team1.Find("[data-testid=goal-proposals] li").Length() != 1 {
		t.Error("the manager's team page does not list the proposal")
	}
	if team1.Find("[data-testid=team-people-goals] tbody tr").Length() < 2 {
		t.Error("the team page does not list both reports")
	}
	if res := mgr.post(fmt.Sprintf("/goals/%d/approve", id), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("manager approves: %d", res.StatusCode)
	}
	if eve.get(fmt.Sprintf("/goals/%d", id)).doc(t).Find("[data-testid=checkin-form]").Length() != 1 {
		t.Error("an approved goal offers no check-in form to its owner")
	}
}

func TestGoalsEditPermissions(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	company, _, team, _ := goalsCascade(t, app)
	edit := goalsForm("Team A CSAT 91%", "ignored", company)
	for who, want := range map[string]int{"E1": 403, "M2": 403, "M1": 303} {
		if res := app.signedIn(who).post(fmt.Sprintf("/goals/%d", team), edit); res.StatusCode != want {
			t.Errorf("%s edits the team goal: %d, want %d", who, res.StatusCode, want)
		}
	}
	if res := app.signedIn("M1").get(fmt.Sprintf("/goals/%d/edit", company)); res.StatusCode != http.StatusForbidden {
		t.Errorf("manager opens the company goal's edit form: %d", res.StatusCode)
	}
	if res := app.signedIn("L1").get(fmt.Sprintf("/goals/%d/edit", company)); res.StatusCode != http.StatusOK {
		t.Errorf("leader opens the edit form: %d", res.StatusCode)
	}
	// "Add a goal under this one": an agent under their own team's goal (a proposal), not under the company's.
	eve := app.signedIn("E1")
	if eve.get(fmt.Sprintf("/goals/%d", team)).doc(t).Find("[data-testid=goal-add-child]").Length() != 1 {
		t.Error("agent is not offered to propose a goal under their team's goal")
	}
	if eve.get(fmt.Sprintf("/goals/%d", company)).doc(t).Find("[data-testid=goal-add-child], [data-testid=goal-edit]").Length() != 0 {
		t.Error("agent is offered to add to or edit the company goal")
	}
}

func TestGoalsAPITree(t *testing.T) {
	app := newTestApp(t)
	org := goalsSeedOrg(app)
	company, dept, team, personal := goalsCascade(t, app)
	if res := app.signedIn("E1").post(fmt.Sprintf("/goals/%d/checkins", personal), url.Values{"value": {"85"}}); res.StatusCode != 303 {
		t.Fatal(res.StatusCode)
	}
	secret, err := app.store.CreateToken(context.Background(), org["L1"].ID, "bi")
	if err != nil {
		t.Fatal(err)
	}
	c := app.client()
	if res := c.get("/api/v1/goals"); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("no token: %d", res.StatusCode)
	}
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/api/v1/goals", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	res := c.do(req)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	type node struct {
		ID              int64    `json:"id"`
		Level           string   `json:"level"`
		Progress        float64  `json:"progress"`
		ProgressPercent int      `json:"progress_percent"`
		Status          string   `json:"status"`
		Stale           bool     `json:"stale"`
		RolledUp        bool     `json:"rolled_up"`
		Current         *float64 `json:"current"`
		Owner           struct {
			EmployeeID string `json:"employee_id"`
		} `json:"owner"`
		Children []node `json:"children"`
	}
	var body struct {
		AsOf  string `json:"as_of"`
		Goals []node `json:"goals"`
	}
	if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
		t.Fatal(err)
	}
	if body.AsOf != "2026-11-23" || len(body.Goals) != 1 || body.Goals[0].ID != company || body.Goals[0].Level != "company" {
		t.Fatalf("body: %+v", body)
	}
	d := body.Goals[0].Children
	if len(d) != 1 || d[0].ID != dept || len(d[0].Children) != 1 || d[0].Children[0].ID != team {
		t.Fatalf("tree shape: %+v", body.Goals[0])
	}
	p := d[0].Children[0].Children
	if len(p) != 1 || p[0].ID != personal || p[0].Owner.EmployeeID != "E1" || p[0].Current == nil || *p[0].Current != 85 {
		t.Fatalf("personal goal: %+v", p)
	}
	// 85 from 80 to 90 is 50%, and every level above rolls up the one child: 50%.
	// On 23 Nov 2026, 326 of 364 days have passed (89.6% expected): 39.6 points behind, off track.
	for _, n := range []node{body.Goals[0], d[0], d[0].Children[0], p[0]} {
		if n.Progress != 0.5 || n.ProgressPercent != 50 || n.Status != store.StatusOffTrack {
			t.Errorf("goal %d: progress %v (%d%%) status %s", n.ID, n.Progress, n.ProgressPercent, n.Status)
		}
	}
	if !body.Goals[0].RolledUp || p[0].RolledUp {
		t.Error("rolled_up flags wrong")
	}
}

// The tree shows company → department → team → person nested, each with its progress and
// status; a parent's progress is its children's roll-up.
func TestGoalsTreeShowsProgressAndStatusNested(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	company, dept, team, personal := goalsCascade(t, app)
	mgr := app.signedIn("M1")
	if res := mgr.post(fmt.Sprintf("/goals/%d/checkins", personal), url.Values{"value": {"86"}, "on_date": {"2026-11-20"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("check-in: %d", res.StatusCode)
	}
	doc := mgr.get("/goals/tree").doc(t)
	line := func(id int64) string { return fmt.Sprintf("[data-testid=goal][data-goal-id='%d']", id) }
	for _, chain := range [][2]int64{{company, dept}, {dept, team}, {team, personal}} {
		parentNode := doc.Find(line(chain[0])).Closest(".goal-node")
		if parentNode.Find(line(chain[1])).Length() != 1 {
			t.Errorf("goal %d is not nested under goal %d", chain[1], chain[0])
		}
	}
	for _, id := range []int64{company, dept, team, personal} {
		g := doc.Find(line(id))
		// 80 → 90, now 86: 60% everywhere up the chain (one child at each level).
		if text := g.Find(".progress-text").Text(); !strings.Contains(text, "60%") {
			t.Errorf("goal %d progress: %q", id, text)
		}
		if status, _ := g.Find("[data-testid=goal-status]").Attr("data-status"); status == "" {
			t.Errorf("goal %d shows no status", id)
		}
	}
}

// A goal can align to a value as well as a strategic priority: chosen on the form, shown on
// the goal page and in the API; a retired value stays on a goal that already has it.
func TestGoalsAlignToAValue(t *testing.T) {
	app := newTestApp(t)
	org := goalsSeedOrg(app)
	if _, err := app.store.DB().Exec(`INSERT INTO culture_values (id, name_en, name_zh, position, created_at)
		VALUES (5, 'Teamwork', '团队协作', 1, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	leader := app.signedIn("L1")
	form := goalsForm("Help each other win", "company", 0)
	form.Set("value_id", "5")
	id := goalsCreated(t, leader, form)
	page := fmt.Sprintf("/goals/%d", id)
	if got := leader.get(page).doc(t).Find("[data-testid=goal-value]").Text(); got != "Teamwork" {
		t.Errorf("goal page value: %q", got)
	}
	secret, err := app.store.CreateToken(context.Background(), org["L1"].ID, "bi")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/api/v1/goals", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	var tree struct {
		Goals []struct {
			Value *struct {
				ID int64 `json:"id"`
			} `json:"value"`
		} `json:"goals"`
	}
	body := app.client().do(req).Body
	if err := json.Unmarshal([]byte(body), &tree); err != nil || len(tree.Goals) != 1 || tree.Goals[0].Value == nil || tree.Goals[0].Value.ID != 5 {
		t.Errorf("API lacks the value: %v %s", err, body)
	}

	if _, err := app.store.DB().Exec(`UPDATE culture_values SET retired_at = '2026-06-01T00:00:00Z' WHERE id = 5`); err != nil {
		t.Fatal(err)
	}
	if _, sel := leader.get(page + "/edit").doc(t).Find(`select[name=value_id] option[value="5"]`).Attr("selected"); !sel {
		t.Error("the edit form drops the retired value the goal stands for")
	}
	form.Set("title", "Help each other win, always")
	if res := leader.post(page, form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saving a goal with its retired value: %d", res.StatusCode)
	}
	if res := leader.post("/goals", form); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a new goal on a retired value: %d", res.StatusCode)
	}
}

// A manager returns a proposal with a note: a blank or too long note comes back next to the
// field with what was typed; the owner and other managers may not; the owner is told which
// goal and the note, in English and in Chinese, and may still edit the proposal.
func TestGoalsReturnWithNote(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	_, _, team, _ := goalsCascade(t, app)
	eve := app.signedIn("E1")
	id := goalsCreated(t, eve, goalsForm("Learn the billing system", "person:E1", team))
	path := fmt.Sprintf("/goals/%d/return", id)

	mgr := app.signedIn("M1")
	if mgr.get(fmt.Sprintf("/goals/%d", id)).doc(t).Find("[data-testid=goal-return-form]").Length() != 1 {
		t.Error("the manager is not offered to return the proposal")
	}
	if eve.get(fmt.Sprintf("/goals/%d", id)).doc(t).Find("[data-testid=goal-return-form]").Length() != 0 {
		t.Error("the owner is offered to return their own proposal")
	}
	res := mgr.post(path, url.Values{"note": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-note]").Length() != 1 {
		t.Errorf("blank note: %d, want 422 with the error next to the note", res.StatusCode)
	}
	long := strings.Repeat("x", 501)
	res = mgr.post(path, url.Values{"note": {long}})
	doc := res.doc(t)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find("[data-testid=error-note]").Length() != 1 ||
		doc.Find("[data-testid=goal-return-form] textarea[name=note]").Text() != long {
		t.Errorf("501-character note: %d, want 422 with the error and the note kept", res.StatusCode)
	}
	if res := eve.post(path, url.Values{"note": {"fine"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("owner returns own proposal: %d, want 403", res.StatusCode)
	}
	if res := app.signedIn("M2").post(path, url.Values{"note": {"no"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("another team's manager returns: %d, want 404", res.StatusCode)
	}
	if res := mgr.post(path, url.Values{"note": {"Please add a due date"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("manager returns: %d", res.StatusCode)
	}

	if body := eve.get("/notifications").Body; !strings.Contains(body, "returned your goal “Learn the billing system” with a note: Please add a due date") {
		t.Error("the owner's notifications do not name the returned goal and the note in English")
	}
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/notifications", nil)
	req.Header.Set("Accept-Language", "zh-CN")
	if body := app.signedIn("E1").do(req).Body; !strings.Contains(body, "退回了您的目标“Learn the billing system”，并附言：Please add a due date") {
		t.Error("the owner's notifications do not name the returned goal and the note in Chinese")
	}
	if eve.get(fmt.Sprintf("/goals/%d", id)).doc(t).Find("[data-testid=goal-edit]").Length() != 1 {
		t.Error("the owner cannot edit the returned proposal")
	}
}
