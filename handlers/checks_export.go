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

// checkSummaryRows are the pack's first section: the check and its figures in the viewer's
// scope (overall, tiers, departments, teams), a few thousand rows at most.
func checkSummaryRows(ctx context.Context, rep store.Report, names store.OrgNames, now time.Time) [][]string {
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
	return summary
}

// checkPeopleHeader heads the pack's second section.
func checkPeopleHeader(ctx context.Context) []string {
	l := views.L(ctx)
	return []string{l.T("people.employee_id"), l.T("people.name"), l.T("people.tier"), l.T("people.department"),
		l.T("people.team"), l.T("checks.col_eligibility"), l.T("checks.result"), l.T("checks.method"), l.T("checks.col_score"),
		l.T("checks.col_evidence_on"), l.T("checks.col_reviewer"), l.T("checks.col_reviewed_at"),
		l.T("content.department_zh"), l.T("content.team_zh")}
}

// checkPersonRow is one snapshot person's line of the second section.
func checkPersonRow(ctx context.Context, names store.OrgNames, p store.PopulationRow) []string {
	l := views.L(ctx)
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	eligibility := l.T("checks.eligible_counted")
	if !p.Counted {
		eligibility = l.T("checks.eligible_left", p.LeftOn.Format(store.DateLayout))
	}
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

// checkPack is what an export needs before its first byte: the check, its figures in the
// viewer's scope (grouped in SQL) and the organisation's Chinese names. The people follow
// from store.EachCheckExportRow as they are written.
type checkPack struct {
	check   store.Check
	summary [][]string
	names   store.OrgNames
	ctx     context.Context // the request's, with the reader's language
}

func (h *Handler) checkPackFor(w http.ResponseWriter, r *http.Request) (checkPack, bool) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return checkPack{}, false
	}
	rep, err := h.store.CheckReportFigures(r.Context(), c, me(r))
	if err != nil {
		h.fail(w, r, err)
		return checkPack{}, false
	}
	names, err := h.store.LoadOrgNames(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return checkPack{}, false
	}
	ctx := views.WithLocale(r.Context(), h.locale(r))
	return checkPack{check: c, summary: checkSummaryRows(ctx, rep, names, h.store.Now()), names: names, ctx: ctx}, true
}

// eachPerson writes the people section's header, then each person as the store reads them.
func (h *Handler) eachPerson(pack checkPack, viewer store.Person, write func([]string) error) error {
	if err := write(checkPeopleHeader(pack.ctx)); err != nil {
		return err
	}
	return h.store.EachCheckExportRow(pack.ctx, pack.check, viewer, func(p store.PopulationRow) error {
		return write(checkPersonRow(pack.ctx, pack.names, p))
	})
}

func (h *Handler) exportCheckCSV(w http.ResponseWriter, r *http.Request) {
	pack, ok := h.checkPackFor(w, r)
	if !ok {
		return
	}
	l := views.L(pack.ctx)
	// Written as it is read: the figures, then each person as the store reads them, so the
	// first bytes leave before the last row is read and nothing holds the whole file.
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="strategy-check-%d.csv"`, pack.check.ID))
	io.WriteString(w, "\xef\xbb\xbf") // BOM: spreadsheet programs then read UTF-8 (Chinese names) correctly
	cw := csv.NewWriter(w)
	safe := []string{}
	write := func(row []string) error {
		safe = safe[:0]
		for _, v := range row {
			safe = append(safe, csvSafe(v))
		}
		return cw.Write(safe) // an error: the client went away
	}
	write([]string{l.T("checks.sheet_report")})
	for _, row := range pack.summary {
		write(row)
	}
	cw.Write([]string{})
	write([]string{l.T("checks.sheet_people")})
	if err := h.eachPerson(pack, me(r), write); err != nil {
		// Too late for an error page: the file stops short, and the log says why.
		h.log.Warn("check csv", "check", pack.check.ID, "err", err)
		return
	}
	cw.Flush()
}

func (h *Handler) exportCheckXLSX(w http.ResponseWriter, r *http.Request) {
	pack, ok := h.checkPackFor(w, r)
	if !ok {
		return
	}
	l := views.L(pack.ctx)
	f := excelize.NewFile()
	defer f.Close()
	// Each sheet through excelize's StreamWriter, which writes rows out as they come (to a
	// temporary file past a threshold) instead of keeping a cell model of 80,000 rows; the
	// people come from the store row by row. A zip is only whole at its end, so the file goes
	// to the client once written.
	sheet := func(name string, first bool, rows func(write func([]string) error) error) error {
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		vals, n := []any{}, 0
		err = rows(func(row []string) error {
			vals = vals[:0]
			for ci, v := range row {
				if x, err := strconv.Atoi(v); err == nil && ci > 1 {
					vals = append(vals, x)
				} else {
					vals = append(vals, v)
				}
			}
			n++
			cell, _ := excelize.CoordinatesToCellName(1, n)
			return sw.SetRow(cell, vals)
		})
		if err != nil {
			return err
		}
		return sw.Flush()
	}
	err := sheet(l.T("checks.sheet_report"), true, func(write func([]string) error) error {
		for _, row := range pack.summary {
			if err := write(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = sheet(l.T("checks.sheet_people"), false, func(write func([]string) error) error {
			return h.eachPerson(pack, me(r), write)
		})
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="strategy-check-%d.xlsx"`, pack.check.ID))
	if err := f.Write(w); err != nil {
		h.log.Error("check xlsx", "err", err)
	}
}
