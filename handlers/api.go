package handlers

import "github.com/go-chi/chi/v5"

// apiRoutes registers the JSON API under /api/v1; every route needs a bearer token.
func (h *Handler) apiRoutes(r chi.Router) {}
