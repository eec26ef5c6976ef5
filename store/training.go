package store

// Training: courses in revisions with ordered lessons and one quiz (a question set from the
// question engine per revision), lesson reading and completions. See docs/training.md.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// QuestionSetOwnerCourse owns the question sets of course quizzes.
const QuestionSetOwnerCourse = "course"

// OnboardingCourseKey is the stable key of the onboarding culture course.
const OnboardingCourseKey = "onboarding"

// Course is a course with the revision a reader sees: the published one for learners, the
// draft (when there is one) for authors.
type Course struct {
	ID                  int64
	Key                 string
	Department          string
	PublishedRevisionID int64
	DraftRevisionID     int64
	Archived            bool
	Revision            CourseRevision
}

// Published tells whether learners can see the course.
func (c Course) Published() bool { return c.PublishedRevisionID != 0 && !c.Archived }

// HasDraft tells whether the course has unpublished changes.
func (c Course) HasDraft() bool { return c.DraftRevisionID != 0 }

// Title returns the revision's title in lang.
func (c Course) Title(lang string) string { return c.Revision.Title(lang) }

// CourseRevision is one version of a course's content.
type CourseRevision struct {
	ID            int64
	CourseID      int64
	Number        int
	TitleEN       string
	TitleZH       string
	SummaryEN     string
	SummaryZH     string
	ValueID       int64
	PriorityID    int64
	QuestionSetID int64
	PublishedAt   time.Time
	Lessons       []Lesson
}

// Title and Summary return the text in lang.
func (r CourseRevision) Title(lang string) string { return pick(lang, r.TitleEN, r.TitleZH) }

// Summary returns the summary in lang.
func (r CourseRevision) Summary(lang string) string { return pick(lang, r.SummaryEN, r.SummaryZH) }

// Lesson is one lesson of a revision; Key stays the same across revisions.
type Lesson struct {
	ID       int64
	Key      int64
	Position int
	TitleEN  string
	TitleZH  string
	BodyEN   string // markdown
	BodyZH   string
}

// Title and Body return the text in lang.
func (l Lesson) Title(lang string) string { return pick(lang, l.TitleEN, l.TitleZH) }

// Body returns the markdown in lang.
func (l Lesson) Body(lang string) string { return pick(lang, l.BodyEN, l.BodyZH) }

// CourseInput is what an author writes about a course (quiz rules included).
type CourseInput struct {
	Key        string
	Department string
	TitleEN    string
	TitleZH    string
	SummaryEN  string
	SummaryZH  string
	ValueID    int64
	PriorityID int64
	Quiz       QuestionSetSettings
}

// LessonInput is a lesson as written.
type LessonInput struct {
	TitleEN string
	TitleZH string
	BodyEN  string
	BodyZH  string
}

func (s *Store) validateCourse(ctx context.Context, tx *sql.Tx, courseID int64, in *CourseInput) error {
	verr := &ValidationError{}
	for _, f := range []*string{&in.Key, &in.Department, &in.TitleEN, &in.TitleZH, &in.SummaryEN, &in.SummaryZH} {
		*f = strings.TrimSpace(*f)
	}
	in.Key = strings.ToLower(in.Key)
	for _, f := range []struct{ field, value string }{{"key", in.Key}, {"department", in.Department}, {"title_en", in.TitleEN}, {"title_zh", in.TitleZH}} {
		checkLine(verr, 0, f.field, f.value)
	}
	checkText(verr, 0, "summary_en", &in.SummaryEN)
	checkText(verr, 0, "summary_zh", &in.SummaryZH)
	if in.TitleEN == "" && in.TitleZH == "" {
		verr.add(0, "title_en", "required", "")
	}
	if len([]rune(in.TitleEN)) > 200 {
		verr.add(0, "title_en", "too_long", "200")
	}
	if len([]rune(in.TitleZH)) > 200 {
		verr.add(0, "title_zh", "too_long", "200")
	}
	if in.Key != "" {
		if strings.ContainsAny(in.Key, " /\t") || len(in.Key) > 64 {
			verr.add(0, "key", "invalid_key", in.Key)
		} else {
			var other int64
			err := tx.QueryRowContext(ctx, "SELECT id FROM courses WHERE key = ?", in.Key).Scan(&other)
			if err == nil && other != courseID {
				verr.add(0, "key", "key_taken", in.Key)
			}
		}
	}
	// A retired value or priority is hidden from new use; a course that already links to
	// one (in any revision) keeps it.
	if in.ValueID != 0 {
		var n int
		tx.QueryRowContext(ctx, `SELECT count(*) FROM culture_values WHERE id = ? AND (retired_at IS NULL
			OR EXISTS (SELECT 1 FROM course_revisions WHERE course_id = ? AND value_id = culture_values.id))`, in.ValueID, courseID).Scan(&n)
		if n == 0 {
			verr.add(0, "value_id", "invalid_choice", fmt.Sprint(in.ValueID))
		}
	}
	if in.PriorityID != 0 {
		var n int
		tx.QueryRowContext(ctx, `SELECT count(*) FROM strategic_priorities WHERE id = ? AND (retired_at IS NULL
			OR EXISTS (SELECT 1 FROM course_revisions WHERE course_id = ? AND priority_id = strategic_priorities.id))`, in.PriorityID, courseID).Scan(&n)
		if n == 0 {
			verr.add(0, "priority_id", "invalid_choice", fmt.Sprint(in.PriorityID))
		}
	}
	if err := validateSettings(in.Quiz); err != nil {
		var sv *ValidationError
		errors.As(err, &sv)
		verr.Problems = append(verr.Problems, sv.Problems...)
	}
	return verr.orNil()
}

// CreateCourse creates a draft course (revision 1 with an empty quiz).
func (s *Store) CreateCourse(ctx context.Context, actorID int64, in CourseInput) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.createCourse(ctx, tx, actorID, in)
		return err
	})
	return id, err
}

func (s *Store) createCourse(ctx context.Context, tx *sql.Tx, actorID int64, in CourseInput) (int64, error) {
	if err := s.validateCourse(ctx, tx, 0, &in); err != nil {
		return 0, err
	}
	now := s.timestamp()
	var id int64
	if err := tx.QueryRowContext(ctx, "INSERT INTO courses (key, department, created_by, created_at) VALUES (?, ?, ?, ?) RETURNING id",
		nullString(in.Key), in.Department, nullID(actorID), now).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: create course: %w", err)
	}
	setID, err := s.createQuestionSet(ctx, tx, QuestionSetOwnerCourse, in.Quiz)
	if err != nil {
		return 0, err
	}
	var revID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO course_revisions (course_id, number, title_en, title_zh, summary_en, summary_zh,
		value_id, priority_id, question_set_id, created_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		id, in.TitleEN, in.TitleZH, in.SummaryEN, in.SummaryZH, nullID(in.ValueID), nullID(in.PriorityID), setID, now).Scan(&revID); err != nil {
		return 0, fmt.Errorf("store: create course: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE courses SET draft_revision_id = ? WHERE id = ?", revID, id); err != nil {
		return 0, fmt.Errorf("store: create course: %w", err)
	}
	_, err = s.record(ctx, tx, Event{Key: EventCourseCreate, Actor: actorID, Subject: Ref{RefCourse, id}})
	return id, err
}

const courseColumns = `c.id, COALESCE(c.key, ''), c.department, COALESCE(c.published_revision_id, 0), COALESCE(c.draft_revision_id, 0),
	c.archived_at IS NOT NULL, r.id, r.number, r.title_en, r.title_zh, r.summary_en, r.summary_zh, COALESCE(r.value_id, 0),
	COALESCE(r.priority_id, 0), r.question_set_id, COALESCE(r.published_at, '')`

func scanCourse(row scanner) (Course, error) {
	var c Course
	var published string
	err := row.Scan(&c.ID, &c.Key, &c.Department, &c.PublishedRevisionID, &c.DraftRevisionID, &c.Archived,
		&c.Revision.ID, &c.Revision.Number, &c.Revision.TitleEN, &c.Revision.TitleZH, &c.Revision.SummaryEN, &c.Revision.SummaryZH,
		&c.Revision.ValueID, &c.Revision.PriorityID, &c.Revision.QuestionSetID, &published)
	if err != nil {
		return c, err
	}
	c.Revision.CourseID = c.ID
	if published != "" {
		c.Revision.PublishedAt, _ = time.Parse(time.RFC3339, published)
	}
	return c, nil
}

// PublishedCourse returns a course as learners see it: its published revision with lessons
// (ErrNotFound for drafts and archived courses).
func (s *Store) PublishedCourse(ctx context.Context, courseID int64) (Course, error) {
	return s.courseWith(ctx, s.db, "c.published_revision_id", courseID, true)
}

// CourseForAuthor returns a course with its draft revision, or the published one when
// there is no draft.
func (s *Store) CourseForAuthor(ctx context.Context, courseID int64) (Course, error) {
	return s.courseWith(ctx, s.db, "COALESCE(c.draft_revision_id, c.published_revision_id)", courseID, false)
}

func (s *Store) courseWith(ctx context.Context, q queryer, revisionExpr string, courseID int64, learner bool) (Course, error) {
	where := "c.id = ?"
	if learner {
		where += " AND c.archived_at IS NULL"
	}
	c, err := scanCourse(q.QueryRowContext(ctx, "SELECT "+courseColumns+" FROM courses c JOIN course_revisions r ON r.id = "+
		revisionExpr+" WHERE "+where, courseID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	if err != nil {
		return c, fmt.Errorf("store: course: %w", err)
	}
	c.Revision.Lessons, err = s.lessons(ctx, q, c.Revision.ID)
	return c, err
}

// CourseByKey returns the published course with a stable key (e.g. "onboarding").
func (s *Store) CourseByKey(ctx context.Context, key string) (Course, error) {
	var id int64
	if err := s.db.QueryRowContext(ctx, "SELECT id FROM courses WHERE key = ?", key).Scan(&id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Course{}, ErrNotFound
		}
		return Course{}, fmt.Errorf("store: course by key: %w", err)
	}
	return s.PublishedCourse(ctx, id)
}

func (s *Store) lessons(ctx context.Context, q queryer, revisionID int64) ([]Lesson, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, lesson_key, position, title_en, title_zh, body_en, body_zh FROM lessons
		WHERE revision_id = ? ORDER BY position, id`, revisionID)
	if err != nil {
		return nil, fmt.Errorf("store: lessons: %w", err)
	}
	defer rows.Close()
	var out []Lesson
	for rows.Next() {
		var l Lesson
		if err := rows.Scan(&l.ID, &l.Key, &l.Position, &l.TitleEN, &l.TitleZH, &l.BodyEN, &l.BodyZH); err != nil {
			return nil, fmt.Errorf("store: lessons: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// ListCourses returns courses in sortCourses' order: published ones as learners see them, or
// all with their drafts (authors).
func (s *Store) ListCourses(ctx context.Context, includeDrafts bool) ([]Course, error) {
	if !includeDrafts {
		return s.publishedCourses(ctx, false)
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+courseColumns+" FROM courses c JOIN course_revisions r ON r.id = COALESCE(c.draft_revision_id, c.published_revision_id)")
	if err != nil {
		return nil, fmt.Errorf("store: list courses: %w", err)
	}
	defer rows.Close()
	var out []Course
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list courses: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list courses: %w", err)
	}
	sortCourses(out)
	return out, nil
}

// draftRevision returns the course's draft revision id, creating one as a copy of the
// published revision (lessons keep their keys; the quiz is copied) when there is none.
func (s *Store) draftRevision(ctx context.Context, tx *sql.Tx, courseID int64) (int64, error) {
	var draft, published sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT draft_revision_id, published_revision_id FROM courses WHERE id = ?", courseID).
		Scan(&draft, &published); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, ErrNotFound
		}
		return 0, fmt.Errorf("store: draft revision: %w", err)
	}
	if draft.Valid {
		return draft.Int64, nil
	}
	var number int
	var setID int64
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT MAX(number) FROM course_revisions WHERE course_id = ?), question_set_id FROM course_revisions WHERE id = ?",
		courseID, published.Int64).Scan(&number, &setID); err != nil {
		return 0, fmt.Errorf("store: draft revision: %w", err)
	}
	newSet, err := s.copyQuestionSet(ctx, tx, setID)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO course_revisions (course_id, number, title_en, title_zh, summary_en, summary_zh,
		value_id, priority_id, question_set_id, created_at)
		SELECT course_id, ?, title_en, title_zh, summary_en, summary_zh, value_id, priority_id, ?, ? FROM course_revisions WHERE id = ?
		RETURNING id`, number+1, newSet, s.timestamp(), published.Int64).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: draft revision: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lessons (revision_id, lesson_key, position, title_en, title_zh, body_en, body_zh)
		SELECT ?, lesson_key, position, title_en, title_zh, body_en, body_zh FROM lessons WHERE revision_id = ?`, id, published.Int64); err != nil {
		return 0, fmt.Errorf("store: draft revision: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE courses SET draft_revision_id = ? WHERE id = ?", id, courseID); err != nil {
		return 0, fmt.Errorf("store: draft revision: %w", err)
	}
	return id, nil
}

// DraftQuestionSet returns the question set of the course's draft revision, starting a new
// draft revision when the course has none: authors add quiz questions to it.
func (s *Store) DraftQuestionSet(ctx context.Context, courseID int64) (int64, error) {
	var setID int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rev, err := s.draftRevision(ctx, tx, courseID)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, "SELECT question_set_id FROM course_revisions WHERE id = ?", rev).Scan(&setID)
	})
	return setID, err
}

// UpdateCourse changes a course's texts, alignment and quiz rules in its draft revision
// (a published course gets a new draft revision; learners keep seeing the published one).
func (s *Store) UpdateCourse(ctx context.Context, actorID, courseID int64, in CourseInput) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.validateCourse(ctx, tx, courseID, &in); err != nil {
			return err
		}
		rev, err := s.draftRevision(ctx, tx, courseID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE course_revisions SET title_en = ?, title_zh = ?, summary_en = ?, summary_zh = ?,
			value_id = ?, priority_id = ? WHERE id = ?`, in.TitleEN, in.TitleZH, in.SummaryEN, in.SummaryZH,
			nullID(in.ValueID), nullID(in.PriorityID), rev); err != nil {
			return fmt.Errorf("store: update course: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE question_sets SET pass_mark = ?, draw_count = ?, shuffle_options = ?,
			max_attempts = ?, cooldown_minutes = ? WHERE id = (SELECT question_set_id FROM course_revisions WHERE id = ?)`,
			in.Quiz.PassMark, in.Quiz.DrawCount, in.Quiz.ShuffleOptions, in.Quiz.MaxAttempts, in.Quiz.CooldownMinutes, rev); err != nil {
			return fmt.Errorf("store: update course: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE courses SET key = ?, department = ? WHERE id = ?", nullString(in.Key), in.Department, courseID); err != nil {
			return fmt.Errorf("store: update course: %w", err)
		}
		_, err = s.record(ctx, tx, Event{Key: EventCourseUpdate, Actor: actorID, Subject: Ref{RefCourse, courseID}})
		return err
	})
}

func validateLesson(in *LessonInput) error {
	verr := &ValidationError{}
	for _, f := range []*string{&in.TitleEN, &in.TitleZH, &in.BodyEN, &in.BodyZH} {
		*f = strings.TrimSpace(*f)
	}
	checkLine(verr, 0, "lesson_title_en", in.TitleEN)
	checkLine(verr, 0, "lesson_title_zh", in.TitleZH)
	checkText(verr, 0, "lesson_body_en", &in.BodyEN)
	checkText(verr, 0, "lesson_body_zh", &in.BodyZH)
	if in.TitleEN == "" && in.TitleZH == "" {
		verr.add(0, "lesson_title_en", "required", "")
	}
	if in.BodyEN == "" && in.BodyZH == "" {
		verr.add(0, "lesson_body_en", "required", "")
	}
	if len(in.BodyEN) > 100000 || len(in.BodyZH) > 100000 {
		verr.add(0, "lesson_body_en", "too_long", "100000")
	}
	return verr.orNil()
}

// AddLesson appends a lesson to the course's draft revision.
func (s *Store) AddLesson(ctx context.Context, actorID, courseID int64, in LessonInput) (int64, error) {
	if err := validateLesson(&in); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.addLesson(ctx, tx, courseID, in)
		return err
	})
	return id, err
}

func (s *Store) addLesson(ctx context.Context, tx *sql.Tx, courseID int64, in LessonInput) (int64, error) {
	rev, err := s.draftRevision(ctx, tx, courseID)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO lessons (revision_id, position, title_en, title_zh, body_en, body_zh)
		VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM lessons WHERE revision_id = ?), ?, ?, ?, ?) RETURNING id`,
		rev, rev, in.TitleEN, in.TitleZH, in.BodyEN, in.BodyZH).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: add lesson: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE lessons SET lesson_key = id WHERE id = ?", id); err != nil {
		return 0, fmt.Errorf("store: add lesson: %w", err)
	}
	return id, nil
}

// UpdateLesson changes the lesson with this key in the course's draft revision.
func (s *Store) UpdateLesson(ctx context.Context, actorID, courseID, lessonKey int64, in LessonInput) error {
	if err := validateLesson(&in); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		rev, err := s.draftRevision(ctx, tx, courseID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE lessons SET title_en = ?, title_zh = ?, body_en = ?, body_zh = ?
			WHERE revision_id = ? AND lesson_key = ?`, in.TitleEN, in.TitleZH, in.BodyEN, in.BodyZH, rev, lessonKey)
		if err != nil {
			return fmt.Errorf("store: update lesson: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// PublishCourse makes the draft revision the one learners see. A course needs at least one
// lesson and one quiz question to be published.
func (s *Store) PublishCourse(ctx context.Context, actorID, courseID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.publishCourse(ctx, tx, actorID, courseID) })
}

func (s *Store) publishCourse(ctx context.Context, tx *sql.Tx, actorID, courseID int64) error {
	var draft sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT draft_revision_id FROM courses WHERE id = ?", courseID).Scan(&draft); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		return fmt.Errorf("store: publish course: %w", err)
	}
	if !draft.Valid {
		return nil // nothing new to publish
	}
	var lessons, questions int
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM lessons WHERE revision_id = r.id),
		(SELECT count(*) FROM questions WHERE set_id = r.question_set_id) FROM course_revisions r WHERE r.id = ?`, draft.Int64).
		Scan(&lessons, &questions); err != nil {
		return fmt.Errorf("store: publish course: %w", err)
	}
	verr := &ValidationError{}
	if lessons == 0 {
		verr.add(0, "publish", "need_lesson", "")
	}
	if questions == 0 {
		verr.add(0, "publish", "need_question", "")
	}
	if err := verr.orNil(); err != nil {
		return err
	}
	now := s.timestamp()
	if _, err := tx.ExecContext(ctx, "UPDATE course_revisions SET published_at = ? WHERE id = ?", now, draft.Int64); err != nil {
		return fmt.Errorf("store: publish course: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE courses SET published_revision_id = ?, draft_revision_id = NULL, archived_at = NULL WHERE id = ?",
		draft.Int64, courseID); err != nil {
		return fmt.Errorf("store: publish course: %w", err)
	}
	var number int
	if err := tx.QueryRowContext(ctx, "SELECT number FROM course_revisions WHERE id = ?", draft.Int64).Scan(&number); err != nil {
		return fmt.Errorf("store: publish course: %w", err)
	}
	_, err := s.record(ctx, tx, Event{Key: EventCoursePublish, Actor: actorID, Subject: Ref{RefCourse, courseID}, Args: []Arg{Num(number)}})
	return err
}

// MarkLessonRead records that the person read a lesson of a published course (once).
func (s *Store) MarkLessonRead(ctx context.Context, personID, courseID, lessonKey int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM lessons l JOIN courses c ON c.published_revision_id = l.revision_id
			WHERE c.id = ? AND l.lesson_key = ?`, courseID, lessonKey).Scan(&n); err != nil {
			return fmt.Errorf("store: mark read: %w", err)
		}
		if n == 0 {
			return ErrNotFound
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO lesson_reads (person_id, course_id, lesson_key, read_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, personID, courseID, lessonKey, s.timestamp())
		return err
	})
}

// LessonsRead returns the keys of the course's lessons the person has read.
func (s *Store) LessonsRead(ctx context.Context, personID, courseID int64) (map[int64]bool, error) {
	all, err := s.lessonsReadByCourse(ctx, personID)
	if err != nil {
		return nil, err
	}
	if read := all[courseID]; read != nil {
		return read, nil
	}
	return map[int64]bool{}, nil
}

// lessonsReadByCourse returns the keys of the lessons the person has read, by course, in one
// query (a person has read a few dozen lessons at most; my training and home read them within
// learnerProgress).
func (s *Store) lessonsReadByCourse(ctx context.Context, personID int64) (map[int64]map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT course_id, lesson_key FROM lesson_reads WHERE person_id = ?", personID)
	if err != nil {
		return nil, fmt.Errorf("store: lessons read: %w", err)
	}
	defer rows.Close()
	out := map[int64]map[int64]bool{}
	for rows.Next() {
		var course, key int64
		if err := rows.Scan(&course, &key); err != nil {
			return nil, fmt.Errorf("store: lessons read: %w", err)
		}
		if out[course] == nil {
			out[course] = map[int64]bool{}
		}
		out[course][key] = true
	}
	return out, rows.Err()
}

// CourseQuestionSets returns the question sets of every revision of a course (oldest first).
func (s *Store) CourseQuestionSets(ctx context.Context, courseID int64) ([]int64, error) {
	return ids(ctx, s.db, "SELECT question_set_id FROM course_revisions WHERE course_id = ? ORDER BY number", courseID)
}

// CourseOfQuestionSet returns the course and revision a question set belongs to.
func (s *Store) CourseOfQuestionSet(ctx context.Context, setID int64) (courseID, revisionID int64, number int, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT course_id, id, number FROM course_revisions WHERE question_set_id = ?", setID).
		Scan(&courseID, &revisionID, &number)
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return
}

// courseAttemptScored records the first pass of a course (person, course, revision, time)
// and calls the coursePassed hook, inside the transaction that scored the attempt.
// When a reviewer's verdict settled the attempt, the learner is notified (training_reviewed).
func (s *Store) courseAttemptScored(ctx context.Context, tx *sql.Tx, a Attempt) error {
	var courseID, revisionID int64
	var key, titleEN, titleZH string
	err := tx.QueryRowContext(ctx, `SELECT r.course_id, r.id, COALESCE(c.key, ''), r.title_en, r.title_zh FROM course_revisions r JOIN courses c ON c.id = r.course_id
		WHERE r.question_set_id = ?`, a.SetID).Scan(&courseID, &revisionID, &key, &titleEN, &titleZH)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: course passed: %w", err)
	}
	var reviewed int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM attempt_answers WHERE attempt_id = ? AND reviewer_id IS NOT NULL", a.ID).Scan(&reviewed); err != nil {
		return fmt.Errorf("store: course passed: %w", err)
	}
	if reviewed > 0 {
		result := "failed"
		if a.Passed {
			result = "passed"
		}
		e := Event{Key: EventTrainingReviewed, Subject: Ref{RefAttempt, a.ID},
			Args: []Arg{RefArg(RefCourse, courseID), Code("event.result.", result), Num(int(a.Score*100 + 0.5))}}
		if err := s.recordAndNotify(ctx, tx, e, a.PersonID); err != nil {
			return err
		}
	}
	if !a.Passed {
		return nil
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO course_completions (person_id, course_id, revision_id, attempt_id, passed_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (person_id, course_id) DO NOTHING`, a.PersonID, courseID, revisionID, a.ID, s.timestamp())
	if err != nil {
		return fmt.Errorf("store: course passed: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil // passed before
	}
	return s.coursePassed(ctx, tx, a.PersonID, courseID, key == OnboardingCourseKey)
}

// Completion is a person's first pass of a course.
type Completion struct {
	PersonID       int64
	EmployeeID     string
	PersonName     string
	CourseID       int64
	RevisionID     int64
	RevisionNumber int
	AttemptID      int64
	PassedAt       time.Time
}

// CourseCompletions lists everyone who has passed the course (key such as "onboarding",
// or its id as text), first pass first — leavers included, so badges can be awarded
// retroactively from the full record.
func (s *Store) CourseCompletions(ctx context.Context, courseKeyOrID string) ([]Completion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT cc.person_id, p.employee_id, p.name, cc.course_id, cc.revision_id, r.number,
		COALESCE(cc.attempt_id, 0), cc.passed_at FROM course_completions cc JOIN courses c ON c.id = cc.course_id
		JOIN people p ON p.id = cc.person_id JOIN course_revisions r ON r.id = cc.revision_id
		WHERE c.key = ? OR CAST(c.id AS TEXT) = ? ORDER BY cc.passed_at, cc.id`, courseKeyOrID, courseKeyOrID)
	if err != nil {
		return nil, fmt.Errorf("store: completions: %w", err)
	}
	defer rows.Close()
	var out []Completion
	for rows.Next() {
		var c Completion
		var at string
		if err := rows.Scan(&c.PersonID, &c.EmployeeID, &c.PersonName, &c.CourseID, &c.RevisionID, &c.RevisionNumber, &c.AttemptID, &at); err != nil {
			return nil, fmt.Errorf("store: completions: %w", err)
		}
		c.PassedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// PersonCompletions lists the courses a person has passed, newest first.
func (s *Store) PersonCompletions(ctx context.Context, personID int64) ([]Completion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT cc.person_id, p.employee_id, p.name, cc.course_id, cc.revision_id, r.number,
		COALESCE(cc.attempt_id, 0), cc.passed_at FROM course_completions cc JOIN people p ON p.id = cc.person_id
		JOIN course_revisions r ON r.id = cc.revision_id WHERE cc.person_id = ? ORDER BY cc.passed_at DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("store: completions: %w", err)
	}
	defer rows.Close()
	var out []Completion
	for rows.Next() {
		var c Completion
		var at string
		if err := rows.Scan(&c.PersonID, &c.EmployeeID, &c.PersonName, &c.CourseID, &c.RevisionID, &c.RevisionNumber, &c.AttemptID, &at); err != nil {
			return nil, fmt.Errorf("store: completions: %w", err)
		}
		c.PassedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	}
	return out, rows.Err()
}

// OpenAttemptOf returns the person's attempt in progress at the set with its questions,
// or ErrNotFound when there is none. Unlike StartAttempt it never creates one: pages that
// a GET shows (a link prefetcher or crawler may follow them) use it, and only a POST starts.
func (s *Store) OpenAttemptOf(ctx context.Context, setID, personID int64) (OpenAttempt, error) {
	var oa OpenAttempt
	a, err := scanAttempt(s.db.QueryRowContext(ctx, "SELECT "+attemptColumns+` FROM attempts
		WHERE set_id = ? AND person_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1`, setID, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return oa, ErrNotFound
	}
	if err != nil {
		return oa, fmt.Errorf("store: open attempt: %w", err)
	}
	oa.Attempt = a
	oa.Questions, err = s.presented(ctx, s.db, a.ID)
	return oa, err
}
