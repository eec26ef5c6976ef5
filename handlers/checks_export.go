package handlers

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"lodestar/store"
	"lodestar/views"
)

// The evidence pack: the report and the per-person list of one check, in the viewer's
// scope, as CSV (one file, two sections) or XLSX (two sheets).

type checkSheet struct {
	name string
	rows [][]string
}

func checkPack(ctx context.Context, rep store.Report, names store.OrgNames, now time.Time) []checkSheet {
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
	return []checkSheet{{name: l.T("checks.sheet_report"), rows: summary}, {name: l.T("checks.sheet_people"), rows: people}}
}

func (h *Handler) checkPackFor(w http.ResponseWriter, r *http.Request) (store.Check, []checkSheet, bool) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return c, nil, false
	}
	rep, err := h.store.CheckReport(r.Context(), c, me(r))
	if err != nil {
		h.fail(w, r, err)
		return c, nil, false
	}
	names, err := h.store.LoadOrgNames(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return c, nil, false
	}
	ctx := views.WithLocale(r.Context(), h.locale(r))
	return c, checkPack(ctx, rep, names, h.store.Now()), true
}

func (h *Handler) exportCheckCSV(w http.ResponseWriter, r *http.Request) {
	c, sheets, ok := h.checkPackFor(w, r)
	if !ok {
		return
	}
	// Written as it is made: no second copy of the whole file in a buffer.
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="strategy-check-%d.csv"`, c.ID))
	io.WriteString(w, "\xef\xbb\xbf") // BOM: spreadsheet programs then read UTF-8 (Chinese names) correctly
	cw := csv.NewWriter(w)
	safe := []string{}
	for i, s := range sheets {
		if i > 0 {
			cw.Write([]string{})
		}
		cw.Write([]string{csvSafe(s.name)})
		for _, row := range s.rows {
			safe = safe[:0]
			for _, v := range row {
				safe = append(safe, csvSafe(v))
			}
			if err := cw.Write(safe); err != nil {
				return // the client went away
			}
		}
	}
	cw.Flush()
}

func (h *Handler) exportCheckXLSX(w http.ResponseWriter, r *http.Request) {
	c, sheets, ok := h.checkPackFor(w, r)
	if !ok {
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	// Each sheet through excelize's StreamWriter, which writes rows out as they come (to a
	// temporary file past a threshold) instead of keeping a cell model of 80,000 rows, and
	// the file straight to the client.
	for i, s := range sheets {
		name := s.name
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				h.fail(w, r, err)
				return
			}
		} else if _, err := f.NewSheet(name); err != nil {
			h.fail(w, r, err)
			return
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		vals := []any{}
		for ri, row := range s.rows {
			vals = vals[:0]
			for ci, v := range row {
				if n, err := strconv.Atoi(v); err == nil && ci > 1 {
					vals = append(vals, n)
				} else {
					vals = append(vals, v)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, ri+1)
			if err := sw.SetRow(cell, vals); err != nil {
				h.fail(w, r, err)
				return
			}
		}
		if err := sw.Flush(); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="strategy-check-%d.xlsx"`, c.ID))
	if err := f.Write(w); err != nil {
		h.log.Error("check xlsx", "err", err)
	}
}
