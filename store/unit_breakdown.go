package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Department → team drill-downs of the training matrix and the culture read report, built
// like the 80% report's (BreakdownQuery, SortGroups, BreakdownPageRows): the database groups
// people by department and team; Go adds up a few thousand groups, sorts and pages them.

// UnitRow is one department or team of a breakdown. GroupRow carries the figures the
// report's orders read: Eligible is what is counted (assignments, people), Understood what is
// done (courses passed, people who read), Needed how far behind the unit is (overdue
// assignments, people who have not read), so "furthest behind first" is SortNeeded.
type UnitRow struct {
	GroupRow
	People int // active people in the unit
}

// Done, Total and Behind name the figures for the pages.
func (u UnitRow) Done() int   { return u.Understood }
func (u UnitRow) Total() int  { return u.Eligible }
func (u UnitRow) Behind() int { return u.Needed }

// Rate is done ÷ total (0 when nothing is counted).
func (u UnitRow) Rate() float64 { return u.Counts.Rate() }

// UnitBreakdown is one page of a breakdown: the figures of the viewer's whole scope, of the
// department drilled into, and one sorted, searched page of departments or teams.
type UnitBreakdown struct {
	Overall    UnitRow
	Department UnitRow // BreakdownQuery.Department's figures
	Rows       []UnitRow
	RowsTotal  int // departments or teams matching, before paging
}

// unitCell is one (department, team) group as the database counted it.
type unitCell struct {
	department, team, departmentZH, teamZH string
	people, total, done, behind            int
}

func (u *UnitRow) add(c unitCell) {
	u.People += c.people
	u.Eligible += c.total
	u.Understood += c.done
	u.Needed += c.behind
}

// buildUnitBreakdown groups cells into the rows q asks for (departments, one department's
// teams, or teams whose name matches q.Search in either language), sorted and paged.
func buildUnitBreakdown(cells []unitCell, q BreakdownQuery) UnitBreakdown {
	b := UnitBreakdown{Department: UnitRow{GroupRow: GroupRow{Key: q.Department, Department: q.Department}}}
	search := strings.ToLower(strings.TrimSpace(q.Search))
	groups := map[string]*UnitRow{}
	for _, c := range cells {
		b.Overall.add(c)
		if q.Department != "" && c.department == q.Department {
			b.Department.add(c)
		}
		key, row := c.department, UnitRow{GroupRow: GroupRow{Key: c.department, Department: c.department}}
		if q.Teams() {
			if q.Department != "" && c.department != q.Department {
				continue
			}
			key = strings.TrimPrefix(c.department+" / "+c.team, " / ")
			if search != "" && !strings.Contains(strings.ToLower(key+"\x00"+c.teamZH+"\x00"+c.departmentZH), search) {
				continue
			}
			row = UnitRow{GroupRow: GroupRow{Key: key, Department: c.department, Team: c.team}}
		}
		g, ok := groups[key]
		if !ok {
			g = &row
			groups[key] = g
		}
		g.add(c)
	}
	// SortGroups orders the GroupRows; the people counts follow by key.
	rows := make([]GroupRow, 0, len(groups))
	for _, g := range groups {
		rows = append(rows, g.GroupRow)
	}
	SortGroups(rows, q.Sort, q.Reverse)
	b.RowsTotal = len(rows)
	page := max(q.Page, 1)
	from := min((page-1)*BreakdownPageRows, len(rows))
	for _, r := range rows[from:min(from+BreakdownPageRows, len(rows))] {
		b.Rows = append(b.Rows, *groups[r.Key])
	}
	return b
}

// unitScopeSQL is the viewer's reporting tree (?1): everyone below them, directly or not.
// Plain JOIN (not CROSS JOIN … ON) so PostgreSQL reads it too.
const unitScopeSQL = `WITH RECURSIVE scope(id) AS (
	SELECT id FROM people WHERE manager_id = ?1
	UNION SELECT p.id FROM scope JOIN people p ON p.manager_id = scope.id) `

// unitNamesSQL joins the units' Chinese names (for the search) onto people p.
const unitNamesSQL = ` LEFT JOIN org_unit_names ud ON ud.kind = 'department' AND ud.name = p.department
	LEFT JOIN org_unit_names ut ON ut.kind = 'team' AND ut.name = p.team `

func (s *Store) unitCells(ctx context.Context, query string, args ...any) ([]unitCell, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: breakdown: %w", err)
	}
	defer rows.Close()
	var out []unitCell
	for rows.Next() {
		var c unitCell
		var dzh, tzh sql.NullString
		if err := rows.Scan(&c.department, &c.team, &dzh, &tzh, &c.people, &c.total, &c.done, &c.behind); err != nil {
			return nil, fmt.Errorf("store: breakdown: %w", err)
		}
		c.departmentZH, c.teamZH = dzh.String, tzh.String
		out = append(out, c)
	}
	return out, rows.Err()
}

// TrainingBreakdownFilter narrows the training breakdown like the matrix's filters.
type TrainingBreakdownFilter struct {
	Tier     string
	CourseID int64 // 0: every published course
}

// TrainingBreakdown counts, per department or team of the people viewer may see (leaders
// and admins: everyone; managers: their reporting tree), the active people, their
// assignments of published courses, those passed and those overdue (due before today, not
// passed) — the completion matrix's totals, grouped by the database.
func (s *Store) TrainingBreakdown(ctx context.Context, viewer Person, f TrainingBreakdownFilter, q BreakdownQuery) (UnitBreakdown, error) {
	query := `SELECT p.department, p.team, ud.name_zh, ut.name_zh, count(DISTINCT p.id), count(a.id),
		COALESCE(sum(CASE WHEN cc.id IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN a.id IS NOT NULL AND cc.id IS NULL AND a.due_on < ?2 THEN 1 ELSE 0 END), 0)
		FROM people p` + unitNamesSQL + `
		LEFT JOIN assignments a ON a.person_id = p.id AND a.course_id IN (SELECT id FROM courses
			WHERE published_revision_id IS NOT NULL AND archived_at IS NULL AND (?4 = 0 OR id = ?4))
		LEFT JOIN course_completions cc ON cc.person_id = a.person_id AND cc.course_id = a.course_id
		WHERE (p.left_on IS NULL OR p.left_on > ?2) AND (?3 = '' OR p.tier = ?3)`
	if !MayAll(viewer, ActionSeeReports) {
		query = unitScopeSQL + query + " AND p.id IN (SELECT id FROM scope)"
	}
	query += " GROUP BY p.department, p.team, ud.name_zh, ut.name_zh"
	cells, err := s.unitCells(ctx, query, viewer.ID, Day(s.now()).Format(DateLayout), f.Tier, f.CourseID)
	if err != nil {
		return UnitBreakdown{}, err
	}
	return buildUnitBreakdown(cells, q), nil
}

// TrainingBreakdownOf is TrainingBreakdown for the viewer of matrix m, which CompletionMatrix
// built with filter f over the people the viewer may see. When f narrows by tier and course
// only, as the breakdown does, m holds exactly the breakdown's people (with their units'
// Chinese names, for a search) and their assignments, passes and overdue courses by the same
// rules, so its rows are added up instead of read again — the statement was a sixth of a
// manager's matrix page. Otherwise the database counts.
func (s *Store) TrainingBreakdownOf(ctx context.Context, viewer Person, m Matrix, f MatrixFilter, q BreakdownQuery) (UnitBreakdown, error) {
	if f.Department != "" || f.Team != "" || f.EmployeeID != "" || f.Status != "" {
		return s.TrainingBreakdown(ctx, viewer, TrainingBreakdownFilter{Tier: f.Tier, CourseID: f.CourseID}, q)
	}
	type unit struct{ department, team string }
	cells := map[unit]*unitCell{}
	for _, row := range m.Rows {
		u := unit{row.Person.Department, row.Person.Team}
		c := cells[u]
		if c == nil {
			c = &unitCell{department: u.department, team: u.team, departmentZH: row.Person.DepartmentZH, teamZH: row.Person.TeamZH}
			cells[u] = c
		}
		c.people++
		for _, cell := range row.Cells {
			if !cell.Assigned {
				continue
			}
			c.total++
			switch cell.Status {
			case StatusPassed:
				c.done++
			case StatusOverdue:
				c.behind++
			}
		}
	}
	list := make([]unitCell, 0, len(cells))
	for _, c := range cells {
		list = append(list, *c) // in any order: buildUnitBreakdown sorts what it groups
	}
	return buildUnitBreakdown(list, q), nil
}

// CultureBreakdown counts, per department or team of the whole organisation (the report's
// rates were always organisation-wide; names stay scoped), the people active today and
// those who acknowledged the current culture version; Needed is those who have not.
func (s *Store) CultureBreakdown(ctx context.Context, q BreakdownQuery) (UnitBreakdown, error) {
	query := `SELECT p.department, p.team, ud.name_zh, ut.name_zh, count(*), count(*),
		COALESCE(sum(CASE WHEN ca.person_id IS NOT NULL THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN ca.person_id IS NULL THEN 1 ELSE 0 END), 0)
		FROM people p` + unitNamesSQL + `
		LEFT JOIN culture_acknowledgements ca ON ca.person_id = p.id
			AND ca.version_id = (SELECT id FROM culture_versions ORDER BY number DESC LIMIT 1)
		WHERE (p.left_on IS NULL OR p.left_on > ?1)
		GROUP BY p.department, p.team, ud.name_zh, ut.name_zh`
	cells, err := s.unitCells(ctx, query, Day(s.now()).Format(DateLayout))
	if err != nil {
		return UnitBreakdown{}, err
	}
	return buildUnitBreakdown(cells, q), nil
}
