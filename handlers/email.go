package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	mail "github.com/wneessen/go-mail"

	"lodestar/store"
	"lodestar/views"
)

// SMTP settings keys; the environment's LODESTAR_SMTP_<FIELD> wins over each.
var smtpFields = []string{"HOST", "PORT", "USERNAME", "PASSWORD", "FROM", "TLS"}

func smtpSettingKey(field string) string { return "smtp." + strings.ToLower(field) }

// mountEmail registers the admin Email page (admin only, guarded by the caller).
func (h *Handler) mountEmail(r chi.Router) {
	r.Get("/email", h.showEmail)
	r.Post("/email", h.saveEmailSettings)
	r.Post("/email/{id}/retry", h.retryEmail)
}

// mailConfig is the effective SMTP configuration: the environment, else the admin page.
type mailConfig struct {
	Host, Port, Username, Password, From, TLS string
	fromEnv                                   map[string]bool
}

func (h *Handler) mailConfig(ctx context.Context) (mailConfig, error) {
	c := mailConfig{fromEnv: map[string]bool{}}
	vals := map[string]string{}
	for _, f := range smtpFields {
		if v := h.smtpEnv[f]; v != "" {
			vals[f], c.fromEnv[f] = v, true
			continue
		}
		v, err := h.store.Setting(ctx, smtpSettingKey(f), "")
		if err != nil {
			return c, err
		}
		vals[f] = v
	}
	c.Host, c.Port, c.Username, c.Password, c.From, c.TLS = vals["HOST"], vals["PORT"], vals["USERNAME"], vals["PASSWORD"], vals["FROM"], vals["TLS"]
	if c.TLS == "" {
		c.TLS = "starttls"
	}
	if c.Port == "" {
		c.Port = map[string]string{"tls": "465", "none": "25"}[c.TLS]
		if c.Port == "" {
			c.Port = "587"
		}
	}
	return c, nil
}

func (h *Handler) showEmail(w http.ResponseWriter, r *http.Request) {
	h.renderEmail(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderEmail(w http.ResponseWriter, r *http.Request, status int, typed *views.MailSettings, errs views.FieldErrors) {
	c, err := h.mailConfig(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := views.EmailAdminData{Errors: errs}
	if typed != nil {
		d.Settings = *typed
	} else {
		d.Settings = views.MailSettings{Host: c.Host, Port: c.Port, Username: c.Username, From: c.From, TLS: c.TLS}
		d.Settings.BaseURL, _ = h.store.Setting(r.Context(), store.SettingBaseURL, "")
		d.Settings.InviteDays, _ = h.store.Setting(r.Context(), store.SettingInviteDays, strconv.Itoa(store.DefaultInviteDays))
	}
	d.Settings.PasswordSet, d.Settings.FromEnv = c.Password != "", c.fromEnv
	if h.baseURLConfig != "" {
		d.Settings.BaseURL, d.Settings.FromEnv["BASE_URL"] = h.baseURLConfig, true
	}
	if d.Outbox, d.Sent, err = h.store.ListOutbox(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, views.EmailAdminPage(d))
}

// saveEmailSettings stores the page's settings. The password is write-only: an empty
// field keeps the stored one. Fields the environment sets are not stored.
func (h *Handler) saveEmailSettings(w http.ResponseWriter, r *http.Request) {
	f := r.PostFormValue
	typed := views.MailSettings{Host: strings.TrimSpace(f("host")), Port: strings.TrimSpace(f("port")), Username: strings.TrimSpace(f("username")),
		From: strings.TrimSpace(f("from")), TLS: f("tls"), BaseURL: strings.TrimSpace(f("base_url")), InviteDays: strings.TrimSpace(f("invite_days"))}
	errs := views.FieldErrors{}
	if typed.BaseURL != "" {
		if u, err := url.Parse(typed.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs["base_url"] = store.Problem{Field: "base_url", Code: "invalid_base_url", Arg: typed.BaseURL}
		}
	}
	if n, err := strconv.Atoi(typed.InviteDays); err != nil || n < 1 || n > 90 {
		errs["invite_days"] = store.Problem{Field: "invite_days", Code: "invite_days_range", Arg: typed.InviteDays}
	}
	if typed.Port != "" {
		if n, err := strconv.Atoi(typed.Port); err != nil || n < 1 || n > 65535 {
			errs["port"] = store.Problem{Field: "port", Code: "invalid_port", Arg: typed.Port}
		}
	}
	if typed.TLS != "starttls" && typed.TLS != "tls" && typed.TLS != "none" {
		errs["tls"] = store.Problem{Field: "tls", Code: "invalid_choice", Arg: typed.TLS}
	}
	if typed.From != "" && !strings.Contains(typed.From, "@") {
		errs["from"] = store.Problem{Field: "from", Code: "invalid_email", Arg: typed.From}
	}
	if len(errs) > 0 {
		h.renderEmail(w, r, http.StatusUnprocessableEntity, &typed, errs)
		return
	}
	values := map[string]string{"HOST": typed.Host, "PORT": typed.Port, "USERNAME": typed.Username, "FROM": typed.From, "TLS": typed.TLS}
	if pw := f("password"); pw != "" {
		values["PASSWORD"] = pw
	}
	ctx, actor := r.Context(), me(r).ID
	for _, field := range smtpFields {
		v, ok := values[field]
		if !ok || h.smtpEnv[field] != "" {
			continue
		}
		shown := v
		if field == "PASSWORD" {
			shown = "(set)" // never in the audit log
		}
		if err := h.store.SetSettingAudited(ctx, actor, smtpSettingKey(field), v, shown); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if h.baseURLConfig == "" {
		if err := h.store.SetSetting(ctx, actor, store.SettingBaseURL, typed.BaseURL); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	if err := h.store.SetSetting(ctx, actor, store.SettingInviteDays, typed.InviteDays); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "email.saved", "")
	redirect(w, r, "/admin/email")
}

func (h *Handler) retryEmail(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		h.fail(w, r, store.ErrNotFound)
		return
	}
	if err := h.store.RetryEmail(r.Context(), me(r).ID, id); errors.Is(err, store.ErrEmailLinkGone) {
		h.flash(w, "error", "email.link_gone", "")
		redirect(w, r, "/admin/email")
		return
	} else if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, "success", "email.retried", "")
	redirect(w, r, "/admin/email")
}

// RunEmailWorker sends the outbox until ctx ends: every interval (and at once) it claims
// the emails that are due and sends each, recording success or the error for a retry.
// Any number of app instances may run it: claiming leases each email to one of them.
func (h *Handler) RunEmailWorker(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := h.SendDueEmails(ctx); err != nil {
			h.log.Error("email worker", "err", err)
		} else if n > 0 {
			h.log.Info("email worker", "sent", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// SendDueEmails sends the emails due now and returns how many went out.
func (h *Handler) SendDueEmails(ctx context.Context) (int, error) {
	due, err := h.store.ClaimDueEmails(ctx, 50)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	cfg, err := h.mailConfig(ctx)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, e := range due {
		if err := sendEmail(ctx, cfg, e); err != nil {
			if err := h.store.EmailFailed(ctx, e.ID, err); err != nil {
				return sent, err
			}
			continue
		}
		if err := h.store.EmailSent(ctx, e.ID); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}

var errNoSMTP = errors.New("no SMTP server configured (admin Email page or LODESTAR_SMTP_HOST)")

// sendEmail sends one email over SMTP: plain text with an HTML alternative.
func sendEmail(ctx context.Context, cfg mailConfig, e store.OutboxEmail) error {
	if cfg.Host == "" || cfg.From == "" {
		return errNoSMTP
	}
	port, err := strconv.Atoi(cfg.Port)
	if err != nil {
		return fmt.Errorf("SMTP port %q: %w", cfg.Port, err)
	}
	m := mail.NewMsg()
	if err := m.From(cfg.From); err != nil {
		return err
	}
	if err := m.To(e.To); err != nil {
		return err
	}
	m.Subject(e.Subject)
	if e.Language != "" {
		m.SetGenHeader("Content-Language", e.Language)
	}
	if e.UnsubscribeURL != "" {
		// RFC 8058: mail clients offer "unsubscribe" and POST to the address themselves.
		m.SetGenHeader("List-Unsubscribe", "<"+e.UnsubscribeURL+">")
		m.SetGenHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	m.SetDate()
	m.SetMessageID()
	m.SetBodyString(mail.TypeTextPlain, e.Text)
	m.AddAlternativeString(mail.TypeTextHTML, e.HTML)
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(30 * time.Second)}
	switch cfg.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	c, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, m)
}
