package handlers

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountRecognition registers the recognition pages inside the signed-in group; routes that need a
// stricter role add their own requireRole.
func (h *Handler) mountRecognition(r chi.Router) {}

// apiRecognition registers the recognition JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiRecognition(r chi.Router) {}

// recognitionHome is the recognition card on the home page (nil for none).
func (h *Handler) recognitionHome(r *http.Request, p store.Person) (templ.Component, error) {
	return nil, nil
}

// recognitionProfile is the recognition section of a profile seen by viewer (nil for none).
func (h *Handler) recognitionProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	return nil, nil
}

// recognitionBanner is a notice the recognition area shows on every page (nil for none).
func (h *Handler) recognitionBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}
