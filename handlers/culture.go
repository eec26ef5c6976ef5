package handlers

import (
	"net/http"

	"github.com/a-h/templ"
	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountCulture registers the culture pages inside the signed-in group; routes that need a
// stricter role add their own requireRole.
func (h *Handler) mountCulture(r chi.Router) {}

// apiCulture registers the culture JSON API routes (the caller has checked the bearer token).
func (h *Handler) apiCulture(r chi.Router) {}

// cultureHome is the culture card on the home page (nil for none).
func (h *Handler) cultureHome(r *http.Request, p store.Person) (templ.Component, error) {
	return nil, nil
}

// cultureProfile is the culture section of a profile seen by viewer (nil for none).
func (h *Handler) cultureProfile(r *http.Request, viewer, p store.Person) (templ.Component, error) {
	return nil, nil
}

// cultureBanner is a notice the culture area shows on every page (nil for none).
func (h *Handler) cultureBanner(r *http.Request, p store.Person) (*views.Banner, error) {
	return nil, nil
}
