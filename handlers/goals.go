package handlers

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountGoals registers the goals pages inside the signed-in group; routes that need a
// stricter role add their own requireRole.
func (h *Handler) mountGoals(r chi.Router) {}

// apiGoals registers the goals JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiGoals(r chi.Router) {}

// goalsHome is the goals card on the home page (nil for none).
func (h *Handler) goalsHome(r *http.Request, p store.Person) (templ.Component, error) {
	return nil, nil
}

// goalsProfile is the goals section of a profile seen by viewer (nil for none).
func (h *Handler) goalsProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	return nil, nil
}

// goalsBanner is a notice the goals area shows on every page (nil for none).
func (h *Handler) goalsBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}
