package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

// defaultOrgName names the issuer until an admin sets the organisation's name.
const defaultOrgName = "Lodestar"

// mountCredentialsPublic registers what verifiers fetch without signing in: the issuer's
// profile and public keys, and the public pages holders turned on.
func (h *Handler) mountCredentialsPublic(r chi.Router, pages chi.Router) {
	r.Get("/.well-known/jwks.json", h.showJWKS)
	r.Get("/issuer", h.showIssuer)
	pages.Get("/credentials/{publicID}", h.showPublicAward)
}

// mountCredentials registers the holder's own badge pages (signed in).
func (h *Handler) mountCredentials(r chi.Router) {
	r.Get("/me/badges", h.showMyBadges)
	r.Get("/me/badges/{id}/credential", h.downloadCredential)
	r.Post("/me/badges/{id}/public", h.setAwardPublic)
}

// mountCredentialsAdmin registers the issuer settings (admin only, guarded by the caller).
func (h *Handler) mountCredentialsAdmin(r chi.Router) {
	r.Get("/credentials", h.showIssuerSettings)
	r.Post("/credentials", h.saveIssuerSettings)
}

// apiCredentials registers the credential download for integrations.
func (h *Handler) apiCredentials(r chi.Router) {
	r.Get("/awards/{id}/credential", h.apiCredential)
}

// issuer is who signs credentials for this request's site.
func (h *Handler) issuer(r *http.Request) (store.Issuer, error) {
	set, err := h.store.IssuerSettingsNow(r.Context(), defaultOrgName)
	if err != nil {
		return store.Issuer{}, err
	}
	return store.Issuer{BaseURL: h.baseURL(r, true), Name: set.OrgName, LogoURL: set.LogoURL}, nil
}

func (h *Handler) showJWKS(w http.ResponseWriter, r *http.Request) {
	iss, err := h.issuer(r)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	keys, err := h.store.IssuerKeys(r.Context())
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	set := make([]store.JWK, 0, len(keys))
	for _, k := range keys {
		set = append(set, store.PublicJWK(&k.Private.PublicKey, iss.KeyURI(k.ID)))
	}
	writeJSONType(w, "application/jwk-set+json", map[string]any{"keys": set})
}

func (h *Handler) showIssuer(w http.ResponseWriter, r *http.Request) {
	iss, err := h.issuer(r)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	writeJSONType(w, "application/ld+json", store.IssuerProfile(iss, true))
}

// signedCredential builds and signs the credential of award in lang.
func (h *Handler) signedCredential(r *http.Request, a store.Award, lang string) (string, error) {
	iss, err := h.issuer(r)
	if err != nil {
		return "", err
	}
	key, err := h.store.SigningKey(r.Context())
	if err != nil {
		return "", err
	}
	return store.SignCredential(store.OpenBadgeCredential(a, iss, lang), key, iss.KeyURI(key.ID))
}

func (h *Handler) showMyBadges(w http.ResponseWriter, r *http.Request) {
	awards, err := h.store.HeldAwards(r.Context(), me(r).ID, 500)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.MyBadgesPage(views.MyBadgesData{Awards: awards, BaseURL: h.baseURL(r, true)}))
}

// myAward is the award in the URL, which must be the signed-in person's own.
func (h *Handler) myAward(r *http.Request) (store.Award, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return store.Award{}, store.ErrNotFound
	}
	return h.store.AwardOf(r.Context(), id, me(r).ID)
}

func (h *Handler) downloadCredential(w http.ResponseWriter, r *http.Request) {
	a, err := h.myAward(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if a.Revoked {
		h.render(w, r, http.StatusGone, views.ErrorPage(http.StatusGone, "credentials.withdrawn_page"))
		return
	}
	jwt, err := h.signedCredential(r, a, h.locale(r).Lang)
	if errors.Is(err, store.ErrNoIssuerKey) {
		h.render(w, r, http.StatusServiceUnavailable, views.ErrorPage(http.StatusServiceUnavailable, "credentials.no_key"))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/jwt")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="open-badge-%d.jwt"`, a.RecognitionID))
	w.Write([]byte(jwt))
}

func (h *Handler) setAwardPublic(w http.ResponseWriter, r *http.Request) {
	a, err := h.myAward(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	public := r.PostForm.Get("public") == "1"
	if err := h.store.SetAwardPublic(r.Context(), a.RecognitionID, me(r).ID, public); err != nil {
		h.fail(w, r, err)
		return
	}
	key := "credentials.public_off_flash"
	if public {
		key = "credentials.public_on_flash"
	}
	h.flash(w, "success", key, store.BilingualArg(a.Badge.NameEN, a.Badge.NameZH))
	redirect(w, r, "/me/badges")
}

func (h *Handler) showPublicAward(w http.ResponseWriter, r *http.Request) {
	a, err := h.store.AwardByPublicID(r.Context(), chi.URLParam(r, "publicID"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	set, err := h.store.IssuerSettingsNow(r.Context(), defaultOrgName)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.PublicAwardPage(views.PublicAwardData{Award: a, OrgName: set.OrgName}))
}

func (h *Handler) showIssuerSettings(w http.ResponseWriter, r *http.Request) {
	set, err := h.store.IssuerSettingsNow(r.Context(), "")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.IssuerSettingsPage(views.IssuerSettingsData{OrgName: set.OrgName, LogoURL: set.LogoURL,
		BaseURL: h.baseURL(r, true)}))
}

func (h *Handler) saveIssuerSettings(w http.ResponseWriter, r *http.Request) {
	in := store.IssuerSettings{OrgName: r.PostForm.Get("org_name"), LogoURL: r.PostForm.Get("logo_url")}
	err := h.store.SetIssuerSettings(r.Context(), me(r).ID, in)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.render(w, r, http.StatusUnprocessableEntity, views.IssuerSettingsPage(views.IssuerSettingsData{OrgName: in.OrgName,
			LogoURL: in.LogoURL, BaseURL: h.baseURL(r, true), Errors: views.ErrorsFrom(err)}))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "credentials.saved", "")
	redirect(w, r, "/admin/credentials")
}

// apiCredential returns the signed credential (a compact JWS) of the badge recognition {id}
// gave; employee_id names the holder when it went to several people.
func (h *Handler) apiCredential(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		writeJSONError(w, http.StatusNotFound, "no such award")
		return
	}
	holders, err := h.store.AwardRecipients(r.Context(), id)
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	var holder int64
	if emp := r.URL.Query().Get("employee_id"); emp != "" {
		p, err := h.store.PersonByEmployeeID(r.Context(), emp)
		if err != nil {
			writeJSONError(w, http.StatusNotFound, "no such award for this employee")
			return
		}
		holder = p.ID
	} else if len(holders) == 1 {
		holder = holders[0]
	} else if len(holders) > 1 {
		writeJSONError(w, http.StatusBadRequest, "this badge went to several people: add ?employee_id=")
		return
	}
	a, err := h.store.AwardOf(r.Context(), id, holder)
	if errors.Is(err, store.ErrNotFound) {
		writeJSONError(w, http.StatusNotFound, "no such award")
		return
	}
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	if a.Revoked {
		writeJSON(w, http.StatusGone, map[string]any{"error": "this award was withdrawn by a moderator", "code": "revoked"})
		return
	}
	lang := "en"
	if a.Holder.Language == "zh" {
		lang = "zh"
	}
	jwt, err := h.signedCredential(r, a, lang)
	if errors.Is(err, store.ErrNoIssuerKey) {
		writeJSONError(w, http.StatusServiceUnavailable, "no signing key yet: it is made when the server starts")
		return
	}
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/jwt")
	w.Write([]byte(jwt))
}

// writeJSONType writes v as JSON with a specific media type (JWKS, JSON-LD).
func writeJSONType(w http.ResponseWriter, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
