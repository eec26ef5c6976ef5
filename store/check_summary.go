package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// The 80% report page in SQL: figures grouped by the database for the rows the viewer may
// see, people lists read a page at a time. CheckReport (every row in Go) remains for the
// exports and the API, which list everyone anyway.

// liveResultSQL is DecideOutcome's result rule over one check_population row (practice
// attempts never count): understood if an attempt passed with its written answers accepted
// (or none) or an interview says understood; pending_review if a passing attempt awaits
// review; not_understood if there is any evidence; else no_response. Migration 0021 backfills
// with the same expression; TestLiveResultMatchesDecideOutcome holds the two rules together.
const liveResultSQL = `CASE
	WHEN EXISTS (SELECT 1 FROM check_attempts a WHERE a.check_id = check_population.check_id
			AND a.person_id = check_population.person_id AND a.practice = 0 AND a.passed_mark = 1
			AND a.written_status IN ('none', 'accepted'))
		OR EXISTS (SELECT 1 FROM check_interviews i WHERE i.check_id = check_population.check_id
			AND i.person_id = check_population.person_id AND i.verdict = 'understood')
		THEN 'understood'
	WHEN EXISTS (SELECT 1 FROM check_attempts a WHERE a.check_id = check_population.check_id
			AND a.person_id = check_population.person_id AND a.practice = 0 AND a.passed_mark = 1
			AND a.written_status = 'pending')
		THEN 'pending_review'
	WHEN EXISTS (SELECT 1 FROM check_attempts a WHERE a.check_id = check_population.check_id
			AND a.person_id = check_population.person_id AND a.practice = 0)
		OR EXISTS (SELECT 1 FROM check_interviews i WHERE i.check_id = check_population.check_id
			AND i.person_id = check_population.person_id)
		THEN 'not_understood'
	ELSE 'no_response' END`

// liveWaitingSQL counts one snapshot person's answers whose review would decide their result
// (not practice, passing mark, written part pending), kept beside live_result (migration 0040)
// so the organisation's review queue is counted by effect without joining every answer.
const liveWaitingSQL = `(SELECT count(*) FROM check_attempts a WHERE a.check_id = check_population.check_id
	AND a.person_id = check_population.person_id AND a.practice = 0 AND a.passed_mark = 1
	AND a.written_status = 'pending')`

// refreshLiveResult recomputes one snapshot person's live_result and live_waiting after their evidence
// changed (an attempt, a review, an interview), in the same transaction as the change.
func (s *Store) refreshLiveResult(ctx context.Context, tx *sql.Tx, checkID, personID int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE check_population SET live_result = "+liveResultSQL+", live_waiting = "+liveWaitingSQL+
		" WHERE check_id = ? AND person_id = ?", checkID, personID); err != nil {
		return fmt.Errorf("store: live result: %w", err)
	}
	return nil
}

// refreshLiveResults recomputes every snapshot person's live_result and live_waiting of a
// check (the demo and generator write evidence directly).
func (s *Store) refreshLiveResults(ctx context.Context, tx *sql.Tx, checkID int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE check_population SET live_result = "+liveResultSQL+", live_waiting = "+liveWaitingSQL+
		" WHERE check_id = ?", checkID); err != nil {
		return fmt.Errorf("store: live results: %w", err)
	}
	return nil
}

// writeCheckTotals keeps a closed check's final figures per tier, department and team (and,
// by the triggers of migration 0041, per department).
func (s *Store) writeCheckTotals(ctx context.Context, tx *sql.Tx, checkID int64) error {
	if _, err := tx.ExecContext(ctx, "DELETE FROM check_totals WHERE check_id = ?", checkID); err != nil {
		return fmt.Errorf("store: check totals: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO check_totals (check_id, tier, department, team, counted, result, n)
		SELECT check_id, tier, department, team, COALESCE(final_counted, 0), COALESCE(final_result, ''), count(*)
		FROM check_population WHERE check_id = ?
		GROUP BY check_id, tier, department, team, COALESCE(final_counted, 0), COALESCE(final_result, '')`, checkID); err != nil {
		return fmt.Errorf("store: check totals: %w", err)
	}
	return nil
}

// Every report query binds ?1 the check, ?2 the viewer, ?3 the closing date; scoped ones
// start with checkScopeIDsSQL (the walk from the viewer ?2) or, in a reading request, with
// scopeStart's list (?2 then the viewer's scope as a JSON list of ids) — the review queue's
// then name the viewer ?6 (queueStart). A snapshot person
// counts while open unless they left on or before the closing day (LeftBeforeClose);
// cp.left_on follows people.left_on (trigger of migration 0021). liveLeftSQL is the
// complement, in the shape check_population_left serves.
const (
	liveCountedSQL   = "(COALESCE(cp.left_on, '') = '' OR cp.left_on > ?3)"
	liveLeftSQL      = "(cp.left_on > '' AND cp.left_on <= ?3)"
	frozenCountedSQL = "COALESCE(cp.final_counted, 0) = 1"
	inScopeSQL       = " AND cp.person_id IN (SELECT id FROM scope)"
)

const liveCellsCols = `SELECT cp.tier, cp.department, cp.team, cp.live_result,
	sum(` + liveCountedSQL + `), sum(NOT ` + liveCountedSQL + `)`

const frozenCellsCols = `SELECT cp.tier, cp.department, cp.team, COALESCE(cp.final_result, ''),
	sum(` + frozenCountedSQL + `), sum(NOT ` + frozenCountedSQL + `)`

// scopeFromSQL reads a manager's snapshot rows starting from their tree: CROSS JOIN keeps
// the tree outermost, else SQLite walks the whole check's covering index testing each row.
const scopeFromSQL = " FROM scope CROSS JOIN check_population cp WHERE cp.check_id = ?1 AND cp.person_id = scope.id"

const cellsGroupSQL = " GROUP BY cp.tier, cp.department, cp.team, 4"

// liveCellsKeptSQL reads an open check's kept per-group counts (whole organisation; the
// triggers of migration 0035 keep them with every snapshot change).
const liveCellsKeptSQL = `SELECT tier, department, team, result, counted, left_n FROM check_live_cells
	WHERE check_id = ?1 AND (counted > 0 OR left_n > 0)`

// totalsCellsSQL reads a closed check's kept totals (whole organisation).
const totalsCellsSQL = `SELECT tier, department, team, result, CASE WHEN counted = 1 THEN n ELSE 0 END,
	CASE WHEN counted = 1 THEN 0 ELSE n END FROM check_totals WHERE check_id = ?1`

// The organisation's figures one level up (migration 0041): per tier, department and result,
// with team left blank — a few hundred rows where the cells are ten thousand.
const (
	liveDepartmentsKeptSQL = `SELECT tier, department, '', result, counted, left_n FROM check_live_departments
	WHERE check_id = ?1 AND (counted > 0 OR left_n > 0)`
	totalsDepartmentsSQL = `SELECT tier, department, '', result, CASE WHEN counted = 1 THEN n ELSE 0 END,
	CASE WHEN counted = 1 THEN 0 ELSE n END FROM check_department_totals WHERE check_id = ?1`
)

// One department's cells of the organisation (?4), on the department indexes of 0041.
const (
	liveCellsOfDepartmentSQL   = liveCellsKeptSQL + " AND department = ?4"
	totalsCellsOfDepartmentSQL = totalsCellsSQL + " AND department = ?4"
)

// reportCell is one group of a check's snapshot: people sharing tier, department, team and
// result, those who count (n) and those who left before closing.
type reportCell struct {
	tier, department, team string
	result                 string
	n, left                int
}

// cellLevel is how finely reportCellsAt reads the organisation's figures.
type cellLevel int

const (
	everyTeam       cellLevel = iota // every tier × department × team × result
	departmentsOnly                  // the same summed per department, team blank
	teamsOfOne                       // the cells of one department
)

// seesWholeCheck: whoever may see every report (leaders and admins, the policy table) sees
// the organisation's figures, the kept ones; everyone else their own reporting tree.
func seesWholeCheck(viewer Person) bool {
	return MayAll(viewer, ActionSeeReports)
}

// reportCells groups check c's snapshot rows in viewer's scope, team by team.
func (s *Store) reportCells(ctx context.Context, c Check, viewer Person) ([]reportCell, error) {
	return s.reportCellsAt(ctx, c, viewer, everyTeam, "", false)
}

// reportCellsAt is reportCells at a level. The levels matter for the whole organisation
// only: a manager's tree is grouped per team from its own rows, whatever the level — or,
// on a report page (forPage: it goes on to list the tree's people), taken one cell a person
// from the tree's rows read whole (scopeRows), as they are whenever this request has read
// them already.
func (s *Store) reportCellsAt(ctx context.Context, c Check, viewer Person, level cellLevel, department string, forPage bool) ([]reportCell, error) {
	closed := c.Status == CheckClosed
	var query string
	var second any = viewer.ID
	switch {
	case !seesWholeCheck(viewer):
		if rows, ok := recalled[[]PopulationRow](ctx, scopeRowsQuestion(c.ID, viewer.ID)); ok {
			return cellsOfRows(rows), nil
		}
		if forPage {
			if rows, ok, err := s.scopeRows(ctx, c, viewer.ID); err != nil || ok {
				return cellsOfRows(rows), err
			}
		}
		start, arg, err := s.scopeStart(ctx, c.ID, viewer.ID)
		if err != nil {
			return nil, err
		}
		cols := liveCellsCols
		if closed {
			cols = frozenCellsCols
		}
		query, second = start+cols+scopeFromSQL+cellsGroupSQL, arg
	case level == departmentsOnly && closed:
		query = totalsDepartmentsSQL
	case level == departmentsOnly:
		query = liveDepartmentsKeptSQL
	case level == teamsOfOne && closed:
		query = totalsCellsOfDepartmentSQL
	case level == teamsOfOne:
		query = liveCellsOfDepartmentSQL
	case closed:
		query = totalsCellsSQL
	default:
		query = liveCellsKeptSQL
	}
	if !seesWholeCheck(viewer) {
		return s.readReportCells(ctx, query, c, second, department)
	}
	return keptReportRead(ctx, s, fmt.Sprintf("cells %d %s %s %d %q", c.ID, c.Status, c.ClosesOn.Format(DateLayout), level, department),
		func() ([]reportCell, error) { return s.readReportCells(ctx, query, c, second, department) })
}

// readReportCells runs one of reportCellsAt's statements (?1 check, ?2 viewer or scope, ?3
// closing day, ?4 department).
func (s *Store) readReportCells(ctx context.Context, query string, c Check, second any, department string) ([]reportCell, error) {
	rows, err := s.db.QueryContext(ctx, query, c.ID, second, c.ClosesOn.Format(DateLayout), department)
	if err != nil {
		return nil, fmt.Errorf("store: report figures: %w", err)
	}
	defer rows.Close()
	var out []reportCell
	for rows.Next() {
		var rc reportCell
		if err := rows.Scan(&rc.tier, &rc.department, &rc.team, &rc.result, &rc.n, &rc.left); err != nil {
			return nil, fmt.Errorf("store: report figures: %w", err)
		}
		out = append(out, rc)
	}
	return out, rows.Err()
}

// cellsOfRows makes one cell of each snapshot row, as the grouping statements would count
// it: counted in n, left before closing in left.
func cellsOfRows(rows []PopulationRow) []reportCell {
	cells := make([]reportCell, 0, len(rows))
	for _, r := range rows {
		cell := reportCell{tier: r.Tier, department: r.Department, team: r.Team, result: r.Outcome.Result}
		if r.Counted {
			cell.n = 1
		} else {
			cell.left = 1
		}
		cells = append(cells, cell)
	}
	return cells
}

// Breakdown orders.
const (
	SortNeeded   = "needed" // people still needed to reach the target, most first (default)
	SortRate     = "rate"   // understanding rate, lowest first
	SortEligible = "eligible"
	SortName     = "name"
)

// BreakdownPageRows is how many departments or teams one breakdown page lists.
const BreakdownPageRows = 50

// BreakdownQuery chooses the breakdown rows of a report page.
type BreakdownQuery struct {
	Department string // "": the departments; else this department's teams
	Search     string // teams whose name (or department) contains this, in Department if set
	Sort       string // SortNeeded, SortRate, SortEligible or SortName; "" is SortNeeded
	Reverse    bool   // the other direction from the order's natural one
	Page       int    // from 1
}

// Teams tells whether the rows are teams (a department drilled into, or a search).
func (q BreakdownQuery) Teams() bool { return q.Department != "" || strings.TrimSpace(q.Search) != "" }

// ReportSummary is a check's report page as one viewer may see it, without per-person rows.
type ReportSummary struct {
	Check         Check
	Overall       Counts
	Left          int // snapshot people in scope who left before closing (not counted)
	ByTier        []GroupRow
	Department    GroupRow   // the department drilled into (BreakdownQuery.Department)
	Rows          []GroupRow // this page of departments or teams
	RowsTotal     int        // departments or teams matching, before paging
	NeedRefresher int
}

// CheckReportSummary builds the report page's figures of check c for viewer: overall, per
// tier, and one sorted, searched page of departments or of one department's teams. The
// database keeps or groups the figures; Go only adds up a few hundred groups (the whole
// organisation's departments) or a few thousand (its teams, when searched) — or a small
// manager's tree, one cell a person, from the rows the page reads once (scopeRows).
func (s *Store) CheckReportSummary(ctx context.Context, c Check, viewer Person, q BreakdownQuery) (ReportSummary, error) {
	cells, err := s.reportCellsAt(ctx, c, viewer, departmentsOnly, "", true)
	if err != nil {
		return ReportSummary{}, err
	}
	sum := ReportSummary{Check: c, Department: GroupRow{Key: q.Department, Department: q.Department}}
	tiers := map[string]*GroupRow{}
	for _, t := range ReportTiers {
		tiers[t] = &GroupRow{Key: t, Baseline: TierBaseline[t]}
	}
	groups := map[string]*GroupRow{}
	add := func(key string, row GroupRow, result string, n int) {
		g, ok := groups[key]
		if !ok {
			g = &row
			groups[key] = g
		}
		g.AddN(result, n)
	}
	for _, rc := range cells {
		sum.Left += rc.left
		if rc.n == 0 {
			continue
		}
		sum.Overall.AddN(rc.result, rc.n)
		g, ok := tiers[rc.tier]
		if !ok {
			g = &GroupRow{Key: rc.tier}
			tiers[rc.tier] = g
		}
		g.AddN(rc.result, rc.n)
		if rc.result == ResultNotUnderstood || rc.result == ResultNoResponse ||
			(rc.result == ResultPendingReview && c.Status == CheckClosed) {
			sum.NeedRefresher += rc.n
		}
		if q.Department != "" && rc.department == q.Department {
			sum.Department.AddN(rc.result, rc.n)
		}
		if !q.Teams() {
			add(rc.department, GroupRow{Key: rc.department, Department: rc.department}, rc.result, rc.n)
		}
	}
	if q.Teams() {
		search := strings.ToLower(strings.TrimSpace(q.Search))
		teamCells := cells // a manager's cells are per team already (or one a person: scopeRows)
		if seesWholeCheck(viewer) {
			level := everyTeam
			if q.Department != "" {
				level = teamsOfOne
			}
			if teamCells, err = s.reportCellsAt(ctx, c, viewer, level, q.Department, true); err != nil {
				return ReportSummary{}, err
			}
		}
		for _, rc := range teamCells {
			if rc.n == 0 || (q.Department != "" && rc.department != q.Department) {
				continue
			}
			key := strings.TrimPrefix(rc.department+" / "+rc.team, " / ")
			if search != "" && !strings.Contains(strings.ToLower(key), search) {
				continue
			}
			add(key, GroupRow{Key: key, Department: rc.department, Team: rc.team}, rc.result, rc.n)
		}
	}
	for _, t := range ReportTiers {
		sum.ByTier = append(sum.ByTier, *tiers[t])
	}
	var extra []string
	for k := range tiers {
		if !slices.Contains(ReportTiers, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		sum.ByTier = append(sum.ByTier, *tiers[k])
	}
	rows := make([]GroupRow, 0, len(groups))
	for _, g := range groups {
		g.Needed = PeopleNeeded(g.Understood, g.Eligible, c.TargetPct)
		rows = append(rows, *g)
	}
	sum.Department.Needed = PeopleNeeded(sum.Department.Understood, sum.Department.Eligible, c.TargetPct)
	SortGroups(rows, q.Sort, q.Reverse)
	sum.RowsTotal = len(rows)
	page := max(q.Page, 1)
	from := min((page-1)*BreakdownPageRows, len(rows))
	sum.Rows = rows[from:min(from+BreakdownPageRows, len(rows))]
	return sum, nil
}

// SortGroups orders breakdown rows: by people needed (most first), rate (lowest first),
// eligible (most first) or name (A to Z); reverse flips that. Ties go by name, so a page
// boundary never moves between requests.
func SortGroups(rows []GroupRow, by string, reverse bool) {
	key := func(a, b GroupRow) int {
		switch by {
		case SortRate:
			// Cross-multiplied to compare understood/eligible exactly; no one eligible sorts last.
			if (a.Eligible == 0) != (b.Eligible == 0) {
				return cmp.Compare(b.Eligible, a.Eligible) // a has someone eligible: first
			}
			return cmp.Compare(a.Understood*b.Eligible, b.Understood*a.Eligible)
		case SortEligible:
			return cmp.Compare(b.Eligible, a.Eligible)
		case SortName:
			return 0
		default:
			return cmp.Compare(b.Needed, a.Needed)
		}
	}
	slices.SortFunc(rows, func(a, b GroupRow) int {
		k := key(a, b)
		if k == 0 {
			k = cmp.Compare(a.Key, b.Key)
		}
		if reverse {
			return -k
		}
		return k
	})
}

// ReportList chooses a report page list: counted people (or those who left, Left) in the
// viewer's scope, optionally one department and one result, in name order, at most Limit.
type ReportList struct {
	Department string
	Result     string
	Left       bool
	Limit      int
	// NamesOnly reads only who each person is and where they stand — PersonID, EmployeeID,
	// Name, Team, LeftOn, Counted and Outcome.Result — not the evidence that decided the
	// result nor their tier, department and manager: for lists that show who, not how, such
	// as the leavers'.
	NamesOnly bool
	// AfterName and AfterEmployeeID continue the list after that person (the last row of the
	// page before): keyset paging along the list's own name order, no OFFSET.
	AfterName, AfterEmployeeID string
}

// CheckReportPeople returns one list of the report page with each person's result and the
// evidence that decided it, reading only the rows shown — or, for a manager's tree small
// enough, picked from the tree's rows the page reads once (scopeRows).
func (s *Store) CheckReportPeople(ctx context.Context, c Check, viewer Person, f ReportList) ([]PopulationRow, error) {
	frozen := c.Status == CheckClosed
	counted, result := liveCountedSQL, "cp.live_result"
	if frozen {
		counted, result = frozenCountedSQL, "COALESCE(cp.final_result, '')"
	}
	// A manager's list starts from their tree (CROSS JOIN keeps it outermost) and sorts
	// those few rows; the organisation's walks the name index and stops at the limit.
	scoped := !seesWholeCheck(viewer)
	if scoped {
		rows, ok, err := s.scopeRows(ctx, c, viewer.ID)
		if err != nil {
			return nil, err
		}
		if ok {
			if list, ok := pickReportList(rows, f); ok {
				return list, nil
			}
		}
	}
	from := " FROM check_population cp"
	if scoped {
		from = " FROM scope CROSS JOIN check_population cp"
	}
	// An open check's rows come with the evidence that decided each kept result, read in the
	// same statement as the export reads it (nobody without a response has any).
	withEvidence := !frozen && !f.NamesOnly && f.Result != ResultNoResponse
	cols := populationCols(frozen)
	switch {
	case f.NamesOnly:
		cols = namesOnlyCols(frozen)
	case withEvidence:
		cols += ", " + liveEvidenceCols
		from += liveEvidenceJoins
	}
	query := "SELECT " + cols + from + " WHERE cp.check_id = ?1"
	if scoped {
		query += " AND cp.person_id = scope.id"
	}
	switch {
	case f.Left && frozen:
		query += " AND cp.final_counted = 0" // check_population_final_left
	case f.Left:
		query += " AND " + liveLeftSQL
	default:
		query += " AND " + counted
	}
	if f.Department != "" {
		query += " AND cp.department = ?4"
	}
	if f.Result != "" {
		query += " AND " + result + " = ?5"
	}
	if f.AfterEmployeeID != "" {
		query += " AND (cp.name, cp.employee_id) > (?6, ?7)"
	}
	var second any = viewer.ID
	if scoped {
		start, arg, err := s.scopeStart(ctx, c.ID, viewer.ID)
		if err != nil {
			return nil, err
		}
		query, second = start+query, arg
	}
	// The limit is written into the statement, not bound: the report's 25 and the list
	// page's 100 alternating in one bound "LIMIT ?" made SQLite compile the statement again
	// at every change (sqlite.ExprIsInteger plans with a bound limit).
	query += fmt.Sprintf(" ORDER BY cp.name, cp.employee_id LIMIT %d", max(f.Limit, 0))
	read := func() ([]PopulationRow, error) { return s.readReportPeople(ctx, query, c, second, f, withEvidence) }
	if scoped {
		return read()
	}
	// (A keyset from the address bar no list page links to makes a key too long to keep.)
	return keptReportRead(ctx, s, fmt.Sprintf("people %d %s %s %#v", c.ID, c.Status, c.ClosesOn.Format(DateLayout), f), read)
}

// readReportPeople runs CheckReportPeople's statement.
func (s *Store) readReportPeople(ctx context.Context, query string, c Check, second any, f ReportList, withEvidence bool) ([]PopulationRow, error) {
	frozen := c.Status == CheckClosed
	rows, err := s.db.QueryContext(ctx, query, c.ID, second, c.ClosesOn.Format(DateLayout), f.Department, f.Result,
		f.AfterName, f.AfterEmployeeID)
	if err != nil {
		return nil, fmt.Errorf("store: report people: %w", err)
	}
	if f.NamesOnly {
		out, err := scanPopulationNames(rows)
		if !frozen {
			for i := range out {
				out[i].Counted = !LeftBeforeClose(out[i].LeftOn, c.ClosesOn)
			}
		}
		return out, err
	}
	out, err := scanPopulationRows(rows, c, frozen, withEvidence)
	if err != nil {
		return nil, fmt.Errorf("store: report people: %w", err)
	}
	return out, nil
}

// pickReportList is list f of a scope's rows (scopeRows: in the database's name order,
// Counted set), as CheckReportPeople's statement would select it, copied. A later page starts
// after the row its keyset names, found in that order — names are never compared in Go, whose
// byte order need not be the database's collation; ok is false when that row is no longer
// there (the statement then decides).
func pickReportList(rows []PopulationRow, f ReportList) (out []PopulationRow, ok bool) {
	if f.AfterEmployeeID != "" {
		after := slices.IndexFunc(rows, func(r PopulationRow) bool { return r.Name == f.AfterName && r.EmployeeID == f.AfterEmployeeID })
		if after < 0 {
			return nil, false
		}
		rows = rows[after+1:]
	}
	for _, r := range rows {
		if len(out) >= f.Limit {
			break
		}
		// (A closed check always has final_counted: the statement's "= 0" and !Counted agree.)
		if f.Left == r.Counted || (f.Department != "" && r.Department != f.Department) ||
			(f.Result != "" && r.Outcome.Result != f.Result) {
			continue
		}
		if f.NamesOnly { // what namesOnlyCols reads
			r = PopulationRow{PersonID: r.PersonID, EmployeeID: r.EmployeeID, Name: r.Name, Team: r.Team, LeftOn: r.LeftOn,
				Counted: r.Counted, Outcome: Outcome{Result: r.Outcome.Result}}
		}
		out = append(out, r)
	}
	return out, true
}

// queueDecidesSQL: the waiting answer decides a counted person's result (check open: ?4).
const queueDecidesSQL = `a.practice = 0 AND ?4 AND a.passed_mark = 1 AND cp.live_result = 'pending_review' AND ` + liveCountedSQL

// queueSummarySQL counts check ?1's waiting answers (not viewer ?6's own) by effect, of the
// viewer's tree when scoped (after a scope start: queueStart).
func queueSummarySQL(scoped bool) string {
	if !scoped {
		// The organisation's, from kept figures: the answers' totals per check
		// (check_queue_totals, 0044) less the viewer's own, read by key. A person waits for
		// review exactly when they have a deciding answer and nothing better, so the deciding
		// answers' people are the counted "waiting for review" people of the kept department
		// rows (0041) but the viewer, and their answers those people plus the answers beyond
		// the first of the few with more than one (check_population_waiting_more, 0043).
		return `SELECT q.total, q.practice, w.people + d.extra, w.people FROM
			(SELECT COALESCE((SELECT k.waiting FROM check_queue_totals k WHERE k.check_id = ?1), 0) - count(*) AS total,
				COALESCE((SELECT k.practice FROM check_queue_totals k WHERE k.check_id = ?1), 0) - CAST(COALESCE(sum(a.practice), 0) AS BIGINT) AS practice
				FROM check_attempts a WHERE a.check_id = ?1 AND a.person_id = ?6 AND a.written_status = 'pending') AS q,
			(SELECT CAST(COALESCE(sum(cp.live_waiting - 1), 0) AS BIGINT) AS extra FROM check_population cp
				WHERE cp.check_id = ?1 AND cp.live_waiting > 1 AND cp.live_result = 'pending_review' AND ?4
				AND cp.person_id != ?6 AND ` + liveCountedSQL + `) AS d,
			(SELECT CASE WHEN ?4 THEN CAST(COALESCE(sum(k.counted), 0) AS BIGINT) ELSE 0 END
				- (SELECT count(*) FROM check_population cp WHERE cp.check_id = ?1 AND cp.person_id = ?6
					AND cp.live_result = 'pending_review' AND ?4 AND ` + liveCountedSQL + `) AS people
				FROM check_live_departments k WHERE k.check_id = ?1 AND k.result = 'pending_review') AS w`
	}
	return `SELECT count(*), COALESCE(SUM(CASE WHEN a.practice = 1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN ` + queueDecidesSQL + ` THEN 1 ELSE 0 END), 0),
		count(DISTINCT CASE WHEN ` + queueDecidesSQL + ` THEN a.person_id END)
		FROM ` + queueFrom(scoped) + ` LEFT JOIN check_population cp ON cp.check_id = a.check_id AND cp.person_id = a.person_id
		WHERE ` + queueWhere(scoped)
}

// queueFrom and queueWhere select check ?1's waiting answers, not viewer ?6's own. The
// organisation's come from check_attempts_waiting, oldest first (its counts, though, are
// queueSummarySQL's own query over kept figures); a manager's start from their tree (the
// statement follows queueStart's scope start) and read each person's answers by key
// (check_attempts_person, CROSS JOIN keeps the tree outermost): "IN (SELECT id FROM scope)"
// read the check's every waiting answer (5,000 at 100,000 people) to keep a manager's few.
func queueFrom(scoped bool) string {
	if scoped {
		return "scope CROSS JOIN check_attempts a"
	}
	return "check_attempts a"
}

func queueWhere(scoped bool) string {
	w := "a.check_id = ?1 AND a.written_status = 'pending' AND a.person_id != ?6"
	if scoped {
		w += " AND a.person_id = scope.id"
	}
	return w
}

// queueStart tells whether viewer's review queue of check c is their tree's (scoped) and, if
// so, gives the scope start the queue's statements follow and what to bind as ?2 (see
// scopeStart: on a reading request, the tree the report page walked already). The queue's
// statements name the viewer as ?6.
func (s *Store) queueStart(ctx context.Context, c Check, viewer Person) (scoped bool, start string, second any, err error) {
	if MayAll(viewer, ActionReview) {
		return false, "", viewer.ID, nil
	}
	start, second, err = s.scopeStart(ctx, c.ID, viewer.ID)
	return true, start, second, err
}

// CheckQueueSummary explains viewer's review queue of check c beside the report's
// pendingPeople (its people waiting for review, in viewer's scope), counted in SQL per
// effect: the same figures as SummariseReviewQueue over ReviewQueue, without building the
// queue or reading its rows.
func (s *Store) CheckQueueSummary(ctx context.Context, c Check, viewer Person, pendingPeople int) (ReviewQueueSummary, error) {
	scoped, start, second, err := s.queueStart(ctx, c, viewer)
	if err != nil {
		return ReviewQueueSummary{}, err
	}
	type counts struct {
		sum          ReviewQueueSummary
		decidePeople int
	}
	kept, err := keptScopeRead(ctx, s, c, viewer.ID, fmt.Sprint("queue counts ", scoped), func() (counts, error) {
		var n counts
		err := s.db.QueryRowContext(ctx, start+queueSummarySQL(scoped), c.ID, second, c.ClosesOn.Format(DateLayout), c.Status == CheckOpen, nil, viewer.ID).
			Scan(&n.sum.Total, &n.sum.Practice, &n.sum.Decides, &n.decidePeople)
		return n, err
	})
	if err != nil {
		return ReviewQueueSummary{}, fmt.Errorf("store: queue summary: %w", err)
	}
	sum, decidePeople := kept.sum, kept.decidePeople
	sum.NoChange = sum.Total - sum.Practice - sum.Decides
	if own := pendingPeople - decidePeople; own > 0 {
		sum.OwnPending = own
	}
	return sum, nil
}

// analysedPeopleSQL selects the counted people of check ?1 (closing day ?3) who submitted an
// attempt of question set ?4; a manager's add inScopeSQL after a scope start.
func analysedPeopleSQL(closed bool) string {
	counted := liveCountedSQL
	if closed {
		counted = frozenCountedSQL
	}
	return `SELECT DISTINCT a.person_id FROM attempts a
		JOIN check_population cp ON cp.check_id = ?1 AND cp.person_id = a.person_id
		WHERE a.set_id = ?4 AND a.submitted_at IS NOT NULL AND ` + counted
}

// CheckQuestionAnalysisFor is CheckQuestionAnalysis over the counted people in viewer's
// scope who answered through the question engine: the walk starts from the set's attempts
// (often far fewer than the people counted) rather than from every person in scope. A
// manager's tree read whole for the page (scopeRows) gives its counted people at once. The
// analysis is empty until one of those answers has been marked (a written answer waiting for
// review counts for nothing yet).
func (s *Store) CheckQuestionAnalysisFor(ctx context.Context, c Check, viewer Person) ([]ItemStat, error) {
	setID, err := s.checkSetIDOnce(ctx, c.ID)
	if err != nil || setID == 0 {
		return nil, err
	}
	query := analysedPeopleSQL(c.Status == CheckClosed)
	var second any = viewer.ID
	analyse := func(people []int64) ([]ItemStat, error) {
		if len(people) == 0 {
			return nil, nil
		}
		items, err := s.ItemAnalysis(ctx, people, setID)
		if err != nil || !slices.ContainsFunc(items, func(it ItemStat) bool { return it.Answered > 0 }) {
			return nil, err
		}
		return items, nil
	}
	read := func() ([]ItemStat, error) {
		people, err := ids(ctx, s.db, query, c.ID, second, c.ClosesOn.Format(DateLayout), setID)
		if err != nil {
			return nil, err
		}
		return analyse(people)
	}
	if seesWholeCheck(viewer) {
		return keptReportRead(ctx, s, fmt.Sprintf("analysis %d %s %s %d", c.ID, c.Status, c.ClosesOn.Format(DateLayout), setID), read)
	}
	// A manager's tree: its counted people, from the rows the page read whole, or walked.
	return keptScopeRead(ctx, s, c, viewer.ID, fmt.Sprint("analysis ", setID), func() ([]ItemStat, error) {
		if rows, ok, err := s.scopeRows(ctx, c, viewer.ID); err != nil || ok {
			var counted []int64
			for _, r := range rows {
				if r.Counted {
					counted = append(counted, r.PersonID)
				}
			}
			if err != nil {
				return nil, err
			}
			return analyse(counted)
		}
		start, arg, err := s.scopeStart(ctx, c.ID, viewer.ID)
		if err != nil {
			return nil, err
		}
		query, second = start+query+inScopeSQL, arg
		return read()
	})
}

// ReviewQueuePage is what the reviews page shows: the first limit answers of viewer's review
// queue of check c (oldest first, with their effect worked out in SQL from the kept live
// result, as CheckQueueSummary does) and the summary of the whole queue. It reads neither the
// report nor every waiting answer: a leader's queue is the organisation's.
func (s *Store) ReviewQueuePage(ctx context.Context, c Check, viewer Person, limit int) ([]CheckReviewItem, ReviewQueueSummary, error) {
	scoped, start, second, err := s.queueStart(ctx, c, viewer)
	if err != nil {
		return nil, ReviewQueueSummary{}, err
	}
	open := c.Status == CheckOpen
	rows, err := s.db.QueryContext(ctx, start+reviewQueuePageSQL(scoped), c.ID, second, c.ClosesOn.Format(DateLayout), open, limit, viewer.ID)
	if err != nil {
		return nil, ReviewQueueSummary{}, fmt.Errorf("store: review queue: %w", err)
	}
	defer rows.Close()
	var items []CheckReviewItem
	for rows.Next() {
		var it CheckReviewItem
		var submitted, reviewed string
		var decides bool
		if err := rows.Scan(&it.ID, &it.CheckID, &it.PersonID, &submitted, &it.Score, &it.PassedMark, &it.WrittenStatus,
			&it.ReviewerID, &it.ReviewerName, &reviewed, &it.Feedback, &it.Practice, &it.EmployeeID, &it.Name, &it.Team, &decides); err != nil {
			return nil, ReviewQueueSummary{}, fmt.Errorf("store: review queue: %w", err)
		}
		it.SubmittedAt, _ = time.Parse(time.RFC3339, submitted)
		it.ReviewedAt, _ = time.Parse(time.RFC3339, reviewed)
		switch {
		case it.Practice:
			it.Effect = ReviewPractice
		case decides:
			it.Effect = ReviewDecides
		default:
			it.Effect = ReviewNoChange
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, ReviewQueueSummary{}, fmt.Errorf("store: review queue: %w", err)
	}
	// The report's "waiting for review" people in the viewer's scope, for OwnPending; a closed
	// check's figures are final, so no review changes them.
	pending := 0
	if open {
		if err := s.db.QueryRowContext(ctx, start+pendingPeopleSQL(scoped), c.ID, second, c.ClosesOn.Format(DateLayout)).Scan(&pending); err != nil {
			return nil, ReviewQueueSummary{}, fmt.Errorf("store: review queue: %w", err)
		}
	}
	sum, err := s.CheckQueueSummary(ctx, c, viewer, pending)
	return items, sum, err
}

// reviewQueuePageSQL selects a page of the review queue (?1 check, ?3 closing day, ?4 open,
// ?5 limit, ?6 viewer), of the viewer's tree when scoped (after queueStart's scope start).
func reviewQueuePageSQL(scoped bool) string {
	return `SELECT a.id, a.check_id, a.person_id, a.submitted_at, a.score, a.passed_mark, a.written_status,
		COALESCE(a.reviewer_id, 0), COALESCE(r.name, ''), COALESCE(a.reviewed_at, ''), a.feedback, a.practice,
		p.employee_id, p.name, p.team,
		CASE WHEN a.practice = 0 AND ?4 AND a.passed_mark = 1 AND cp.live_result = 'pending_review' AND ` + liveCountedSQL + ` THEN 1 ELSE 0 END
		FROM ` + queueFrom(scoped) + ` JOIN people p ON p.id = a.person_id LEFT JOIN people r ON r.id = a.reviewer_id
		LEFT JOIN check_population cp ON cp.check_id = a.check_id AND cp.person_id = a.person_id
		WHERE ` + queueWhere(scoped) + `
		ORDER BY a.submitted_at, a.id LIMIT ?5`
}

// pendingPeopleSQL counts the counted people of a check waiting for review (?1 check, ?3
// closing day), of the viewer's tree when scoped (after queueStart's scope start): the tree's
// snapshot rows by key (CROSS JOIN keeps the tree outermost), or the organisation's from the kept department rows
// (0041; their counted people follow the closing day as ?3 does) instead of every snapshot row.
func pendingPeopleSQL(scoped bool) string {
	if scoped {
		return `SELECT count(*) FROM scope CROSS JOIN check_population cp
			WHERE cp.check_id = ?1 AND cp.person_id = scope.id AND cp.live_result = 'pending_review' AND ` + liveCountedSQL
	}
	return `SELECT COALESCE(sum(d.counted), 0) FROM check_live_departments d WHERE d.check_id = ?1 AND d.result = 'pending_review'`
}
