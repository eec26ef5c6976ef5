package handlers

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountChecks registers the checks pages inside the signed-in group; routes that need a
// stricter permission add their own h.require(action). Everyone sees the checks and their own part;
// reports, reviews, interviews and exports are for managers (their snapshot org) and
// leaders; creating, opening and closing checks is for leaders.
func (h *Handler) mountChecks(r chi.Router) {
	r.Get("/checks", h.showChecks)
	r.Get("/checks/{id}", h.showCheck)
	r.Get("/checks/{id}/take", h.showCheckQuiz)
	r.Post("/checks/{id}/take", h.submitCheckQuiz)
	r.Post("/checks/{id}/start", h.startCheckQuiz)
	// One person's evidence: 404 unless the viewer may see it (checkPersonVisible), so it
	// sits in the signed-in group and decides itself.
	r.Get("/checks/{id}/people/{person}", h.showCheckPerson)
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionManageContent))
		r.Get("/checks/new", h.showNewCheck)
		r.Post("/checks", h.createCheck)
		r.Get("/checks/{id}/edit", h.showEditCheck)
		r.Post("/checks/{id}/edit", h.updateCheck)
		r.Post("/checks/{id}/open", h.openCheckNow)
		r.Post("/checks/{id}/close", h.closeCheckNow)
		r.Get("/checks/{id}/questions", h.showCheckQuestions)
		r.Post("/checks/{id}/questions", h.addCheckQuestion)
	})
	r.Group(func(r chi.Router) {
		r.Use(h.require(store.ActionSeeReports))
		r.Get("/checks/{id}/report", h.showCheckReport)
		r.Get("/checks/{id}/report/people", h.showCheckReportList)
		r.Post("/checks/{id}/remind", h.remindCheck)
		r.Post("/checks/{id}/refresher", h.assignCheckRefresher)
		r.Get("/checks/{id}/reviews", h.showCheckReviews)
		r.Post("/checks/{id}/reviews/{attempt}", h.reviewCheckAttempt)
		r.Get("/checks/{id}/interviews", h.showCheckInterviews)
		r.Post("/checks/{id}/interviews", h.recordCheckInterview)
		r.Post("/checks/{id}/interviews/upload", h.previewCheckInterviews)
		r.Post("/checks/{id}/interviews/confirm", h.confirmCheckInterviews)
		r.Get("/checks/{id}/export.csv", h.exportCheckCSV)
		r.Get("/checks/{id}/export.xlsx", h.exportCheckXLSX)
	})
}

// checkFromURL reads the check the path names. Opening and closing due checks is the
// scheduler's work (cmd/lodestar/jobs.go), never a page's: a GET writes nothing.
func (h *Handler) checkFromURL(r *http.Request) (store.Check, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return store.Check{}, store.ErrNotFound
	}
	return h.store.CheckByID(r.Context(), id)
}

// checkFail maps "not allowed" to 403 and everything else through fail.
func (h *Handler) checkFail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotAllowed) {
		err = errForbidden
	}
	h.fail(w, r, err)
}

func (h *Handler) showChecks(w http.ResponseWriter, r *http.Request) {
	p := me(r)
	all, err := h.store.ListChecks(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.ChecksIndexData{CanReport: store.May(p, store.ActionSeeReports), CanManage: store.May(p, store.ActionManageContent), TargetPct: 80}
	for _, c := range all {
		if c.Status != store.CheckScheduled || d.CanManage {
			d.Checks = append(d.Checks, c)
		}
	}
	if d.CanReport {
		if d.Trend, err = h.store.CheckTrend(r.Context(), p); err != nil {
			h.fail(w, r, err)
			return
		}
		if n := len(d.Trend); n > 0 {
			d.TargetPct = d.Trend[n-1].Check.TargetPct
		}
	}
	h.render(w, r, http.StatusOK, views.ChecksIndexPage(d))
}

func (h *Handler) showCheck(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := me(r)
	if c.Status == store.CheckScheduled && !store.May(p, store.ActionManageContent) {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	st, err := h.store.CheckStatusFor(r.Context(), c, p.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	answers, wrong := map[int64][]store.AnsweredQuestion{}, map[int64][]store.AnsweredQuestion{}
	for _, a := range st.Attempts { // only the signed-in person's own attempts
		if answers[a.ID], wrong[a.ID], err = h.store.CheckAttemptQuestions(r.Context(), a); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	// The right answers show only once no retake can use them: the check has closed or the
	// person's attempts are used up.
	reveal := c.Status != store.CheckOpen || c.AttemptsAllowed()-len(st.Attempts) <= 0
	d := views.CheckPageData{Answers: answers, Wrong: wrong, RevealKey: reveal, Status: st, CanReport: store.May(p, store.ActionSeeReports),
		CanManage: store.May(p, store.ActionManageContent), TakeHref: h.checkTakeHref(r, c)}
	if c.Status == store.CheckScheduled {
		ok, err := h.store.CheckHasWrittenQuestion(r.Context(), c.ID)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		today := store.Day(h.store.Now())
		d.NeedsWritten, d.OpeningDue, d.DatesPassed = !ok, !c.OpensOn.After(today), c.ClosesOn.Before(today)
	}
	h.render(w, r, http.StatusOK, views.CheckPage(d))
}

// checkTakeHref is where a person answers the check; empty while it has no questions.
func (h *Handler) checkTakeHref(r *http.Request, c store.Check) string {
	set, err := h.store.CheckQuestions(r.Context(), c.ID)
	if err != nil || len(set.Questions) == 0 {
		return ""
	}
	return "/checks/" + strconv.FormatInt(c.ID, 10) + "/take"
}

func checkInputFromForm(r *http.Request) store.CheckInput {
	r.ParseForm()
	f := r.PostFormValue
	return store.CheckInput{Title: f("title"), TitleZH: f("title_zh"), OpensOn: f("opens_on"), ClosesOn: f("closes_on"), TargetPct: f("target_pct"),
		MinTenureDays: f("min_tenure_days"), EmploymentTypes: r.PostForm["employment_types"], PassMark: f("pass_mark"),
		CultureVersion: f("culture_version"), Retakes: f("retakes")}
}

func (h *Handler) showNewCheck(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, views.CheckFormPage(views.CheckFormData{IsNew: true, Input: store.DefaultCheckInput(h.store.Now())}))
}

func (h *Handler) createCheck(w http.ResponseWriter, r *http.Request) {
	in := checkInputFromForm(r)
	id, err := h.store.CreateCheck(r.Context(), me(r).ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.render(w, r, http.StatusUnprocessableEntity, views.CheckFormPage(views.CheckFormData{IsNew: true, Input: in, Errors: views.ErrorsFrom(err)}))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "checks.created", in.Title)
	redirect(w, r, "/checks/"+strconv.FormatInt(id, 10))
}

func (h *Handler) showEditCheck(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.CheckFormData{Check: c, Input: store.InputFromCheck(c)}
	if c.Status != store.CheckScheduled {
		d.Errors = views.FieldErrors{"status": {Field: "status", Code: "check_already_open"}}
	}
	h.render(w, r, http.StatusOK, views.CheckFormPage(d))
}

func (h *Handler) updateCheck(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := checkInputFromForm(r)
	err = h.store.UpdateCheck(r.Context(), me(r).ID, c.ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		errs := views.ErrorsFrom(err)
		if p, ok := errs["title"]; ok && p.Code == "check_already_open" {
			errs = views.FieldErrors{"status": {Field: "status", Code: "check_already_open"}}
		}
		h.render(w, r, http.StatusUnprocessableEntity, views.CheckFormPage(views.CheckFormData{Check: c, Input: in, Errors: errs}))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "checks.saved", in.Title)
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10))
}

func (h *Handler) openCheckNow(w http.ResponseWriter, r *http.Request) {
	h.checkAction(w, r, h.store.OpenCheckNow, "checks.opened")
}

func (h *Handler) closeCheckNow(w http.ResponseWriter, r *http.Request) {
	h.checkAction(w, r, h.store.CloseCheckNow, "checks.closed")
}

func (h *Handler) checkAction(w http.ResponseWriter, r *http.Request, act func(ctx context.Context, actor, id int64) error, okKey string) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	err = act(r.Context(), me(r).ID, c.ID)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.flash(w, "error", "problem."+verr.Problems[0].Code, "")
		redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", okKey, c.Title)
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10))
}

// reportableCheck loads the check of a report route; a scheduled check has no report yet.
func (h *Handler) reportableCheck(r *http.Request) (store.Check, error) {
	c, err := h.checkFromURL(r)
	if err == nil && c.Status == store.CheckScheduled {
		err = store.ErrNotFound
	}
	return c, err
}

func (h *Handler) showCheckReport(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := me(r)
	q := breakdownQuery(r, "dept", store.SortNeeded, store.SortRate, store.SortEligible, store.SortName)
	sum, err := h.store.CheckReportSummary(r.Context(), c, p, q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.CheckReportData{Summary: sum, Query: q, WholeOrg: store.MayAll(p, store.ActionSeeReports), NeedRefresher: sum.NeedRefresher}
	if c.Status == store.CheckOpen { // the queue is shown only while reviews can move the figures
		if d.Queue, err = h.store.CheckQueueSummary(r.Context(), c, p, sum.Overall.PendingReview); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	lists := []struct {
		into *[]store.PopulationRow
		f    store.ReportList
	}{
		{&d.People, store.ReportList{Department: q.Department, Limit: views.CheckListRows}},
		{&d.Left, store.ReportList{Left: true, NamesOnly: true, Limit: views.CheckListRows}},
	}
	if c.Status == store.CheckOpen {
		lists = append(lists, struct {
			into *[]store.PopulationRow
			f    store.ReportList
		}{&d.NonRespondents, store.ReportList{Result: store.ResultNoResponse, NamesOnly: true, Limit: views.CheckListRows}})
	}
	for _, l := range lists {
		// A manager's counted people usually fit on one page: then the non-respondents are
		// those of them with no response, in the same name order (their rows' result is the
		// kept live_result the query would filter on) — no second list to read where the
		// tree is too large to be read whole (store's scopeRows).
		if l.into == &d.NonRespondents && q.Department == "" && len(d.People) < views.CheckListRows {
			for _, row := range d.People {
				if row.Outcome.Result == store.ResultNoResponse {
					d.NonRespondents = append(d.NonRespondents, row)
				}
			}
			continue
		}
		if *l.into, err = h.store.CheckReportPeople(r.Context(), c, p, l.f); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if d.HasQuestions, err = h.store.CheckHasQuestions(r.Context(), c.ID); err != nil {
		h.fail(w, r, err)
		return
	}
	if d.HasQuestions {
		if d.Items, err = h.store.CheckQuestionAnalysisFor(r.Context(), c, p); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	courses, err := h.store.ListCourses(r.Context(), false)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lang := h.locale(r).Lang
	for _, course := range courses {
		if course.Published() {
			d.Courses = append(d.Courses, views.Option{Value: strconv.FormatInt(course.ID, 10), Text: course.Title(lang)})
		}
	}
	h.render(w, r, http.StatusOK, views.CheckReportPage(d))
}

// showCheckReportList is one of the report's people lists in full, CheckPageRows at a
// time in name order: everyone counted (of a department, of one result) or the leavers.
// The viewer's scope is the report's.
func (h *Handler) showCheckReportList(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p, q := me(r), r.URL.Query()
	f := store.ReportList{Left: q.Get("list") == "left", Department: q.Get("dept"), Result: q.Get("result"),
		AfterName: q.Get("after_name"), AfterEmployeeID: q.Get("after")}
	if (q.Get("list") != "" && !f.Left) || (f.Result != "" && !slices.Contains(store.Results, f.Result)) ||
		(f.Left && (f.Department != "" || f.Result != "")) {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	sum, err := h.store.CheckReportSummary(r.Context(), c, p, store.BreakdownQuery{Department: f.Department})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.CheckReportListData{Check: c, List: f, WholeOrg: store.MayAll(p, store.ActionSeeReports)}
	switch {
	case f.Left:
		d.Total = sum.Left
	case f.Department != "":
		d.Total = sum.Department.Counts.Of(f.Result)
	default:
		d.Total = sum.Overall.Of(f.Result)
	}
	page := f
	page.Limit = views.CheckPageRows + 1 // one more tells whether there is a next page
	if d.Rows, err = h.store.CheckReportPeople(r.Context(), c, p, page); err != nil {
		h.fail(w, r, err)
		return
	}
	first := f
	first.AfterName, first.AfterEmployeeID = "", ""
	if f.AfterEmployeeID != "" {
		d.FirstHref = views.CheckListHref(c, first)
	}
	if len(d.Rows) > views.CheckPageRows {
		d.Rows = d.Rows[:views.CheckPageRows]
		last := d.Rows[len(d.Rows)-1]
		next := first
		next.AfterName, next.AfterEmployeeID = last.Name, last.EmployeeID
		d.NextHref = views.CheckListHref(c, next)
	}
	h.render(w, r, http.StatusOK, views.CheckReportListPage(d))
}

func (h *Handler) remindCheck(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	n, err := h.store.RemindNonRespondents(r.Context(), c, me(r))
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.flash(w, "error", "problem."+verr.Problems[0].Code, "")
	} else if err != nil {
		h.fail(w, r, err)
		return
	} else {
		h.flashCount(w, "success", "checks.reminded", n)
	}
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10)+"/report")
}

func (h *Handler) showCheckReviews(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderCheckReviews(w, r, http.StatusOK, c, nil, nil)
}

func (h *Handler) renderCheckReviews(w http.ResponseWriter, r *http.Request, status int, c store.Check, errs map[int64]views.FieldErrors, typed map[int64]string) {
	// The first page of the queue and its counts in SQL: a leader's queue is the
	// organisation's, and building the whole report for its summary took seconds at 100,000.
	items, queue, err := h.store.ReviewQueuePage(r.Context(), c, me(r), views.CheckPageRows)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	answers := map[int64][]store.AnsweredQuestion{}
	for _, it := range items {
		if answers[it.ID], err = h.store.CheckAttemptAnswers(r.Context(), it.CheckAttempt); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.render(w, r, status, views.CheckReviewsPage(views.CheckReviewsData{Check: c, Items: items, Answers: answers, Errors: errs, Typed: typed,
		Queue: queue}))
}

func (h *Handler) reviewCheckAttempt(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	attemptID, err := strconv.ParseInt(chi.URLParam(r, "attempt"), 10, 64)
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	a, err := h.store.CheckAttemptByID(r.Context(), attemptID)
	if err != nil || a.CheckID != c.ID {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	feedback := r.PostFormValue("feedback")
	accepted := r.PostFormValue("verdict") == "accept"
	err = h.store.ReviewCheckAttempt(r.Context(), attemptID, me(r).ID, accepted, feedback)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderCheckReviews(w, r, http.StatusUnprocessableEntity, c,
			map[int64]views.FieldErrors{attemptID: views.ErrorsFrom(err)}, map[int64]string{attemptID: feedback})
		return
	}
	if err != nil {
		h.checkFail(w, r, err)
		return
	}
	h.flash(w, "success", "checks.reviewed", "")
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10)+"/reviews")
}

func (h *Handler) interviewsData(r *http.Request, c store.Check) (views.CheckInterviewsData, error) {
	d := views.CheckInterviewsData{Check: c, Input: store.InterviewInput{Date: h.store.Now().Format(store.DateLayout),
		Verdict: store.VerdictUnderstood}}
	// The picker's Search button (without JavaScript) sends the form here as a GET: keep what
	// was typed.
	if q := r.URL.Query(); q.Has("person_q") {
		d.Input = store.InterviewInput{EmployeeID: q.Get("employee_id"), Date: q.Get("date"), Verdict: q.Get("verdict"), Note: q.Get("note")}
	}
	var err error
	d.Picker, err = h.interviewPicker(r, d.Input.EmployeeID, r.URL.Query().Get("person_q"), nil)
	return d, err
}

// interviewPicker chooses the person interviewed with the person picker (by name, pinyin or
// employee ID) instead of listing every eligible person: recording checks eligibility.
func (h *Handler) interviewPicker(r *http.Request, chosen, query string, errs views.FieldErrors) (views.PersonPickerData, error) {
	c := chi.URLParam(r, "id")
	d := views.PersonPickerData{Name: "employee_id", LabelKey: "checks.interview_person", HintKey: "checks.interview_person_hint",
		SearchName: "person_q", SearchAction: "/checks/" + c + "/interviews#picker-employee_id", Query: strings.TrimSpace(query), Errors: errs}
	var err error
	if chosen = strings.TrimSpace(chosen); chosen != "" {
		found, ferr := h.store.ActivePeopleByEmployeeID(r.Context(), []string{chosen})
		if ferr != nil {
			return d, ferr
		}
		d.Chosen = views.ChosenHits(found, []string{chosen})
	}
	if d.Query != "" {
		d.Results, err = h.store.SearchPeople(r.Context(), d.Query, pickerPageSize, 0)
	}
	return d, err
}

func (h *Handler) showCheckInterviews(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.interviewsData(r, c)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.CheckInterviewsPage(d))
}

func (h *Handler) recordCheckInterview(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := store.InterviewInput{EmployeeID: r.PostFormValue("employee_id"), Date: r.PostFormValue("date"),
		Verdict: r.PostFormValue("verdict"), Note: r.PostFormValue("note")}
	_, err = h.store.RecordInterviews(r.Context(), c.ID, me(r), []store.InterviewInput{in}, 0)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		d, derr := h.interviewsData(r, c)
		if derr != nil {
			h.fail(w, r, derr)
			return
		}
		d.Input, d.Errors = in, views.ErrorsFrom(err)
		if d.Picker, derr = h.interviewPicker(r, in.EmployeeID, "", d.Errors); derr != nil {
			h.fail(w, r, derr)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, views.CheckInterviewsPage(d))
		return
	}
	if err != nil {
		h.checkFail(w, r, err)
		return
	}
	h.flash(w, "success", "checks.interview_saved", strings.TrimSpace(in.EmployeeID))
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10)+"/interviews")
}

// uploadedCSV reads the CSV from the file field, else from the pasted text. The error is a
// *http.MaxBytesError when the upload was over its limit.
func uploadedCSV(r *http.Request) (string, error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		content, ok, err := readUpload(r, "file")
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", err
		}
		if ok && strings.TrimSpace(string(content)) != "" {
			return string(content), nil
		}
	}
	// The confirm route's form is read here, after every role and object check (formInHandler).
	if err := r.ParseForm(); err != nil {
		return "", err
	}
	return r.FormValue("csv"), nil
}

// checkInterviewUpload validates an upload without writing (preview) or, when confirm is
// set, writes it all or nothing.
func (h *Handler) checkInterviewUpload(w http.ResponseWriter, r *http.Request, confirm bool) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.interviewsData(r, c)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.CSV, err = uploadedCSV(r)
	var tooBig *http.MaxBytesError
	if err != nil && !errors.As(err, &tooBig) {
		h.formFailed(w, r, err)
		return
	}
	if err != nil {
		d.Problems = []store.Problem{{Field: "file", Code: "file_too_large", Arg: strconv.Itoa(store.MaxImportBytes >> 20)}}
		h.render(w, r, http.StatusRequestEntityTooLarge, views.CheckInterviewsPage(d))
		return
	}
	rows, err := store.ParseInterviewCSV(strings.NewReader(d.CSV))
	if err == nil {
		if confirm {
			var n int
			n, err = h.store.RecordInterviews(r.Context(), c.ID, me(r), rows, 2)
			if err == nil {
				h.flashCount(w, "success", "checks.upload_saved", n)
				redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10)+"/report")
				return
			}
		} else {
			err = h.store.ValidateInterviews(r.Context(), c.ID, me(r), rows, 2)
		}
	}
	var verr *store.ValidationError
	switch {
	case errors.As(err, &verr):
		d.Problems, d.Total = verr.Problems, verr.Total()
		h.render(w, r, http.StatusUnprocessableEntity, views.CheckInterviewsPage(d))
	case err != nil:
		h.checkFail(w, r, err)
	default:
		d.Rows, d.Ready = rows, true
		h.render(w, r, http.StatusOK, views.CheckInterviewsPage(d))
	}
}

func (h *Handler) previewCheckInterviews(w http.ResponseWriter, r *http.Request) {
	h.checkInterviewUpload(w, r, false)
}

func (h *Handler) confirmCheckInterviews(w http.ResponseWriter, r *http.Request) {
	h.checkInterviewUpload(w, r, true)
}

// checksHome is the checks card on the home page: the open check, for people it counts.
func (h *Handler) checksHome(r *http.Request, p store.Person) (templ.Component, error) {
	checks, err := h.store.OpenChecks(r.Context())
	if err != nil {
		return nil, err
	}
	// One card per open check that counts the person: two checks may overlap (a new one
	// opening before the last closes), and neither may hide the other.
	var cards []templ.Component
	for _, c := range checks {
		st, err := h.store.CheckStatusFor(r.Context(), c, p.ID)
		if err != nil {
			return nil, err
		}
		if st.Eligible {
			cards = append(cards, views.CheckHomeCard(st))
		}
	}
	if len(cards) == 0 {
		return nil, nil
	}
	return templ.Join(cards...), nil
}

// checksProfileLimit is how many checks a profile lists (the latest first).
const checksProfileLimit = 3

// checksProfile is the checks section of a profile seen by viewer (nil for none): the
// person's standing in the latest checks that count them (result, and how and when it was
// shown; never answers, score or feedback), for the person, anyone above them in the
// current reporting lines, and leaders/admins. Nobody else sees it.
func (h *Handler) checksProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	ok, err := h.checksMaySeeStanding(r, viewer, p)
	if err != nil || !ok {
		return nil, err
	}
	standings, err := h.store.CheckStandings(r.Context(), p.ID, checksProfileLimit)
	if err != nil {
		return nil, err
	}
	return views.CheckProfileSection(views.CheckProfileData{Standings: standings, IsMe: viewer.ID == p.ID}), nil
}

func (h *Handler) checksMaySeeStanding(r *http.Request, viewer, p store.Person) (bool, error) {
	if store.ReachOf(viewer, store.ActionSeePerson) != store.ReachBelow {
		return store.MayOn(viewer, store.ActionSeePerson, p.ID, false), nil
	}
	below, err := h.store.ReportsTo(r.Context(), p.ID, viewer.ID)
	return store.MayOn(viewer, store.ActionSeePerson, p.ID, below), err
}

// checksBanner is a notice the checks area shows on every page (nil for none).
func (h *Handler) checksBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}

// showCheckQuiz is GET /checks/{id}/take. It never starts an attempt (a prefetcher or a
// reload must not spend an eligible person's one final answer): it resumes the person's
// attempt in progress, else shows the start page, whose Start button POSTs to startCheckQuiz.
func (h *Handler) showCheckQuiz(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := me(r)
	if c.Status == store.CheckScheduled && !store.May(p, store.ActionManageContent) {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	if c.Status == store.CheckOpen {
		oa, err := h.store.CheckAttemptInProgress(r.Context(), c.ID, p.ID)
		if err == nil {
			h.renderCheckQuiz(w, r, http.StatusOK, views.CheckQuizData{Check: c, Attempt: oa})
			return
		}
		if !errors.Is(err, store.ErrNotFound) {
			h.fail(w, r, err)
			return
		}
	}
	st, err := h.store.CheckStatusFor(r.Context(), c, p.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	set, err := h.store.CheckQuestions(r.Context(), c.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.CheckStartData{Status: st, Questions: len(set.Questions)}
	for _, q := range set.Questions {
		if q.Kind == store.QuestionWritten {
			d.Written++
		}
	}
	if c.CultureVersion != 0 {
		if _, err := h.store.CultureVersionByNumber(r.Context(), int(c.CultureVersion)); err == nil {
			d.CultureHref = "/culture/versions/" + strconv.FormatInt(c.CultureVersion, 10)
		}
	}
	h.render(w, r, http.StatusOK, views.CheckStartPage(d))
}

// startCheckQuiz is the start page's POST: it starts the person's attempt (or finds the one
// in progress) while the check is open and attempts are left, then shows the questions.
// Eligible people answer for the record; anyone else practises.
func (h *Handler) startCheckQuiz(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	_, err = h.store.StartCheckAttempt(r.Context(), c.ID, me(r).ID)
	if errors.Is(err, store.ErrAttemptPending) {
		h.flash(w, "error", "checks.wait_for_review", "")
		redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10))
		return
	}
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.flash(w, "error", "problem."+verr.Problems[0].Code, verr.Problems[0].Arg)
		redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10)+"/take")
}

func (h *Handler) renderCheckQuiz(w http.ResponseWriter, r *http.Request, status int, d views.CheckQuizData) {
	st, err := h.store.CheckStatusFor(r.Context(), d.Check, me(r).ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Practice = !st.Eligible
	h.render(w, r, status, views.CheckQuizPage(d))
}

func (h *Handler) submitCheckQuiz(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	p := me(r)
	r.ParseForm()
	token := r.PostFormValue("token")
	oa, err := h.store.OpenCheckAttempt(r.Context(), p.ID, token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	answers := trainingQuizAnswers(r, oa.Questions)
	_, err = h.store.SubmitCheckAttempt(r.Context(), c.ID, p.ID, token, answers)
	var verr *store.ValidationError
	if errors.As(err, &verr) && verr.Problems[0].Field != "check" {
		h.renderCheckQuiz(w, r, http.StatusUnprocessableEntity, views.CheckQuizData{Check: c, Attempt: oa, Answers: answers, Errors: views.ErrorsFrom(err)})
		return
	}
	if errors.As(err, &verr) {
		h.flash(w, "error", "problem."+verr.Problems[0].Code, verr.Problems[0].Arg)
		redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "checks.submitted", "")
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10))
}

func (h *Handler) showCheckQuestions(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderCheckQuestions(w, r, http.StatusOK, views.CheckQuestionsData{Check: c,
		Question: views.QuestionForm{Kind: store.QuestionWritten, Points: "1", TrueIsCorrect: "true"}})
}

func (h *Handler) renderCheckQuestions(w http.ResponseWriter, r *http.Request, status int, d views.CheckQuestionsData) {
	set, err := h.store.CheckQuestions(r.Context(), d.Check.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Set = set
	h.render(w, r, status, views.CheckQuestionsPage(d))
}

func (h *Handler) addCheckQuestion(w http.ResponseWriter, r *http.Request) {
	c, err := h.checkFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	f := r.PostFormValue
	form := views.QuestionForm{Kind: f("kind"), PromptEN: f("prompt_en"), PromptZH: f("prompt_zh"), Options: f("options"),
		PartialCredit: f("partial_credit") != "", TrueIsCorrect: f("true_is_correct"), RubricEN: f("rubric_en"),
		RubricZH: f("rubric_zh"), Points: f("points")}
	verr := &store.ValidationError{}
	in := store.QuestionInput{Kind: form.Kind, PartialCredit: form.PartialCredit, Points: trainingFormInt(r, "points", verr),
		PromptEN: form.PromptEN, PromptZH: form.PromptZH, RubricEN: form.RubricEN, RubricZH: form.RubricZH,
		Options: trainingParseOptions(form.Options), TrueIsCorrect: form.TrueIsCorrect != "false"}
	if len(verr.Problems) == 0 {
		_, err = h.store.AddCheckQuestion(r.Context(), me(r).ID, c.ID, in)
	} else {
		err = verr
	}
	if errors.Is(err, store.ErrSetInUse) {
		err = &store.ValidationError{Problems: []store.Problem{{Field: "set", Code: "check_questions_frozen"}}}
	}
	if errors.As(err, &verr) {
		h.renderCheckQuestions(w, r, http.StatusUnprocessableEntity, views.CheckQuestionsData{Check: c, Question: form, Errors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "checks.question_added", "")
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10)+"/questions")
}

// assignCheckRefresher assigns a training course to everyone in the viewer's scope who did
// not demonstrate understanding, in one action.
func (h *Handler) assignCheckRefresher(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	courseID, _ := strconv.ParseInt(r.PostFormValue("course_id"), 10, 64)
	due, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("due_days")))
	if err != nil {
		due = 14
	}
	n, err := h.store.AssignRefresher(r.Context(), c, me(r), courseID, due)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.flash(w, "error", "problem."+verr.Problems[0].Code, verr.Problems[0].Arg)
	} else if err != nil {
		h.fail(w, r, err)
		return
	} else {
		h.flashCount(w, "success", "checks.refresher_assigned", n)
	}
	redirect(w, r, "/checks/"+strconv.FormatInt(c.ID, 10)+"/report")
}

// checkPersonVisible tells whether viewer may see personID's answers, scores, verdicts and
// feedback in check c: the person themself, leaders and admins, and the managers above the
// person in the check's snapshot reporting lines. Nobody else (peers, other managers).
func (h *Handler) checkPersonVisible(r *http.Request, c store.Check, viewer store.Person, personID int64) (bool, error) {
	if store.ReachOf(viewer, store.ActionSeePerson) != store.ReachBelow {
		return store.MayOn(viewer, store.ActionSeePerson, personID, false), nil
	}
	sc, err := h.store.CheckScope(r.Context(), c, viewer)
	return store.MayOn(viewer, store.ActionSeePerson, personID, sc.Sees(personID)), err
}

// showCheckPerson is one snapshot person's evidence in a check, linked from the report's
// people list: their result, every attempt (score, verdict, written answers, reviewer,
// feedback) and interview. 404 for anyone who may not see it and for people outside the
// snapshot, so the page does not tell who took part.
func (h *Handler) showCheckPerson(w http.ResponseWriter, r *http.Request) {
	c, err := h.reportableCheck(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	personID, err := strconv.ParseInt(chi.URLParam(r, "person"), 10, 64)
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	ok, err := h.checkPersonVisible(r, c, me(r), personID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if !ok {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	row, err := h.store.CheckPersonRow(r.Context(), c, personID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.store.CheckStatusFor(r.Context(), c, personID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	answers := map[int64][]store.AnsweredQuestion{}
	for _, a := range st.Attempts {
		if answers[a.ID], err = h.store.CheckAttemptAnswers(r.Context(), a); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	h.render(w, r, http.StatusOK, views.CheckPersonPage(views.CheckPersonData{Row: row, Status: st, Answers: answers}))
}
