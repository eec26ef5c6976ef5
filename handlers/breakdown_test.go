package handlers_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// unitOrg seeds 200 teams: departments D1–D4, each a head (manager, team "Head") and 50 teams
// "Team 001"… of a team lead and 1+n%4 agents. Team 007 is also called 七号组. It returns
// the employee IDs of every team's agents by "D2 / Team 007".
func unitOrg(t *testing.T, app *testApp, signIn ...string) map[string][]string {
	t.Helper()
	zh := "七号组"
	people := []store.PersonInput{{EmployeeID: "LEAD", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Department: "Ops", Team: "Lead"}}
	agents := map[string][]string{}
	for d := 1; d <= 4; d++ {
		dept, head := fmt.Sprintf("D%d", d), fmt.Sprintf("DH%d", d)
		people = append(people, store.PersonInput{EmployeeID: head, ManagerEmployeeID: "LEAD", Role: store.RoleManager,
			Tier: store.TierMiddleManager, Department: dept, Team: "Head"})
		for n := 1; n <= 50; n++ {
			team := fmt.Sprintf("Team %03d", n)
			lead := fmt.Sprintf("TL%d-%03d", d, n)
			in := store.PersonInput{EmployeeID: lead, ManagerEmployeeID: head, Role: store.RoleManager,
				Tier: store.TierMiddleManager, Department: dept, Team: team}
			if n == 7 {
				in.TeamZH = &zh
			}
			people = append(people, in)
			for a := 0; a < 1+n%4; a++ {
				id := fmt.Sprintf("A%d-%03d-%d", d, n, a)
				people = append(people, store.PersonInput{EmployeeID: id, ManagerEmployeeID: lead, Department: dept, Team: team})
				agents[dept+" / "+team] = append(agents[dept+" / "+team], id)
			}
		}
	}
	var seed []store.PersonInput
	for i := range people {
		p := &people[i]
		p.Name = "Person " + p.EmployeeID
		p.Tier = cmp.Or(p.Tier, store.TierFrontLine)
		p.Role = cmp.Or(p.Role, store.RoleEmployee)
		p.EmploymentType, p.HiredOn = store.EmploymentPermanent, "2024-01-01"
		if slices.Contains(signIn, p.EmployeeID) {
			seed = append(seed, *p)
		}
	}
	if _, err := app.store.UpsertPeople(context.Background(), 0, people, 0); err != nil {
		t.Fatal(err)
	}
	app.seed(seed...) // passwords only for those who sign in
	return agents
}

type unitRow struct {
	key                         string
	people, done, total, behind int
	href                        string
}

func unitRows(t *testing.T, doc *goquery.Document) []unitRow {
	t.Helper()
	var out []unitRow
	num := func(s string) int {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), ",", ""))
		if err != nil {
			t.Fatalf("not a number: %q", s)
		}
		return n
	}
	doc.Find(`[data-testid="unit-department-row"], [data-testid="unit-team-row"]`).Each(func(_ int, s *goquery.Selection) {
		key, _ := s.Attr("data-key")
		done, _ := s.Find(`[data-testid="done"]`).Attr("data-done")
		total, _ := s.Find(`[data-testid="done"]`).Attr("data-total")
		href, _ := s.Find(`[data-testid="drill"]`).Attr("href")
		out = append(out, unitRow{key: key, people: num(s.Find(`[data-testid="people"]`).Text()), done: num(done), total: num(total),
			behind: num(s.Find(`[data-testid="behind"]`).Text()), href: href})
	})
	return out
}

func unitKeys(rows []unitRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.key)
	}
	return out
}

// The training matrix at organisation scale: departments first with people, courses
// passed, overdue and a bar; a department drills down to its teams (50 a page, most overdue
// first, then by name), a team to its people in the matrix; sortable, searchable by team
// name in either language; every figure equal to the matrix's own count; a manager sees
// only their tree.
func TestTrainingBreakdownAt200Teams(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	agents := unitOrg(t, app, "LEAD", "DH1", "A2-001-0", "A2-002-0", "A3-005-0")
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	// Every agent due in 7 days; D1's team leads in 30.
	if _, _, err := app.store.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID,
		Kind: store.RuleTier, Value: store.TierFrontLine, DueDays: 7}); err != nil {
		t.Fatal(err)
	}
	var d1Leads []string
	for n := 1; n <= 50; n++ {
		d1Leads = append(d1Leads, fmt.Sprintf("TL1-%03d", n))
	}
	if _, _, err := app.store.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID,
		Kind: store.RulePeople, EmployeeIDs: strings.Join(d1Leads, " "), DueDays: 30}); err != nil {
		t.Fatal(err)
	}
	quizPath := fmt.Sprintf("/training/courses/%d/quiz", course.ID)
	for _, who := range []string{"A2-001-0", "A2-002-0", "A3-005-0"} {
		c := app.signedIn(who)
		doc := trainingTakeQuiz(t, c, quizPath)
		if res := c.post(quizPath, trainingQuizForm(t, doc, trainingRightAnswers, "")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s submits: %d", who, res.StatusCode)
		}
	}
	app.clock.now = app.clock.now.Add(8 * 24 * time.Hour) // the agents' due date has passed

	leader := app.signedIn("LEAD")
	doc := leader.get("/training/team").doc(t)
	depts := unitRows(t, doc)
	if got := unitKeys(depts); !slices.Equal(got, []string{"D1", "D4", "D3", "D2", "Ops"}) {
		// 125 agents in each department overdue but those who passed (one in D3, two in D2);
		// D1's team leads are not due yet. Ties go by name.
		t.Fatalf("departments, most overdue first: %v %+v", got, depts)
	}
	// Every figure equals the matrix's count for the same unit.
	matrixCount := func(f store.MatrixFilter) unitRow {
		t.Helper()
		m, err := app.store.CompletionMatrix(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		r := unitRow{people: len(m.Rows)}
		for _, tot := range m.Totals {
			r.total += tot.Assigned
			r.done += tot.Passed
			r.behind += tot.Overdue
		}
		return r
	}
	for _, r := range depts {
		want := matrixCount(store.MatrixFilter{Department: r.key})
		want.key, want.href = r.key, r.href
		if r != want {
			t.Errorf("department %s: %+v, matrix says %+v", r.key, r, want)
		}
	}
	if d1 := depts[0]; d1.total != 125+50 || d1.behind != 125 {
		t.Errorf("D1: %+v", d1)
	}

	// D2's 51 teams on two pages, most overdue first then by name; each team's figures are
	// the matrix's for that team.
	href := depts[3].href
	page1doc := leader.get(href).doc(t)
	page1 := unitRows(t, page1doc)
	if len(page1) != store.BreakdownPageRows {
		t.Fatalf("page 1 has %d teams", len(page1))
	}
	next, ok := page1doc.Find(`[data-testid="next-page"]`).Attr("href")
	if !ok {
		t.Fatal("no next page")
	}
	teams := append(page1, unitRows(t, leader.get(next).doc(t))...)
	if len(teams) != 51 {
		t.Fatalf("D2 has %d teams", len(teams))
	}
	for i, r := range teams {
		team := strings.TrimPrefix(r.key, "D2 / ")
		want := matrixCount(store.MatrixFilter{Department: "D2", Team: team})
		if r.people != want.people || r.total != want.total || r.done != want.done || r.behind != want.behind {
			t.Errorf("team %s: %+v, matrix says %+v", r.key, r, want)
		}
		if i > 0 && (teams[i-1].behind < r.behind || teams[i-1].behind == r.behind && teams[i-1].key > r.key) {
			t.Errorf("order: %s (%d) before %s (%d)", teams[i-1].key, teams[i-1].behind, r.key, r.behind)
		}
		if want := len(agents[r.key]); r.key != "D2 / Head" && r.people != want+1 {
			t.Errorf("%s: %d people, want %d", r.key, r.people, want+1)
		}
	}
	// A team opens its people in the matrix.
	var team001 unitRow
	for _, r := range teams {
		if r.key == "D2 / Team 001" {
			team001 = r
		}
	}
	tdoc := leader.get(team001.href).doc(t)
	var rows []string
	tdoc.Find(`[data-testid="matrix"] tbody tr`).Each(func(_ int, s *goquery.Selection) { id, _ := s.Attr("data-testid"); rows = append(rows, id) })
	if !slices.Equal(rows, []string{"row-A2-001-0", "row-A2-001-1", "row-TL2-001"}) {
		t.Errorf("Team 001's people: %v", rows)
	}
	if tdoc.Find(`[data-testid="team-chosen"]`).Length() != 1 {
		t.Error("the page does not say which team it shows")
	}

	// Sorted by name, and reversed; by rate.
	byName := unitKeys(teams)
	slices.Sort(byName)
	var got []string
	for p := 1; p <= 2; p++ {
		got = append(got, unitKeys(unitRows(t, leader.get("/training/team?department=D2&sort=name&page="+strconv.Itoa(p)).doc(t)))...)
	}
	if !slices.Equal(got, byName) {
		t.Errorf("by name: %v", got)
	}
	rev := unitKeys(unitRows(t, leader.get("/training/team?department=D2&sort=name&dir=rev").doc(t)))
	if rev[0] != "D2 / Team 050" {
		t.Errorf("by name reversed starts %v", rev[:3])
	}
	// (Reversed, units with nothing assigned come first, as in the 80% report.)
	for _, r := range unitRows(t, leader.get("/training/team?department=D2&sort=rate&dir=rev").doc(t)) {
		if r.total > 0 {
			if r.done == 0 {
				t.Errorf("highest rate first: %+v", r)
			}
			break
		}
	}

	// Search by team name, in English and in Chinese, across departments and within one.
	if got := unitKeys(unitRows(t, leader.get("/training/team?q="+url.QueryEscape("team 007")+"&sort=name").doc(t))); !slices.Equal(got,
		[]string{"D1 / Team 007", "D2 / Team 007", "D3 / Team 007", "D4 / Team 007"}) {
		t.Errorf("search: %v", got)
	}
	if got := unitKeys(unitRows(t, leader.get("/training/team?department=D3&q="+url.QueryEscape("七号")).doc(t))); !slices.Equal(got, []string{"D3 / Team 007"}) {
		t.Errorf("search in Chinese within D3: %v", got)
	}
	if leader.get("/training/team?q=nowhere").doc(t).Find(`[data-testid="no-rows"]`).Length() != 1 {
		t.Error("no 'no match' note")
	}

	// A department head sees their department only, whatever the URL asks.
	dh1 := app.signedIn("DH1")
	if got := unitKeys(unitRows(t, dh1.get("/training/team").doc(t))); !slices.Equal(got, []string{"D1"}) {
		t.Errorf("DH1's departments: %v", got)
	}
	if got := unitRows(t, dh1.get("/training/team?department=D2").doc(t)); len(got) != 0 {
		t.Errorf("DH1 sees D2's teams: %v", unitKeys(got))
	}
}

// The culture read report's drill-down: departments (people, read, not read), a
// department's teams most unread first, a team narrows the not-read names; search by the
// team's Chinese name; figures equal to the report's own count.
func TestCultureBreakdownAt200Teams(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	unitOrg(t, app, "LEAD", "A2-001-0", "A2-001-1", "A4-003-0")
	culturePublishForm(t, app.signedIn("LEAD"), cultureForm())
	for _, who := range []string{"A2-001-0", "A2-001-1", "A4-003-0"} {
		if res := app.signedIn(who).post("/culture/acknowledge", url.Values{"version": {"1"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s acknowledges: %d", who, res.StatusCode)
		}
	}
	leader := app.signedIn("LEAD")
	rep, err := app.store.CultureAckReport(ctx, store.Person{Role: store.RoleLeader})
	if err != nil {
		t.Fatal(err)
	}
	depts := unitRows(t, leader.get("/culture/acknowledgements").doc(t))
	if got := unitKeys(depts); !slices.Equal(got, []string{"D1", "D3", "D4", "D2", "Ops"}) {
		// 176 people in each of D1–D4: two read in D2, one in D4; Ops is LEAD alone.
		t.Fatalf("departments, most unread first: %v", got)
	}
	for _, r := range depts {
		var want store.AckCount
		for _, c := range rep.ByDepartment {
			if c.Name == r.key {
				want = c
			}
		}
		if r.people != want.Total || r.total != want.Total || r.done != want.Read || r.behind != want.Total-want.Read {
			t.Errorf("%s: %+v, report says %+v", r.key, r, want)
		}
	}
	teams := unitRows(t, leader.get(depts[2].href).doc(t))
	if len(teams) != store.BreakdownPageRows {
		t.Fatalf("D2's first page has %d teams", len(teams))
	}
	for i := 1; i < len(teams); i++ {
		if teams[i-1].behind < teams[i].behind {
			t.Errorf("order: %s (%d unread) before %s (%d)", teams[i-1].key, teams[i-1].behind, teams[i].key, teams[i].behind)
		}
	}
	for _, r := range teams {
		for _, c := range rep.ByTeam {
			if c.Parent+" / "+c.Name == r.key && (r.people != c.Total || r.done != c.Read) {
				t.Errorf("%s: %+v, report says %+v", r.key, r, c)
			}
		}
	}
	// Team 001 of D2 opens its unread names only.
	doc := leader.get("/culture/acknowledgements?department=D2&team=" + url.QueryEscape("Team 001")).doc(t)
	var names []string
	doc.Find("[data-testid=not-read-person] .person-name").Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
	if !slices.Equal(names, []string{"Person TL2-001"}) {
		t.Errorf("Team 001's unread names: %v", names)
	}
	if got := unitKeys(unitRows(t, leader.get("/culture/acknowledgements?sort=name&q="+url.QueryEscape("七号组")).doc(t))); !slices.Equal(got,
		[]string{"D1 / Team 007", "D2 / Team 007", "D3 / Team 007", "D4 / Team 007"}) {
		t.Errorf("search in Chinese: %v", got)
	}
}
