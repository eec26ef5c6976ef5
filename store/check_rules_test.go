package store_test

import (
	"testing"
	"time"

	"lodestar/store"
)

func TestChecksMeetsTargetExactIntegerMaths(t *testing.T) {
	cases := []struct {
		understood, eligible, target int
		meets                        bool
		needed                       int
	}{
		{4, 5, 80, true, 0},     // exactly 80%
		{8, 10, 80, true, 0},    // exactly 80%
		{3, 5, 80, false, 1},    // 60%: ceil(4.0) - 3
		{7, 10, 80, false, 1},   // 70%
		{74, 100, 80, false, 6}, // "74% — 6 more people needed"
		{79, 99, 80, false, 1},  // 79.79%: ceil(79.2) = 80 → 1 more
		{80, 99, 80, true, 0},   // 80.8%
		{0, 0, 80, false, 0},    // nobody eligible never meets
		{2, 3, 80, false, 1},    // ceil(2.4) = 3
		{0, 7, 100, false, 7},
		{7, 7, 100, true, 0},
		{150, 200, 76, false, 2},
		{152, 200, 76, true, 0},
	}
	for _, c := range cases {
		if got := store.MeetsTarget(c.understood, c.eligible, c.target); got != c.meets {
			t.Errorf("MeetsTarget(%d, %d, %d) = %v, want %v", c.understood, c.eligible, c.target, got, c.meets)
		}
		if got := store.PeopleNeeded(c.understood, c.eligible, c.target); got != c.needed {
			t.Errorf("PeopleNeeded(%d, %d, %d) = %d, want %d", c.understood, c.eligible, c.target, got, c.needed)
		}
	}
}

func TestChecksFloorPercentNeverRoundsUpToTarget(t *testing.T) {
	cases := []struct{ n, of, want int }{{79, 99, 79}, {4, 5, 80}, {2, 3, 66}, {0, 0, 0}, {1, 1, 100}, {199, 200, 99}}
	for _, c := range cases {
		if got := store.FloorPercent(c.n, c.of); got != c.want {
			t.Errorf("FloorPercent(%d, %d) = %d, want %d", c.n, c.of, got, c.want)
		}
	}
}

func checksDay(s string) time.Time { d, _ := store.ParseDate(s); return d }

func TestChecksIneligibleReason(t *testing.T) {
	opens := checksDay("2026-10-01")
	rule := store.EligibilityRule{MinTenureDays: 90, EmploymentTypes: []string{store.EmploymentPermanent}}
	base := store.Person{EmploymentType: store.EmploymentPermanent, HiredOn: checksDay("2026-07-03")} // exactly 90 days
	cases := []struct {
		name string
		edit func(p *store.Person)
		want string
	}{
		{"exactly 90 days counts", func(p *store.Person) {}, ""},
		{"89 days is under tenure", func(p *store.Person) { p.HiredOn = checksDay("2026-07-04") }, store.IneligibleTenure},
		{"temporary", func(p *store.Person) { p.EmploymentType = store.EmploymentTemporary }, store.IneligibleEmployment},
		{"contractor", func(p *store.Person) { p.EmploymentType = store.EmploymentContractor }, store.IneligibleEmployment},
		{"left before opening", func(p *store.Person) { p.LeftOn = checksDay("2026-09-30") }, store.IneligibleLeft},
		{"left on the opening day", func(p *store.Person) { p.LeftOn = checksDay("2026-10-01") }, store.IneligibleLeft},
		{"leaves the day after opening is eligible at opening", func(p *store.Person) { p.LeftOn = checksDay("2026-10-02") }, ""},
		{"hired after opening", func(p *store.Person) { p.HiredOn = checksDay("2026-10-02") }, store.IneligibleHiredAfter},
	}
	for _, c := range cases {
		p := base
		c.edit(&p)
		if got := store.IneligibleReason(p, rule, opens); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	// A rule counting temporary staff with 30 days admits them.
	wide := store.EligibilityRule{MinTenureDays: 30, EmploymentTypes: []string{store.EmploymentPermanent, store.EmploymentTemporary}}
	p := base
	p.EmploymentType, p.HiredOn = store.EmploymentTemporary, checksDay("2026-09-01")
	if got := store.IneligibleReason(p, wide, opens); got != "" {
		t.Errorf("wide rule: got %q, want eligible", got)
	}
}

func TestChecksLeftBeforeClose(t *testing.T) {
	closes := checksDay("2026-10-15")
	cases := []struct {
		left string
		want bool
	}{{"", false}, {"2026-10-15", true}, {"2026-10-10", true}, {"2026-10-16", false}}
	for _, c := range cases {
		var l time.Time
		if c.left != "" {
			l = checksDay(c.left)
		}
		if got := store.LeftBeforeClose(l, closes); got != c.want {
			t.Errorf("LeftBeforeClose(%q) = %v, want %v", c.left, got, c.want)
		}
	}
}

func TestChecksDecideOutcomeBestEvidence(t *testing.T) {
	at := func(score float64, passed bool, written string) store.CheckAttempt {
		return store.CheckAttempt{Score: score, PassedMark: passed, WrittenStatus: written}
	}
	iv := func(verdict string) store.Interview { return store.Interview{Verdict: verdict} }
	cases := []struct {
		name       string
		attempts   []store.CheckAttempt
		interviews []store.Interview
		result     string
		method     string
		score      float64
	}{
		{"nothing", nil, nil, store.ResultNoResponse, "", 0},
		{"passed, nothing to review", []store.CheckAttempt{at(80, true, store.WrittenNone)}, nil, store.ResultUnderstood, store.MethodCheck, 80},
		{"passed, written accepted", []store.CheckAttempt{at(75, true, store.WrittenAccepted)}, nil, store.ResultUnderstood, store.MethodCheck, 75},
		{"passed, written pending is not understanding", []store.CheckAttempt{at(90, true, store.WrittenPending)}, nil, store.ResultPendingReview, store.MethodCheck, 90},
		{"passed, written rejected", []store.CheckAttempt{at(90, true, store.WrittenRejected)}, nil, store.ResultNotUnderstood, store.MethodCheck, 90},
		{"below pass mark", []store.CheckAttempt{at(40, false, store.WrittenNone)}, nil, store.ResultNotUnderstood, store.MethodCheck, 40},
		{"below pass mark with pending review cannot pass", []store.CheckAttempt{at(40, false, store.WrittenPending)}, nil, store.ResultNotUnderstood, store.MethodCheck, 40},
		{"best attempt counts: fail then pass", []store.CheckAttempt{at(40, false, store.WrittenNone), at(85, true, store.WrittenAccepted)}, nil, store.ResultUnderstood, store.MethodCheck, 85},
		{"best attempt counts: pass then fail", []store.CheckAttempt{at(85, true, store.WrittenNone), at(30, false, store.WrittenNone)}, nil, store.ResultUnderstood, store.MethodCheck, 85},
		{"a passed attempt beats a higher rejected one", []store.CheckAttempt{at(95, true, store.WrittenRejected), at(72, true, store.WrittenAccepted)}, nil, store.ResultUnderstood, store.MethodCheck, 72},
		{"pending beats failed", []store.CheckAttempt{at(40, false, store.WrittenNone), at(70, true, store.WrittenPending)}, nil, store.ResultPendingReview, store.MethodCheck, 70},
		{"interview replaces a missing attempt", nil, []store.Interview{iv(store.VerdictUnderstood)}, store.ResultUnderstood, store.MethodInterview, 0},
		{"interview not understood", nil, []store.Interview{iv(store.VerdictNotUnderstood)}, store.ResultNotUnderstood, store.MethodInterview, 0},
		{"understood interview beats a failed attempt", []store.CheckAttempt{at(30, false, store.WrittenNone)}, []store.Interview{iv(store.VerdictUnderstood)}, store.ResultUnderstood, store.MethodInterview, 0},
		{"understood interview beats pending", []store.CheckAttempt{at(90, true, store.WrittenPending)}, []store.Interview{iv(store.VerdictUnderstood)}, store.ResultUnderstood, store.MethodInterview, 0},
		{"passed attempt beats not-understood interview", []store.CheckAttempt{at(90, true, store.WrittenNone)}, []store.Interview{iv(store.VerdictNotUnderstood)}, store.ResultUnderstood, store.MethodCheck, 90},
		{"pending beats not-understood interview", []store.CheckAttempt{at(90, true, store.WrittenPending)}, []store.Interview{iv(store.VerdictNotUnderstood)}, store.ResultPendingReview, store.MethodCheck, 90},
		{"one understood interview among several", nil, []store.Interview{iv(store.VerdictNotUnderstood), iv(store.VerdictUnderstood)}, store.ResultUnderstood, store.MethodInterview, 0},
	}
	for _, c := range cases {
		got := store.DecideOutcome(c.attempts, c.interviews)
		if got.Result != c.result || got.Method != c.method || got.Score != c.score {
			t.Errorf("%s: got %s/%s/%v, want %s/%s/%v", c.name, got.Result, got.Method, got.Score, c.result, c.method, c.score)
		}
	}
}

func TestChecksBuildReportBreakdownsSumToOverall(t *testing.T) {
	row := func(id int64, tier, dept, team, result string, counted bool) store.PopulationRow {
		return store.PopulationRow{PersonID: id, Tier: tier, Department: dept, Team: team, Counted: counted,
			Outcome: store.Outcome{Result: result}}
	}
	rows := []store.PopulationRow{
		row(1, store.TierSeniorLeader, "Voice", "Lead", store.ResultUnderstood, true),
		row(2, store.TierMiddleManager, "Voice", "T1", store.ResultUnderstood, true),
		row(3, store.TierFrontLine, "Voice", "T1", store.ResultPendingReview, true),
		row(4, store.TierFrontLine, "Voice", "T1", store.ResultNoResponse, true),
		row(5, store.TierFrontLine, "Chat", "C1", store.ResultNotUnderstood, true),
		row(6, store.TierFrontLine, "Chat", "C1", store.ResultUnderstood, true),
		row(7, store.TierFrontLine, "Chat", "C1", store.ResultUnderstood, false), // left: not counted
	}
	rep := store.BuildReport(store.Check{TargetPct: 80}, rows)
	want := store.Counts{Eligible: 6, Responded: 5, Understood: 3, PendingReview: 1, NotUnderstood: 1, NoResponse: 1}
	if rep.Overall != want {
		t.Fatalf("overall = %+v, want %+v", rep.Overall, want)
	}
	if len(rep.Left) != 1 || rep.Left[0].PersonID != 7 {
		t.Fatalf("left = %+v", rep.Left)
	}
	for name, groups := range map[string][]store.GroupRow{"tier": rep.ByTier, "department": rep.ByDepartment, "team": rep.ByTeam} {
		var sum store.Counts
		for _, g := range groups {
			sum.Eligible += g.Eligible
			sum.Responded += g.Responded
			sum.Understood += g.Understood
			sum.PendingReview += g.PendingReview
			sum.NotUnderstood += g.NotUnderstood
			sum.NoResponse += g.NoResponse
		}
		if sum != rep.Overall {
			t.Errorf("%s breakdown sums to %+v, want %+v", name, sum, rep.Overall)
		}
	}
	// Tiers in order senior, middle, front line, with the seeds' baseline.
	if rep.ByTier[0].Key != store.TierSeniorLeader || rep.ByTier[0].Baseline != 71 || rep.ByTier[0].Understood != 1 ||
		rep.ByTier[1].Baseline != 40 || rep.ByTier[2].Key != store.TierFrontLine || rep.ByTier[2].Baseline != 3 {
		t.Errorf("tiers = %+v", rep.ByTier)
	}
	front := rep.ByTier[2].Counts
	if front != (store.Counts{Eligible: 4, Responded: 3, Understood: 1, PendingReview: 1, NotUnderstood: 1, NoResponse: 1}) {
		t.Errorf("front line = %+v", front)
	}
	if len(rep.ByDepartment) != 2 || rep.ByDepartment[0].Key != "Chat" || rep.ByDepartment[0].Eligible != 2 || rep.ByDepartment[1].Eligible != 4 {
		t.Errorf("departments = %+v", rep.ByDepartment)
	}
}
