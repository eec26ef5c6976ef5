package handlers

import (
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountTraining registers the training pages inside the signed-in group; routes that need a
// stricter permission add their own h.require(action).
func (h *Handler) mountTraining(r chi.Router) {
	r.Get("/training", h.showMyTraining)
	r.Get("/training/courses/{id}", h.showTrainingCourse)
	r.Get("/training/courses/{id}/lessons/{key}", h.showTrainingLesson)
	r.Post("/training/courses/{id}/lessons/{key}/read", h.markLessonRead)
	r.Get("/training/courses/{id}/quiz", h.showTrainingQuiz)
	r.Post("/training/courses/{id}/quiz/start", h.startTrainingQuiz)
	r.Post("/training/courses/{id}/quiz", h.submitTrainingQuiz)
	r.Get("/training/attempts/{id}", h.showTrainingAttempt)
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionSeeReports))
		r.Get("/training/team", h.showTeamTraining)
		r.Get("/training/team.csv", h.exportTraining)
		r.Get("/training/reviews", h.showTrainingReviews)
		r.Post("/training/reviews", h.reviewTrainingAnswer)
		r.Get("/training/courses/{id}/analysis", h.showTrainingItemAnalysis)
	})
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionSeeReports), h.trainingAuthorsOnly)
		h.mountTrainingAuthoring(r)
	})
	r.With(h.require(store.ActionManageContent)).Post("/training/manage/settings", h.saveTrainingSettings)
}

// apiTraining registers the training JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiTraining(r chi.Router) {
	r.Get("/training/completion", h.apiTrainingCompletion)
}

// trainingMayAuthor: whoever manages content (leaders and admins), and managers when the
// setting lets managers author their department's courses.
func (h *Handler) trainingMayAuthor(r *http.Request, p store.Person) bool {
	return store.May(p, store.ActionManageContent) ||
		store.ReachOf(p, store.ActionSeeReports) == store.ReachBelow && h.trainingManagersAuthor(r)
}

// trainingScope is the set of people whose training the viewer may see beyond their own:
// nil for leaders and admins (everyone), the whole organisation under a manager.
func (h *Handler) trainingScope(r *http.Request, viewer store.Person) ([]int64, error) {
	switch store.ReachOf(viewer, store.ActionSeePerson) {
	case store.ReachAll:
		return nil, nil
	case store.ReachNone, store.ReachSelf:
		return []int64{}, nil
	}
	return h.store.OrgPeopleIDs(r.Context(), viewer.ID)
}

// maySeePerson: oneself, leaders and admins, and managers for their organisation.
func (h *Handler) trainingMaySee(r *http.Request, viewer store.Person, personID int64) (bool, error) {
	if store.ReachOf(viewer, store.ActionSeePerson) != store.ReachBelow {
		return store.MayOn(viewer, store.ActionSeePerson, personID, false), nil
	}
	scope, err := h.trainingScope(r, viewer)
	if err != nil {
		return false, err
	}
	return store.MayOn(viewer, store.ActionSeePerson, personID, slices.Contains(scope, personID)), nil
}

func trainingIDParam(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	if err != nil {
		return 0, store.ErrNotFound
	}
	return id, nil
}

func (h *Handler) trainingPendingCount(r *http.Request, viewer store.Person) int {
	if !store.May(viewer, store.ActionSeeReports) {
		return 0
	}
	items, err := h.trainingReviewQueue(r, viewer)
	if err != nil {
		return 0
	}
	return len(items)
}

func (h *Handler) showMyTraining(w http.ResponseWriter, r *http.Request) {
	p := me(r)
	courses, err := h.store.MyTraining(r.Context(), p.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.TrainingHomePage(views.TrainingHomeData{Courses: courses, Today: h.store.Now(),
		IsManager: store.May(p, store.ActionSeeReports), IsAuthor: h.trainingMayAuthor(r, p), PendingReviews: h.trainingPendingCount(r, p)}))
}

func (h *Handler) trainingCourseFromURL(r *http.Request) (store.Course, error) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		return store.Course{}, err
	}
	return h.store.PublishedCourse(r.Context(), id)
}

func (h *Handler) trainingCourseData(r *http.Request, c store.Course) (views.CourseData, error) {
	p := me(r)
	d := views.CourseData{Course: c}
	var err error
	if d.Progress, err = h.store.CourseProgressOf(r.Context(), p.ID, c); err != nil {
		return d, err
	}
	if d.Read, err = h.store.LessonsRead(r.Context(), p.ID, c.ID); err != nil {
		return d, err
	}
	for _, l := range c.Revision.Lessons {
		if !d.Read[l.Key] {
			d.NextLesson = l.Key
			break
		}
	}
	sets, err := h.store.CourseQuestionSets(r.Context(), c.ID)
	if err != nil {
		return d, err
	}
	if d.Attempts, err = h.store.AttemptsOf(r.Context(), p.ID, sets...); err != nil {
		return d, err
	}
	if d.Quiz, err = h.store.QuestionSetByID(r.Context(), c.Revision.QuestionSetID); err != nil {
		return d, err
	}
	if d.Rules, err = h.store.AttemptRulesFor(r.Context(), c.Revision.QuestionSetID, p.ID); err != nil {
		return d, err
	}
	lang := views.L(views.WithLocale(r.Context(), h.locale(r))).Lang
	if c.Revision.ValueID != 0 {
		values, _ := h.store.ListValues(r.Context(), true)
		for _, v := range values {
			if v.ID == c.Revision.ValueID {
				d.Alignment = append(d.Alignment, v.Name(lang))
			}
		}
	}
	if c.Revision.PriorityID != 0 {
		prios, _ := h.store.ListPriorities(r.Context(), true)
		for _, v := range prios {
			if v.ID == c.Revision.PriorityID {
				d.Alignment = append(d.Alignment, v.Name(lang))
			}
		}
	}
	return d, nil
}

func (h *Handler) showTrainingCourse(w http.ResponseWriter, r *http.Request) {
	c, err := h.trainingCourseFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.trainingCourseData(r, c)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.CoursePage(d))
}

func (h *Handler) trainingLessonFromURL(r *http.Request) (store.Course, store.Lesson, int, error) {
	c, err := h.trainingCourseFromURL(r)
	if err != nil {
		return c, store.Lesson{}, 0, err
	}
	key, err := trainingIDParam(r, "key")
	if err != nil {
		return c, store.Lesson{}, 0, err
	}
	for i, l := range c.Revision.Lessons {
		if l.Key == key {
			return c, l, i, nil
		}
	}
	return c, store.Lesson{}, 0, store.ErrNotFound
}

func (h *Handler) showTrainingLesson(w http.ResponseWriter, r *http.Request) {
	c, l, i, err := h.trainingLessonFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	read, err := h.store.LessonsRead(r.Context(), me(r).ID, c.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.LessonPage(views.LessonData{Course: c, Lesson: l, Index: i, Read: read[l.Key]}))
}

// markLessonRead records the lesson as read and goes on to the next lesson, or after the last
// one to the quiz (its start page: a GET never starts an attempt), or the course without one.
func (h *Handler) markLessonRead(w http.ResponseWriter, r *http.Request) {
	c, l, i, err := h.trainingLessonFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.MarkLessonRead(r.Context(), me(r).ID, c.ID, l.Key); err != nil {
		h.fail(w, r, err)
		return
	}
	if i+1 < len(c.Revision.Lessons) {
		redirect(w, r, fmt.Sprintf("/training/courses/%d/lessons/%d", c.ID, c.Revision.Lessons[i+1].Key))
		return
	}
	if c.Revision.QuestionSetID != 0 {
		redirect(w, r, fmt.Sprintf("/training/courses/%d/quiz", c.ID))
		return
	}
	redirect(w, r, fmt.Sprintf("/training/courses/%d", c.ID))
}

// showTrainingQuiz resumes the attempt in progress, or shows the quiz's start page. A GET
// never starts an attempt: a link prefetcher or crawler following the link would otherwise
// burn one of the learner's attempts and start their cool-down.
func (h *Handler) showTrainingQuiz(w http.ResponseWriter, r *http.Request) {
	c, err := h.trainingCourseFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	qs, err := h.store.QuestionSetByID(r.Context(), c.Revision.QuestionSetID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	oa, err := h.store.OpenAttemptOf(r.Context(), qs.ID, me(r).ID)
	if err == nil {
		h.render(w, r, http.StatusOK, views.QuizPage(views.QuizData{Course: c, Attempt: oa, Quiz: qs}))
		return
	}
	if !errors.Is(err, store.ErrNotFound) {
		h.fail(w, r, err)
		return
	}
	h.renderTrainingQuizStart(w, r, http.StatusOK, c, qs, false)
}

func (h *Handler) renderTrainingQuizStart(w http.ResponseWriter, r *http.Request, status int, c store.Course, qs store.QuestionSet, refused bool) {
	rules, err := h.store.AttemptRulesFor(r.Context(), qs.ID, me(r).ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.QuizStartPage(views.QuizStartData{Course: c, Quiz: qs, Rules: rules, Refused: refused}))
}

// startTrainingQuiz starts an attempt at the published revision's quiz (or finds the one in
// progress) and goes to it. When the attempt limit, a pending review or the cool-down
// forbids a new attempt, the start page comes back with 409 and the reason.
func (h *Handler) startTrainingQuiz(w http.ResponseWriter, r *http.Request) {
	c, err := h.trainingCourseFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, err = h.store.StartAttempt(r.Context(), c.Revision.QuestionSetID, me(r).ID)
	var cool *store.CoolingDownError
	if errors.Is(err, store.ErrAttemptLimit) || errors.Is(err, store.ErrAttemptPending) || errors.As(err, &cool) {
		qs, qerr := h.store.QuestionSetByID(r.Context(), c.Revision.QuestionSetID)
		if qerr != nil {
			h.fail(w, r, qerr)
			return
		}
		h.renderTrainingQuizStart(w, r, http.StatusConflict, c, qs, true)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/training/courses/%d/quiz", c.ID))
}

// trainingQuizAnswers reads "q<ID>" fields: option ids (radio, checkboxes) or text (written).
func trainingQuizAnswers(r *http.Request, questions []store.PresentedQuestion) map[int64]store.Answer {
	out := map[int64]store.Answer{}
	for _, q := range questions {
		vals := r.PostForm[fmt.Sprintf("q%d", q.ID)]
		var a store.Answer
		if q.Kind == store.QuestionWritten {
			a.Text = strings.Join(vals, "\n")
		} else {
			for _, v := range vals {
				if id, err := strconv.ParseInt(v, 10, 64); err == nil {
					a.OptionIDs = append(a.OptionIDs, id)
				}
			}
		}
		out[q.ID] = a
	}
	return out
}

func (h *Handler) submitTrainingQuiz(w http.ResponseWriter, r *http.Request) {
	c, err := h.trainingCourseFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := me(r)
	if err := r.ParseForm(); err != nil {
		h.fail(w, r, &store.ValidationError{})
		return
	}
	token := r.PostFormValue("token")
	att, err := h.store.AttemptByToken(r.Context(), p.ID, token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if att.Status != store.AttemptOpen { // a replay: show the recorded result
		redirect(w, r, fmt.Sprintf("/training/attempts/%d", att.ID))
		return
	}
	oa, err := h.store.OpenAttemptOf(r.Context(), att.SetID, p.ID)
	if err != nil || oa.ID != att.ID {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	answers := trainingQuizAnswers(r, oa.Questions)
	a, err := h.store.SubmitAttempt(r.Context(), p.ID, token, answers)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		qs, qerr := h.store.QuestionSetByID(r.Context(), att.SetID)
		if qerr != nil {
			h.fail(w, r, qerr)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, views.QuizPage(views.QuizData{Course: c, Attempt: oa, Quiz: qs,
			Answers: answers, Errors: views.ErrorsFrom(err)}))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, fmt.Sprintf("/training/attempts/%d", a.ID))
}

// showAttempt shows a submitted attempt to its taker, their managers, and leaders.
func (h *Handler) showTrainingAttempt(w http.ResponseWriter, r *http.Request) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	res, err := h.store.AttemptResultByID(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	viewer := me(r)
	ok, err := h.trainingMaySee(r, viewer, res.PersonID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !ok {
		h.fail(w, r, errForbidden)
		return
	}
	if res.Status == store.AttemptOpen {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	courseID, _, _, err := h.store.CourseOfQuestionSet(r.Context(), res.SetID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.store.CourseForAuthor(r.Context(), courseID)
	if pc, perr := h.store.PublishedCourse(r.Context(), courseID); perr == nil {
		c, err = pc, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	person, err := h.store.PersonByID(r.Context(), res.PersonID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.AttemptData{Course: c, Result: res, Person: person, IsMe: viewer.ID == res.PersonID}
	if res.Status == store.AttemptPendingReview && !res.CannotPass() {
		if d.ReviewDays, err = h.store.TypicalReviewDays(r.Context()); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.IsMe && res.Failed() && c.Published() {
		// Whether and when the learner may try again: the published revision's rules.
		if d.Rules, err = h.store.AttemptRulesFor(r.Context(), c.Revision.QuestionSetID, res.PersonID); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, views.AttemptPage(d))
}

func trainingMatrixFilter(r *http.Request) store.MatrixFilter {
	q := r.URL.Query()
	f := store.MatrixFilter{Department: q.Get("department"), Team: q.Get("team"), Tier: q.Get("tier"),
		Status: q.Get("status"), EmployeeID: q.Get("person")}
	if !slices.Contains(store.Tiers, f.Tier) {
		f.Tier = ""
	}
	if !slices.Contains(store.TrainingStatuses, f.Status) {
		f.Status = ""
	}
	if id, err := strconv.ParseInt(q.Get("course"), 10, 64); err == nil {
		f.CourseID = id
	}
	return f
}

// trainingMatrix is the completion matrix the viewer may see, filtered as the query asks:
// trainingScope's people, a manager's organisation walked in the matrix's own statement.
func (h *Handler) trainingMatrix(r *http.Request) (store.Matrix, store.MatrixFilter, error) {
	f := trainingMatrixFilter(r)
	viewer := me(r)
	if store.ReachOf(viewer, store.ActionSeePerson) == store.ReachBelow {
		f.Below = viewer.ID
	} else {
		var err error
		if f.PersonIDs, err = h.trainingScope(r, viewer); err != nil {
			return store.Matrix{}, f, err
		}
	}
	m, err := h.store.CompletionMatrix(r.Context(), f)
	return m, f, err
}

func (h *Handler) showTeamTraining(w http.ResponseWriter, r *http.Request) {
	viewer := me(r)
	m, f, err := h.trainingMatrix(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	deps, err := h.store.Departments(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	csvHref := "/training/team.csv"
	if r.URL.RawQuery != "" {
		csvHref += "?" + r.URL.RawQuery
	}
	q := unitBreakdownQuery(r)
	b, err := h.store.TrainingBreakdownOf(r.Context(), viewer, m, f, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.TeamTrainingPage(views.TeamTrainingData{Matrix: m, Filter: f, Departments: deps,
		Overdue: m.Overdue(h.store.Now()), Today: h.store.Now(), CSVHref: csvHref, AllPeople: f.PersonIDs == nil && f.Below == 0, IsAuthor: h.trainingMayAuthor(r, viewer),
		Breakdown: unitBreakdownData(r, "/training/team", "training", q, b)}))
}

// exportTraining writes the matrix as CSV: one line per person and course with status,
// due date, lessons read, attempts, last score and the pass date. The rows are written as
// the store reads them (a thousand people at a time), never the whole matrix in memory.
func (h *Handler) exportTraining(w http.ResponseWriter, r *http.Request) {
	f := trainingMatrixFilter(r)
	scope, err := h.trainingScope(r, me(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f.PersonIDs = scope
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="training-completion.csv"`)
	w.Write([]byte("\xef\xbb\xbf")) // BOM: spreadsheet programs then read the Chinese names correctly
	cw := csv.NewWriter(w)
	cw.Write([]string{"employee_id", "name", "department", "team", "tier", "course_id", "course", "status", "assigned",
		"due_on", "lessons_read", "lessons_total", "attempts", "last_score_percent", "passed_at",
		"department_zh", "team_zh", "course_zh"})
	err = h.store.EachMatrixRow(r.Context(), f, func(courses []store.Course, row store.MatrixRow) error {
		for i, cell := range row.Cells {
			c := courses[i]
			due, passed, score := "", "", ""
			if cell.Assigned {
				due = cell.DueOn.Format(store.DateLayout)
			}
			if !cell.PassedAt.IsZero() {
				passed = cell.PassedAt.UTC().Format("2006-01-02T15:04:05Z")
			}
			if cell.Attempts > 0 {
				score = strconv.Itoa(int(cell.LastScore*100 + 0.5))
			}
			if err := cw.Write([]string{csvSafe(row.Person.EmployeeID), csvSafe(row.Person.Name), csvSafe(row.Person.Department), csvSafe(row.Person.Team),
				row.Person.Tier, strconv.FormatInt(c.ID, 10), csvSafe(c.Revision.TitleEN), cell.Status, strconv.FormatBool(cell.Assigned),
				due, strconv.Itoa(cell.LessonsRead), strconv.Itoa(cell.LessonsTotal), strconv.Itoa(cell.Attempts), score, passed,
				csvSafe(row.Person.DepartmentZH), csvSafe(row.Person.TeamZH), csvSafe(c.Revision.TitleZH)}); err != nil {
				return err // the client went away
			}
		}
		return nil
	})
	if err != nil {
		// Too late for an error page: the file stops short, and the log says why.
		h.log.Warn("training csv", "err", err)
		return
	}
	cw.Flush()
}

// reviewQueue is the written answers the viewer may review: a manager's organisation,
// everyone for leaders and admins; course quizzes only.
func (h *Handler) trainingReviewQueue(r *http.Request, viewer store.Person) ([]store.PendingReview, error) {
	scope, err := h.trainingScope(r, viewer)
	if err != nil {
		return nil, err
	}
	courses, err := h.store.ListCourses(r.Context(), true)
	if err != nil {
		return nil, err
	}
	sets := []int64{}
	for _, c := range courses {
		ids, err := h.store.CourseQuestionSets(r.Context(), c.ID)
		if err != nil {
			return nil, err
		}
		sets = append(sets, ids...)
	}
	return h.store.PendingReviews(r.Context(), scope, sets)
}

func (h *Handler) renderTrainingReviews(w http.ResponseWriter, r *http.Request, status int, errs map[string]views.FieldErrors, typed map[string]store.ReviewInput) {
	items, err := h.trainingReviewQueue(r, me(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	courses := map[int64]store.Course{}
	for _, it := range items {
		if _, ok := courses[it.SetID]; ok {
			continue
		}
		courseID, _, _, err := h.store.CourseOfQuestionSet(r.Context(), it.SetID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		c, err := h.store.CourseForAuthor(r.Context(), courseID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		courses[it.SetID] = c
	}
	h.render(w, r, status, views.ReviewsPage(views.ReviewsData{Items: items, Courses: courses, Errors: errs, Typed: typed, IsAuthor: h.trainingMayAuthor(r, me(r))}))
}

func (h *Handler) showTrainingReviews(w http.ResponseWriter, r *http.Request) {
	h.renderTrainingReviews(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) reviewTrainingAnswer(w http.ResponseWriter, r *http.Request) {
	viewer := me(r)
	attemptID, _ := strconv.ParseInt(r.PostFormValue("attempt_id"), 10, 64)
	questionID, _ := strconv.ParseInt(r.PostFormValue("question_id"), 10, 64)
	// Object-level check: the answer must be in the viewer's queue.
	items, err := h.trainingReviewQueue(r, viewer)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	found := false
	for _, it := range items {
		if it.AttemptID == attemptID && it.Question.ID == questionID {
			found = true
		}
	}
	if !found {
		if a, err := h.store.AttemptByID(r.Context(), attemptID); err == nil {
			if ok, _ := h.trainingMaySee(r, viewer, a.PersonID); !ok {
				h.fail(w, r, errForbidden)
				return
			}
		}
		h.fail(w, r, store.ErrNotFound)
		return
	}
	in := store.ReviewInput{AttemptID: attemptID, QuestionID: questionID, ReviewerID: viewer.ID, Feedback: r.PostFormValue("feedback")}
	key := fmt.Sprintf("%d-%d", attemptID, questionID)
	percent, perr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("percent")))
	if perr != nil {
		errs := views.FieldErrors{"percent": {Field: "percent", Code: "out_of_range", Arg: "0–100"}}
		in.Percent = -1
		h.renderTrainingReviews(w, r, http.StatusUnprocessableEntity, map[string]views.FieldErrors{key: errs}, map[string]store.ReviewInput{key: in})
		return
	}
	in.Percent = percent
	if _, err := h.store.ReviewAnswer(r.Context(), in); err != nil {
		var verr *store.ValidationError
		if errors.As(err, &verr) {
			h.renderTrainingReviews(w, r, http.StatusUnprocessableEntity, map[string]views.FieldErrors{key: views.ErrorsFrom(err)}, map[string]store.ReviewInput{key: in})
			return
		}
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.review_saved", "")
	redirect(w, r, "/training/reviews")
}

func (h *Handler) showTrainingItemAnalysis(w http.ResponseWriter, r *http.Request) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	c, err := h.store.CourseForAuthor(r.Context(), id)
	if pc, perr := h.store.PublishedCourse(r.Context(), id); perr == nil {
		c, err = pc, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	scope, err := h.trainingScope(r, me(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sets, err := h.store.CourseQuestionSets(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	stats, err := h.store.ItemAnalysis(r.Context(), scope, sets...)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.ItemAnalysisPage(views.ItemAnalysisData{Course: c, Stats: stats}))
}

// trainingHome is the training card on the home page (nil for none).
func (h *Handler) trainingHome(r *http.Request, p store.Person) (templ.Component, error) {
	courses, err := h.store.MyTraining(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range courses {
		if c.Progress.Status != store.StatusPassed {
			return views.TrainingCard(courses), nil
		}
	}
	return nil, nil
}

// trainingProfile is the training section of a profile seen by viewer (nil for none): the
// completion record, shown to the person, their managers and leaders.
func (h *Handler) trainingProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	ok, err := h.trainingMaySee(r, viewer, p.ID)
	if err != nil || !ok {
		return nil, err
	}
	done, err := h.store.PersonCompletions(r.Context(), p.ID)
	if err != nil {
		return nil, err
	}
	lang := views.L(views.WithLocale(r.Context(), h.locale(r))).Lang
	titles := map[int64]string{}
	for _, c := range done {
		if course, err := h.store.CourseForAuthor(r.Context(), c.CourseID); err == nil {
			titles[c.CourseID] = course.Title(lang)
		}
	}
	return views.TrainingProfileSection(done, titles), nil
}

// trainingBanner is a notice the training area shows on every page (nil for none): the
// person has overdue training.
func (h *Handler) trainingBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	if strings.HasPrefix(r.URL.Path, "/training") {
		return nil, nil
	}
	overdue, err := h.store.HasOverdueTraining(r.Context(), p.ID)
	if err != nil || !overdue {
		return nil, err
	}
	return &views.Banner{Key: "training.banner_overdue", Href: "/training", LinkKey: "training.banner_link"}, nil
}

// trainingAPICompletion is one person × course line of GET /api/v1/training/completion.
type trainingAPICompletion struct {
	EmployeeID   string `json:"employee_id"`
	Name         string `json:"name"`
	Department   string `json:"department"`
	Team         string `json:"team"`
	Tier         string `json:"tier"`
	CourseID     int64  `json:"course_id"`
	CourseKey    string `json:"course_key,omitempty"`
	Course       string `json:"course"`
	Status       string `json:"status"`
	Assigned     bool   `json:"assigned"`
	DueOn        string `json:"due_on,omitempty"`
	LessonsRead  int    `json:"lessons_read"`
	LessonsTotal int    `json:"lessons_total"`
	Attempts     int    `json:"attempts"`
	LastScore    *int   `json:"last_score_percent,omitempty"`
	PassedAt     string `json:"passed_at,omitempty"`
}

func (h *Handler) apiTrainingCompletion(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.MatrixFilter{Department: q.Get("department"), Team: q.Get("team"), Tier: q.Get("tier"), EmployeeID: q.Get("employee_id"), Status: q.Get("status")}
	verr := &store.ValidationError{}
	if f.Tier != "" && !slices.Contains(store.Tiers, f.Tier) {
		verr.Problems = append(verr.Problems, store.Problem{Field: "tier", Code: "invalid_choice", Arg: f.Tier})
	}
	if f.Status != "" && !slices.Contains(store.TrainingStatuses, f.Status) {
		verr.Problems = append(verr.Problems, store.Problem{Field: "status", Code: "invalid_choice", Arg: f.Status})
	}
	if course := q.Get("course"); course != "" {
		if id, err := strconv.ParseInt(course, 10, 64); err == nil {
			f.CourseID = id
		} else if c, err := h.store.CourseByKey(r.Context(), course); err == nil {
			f.CourseID = c.ID
		} else {
			verr.Problems = append(verr.Problems, store.Problem{Field: "course", Code: "invalid_choice", Arg: course})
		}
	}
	if len(verr.Problems) > 0 {
		h.apiFail(w, r, verr)
		return
	}
	m, err := h.store.CompletionMatrix(r.Context(), f)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	out := []trainingAPICompletion{}
	for _, row := range m.Rows {
		for i, cell := range row.Cells {
			if f.Status != "" && cell.Status != f.Status {
				continue
			}
			c := m.Courses[i]
			item := trainingAPICompletion{EmployeeID: row.Person.EmployeeID, Name: row.Person.Name, Department: row.Person.Department,
				Team: row.Person.Team, Tier: row.Person.Tier, CourseID: c.ID, CourseKey: c.Key, Course: c.Revision.TitleEN,
				Status: cell.Status, Assigned: cell.Assigned, LessonsRead: cell.LessonsRead, LessonsTotal: cell.LessonsTotal,
				Attempts: cell.Attempts}
			if cell.Assigned {
				item.DueOn = cell.DueOn.Format(store.DateLayout)
			}
			if cell.Attempts > 0 {
				s := int(cell.LastScore*100 + 0.5)
				item.LastScore = &s
			}
			if !cell.PassedAt.IsZero() {
				item.PassedAt = cell.PassedAt.UTC().Format("2006-01-02T15:04:05Z")
			}
			out = append(out, item)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"completion": out, "totals": trainingAPITotals(m)})
}

type trainingAPICourseTotals struct {
	CourseID int64  `json:"course_id"`
	Course   string `json:"course"`
	Assigned int    `json:"assigned"`
	Passed   int    `json:"passed"`
	Overdue  int    `json:"overdue"`
}

func trainingAPITotals(m store.Matrix) []trainingAPICourseTotals {
	out := []trainingAPICourseTotals{}
	for i, c := range m.Courses {
		out = append(out, trainingAPICourseTotals{CourseID: c.ID, Course: c.Revision.TitleEN, Assigned: m.Totals[i].Assigned,
			Passed: m.Totals[i].Passed, Overdue: m.Totals[i].Overdue})
	}
	return out
}
