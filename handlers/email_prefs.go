package handlers

import (
	"errors"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountEmailPrefs registers the person's email choices (signed in).
func (h *Handler) mountEmailPrefs(r chi.Router) {
	r.Get("/me/email", h.showEmailPrefs)
	r.Post("/me/email", h.saveEmailPrefs)
}

// mountUnsubscribe registers the one-click unsubscribe links emails carry (no sign-in: the
// signed token says whom and what). GET only asks; the POST (the button, or a mail client's
// RFC 8058 one-click POST) turns the kind off.
func (h *Handler) mountUnsubscribe(r chi.Router) {
	r.Get("/unsubscribe/{token}", h.showUnsubscribe)
	r.Post("/unsubscribe/{token}", h.unsubscribe)
}

func (h *Handler) showEmailPrefs(w http.ResponseWriter, r *http.Request) {
	p := me(r)
	prefs, err := h.store.EmailPreferences(r.Context(), p.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.EmailPrefsPage(views.EmailPrefsData{Kinds: store.EmailKindsFor(p.Role), Prefs: prefs, HasEmail: p.Email != ""}))
}

// saveEmailPrefs sets every kind the form showed: checked on, unchecked off.
func (h *Handler) saveEmailPrefs(w http.ResponseWriter, r *http.Request) {
	prefs := map[string]bool{}
	for _, k := range r.PostForm["shown"] {
		prefs[k] = slices.Contains(r.PostForm["on"], k)
	}
	if err := h.store.SetEmailPreferences(r.Context(), me(r).ID, prefs); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "emailprefs.saved", "")
	redirect(w, r, "/me/email")
}

func (h *Handler) unsubscribeData(r *http.Request) (views.UnsubscribeData, error) {
	token := chi.URLParam(r, "token")
	p, kind, err := h.store.ParseUnsubscribeToken(r.Context(), token)
	if errors.Is(err, store.ErrBadUnsubscribe) {
		return views.UnsubscribeData{Bad: true}, nil
	}
	return views.UnsubscribeData{Token: token, Person: p, Kind: kind}, err
}

func (h *Handler) showUnsubscribe(w http.ResponseWriter, r *http.Request) {
	d, err := h.unsubscribeData(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	status := http.StatusOK
	if d.Bad {
		status = http.StatusNotFound
	}
	h.render(w, r, status, views.UnsubscribePage(d))
}

func (h *Handler) unsubscribe(w http.ResponseWriter, r *http.Request) {
	d, err := h.unsubscribeData(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Bad {
		h.render(w, r, http.StatusNotFound, views.UnsubscribePage(d))
		return
	}
	if err := h.store.SetEmailPreference(r.Context(), d.Person.ID, d.Kind, false); err != nil {
		h.fail(w, r, err)
		return
	}
	d.Done = true
	h.render(w, r, http.StatusOK, views.UnsubscribePage(d))
}
