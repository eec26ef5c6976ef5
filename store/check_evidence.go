package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// ErrNotAllowed is returned when the acting person may not do this to this record
// (a manager reviewing or interviewing someone outside their reporting lines).
var ErrNotAllowed = errors.New("store: not allowed")

func (s *Store) checkAttempts(ctx context.Context, q queryer, checkID int64, where string, args ...any) ([]CheckAttempt, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.check_id, a.person_id, a.submitted_at, a.score, a.passed_mark,
		a.written_status, COALESCE(a.reviewer_id, 0), COALESCE(r.name, ''), COALESCE(a.reviewed_at, ''), a.feedback, a.practice
		FROM check_attempts a LEFT JOIN people r ON r.id = a.reviewer_id
		WHERE a.check_id = ? AND `+where+` ORDER BY a.submitted_at, a.id`, append([]any{checkID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: check attempts: %w", err)
	}
	defer rows.Close()
	var out []CheckAttempt
	for rows.Next() {
		var a CheckAttempt
		var submitted, reviewed string
		if err := rows.Scan(&a.ID, &a.CheckID, &a.PersonID, &submitted, &a.Score, &a.PassedMark, &a.WrittenStatus,
			&a.ReviewerID, &a.ReviewerName, &reviewed, &a.Feedback, &a.Practice); err != nil {
			return nil, fmt.Errorf("store: check attempts: %w", err)
		}
		a.SubmittedAt, _ = time.Parse(time.RFC3339, submitted)
		a.ReviewedAt, _ = time.Parse(time.RFC3339, reviewed)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Store) checkInterviews(ctx context.Context, q queryer, checkID, personID int64) ([]Interview, error) {
	if personID != 0 {
		return s.checkInterviewsWhere(ctx, q, checkID, "i.person_id = ?", personID)
	}
	return s.checkInterviewsWhere(ctx, q, checkID, "1=1")
}

func (s *Store) checkInterviewsWhere(ctx context.Context, q queryer, checkID int64, where string, args ...any) ([]Interview, error) {
	query := `SELECT i.id, i.check_id, i.person_id, i.interviewed_on, i.summary, i.verdict, COALESCE(i.recorded_by, 0),
		COALESCE(r.name, ''), COALESCE(t.name, ''), i.recorded_at FROM check_interviews i
		LEFT JOIN people r ON r.id = i.recorded_by LEFT JOIN api_tokens t ON t.id = i.recorded_by_token
		WHERE i.check_id = ? AND ` + where
	rows, err := q.QueryContext(ctx, query+" ORDER BY i.interviewed_on, i.id", append([]any{checkID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: check interviews: %w", err)
	}
	defer rows.Close()
	var out []Interview
	for rows.Next() {
		var iv Interview
		var on, at string
		if err := rows.Scan(&iv.ID, &iv.CheckID, &iv.PersonID, &on, &iv.Summary, &iv.Verdict, &iv.RecordedBy,
			&iv.RecorderName, &iv.RecorderToken, &at); err != nil {
			return nil, fmt.Errorf("store: check interviews: %w", err)
		}
		iv.InterviewedOn, _ = ParseDate(on)
		iv.RecordedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, iv)
	}
	return out, rows.Err()
}

// snapshotMember tells whether personID is in check's population and still counted today.
func (s *Store) snapshotMember(ctx context.Context, tx *sql.Tx, c Check, personID int64) (bool, error) {
	var left sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT p.left_on FROM check_population cp JOIN people p ON p.id = cp.person_id
		WHERE cp.check_id = ? AND cp.person_id = ?`, c.ID, personID).Scan(&left)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: snapshot member: %w", err)
	}
	if left.Valid {
		l, _ := ParseDate(left.String)
		if LeftBeforeClose(l, c.ClosesOn) {
			return false, nil
		}
	}
	return true, nil
}

// understood tells whether personID already demonstrates understanding in check c.
func (s *Store) understood(ctx context.Context, tx *sql.Tx, c Check, personID int64) (bool, error) {
	attempts, err := s.checkAttempts(ctx, tx, c.ID, "a.person_id = ? AND a.practice = 0", personID)
	if err != nil {
		return false, err
	}
	interviews, err := s.checkInterviews(ctx, tx, c.ID, personID)
	if err != nil {
		return false, err
	}
	return DecideOutcome(attempts, interviews).Result == ResultUnderstood, nil
}

// openCheckForEvidence returns the check when evidence may be added to it today.
func (s *Store) openCheckForEvidence(ctx context.Context, tx *sql.Tx, checkID int64) (Check, error) {
	return s.checkForEvidence(ctx, tx, checkID)
}

// checkForEvidence returns the check when evidence may be added to it today. Opening and
// closing is the scheduler's work (RunDueChecks); until it has run, a check whose closing
// date has passed already refuses evidence, and one due to open waits for it.
func (s *Store) checkForEvidence(ctx context.Context, tx *sql.Tx, checkID int64) (Check, error) {
	c, err := s.checkTx(ctx, tx, checkID)
	if err != nil {
		return c, err
	}
	switch {
	case c.Status == CheckScheduled:
		return c, &ValidationError{Problems: []Problem{{Field: "check", Code: "check_not_open"}}}
	case c.Status == CheckClosed, c.ClosesOn.Before(Day(s.now())):
		return c, &ValidationError{Problems: []Problem{{Field: "check", Code: "check_closed"}}}
	}
	return c, nil
}

// RecordCheckAttempt stores a submitted attempt: score is the percentage scored, and
// writtenPending says that written answers wait for review. People outside the check's
// population attempt for practice (stored, flagged, never counted). Each person may submit
// 1 + retakes attempts. This is the seam the question engine calls.
func (s *Store) RecordCheckAttempt(ctx context.Context, checkID, personID int64, score float64, writtenPending bool) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.openCheckForEvidence(ctx, tx, checkID)
		if err != nil {
			return err
		}
		id, err = s.recordAttempt(ctx, tx, c, personID, score, writtenPending, 0)
		return err
	})
	return id, err
}

// attemptsUsed counts personID's submitted attempts at check c.
func (s *Store) attemptsUsed(ctx context.Context, q queryer, checkID, personID int64) (int, error) {
	var used int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM check_attempts WHERE check_id = ? AND person_id = ?",
		checkID, personID).Scan(&used); err != nil {
		return 0, fmt.Errorf("store: attempts used: %w", err)
	}
	return used, nil
}

// recordAttempt applies the attempt rules inside tx (the check is open).
func (s *Store) recordAttempt(ctx context.Context, tx *sql.Tx, c Check, personID int64, score float64, writtenPending bool, engineAttemptID int64) (int64, error) {
	member, err := s.snapshotMember(ctx, tx, c, personID)
	if err != nil {
		return 0, err
	}
	used, err := s.attemptsUsed(ctx, tx, c.ID, personID)
	if err != nil {
		return 0, err
	}
	if used >= c.AttemptsAllowed() {
		return 0, &ValidationError{Problems: []Problem{{Field: "check", Code: "check_no_attempts_left", Arg: strconv.Itoa(c.AttemptsAllowed())}}}
	}
	if score < 0 || score > 100 {
		return 0, &ValidationError{Problems: []Problem{{Field: "score", Code: "check_out_of_range", Arg: "0–100"}}}
	}
	before := false
	if member {
		if before, err = s.understood(ctx, tx, c, personID); err != nil {
			return 0, err
		}
	}
	status := WrittenNone
	if writtenPending {
		status = WrittenPending
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark,
		written_status, practice, engine_attempt_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ID, personID, s.timestamp(), score, score >= c.PassMark, status, !member, nullID(engineAttemptID)).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: record attempt: %w", err)
	}
	if member {
		if err := s.refreshLiveResult(ctx, tx, c.ID, personID); err != nil {
			return 0, err
		}
	}
	if member && !before {
		if err := s.afterEvidence(ctx, tx, c, personID); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// afterEvidence calls the success hook when new evidence made personID understood.
func (s *Store) afterEvidence(ctx context.Context, tx *sql.Tx, c Check, personID int64) error {
	now, err := s.understood(ctx, tx, c, personID)
	if err != nil || !now {
		return err
	}
	return s.understandingDemonstrated(ctx, tx, c.ID, personID)
}

// CheckAttemptByID returns one attempt.
func (s *Store) CheckAttemptByID(ctx context.Context, attemptID int64) (CheckAttempt, error) {
	var checkID int64
	err := s.db.QueryRowContext(ctx, "SELECT check_id FROM check_attempts WHERE id = ?", attemptID).Scan(&checkID)
	if errors.Is(err, sql.ErrNoRows) {
		return CheckAttempt{}, ErrNotFound
	}
	if err != nil {
		return CheckAttempt{}, fmt.Errorf("store: attempt: %w", err)
	}
	as, err := s.checkAttempts(ctx, s.db, checkID, "a.id = ?", attemptID)
	if err != nil || len(as) == 0 {
		return CheckAttempt{}, errors.Join(ErrNotFound, err)
	}
	return as[0], nil
}

// canActFor tells whether actor may review or interview personID in check checkID
// (ActionReview): leaders and admins always, managers only for people below them in the
// check's reporting lines.
func (s *Store) canActFor(ctx context.Context, tx *sql.Tx, checkID int64, actor Person, personID int64) (bool, error) {
	switch ReachOf(actor, ActionReview) {
	case ReachAll:
		return true, nil
	case ReachNone:
		return false, nil
	}
	sc, err := s.checkScope(ctx, tx, checkID, actor.ID)
	if err != nil {
		return false, err
	}
	return MayOn(actor, ActionReview, personID, sc.Sees(personID)) && actor.ID != personID, nil
}

// ReviewCheckAttempt records the verdict on an attempt's written answers: who and when.
// A rejection needs feedback. Reviewers are the person's managers (through the check's
// snapshot) or leaders; nobody reviews their own attempt.
func (s *Store) ReviewCheckAttempt(ctx context.Context, attemptID, reviewerID int64, accepted bool, feedback string) error {
	feedback = strings.TrimSpace(feedback)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var checkID, personID int64
		var status string
		err := tx.QueryRowContext(ctx, "SELECT check_id, person_id, written_status FROM check_attempts WHERE id = ?", attemptID).
			Scan(&checkID, &personID, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: review attempt: %w", err)
		}
		reviewer, err := personByIDTx(ctx, tx, reviewerID)
		if err != nil {
			return err
		}
		ok, err := s.canActFor(ctx, tx, checkID, reviewer, personID)
		if err != nil {
			return err
		}
		if !ok || reviewerID == personID {
			return ErrNotAllowed
		}
		if status != WrittenPending {
			return &ValidationError{Problems: []Problem{{Field: "verdict", Code: "check_already_reviewed"}}}
		}
		if !accepted && feedback == "" {
			return &ValidationError{Problems: []Problem{{Field: "feedback", Code: "required"}}}
		}
		if verr := (&ValidationError{}); !checkText(verr, 0, "feedback", &feedback) {
			return verr
		}
		if len([]rune(feedback)) > 2000 {
			return &ValidationError{Problems: []Problem{{Field: "feedback", Code: "too_long", Arg: "2000"}}}
		}
		c, err := s.checkTx(ctx, tx, checkID)
		if err != nil {
			return err
		}
		member, err := s.snapshotMember(ctx, tx, c, personID)
		if err != nil {
			return err
		}
		before := false
		if member {
			if before, err = s.understood(ctx, tx, c, personID); err != nil {
				return err
			}
		}
		verdict := WrittenRejected
		if accepted {
			verdict = WrittenAccepted
		}
		if _, err := tx.ExecContext(ctx, `UPDATE check_attempts SET written_status = ?, reviewer_id = ?, reviewed_at = ?,
			feedback = ? WHERE id = ?`, verdict, reviewerID, s.timestamp(), feedback, attemptID); err != nil {
			return fmt.Errorf("store: review attempt: %w", err)
		}
		if err := s.reviewEngineAttempt(ctx, tx, attemptID, reviewerID, accepted, feedback); err != nil {
			return err
		}
		if err := s.refreshLiveResult(ctx, tx, checkID, personID); err != nil {
			return err
		}
		if err := s.recordAndNotify(ctx, tx, Event{Key: EventCheckReviewed, Actor: reviewerID, Subject: Ref{RefCheck, checkID},
			Args: []Arg{RefArg(RefPerson, personID), Code("event.verdict.", verdict)}}, personID); err != nil {
			return err
		}
		if member && !before && c.Status != CheckClosed {
			return s.afterEvidence(ctx, tx, c, personID)
		}
		return nil
	})
}

// What reviewing a queued attempt can do to the figures.
const (
	// ReviewDecides: the attempt belongs to a counted person whose result waits on this
	// review (they are counted as pending_review in the report).
	ReviewDecides = "decides"
	// ReviewPractice: a practice attempt by someone outside the population; never counted.
	ReviewPractice = "practice"
	// ReviewNoChange: a counted person's attempt whose review cannot change their result
	// (below the pass mark, already understood by other evidence, left, or the check closed).
	ReviewNoChange = "no_change"
)

// CheckReviewItem is one attempt waiting in a reviewer's queue.
type CheckReviewItem struct {
	CheckAttempt
	EmployeeID string
	Name       string
	Team       string
	Effect     string // ReviewDecides, ReviewPractice or ReviewNoChange
}

// ReviewQueue lists the attempts of check c whose written answers await review and that
// reviewer may review, oldest first, each with what its review can do to the figures.
func (s *Store) ReviewQueue(ctx context.Context, c Check, reviewer Person) ([]CheckReviewItem, error) {
	rep, err := s.CheckReport(ctx, c, reviewer)
	if err != nil {
		return nil, err
	}
	return s.ReviewQueueFrom(ctx, c, reviewer, rep)
}

// ReviewQueueFrom is ReviewQueue given the reviewer's report of c, for a page that has
// built it already (the report page would otherwise build it twice).
func (s *Store) ReviewQueueFrom(ctx context.Context, c Check, reviewer Person, rep Report) ([]CheckReviewItem, error) {
	sc, err := s.CheckScope(ctx, c, reviewer)
	if err != nil {
		return nil, err
	}
	var attempts []CheckAttempt
	if sc.All() {
		attempts, err = s.checkAttempts(ctx, s.db, c.ID, "a.written_status = 'pending'")
	} else { // only the reviewer's tree: the check's whole queue is the organisation's
		var scope []byte
		if scope, err = json.Marshal(sc.ids()); err != nil {
			return nil, err
		}
		attempts, err = s.checkAttempts(ctx, s.db, c.ID, "a.written_status = 'pending' AND a.person_id IN (SELECT value FROM json_each(?))", string(scope))
	}
	if err != nil {
		return nil, err
	}
	pending := map[int64]bool{}
	for _, r := range rep.People {
		pending[r.PersonID] = r.Outcome.Result == ResultPendingReview
	}
	var mine []CheckAttempt
	var who []int64
	for _, a := range attempts {
		if a.PersonID != reviewer.ID && sc.Sees(a.PersonID) {
			mine = append(mine, a)
			who = append(who, a.PersonID)
		}
	}
	// Names in one query, not one per waiting answer (a leader's queue is the organisation's).
	list, err := json.Marshal(who)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, employee_id, name, team FROM people WHERE id IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return nil, fmt.Errorf("store: review queue: %w", err)
	}
	people := map[int64]PersonRef{}
	for rows.Next() {
		var p PersonRef
		if err := rows.Scan(&p.ID, &p.EmployeeID, &p.Name, &p.Team); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: review queue: %w", err)
		}
		people[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: review queue: %w", err)
	}
	var out []CheckReviewItem
	for _, a := range mine {
		p, ok := people[a.PersonID]
		if !ok {
			return nil, ErrNotFound
		}
		it := CheckReviewItem{CheckAttempt: a, EmployeeID: p.EmployeeID, Name: p.Name, Team: p.Team, Effect: ReviewNoChange}
		switch {
		case a.Practice:
			it.Effect = ReviewPractice
		case c.Status == CheckOpen && pending[a.PersonID] && a.AwaitsReview():
			it.Effect = ReviewDecides
		}
		out = append(out, it)
	}
	return out, nil
}

// ReviewQueueSummary explains a reviewer's queue beside the report's "waiting for review"
// figure, which counts people, not answers: Total = Decides + Practice + NoChange.
type ReviewQueueSummary struct {
	Total    int // answers waiting in the queue
	Decides  int // answers of counted people whose result waits on them
	Practice int // practice answers (never counted)
	NoChange int // answers whose review cannot change anyone's result
	// OwnPending is how many of the report's people waiting for review are not in the
	// queue because the answers are the reviewer's own (someone else reviews them).
	OwnPending int
}

// SummariseReviewQueue counts the queue by effect. pendingPeople is the report's
// pending_review count for the same viewer and check.
func SummariseReviewQueue(items []CheckReviewItem, pendingPeople int) ReviewQueueSummary {
	sum := ReviewQueueSummary{Total: len(items)}
	people := map[int64]bool{}
	for _, it := range items {
		switch it.Effect {
		case ReviewDecides:
			sum.Decides++
			people[it.PersonID] = true
		case ReviewPractice:
			sum.Practice++
		default:
			sum.NoChange++
		}
	}
	if own := pendingPeople - len(people); own > 0 {
		sum.OwnPending = own
	}
	return sum
}

// MyCheckStatus is what one person sees of a check: whether they count, their attempts
// (with feedback) and whether they may submit another.
type MyCheckStatus struct {
	Check      Check
	Eligible   bool
	Attempts   []CheckAttempt
	Interviews []Interview
	Outcome    Outcome
	CanAttempt bool
	// AwaitingReview: an attempt's written answers wait for a reviewer, so no new attempt yet.
	AwaitingReview bool
}

// CheckStatusFor returns personID's own view of check c. Whether the person counts and
// their result come from the same row as the report: once the check has closed, the frozen
// final_counted / final_result (a review given after closing, or a leaving date set later,
// moves nothing); while it is open, the evidence so far. The attempts and interviews listed
// are the person's own, as they stand (feedback given after closing included).
func (s *Store) CheckStatusFor(ctx context.Context, c Check, personID int64) (MyCheckStatus, error) {
	// Once per reading request: the home page's inbox and its check card both ask.
	return memoized(ctx, memoQuestion{what: "check status", a: c.ID, b: personID}, func() (MyCheckStatus, error) {
		return s.checkStatusFor(ctx, c, personID)
	})
}

func (s *Store) checkStatusFor(ctx context.Context, c Check, personID int64) (MyCheckStatus, error) {
	st := MyCheckStatus{Check: c}
	var err error
	if st.Attempts, err = s.checkAttempts(ctx, s.db, c.ID, "a.person_id = ?", personID); err != nil {
		return st, err
	}
	if st.Interviews, err = s.checkInterviews(ctx, s.db, c.ID, personID); err != nil {
		return st, err
	}
	counted := st.Attempts[:0:0]
	for _, a := range st.Attempts {
		if !a.Practice {
			counted = append(counted, a)
		}
	}
	// The snapshot row decided with the evidence just read: personResult would read the
	// person's attempts and interviews a second time (two statements on every home view).
	row, member, err := s.personResultFrom(ctx, c, personID, func() ([]CheckAttempt, []Interview, error) {
		return counted, st.Interviews, nil
	})
	if err != nil {
		return st, err
	}
	st.Eligible = member && row.Counted
	if st.Eligible {
		st.Outcome = row.Outcome
	} else {
		st.Outcome = DecideOutcome(counted, st.Interviews)
	}
	st.CanAttempt = c.Status == CheckOpen && len(st.Attempts) < c.AttemptsAllowed()
	for _, a := range st.Attempts {
		if a.WrittenStatus == WrittenPending {
			st.AwaitingReview = true // the question engine allows no new attempt until it is scored
			st.CanAttempt = false
		}
	}
	return st, nil
}

// InterviewInput is one interview result as typed, uploaded (CSV) or posted (API).
type InterviewInput struct {
	EmployeeID string `json:"employee_id"`
	Date       string `json:"date"`
	Verdict    string `json:"verdict"`
	Note       string `json:"note"`
}

// MaxInterviewRows is the most interview results one upload or API request may hold.
const MaxInterviewRows = 5000

// InterviewCSVHeader is the header an interview upload must start with.
var InterviewCSVHeader = []string{"employee_id", "date", "verdict", "note"}

// ParseInterviewCSV reads an interview upload (header employee_id,date,verdict,note).
// Data rows are numbered from 2, as a spreadsheet shows them.
func ParseInterviewCSV(r io.Reader) ([]InterviewInput, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, fmt.Errorf("store: read csv: %w", err)
	}
	// Refused whole rather than cut: a cut file would lose rows or store a truncated note.
	if len(b) > MaxImportBytes {
		return nil, &ValidationError{Problems: []Problem{{Field: "file", Code: "file_too_large", Arg: strconv.Itoa(MaxImportBytes >> 20)}}}
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	// Read row by row and stop past the row cap, so a file of tiny rows costs little.
	var records [][]string
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &ValidationError{Problems: []Problem{{Field: "file", Code: "check_invalid_csv", Arg: err.Error()}}}
		}
		// Blank rows count too: a file of nothing but "," lines must not build millions of records.
		if len(records) > MaxInterviewRows {
			return nil, &ValidationError{Problems: []Problem{{Field: "file", Code: "too_many_rows", Arg: strconv.Itoa(MaxInterviewRows)}}}
		}
		records = append(records, rec)
	}
	if len(records) == 0 {
		return nil, &ValidationError{Problems: []Problem{{Field: "file", Code: "check_empty_file"}}}
	}
	col := map[string]int{}
	for i, h := range records[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	for _, h := range InterviewCSVHeader[:3] {
		if _, ok := col[h]; !ok {
			return nil, &ValidationError{Problems: []Problem{{Field: "file", Code: "check_missing_column", Arg: h}}}
		}
	}
	get := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var out []InterviewInput
	for _, rec := range records[1:] {
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		out = append(out, InterviewInput{EmployeeID: get(rec, "employee_id"), Date: get(rec, "date"),
			Verdict: strings.ToLower(get(rec, "verdict")), Note: get(rec, "note")})
	}
	if len(out) == 0 {
		return nil, &ValidationError{Problems: []Problem{{Field: "file", Code: "check_empty_file"}}}
	}
	return out, nil
}

// ValidateInterviews checks interview results without writing anything (the preview).
// It runs in a read-only transaction, so a file of bad rows never holds the write lock.
func (s *Store) ValidateInterviews(ctx context.Context, checkID int64, recorder Person, inputs []InterviewInput, firstRow int) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	_, err = s.validateInterviews(ctx, tx, checkID, recorder, inputs, firstRow)
	return err
}

// RecordInterviews validates every interview result and, only when all are valid, stores
// them in one transaction. Returns how many were stored.
func (s *Store) RecordInterviews(ctx context.Context, checkID int64, recorder Person, inputs []InterviewInput, firstRow int) (int, error) {
	return s.recordInterviews(ctx, checkID, recorder, Token{}, inputs, firstRow)
}

// RecordInterviewsByToken is RecordInterviews for the JSON API: the token acts for the whole
// organisation, and each interview records the token as its recorder (no person is behind
// it), so the evidence list can say who recorded it.
func (s *Store) RecordInterviewsByToken(ctx context.Context, checkID int64, tok Token, inputs []InterviewInput, firstRow int) (int, error) {
	if tok.ID == 0 {
		return 0, ErrNotAllowed
	}
	return s.recordInterviews(ctx, checkID, Person{Role: RoleAdmin}, tok, inputs, firstRow)
}

func (s *Store) recordInterviews(ctx context.Context, checkID int64, recorder Person, tok Token, inputs []InterviewInput, firstRow int) (int, error) {
	// Bad rows are found before the write lock is taken; the write transaction checks
	// again (cheap for valid rows) in case the database changed meanwhile.
	if err := s.ValidateInterviews(ctx, checkID, recorder, inputs, firstRow); err != nil {
		return 0, err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := s.validateInterviews(ctx, tx, checkID, recorder, inputs, firstRow)
		if err != nil {
			return err
		}
		c, err := s.checkTx(ctx, tx, checkID)
		if err != nil {
			return err
		}
		for i, in := range inputs {
			before, err := s.understood(ctx, tx, c, ids[i])
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO check_interviews (check_id, person_id, interviewed_on, summary,
				verdict, recorded_by, recorded_by_token, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				checkID, ids[i], in.Date, strings.TrimSpace(in.Note), in.Verdict, nullID(recorder.ID), nullID(tok.ID),
				s.timestamp()); err != nil {
				return fmt.Errorf("store: record interview: %w", err)
			}
			if err := s.refreshLiveResult(ctx, tx, checkID, ids[i]); err != nil {
				return err
			}
			if !before {
				if err := s.afterEvidence(ctx, tx, c, ids[i]); err != nil {
					return err
				}
			}
		}
		via := Arg{}
		if tok.ID != 0 {
			via = Msg("event.via.api_token", RefArg(RefToken, tok.ID))
		}
		_, err = s.record(ctx, tx, Event{Key: EventCheckInterviews, Actor: recorder.ID, Subject: Ref{RefCheck, c.ID},
			Args: []Arg{Count("event.interview_results", len(inputs)), via}})
		return err
	})
	if err != nil {
		return 0, err
	}
	return len(inputs), nil
}

// validateInterviews checks every row and returns the person ID of each row.
func (s *Store) validateInterviews(ctx context.Context, tx *sql.Tx, checkID int64, recorder Person, inputs []InterviewInput, firstRow int) ([]int64, error) {
	c, err := s.checkForEvidence(ctx, tx, checkID)
	if err != nil {
		return nil, err
	}
	if !May(recorder, ActionReview) {
		return nil, ErrNotAllowed
	}
	verr := &ValidationError{}
	if len(inputs) == 0 {
		verr.add(0, "file", "check_empty_file", "")
	}
	if len(inputs) > MaxInterviewRows {
		verr.add(0, "file", "too_many_rows", strconv.Itoa(MaxInterviewRows))
		return nil, verr
	}
	// A manager's line is worked out once, not for every row.
	var scope Scope
	if ReachOf(recorder, ActionReview) == ReachBelow {
		if scope, err = s.checkScope(ctx, tx, c.ID, recorder.ID); err != nil {
			return nil, err
		}
	}
	today := Day(s.now())
	last := c.ClosesOn
	if today.Before(last) {
		last = today
	}
	ids := make([]int64, len(inputs))
	for i := range inputs {
		in := &inputs[i]
		row := 0
		if firstRow > 0 {
			row = firstRow + i
		}
		in.EmployeeID = strings.TrimSpace(in.EmployeeID)
		in.Verdict = strings.ToLower(strings.TrimSpace(in.Verdict))
		in.Date = strings.TrimSpace(in.Date)
		if d, err := ParseDate(in.Date); err != nil {
			verr.add(row, "date", "invalid_date", in.Date)
		} else if d.Before(c.OpensOn) || d.After(last) {
			verr.add(row, "date", "check_date_outside", c.OpensOn.Format(DateLayout)+" – "+last.Format(DateLayout))
		}
		if in.Verdict != VerdictUnderstood && in.Verdict != VerdictNotUnderstood {
			verr.add(row, "verdict", "invalid_choice", in.Verdict)
		}
		if checkText(verr, row, "note", &in.Note) && len([]rune(in.Note)) > 2000 {
			verr.add(row, "note", "too_long", "2000")
		}
		if in.EmployeeID == "" {
			verr.add(row, "employee_id", "required", "")
			continue
		}
		if !checkLine(verr, row, "employee_id", in.EmployeeID) {
			continue
		}
		p, err := scanPerson(tx.QueryRowContext(ctx, "SELECT "+personColumns+personFrom+"WHERE p.employee_id = ?", in.EmployeeID))
		if errors.Is(err, sql.ErrNoRows) {
			verr.add(row, "employee_id", "check_unknown_employee", in.EmployeeID)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: interview person: %w", err)
		}
		ids[i] = p.ID
		if reason, arg, err := s.ineligibleFor(ctx, tx, c, p); err != nil {
			return nil, err
		} else if reason != "" {
			verr.add(row, "employee_id", IneligibleCode(reason), arg)
			continue
		}
		ok := ReachOf(recorder, ActionReview) != ReachBelow || scope.Sees(p.ID)
		if !ok || p.ID == recorder.ID {
			verr.add(row, "employee_id", "check_not_your_report", in.EmployeeID)
		}
	}
	return ids, verr.orNil()
}

// ineligibleFor explains why p is not counted in check c ("" when counted), with a detail.
func (s *Store) ineligibleFor(ctx context.Context, tx *sql.Tx, c Check, p Person) (string, string, error) {
	member, err := s.snapshotMember(ctx, tx, c, p.ID)
	if err != nil || member {
		return "", "", err
	}
	switch reason := IneligibleReason(p, c.Rule(), c.OpensOn); reason {
	case IneligibleHiredAfter:
		return reason, p.HiredOn.Format(DateLayout), nil
	case IneligibleLeft:
		return reason, p.LeftOn.Format(DateLayout), nil
	case IneligibleEmployment:
		return reason, p.EmploymentType, nil
	case IneligibleTenure:
		return reason, strconv.Itoa(p.TenureDays(c.OpensOn)), nil
	}
	if LeftBeforeClose(p.LeftOn, c.ClosesOn) {
		return IneligibleLeft, p.LeftOn.Format(DateLayout), nil
	}
	return IneligibleSnapshot, c.OpensOn.Format(DateLayout), nil
}

// NonRespondents lists the counted people of open check c in viewer's scope with no evidence yet.
func (s *Store) NonRespondents(ctx context.Context, c Check, viewer Person) ([]PopulationRow, error) {
	rep, err := s.CheckReport(ctx, c, viewer)
	if err != nil {
		return nil, err
	}
	var out []PopulationRow
	for _, r := range rep.People {
		if r.Outcome.Result == ResultNoResponse {
			out = append(out, r)
		}
	}
	return out, nil
}

// RemindNonRespondents sends each non-respondent in viewer's scope an in-app reminder and
// returns how many were reminded. Only while the check is open.
func (s *Store) RemindNonRespondents(ctx context.Context, c Check, viewer Person) (int, error) {
	if c.Status != CheckOpen {
		return 0, &ValidationError{Problems: []Problem{{Field: "check", Code: "check_not_open"}}}
	}
	people, err := s.NonRespondents(ctx, c, viewer)
	if err != nil {
		return 0, err
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		ids := make([]int64, len(people))
		for i, p := range people {
			ids[i] = p.PersonID
		}
		return s.recordAndNotify(ctx, tx, Event{Key: EventCheckRemind, Actor: viewer.ID, Subject: Ref{RefCheck, c.ID},
			Args: []Arg{Count("event.people", len(people)), DateArg(c.ClosesOn)}}, ids...)
	})
	return len(people), err
}

// IneligibleCode is the problem code for an ineligibility reason.
func IneligibleCode(reason string) string { return "check_not_eligible_" + reason }

// IneligibleReasons lists every reason a person is refused as not eligible.
var IneligibleReasons = []string{IneligibleHiredAfter, IneligibleLeft, IneligibleEmployment, IneligibleTenure, IneligibleSnapshot}

// ClosingReminderDays is how long before its closing date an open check reminds the people
// who have not answered yet.
const ClosingReminderDays = 3

// RemindChecksClosing tells every non-respondent of each open check that closes within
// ClosingReminderDays (today included) that it is closing: once per check, recorded as one
// check.closing event. It is time-driven work for the background scheduler, and returns how
// many people were told.
func (s *Store) RemindChecksClosing(ctx context.Context) (int, error) {
	today := Day(s.now())
	due, err := ids(ctx, s.db, `SELECT id FROM checks WHERE status = 'open' AND closes_on >= ? AND closes_on <= ?
		AND NOT EXISTS (SELECT 1 FROM events e WHERE e.subject_kind = ? AND e.subject_id = checks.id AND e.key = ?) ORDER BY id`,
		today.Format(DateLayout), today.AddDate(0, 0, ClosingReminderDays).Format(DateLayout), RefCheck, EventCheckClosing)
	if err != nil {
		return 0, err
	}
	told := 0
	for _, id := range due {
		c, err := s.CheckByID(ctx, id)
		if err != nil {
			return told, err
		}
		people, err := s.NonRespondents(ctx, c, Person{Role: RoleAdmin})
		if err != nil {
			return told, err
		}
		recipients := make([]int64, len(people))
		for i, p := range people {
			recipients[i] = p.PersonID
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			var done bool
			if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM events WHERE subject_kind = ? AND subject_id = ? AND key = ?)",
				RefCheck, id, EventCheckClosing).Scan(&done); err != nil || done {
				return err // another instance told them meanwhile
			}
			return s.recordAndNotify(ctx, tx, Event{Key: EventCheckClosing, Subject: Ref{RefCheck, id},
				Args: []Arg{DateArg(c.ClosesOn), Count("event.people", len(recipients))}}, recipients...)
		})
		if err != nil {
			return told, err
		}
		told += len(recipients)
	}
	return told, nil
}
