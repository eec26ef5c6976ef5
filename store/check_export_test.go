package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"lodestar/store"
)

// exportAgrees holds the streamed evidence pack of check c for viewer to the report built in
// Go (CheckReport: every row decided by DecideOutcome): the same figures, and the same people
// in the same order — counted, then those who left — with the same result and evidence.
func exportAgrees(t *testing.T, s *store.Store, c store.Check, viewer store.Person) {
	t.Helper()
	ctx := context.Background()
	name := c.Title + " as " + viewer.EmployeeID
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, viewer))
	fig := checksMust[store.Report](t)(s.CheckReportFigures(ctx, c, viewer))
	if fig.Overall != rep.Overall || !groupRowsEqual(fig.ByTier, rep.ByTier) ||
		!groupRowsEqual(fig.ByDepartment, rep.ByDepartment) || !groupRowsEqual(fig.ByTeam, rep.ByTeam) {
		t.Errorf("%s: figures %+v\nwant %+v", name, fig, rep)
	}
	var got []store.PopulationRow
	if err := s.EachCheckExportRow(ctx, c, viewer, func(r store.PopulationRow) error {
		got = append(got, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := append(append([]store.PopulationRow{}, rep.People...), rep.Left...)
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%s: %d export rows, want %d", name, len(got), len(want))
	}
	for i := range want {
		if !populationRowsEqual(got[i], want[i]) {
			t.Errorf("%s: export row %d\n%+v\nwant %+v", name, i, got[i], want[i])
			return
		}
	}
}

func groupRowsEqual(a, b []store.GroupRow) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func populationRowsEqual(a, b store.PopulationRow) bool {
	ao, bo := a.Outcome, b.Outcome
	return a.PersonID == b.PersonID && a.EmployeeID == b.EmployeeID && a.Name == b.Name && a.Tier == b.Tier &&
		a.Department == b.Department && a.Team == b.Team && a.ManagerID == b.ManagerID && a.LeftOn.Equal(b.LeftOn) &&
		a.Counted == b.Counted && ao.Result == bo.Result && ao.Method == bo.Method && ao.Score == bo.Score &&
		ao.EvidenceOn.Equal(bo.EvidenceOn) && ao.Reviewer == bo.Reviewer && ao.ReviewerToken == bo.ReviewerToken &&
		ao.ReviewedAt.Equal(bo.ReviewedAt)
}

// On a generated organisation (2,000 people: three checks, attempts, reviews, interviews,
// leavers) the streamed export equals the Go report for the leader and for a manager, open
// and closed, after an interview recorded through an API token; a manager's export holds
// only their tree; and a cancelled context stops the rows.
func TestCheckExportStreamMatchesReportAtScale(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	if err := s.Generate(ctx, store.GenOptions{People: 2000, Recognitions: 100}); err != nil {
		t.Fatal(err)
	}
	leader := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "leader"))
	manager := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "manager"))
	c := checksMust[store.Check](t)(s.CurrentCheck(ctx))

	// An interview recorded by a token: the export names the token as the recorder.
	secret := checksMust[string](t)(s.CreateToken(ctx, leader.ID, "hr-sync"))
	tok := checksMust[store.Token](t)(s.AuthenticateToken(ctx, secret))
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, leader))
	var silent []store.PopulationRow
	for _, p := range rep.People {
		if p.Outcome.Result == store.ResultNoResponse && p.PersonID != leader.ID {
			silent = append(silent, p)
		}
	}
	if len(silent) < 5 {
		t.Fatalf("%d people without a response", len(silent))
	}
	day := func(d int) string { return c.OpensOn.AddDate(0, 0, d).Format(store.DateLayout) }
	if _, err := s.RecordInterviewsByToken(ctx, c.ID, tok, []store.InterviewInput{
		{EmployeeID: silent[0].EmployeeID, Date: day(0), Verdict: store.VerdictUnderstood}}, 0); err != nil {
		t.Fatal(err)
	}
	// Several pieces of evidence for one person, so the export must pick the one that decides:
	// the best attempt (highest score, then the earliest), the earliest understood interview,
	// the latest other interview (the first recorded of that day).
	for _, a := range []struct {
		who   int
		score float64
	}{{1, 40}, {1, 60}, {4, 50}, {4, 50}} {
		clk.advance(time.Hour)
		if _, err := s.RecordCheckAttempt(ctx, c.ID, silent[a.who].PersonID, a.score, false); err != nil {
			t.Fatal(err)
		}
	}
	clk.advance(time.Hour)
	if _, err := s.RecordInterviews(ctx, c.ID, leader, []store.InterviewInput{
		{EmployeeID: silent[2].EmployeeID, Date: day(2), Verdict: store.VerdictUnderstood},
		{EmployeeID: silent[2].EmployeeID, Date: day(1), Verdict: store.VerdictUnderstood, Note: "first"},
		{EmployeeID: silent[2].EmployeeID, Date: day(0), Verdict: store.VerdictNotUnderstood},
		{EmployeeID: silent[3].EmployeeID, Date: day(1), Verdict: store.VerdictNotUnderstood},
		{EmployeeID: silent[3].EmployeeID, Date: day(2), Verdict: store.VerdictNotUnderstood},
	}, 0); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour)
	if _, err := s.RecordInterviewsByToken(ctx, c.ID, tok, []store.InterviewInput{
		{EmployeeID: silent[3].EmployeeID, Date: day(2), Verdict: store.VerdictNotUnderstood}}, 0); err != nil {
		t.Fatal(err)
	}
	methods := map[string]bool{}
	byToken := false
	for _, p := range checksMust[store.Report](t)(s.CheckReport(ctx, c, leader)).People {
		methods[p.Outcome.Result+" "+p.Outcome.Method] = true
		byToken = byToken || p.Outcome.ReviewerToken
	}
	for _, want := range []string{"understood check", "understood interview", "pending_review check", "not_understood check", "no_response "} {
		if !methods[want] {
			t.Errorf("the generated check has no %q row: the comparison would not cover it (%v)", want, methods)
		}
	}
	if !byToken {
		t.Error("no interview recorded by a token in the report")
	}

	for _, viewer := range []store.Person{leader, manager} {
		exportAgrees(t, s, c, viewer)
	}
	// The manager's export: only people of their tree.
	scope := checksMust[store.Scope](t)(s.CheckScope(ctx, c, manager))
	n := 0
	if err := s.EachCheckExportRow(ctx, c, manager, func(r store.PopulationRow) error {
		n++
		if !scope.Sees(r.PersonID) {
			t.Errorf("the manager's export holds %s, outside their tree", r.EmployeeID)
		}
		return nil
	}); err != nil || n == 0 || n > 100 {
		t.Errorf("manager's export: %d rows, %v", n, err)
	}

	// Cancelled: the rows stop and the context's error comes back.
	cctx, cancel := context.WithCancel(ctx)
	seen := 0
	err := s.EachCheckExportRow(cctx, c, leader, func(store.PopulationRow) error {
		if seen++; seen == 10 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || seen > len(rep.People)/2 {
		t.Errorf("cancelled export: %v after %d of %d rows", err, seen, len(rep.People))
	}

	if err := s.CloseCheckNow(ctx, leader.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	for _, old := range checksMust[[]store.Check](t)(s.ListChecks(ctx)) {
		for _, viewer := range []store.Person{leader, manager} {
			exportAgrees(t, s, old, viewer)
		}
	}
}
