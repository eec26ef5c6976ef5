package store

// The question engine: question sets, questions with answer keys, attempts, scoring,
// written-answer review and item analysis. It knows nothing about courses: a course quiz
// owns one question set per course revision, the strategy check owns its own. See
// docs/training.md, "Question engine".

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Question kinds.
const (
	QuestionSingle    = "single"
	QuestionMultiple  = "multiple"
	QuestionTrueFalse = "true_false"
	QuestionWritten   = "written"
)

// QuestionKinds lists the kinds in display order.
var QuestionKinds = []string{QuestionSingle, QuestionMultiple, QuestionTrueFalse, QuestionWritten}

// Attempt statuses.
const (
	AttemptOpen          = "open"
	AttemptPendingReview = "pending_review"
	AttemptScored        = "scored"
)

// Errors of the attempt rules.
var (
	// ErrAttemptLimit: the person has used every attempt the set allows.
	ErrAttemptLimit = errors.New("store: attempt limit reached")
	// ErrAttemptPending: an earlier attempt still waits for review; no new one until it is scored.
	ErrAttemptPending = errors.New("store: an attempt is waiting for review")
	// ErrSetInUse: the set already has attempts, so its questions are frozen; copy it instead.
	ErrSetInUse = errors.New("store: question set has attempts; copy it to change its questions")
)

// CoolingDownError says a new attempt may start only at Until.
type CoolingDownError struct{ Until time.Time }

func (e *CoolingDownError) Error() string {
	return "store: cooling down until " + e.Until.UTC().Format(time.RFC3339)
}

// QuestionSetSettings are the rules of a set.
type QuestionSetSettings struct {
	PassMark        int  // percent of points needed to pass, 0..100
	DrawCount       int  // questions drawn at random per attempt; 0 = all, in order
	ShuffleOptions  bool // shuffle each question's options per attempt
	MaxAttempts     int  // submitted attempts allowed; 0 = unlimited
	CooldownMinutes int  // wait after a submitted attempt before the next may start
}

// QuestionSet is a set with its questions (answer keys included: for authors and scoring only).
type QuestionSet struct {
	ID    int64
	Owner string
	QuestionSetSettings
	Questions []Question
}

// Question is one question with its answer key.
type Question struct {
	ID            int64
	SetID         int64
	OriginID      int64 // the first version of this question across copies (its own id if none)
	Kind          string
	PartialCredit bool // multiple choice only
	Points        int
	Position      int
	PromptEN      string
	PromptZH      string
	ExplanationEN string
	ExplanationZH string
	RubricEN      string
	RubricZH      string
	Options       []QuestionOption
}

// Prompt, Explanation and Rubric return the text in lang, falling back to the other language.
func (q Question) Prompt(lang string) string { return pick(lang, q.PromptEN, q.PromptZH) }
func (q Question) Explanation(lang string) string {
	return pick(lang, q.ExplanationEN, q.ExplanationZH)
}
func (q Question) Rubric(lang string) string { return pick(lang, q.RubricEN, q.RubricZH) }

// QuestionOption is one answer option; Correct is the answer key.
type QuestionOption struct {
	ID       int64
	OriginID int64
	Position int
	TextEN   string
	TextZH   string
	Correct  bool
}

// Text returns the option in lang.
func (o QuestionOption) Text(lang string) string { return pick(lang, o.TextEN, o.TextZH) }

// QuestionInput is a question as an author writes it. For true/false questions Options
// is ignored and TrueIsCorrect gives the key; written questions have no options.
type QuestionInput struct {
	Kind          string
	PartialCredit bool
	Points        int
	PromptEN      string
	PromptZH      string
	ExplanationEN string
	ExplanationZH string
	RubricEN      string
	RubricZH      string
	Options       []OptionInput
	TrueIsCorrect bool
}

// OptionInput is one option as written; empty options (both texts blank) are dropped.
type OptionInput struct {
	TextEN  string
	TextZH  string
	Correct bool
}

// Answer is what a person gave for one question: chosen option ids, or text for written.
type Answer struct {
	OptionIDs []int64
	Text      string
}

// ScoreAnswer is the pure scoring rule. It returns the credit (0..1 of the question's
// points) and pending=true for written answers, which wait for a reviewer.
//
//   - single and true/false: 1 when exactly one option is chosen and it is correct, else 0.
//   - multiple, all-or-nothing: 1 when the chosen set equals the correct set, else 0.
//   - multiple, partial credit: (correct chosen − wrong chosen) / number of correct options,
//     clamped to 0..1. Choosing every option therefore earns nothing when a wrong one is there.
//   - written: pending until reviewed.
func ScoreAnswer(q Question, a Answer) (credit float64, pending bool) {
	if q.Kind == QuestionWritten {
		return 0, true
	}
	chosen := map[int64]bool{}
	for _, id := range a.OptionIDs {
		chosen[id] = true
	}
	var correct, rightChosen, wrongChosen int
	for _, o := range q.Options {
		if o.Correct {
			correct++
		}
		if chosen[o.ID] {
			if o.Correct {
				rightChosen++
			} else {
				wrongChosen++
			}
		}
	}
	unknown := len(chosen) - rightChosen - wrongChosen
	switch q.Kind {
	case QuestionSingle, QuestionTrueFalse:
		if len(chosen) == 1 && rightChosen == 1 {
			return 1, false
		}
		return 0, false
	case QuestionMultiple:
		if correct == 0 {
			return 0, false
		}
		if !q.PartialCredit {
			if rightChosen == correct && wrongChosen == 0 && unknown == 0 {
				return 1, false
			}
			return 0, false
		}
		c := float64(rightChosen-wrongChosen) / float64(correct)
		return math.Max(0, math.Min(1, c)), false
	}
	return 0, false
}

// Passes tells whether earned of max points meets a pass mark in percent (exact, no rounding).
func Passes(earned, max float64, passMark int) bool {
	if max <= 0 {
		return passMark == 0
	}
	return earned*100 >= float64(passMark)*max-1e-9
}

// CreateQuestionSet creates an empty set owned by owner ("course", "check", …).
func (s *Store) CreateQuestionSet(ctx context.Context, owner string, st QuestionSetSettings) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.createQuestionSet(ctx, tx, owner, st)
		return err
	})
	return id, err
}

func validateSettings(st QuestionSetSettings) error {
	verr := &ValidationError{}
	if st.PassMark < 0 || st.PassMark > 100 {
		verr.add(0, "pass_mark", "out_of_range", "0–100")
	}
	if st.DrawCount < 0 {
		verr.add(0, "draw_count", "out_of_range", "≥ 0")
	}
	if st.MaxAttempts < 0 {
		verr.add(0, "max_attempts", "out_of_range", "≥ 0")
	}
	if st.CooldownMinutes < 0 {
		verr.add(0, "cooldown_minutes", "out_of_range", "≥ 0")
	}
	return verr.orNil()
}

func (s *Store) createQuestionSet(ctx context.Context, tx *sql.Tx, owner string, st QuestionSetSettings) (int64, error) {
	if err := validateSettings(st); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO question_sets (owner, pass_mark, draw_count, shuffle_options,
		max_attempts, cooldown_minutes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		owner, st.PassMark, st.DrawCount, st.ShuffleOptions, st.MaxAttempts, st.CooldownMinutes, s.timestamp()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create question set: %w", err)
	}
	return id, nil
}

// UpdateQuestionSetSettings changes a set's rules (allowed even with attempts: they apply
// to attempts started afterwards and to the pass verdict of attempts scored afterwards).
func (s *Store) UpdateQuestionSetSettings(ctx context.Context, setID int64, st QuestionSetSettings) error {
	if err := validateSettings(st); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE question_sets SET pass_mark = ?, draw_count = ?, shuffle_options = ?,
			max_attempts = ?, cooldown_minutes = ? WHERE id = ?`,
			st.PassMark, st.DrawCount, st.ShuffleOptions, st.MaxAttempts, st.CooldownMinutes, setID)
		if err != nil {
			return fmt.Errorf("store: update question set: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// QuestionSetByID returns a set with its questions and answer keys.
func (s *Store) QuestionSetByID(ctx context.Context, setID int64) (QuestionSet, error) {
	return s.questionSet(ctx, s.db, setID)
}

func (s *Store) questionSet(ctx context.Context, q queryer, setID int64) (QuestionSet, error) {
	var qs QuestionSet
	err := q.QueryRowContext(ctx, `SELECT id, owner, pass_mark, draw_count, shuffle_options, max_attempts, cooldown_minutes
		FROM question_sets WHERE id = ?`, setID).Scan(&qs.ID, &qs.Owner, &qs.PassMark, &qs.DrawCount, &qs.ShuffleOptions,
		&qs.MaxAttempts, &qs.CooldownMinutes)
	if errors.Is(err, sql.ErrNoRows) {
		return qs, ErrNotFound
	}
	if err != nil {
		return qs, fmt.Errorf("store: question set: %w", err)
	}
	qs.Questions, err = s.questionsWhere(ctx, q, "q.set_id = ?", setID)
	return qs, err
}

func (s *Store) questionsWhere(ctx context.Context, q queryer, where string, args ...any) ([]Question, error) {
	rows, err := q.QueryContext(ctx, `SELECT q.id, q.set_id, COALESCE(q.origin_id, q.id), q.kind, q.partial_credit, q.points,
		q.position, q.prompt_en, q.prompt_zh, q.explanation_en, q.explanation_zh, q.rubric_en, q.rubric_zh
		FROM questions q WHERE `+where+` ORDER BY q.position, q.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: questions: %w", err)
	}
	var out []Question
	index := map[int64]int{}
	for rows.Next() {
		var x Question
		if err := rows.Scan(&x.ID, &x.SetID, &x.OriginID, &x.Kind, &x.PartialCredit, &x.Points, &x.Position,
			&x.PromptEN, &x.PromptZH, &x.ExplanationEN, &x.ExplanationZH, &x.RubricEN, &x.RubricZH); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: questions: %w", err)
		}
		index[x.ID] = len(out)
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	ids := make([]any, 0, len(out))
	for _, x := range out {
		ids = append(ids, x.ID)
	}
	orows, err := q.QueryContext(ctx, `SELECT id, question_id, COALESCE(origin_id, id), position, text_en, text_zh, correct
		FROM question_options WHERE question_id IN (`+placeholders(len(ids))+`) ORDER BY question_id, position, id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("store: options: %w", err)
	}
	defer orows.Close()
	for orows.Next() {
		var o QuestionOption
		var qid int64
		if err := orows.Scan(&o.ID, &qid, &o.OriginID, &o.Position, &o.TextEN, &o.TextZH, &o.Correct); err != nil {
			return nil, fmt.Errorf("store: options: %w", err)
		}
		i := index[qid]
		out[i].Options = append(out[i].Options, o)
	}
	return out, orows.Err()
}

func placeholders(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// validateQuestion reports every problem with a question input; fields are named as in
// the authoring form (prompt_en, options, …).
func validateQuestion(in *QuestionInput) error {
	verr := &ValidationError{}
	in.PromptEN, in.PromptZH = strings.TrimSpace(in.PromptEN), strings.TrimSpace(in.PromptZH)
	for _, f := range []struct {
		field string
		value *string
	}{{"prompt_en", &in.PromptEN}, {"prompt_zh", &in.PromptZH}, {"explanation_en", &in.ExplanationEN},
		{"explanation_zh", &in.ExplanationZH}, {"rubric_en", &in.RubricEN}, {"rubric_zh", &in.RubricZH}} {
		checkText(verr, 0, f.field, f.value)
	}
	for _, o := range in.Options {
		if !checkLine(verr, 0, "options", strings.TrimSpace(o.TextEN)) || !checkLine(verr, 0, "options", strings.TrimSpace(o.TextZH)) {
			break
		}
	}
	if !slices.Contains(QuestionKinds, in.Kind) {
		verr.add(0, "kind", "invalid_choice", in.Kind)
	}
	if in.PromptEN == "" && in.PromptZH == "" {
		verr.add(0, "prompt_en", "required", "")
	}
	if in.Points == 0 {
		in.Points = 1
	}
	if in.Points < 0 || in.Points > 100 {
		verr.add(0, "points", "out_of_range", "1–100")
	}
	var kept []OptionInput
	for _, o := range in.Options {
		o.TextEN, o.TextZH = strings.TrimSpace(o.TextEN), strings.TrimSpace(o.TextZH)
		if o.TextEN != "" || o.TextZH != "" {
			kept = append(kept, o)
		}
	}
	in.Options = kept
	correct := 0
	for _, o := range in.Options {
		if o.Correct {
			correct++
		}
	}
	switch in.Kind {
	case QuestionSingle:
		if len(in.Options) < 2 {
			verr.add(0, "options", "too_few_options", "2")
		} else if correct != 1 {
			verr.add(0, "options", "exactly_one_correct", "")
		}
	case QuestionMultiple:
		if len(in.Options) < 2 {
			verr.add(0, "options", "too_few_options", "2")
		} else if correct == 0 {
			verr.add(0, "options", "need_correct_option", "")
		}
	case QuestionTrueFalse:
		in.Options = []OptionInput{{TextEN: "True", TextZH: "正确", Correct: in.TrueIsCorrect},
			{TextEN: "False", TextZH: "错误", Correct: !in.TrueIsCorrect}}
	case QuestionWritten:
		in.Options = nil
		if strings.TrimSpace(in.RubricEN) == "" && strings.TrimSpace(in.RubricZH) == "" {
			verr.add(0, "rubric_en", "required", "")
		}
	}
	if in.Kind != QuestionMultiple {
		in.PartialCredit = false
	}
	return verr.orNil()
}

// AddQuestion appends a question to a set. A set whose questions have been attempted is
// frozen (ErrSetInUse): copy it with CopyQuestionSet and change the copy.
func (s *Store) AddQuestion(ctx context.Context, setID int64, in QuestionInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.addQuestion(ctx, tx, setID, in)
		return err
	})
	return id, err
}

func (s *Store) setInUse(ctx context.Context, tx *sql.Tx, setID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM attempts WHERE set_id = ?", setID).Scan(&n); err != nil {
		return fmt.Errorf("store: set in use: %w", err)
	}
	if n > 0 {
		return ErrSetInUse
	}
	return nil
}

func (s *Store) addQuestion(ctx context.Context, tx *sql.Tx, setID int64, in QuestionInput) (int64, error) {
	if err := validateQuestion(&in); err != nil {
		return 0, err
	}
	if err := s.setInUse(ctx, tx, setID); err != nil {
		return 0, err
	}
	var pos int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM questions WHERE set_id = ?", setID).Scan(&pos); err != nil {
		return 0, fmt.Errorf("store: add question: %w", err)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO questions (set_id, kind, partial_credit, points, position, prompt_en, prompt_zh,
		explanation_en, explanation_zh, rubric_en, rubric_zh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		setID, in.Kind, in.PartialCredit, in.Points, pos, in.PromptEN, in.PromptZH,
		strings.TrimSpace(in.ExplanationEN), strings.TrimSpace(in.ExplanationZH),
		strings.TrimSpace(in.RubricEN), strings.TrimSpace(in.RubricZH)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add question: %w", err)
	}
	return id, s.writeOptions(ctx, tx, id, in.Options)
}

func (s *Store) writeOptions(ctx context.Context, tx *sql.Tx, questionID int64, opts []OptionInput) error {
	for i, o := range opts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO question_options (question_id, position, text_en, text_zh, correct)
			VALUES (?, ?, ?, ?, ?)`, questionID, i+1, o.TextEN, o.TextZH, o.Correct); err != nil {
			return fmt.Errorf("store: add option: %w", err)
		}
	}
	return nil
}

// UpdateQuestion replaces a question's text, key and options (ErrSetInUse once attempted).
func (s *Store) UpdateQuestion(ctx context.Context, questionID int64, in QuestionInput) error {
	if err := validateQuestion(&in); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var setID int64
		if err := tx.QueryRowContext(ctx, "SELECT set_id FROM questions WHERE id = ?", questionID).Scan(&setID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: update question: %w", err)
		}
		if err := s.setInUse(ctx, tx, setID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questions SET kind = ?, partial_credit = ?, points = ?, prompt_en = ?, prompt_zh = ?,
			explanation_en = ?, explanation_zh = ?, rubric_en = ?, rubric_zh = ? WHERE id = ?`,
			in.Kind, in.PartialCredit, in.Points, in.PromptEN, in.PromptZH, strings.TrimSpace(in.ExplanationEN),
			strings.TrimSpace(in.ExplanationZH), strings.TrimSpace(in.RubricEN), strings.TrimSpace(in.RubricZH), questionID); err != nil {
			return fmt.Errorf("store: update question: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM question_options WHERE question_id = ?", questionID); err != nil {
			return fmt.Errorf("store: update question: %w", err)
		}
		return s.writeOptions(ctx, tx, questionID, in.Options)
	})
}

// DeleteQuestion removes a question from a set that has no attempts yet.
func (s *Store) DeleteQuestion(ctx context.Context, questionID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var setID int64
		if err := tx.QueryRowContext(ctx, "SELECT set_id FROM questions WHERE id = ?", questionID).Scan(&setID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: delete question: %w", err)
		}
		if err := s.setInUse(ctx, tx, setID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM questions WHERE id = ?", questionID)
		return err
	})
}

// copyQuestionSet copies a set with its questions and options into a new set (a new
// revision); copies remember their origin so item analysis can follow a question.
func (s *Store) copyQuestionSet(ctx context.Context, tx *sql.Tx, setID int64) (int64, error) {
	qs, err := s.questionSet(ctx, tx, setID)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO question_sets (owner, pass_mark, draw_count, shuffle_options, max_attempts,
		cooldown_minutes, copied_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		qs.Owner, qs.PassMark, qs.DrawCount, qs.ShuffleOptions, qs.MaxAttempts, qs.CooldownMinutes, setID, s.timestamp()).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: copy question set: %w", err)
	}
	for _, q := range qs.Questions {
		var qid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO questions (set_id, origin_id, kind, partial_credit, points, position,
			prompt_en, prompt_zh, explanation_en, explanation_zh, rubric_en, rubric_zh)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, id, q.OriginID, q.Kind, q.PartialCredit, q.Points,
			q.Position, q.PromptEN, q.PromptZH, q.ExplanationEN, q.ExplanationZH, q.RubricEN, q.RubricZH).Scan(&qid); err != nil {
			return 0, fmt.Errorf("store: copy question: %w", err)
		}
		for _, o := range q.Options {
			if _, err := tx.ExecContext(ctx, `INSERT INTO question_options (question_id, origin_id, position, text_en, text_zh, correct)
				VALUES (?, ?, ?, ?, ?, ?)`, qid, o.OriginID, o.Position, o.TextEN, o.TextZH, o.Correct); err != nil {
				return 0, fmt.Errorf("store: copy option: %w", err)
			}
		}
	}
	return id, nil
}

// CopyQuestionSet copies a set (questions, options, keys, settings) into a new set.
func (s *Store) CopyQuestionSet(ctx context.Context, setID int64) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.copyQuestionSet(ctx, tx, setID)
		return err
	})
	return id, err
}

// Attempt is one person's go at a set.
type Attempt struct {
	ID          int64
	SetID       int64
	PersonID    int64
	Token       string
	StartedAt   time.Time
	SubmittedAt time.Time // zero while open
	Status      string
	Points      float64 // earned so far
	MaxPoints   float64
	Score       float64 // 0..1 once scored
	Passed      bool    // once scored
	// Replayed is true when SubmitAttempt saw a token that was already submitted.
	Replayed bool
	// PendingPoints are the points of the answers still waiting for review (0 once scored).
	PendingPoints float64
	// PassMark is the set's pass mark in percent.
	PassMark int
}

// Percent is the score as a whole percentage.
func (a Attempt) Percent() int { return int(math.Round(a.Score * 100)) }

// CannotPass tells whether an attempt waiting for review has already failed: even full
// credit on every pending answer would not reach the pass mark. Its verdict no longer
// depends on the review.
func (a Attempt) CannotPass() bool {
	return a.Status == AttemptPendingReview && !Passes(a.Points+a.PendingPoints, a.MaxPoints, a.PassMark)
}

// Failed tells whether the attempt did not pass: scored and failed, or CannotPass.
func (a Attempt) Failed() bool {
	return a.Status == AttemptScored && !a.Passed || a.CannotPass()
}

const attemptColumns = `id, set_id, person_id, token, started_at, COALESCE(submitted_at, ''), status, points, max_points,
	COALESCE(score, 0), COALESCE(passed, 0),
	(SELECT COALESCE(SUM(q.points), 0) FROM attempt_answers aa JOIN questions q ON q.id = aa.question_id
		WHERE aa.attempt_id = attempts.id AND aa.credit IS NULL),
	(SELECT pass_mark FROM question_sets WHERE id = attempts.set_id)`

func scanAttempt(row scanner) (Attempt, error) {
	var a Attempt
	var started, submitted string
	err := row.Scan(&a.ID, &a.SetID, &a.PersonID, &a.Token, &started, &submitted, &a.Status, &a.Points, &a.MaxPoints,
		&a.Score, &a.Passed, &a.PendingPoints, &a.PassMark)
	if err != nil {
		return a, err
	}
	a.StartedAt, _ = time.Parse(time.RFC3339, started)
	if submitted != "" {
		a.SubmittedAt, _ = time.Parse(time.RFC3339, submitted)
	}
	return a, nil
}

// PresentedQuestion is a question as the person sees it before submitting: options in the
// attempt's order and NO answer key, explanation or rubric. This type is what the quiz
// page renders, so the key cannot reach the browser.
type PresentedQuestion struct {
	ID       int64
	Kind     string
	Points   int
	PromptEN string
	PromptZH string
	Options  []PresentedOption
}

// Prompt returns the prompt in lang.
func (q PresentedQuestion) Prompt(lang string) string { return pick(lang, q.PromptEN, q.PromptZH) }

// PresentedOption is an option without its key.
type PresentedOption struct {
	ID     int64
	TextEN string
	TextZH string
}

// Text returns the option in lang.
func (o PresentedOption) Text(lang string) string { return pick(lang, o.TextEN, o.TextZH) }

// OpenAttempt is an attempt in progress with its questions.
type OpenAttempt struct {
	Attempt
	Questions []PresentedQuestion
}

// AttemptRules sums up where a person stands with a set: used attempts, whether another may
// start now, and when.
type AttemptRules struct {
	Used       int // submitted attempts
	Max        int // 0 unlimited
	NextAt     time.Time
	CanStart   bool
	LimitHit   bool
	CoolingOff bool
	Pending    bool // an attempt waits for review
}

func (s *Store) attemptRules(ctx context.Context, q queryer, qs QuestionSet, personID int64) (AttemptRules, error) {
	r := AttemptRules{Max: qs.MaxAttempts}
	var last string
	if err := q.QueryRowContext(ctx, `SELECT count(*), COALESCE(MAX(submitted_at), '') FROM attempts
		WHERE set_id = ? AND person_id = ? AND submitted_at IS NOT NULL`, qs.ID, personID).Scan(&r.Used, &last); err != nil {
		return r, fmt.Errorf("store: attempt rules: %w", err)
	}
	if qs.MaxAttempts > 0 && r.Used >= qs.MaxAttempts {
		r.LimitHit = true
		return r, nil
	}
	pending, err := s.blockingPending(ctx, q, qs, personID)
	if err != nil {
		return r, err
	}
	if pending {
		r.Pending = true
		return r, nil
	}
	if last != "" && qs.CooldownMinutes > 0 {
		t, _ := time.Parse(time.RFC3339, last)
		next := t.Add(time.Duration(qs.CooldownMinutes) * time.Minute)
		if s.now().Before(next) {
			r.CoolingOff, r.NextAt = true, next
			return r, nil
		}
	}
	r.CanStart = true
	return r, nil
}

// blockingPending tells whether an attempt waiting for review stops a new one. For course
// quizzes only an attempt that can still pass blocks: one that cannot (CannotPass) has
// failed whatever the review says, so the learner need not wait for the reviewer to try
// again (the review still happens, for the feedback). Other owners wait for every review.
func (s *Store) blockingPending(ctx context.Context, q queryer, qs QuestionSet, personID int64) (bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+attemptColumns+` FROM attempts WHERE set_id = ? AND person_id = ? AND status = 'pending_review'`,
		qs.ID, personID)
	if err != nil {
		return false, fmt.Errorf("store: attempt rules: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return false, fmt.Errorf("store: attempt rules: %w", err)
		}
		if qs.Owner != QuestionSetOwnerCourse || !a.CannotPass() {
			return true, nil
		}
	}
	return false, rows.Err()
}

// AttemptRulesFor tells where personID stands with setID.
func (s *Store) AttemptRulesFor(ctx context.Context, setID, personID int64) (AttemptRules, error) {
	qs, err := s.questionSet(ctx, s.db, setID)
	if err != nil {
		return AttemptRules{}, err
	}
	return s.attemptRules(ctx, s.db, qs, personID)
}

// StartAttempt returns the person's open attempt at the set, or starts a new one when the
// attempt limit, a pending review and the cool-down allow (ErrAttemptLimit,
// ErrAttemptPending, *CoolingDownError otherwise). A new
// attempt draws its questions (DrawCount at random, else all in order) and fixes the option
// order (shuffled when the set says so); reloading the page shows the same attempt.
func (s *Store) StartAttempt(ctx context.Context, setID, personID int64) (OpenAttempt, error) {
	var oa OpenAttempt
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		oa, err = s.startAttempt(ctx, tx, setID, personID)
		return err
	})
	return oa, err
}

func (s *Store) startAttempt(ctx context.Context, tx *sql.Tx, setID, personID int64) (OpenAttempt, error) {
	var oa OpenAttempt
	a, err := scanAttempt(tx.QueryRowContext(ctx, "SELECT "+attemptColumns+` FROM attempts
		WHERE set_id = ? AND person_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1`, setID, personID))
	if err == nil {
		oa.Attempt = a
		oa.Questions, err = s.presented(ctx, tx, a.ID)
		return oa, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return oa, fmt.Errorf("store: start attempt: %w", err)
	}
	qs, err := s.questionSet(ctx, tx, setID)
	if err != nil {
		return oa, err
	}
	rules, err := s.attemptRules(ctx, tx, qs, personID)
	if err != nil {
		return oa, err
	}
	if rules.LimitHit {
		return oa, ErrAttemptLimit
	}
	if rules.Pending {
		return oa, ErrAttemptPending
	}
	if rules.CoolingOff {
		return oa, &CoolingDownError{Until: rules.NextAt}
	}
	token, err := newAttemptToken()
	if err != nil {
		return oa, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO attempts (set_id, person_id, token, started_at) VALUES (?, ?, ?, ?) RETURNING id`,
		setID, personID, token, s.timestamp()).Scan(&id); err != nil {
		return oa, fmt.Errorf("store: start attempt: %w", err)
	}
	seed := mrand.Uint64()
	rng := mrand.New(mrand.NewPCG(seed, uint64(id)))
	questions := qs.Questions
	if qs.DrawCount > 0 && qs.DrawCount < len(questions) {
		picked := rng.Perm(len(questions))[:qs.DrawCount]
		slices.Sort(picked) // keep the author's order among the drawn questions
		var drawn []Question
		for _, i := range picked {
			drawn = append(drawn, questions[i])
		}
		questions = drawn
	}
	for i, q := range questions {
		order := make([]int64, len(q.Options))
		for j, o := range q.Options {
			order[j] = o.ID
		}
		if qs.ShuffleOptions && q.Kind != QuestionTrueFalse {
			rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		}
		b, _ := json.Marshal(order)
		if _, err := tx.ExecContext(ctx, `INSERT INTO attempt_questions (attempt_id, question_id, position, option_order)
			VALUES (?, ?, ?, ?)`, id, q.ID, i+1, string(b)); err != nil {
			return oa, fmt.Errorf("store: start attempt: %w", err)
		}
	}
	a, err = scanAttempt(tx.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM attempts WHERE id = ?", id))
	if err != nil {
		return oa, fmt.Errorf("store: start attempt: %w", err)
	}
	oa.Attempt = a
	oa.Questions, err = s.presented(ctx, tx, id)
	return oa, err
}

func newAttemptToken() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: attempt token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// attemptQuestions returns the attempt's questions (with keys) in presented order and
// the option order per question.
func (s *Store) attemptQuestions(ctx context.Context, q queryer, attemptID int64) ([]Question, map[int64][]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT question_id, option_order FROM attempt_questions WHERE attempt_id = ? ORDER BY position", attemptID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: attempt questions: %w", err)
	}
	var ids []any
	orders := map[int64][]int64{}
	var sequence []int64
	for rows.Next() {
		var id int64
		var order string
		if err := rows.Scan(&id, &order); err != nil {
			rows.Close()
			return nil, nil, err
		}
		var o []int64
		_ = json.Unmarshal([]byte(order), &o)
		orders[id] = o
		ids = append(ids, id)
		sequence = append(sequence, id)
	}
	rows.Close()
	if len(ids) == 0 {
		return nil, orders, nil
	}
	qs, err := s.questionsWhere(ctx, q, "q.id IN ("+placeholders(len(ids))+")", ids...)
	if err != nil {
		return nil, nil, err
	}
	byID := map[int64]Question{}
	for _, x := range qs {
		byID[x.ID] = x
	}
	out := make([]Question, 0, len(sequence))
	for _, id := range sequence {
		x := byID[id]
		// Options in the presented order.
		optByID := map[int64]QuestionOption{}
		for _, o := range x.Options {
			optByID[o.ID] = o
		}
		var opts []QuestionOption
		for _, oid := range orders[id] {
			if o, ok := optByID[oid]; ok {
				opts = append(opts, o)
			}
		}
		x.Options = opts
		out = append(out, x)
	}
	return out, orders, nil
}

func (s *Store) presented(ctx context.Context, q queryer, attemptID int64) ([]PresentedQuestion, error) {
	qs, _, err := s.attemptQuestions(ctx, q, attemptID)
	if err != nil {
		return nil, err
	}
	out := make([]PresentedQuestion, 0, len(qs))
	for _, x := range qs {
		pq := PresentedQuestion{ID: x.ID, Kind: x.Kind, Points: x.Points, PromptEN: x.PromptEN, PromptZH: x.PromptZH}
		for _, o := range x.Options {
			pq.Options = append(pq.Options, PresentedOption{ID: o.ID, TextEN: o.TextEN, TextZH: o.TextZH})
		}
		out = append(out, pq)
	}
	return out, nil
}

// SubmitAttempt scores the open attempt with this token, once. Submitting the same token
// again (double click, back button, replay) changes nothing and returns the recorded
// attempt with Replayed set. Every presented question must be answered: otherwise a
// *ValidationError names each unanswered question as field "q<ID>" and nothing is stored.
// A token of another person is ErrNotFound.
func (s *Store) SubmitAttempt(ctx context.Context, personID int64, token string, answers map[int64]Answer) (Attempt, error) {
	var a Attempt
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.submitAttempt(ctx, tx, personID, token, answers)
		return err
	})
	return a, err
}

func (s *Store) submitAttempt(ctx context.Context, tx *sql.Tx, personID int64, token string, answers map[int64]Answer) (Attempt, error) {
	a, err := scanAttempt(tx.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM attempts WHERE token = ? AND person_id = ?", token, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: submit attempt: %w", err)
	}
	if a.Status != AttemptOpen {
		a.Replayed = true
		return a, nil
	}
	questions, _, err := s.attemptQuestions(ctx, tx, a.ID)
	if err != nil {
		return a, err
	}
	verr := &ValidationError{}
	for _, q := range questions {
		ans := answers[q.ID]
		field := fmt.Sprintf("q%d", q.ID)
		if q.Kind == QuestionWritten {
			if strings.TrimSpace(ans.Text) == "" {
				verr.add(0, field, "answer_required", "")
			} else if !checkText(verr, 0, field, &ans.Text) {
				continue
			} else if len([]rune(ans.Text)) > 4000 {
				verr.add(0, field, "too_long", "4000")
			}
			continue
		}
		if len(ans.OptionIDs) == 0 {
			verr.add(0, field, "answer_required", "")
			continue
		}
		known := map[int64]bool{}
		for _, o := range q.Options {
			known[o.ID] = true
		}
		for _, id := range ans.OptionIDs {
			if !known[id] {
				verr.add(0, field, "invalid_choice", fmt.Sprint(id))
				break
			}
		}
		if (q.Kind == QuestionSingle || q.Kind == QuestionTrueFalse) && len(ans.OptionIDs) > 1 {
			verr.add(0, field, "choose_one", "")
		}
	}
	if err := verr.orNil(); err != nil {
		return a, err
	}
	now := s.timestamp()
	res, err := tx.ExecContext(ctx, "UPDATE attempts SET submitted_at = ?, status = ? WHERE id = ? AND status = 'open'",
		now, AttemptPendingReview, a.ID)
	if err != nil {
		return a, fmt.Errorf("store: submit attempt: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 { // a concurrent submission won
		a.Replayed = true
		return a, nil
	}
	for _, q := range questions {
		ans := answers[q.ID]
		credit, pending := ScoreAnswer(q, ans)
		chosen := ans.OptionIDs
		if chosen == nil {
			chosen = []int64{}
		}
		b, _ := json.Marshal(chosen)
		var c any = credit
		if pending {
			c = nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO attempt_answers (attempt_id, question_id, chosen, text, credit)
			VALUES (?, ?, ?, ?, ?)`, a.ID, q.ID, string(b), strings.TrimSpace(ans.Text), c); err != nil {
			return a, fmt.Errorf("store: submit attempt: %w", err)
		}
	}
	return s.settleAttempt(ctx, tx, a.ID)
}

// settleAttempt recomputes an attempt's points; when no answer waits for review it
// becomes scored (pass verdict against the set's pass mark) and the owner is told.
func (s *Store) settleAttempt(ctx context.Context, tx *sql.Tx, attemptID int64) (Attempt, error) {
	var earned, max float64
	var pending int
	var passMark int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(COALESCE(aa.credit, 0) * q.points), 0), COALESCE(SUM(q.points), 0),
		COALESCE(SUM(aa.credit IS NULL), 0), (SELECT qs.pass_mark FROM attempts a JOIN question_sets qs ON qs.id = a.set_id WHERE a.id = ?)
		FROM attempt_answers aa JOIN questions q ON q.id = aa.question_id WHERE aa.attempt_id = ?`, attemptID, attemptID).
		Scan(&earned, &max, &pending, &passMark); err != nil {
		return Attempt{}, fmt.Errorf("store: settle attempt: %w", err)
	}
	if pending > 0 {
		if _, err := tx.ExecContext(ctx, "UPDATE attempts SET points = ?, max_points = ?, status = ? WHERE id = ?",
			earned, max, AttemptPendingReview, attemptID); err != nil {
			return Attempt{}, fmt.Errorf("store: settle attempt: %w", err)
		}
	} else {
		score := 0.0
		if max > 0 {
			score = earned / max
		}
		if _, err := tx.ExecContext(ctx, `UPDATE attempts SET points = ?, max_points = ?, status = ?, score = ?, passed = ?, scored_at = ?
			WHERE id = ?`, earned, max, AttemptScored, score, Passes(earned, max, passMark), s.timestamp(), attemptID); err != nil {
			return Attempt{}, fmt.Errorf("store: settle attempt: %w", err)
		}
	}
	a, err := scanAttempt(tx.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM attempts WHERE id = ?", attemptID))
	if err != nil {
		return a, fmt.Errorf("store: settle attempt: %w", err)
	}
	if a.Status == AttemptScored {
		if err := s.attemptScored(ctx, tx, a); err != nil {
			return a, err
		}
	}
	return a, nil
}

// AttemptByID returns one attempt.
func (s *Store) AttemptByID(ctx context.Context, attemptID int64) (Attempt, error) {
	a, err := scanAttempt(s.db.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM attempts WHERE id = ?", attemptID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: attempt: %w", err)
	}
	return a, nil
}

// AttemptByToken returns the person's attempt with this token.
func (s *Store) AttemptByToken(ctx context.Context, personID int64, token string) (Attempt, error) {
	a, err := scanAttempt(s.db.QueryRowContext(ctx, "SELECT "+attemptColumns+" FROM attempts WHERE token = ? AND person_id = ?", token, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, ErrNotFound
	}
	if err != nil {
		return a, fmt.Errorf("store: attempt: %w", err)
	}
	return a, nil
}

// AttemptsOf lists a person's attempts at the given sets, newest first.
func (s *Store) AttemptsOf(ctx context.Context, personID int64, setIDs ...int64) ([]Attempt, error) {
	if len(setIDs) == 0 {
		return nil, nil
	}
	args := []any{personID}
	for _, id := range setIDs {
		args = append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+attemptColumns+" FROM attempts WHERE person_id = ? AND set_id IN ("+
		placeholders(len(setIDs))+") ORDER BY started_at DESC, id DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("store: attempts: %w", err)
	}
	defer rows.Close()
	var out []Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, fmt.Errorf("store: attempts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AnsweredQuestion is one question of a submitted attempt with the key, what was chosen or
// written, the credit and any review: what the result page shows after submission.
type AnsweredQuestion struct {
	Question
	Chosen     []int64
	Text       string
	Credit     float64
	Pending    bool
	ReviewerID int64
	ReviewedAt time.Time
	Feedback   string
}

// ChoseOption tells whether the answer chose option id.
func (a AnsweredQuestion) ChoseOption(id int64) bool { return slices.Contains(a.Chosen, id) }

// AttemptResult is a submitted attempt with every answered question.
type AttemptResult struct {
	Attempt
	PassMark  int
	Questions []AnsweredQuestion
}

// AttemptResultByID returns a submitted attempt with its answers and the keys.
func (s *Store) AttemptResultByID(ctx context.Context, attemptID int64) (AttemptResult, error) {
	var r AttemptResult
	a, err := s.AttemptByID(ctx, attemptID)
	if err != nil {
		return r, err
	}
	r.Attempt = a
	if err := s.db.QueryRowContext(ctx, "SELECT pass_mark FROM question_sets WHERE id = ?", a.SetID).Scan(&r.PassMark); err != nil {
		return r, fmt.Errorf("store: attempt result: %w", err)
	}
	qs, _, err := s.attemptQuestions(ctx, s.db, attemptID)
	if err != nil {
		return r, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT question_id, chosen, text, credit, COALESCE(reviewer_id, 0), COALESCE(reviewed_at, ''), feedback
		FROM attempt_answers WHERE attempt_id = ?`, attemptID)
	if err != nil {
		return r, fmt.Errorf("store: attempt result: %w", err)
	}
	defer rows.Close()
	type ans struct {
		chosen   []int64
		text     string
		credit   sql.NullFloat64
		reviewer int64
		at       string
		feedback string
	}
	answers := map[int64]ans{}
	for rows.Next() {
		var qid int64
		var chosen string
		var x ans
		if err := rows.Scan(&qid, &chosen, &x.text, &x.credit, &x.reviewer, &x.at, &x.feedback); err != nil {
			return r, fmt.Errorf("store: attempt result: %w", err)
		}
		_ = json.Unmarshal([]byte(chosen), &x.chosen)
		answers[qid] = x
	}
	for _, q := range qs {
		x := answers[q.ID]
		aq := AnsweredQuestion{Question: q, Chosen: x.chosen, Text: x.text, Credit: x.credit.Float64, Pending: !x.credit.Valid,
			ReviewerID: x.reviewer, Feedback: x.feedback}
		if x.at != "" {
			aq.ReviewedAt, _ = time.Parse(time.RFC3339, x.at)
		}
		r.Questions = append(r.Questions, aq)
	}
	return r, rows.Err()
}

// PendingReview is a written answer waiting for a reviewer.
type PendingReview struct {
	AttemptID   int64
	SetID       int64
	Question    Question
	PersonID    int64
	PersonName  string
	Text        string
	SubmittedAt time.Time
}

// PendingReviews lists written answers waiting for review, oldest first. personIDs limits
// them to those people (nil: everyone); setIDs limits them to those sets (nil: all).
func (s *Store) PendingReviews(ctx context.Context, personIDs, setIDs []int64) ([]PendingReview, error) {
	where := "aa.credit IS NULL AND a.submitted_at IS NOT NULL"
	var args []any
	if personIDs != nil {
		// One JSON argument, not one variable per person: a leader's scope is the whole
		// organisation, beyond SQLite's limit on bound variables.
		list, err := json.Marshal(personIDs)
		if err != nil {
			return nil, err
		}
		where += " AND a.person_id IN (SELECT value FROM json_each(?))"
		args = append(args, string(list))
	}
	if setIDs != nil {
		where += " AND a.set_id IN (" + placeholders(len(setIDs)) + ")"
		for _, id := range setIDs {
			args = append(args, id)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.set_id, aa.question_id, a.person_id, p.name, aa.text, a.submitted_at
		FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id JOIN people p ON p.id = a.person_id
		WHERE `+where+` ORDER BY a.submitted_at, a.id, aa.question_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: pending reviews: %w", err)
	}
	var out []PendingReview
	var qids []any
	for rows.Next() {
		var pr PendingReview
		var at string
		if err := rows.Scan(&pr.AttemptID, &pr.SetID, &pr.Question.ID, &pr.PersonID, &pr.PersonName, &pr.Text, &at); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: pending reviews: %w", err)
		}
		pr.SubmittedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, pr)
		qids = append(qids, pr.Question.ID)
	}
	rows.Close()
	if len(out) == 0 {
		return out, rows.Err()
	}
	qs, err := s.questionsWhere(ctx, s.db, "q.id IN ("+placeholders(len(qids))+")", qids...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]Question{}
	for _, q := range qs {
		byID[q.ID] = q
	}
	for i := range out {
		out[i].Question = byID[out[i].Question.ID]
	}
	return out, nil
}

// ReviewInput is a reviewer's verdict on one written answer: a score in percent of the
// question's points (0 not accepted, 100 fully accepted) and feedback the person sees.
type ReviewInput struct {
	AttemptID  int64
	QuestionID int64
	ReviewerID int64
	Percent    int
	Feedback   string
}

// ReviewAnswer records a verdict on a written answer and settles the attempt: when it was
// the last pending answer the attempt is scored and may pass. Reviewing again replaces
// the verdict only while the attempt is still pending.
func (s *Store) ReviewAnswer(ctx context.Context, in ReviewInput) (Attempt, error) {
	verr := &ValidationError{}
	if in.Percent < 0 || in.Percent > 100 {
		verr.add(0, "percent", "out_of_range", "0–100")
	}
	if checkText(verr, 0, "feedback", &in.Feedback) && len([]rune(in.Feedback)) > 2000 {
		verr.add(0, "feedback", "too_long", "2000")
	}
	if err := verr.orNil(); err != nil {
		return Attempt{}, err
	}
	var a Attempt
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = s.reviewAnswer(ctx, tx, in)
		return err
	})
	return a, err
}

func (s *Store) reviewAnswer(ctx context.Context, tx *sql.Tx, in ReviewInput) (Attempt, error) {
	var status, kind string
	err := tx.QueryRowContext(ctx, `SELECT a.status, q.kind FROM attempt_answers aa JOIN attempts a ON a.id = aa.attempt_id
		JOIN questions q ON q.id = aa.question_id WHERE aa.attempt_id = ? AND aa.question_id = ?`,
		in.AttemptID, in.QuestionID).Scan(&status, &kind)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind != QuestionWritten) {
		return Attempt{}, ErrNotFound
	}
	if err != nil {
		return Attempt{}, fmt.Errorf("store: review: %w", err)
	}
	if status != AttemptPendingReview {
		return Attempt{}, &ValidationError{Problems: []Problem{{Field: "percent", Code: "already_scored"}}}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE attempt_answers SET credit = ?, reviewer_id = ?, reviewed_at = ?, feedback = ?
		WHERE attempt_id = ? AND question_id = ?`, float64(in.Percent)/100, nullID(in.ReviewerID), s.timestamp(),
		strings.TrimSpace(in.Feedback), in.AttemptID, in.QuestionID); err != nil {
		return Attempt{}, fmt.Errorf("store: review: %w", err)
	}
	return s.settleAttempt(ctx, tx, in.AttemptID)
}

// ItemStat is the item analysis of one question over submitted attempts.
type ItemStat struct {
	Question        Question        // the newest version among the sets analysed
	Answered        int             // answers with a verdict (written answers awaiting review are left out)
	Correct         int             // answers with full credit
	Share           float64         // Correct / Answered
	WrongOption     *QuestionOption // the wrong option chosen most often (nil: none chosen)
	WrongOptionPick int             // how many answers chose it
}

// ItemAnalysis reports, per question of the given sets (a question and its copies count as
// one, following origin), how many answered, how many got full credit, and the wrong option
// chosen most often (ties: the earlier option). Only submitted attempts count; personIDs
// limits them to those people (nil: everyone).
func (s *Store) ItemAnalysis(ctx context.Context, personIDs []int64, setIDs ...int64) ([]ItemStat, error) {
	if len(setIDs) == 0 {
		return nil, nil
	}
	var args []any
	for _, id := range setIDs {
		args = append(args, id)
	}
	// The newest version of each question (highest set id) represents it.
	all, err := s.questionsWhere(ctx, s.db, "q.set_id IN ("+placeholders(len(setIDs))+")", args...)
	if err != nil {
		return nil, err
	}
	stats := map[int64]*ItemStat{}
	var order []int64
	optionOrigin := map[int64]int64{}
	for _, q := range all {
		for _, o := range q.Options {
			optionOrigin[o.ID] = o.OriginID
		}
		st, ok := stats[q.OriginID]
		if !ok {
			st = &ItemStat{}
			stats[q.OriginID] = st
			order = append(order, q.OriginID)
		}
		if st.Question.ID == 0 || q.SetID > st.Question.SetID {
			st.Question = q
		}
	}
	where := "a.set_id IN (" + placeholders(len(setIDs)) + ") AND a.submitted_at IS NOT NULL AND aa.credit IS NOT NULL"
	if personIDs != nil {
		// One JSON argument, not one variable per person: a leader's scope is the whole
		// organisation, beyond SQLite's limit on bound variables.
		list, err := json.Marshal(personIDs)
		if err != nil {
			return nil, err
		}
		where += " AND a.person_id IN (SELECT value FROM json_each(?))"
		args = append(args, string(list))
	}
	// Grouped by the database: a check's 40,000 answers are a few hundred distinct
	// (question, choice, full credit) groups, each parsed once.
	rows, err := s.db.QueryContext(ctx, `SELECT COALESCE(q.origin_id, q.id), aa.chosen, aa.credit >= 1-1e-9, count(*) FROM attempt_answers aa
		JOIN attempts a ON a.id = aa.attempt_id JOIN questions q ON q.id = aa.question_id WHERE `+where+" GROUP BY 1, 2, 3", args...)
	if err != nil {
		return nil, fmt.Errorf("store: item analysis: %w", err)
	}
	defer rows.Close()
	wrongPicks := map[int64]map[int64]int{} // question origin → option origin → picks
	correctOf := map[int64]bool{}
	for _, q := range all {
		for _, o := range q.Options {
			correctOf[o.OriginID] = o.Correct
		}
	}
	for rows.Next() {
		var origin int64
		var chosen string
		var full bool
		var n int
		if err := rows.Scan(&origin, &chosen, &full, &n); err != nil {
			return nil, fmt.Errorf("store: item analysis: %w", err)
		}
		st := stats[origin]
		if st == nil {
			continue
		}
		st.Answered += n
		if full {
			st.Correct += n
		}
		var ids []int64
		_ = json.Unmarshal([]byte(chosen), &ids)
		for _, id := range ids {
			oo, ok := optionOrigin[id]
			if !ok || correctOf[oo] {
				continue
			}
			if wrongPicks[origin] == nil {
				wrongPicks[origin] = map[int64]int{}
			}
			wrongPicks[origin][oo] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]ItemStat, 0, len(order))
	for _, origin := range order {
		st := stats[origin]
		if st.Answered > 0 {
			st.Share = float64(st.Correct) / float64(st.Answered)
		}
		for i, o := range st.Question.Options {
			n := wrongPicks[origin][o.OriginID]
			if n > st.WrongOptionPick {
				opt := st.Question.Options[i]
				st.WrongOption, st.WrongOptionPick = &opt, n
			}
		}
		out = append(out, *st)
	}
	slices.SortStableFunc(out, func(a, b ItemStat) int { return a.Question.Position - b.Question.Position })
	return out, nil
}
