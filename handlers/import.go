package handlers

import "github.com/go-chi/chi/v5"

// mountImport registers the HR import pages (admin only, guarded by the caller).
func (h *Handler) mountImport(r chi.Router) {}
