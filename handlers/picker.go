package handlers

import (
	"net/http"
	"strings"

	"lodestar/store"
	"lodestar/views"
)

// pickerPageSize is how many matches a picker shows: enough to choose from, small enough to
// read (a narrower search finds the rest).
const pickerPageSize = 20

// pickPeople answers the person picker's search as one types (static/js/picker.js):
// GET /people/pick?q=…[&except=me] → {"people": [{"employee_id", "name", "sub"}]}, at most
// pickerPageSize, best matches first; with scope=goal_owner only the people the viewer may
// make goal owners. Signed-in people only; people who have left are never
// listed.
func (h *Handler) pickPeople(w http.ResponseWriter, r *http.Request) {
	var except int64
	if r.URL.Query().Get("except") == "me" {
		except = me(r).ID
	}
	var hits []store.PersonHit
	var err error
	if r.URL.Query().Get("scope") == "goal_owner" { // the goal form: only people one may make owners
		var sc store.GoalScope
		if sc, err = h.store.GoalScopeFor(r.Context(), me(r)); err == nil {
			hits, err = h.goalOwnerSearch(r, sc, r.URL.Query().Get("q"))
		}
	} else {
		hits, err = h.store.SearchPeople(r.Context(), r.URL.Query().Get("q"), pickerPageSize, except)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	type person struct {
		EmployeeID string `json:"employee_id"`
		Name       string `json:"name"`
		Sub        string `json:"sub"`
	}
	out := struct {
		People []person `json:"people"`
	}{People: []person{}}
	ctx := h.contentContext(r)
	for _, p := range hits {
		out.People = append(out.People, person{EmployeeID: p.EmployeeID, Name: p.Name, Sub: views.PickerSub(ctx, p)})
	}
	// Names change: the answer is never cached for another search.
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
}

// recipientPicker is the give form's picker: the chosen colleagues, the giver's team before
// a search, the index's matches after one (without JavaScript).
func (h *Handler) recipientPicker(r *http.Request, to []string, query string, errs views.FieldErrors) (views.PersonPickerData, error) {
	ctx := r.Context()
	d := views.PersonPickerData{Name: "to", Multiple: true, LabelKey: "recognition.to_label", HintKey: "recognition.to_hint",
		SearchName: "q", SearchAction: "/recognition/give#picker-to", Except: true, Query: strings.TrimSpace(query),
		SuggestedKey: "picker.my_team", Errors: errs}
	found, err := h.store.ActivePeopleByEmployeeID(ctx, to)
	if err != nil {
		return d, err
	}
	d.Chosen = views.ChosenHits(found, to)
	if d.Query != "" {
		d.Results, err = h.store.SearchPeople(ctx, d.Query, pickerPageSize, me(r).ID)
	} else {
		d.Suggested, err = h.store.TeamColleagues(ctx, me(r).ID)
	}
	return d, err
}
