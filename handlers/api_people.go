package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
)

// apiPeople registers GET and PUT /api/v1/people.
func (h *Handler) apiPeople(r chi.Router) {
	r.Get("/people", h.apiListPeople)
	r.With(requireScope(store.ScopePeople)).Put("/people", h.apiPutPeople)
}

const (
	apiPeopleDefaultLimit = 100
	apiPeopleMaxLimit     = 500
)

// apiPeoplePage is the answer to GET /api/v1/people. Each person has exactly the CSV
// columns as keys, so it can be sent back to PUT unchanged.
type apiPeoplePage struct {
	People     []store.PersonInput `json:"people"`
	NextCursor *string             `json:"next_cursor"`
	Next       *string             `json:"next"`
}

func (h *Handler) apiListPeople(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg := store.PeoplePage{Limit: apiPeopleDefaultLimit, Department: q.Get("department"), Team: q.Get("team"), Active: "true"}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > apiPeopleMaxLimit {
			writeJSONError(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d", apiPeopleMaxLimit))
			return
		}
		pg.Limit = n
	}
	if v := q.Get("active"); v != "" {
		if v != "true" && v != "false" && v != "all" {
			writeJSONError(w, http.StatusBadRequest, "active must be true, false or all")
			return
		}
		pg.Active = v
	}
	if v := q.Get("cursor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeJSONError(w, http.StatusBadRequest, "cursor is not one this API gave out: use the next_cursor of the previous page")
			return
		}
		pg.AfterID = n
	}
	people, more, err := h.store.PeopleAfter(r.Context(), pg)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	page := apiPeoplePage{People: make([]store.PersonInput, 0, len(people))}
	for _, p := range people {
		page.People = append(page.People, store.InputFromPerson(p))
	}
	if more {
		cursor := strconv.FormatInt(people[len(people)-1].ID, 10)
		next := url.Values{"cursor": {cursor}, "limit": {strconv.Itoa(pg.Limit)}, "active": {pg.Active}}
		if pg.Department != "" {
			next.Set("department", pg.Department)
		}
		if pg.Team != "" {
			next.Set("team", pg.Team)
		}
		link := "/api/v1/people?" + next.Encode()
		page.NextCursor, page.Next = &cursor, &link
		w.Header().Set("Link", "<"+link+`>; rel="next"`)
	}
	writeJSON(w, http.StatusOK, page)
}

// apiPutPeople creates or updates people from a JSON array of CSV-shaped objects,
// with the rules of the HR import: all or nothing, upsert by employee_id, others untouched.
func (h *Handler) apiPutPeople(w http.ResponseWriter, r *http.Request) {
	inputs, err := decodeJSONArray[store.PersonInput](r, store.MaxImportRows)
	if err != nil {
		writeJSONBodyError(w, err, "a JSON array of people (fields: "+strings.Join(store.PeopleColumns, ", ")+")")
		return
	}
	// Row 1 is item 0: problems name the 0-based index of the offending item.
	res, err := h.store.UpsertPeopleVia(r.Context(), 0, viaToken(r), inputs, 1)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"created": len(res.Created), "updated": len(res.Updated)})
}
