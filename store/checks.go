package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Check states.
const (
	CheckScheduled = "scheduled"
	CheckOpen      = "open"
	CheckClosed    = "closed"
)

// Check is one strategy-understanding check (the 80% check).
type Check struct {
	ID              int64
	Title           string // English; either title may be empty, not both
	TitleZH         string
	OpensOn         time.Time
	ClosesOn        time.Time
	TargetPct       int
	MinTenureDays   int
	EmploymentTypes []string
	PassMark        float64
	CultureVersion  int64 // 0: not recorded
	Retakes         int
	Status          string
	OpenedAt        time.Time
	ClosedAt        time.Time
	CreatedBy       int64
	CreatedAt       time.Time
}

// TitleIn is the check's title in lang, falling back to the other language.
func (c Check) TitleIn(lang string) string { return pick(lang, c.Title, c.TitleZH) }

// Rule is the check's long-term rule.
func (c Check) Rule() EligibilityRule {
	return EligibilityRule{MinTenureDays: c.MinTenureDays, EmploymentTypes: c.EmploymentTypes}
}

// AttemptsAllowed is how many attempts one person may submit.
func (c Check) AttemptsAllowed() int { return 1 + c.Retakes }

// CheckInput is the check form as typed.
type CheckInput struct {
	Title           string
	TitleZH         string
	OpensOn         string
	ClosesOn        string
	TargetPct       string
	MinTenureDays   string
	EmploymentTypes []string
	PassMark        string
	CultureVersion  string
	Retakes         string
}

// DefaultCheckInput is a new check's form: target 80%, permanent staff with 90 days' tenure,
// pass mark 70, no retakes.
func DefaultCheckInput(today time.Time) CheckInput {
	return CheckInput{OpensOn: Day(today).Format(DateLayout), ClosesOn: Day(today).AddDate(0, 0, 14).Format(DateLayout),
		TargetPct: "80", MinTenureDays: "90", EmploymentTypes: []string{EmploymentPermanent}, PassMark: "70", Retakes: "0"}
}

// InputFromCheck turns a check back into its form.
func InputFromCheck(c Check) CheckInput {
	in := CheckInput{Title: c.Title, TitleZH: c.TitleZH, OpensOn: c.OpensOn.Format(DateLayout), ClosesOn: c.ClosesOn.Format(DateLayout),
		TargetPct: strconv.Itoa(c.TargetPct), MinTenureDays: strconv.Itoa(c.MinTenureDays),
		EmploymentTypes: c.EmploymentTypes, PassMark: strconv.FormatFloat(c.PassMark, 'f', -1, 64),
		Retakes: strconv.Itoa(c.Retakes)}
	if c.CultureVersion != 0 {
		in.CultureVersion = strconv.FormatInt(c.CultureVersion, 10)
	}
	return in
}

// parse validates the input and returns every problem found.
func (in CheckInput) parse(today time.Time) (Check, error) {
	var c Check
	verr := &ValidationError{}
	c.Title, c.TitleZH = bilingualTitle(verr, "title", "title_zh", in.Title, in.TitleZH, 200)
	// Dates: the population is snapshotted as it is on the day the check opens, so an
	// opening date in the past would judge eligibility on that date with today's tiers,
	// teams and employment types (and a past closing date would open and close the check
	// at once, with no evidence). "Open now" is the way to start today.
	day := Day(today)
	var ok bool
	if c.OpensOn, ok = checkDate(verr, 0, "opens_on", in.OpensOn, workDates, day); ok && c.OpensOn.Before(day) {
		verr.add(0, "opens_on", "check_opens_in_past", day.Format(DateLayout))
	}
	if c.ClosesOn, ok = checkDate(verr, 0, "closes_on", in.ClosesOn, workDates, day); !ok {
		// reported
	} else if !c.OpensOn.IsZero() && c.ClosesOn.Before(c.OpensOn) {
		verr.add(0, "closes_on", "check_closes_before_opens", "")
	} else if c.ClosesOn.Before(day) {
		verr.add(0, "closes_on", "check_closes_in_past", day.Format(DateLayout))
	}
	intField := func(field, v string, lo, hi int, dst *int) {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			verr.add(0, field, "check_out_of_range", fmt.Sprintf("%d–%d", lo, hi))
			return
		}
		*dst = n
	}
	intField("target_pct", in.TargetPct, 1, 100, &c.TargetPct)
	intField("min_tenure_days", in.MinTenureDays, 0, 3650, &c.MinTenureDays)
	intField("retakes", in.Retakes, 0, 10, &c.Retakes)
	pm, err := strconv.ParseFloat(strings.TrimSpace(in.PassMark), 64)
	if err != nil || math.IsNaN(pm) || pm < 0 || pm > 100 {
		verr.add(0, "pass_mark", "check_out_of_range", "0–100")
	}
	c.PassMark = pm
	if v := strings.TrimSpace(in.CultureVersion); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || n > 1000000 {
			verr.add(0, "culture_version", "check_out_of_range", "1–1000000")
		}
		c.CultureVersion = n
	}
	for _, t := range EmploymentTypes {
		if slices.Contains(in.EmploymentTypes, t) {
			c.EmploymentTypes = append(c.EmploymentTypes, t)
		}
	}
	if len(c.EmploymentTypes) == 0 || len(c.EmploymentTypes) != len(in.EmploymentTypes) {
		verr.add(0, "employment_types", "required", "")
	}
	return c, verr.orNil()
}

const checkColumns = `id, title, title_zh, opens_on, closes_on, target_pct, min_tenure_days, employment_types, pass_mark,
	COALESCE(culture_version, 0), retakes, status, COALESCE(opened_at, ''), COALESCE(closed_at, ''),
	COALESCE(created_by, 0), created_at`

func scanCheck(row scanner) (Check, error) {
	var c Check
	var opens, closes, types, opened, closed, created string
	err := row.Scan(&c.ID, &c.Title, &c.TitleZH, &opens, &closes, &c.TargetPct, &c.MinTenureDays, &types, &c.PassMark,
		&c.CultureVersion, &c.Retakes, &c.Status, &opened, &closed, &c.CreatedBy, &created)
	if err != nil {
		return c, err
	}
	c.OpensOn, _ = ParseDate(opens)
	c.ClosesOn, _ = ParseDate(closes)
	c.EmploymentTypes = strings.Split(types, ",")
	c.OpenedAt, _ = time.Parse(time.RFC3339, opened)
	c.ClosedAt, _ = time.Parse(time.RFC3339, closed)
	c.CreatedAt, _ = time.Parse(time.RFC3339, created)
	return c, nil
}

// parseCheck validates the input, including that a culture version, when given, is one
// that has been published.
func (s *Store) parseCheck(ctx context.Context, in CheckInput) (Check, error) {
	c, err := in.parse(s.now())
	if c.CultureVersion == 0 {
		return c, err
	}
	var verr *ValidationError
	if err != nil && !errors.As(err, &verr) {
		return c, err
	}
	if verr == nil {
		verr = &ValidationError{}
	}
	if _, bad := verr.FieldProblem("culture_version"); bad {
		return c, verr
	}
	var published bool
	if err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM culture_versions WHERE number = ?)",
		c.CultureVersion).Scan(&published); err != nil {
		return c, fmt.Errorf("store: check culture version: %w", err)
	}
	if !published {
		verr.add(0, "culture_version", "check_culture_not_published", strconv.FormatInt(c.CultureVersion, 10))
	}
	return c, verr.orNil()
}

// CreateCheck validates and stores a new check. It is scheduled until its opening date
// (or an explicit OpenCheckNow); if it opens today and is ready it opens at once.
func (s *Store) CreateCheck(ctx context.Context, actorID int64, in CheckInput) (int64, error) {
	c, err := s.parseCheck(ctx, in)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO checks (title, title_zh, opens_on, closes_on, target_pct, min_tenure_days,
			employment_types, pass_mark, culture_version, retakes, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.Title, c.TitleZH, c.OpensOn.Format(DateLayout), c.ClosesOn.Format(DateLayout), c.TargetPct, c.MinTenureDays,
			strings.Join(c.EmploymentTypes, ","), c.PassMark, nullID(c.CultureVersion), c.Retakes, nullID(actorID),
			s.timestamp()).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create check: %w", err)
		}
		if _, err := s.record(ctx, tx, Event{Key: EventCheckCreate, Actor: actorID, Subject: Ref{RefCheck, id}}); err != nil {
			return err
		}
		return s.runDueChecks(ctx, tx)
	})
	return id, err
}

// UpdateCheck changes a check that has not opened yet; an open or closed check's settings
// are fixed (its population and figures depend on them).
func (s *Store) UpdateCheck(ctx context.Context, actorID, checkID int64, in CheckInput) error {
	c, perr := s.parseCheck(ctx, in)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		cur, err := s.checkTx(ctx, tx, checkID)
		if err != nil {
			return err
		}
		if cur.Status != CheckScheduled {
			return &ValidationError{Problems: []Problem{{Field: "title", Code: "check_already_open"}}}
		}
		if perr != nil {
			return perr
		}
		_, err = tx.ExecContext(ctx, `UPDATE checks SET title = ?, title_zh = ?, opens_on = ?, closes_on = ?, target_pct = ?,
			min_tenure_days = ?, employment_types = ?, pass_mark = ?, culture_version = ?, retakes = ? WHERE id = ?`,
			c.Title, c.TitleZH, c.OpensOn.Format(DateLayout), c.ClosesOn.Format(DateLayout), c.TargetPct, c.MinTenureDays,
			strings.Join(c.EmploymentTypes, ","), c.PassMark, nullID(c.CultureVersion), c.Retakes, checkID)
		if err != nil {
			return fmt.Errorf("store: update check: %w", err)
		}
		if _, err := s.record(ctx, tx, Event{Key: EventCheckUpdate, Actor: actorID, Subject: Ref{RefCheck, checkID}}); err != nil {
			return err
		}
		return s.runDueChecks(ctx, tx)
	})
}

// CheckByID returns one check.
func (s *Store) CheckByID(ctx context.Context, id int64) (Check, error) {
	if HasReadMemo(ctx) {
		return s.checkForPage(ctx, id)
	}
	c, err := scanCheck(s.db.QueryRowContext(ctx, "SELECT "+checkColumns+" FROM checks WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: check: %w", err)
	}
	return c, nil
}

// checkForPage is CheckByID on a reading request: the check read with its question set's id
// and whether the set holds a question (checkHasQuestionsSQL's answers), kept for the request
// — a check's pages (the report, the take page) ask both next, one statement each.
func (s *Store) checkForPage(ctx context.Context, id int64) (Check, error) {
	var setID sql.NullInt64
	var has bool
	c, err := scanCheck(scanAlso{s.db.QueryRowContext(ctx, "SELECT "+checkColumns+`, question_set_id,
		EXISTS (SELECT 1 FROM questions q WHERE q.set_id = checks.question_set_id) FROM checks WHERE id = ?`, id), []any{&setID, &has}})
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: check: %w", err)
	}
	remember(ctx, memoQuestion{what: "check question set", a: id}, setID.Int64)
	remember(ctx, memoQuestion{what: "check has questions", a: id}, has)
	return c, nil
}

func (s *Store) checkTx(ctx context.Context, tx *sql.Tx, id int64) (Check, error) {
	c, err := scanCheck(tx.QueryRowContext(ctx, "SELECT "+checkColumns+" FROM checks WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: check: %w", err)
	}
	return c, nil
}

// ListChecks returns every check, newest opening first.
func (s *Store) ListChecks(ctx context.Context) ([]Check, error) {
	return s.checksWhere(ctx, "ORDER BY opens_on DESC, id DESC")
}

// OpenChecks returns the open checks, latest opened first (ListChecks' open ones): the home
// page's check cards, on every view, read these rows only, not every check of past years.
func (s *Store) OpenChecks(ctx context.Context) ([]Check, error) {
	return s.checksWhere(ctx, "WHERE status = 'open' ORDER BY opens_on DESC, id DESC")
}

// checksWhere reads the checks a WHERE and ORDER BY clause (tail, a constant) select.
func (s *Store) checksWhere(ctx context.Context, tail string) ([]Check, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+checkColumns+" FROM checks "+tail)
	if err != nil {
		return nil, fmt.Errorf("store: list checks: %w", err)
	}
	defer rows.Close()
	var out []Check
	for rows.Next() {
		c, err := scanCheck(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list checks: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CurrentCheck is the open check, else the latest closed one (ErrNotFound when neither).
func (s *Store) CurrentCheck(ctx context.Context) (Check, error) {
	c, err := scanCheck(s.db.QueryRowContext(ctx, "SELECT "+checkColumns+` FROM checks WHERE status != 'scheduled'
		ORDER BY status = 'open' DESC, closes_on DESC, id DESC LIMIT 1`))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: current check: %w", err)
	}
	return c, nil
}

// hasWrittenSQL is true for a check (aliased checks) whose questions include a written answer.
const hasWrittenSQL = `EXISTS (SELECT 1 FROM questions q WHERE q.set_id = checks.question_set_id AND q.kind = 'written')`

// dueToOpenSQL selects the scheduled checks the lazy/background run opens: the opening date
// has come, the closing date has not passed, and there is at least one written-answer
// question. A check missing either stays scheduled and its page says why.
const dueToOpenSQL = `status = 'scheduled' AND opens_on <= ?1 AND closes_on >= ?1 AND ` + hasWrittenSQL

// CheckHasWrittenQuestion tells whether check checkID has at least one written-answer
// question: without one it cannot open.
func (s *Store) CheckHasWrittenQuestion(ctx context.Context, checkID int64) (bool, error) {
	return s.checkHasWritten(ctx, s.db, checkID)
}

func (s *Store) checkHasWritten(ctx context.Context, q queryer, checkID int64) (bool, error) {
	var ok bool
	if err := q.QueryRowContext(ctx, "SELECT "+hasWrittenSQL+" FROM checks WHERE id = ?", checkID).Scan(&ok); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, ErrNotFound
		}
		return false, fmt.Errorf("store: check written question: %w", err)
	}
	return ok, nil
}

// RunDueChecks opens scheduled checks whose opening date has come and closes open checks
// whose closing date has passed. Only the scheduler calls it (cmd/lodestar/jobs.go, at
// start-up and every minute), and a leader's save of a check (CreateCheck, UpdateCheck,
// AddCheckQuestion) so one that opens today opens at once: pages never do (a GET writes nothing).
// A scheduled check without a written-answer question, or whose closing date has passed,
// is not opened: it stays scheduled until the leader fixes it (its page says why).
func (s *Store) RunDueChecks(ctx context.Context) error {
	var n int
	today := Day(s.now()).Format(DateLayout)
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM checks WHERE (`+dueToOpenSQL+`)
		OR (status = 'open' AND closes_on < ?1)`, today).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: due checks: %w", err)
	}
	if n == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.runDueChecks(ctx, tx) })
}

func (s *Store) runDueChecks(ctx context.Context, tx *sql.Tx) error {
	today := Day(s.now()).Format(DateLayout)
	due, err := ids(ctx, tx, "SELECT id FROM checks WHERE "+dueToOpenSQL+" ORDER BY opens_on, id", today)
	if err != nil {
		return err
	}
	for _, id := range due {
		// A check that opens after its opening date (it waited for a written question, or
		// nothing ran that day) opens as of today: eligibility is judged on the same day as
		// the snapshot of tiers, teams and employment types.
		c, err := s.checkTx(ctx, tx, id)
		if err != nil {
			return err
		}
		var late time.Time
		if c.OpensOn.Format(DateLayout) < today {
			late = c.OpensOn
			if _, err := tx.ExecContext(ctx, "UPDATE checks SET opens_on = ? WHERE id = ?", today, id); err != nil {
				return fmt.Errorf("store: open check: %w", err)
			}
		}
		if err := s.openCheck(ctx, tx, 0, id, late); err != nil {
			return err
		}
	}
	ending, err := ids(ctx, tx, "SELECT id FROM checks WHERE status = 'open' AND closes_on < ? ORDER BY closes_on, id", today)
	if err != nil {
		return err
	}
	for _, id := range ending {
		if err := s.closeCheck(ctx, tx, 0, id); err != nil {
			return err
		}
	}
	return nil
}

// ids runs a query whose single column is an ID and returns the IDs in order.
func ids(ctx context.Context, q queryer, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: ids: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// OpenCheckNow opens a scheduled check today: its opening date becomes today and the
// population is snapshotted now.
func (s *Store) OpenCheckNow(ctx context.Context, actorID, checkID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.checkTx(ctx, tx, checkID)
		if err != nil {
			return err
		}
		if c.Status != CheckScheduled {
			return &ValidationError{Problems: []Problem{{Field: "status", Code: "check_already_open"}}}
		}
		if ok, err := s.checkHasWritten(ctx, tx, checkID); err != nil {
			return err
		} else if !ok {
			return &ValidationError{Problems: []Problem{{Field: "status", Code: "check_needs_written"}}}
		}
		today := Day(s.now())
		closes := c.ClosesOn
		if closes.Before(today) {
			closes = today
		}
		if _, err := tx.ExecContext(ctx, "UPDATE checks SET opens_on = ?, closes_on = ? WHERE id = ?",
			today.Format(DateLayout), closes.Format(DateLayout), checkID); err != nil {
			return fmt.Errorf("store: open check: %w", err)
		}
		return s.openCheck(ctx, tx, actorID, checkID, time.Time{})
	})
}

// CloseCheckNow closes an open check today: its closing date becomes today and the
// per-person results are frozen.
func (s *Store) CloseCheckNow(ctx context.Context, actorID, checkID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.checkTx(ctx, tx, checkID)
		if err != nil {
			return err
		}
		if c.Status != CheckOpen {
			return &ValidationError{Problems: []Problem{{Field: "status", Code: "check_not_open"}}}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE checks SET closes_on = ? WHERE id = ?",
			Day(s.now()).Format(DateLayout), checkID); err != nil {
			return fmt.Errorf("store: close check: %w", err)
		}
		return s.closeCheck(ctx, tx, actorID, checkID)
	})
}

// openCheck snapshots the eligible population as it is now, judged on the opening date,
// marks the check open and tells every eligible person. actorID 0 is the scheduler; a
// non-zero late is the opening date the check missed.
func (s *Store) openCheck(ctx context.Context, tx *sql.Tx, actorID, checkID int64, late time.Time) error {
	c, err := s.checkTx(ctx, tx, checkID)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+personColumns+personFrom)
	if err != nil {
		return fmt.Errorf("store: open check: %w", err)
	}
	var eligible []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("store: open check: %w", err)
		}
		if IneligibleReason(p, c.Rule(), c.OpensOn) == "" {
			eligible = append(eligible, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: open check: %w", err)
	}
	// A check that names no culture version tests the one published when it opens.
	if _, err := tx.ExecContext(ctx, `UPDATE checks SET culture_version = (SELECT max(number) FROM culture_versions)
		WHERE id = ? AND culture_version IS NULL`, checkID); err != nil {
		return fmt.Errorf("store: open check: %w", err)
	}
	e := Event{Key: EventCheckOpen, Actor: actorID, Subject: Ref{RefCheck, checkID}, Args: []Arg{DateArg(c.ClosesOn)}}
	if !late.IsZero() {
		e = Event{Key: EventCheckOpenLate, Actor: actorID, Subject: Ref{RefCheck, checkID},
			Args: []Arg{DateArg(c.ClosesOn), DateArg(late), DateArg(c.OpensOn)}}
	}
	ev, err := s.record(ctx, tx, e)
	if err != nil {
		return err
	}
	for _, p := range eligible {
		if _, err := tx.ExecContext(ctx, `INSERT INTO check_population (check_id, person_id, employee_id, name, tier,
			department, team, manager_id, left_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT left_on FROM people WHERE id = ?2))`,
			checkID, p.ID, p.EmployeeID, p.Name, p.Tier, p.Department, p.Team, nullID(p.ManagerID)); err != nil {
			return fmt.Errorf("store: snapshot: %w", err)
		}
		if err := s.notify(ctx, tx, ev, p.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "UPDATE checks SET status = 'open', opened_at = ? WHERE id = ?",
		s.timestamp(), checkID); err != nil {
		return fmt.Errorf("store: open check: %w", err)
	}
	return nil
}

// closeCheck freezes every snapshot person's result (and whether they still count) and
// marks the check closed. From then on the report reads only the frozen rows.
func (s *Store) closeCheck(ctx context.Context, tx *sql.Tx, actorID, checkID int64) error {
	c, err := s.checkTx(ctx, tx, checkID)
	if err != nil {
		return err
	}
	if _, err := s.record(ctx, tx, Event{Key: EventCheckClose, Actor: actorID, Subject: Ref{RefCheck, checkID}}); err != nil {
		return err
	}
	people, err := s.liveResults(ctx, tx, c)
	if err != nil {
		return err
	}
	for _, p := range people {
		_, err := tx.ExecContext(ctx, `UPDATE check_population SET final_counted = ?, final_result = ?, final_method = ?,
			final_score = ?, final_evidence_on = ?, final_reviewer = ?, final_reviewer_token = ?, final_reviewed_at = ?,
			final_left_on = ? WHERE check_id = ? AND person_id = ?`,
			p.Counted, p.Outcome.Result, p.Outcome.Method, p.Outcome.Score, formatTime(p.Outcome.EvidenceOn),
			p.Outcome.Reviewer, p.Outcome.ReviewerToken, formatTime(p.Outcome.ReviewedAt), formatDate(p.LeftOn), checkID, p.PersonID)
		if err != nil {
			return fmt.Errorf("store: freeze results: %w", err)
		}
	}
	if err := s.writeCheckTotals(ctx, tx, checkID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE checks SET status = 'closed', closed_at = ? WHERE id = ?",
		s.timestamp(), checkID); err != nil {
		return fmt.Errorf("store: close check: %w", err)
	}
	return nil
}

func formatTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}
