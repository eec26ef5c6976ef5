package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"lodestar/store"
	"lodestar/store/storetest"
)

// The report page's SQL figures (CheckReportSummary, CheckReportPeople, CheckQueueSummary)
// must say exactly what the Go report (CheckReport, built from DecideOutcome over every
// row) says, for the whole organisation and for a manager, while the check is open and after
// it closed — after evidence arrived through each write path (attempt, review, interview)
// and someone left. Were live_result not kept current by one of them, a figure would differ.
func TestReportSummaryMatchesFullReport(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := storetest.DB(t, "test.db")
	s, err := store.Open(path, store.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	// The same database as a server reads it where every tree is too large to be read whole
	// for a page (scopeRows): a manager's page then asks a statement per figure and list.
	large, err := store.Open(path, store.WithClock(clk.now), store.WithScopeRowsMax(0))
	if err != nil {
		t.Fatal(err)
	}
	defer large.Close()
	c := checksMust[store.Check](t)(s.CurrentCheck(ctx))
	leader := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "leader"))
	manager := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "manager"))
	agent := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "agent"))

	// Writes through the store: review half of the leader's queue (accept, reject), record
	// an interview and an attempt for people who had not answered, and someone leaves.
	queue := checksMust[[]store.CheckReviewItem](t)(s.ReviewQueue(ctx, c, leader))
	if len(queue) < 4 {
		t.Fatalf("the demo queue has %d answers", len(queue))
	}
	for i, it := range queue[:len(queue)/2] {
		if err := s.ReviewCheckAttempt(ctx, it.ID, leader.ID, i%2 == 0, "Name the three parts."); err != nil {
			t.Fatal(err)
		}
	}
	before := checksMust[store.Report](t)(s.CheckReport(ctx, c, leader))
	var silent []store.PopulationRow
	for _, p := range before.People {
		if p.Outcome.Result == store.ResultNoResponse && p.PersonID != leader.ID {
			silent = append(silent, p)
		}
	}
	if len(silent) < 5 {
		t.Fatalf("only %d people without a response", len(silent))
	}
	if _, err := s.RecordInterviews(ctx, c.ID, leader, []store.InterviewInput{
		{EmployeeID: silent[0].EmployeeID, Date: clk.t.Format(store.DateLayout), Verdict: store.VerdictUnderstood},
		{EmployeeID: silent[1].EmployeeID, Date: clk.t.Format(store.DateLayout), Verdict: store.VerdictNotUnderstood},
	}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordCheckAttempt(ctx, c.ID, agent.ID, 95, false); err != nil {
		t.Fatal(err)
	}
	leaver := checksMust[store.Person](t)(s.PersonByID(ctx, silent[2].PersonID))
	checksEditPerson(t, s, leaver, func(in *store.PersonInput) { in.LeftOn = clk.t.Format(store.DateLayout) })
	// New answers waiting for review (the organisation's queue counts them from kept figures):
	// a silent person's two, the leader's own (never in their queue), and one of
	// someone who then leaves (no longer deciding).
	for _, id := range []int64{silent[3].PersonID, silent[3].PersonID, leader.ID, silent[4].PersonID} {
		if _, err := s.RecordCheckAttempt(ctx, c.ID, id, 95, true); err != nil {
			t.Fatal(err)
		}
	}
	waitingLeaver := checksMust[store.Person](t)(s.PersonByID(ctx, silent[4].PersonID))
	checksEditPerson(t, s, waitingLeaver, func(in *store.PersonInput) { in.LeftOn = clk.t.Format(store.DateLayout) })
	// One of the manager's people leaves too, so their leavers' list (read from their scope
	// walked, and as a page reads it, listed) has someone in it.
	mine := checksMust[store.Report](t)(s.CheckReport(ctx, c, manager))
	if len(mine.People) < 2 {
		t.Fatalf("the manager's report has %d people", len(mine.People))
	}
	managersLeaver := checksMust[store.Person](t)(s.PersonByID(ctx, mine.People[len(mine.People)-1].PersonID))
	checksEditPerson(t, s, managersLeaver, func(in *store.PersonInput) { in.LeftOn = clk.t.Format(store.DateLayout) })
	if mine = checksMust[store.Report](t)(s.CheckReport(ctx, c, manager)); len(mine.Left) == 0 {
		t.Fatal("the manager's report has no leaver")
	}

	for _, viewer := range []store.Person{leader, manager} {
		reportSummaryAgrees(t, s, large, c, viewer)
	}
	if err := s.CloseCheckNow(ctx, leader.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	c = checksMust[store.Check](t)(s.CheckByID(ctx, c.ID))
	for _, viewer := range []store.Person{leader, manager} {
		reportSummaryAgrees(t, s, large, c, viewer)
	}
	// The closed demo checks read their kept totals (leader) or frozen rows (manager).
	checks := checksMust[[]store.Check](t)(s.ListChecks(ctx))
	for _, old := range checks[1:] {
		for _, viewer := range []store.Person{leader, manager} {
			reportSummaryAgrees(t, s, large, old, viewer)
		}
	}
}

// reportSummaryAgrees holds the figures to the Go report three times: as a page reads them (a
// read memo: a manager's tree's rows read once and every figure and list taken from them, or
// on large — where no tree is small enough for that — the tree walked once and bound as a list
// of ids) and without a memo (each statement walks the reporting lines itself).
func reportSummaryAgrees(t *testing.T, s, large *store.Store, c store.Check, viewer store.Person) {
	t.Helper()
	exportAgrees(t, s, c, viewer)
	reportSummaryAgreesIn(t, context.Background(), s, c, viewer, "")
	reportSummaryAgreesIn(t, store.WithReadMemo(context.Background()), s, c, viewer, " (as a page reads)")
	reportSummaryAgreesIn(t, store.WithReadMemo(context.Background()), large, c, viewer, " (as a page reads a large tree)")
}

func reportSummaryAgreesIn(t *testing.T, ctx context.Context, s *store.Store, c store.Check, viewer store.Person, how string) {
	t.Helper()
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, viewer))
	sum := checksMust[store.ReportSummary](t)(s.CheckReportSummary(ctx, c, viewer, store.BreakdownQuery{Sort: store.SortName}))
	name := c.Title + " as " + viewer.EmployeeID + how
	if rep.Overall.Eligible == 0 {
		t.Fatalf("%s: nobody counted: the comparison would prove nothing", name)
	}
	if sum.Overall != rep.Overall {
		t.Errorf("%s: overall %+v, want %+v", name, sum.Overall, rep.Overall)
	}
	if sum.Left != len(rep.Left) {
		t.Errorf("%s: left %d, want %d", name, sum.Left, len(rep.Left))
	}
	if len(sum.ByTier) != len(rep.ByTier) {
		t.Fatalf("%s: %d tiers, want %d", name, len(sum.ByTier), len(rep.ByTier))
	}
	for i := range rep.ByTier {
		if sum.ByTier[i].Key != rep.ByTier[i].Key || sum.ByTier[i].Counts != rep.ByTier[i].Counts {
			t.Errorf("%s: tier %+v, want %+v", name, sum.ByTier[i], rep.ByTier[i])
		}
	}
	if got := groupCounts(sum.Rows); !mapsEqual(got, groupCounts(rep.ByDepartment)) || sum.RowsTotal != len(rep.ByDepartment) {
		t.Errorf("%s: departments %v, want %v", name, got, groupCounts(rep.ByDepartment))
	}
	var teams []store.GroupRow
	for _, d := range rep.ByDepartment {
		for page := 1; ; page++ {
			part := checksMust[store.ReportSummary](t)(s.CheckReportSummary(ctx, c, viewer, store.BreakdownQuery{Department: d.Key, Page: page}))
			if part.Department.Counts != d.Counts {
				t.Errorf("%s: department %q %+v, want %+v", name, d.Key, part.Department.Counts, d.Counts)
			}
			teams = append(teams, part.Rows...)
			if len(part.Rows) < store.BreakdownPageRows {
				break
			}
		}
	}
	if got := groupCounts(teams); !mapsEqual(got, groupCounts(rep.ByTeam)) {
		t.Errorf("%s: teams %v, want %v", name, got, groupCounts(rep.ByTeam))
	}
	// A search lists the matching teams of every department, or of the one drilled into.
	var searched store.GroupRow
	for _, g := range rep.ByTeam {
		if g.Team != "" {
			searched = g
			break
		}
	}
	if searched.Team == "" {
		t.Fatalf("%s: no team with a name to search for", name)
	}
	for _, department := range []string{"", searched.Department} {
		want := map[string]store.Counts{}
		for _, g := range rep.ByTeam {
			if strings.Contains(strings.ToLower(g.Key), strings.ToLower(searched.Team)) && (department == "" || g.Department == department) {
				want[g.Key] = g.Counts
			}
		}
		var found []store.GroupRow
		for page := 1; ; page++ {
			part := checksMust[store.ReportSummary](t)(s.CheckReportSummary(ctx, c, viewer,
				store.BreakdownQuery{Department: department, Search: searched.Team, Page: page}))
			found = append(found, part.Rows...)
			if len(part.Rows) < store.BreakdownPageRows {
				break
			}
		}
		if got := groupCounts(found); !mapsEqual(got, want) {
			t.Errorf("%s: teams matching %q in %q %v, want %v", name, searched.Team, department, got, want)
		}
	}
	refresh := 0
	for _, r := range store.Results {
		var want []string
		for _, p := range rep.People {
			if p.Outcome.Result == r {
				want = append(want, p.EmployeeID)
			}
		}
		refresh += map[bool]int{true: len(want)}[r == store.ResultNotUnderstood || r == store.ResultNoResponse ||
			(r == store.ResultPendingReview && c.Status == store.CheckClosed)]
		rows := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, store.ReportList{Result: r, Limit: 1 << 20}))
		if got := employeeIDs(rows); !slices.Equal(got, want) {
			t.Errorf("%s: %s people %v, want %v", name, r, got, want)
		}
		// The same list of names only (the report's non-respondents): the same people, each
		// with who they are and where they stand.
		names := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, store.ReportList{Result: r, NamesOnly: true, Limit: 1 << 20}))
		if len(names) != len(rows) {
			t.Errorf("%s: %d %s names, %d people", name, len(names), r, len(rows))
		}
		for i := range min(len(names), len(rows)) {
			n, p := names[i], rows[i]
			if n.PersonID != p.PersonID || n.EmployeeID != p.EmployeeID || n.Name != p.Name || n.Team != p.Team ||
				!n.LeftOn.Equal(p.LeftOn) || n.Counted != p.Counted || n.Outcome != (store.Outcome{Result: p.Outcome.Result}) {
				t.Errorf("%s: %s names row %d %+v, want the names of %+v", name, r, i, n, p)
			}
		}
		for _, row := range rows { // each with the evidence that decided it, as the full report says
			for _, p := range rep.People {
				if p.PersonID == row.PersonID && (p.Outcome != row.Outcome || p.Counted != row.Counted || !p.LeftOn.Equal(row.LeftOn)) {
					t.Errorf("%s: %s list has %s as %+v, want %+v", name, r, p.EmployeeID, row, p)
				}
			}
		}
	}
	if sum.NeedRefresher != refresh || sum.NeedRefresher != len(store.NeedsRefresherIn(rep)) {
		t.Errorf("%s: refresher %d, want %d", name, sum.NeedRefresher, len(store.NeedsRefresherIn(rep)))
	}
	all := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, store.ReportList{Limit: 1 << 20}))
	if len(all) != len(rep.People) {
		t.Fatalf("%s: %d people, want %d", name, len(all), len(rep.People))
	}
	for i := range all {
		if all[i].EmployeeID != rep.People[i].EmployeeID || all[i].Outcome != rep.People[i].Outcome {
			t.Errorf("%s: person %d %+v, want %+v", name, i, all[i], rep.People[i])
			break
		}
	}
	// A list continued from a place that names nobody (a row gone since the page before, or
	// an edited address) starts after that place in name order.
	mid := rep.People[len(rep.People)/2]
	place := store.ReportList{AfterName: mid.Name, AfterEmployeeID: mid.EmployeeID + "~", Limit: 1 << 20}
	var after []string
	for _, p := range rep.People {
		if p.Name > place.AfterName || (p.Name == place.AfterName && p.EmployeeID > place.AfterEmployeeID) {
			after = append(after, p.EmployeeID)
		}
	}
	if got := employeeIDs(checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, place))); len(after) == 0 ||
		len(after) == len(rep.People) || !slices.Equal(got, after) {
		t.Errorf("%s: the list after a place naming nobody %v, want %v", name, got, after)
	}
	// Each department's list, those outside the viewer's tree and one nobody is in too, is
	// the report's people of that department.
	depts := map[string]bool{"no such department": true}
	for _, p := range checksMust[[]store.PopulationRow](t)(s.CheckPopulation(ctx, c)) {
		depts[p.Department] = true
	}
	for d := range depts {
		var want []string
		for _, p := range rep.People {
			if p.Department == d {
				want = append(want, p.EmployeeID)
			}
		}
		rows := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, store.ReportList{Department: d, Limit: 1 << 20}))
		if got := employeeIDs(rows); !slices.Equal(got, want) {
			t.Errorf("%s: department %q lists %v, want %v", name, d, got, want)
		}
	}
	left := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, store.ReportList{Left: true, Limit: 1 << 20}))
	if got, want := employeeIDs(left), employeeIDs(rep.Left); !slices.Equal(got, want) {
		t.Errorf("%s: left %v, want %v", name, got, want)
	}
	for i := range min(len(left), len(rep.Left)) {
		if left[i].Outcome != rep.Left[i].Outcome || left[i].Counted != rep.Left[i].Counted {
			t.Errorf("%s: left person %d %+v, want %+v", name, i, left[i], rep.Left[i])
		}
	}
	leftNames := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, store.ReportList{Left: true, NamesOnly: true, Limit: 1 << 20}))
	if got, want := employeeIDs(leftNames), employeeIDs(rep.Left); !slices.Equal(got, want) {
		t.Errorf("%s: left names %v, want %v", name, got, want)
	}
	for i := range min(len(leftNames), len(rep.Left)) { // the result without its evidence
		if want := (store.Outcome{Result: rep.Left[i].Outcome.Result}); leftNames[i].Outcome != want || leftNames[i].Counted != rep.Left[i].Counted ||
			leftNames[i].Name != rep.Left[i].Name || leftNames[i].Team != rep.Left[i].Team || !leftNames[i].LeftOn.Equal(rep.Left[i].LeftOn) {
			t.Errorf("%s: left name %d %+v, want %+v", name, i, leftNames[i], want)
		}
	}
	// Every list paged along its name order (3 rows a page) is the whole list, row for row.
	lists := []store.ReportList{{}, {Left: true}, {Left: true, NamesOnly: true}}
	for _, r := range store.Results {
		lists = append(lists, store.ReportList{Result: r})
	}
	if len(rep.ByDepartment) > 0 {
		d := rep.ByDepartment[0].Key
		lists = append(lists, store.ReportList{Department: d}, store.ReportList{Department: d, Result: store.ResultNoResponse})
	}
	for _, f := range lists {
		whole := f
		whole.Limit = 1 << 20
		want := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, whole))
		var got []store.PopulationRow
		for page := f; ; {
			page.Limit = 3
			rows := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, viewer, page))
			got = append(got, rows...)
			if len(rows) < 3 || len(got) > len(want) {
				break
			}
			page.AfterName, page.AfterEmployeeID = rows[2].Name, rows[2].EmployeeID
		}
		if !slices.EqualFunc(got, want, func(a, b store.PopulationRow) bool { return a.EmployeeID == b.EmployeeID && a.Outcome == b.Outcome }) {
			t.Errorf("%s: list %+v paged %v, whole %v", name, f, employeeIDs(got), employeeIDs(want))
		}
	}
	var counted []int64
	for _, p := range rep.People {
		counted = append(counted, p.PersonID)
	}
	wantItems := checksMust[[]store.ItemStat](t)(s.CheckQuestionAnalysis(ctx, c.ID, counted))
	gotItems := checksMust[[]store.ItemStat](t)(s.CheckQuestionAnalysisFor(ctx, c, viewer))
	if len(gotItems) != len(wantItems) {
		t.Errorf("%s: %d item stats, want %d", name, len(gotItems), len(wantItems))
	}
	for i := range min(len(gotItems), len(wantItems)) {
		if g, w := gotItems[i], wantItems[i]; g.Answered != w.Answered || g.Correct != w.Correct || g.WrongOptionPick != w.WrongOptionPick {
			t.Errorf("%s: item %d %+v, want %+v", name, i, g, w)
		}
	}
	if c.Status == store.CheckOpen {
		pending := rep.Overall.PendingReview
		items := checksMust[[]store.CheckReviewItem](t)(s.ReviewQueueFrom(ctx, c, viewer, rep))
		want := store.SummariseReviewQueue(items, pending)
		if got := checksMust[store.ReviewQueueSummary](t)(s.CheckQueueSummary(ctx, c, viewer, pending)); got != want {
			t.Errorf("%s: queue %+v, want %+v", name, got, want)
		}
	}
	// The reviews page: its items and summary without the report, against the Go rules.
	pending := rep.Overall.PendingReview
	if c.Status != store.CheckOpen {
		pending = 0
	}
	items := checksMust[[]store.CheckReviewItem](t)(s.ReviewQueueFrom(ctx, c, viewer, rep))
	for _, limit := range []int{1 << 20, 1} {
		got, sum, err := s.ReviewQueuePage(ctx, c, viewer, limit)
		if err != nil {
			t.Fatal(err)
		}
		if want := store.SummariseReviewQueue(items, pending); sum != want {
			t.Errorf("%s: reviews page summary %+v, want %+v", name, sum, want)
		}
		want := items[:min(limit, len(items))]
		if len(got) != len(want) {
			t.Errorf("%s: reviews page (limit %d) lists %d answers, want %d", name, limit, len(got), len(want))
			continue
		}
		for i := range got {
			g, w := got[i], want[i]
			if g.ID != w.ID || g.Effect != w.Effect || g.Name != w.Name || g.EmployeeID != w.EmployeeID || g.Team != w.Team ||
				!g.SubmittedAt.Equal(w.SubmittedAt) || g.PassedMark != w.PassedMark || g.Practice != w.Practice {
				t.Errorf("%s: reviews page answer %d %+v, want %+v", name, i, g, w)
			}
		}
	}
}

func groupCounts(rows []store.GroupRow) map[string]store.Counts {
	out := map[string]store.Counts{}
	for _, g := range rows {
		out[g.Key] = g.Counts
	}
	return out
}

func mapsEqual(a, b map[string]store.Counts) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func employeeIDs(rows []store.PopulationRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.EmployeeID)
	}
	return out
}

// The report page takes a manager's non-respondents from their counted people when those fit
// on one page (handlers.showCheckReport): the people list's results (decided from the
// evidence) filtered to "no response" must be the non-respondents list (the kept
// live_result), in the same order, for every manager of a generated organisation.
func TestNonRespondentsAreThePeopleListsSilent(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	if err := s.Generate(ctx, store.GenOptions{People: 1200, Recognitions: 100}); err != nil {
		t.Fatal(err)
	}
	c := checksMust[store.Check](t)(s.CurrentCheck(ctx))
	leader := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "leader"))
	everyone := checksMust[[]int64](t)(s.OrgPeopleIDs(ctx, leader.ID))
	compared := 0
	for _, id := range everyone {
		p := checksMust[store.Person](t)(s.PersonByID(ctx, id))
		if p.Role != store.RoleManager {
			continue
		}
		people := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, p, store.ReportList{Limit: 100}))
		if len(people) >= 100 {
			continue
		}
		want := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, p, store.ReportList{Result: store.ResultNoResponse, Limit: 100}))
		var got []store.PopulationRow
		for _, r := range people {
			if r.Outcome.Result == store.ResultNoResponse {
				got = append(got, r)
			}
		}
		if len(got) != len(want) {
			t.Fatalf("manager %d: %d silent in the people list, %d non-respondents", id, len(got), len(want))
		}
		for i := range got {
			if got[i].PersonID != want[i].PersonID || got[i].Outcome != want[i].Outcome {
				t.Fatalf("manager %d, row %d: %+v, want %+v", id, i, got[i], want[i])
			}
		}
		if len(want) > 0 {
			compared++
		}
	}
	if compared == 0 {
		t.Fatal("no manager with non-respondents to compare")
	}
}

// A person's own view of a check (home card, check page) says what the report says of them:
// counted or not, and the same result — open checks from the evidence so far, closed ones
// from the frozen row — for everyone in the demo's snapshots.
func TestCheckStatusAgreesWithReport(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	leader := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "leader"))
	statuses := map[string]bool{}
	for _, c := range checksMust[[]store.Check](t)(s.ListChecks(ctx)) {
		if c.Status == store.CheckScheduled {
			continue
		}
		statuses[c.Status] = true
		rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, leader))
		for _, rows := range [][]store.PopulationRow{rep.People, rep.Left} {
			for _, row := range rows {
				st := checksMust[store.MyCheckStatus](t)(s.CheckStatusFor(ctx, c, row.PersonID))
				if st.Eligible != row.Counted {
					t.Errorf("%s, person %d: eligible %v, report counts %v", c.Title, row.PersonID, st.Eligible, row.Counted)
				}
				if row.Counted && (st.Outcome.Result != row.Outcome.Result || st.Outcome.Method != row.Outcome.Method) {
					t.Errorf("%s, person %d: %s by %q, report %s by %q", c.Title, row.PersonID,
						st.Outcome.Result, st.Outcome.Method, row.Outcome.Result, row.Outcome.Method)
				}
			}
		}
	}
	if !statuses[store.CheckOpen] || !statuses[store.CheckClosed] {
		t.Fatalf("the demo has checks %v, want an open and a closed one", statuses)
	}
}

// A profile's check standings: the latest checks that count the person, newest first, at
// most the limit, each with the person's result — for every demo person.
func TestCheckStandingsLatestFirst(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	checks := checksMust[[]store.Check](t)(s.ListChecks(ctx)) // newest first
	people, _, err := s.ListPeople(ctx, store.PeopleFilter{Active: "all", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	several := false
	for _, p := range people {
		var want []store.CheckStanding
		for _, c := range checks {
			if c.Status == store.CheckScheduled {
				continue
			}
			row, err := s.CheckPersonRow(ctx, c, p.ID)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			if row.Counted {
				want = append(want, store.CheckStanding{Check: c, Outcome: row.Outcome})
			}
		}
		several = several || len(want) > 1
		for _, limit := range []int{1, 3} {
			got := checksMust[[]store.CheckStanding](t)(s.CheckStandings(ctx, p.ID, limit))
			w := want[:min(limit, len(want))]
			if len(got) != len(w) {
				t.Fatalf("%s, limit %d: %d standings, want %d", p.EmployeeID, limit, len(got), len(w))
			}
			for i := range got {
				if got[i].Check.ID != w[i].Check.ID || got[i].Outcome.Result != w[i].Outcome.Result {
					t.Errorf("%s, limit %d, #%d: check %d %s, want check %d %s", p.EmployeeID, limit, i,
						got[i].Check.ID, got[i].Outcome.Result, w[i].Check.ID, w[i].Outcome.Result)
				}
			}
		}
	}
	if !several {
		t.Fatal("no demo person is counted in two checks")
	}
}
