package views

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// Keys the checks area builds at run time: results, methods, states and ineligibility problems.
func TestChecksComputedKeysAreTranslated(t *testing.T) {
	var keys []string
	for _, r := range store.Results {
		keys = append(keys, "checks.result."+r)
	}
	for _, m := range []string{store.MethodCheck, store.MethodInterview} {
		keys = append(keys, "checks.method."+m)
	}
	for _, s := range []string{store.CheckScheduled, store.CheckOpen, store.CheckClosed} {
		keys = append(keys, "checks.status."+s)
	}
	for _, r := range store.IneligibleReasons {
		keys = append(keys, "problem."+store.IneligibleCode(r))
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("%q has no translation", k)
		}
	}
}

func TestChecksVerdictWords(t *testing.T) {
	en := WithLocale(context.Background(), Locale{Lang: "en"})
	zh := WithLocale(context.Background(), Locale{Lang: "zh"})
	cases := []struct {
		c      store.Counts
		target int
		en, zh string
	}{
		{store.Counts{Eligible: 5, Understood: 4}, 80, "Meets the 80% requirement", "达到 80% 的要求"},
		{store.Counts{Eligible: 100, Understood: 74}, 80, "Does not meet the 80% requirement: 74% — 6 more people needed", "未达到 80% 的要求：74%，还需 6 人"},
		{store.Counts{Eligible: 3, Understood: 2}, 80, "Does not meet the 80% requirement: 66% — 1 more person needed", "未达到 80% 的要求：66%，还需 1 人"},
		{store.Counts{}, 80, "Nobody counted", "无统计对象"},
	}
	for _, c := range cases {
		if got := CheckVerdict(en, c.c, c.target); got != c.en {
			t.Errorf("en: got %q, want %q", got, c.en)
		}
		if got := CheckVerdict(zh, c.c, c.target); got != c.zh {
			t.Errorf("zh: got %q, want %q", got, c.zh)
		}
	}
	if got := CheckRateText(en, 152, 200); got != "76% · 152 of 200" {
		t.Errorf("rate text = %q", got)
	}
	if got := CheckRateText(en, 2, 3); got != "66% · 2 of 3" {
		t.Errorf("small group = %q", got)
	}
}

// A check that opened after its opening date says so in the audit log, in the reader's language.
func TestChecksAuditLateOpeningTranslated(t *testing.T) {
	zh := WithLocale(context.Background(), Locale{Lang: "zh"})
	en := WithLocale(context.Background(), Locale{Lang: "en"})
	check := store.Ref{Kind: store.RefCheck, ID: 4}
	names := store.Names{check: {EN: "Q4"}}
	day := func(s string) time.Time { d, _ := store.ParseDate(s); return d }
	late := store.Event{Key: store.EventCheckOpenLate, Subject: check,
		Args: []store.Arg{store.DateArg(day("2026-12-10")), store.DateArg(day("2026-11-24")), store.DateArg(day("2026-11-27"))}}
	if got := EventText(zh, late, names); !strings.Contains(got, "延迟开放：开放日期由 2026年11月24日 改为 2026年11月27日") {
		t.Errorf("zh: %q", got)
	}
	if got := EventText(en, late, names); !strings.Contains(got, "opened late: opening date moved from 24 Nov 2026 to 27 Nov 2026") {
		t.Errorf("en: %q", got)
	}
	ordinary := store.Event{Key: store.EventCheckOpen, Subject: check, Args: []store.Arg{store.DateArg(day("2026-12-10"))}}
	if got := EventText(en, ordinary, names); strings.Contains(got, "late") {
		t.Errorf("an ordinary opening says %q", got)
	}
}

// A leader's report covers the whole organisation: its lists stop at CheckListRows with a
// note and a link to the whole list, so the page stays small whatever the snapshot's size.
func TestCheckReportListsAreCapped(t *testing.T) {
	c := store.Check{ID: 1, Title: "Q4", Status: store.CheckOpen, TargetPct: 80}
	var rows []store.PopulationRow
	for i := range CheckPageRows + 20 {
		rows = append(rows, store.PopulationRow{PersonID: int64(i + 1), EmployeeID: fmt.Sprintf("E%04d", i), Name: fmt.Sprintf("P %04d", i),
			Tier: store.TierFrontLine, Department: "D", Team: fmt.Sprintf("T%04d", i), Counted: true,
			Outcome: store.Outcome{Result: store.ResultNoResponse}})
	}
	var b strings.Builder
	ctx := WithLocale(context.Background(), Locale{Lang: "en"})
	rep := store.BuildReport(c, rows)
	sum := store.ReportSummary{Check: c, Overall: rep.Overall, ByTier: rep.ByTier, Rows: rep.ByDepartment, RowsTotal: len(rep.ByDepartment)}
	if err := CheckReportPage(CheckReportData{Summary: sum, People: rep.People, NonRespondents: rep.People, WholeOrg: true}).Render(ctx, &b); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	if n := strings.Count(html, `data-testid="person-E`); n != CheckListRows {
		t.Fatalf("%d people rows, want %d", n, CheckListRows)
	}
	if n := strings.Count(html, "Showing 25 of 120"); n != 2 {
		t.Fatalf("%d notes that a list is cut short, want 2 (everyone counted, not responded)", n)
	}
	for _, href := range []string{`href="/checks/1/report/people"`, `href="/checks/1/report/people?result=no_response"`} {
		if !strings.Contains(html, href) {
			t.Errorf("no link to the whole list %s", href)
		}
	}
}

// An empty tier in the trend's figures says "no one eligible", not "0% · 0 of 0", in both
// languages; a tier with people shows its rate.
func TestTrendTableEmptyTier(t *testing.T) {
	pts := []store.TrendPoint{{Check: store.Check{Title: "Q2 strategy check", Status: store.CheckClosed},
		Overall: store.Counts{Eligible: 5, Understood: 4},
		ByTier:  map[string]store.Counts{store.TierFrontLine: {Eligible: 5, Understood: 4}}}}
	for lang, want := range map[string]string{"en": "no one eligible", "zh": "无人符合条件"} {
		var b strings.Builder
		ctx := WithLocale(context.Background(), Locale{Lang: lang})
		if err := CheckTrendChart(pts, 80).Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		html := b.String()
		if !strings.Contains(html, `data-testid="trend-senior_leader">`+want+"<") {
			t.Errorf("%s: empty tier not %q", lang, want)
		}
		if strings.Contains(html, "0% · 0") || strings.Contains(html, "0/0") {
			t.Errorf("%s: an empty tier shows a zero rate", lang)
		}
		if !strings.Contains(html, `data-testid="trend-front_line">80%`) {
			t.Errorf("%s: front line's rate missing", lang)
		}
	}
}
