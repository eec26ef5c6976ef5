package handlers

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"lodestar/store"
	"lodestar/views"
)

func withPerson(ctx context.Context, p store.Person) context.Context {
	return context.WithValue(ctx, personKey, p)
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request) {
	if _, ok := currentPerson(r); ok {
		// Already signed in (e.g. a bookmarked sign-in link): go where it was meant to lead.
		redirect(w, r, safeNext(r.URL.Query().Get("next")))
		return
	}
	h.renderLogin(w, r, http.StatusOK, views.LoginForm{Next: r.URL.Query().Get("next")})
}

// login signs a person in by email or employee ID. Errors keep what was typed as the login.
func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	form := views.LoginForm{Login: r.PostFormValue("login"), Next: r.PostFormValue("next")}
	password := r.PostFormValue("password")
	if form.Login == "" || password == "" {
		form.ErrorKey = "login.error_missing"
		h.renderLogin(w, r, http.StatusUnprocessableEntity, form)
		return
	}
	p, err := h.store.Authenticate(r.Context(), form.Login, password, h.clientAddress(r))
	var throttled *store.ThrottledError
	switch {
	case errors.As(err, &throttled):
		form.ErrorKey = "login.error_throttled"
		form.ErrorArg = strconv.Itoa(int(math.Ceil(throttled.Wait.Minutes())))
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(throttled.Wait.Seconds()))))
		h.renderLogin(w, r, http.StatusTooManyRequests, form)
		return
	case errors.Is(err, store.ErrBadCredentials):
		form.ErrorKey = "login.error_credentials"
		h.renderLogin(w, r, http.StatusUnauthorized, form)
		return
	case errors.Is(err, store.ErrInactive):
		form.ErrorKey = "login.error_inactive"
		h.renderLogin(w, r, http.StatusForbidden, form)
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	// With single sign-on the password may be for administrators only; checked after the
	// password so the answer says nothing about accounts to someone guessing.
	if adminsOnly, err := h.store.PasswordAdminsOnly(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	} else if adminsOnly && !store.May(p, store.ActionAdminister) {
		form.ErrorKey = "sso.error_password_admins_only"
		h.renderLogin(w, r, http.StatusForbidden, form)
		return
	}
	if p.MustChangePassword {
		form.Next = "/account/password" // a temporary password: the person chooses their own first
	}
	h.signIn(w, r, p, form.Next)
}

// signIn starts p's session, after a password or single sign-on, and goes to next.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request, p store.Person, next string) {
	if err := h.startSession(r, p); err != nil {
		h.fail(w, r, err)
		return
	}
	redirect(w, r, safeNext(next))
}

// startSession signs p in on this request's session: a new token defeats session fixation,
// and the session remembers p's epoch, so a later new password or loss of rights ends it.
func (h *Handler) startSession(r *http.Request, p store.Person) error {
	if err := h.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	h.sessions.Put(r.Context(), "person_id", p.ID)
	h.sessions.Put(r.Context(), "session_epoch", p.SessionEpoch)
	h.sessions.Put(r.Context(), "seen_at", h.sessionClock().Unix())
	return nil
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	lang := h.sessions.GetString(r.Context(), "lang")
	if err := h.sessions.Destroy(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.sessions.RenewToken(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	if lang != "" {
		h.sessions.Put(r.Context(), "lang", lang)
	}
	h.flash(w, "success", "login.signed_out", "")
	redirect(w, r, "/login")
}

// setLanguage stores the choice on the profile when signed in, else in the session.
func (h *Handler) setLanguage(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if !slices.Contains(store.Languages, lang) {
		h.render(w, r, http.StatusBadRequest, views.ErrorPage(http.StatusBadRequest, "error.invalid"))
		return
	}
	h.sessions.Put(r.Context(), "lang", lang)
	if p, ok := currentPerson(r); ok {
		if err := h.store.SetLanguage(r.Context(), p.ID, lang); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	back := "/"
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		back = pageToReturnTo(r, safeNext(ref.RequestURI()))
	}
	redirect(w, r, back)
}

// pageToReturnTo is target, or, when target only answers POST (a form that came back with
// an error is shown at its POST address), the nearest parent path that answers GET.
func pageToReturnTo(r *http.Request, target string) string {
	rctx := chi.RouteContext(r.Context())
	if rctx == nil || rctx.Routes == nil {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		return "/"
	}
	for path := u.Path; path != "/" && path != ""; path = parentPath(path) {
		if rctx.Routes.Match(chi.NewRouteContext(), http.MethodGet, path) {
			if path == u.Path {
				return target
			}
			return path
		}
	}
	return "/"
}

func parentPath(p string) string {
	p = strings.TrimSuffix(p, "/")
	if i := strings.LastIndex(p, "/"); i > 0 {
		return p[:i]
	}
	return "/"
}

// requirePasswordChange sends someone signed in with a temporary password (an
// administrator's reset) to the change-password form from every other page; sign-out,
// the language switch and static files are outside the guarded groups, the API never sees it.
func (h *Handler) requirePasswordChange(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p, ok := currentPerson(r); ok && p.MustChangePassword && r.URL.Path != "/account/password" {
			redirect(w, r, "/account/password")
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (h *Handler) showPasswordForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, views.PasswordPage(views.PasswordForm{MustChange: me(r).MustChangePassword}))
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	p := me(r)
	current, next, confirm := r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("confirm")
	errs := views.FieldErrors{}
	if _, err := h.store.Authenticate(r.Context(), p.EmployeeID, current, h.clientAddress(r)); err != nil {
		var throttled *store.ThrottledError
		if errors.As(err, &throttled) {
			errs["current"] = store.Problem{Field: "current", Code: "throttled"}
		} else {
			errs["current"] = store.Problem{Field: "current", Code: "wrong_password"}
		}
	}
	if code := store.CheckPasswordRules(next, p.EmployeeID, p.Email, p.Name); code != "" {
		errs["password"] = store.Problem{Field: "password", Code: code}
	} else if next != confirm {
		errs["confirm"] = store.Problem{Field: "confirm", Code: "password_mismatch"}
	}
	if len(errs) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, views.PasswordPage(views.PasswordForm{Errors: errs, MustChange: p.MustChangePassword}))
		return
	}
	if err := h.store.SetPassword(r.Context(), p.ID, p.ID, next); err != nil {
		h.fail(w, r, err)
		return
	}
	// The new password ended every session of the person (Person.SessionEpoch); this one
	// carries on under a new token and the new epoch.
	updated, err := h.store.PersonByID(r.Context(), p.ID)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if err := h.startSession(r, updated); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "password.changed", "")
	redirect(w, r, "/me")
}
