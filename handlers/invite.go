package handlers

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	qrcode "github.com/skip2/go-qrcode"

	"lodestar/store"
	"lodestar/views"
)

// mountInvite registers the admin invitation page (admin only, guarded by the caller).
func (h *Handler) mountInvite(r chi.Router) {
	r.Get("/invite", h.showInvite)
	r.Post("/invite", h.sendInvitations)
}

// apiInvite registers POST /api/v1/people/{employee_id}/invitation (token scope people).
func (h *Handler) apiInvite(r chi.Router) {
	r.With(requireScope(store.ScopePeople)).Post("/people/{employee_id}/invitation", h.apiCreateInvitation)
}

// apiCreateInvitation makes a new invitation for one person (withdrawing their older link),
// queues its email when they have an address, and answers 201 with the link.
func (h *Handler) apiCreateInvitation(w http.ResponseWriter, r *http.Request) {
	p, err := h.store.PersonByEmployeeID(r.Context(), chi.URLParam(r, "employee_id"))
	if err != nil {
		h.apiFail(w, r, err)
		return
	}
	// Only a configured address: the API request's Host header could be anyone's.
	base := h.baseURL(r, false)
	if base == "" {
		writeJSON(w, http.StatusConflict, map[string]any{"error": "no site address is configured (LODESTAR_BASE_URL, serve --base-url or the admin Email page), so no link can be made",
			"code": "no_base_url"})
		return
	}
	emailed := false
	compose := ComposeLinkEmail(base)
	l, err := h.store.CreateInvitation(r.Context(), 0, p, viaToken(r), func(l store.NewLink) (store.Email, bool, error) {
		e, ok, err := compose(l)
		emailed = ok
		return e, ok, err
	})
	switch {
	case errors.Is(err, store.ErrInviteAdmin):
		writeJSON(w, http.StatusForbidden, map[string]any{"error": "administrators cannot be invited through the API", "code": "admin"})
		return
	case errors.Is(err, store.ErrCanSignIn):
		writeJSON(w, http.StatusConflict, map[string]any{"error": "this person can already sign in; they can use \"Forgot password?\" or ask an administrator",
			"code": "already_can_sign_in"})
		return
	case err != nil:
		h.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"url": linkURL(base, l), "expires_at": l.ExpiresAt.UTC().Format(time.RFC3339),
		"code": l.Code, "emailed": emailed})
}

// mountLinks registers the public one-time link pages and forgot password.
func (h *Handler) mountLinks(r chi.Router) {
	r.Get("/invite/{token}", h.showLink)
	r.Post("/invite/{token}", h.useLink)
	r.Get("/password/reset/{token}", h.showLink)
	r.Post("/password/reset/{token}", h.useLink)
	r.Get("/password/forgot", h.showForgot)
	r.Post("/password/forgot", h.forgotPassword)
}

func inviteFilterFrom(v url.Values) store.InviteFilter {
	return store.InviteFilter{CannotSignIn: v.Get("cannot_sign_in") != "", Department: v.Get("department"),
		Team: v.Get("team"), Since: v.Get("since")}
}

func (h *Handler) showInvite(w http.ResponseWriter, r *http.Request) {
	f := store.InviteFilter{CannotSignIn: true}
	if len(r.URL.Query()) > 0 {
		f = inviteFilterFrom(r.URL.Query())
	}
	h.renderInvite(w, r, f)
}

func (h *Handler) renderInvite(w http.ResponseWriter, r *http.Request, f store.InviteFilter) {
	d := views.InviteData{Filter: f, Errors: views.FieldErrors{}}
	var err error
	d.Count, d.WithEmail, err = h.store.InviteCounts(r.Context(), f)
	var verr *store.ValidationError
	status := http.StatusOK
	if errors.As(err, &verr) {
		d.Errors, status = views.ErrorsFrom(err), http.StatusUnprocessableEntity
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	if d.Departments, d.Teams, err = h.orgUnits(r.Context(), ""); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.InvitePage(d))
}

// sendInvitations makes the links for the selection in one transaction, queues an email for
// everyone with an address, and answers with the links themselves: a printable sheet (with
// the same links as a CSV download) or the CSV alone. The links exist only in this answer.
func (h *Handler) sendInvitations(w http.ResponseWriter, r *http.Request) {
	f := inviteFilterFrom(r.PostForm)
	people, err := h.store.InviteCandidates(r.Context(), f)
	var verr *store.ValidationError
	if errors.As(err, &verr) {
		h.renderInvite(w, r, f)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	base := h.baseURL(r, true)
	emailed := 0
	compose := ComposeLinkEmail(base)
	links, err := h.store.Invite(r.Context(), me(r).ID, people, f.Describe(), func(l store.NewLink) (store.Email, bool, error) {
		e, ok, err := compose(l)
		if ok {
			emailed++
		}
		return e, ok, err
	})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.PostForm.Get("format") == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="invitation-links.csv"`)
		WriteLinksCSV(w, base, links)
		return
	}
	d := views.InviteSheetData{Emailed: emailed}
	var buf bytes.Buffer
	WriteLinksCSV(&buf, base, links)
	d.CSVData = "data:text/csv;charset=utf-8;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	for _, l := range links {
		u := linkURL(base, l)
		png, err := qrcode.Encode(u, qrcode.Medium, 300)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		d.Cards = append(d.Cards, views.InviteCard{Person: l.Person, Code: l.Code, URL: u, ExpiresAt: l.ExpiresAt,
			QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png)})
	}
	h.render(w, r, http.StatusOK, views.InviteSheetPage(d))
}

// WriteLinksCSV writes employee_id,name,team,url,expires_at, one row per link (the page and
// the command line).
func WriteLinksCSV(w io.Writer, base string, links []store.NewLink) error {
	cw := csv.NewWriter(w)
	// team_zh last, so files read by column position before it came keep working.
	cw.Write([]string{"employee_id", "name", "team", "url", "expires_at", "team_zh"})
	for _, l := range links {
		cw.Write([]string{csvSafe(l.Person.EmployeeID), csvSafe(l.Person.Name), csvSafe(l.Person.Team),
			linkURL(base, l), l.ExpiresAt.UTC().Format(time.RFC3339), csvSafe(l.Person.TeamZH)})
	}
	cw.Flush()
	return cw.Error()
}

// linkURL is the absolute address a link's token opens.
func linkURL(base string, l store.NewLink) string {
	if l.Kind == store.LinkPasswordReset {
		return base + "/password/reset/" + l.Token
	}
	return base + "/invite/" + l.Token
}

// baseURL is the site's address for links in emails and on cards: the configured one (flag
// or environment, else the admin setting), else, only when fromRequest (an admin's own
// request), the address the admin is using. A public request's Host header is never trusted
// for it: a forged Host would send people's reset links to someone else's site.
func (h *Handler) baseURL(r *http.Request, fromRequest bool) string {
	if base := h.configuredBaseURL(r.Context()); base != "" || !fromRequest {
		return base
	}
	// Behind a trusted proxy that terminates TLS, X-Forwarded-Proto says the scheme; the
	// proxy must pass the Host header through. Single sign-on's redirect URL uses this too
	// (the identity provider refuses any address not registered with it).
	scheme := "http"
	if r.TLS != nil || h.secureCookies {
		scheme = "https"
	}
	if h.trustProxy {
		if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
			scheme = p
		}
	}
	return scheme + "://" + r.Host
}

// ComposeLinkEmail renders the email for a new link in the person's language (English when
// they chose none), or none for someone without an address or when no base URL is known.
// The command line uses it too.
func ComposeLinkEmail(base string) store.ComposeFunc {
	return func(l store.NewLink) (store.Email, bool, error) {
		if l.Person.Email == "" || base == "" {
			return store.Email{}, false, nil
		}
		lang := views.MatchLanguage(l.Person.Language, "")
		ctx := views.WithLocale(context.Background(), lang)
		d := views.LinkEmailData{Kind: l.Kind, Name: l.Person.Name, URL: linkURL(base, l), Code: l.Code, ExpiresAt: l.ExpiresAt}
		var html bytes.Buffer
		if err := views.LinkEmailHTML(d).Render(ctx, &html); err != nil {
			return store.Email{}, false, err
		}
		return store.Email{To: l.Person.Email, Language: lang.Lang, Subject: views.LinkEmailSubject(ctx, d),
			Text: views.LinkEmailText(ctx, d), HTML: html.String()}, true, nil
	}
}

// linkPage reads the link of the URL's token into the page's data; the page then speaks
// the person's language.
func (h *Handler) linkPage(r *http.Request) (*http.Request, views.LinkPageData) {
	token := chi.URLParam(r, "token")
	d := views.LinkPageData{Token: token, Action: r.URL.Path, Kind: store.LinkInvitation, State: "ok"}
	if strings.HasPrefix(r.URL.Path, "/password/reset/") {
		d.Kind = store.LinkPasswordReset
	}
	l, err := h.store.LinkByToken(r.Context(), token)
	switch {
	case errors.Is(err, store.ErrLinkUsed):
		d.State = "used"
	case errors.Is(err, store.ErrLinkExpired):
		d.State = "expired"
	case err != nil:
		d.State = "unknown"
		return r, d
	}
	d.Kind, d.Person, d.Code = l.Kind, l.Person, l.Code
	if d.State == "ok" {
		if err := h.store.UseLinkAllowed(r.Context(), l.Person); errors.Is(err, store.ErrSSOOnly) {
			d.State = "sso_only"
		} else if err != nil {
			d.State = "error"
		}
	}
	// The person's language, unless this browser chose one with the switch.
	if l.Person.Language != "" && h.sessions.GetString(r.Context(), "lang") == "" {
		r = r.WithContext(context.WithValue(r.Context(), langKey, l.Person.Language))
	}
	return r, d
}

func (h *Handler) showLink(w http.ResponseWriter, r *http.Request) {
	// The page holds a token in its address: no referrer may carry it elsewhere.
	w.Header().Set("Referrer-Policy", "no-referrer")
	r, d := h.linkPage(r)
	status := http.StatusOK
	switch d.State {
	case "ok":
	case "unknown":
		status = http.StatusNotFound
	case "sso_only":
		status = http.StatusForbidden
	case "error":
		h.fail(w, r, errors.New("link page: cannot read the sign-in settings"))
		return
	default:
		status = http.StatusGone
	}
	h.render(w, r, status, views.LinkPage(d))
}

// useLink sets the password through the link and signs the person in, as at sign-in.
func (h *Handler) useLink(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	r, d := h.linkPage(r)
	if d.State != "ok" {
		h.showLink(w, r)
		return
	}
	password, confirm := r.PostFormValue("password"), r.PostFormValue("confirm")
	d.Errors = views.FieldErrors{}
	if code := store.CheckPasswordRules(password, d.Person.EmployeeID, d.Person.Email, d.Person.Name); code != "" {
		d.Errors["password"] = store.Problem{Field: "password", Code: code}
	} else if password != confirm {
		d.Errors["confirm"] = store.Problem{Field: "confirm", Code: "password_mismatch"}
	}
	if len(d.Errors) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, views.LinkPage(d))
		return
	}
	p, err := h.store.UseLink(r.Context(), d.Token, password)
	var verr *store.ValidationError
	switch {
	case errors.As(err, &verr):
		d.Errors = views.ErrorsFrom(err)
		h.render(w, r, http.StatusUnprocessableEntity, views.LinkPage(d))
		return
	case errors.Is(err, store.ErrLinkUsed), errors.Is(err, store.ErrLinkExpired), errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrSSOOnly):
		h.showLink(w, r) // another request used it meanwhile
		return
	case err != nil:
		h.fail(w, r, err)
		return
	}
	if err := h.startSession(r, p); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "link.done."+d.Kind, "")
	redirect(w, r, "/")
}

func (h *Handler) showForgot(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, views.ForgotPage(views.ForgotData{}))
}

// forgotPassword always gives the same answer, whether or not the address is known.
func (h *Handler) forgotPassword(w http.ResponseWriter, r *http.Request) {
	d := views.ForgotData{Email: strings.TrimSpace(r.PostFormValue("email"))}
	if d.Email == "" || !strings.Contains(d.Email, "@") {
		d.Errors = views.FieldErrors{"email": {Field: "email", Code: "invalid_email", Arg: d.Email}}
		h.render(w, r, http.StatusUnprocessableEntity, views.ForgotPage(d))
		return
	}
	base := h.baseURL(r, false)
	if base == "" {
		// No link without an address to put in it; the answer stays the same.
		h.log.Warn("forgot password: no base URL configured (LODESTAR_BASE_URL or the admin Email page), no link made")
		h.render(w, r, http.StatusOK, views.ForgotPage(views.ForgotData{Sent: true}))
		return
	}
	err := h.store.RequestPasswordReset(r.Context(), d.Email, h.clientAddress(r), ComposeLinkEmail(base))
	var throttled *store.ThrottledError
	if errors.As(err, &throttled) {
		d.Errors = views.FieldErrors{"email": {Field: "email", Code: "reset_throttled"}}
		h.render(w, r, http.StatusTooManyRequests, views.ForgotPage(d))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, views.ForgotPage(views.ForgotData{Sent: true}))
}

// configuredBaseURL is the public address from --base-url or the admin setting ("" when
// neither is set): what background work (chat messages, emails) links to.
func (h *Handler) configuredBaseURL(ctx context.Context) string {
	if h.baseURLConfig != "" {
		return strings.TrimSuffix(h.baseURLConfig, "/")
	}
	if v, err := h.store.Setting(ctx, store.SettingBaseURL, ""); err == nil && v != "" {
		return strings.TrimSuffix(v, "/")
	}
	return ""
}
