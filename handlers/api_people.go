package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	r.Body = http.MaxBytesReader(w, r.Body, store.MaxImportBytes)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	var inputs []store.PersonInput
	if err := dec.Decode(&inputs); err != nil {
		status, msg := apiDecodeError(err)
		writeJSONError(w, status, msg)
		return
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		writeJSONError(w, http.StatusBadRequest, "the body must hold one JSON array and nothing after it")
		return
	}
	if inputs == nil {
		writeJSONError(w, http.StatusBadRequest, "the body must be a JSON array of people")
		return
	}
	// Row 1 is item 0: problems name the 0-based index of the offending item.
	res, err := h.store.UpsertPeopleVia(r.Context(), 0, "API token "+apiToken(r).Name, inputs, 1)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"created": len(res.Created), "updated": len(res.Updated)})
}

// apiDecodeError explains why a request body is not the JSON expected.
func apiDecodeError(err error) (int, string) {
	var tooBig *http.MaxBytesError
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d MB: send fewer people per request", store.MaxImportBytes>>20)
	case errors.Is(err, io.EOF):
		return http.StatusBadRequest, "the body is empty: send a JSON array of people"
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return http.StatusBadRequest, "the body is not valid JSON: " + err.Error()
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return http.StatusBadRequest, "the body must be a JSON array of people"
		}
		return http.StatusBadRequest, fmt.Sprintf("field %q must be a %s, not a JSON %s", typeErr.Field, typeErr.Type, typeErr.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return http.StatusBadRequest, "unknown field " + field + ": the fields are " + strings.Join(store.PeopleColumns, ", ")
	}
	return http.StatusBadRequest, "the body is not a JSON array of people: " + err.Error()
}
