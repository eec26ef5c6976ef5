package handlers

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountTraining registers the training pages inside the signed-in group; routes that need a
// stricter role add their own requireRole.
func (h *Handler) mountTraining(r chi.Router) {}

// apiTraining registers the training JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiTraining(r chi.Router) {}

// trainingHome is the training card on the home page (nil for none).
func (h *Handler) trainingHome(r *http.Request, p store.Person) (templ.Component, error) {
	return nil, nil
}

// trainingProfile is the training section of a profile seen by viewer (nil for none).
func (h *Handler) trainingProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	return nil, nil
}

// trainingBanner is a notice the training area shows on every page (nil for none).
func (h *Handler) trainingBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}
