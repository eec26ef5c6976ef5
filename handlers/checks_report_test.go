package handlers_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
	"lodestar/views"
)

// reportOrg seeds an organisation of 200 teams: four departments D1–D4, each with a head
// (manager) and 50 teams "Team 001"… of a team lead and 1–4 agents; in team t the first t%3
// agents pass the check. It opens a check and returns its ID and, per team key
// ("D2 / Team 007"), the counts the report must show.
func reportOrg(t *testing.T, app *testApp) (int64, map[string]store.Counts) {
	t.Helper()
	people := []store.PersonInput{{EmployeeID: "LEAD", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Department: "Ops", Team: "Lead"}}
	type team struct {
		dept, name string
		agents     []string
		pass       int
	}
	var teams []team
	for d := 1; d <= 4; d++ {
		dept := fmt.Sprintf("D%d", d)
		head := fmt.Sprintf("DH%d", d)
		people = append(people, store.PersonInput{EmployeeID: head, ManagerEmployeeID: "LEAD", Role: store.RoleManager,
			Tier: store.TierMiddleManager, Department: dept, Team: "Head"})
		for n := 1; n <= 50; n++ {
			tm := team{dept: dept, name: fmt.Sprintf("Team %03d", n), pass: n % 3}
			lead := fmt.Sprintf("TL%d-%03d", d, n)
			people = append(people, store.PersonInput{EmployeeID: lead, ManagerEmployeeID: head, Role: store.RoleManager,
				Tier: store.TierMiddleManager, Department: dept, Team: tm.name})
			for a := 0; a < 1+n%4; a++ {
				id := fmt.Sprintf("A%d-%03d-%d", d, n, a)
				people = append(people, store.PersonInput{EmployeeID: id, ManagerEmployeeID: lead, Department: dept, Team: tm.name})
				tm.agents = append(tm.agents, id)
			}
			teams = append(teams, tm)
		}
	}
	// Only the accounts that sign in get a password (hashing 700 would dominate the test).
	var signIn []store.PersonInput
	for i := range people {
		p := &people[i]
		p.Name = "Person " + p.EmployeeID
		p.Tier = cmp.Or(p.Tier, store.TierFrontLine)
		p.Role = cmp.Or(p.Role, store.RoleEmployee)
		p.EmploymentType, p.HiredOn = store.EmploymentPermanent, "2024-01-01"
		if slices.Contains([]string{"LEAD", "DH1", "TL3-010"}, p.EmployeeID) {
			signIn = append(signIn, *p)
		}
	}
	if _, err := app.store.UpsertPeople(context.Background(), 0, people, 0); err != nil {
		t.Fatal(err)
	}
	app.seed(signIn...)
	id := checksCreateCheck(t, app, checksForm("Q4 strategy check", "2026-11-23", "2026-12-07"))
	checksAddQuestionsViaPage(t, app, id)
	if res := app.signedIn("LEAD").get("/checks/" + itoa(id)); res.StatusCode != http.StatusOK {
		t.Fatalf("check page: %d", res.StatusCode)
	}
	want := map[string]store.Counts{}
	for _, tm := range teams {
		var c store.Counts
		c.Add(store.ResultNoResponse) // the team lead
		for i, a := range tm.agents {
			if i < tm.pass {
				checksAttempt(t, app, id, a, 90, false)
				c.Add(store.ResultUnderstood)
			} else {
				c.Add(store.ResultNoResponse)
			}
		}
		want[tm.dept+" / "+tm.name] = c
	}
	return id, want
}

type reportRow struct {
	key      string
	eligible string
	needed   string
}

func reportRows(doc *goquery.Document) []reportRow {
	var out []reportRow
	doc.Find(`[data-testid="by-team-row"], [data-testid="by-department-row"]`).Each(func(_ int, s *goquery.Selection) {
		key, _ := s.Attr("data-key")
		out = append(out, reportRow{key: key, eligible: strings.TrimSpace(s.Find(`[data-testid="eligible"]`).Text()),
			needed: strings.TrimSpace(s.Find(`[data-testid="needed"]`).Text())})
	})
	return out
}

func reportKeys(rows []reportRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.key)
	}
	return out
}

// The report at organisation scale: departments first, a department drills down to its
// teams, 50 a page, furthest from 80% first (people needed, then name); sortable by rate,
// eligible and name, either way; a team search; every figure from the seeded evidence; a
// manager never sees a team outside their tree; no page near 300 KB.
func TestCheckReportDrillDownAt200Teams(t *testing.T) {
	app := newTestApp(t)
	id, want := reportOrg(t, app)
	base := "/checks/" + itoa(id) + "/report"
	leader := app.signedIn("LEAD")

	// The leader's first page lists the five departments, not 200 teams.
	res := leader.get(base)
	if len(res.Body) > 300_000 {
		t.Errorf("report page is %d bytes", len(res.Body))
	}
	depts := reportRows(res.doc(t))
	if got := reportKeys(depts); len(got) != 5 || !slices.Contains(got, "D1") || !slices.Contains(got, "Ops") {
		t.Fatalf("department rows = %v", got)
	}

	// Drilling into D2: its 51 teams (50 + the head's), in the default order on two pages.
	type exp struct {
		key string
		c   store.Counts
	}
	var d2 []exp
	for k, c := range want {
		if strings.HasPrefix(k, "D2 / ") {
			d2 = append(d2, exp{k, c})
		}
	}
	d2 = append(d2, exp{"D2 / Head", store.Counts{Eligible: 1, NoResponse: 1}})
	needed := func(c store.Counts) int { return store.PeopleNeeded(c.Understood, c.Eligible, 80) }
	slices.SortFunc(d2, func(a, b exp) int {
		return cmp.Or(cmp.Compare(needed(b.c), needed(a.c)), cmp.Compare(a.key, b.key))
	})
	var wantOrder []string
	for _, e := range d2 {
		wantOrder = append(wantOrder, e.key)
	}
	doc := leader.get(base + "?dept=D2").doc(t)
	page1 := reportRows(doc)
	if len(page1) != store.BreakdownPageRows {
		t.Fatalf("page 1 has %d teams, want %d", len(page1), store.BreakdownPageRows)
	}
	for _, r := range page1 {
		if c := want[r.key]; r.key != "D2 / Head" && (r.eligible != fmt.Sprint(c.Eligible) || r.needed != fmt.Sprint(needed(c))) {
			t.Errorf("%s: eligible %s needed %s, want %d and %d", r.key, r.eligible, r.needed, c.Eligible, needed(c))
		}
	}
	next, ok := doc.Find(`[data-testid="next-page"]`).Attr("href")
	if !ok {
		t.Fatal("no next page link")
	}
	page2 := reportRows(leader.get(next).doc(t))
	if got := append(reportKeys(page1), reportKeys(page2)...); !slices.Equal(got, wantOrder) {
		t.Errorf("D2's teams in default order:\n got %v\nwant %v", got, wantOrder)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="rows-shown"]`).Text()); got != "Showing 1–50 of 51" {
		t.Errorf("rows shown = %q", got)
	}
	// The drill-down's people list is the department's.
	doc.Find(`[data-testid="people"] tbody tr`).Each(func(_ int, s *goquery.Selection) {
		if tid, _ := s.Attr("data-testid"); !strings.HasPrefix(tid, "person-A2-") && !strings.HasPrefix(tid, "person-TL2-") && tid != "person-DH2" {
			t.Errorf("D2's people list shows %s", tid)
		}
	})

	// Other orders, each also reversed.
	sorted := func(q string) []string {
		t.Helper()
		var keys []string
		for p := 1; p <= 2; p++ {
			keys = append(keys, reportKeys(reportRows(leader.get(base+"?dept=D2&page="+itoa(int64(p))+q).doc(t)))...)
		}
		return keys
	}
	byName := slices.Clone(wantOrder)
	slices.Sort(byName)
	if got := sorted("&sort=name"); !slices.Equal(got, byName) {
		t.Errorf("by name: %v", got)
	}
	rev := slices.Clone(byName)
	slices.Reverse(rev)
	if got := sorted("&sort=name&dir=rev"); !slices.Equal(got, rev) {
		t.Errorf("by name, reversed: %v", got)
	}
	counts := map[string]store.Counts{"D2 / Head": {Eligible: 1, NoResponse: 1}}
	for _, e := range d2 {
		counts[e.key] = e.c
	}
	for _, o := range []struct {
		q    string
		less func(a, b store.Counts) int // the order's first key
	}{
		{"&sort=rate", func(a, b store.Counts) int { return cmp.Compare(a.Understood*b.Eligible, b.Understood*a.Eligible) }},
		{"&sort=eligible", func(a, b store.Counts) int { return cmp.Compare(b.Eligible, a.Eligible) }},
		{"&sort=rate&dir=rev", func(a, b store.Counts) int { return cmp.Compare(b.Understood*a.Eligible, a.Understood*b.Eligible) }},
	} {
		got := sorted(o.q)
		if len(got) != 51 {
			t.Fatalf("%s: %d rows", o.q, len(got))
		}
		for i := 1; i < len(got); i++ {
			if o.less(counts[got[i-1]], counts[got[i]]) > 0 {
				t.Errorf("%s: %s before %s", o.q, got[i-1], got[i])
			}
		}
	}

	// Search: a team name across departments, within one, and no match.
	if got := reportKeys(reportRows(leader.get(base + "?q=" + url.QueryEscape("team 007")).doc(t))); !slices.Equal(got,
		[]string{"D1 / Team 007", "D2 / Team 007", "D3 / Team 007", "D4 / Team 007"}) {
		// Team 007: 3 eligible, 1 understood → 2 needed each, so by name.
		t.Errorf("search: %v", got)
	}
	if got := reportKeys(reportRows(leader.get(base + "?dept=D3&q=007").doc(t))); !slices.Equal(got, []string{"D3 / Team 007"}) {
		t.Errorf("search in D3: %v", got)
	}
	if d := leader.get(base + "?q=nowhere").doc(t); d.Find(`[data-testid="no-rows"]`).Length() != 1 {
		t.Errorf("no 'no match' note")
	}

	// Manager scope: DH1 sees D1 only, whatever the URL asks for.
	dh1 := app.signedIn("DH1")
	if got := reportKeys(reportRows(dh1.get(base).doc(t))); !slices.Equal(got, []string{"D1"}) {
		t.Errorf("DH1's departments: %v", got)
	}
	if got := reportRows(dh1.get(base + "?dept=D2").doc(t)); len(got) != 0 {
		t.Errorf("DH1 sees D2's teams: %v", reportKeys(got))
	}
	for _, k := range append(reportKeys(reportRows(dh1.get(base+"?q=team").doc(t))), reportKeys(reportRows(dh1.get(base+"?q=team&page=2").doc(t)))...) {
		if !strings.HasPrefix(k, "D1 / ") {
			t.Errorf("DH1's search shows %s", k)
		}
	}
	tl := app.signedIn("TL3-010")
	if got := reportKeys(reportRows(tl.get(base + "?q=team").doc(t))); !slices.Equal(got, []string{"D3 / Team 010"}) {
		t.Errorf("team lead's teams: %v", got)
	}

	// The exports still list everyone counted, with the same figures.
	csv := leader.get("/checks/" + itoa(id) + "/export.csv")
	if csv.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", csv.StatusCode)
	}
	c, _ := app.store.CheckByID(context.Background(), id)
	rep, err := app.store.CheckReport(context.Background(), c, store.Person{Role: store.RoleLeader})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.People {
		if !strings.Contains(csv.Body, p.EmployeeID) {
			t.Fatalf("export lacks %s", p.EmployeeID)
		}
	}
	if len(rep.ByTeam) != 205 || !strings.Contains(csv.Body, "D4 / Team 050") {
		t.Errorf("export's teams: %d", len(rep.ByTeam))
	}
}

// The report page shows the first rows of each people list; "See the whole list" pages
// through all of it (CheckPageRows at a time, in name order), in the viewer's scope.
func TestCheckReportWholeListsPageThrough(t *testing.T) {
	app := newTestApp(t)
	id, _ := reportOrg(t, app)
	ctx := context.Background()
	c, err := app.store.CheckByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	wholeList := func(s *client, path string) (ids []string, pages int) {
		t.Helper()
		for path != "" {
			res := s.get(path)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, res.StatusCode)
			}
			doc := res.doc(t)
			rows := doc.Find(`[data-testid="people"] tbody tr`)
			if rows.Length() > views.CheckPageRows {
				t.Fatalf("%s: %d rows on a page", path, rows.Length())
			}
			rows.Each(func(_ int, tr *goquery.Selection) {
				ids = append(ids, strings.TrimPrefix(tr.AttrOr("data-testid", ""), "person-"))
			})
			if pages > 0 && doc.Find(`.pagination a[rel=prev]`).Length() != 1 {
				t.Errorf("%s: no way back to the first page", path)
			}
			path = doc.Find(`.pagination a[rel=next]`).AttrOr("href", "")
			if pages++; pages > 20 {
				t.Fatal("paging does not end")
			}
		}
		return ids, pages
	}
	scopeIDs := func(viewer store.Person, keep func(store.PopulationRow) bool) []string {
		rep, err := app.store.CheckReport(ctx, c, viewer)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, p := range rep.People {
			if keep(p) {
				out = append(out, p.EmployeeID)
			}
		}
		return out
	}
	all := func(store.PopulationRow) bool { return true }

	leader := app.signedIn("LEAD")
	lead, _ := app.store.PersonByEmployeeID(ctx, "LEAD")
	report := leader.get("/checks/" + itoa(id) + "/report").doc(t)
	if n := report.Find(`[data-testid="people"] tbody tr`).Length(); n != views.CheckListRows {
		t.Errorf("the report shows %d counted people, want the first %d", n, views.CheckListRows)
	}
	seeAll := report.Find(`section:has([data-testid="people"]) [data-testid="see-all"]`).AttrOr("href", "")
	want := scopeIDs(lead, all)
	got, pages := wholeList(leader, seeAll)
	if !slices.Equal(got, want) || pages != (len(want)+views.CheckPageRows-1)/views.CheckPageRows {
		t.Errorf("everyone counted: %d people in %d pages, want %d in name order", len(got), pages, len(want))
	}
	if total := leader.get(seeAll).doc(t).Find(".pagination").Text(); !strings.Contains(total, fmt.Sprintf("%d people", len(want))) {
		t.Errorf("no total on the list page: %q", total)
	}
	silent := func(p store.PopulationRow) bool { return p.Outcome.Result == store.ResultNoResponse }
	if got, _ := wholeList(leader, "/checks/"+itoa(id)+"/report/people?result=no_response"); !slices.Equal(got, scopeIDs(lead, silent)) {
		t.Errorf("not responded: %d people, want %d", len(got), len(scopeIDs(lead, silent)))
	}
	passedInD2 := func(p store.PopulationRow) bool {
		return p.Department == "D2" && p.Outcome.Result == store.ResultUnderstood
	}
	if got, _ := wholeList(leader, "/checks/"+itoa(id)+"/report/people?dept=D2&result=understood"); len(got) == 0 || !slices.Equal(got, scopeIDs(lead, passedInD2)) {
		t.Errorf("understood in D2: %v, want %v", got, scopeIDs(lead, passedInD2))
	}

	// A department head's whole list is their tree, whatever the URL asks for.
	dh1 := app.signedIn("DH1")
	head, _ := app.store.PersonByEmployeeID(ctx, "DH1")
	if got, _ := wholeList(dh1, "/checks/"+itoa(id)+"/report/people"); len(got) == 0 || !slices.Equal(got, scopeIDs(head, all)) {
		t.Errorf("DH1's list: %d people, want their %d", len(got), len(scopeIDs(head, all)))
	}
	if got, _ := wholeList(dh1, "/checks/"+itoa(id)+"/report/people?dept=D2"); len(got) != 0 {
		t.Errorf("DH1 sees D2: %v", got)
	}
	// Each count of the report links to the list it counts, whose total is that count and
	// whose pages hold that many people — for every list, on the open check and once it has
	// closed (frozen rows), for the leader and a department head.
	listTotal := func(s *client, path string) int {
		t.Helper()
		var n int
		text := strings.ReplaceAll(s.get(path).doc(t).Find(".pagination").Text(), ",", "")
		if _, err := fmt.Sscanf(strings.TrimSpace(text), "%d", &n); err != nil {
			t.Fatalf("%s: no total in %q", path, text)
		}
		return n
	}
	tiles := report.Find(`[data-testid="overall"] [data-testid="stat-link"]`)
	if tiles.Length() < 2 {
		t.Fatalf("%d counts link to their people", tiles.Length())
	}
	tiles.Each(func(_ int, a *goquery.Selection) {
		number := strings.ReplaceAll(strings.TrimSpace(a.Parent().Find(".stat-number").Text()), ",", "")
		if strings.HasSuffix(number, "%") { // a rate: its count is beside it ("188 of 705")
			number = strings.ReplaceAll(strings.TrimSpace(a.Parent().Find(".stat-count").Text()), ",", "")
		}
		href := a.AttrOr("href", "")
		if got := fmt.Sprint(listTotal(leader, href)); !strings.HasPrefix(number, got) {
			t.Errorf("%q links to %s, which lists %s people", a.Text(), href, got)
		}
	})
	var lists []string
	for _, dept := range []string{"", "D1", "D2"} {
		for _, result := range append([]string{""}, store.Results...) {
			lists = append(lists, "?"+url.Values{"dept": {dept}, "result": {result}}.Encode())
		}
	}
	lists = append(lists, "?list=left")
	for _, closed := range []bool{false, true} {
		if closed {
			if err := app.store.CloseCheckNow(ctx, lead.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		for _, s := range []*client{leader, dh1} {
			for _, l := range lists {
				path := "/checks/" + itoa(id) + "/report/people" + l
				if got, _ := wholeList(s, path); len(got) != listTotal(s, path) {
					t.Errorf("closed %v, %s: %d people on the pages, total %d", closed, path, len(got), listTotal(s, path))
				}
			}
		}
	}
	for _, bad := range []string{"?list=everyone", "?result=maybe", "?list=left&dept=D1"} {
		if res := leader.get("/checks/" + itoa(id) + "/report/people" + bad); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", bad, res.StatusCode)
		}
	}
}
