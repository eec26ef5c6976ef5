package handlers

import (
	"net/http"

	"github.com/a-h/templ"

	"lodestar/store"
	"lodestar/views"
)

func (h *Handler) showHome(w http.ResponseWriter, r *http.Request) {
	p := me(r)
	_, reports, err := h.store.ListPeople(r.Context(), store.PeopleFilter{ManagerID: p.ID, Limit: 1})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sections, err := h.homeSections(r, p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.HomePage(views.HomeData{Me: p, TeamSize: reports, Sections: sections}))
}

// homeSections collects the cards each area puts on the home page, in order.
func (h *Handler) homeSections(r *http.Request, p store.Person) ([]templ.Component, error) {
	var out []templ.Component
	for _, section := range []func(*http.Request, store.Person) (templ.Component, error){
		h.cultureHome, h.checksHome, h.trainingHome, h.goalsHome, h.recognitionHome,
	} {
		c, err := section(r, p)
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, c)
		}
	}
	return out, nil
}
