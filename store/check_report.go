package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// TierBaseline is the seeds' survey result per tier (percent who understood), shown beside
// each tier for reference: senior leaders 71, middle managers 40, front line 3.
var TierBaseline = map[string]int{TierSeniorLeader: 71, TierMiddleManager: 40, TierFrontLine: 3}

// ReportTiers is the order tiers are reported in.
var ReportTiers = []string{TierSeniorLeader, TierMiddleManager, TierFrontLine}

// PopulationRow is one snapshot person of a check with their result.
type PopulationRow struct {
	PersonID   int64
	EmployeeID string
	Name       string
	Tier       string
	Department string
	Team       string
	ManagerID  int64
	LeftOn     time.Time
	Counted    bool // false: left before the check closed, so not in the denominator
	Outcome    Outcome
}

// CheckPopulation returns every snapshot person of a check with their result: the frozen
// result once closed, else the result computed now from the evidence so far.
func (s *Store) CheckPopulation(ctx context.Context, c Check) ([]PopulationRow, error) {
	if c.Status == CheckClosed {
		return s.frozenResults(ctx, s.db, c)
	}
	return s.liveResults(ctx, s.db, c)
}

func (s *Store) snapshotRows(ctx context.Context, q queryer, c Check, frozen bool) ([]PopulationRow, error) {
	return s.snapshotRowsOf(ctx, q, c, frozen, 0)
}

// snapshotRowsOf is snapshotRows for one person (personID 0: everyone).
func (s *Store) snapshotRowsOf(ctx context.Context, q queryer, c Check, frozen bool, personID int64) ([]PopulationRow, error) {
	// Two shapes rather than "(? = 0 OR cp.person_id = ?)", which kept SQLite from using
	// the primary key for one person (home and profile views) and read the whole snapshot.
	if personID != 0 {
		return s.snapshotRowsWhere(ctx, q, c, frozen, "cp.person_id = ?", personID)
	}
	return s.snapshotRowsWhere(ctx, q, c, frozen, "1=1")
}

// snapshotRowsWhere is snapshotRows for the snapshot people matching where.
func (s *Store) snapshotRowsWhere(ctx context.Context, q queryer, c Check, frozen bool, where string, args ...any) ([]PopulationRow, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+populationCols(frozen)+` FROM check_population cp
		WHERE cp.check_id = ? AND `+where+" ORDER BY cp.name, cp.employee_id", append([]any{c.ID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: check population: %w", err)
	}
	out, err := scanPopulationRows(rows, c, frozen, false)
	if err != nil {
		return nil, fmt.Errorf("store: check population: %w", err)
	}
	return out, nil
}

// populationCols are the columns scanPopulationRow reads, from check_population cp: the
// frozen results of a closed check, or the kept live result alone (its evidence read with
// liveEvidenceCols when wanted). cp.left_on follows people.left_on (trigger of migration
// 0021), so no read of people is needed. Each column read through the driver costs three
// locked calls: a live row reads no constants in place of the frozen evidence.
func populationCols(frozen bool) string {
	if frozen {
		return `cp.person_id, cp.employee_id, cp.name, cp.tier, cp.department, cp.team, COALESCE(cp.manager_id, 0),
			COALESCE(cp.final_left_on, ''), COALESCE(cp.final_counted, 0), COALESCE(cp.final_result, ''),
			COALESCE(cp.final_method, ''), COALESCE(cp.final_score, 0), COALESCE(cp.final_evidence_on, ''),
			COALESCE(cp.final_reviewer, ''), cp.final_reviewer_token, COALESCE(cp.final_reviewed_at, '')`
	}
	return "cp.person_id, cp.employee_id, cp.name, cp.tier, cp.department, cp.team, COALESCE(cp.manager_id, 0), COALESCE(cp.left_on, ''), cp.live_result"
}

// namesOnlyCols are what a ReportList.NamesOnly list reads (scanPopulationNames): each
// column read through the driver costs three locked calls, and the full row's sixteen were
// most of the cost of the leader's two short lists of names.
func namesOnlyCols(frozen bool) string {
	if frozen {
		return "cp.person_id, cp.employee_id, cp.name, cp.team, COALESCE(cp.final_left_on, ''), COALESCE(cp.final_counted, 0), COALESCE(cp.final_result, '')"
	}
	return "cp.person_id, cp.employee_id, cp.name, cp.team, COALESCE(cp.left_on, ''), 1, cp.live_result"
}

func scanPopulationNames(rows *sql.Rows) ([]PopulationRow, error) {
	defer rows.Close()
	var out []PopulationRow
	for rows.Next() {
		var r PopulationRow
		var left string
		if err := rows.Scan(&r.PersonID, &r.EmployeeID, &r.Name, &r.Team, &left, &r.Counted, &r.Outcome.Result); err != nil {
			return nil, fmt.Errorf("store: check population: %w", err)
		}
		r.LeftOn, _ = ParseDate(left)
		out = append(out, r)
	}
	return out, rows.Err()
}

func parseTimeOrDate(v string) time.Time {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	t, _ := ParseDate(v)
	return t
}

func (s *Store) frozenResults(ctx context.Context, q queryer, c Check) ([]PopulationRow, error) {
	return s.snapshotRows(ctx, q, c, true)
}

// liveResults applies the rules to the evidence as it stands.
func (s *Store) liveResults(ctx context.Context, q queryer, c Check) ([]PopulationRow, error) {
	out, err := s.snapshotRows(ctx, q, c, false)
	if err != nil {
		return nil, err
	}
	attempts, err := s.checkAttempts(ctx, q, c.ID, "a.practice = 0")
	if err != nil {
		return nil, err
	}
	interviews, err := s.checkInterviews(ctx, q, c.ID, 0)
	if err != nil {
		return nil, err
	}
	decide(c, out, attempts, interviews)
	return out, nil
}

// decide gives each open-check row its live result from the evidence.
func decide(c Check, out []PopulationRow, attempts []CheckAttempt, interviews []Interview) {
	byPersonA := map[int64][]CheckAttempt{}
	for _, a := range attempts {
		byPersonA[a.PersonID] = append(byPersonA[a.PersonID], a)
	}
	byPersonI := map[int64][]Interview{}
	for _, iv := range interviews {
		byPersonI[iv.PersonID] = append(byPersonI[iv.PersonID], iv)
	}
	for i := range out {
		r := &out[i]
		r.Counted = !LeftBeforeClose(r.LeftOn, c.ClosesOn)
		r.Outcome = DecideOutcome(byPersonA[r.PersonID], byPersonI[r.PersonID])
	}
}

// GroupRow is one line of a breakdown.
type GroupRow struct {
	Key        string // tier code, department, or "department / team"
	Department string
	Team       string
	Baseline   int // tier rows: the seeds' survey percentage
	Needed     int // people still needed to reach the target (CheckReportSummary rows)
	Counts
}

// Report is a check's figures as one viewer may see them.
type Report struct {
	Check        Check
	Overall      Counts
	ByTier       []GroupRow
	ByDepartment []GroupRow
	ByTeam       []GroupRow
	People       []PopulationRow // counted people in scope
	Left         []PopulationRow // snapshot people in scope who left before closing (not counted)
}

// BuildReport aggregates population rows: only counted rows enter the figures; every
// counted person falls in exactly one tier, one department and one team row, so each
// breakdown sums to the overall counts. Tiers are always all listed.
func BuildReport(c Check, rows []PopulationRow) Report {
	var people, left []PopulationRow
	cells := make([]reportCell, 0, len(rows))
	for _, r := range rows {
		if !r.Counted {
			left = append(left, r)
			continue
		}
		people = append(people, r)
		cells = append(cells, reportCell{tier: r.Tier, department: r.Department, team: r.Team, result: r.Outcome.Result, n: 1})
	}
	rep := reportFromCells(c, cells) // check_export.go: the same grouping as the kept cells
	rep.People, rep.Left = people, left
	return rep
}

// Scope decides which snapshot people a viewer may see in a check's report.
type Scope struct {
	all   bool
	below map[int64]bool
}

// Sees tells whether the viewer may see this person's row.
func (sc Scope) Sees(personID int64) bool {
	return sc.all || sc.below[personID]
}

// All tells whether the viewer sees the whole organisation.
func (sc Scope) All() bool { return sc.all }

// ids lists the people below the viewer (nil for a whole-organisation scope).
func (sc Scope) ids() []int64 {
	out := make([]int64, 0, len(sc.below))
	for id := range sc.below {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// CheckScope is what viewer may see of check c: leaders and admins everything; anyone else
// the people below them in the reporting lines recorded in the check's snapshot. A snapshot
// person's manager is always the snapshot's (none at opening stays none); only for managers
// who are not themselves in the snapshot does their current manager link the chain.
func (s *Store) CheckScope(ctx context.Context, c Check, viewer Person) (Scope, error) {
	if MayAll(viewer, ActionSeeReports) {
		return Scope{all: true}, nil
	}
	return s.checkScope(ctx, s.db, c.ID, viewer.ID)
}

// checkScopeSQL walks down from the viewer (?2) in check ?1's reporting lines: a snapshot
// person hangs under their snapshot manager, anyone else under their current manager. Both
// steps use an index (check_population_manager, people_manager), so the cost follows the
// size of the viewer's tree, not of the organisation. CROSS JOIN keeps the walk outermost:
// without it SQLite may loop over the whole check's snapshot and probe the walk.
const checkScopeSQL = `WITH RECURSIVE below(id) AS (
		SELECT ?2
		UNION
		SELECT cp.person_id FROM below CROSS JOIN check_population cp WHERE cp.check_id = ?1 AND cp.manager_id = below.id
		UNION
		SELECT p.id FROM below CROSS JOIN people p
			WHERE p.manager_id = below.id AND NOT EXISTS (SELECT 1 FROM check_population x WHERE x.check_id = ?1 AND x.person_id = p.id)
	)`

// checkScopeIDsSQL adds scope(id): the people viewer ?2 may see in check ?1. The viewer
// starts the walk but is in their own scope only when the lines loop back to them (as
// walking up from them would find them).
const checkScopeIDsSQL = checkScopeSQL + `, scope(id) AS (
		SELECT id FROM below WHERE id != ?2
		UNION SELECT ?2 WHERE EXISTS (SELECT 1 FROM below b
			JOIN people p ON p.id = ?2
			LEFT JOIN check_population cp ON cp.check_id = ?1 AND cp.person_id = ?2
			WHERE b.id = CASE WHEN cp.person_id IS NOT NULL THEN cp.manager_id ELSE p.manager_id END)
	)`

// pgCheckScopeSQL is checkScopeSQL for PostgreSQL, which allows one recursive reference
// only: both steps of the walk go in one LATERAL subquery (SQLite has no LATERAL).
const pgCheckScopeSQL = `WITH RECURSIVE below(id) AS (
		SELECT CAST(?2 AS BIGINT)
		UNION
		SELECT n.id FROM below CROSS JOIN LATERAL (
			SELECT cp.person_id AS id FROM check_population cp WHERE cp.check_id = ?1 AND cp.manager_id = below.id
			UNION ALL
			SELECT p.id FROM people p WHERE p.manager_id = below.id
				AND NOT EXISTS (SELECT 1 FROM check_population x WHERE x.check_id = ?1 AND x.person_id = p.id)) n
	)`

// scopeIDsSQL is checkScopeIDsSQL for the store's engine.
func (s *Store) scopeIDsSQL() string { return s.scopeWalk(checkScopeIDsSQL) }

// scopeListSQL is checkScopeIDsSQL's scope(id) read from a JSON list of ids bound as ?2
// instead of walked from the viewer: see scopeStart.
const scopeListSQL = `WITH RECURSIVE scope(id) AS (SELECT value FROM json_each(?2))`

// scopeStart gives the start of a statement over viewer's scope in check checkID, to be
// followed by a query on scope(id), and what to bind as ?2 (which such a query must not use
// otherwise). In a reading request (one with a read memo) the scope is walked once and then
// bound as a JSON list: a manager's report runs four such statements, and the walk (~75 µs
// for ten people at 100,000: both reporting lines, each person's snapshot row tested) was
// most of each. Otherwise the statement walks the tree itself, from the viewer's id.
func (s *Store) scopeStart(ctx context.Context, checkID, viewerID int64) (string, any, error) {
	if !HasReadMemo(ctx) {
		return s.scopeIDsSQL(), viewerID, nil
	}
	list, err := s.scopeList(ctx, checkID, viewerID)
	return scopeListSQL, list.json, err
}

// scopeIDList is a viewer's scope walked once: its ids as a JSON list, and how many.
type scopeIDList struct {
	json string
	n    int
}

// scopeList walks viewer's scope in check checkID once per reading request.
//
// On a reading request the report's number is read before the walk: what is kept under it is
// then never older than it, whichever statement walked the tree first (the reviews page walks
// it for its queue before its kept counts).
func (s *Store) scopeList(ctx context.Context, checkID, viewerID int64) (scopeIDList, error) {
	return memoized(ctx, memoQuestion{what: "check scope", a: checkID, b: viewerID}, func() (scopeIDList, error) {
		if HasReadMemo(ctx) {
			if _, err := s.keptNumber(ctx, checkReportVersionSQL); err != nil {
				return scopeIDList{}, err
			}
		}
		sc, err := s.checkScope(ctx, s.db, checkID, viewerID)
		ids := sc.ids()
		return scopeIDList{json: jsonIDs(ids), n: len(ids)}, err
	})
}

// scopeRowsQuestion names a viewer's tree's rows in the request memo.
func scopeRowsQuestion(checkID, viewerID int64) memoQuestion {
	return memoQuestion{what: "check scope rows", a: checkID, b: viewerID}
}

// defaultScopeRowsMax is the largest scope whose snapshot rows a reading request reads whole
// (scopeRows): a manager's team and a few levels below it, not a head of department's.
const defaultScopeRowsMax = 200

// scopeRows returns every snapshot row of check c in viewer's scope, in name order, read in
// one statement once per reading request — when the request has a read memo and the scope
// is at most Store.scopeRowsMax people (ok false otherwise: ask the database per figure). A
// manager's report page then adds up its figures and picks its three lists from these rows
// instead of running a statement for each. Each row is as the report's lists give it: Counted
// by the check's rule (left before closing or not), the kept live result with the evidence
// that decided it (open) or the final one (closed). The rows are shared: callers copy.
//
// The rows are kept across requests under the report's number (keptScopeRead), which moves
// with the snapshot, the evidence and anyone's manager (0052): a tree too large to read whole
// is kept as that answer.
func (s *Store) scopeRows(ctx context.Context, c Check, viewerID int64) (rows []PopulationRow, ok bool, err error) {
	if !HasReadMemo(ctx) {
		return nil, false, nil
	}
	type treeRows struct {
		rows []PopulationRow
		ok   bool
	}
	kept, err := keptScopeRead(ctx, s, c, viewerID, fmt.Sprintf("rows up to %d", s.scopeRowsMax), func() (treeRows, error) {
		rows, ok, err := s.readScopeRows(ctx, c, viewerID)
		return treeRows{rows, ok}, err
	})
	if kept.ok { // kept or read: the request's later figures recall them (reportCellsAt)
		remember(ctx, scopeRowsQuestion(c.ID, viewerID), kept.rows)
	}
	return kept.rows, kept.ok, err
}

func (s *Store) readScopeRows(ctx context.Context, c Check, viewerID int64) (rows []PopulationRow, ok bool, err error) {
	list, err := s.scopeList(ctx, c.ID, viewerID)
	if err != nil || list.n > s.scopeRowsMax {
		return nil, false, err
	}
	open := c.Status != CheckClosed
	rows, err = memoized(ctx, scopeRowsQuestion(c.ID, viewerID), func() ([]PopulationRow, error) {
		query := scopeListSQL + "SELECT " + populationCols(!open) + " FROM scope CROSS JOIN check_population cp"
		if open {
			query = scopeListSQL + "SELECT " + populationCols(false) + ", " + liveEvidenceCols + " FROM scope CROSS JOIN check_population cp" +
				liveEvidenceJoins
		}
		r, err := s.db.QueryContext(ctx, query+" WHERE cp.check_id = ?1 AND cp.person_id = scope.id ORDER BY cp.name, cp.employee_id",
			c.ID, list.json)
		if err != nil {
			return nil, fmt.Errorf("store: scope rows: %w", err)
		}
		out, err := scanPopulationRows(r, c, !open, open)
		if err != nil {
			return nil, fmt.Errorf("store: scope rows: %w", err)
		}
		return out, nil
	})
	return rows, err == nil, err
}

// scopeWalk gives a query that starts with checkScopeSQL the store's engine's walk.
func (s *Store) scopeWalk(query string) string {
	if s.pg && strings.HasPrefix(query, checkScopeSQL) {
		return pgCheckScopeSQL + strings.TrimPrefix(query, checkScopeSQL)
	}
	return query
}

func (s *Store) checkScope(ctx context.Context, q queryer, checkID, viewerID int64) (Scope, error) {
	sc := Scope{below: map[int64]bool{}}
	rows, err := q.QueryContext(ctx, s.scopeIDsSQL()+" SELECT id FROM scope", checkID, viewerID)
	if err != nil {
		return sc, fmt.Errorf("store: check scope: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return sc, fmt.Errorf("store: check scope: %w", err)
		}
		sc.below[id] = true
	}
	return sc, rows.Err()
}

// CheckReport builds the report of check c for viewer (their scope only). A manager's
// report reads only their tree's snapshot rows and evidence.
func (s *Store) CheckReport(ctx context.Context, c Check, viewer Person) (Report, error) {
	sc, err := s.CheckScope(ctx, c, viewer)
	if err != nil {
		return Report{}, err
	}
	if sc.All() {
		rows, err := s.CheckPopulation(ctx, c)
		if err != nil {
			return Report{}, err
		}
		return BuildReport(c, rows), nil
	}
	rows, err := s.populationOf(ctx, c, sc.ids())
	if err != nil {
		return Report{}, err
	}
	return BuildReport(c, rows), nil
}

// populationOf is CheckPopulation limited to the given people.
func (s *Store) populationOf(ctx context.Context, c Check, personIDs []int64) ([]PopulationRow, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	list, err := json.Marshal(personIDs)
	if err != nil {
		return nil, err
	}
	frozen := c.Status == CheckClosed
	out, err := s.snapshotRowsWhere(ctx, s.db, c, frozen, "cp.person_id IN (SELECT value FROM json_each(?))", string(list))
	if err != nil || frozen {
		return out, err
	}
	attempts, err := s.checkAttempts(ctx, s.db, c.ID, "a.practice = 0 AND a.person_id IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, err
	}
	interviews, err := s.checkInterviewsWhere(ctx, s.db, c.ID, "i.person_id IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, err
	}
	decide(c, out, attempts, interviews)
	return out, nil
}

// TrendPoint is one closed check's figures per tier and overall, for the trend chart.
type TrendPoint struct {
	Check   Check
	Overall Counts
	ByTier  map[string]Counts
}

// CheckTrend returns the closed checks, oldest first, with their figures in viewer's scope.
func (s *Store) CheckTrend(ctx context.Context, viewer Person) ([]TrendPoint, error) {
	checks, err := s.ListChecks(ctx)
	if err != nil {
		return nil, err
	}
	var out []TrendPoint
	for i := len(checks) - 1; i >= 0; i-- {
		c := checks[i]
		if c.Status != CheckClosed {
			continue
		}
		// A closed check's kept totals (or the viewer's tree grouped in SQL), not its rows.
		rep, err := s.CheckReportSummary(ctx, c, viewer, BreakdownQuery{})
		if err != nil {
			return nil, err
		}
		tp := TrendPoint{Check: c, Overall: rep.Overall, ByTier: map[string]Counts{}}
		for _, g := range rep.ByTier {
			tp.ByTier[g.Key] = g.Counts
		}
		out = append(out, tp)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Check.ClosesOn.Before(out[j].Check.ClosesOn) })
	return out, nil
}
