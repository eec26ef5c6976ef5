package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lodestar/store"
)

// Object-level access: a signed-in person asks for something that is someone else's by its
// id. Each case has a control (someone who may see it does), so the test fails if the object
// simply does not exist. The objects are agent's, in the demo organisation; the intruders are
// newhire (agent's peer in the same team) and the team lead of Voice Team 2 (a manager, not
// agent's).

// objectAccessApp is the demo organisation with the callers of these tests signed in.
type objectAccessApp struct {
	*testApp
	f                       *authzFixture
	agent, peer, mgr, other *client
	leader                  *client
}

func newObjectAccessApp(t *testing.T) *objectAccessApp {
	t.Helper()
	f := newAuthzFixture(t)
	a := f.app
	return &objectAccessApp{testApp: a, f: f, agent: a.signedInAs("agent"), peer: a.signedInAs("newhire"),
		mgr: a.signedInAs("manager"), other: a.signedInAs(f.login["other"]), leader: a.signedInAs("leader")}
}

// denied fails unless the answer is 403 or 404 and does not show secret.
func denied(t *testing.T, who, what string, res response, secret string) {
	t.Helper()
	if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("%s: %s answered %d, want 403 or 404", who, what, res.StatusCode)
	}
	if secret != "" && strings.Contains(res.Body, secret) {
		t.Errorf("%s: %s shows %q", who, what, secret)
	}
}

// allowed fails unless the answer is 200 and shows want (the control).
func allowed(t *testing.T, who, what string, res response, want string) {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %s answered %d, want 200 (the control)", who, what, res.StatusCode)
	}
	if want != "" && !strings.Contains(res.Body, want) {
		t.Fatalf("%s: %s does not show %q (the control)", who, what, want)
	}
}

func TestObjectAccessQuizAttempt(t *testing.T) {
	app := newObjectAccessApp(t)
	path := "/training/attempts/" + app.f.ids["attempt"]
	allowed(t, "agent", path, app.agent.get(path), "")
	allowed(t, "agent's manager", path, app.mgr.get(path), "")
	denied(t, "peer", path, app.peer.get(path), "")
	denied(t, "other team's manager", path, app.other.get(path), "")
	// Agent's open attempt, submitted by someone who learnt its token: refused, still open.
	course := "/training/courses/" + app.f.ids["course"]
	app.agent.post(course+"/quiz/start", nil)
	token, ok := app.agent.get(course + "/quiz").doc(t).Find("input[name=token]").Attr("value")
	if !ok || token == "" {
		t.Fatal("agent's quiz page has no attempt token (the control)")
	}
	denied(t, "peer", "POST "+course+"/quiz with agent's token", app.peer.post(course+"/quiz", url.Values{"token": {token}}), "")
	var status string
	if err := app.store.DB().QueryRow(`SELECT status FROM attempts WHERE token = ?`, token).Scan(&status); err != nil || status != "open" {
		t.Errorf("agent's attempt is %q after a peer's submission (err %v), want open", status, err)
	}
	// Reviewing a written answer in agent's attempt is the manager's; another manager may not.
	form := url.Values{"attempt_id": {app.f.ids["pendingattempt"]}, "question_id": {app.f.ids["pendingquestion"]}, "percent": {"100"}}
	denied(t, "other team's manager", "POST /training/reviews", app.other.post("/training/reviews", form), "")
	var credit *float64
	if err := app.store.DB().QueryRow(`SELECT credit FROM attempt_answers WHERE attempt_id = ? AND question_id = ?`,
		app.f.ids["pendingattempt"], app.f.ids["pendingquestion"]).Scan(&credit); err != nil || credit != nil {
		t.Errorf("after a refused review the answer has credit %v (err %v), want none", credit, err)
	}
}

func TestObjectAccessCheckAnswer(t *testing.T) {
	app := newObjectAccessApp(t)
	path := "/checks/" + app.f.ids["closedcheck"] + "/people/" + app.f.ids["agent"]
	allowed(t, "agent", path, app.agent.get(path), "")
	allowed(t, "agent's manager", path, app.mgr.get(path), "")
	denied(t, "peer", path, app.peer.get(path), "")
	denied(t, "other team's manager", path, app.other.get(path), "")
	// Agent's open check attempt, submitted by a peer who learnt its token: refused.
	check := "/checks/" + app.f.ids["check"]
	app.agent.post(check+"/start", nil)
	token, ok := app.agent.get(check + "/take").doc(t).Find("input[name=token]").Attr("value")
	if !ok || token == "" {
		t.Fatal("agent's check page has no attempt token (the control)")
	}
	denied(t, "peer", "POST "+check+"/take with agent's token", app.peer.post(check+"/take", url.Values{"token": {token}}), "")
	var open string
	if err := app.store.DB().QueryRow(`SELECT status FROM attempts WHERE token = ?`, token).Scan(&open); err != nil || open != "open" {
		t.Errorf("agent's check attempt is %q after a peer's submission (err %v), want open", open, err)
	}
	// Accepting agent's written answer: only whoever reviews agent may.
	review := "/checks/" + app.f.ids["closedcheck"] + "/reviews/" + app.f.ids["checkattempt"]
	form := url.Values{"decision": {"accept"}, "accepted": {"1"}, "feedback": {"by the wrong person"}}
	denied(t, "peer", "POST "+review, app.peer.post(review, form), "")
	denied(t, "other team's manager", "POST "+review, app.other.post(review, form), "")
	var status string
	if err := app.store.DB().QueryRow(`SELECT written_status FROM check_attempts WHERE id = ?`, app.f.ids["checkattempt"]).Scan(&status); err != nil || status != "pending" {
		t.Errorf("after refused reviews agent's answer is %q (err %v), want pending", status, err)
	}
}

func TestObjectAccessPersonalGoal(t *testing.T) {
	app := newObjectAccessApp(t)
	goal := "/goals/" + app.f.ids["goal"]
	var title string
	if err := app.store.DB().QueryRow(`SELECT title FROM goals WHERE id = ?`, app.f.ids["goal"]).Scan(&title); err != nil {
		t.Fatal(err)
	}
	allowed(t, "agent", goal, app.agent.get(goal), title)
	allowed(t, "agent's manager", goal, app.mgr.get(goal), title)
	for _, c := range []struct {
		who string
		cl  *client
	}{{"peer", app.peer}, {"other team's manager", app.other}} {
		denied(t, c.who, "GET "+goal, c.cl.get(goal), title)
		denied(t, c.who, "GET "+goal+"/edit", c.cl.get(goal+"/edit"), title)
		denied(t, c.who, "POST "+goal, c.cl.post(goal, url.Values{"title": {"Taken over"}}), title)
		denied(t, c.who, "POST "+goal+"/checkins", c.cl.post(goal+"/checkins", url.Values{"value": {"99"}, "on": {"2026-11-20"}}), title)
		// Nor does agent's profile show it to them (it does to agent's manager, below).
		if res := c.cl.get("/people/" + app.f.ids["agent"]); res.StatusCode != http.StatusOK || strings.Contains(res.Body, title) {
			t.Errorf("%s: agent's profile (%d) shows agent's personal goal", c.who, res.StatusCode)
		}
	}
	allowed(t, "agent's manager", "agent's profile", app.mgr.get("/people/"+app.f.ids["agent"]), title)
	var n int
	if err := app.store.DB().QueryRow(`SELECT count(*) FROM goals WHERE id = ? AND title = ?`, app.f.ids["goal"], title).Scan(&n); err != nil || n != 1 {
		t.Errorf("agent's goal changed title after refused edits (err %v)", err)
	}
	if err := app.store.DB().QueryRow(`SELECT count(*) FROM goal_checkins WHERE goal_id = ? AND value = 99`, app.f.ids["goal"]).Scan(&n); err != nil || n != 0 {
		t.Errorf("a refused check-in was written (%d, err %v)", n, err)
	}
}

func TestObjectAccessInterviewNote(t *testing.T) {
	app := newObjectAccessApp(t)
	const note = "Interview-note-7f3a: talked about the refund promise"
	check := "/checks/" + app.f.ids["check"]
	res := app.mgr.post(check+"/interviews", url.Values{"employee_id": {"agent"}, "date": {"2026-11-23"}, "verdict": {"understood"}, "note": {note}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("manager recording an interview with agent: %d\n%s", res.StatusCode, res.Body)
	}
	person := check + "/people/" + app.f.ids["agent"]
	allowed(t, "agent's manager", person, app.mgr.get(person), note)
	denied(t, "peer", person, app.peer.get(person), note)
	denied(t, "other team's manager", person, app.other.get(person), note)
	// The other manager's own views of the check do not carry it either.
	for _, p := range []string{check + "/interviews", check + "/report", check + "/export.csv"} {
		if res := app.other.get(p); strings.Contains(res.Body, note) {
			t.Errorf("other team's manager: %s (%d) shows agent's interview note", p, res.StatusCode)
		}
	}
	// Recording an interview for someone outside one's team is refused and writes nothing.
	res = app.other.post(check+"/interviews", url.Values{"employee_id": {"agent"}, "date": {"2026-11-23"}, "verdict": {"not_understood"}, "note": {"overwrite"}})
	if res.StatusCode < 400 {
		t.Errorf("other team's manager recording an interview with agent: %d, want a refusal", res.StatusCode)
	}
	var n int
	if err := app.store.DB().QueryRow(`SELECT count(*) FROM check_interviews WHERE summary = 'overwrite'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("a refused interview was written (%d, err %v)", n, err)
	}
}

func TestObjectAccessNotification(t *testing.T) {
	app := newObjectAccessApp(t)
	const secret = "Secret-goal-title-51c2"
	agentID := mustInt(t, app.f.ids["agent"])
	ev, err := app.store.RecordEvent(context.Background(), store.Event{Key: store.EventRecognitionHide, Args: []store.Arg{store.Plain(secret)}})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.store.Notify(context.Background(), ev, agentID); err != nil {
		t.Fatal(err)
	}
	before, err := app.store.UnreadNotifications(context.Background(), agentID)
	if err != nil {
		t.Fatal(err)
	}
	allowed(t, "agent", "/notifications", app.agent.get("/notifications"), secret)
	for _, c := range []struct {
		who string
		cl  *client
	}{{"peer", app.peer}, {"agent's manager", app.mgr}, {"leader", app.leader}} {
		if res := c.cl.get("/notifications"); strings.Contains(res.Body, secret) {
			t.Errorf("%s: /notifications shows agent's notification", c.who)
		}
		if res := c.cl.get("/"); strings.Contains(res.Body, secret) {
			t.Errorf("%s: the home page shows agent's notification", c.who)
		}
		c.cl.post("/notifications/read", url.Values{"id": {app.f.ids["agent"]}})
	}
	if after, _ := app.store.UnreadNotifications(context.Background(), agentID); after != before {
		t.Errorf("others marking their notifications read changed agent's unread count from %d to %d", before, after)
	}
}

func TestObjectAccessHiddenRecognition(t *testing.T) {
	app := newObjectAccessApp(t)
	const message = "Hidden-recognition-9b1e: thanks for the weekend cover"
	api := app.client()
	req, _ := http.NewRequest(http.MethodPost, app.srv.URL+"/api/v1/recognitions",
		strings.NewReader(`{"from":"newhire","to":["agent"],"value":1,"message":"`+message+`"}`))
	req.Header.Set("Authorization", "Bearer "+app.f.token)
	req.Header.Set("Content-Type", "application/json")
	res := api.do(req)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("giving the recognition: %d %s", res.StatusCode, res.Body)
	}
	rec := res.Header.Get("Location")
	allowed(t, "agent", rec, app.agent.get(rec), message)
	if res := app.leader.post(rec+"/hide", url.Values{"reason": {"Mentions a customer by name"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("leader hiding %s: %d", rec, res.StatusCode)
	}
	allowed(t, "leader (a moderator)", rec, app.leader.get(rec), message)
	// Even its recipient and its giver no longer reach it.
	for _, c := range []struct {
		who string
		cl  *client
	}{{"agent (recipient)", app.agent}, {"newhire (giver)", app.peer}, {"agent's manager", app.mgr}} {
		denied(t, c.who, "GET "+rec, c.cl.get(rec), message)
		denied(t, c.who, "POST "+rec+"/react", c.cl.post(rec+"/react", nil), "")
		denied(t, c.who, "POST "+rec+"/comments", c.cl.post(rec+"/comments", url.Values{"body": {"still here?"}}), "")
		for _, p := range []string{"/recognition", "/", "/me", "/notifications", "/people/" + app.f.ids["agent"]} {
			if res := c.cl.get(p); strings.Contains(res.Body, message) {
				t.Errorf("%s: %s (%d) shows the hidden recognition", c.who, p, res.StatusCode)
			}
		}
	}
	req, _ = http.NewRequest(http.MethodGet, app.srv.URL+"/api/v1/recognitions", nil)
	req.Header.Set("Authorization", "Bearer "+app.f.token)
	if res := api.do(req); res.StatusCode != http.StatusOK || strings.Contains(res.Body, message) {
		t.Errorf("GET /api/v1/recognitions (%d) lists the hidden recognition", res.StatusCode)
	}
	var n int
	if err := app.store.DB().QueryRow(`SELECT count(*) FROM recognition_comments WHERE body = 'still here?'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("a comment on the hidden recognition was written (%d, err %v)", n, err)
	}
}
