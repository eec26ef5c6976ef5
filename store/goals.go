package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Goal levels, from the top of the cascade down.
const (
	LevelCompany    = "company"
	LevelDepartment = "department"
	LevelTeam       = "team"
	LevelPerson     = "person"
)

// Balanced-scorecard perspectives.
const (
	PerspectiveFinancial = "financial"
	PerspectiveCustomer  = "customer"
	PerspectiveInternal  = "internal"
	PerspectiveLearning  = "learning"
)

// Goal states: a personal goal an employee proposes waits for their manager's approval.
const (
	GoalProposed = "proposed"
	GoalActive   = "active"
)

// GoalLevels, Perspectives and Directions list the allowed values in display order.
var (
	GoalLevels   = []string{LevelCompany, LevelDepartment, LevelTeam, LevelPerson}
	Perspectives = []string{PerspectiveFinancial, PerspectiveCustomer, PerspectiveInternal, PerspectiveLearning}
	Directions   = []string{DirectionHigher, DirectionLower}
)

// ErrGoalForbidden is returned when the person may not create or change that goal.
var ErrGoalForbidden = errors.New("store: goal: not allowed")

func levelRank(level string) int {
	for i, l := range GoalLevels {
		if l == level {
			return i
		}
	}
	return -1
}

// Goal is one goal with what is derived from its check-ins and children.
type Goal struct {
	ID          int64
	Title       string // English; either title may be empty, not both
	TitleZH     string
	Description string
	Perspective string
	KPI         string // English; either KPI name may be empty, not both
	KPIZH       string
	Unit        string
	Direction   string
	Baseline    float64
	Target      float64
	StartOn     time.Time
	DueOn       time.Time
	Level       string
	Department  string
	Team        string
	OwnerID     int64
	OwnerName   string
	OwnerEID    string
	ParentID    int64
	PriorityID  int64
	PriorityEN  string
	PriorityZH  string
	ValueID     int64 // the aligned value (0 when none)
	ValueEN     string
	ValueZH     string
	Weight      float64
	State       string
	CreatedBy   int64
	// A proposal returned to its owner (ReturnGoal): when, by whom, with what note. It stays
	// GoalProposed; Returned tells it apart until its owner edits it.
	ReturnedAt   time.Time
	ReturnedBy   int64
	ReturnedName string
	ReturnNote   string

	Current      float64 // the latest check-in's value (HasCurrent false when none)
	HasCurrent   bool
	LastCheckIn  time.Time
	CheckInCount int

	Progress float64 // 0..1
	RolledUp bool    // progress is the weighted roll-up of the children
	Status   string
	Stale    bool
	Children []*Goal
	// FoldedActive counts the active children not loaded with the goal (a level the goal tree
	// folds away), for "rolled up from N goals" without reading them.
	FoldedActive int
	// Kept on the row (migration 0037) with the progress: how many children the goal has, how
	// many of them are active, and how many are personal goals (whose visibility depends on
	// the viewer), so the goal tree counts what it folds without reading the children.
	ChildCount    int
	ChildActive   int
	ChildPersonal int
}

// Returned tells whether the goal is a proposal returned to its owner for changes: it waits
// on the owner, not on an approver.
func (g *Goal) Returned() bool { return g.State == GoalProposed && !g.ReturnedAt.IsZero() }

// TitleIn is the goal's title in lang, falling back to the other language.
func (g *Goal) TitleIn(lang string) string { return pick(lang, g.Title, g.TitleZH) }

// KPIIn is the KPI's name in lang, falling back to the other language.
func (g *Goal) KPIIn(lang string) string { return pick(lang, g.KPI, g.KPIZH) }

// PriorityName is the aligned strategic priority's name in lang ("" when none).
func (g *Goal) PriorityName(lang string) string {
	if g.PriorityID == 0 {
		return ""
	}
	return pick(lang, g.PriorityEN, g.PriorityZH)
}

// ValueName is the aligned value's name in lang ("" when none).
func (g *Goal) ValueName(lang string) string {
	if g.ValueID == 0 {
		return ""
	}
	return pick(lang, g.ValueEN, g.ValueZH)
}

// OwnerText names the owner for display: the department, "department / team" or the person.
func (g *Goal) OwnerText() string {
	switch g.Level {
	case LevelDepartment:
		return g.Department
	case LevelTeam:
		return g.Department + " / " + g.Team
	case LevelPerson:
		return g.OwnerName
	}
	return ""
}

// OwnerValue encodes the owner the way the goal form's owner field does.
func (g *Goal) OwnerValue() string {
	switch g.Level {
	case LevelDepartment:
		return "department:" + g.Department
	case LevelTeam:
		return "team:" + g.Department + "|" + g.Team
	case LevelPerson:
		return "person:" + g.OwnerEID
	}
	return LevelCompany
}

// GoalSet is every goal with progress and status computed for one day.
type GoalSet struct {
	All  []*Goal // company first, then departments, teams and people, each by title
	byID map[int64]*Goal
}

// Get returns one goal of the set.
func (gs *GoalSet) Get(id int64) (*Goal, bool) {
	g, ok := gs.byID[id]
	return g, ok
}

// Chain returns g's ancestors from the top of the cascade down to its parent.
func (gs *GoalSet) Chain(g *Goal) []*Goal {
	var up []*Goal
	seen := map[int64]bool{g.ID: true}
	for p, ok := gs.byID[g.ParentID]; ok && !seen[p.ID]; p, ok = gs.byID[p.ParentID] {
		seen[p.ID] = true
		up = append(up, p)
	}
	for i, j := 0, len(up)-1; i < j; i, j = i+1, j-1 {
		up[i], up[j] = up[j], up[i]
	}
	return up
}

// Roots are the goals without a parent in the set, in cascade order.
func (gs *GoalSet) Roots() []*Goal {
	var out []*Goal
	for _, g := range gs.All {
		if _, ok := gs.byID[g.ParentID]; !ok {
			out = append(out, g)
		}
	}
	return out
}

// OwnedBy returns the personal goals of one person.
func (gs *GoalSet) OwnedBy(personID int64) []*Goal {
	var out []*Goal
	for _, g := range gs.All {
		if g.Level == LevelPerson && g.OwnerID == personID {
			out = append(out, g)
		}
	}
	return out
}

const goalColumns = `g.id, g.title, g.title_zh, g.description, g.perspective, g.kpi, g.kpi_zh, g.unit, g.direction, g.baseline, g.target,
	g.start_on, g.due_on, g.level, g.department, g.team, COALESCE(g.owner_id, 0), COALESCE(o.name, ''),
	COALESCE(o.employee_id, ''), COALESCE(g.parent_id, 0), COALESCE(g.priority_id, 0),
	COALESCE(sp.name_en, ''), COALESCE(sp.name_zh, ''), COALESCE(g.value_id, 0), COALESCE(cv.name_en, ''),
	COALESCE(cv.name_zh, ''), g.weight, g.state, COALESCE(g.created_by, 0),
	g.current_value, g.last_checkin, g.checkin_count, g.progress, g.rolled_up,
	COALESCE(g.returned_at, ''), COALESCE(g.returned_by, 0), COALESCE(rb.name, ''), g.return_note,
	g.child_count, g.child_active, g.child_personal`

const goalFrom = ` FROM goals g LEFT JOIN people o ON o.id = g.owner_id
	LEFT JOIN strategic_priorities sp ON sp.id = g.priority_id LEFT JOIN culture_values cv ON cv.id = g.value_id
	LEFT JOIN people rb ON rb.id = g.returned_by `

const goalOrder = ` ORDER BY CASE g.level WHEN 'company' THEN 0 WHEN 'department' THEN 1 WHEN 'team' THEN 2 ELSE 3 END,
	g.department, g.team, o.name,
	CASE g.perspective WHEN 'financial' THEN 0 WHEN 'customer' THEN 1 WHEN 'internal' THEN 2 ELSE 3 END, g.title, g.id`

func scanGoal(row scanner) (*Goal, error) {
	g := &Goal{}
	var start, due, last, returned string
	var current sql.NullFloat64
	err := row.Scan(&g.ID, &g.Title, &g.TitleZH, &g.Description, &g.Perspective, &g.KPI, &g.KPIZH, &g.Unit, &g.Direction, &g.Baseline, &g.Target,
		&start, &due, &g.Level, &g.Department, &g.Team, &g.OwnerID, &g.OwnerName, &g.OwnerEID, &g.ParentID, &g.PriorityID,
		&g.PriorityEN, &g.PriorityZH, &g.ValueID, &g.ValueEN, &g.ValueZH, &g.Weight, &g.State, &g.CreatedBy, &current, &last, &g.CheckInCount,
		&g.Progress, &g.RolledUp, &returned, &g.ReturnedBy, &g.ReturnedName, &g.ReturnNote,
		&g.ChildCount, &g.ChildActive, &g.ChildPersonal)
	if err != nil {
		return nil, err
	}
	g.ReturnedAt = parseStamp(returned)
	g.StartOn, _ = ParseDate(start)
	g.DueOn, _ = ParseDate(due)
	if last != "" {
		g.LastCheckIn, _ = ParseDate(last)
	}
	g.Current, g.HasCurrent = current.Float64, current.Valid
	return g, nil
}

// Goals loads every goal with its kept progress and works out status for today.
func (s *Store) Goals(ctx context.Context) (*GoalSet, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+goalColumns+goalFrom+goalOrder)
	if err != nil {
		return nil, fmt.Errorf("store: goals: %w", err)
	}
	defer rows.Close()
	gs := &GoalSet{byID: map[int64]*Goal{}}
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			return nil, fmt.Errorf("store: goals: %w", err)
		}
		gs.All = append(gs.All, g)
		gs.byID[g.ID] = g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: goals: %w", err)
	}
	deriveGoals(gs.All, s.now())
	return gs, nil
}

const goalByIDSQL = "SELECT " + goalColumns + goalFrom + "WHERE g.id = ?"

// goalByID loads one goal with its kept progress and its status for today (ErrNotFound when
// there is none): the goal writes check permissions on the goal alone, and loading every goal
// of a large organisation to fetch one was most of their time.
func (s *Store) goalByID(ctx context.Context, id int64) (*Goal, error) {
	g, err := scanGoal(s.db.QueryRowContext(ctx, goalByIDSQL, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: goal: %w", err)
	}
	deriveGoals([]*Goal{g}, s.now())
	return g, nil
}

// personalGoalsSQL reads a person's personal goals, in cascade order.
const personalGoalsSQL = "SELECT " + goalColumns + goalFrom + "WHERE g.owner_id = ? AND g.level = 'person'" + goalOrder

// GoalsOwnedBy loads personID's personal goals, computed for today: the home card and the
// profile need only these, and loading every goal of a large organisation took most of those
// pages' time. The goals below them are not read: each row keeps its progress and how many
// of its children are active (migrations 0023, 0037), which is all "rolled up from N goals"
// needs (FoldedActive). Reading them took a recursive walk and a second statement on every
// home and profile view (~30% of the goals card's time at 100,000 people).
//
// One indexed read on both engines: PostgreSQL plans the person's few goals and joins the
// people table by index (TestPersonsGoalsPlanOnPostgres); the recursive walk it replaced was
// planned for ~700 goals and hashed the whole people table.
func (s *Store) GoalsOwnedBy(ctx context.Context, personID int64) (*GoalSet, error) {
	// Once per reading request: the home page's inbox and its goals card both ask.
	// Kept under the person's own number (keptOwnCard) across requests: the owner's goals,
	// and the names shown with them, move it.
	return keptOwnCard(ctx, s, "goals owned", personID, func(now time.Time) (*GoalSet, error) {
		return s.goalsOwnedBy(ctx, personID, now)
	})
}

func (s *Store) goalsOwnedBy(ctx context.Context, personID int64, now time.Time) (*GoalSet, error) {
	gs := &GoalSet{byID: map[int64]*Goal{}}
	rows, err := s.db.QueryContext(ctx, personalGoalsSQL, personID)
	if err != nil {
		return nil, fmt.Errorf("store: goals of person: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			return nil, fmt.Errorf("store: goals of person: %w", err)
		}
		g.FoldedActive = g.ChildActive
		gs.All = append(gs.All, g)
		gs.byID[g.ID] = g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: goals of person: %w", err)
	}
	deriveGoals(gs.All, now)
	return gs, nil
}

// goalOutlineColumns are what status and visibility need — no text, no priorities — so the
// goal tree can place every goal and read full rows only for the goals it shows.
const goalOutlineColumns = `g.id, g.start_on, g.due_on, g.level, COALESCE(g.owner_id, 0), COALESCE(g.parent_id, 0),
	g.state, g.last_checkin, g.progress, g.rolled_up, g.child_count, g.child_active, g.child_personal`

// GoalOutline loads every goal's kept figures in cascade order, links children to parents
// and works out status for today. The goals carry no text: it is the goal tree's reference
// in the scale test, not a page's read.
func (s *Store) GoalOutline(ctx context.Context) (*GoalSet, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+goalOutlineColumns+" FROM goals g LEFT JOIN people o ON o.id = g.owner_id"+goalOrder)
	if err != nil {
		return nil, fmt.Errorf("store: goal outline: %w", err)
	}
	defer rows.Close()
	gs := &GoalSet{byID: map[int64]*Goal{}}
	for rows.Next() {
		g := &Goal{}
		var start, due, last string
		if err := rows.Scan(&g.ID, &start, &due, &g.Level, &g.OwnerID, &g.ParentID, &g.State, &last,
			&g.Progress, &g.RolledUp, &g.ChildCount, &g.ChildActive, &g.ChildPersonal); err != nil {
			return nil, fmt.Errorf("store: goal outline: %w", err)
		}
		g.StartOn, _ = ParseDate(start)
		g.DueOn, _ = ParseDate(due)
		if last != "" {
			g.LastCheckIn, _ = ParseDate(last)
		}
		gs.All = append(gs.All, g)
		gs.byID[g.ID] = g
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: goal outline: %w", err)
	}
	deriveGoals(gs.All, s.now())
	return gs, nil
}

// activeGoalsSQL reads every active goal with what the home page's goals tile needs (status,
// who manages it, the title of the few it lists), in cascade order, as Goals orders them.
const activeGoalsSQL = `SELECT g.id, g.title, g.title_zh, g.start_on, g.due_on, g.level, g.department, g.team,
	COALESCE(g.owner_id, 0), COALESCE(g.parent_id, 0), g.progress
	FROM goals g LEFT JOIN people o ON o.id = g.owner_id WHERE g.state = 'active'` + goalOrder

// ActiveGoals returns every active goal with its title, owner, kept progress and today's
// status — not its description, KPI, priority or value, nor the proposals: the home tile
// counts the goals a leader or manager manages, which read whole through Goals took most of
// the tile's time at 100,000 people. The goals carry no children.
func (s *Store) ActiveGoals(ctx context.Context) ([]*Goal, error) {
	rows, err := s.db.QueryContext(ctx, activeGoalsSQL)
	if err != nil {
		return nil, fmt.Errorf("store: active goals: %w", err)
	}
	defer rows.Close()
	today := s.now()
	var out []*Goal
	for rows.Next() {
		g := &Goal{State: GoalActive}
		var start, due string
		if err := rows.Scan(&g.ID, &g.Title, &g.TitleZH, &start, &due, &g.Level, &g.Department, &g.Team,
			&g.OwnerID, &g.ParentID, &g.Progress); err != nil {
			return nil, fmt.Errorf("store: active goals: %w", err)
		}
		g.StartOn, _ = ParseDate(start)
		g.DueOn, _ = ParseDate(due)
		g.Status = StatusOf(g.Progress, g.StartOn, g.DueOn, today)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: active goals: %w", err)
	}
	return out, nil
}

// GoalTreeStart starts a goal tree page's outline: with open 0 the goals at the top of the
// cascade, otherwise goal open and every goal above it (ErrNotFound when there is none). The
// page then adds levels with GoalChildren while they fit, so it reads the goals it shows and
// their children, not the whole organisation's (progress is kept on each row).
func (s *Store) GoalTreeStart(ctx context.Context, open int64) (*GoalSet, error) {
	where, args := "g.parent_id IS NULL", []any{}
	if open != 0 {
		where = `g.id IN (WITH RECURSIVE up(id, depth) AS (SELECT CAST(? AS BIGINT), 0
				UNION SELECT p.parent_id, up.depth + 1 FROM goals p JOIN up ON p.id = up.id
				WHERE p.parent_id IS NOT NULL AND up.depth < 16)
			SELECT id FROM up)`
		args = append(args, open)
	}
	gs := &GoalSet{byID: map[int64]*Goal{}}
	if _, err := s.addOutline(ctx, gs, where, args...); err != nil {
		return nil, err
	}
	if _, ok := gs.byID[open]; open != 0 && !ok {
		return nil, ErrNotFound
	}
	return gs, nil
}

// GoalChildren adds the children of parents to gs (linked under them) and returns them.
func (s *Store) GoalChildren(ctx context.Context, gs *GoalSet, parents []*Goal) ([]*Goal, error) {
	if len(parents) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(parents))
	for i, p := range parents {
		ids[i] = p.ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: goal children: %w", err)
	}
	return s.addOutline(ctx, gs, "g.parent_id IN (SELECT value FROM json_each(?))", string(list))
}

// GoalChildCount is how many personal children of one goal one person owns: the only
// children whose visibility depends on the viewer (the goal keeps its other counts).
type GoalChildCount struct {
	ParentID int64
	OwnerID  int64
	N        int
}

// goalPersonalChildCountsSQL groups the personal children of the goals in the JSON list ?1 by owner.
const goalPersonalChildCountsSQL = `SELECT parent_id, COALESCE(owner_id, 0), count(*)
	FROM goals WHERE parent_id IN (SELECT value FROM json_each(?)) AND level = 'person'
	GROUP BY parent_id, COALESCE(owner_id, 0)`

// GoalPersonalChildCounts counts the personal children of parents by owner, so a page can
// tell how many of them a viewer who does not see every goal may see. The goal tree asks only
// about the goals that keep personal children (Goal.ChildPersonal), and only for such viewers.
func (s *Store) GoalPersonalChildCounts(ctx context.Context, parents []*Goal) ([]GoalChildCount, error) {
	if len(parents) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(parents))
	for i, p := range parents {
		ids[i] = p.ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("store: goal child counts: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, goalPersonalChildCountsSQL, string(list))
	if err != nil {
		return nil, fmt.Errorf("store: goal child counts: %w", err)
	}
	defer rows.Close()
	var out []GoalChildCount
	for rows.Next() {
		var c GoalChildCount
		if err := rows.Scan(&c.ParentID, &c.OwnerID, &c.N); err != nil {
			return nil, fmt.Errorf("store: goal child counts: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// goalTreeColumns are the outline's columns and what a goal tree line shows (title, owner,
// figures against the target, returned or not): no description, priority or value, which the
// tree does not show.
const goalTreeColumns = goalOutlineColumns + `, g.title, g.title_zh, g.department, g.team, COALESCE(o.name, ''),
	g.unit, g.target, g.current_value, COALESCE(g.returned_at, '')`

// goalTreeSQL reads the goal tree's rows matching a condition in cascade order.
func goalTreeSQL(where string) string {
	return "SELECT " + goalTreeColumns + " FROM goals g LEFT JOIN people o ON o.id = g.owner_id WHERE " + where + goalOrder
}

// addOutline reads the tree rows matching where in cascade order (the outline with what a
// tree line shows), works out status for today, links each under its parent when the parent
// is in gs, and adds them to gs. A goal tree page reads only the goals it shows this way (and
// the personal goals of its levels that the viewer may not see), so it needs no second read.
func (s *Store) addOutline(ctx context.Context, gs *GoalSet, where string, args ...any) ([]*Goal, error) {
	rows, err := s.goalTreeRows(ctx, where, args...)
	if err != nil {
		return nil, err
	}
	today := s.now()
	var added []*Goal
	for _, r := range rows {
		if _, dup := gs.byID[r.id]; dup {
			continue
		}
		g := &Goal{ID: r.id, Level: r.level, OwnerID: r.ownerID, ParentID: r.parentID, State: r.state,
			Progress: r.progress, RolledUp: r.rolledUp, ChildCount: r.childCount, ChildActive: r.childActive,
			ChildPersonal: r.childPersonal, Title: r.title, TitleZH: r.titleZH, Department: r.department, Team: r.team,
			OwnerName: r.ownerName, Unit: r.unit, Target: r.target}
		g.StartOn, _ = ParseDate(r.start)
		g.DueOn, _ = ParseDate(r.due)
		if r.last != "" {
			g.LastCheckIn, _ = ParseDate(r.last)
		}
		g.Current, g.HasCurrent = r.current.Float64, r.current.Valid
		g.ReturnedAt = parseStamp(r.returned)
		g.Status = StatusOf(g.Progress, g.StartOn, g.DueOn, today)
		g.Stale = !g.RolledUp && IsStale(g.LastCheckIn, g.StartOn, today, g.Status)
		added = append(added, g)
	}
	for _, g := range added {
		gs.All = append(gs.All, g)
		gs.byID[g.ID] = g
	}
	for _, g := range added {
		if p, ok := gs.byID[g.ParentID]; ok && g.ParentID != 0 {
			p.Children = append(p.Children, g)
		}
	}
	return added, nil
}

// CheckIn is one recorded value of a goal's KPI.
type CheckIn struct {
	ID      int64
	GoalID  int64
	Value   float64
	Comment string
	OnDate  time.Time
	ByID    int64
	ByName  string
}

// GoalCheckIns returns a goal's check-ins, oldest first.
func (s *Store) GoalCheckIns(ctx context.Context, goalID int64) ([]CheckIn, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.goal_id, c.value, c.comment, c.on_date, COALESCE(c.by_id, 0), COALESCE(p.name, '')
		FROM goal_checkins c LEFT JOIN people p ON p.id = c.by_id WHERE c.goal_id = ? ORDER BY c.on_date, c.id`, goalID)
	if err != nil {
		return nil, fmt.Errorf("store: check-ins: %w", err)
	}
	defer rows.Close()
	var out []CheckIn
	for rows.Next() {
		var c CheckIn
		var on string
		if err := rows.Scan(&c.ID, &c.GoalID, &c.Value, &c.Comment, &on, &c.ByID, &c.ByName); err != nil {
			return nil, fmt.Errorf("store: check-ins: %w", err)
		}
		c.OnDate, _ = ParseDate(on)
		out = append(out, c)
	}
	return out, rows.Err()
}

// GoalScope is what one person may see and manage among goals.
type GoalScope struct {
	Me          Person
	All         bool            // leaders and admins: every goal
	Departments map[string]bool // managers: their own department
	Teams       map[string]bool // managers: "department|team" of their own team and their reports' teams
	Reports     map[int64]bool  // everyone below the person in the reporting lines
}

func teamKey(department, team string) string { return department + "|" + team }

// GoalScopeFor works out what p may see and manage.
func (s *Store) GoalScopeFor(ctx context.Context, p Person) (GoalScope, error) {
	sc := GoalScope{Me: p, All: MayAll(p, ActionManageGoals),
		Departments: map[string]bool{}, Teams: map[string]bool{}, Reports: map[int64]bool{}}
	below := ReachOf(p, ActionManageGoals) == ReachBelow
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE below(id) AS (
			SELECT id FROM people WHERE manager_id = ?
			UNION SELECT p.id FROM people p JOIN below b ON p.manager_id = b.id)
		SELECT p.id, p.department, p.team FROM people p JOIN below b ON b.id = p.id`, p.ID)
	if err != nil {
		return sc, fmt.Errorf("store: goal scope: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var dept, team string
		if err := rows.Scan(&id, &dept, &team); err != nil {
			return sc, fmt.Errorf("store: goal scope: %w", err)
		}
		sc.Reports[id] = true
		if below && team != "" {
			sc.Teams[teamKey(dept, team)] = true
		}
	}
	if err := rows.Err(); err != nil {
		return sc, fmt.Errorf("store: goal scope: %w", err)
	}
	if below {
		if p.Team != "" {
			sc.Teams[teamKey(p.Department, p.Team)] = true
		}
		// A team lead does not manage their department's goals: only whoever heads it
		// (someone below them works in another team).
		heads := false
		for key := range sc.Teams {
			heads = heads || key != teamKey(p.Department, p.Team)
		}
		if p.Department != "" && heads {
			sc.Departments[p.Department] = true
		}
	}
	return sc, nil
}

// GoalViewScopeFor is GoalScopeFor for pages that ask only the scope's methods (CanSee,
// CanManage, CanCheckIn, CanEdit, CanCreateAny, MayAttachUnder, MayOwn): for a viewer who sees
// and manages every goal (All) each method answers from All alone, so it does not read their
// reporting tree — for a leader the whole organisation, 100,000 people, on every view — and
// leaves Reports, Teams and Departments empty. Code that reads those maps itself (the team
// goals page) needs GoalScopeFor.
func (s *Store) GoalViewScopeFor(ctx context.Context, p Person) (GoalScope, error) {
	if MayAll(p, ActionManageGoals) {
		return GoalScope{Me: p, All: true, Departments: map[string]bool{}, Teams: map[string]bool{}, Reports: map[int64]bool{}}, nil
	}
	return s.GoalScopeFor(ctx, p)
}

// CanSee: company, department and team goals are open to everyone; a personal goal to
// the person, everyone above them in the reporting lines, leaders and admins.
func (sc GoalScope) CanSee(g *Goal) bool {
	if g.Level != LevelPerson {
		return true
	}
	return sc.All || g.OwnerID == sc.Me.ID || sc.Reports[g.OwnerID]
}

// CanManage tells whether the person may create, edit and approve goals with g's owner:
// leaders every goal; managers their own department, their own and their reports' teams,
// and the personal goals of everyone below them.
func (sc GoalScope) CanManage(g *Goal) bool {
	if sc.All {
		return true
	}
	if ReachOf(sc.Me, ActionManageGoals) != ReachBelow {
		return false
	}
	switch g.Level {
	case LevelDepartment:
		return sc.Departments[g.Department]
	case LevelTeam:
		return sc.Teams[teamKey(g.Department, g.Team)]
	case LevelPerson:
		return sc.Reports[g.OwnerID]
	}
	return false
}

// CanCheckIn: whoever manages the goal, and for a personal goal its owner and anyone
// above the owner in the reporting lines. Proposed goals take no check-ins.
func (sc GoalScope) CanCheckIn(g *Goal) bool {
	if g.State != GoalActive {
		return false
	}
	if sc.CanManage(g) {
		return true
	}
	return g.Level == LevelPerson && (g.OwnerID == sc.Me.ID || sc.Reports[g.OwnerID])
}

// CanEdit: whoever manages the goal, and the owner of a proposal that is still waiting.
func (sc GoalScope) CanEdit(g *Goal) bool {
	return sc.CanManage(g) || (g.State == GoalProposed && g.Level == LevelPerson && g.OwnerID == sc.Me.ID)
}

// CanCreateAny tells whether the person may create goals for anyone but themselves.
func (sc GoalScope) CanCreateAny() bool {
	return sc.All || (ReachOf(sc.Me, ActionManageGoals) == ReachBelow && (len(sc.Departments) > 0 || len(sc.Teams) > 0 || len(sc.Reports) > 0))
}

// GoalInput is the goal form as typed.
type GoalInput struct {
	Title       string
	TitleZH     string
	Description string
	Perspective string
	KPI         string
	KPIZH       string
	Unit        string
	Direction   string
	Baseline    string
	Target      string
	StartOn     string
	DueOn       string
	Owner       string // "company", "department:NAME", "team:DEPARTMENT|TEAM" or "person:EMPLOYEE_ID"
	ParentID    string
	PriorityID  string
	ValueID     string
	Weight      string
}

// InputFromGoal fills the form from a stored goal.
func InputFromGoal(g *Goal) GoalInput {
	in := GoalInput{Title: g.Title, TitleZH: g.TitleZH, Description: g.Description, Perspective: g.Perspective,
		KPI: g.KPI, KPIZH: g.KPIZH, Unit: g.Unit,
		Direction: g.Direction, Baseline: FormatNumber(g.Baseline), Target: FormatNumber(g.Target),
		StartOn: g.StartOn.Format(DateLayout), DueOn: g.DueOn.Format(DateLayout), Owner: g.OwnerValue(),
		Weight: FormatNumber(g.Weight)}
	if g.ParentID != 0 {
		in.ParentID = strconv.FormatInt(g.ParentID, 10)
	}
	if g.PriorityID != 0 {
		in.PriorityID = strconv.FormatInt(g.PriorityID, 10)
	}
	if g.ValueID != 0 {
		in.ValueID = strconv.FormatInt(g.ValueID, 10)
	}
	return in
}

// FormatNumber writes a number without trailing zeros (4.5, 12, 0.25).
func FormatNumber(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// parseNumber reads a number as people type it: "89.2%", "1,250", or with full-width
// digits from a Chinese input method ("８９．２％").
func parseNumber(s string) (float64, bool) {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '－':
			return '-'
		case r == ',' || r == '，' || r == '%' || r == '％' || r == ' ':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// parentInfo is what the proposal rule needs to know about the chosen parent.
type parentInfo struct {
	level, unit string
	goal        *Goal // level, department, team and state, for MayAttachUnder
	kept        bool  // the goal's parent already (may stay where the rule would not offer it)
}

// alignedID checks a chosen priority or value (table) by its form value: it must exist and
// not be retired, unless it is the one the goal already links to (keep). 0 when none.
func alignedID(ctx context.Context, tx *sql.Tx, verr *ValidationError, table, field, raw string, keep int64) int64 {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return 0
	}
	id, _ := strconv.ParseInt(raw, 10, 64)
	var retired bool
	err := tx.QueryRowContext(ctx, "SELECT retired_at IS NOT NULL FROM "+table+" WHERE id = ?", id).Scan(&retired)
	if err != nil || (retired && id != keep) {
		verr.add(0, field, "invalid_choice", raw)
		return 0
	}
	return id
}

// resolveGoal validates in and works out the owner; it does not decide permissions.
// keep holds the priority and value the goal already links to: they may stay once retired.
func (s *Store) resolveGoal(ctx context.Context, tx *sql.Tx, in GoalInput, keep *Goal) (*Goal, parentInfo, *ValidationError) {
	verr := &ValidationError{}
	var parent parentInfo
	g := &Goal{Description: strings.TrimSpace(in.Description),
		Perspective: in.Perspective, Unit: strings.TrimSpace(in.Unit),
		Direction: in.Direction, State: GoalActive}
	g.Title, g.TitleZH = bilingualTitle(verr, "title", "title_zh", in.Title, in.TitleZH, 200)
	if checkText(verr, 0, "description", &g.Description) && len([]rune(g.Description)) > 4000 {
		verr.add(0, "description", "too_long", "4000")
	}
	if !containsString(Perspectives, g.Perspective) {
		verr.addChoice(0, "perspective", g.Perspective, Perspectives)
	}
	g.KPI, g.KPIZH = bilingualTitle(verr, "kpi", "kpi_zh", in.KPI, in.KPIZH, 100)
	if checkLine(verr, 0, "unit", g.Unit) && len([]rune(g.Unit)) > 30 {
		verr.add(0, "unit", "too_long", "30")
	}
	if !containsString(Directions, g.Direction) {
		verr.addChoice(0, "direction", g.Direction, Directions)
	}
	var okBase, okTarget bool
	g.Baseline, okBase = parseNumber(in.Baseline)
	if !okBase {
		verr.add(0, "baseline", "goal_invalid_number", in.Baseline)
	}
	g.Target, okTarget = parseNumber(in.Target)
	if !okTarget {
		verr.add(0, "target", "goal_invalid_number", in.Target)
	}
	if okBase && okTarget && containsString(Directions, g.Direction) {
		if (g.Direction == DirectionHigher && g.Target <= g.Baseline) || (g.Direction == DirectionLower && g.Target >= g.Baseline) {
			verr.add(0, "target", "goal_target_not_better", "")
		}
	}
	var okStart, okDue bool
	g.StartOn, okStart = checkDate(verr, 0, "start_on", in.StartOn, workDates, s.now())
	g.DueOn, okDue = checkDate(verr, 0, "due_on", in.DueOn, workDates, s.now())
	if okStart && okDue && !g.DueOn.After(g.StartOn) {
		verr.add(0, "due_on", "goal_due_before_start", "")
	}
	g.Weight = 1
	if w := strings.TrimSpace(in.Weight); w != "" {
		v, ok := parseNumber(w)
		if !ok || v <= 0 || v > 1000 {
			verr.add(0, "weight", "goal_invalid_weight", w)
		} else {
			g.Weight = v
		}
	}
	g.PriorityID = alignedID(ctx, tx, verr, "strategic_priorities", "priority_id", in.PriorityID, keep.PriorityID)
	g.ValueID = alignedID(ctx, tx, verr, "culture_values", "value_id", in.ValueID, keep.ValueID)
	// The owner decides the level.
	kind, rest, _ := strings.Cut(strings.TrimSpace(in.Owner), ":")
	switch kind {
	case LevelCompany:
		g.Level = LevelCompany
	case LevelDepartment:
		g.Level, g.Department = LevelDepartment, rest
		var n int
		tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE department = ?", rest).Scan(&n)
		if rest == "" || n == 0 {
			verr.add(0, "owner", "invalid_choice", in.Owner)
		}
	case LevelTeam:
		dept, team, _ := strings.Cut(rest, "|")
		g.Level, g.Department, g.Team = LevelTeam, dept, team
		var n int
		tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE department = ? AND team = ?", dept, team).Scan(&n)
		if team == "" || n == 0 {
			verr.add(0, "owner", "invalid_choice", in.Owner)
		}
	case LevelPerson:
		g.Level = LevelPerson
		err := tx.QueryRowContext(ctx, "SELECT id, name, employee_id FROM people WHERE employee_id = ?", rest).
			Scan(&g.OwnerID, &g.OwnerName, &g.OwnerEID)
		if err != nil {
			verr.add(0, "owner", "invalid_choice", in.Owner)
		}
	default:
		if strings.TrimSpace(in.Owner) == "" {
			verr.add(0, "owner", "required", "")
		} else {
			verr.add(0, "owner", "invalid_choice", in.Owner)
		}
	}
	if p := strings.TrimSpace(in.ParentID); p != "" {
		id, _ := strconv.ParseInt(p, 10, 64)
		var level, state, dept, team string
		err := tx.QueryRowContext(ctx, "SELECT level, state, department, team FROM goals WHERE id = ?", id).Scan(&level, &state, &dept, &team)
		switch {
		case err != nil || state != GoalActive:
			verr.add(0, "parent_id", "invalid_choice", p)
		case g.Level != "" && levelRank(level) >= levelRank(g.Level):
			verr.add(0, "parent_id", "goal_parent_level", "")
		default:
			g.ParentID = id
			parent = parentInfo{level: level, unit: teamKey(dept, team), kept: id == keep.ParentID,
				goal: &Goal{ID: id, Level: level, State: state, Department: dept, Team: team}}
		}
	}
	return g, parent, verr
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// authoriseGoal decides whether actor may save g: a goal they manage is active at once; a
// personal goal of their own they do not manage is a proposal, which must sit under a goal
// of their own team. Anything else is forbidden.
func authoriseGoal(sc GoalScope, g *Goal, parent parentInfo, verr *ValidationError) error {
	if _, bad := verr.FieldProblem("owner"); bad || g.Level == "" {
		return verr.orNil()
	}
	if sc.CanManage(g) {
		g.State = GoalActive
		if parent.goal != nil && !parent.kept && !sc.MayAttachUnder(parent.goal) {
			verr.add(0, "parent_id", "goal_parent_not_allowed", "")
		}
		return verr.orNil()
	}
	if g.Level != LevelPerson || g.OwnerID != sc.Me.ID {
		return ErrGoalForbidden
	}
	g.State = GoalProposed
	if _, bad := verr.FieldProblem("parent_id"); !bad {
		if g.ParentID == 0 || parent.level != LevelTeam || parent.unit != teamKey(sc.Me.Department, sc.Me.Team) {
			verr.add(0, "parent_id", "goal_parent_team_required", "")
		}
	}
	return verr.orNil()
}

// CreateGoal saves a new goal for actor and returns its ID. Goals actor manages are
// active at once; a personal goal proposed by its owner waits for their manager, who is told.
func (s *Store) CreateGoal(ctx context.Context, actor Person, in GoalInput) (int64, error) {
	sc, err := s.GoalScopeFor(ctx, actor)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		g, parent, verr := s.resolveGoal(ctx, tx, in, &Goal{})
		if err := authoriseGoal(sc, g, parent, verr); err != nil {
			return err
		}
		now := s.timestamp()
		if err := tx.QueryRowContext(ctx, `INSERT INTO goals (title, title_zh, description, perspective, kpi, kpi_zh, unit, direction, baseline, target,
			start_on, due_on, level, department, team, owner_id, parent_id, priority_id, value_id, weight, state, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			g.Title, g.TitleZH, g.Description, g.Perspective, g.KPI, g.KPIZH, g.Unit, g.Direction, g.Baseline, g.Target,
			g.StartOn.Format(DateLayout), g.DueOn.Format(DateLayout), g.Level, g.Department, g.Team,
			nullID(g.OwnerID), nullID(g.ParentID), nullID(g.PriorityID), nullID(g.ValueID), g.Weight, g.State, nullID(actor.ID), now, now).Scan(&id); err != nil {
			return fmt.Errorf("store: create goal: %w", err)
		}
		if err := refreshGoalUp(ctx, tx, id); err != nil {
			return err
		}
		if g.State == GoalProposed {
			return s.recordAndNotify(ctx, tx, Event{Key: EventGoalPropose, Actor: actor.ID, Subject: Ref{RefGoal, id}}, actor.ManagerID)
		}
		_, err = s.record(ctx, tx, Event{Key: EventGoalCreate, Actor: actor.ID, Subject: Ref{RefGoal, id}})
		return err
	})
	return id, err
}

// UpdateGoal changes a goal. The owner stays (and so the level); whoever may edit the goal
// may change the rest. A proposal edited by its owner stays a proposal.
func (s *Store) UpdateGoal(ctx context.Context, actor Person, id int64, in GoalInput) error {
	sc, err := s.GoalScopeFor(ctx, actor)
	if err != nil {
		return err
	}
	old, err := s.goalByID(ctx, id)
	if err != nil {
		return err
	}
	if !sc.CanSee(old) {
		return ErrNotFound
	}
	if !sc.CanEdit(old) {
		return ErrGoalForbidden
	}
	in.Owner = old.OwnerValue()
	return s.inTx(ctx, func(tx *sql.Tx) error {
		g, parent, verr := s.resolveGoal(ctx, tx, in, old)
		if g.ParentID == id {
			verr.add(0, "parent_id", "goal_parent_level", "")
		}
		if err := authoriseGoal(sc, g, parent, verr); err != nil {
			return err
		}
		if old.State == GoalProposed {
			g.State = GoalProposed
		}
		_, err := tx.ExecContext(ctx, `UPDATE goals SET title = ?, title_zh = ?, description = ?, perspective = ?, kpi = ?, kpi_zh = ?, unit = ?, direction = ?,
			baseline = ?, target = ?, start_on = ?, due_on = ?, parent_id = ?, priority_id = ?, value_id = ?, weight = ?, state = ?, updated_at = ?
			WHERE id = ?`,
			g.Title, g.TitleZH, g.Description, g.Perspective, g.KPI, g.KPIZH, g.Unit, g.Direction, g.Baseline, g.Target,
			g.StartOn.Format(DateLayout), g.DueOn.Format(DateLayout), nullID(g.ParentID), nullID(g.PriorityID), nullID(g.ValueID), g.Weight,
			g.State, s.timestamp(), id)
		if err != nil {
			return fmt.Errorf("store: update goal: %w", err)
		}
		// The goal's own figures and weight reach the goals above it; a goal moved to another
		// parent leaves its old parent's roll-up too.
		if err := refreshGoalUp(ctx, tx, id); err != nil {
			return err
		}
		if old.ParentID != g.ParentID {
			if err := refreshGoalUp(ctx, tx, old.ParentID); err != nil {
				return err
			}
		}
		if _, err = s.record(ctx, tx, Event{Key: EventGoalUpdate, Actor: actor.ID, Subject: Ref{RefGoal, id}}); err != nil {
			return err
		}
		if old.Returned() && actor.ID == old.OwnerID { // changed as asked: proposed again
			return s.reproposeGoal(ctx, tx, actor, id)
		}
		return nil
	})
}

// reproposeGoal puts a returned proposal its owner has changed back in the approvers' queue
// and tells the owner's manager, as a new proposal does.
func (s *Store) reproposeGoal(ctx context.Context, tx *sql.Tx, owner Person, id int64) error {
	if _, err := tx.ExecContext(ctx, "UPDATE goals SET returned_at = NULL, returned_by = NULL, return_note = '' WHERE id = ?", id); err != nil {
		return fmt.Errorf("store: re-propose goal: %w", err)
	}
	return s.recordAndNotify(ctx, tx, Event{Key: EventGoalPropose, Actor: owner.ID, Subject: Ref{RefGoal, id}}, owner.ManagerID)
}

// ApproveGoal makes a proposed personal goal active; only someone who manages it may.
func (s *Store) ApproveGoal(ctx context.Context, actor Person, id int64) error {
	sc, err := s.GoalScopeFor(ctx, actor)
	if err != nil {
		return err
	}
	g, err := s.goalByID(ctx, id)
	if err != nil {
		return err
	}
	if !sc.CanSee(g) {
		return ErrNotFound
	}
	if !sc.CanManage(g) || g.State != GoalProposed || g.Returned() { // a returned goal waits for its owner
		return ErrGoalForbidden
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE goals SET state = ?, updated_at = ? WHERE id = ?", GoalActive, s.timestamp(), id); err != nil {
			return fmt.Errorf("store: approve goal: %w", err)
		}
		if err := refreshGoalUp(ctx, tx, id); err != nil { // now counts in its parent's roll-up
			return err
		}
		return s.recordAndNotify(ctx, tx, Event{Key: EventGoalApprove, Actor: actor.ID, Subject: Ref{RefGoal, id}}, g.OwnerID)
	})
}

// MaxReturnNote is the longest note a manager may return a proposal with, in characters.
const MaxReturnNote = 500

// ReturnGoal sends a proposed goal back to its owner with a note, for whoever may approve
// it. It stays a proposal but reads as returned (Goal.Returned): out of approvers' queues,
// in its owner's inbox with the note, until the owner edits it (UpdateGoal re-proposes it).
func (s *Store) ReturnGoal(ctx context.Context, actor Person, id int64, note string) error {
	sc, err := s.GoalScopeFor(ctx, actor)
	if err != nil {
		return err
	}
	g, err := s.goalByID(ctx, id)
	if err != nil {
		return err
	}
	if !sc.CanSee(g) {
		return ErrNotFound
	}
	if !sc.CanManage(g) || g.State != GoalProposed || g.Returned() {
		return ErrGoalForbidden
	}
	note = strings.TrimSpace(note)
	verr := &ValidationError{}
	switch {
	case note == "":
		verr.add(0, "note", "required", "")
	case utf8.RuneCountInString(note) > MaxReturnNote:
		verr.add(0, "note", "too_long", strconv.Itoa(MaxReturnNote))
	}
	if err := verr.orNil(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		if _, err := tx.ExecContext(ctx, "UPDATE goals SET returned_at = ?, returned_by = ?, return_note = ?, updated_at = ? WHERE id = ?",
			now, actor.ID, note, now, id); err != nil {
			return fmt.Errorf("store: return goal: %w", err)
		}
		e := Event{Key: EventGoalReturn, Actor: actor.ID, Subject: Ref{RefGoal, id}, Args: []Arg{Plain(note)}}
		return s.recordAndNotify(ctx, tx, e, g.OwnerID)
	})
}

// CheckInInput is the check-in form as typed.
type CheckInInput struct {
	Value   string
	OnDate  string
	Comment string
}

// AddCheckIn records the current value of a goal's KPI. The owner of a personal goal,
// anyone above them and whoever manages the goal may; the date may not be in the future.
func (s *Store) AddCheckIn(ctx context.Context, actor Person, goalID int64, in CheckInInput) error {
	sc, err := s.GoalScopeFor(ctx, actor)
	if err != nil {
		return err
	}
	g, err := s.goalByID(ctx, goalID)
	if err != nil {
		return err
	}
	if !sc.CanSee(g) {
		return ErrNotFound
	}
	if !sc.CanCheckIn(g) {
		return ErrGoalForbidden
	}
	verr := &ValidationError{}
	value, ok := parseNumber(in.Value)
	if !ok {
		if strings.TrimSpace(in.Value) == "" {
			verr.add(0, "value", "required", "")
		} else {
			verr.add(0, "value", "goal_invalid_number", in.Value)
		}
	}
	on := Day(s.now())
	if d := strings.TrimSpace(in.OnDate); d != "" {
		t, ok := checkDate(verr, 0, "on_date", d, workDates, on)
		switch {
		case !ok: // reported
		case t.After(on):
			verr.add(0, "on_date", "goal_date_in_future", "")
		default:
			on = t
		}
	}
	comment := strings.TrimSpace(in.Comment)
	if checkText(verr, 0, "comment", &comment) && len([]rune(comment)) > 1000 {
		verr.add(0, "comment", "too_long", "1000")
	}
	if err := verr.orNil(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		before, err := goalChainStatus(ctx, tx, goalID, s.now())
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO goal_checkins (goal_id, value, comment, on_date, by_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			goalID, value, comment, on.Format(DateLayout), nullID(actor.ID), s.timestamp())
		if err != nil {
			return fmt.Errorf("store: check in: %w", err)
		}
		if err := refreshGoalUp(ctx, tx, goalID); err != nil {
			return err
		}
		return s.recordGoalsTurnedAtRisk(ctx, tx, actor.ID, goalID, before)
	})
}

// GoalOwnerOption is one owner the goal form offers.
type GoalOwnerOption struct {
	Value string // as GoalInput.Owner
	Level string
	Label string // the department, "department / team" or the person's name
	// Department and Team name the unit, so the form can show it in the reader's language.
	Department, Team string
}

// MayPickOwners says whether sc's person may give a personal goal to someone else (a leader
// or admin: anyone active; a manager: their reports), so the form offers a person picker.
func (sc GoalScope) MayPickOwners() bool {
	return sc.All || ReachOf(sc.Me, ActionManageGoals) == ReachBelow
}

// MayOwn says whether sc's person may set person id as a goal's owner.
func (sc GoalScope) MayOwn(id int64) bool {
	return id == sc.Me.ID || sc.All || (ReachOf(sc.Me, ActionManageGoals) == ReachBelow && sc.Reports[id])
}

// GoalOwnerOptions lists the units sc's person may choose as owners (everything they manage)
// and themselves (a proposal when they do not manage their own goals).
func (s *Store) GoalOwnerOptions(ctx context.Context, sc GoalScope) ([]GoalOwnerOption, error) {
	var out []GoalOwnerOption
	if sc.All {
		out = append(out, GoalOwnerOption{Value: LevelCompany, Level: LevelCompany})
	}
	today := Day(s.now()).Format(DateLayout)
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT department, team FROM people
		WHERE department != '' AND (left_on IS NULL OR left_on > ?) ORDER BY department, team`, today)
	if err != nil {
		return nil, fmt.Errorf("store: goal owners: %w", err)
	}
	var depts []string
	var teams [][2]string
	for rows.Next() {
		var d, t string
		if err := rows.Scan(&d, &t); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: goal owners: %w", err)
		}
		if len(depts) == 0 || depts[len(depts)-1] != d {
			depts = append(depts, d)
		}
		if t != "" {
			teams = append(teams, [2]string{d, t})
		}
	}
	rows.Close()
	for _, d := range depts {
		if sc.All || sc.Departments[d] {
			out = append(out, GoalOwnerOption{Value: "department:" + d, Level: LevelDepartment, Label: d, Department: d})
		}
	}
	for _, t := range teams {
		if sc.All || sc.Teams[teamKey(t[0], t[1])] {
			out = append(out, GoalOwnerOption{Value: "team:" + teamKey(t[0], t[1]), Level: LevelTeam, Label: t[0] + " / " + t[1], Department: t[0], Team: t[1]})
		}
	}
	// Other people are chosen with the person picker (MayPickOwners): an organisation has too
	// many to list here.
	out = append(out, GoalOwnerOption{Value: "person:" + sc.Me.EmployeeID, Level: LevelPerson, Label: sc.Me.Name})
	return out, nil
}
