package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"lodestar/handlers"
	"lodestar/store"
	"lodestar/views"
)

// oldCheckPack is the evidence pack as it was built before the exports streamed: the whole
// report in Go (store.CheckReport), then every row in memory. Kept here as the oracle the
// streamed files must equal byte for byte.
func oldCheckPack(ctx context.Context, rep store.Report, names store.OrgNames, now time.Time) (titles []string, sheets [][][]string) {
	l := views.L(ctx)
	c := rep.Check
	yes := func(b bool) string {
		if b {
			return l.T("checks.yes")
		}
		return l.T("checks.no")
	}
	summary := [][]string{
		{l.T("checks.check"), c.Title},
		{l.T("content.title_zh"), c.TitleZH},
		{l.T("checks.field_opens_on"), c.OpensOn.Format(store.DateLayout)},
		{l.T("checks.field_closes_on"), c.ClosesOn.Format(store.DateLayout)},
		{l.T("checks.status"), views.CheckStatusText(ctx, c.Status)},
		{l.T("checks.field_target"), strconv.Itoa(c.TargetPct) + "%"},
		{l.T("checks.long_term_rule"), views.CheckRuleText(ctx, c)},
		{l.T("checks.field_pass_mark"), strconv.FormatFloat(c.PassMark, 'f', -1, 64) + "%"},
		{l.T("checks.field_culture_version"), views.CheckCultureText(ctx, c)},
		{l.T("checks.generated_at"), now.UTC().Format(time.RFC3339)},
		{},
		{l.T("checks.col_group_type"), l.T("checks.col_group"), l.T("checks.col_eligible"), l.T("checks.col_responded"),
			l.T("checks.col_understood"), l.T("checks.col_pending"), l.T("checks.col_not_understood"), l.T("checks.col_no_response"),
			l.T("checks.understanding_rate"), l.T("checks.response_rate"), l.T("checks.col_meets"), l.T("checks.col_needed"), l.T("checks.baseline"), l.T("content.name_zh")},
	}
	line := func(kind, name string, g store.Counts, baseline, nameZH string) []string {
		return []string{kind, name, strconv.Itoa(g.Eligible), strconv.Itoa(g.Responded), strconv.Itoa(g.Understood),
			strconv.Itoa(g.PendingReview), strconv.Itoa(g.NotUnderstood), strconv.Itoa(g.NoResponse),
			fmt.Sprintf("%d%%", store.FloorPercent(g.Understood, g.Eligible)), fmt.Sprintf("%d%%", store.FloorPercent(g.Responded, g.Eligible)),
			yes(store.MeetsTarget(g.Understood, g.Eligible, c.TargetPct)), strconv.Itoa(store.PeopleNeeded(g.Understood, g.Eligible, c.TargetPct)), baseline, nameZH}
	}
	summary = append(summary, line(l.T("checks.overall"), "", rep.Overall, "", ""))
	for _, g := range rep.ByTier {
		summary = append(summary, line(l.T("checks.tier"), views.TierText(ctx, g.Key), g.Counts, strconv.Itoa(g.Baseline)+"%", ""))
	}
	for _, g := range rep.ByDepartment {
		summary = append(summary, line(l.T("people.department"), g.Key, g.Counts, "", names.ZH(store.UnitDepartment, g.Key)))
	}
	for _, g := range rep.ByTeam {
		summary = append(summary, line(l.T("people.team"), g.Key, g.Counts, "",
			strings.TrimPrefix(names.Name("zh", store.UnitDepartment, g.Department)+" / "+names.Name("zh", store.UnitTeam, g.Team), " / ")))
	}
	people := [][]string{{l.T("people.employee_id"), l.T("people.name"), l.T("people.tier"), l.T("people.department"),
		l.T("people.team"), l.T("checks.col_eligibility"), l.T("checks.result"), l.T("checks.method"), l.T("checks.col_score"),
		l.T("checks.col_evidence_on"), l.T("checks.col_reviewer"), l.T("checks.col_reviewed_at"),
		l.T("content.department_zh"), l.T("content.team_zh")}}
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	person := func(p store.PopulationRow, eligibility string) []string {
		score := ""
		if p.Outcome.Method == store.MethodCheck {
			score = strconv.FormatFloat(p.Outcome.Score, 'f', -1, 64)
		}
		method := ""
		if p.Outcome.Method != "" {
			method = views.CheckMethodText(ctx, p.Outcome.Method)
		}
		return []string{p.EmployeeID, p.Name, views.TierText(ctx, p.Tier), p.Department, p.Team, eligibility,
			views.CheckResultText(ctx, p.Outcome.Result), method, score, stamp(p.Outcome.EvidenceOn), views.CheckReviewerText(ctx, p.Outcome), stamp(p.Outcome.ReviewedAt),
			names.ZH(store.UnitDepartment, p.Department), names.ZH(store.UnitTeam, p.Team)}
	}
	for _, p := range rep.People {
		people = append(people, person(p, l.T("checks.eligible_counted")))
	}
	for _, p := range rep.Left {
		people = append(people, person(p, l.T("checks.eligible_left", p.LeftOn.Format(store.DateLayout))))
	}
	return []string{l.T("checks.sheet_report"), l.T("checks.sheet_people")}, [][][]string{summary, people}
}

// oldCheckCSV writes the old pack as the old CSV export did.
func oldCheckCSV(titles []string, sheets [][][]string) string {
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbf")
	cw := csv.NewWriter(&b)
	for i, rows := range sheets {
		if i > 0 {
			cw.Write([]string{})
		}
		cw.Write([]string{handlers.CSVSafe(titles[i])})
		for _, row := range rows {
			safe := []string{}
			for _, v := range row {
				safe = append(safe, handlers.CSVSafe(v))
			}
			cw.Write(safe)
		}
	}
	cw.Flush()
	return b.String()
}

// The streamed evidence pack (figures grouped in SQL, people read row by row) is the same
// file as the one built from the whole report in Go: on the demo, for every reportable check
// (open and closed), as the leader (the organisation, with leavers) and as a manager (their
// tree), in English and both Chinese scripts, the CSV byte for byte and every XLSX cell.
func TestChecksEvidencePackSameAsWholeReport(t *testing.T) {
	app := newDemoApp(t)
	ctx := context.Background()
	checks, err := app.store.ListChecks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	names, err := app.store.LoadOrgNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Two of the manager's people leave today, before the open check closes: both files list
	// them after the counted people, as the leader and as the manager.
	rows, err := app.store.DB().Query(`SELECT employee_id FROM people WHERE COALESCE(left_on, '') = ''
		AND manager_id = (SELECT id FROM people WHERE employee_id = 'manager') ORDER BY employee_id LIMIT 2`)
	if err != nil {
		t.Fatal(err)
	}
	var leavers []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		leavers = append(leavers, id)
	}
	rows.Close()
	if len(leavers) != 2 {
		t.Fatalf("leavers %v", leavers)
	}
	for _, id := range leavers {
		in := store.InputFromPerson(app.person(id))
		in.LeftOn = app.store.Now().Format(store.DateLayout)
		if _, err := app.store.SavePerson(ctx, 0, in); err != nil {
			t.Fatal(err)
		}
	}
	statuses := map[string]bool{}
	left := map[string]bool{}
	for _, who := range []string{"leader", "manager"} {
		viewer := app.person(who)
		c := app.signedInAs(who)
		for _, lang := range []string{"en", "zh", "zh-Hant"} {
			if res := c.post("/language", url.Values{"lang": {lang}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("language %s: %d", lang, res.StatusCode)
			}
			lctx := views.WithLocale(ctx, views.MatchLanguage(lang, ""))
			for _, chk := range checks {
				if chk.Status == store.CheckScheduled {
					continue
				}
				statuses[chk.Status] = true
				name := fmt.Sprintf("%s, %s, check %d (%s)", who, lang, chk.ID, chk.Status)
				rep, err := app.store.CheckReport(ctx, chk, viewer)
				if err != nil {
					t.Fatal(err)
				}
				left[chk.Status] = left[chk.Status] || len(rep.Left) > 0
				if len(rep.People) < 5 {
					t.Fatalf("%s: %d people: the comparison would prove little", name, len(rep.People))
				}
				titles, sheets := oldCheckPack(lctx, rep, names, app.store.Now())

				res := c.get("/checks/" + itoa(chk.ID) + "/export.csv")
				if res.StatusCode != http.StatusOK {
					t.Fatalf("%s csv: %d", name, res.StatusCode)
				}
				if want := oldCheckCSV(titles, sheets); res.Body != want {
					got, wantLines := strings.Split(res.Body, "\n"), strings.Split(want, "\n")
					for i := range min(len(got), len(wantLines)) {
						if got[i] != wantLines[i] {
							t.Errorf("%s csv line %d:\n%q\nwant\n%q", name, i+1, got[i], wantLines[i])
							break
						}
					}
					t.Errorf("%s csv: %d lines, want %d", name, len(got), len(wantLines))
				}

				xres := c.get("/checks/" + itoa(chk.ID) + "/export.xlsx")
				if xres.StatusCode != http.StatusOK {
					t.Fatalf("%s xlsx: %d", name, xres.StatusCode)
				}
				f, err := excelize.OpenReader(strings.NewReader(xres.Body))
				if err != nil {
					t.Fatalf("%s xlsx: %v", name, err)
				}
				if got := f.GetSheetList(); !slices.Equal(got, titles) {
					t.Fatalf("%s xlsx sheets %q, want %q", name, got, titles)
				}
				for i, title := range titles {
					rows, err := f.GetRows(title)
					if err != nil {
						t.Fatal(err)
					}
					want := sheets[i]
					if len(rows) != len(want) {
						t.Errorf("%s xlsx %q: %d rows, want %d", name, title, len(rows), len(want))
						continue
					}
					for r := range want {
						w := want[r]
						for len(w) > 0 && w[len(w)-1] == "" { // XLSX keeps no trailing empty cells
							w = w[:len(w)-1]
						}
						if !slices.Equal(rows[r], w) {
							t.Errorf("%s xlsx %q row %d: %q, want %q", name, title, r+1, rows[r], w)
							break
						}
					}
				}
				f.Close()
			}
		}
	}
	if !statuses[store.CheckOpen] || !statuses[store.CheckClosed] || !left[store.CheckOpen] || !left[store.CheckClosed] {
		t.Errorf("the demo covered statuses %v, leavers in %v: want open and closed checks, both with leavers", statuses, left)
	}
}
