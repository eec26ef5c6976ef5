package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountTrainingAuthoring registers the authoring pages (the caller requires leaders).
func (h *Handler) mountTrainingAuthoring(r chi.Router) {
	r.Get("/training/manage", h.showTrainingManage)
	r.Post("/training/manage/courses", h.createTrainingCourse)
	r.Get("/training/manage/courses/{id}", h.showTrainingCourseForm)
	r.Post("/training/manage/courses/{id}", h.updateTrainingCourse)
	r.Post("/training/manage/courses/{id}/lessons", h.addTrainingLesson)
	r.Get("/training/manage/courses/{id}/lessons/{key}", h.showTrainingLessonForm)
	r.Post("/training/manage/courses/{id}/lessons/{key}", h.updateTrainingLesson)
	r.Post("/training/manage/courses/{id}/questions", h.addTrainingQuestion)
	r.Post("/training/manage/courses/{id}/publish", h.publishTrainingCourse)
	r.Post("/training/manage/rules", h.createTrainingRule)
	r.Post("/training/manage/rules/{id}/retire", h.retireTrainingRule)
}

// trainingManagerAuthoringKey is the setting that lets managers author their department's courses.
const trainingManagerAuthoringKey = "training_manager_authoring"

func (h *Handler) trainingManagersAuthor(r *http.Request) bool {
	v, _ := h.store.Setting(r.Context(), trainingManagerAuthoringKey, "")
	return v == "on"
}

// trainingAuthorsOnly lets leaders and admins author everything and, when the setting is on,
// managers author the courses of their own department (courses.department); others get 403.
// Course routes ({id}) check the course's department here.
func (h *Handler) trainingAuthorsOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := me(r)
		if store.May(p, store.ActionManageContent) {
			next.ServeHTTP(w, r)
			return
		}
		if store.ReachOf(p, store.ActionSeeReports) != store.ReachBelow || p.Department == "" || !h.trainingManagersAuthor(r) {
			h.fail(w, r, errForbidden)
			return
		}
		if chi.URLParam(r, "id") != "" && strings.HasPrefix(r.URL.Path, "/training/manage/courses/") {
			id, err := trainingIDParam(r, "id")
			if err != nil {
				h.fail(w, r, err)
				return
			}
			c, err := h.store.CourseForAuthor(r.Context(), id)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			if c.Department != p.Department {
				h.fail(w, r, errForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) saveTrainingSettings(w http.ResponseWriter, r *http.Request) {
	v := ""
	if r.PostFormValue("managers_author") != "" {
		v = "on"
	}
	if err := h.store.SetSetting(r.Context(), me(r).ID, trainingManagerAuthoringKey, v); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.settings_saved", "")
	redirect(w, r, "/training/manage")
}

func (h *Handler) renderTrainingManage(w http.ResponseWriter, r *http.Request, status int, d views.ManageTrainingData) {
	var err error
	p := me(r)
	d.IsLeader = store.May(p, store.ActionManageContent)
	d.ManagersAuthor = h.trainingManagersAuthor(r)
	d.Department = p.Department
	courses, err := h.store.ListCourses(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	mine := map[int64]bool{}
	for _, c := range courses {
		if d.IsLeader || c.Department == p.Department {
			d.Courses = append(d.Courses, c)
			mine[c.ID] = true
		}
	}
	// A fresh rule form starts as the default rule: the onboarding course for new hires.
	if status == http.StatusOK && d.Rule.CourseID == 0 && d.Rule.Kind == store.RuleNewHires {
		for _, c := range d.Courses {
			if c.Key == store.OnboardingCourseKey {
				d.Rule.CourseID = c.ID
			}
		}
	}
	rules, err := h.store.ListAssignmentRules(r.Context(), 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, rule := range rules {
		if mine[rule.CourseID] {
			d.Rules = append(d.Rules, rule)
		}
	}
	if d.Departments, d.Teams, err = h.orgUnits(r.Context(), ""); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.ManageTrainingPage(d))
}

func (h *Handler) showTrainingManage(w http.ResponseWriter, r *http.Request) {
	h.renderTrainingManage(w, r, http.StatusOK, views.ManageTrainingData{
		Rule: store.AssignmentRuleInput{Kind: store.RuleNewHires, DueDays: store.DefaultOnboardingDueDays},
	})
}

func trainingDefaultQuiz() store.QuestionSetSettings { return store.QuestionSetSettings{PassMark: 80} }

func (h *Handler) createTrainingCourse(w http.ResponseWriter, r *http.Request) {
	in := store.CourseInput{TitleEN: r.PostFormValue("title_en"), TitleZH: r.PostFormValue("title_zh"), Key: r.PostFormValue("key"), Quiz: trainingDefaultQuiz()}
	if p := me(r); !store.May(p, store.ActionManageContent) {
		in.Department, in.Key = p.Department, ""
	}
	id, err := h.store.CreateCourse(r.Context(), me(r).ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderTrainingManage(w, r, http.StatusUnprocessableEntity, views.ManageTrainingData{Course: in, CourseErrs: views.ErrorsFrom(err),
			Rule: store.AssignmentRuleInput{Kind: store.RuleNewHires, DueDays: store.DefaultOnboardingDueDays}})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.course_created", store.BilingualArg(in.TitleEN, in.TitleZH))
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) renderTrainingCourseForm(w http.ResponseWriter, r *http.Request, status int, d views.EditCourseData, typed bool) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Course, err = h.store.CourseForAuthor(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Quiz, err = h.store.QuestionSetByID(r.Context(), d.Course.Revision.QuestionSetID); err != nil {
		h.fail(w, r, err)
		return
	}
	if !typed {
		rev := d.Course.Revision
		d.Input = store.CourseInput{Key: d.Course.Key, Department: d.Course.Department, TitleEN: rev.TitleEN, TitleZH: rev.TitleZH,
			SummaryEN: rev.SummaryEN, SummaryZH: rev.SummaryZH, ValueID: rev.ValueID, PriorityID: rev.PriorityID, Quiz: d.Quiz.QuestionSetSettings}
	}
	if d.Question.Kind == "" {
		d.Question = views.QuestionForm{Kind: store.QuestionSingle, TrueIsCorrect: "true", Points: "1"}
	}
	// Retired values and priorities only where the course already links to one, so saving
	// the form never drops the link silently.
	values, err := h.store.ListValues(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, v := range values {
		if !v.Retired || v.ID == d.Input.ValueID {
			d.Values = append(d.Values, v)
		}
	}
	priorities, err := h.store.ListPriorities(r.Context(), true)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range priorities {
		if !p.Retired || p.ID == d.Input.PriorityID {
			d.Priorities = append(d.Priorities, p)
		}
	}
	h.render(w, r, status, views.EditCoursePage(d))
}

func (h *Handler) showTrainingCourseForm(w http.ResponseWriter, r *http.Request) {
	h.renderTrainingCourseForm(w, r, http.StatusOK, views.EditCourseData{}, false)
}

func trainingFormInt(r *http.Request, name string, verr *store.ValidationError) int {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		verr.Problems = append(verr.Problems, store.Problem{Field: name, Code: "not_a_number", Arg: v})
	}
	return n
}

func trainingFormID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return n
}

func (h *Handler) updateTrainingCourse(w http.ResponseWriter, r *http.Request) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	verr := &store.ValidationError{}
	in := store.CourseInput{Key: f("key"), TitleEN: f("title_en"), TitleZH: f("title_zh"), SummaryEN: f("summary_en"), SummaryZH: f("summary_zh"),
		ValueID: trainingFormID(r, "value_id"), PriorityID: trainingFormID(r, "priority_id"),
		Quiz: store.QuestionSetSettings{PassMark: trainingFormInt(r, "pass_mark", verr), MaxAttempts: trainingFormInt(r, "max_attempts", verr),
			CooldownMinutes: trainingFormInt(r, "cooldown_minutes", verr), DrawCount: trainingFormInt(r, "draw_count", verr), ShuffleOptions: f("shuffle_options") != ""}}
	if p := me(r); !store.May(p, store.ActionManageContent) {
		in.Department, in.Key = p.Department, ""
	} else if c, cerr := h.store.CourseForAuthor(r.Context(), id); cerr == nil {
		in.Department = c.Department
	}
	if len(verr.Problems) == 0 {
		err = h.store.UpdateCourse(r.Context(), me(r).ID, id, in)
	} else {
		err = verr
	}
	if errors.As(err, &verr) {
		h.renderTrainingCourseForm(w, r, http.StatusUnprocessableEntity, views.EditCourseData{Input: in, Errors: views.ErrorsFrom(err)}, true)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.course_saved", store.BilingualArg(in.TitleEN, in.TitleZH))
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) addTrainingLesson(w http.ResponseWriter, r *http.Request) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	in := store.LessonInput{TitleEN: f("lesson_title_en"), TitleZH: f("lesson_title_zh"), BodyEN: f("lesson_body_en"), BodyZH: f("lesson_body_zh")}
	_, err = h.store.AddLesson(r.Context(), me(r).ID, id, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderTrainingCourseForm(w, r, http.StatusUnprocessableEntity, views.EditCourseData{Lesson: in, LessonErrs: views.ErrorsFrom(err)}, false)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.lesson_added", "")
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

// trainingParseOptions reads one option per line, "*" in front marks a correct one, and
// "English | 中文" gives both languages.
func trainingParseOptions(text string) []store.OptionInput {
	var out []store.OptionInput
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		o := store.OptionInput{}
		if rest, ok := strings.CutPrefix(line, "*"); ok {
			o.Correct, line = true, strings.TrimSpace(rest)
		}
		en, zh, _ := strings.Cut(line, "|")
		o.TextEN, o.TextZH = strings.TrimSpace(en), strings.TrimSpace(zh)
		out = append(out, o)
	}
	return out
}

func (h *Handler) addTrainingQuestion(w http.ResponseWriter, r *http.Request) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	form := views.QuestionForm{Kind: f("kind"), PromptEN: f("prompt_en"), PromptZH: f("prompt_zh"), Options: f("options"),
		PartialCredit: f("partial_credit") != "", TrueIsCorrect: f("true_is_correct"), ExplanationEN: f("explanation_en"),
		ExplanationZH: f("explanation_zh"), RubricEN: f("rubric_en"), RubricZH: f("rubric_zh"), Points: f("points")}
	verr := &store.ValidationError{}
	in := store.QuestionInput{Kind: form.Kind, PartialCredit: form.PartialCredit, Points: trainingFormInt(r, "points", verr),
		PromptEN: form.PromptEN, PromptZH: form.PromptZH, ExplanationEN: form.ExplanationEN, ExplanationZH: form.ExplanationZH,
		RubricEN: form.RubricEN, RubricZH: form.RubricZH, Options: trainingParseOptions(form.Options), TrueIsCorrect: form.TrueIsCorrect != "false"}
	if len(verr.Problems) == 0 {
		var setID int64
		if setID, err = h.store.DraftQuestionSet(r.Context(), id); err == nil {
			_, err = h.store.AddQuestion(r.Context(), setID, in)
		}
	} else {
		err = verr
	}
	if errors.As(err, &verr) {
		h.renderTrainingCourseForm(w, r, http.StatusUnprocessableEntity, views.EditCourseData{Question: form, QuestionErrs: views.ErrorsFrom(err)}, false)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.question_added", "")
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) publishTrainingCourse(w http.ResponseWriter, r *http.Request) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	err = h.store.PublishCourse(r.Context(), me(r).ID, id)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderTrainingCourseForm(w, r, http.StatusUnprocessableEntity, views.EditCourseData{PublishErrs: views.ErrorsFrom(err)}, false)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.course_published", "")
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) createTrainingRule(w http.ResponseWriter, r *http.Request) {
	f := r.PostFormValue
	verr := &store.ValidationError{}
	in := store.AssignmentRuleInput{CourseID: trainingFormID(r, "course_id"), Kind: f("kind"), Value: f("value"),
		DueDays: trainingFormInt(r, "due_days", verr), DueOn: f("due_on"), EmployeeIDs: f("employee_ids")}
	var n int
	var err error
	if p := me(r); !store.May(p, store.ActionManageContent) {
		ok, serr := h.trainingRuleInDepartment(r, p, in)
		if serr != nil {
			h.fail(w, r, serr)
			return
		}
		if !ok {
			h.fail(w, r, errForbidden)
			return
		}
	}
	if len(verr.Problems) == 0 {
		_, n, err = h.store.CreateAssignmentRule(r.Context(), me(r).ID, in)
	} else {
		err = verr
	}
	if errors.As(err, &verr) {
		h.renderTrainingManage(w, r, http.StatusUnprocessableEntity, views.ManageTrainingData{Rule: in, RuleErrs: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.rule_created", strconv.Itoa(n))
	redirect(w, r, "/training/manage")
}

// trainingRuleInDepartment: a manager's rule must assign a course of their department to
// their department, a team in it, or hand-picked people in it.
func (h *Handler) trainingRuleInDepartment(r *http.Request, p store.Person, in store.AssignmentRuleInput) (bool, error) {
	c, err := h.store.CourseForAuthor(r.Context(), in.CourseID)
	if err != nil || c.Department != p.Department {
		return false, nil
	}
	switch in.Kind {
	case store.RuleDepartment:
		return strings.TrimSpace(in.Value) == p.Department, nil
	case store.RuleTeam:
		teams, err := h.store.Teams(r.Context(), p.Department)
		return slices.Contains(teams, strings.TrimSpace(in.Value)), err
	case store.RulePeople:
		for _, e := range strings.FieldsFunc(in.EmployeeIDs, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' || r == '，' }) {
			q, err := h.store.PersonByEmployeeID(r.Context(), e)
			if err != nil || q.Department != p.Department {
				return false, nil
			}
		}
		return true, nil
	}
	return false, nil
}

func (h *Handler) retireTrainingRule(w http.ResponseWriter, r *http.Request) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if p := me(r); !store.May(p, store.ActionManageContent) {
		rules, err := h.store.ListAssignmentRules(r.Context(), 0)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		allowed := false
		for _, rule := range rules {
			if rule.ID == id {
				c, err := h.store.CourseForAuthor(r.Context(), rule.CourseID)
				allowed = err == nil && c.Department == p.Department
			}
		}
		if !allowed {
			h.fail(w, r, errForbidden)
			return
		}
	}
	if err := h.store.RetireAssignmentRule(r.Context(), me(r).ID, id); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.rule_retired", "")
	redirect(w, r, "/training/manage")
}

func (h *Handler) trainingAuthorLesson(r *http.Request) (store.Course, store.Lesson, error) {
	id, err := trainingIDParam(r, "id")
	if err != nil {
		return store.Course{}, store.Lesson{}, err
	}
	key, err := trainingIDParam(r, "key")
	if err != nil {
		return store.Course{}, store.Lesson{}, err
	}
	c, err := h.store.CourseForAuthor(r.Context(), id)
	if err != nil {
		return c, store.Lesson{}, err
	}
	for _, l := range c.Revision.Lessons {
		if l.Key == key {
			return c, l, nil
		}
	}
	return c, store.Lesson{}, store.ErrNotFound
}

func (h *Handler) showTrainingLessonForm(w http.ResponseWriter, r *http.Request) {
	c, l, err := h.trainingAuthorLesson(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.EditLessonPage(views.EditLessonData{Course: c, Key: l.Key,
		Input: store.LessonInput{TitleEN: l.TitleEN, TitleZH: l.TitleZH, BodyEN: l.BodyEN, BodyZH: l.BodyZH}}))
}

// updateTrainingLesson changes a lesson in the draft revision (a published course gets a new one).
func (h *Handler) updateTrainingLesson(w http.ResponseWriter, r *http.Request) {
	c, l, err := h.trainingAuthorLesson(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	in := store.LessonInput{TitleEN: f("lesson_title_en"), TitleZH: f("lesson_title_zh"), BodyEN: f("lesson_body_en"), BodyZH: f("lesson_body_zh")}
	err = h.store.UpdateLesson(r.Context(), me(r).ID, c.ID, l.Key, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.render(w, r, http.StatusUnprocessableEntity, views.EditLessonPage(views.EditLessonData{Course: c, Key: l.Key, Input: in, Errors: views.ErrorsFrom(err)}))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "training.lesson_saved", "")
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", c.ID))
}
