package handlers_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lodestar/store"
)

// receiver is a local chat webhook: it records each request and answers with the next
// scripted status (200 when the script is used up) and body.
type receiver struct {
	srv      *httptest.Server
	mu       sync.Mutex
	requests []receivedRequest
	statuses []int
	answer   string
}

type receivedRequest struct {
	query  url.Values
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, answer string, statuses ...int) *receiver {
	rc := &receiver{statuses: statuses, answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		rc.requests = append(rc.requests, receivedRequest{query: r.URL.Query(), header: r.Header.Clone(), body: body})
		status := http.StatusOK
		if len(rc.statuses) > 0 {
			status, rc.statuses = rc.statuses[0], rc.statuses[1:]
		}
		rc.mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, rc.answer)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) got() []receivedRequest {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]receivedRequest(nil), rc.requests...)
}

func addChannel(t *testing.T, app *testApp, in store.ChannelInput) int64 {
	t.Helper()
	if in.Name == "" {
		in.Name = "Voice floor " + in.Kind
	}
	if len(in.Events) == 0 {
		in.Events = []string{"recognition.given"}
	}
	in.Enabled = true
	id, err := app.store.CreateChannel(context.Background(), 0, in)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var praise = store.ChannelMessage{EventKey: "recognition.given", EventID: 41, Title: "Ann recognised Tom: Customer Champion",
	Body: "Tom calmed an angry caller <and> fixed the bill.", Link: "https://lodestar.example/recognition/7"}

func enqueue(t *testing.T, app *testApp, channelID int64, m store.ChannelMessage) {
	t.Helper()
	if err := app.store.EnqueueEventDelivery(context.Background(), channelID, m); err != nil {
		t.Fatal(err)
	}
}

// Each kind gets its own native payload; DingTalk's signature and the generic HMAC check out.
func TestChannelPayloadsPerKind(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	robotOK := `{"errcode":0,"errmsg":"ok"}`
	wecom, ding, slack, teams, generic := newReceiver(t, robotOK), newReceiver(t, robotOK), newReceiver(t, "ok"), newReceiver(t, "1"), newReceiver(t, "")
	ids := map[string]int64{
		"wecom":    addChannel(t, app, store.ChannelInput{Kind: store.ChannelWeCom, URL: wecom.srv.URL + "/cgi-bin/webhook/send?key=SECRET-KEY"}),
		"dingtalk": addChannel(t, app, store.ChannelInput{Kind: store.ChannelDingTalk, URL: ding.srv.URL + "/robot/send?access_token=TOKEN", Secret: "SECdingsecret"}),
		"slack":    addChannel(t, app, store.ChannelInput{Kind: store.ChannelSlack, URL: slack.srv.URL + "/services/T/B/X"}),
		"teams":    addChannel(t, app, store.ChannelInput{Kind: store.ChannelTeams, URL: teams.srv.URL + "/workflows/1"}),
		"generic":  addChannel(t, app, store.ChannelInput{Kind: store.ChannelGeneric, URL: generic.srv.URL + "/hook", Secret: "generic-secret"}),
	}
	for _, id := range ids {
		enqueue(t, app, id, praise)
	}
	if n, err := worker(t, app, nil).DeliverDueMessages(ctx); n != 5 || err != nil {
		t.Fatalf("delivered %d, %v", n, err)
	}
	decode := func(rc *receiver) map[string]any {
		t.Helper()
		reqs := rc.got()
		if len(reqs) != 1 {
			t.Fatalf("%d requests", len(reqs))
		}
		var m map[string]any
		if err := json.Unmarshal(reqs[0].body, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	w := decode(wecom)
	if w["msgtype"] != "markdown" || !strings.HasPrefix(w["markdown"].(map[string]any)["content"].(string), "**Ann recognised Tom: Customer Champion**\n\n") ||
		!strings.Contains(w["markdown"].(map[string]any)["content"].(string), "[Lodestar](https://lodestar.example/recognition/7)") {
		t.Errorf("wecom payload %v", w)
	}
	if wecom.got()[0].query.Get("key") != "SECRET-KEY" {
		t.Error("wecom key lost from the address")
	}
	d := decode(ding)
	if d["msgtype"] != "markdown" || d["markdown"].(map[string]any)["title"] != praise.Title {
		t.Errorf("dingtalk payload %v", d)
	}
	q := ding.got()[0].query
	mac := hmac.New(sha256.New, []byte("SECdingsecret"))
	mac.Write([]byte(q.Get("timestamp") + "\nSECdingsecret"))
	if want := base64.StdEncoding.EncodeToString(mac.Sum(nil)); q.Get("sign") != want || q.Get("access_token") != "TOKEN" {
		t.Errorf("dingtalk signature %q, want %q (timestamp %q)", q.Get("sign"), want, q.Get("timestamp"))
	}
	if ms, _ := strconv.ParseInt(q.Get("timestamp"), 10, 64); ms != app.clock.now.UnixMilli() {
		t.Errorf("dingtalk timestamp %d is not milliseconds of now", ms)
	}
	s := decode(slack)
	section := s["blocks"].([]any)[0].(map[string]any)["text"].(map[string]any)
	if s["text"] != praise.Title || section["type"] != "mrkdwn" || !strings.Contains(section["text"].(string), "&lt;and&gt;") {
		t.Errorf("slack payload %v", s)
	}
	tm := decode(teams)
	att := tm["attachments"].([]any)[0].(map[string]any)
	card := att["content"].(map[string]any)
	if tm["type"] != "message" || att["contentType"] != "application/vnd.microsoft.card.adaptive" || card["type"] != "AdaptiveCard" ||
		card["actions"].([]any)[0].(map[string]any)["url"] != praise.Link {
		t.Errorf("teams payload %v", tm)
	}
	g := decode(generic)
	greq := generic.got()[0]
	if g["event"] != "recognition.given" || g["id"] != greq.header.Get("Idempotency-Key") || greq.header.Get("Idempotency-Key") == "" {
		t.Errorf("generic payload %v, key %q", g, greq.header.Get("Idempotency-Key"))
	}
	gm := hmac.New(sha256.New, []byte("generic-secret"))
	gm.Write([]byte(greq.header.Get("X-Lodestar-Timestamp") + "."))
	gm.Write(greq.body)
	if greq.header.Get("X-Lodestar-Signature") != "sha256="+hex.EncodeToString(gm.Sum(nil)) {
		t.Errorf("generic signature %q", greq.header.Get("X-Lodestar-Signature"))
	}
	// The same event handed to a channel twice is one delivery.
	enqueue(t, app, ids["generic"], praise)
	worker(t, app, nil).DeliverDueMessages(ctx)
	if n := len(generic.got()); n != 1 {
		t.Errorf("the same event went out %d times", n)
	}
	// The address and secret are not shown again.
	c, _ := app.store.ChannelByID(ctx, ids["wecom"])
	signed, _ := app.store.ChannelByID(ctx, ids["dingtalk"])
	if strings.Contains(c.URLHint, "SECRET-KEY") || c.URLHint != wecom.srv.URL+"/…" || c.HasSecret || !signed.HasSecret {
		t.Errorf("url hint %q, secrets %v %v", c.URLHint, c.HasSecret, signed.HasSecret)
	}
}

// A receiver that fails three times, then accepts, gets exactly one accepted delivery; the
// backoff grows; a robot's errcode counts as a failure.
func TestChannelRetriesUntilAccepted(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	rc := newReceiver(t, `{"errcode":0}`, 500, 502, 503)
	id := addChannel(t, app, store.ChannelInput{Kind: store.ChannelWeCom, URL: rc.srv.URL})
	enqueue(t, app, id, praise)
	h := worker(t, app, nil)
	waits := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute}
	for i, wait := range waits {
		if n, err := h.DeliverDueMessages(ctx); n != 0 || err != nil {
			t.Fatalf("attempt %d accepted: %d %v", i+1, n, err)
		}
		app.clock.now = app.clock.now.Add(wait - time.Second)
		if n, _ := h.DeliverDueMessages(ctx); n != 0 || len(rc.got()) != i+1 {
			t.Fatalf("retried before its backoff (%v) ended: %d requests", wait, len(rc.got()))
		}
		app.clock.now = app.clock.now.Add(time.Second)
	}
	if n, err := h.DeliverDueMessages(ctx); n != 1 || err != nil {
		t.Fatalf("fourth attempt: %d %v", n, err)
	}
	app.clock.now = app.clock.now.Add(time.Hour)
	h.DeliverDueMessages(ctx)
	if len(rc.got()) != 4 {
		t.Errorf("%d requests, want 4 (3 refused, 1 accepted, nothing after)", len(rc.got()))
	}
	log, _ := app.store.ChannelLog(ctx, id, 10)
	if len(log) != 1 || log[0].Status != store.DeliverySent || log[0].Attempts != 4 || log[0].LastCode != 200 {
		t.Errorf("log %+v", log)
	}
	// A robot answering 200 with an error code is a failure, kept in the log.
	robot := newReceiver(t, `{"errcode":45009,"errmsg":"api freq out of limit"}`)
	id2 := addChannel(t, app, store.ChannelInput{Kind: store.ChannelDingTalk, URL: robot.srv.URL, Name: "Ding"})
	enqueue(t, app, id2, praise)
	h.DeliverDueMessages(ctx)
	log, _ = app.store.ChannelLog(ctx, id2, 10)
	if len(log) != 1 || log[0].Status != store.DeliveryQueued || !strings.Contains(log[0].LastError, "45009") {
		t.Errorf("robot error code: %+v", log)
	}
}

// Failing for a day gives up, visibly; an admin's retry sends it again.
func TestChannelGivesUpAndRetries(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	rc := newReceiver(t, "down")
	for range 100 {
		rc.statuses = append(rc.statuses, http.StatusServiceUnavailable)
	}
	id := addChannel(t, app, store.ChannelInput{Kind: store.ChannelSlack, URL: rc.srv.URL})
	enqueue(t, app, id, praise)
	h := worker(t, app, nil)
	for range 80 {
		h.DeliverDueMessages(ctx)
		app.clock.now = app.clock.now.Add(31 * time.Minute)
	}
	log, _ := app.store.ChannelLog(ctx, id, 10)
	if len(log) != 1 || log[0].Status != store.DeliveryFailed || !strings.Contains(log[0].LastError, "503") || log[0].LastCode != 503 {
		t.Fatalf("after a day of failures: %+v", log)
	}
	tries := len(rc.got())
	if tries < 40 || tries > 60 {
		t.Errorf("%d attempts in a day, want about 48 (every 30 minutes once backed off)", tries)
	}
	h.DeliverDueMessages(ctx)
	if len(rc.got()) != tries {
		t.Error("a given-up delivery was tried again without an admin")
	}
	rc.mu.Lock()
	rc.statuses = nil
	rc.mu.Unlock()
	if err := app.store.RetryDelivery(ctx, 0, id, log[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := h.DeliverDueMessages(ctx); n != 1 {
		t.Errorf("retried delivery not sent: %d", n)
	}
}

// At most 20 messages a minute reach a WeCom robot; the rest wait for the next minute.
func TestChannelRateLimit(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	rc := newReceiver(t, `{"errcode":0}`)
	id := addChannel(t, app, store.ChannelInput{Kind: store.ChannelWeCom, URL: rc.srv.URL})
	for i := range 25 {
		m := praise
		m.EventID = int64(100 + i)
		enqueue(t, app, id, m)
	}
	h := worker(t, app, nil)
	if n, _ := h.DeliverDueMessages(ctx); n != 20 {
		t.Fatalf("first minute: %d delivered, want 20", n)
	}
	app.clock.now = app.clock.now.Add(30 * time.Second)
	if n, _ := h.DeliverDueMessages(ctx); n != 0 {
		t.Fatalf("same minute: %d more delivered", n)
	}
	app.clock.now = app.clock.now.Add(31 * time.Second)
	if n, _ := h.DeliverDueMessages(ctx); n != 5 {
		t.Fatalf("next minute: %d delivered, want 5", n)
	}
}

// A worker that dies after claiming loses nothing: after the lease the deliveries go out,
// once each.
func TestChannelBacklogSurvivesACrashedWorker(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	rc := newReceiver(t, "")
	id := addChannel(t, app, store.ChannelInput{Kind: store.ChannelGeneric, URL: rc.srv.URL})
	for i := range 5 {
		m := praise
		m.EventID = int64(200 + i)
		enqueue(t, app, id, m)
	}
	claimed, err := app.store.ClaimDueDeliveries(ctx, 50) // the worker that dies
	if err != nil || len(claimed) != 5 {
		t.Fatalf("claimed %d, %v", len(claimed), err)
	}
	h := worker(t, app, nil) // the restarted server
	if n, _ := h.DeliverDueMessages(ctx); n != 0 {
		t.Fatalf("leased deliveries sent twice at once: %d", n)
	}
	app.clock.now = app.clock.now.Add(3 * time.Minute)
	if n, _ := h.DeliverDueMessages(ctx); n != 5 {
		t.Fatalf("after the lease: %d delivered, want 5", n)
	}
	keys := map[string]bool{}
	for _, r := range rc.got() {
		keys[r.header.Get("Idempotency-Key")] = true
	}
	if len(rc.got()) != 5 || len(keys) != 5 {
		t.Errorf("%d requests with %d distinct keys", len(rc.got()), len(keys))
	}
}

// A recognition hidden before its delivery went out is never sent.
func TestChannelDropsHiddenRecognitions(t *testing.T) {
	w := recognitionSetup(t)
	ctx := context.Background()
	rid, _, err := w.app.store.Give(ctx, store.GiveInput{GiverID: w.ids["A"], To: []string{"T"}, ValueID: w.value, Message: recognitionMessage})
	if err != nil {
		t.Fatal(err)
	}
	rc := newReceiver(t, "")
	id := addChannel(t, w.app, store.ChannelInput{Kind: store.ChannelGeneric, URL: rc.srv.URL})
	m := praise
	m.SubjectKind, m.SubjectID = "recognition", rid
	enqueue(t, w.app, id, m)
	if err := w.app.store.HideRecognition(ctx, w.ids["ADMIN"], rid, "test"); err != nil {
		t.Fatal(err)
	}
	worker(t, w.app, nil).DeliverDueMessages(ctx)
	log, _ := w.app.store.ChannelLog(ctx, id, 10)
	if len(rc.got()) != 0 || len(log) != 1 || log[0].Status != store.DeliveryDropped {
		t.Errorf("hidden recognition: %d requests, log %+v", len(rc.got()), log)
	}
}

// The admin pages: a bad form comes back with the errors and what was typed (never the
// secret); the saved address is never shown again; a test message reaches the chat through
// the worker and shows in the log; a given-up delivery is retried from the log.
func TestChannelAdminPages(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "ADMIN", Role: store.RoleAdmin})
	admin := app.signedIn("ADMIN")
	rc := newReceiver(t, `{"errcode":0,"errmsg":"ok"}`)
	hook := rc.srv.URL + "/robot/send?access_token=TOPSECRET"
	res := admin.post("/admin/channels", url.Values{"kind": {"dingtalk"}, "name": {"语音坐席群"}, "url": {"ftp://nope"},
		"secret": {"SECsecret"}, "team": {"Voice 1"}, "language": {"zh"}, "enabled": {"1"}})
	doc := res.doc(t)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find(`[data-testid=error-url]`).Length() != 1 || doc.Find(`[data-testid=error-events]`).Length() != 1 {
		t.Fatalf("bad channel: %d", res.StatusCode)
	}
	if v, _ := doc.Find(`input[name=name]`).Attr("value"); v != "语音坐席群" {
		t.Errorf("typed name lost: %q", v)
	}
	if v, _ := doc.Find(`input[name=team]`).Attr("value"); v != "Voice 1" || strings.Contains(res.Body, "SECsecret") {
		t.Errorf("typed team %q lost, or the secret sent back", v)
	}
	res = admin.post("/admin/channels", url.Values{"kind": {"dingtalk"}, "name": {"语音坐席群"}, "url": {hook}, "secret": {"SECsecret"},
		"events": {"recognition.given", "check.opened"}, "team": {"Voice 1"}, "language": {"zh"}, "enabled": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	page := admin.get(res.Header.Get("Location"))
	if strings.Contains(page.Body, "TOPSECRET") || strings.Contains(page.Body, "SECsecret") ||
		!strings.Contains(page.doc(t).Find(`[data-testid=channel-url-hint]`).Text(), rc.srv.URL+"/…") {
		t.Fatal("the saved address or secret is shown again")
	}
	// Saving without a new address keeps the old one.
	path := res.Header.Get("Location")
	if res := admin.post(path, url.Values{"kind": {"dingtalk"}, "name": {"语音坐席群"}, "events": {"recognition.given"}, "language": {"zh"}, "enabled": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d", res.StatusCode)
	}
	if res := admin.post(path+"/test", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("test: %d", res.StatusCode)
	}
	if n, _ := worker(t, app, nil).DeliverDueMessages(context.Background()); n != 1 {
		t.Fatalf("test message delivered %d", n)
	}
	got := rc.got()
	if len(got) != 1 || got[0].query.Get("access_token") != "TOPSECRET" || got[0].query.Get("sign") == "" ||
		!strings.Contains(string(got[0].body), "来自 Lodestar 的测试消息") {
		t.Fatalf("test message at the robot: %+v", got)
	}
	log := admin.get(path).doc(t).Find(`[data-testid=delivery]`)
	if st, _ := log.Attr("data-status"); log.Length() != 1 || st != "sent" {
		t.Errorf("log shows %d rows, status %q", log.Length(), st)
	}
	// A given-up delivery has a retry button that queues it again.
	if _, err := app.store.DB().Exec(`UPDATE channel_deliveries SET status = 'failed', last_error = 'HTTP 500'`); err != nil {
		t.Fatal(err)
	}
	retry, ok := admin.get(path).doc(t).Find(`[data-testid=delivery-retry]`).Parent().Attr("action")
	if !ok {
		t.Fatal("no retry button on a given-up delivery")
	}
	if res := admin.post(retry, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d", res.StatusCode)
	}
	if n, _ := worker(t, app, nil).DeliverDueMessages(context.Background()); n != 1 || len(rc.got()) != 2 {
		t.Errorf("retried delivery: %d sent, %d requests", n, len(rc.got()))
	}
}

// Channels are set up by script with a token that has the channels scope; the list never
// shows an address or secret.
func TestChannelAPI(t *testing.T) {
	app := newTestApp(t)
	call := func(secret, method, path, body string) response {
		req, _ := http.NewRequest(method, app.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+secret)
		req.Header.Set("Content-Type", "application/json")
		return app.client().do(req)
	}
	writer := scopedToken(app, store.TokenInput{Name: "ChatOps", Scopes: []string{store.ScopeChannels}})
	reader := scopedToken(app, store.TokenInput{Name: "Read"})
	body := `{"kind": "slack", "url": "https://hooks.slack.example/services/T/B/SECRETPART", "events": ["recognition.given", "digest.weekly"], "department": "Voice", "language": "en"}`
	if res := call(reader, http.MethodPost, "/api/v1/channels", body); res.StatusCode != http.StatusForbidden {
		t.Errorf("without the channels scope: %d", res.StatusCode)
	}
	res := call(writer, http.MethodPost, "/api/v1/channels", body)
	if res.StatusCode != http.StatusCreated || strings.Contains(res.Body, "SECRETPART") || !strings.Contains(res.Body, `"url_hint": "https://hooks.slack.example/…"`) {
		t.Fatalf("create: %d %s", res.StatusCode, res.Body)
	}
	if res := call(writer, http.MethodPost, "/api/v1/channels", `{"kind": "fax", "url": "x", "events": []}`); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "kind") || !strings.Contains(res.Body, "events") {
		t.Errorf("bad channel: %d %s", res.StatusCode, res.Body)
	}
	list := call(reader, http.MethodGet, "/api/v1/channels", "")
	if list.StatusCode != http.StatusOK || strings.Contains(list.Body, "SECRETPART") || !strings.Contains(list.Body, `"digest.weekly"`) {
		t.Errorf("list: %d %s", list.StatusCode, list.Body)
	}
}

// Events reach the channels that receive them: in the channel's language, within its team
// filter, only from the moment the dispatcher starts; the request that gave the recognition
// sent nothing itself.
func TestChannelsReceiveEvents(t *testing.T) {
	w := recognitionSetup(t)
	ctx := context.Background()
	all, voice, chat := newReceiver(t, ""), newReceiver(t, `{"errcode":0}`), newReceiver(t, "")
	addChannel(t, w.app, store.ChannelInput{Kind: store.ChannelGeneric, URL: all.srv.URL, Name: "All", Events: []string{"recognition.given", "check.opened"}})
	addChannel(t, w.app, store.ChannelInput{Kind: store.ChannelWeCom, URL: voice.srv.URL, Name: "Voice", Team: "Voice 1", Language: "zh"})
	addChannel(t, w.app, store.ChannelInput{Kind: store.ChannelGeneric, URL: chat.srv.URL, Name: "Chat", Team: "Chat 1"})
	off := newReceiver(t, "")
	offID := addChannel(t, w.app, store.ChannelInput{Kind: store.ChannelGeneric, URL: off.srv.URL, Name: "Off"})
	if err := w.app.store.UpdateChannel(ctx, 0, offID, store.ChannelInput{Kind: store.ChannelGeneric, Name: "Off",
		Events: []string{"recognition.given"}, Enabled: false}); err != nil {
		t.Fatal(err)
	}
	h := worker(t, w.app, nil)
	// Something that happened before the dispatcher's first pass is not sent.
	if _, _, err := w.app.store.Give(ctx, store.GiveInput{GiverID: w.ids["T"], To: []string{"A"}, ValueID: w.value, Message: recognitionMessage}); err != nil {
		t.Fatal(err)
	}
	if n, err := h.DispatchEvents(ctx); n != 0 || err != nil {
		t.Fatalf("first pass queued %d (%v): the history must not be sent", n, err)
	}
	// Ann recognises Tom through the page: the answer comes back with nothing sent.
	ann := w.app.signedIn("A")
	form := recognitionGiveForm(t, ann, url.Values{"to": {"T"}, "badge": {itoa(w.badge)}, "message": {recognitionMessage}})
	if res := ann.post("/recognition/give", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("give: %d %s", res.StatusCode, res.Body)
	}
	if len(all.got())+len(voice.got())+len(chat.got()) != 0 {
		t.Fatal("the request that gave the recognition posted to a chat itself")
	}
	if n, err := h.DispatchEvents(ctx); n != 2 || err != nil {
		t.Fatalf("dispatch queued %d (%v), want 2 (All and Voice, not Chat, not the disabled one)", n, err)
	}
	if n, err := h.DispatchEvents(ctx); n != 0 || err != nil {
		t.Fatalf("a second pass queued %d again", n)
	}
	if n, _ := h.DeliverDueMessages(ctx); n != 2 {
		t.Fatalf("delivered %d", n)
	}
	if len(chat.got()) != 0 || len(off.got()) != 0 {
		t.Error("the Chat 1 channel got a recognition for Voice 1, or the disabled channel got one")
	}
	g := string(all.got()[0].body)
	if !strings.Contains(g, "Ann Agent recognised Tom Teammate: Customer Champion") || !strings.Contains(g, "/recognition/") {
		t.Errorf("generic message %s", g)
	}
	z := string(voice.got()[0].body)
	if !strings.Contains(z, "Ann Agent 认可了 Tom Teammate：客户之星") || !strings.Contains(z, "价值观：以客户为中心") {
		t.Errorf("WeCom message in Chinese %s", z)
	}
}
