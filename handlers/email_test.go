package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/emersion/go-smtp"

	"lodestar/handlers"
	"lodestar/store"
)

// smtpInbox is a real SMTP server (emersion/go-smtp) on 127.0.0.1 keeping what arrives.
type smtpInbox struct {
	mu   sync.Mutex
	msgs []arrived
	port int
}

type arrived struct {
	from string
	to   []string
	raw  []byte
}

func (b *smtpInbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &smtpSession{inbox: b}, nil }

type smtpSession struct {
	inbox *smtpInbox
	cur   arrived
}

func (s *smtpSession) Reset()        { s.cur = arrived{} }
func (s *smtpSession) Logout() error { return nil }
func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.from = from
	return nil
}
func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.raw = b
	s.inbox.mu.Lock()
	s.inbox.msgs = append(s.inbox.msgs, s.cur)
	s.inbox.mu.Unlock()
	return nil
}

func startSMTP(t *testing.T) *smtpInbox {
	t.Helper()
	inbox := &smtpInbox{}
	srv := smtp.NewServer(inbox)
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	inbox.port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return inbox
}

func (b *smtpInbox) messages() []arrived {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]arrived(nil), b.msgs...)
}

// parsed is an email read back: headers, decoded subject and decoded text and HTML parts.
type parsed struct {
	header        mail.Header
	subject       string
	text, html    string
	contentLang   string
	recipientList []string
}

func parseMail(t *testing.T, a arrived) parsed {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(string(a.raw)))
	if err != nil {
		t.Fatal(err)
	}
	p := parsed{header: m.Header, contentLang: m.Header.Get("Content-Language"), recipientList: a.to}
	p.subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err != nil {
			break
		}
		b, _ := io.ReadAll(part)
		switch {
		case strings.HasPrefix(part.Header.Get("Content-Type"), "text/plain"):
			p.text = string(b)
		case strings.HasPrefix(part.Header.Get("Content-Type"), "text/html"):
			p.html = string(b)
		}
	}
	return p
}

func configureSMTP(t *testing.T, app *testApp, port int) {
	t.Helper()
	ctx := context.Background()
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": strconv.Itoa(port), "smtp.tls": "none",
		"smtp.from": "lodestar@example.com", store.SettingBaseURL: app.srv.URL} {
		if err := app.store.SetSetting(ctx, 0, k, v); err != nil {
			t.Fatal(err)
		}
	}
}

// worker is a second Handler on the same database, as another app instance would be.
func worker(t *testing.T, app *testApp, env map[string]string) *handlers.Handler {
	h := handlers.New(handlers.Deps{Store: app.store, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), SMTPEnv: env})
	t.Cleanup(h.Close)
	return h
}

func TestInvitationEmailArrivesInThePersonsLanguageAndItsLinkWorks(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	inbox := startSMTP(t)
	configureSMTP(t, app, inbox.port)
	if res := app.signedIn("A1").post("/admin/invite", url.Values{"cannot_sign_in": {"1"}, "format": {"sheet"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	if len(inbox.messages()) != 0 {
		t.Fatal("email was sent during the request")
	}
	n, err := worker(t, app, nil).SendDueEmails(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("sent %d, %v; want 2", n, err)
	}
	got := map[string]parsed{}
	for _, a := range inbox.messages() {
		p := parseMail(t, a)
		got[p.recipientList[0]] = p
	}
	zh, en := got["li.wei@example.com"], got["sam@example.com"]
	if zh.contentLang != "zh" || !strings.Contains(zh.subject, "邀请") || !strings.Contains(zh.text, "Li Wei，您好") || !strings.Contains(zh.html, "设置我的密码") {
		t.Errorf("Chinese email: lang %q subject %q text %q", zh.contentLang, zh.subject, zh.text)
	}
	if en.contentLang != "en" || en.subject != "Your invitation to Lodestar" || !strings.Contains(en.text, "Hello Sam Smith") {
		t.Errorf("English email: lang %q subject %q text %q", en.contentLang, en.subject, en.text)
	}
	if len(got) != 2 {
		t.Errorf("emails to %v", got)
	}
	link := linkIn(t, zh.text, app.srv.URL+"/invite/")
	if res := app.client().get(pathOf(t, link)); res.StatusCode != http.StatusOK || res.doc(t).Find(`[data-testid="link-page"]`).AttrOr("data-state", "") != "ok" {
		t.Fatalf("link from the email: %d", res.StatusCode)
	}
	c := app.client()
	if res := c.post(pathOf(t, link), url.Values{"password": {"my-own-password"}, "confirm": {"my-own-password"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set password from the email link: %d", res.StatusCode)
	}
	if res := c.get("/"); res.StatusCode != http.StatusOK {
		t.Errorf("home: %d", res.StatusCode)
	}
	// Sent emails keep no body (they held a link).
	outbox, sent, _ := app.store.ListOutbox(context.Background())
	if len(outbox) != 0 || sent != 2 {
		t.Errorf("outbox %d waiting, %d sent", len(outbox), sent)
	}
}

// A mail server that is down: the email waits, then the admin sees the error and sends it
// again once the server is back.
func TestEmailFailureIsVisibleAndRetried(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	inbox := startSMTP(t)
	configureSMTP(t, app, inbox.port)
	// The environment wins over the page: it points at a port nobody listens on.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	deadPort := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	down := worker(t, app, map[string]string{"PORT": deadPort})
	admin := app.signedIn("A1")
	if res := admin.post("/admin/invite", url.Values{"cannot_sign_in": {"1"}, "team": {"Team A"}, "department": {"Voice"}, "format": {"csv"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	if n, _ := down.SendDueEmails(context.Background()); n != 0 {
		t.Fatalf("sent %d through a dead server", n)
	}
	doc := admin.get("/admin/email").doc(t)
	rows := doc.Find(`[data-testid="outbox-email"]`)
	if rows.Length() != 2 || !strings.Contains(rows.First().Find(`[data-testid="outbox-error"]`).Text(), "connect") {
		t.Fatalf("outbox page: %d rows, error %q", rows.Length(), rows.First().Find(`[data-testid="outbox-error"]`).Text())
	}
	// Retry now, with the server reachable.
	rows.Each(func(_ int, s *goquery.Selection) {
		action, _ := s.Find("form").Attr("action")
		if res := admin.post(action, url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("retry: %d", res.StatusCode)
		}
	})
	if n, err := worker(t, app, nil).SendDueEmails(context.Background()); n != 2 || err != nil {
		t.Fatalf("after retry: sent %d, %v", n, err)
	}
	if len(inbox.messages()) != 2 {
		t.Errorf("%d arrived", len(inbox.messages()))
	}
	if doc := admin.get("/admin/email").doc(t); doc.Find(`[data-testid="outbox-email"]`).Length() != 0 {
		t.Error("sent emails still listed")
	}
}

func TestEmailSettingsPasswordIsWriteOnly(t *testing.T) {
	app := newTestApp(t)
	seedInvitees(t, app)
	admin := app.signedIn("A1")
	form := url.Values{"host": {"smtp.example.com"}, "port": {"587"}, "username": {"lodestar"}, "password": {"s3cret-pass"},
		"from": {"lodestar@example.com"}, "tls": {"starttls"}, "base_url": {"https://lodestar.example.com"}, "invite_days": {"3"}}
	if res := admin.post("/admin/email", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	page := admin.get("/admin/email")
	if strings.Contains(page.Body, "s3cret-pass") {
		t.Error("the SMTP password is shown")
	}
	if page.doc(t).Find(`input[name="host"]`).AttrOr("value", "") != "smtp.example.com" {
		t.Error("host not saved")
	}
	if strings.Contains(eventsJSON(t, app, 50), "s3cret-pass") {
		t.Error("the SMTP password reached the audit log")
	}
	// Saving again with an empty password keeps it.
	form.Set("password", "")
	admin.post("/admin/email", form)
	if v, _ := app.store.Setting(context.Background(), "smtp.password", ""); v != "s3cret-pass" {
		t.Errorf("password after saving with an empty field: %q", v)
	}
	if d, _ := app.store.InviteExpiry(context.Background()); d.Hours() != 72 {
		t.Errorf("invite expiry %v, want 3 days", d)
	}
	form.Set("base_url", "lodestar.example.com")
	form.Set("invite_days", "0")
	res := admin.post("/admin/email", form)
	doc := res.doc(t)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find(`[data-testid="error-base_url"]`).Length() != 1 ||
		doc.Find(`[data-testid="error-invite_days"]`).Length() != 1 || doc.Find(`input[name="base_url"]`).AttrOr("value", "") != "lodestar.example.com" {
		t.Errorf("bad settings: %d", res.StatusCode)
	}
}

func TestSMTPEnvironmentWinsOverThePage(t *testing.T) {
	app := newTestApp(t, func(d *handlers.Deps) {
		d.SMTPEnv = map[string]string{"HOST": "env.example.com"}
		d.BaseURL = "https://env.example.com"
	})
	seedInvitees(t, app)
	admin := app.signedIn("A1")
	form := url.Values{"host": {"page.example.com"}, "port": {"25"}, "from": {"a@example.com"}, "tls": {"none"}, "invite_days": {"7"}}
	if res := admin.post("/admin/email", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	host := admin.get("/admin/email").doc(t).Find(`input[name="host"]`)
	if _, ro := host.Attr("readonly"); !ro || host.AttrOr("value", "") != "env.example.com" {
		t.Errorf("host field: readonly %v, value %q; want the environment's, read-only", ro, host.AttrOr("value", ""))
	}
	if base := admin.get("/admin/email").doc(t).Find(`input[name="base_url"]`); base.AttrOr("value", "") != "https://env.example.com" || base.AttrOr("readonly", "no") == "no" {
		t.Errorf("base URL field: %q, want the environment's, read-only", base.AttrOr("value", ""))
	}
	if v, _ := app.store.Setting(context.Background(), "smtp.host", ""); v != "" {
		t.Errorf("a field the environment sets was stored: %q", v)
	}
}
