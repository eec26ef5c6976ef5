package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
)

// The strategy check reuses the question engine (store/questions.go): a check owns one
// question set (owner "check"); answering starts and submits an engine attempt, and the
// submission is recorded as a check attempt through recordAttempt, the same path as the
// RecordCheckAttempt seam. Reviewing a check attempt reviews every written answer of its
// engine attempt at once (accepted = full credit, not accepted = none).

// QuestionSetOwnerCheck owns the question sets of strategy checks.
const QuestionSetOwnerCheck = "check"

func (s *Store) checkSetID(ctx context.Context, q queryer, checkID int64) (int64, error) {
	var id sql.NullInt64
	err := q.QueryRowContext(ctx, "SELECT question_set_id FROM checks WHERE id = ?", checkID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: check question set: %w", err)
	}
	return id.Int64, nil
}

// CheckQuestions returns the check's question set (an empty set when none was written yet).
func (s *Store) CheckQuestions(ctx context.Context, checkID int64) (QuestionSet, error) {
	id, err := s.checkSetID(ctx, s.db, checkID)
	if err != nil || id == 0 {
		return QuestionSet{Owner: QuestionSetOwnerCheck}, err
	}
	return s.QuestionSetByID(ctx, id)
}

// checkHasQuestionsSQL: check ?'s question set (NULL: none yet) and whether it holds a question.
const checkHasQuestionsSQL = `SELECT c.question_set_id,
	EXISTS (SELECT 1 FROM questions q WHERE q.set_id = c.question_set_id) FROM checks c WHERE c.id = ?`

// CheckHasQuestions tells whether the check's question set holds any question. The set's id
// read with it is kept for the request (checkSetIDOnce): the report asks for it next.
func (s *Store) CheckHasQuestions(ctx context.Context, checkID int64) (bool, error) {
	if has, ok := recalled[bool](ctx, memoQuestion{what: "check has questions", a: checkID}); ok {
		return has, nil // read with the check (checkForPage)
	}
	var setID sql.NullInt64
	var has bool
	err := s.db.QueryRowContext(ctx, checkHasQuestionsSQL, checkID).Scan(&setID, &has)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: check has questions: %w", err)
	}
	remember(ctx, memoQuestion{what: "check question set", a: checkID}, setID.Int64)
	return has, nil
}

// checkSetIDOnce is checkSetID outside a transaction, once per reading request.
func (s *Store) checkSetIDOnce(ctx context.Context, checkID int64) (int64, error) {
	return memoized(ctx, memoQuestion{what: "check question set", a: checkID}, func() (int64, error) {
		return s.checkSetID(ctx, s.db, checkID)
	})
}

// AddCheckQuestion appends a question to the check's set, creating the set on first use.
// Questions are frozen once anybody has attempted them (ErrSetInUse) and a closed check
// takes no questions.
func (s *Store) AddCheckQuestion(ctx context.Context, actorID, checkID int64, in QuestionInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.checkTx(ctx, tx, checkID)
		if err != nil {
			return err
		}
		if c.Status == CheckClosed {
			return &ValidationError{Problems: []Problem{{Field: "kind", Code: "check_closed"}}}
		}
		setID, err := s.checkSetID(ctx, tx, checkID)
		if err != nil {
			return err
		}
		if setID == 0 {
			setID, err = s.createQuestionSet(ctx, tx, QuestionSetOwnerCheck, QuestionSetSettings{
				PassMark: int(math.Ceil(c.PassMark)), ShuffleOptions: true})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE checks SET question_set_id = ? WHERE id = ?", setID, checkID); err != nil {
				return fmt.Errorf("store: check question set: %w", err)
			}
		}
		if id, err = s.addQuestion(ctx, tx, setID, in); err != nil {
			return err
		}
		_, err = s.record(ctx, tx, Event{Key: EventCheckQuestion, Actor: actorID, Subject: Ref{RefCheck, checkID}, Args: []Arg{Code("training.kind.", in.Kind)}})
		if err != nil {
			return err
		}
		// A check due to open waits only for its written question: like saving the check
		// itself, adding it opens the check at once rather than at the scheduler's next run.
		return s.runDueChecks(ctx, tx)
	})
	return id, err
}

// StartCheckAttempt returns personID's attempt in progress or starts one, while the check
// is open, has questions and the person has attempts left (eligible or practising).
func (s *Store) StartCheckAttempt(ctx context.Context, checkID, personID int64) (OpenAttempt, error) {
	var oa OpenAttempt
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.openCheckForEvidence(ctx, tx, checkID)
		if err != nil {
			return err
		}
		setID, err := s.checkSetID(ctx, tx, checkID)
		if err != nil {
			return err
		}
		if setID == 0 {
			return &ValidationError{Problems: []Problem{{Field: "check", Code: "check_no_questions"}}}
		}
		used, err := s.attemptsUsed(ctx, tx, checkID, personID)
		if err != nil {
			return err
		}
		if used >= c.AttemptsAllowed() {
			return &ValidationError{Problems: []Problem{{Field: "check", Code: "check_no_attempts_left", Arg: fmt.Sprint(c.AttemptsAllowed())}}}
		}
		oa, err = s.startAttempt(ctx, tx, setID, personID)
		return err
	})
	return oa, err
}

// SubmitCheckAttempt scores the engine attempt with token once and records it as a check
// attempt: its score is the percentage the attempt earns if its written answers are
// accepted, and the written answers wait for review. Submitting the same token again
// returns the recorded attempt and changes nothing. Unanswered questions give a
// *ValidationError and nothing is stored.
func (s *Store) SubmitCheckAttempt(ctx context.Context, checkID, personID int64, token string, answers map[int64]Answer) (CheckAttempt, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c, err := s.openCheckForEvidence(ctx, tx, checkID)
		if err != nil {
			return err
		}
		setID, err := s.checkSetID(ctx, tx, checkID)
		if err != nil {
			return err
		}
		var owner int64
		if err := tx.QueryRowContext(ctx, "SELECT set_id FROM attempts WHERE token = ? AND person_id = ?", token, personID).Scan(&owner); err != nil || owner != setID || setID == 0 {
			return ErrNotFound
		}
		a, err := s.submitAttempt(ctx, tx, personID, token, answers)
		if err != nil {
			return err
		}
		if a.Replayed {
			return tx.QueryRowContext(ctx, "SELECT id FROM check_attempts WHERE engine_attempt_id = ?", a.ID).Scan(&id)
		}
		var written int
		var writtenPoints float64
		if err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(q.points), 0) FROM attempt_answers aa
			JOIN questions q ON q.id = aa.question_id WHERE aa.attempt_id = ? AND q.kind = 'written'`, a.ID).
			Scan(&written, &writtenPoints); err != nil {
			return fmt.Errorf("store: submit check attempt: %w", err)
		}
		score := 0.0
		if a.MaxPoints > 0 {
			score = math.Round((a.Points+writtenPoints)/a.MaxPoints*100*1e6) / 1e6
		}
		id, err = s.recordAttempt(ctx, tx, c, personID, score, written > 0, a.ID)
		return err
	})
	if err != nil {
		return CheckAttempt{}, err
	}
	return s.CheckAttemptByID(ctx, id)
}

// reviewEngineAttempt gives every written answer of the check attempt's engine attempt
// full credit (accepted) or none, with the reviewer and feedback, and settles the attempt.
func (s *Store) reviewEngineAttempt(ctx context.Context, tx *sql.Tx, checkAttemptID, reviewerID int64, accepted bool, feedback string) error {
	var engineID sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT engine_attempt_id FROM check_attempts WHERE id = ?", checkAttemptID).Scan(&engineID); err != nil {
		return fmt.Errorf("store: review engine attempt: %w", err)
	}
	if !engineID.Valid {
		return nil
	}
	credit := 0.0
	if accepted {
		credit = 1
	}
	if _, err := tx.ExecContext(ctx, `UPDATE attempt_answers SET credit = ?, reviewer_id = ?, reviewed_at = ?, feedback = ?
		WHERE attempt_id = ? AND credit IS NULL AND question_id IN (SELECT id FROM questions WHERE kind = 'written')`,
		credit, reviewerID, s.timestamp(), feedback, engineID.Int64); err != nil {
		return fmt.Errorf("store: review engine attempt: %w", err)
	}
	_, err := s.settleAttempt(ctx, tx, engineID.Int64)
	return err
}

// CheckAttemptAnswers returns the written answers of a check attempt with the rubric (for
// reviewers) and feedback; nil for attempts recorded without the engine.
func (s *Store) CheckAttemptAnswers(ctx context.Context, a CheckAttempt) ([]AnsweredQuestion, error) {
	written, _, err := s.CheckAttemptQuestions(ctx, a)
	return written, err
}

// CheckAttemptQuestions splits a check attempt's answers into the written ones and the choice
// questions answered wrong (less than full credit), for the person's own page; nil for
// attempts recorded without the engine.
func (s *Store) CheckAttemptQuestions(ctx context.Context, a CheckAttempt) (written, wrong []AnsweredQuestion, err error) {
	var engineID sql.NullInt64
	if err := s.db.QueryRowContext(ctx, "SELECT engine_attempt_id FROM check_attempts WHERE id = ?", a.ID).Scan(&engineID); err != nil {
		return nil, nil, fmt.Errorf("store: check attempt answers: %w", err)
	}
	if !engineID.Valid {
		return nil, nil, nil
	}
	res, err := s.AttemptResultByID(ctx, engineID.Int64)
	if err != nil {
		return nil, nil, err
	}
	for _, q := range res.Questions {
		switch {
		case q.Kind == QuestionWritten:
			written = append(written, q)
		case q.Credit < 1:
			wrong = append(wrong, q)
		}
	}
	return written, wrong, nil
}

// CheckQuestionAnalysis is the item analysis of the check's questions over the given
// people's submitted attempts (which parts of the strategy are misunderstood).
func (s *Store) CheckQuestionAnalysis(ctx context.Context, checkID int64, personIDs []int64) ([]ItemStat, error) {
	setID, err := s.checkSetID(ctx, s.db, checkID)
	if err != nil || setID == 0 || len(personIDs) == 0 {
		return nil, err
	}
	return s.ItemAnalysis(ctx, personIDs, setID)
}

// OpenCheckAttempt returns personID's attempt with token and its questions as presented
// (no answer key), without starting anything: the submit handler reads the answers with it.
func (s *Store) OpenCheckAttempt(ctx context.Context, personID int64, token string) (OpenAttempt, error) {
	var oa OpenAttempt
	a, err := s.AttemptByToken(ctx, personID, token)
	if err != nil {
		return oa, err
	}
	oa.Attempt = a
	oa.Questions, err = s.presented(ctx, s.db, a.ID)
	return oa, err
}

// CheckAttemptInProgress returns personID's started, unsubmitted attempt at the check's
// questions (ErrNotFound when there is none). It never starts one: the answering page calls
// it on GET, so a prefetch or a reload cannot spend an attempt.
func (s *Store) CheckAttemptInProgress(ctx context.Context, checkID, personID int64) (OpenAttempt, error) {
	setID, err := s.checkSetID(ctx, s.db, checkID)
	if err != nil {
		return OpenAttempt{}, err
	}
	if setID == 0 {
		return OpenAttempt{}, ErrNotFound
	}
	return s.OpenAttemptOf(ctx, setID, personID)
}
