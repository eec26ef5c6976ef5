package handlers

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountTrainingAuthoring registers the authoring pages (the caller requires leaders).
func (h *Handler) mountTrainingAuthoring(r chi.Router) {
	r.Get("/training/manage", h.showManageTraining)
	r.Post("/training/manage/courses", h.createCourse)
	r.Get("/training/manage/courses/{id}", h.showEditCourse)
	r.Post("/training/manage/courses/{id}", h.updateCourse)
	r.Post("/training/manage/courses/{id}/lessons", h.addLesson)
	r.Post("/training/manage/courses/{id}/questions", h.addQuestion)
	r.Post("/training/manage/courses/{id}/publish", h.publishCourse)
	r.Post("/training/manage/rules", h.createRule)
	r.Post("/training/manage/rules/{id}/retire", h.retireRule)
}

func (h *Handler) renderManage(w http.ResponseWriter, r *http.Request, status int, d views.ManageTrainingData) {
	var err error
	if d.Courses, err = h.store.ListCourses(r.Context(), true); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Rules, err = h.store.ListAssignmentRules(r.Context(), 0); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Departments, err = h.store.Departments(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Teams, err = h.store.Teams(r.Context(), ""); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.ManageTrainingPage(d))
}

func (h *Handler) showManageTraining(w http.ResponseWriter, r *http.Request) {
	h.renderManage(w, r, http.StatusOK, views.ManageTrainingData{
		Rule: store.AssignmentRuleInput{Kind: store.RuleNewHires, DueDays: store.DefaultOnboardingDueDays},
	})
}

func defaultQuiz() store.QuestionSetSettings { return store.QuestionSetSettings{PassMark: 80} }

func (h *Handler) createCourse(w http.ResponseWriter, r *http.Request) {
	in := store.CourseInput{TitleEN: r.PostFormValue("title_en"), TitleZH: r.PostFormValue("title_zh"), Key: r.PostFormValue("key"), Quiz: defaultQuiz()}
	id, err := h.store.CreateCourse(r.Context(), me(r).ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderManage(w, r, http.StatusUnprocessableEntity, views.ManageTrainingData{Course: in, CourseErrs: views.ErrorsFrom(err),
			Rule: store.AssignmentRuleInput{Kind: store.RuleNewHires, DueDays: store.DefaultOnboardingDueDays}})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(r, "success", "training.course_created", in.TitleEN)
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) renderEditCourse(w http.ResponseWriter, r *http.Request, status int, d views.EditCourseData, typed bool) {
	id, err := idParam(r, "id")
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
	if d.Values, err = h.store.ListValues(r.Context(), false); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Priorities, err = h.store.ListPriorities(r.Context(), false); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.EditCoursePage(d))
}

func (h *Handler) showEditCourse(w http.ResponseWriter, r *http.Request) {
	h.renderEditCourse(w, r, http.StatusOK, views.EditCourseData{}, false)
}

func formInt(r *http.Request, name string, verr *store.ValidationError) int {
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

func formID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return n
}

func (h *Handler) updateCourse(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	verr := &store.ValidationError{}
	in := store.CourseInput{Key: f("key"), TitleEN: f("title_en"), TitleZH: f("title_zh"), SummaryEN: f("summary_en"), SummaryZH: f("summary_zh"),
		ValueID: formID(r, "value_id"), PriorityID: formID(r, "priority_id"),
		Quiz: store.QuestionSetSettings{PassMark: formInt(r, "pass_mark", verr), MaxAttempts: formInt(r, "max_attempts", verr),
			CooldownMinutes: formInt(r, "cooldown_minutes", verr), DrawCount: formInt(r, "draw_count", verr), ShuffleOptions: f("shuffle_options") != ""}}
	if len(verr.Problems) == 0 {
		err = h.store.UpdateCourse(r.Context(), me(r).ID, id, in)
	} else {
		err = verr
	}
	if errors.As(err, &verr) {
		h.renderEditCourse(w, r, http.StatusUnprocessableEntity, views.EditCourseData{Input: in, Errors: views.ErrorsFrom(err)}, true)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(r, "success", "training.course_saved", in.TitleEN)
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) addLesson(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	in := store.LessonInput{TitleEN: f("lesson_title_en"), TitleZH: f("lesson_title_zh"), BodyEN: f("lesson_body_en"), BodyZH: f("lesson_body_zh")}
	_, err = h.store.AddLesson(r.Context(), me(r).ID, id, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderEditCourse(w, r, http.StatusUnprocessableEntity, views.EditCourseData{Lesson: in, LessonErrs: views.ErrorsFrom(err)}, false)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(r, "success", "training.lesson_added", "")
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

// parseOptions reads one option per line, "*" in front marks a correct one, and
// "English | 中文" gives both languages.
func parseOptions(text string) []store.OptionInput {
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

func (h *Handler) addQuestion(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	form := views.QuestionForm{Kind: f("kind"), PromptEN: f("prompt_en"), PromptZH: f("prompt_zh"), Options: f("options"),
		PartialCredit: f("partial_credit") != "", TrueIsCorrect: f("true_is_correct"), ExplanationEN: f("explanation_en"),
		ExplanationZH: f("explanation_zh"), RubricEN: f("rubric_en"), RubricZH: f("rubric_zh"), Points: f("points")}
	verr := &store.ValidationError{}
	in := store.QuestionInput{Kind: form.Kind, PartialCredit: form.PartialCredit, Points: formInt(r, "points", verr),
		PromptEN: form.PromptEN, PromptZH: form.PromptZH, ExplanationEN: form.ExplanationEN, ExplanationZH: form.ExplanationZH,
		RubricEN: form.RubricEN, RubricZH: form.RubricZH, Options: parseOptions(form.Options), TrueIsCorrect: form.TrueIsCorrect != "false"}
	if len(verr.Problems) == 0 {
		var setID int64
		if setID, err = h.store.DraftQuestionSet(r.Context(), id); err == nil {
			_, err = h.store.AddQuestion(r.Context(), setID, in)
		}
	} else {
		err = verr
	}
	if errors.As(err, &verr) {
		h.renderEditCourse(w, r, http.StatusUnprocessableEntity, views.EditCourseData{Question: form, QuestionErrs: views.ErrorsFrom(err)}, false)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(r, "success", "training.question_added", "")
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) publishCourse(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	err = h.store.PublishCourse(r.Context(), me(r).ID, id)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderEditCourse(w, r, http.StatusUnprocessableEntity, views.EditCourseData{PublishErrs: views.ErrorsFrom(err)}, false)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(r, "success", "training.course_published", "")
	redirect(w, r, fmt.Sprintf("/training/manage/courses/%d", id))
}

func (h *Handler) createRule(w http.ResponseWriter, r *http.Request) {
	f := r.PostFormValue
	verr := &store.ValidationError{}
	in := store.AssignmentRuleInput{CourseID: formID(r, "course_id"), Kind: f("kind"), Value: f("value"),
		DueDays: formInt(r, "due_days", verr), DueOn: f("due_on"), EmployeeIDs: f("employee_ids")}
	var n int
	var err error
	if len(verr.Problems) == 0 {
		_, n, err = h.store.CreateAssignmentRule(r.Context(), me(r).ID, in)
	} else {
		err = verr
	}
	if errors.As(err, &verr) {
		h.renderManage(w, r, http.StatusUnprocessableEntity, views.ManageTrainingData{Rule: in, RuleErrs: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(r, "success", "training.rule_created", strconv.Itoa(n))
	redirect(w, r, "/training/manage")
}

func (h *Handler) retireRule(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r, "id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.store.RetireAssignmentRule(r.Context(), me(r).ID, id); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(r, "success", "training.rule_retired", "")
	redirect(w, r, "/training/manage")
}
