package store

// What learners and managers see: progress per person and course, the completion matrix,
// the overdue list and the people a manager is responsible for.

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Training statuses of one person in one course. Overdue wins over failed, in progress and
// not started; passed wins over everything.
const (
	StatusNotAssigned = "not_assigned"
	StatusNotStarted  = "not_started"
	StatusInProgress  = "in_progress"
	StatusPassed      = "passed"
	StatusFailed      = "failed"
	StatusOverdue     = "overdue"
)

// TrainingStatuses lists every status (for filters and translations).
var TrainingStatuses = []string{StatusNotAssigned, StatusNotStarted, StatusInProgress, StatusFailed, StatusOverdue, StatusPassed}

// CourseProgress is where one person stands in one course.
type CourseProgress struct {
	PersonID     int64
	CourseID     int64
	Assigned     bool
	AssignedAt   time.Time
	DueOn        time.Time
	LessonsTotal int
	LessonsRead  int
	Attempts     int       // submitted attempts, every revision
	LastStatus   string    // the newest attempt's status ("" none)
	LastPassed   bool      // the newest attempt passed
	LastFailed   bool      // the newest attempt failed: scored and failed, or waiting for review but unable to pass
	LastScore    float64   // the newest scored attempt's score
	PassedAt     time.Time // first pass (zero: not passed)
	Status       string
}

// Share is the progress bar's fill: lessons read plus the quiz, out of lessons plus one.
func (p CourseProgress) Share() float64 {
	if !p.PassedAt.IsZero() {
		return 1
	}
	return float64(p.LessonsRead) / float64(p.LessonsTotal+1)
}

func (p *CourseProgress) settle(today time.Time) {
	switch {
	case !p.PassedAt.IsZero():
		p.Status = StatusPassed
	case p.Assigned && Day(p.DueOn).Before(Day(today)):
		p.Status = StatusOverdue
	case p.LastFailed:
		p.Status = StatusFailed
	case p.LessonsRead > 0 || p.LastStatus != "":
		p.Status = StatusInProgress
	case p.Assigned:
		p.Status = StatusNotStarted
	default:
		p.Status = StatusNotAssigned
	}
}

type progressKey struct{ person, course int64 }

// progressFold builds CourseProgress from the rows of the four tables that decide it
// (assignments, lesson reads, attempts in id order, completions), however they were read.
type progressFold struct {
	out          map[progressKey]*CourseProgress
	keep         func(person int64) bool
	lessonsTotal map[int64]int
	isCourse     map[int64]bool
}

func newProgressFold(personIDs []int64, courses []Course) *progressFold {
	f := &progressFold{out: map[progressKey]*CourseProgress{}, lessonsTotal: map[int64]int{}, isCourse: map[int64]bool{}}
	want := map[int64]bool{}
	for _, id := range personIDs {
		want[id] = true
	}
	f.keep = func(id int64) bool { return personIDs == nil || want[id] }
	for _, c := range courses {
		f.lessonsTotal[c.ID] = len(c.Revision.Lessons)
		f.isCourse[c.ID] = true
	}
	return f
}

// get returns the person's progress in the course, nil for a person or course not asked for.
func (f *progressFold) get(person, course int64) *CourseProgress {
	if !f.keep(person) || !f.isCourse[course] {
		return nil
	}
	k := progressKey{person, course}
	p := f.out[k]
	if p == nil {
		p = &CourseProgress{PersonID: person, CourseID: course, LessonsTotal: f.lessonsTotal[course]}
		f.out[k] = p
	}
	return p
}

func (f *progressFold) assignment(person, course int64, at, due string) {
	if p := f.get(person, course); p != nil {
		p.Assigned = true
		p.AssignedAt, _ = time.Parse(time.RFC3339, at)
		p.DueOn, _ = ParseDate(due)
	}
}

// lessonsRead counts only the lessons of the published revision.
func (f *progressFold) lessonsRead(person int64, courses []Course, read map[int64]map[int64]bool) {
	for _, c := range courses {
		n := 0
		for _, l := range c.Revision.Lessons {
			if read[c.ID][l.Key] {
				n++
			}
		}
		if n > 0 {
			if p := f.get(person, c.ID); p != nil {
				p.LessonsRead = n
			}
		}
	}
}

// attempt folds one attempt in; attempts come in id order, so the last one read is the last.
func (f *progressFold) attempt(person, course int64, a Attempt, score float64, submitted bool) {
	p := f.get(person, course)
	if p == nil {
		return
	}
	p.LastStatus, p.LastPassed = a.Status, a.Passed
	p.LastFailed = a.Failed()
	if a.Status == AttemptScored {
		p.LastScore = score
	}
	if submitted {
		p.Attempts++
	}
}

func (f *progressFold) completion(person, course int64, at string) {
	if p := f.get(person, course); p != nil {
		p.PassedAt, _ = time.Parse(time.RFC3339, at)
	}
}

// settled settles every status for today and returns the progress.
func (f *progressFold) settled(today time.Time) map[progressKey]*CourseProgress {
	for _, p := range f.out {
		p.settle(today)
	}
	return f.out
}

// attemptProgressCols are what an attempt tells of its course's progress: its status,
// whether it passed, its score, whether it was submitted (1/0, not a boolean: PostgreSQL
// unions it with integers), its points, the points still waiting for review and the pass mark.
const attemptProgressCols = `a.status, COALESCE(a.passed, 0), COALESCE(a.score, 0),
		CASE WHEN a.submitted_at IS NOT NULL THEN 1 ELSE 0 END, a.points, a.max_points,
		CASE WHEN a.status = 'pending_review' THEN (SELECT COALESCE(SUM(q.points), 0) FROM attempt_answers aa
			JOIN questions q ON q.id = aa.question_id WHERE aa.attempt_id = a.id AND aa.credit IS NULL) ELSE 0 END,
		(SELECT pass_mark FROM question_sets WHERE id = a.set_id)`

// peopleProgressMost is the most people progress reads in one statement (peopleProgress): a
// manager's organisation. That statement returns a row per lesson read; for more people (a
// department of a leader's matrix, the CSV export's chunks of a thousand) the four statements
// below return the lessons read counted by the database.
const peopleProgressMost = 200

// progress computes every person's progress in the given published courses, for the people
// in personIDs (nil: everyone): up to peopleProgressMost people in one statement; more, up to
// 20,000, in four, one per table, filtered in SQL; more, or everyone, each table read whole.
func (s *Store) progress(ctx context.Context, personIDs []int64, courses []Course) (map[progressKey]*CourseProgress, error) {
	switch {
	case len(personIDs) == 1: // by id: a JSON list cost ~7 µs more a table
		prog, _, err := s.peopleProgress(ctx, learnerProgressSQL, personIDs[0], personIDs, courses, s.now())
		return prog, err
	case personIDs != nil && len(personIDs) <= peopleProgressMost:
		list, err := json.Marshal(personIDs)
		if err != nil {
			return nil, err
		}
		prog, _, err := s.peopleProgress(ctx, peopleProgressSQL, string(list), personIDs, courses, s.now())
		return prog, err
	}
	f := newProgressFold(personIDs, courses)
	personWhere, lrWhere, atWhere := "", "", ""
	var personArgs []any
	if personIDs != nil && len(personIDs) <= 20000 {
		// One JSON argument, whatever the number of people (a variable each hit SQLite's limit).
		list, err := json.Marshal(personIDs)
		if err != nil {
			return nil, err
		}
		in := "(SELECT value FROM json_each(?))"
		personWhere, lrWhere, atWhere = " WHERE person_id IN "+in, " WHERE lr.person_id IN "+in, " WHERE a.person_id IN "+in
		personArgs = []any{string(list)}
	}
	rows, err := s.db.QueryContext(ctx, "SELECT person_id, course_id, assigned_at, due_on FROM assignments"+personWhere, personArgs...)
	if err != nil {
		return nil, fmt.Errorf("store: progress: %w", err)
	}
	for rows.Next() {
		var person, course int64
		var at, due string
		if err := rows.Scan(&person, &course, &at, &due); err != nil {
			rows.Close()
			return nil, err
		}
		f.assignment(person, course, at, due)
	}
	rows.Close()
	// Lessons read count only lessons of the published revision.
	rows, err = s.db.QueryContext(ctx, `SELECT lr.person_id, lr.course_id, count(*) FROM lesson_reads lr
		JOIN courses c ON c.id = lr.course_id JOIN lessons l ON l.revision_id = c.published_revision_id AND l.lesson_key = lr.lesson_key`+
		lrWhere+` GROUP BY lr.person_id, lr.course_id`, personArgs...)
	if err != nil {
		return nil, fmt.Errorf("store: progress: %w", err)
	}
	for rows.Next() {
		var person, course int64
		var n int
		if err := rows.Scan(&person, &course, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if p := f.get(person, course); p != nil {
			p.LessonsRead = n
		}
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, `SELECT a.person_id, r.course_id, `+attemptProgressCols+`
		FROM attempts a JOIN course_revisions r ON r.question_set_id = a.set_id`+atWhere+` ORDER BY a.id`, personArgs...)
	if err != nil {
		return nil, fmt.Errorf("store: progress: %w", err)
	}
	for rows.Next() {
		var person, course int64
		var score float64
		var submitted bool
		var a Attempt
		if err := rows.Scan(&person, &course, &a.Status, &a.Passed, &score, &submitted, &a.Points, &a.MaxPoints, &a.PendingPoints, &a.PassMark); err != nil {
			rows.Close()
			return nil, err
		}
		f.attempt(person, course, a, score, submitted)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, "SELECT person_id, course_id, passed_at FROM course_completions"+personWhere, personArgs...)
	if err != nil {
		return nil, fmt.Errorf("store: progress: %w", err)
	}
	for rows.Next() {
		var person, course int64
		var at string
		if err := rows.Scan(&person, &course, &at); err != nil {
			rows.Close()
			return nil, err
		}
		f.completion(person, course, at)
	}
	rows.Close()
	return f.settled(s.now()), nil
}

// progressSQL reads everything the progress of the people `who` picks rests on (?1 their
// id, or a JSON list of ids) in one statement, each table's rows led by its number and the
// person: their lesson reads (course, lesson key), assignments (course, assigned, due),
// attempts (course, id, attemptProgressCols) and completions (course, passed). Home and my
// training show one learner's on every view, a manager's matrix their organisation's, and
// four statements cost four times the driver's per-statement overhead for a handful of rows.
// The columns are shared (unused ones empty); attempts are put in id order in Go.
func progressSQL(who string) string {
	return `SELECT 0, lr.person_id, lr.course_id, lr.lesson_key, '', '', 'open', 0, 0.0, 0, 0.0, 0.0, 0.0, 0
		FROM lesson_reads lr WHERE lr.person_id ` + who + `
	UNION ALL SELECT 1, person_id, course_id, 0, assigned_at, due_on, 'open', 0, 0.0, 0, 0.0, 0.0, 0.0, 0
		FROM assignments WHERE person_id ` + who + `
	UNION ALL SELECT 2, a.person_id, r.course_id, a.id, '', '', ` + attemptProgressCols + `
		FROM attempts a JOIN course_revisions r ON r.question_set_id = a.set_id WHERE a.person_id ` + who + `
	UNION ALL SELECT 3, person_id, course_id, 0, passed_at, '', 'open', 0, 0.0, 0, 0.0, 0.0, 0.0, 0
		FROM course_completions WHERE person_id ` + who
}

var (
	// learnerProgressSQL is one person's (?1).
	learnerProgressSQL = progressSQL("= ?1")
	// peopleProgressSQL is the people in the JSON list ?1 (one argument whatever their
	// number: a variable each hit SQLite's limit).
	peopleProgressSQL = progressSQL("IN (SELECT value FROM json_each(?1))")
)

// lessonsReadBy is the lesson keys people have read: person → course → key.
type lessonsReadBy map[int64]map[int64]map[int64]bool

// learnerProgress is progress for one person, with the lesson keys they have read by
// course, in one statement (learnerProgressSQL).
func (s *Store) learnerProgress(ctx context.Context, personID int64, courses []Course, now time.Time) (map[progressKey]*CourseProgress, map[int64]map[int64]bool, error) {
	prog, read, err := s.peopleProgress(ctx, learnerProgressSQL, personID, []int64{personID}, courses, now)
	return prog, read[personID], err
}

// peopleProgress is progress for personIDs, read by query (progressSQL) with argument arg,
// with the lesson keys each has read.
func (s *Store) peopleProgress(ctx context.Context, query string, arg any, personIDs []int64, courses []Course, now time.Time) (map[progressKey]*CourseProgress, lessonsReadBy, error) {
	rows, err := s.db.QueryContext(ctx, query, arg)
	if err != nil {
		return nil, nil, fmt.Errorf("store: learner progress: %w", err)
	}
	defer rows.Close()
	f := newProgressFold(personIDs, courses)
	read := lessonsReadBy{}
	type attemptRow struct {
		id, person, course int64
		a                  Attempt
		score              float64
		submitted          bool
	}
	var attempts []attemptRow
	for rows.Next() {
		var part int
		var person, course, n int64
		var t1, t2 string
		var r attemptRow
		if err := rows.Scan(&part, &person, &course, &n, &t1, &t2, &r.a.Status, &r.a.Passed, &r.score, &r.submitted,
			&r.a.Points, &r.a.MaxPoints, &r.a.PendingPoints, &r.a.PassMark); err != nil {
			return nil, nil, fmt.Errorf("store: learner progress: %w", err)
		}
		switch part {
		case 0:
			if read[person] == nil {
				read[person] = map[int64]map[int64]bool{}
			}
			if read[person][course] == nil {
				read[person][course] = map[int64]bool{}
			}
			read[person][course][n] = true
		case 1:
			f.assignment(person, course, t1, t2)
		case 2:
			r.id, r.person, r.course = n, person, course
			attempts = append(attempts, r)
		case 3:
			f.completion(person, course, t1)
		default:
			return nil, nil, fmt.Errorf("store: learner progress: part %d", part)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: learner progress: %w", err)
	}
	for person, byCourse := range read {
		f.lessonsRead(person, courses, byCourse)
	}
	slices.SortFunc(attempts, func(a, b attemptRow) int { return cmp.Compare(a.id, b.id) })
	for _, r := range attempts {
		f.attempt(r.person, r.course, r.a, r.score, r.submitted)
	}
	return f.settled(now), read, nil
}

// hasOverdueSQL: does person ?1 have an assignment of a published course due before ?2 and
// not passed — a course MyTraining would show as overdue (CourseProgress.settle: passed
// first, then assigned and past due), the inbox's team-overdue rule for one person.
const hasOverdueSQL = `SELECT EXISTS (SELECT 1 FROM assignments a
	JOIN courses c ON c.id = a.course_id AND c.published_revision_id IS NOT NULL AND c.archived_at IS NULL
	WHERE a.person_id = ?1 AND a.due_on < ?2
		AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.person_id = a.person_id AND cc.course_id = a.course_id))`

// HasOverdueTraining tells whether any of the person's published courses is overdue, as
// MyTraining would show it, in one indexed query: the shell's banner asks on every page, and
// building the whole course list for it (then: courses, lessons, four progress queries and
// the lessons read per course) was a tenth of a manager's page.
//
// A page that has built the person's course list already (home's training card) answers from
// it: the same rule, without the statement. Other pages keep the answer under the person's own
// number (keptOwnCard) until midnight: it was 7% of a page's header.
func (s *Store) HasOverdueTraining(ctx context.Context, personID int64) (bool, error) {
	if courses, ok := recalled[[]LearnerCourse](ctx, memoQuestion{what: "my training", a: personID}); ok {
		return slices.ContainsFunc(courses, func(c LearnerCourse) bool { return c.Progress.Status == StatusOverdue }), nil
	}
	return keptOwnCard(ctx, s, "overdue training", personID, func(now time.Time) (bool, error) {
		var overdue bool
		if err := s.db.QueryRowContext(ctx, hasOverdueSQL, personID, Day(now).Format(DateLayout)).Scan(&overdue); err != nil {
			return false, fmt.Errorf("store: overdue training: %w", err)
		}
		return overdue, nil
	})
}

// LearnerCourse is one course on a person's "My training" page.
type LearnerCourse struct {
	Course   Course
	Progress CourseProgress
	// NextLesson is the first unread lesson's key (0: every lesson read).
	NextLesson int64
}

// MyTraining returns the published courses assigned to the person or started by them:
// unfinished ones first by due date, then passed ones. Once per reading request: the page,
// the home card, the inbox and the shell's overdue banner all ask.
func (s *Store) MyTraining(ctx context.Context, personID int64) ([]LearnerCourse, error) {
	// Kept under the person's own number (keptOwnCard) across requests: the published
	// courses and the person's training rows move it.
	return keptOwnCard(ctx, s, "my training", personID, func(now time.Time) ([]LearnerCourse, error) {
		return s.myTraining(ctx, personID, now)
	})
}

func (s *Store) myTraining(ctx context.Context, personID int64, now time.Time) ([]LearnerCourse, error) {
	courses, err := s.publishedCoursesWithLessons(ctx)
	if err != nil {
		return nil, err
	}
	prog, readByCourse, err := s.learnerProgress(ctx, personID, courses, now)
	if err != nil {
		return nil, err
	}
	var open, done []LearnerCourse
	for _, c := range courses {
		p := prog[progressKey{personID, c.ID}]
		if p == nil || p.Status == StatusNotAssigned {
			continue
		}
		lc := LearnerCourse{Course: c, Progress: *p}
		read := readByCourse[c.ID]
		for _, l := range c.Revision.Lessons {
			if !read[l.Key] {
				lc.NextLesson = l.Key
				break
			}
		}
		if p.Status == StatusPassed {
			done = append(done, lc)
		} else {
			open = append(open, lc)
		}
	}
	sortByDue(open)
	return append(open, done...), nil
}

func sortByDue(list []LearnerCourse) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0; j-- {
			a, b := list[j-1].Progress, list[j].Progress
			if a.Assigned && (!b.Assigned || !b.DueOn.Before(a.DueOn)) {
				break
			}
			list[j-1], list[j] = list[j], list[j-1]
		}
	}
}

// publishedCourseRowsSQL reads what of the published courses can change without a new
// revision (key, department, which revision is published, whether a draft waits): a few
// short columns, no join, no sort. The revisions' titles and summaries are kept
// (keptRevisions): reading them on every home and my training view was 16 columns a course
// and a temporary sort, ~34 µs of a ~0.45 ms page at 100,000 people.
const publishedCourseRowsSQL = `SELECT id, COALESCE(key, ''), department, published_revision_id, COALESCE(draft_revision_id, 0)
	FROM courses WHERE published_revision_id IS NOT NULL AND archived_at IS NULL`

// publishedCourses returns the courses learners see (ListCourses without drafts), in
// sortCourses' order; withLessons adds each revision's lessons (keys and titles).
func (s *Store) publishedCourses(ctx context.Context, withLessons bool) ([]Course, error) {
	rows, err := s.db.QueryContext(ctx, publishedCourseRowsSQL)
	if err != nil {
		return nil, fmt.Errorf("store: list courses: %w", err)
	}
	defer rows.Close()
	var out []Course
	var revisions []int64
	for rows.Next() {
		var c Course
		if err := rows.Scan(&c.ID, &c.Key, &c.Department, &c.PublishedRevisionID, &c.DraftRevisionID); err != nil {
			return nil, fmt.Errorf("store: list courses: %w", err)
		}
		out = append(out, c)
		revisions = append(revisions, c.PublishedRevisionID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list courses: %w", err)
	}
	rows.Close()
	kept, err := s.keptRevisions(ctx, revisions)
	if err != nil {
		return nil, err
	}
	out = slices.DeleteFunc(out, func(c Course) bool {
		_, ok := kept[c.PublishedRevisionID]
		return !ok
	})
	for i := range out {
		out[i].Revision = kept[out[i].PublishedRevisionID]
		// A copy each (the kept list is shared by every request), or none.
		out[i].Revision.Lessons = nil
		if withLessons {
			out[i].Revision.Lessons = slices.Clone(kept[out[i].PublishedRevisionID].Lessons)
		}
	}
	sortCourses(out)
	return out, nil
}

// sortCourses orders a course list as every list shows it: onboarding first, then by English
// title as a reader expects ("apple" before "Banana"; byte order only between titles that
// differ in case alone), then id — in Go, so SQLite (whose ORDER BY compared bytes) and
// PostgreSQL (whose order followed the database's collation) list courses alike.
func sortCourses(list []Course) {
	slices.SortFunc(list, func(a, b Course) int {
		if ao, bo := a.Key == "onboarding", b.Key == "onboarding"; ao != bo {
			if ao {
				return -1
			}
			return 1
		}
		if c := compareIgnoringCase(a.Revision.TitleEN, b.Revision.TitleEN); c != 0 {
			return c
		}
		if c := strings.Compare(a.Revision.TitleEN, b.Revision.TitleEN); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// compareIgnoringCase compares two strings letter by letter in lower case, without
// allocating (the course lists are sorted on every home view).
func compareIgnoringCase(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if la, lb := unicode.ToLower(ra), unicode.ToLower(rb); la != lb {
			return cmp.Compare(la, lb)
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

func (s *Store) publishedCoursesWithLessons(ctx context.Context) ([]Course, error) {
	return s.publishedCourses(ctx, true)
}

// publishedRevisions keeps published course revisions (titles, summaries, alignment, quiz
// set, and their lessons' keys and titles) for the life of the process. A published
// revision never changes — every edit goes to a new draft revision (draftRevision), which
// gets its own id when published — so nothing kept needs invalidation and every app server
// agrees. What can change without a new revision (the course's key, department, which
// revision is published, archiving) is read on every view (publishedCourseRowsSQL).
type publishedRevisions struct {
	mu         sync.Mutex
	byRevision map[int64]CourseRevision
}

// publishedRevisionsMax bounds the kept revisions (a few per course; more means something
// unusual, and the map simply starts again).
const publishedRevisionsMax = 10000

// publishedRevisionsSQL reads the revisions in the JSON list ?.
const publishedRevisionsSQL = `SELECT id, course_id, number, title_en, title_zh, summary_en, summary_zh, COALESCE(value_id, 0),
	COALESCE(priority_id, 0), question_set_id, COALESCE(published_at, '')
	FROM course_revisions WHERE id IN (SELECT value FROM json_each(?))`

// publishedLessonsSQL lists the lessons of the revisions in the JSON list ?, without their
// texts (the lists, the banner and the matrix never show a lesson's text).
const publishedLessonsSQL = `SELECT l.revision_id, l.id, l.lesson_key, l.position, l.title_en, l.title_zh
	FROM lessons l WHERE l.revision_id IN (SELECT value FROM json_each(?))
	ORDER BY l.revision_id, l.position, l.id`

// keptRevisions returns the published revisions asked for, reading and keeping those not
// kept yet (two queries for all of them). Callers must not change the lessons' arrays.
func (s *Store) keptRevisions(ctx context.Context, revisions []int64) (map[int64]CourseRevision, error) {
	kept := &s.revisions
	out := make(map[int64]CourseRevision, len(revisions))
	var missing []int64
	kept.mu.Lock()
	for _, id := range revisions {
		if rev, ok := kept.byRevision[id]; ok {
			out[id] = rev
		} else {
			missing = append(missing, id)
		}
	}
	kept.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	read, err := s.readRevisions(ctx, missing)
	if err != nil {
		return nil, err
	}
	kept.mu.Lock()
	defer kept.mu.Unlock()
	if kept.byRevision == nil || len(kept.byRevision)+len(missing) > publishedRevisionsMax {
		kept.byRevision = map[int64]CourseRevision{}
	}
	for _, id := range missing {
		// A revision without its row (only if foreign keys were bypassed) is left out, and
		// its course with it, as the inner join this replaced left it out.
		if rev, ok := read[id]; ok {
			kept.byRevision[id] = rev
			out[id] = rev
		}
	}
	return out, nil
}

// readRevisions reads revisions with their lessons.
func (s *Store) readRevisions(ctx context.Context, revisions []int64) (map[int64]CourseRevision, error) {
	list, err := json.Marshal(revisions)
	if err != nil {
		return nil, err
	}
	out := map[int64]CourseRevision{}
	rows, err := s.db.QueryContext(ctx, publishedRevisionsSQL, string(list))
	if err != nil {
		return nil, fmt.Errorf("store: course revisions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r CourseRevision
		var published string
		if err := rows.Scan(&r.ID, &r.CourseID, &r.Number, &r.TitleEN, &r.TitleZH, &r.SummaryEN, &r.SummaryZH,
			&r.ValueID, &r.PriorityID, &r.QuestionSetID, &published); err != nil {
			return nil, fmt.Errorf("store: course revisions: %w", err)
		}
		if published != "" {
			r.PublishedAt, _ = time.Parse(time.RFC3339, published)
		}
		out[r.ID] = r
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: course revisions: %w", err)
	}
	rows.Close()
	rows, err = s.db.QueryContext(ctx, publishedLessonsSQL, string(list))
	if err != nil {
		return nil, fmt.Errorf("store: lessons: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rev int64
		var l Lesson
		if err := rows.Scan(&rev, &l.ID, &l.Key, &l.Position, &l.TitleEN, &l.TitleZH); err != nil {
			return nil, fmt.Errorf("store: lessons: %w", err)
		}
		r := out[rev]
		r.Lessons = append(r.Lessons, l)
		out[rev] = r
	}
	return out, rows.Err()
}

// CourseProgressOf returns one person's progress in one published course.
func (s *Store) CourseProgressOf(ctx context.Context, personID int64, c Course) (CourseProgress, error) {
	prog, err := s.progress(ctx, []int64{personID}, []Course{c})
	if err != nil {
		return CourseProgress{}, err
	}
	if p := prog[progressKey{personID, c.ID}]; p != nil {
		return *p, nil
	}
	p := CourseProgress{PersonID: personID, CourseID: c.ID, LessonsTotal: len(c.Revision.Lessons)}
	p.settle(s.now())
	return p, nil
}

// orgSQL is the table org(id): everyone who reports to the person ? directly or further down
// the tree.
const orgSQL = `WITH RECURSIVE org(id) AS (
		SELECT id FROM people WHERE manager_id = ?
		UNION SELECT p.id FROM org CROSS JOIN people p WHERE p.manager_id = org.id) `

// OrgPeopleIDs returns everyone who reports to managerID directly or further down the tree.
func (s *Store) OrgPeopleIDs(ctx context.Context, managerID int64) ([]int64, error) {
	org, err := ids(ctx, s.db, orgSQL+`SELECT id FROM org`, managerID)
	if org == nil {
		org = []int64{} // never nil: to the training reports nil means everyone
	}
	return org, err
}

// MatrixFilter narrows the completion matrix.
type MatrixFilter struct {
	PersonIDs  []int64 // nil: everyone (leaders); or these people (a manager's organisation, for the CSV export)
	Below      int64   // if not 0, only the people below this person, directly or not (the tree walked in the same statement: the manager's page)
	Department string
	Team       string
	Tier       string
	CourseID   int64 // 0: every published course
	EmployeeID string
	Status     string // keep only rows with a cell in this status
}

// MatrixRow is one person's line of the matrix; Cells follow Matrix.Courses.
type MatrixRow struct {
	Person Person
	Cells  []CourseProgress
}

// CourseTotals are one course's completion figures over the matrix's people: of those
// assigned, how many passed and how many are overdue.
type CourseTotals struct {
	Assigned int
	Passed   int
	Overdue  int
}

// Matrix is the completion matrix: active people × published courses. People who have left
// are not in it and do not count in the totals; their records stay.
type Matrix struct {
	Courses []Course
	Rows    []MatrixRow
	Totals  []CourseTotals
}

// CompletionMatrix builds the matrix for the filter. A manager's (f.Below) is kept under the
// training number while nothing it reads changes (training_kept.go); callers must not change it.
func (s *Store) CompletionMatrix(ctx context.Context, f MatrixFilter) (Matrix, error) {
	if f.Below != 0 && f.PersonIDs == nil {
		return s.keptTeamMatrix(ctx, f, func() (Matrix, error) { return s.completionMatrix(ctx, f) })
	}
	return s.completionMatrix(ctx, f)
}

func (s *Store) completionMatrix(ctx context.Context, f MatrixFilter) (Matrix, error) {
	var m Matrix
	courses, err := s.publishedCoursesWithLessons(ctx)
	if err != nil {
		return m, err
	}
	for _, c := range courses {
		if f.CourseID == 0 || c.ID == f.CourseID {
			m.Courses = append(m.Courses, c)
		}
	}
	kept, err := s.matrixPeople(ctx, f)
	if err != nil {
		return m, err
	}
	ids := []int64{}
	for _, p := range kept {
		ids = append(ids, p.ID)
	}
	if f.PersonIDs == nil && f.Below == 0 && f.Department == "" && f.Team == "" && f.Tier == "" && f.EmployeeID == "" {
		ids = nil // everyone: progress reads each table once instead of looking people up
	}
	prog, err := s.progress(ctx, ids, m.Courses)
	if err != nil {
		return m, err
	}
	m.Totals = make([]CourseTotals, len(m.Courses))
	for _, p := range kept {
		row := MatrixRow{Person: p}
		match := f.Status == ""
		for _, c := range m.Courses {
			cell := CourseProgress{PersonID: p.ID, CourseID: c.ID, LessonsTotal: len(c.Revision.Lessons), Status: StatusNotAssigned}
			if x := prog[progressKey{p.ID, c.ID}]; x != nil {
				cell = *x
			}
			row.Cells = append(row.Cells, cell)
			if cell.Status == f.Status {
				match = true
			}
		}
		if !match {
			continue
		}
		for i, cell := range row.Cells {
			if cell.Assigned {
				m.Totals[i].Assigned++
				if cell.Status == StatusPassed {
					m.Totals[i].Passed++
				}
				if cell.Status == StatusOverdue {
					m.Totals[i].Overdue++
				}
			}
		}
		m.Rows = append(m.Rows, row)
	}
	return m, nil
}

// matrixPeople selects the matrix's active people in one query, filters and the viewer's
// organisation applied in SQL (paging the whole organisation with OFFSET and filtering in
// Go read it a hundred times over at 100,000 people).
func (s *Store) matrixPeople(ctx context.Context, f MatrixFilter) ([]Person, error) {
	return s.matrixPeoplePage(ctx, f, nil, 0)
}

// matrixPeoplePage is matrixPeople from after the given person (nil: the first), at most
// limit people (0: all).
func (s *Store) matrixPeoplePage(ctx context.Context, f MatrixFilter, after *Person, limit int) ([]Person, error) {
	where := []string{"(p.left_on IS NULL OR p.left_on > ?)"}
	args := []any{Day(s.now()).Format(DateLayout)}
	if f.PersonIDs != nil {
		list, err := json.Marshal(f.PersonIDs)
		if err != nil {
			return nil, err
		}
		where = append(where, "p.id IN (SELECT value FROM json_each(?))")
		args = append(args, string(list))
	}
	for _, c := range []struct{ col, v string }{{"p.department", f.Department}, {"p.team", f.Team}, {"p.tier", f.Tier}, {"p.employee_id", f.EmployeeID}} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	from := personFrom
	if f.Below != 0 {
		// The tree first, then each of its people by id (CROSS JOIN keeps that order): one
		// statement instead of walking the tree into a list and passing it back.
		from = ` FROM org CROSS JOIN people p` + personJoins
		where = append(where, "p.id = org.id")
	}
	if after != nil {
		// name >= ? first, so that the name index starts there.
		where = append(where, "p.name >= ? AND (p.name > ? OR p.employee_id > ?)")
		args = append(args, after.Name, after.Name, after.EmployeeID)
	}
	query := "SELECT " + personColumns + from + "WHERE " + strings.Join(where, " AND ") + " ORDER BY p.name, p.employee_id"
	if f.Below != 0 {
		query = orgSQL + query
		args = append([]any{f.Below}, args...)
	}
	if limit > 0 {
		query += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: matrix people: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: matrix people: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// OverdueItem is one overdue assignment.
type OverdueItem struct {
	Person   Person
	Course   Course
	DueOn    time.Time
	DaysLate int
}

// Overdue lists the matrix's overdue cells, most overdue first.
func (m Matrix) Overdue(today time.Time) []OverdueItem {
	var out []OverdueItem
	for _, r := range m.Rows {
		for i, c := range r.Cells {
			if c.Status == StatusOverdue {
				out = append(out, OverdueItem{Person: r.Person, Course: m.Courses[i], DueOn: c.DueOn,
					DaysLate: int(Day(today).Sub(Day(c.DueOn)).Hours() / 24)})
			}
		}
	}
	// Stable, so people keep the matrix's order within a day (an insertion sort here was
	// quadratic in the overdue cells of a whole organisation).
	slices.SortStableFunc(out, func(a, b OverdueItem) int { return b.DaysLate - a.DaysLate })
	return out
}

// matrixChunk is how many people EachMatrixRow reads, and works out the progress of, at a time.
const matrixChunk = 1000

// EachMatrixRow calls fn with the matrix's courses and each of CompletionMatrix's rows, in
// the same order and with the same cells, without holding the matrix: people are read a
// thousand at a time in name order (keyset: after the last name and employee ID), and their
// progress worked out for those people only (progress by person, through each table's
// person index). Memory stays that of one chunk whatever the organisation's size, and no
// read stays open between chunks. An error from fn, or the context's, stops it.
func (s *Store) EachMatrixRow(ctx context.Context, f MatrixFilter, fn func(courses []Course, row MatrixRow) error) error {
	all, err := s.publishedCoursesWithLessons(ctx)
	if err != nil {
		return err
	}
	var courses []Course
	for _, c := range all {
		if f.CourseID == 0 || c.ID == f.CourseID {
			courses = append(courses, c)
		}
	}
	var after *Person
	for {
		people, err := s.matrixPeoplePage(ctx, f, after, matrixChunk)
		if err != nil {
			return err
		}
		if len(people) == 0 {
			return nil
		}
		ids := make([]int64, len(people))
		for i, p := range people {
			ids[i] = p.ID
		}
		prog, err := s.progress(ctx, ids, courses)
		if err != nil {
			return err
		}
		for _, p := range people {
			row := MatrixRow{Person: p}
			match := f.Status == ""
			for _, c := range courses {
				cell := CourseProgress{PersonID: p.ID, CourseID: c.ID, LessonsTotal: len(c.Revision.Lessons), Status: StatusNotAssigned}
				if x := prog[progressKey{p.ID, c.ID}]; x != nil {
					cell = *x
				}
				row.Cells = append(row.Cells, cell)
				match = match || cell.Status == f.Status
			}
			if !match {
				continue
			}
			if err := fn(courses, row); err != nil {
				return err
			}
		}
		if len(people) < matrixChunk {
			return nil
		}
		after = &people[len(people)-1]
	}
}
