package handlers_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

func countRows(t *testing.T, st *store.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A manager's digest for an ISO week is queued once: not before Monday 07:00, once after it,
// not again on a second run nor after a restart (a new Store and Handler on the same file);
// the next week, whose Monday slot passed while the server was down, goes once at the first
// run after it. A manager who turned the digest off gets none.
func TestWeeklyDigestOncePerWeekAcrossRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lodestar.db")
	app := newTestAppAt(t, path)
	app.seed(
		store.PersonInput{EmployeeID: "M", Role: store.RoleManager, Email: "m@example.com"},
		store.PersonInput{EmployeeID: "OFF", Role: store.RoleManager, Email: "off@example.com"},
		store.PersonInput{EmployeeID: "A", ManagerEmployeeID: "M", Email: "a@example.com"},
		store.PersonInput{EmployeeID: "B", ManagerEmployeeID: "OFF"},
	)
	ctx := context.Background()
	configureSMTP(t, app, 25)
	if err := app.store.EnsureUnsubscribeKey(ctx); err != nil {
		t.Fatal(err)
	}
	off, _ := app.store.PersonByEmployeeID(ctx, "OFF")
	if err := app.store.SetEmailPreference(ctx, off.ID, store.EmailWeeklyDigest, false); err != nil {
		t.Fatal(err)
	}
	digests := func() int {
		return countRows(t, app.store, "SELECT count(*) FROM email_outbox WHERE subject LIKE 'Lodestar: your team%'")
	}
	h := worker(t, app, nil)
	send := func(h interface {
		SendWeeklyDigests(context.Context) (int, error)
	}) int {
		t.Helper()
		n, err := h.SendWeeklyDigests(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	app.clock.now = time.Date(2026, 11, 23, 6, 59, 0, 0, time.UTC) // Monday, before the slot
	if n := send(h); n != 0 || digests() != 0 {
		t.Fatalf("before Monday 07:00: queued %d", n)
	}
	app.clock.now = time.Date(2026, 11, 23, 7, 30, 0, 0, time.UTC)
	if n := send(h); n != 1 {
		t.Fatalf("first run after the slot queued %d, want 1 (OFF turned it off, A manages nobody)", n)
	}
	app.clock.now = app.clock.now.Add(time.Hour)
	if n := send(h); n != 0 {
		t.Fatalf("second run in the same week queued %d", n)
	}

	// A restart: a new store and handler on the same file, later the same week.
	restarted := newTestAppAt(t, path)
	restarted.clock.now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	h2 := worker(t, restarted, nil)
	if n := send(h2); n != 0 {
		t.Fatalf("after the restart the same week: queued %d", n)
	}
	// Down over the next Monday morning: started at 11:00, the week's digest goes once.
	restarted.clock.now = time.Date(2026, 11, 30, 11, 0, 0, 0, time.UTC)
	if n := send(h2); n != 1 {
		t.Fatalf("the week whose slot passed while down: queued %d, want 1", n)
	}
	if n := send(h2); n != 0 {
		t.Fatalf("again: queued %d", n)
	}
	if got := digests(); got != 2 {
		t.Fatalf("%d digest emails in two weeks, want 2", got)
	}
	if got := countRows(t, app.store, "SELECT count(*) FROM digest_runs WHERE kind = 'manager' AND target_id = ?", off.ID); got != 0 {
		t.Errorf("the manager who turned the digest off has %d runs", got)
	}
	if got := countRows(t, app.store, "SELECT count(*) FROM digest_runs WHERE iso_week IN ('2026-W48', '2026-W49')"); got != 2 {
		t.Errorf("digest_runs has %d rows for the two weeks, want 2", got)
	}
}

// digestWorld is recognitionSetup with Mia (manager of Ann and Tom) reading Chinese and an
// address, a course assigned to team Voice 1 due 7 December, an open check Tom passed, and
// on Thursday 10 December Mia recognising Tom. The clock ends on Monday 14 December 10:00.
func digestWorld(t *testing.T) *recognitionWorld {
	w := recognitionSetup(t)
	app := w.app
	ctx := context.Background()
	if _, err := app.store.DB().Exec(`UPDATE people SET email = 'mia@example.com', language = 'zh' WHERE employee_id = 'M'`); err != nil {
		t.Fatal(err)
	}
	course := trainingOnboarding(app, false, store.QuestionSetSettings{})
	if _, _, err := app.store.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: course.ID, Kind: store.RuleTeam, Value: "Voice 1", DueDays: 14}); err != nil {
		t.Fatal(err)
	}
	check := checksCreateCheck(t, app, checksForm("Q4 strategy check", "2026-11-23", "2026-12-31"))
	checksAddQuestionsViaPage(t, app, check)
	if err := app.store.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	checksAttempt(t, app, check, "T", 90, false)
	app.clock.now = time.Date(2026, 12, 10, 15, 0, 0, 0, time.UTC)
	if _, _, err := app.store.Give(ctx, store.GiveInput{GiverID: w.ids["M"], To: []string{"T"}, BadgeID: w.badge, Message: recognitionMessage}); err != nil {
		t.Fatal(err)
	}
	app.clock.now = time.Date(2026, 12, 14, 10, 0, 0, 0, time.UTC)
	return w
}

// The digest's figures follow the data: this week's one recognition, Ann named as the one
// without recognition in 60 days (Tom was recognised, Lou has left), both agents' overdue
// training, and the open check's response in Mia's tree (Tom of Ann and Tom: 1 of 2, one
// more needed for 80%). It arrives at the SMTP server in Chinese, Mia's language, with its
// links and the one-click unsubscribe for the digest.
func TestWeeklyDigestEmailInTheManagersLanguage(t *testing.T) {
	w := digestWorld(t)
	app := w.app
	ctx := context.Background()
	inbox := startSMTP(t)
	configureSMTP(t, app, inbox.port)
	if err := app.store.EnsureUnsubscribeKey(ctx); err != nil {
		t.Fatal(err)
	}
	h := worker(t, app, nil)
	if n, err := h.SendWeeklyDigests(ctx); err != nil || n != 1 {
		t.Fatalf("queued %d digests (%v), want 1 (Mia; Max has no address)", n, err)
	}
	if sent, err := h.SendDueEmails(ctx); err != nil || sent != 1 {
		t.Fatalf("sent %d, %v", sent, err)
	}
	msgs := inbox.messages()
	if len(msgs) != 1 || msgs[0].to[0] != "mia@example.com" {
		t.Fatalf("arrived %+v", msgs)
	}
	m := parseMail(t, msgs[0])
	if m.contentLang != "zh" || m.subject != "Lodestar：您团队的一周（截至 2026年12月13日）" {
		t.Errorf("language %q, subject %q", m.contentLang, m.subject)
	}
	for _, want := range []string{
		"您团队的一周：2026年12月7日 – 2026年12月13日",
		"本周认可：1 次（获得认可：1 人）",
		"60 天内未获认可：1 人——Ann Agent",
		"逾期培训：2 项（涉及 2 人）",
		"战略理解度检查“Q4 strategy check”：50% 已作答（1 / 2 人），50% 已理解。还需 1 人理解才能达到 80%。",
		app.srv.URL + "/recognition/fairness",
		app.srv.URL + "/unsubscribe/",
	} {
		if !strings.Contains(m.text, want) {
			t.Errorf("the digest lacks %q:\n%s", want, m.text)
		}
	}
	if strings.Contains(m.text, "Tom Teammate") || strings.Contains(m.text, "Lou Left") || strings.Contains(m.text, "Xia") {
		t.Errorf("the digest names someone it should not:\n%s", m.text)
	}
	if !strings.Contains(m.header.Get("List-Unsubscribe"), app.srv.URL+"/unsubscribe/") {
		t.Errorf("no List-Unsubscribe header: %v", m.header)
	}
	// The link turns off the digest, and only the digest.
	token := strings.TrimSpace(m.text[strings.LastIndex(m.text, "/unsubscribe/")+len("/unsubscribe/"):])
	p, kind, err := app.store.ParseUnsubscribeToken(ctx, token)
	if err != nil || p.ID != w.ids["M"] || kind != store.EmailWeeklyDigest {
		t.Errorf("unsubscribe token is for %d %q (%v)", p.ID, kind, err)
	}
}

// A channel receiving digest.weekly gets one message per week about its team (or
// department, named in the channel's language), in its language and its kind's native shape, counting but not naming the
// people without recognition; a channel not subscribed gets none; a second run sends
// nothing more.
func TestWeeklyDigestToChannels(t *testing.T) {
	w := digestWorld(t)
	app := w.app
	ctx := context.Background()
	if _, err := app.store.DB().Exec(`INSERT INTO org_unit_names (kind, name, name_zh) VALUES ('team', 'Voice 1', '语音一组')`); err != nil {
		t.Fatal(err)
	}
	robotOK := `{"errcode":0,"errmsg":"ok"}`
	wecom, slack, other := newReceiver(t, robotOK), newReceiver(t, "ok"), newReceiver(t, "ok")
	addChannel(t, app, store.ChannelInput{Kind: store.ChannelWeCom, URL: wecom.srv.URL + "/send?key=K", Events: []string{"digest.weekly"},
		Team: "Voice 1", Language: "zh"})
	addChannel(t, app, store.ChannelInput{Kind: store.ChannelSlack, URL: slack.srv.URL + "/services/x", Events: []string{"digest.weekly", "recognition.given"},
		Department: "Chat", Language: "en"})
	addChannel(t, app, store.ChannelInput{Kind: store.ChannelSlack, URL: other.srv.URL + "/services/y", Events: []string{"recognition.given"}})
	h := worker(t, app, nil)
	for range 2 {
		if _, err := h.SendWeeklyDigests(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.DeliverDueMessages(ctx); err != nil {
		t.Fatal(err)
	}
	if len(wecom.got()) != 1 || len(slack.got()) != 1 || len(other.got()) != 0 {
		t.Fatalf("deliveries: wecom %d, slack %d, unsubscribed %d; want 1, 1, 0", len(wecom.got()), len(slack.got()), len(other.got()))
	}
	var robot struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	if err := json.Unmarshal(wecom.got()[0].body, &robot); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"**语音一组 的一周：2026年12月7日 – 2026年12月13日**", "本周认可：1 次", "60 天内未获认可的人数：1", "逾期培训：2 项（涉及 2 人）"} {
		if robot.MsgType != "markdown" || !strings.Contains(robot.Markdown.Content, want) {
			t.Errorf("WeCom digest lacks %q:\n%s", want, robot.Markdown.Content)
		}
	}
	var sl struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text struct {
				Type string `json:"type"`
				Text string `json:"text"`
			} `json:"text"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(slack.got()[0].body, &sl); err != nil {
		t.Fatal(err)
	}
	if sl.Text != "The week in Chat, 7 Dec 2026 – 13 Dec 2026" || len(sl.Blocks) == 0 || sl.Blocks[0].Text.Type != "mrkdwn" ||
		!strings.Contains(sl.Blocks[0].Text.Text, "People with no recognition in 60 days: 2") {
		t.Errorf("Slack digest: %s", slack.got()[0].body)
	}
	if strings.Contains(robot.Markdown.Content, "Ann Agent") || strings.Contains(sl.Blocks[0].Text.Text, "Xia Other") {
		t.Error("a channel digest names the people without recognition; only the manager's email may")
	}
	// Next week: one more each.
	app.clock.now = app.clock.now.AddDate(0, 0, 7)
	if _, err := h.SendWeeklyDigests(ctx); err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, app.store, "SELECT count(*) FROM channel_deliveries WHERE event_key = 'digest.weekly'"); got != 4 {
		t.Errorf("%d digest deliveries after two weeks, want 4", got)
	}
}
