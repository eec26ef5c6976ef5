package handlers

import "github.com/go-chi/chi/v5"

// apiPeople registers GET and PUT /api/v1/people.
func (h *Handler) apiPeople(r chi.Router) {}
