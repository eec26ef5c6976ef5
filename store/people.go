package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Tiers are the reporting tiers of the 80% check.
const (
	TierFrontLine     = "front_line"
	TierMiddleManager = "middle_manager"
	TierSeniorLeader  = "senior_leader"
)

// Roles are permissions.
const (
	RoleEmployee = "employee"
	RoleManager  = "manager"
	RoleLeader   = "leader"
	RoleAdmin    = "admin"
)

// Employment types.
const (
	EmploymentPermanent  = "permanent"
	EmploymentTemporary  = "temporary"
	EmploymentContractor = "contractor"
)

// Tiers, Roles, EmploymentTypes and Languages list the allowed values in display order.
var (
	Tiers           = []string{TierFrontLine, TierMiddleManager, TierSeniorLeader}
	Roles           = []string{RoleEmployee, RoleManager, RoleLeader, RoleAdmin}
	EmploymentTypes = []string{EmploymentPermanent, EmploymentTemporary, EmploymentContractor}
	Languages       = []string{LangEN, LangZH, LangHant}
)

// DateLayout is how dates are stored and exchanged (CSV, API, forms).
const DateLayout = "2006-01-02"

// Person is one member of the organisation. Tenure and "long-term" are derived, never stored.
type Person struct {
	ID                int64
	EmployeeID        string
	Email             string
	Name              string
	Title             string
	Department        string
	Team              string
	TitleZH           string // the Chinese job title ("" when none)
	DepartmentZH      string // the department's and team's Chinese names (org_unit_names)
	TeamZH            string
	ManagerID         int64 // 0: reports to nobody
	ManagerEmployeeID string
	ManagerName       string
	Tier              string
	Role              string
	EmploymentType    string
	HiredOn           time.Time
	LeftOn            time.Time // zero: still employed
	Language          string    // "" means: follow the browser
	HasPassword       bool
	// SessionEpoch is raised (by triggers, migration 0010) when a new password, a role with
	// fewer rights or a leaving date must end the person's sessions.
	SessionEpoch int64
	// MustChangePassword is set by an administrator's reset: the password is temporary and
	// the person chooses their own before using any page (migration 0016).
	MustChangePassword bool
}

// TitleIn, DepartmentIn and TeamIn name the job title and units in lang, falling back to
// the other language: every page shows them through these.
func (p Person) TitleIn(lang string) string      { return pick(lang, p.Title, p.TitleZH) }
func (p Person) DepartmentIn(lang string) string { return pick(lang, p.Department, p.DepartmentZH) }
func (p Person) TeamIn(lang string) string       { return pick(lang, p.Team, p.TeamZH) }

// ActiveOn tells whether the person is employed on the given day.
func (p Person) ActiveOn(day time.Time) bool {
	return p.LeftOn.IsZero() || Day(p.LeftOn).After(Day(day))
}

// TenureDays is the number of whole days from the hire date to day (0 before hire).
func (p Person) TenureDays(day time.Time) int {
	d := int(Day(day).Sub(Day(p.HiredOn)).Hours() / 24)
	if d < 0 {
		return 0
	}
	return d
}

// IsLongTerm applies the default long-term rule (permanent, at least 90 days' tenure).
// Strategy checks carry their own rule; this is the one the profile shows.
func (p Person) IsLongTerm(day time.Time) bool {
	return p.EmploymentType == EmploymentPermanent && p.TenureDays(day) >= 90 && p.ActiveOn(day)
}

// Day truncates t to its calendar date in UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate parses a YYYY-MM-DD date.
func ParseDate(s string) (time.Time, error) {
	return time.Parse(DateLayout, strings.TrimSpace(s))
}

func formatDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(DateLayout)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const personColumns = `p.id, p.employee_id, COALESCE(p.email, ''), p.name, p.title, p.department, p.team,
	COALESCE(p.manager_id, 0), COALESCE(m.employee_id, ''), COALESCE(m.name, ''),
	p.tier, p.role, p.employment_type, p.hired_on, COALESCE(p.left_on, ''), p.language, p.password_hash != '', p.session_epoch, p.must_change_password,
	p.title_zh, COALESCE(ud.name_zh, ''), COALESCE(ut.name_zh, '')`

const personFrom = ` FROM people p` + personJoins

// personJoins brings personColumns' manager and Chinese unit names to people p.
const personJoins = ` LEFT JOIN people m ON m.id = p.manager_id
	LEFT JOIN org_unit_names ud ON ud.kind = 'department' AND ud.name = p.department
	LEFT JOIN org_unit_names ut ON ut.kind = 'team' AND ut.name = p.team `

type scanner interface{ Scan(dest ...any) error }

func scanPerson(row scanner) (Person, error) {
	var p Person
	var hired, left string
	err := row.Scan(&p.ID, &p.EmployeeID, &p.Email, &p.Name, &p.Title, &p.Department, &p.Team,
		&p.ManagerID, &p.ManagerEmployeeID, &p.ManagerName,
		&p.Tier, &p.Role, &p.EmploymentType, &hired, &left, &p.Language, &p.HasPassword, &p.SessionEpoch, &p.MustChangePassword,
		&p.TitleZH, &p.DepartmentZH, &p.TeamZH)
	if err != nil {
		return p, err
	}
	p.HiredOn, _ = ParseDate(hired)
	if left != "" {
		p.LeftOn, _ = ParseDate(left)
	}
	return p, nil
}

// PersonByID returns one person.
func (s *Store) PersonByID(ctx context.Context, id int64) (Person, error) {
	return s.personWhere(ctx, "p.id = ?", id)
}

// SignedInPerson is PersonByID for the person a request is signed in as. A reading request
// (one with a read memo, every GET) reads in the same statement what the page's header asks
// next — the person's own and team numbers (ownInboxVersionSQL, teamInboxVersionSQL: whether
// their kept inbox items and cards still hold) and their unread notifications (unreadSQL) —
// and keeps the answers for the request: one statement where there were four, on every page.
// Read first thing, the numbers are older than anything kept under them in the request.
func (s *Store) SignedInPerson(ctx context.Context, id int64) (Person, error) {
	if !HasReadMemo(ctx) {
		return s.PersonByID(ctx, id)
	}
	var own, team int64
	var unread int
	p, err := scanPerson(scanAlso{s.queryRow(ctx, sqlSignedInPerson, id), []any{&own, &team, &unread}})
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: person: %w", err)
	}
	remember(ctx, memoQuestion{what: ownInboxVersionSQL, a: id}, own)
	remember(ctx, memoQuestion{what: teamInboxVersionSQL, a: id}, team)
	remember(ctx, memoQuestion{what: unreadSQL, a: id}, unread)
	return p, nil
}

// scanAlso scans a row's first columns as its caller asks and the rest into also.
type scanAlso struct {
	row  scanner
	also []any
}

func (s scanAlso) Scan(dest ...any) error { return s.row.Scan(append(dest, s.also...)...) }

// PersonByEmployeeID returns one person by employee ID.
func (s *Store) PersonByEmployeeID(ctx context.Context, employeeID string) (Person, error) {
	return s.personWhere(ctx, "p.employee_id = ?", employeeID)
}

func (s *Store) personWhere(ctx context.Context, where string, arg any) (Person, error) {
	row := s.queryRow(ctx, "SELECT "+personColumns+personFrom+"WHERE "+where, arg)
	p, err := scanPerson(row)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: person: %w", err)
	}
	return p, nil
}

// PeopleFilter narrows the directory.
type PeopleFilter struct {
	Query      string // matches name, employee ID, title or email
	Department string
	Team       string
	Active     string // "" or "active": employed today; "left": has left; "all"
	ManagerID  int64  // direct reports of this person
	Limit      int
	Offset     int
}

// ListPeople returns people matching the filter, ordered by name, and the total count.
// The directory pages with Directory instead (keyset, no count over the organisation).
func (s *Store) ListPeople(ctx context.Context, f PeopleFilter) ([]Person, int, error) {
	total, err := s.countPeople(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	people, err := s.listPeople(ctx, f)
	return people, total, err
}

// DirectReports lists up to limit (at most 1,000) of the manager's direct reports employed
// today, by name.
func (s *Store) DirectReports(ctx context.Context, managerID int64, limit int) ([]Person, error) {
	return s.listPeople(ctx, PeopleFilter{ManagerID: managerID, Limit: limit})
}

// CountDirectReports counts the manager's direct reports employed today.
func (s *Store) CountDirectReports(ctx context.Context, managerID int64) (int, error) {
	return s.countPeople(ctx, PeopleFilter{ManagerID: managerID})
}

func (s *Store) countPeople(ctx context.Context, f PeopleFilter) (int, error) {
	where, args := s.peopleWhere(f)
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM people p WHERE "+where, args...).Scan(&total); err != nil {
		return 0, fmt.Errorf("store: count people: %w", err)
	}
	return total, nil
}

func (s *Store) listPeople(ctx context.Context, f PeopleFilter) ([]Person, error) {
	where, args := s.peopleWhere(f)
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 50
	}
	// The limit is in the text, not bound: SQLite compiles a statement again whenever a bound
	// limit changes (a profile's 200 reports, a goal form's 500).
	rows, err := s.db.QueryContext(ctx, "SELECT "+personColumns+personFrom+"WHERE "+where+
		fmt.Sprintf(" ORDER BY p.name, p.employee_id LIMIT %d OFFSET ?", limit), append(args, f.Offset)...)
	if err != nil {
		return nil, fmt.Errorf("store: list people: %w", err)
	}
	defer rows.Close()
	var people []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list people: %w", err)
		}
		people = append(people, p)
	}
	return people, rows.Err()
}

// peopleWhere is the condition (on people p) and its arguments selecting the people f names;
// a query goes through the search index (store/search.go).
func (s *Store) peopleWhere(f PeopleFilter) (string, []any) {
	where := "1=1"
	var args []any
	if sq, ok := newSearchQuery(f.Query); ok {
		cand, candArgs := s.searchCand(sq)
		where += " AND p.id IN (" + cand + ")"
		args = append(args, candArgs...)
	}
	more, moreArgs := s.peopleFilterWhere(f, "p.left_on")
	return where + more, append(args, moreArgs...)
}

// peopleFilterWhere is f's conditions but the query, each starting " AND ", with whether the
// person has left read from the column leftOn (people's, or people_search_keys' copy).
func (s *Store) peopleFilterWhere(f PeopleFilter, leftOn string) (string, []any) {
	var where []string
	var args []any
	if f.Department != "" {
		where = append(where, "p.department = ?")
		args = append(args, f.Department)
	}
	if f.Team != "" {
		where = append(where, "p.team = ?")
		args = append(args, f.Team)
	}
	if f.ManagerID != 0 {
		where = append(where, "p.manager_id = ?")
		args = append(args, f.ManagerID)
	}
	today := Day(s.now()).Format(DateLayout)
	switch f.Active {
	case "", "active":
		where = append(where, "("+leftOn+" IS NULL OR "+leftOn+" > ?)")
		args = append(args, today)
	case "left":
		where = append(where, leftOn+" IS NOT NULL AND "+leftOn+" <= ?")
		args = append(args, today)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(where, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Departments lists the distinct departments (kept a while: orglists.go).
func (s *Store) Departments(ctx context.Context) ([]string, error) {
	// A loose index scan: one index seek per department instead of reading every person's
	// entry (100,000 of them on each board and directory view).
	return s.keptList(orgListKey{kind: "departments"}, func() ([]string, error) {
		return s.distinct(ctx, `WITH RECURSIVE d(v) AS (
			SELECT (SELECT min(department) FROM people WHERE department > '')
			UNION ALL SELECT (SELECT min(department) FROM people WHERE department > d.v) FROM d WHERE d.v IS NOT NULL)
			SELECT v FROM d WHERE v IS NOT NULL`)
	})
}

// allTeamsSQL lists the organisation's distinct teams in name order, one seek per team
// (a loose index scan of people_team); a LIMIT stops the walk.
const allTeamsSQL = `WITH RECURSIVE t(v) AS (
	SELECT (SELECT min(team) FROM people WHERE team > '')
	UNION ALL SELECT (SELECT min(team) FROM people WHERE team > t.v) FROM t WHERE t.v IS NOT NULL)
	SELECT v FROM t WHERE v IS NOT NULL`

// Teams lists the distinct teams, optionally within a department (kept a while: orglists.go).
func (s *Store) Teams(ctx context.Context, department string) ([]string, error) {
	// Loose index scans, as for Departments (people_team, people_department_team).
	return s.keptList(orgListKey{kind: "teams", department: department}, func() ([]string, error) {
		if department == "" {
			return s.distinct(ctx, allTeamsSQL)
		}
		return s.distinct(ctx, `WITH RECURSIVE t(v) AS (
			SELECT (SELECT min(team) FROM people WHERE department = ?1 AND team > '')
			UNION ALL SELECT (SELECT min(team) FROM people WHERE department = ?1 AND team > t.v) FROM t WHERE t.v IS NOT NULL)
			SELECT v FROM t WHERE v IS NOT NULL`, department)
	})
}

// TeamsUpTo lists the organisation's first n distinct teams in name order: enough to tell
// whether the whole list is short enough to show, at n index seeks, not one per team.
func (s *Store) TeamsUpTo(ctx context.Context, n int) ([]string, error) {
	return s.keptList(orgListKey{kind: "teams-up-to", n: n}, func() ([]string, error) {
		return s.distinct(ctx, allTeamsSQL+" LIMIT ?", n)
	})
}

func (s *Store) distinct(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: distinct: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// CountPeople counts everybody ever recorded (used to tell an empty database).
func (s *Store) CountPeople(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM people").Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count people: %w", err)
	}
	return n, nil
}

// SetLanguage stores a person's preferred language ("" follows the browser).
func (s *Store) SetLanguage(ctx context.Context, personID int64, lang string) error {
	_, err := s.db.ExecContext(ctx, "UPDATE people SET language = ?, updated_at = ? WHERE id = ?",
		lang, s.timestamp(), personID)
	if err != nil {
		return fmt.Errorf("store: set language: %w", err)
	}
	return nil
}

func (s *Store) timestamp() string { return s.now().UTC().Format(time.RFC3339) }

// CountActivePeople counts people employed today.
func (s *Store) CountActivePeople(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE left_on IS NULL OR left_on > ?",
		Day(s.now()).Format(DateLayout)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count active people: %w", err)
	}
	return n, nil
}
