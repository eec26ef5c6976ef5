package handlers

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// mountTokens registers the API token pages (admin only, guarded by the caller).
func (h *Handler) mountTokens(r chi.Router) {
	r.Get("/tokens", h.showTokens)
	r.Post("/tokens", h.createToken)
	r.Post("/tokens/{id}/revoke", h.revokeToken)
}

func (h *Handler) showTokens(w http.ResponseWriter, r *http.Request) {
	h.renderTokens(w, r, http.StatusOK, views.TokensData{})
}

func (h *Handler) renderTokens(w http.ResponseWriter, r *http.Request, status int, d views.TokensData) {
	tokens, err := h.store.ListTokens(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d.Tokens, d.Today, d.FormKey = tokens, h.store.Now(), store.NewFormKey()
	h.render(w, r, status, views.TokensPage(d))
}

// createToken makes a token from the form and shows its secret in this answer only.
func (h *Handler) createToken(w http.ResponseWriter, r *http.Request) {
	in := store.TokenInput{Name: r.PostForm.Get("name"), ExpiresOn: r.PostForm.Get("expires_on"), Scopes: r.PostForm["scopes"],
		FormKey: r.PostForm.Get("form_key")}
	secret, err := h.store.CreateScopedToken(r.Context(), me(r).ID, in)
	if errors.Is(err, store.ErrFormKeyUsed) {
		// A refresh re-sent the form: the token was made and shown then; not again.
		h.flash(w, "info", "tokens.created_already", "")
		redirect(w, r, "/admin/tokens")
		return
	}
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderTokens(w, r, http.StatusUnprocessableEntity, views.TokensData{Input: in, Errors: views.ErrorsFrom(err)})
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.renderTokens(w, showOnce(w, r, "tokens.created", secret), http.StatusOK, views.TokensData{})
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	var name string
	if tokens, err := h.store.ListTokens(r.Context()); err == nil {
		for _, t := range tokens {
			if t.ID == id {
				name = t.Name
			}
		}
	}
	if err := h.store.RevokeToken(r.Context(), me(r).ID, id); err != nil {
		h.fail(w, r, err)
		return
	}
	// The number tells apart tokens that share a name (the list shows it too).
	h.flash(w, "success", "tokens.revoked_flash", "#"+strconv.FormatInt(id, 10)+" "+name)
	redirect(w, r, "/admin/tokens")
}
