// Package handlers serves Lodestar's pages and JSON API.
package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
	"unicode"

	"github.com/a-h/templ"
	"github.com/alexedwards/scs/postgresstore"
	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"

	"lodestar/store"
	"lodestar/views"
)

// Deps is what the handlers need from the outside.
type Deps struct {
	Store  *store.Store
	Logger *slog.Logger
	// SecureCookies marks cookies Secure; set when Lodestar is served over TLS.
	SecureCookies bool
	// TrustProxy takes the client address from the last X-Forwarded-For entry (the one
	// our own reverse proxy appended). Set it only behind a proxy: otherwise anyone could
	// claim any address and dodge the per-address sign-in limit.
	TrustProxy bool
	// BaseURL is the site's public address for links in emails and on printed cards
	// (flag --base-url, env LODESTAR_BASE_URL); empty: the admin setting.
	BaseURL string
	// SMTPEnv holds the LODESTAR_SMTP_* values (keys HOST, PORT, USERNAME, PASSWORD, FROM,
	// TLS); a value set there wins over the admin page.
	SMTPEnv map[string]string
	// SessionClock is the wall clock sessions' idle time is measured with (time.Now when
	// nil). It is not the store's clock: that one moves business dates in tests, and a
	// session lives in real time, like its 12-hour lifetime.
	SessionClock func() time.Time
	// MaxInFlight is how many page and API reads (GET, HEAD) work at once; the rest wait in
	// arrival order (admit.go). 0: four per core; negative: no limit.
	MaxInFlight int
}

// Handler holds the dependencies every route shares.
type Handler struct {
	store      *store.Store
	log        *slog.Logger
	sessions   *scs.SessionManager
	trustProxy bool
	// baseURLConfig, secureCookies and smtpEnv: see Deps.
	baseURLConfig string
	secureCookies bool
	smtpEnv       map[string]string
	sessionClock  func() time.Time
	oidcProviders *oidcProviders // SSO discovery, cached per issuer
	gate          admission      // requests working at once (admit.go)
}

// New builds the handlers. Close must be called to stop the session cleanup.
func New(d Deps) *Handler {
	logger := d.Logger
	if logger == nil {
		logger = slog.Default()
	}
	sm := scs.New()
	// Sessions live in the store's database, whichever engine it is, so every app server
	// in front of one PostgreSQL database shares them.
	if d.Store.Engine() == store.Postgres {
		sm.Store = postgresstore.NewWithCleanupInterval(d.Store.DB(), 30*time.Minute)
	} else {
		sm.Store = sqlite3store.NewWithCleanupInterval(d.Store.DB(), 30*time.Minute)
	}
	// The sessions table keys rows by the SHA-256 of the cookie's token: a copy of the
	// database (a backup) holds no token that signs anyone in.
	sm.HashTokenInStore = true
	sm.Codec = sessionCodec{}
	sm.Lifetime = 12 * time.Hour
	// No scs IdleTimeout: with one, scs rewrites the session row on every request, so every
	// page view was a database write. loadPerson enforces sessionIdle itself and refreshes
	// the "seen_at" mark at most every sessionTouch.
	sm.Cookie.Name = "lodestar_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = d.SecureCookies
	clock := d.SessionClock
	if clock == nil {
		clock = time.Now
	}
	h := &Handler{store: d.Store, log: logger, sessions: sm, trustProxy: d.TrustProxy,
		baseURLConfig: d.BaseURL, secureCookies: d.SecureCookies, smtpEnv: d.SMTPEnv, sessionClock: clock,
		oidcProviders: newOIDCProviders(clock), gate: newAdmission(d.MaxInFlight)}
	sm.ErrorFunc = h.sessionError
	return h
}

// touchMark remembers the session as it was before loadPerson refreshed its "seen_at"
// mark, so a failed save that would only have refreshed the mark can be told from one
// that loses a real change (a sign-in, a language).
type touchMark struct {
	touched bool
	token   string
	values  map[string]any
}

func (m *touchMark) before(sm *scs.SessionManager, ctx context.Context) {
	m.touched, m.token, m.values = true, sm.Token(ctx), map[string]any{}
	for _, k := range sm.Keys(ctx) {
		m.values[k] = sm.Get(ctx, k)
	}
}

// onlyTouch tells whether the session differs from before the touch in seen_at alone.
func (m *touchMark) onlyTouch(sm *scs.SessionManager, ctx context.Context) bool {
	if !m.touched || sm.Token(ctx) != m.token {
		return false
	}
	same := 0
	for _, k := range sm.Keys(ctx) {
		if k == "seen_at" {
			continue
		}
		if v, ok := m.values[k]; !ok || !reflect.DeepEqual(v, sm.Get(ctx, k)) {
			return false
		}
		same++
	}
	_, hadSeen := m.values["seen_at"]
	if hadSeen {
		same++
	}
	return same == len(m.values)
}

// loadSession is scs's LoadAndSave with room for a touchMark and, on reads, the store's read memo (memo.go).
func (h *Handler) loadSession(next http.Handler) http.Handler {
	load := h.sessions.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		load.ServeHTTP(w, withMemo(r.WithContext(context.WithValue(r.Context(), touchKey, &touchMark{}))))
	})
}

// sessionError answers a session that could not be loaded or saved. Saving only the
// refreshed "seen_at" mark is best-effort: while the database cannot be written (a held
// write lock, a full disk) pages that only read keep working, and the mark is refreshed by
// a later request. Any other failure is a 500, so a sign-in that was not saved never looks
// like it worked.
func (h *Handler) sessionError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errSessionData) {
		// A session row this version cannot read (written by a newer one before a rollback,
		// or damaged): the person signs in again, instead of every request failing until the
		// row expires. Dropping the cookie ends it; /login then starts a fresh session.
		h.log.Warn("session: unreadable, signed out", "err", err)
		c := h.sessions.Cookie
		http.SetCookie(w, &http.Cookie{Name: c.Name, Path: c.Path, Domain: c.Domain, MaxAge: -1,
			HttpOnly: c.HttpOnly, Secure: c.Secure, SameSite: c.SameSite})
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	if m, ok := r.Context().Value(touchKey).(*touchMark); ok && m.onlyTouch(h.sessions, r.Context()) {
		h.log.Warn("session: seen_at not refreshed", "err", err)
		return
	}
	h.log.Error("session", "err", err)
	http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
}

// Close stops background session cleanup.
func (h *Handler) Close() {
	switch s := h.sessions.Store.(type) {
	case *sqlite3store.SQLite3Store:
		s.StopCleanup()
	case *postgresstore.PostgresStore:
		s.StopCleanup()
	}
}

const (
	// sessionIdle signs out a session that has not been used for this long.
	sessionIdle = 8 * time.Hour
	// sessionTouch is how stale the session's "seen_at" mark may get before a request
	// rewrites it: idle sign-out is accurate to this, and at most one write per session
	// per sessionTouch comes from simply browsing.
	sessionTouch = 5 * time.Minute
)

type ctxKey int

const (
	personKey ctxKey = iota
	tokenKey
	shownOnceKey
	langKey // a page's language chosen by the handler (a one-time link speaks its person's)
	bodyRouteKey
	touchKey
)

// currentPerson returns the signed-in person (ok false when nobody is signed in).
func currentPerson(r *http.Request) (store.Person, bool) {
	p, ok := r.Context().Value(personKey).(store.Person)
	return p, ok
}

// me returns the signed-in person; only call it behind require.
func me(r *http.Request) store.Person {
	p, _ := currentPerson(r)
	return p
}

// clientAddress is the client's IP, the key for per-address sign-in throttling. Behind a
// trusted reverse proxy every request comes from the proxy, so the address it appended to
// X-Forwarded-For is used instead; one person's guesses would otherwise lock out everyone.
func (h *Handler) clientAddress(r *http.Request) string {
	if h.trustProxy {
		hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
		if last := strings.TrimSpace(hops[len(hops)-1]); last != "" {
			return last
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// locale resolves the page language: the profile, else the session choice, else Accept-Language.
func (h *Handler) locale(r *http.Request) views.Locale {
	preferred, _ := r.Context().Value(langKey).(string)
	if p, ok := currentPerson(r); ok && preferred == "" {
		preferred = p.Language
	}
	if preferred == "" {
		preferred = h.sessions.GetString(r.Context(), "lang")
	}
	return views.MatchLanguage(preferred, r.Header.Get("Accept-Language"))
}

// shell gathers what the page frame shows for this request.
func (h *Handler) shell(w http.ResponseWriter, r *http.Request) views.Shell {
	s := views.Shell{Path: r.URL.Path}
	if once, ok := r.Context().Value(shownOnceKey).(views.Flash); ok {
		s.Flash = once
	} else {
		s.Flash = h.popFlash(w, r)
	}
	p, ok := currentPerson(r)
	if !ok {
		return s
	}
	s.Signed, s.PersonID, s.Name, s.Role = true, p.ID, p.Name, p.Role
	s.Nav = views.NavFor(p.Role, r.URL.Path)
	if n, err := h.store.UnreadNotifications(r.Context(), p.ID); err == nil {
		s.Unread = n
	}
	s.Inbox = h.inboxTotal(r, p)
	s.Banners = h.banners(r, p)
	return s
}

// banners lists notices for every page; areas add theirs (a new culture version, …).
func (h *Handler) banners(r *http.Request, p store.Person) []views.Banner {
	var out []views.Banner
	for _, banner := range []func(*http.Request, store.Person) (*views.Banner, error){
		h.cultureBanner, h.checksBanner, h.trainingBanner, h.goalsBanner, h.recognitionBanner,
	} {
		b, err := banner(r, p)
		if err != nil {
			h.log.Error("banner", "err", err)
			continue
		}
		if b != nil {
			out = append(out, *b)
		}
	}
	return out
}

// render writes a page with the shell and locale in its context.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, c templ.Component) {
	ctx := h.contentContext(r)
	ctx = views.WithShell(ctx, h.shell(w, r.WithContext(ctx)))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	pw := newPageWriter(w) // one write for a page up to pageBuffer, not one per 4 KB
	err := c.Render(ctx, pw)
	if cerr := pw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		h.log.Error("render", "path", r.URL.Path, "err", err)
	}
}

// fail maps an error to a status and a page: the one place errors become responses.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var verr *store.ValidationError
	switch {
	case errors.Is(err, store.ErrNotFound):
		h.render(w, r, http.StatusNotFound, views.ErrorPage(http.StatusNotFound, "error.not_found"))
	case errors.Is(err, errForbidden):
		h.render(w, r, http.StatusForbidden, views.ErrorPage(http.StatusForbidden, "error.forbidden"))
	case errors.As(err, &verr):
		h.render(w, r, http.StatusUnprocessableEntity, views.ErrorPage(http.StatusUnprocessableEntity, "error.invalid"))
	case errors.Is(err, context.Canceled):
		// The client went away; nothing to write.
	default:
		h.log.Error("request failed", "method", r.Method, "path", redactLinkToken(r.URL.Path), "err", err)
		h.render(w, r, http.StatusInternalServerError, views.ErrorPage(http.StatusInternalServerError, "error.internal"))
	}
}

var errForbidden = errors.New("forbidden")

// redirect answers a successful POST: 303 See Other to the next page.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// safeNext keeps post-sign-in redirects on this site: next must be a plain path on this
// host, else the home page. Browsers forgive a lot when reading a Location ("/\evil",
// "/<tab>/evil" and "//evil" all lead to another host), so anything that could read as a
// host or scheme is refused, also once percent-decoded, since some proxies decode paths.
func safeNext(next string) string {
	const home = "/"
	if !strings.HasPrefix(next, "/") || len(next) > 2048 {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return home
	}
	decoded := next
	for range 3 { // a few rounds catch double encoding (%252F)
		d, err := url.PathUnescape(decoded)
		if err != nil {
			return home
		}
		if d == decoded {
			break
		}
		decoded = d
	}
	for _, s := range []string{next, decoded} {
		if strings.HasPrefix(s, "//") || strings.Contains(s, `\`) || strings.IndexFunc(s, unicode.IsControl) >= 0 {
			return home
		}
	}
	return next
}

// csvSafe defuses spreadsheet formulas in user-written CSV cells: a cell starting with
// = + - @ (or a tab or carriage return) gets a leading quote.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// contentContext is the request's context with the reader's locale and, for readers of a
// language other than English, the Chinese names of departments and teams (one small read;
// a failure leaves the stored names).
func (h *Handler) contentContext(r *http.Request) context.Context {
	loc := h.locale(r)
	ctx := views.WithLocale(r.Context(), loc)
	if loc.Lang != "en" {
		if names, err := h.store.LoadOrgNames(ctx); err == nil {
			ctx = views.WithOrgNames(ctx, names)
		} else {
			h.log.Error("org names", "err", err)
		}
	}
	return ctx
}
