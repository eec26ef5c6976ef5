// Command previewmessages renders how Lodestar's team chat messages and digest emails look,
// for docs/integrations.md. We cannot post to WeCom, DingTalk, Slack or Teams from here, so
// it runs the real path on a throwaway demo database — channels of every kind pointing at a
// local receiver, a recognition given, the dispatcher, the weekly digest, the delivery
// worker — captures the exact requests our code sends, draws each in a mock-up of its
// client's message, and screenshots that with headless Chromium into docs/img/.
//
//	go run ./cmd/previewmessages [-out docs/img] [-chromium /usr/bin/chromium]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"html"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/chromedp"

	"lodestar/handlers"
	"lodestar/store"
)

func main() {
	out := flag.String("out", "docs/img", "directory for the PNG files")
	chromium := flag.String("chromium", "/usr/bin/chromium", "Chromium to take the screenshots with")
	flag.Parse()
	if err := run(context.Background(), *out, *chromium); err != nil {
		log.Fatal(err)
	}
}

// captured is one request a chat service would have received.
type captured struct {
	header http.Header
	body   []byte
}

const base = "https://lodestar.example.com"

func run(ctx context.Context, outDir, chromium string) error {
	tmp, err := os.MkdirTemp("", "previewmessages")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// A Monday morning, so the week's digests are due.
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(tmp, "preview.db"), store.WithClock(func() time.Time { return now }))
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.LoadDemo(ctx); err != nil {
		return err
	}
	if err := st.EnsureUnsubscribeKey(ctx); err != nil {
		return err
	}
	if err := st.SetSetting(ctx, 0, store.SettingBaseURL, base); err != nil {
		return err
	}

	var mu sync.Mutex
	got := map[string][]captured{}
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got[strings.Trim(r.URL.Path, "/")] = append(got[strings.Trim(r.URL.Path, "/")], captured{r.Header.Clone(), body})
		mu.Unlock()
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer receiver.Close()

	manager, err := st.PersonByEmployeeID(ctx, "manager")
	if err != nil {
		return err
	}
	team, err := st.TeamColleagues(ctx, manager.ID)
	if err != nil {
		return err
	}
	var agent store.PersonHit
	for _, p := range team {
		if p.ID != manager.ID {
			agent = p
			break
		}
	}
	events := []string{"recognition.given", "digest.weekly"}
	for _, c := range []store.ChannelInput{
		{Kind: store.ChannelWeCom, Language: "zh"},
		{Kind: store.ChannelDingTalk, Language: "zh", Secret: "SECpreview"},
		{Kind: store.ChannelSlack, Language: "en"},
		{Kind: store.ChannelTeams, Language: "en"},
		{Kind: store.ChannelGeneric, Language: "en", Secret: "preview-secret"},
	} {
		c.Name, c.URL, c.Events, c.Team, c.Enabled = c.Kind, receiver.URL+"/"+c.Kind, events, manager.Team, true
		if _, err := st.CreateChannel(ctx, 0, c); err != nil {
			return err
		}
	}
	h := handlers.New(handlers.Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	defer h.Close()
	if _, err := h.DispatchEvents(ctx); err != nil { // channels receive what happens from now on
		return err
	}
	badges, err := st.ListBadges(ctx, false)
	if err != nil {
		return err
	}
	in := store.GiveInput{GiverID: manager.ID, To: []string{agent.EmployeeID},
		Message: "Stayed on a 40-minute call until the customer's refund was through — and made them laugh. 耐心又专业！"}
	for _, b := range badges {
		if b.AwardedBy == store.AwardPeers {
			in.BadgeID, in.ValueID = b.ID, b.ValueID
			break
		}
	}
	if _, _, err := st.Give(ctx, in); err != nil {
		return err
	}
	if _, err := h.DispatchEvents(ctx); err != nil {
		return err
	}
	if _, err := h.SendWeeklyDigests(ctx); err != nil {
		return err
	}
	for {
		n, err := h.DeliverDueMessages(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	emails, err := st.ClaimDueEmails(ctx, 1000)
	if err != nil {
		return err
	}

	pages := map[string]string{}
	for _, kind := range store.ChannelKinds {
		if len(got[kind]) == 0 {
			return fmt.Errorf("%s received nothing", kind)
		}
		var bubbles []string
		for _, c := range got[kind] {
			b, err := bubble(kind, c)
			if err != nil {
				return err
			}
			bubbles = append(bubbles, b)
		}
		lang := "en"
		if kind == store.ChannelWeCom || kind == store.ChannelDingTalk {
			lang = "zh"
		}
		pages["channel-"+kind+"-"+lang] = page(kind, strings.Join(bubbles, ""))
	}
	// One digest email in each language (the demo's fixed accounts have no address).
	for _, e := range emails {
		name := "email-digest-" + e.Language
		if _, done := pages[name]; !done && (e.Language == "zh" || e.Language == "en") {
			pages[name] = page("email", emailView(e))
		}
	}
	if len(pages) != len(store.ChannelKinds)+2 {
		return fmt.Errorf("made %d previews, want %d (no digest email in English or Chinese?)", len(pages), len(store.ChannelKinds)+2)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	return screenshot(ctx, chromium, tmp, outDir, pages)
}

var (
	boldStars  = regexp.MustCompile(`\*\*(.+?)\*\*`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
	slackBold  = regexp.MustCompile(`\*([^*\n]+)\*`)
	slackLink  = regexp.MustCompile(`&lt;([^|&]+)\|([^&]+)&gt;`)
	mdHeading4 = regexp.MustCompile(`(?m)^#### (.+)$`)
)

// markdown draws the markdown subset our WeCom and DingTalk messages use.
func markdown(s string) string {
	s = html.EscapeString(s)
	s = mdHeading4.ReplaceAllString(s, `<h4>$1</h4>`)
	s = boldStars.ReplaceAllString(s, `<b>$1</b>`)
	s = mdLink.ReplaceAllString(s, `<a href="$2">$1</a>`)
	return strings.ReplaceAll(s, "\n", "<br>")
}

// bubble draws one captured request as its client shows it.
func bubble(kind string, c captured) (string, error) {
	switch kind {
	case store.ChannelWeCom, store.ChannelDingTalk:
		var p struct {
			Markdown struct{ Title, Content, Text string } `json:"markdown"`
		}
		if err := json.Unmarshal(c.body, &p); err != nil {
			return "", err
		}
		text := p.Markdown.Content + p.Markdown.Text
		name := "Lodestar 机器人"
		return `<div class="msg"><div class="avatar">L</div><div><div class="who">` + name + `</div><div class="bubble">` +
			markdown(text) + `</div></div></div>`, nil
	case store.ChannelSlack:
		var p struct {
			Blocks []struct {
				Type     string `json:"type"`
				Text     struct{ Text string }
				Elements []struct{ Text string }
			} `json:"blocks"`
		}
		if err := json.Unmarshal(c.body, &p); err != nil {
			return "", err
		}
		var b strings.Builder
		for _, bl := range p.Blocks {
			t := bl.Text.Text
			cls := "section"
			if bl.Type == "context" {
				t, cls = bl.Elements[0].Text, "context"
			}
			// Our mrkdwn text is already escaped for Slack (&amp; &lt; &gt;), which HTML reads alike;
			// escape the quote characters Slack leaves alone, then draw bold and links.
			t = strings.NewReplacer(`"`, "&quot;", "'", "&#39;").Replace(t)
			t = strings.ReplaceAll(t, "<", "&lt;")
			t = strings.ReplaceAll(t, ">", "&gt;")
			t = slackLink.ReplaceAllString(t, `<a href="$1">$2</a>`)
			t = slackBold.ReplaceAllString(t, `<b>$1</b>`)
			b.WriteString(`<div class="` + cls + `">` + strings.ReplaceAll(t, "\n", "<br>") + `</div>`)
		}
		return `<div class="msg"><div class="avatar">L</div><div><div class="who">Lodestar <span class="app">APP</span> <span class="time">9:00 AM</span></div>` +
			b.String() + `</div></div>`, nil
	case store.ChannelTeams:
		var p struct {
			Attachments []struct {
				Content struct {
					Body []struct {
						Text, Weight, Size string
					} `json:"body"`
					Actions []struct{ Title, URL string } `json:"actions"`
				} `json:"content"`
			} `json:"attachments"`
		}
		if err := json.Unmarshal(c.body, &p); err != nil {
			return "", err
		}
		card := p.Attachments[0].Content
		var b strings.Builder
		for _, tb := range card.Body {
			cls := "tb"
			if tb.Weight == "Bolder" {
				cls += " bolder"
			}
			if tb.Size == "Medium" {
				cls += " medium"
			}
			b.WriteString(`<div class="` + cls + `">` + strings.ReplaceAll(html.EscapeString(tb.Text), "\n", "<br>") + `</div>`)
		}
		for _, a := range card.Actions {
			b.WriteString(`<a class="action" href="` + html.EscapeString(a.URL) + `">` + html.EscapeString(a.Title) + `</a>`)
		}
		return `<div class="msg"><div class="avatar">L</div><div><div class="who">Lodestar <span class="time">09:00</span></div><div class="card">` +
			b.String() + `</div></div></div>`, nil
	default:
		var pretty strings.Builder
		var v any
		if err := json.Unmarshal(c.body, &v); err != nil {
			return "", err
		}
		enc := json.NewEncoder(&pretty)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		enc.Encode(v)
		var head strings.Builder
		for _, k := range []string{"Content-Type", "Idempotency-Key", "X-Lodestar-Event", "X-Lodestar-Timestamp", "X-Lodestar-Signature"} {
			if v := c.header.Get(k); v != "" {
				head.WriteString(k + ": " + v + "\n")
			}
		}
		return `<pre class="req"><span class="line">POST /your/endpoint HTTP/1.1</span>` + "\n" + html.EscapeString(head.String()) + "\n" +
			html.EscapeString(pretty.String()) + `</pre>`, nil
	}
}

// emailView draws a digest email as a mail client shows it: headers, then its HTML part.
func emailView(e store.OutboxEmail) string {
	return `<div class="mail"><div class="hdr"><div class="subject">` + html.EscapeString(e.Subject) + `</div>` +
		`<div>From: Lodestar &lt;lodestar@example.com&gt;</div><div>To: ` + html.EscapeString(e.To) + `</div>` +
		`<div>List-Unsubscribe: &lt;` + html.EscapeString(e.UnsubscribeURL) + `&gt;</div></div>` +
		`<div class="body">` + e.HTML + `</div></div>` // our own HTML, as the outbox holds it
}

const css = `
body { margin: 0; font: 14px/1.5 "Noto Sans CJK SC", "Noto Sans", sans-serif; }
#shot { width: 620px; padding: 16px; }
html, body { overflow: hidden; }
.msg { display: flex; gap: 10px; margin-bottom: 14px; }
.avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; color: #fff; font-weight: 700; display: grid; place-items: center; }
.who { font-size: 12px; color: #666; margin-bottom: 3px; }
.bubble { background: #fff; border-radius: 6px; padding: 10px 12px; max-width: 520px; word-break: break-word; }
.bubble h4 { margin: 0 0 6px; font-size: 15px; }
a { color: #1a6fd1; text-decoration: none; }
.wecom { background: #f0f0f0; } .wecom .avatar { background: #2f8cf0; } .wecom .bubble { border: 1px solid #e4e4e4; }
.dingtalk { background: #f2f3f5; } .dingtalk .avatar { background: #0089ff; border-radius: 50%; } .dingtalk .bubble { border-radius: 10px; }
.slack { background: #fff; } .slack .avatar { background: #4a154b; } .slack .who { font-size: 15px; color: #1d1c1d; font-weight: 700; }
.slack .app { font-size: 10px; background: #e8e8e8; color: #555; padding: 1px 4px; border-radius: 3px; font-weight: 600; }
.slack .time { font-size: 12px; color: #888; font-weight: 400; } .slack .section { color: #1d1c1d; font-size: 15px; }
.slack .context { font-size: 12px; color: #616061; margin-top: 4px; }
.teams { background: #f5f5f5; } .teams .avatar { background: #6264a7; border-radius: 50%; } .teams .time { color: #888; }
.teams .card { background: #fff; border-radius: 4px; border-top: 3px solid #6264a7; padding: 12px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.15); max-width: 520px; }
.teams .tb { margin-bottom: 8px; } .teams .bolder { font-weight: 700; } .teams .medium { font-size: 17px; }
.teams .action { display: block; text-align: center; border: 1px solid #c8c8c8; border-radius: 4px; padding: 5px; color: #242424; font-weight: 600; margin-top: 6px; }
.generic { background: #1e1e1e; } .req { color: #d4d4d4; font: 12px/1.45 "Noto Sans Mono", monospace; white-space: pre-wrap; word-break: break-all; margin: 0 0 14px; }
.req .line { color: #9cdcfe; }
.email { background: #eef0f3; } .mail { background: #fff; border: 1px solid #d8dce2; border-radius: 6px; }
.mail .hdr { padding: 12px 16px; border-bottom: 1px solid #e3e6ea; font-size: 12px; color: #555; }
.mail .subject { font-size: 16px; font-weight: 700; color: #111; margin-bottom: 4px; }
.mail .body { padding: 4px 16px 12px; } .mail h2 { font-size: 17px; } .mail li { margin-bottom: 6px; }
.note { font-size: 11px; color: #888; margin-top: 6px; }
.generic .note { color: #888; }
`

func page(kind, content string) string {
	return `<!doctype html><html><head><meta charset="utf-8"><style>` + css + `</style></head><body><div id="shot" class="` + kind + `">` +
		content + `<div class="note">Rendering of the exact payload Lodestar sent (cmd/previewmessages)</div></div></body></html>`
}

// screenshot writes each page to dir and saves a PNG of it in out.
func screenshot(ctx context.Context, chromium, dir, out string, pages map[string]string) error {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("no-default-browser-check", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(700, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tab, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(tab); err != nil { // starts the browser
		return fmt.Errorf("starting %s: %w", chromium, err)
	}
	files := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer files.Close()
	for name, doc := range pages {
		file := filepath.Join(dir, name+".html")
		if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
			return err
		}
		step, stop := context.WithTimeout(tab, time.Minute)
		defer stop()
		if _, err := chromedp.Run(step, chromedp.Navigate(files.URL+"/"+name+".html")); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		height, err := chromedp.Run(step, chromedp.Evaluate[float64](`document.getElementById("shot").getBoundingClientRect().height`))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		// The viewport is the mock-up's size; scale 2 gives sharp text on high-density screens.
		if _, err := chromedp.Run(step, chromedp.EmulateViewport(652, int64(height+0.5), chromedp.EmulateScale(2))); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		png, err := chromedp.Run(step, chromedp.CaptureScreenshot())
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(out, name+".png"), png, 0o644); err != nil {
			return err
		}
		fmt.Println(filepath.Join(out, name+".png"))
	}
	return nil
}
