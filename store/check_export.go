package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// The evidence pack (CSV and XLSX of one check) for a viewer: the figures from the kept
// team cells (the report page reads the department rows above them), and the people
// streamed row by row in name order, each with the evidence that decided their result, so
// an export of 80,000 people holds one row at a time instead of the whole report.

// CheckReportFigures is the report of check c in viewer's scope without its people: overall,
// every tier, every department and every team, in BuildReport's order and with its figures.
func (s *Store) CheckReportFigures(ctx context.Context, c Check, viewer Person) (Report, error) {
	cells, err := s.reportCells(ctx, c, viewer)
	if err != nil {
		return Report{}, err
	}
	return reportFromCells(c, cells), nil
}

// reportFromCells adds up cells of counted people (BuildReport makes one per person): the
// three tiers are always listed, other tiers (an unknown or empty tier in the snapshot)
// follow by key, departments and teams by key, so the report, exports and API list them in
// the same order every time.
func reportFromCells(c Check, cells []reportCell) Report {
	rep := Report{Check: c}
	tiers := map[string]*GroupRow{}
	for _, t := range ReportTiers {
		tiers[t] = &GroupRow{Key: t, Baseline: TierBaseline[t]}
	}
	depts := map[string]*GroupRow{}
	teams := map[string]*GroupRow{}
	for _, rc := range cells {
		if rc.n == 0 {
			continue
		}
		rep.Overall.AddN(rc.result, rc.n)
		g, ok := tiers[rc.tier]
		if !ok {
			g = &GroupRow{Key: rc.tier}
			tiers[rc.tier] = g
		}
		g.AddN(rc.result, rc.n)
		d, ok := depts[rc.department]
		if !ok {
			d = &GroupRow{Key: rc.department, Department: rc.department}
			depts[rc.department] = d
		}
		d.AddN(rc.result, rc.n)
		tk := rc.department + "\x00" + rc.team
		t, ok := teams[tk]
		if !ok {
			t = &GroupRow{Key: strings.TrimPrefix(rc.department+" / "+rc.team, " / "), Department: rc.department, Team: rc.team}
			teams[tk] = t
		}
		t.AddN(rc.result, rc.n)
	}
	for _, t := range ReportTiers {
		rep.ByTier = append(rep.ByTier, *tiers[t])
	}
	var extra []string
	for k := range tiers {
		if !slices.Contains(ReportTiers, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		rep.ByTier = append(rep.ByTier, *tiers[k])
	}
	collect := func(m map[string]*GroupRow) []GroupRow {
		out := make([]GroupRow, 0, len(m))
		for _, g := range m {
			out = append(out, *g)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
		return out
	}
	rep.ByDepartment = collect(depts)
	rep.ByTeam = collect(teams)
	return rep
}

// The deciding evidence of an open check's snapshot row (cp), chosen as DecideOutcome
// chooses it, from the result kept in live_result: the best attempt of the kind that decided
// (highest score, then the earliest, then the first stored), else for "understood" the
// earliest understood interview and for "not understood" the latest interview.
const (
	exportAttemptOfSQL = `SELECT x.id FROM check_attempts x WHERE x.check_id = cp.check_id AND x.person_id = cp.person_id
		AND x.practice = 0 AND `
	exportAttemptOrderSQL    = ` ORDER BY x.score DESC, x.submitted_at, x.id LIMIT 1)`
	exportDecidingAttemptSQL = `CASE cp.live_result
		WHEN 'understood' THEN (` + exportAttemptOfSQL + `x.passed_mark = 1 AND x.written_status IN ('none', 'accepted')` + exportAttemptOrderSQL + `
		WHEN 'pending_review' THEN (` + exportAttemptOfSQL + `x.passed_mark = 1 AND x.written_status = 'pending'` + exportAttemptOrderSQL + `
		WHEN 'not_understood' THEN (` + exportAttemptOfSQL + `NOT (x.passed_mark = 1 AND x.written_status IN ('none', 'accepted', 'pending'))` + exportAttemptOrderSQL + `
		END`
	exportInterviewOfSQL       = `SELECT y.id FROM check_interviews y WHERE y.check_id = cp.check_id AND y.person_id = cp.person_id AND `
	exportDecidingInterviewSQL = `CASE cp.live_result
		WHEN 'understood' THEN (` + exportInterviewOfSQL + `y.verdict = 'understood' ORDER BY y.interviewed_on, y.id LIMIT 1)
		WHEN 'not_understood' THEN (` + exportInterviewOfSQL + `y.verdict != 'understood' ORDER BY y.interviewed_on DESC, y.id LIMIT 1)
		END`
	// liveEvidenceCols follow populationCols(false) (which has the kept result): the deciding
	// attempt (a, its reviewer ar) or, when no attempt decided, the deciding interview (i, its
	// recorder ir or token t). The export and the report's lists read them (scanPopulationRow).
	liveEvidenceCols = `a.id IS NOT NULL, COALESCE(a.score, 0), COALESCE(a.submitted_at, ''), COALESCE(ar.name, ''),
		COALESCE(a.reviewed_at, ''), i.id IS NOT NULL, COALESCE(i.interviewed_on, ''), COALESCE(ir.name, ''),
		COALESCE(t.name, ''), COALESCE(i.recorded_at, '')`
	liveEvidenceJoins = ` LEFT JOIN check_attempts a ON a.id = ` + exportDecidingAttemptSQL + `
		LEFT JOIN people ar ON ar.id = a.reviewer_id
		LEFT JOIN check_interviews i ON a.id IS NULL AND i.id = ` + exportDecidingInterviewSQL + `
		LEFT JOIN people ir ON ir.id = i.recorded_by LEFT JOIN api_tokens t ON t.id = i.recorded_by_token`
)

// EachCheckExportRow calls fn with every snapshot person of check c that viewer may see,
// the counted people first and then those who left before closing, each part in name order
// (CheckReport's People, then its Left), with their result and the evidence that decided it.
// Each part is one ordered query whose rows go to fn as they are read; an error from fn, or
// the context's, stops the query.
func (s *Store) EachCheckExportRow(ctx context.Context, c Check, viewer Person, fn func(PopulationRow) error) error {
	frozen := c.Status == CheckClosed
	scoped := !MayAll(viewer, ActionSeeReports)
	for _, counted := range []bool{true, false} {
		if err := s.eachExportRow(ctx, c, viewer, frozen, s.scopeWalk(checkExportSQL(frozen, scoped, counted)), fn); err != nil {
			return err
		}
	}
	return nil
}

// checkExportSQL is one part of EachCheckExportRow: the counted people or those who left, of
// a closed (frozen) or open check, of the organisation or of the viewer's tree (scoped), in
// name order. The organisation's parts walk check_population_name (no sort); a tree's are
// sorted, being read by person.
func checkExportSQL(frozen, scoped, counted bool) string {
	from := " FROM check_population cp"
	if scoped {
		// CROSS JOIN keeps SQLite's order (the viewer's people first); the join's condition
		// is in WHERE, as PostgreSQL takes no ON after CROSS JOIN.
		from = " FROM scope CROSS JOIN check_population cp"
	}
	cols := populationCols(true)
	if !frozen {
		cols = populationCols(false) + ", " + liveEvidenceCols
		from += liveEvidenceJoins
	}
	part := map[[2]bool]string{
		{false, true}: liveCountedSQL, {false, false}: liveLeftSQL,
		{true, true}: frozenCountedSQL, {true, false}: "NOT (" + frozenCountedSQL + ")",
	}[[2]bool{frozen, counted}]
	where := " WHERE cp.check_id = ?1 AND "
	if scoped {
		where += "cp.person_id = scope.id AND "
	}
	query := "SELECT " + cols + from + where + part + " ORDER BY cp.name, cp.employee_id"
	if scoped {
		query = checkScopeIDsSQL + query
	}
	return query
}

// eachExportRow runs one part of EachCheckExportRow (?1 check, ?2 viewer, ?3 closing day).
func (s *Store) eachExportRow(ctx context.Context, c Check, viewer Person, frozen bool, query string, fn func(PopulationRow) error) error {
	rows, err := s.db.QueryContext(ctx, query, c.ID, viewer.ID, c.ClosesOn.Format(DateLayout))
	if err != nil {
		return fmt.Errorf("store: check export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		// A driver may hold many rows already read (pgx does): a download the client
		// abandoned stops here, not at the end of the buffer.
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: check export: %w", err)
		}
		r, err := scanPopulationRow(rows, c, frozen, !frozen)
		if err != nil {
			return fmt.Errorf("store: check export: %w", err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: check export: %w", err)
	}
	return nil
}

// scanPopulationRows reads every row of rows with scanPopulationRow, and closes them.
func scanPopulationRows(rows *sql.Rows, c Check, frozen, withEvidence bool) ([]PopulationRow, error) {
	defer rows.Close()
	var out []PopulationRow
	for rows.Next() {
		r, err := scanPopulationRow(rows, c, frozen, withEvidence)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// scanPopulationRow reads one row of check c's populationCols(frozen), followed by
// liveEvidenceCols when withEvidence (live rows only): each live row's Counted is the check's
// rule, and its Outcome the kept result with, when asked, the evidence that decided it as
// DecideOutcome reports it.
func scanPopulationRow(rows *sql.Rows, c Check, frozen, withEvidence bool) (PopulationRow, error) {
	var r PopulationRow
	var left, evidence, reviewed string
	dest := []any{&r.PersonID, &r.EmployeeID, &r.Name, &r.Tier, &r.Department, &r.Team, &r.ManagerID, &left}
	if frozen {
		dest = append(dest, &r.Counted, &r.Outcome.Result, &r.Outcome.Method, &r.Outcome.Score, &evidence,
			&r.Outcome.Reviewer, &r.Outcome.ReviewerToken, &reviewed)
	} else {
		dest = append(dest, &r.Outcome.Result)
	}
	var hasAttempt, hasInterview bool
	var aScore float64
	var aAt, aReviewer, aReviewedAt, iOn, iRecorder, iToken, iAt string
	if withEvidence {
		dest = append(dest, &hasAttempt, &aScore, &aAt, &aReviewer, &aReviewedAt, &hasInterview, &iOn, &iRecorder, &iToken, &iAt)
	}
	if err := rows.Scan(dest...); err != nil {
		return r, err
	}
	r.LeftOn, _ = ParseDate(left)
	if frozen {
		r.Outcome.EvidenceOn = parseTimeOrDate(evidence)
		r.Outcome.ReviewedAt = parseTimeOrDate(reviewed)
		return r, nil
	}
	// The live row's result is the kept one; its evidence as DecideOutcome reports it.
	r.Counted = !LeftBeforeClose(r.LeftOn, c.ClosesOn)
	result := r.Outcome.Result
	r.Outcome = Outcome{Result: result}
	switch {
	case hasAttempt:
		r.Outcome = Outcome{Result: result, Method: MethodCheck, Score: aScore, Reviewer: aReviewer}
		r.Outcome.EvidenceOn, _ = time.Parse(time.RFC3339, aAt)
		r.Outcome.ReviewedAt, _ = time.Parse(time.RFC3339, aReviewedAt)
	case hasInterview:
		r.Outcome = Outcome{Result: result, Method: MethodInterview, Reviewer: iRecorder}
		r.Outcome.EvidenceOn, _ = ParseDate(iOn)
		r.Outcome.ReviewedAt, _ = time.Parse(time.RFC3339, iAt)
		if iRecorder == "" && iToken != "" {
			r.Outcome.Reviewer, r.Outcome.ReviewerToken = iToken, true
		}
	}
	return r, nil
}
