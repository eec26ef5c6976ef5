package handlers

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"lodestar/static"
	"lodestar/store"
	"lodestar/views"
)

// Routes builds the router: public routes, the token-guarded API, and the pages,
// each page group guarded by the action (store/policy.go) it needs.
func (h *Handler) Routes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer, h.logRequests, securityHeaders, noStore, h.limitBodies(r))
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })

	r.Get("/healthz", h.healthz)
	r.Handle("/static/*", static.Handler())
	r.With(h.gate.admit).Route("/api/v1", h.apiRoutes)

	// Cross-site POSTs are refused before any page handler runs.
	crossOrigin := http.NewCrossOriginProtection()
	// The refusal page runs outside the page chain, so it loads the session itself (the
	// reader's language and header come from it).
	crossOrigin.SetDenyHandler(h.loadSession(h.loadPerson(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, http.StatusForbidden, views.ErrorPage(http.StatusForbidden, "error.cross_site"))
	}))))
	pages := chi.NewRouter()
	pages.Use(h.gate.admit, crossOrigin.Handler, h.loadSession, h.loadPerson, h.limitAnonymous)
	pages.NotFound(func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, http.StatusNotFound, views.ErrorPage(http.StatusNotFound, "error.not_found"))
	})
	pages.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, http.StatusMethodNotAllowed, views.ErrorPage(http.StatusMethodNotAllowed, "error.method"))
	})
	// Public: sign-in (password or single sign-on), sign-out and the language switch.
	pages.Get("/login", h.showLogin)
	pages.With(h.readForm).Post("/login", h.login)
	pages.With(h.readForm).Post("/logout", h.logout)
	pages.With(h.readForm).Post("/language", h.setLanguage)
	pages.Get("/sso/{provider}/start", h.startSSO)
	pages.Get("/sso/{provider}/callback", h.ssoCallback)
	h.mountLinks(pages.With(h.readForm))
	h.mountCredentialsPublic(r, pages)
	h.mountUnsubscribe(pages.With(h.readForm))

	pages.Group(func(r chi.Router) {
		// Forms are read only once the caller is known to be signed in with a role that may
		// use this group (a stricter role inside it is checked after; see formInHandler).
		r.Use(h.require(store.ActionUseSite), h.readForm)
		r.Use(h.requirePasswordChange)
		r.Get("/", h.showHome)
		r.Get("/me", h.showMyProfile)
		r.Get("/people", h.showDirectory)
		r.Get("/people/pick", h.pickPeople)
		r.Get("/people/{id}", h.showProfile)
		r.Get("/account/password", h.showPasswordForm)
		r.Post("/account/password", h.changePassword)
		r.Get("/notifications", h.showNotifications)
		r.Post("/notifications/read", h.markNotificationsRead)
		h.mountCulture(r)
		h.mountGoals(r)
		h.mountTraining(r)
		h.mountChecks(r)
		h.mountRecognition(r)
		h.mountCredentials(r)
		h.mountEmailPrefs(r)
		h.mountInbox(r)
	})
	pages.Route("/admin", func(r chi.Router) {
		r.Use(h.require(store.ActionAdminister), h.readForm)
		r.Use(h.requirePasswordChange)
		h.mountAdmin(r)
		h.mountCredentialsAdmin(r)
	})
	r.Mount("/", pages)
	return r
}

// require lets through signed-in people whom the policy allows action a (store.May): nobody
// signed in is sent to /login, a signed-in person who may not gets 403. Whom the action is for
// (ReachBelow) is the handler's to check.
func (h *Handler) require(a store.Action) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, ok := currentPerson(r)
			if !ok {
				target := "/login"
				if r.Method == http.MethodGet && r.URL.Path != "/" {
					target += "?next=" + urlQueryEscape(r.URL.RequestURI())
				}
				http.Redirect(w, r, target, http.StatusSeeOther)
				return
			}
			if !store.May(p, a) {
				h.fail(w, r, errForbidden)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// loadPerson puts the signed-in person in the request context. Someone who has left
// since signing in, or whose sessions were ended since (new password, fewer rights: see
// Person.SessionEpoch), is signed out here.
func (h *Handler) loadPerson(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := h.sessions.GetInt64(r.Context(), "person_id")
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		// Idle time is wall-clock time, like the session's 12-hour lifetime; seen_at is Unix
		// seconds (gob, the session codec, needs no registration for int64).
		now := h.sessionClock()
		seen := time.Unix(h.sessions.GetInt64(r.Context(), "seen_at"), 0)
		if seen.Unix() != 0 && now.Sub(seen) > sessionIdle {
			h.signOutSession(r)
			next.ServeHTTP(w, r)
			return
		}
		p, err := h.store.SignedInPerson(r.Context(), id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			// A cancelled request or a busy database says nothing about the person:
			// answer with an error and keep the session.
			h.fail(w, r, err)
			return
		}
		if err != nil || !p.ActiveOn(h.store.Now()) || h.sessions.GetInt64(r.Context(), "session_epoch") != p.SessionEpoch {
			h.signOutSession(r)
			next.ServeHTTP(w, r)
			return
		}
		if seen.Unix() == 0 || now.Sub(seen) > sessionTouch {
			if m, ok := r.Context().Value(touchKey).(*touchMark); ok {
				m.before(h.sessions, r.Context())
			}
			h.sessions.Put(r.Context(), "seen_at", now.Unix())
		}
		next.ServeHTTP(w, r.WithContext(withPerson(r.Context(), p)))
	})
}

// signOutSession forgets who is signed in on this session and renews its token.
func (h *Handler) signOutSession(r *http.Request) {
	h.sessions.Remove(r.Context(), "person_id")
	h.sessions.RenewToken(r.Context())
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		next.ServeHTTP(w, r)
	})
}

// logRequests writes one structured line per request.
func (h *Handler) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		h.log.Info("request", "method", r.Method, "path", redactLinkToken(r.URL.Path), "status", ww.Status(),
			"bytes", ww.BytesWritten(), "duration_ms", time.Since(start).Milliseconds())
	})
}

// redactLinkToken hides the token of a one-time link path: logs are kept, and a logged link
// would open the account of whoever has not used it yet.
func redactLinkToken(path string) string {
	for _, prefix := range []string{"/invite/", "/password/reset/"} {
		if strings.HasPrefix(path, prefix) && len(path) > len(prefix) {
			return prefix + "…"
		}
	}
	return path
}

// healthz answers 200 "ok" when the database reads and writes, and 503 with the reason
// when it cannot read, or reads but cannot write (disk full, read-only file, stuck lock), so
// a load balancer or monitor notices a server that would fail every change.
func (h *Handler) healthz(w http.ResponseWriter, r *http.Request) {
	if err := h.store.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	if err := h.store.CheckWritable(r.Context()); err != nil {
		h.log.Error("health write probe", "err", err)
		http.Error(w, "database cannot be written: "+strings.TrimPrefix(err.Error(), "store: write probe: "), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
