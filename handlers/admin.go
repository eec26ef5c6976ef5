package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountAdmin registers the administration pages; the caller has already required the admin role.
func (h *Handler) mountAdmin(r chi.Router) {
	r.Get("/", h.showAdmin)
	r.Get("/people", h.showAdminPeople)
	r.Get("/people/new", h.showNewPerson)
	r.Post("/people", h.createPerson)
	r.Get("/people/{id}", h.showEditPerson)
	r.Post("/people/{id}", h.updatePerson)
	r.Post("/people/{id}/deactivate", h.deactivatePerson)
	r.Post("/people/{id}/password", h.resetPassword)
	r.Get("/audit", h.showAudit)
	h.mountImport(r)
	h.mountTokens(r)
	h.mountSSOAdmin(r)
	h.mountInvite(r)
	h.mountEmail(r)
	h.mountChannels(r)
}

func (h *Handler) showAdmin(w http.ResponseWriter, r *http.Request) {
	active, err := h.store.CountActivePeople(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.AdminPage(active))
}

func (h *Handler) showAdminPeople(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	if page < 1 {
		page = 1
	}
	status := q.Get("status")
	if status != "left" && status != "all" {
		status = "active"
	}
	f := store.PeopleFilter{Query: q.Get("q"), Active: status, Limit: directoryPageSize, Offset: (page - 1) * directoryPageSize}
	people, total, err := h.store.ListPeople(r.Context(), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.AdminPeopleData{Query: f.Query, Status: status, People: people, Total: total, Today: h.store.Now()}
	href := func(n int) string {
		v := url.Values{"q": {f.Query}, "status": {status}, "page": {strconv.Itoa(n)}}
		return "/admin/people?" + v.Encode()
	}
	if page > 1 {
		d.PrevHref = href(page - 1)
	}
	if page*directoryPageSize < total {
		d.NextHref = href(page + 1)
	}
	h.render(w, r, http.StatusOK, views.AdminPeoplePage(d))
}

func (h *Handler) showNewPerson(w http.ResponseWriter, r *http.Request) {
	in := store.PersonInput{Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent,
		HiredOn: h.store.Now().Format(store.DateLayout)}
	h.renderPersonForm(w, r, http.StatusOK, views.PersonFormData{Input: in, IsNew: true})
}

func personInputFromForm(r *http.Request) store.PersonInput {
	f := r.PostFormValue
	return store.PersonInput{EmployeeID: f("employee_id"), Email: f("email"), Name: f("name"), Title: f("title"),
		Department: f("department"), Team: f("team"), ManagerEmployeeID: f("manager_employee_id"), Tier: f("tier"),
		Role: f("role"), EmploymentType: f("employment_type"), HiredOn: f("hired_on"), LeftOn: f("left_on"), Language: f("language"),
		TitleZH: store.Ptr(f("title_zh")), DepartmentZH: store.Ptr(f("department_zh")), TeamZH: store.Ptr(f("team_zh"))}
}

func (h *Handler) createPerson(w http.ResponseWriter, r *http.Request) {
	in := personInputFromForm(r)
	if _, err := h.store.PersonByEmployeeID(r.Context(), in.EmployeeID); err == nil {
		errs := views.FieldErrors{"employee_id": {Field: "employee_id", Code: "employee_id_taken", Arg: in.EmployeeID}}
		h.renderPersonForm(w, r, http.StatusUnprocessableEntity, views.PersonFormData{Input: in, IsNew: true, Errors: errs})
		return
	}
	id, err := h.store.SavePerson(r.Context(), me(r).ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderPersonForm(w, r, http.StatusUnprocessableEntity, views.PersonFormData{Input: in, IsNew: true, Errors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "admin.person_created", in.Name)
	redirect(w, r, "/admin/people/"+strconv.FormatInt(id, 10))
}

func (h *Handler) personFromURL(r *http.Request) (store.Person, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return store.Person{}, store.ErrNotFound
	}
	return h.store.PersonByID(r.Context(), id)
}

func (h *Handler) showEditPerson(w http.ResponseWriter, r *http.Request) {
	p, err := h.personFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderPersonForm(w, r, http.StatusOK, views.PersonFormData{Person: p, Input: store.InputFromPerson(p)})
}

func (h *Handler) updatePerson(w http.ResponseWriter, r *http.Request) {
	p, err := h.personFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := personInputFromForm(r)
	in.EmployeeID = p.EmployeeID // the key does not change through the form
	if _, err := h.store.SavePerson(r.Context(), me(r).ID, in); err != nil {
		var verr *store.ValidationError
		if errors.As(err, &verr) {
			h.renderPersonForm(w, r, http.StatusUnprocessableEntity, views.PersonFormData{Person: p, Input: in, Errors: views.ErrorsFrom(err)})
			return
		}
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "admin.person_saved", in.Name)
	redirect(w, r, "/admin/people/"+strconv.FormatInt(p.ID, 10))
}

func (h *Handler) renderPersonForm(w http.ResponseWriter, r *http.Request, status int, d views.PersonFormData) {
	var err error
	if d.Departments, d.Teams, err = h.orgUnits(r.Context(), ""); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Today, d.FormKey = h.store.Now(), store.NewFormKey()
	h.render(w, r, status, views.PersonFormPage(d))
}

func (h *Handler) deactivatePerson(w http.ResponseWriter, r *http.Request) {
	p, err := h.personFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if p.ID == me(r).ID {
		h.flash(w, "error", "admin.cannot_deactivate_self", "")
		redirect(w, r, "/admin/people/"+strconv.FormatInt(p.ID, 10))
		return
	}
	if err := h.store.Deactivate(r.Context(), me(r).ID, p.ID, h.store.Now()); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "admin.person_deactivated", p.Name)
	redirect(w, r, "/admin/people/"+strconv.FormatInt(p.ID, 10))
}

func (h *Handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	p, err := h.personFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	password, err := h.store.ResetPasswordOnce(r.Context(), me(r).ID, p.ID, r.PostFormValue("form_key"))
	if errors.Is(err, store.ErrFormKeyUsed) {
		// A refresh re-sent the form: the password was reset and shown then; not again.
		h.flash(w, "info", "admin.password_reset_already", "")
		redirect(w, r, "/admin/people/"+strconv.FormatInt(p.ID, 10))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderPersonForm(w, showOnce(w, r, "admin.password_reset", password), http.StatusOK,
		views.PersonFormData{Person: p, Input: store.InputFromPerson(p)})
}

// showAudit pages through the events newest first by id (keyset: ?before=ID), so an old
// page costs what the first one does.
func (h *Handler) showAudit(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	const size = 100
	events, names, err := h.store.ListEvents(r.Context(), before, size)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.AuditData{Events: events, Names: names}
	if before > 0 {
		d.PrevHref = "/admin/audit"
	}
	if len(events) == size {
		d.NextHref = "/admin/audit?before=" + strconv.FormatInt(events[len(events)-1].ID, 10)
	}
	h.render(w, r, http.StatusOK, views.AuditPage(d))
}
