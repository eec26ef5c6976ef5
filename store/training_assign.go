package store

// Assignment rules and assignments. A rule assigns a course to everyone it matches when
// it is created, and to every person created or changed afterwards who matches it (from
// the admin form, the HR import or the API, through afterPeopleWritten).

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Assignment rule kinds.
const (
	RuleNewHires   = "new_hires"
	RuleDepartment = "department"
	RuleTeam       = "team"
	RuleTier       = "tier"
	RulePeople     = "people"
)

// RuleKinds lists the kinds in display order.
var RuleKinds = []string{RuleNewHires, RuleDepartment, RuleTeam, RuleTier, RulePeople}

// DefaultOnboardingDueDays is the default due time of the new-hire rule: 14 days after hire.
const DefaultOnboardingDueDays = 14

// AssignmentRule assigns a course to the people it matches.
type AssignmentRule struct {
	ID            int64
	CourseID      int64
	CourseTitle   string // English title of the published (or draft) revision
	CourseTitleZH string
	Kind          string
	Value         string
	DueDays       int
	DueOn         time.Time // zero: DueDays applies
	HiredSince    time.Time // new hires only
	PersonCount   int       // hand-picked people
	Assigned      int       // assignments this rule made
	CreatedAt     time.Time
}

// AssignmentRuleInput is a rule as written in the form. For new hires, DueDays counts from
// the hire date and HiredSince (default: today minus DueDays, i.e. everyone still inside the
// window) limits who counts as new. For groups and hand-picked people the due date is DueOn
// when given, else the assignment day plus DueDays.
type AssignmentRuleInput struct {
	CourseID    int64
	Kind        string
	Value       string
	DueDays     int
	DueOn       string
	HiredSince  string
	EmployeeIDs string // hand-picked: employee IDs separated by commas, spaces or lines
}

// CreateAssignmentRule validates and stores a rule and assigns the course to every active
// person it already matches, in one transaction. It returns the rule id and how many new
// assignments it made.
func (s *Store) CreateAssignmentRule(ctx context.Context, actorID int64, in AssignmentRuleInput) (int64, int, error) {
	var id int64
	var n int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, n, err = s.createAssignmentRule(ctx, tx, actorID, in)
		return err
	})
	return id, n, err
}

func (s *Store) createAssignmentRule(ctx context.Context, tx *sql.Tx, actorID int64, in AssignmentRuleInput) (int64, int, error) {
	in.Kind, in.Value = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Value)
	verr := &ValidationError{}
	var exists int
	tx.QueryRowContext(ctx, "SELECT count(*) FROM courses WHERE id = ?", in.CourseID).Scan(&exists)
	if exists == 0 {
		verr.add(0, "course_id", "required", "")
	}
	if !slices.Contains(RuleKinds, in.Kind) {
		verr.addChoice(0, "kind", in.Kind, RuleKinds)
	}
	if in.DueDays < 0 || in.DueDays > 3650 {
		verr.add(0, "due_days", "out_of_range", "0–3650")
	}
	var dueOn, hiredSince time.Time
	if strings.TrimSpace(in.DueOn) != "" {
		dueOn, _ = checkDate(verr, 0, "due_on", in.DueOn, workDates, s.now())
	}
	if strings.TrimSpace(in.HiredSince) != "" {
		hiredSince, _ = checkDate(verr, 0, "hired_since", in.HiredSince, lifeDates, s.now())
	}
	var people []int64
	switch in.Kind {
	case RuleNewHires:
		in.Value = ""
		dueOn = time.Time{}
		if hiredSince.IsZero() {
			hiredSince = Day(s.now()).AddDate(0, 0, -in.DueDays)
		}
	case RuleDepartment, RuleTeam:
		if in.Value == "" {
			verr.add(0, "value", "required", "")
		}
	case RuleTier:
		if !slices.Contains(Tiers, in.Value) {
			verr.addChoice(0, "value", in.Value, Tiers)
		}
	case RulePeople:
		in.Value = ""
		ids := strings.FieldsFunc(in.EmployeeIDs, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '，' })
		if len(ids) == 0 {
			verr.add(0, "employee_ids", "required", "")
		}
		for _, e := range ids {
			var id int64
			if err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = ?", e).Scan(&id); err != nil {
				verr.add(0, "employee_ids", "unknown_person", e)
				break
			}
			if !slices.Contains(people, id) {
				people = append(people, id)
			}
		}
	}
	if in.Kind != RuleNewHires {
		hiredSince = time.Time{}
	}
	if err := verr.orNil(); err != nil {
		return 0, 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO assignment_rules (course_id, kind, value, due_days, due_on, hired_since, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.CourseID, in.Kind, in.Value, in.DueDays, formatDate(dueOn),
		formatDate(hiredSince), nullID(actorID), s.timestamp()).Scan(&id); err != nil {
		return 0, 0, fmt.Errorf("store: create rule: %w", err)
	}
	for _, p := range people {
		if _, err := tx.ExecContext(ctx, "INSERT INTO assignment_rule_people (rule_id, person_id) VALUES (?, ?)", id, p); err != nil {
			return 0, 0, fmt.Errorf("store: create rule: %w", err)
		}
	}
	who := Code("training.rule.", in.Kind)
	if in.Value != "" {
		who = List(who, Plain(in.Value))
	}
	if _, err := s.record(ctx, tx, Event{Key: EventRuleCreate, Actor: actorID, Subject: Ref{RefCourse, in.CourseID},
		Args: []Arg{RefArg(RefRule, id), who}}); err != nil {
		return 0, 0, err
	}
	n, err := s.applyRule(ctx, tx, actorID, id, nil)
	return id, n, err
}

// applyRule assigns the rule's course to the active people it matches (only among
// personIDs when given) who do not have the course yet; it returns how many it assigned.
//
// The people assigned are told, one course.assigned event per due date (a new-hires rule
// gives each hiring day its own).
func (s *Store) applyRule(ctx context.Context, tx *sql.Tx, actorID, ruleID int64, personIDs []int64) (int, error) {
	var kind, value string
	var courseID int64
	var dueDays int
	var dueOn, hiredSince sql.NullString
	if err := tx.QueryRowContext(ctx, "SELECT course_id, kind, value, due_days, due_on, hired_since FROM assignment_rules WHERE id = ? AND retired_at IS NULL",
		ruleID).Scan(&courseID, &kind, &value, &dueDays, &dueOn, &hiredSince); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, nil
		}
		return 0, fmt.Errorf("store: apply rule: %w", err)
	}
	today := Day(s.now()).Format(DateLayout)
	// Arguments follow the placeholders: rule, time, due…, today, match…, people….
	days := fmt.Sprintf("+%d days", dueDays) // a date modifier both engines read
	due := "COALESCE(?, date(?, ?))"
	dueArgs := []any{nullString(dueOn.String), today, days}
	var match string
	var matchArgs []any
	switch kind {
	case RuleNewHires:
		due = "date(p.hired_on, ?)"
		dueArgs = []any{days}
		match, matchArgs = "p.hired_on >= ?", []any{hiredSince.String}
	case RuleDepartment:
		match, matchArgs = "p.department = ?", []any{value}
	case RuleTeam:
		match, matchArgs = "p.team = ?", []any{value}
	case RuleTier:
		match, matchArgs = "p.tier = ?", []any{value}
	case RulePeople:
		match, matchArgs = "p.id IN (SELECT person_id FROM assignment_rule_people WHERE rule_id = ?)", []any{ruleID}
	default:
		return 0, nil
	}
	args := append([]any{courseID, ruleID, s.timestamp()}, dueArgs...)
	args = append(append(args, today), matchArgs...)
	q := `INSERT INTO assignments (person_id, course_id, rule_id, assigned_at, due_on)
		SELECT p.id, ?, ?, ?, ` + due + ` FROM people p
		WHERE (p.left_on IS NULL OR p.left_on > ?) AND ` + match
	if personIDs != nil {
		q += " AND p.id IN (" + placeholders(len(personIDs)) + ")"
		for _, id := range personIDs {
			args = append(args, id)
		}
	}
	// In id order on both engines: PostgreSQL's scan follows the table's physical order, in
	// which an updated row has moved, and the demo's progress follows the assignments' ids.
	q += " ORDER BY p.id ON CONFLICT (person_id, course_id) DO NOTHING RETURNING person_id, due_on"
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store: apply rule: %w", err)
	}
	byDue := map[string][]int64{}
	var dues []string
	n := 0
	for rows.Next() {
		var pid int64
		var due sql.NullString
		if err := rows.Scan(&pid, &due); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: apply rule: %w", err)
		}
		if _, ok := byDue[due.String]; !ok {
			dues = append(dues, due.String)
		}
		byDue[due.String] = append(byDue[due.String], pid)
		n++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: apply rule: %w", err)
	}
	for _, due := range dues {
		args := []Arg{Msg("event.no_due_date")}
		if d, err := ParseDate(due); err == nil {
			args = []Arg{DateArg(d)}
		}
		e := Event{Key: EventCourseAssigned, Actor: actorID, Subject: Ref{RefCourse, courseID}, Args: args}
		if err := s.recordAndNotify(ctx, tx, e, byDue[due]...); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// applyRulesTo applies every active rule to the given people (new or changed people).
func (s *Store) applyRulesTo(ctx context.Context, tx *sql.Tx, actorID int64, personIDs []int64) error {
	if len(personIDs) == 0 {
		return nil
	}
	rules, err := ids(ctx, tx, "SELECT id FROM assignment_rules WHERE retired_at IS NULL ORDER BY id")
	if err != nil {
		return err
	}
	for _, id := range rules {
		if _, err := s.applyRule(ctx, tx, actorID, id, personIDs); err != nil {
			return err
		}
	}
	return nil
}

// RetireAssignmentRule stops a rule from assigning anyone else; assignments stay.
func (s *Store) RetireAssignmentRule(ctx context.Context, actorID, ruleID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE assignment_rules SET retired_at = ? WHERE id = ? AND retired_at IS NULL", s.timestamp(), ruleID)
		if err != nil {
			return fmt.Errorf("store: retire rule: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		var courseID int64
		if err := tx.QueryRowContext(ctx, "SELECT course_id FROM assignment_rules WHERE id = ?", ruleID).Scan(&courseID); err != nil {
			return fmt.Errorf("store: retire rule: %w", err)
		}
		_, err = s.record(ctx, tx, Event{Key: EventRuleRetire, Actor: actorID, Subject: Ref{RefCourse, courseID}, Args: []Arg{RefArg(RefRule, ruleID)}})
		return err
	})
}

// ListAssignmentRules returns the active rules (of one course when courseID != 0).
func (s *Store) ListAssignmentRules(ctx context.Context, courseID int64) ([]AssignmentRule, error) {
	where := "ar.retired_at IS NULL"
	var args []any
	if courseID != 0 {
		where += " AND ar.course_id = ?"
		args = append(args, courseID)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT ar.id, ar.course_id, r.title_en, r.title_zh, ar.kind, ar.value, ar.due_days,
		COALESCE(ar.due_on, ''), COALESCE(ar.hired_since, ''),
		(SELECT count(*) FROM assignment_rule_people WHERE rule_id = ar.id), (SELECT count(*) FROM assignments WHERE rule_id = ar.id),
		ar.created_at
		FROM assignment_rules ar JOIN courses c ON c.id = ar.course_id
		JOIN course_revisions r ON r.id = COALESCE(c.published_revision_id, c.draft_revision_id)
		WHERE `+where+` ORDER BY ar.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list rules: %w", err)
	}
	defer rows.Close()
	var out []AssignmentRule
	for rows.Next() {
		var r AssignmentRule
		var dueOn, since, created string
		if err := rows.Scan(&r.ID, &r.CourseID, &r.CourseTitle, &r.CourseTitleZH, &r.Kind, &r.Value, &r.DueDays, &dueOn, &since,
			&r.PersonCount, &r.Assigned, &created); err != nil {
			return nil, fmt.Errorf("store: list rules: %w", err)
		}
		r.DueOn, _ = ParseDate(dueOn)
		r.HiredSince, _ = ParseDate(since)
		r.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Assignment is one course assigned to one person.
type Assignment struct {
	PersonID   int64
	CourseID   int64
	RuleID     int64
	AssignedAt time.Time
	DueOn      time.Time
}

// AssignmentsOf lists a person's assignments by due date.
func (s *Store) AssignmentsOf(ctx context.Context, personID int64) ([]Assignment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT person_id, course_id, COALESCE(rule_id, 0), assigned_at, due_on FROM assignments
		WHERE person_id = ? ORDER BY due_on, course_id`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: assignments: %w", err)
	}
	defer rows.Close()
	var out []Assignment
	for rows.Next() {
		var a Assignment
		var at, due string
		if err := rows.Scan(&a.PersonID, &a.CourseID, &a.RuleID, &at, &due); err != nil {
			return nil, fmt.Errorf("store: assignments: %w", err)
		}
		a.AssignedAt, _ = time.Parse(time.RFC3339, at)
		a.DueOn, _ = ParseDate(due)
		out = append(out, a)
	}
	return out, rows.Err()
}
