package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// checksPerson builds one person for the check scenarios.
func checksPerson(id, manager, tier, role, dept, team, employment, hired, left string) store.PersonInput {
	return store.PersonInput{EmployeeID: id, Name: "Person " + id, Department: dept, Team: team, ManagerEmployeeID: manager,
		Tier: tier, Role: role, EmploymentType: employment, HiredOn: hired, LeftOn: left}
}

// checksOrg seeds the scenario organisation; the check opens on 2026-10-01.
//
//	L1 leader (Voice/Lead) ── M1 manager (Voice/T1) ── A1 (exactly 90 days), A2 (89 days), A3 temporary,
//	                       │                          A4 contractor, A5 left 2026-09-15, A6 (leaves during the window)
//	                       └─ M2 manager (Chat/C1)  ── A7, A8
func checksOrg(t *testing.T, s *store.Store) map[string]store.Person {
	t.Helper()
	ctx := context.Background()
	const F, M, S = store.TierFrontLine, store.TierMiddleManager, store.TierSeniorLeader
	const E, P = store.RoleEmployee, store.EmploymentPermanent
	in := []store.PersonInput{
		checksPerson("L1", "", S, store.RoleLeader, "Voice", "Lead", P, "2020-01-01", ""),
		checksPerson("M1", "L1", M, store.RoleManager, "Voice", "T1", P, "2021-01-01", ""),
		checksPerson("M2", "L1", M, store.RoleManager, "Chat", "C1", P, "2021-01-01", ""),
		checksPerson("A1", "M1", F, E, "Voice", "T1", P, "2026-07-03", ""),
		checksPerson("A2", "M1", F, E, "Voice", "T1", P, "2026-07-04", ""),
		checksPerson("A3", "M1", F, E, "Voice", "T1", store.EmploymentTemporary, "2024-01-01", ""),
		checksPerson("A4", "M1", F, E, "Voice", "T1", store.EmploymentContractor, "2024-01-01", ""),
		checksPerson("A5", "M1", F, E, "Voice", "T1", P, "2024-01-01", "2026-09-15"),
		checksPerson("A6", "M1", F, E, "Voice", "T1", P, "2024-01-01", ""),
		checksPerson("A7", "M2", F, E, "Chat", "C1", P, "2024-01-01", ""),
		checksPerson("A8", "M2", F, E, "Chat", "C1", P, "2024-01-01", ""),
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Person{}
	for _, p := range in {
		got, err := s.PersonByEmployeeID(ctx, p.EmployeeID)
		if err != nil {
			t.Fatal(err)
		}
		out[p.EmployeeID] = got
	}
	return out
}

func checksInput(title, opens, closes string, retakes string) store.CheckInput {
	return store.CheckInput{Title: title, OpensOn: opens, ClosesOn: closes, TargetPct: "80", MinTenureDays: "90",
		EmploymentTypes: []string{store.EmploymentPermanent}, PassMark: "70", Retakes: retakes}
}

func checksEditPerson(t *testing.T, s *store.Store, p store.Person, edit func(in *store.PersonInput)) {
	t.Helper()
	in := store.InputFromPerson(p)
	edit(&in)
	if _, err := s.SavePerson(context.Background(), 0, in); err != nil {
		t.Fatal(err)
	}
}

func checksResults(t *testing.T, s *store.Store, c store.Check) map[string]store.PopulationRow {
	t.Helper()
	rows, err := s.CheckPopulation(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.PopulationRow{}
	for _, r := range rows {
		out[r.EmployeeID] = r
	}
	return out
}

func checksMust[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func checksProblem(t *testing.T, err error, code string) {
	t.Helper()
	var verr *store.ValidationError
	if !errors.As(err, &verr) || verr.Problems[0].Code != code {
		t.Fatalf("got %v, want problem %s", err, code)
	}
}

func TestChecksScenarioSnapshotEvidenceReportAndFreeze(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 9, 20, 9, 0, 0, 0, time.UTC)}
	s := mustOpenStore(t, clk)
	ppl := checksOrg(t, s)

	id := checksMust[int64](t)(s.CreateCheck(ctx, ppl["L1"].ID, checksInput("Q4 check", "2026-10-01", "2026-10-14", "1")))
	checksAddQuestions(t, s, id)
	c := checksMust[store.Check](t)(s.CheckByID(ctx, id))
	if c.Status != store.CheckScheduled {
		t.Fatalf("status before the opening date = %s, want scheduled", c.Status)
	}
	// The opening date arrives: the lazy run snapshots the population.
	clk.t = time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	if err := s.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	c = checksMust[store.Check](t)(s.CheckByID(ctx, id))
	if c.Status != store.CheckOpen {
		t.Fatalf("status = %s, want open", c.Status)
	}
	// Eligible: L1, M1, M2, A1 (exactly 90 days), A6, A7, A8 = 7. Not: A2 (89 days), A3 temporary,
	// A4 contractor, A5 left before opening.
	res := checksResults(t, s, c)
	var got []string
	for _, want := range []string{"L1", "M1", "M2", "A1", "A6", "A7", "A8"} {
		if _, ok := res[want]; !ok {
			t.Errorf("%s missing from the snapshot", want)
		}
	}
	for k := range res {
		got = append(got, k)
	}
	if len(res) != 7 {
		t.Fatalf("snapshot = %v, want 7 people", got)
	}
	// Opening notified the eligible, not the others.
	if n := checksMust[int](t)(s.UnreadNotifications(ctx, ppl["A1"].ID)); n != 1 {
		t.Errorf("A1 notifications = %d, want 1", n)
	}
	if n := checksMust[int](t)(s.UnreadNotifications(ctx, ppl["A2"].ID)); n != 0 {
		t.Errorf("A2 notifications = %d, want 0", n)
	}

	// HR changes after opening: A8 moves to Voice/T1 under M1 and becomes a middle manager;
	// A9 is hired; A3 turns permanent. None of this changes the snapshot.
	checksEditPerson(t, s, ppl["A8"], func(in *store.PersonInput) {
		in.Department, in.Team, in.ManagerEmployeeID, in.Tier = "Voice", "T1", "M1", store.TierMiddleManager
	})
	checksEditPerson(t, s, ppl["A3"], func(in *store.PersonInput) { in.EmploymentType = store.EmploymentPermanent })
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{checksPerson("A9", "M1", store.TierFrontLine, store.RoleEmployee,
		"Voice", "T1", store.EmploymentPermanent, "2026-10-02", "")}, 0); err != nil {
		t.Fatal(err)
	}
	a9 := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "A9"))

	// Evidence.
	clk.t = time.Date(2026, 10, 3, 10, 0, 0, 0, time.UTC)
	rec := func(who string, score float64, pending bool) int64 {
		t.Helper()
		return checksMust[int64](t)(s.RecordCheckAttempt(ctx, id, ppl[who].ID, score, pending))
	}
	rec("L1", 90, false)             // understood
	m1Attempt := rec("M1", 80, true) // pending review
	rec("A1", 50, false)             // failed first attempt …
	a1Retake := rec("A1", 85, true)  // … the retake counts once accepted
	_, err := s.RecordCheckAttempt(ctx, id, ppl["A1"].ID, 100, false)
	checksProblem(t, err, "check_no_attempts_left") // 1 + 1 retake used
	rec("A6", 90, false)                            // understood, but leaves during the window
	a8Attempt := rec("A8", 75, true)                // rejected below
	practice := rec("A2", 100, false)               // not eligible: practice
	if a, _ := s.CheckAttemptByID(ctx, practice); !a.Practice {
		t.Errorf("A2's attempt is not flagged practice")
	}

	// Reviews: A8 now reports to M1 in HR, but the snapshot says M2.
	if err := s.ReviewCheckAttempt(ctx, a8Attempt, ppl["M1"].ID, true, ""); !errors.Is(err, store.ErrNotAllowed) {
		t.Fatalf("M1 reviewing A8: %v, want ErrNotAllowed", err)
	}
	checksProblem(t, s.ReviewCheckAttempt(ctx, a8Attempt, ppl["M2"].ID, false, ""), "required")
	if err := s.ReviewCheckAttempt(ctx, a8Attempt, ppl["M2"].ID, false, "Name the service strategy's three parts."); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewCheckAttempt(ctx, a1Retake, ppl["M1"].ID, true, "Clear."); err != nil {
		t.Fatal(err)
	}
	checksProblem(t, s.ReviewCheckAttempt(ctx, a1Retake, ppl["M1"].ID, true, ""), "check_already_reviewed")
	if err := s.ReviewCheckAttempt(ctx, m1Attempt, ppl["M1"].ID, true, ""); !errors.Is(err, store.ErrNotAllowed) {
		t.Fatalf("self-review: %v, want ErrNotAllowed", err)
	}

	// Interviews: M1 may not interview M2's team; M2 may; all-or-nothing upload refuses ineligible people.
	_, err = s.RecordInterviews(ctx, id, ppl["M1"], []store.InterviewInput{{EmployeeID: "A7", Date: "2026-10-02", Verdict: "understood"}}, 0)
	checksProblem(t, err, "check_not_your_report")
	clk.t = time.Date(2026, 10, 11, 10, 0, 0, 0, time.UTC)
	checksEditPerson(t, s, ppl["A6"], func(in *store.PersonInput) { in.LeftOn = "2026-10-10" })
	batch := []store.InterviewInput{
		{EmployeeID: "A7", Date: "2026-10-02", Verdict: "understood", Note: "Explained the service strategy well."},
		{EmployeeID: "A3", Date: "2026-10-02", Verdict: "understood"},
		{EmployeeID: "A2", Date: "2026-10-02", Verdict: "understood"},
		{EmployeeID: "A5", Date: "2026-10-02", Verdict: "understood"},
		{EmployeeID: "A9", Date: "2026-10-02", Verdict: "understood"},
		{EmployeeID: "A6", Date: "2026-10-02", Verdict: "understood"},
		{EmployeeID: "NOPE", Date: "2026-10-02", Verdict: "understood"},
		{EmployeeID: "A4", Date: "2026-10-02", Verdict: "understood"},
		{EmployeeID: "M2", Date: "2026-09-30", Verdict: "maybe"},
	}
	_, err = s.RecordInterviews(ctx, id, ppl["L1"], batch, 2)
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("upload: %v, want validation error", err)
	}
	var codes []string
	for _, p := range verr.Problems {
		codes = append(codes, fmt.Sprintf("%s@%d:%s", p.Field, p.Row, p.Code))
	}
	// A3 turned permanent after opening: not in the snapshot.
	wantCodes := "employee_id@3:check_not_eligible_not_in_snapshot employee_id@4:check_not_eligible_tenure employee_id@5:check_not_eligible_left " +
		"employee_id@6:check_not_eligible_hired_after employee_id@7:check_not_eligible_left employee_id@8:check_unknown_employee " +
		"employee_id@9:check_not_eligible_employment date@10:check_date_outside verdict@10:invalid_choice"
	if g := strings.Join(codes, " "); g != wantCodes {
		t.Fatalf("problems:\n got %s\nwant %s", g, wantCodes)
	}
	if iv := checksResults(t, s, c)["A7"]; iv.Outcome.Result != store.ResultNoResponse {
		t.Fatalf("a refused upload wrote something: A7 = %s", iv.Outcome.Result)
	}
	if n := checksMust[int](t)(s.RecordInterviews(ctx, id, ppl["M2"], batch[:1], 2)); n != 1 {
		t.Fatalf("recorded %d, want 1", n)
	}
	_, err = s.RecordCheckAttempt(ctx, id, a9.ID, 100, false) // hired after opening: practice only
	if err != nil {
		t.Fatal(err)
	}

	// Live report on 2026-10-11, hand-computed:
	// counted = L1, M1, M2, A1, A7, A8 (A6 left during the window) = 6
	// understood = L1 (check), A1 (accepted retake), A7 (interview) = 3; pending = M1; not = A8; no response = M2.
	c = checksMust[store.Check](t)(s.CheckByID(ctx, id))
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, ppl["L1"]))
	want := store.Counts{Eligible: 6, Responded: 5, Understood: 3, PendingReview: 1, NotUnderstood: 1, NoResponse: 1}
	if rep.Overall != want {
		t.Fatalf("overall = %+v, want %+v", rep.Overall, want)
	}
	if store.MeetsTarget(rep.Overall.Understood, rep.Overall.Eligible, c.TargetPct) ||
		store.PeopleNeeded(rep.Overall.Understood, rep.Overall.Eligible, c.TargetPct) != 2 { // ceil(4.8) − 3
		t.Errorf("target verdict wrong for 3 of 6")
	}
	r := checksResults(t, s, c)
	if r["A7"].Outcome.Method != store.MethodInterview || r["A1"].Outcome.Score != 85 || r["A1"].Outcome.Reviewer != "Person M1" {
		t.Errorf("evidence: A7 %+v, A1 %+v", r["A7"].Outcome, r["A1"].Outcome)
	}
	// Snapshot tier and department used although A8 moved: front line in Chat.
	tiers := map[string]store.Counts{}
	for _, g := range rep.ByTier {
		tiers[g.Key] = g.Counts
	}
	if tiers[store.TierSeniorLeader].Eligible != 1 || tiers[store.TierMiddleManager].Eligible != 2 ||
		tiers[store.TierFrontLine] != (store.Counts{Eligible: 3, Responded: 3, Understood: 2, NotUnderstood: 1}) {
		t.Errorf("tiers = %+v", tiers)
	}
	depts := map[string]store.Counts{}
	for _, g := range rep.ByDepartment {
		depts[g.Key] = g.Counts
	}
	if depts["Voice"].Eligible != 3 || depts["Voice"].Understood != 2 || depts["Chat"].Eligible != 3 || depts["Chat"].Understood != 1 {
		t.Errorf("departments = %+v", depts)
	}

	// Managers see only their snapshot teams.
	m1 := checksMust[store.Report](t)(s.CheckReport(ctx, c, ppl["M1"]))
	if m1.Overall != (store.Counts{Eligible: 1, Responded: 1, Understood: 1}) || len(m1.Left) != 1 {
		t.Errorf("M1's report = %+v (left %d), want A1 only", m1.Overall, len(m1.Left))
	}
	m2 := checksMust[store.Report](t)(s.CheckReport(ctx, c, ppl["M2"]))
	if m2.Overall != (store.Counts{Eligible: 2, Responded: 2, Understood: 1, NotUnderstood: 1}) {
		t.Errorf("M2's report = %+v, want A7 and A8", m2.Overall)
	}
	if q := checksMust[[]store.CheckReviewItem](t)(s.ReviewQueue(ctx, c, ppl["M1"])); len(q) != 0 {
		t.Errorf("M1's queue = %+v, want empty (own attempt excluded)", q)
	}
	if q := checksMust[[]store.CheckReviewItem](t)(s.ReviewQueue(ctx, c, ppl["L1"])); len(q) != 1 || q[0].EmployeeID != "M1" {
		t.Errorf("L1's queue = %+v, want M1's attempt", q)
	}
	nr := checksMust[int](t)(s.RemindNonRespondents(ctx, c, ppl["L1"]))
	if nr != 1 {
		t.Errorf("reminded %d, want 1 (M2)", nr)
	}

	// The closing date passes: results freeze.
	clk.t = time.Date(2026, 10, 15, 9, 0, 0, 0, time.UTC)
	if err := s.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	c = checksMust[store.Check](t)(s.CheckByID(ctx, id))
	if c.Status != store.CheckClosed {
		t.Fatalf("status = %s, want closed", c.Status)
	}
	_, err = s.RecordCheckAttempt(ctx, id, ppl["M2"].ID, 100, false)
	checksProblem(t, err, "check_closed")
	_, err = s.RecordInterviews(ctx, id, ppl["L1"], []store.InterviewInput{{EmployeeID: "M2", Date: "2026-10-14", Verdict: "understood"}}, 0)
	checksProblem(t, err, "check_closed")
	// Late evidence and HR changes after closing move nothing.
	if err := s.ReviewCheckAttempt(ctx, m1Attempt, ppl["L1"].ID, true, ""); err != nil {
		t.Fatal(err)
	}
	checksEditPerson(t, s, ppl["A1"], func(in *store.PersonInput) { in.LeftOn = "2026-10-20"; in.Tier = store.TierSeniorLeader })
	// A leaving date on or before the closing date entered after closing (it would have
	// dropped A7 from the denominator while open), with a new tier, department and team:
	// nothing moves either.
	a7 := checksMust[store.Person](t)(s.PersonByID(ctx, ppl["A7"].ID))
	checksEditPerson(t, s, a7, func(in *store.PersonInput) {
		in.LeftOn, in.Tier, in.Department, in.Team = "2026-10-12", store.TierMiddleManager, "Voice", "T1"
	})
	if live := checksMust[store.Person](t)(s.PersonByID(ctx, ppl["A7"].ID)); live.LeftOn.Format(store.DateLayout) != "2026-10-12" {
		t.Fatalf("A7's leaving date was not saved: %v", live.LeftOn)
	}
	rep = checksMust[store.Report](t)(s.CheckReport(ctx, c, ppl["L1"]))
	if rep.Overall != want {
		t.Fatalf("closed overall = %+v, want the frozen %+v", rep.Overall, want)
	}
	if len(rep.Left) != 1 || rep.Left[0].EmployeeID != "A6" {
		t.Errorf("left before closing = %+v, want A6 only", rep.Left)
	}
	frozenTiers := map[string]store.Counts{}
	for _, g := range rep.ByTier {
		frozenTiers[g.Key] = g.Counts
	}
	for k, v := range tiers {
		if frozenTiers[k] != v {
			t.Errorf("tier %s after HR changes = %+v, want the frozen %+v", k, frozenTiers[k], v)
		}
	}
	frozenDepts := map[string]store.Counts{}
	for _, g := range rep.ByDepartment {
		frozenDepts[g.Key] = g.Counts
	}
	if frozenDepts["Chat"] != depts["Chat"] || frozenDepts["Voice"] != depts["Voice"] {
		t.Errorf("departments after HR changes = %+v, want %+v", frozenDepts, depts)
	}
	if r := checksResults(t, s, c)["A1"]; r.Tier != store.TierFrontLine || !r.Counted || r.Outcome.Score != 85 {
		t.Errorf("frozen A1 = %+v", r)
	}
	if r := checksResults(t, s, c)["A7"]; r.Tier != store.TierFrontLine || r.Team != "C1" || !r.Counted ||
		r.Outcome.Result != store.ResultUnderstood || r.Outcome.Method != store.MethodInterview {
		t.Errorf("frozen A7 = %+v", r)
	}
	if st := checksMust[store.MyCheckStatus](t)(s.CheckStatusFor(ctx, c, ppl["A7"].ID)); !st.Eligible || st.Outcome.Result != store.ResultUnderstood {
		t.Errorf("A7's own view after closing: eligible %v, %s", st.Eligible, st.Outcome.Result)
	}
	if ss := checksMust[[]store.CheckStanding](t)(s.CheckStandings(ctx, ppl["A7"].ID, 3)); len(ss) != 1 || ss[0].Outcome.Result != store.ResultUnderstood {
		t.Errorf("A7's profile standings after closing = %+v", ss)
	}
	// M1's written answer was accepted after closing: the frozen pending_review stands.
	if st := checksMust[store.MyCheckStatus](t)(s.CheckStatusFor(ctx, c, ppl["M1"].ID)); st.Outcome.Result != store.ResultPendingReview {
		t.Errorf("M1's own result after a late acceptance = %s, want the frozen pending_review", st.Outcome.Result)
	}
}

func TestChecksExactlyEightyPercentMeetsTarget(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	var in []store.PersonInput
	for _, id := range []string{"P1", "P2", "P3", "P4", "P5"} {
		in = append(in, person(id, ""))
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	today := clk.t.Format(store.DateLayout)
	id := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Now", today, today, "0")))
	checksAddQuestions(t, s, id) // a check opens once it has a written question
	for i, id2 := range []string{"P1", "P2", "P3", "P4", "P5"} {
		p := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, id2))
		score := 70.0 // exactly the pass mark passes
		if i == 4 {
			score = 69.99
		}
		if _, err := s.RecordCheckAttempt(ctx, id, p.ID, score, false); err != nil {
			t.Fatal(err)
		}
	}
	c := checksMust[store.Check](t)(s.CheckByID(ctx, id))
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, store.Person{Role: store.RoleAdmin}))
	if rep.Overall.Understood != 4 || rep.Overall.Eligible != 5 || !store.MeetsTarget(rep.Overall.Understood, rep.Overall.Eligible, c.TargetPct) {
		t.Fatalf("4 of 5 at 80%%: %+v", rep.Overall)
	}
}

func TestChecksFormValidationKeepsEveryProblem(t *testing.T) {
	s := mustOpenStore(t, newClock())
	_, err := s.CreateCheck(context.Background(), 0, store.CheckInput{Title: " ", OpensOn: "2026-11-30", ClosesOn: "2026-11-01",
		TargetPct: "101", MinTenureDays: "-1", PassMark: "abc", Retakes: "x", CultureVersion: "0"})
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("got %v", err)
	}
	fields := map[string]string{}
	for _, p := range verr.Problems {
		fields[p.Field] = p.Code
	}
	want := map[string]string{"title": "required", "closes_on": "check_closes_before_opens", "target_pct": "check_out_of_range",
		"min_tenure_days": "check_out_of_range", "pass_mark": "check_out_of_range", "retakes": "check_out_of_range",
		"culture_version": "check_out_of_range", "employment_types": "required"}
	for f, code := range want {
		if fields[f] != code {
			t.Errorf("%s: got %q, want %q", f, fields[f], code)
		}
	}
	checks, _ := s.ListChecks(context.Background())
	if len(checks) != 0 {
		t.Errorf("an invalid check was stored")
	}
}

func TestChecksParseInterviewCSV(t *testing.T) {
	got, err := store.ParseInterviewCSV(strings.NewReader("\xef\xbb\xbfEmployee_ID,date,verdict,note\nA1,2026-10-02,Understood,\"Said: customers first, fix it once\"\n\n"))
	if err != nil || len(got) != 1 || got[0].Verdict != "understood" || got[0].Note != "Said: customers first, fix it once" {
		t.Fatalf("got %+v, %v", got, err)
	}
	_, err = store.ParseInterviewCSV(strings.NewReader("employee_id,verdict\nA1,understood\n"))
	checksProblem(t, err, "check_missing_column")
}

// An opening date before today would judge eligibility on that date with today's tiers,
// teams and employment types; a past closing date would open and close a check at once.
// Both are refused on create and on update of a scheduled check; today is allowed.
func TestChecksRefusePastDates(t *testing.T) {
	ctx := context.Background()
	clk := newClock() // 2026-11-23
	s := mustOpenStore(t, clk)
	problems := func(err error) map[string]string {
		t.Helper()
		var verr *store.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("got %v, want a validation error", err)
		}
		out := map[string]string{}
		for _, p := range verr.Problems {
			out[p.Field] = p.Code + ":" + p.Arg
		}
		return out
	}
	for _, tc := range []struct {
		opens, closes string
		want          map[string]string
	}{
		{"2026-11-22", "2026-12-07", map[string]string{"opens_on": "check_opens_in_past:2026-11-23"}},
		{"2026-09-01", "2026-09-14", map[string]string{"opens_on": "check_opens_in_past:2026-11-23", "closes_on": "check_closes_in_past:2026-11-23"}},
		{"bad", "2026-11-22", map[string]string{"opens_on": "invalid_date:bad", "closes_on": "check_closes_in_past:2026-11-23"}},
		{"2026-11-24", "2026-11-23", map[string]string{"closes_on": "check_closes_before_opens:"}},
	} {
		_, err := s.CreateCheck(ctx, 0, checksInput("Backdated", tc.opens, tc.closes, "0"))
		got := problems(err)
		if len(got) != len(tc.want) {
			t.Errorf("%s–%s: problems %v, want %v", tc.opens, tc.closes, got, tc.want)
		}
		for f, w := range tc.want {
			if got[f] != w {
				t.Errorf("%s–%s: %s = %q, want %q", tc.opens, tc.closes, f, got[f], w)
			}
		}
	}
	if checks, _ := s.ListChecks(ctx); len(checks) != 0 {
		t.Fatalf("a check with past dates was stored")
	}
	// Scheduled for tomorrow; a day later its opening date may not be moved back before today.
	id := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Q4", "2026-11-24", "2026-12-07", "0")))
	clk.t = clk.t.AddDate(0, 0, 1) // 2026-11-24: the lazy run has not happened yet
	got := problems(s.UpdateCheck(ctx, 0, id, checksInput("Q4", "2026-11-23", "2026-12-07", "0")))
	if got["opens_on"] != "check_opens_in_past:2026-11-24" {
		t.Errorf("update to a past opening: %v", got)
	}
	if c := checksMust[store.Check](t)(s.CheckByID(ctx, id)); c.OpensOn.Format(store.DateLayout) != "2026-11-24" {
		t.Errorf("a refused update moved the opening date to %s", c.OpensOn.Format(store.DateLayout))
	}
	if err := s.UpdateCheck(ctx, 0, id, checksInput("Q4", "2026-11-30", "2026-12-07", "0")); err != nil {
		t.Fatalf("update to a future date: %v", err)
	}
}

// A check shows understanding in people's own words: it does not open (by its date, the
// background run or Open now) without a written-answer question. It stays scheduled; once
// one is added it opens, as of the day it really opens.
func TestChecksDoNotOpenWithoutWrittenQuestion(t *testing.T) {
	ctx := context.Background()
	clk := newClock() // 2026-11-23
	s := mustOpenStore(t, clk)
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("P1", "")}, 0); err != nil {
		t.Fatal(err)
	}
	status := func(id int64) store.Check {
		t.Helper()
		if err := s.RunDueChecks(ctx); err != nil {
			t.Fatal(err)
		}
		return checksMust[store.Check](t)(s.CheckByID(ctx, id))
	}
	// Opening today, no questions: saved, but not opened.
	today := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Today", "2026-11-23", "2026-12-07", "0")))
	if c := status(today); c.Status != store.CheckScheduled {
		t.Fatalf("a check without questions is %s", c.Status)
	}
	checksProblem(t, s.OpenCheckNow(ctx, 0, today), "check_needs_written")
	if _, err := s.AddCheckQuestion(ctx, 0, today, store.QuestionInput{Kind: store.QuestionSingle, Points: 1,
		PromptEN: "Our promise?", Options: []store.OptionInput{{TextEN: "Fix it once", Correct: true}, {TextEN: "Be fast"}}}); err != nil {
		t.Fatal(err)
	}
	if c := status(today); c.Status != store.CheckScheduled || checksMust[bool](t)(s.CheckHasWrittenQuestion(ctx, today)) {
		t.Fatalf("a check with only a choice question is %s", c.Status)
	}
	checksProblem(t, s.OpenCheckNow(ctx, 0, today), "check_needs_written")
	checksAddQuestions(t, s, today)
	if c := status(today); c.Status != store.CheckOpen || c.OpensOn.Format(store.DateLayout) != "2026-11-23" {
		t.Fatalf("with a written question: %s opening %s, want open 2026-11-23", c.Status, c.OpensOn.Format(store.DateLayout))
	}

	// Due tomorrow, the written question only added three days later: it opens that day and
	// its opening date becomes that day (eligibility judged on the snapshot's day).
	late := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Late", "2026-11-24", "2026-12-10", "0")))
	passed := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Passed", "2026-11-24", "2026-11-25", "0")))
	clk.t = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	if c := status(late); c.Status != store.CheckScheduled {
		t.Fatalf("late check without questions is %s", c.Status)
	}
	checksAddQuestions(t, s, late)
	if c := status(late); c.Status != store.CheckOpen || c.OpensOn.Format(store.DateLayout) != "2026-11-27" ||
		c.ClosesOn.Format(store.DateLayout) != "2026-12-10" {
		t.Fatalf("late check: %s %s–%s, want open 2026-11-27–2026-12-10", c.Status, c.OpensOn.Format(store.DateLayout), c.ClosesOn.Format(store.DateLayout))
	}
	// Its closing date has passed as well: it does not open by itself (that would open and
	// close it at once); Open now opens it until the end of today.
	checksAddQuestions(t, s, passed)
	if c := status(passed); c.Status != store.CheckScheduled {
		t.Fatalf("a check whose closing date passed opened by itself: %s", c.Status)
	}
	if err := s.OpenCheckNow(ctx, 0, passed); err != nil {
		t.Fatal(err)
	}
	if c := status(passed); c.Status != store.CheckOpen || c.ClosesOn.Format(store.DateLayout) != "2026-11-27" {
		t.Fatalf("opened now: %s closing %s", c.Status, c.ClosesOn.Format(store.DateLayout))
	}
}

// The culture version a check tests must be a published one; left empty, the check records
// the version published when it opens.
func TestChecksCultureVersion(t *testing.T) {
	ctx := context.Background()
	clk := newClock() // 2026-11-23
	s := mustOpenStore(t, clk)
	withVersion := func(title, opens, v string) store.CheckInput {
		in := checksInput(title, opens, "2026-12-20", "0")
		in.CultureVersion = v
		return in
	}
	_, err := s.CreateCheck(ctx, 0, withVersion("Early", "2026-11-24", "1"))
	checksProblem(t, err, "check_culture_not_published")
	culturePublish(t, s, 0, cultureDoc()) // version 1
	byDefault := checksMust[int64](t)(s.CreateCheck(ctx, 0, withVersion("Default", "2026-11-24", "")))
	named := checksMust[int64](t)(s.CreateCheck(ctx, 0, withVersion("Named", "2026-11-24", "1")))
	_, err = s.CreateCheck(ctx, 0, withVersion("Future", "2026-11-24", "2"))
	checksProblem(t, err, "check_culture_not_published")
	checksProblem(t, s.UpdateCheck(ctx, 0, named, withVersion("Named", "2026-11-24", "7")), "check_culture_not_published")
	if c := checksMust[store.Check](t)(s.CheckByID(ctx, byDefault)); c.CultureVersion != 0 {
		t.Fatalf("a scheduled check without a version records %d", c.CultureVersion)
	}
	draft := checksMust[store.CultureVersion](t)(s.CultureDraft(ctx))
	draft.Doc.Vision.EN = "Every customer leaves better off, every time."
	culturePublish(t, s, 0, draft.Doc) // version 2, published before the checks open
	checksAddQuestions(t, s, byDefault)
	checksAddQuestions(t, s, named)
	clk.t = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if err := s.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]int64{byDefault: 2, named: 1} {
		c := checksMust[store.Check](t)(s.CheckByID(ctx, id))
		if c.Status != store.CheckOpen || c.CultureVersion != want {
			t.Errorf("%s: %s, culture version %d, want open testing %d", c.Title, c.Status, c.CultureVersion, want)
		}
	}
}

// A manager's scope follows the snapshot's reporting lines only: someone who had no manager
// when the check opened is not placed under the manager they are given afterwards.
func TestChecksScopeFollowsSnapshotOnly(t *testing.T) {
	ctx := context.Background()
	clk := newClock() // 2026-11-23
	s := mustOpenStore(t, clk)
	const P = store.EmploymentPermanent
	in := []store.PersonInput{
		checksPerson("L1", "", store.TierSeniorLeader, store.RoleLeader, "Ops", "Lead", P, "2020-01-01", ""),
		checksPerson("M1", "L1", store.TierMiddleManager, store.RoleManager, "Voice", "T1", P, "2021-01-01", ""),
		checksPerson("Y", "M1", store.TierFrontLine, store.RoleEmployee, "Voice", "T1", P, "2024-01-01", ""),
		checksPerson("X", "", store.TierFrontLine, store.RoleEmployee, "Voice", "", P, "2024-01-01", ""),
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	id := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Q4", "2026-11-23", "2026-12-07", "0")))
	checksAddQuestions(t, s, id)
	if err := s.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	c := checksMust[store.Check](t)(s.CheckByID(ctx, id))
	if c.Status != store.CheckOpen {
		t.Fatalf("status %s", c.Status)
	}
	x := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "X"))
	checksEditPerson(t, s, x, func(in *store.PersonInput) { in.ManagerEmployeeID, in.Team = "M1", "T1" })
	m1 := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "M1"))
	if sc := checksMust[store.Scope](t)(s.CheckScope(ctx, c, m1)); sc.Sees(x.ID) {
		t.Errorf("M1 sees X, who had no manager at opening")
	}
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, m1))
	if len(rep.People) != 1 || rep.People[0].EmployeeID != "Y" {
		t.Errorf("M1's people = %+v, want Y only", rep.People)
	}
	_, err := s.RecordInterviews(ctx, id, m1, []store.InterviewInput{{EmployeeID: "X", Date: "2026-11-23", Verdict: "understood"}}, 0)
	checksProblem(t, err, "check_not_your_report")
	a := checksMust[int64](t)(s.RecordCheckAttempt(ctx, id, x.ID, 90, true))
	if err := s.ReviewCheckAttempt(ctx, a, m1.ID, true, ""); !errors.Is(err, store.ErrNotAllowed) {
		t.Errorf("M1 reviewing X: %v, want ErrNotAllowed", err)
	}
	// The leader still sees and reviews everyone.
	l1 := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "L1"))
	if err := s.ReviewCheckAttempt(ctx, a, l1.ID, true, ""); err != nil {
		t.Errorf("leader reviewing X: %v", err)
	}
}

// Tiers outside the three standard ones (unknown or empty in the snapshot) come after them
// in a fixed, sorted order: the report, exports and API list the rows the same way every time.
func TestChecksUnknownTiersInFixedOrder(t *testing.T) {
	var rows []store.PopulationRow
	for i, tier := range []string{"zeta", store.TierFrontLine, "alpha", "", "mid", "beta", "omega", "gamma"} {
		rows = append(rows, store.PopulationRow{PersonID: int64(i + 1), Tier: tier, Counted: true,
			Outcome: store.Outcome{Result: store.ResultNoResponse}})
	}
	want := strings.Join(append(append([]string{}, store.ReportTiers...), "", "alpha", "beta", "gamma", "mid", "omega", "zeta"), ",")
	for range 50 { // map iteration order varies from run to run
		var got []string
		for _, g := range store.BuildReport(store.Check{}, rows).ByTier {
			got = append(got, g.Key)
		}
		if strings.Join(got, ",") != want {
			t.Fatalf("tier rows %q, want %q", got, want)
		}
	}
}

// TestChecksLongestNamesFitTheReportIndexes: a person's name, department and team are each
// at most store.PersonTextMaxRunes characters, and at that length — in four-byte characters
// that do not compress — they still fit the report's covering indexes (migration 0042; on
// PostgreSQL a btree entry holds ~2.7 KB). One character more is refused on every field.
func TestChecksLongestNamesFitTheReportIndexes(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	max := store.PersonTextMaxRunes
	// Distinct characters of CJK Extension B (four bytes each in UTF-8), in a scattered order.
	longText := func(seed int) string {
		var b strings.Builder
		for i := 0; i < max; i++ {
			b.WriteRune(rune(0x20000 + (seed*7919+i*104729)%42000))
		}
		return b.String()
	}
	over := strings.Repeat("长", max+1)
	in := person("P0", "")
	in.Name, in.Title, in.Department, in.Team = over, over, over, over
	in.TitleZH, in.DepartmentZH, in.TeamZH = &over, &over, &over
	_, err := s.UpsertPeople(ctx, 0, []store.PersonInput{in}, 0)
	importWant(t, importProblems(t, err), "0 name too_long", "0 title too_long", "0 department too_long",
		"0 team too_long", "0 title_zh too_long", "0 department_zh too_long", "0 team_zh too_long")

	var people []store.PersonInput
	for i := range 3 {
		p := person(fmt.Sprintf("P%d", i+1), "")
		p.Name, p.Department, p.Team = longText(3*i), longText(3*i+1), longText(3*i+2)
		people = append(people, p)
	}
	if _, err := s.UpsertPeople(ctx, 0, people, 0); err != nil {
		t.Fatal(err)
	}
	today := clk.t.Format(store.DateLayout)
	id := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput("Longest names", today, today, "0")))
	checksAddQuestions(t, s, id) // the check opens here: its snapshot is written
	c := checksMust[store.Check](t)(s.CheckByID(ctx, id))
	admin := store.Person{Role: store.RoleAdmin}
	if rows := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, admin, store.ReportList{Limit: 10})); len(rows) != 3 {
		t.Fatalf("whole list: %d rows, want 3", len(rows))
	}
	rows := checksMust[[]store.PopulationRow](t)(s.CheckReportPeople(ctx, c, admin, store.ReportList{Department: people[1].Department, Limit: 10}))
	if len(rows) != 1 || rows[0].Name != people[1].Name || rows[0].Team != people[1].Team {
		t.Fatalf("one department's list: %d rows", len(rows))
	}
}

// OpenChecks (the home page's check cards) are ListChecks' open checks, in its order.
func TestOpenChecksAreTheListsOpenOnes(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	// Two more open checks, opened the same day: the order rests on the day and then the id.
	for _, title := range []string{"Pulse A", "Pulse B"} {
		id := checksMust[int64](t)(s.CreateCheck(ctx, 0, checksInput(title, "2026-11-24", "2026-12-20", "0")))
		checksAddQuestions(t, s, id)
	}
	clk.t = clk.t.AddDate(0, 0, 1)
	if err := s.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	all := checksMust[[]store.Check](t)(s.ListChecks(ctx))
	var want []int64
	closed := 0
	for _, c := range all {
		if c.Status == store.CheckOpen {
			want = append(want, c.ID)
		} else {
			closed++
		}
	}
	var got []int64
	for _, c := range checksMust[[]store.Check](t)(s.OpenChecks(ctx)) {
		got = append(got, c.ID)
	}
	if len(want) < 3 || closed == 0 || !slices.Equal(got, want) {
		t.Errorf("open checks %v, want %v (of %d checks, %d not open)", got, want, len(all), closed)
	}
}
