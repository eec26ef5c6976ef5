package handlers

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/go-chi/chi/v5"
	"golang.org/x/oauth2"

	"lodestar/store"
	"lodestar/views"
)

// ssoTimeout bounds each sign-in's calls to the identity provider (discovery, keys, token).
const ssoTimeout = 15 * time.Second

// Session keys holding one sign-in attempt between start and callback. They are popped at
// the callback, so each state answers once.
const (
	ssoStateKey    = "sso_state"
	ssoNonceKey    = "sso_nonce"
	ssoVerifierKey = "sso_verifier"
	ssoProviderKey = "sso_provider"
	ssoNextKey     = "sso_next"
)

// mountSSOAdmin registers the provider pages (admin only, guarded by the caller).
func (h *Handler) mountSSOAdmin(r chi.Router) {
	r.Get("/sso", h.showSSOProviders)
	r.Post("/sso/settings", h.saveSSOSettings)
	r.Get("/sso/new", h.showNewSSOProvider)
	r.Post("/sso", h.createSSOProvider)
	r.Get("/sso/{id}", h.showEditSSOProvider)
	r.Post("/sso/{id}", h.updateSSOProvider)
}

// renderLogin shows the sign-in page with the enabled providers' "Sign in with …" block.
func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, form views.LoginForm) {
	providers, err := h.store.ListSSOProviders(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	for _, p := range providers {
		if p.Enabled {
			form.SSO.Providers = append(form.SSO.Providers, p)
		}
	}
	if form.SSO.PasswordAdminsOnly, err = h.store.PasswordAdminsOnly(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.LoginPage(form))
}

func (h *Handler) showSSOProviders(w http.ResponseWriter, r *http.Request) {
	providers, err := h.store.ListSSOProviders(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	adminsOnly, err := h.store.PasswordAdminsOnly(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.SSOAdminPage(views.SSOAdminData{Providers: providers, PasswordAdminsOnly: adminsOnly,
		BaseURL: h.baseURL(r, true), SecretsSealed: h.store.SealsSecrets()}))
}

func (h *Handler) saveSSOSettings(w http.ResponseWriter, r *http.Request) {
	value := "false"
	if r.PostFormValue("password_admins_only") == "true" {
		value = "true"
	}
	if err := h.store.SetSetting(r.Context(), me(r).ID, store.SettingPasswordAdminsOnly, value); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "sso.settings_saved", "")
	redirect(w, r, "/admin/sso")
}

func (h *Handler) showNewSSOProvider(w http.ResponseWriter, r *http.Request) {
	in := store.SSOProviderInput{Claim: "email", MatchOn: store.MatchEmail, Enabled: true}
	h.render(w, r, http.StatusOK, views.SSOFormPage(views.SSOFormData{Input: in, BaseURL: h.baseURL(r, true)}))
}

func ssoInputFromForm(r *http.Request) store.SSOProviderInput {
	f := r.PostFormValue
	return store.SSOProviderInput{Key: f("key"), NameEN: f("name_en"), NameZH: f("name_zh"), Issuer: f("issuer"),
		ClientID: f("client_id"), ClientSecret: f("client_secret"), Claim: f("claim"), MatchOn: f("match_on"),
		AllowedDomains: f("allowed_domains"), Enabled: f("enabled") == "true"}
}

func (h *Handler) createSSOProvider(w http.ResponseWriter, r *http.Request) {
	in := ssoInputFromForm(r)
	_, err := h.store.CreateSSOProvider(r.Context(), me(r).ID, in)
	h.afterSSOSave(w, r, views.SSOFormData{Input: in}, err)
}

func (h *Handler) showEditSSOProvider(w http.ResponseWriter, r *http.Request) {
	p, err := h.ssoProviderFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := store.SSOProviderInput{Key: p.Key, NameEN: p.NameEN, NameZH: p.NameZH, Issuer: p.Issuer, ClientID: p.ClientID,
		Claim: p.Claim, MatchOn: p.MatchOn, AllowedDomains: strings.Join(p.AllowedDomains, " "), Enabled: p.Enabled}
	h.render(w, r, http.StatusOK, views.SSOFormPage(views.SSOFormData{ID: p.ID, Input: in, HasSecret: p.HasSecret, BaseURL: h.baseURL(r, true)}))
}

func (h *Handler) updateSSOProvider(w http.ResponseWriter, r *http.Request) {
	p, err := h.ssoProviderFromURL(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	in := ssoInputFromForm(r)
	err = h.store.UpdateSSOProvider(r.Context(), me(r).ID, p.ID, in)
	h.afterSSOSave(w, r, views.SSOFormData{ID: p.ID, Input: in, HasSecret: p.HasSecret}, err)
}

// afterSSOSave re-shows the form with the problems next to the fields (never the typed
// secret: it is asked again), or goes back to the list.
func (h *Handler) afterSSOSave(w http.ResponseWriter, r *http.Request, d views.SSOFormData, err error) {
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		d.Errors, d.BaseURL = views.ErrorsFrom(err), h.baseURL(r, true)
		d.Input.ClientSecret = ""
		h.render(w, r, http.StatusUnprocessableEntity, views.SSOFormPage(d))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "sso.saved", d.Input.Key)
	redirect(w, r, "/admin/sso")
}

func (h *Handler) ssoProviderFromURL(r *http.Request) (store.SSOProvider, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return store.SSOProvider{}, store.ErrNotFound
	}
	return h.store.SSOProviderByID(r.Context(), id)
}

// ssoRefusal is why a single sign-on did not sign anyone in: the message shown on the
// sign-in page, and the status.
type ssoRefusal struct {
	key    string
	status int
	cause  error // logged, never shown
}

func (e *ssoRefusal) Error() string { return e.key + ": " + fmt.Sprint(e.cause) }

func refuse(key string, status int, cause error) error {
	return &ssoRefusal{key: key, status: status, cause: cause}
}

// refuseSSO shows the sign-in page with the refusal's message, naming the provider.
func (h *Handler) refuseSSO(w http.ResponseWriter, r *http.Request, p store.SSOProvider, err error) {
	var ref *ssoRefusal
	if !errors.As(err, &ref) {
		h.fail(w, r, err)
		return
	}
	h.log.Warn("sso sign-in refused", "provider", p.Key, "reason", ref.key, "err", ref.cause)
	name := p.DisplayName(h.locale(r).Lang)
	h.renderLogin(w, r, ref.status, views.LoginForm{ErrorKey: ref.key, ErrorArg: name})
}

// ssoClient finds the provider's endpoints and keys (discovered at most once an hour) and
// builds the OAuth2 client.
func (h *Handler) ssoClient(ctx context.Context, r *http.Request, p store.SSOProvider) (*oidc.Provider, *oauth2.Config, error) {
	op, err := h.oidcProviders.get(ctx, p.Issuer)
	if err != nil {
		return nil, nil, refuse("sso.error_unavailable", http.StatusBadGateway, err)
	}
	return op, &oauth2.Config{
		ClientID:     p.ClientID,
		ClientSecret: p.ClientSecret,
		Endpoint:     op.Endpoint(),
		RedirectURL:  views.SSOCallbackURL(h.baseURL(r, true), p.Key),
		Scopes:       []string{oidc.ScopeOpenID, "profile", "email"},
	}, nil
}

// enabledProvider is the provider named in the URL, if people may sign in with it.
func (h *Handler) enabledProvider(r *http.Request) (store.SSOProvider, error) {
	p, err := h.store.SSOProviderByKey(r.Context(), chi.URLParam(r, "provider"))
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && !p.Enabled):
		return p, refuse("sso.error_no_provider", http.StatusNotFound, err)
	case errors.Is(err, store.ErrSecretKey):
		return p, refuse("sso.error_unavailable", http.StatusBadGateway, err)
	}
	return p, err
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// startSSO sends the browser to the provider, keeping state, nonce and PKCE verifier in
// the session (server side) for the callback.
func (h *Handler) startSSO(w http.ResponseWriter, r *http.Request) {
	p, err := h.enabledProvider(r)
	if err != nil {
		h.refuseSSO(w, r, p, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), ssoTimeout)
	defer cancel()
	_, cfg, err := h.ssoClient(ctx, r, p)
	if err != nil {
		h.refuseSSO(w, r, p, err)
		return
	}
	state, nonce, verifier := randomToken(), randomToken(), oauth2.GenerateVerifier()
	h.sessions.Put(r.Context(), ssoStateKey, state)
	h.sessions.Put(r.Context(), ssoNonceKey, nonce)
	h.sessions.Put(r.Context(), ssoVerifierKey, verifier)
	h.sessions.Put(r.Context(), ssoProviderKey, p.Key)
	h.sessions.Put(r.Context(), ssoNextKey, safeNext(r.URL.Query().Get("next")))
	http.Redirect(w, r, cfg.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusSeeOther)
}

// ssoCallback finishes a sign-in the provider sent back: the state must be the one this
// session started (and is used up), the code is exchanged with the PKCE verifier, the ID
// token verified (issuer, audience, signature, expiry, nonce), and its claim linked to an
// existing person, who is then signed in as with a password.
func (h *Handler) ssoCallback(w http.ResponseWriter, r *http.Request) {
	p, err := h.enabledProvider(r)
	if err != nil {
		h.refuseSSO(w, r, p, err)
		return
	}
	ctx := r.Context()
	state, nonce := h.sessions.PopString(ctx, ssoStateKey), h.sessions.PopString(ctx, ssoNonceKey)
	verifier, started, next := h.sessions.PopString(ctx, ssoVerifierKey), h.sessions.PopString(ctx, ssoProviderKey), h.sessions.PopString(ctx, ssoNextKey)
	q := r.URL.Query()
	if state == "" || started != p.Key || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
		h.refuseSSO(w, r, p, refuse("sso.error_state", http.StatusBadRequest, errors.New("state missing, used or not this session's")))
		return
	}
	if e := q.Get("error"); e != "" {
		h.refuseSSO(w, r, p, refuse("sso.error_denied", http.StatusForbidden, fmt.Errorf("%s: %s", e, q.Get("error_description"))))
		return
	}
	person, err := h.ssoPerson(ctx, r, p, q.Get("code"), verifier, nonce)
	if err != nil {
		h.refuseSSO(w, r, p, err)
		return
	}
	h.signIn(w, r, person, next)
}

// ssoPerson exchanges the code and returns the person the verified ID token names.
func (h *Handler) ssoPerson(ctx context.Context, r *http.Request, p store.SSOProvider, code, verifier, nonce string) (store.Person, error) {
	ctx, cancel := context.WithTimeout(ctx, ssoTimeout)
	defer cancel()
	op, cfg, err := h.ssoClient(ctx, r, p)
	if err != nil {
		return store.Person{}, err
	}
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return store.Person{}, refuse("sso.error_exchange", http.StatusBadGateway, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return store.Person{}, refuse("sso.error_token", http.StatusForbidden, errors.New("no id_token in the token response"))
	}
	idt, err := op.Verifier(&oidc.Config{ClientID: p.ClientID, Now: h.store.Now}).Verify(ctx, raw)
	var expired *oidc.TokenExpiredError
	switch {
	case errors.As(err, &expired):
		return store.Person{}, refuse("sso.error_expired", http.StatusForbidden, err)
	case err != nil:
		return store.Person{}, refuse("sso.error_token", http.StatusForbidden, err)
	case subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1:
		return store.Person{}, refuse("sso.error_token", http.StatusForbidden, errors.New("nonce does not match"))
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return store.Person{}, refuse("sso.error_token", http.StatusForbidden, err)
	}
	// An address the person typed but never confirmed must not pick whom they sign in as.
	if v := claims["email_verified"]; (v == false || v == "false") && (p.MatchOn == store.MatchEmail || len(p.AllowedDomains) > 0) {
		return store.Person{}, refuse("sso.error_unverified_email", http.StatusForbidden, errors.New("email_verified is false"))
	}
	email, _ := claims["email"].(string)
	person, err := h.store.SSOSignIn(ctx, p, claimString(claims[p.Claim]), email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return person, refuse("sso.error_unknown_person", http.StatusForbidden, err)
	case errors.Is(err, store.ErrInactive):
		return person, refuse("login.error_inactive", http.StatusForbidden, err)
	case errors.Is(err, store.ErrSSODomain):
		return person, refuse("sso.error_domain", http.StatusForbidden, err)
	case errors.Is(err, store.ErrSSOMissingClaim):
		return person, refuse("sso.error_missing_claim", http.StatusForbidden, fmt.Errorf("claim %q: %w", p.Claim, err))
	}
	return person, err
}

// claimString reads a claim as text: employee IDs may come as JSON numbers.
func claimString(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}
