package handlers

import "github.com/go-chi/chi/v5"

// mountTokens registers the API token pages (admin only, guarded by the caller).
func (h *Handler) mountTokens(r chi.Router) {}
