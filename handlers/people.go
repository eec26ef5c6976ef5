package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

const directoryPageSize = 50

func (h *Handler) showDirectory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.PeopleFilter{Query: q.Get("q"), Department: q.Get("department"), Team: strings.TrimSpace(q.Get("team")),
		Limit: directoryPageSize}
	d := views.DirectoryData{Query: f.Query, Department: f.Department, Team: f.Team, Manager: q.Get("manager"), Today: h.store.Now()}
	if d.Manager != "" {
		m, err := h.store.PersonByEmployeeID(r.Context(), d.Manager)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		f.ManagerID = m.ID
	}
	res, err := h.store.Directory(r.Context(), f, q.Get("after"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.People, d.Total, d.TotalCapped = res.People, res.Count, res.Count > store.DirectoryCountCap
	if d.Departments, err = h.store.Departments(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	// The team filter is typed; its suggestions are only the chosen department's teams
	// (a few dozen), never the organisation's 2,000.
	if f.Department != "" {
		if d.Teams, err = h.store.Teams(r.Context(), f.Department); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	pageHref := func(after string) string {
		v := url.Values{}
		for _, k := range []string{"q", "department", "team", "manager"} {
			if q.Get(k) != "" {
				v.Set(k, q.Get(k))
			}
		}
		if after != "" {
			v.Set("after", after)
		}
		return "/people?" + v.Encode()
	}
	if q.Get("after") != "" {
		d.FirstHref = pageHref("")
	}
	if res.Next != "" {
		d.NextHref = pageHref(res.Next)
	}
	h.render(w, r, http.StatusOK, views.DirectoryPage(d))
}

func (h *Handler) showMyProfile(w http.ResponseWriter, r *http.Request) {
	h.renderProfile(w, r, me(r))
}

func (h *Handler) showProfile(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	p, err := h.store.PersonByID(r.Context(), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderProfile(w, r, p)
}

func (h *Handler) renderProfile(w http.ResponseWriter, r *http.Request, p store.Person) {
	viewer := me(r)
	reports, err := h.store.DirectReports(r.Context(), p.ID, 200)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sections, err := h.profileSections(r, viewer, p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.ProfilePage(views.ProfileData{
		Person: p, IsMe: viewer.ID == p.ID, CanAdmin: store.May(viewer, store.ActionAdminister),
		Reports: reports, Today: h.store.Now(), Sections: sections,
	}))
}

// profileSections collects what each area shows on a profile (badges, training, goals).
func (h *Handler) profileSections(r *http.Request, viewer, p store.Person) ([]templ.Component, error) {
	var out []templ.Component
	for _, section := range []func(*http.Request, store.Person, store.Person) (templ.Component, error){
		h.recognitionProfile, h.trainingProfile, h.goalsProfile, h.checksProfile, h.cultureProfile,
	} {
		c, err := section(r, viewer, p)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}

// orgUnits lists the departments and the teams (within department, when given) for the
// filters and pickers of a page.
func (h *Handler) orgUnits(ctx context.Context, department string) (departments, teams []string, err error) {
	if departments, err = h.store.Departments(ctx); err != nil {
		return nil, nil, err
	}
	if teams, err = h.store.Teams(ctx, department); err != nil {
		return nil, nil, err
	}
	return departments, teams, nil
}
