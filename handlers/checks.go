package handlers

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountChecks registers the checks pages inside the signed-in group; routes that need a
// stricter role add their own requireRole.
func (h *Handler) mountChecks(r chi.Router) {}

// apiChecks registers the checks JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiChecks(r chi.Router) {}

// checksHome is the checks card on the home page (nil for none).
func (h *Handler) checksHome(r *http.Request, p store.Person) (templ.Component, error) {
	return nil, nil
}

// checksProfile is the checks section of a profile seen by viewer (nil for none).
func (h *Handler) checksProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	return nil, nil
}

// checksBanner is a notice the checks area shows on every page (nil for none).
func (h *Handler) checksBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}
