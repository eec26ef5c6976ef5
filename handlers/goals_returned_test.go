package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

func inboxKindsOf(t *testing.T, c *client) map[string]*goquery.Selection {
	t.Helper()
	out := map[string]*goquery.Selection{}
	c.get("/inbox").doc(t).Find("[data-testid=inbox-item]").Each(func(_ int, s *goquery.Selection) {
		k, _ := s.Attr("data-kind")
		out[k] = s
	})
	return out
}

// A returned proposal: returned → the owner sees "Returned: needs changes" and the manager's
// note on the goal page and in their inbox; approvers no longer have it in their queue (inbox,
// team page, approve and return buttons; approving or returning it again is refused); the
// owner's edit moves it back to proposed (the manager is told and it is in the queue again,
// the note gone); approving it then makes it active. Also in Chinese and Traditional Chinese.
func TestGoalReturnedStateAndTransitions(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	_, _, team, _ := goalsCascade(t, app)
	eve, mgr := app.signedIn("E1"), app.signedIn("M1")
	form := goalsForm("Learn the billing system", "person:E1", team)
	id := goalsCreated(t, eve, form)
	page := fmt.Sprintf("/goals/%d", id)

	// Proposed: in the manager's queue.
	if k := inboxKindsOf(t, mgr); k[store.InboxGoalApproval] == nil {
		t.Fatal("the proposal is not in the manager's inbox")
	}
	if mgr.get("/goals/team").doc(t).Find("[data-testid=goal-proposals]").Length() != 1 {
		t.Fatal("the proposal is not on the team page")
	}
	if res := mgr.post(page+"/return", url.Values{"note": {"Add how you will measure it <b>please</b>"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", res.StatusCode)
	}

	// Returned: the owner sees the state and the note, on the goal page and in the inbox.
	doc := eve.get(page).doc(t)
	if doc.Find("[data-testid=goal-returned-pill]").Length() != 1 || doc.Find("[data-testid=goal-edit]").Length() != 1 {
		t.Error("the owner's goal page does not say it was returned, or offers no edit")
	}
	if got := doc.Find("[data-testid=goal-return-note]").Text(); got != "Add how you will measure it <b>please</b>" {
		t.Errorf("note on the goal page: %q", got)
	}
	if !strings.Contains(doc.Find("[data-testid=goal-returned]").Text(), "Max Manager") {
		t.Error("the goal page does not say who returned it")
	}
	k := inboxKindsOf(t, eve)
	if it := k[store.InboxGoalReturned]; it == nil || it.Find("[data-testid=inbox-note]").Text() != "Add how you will measure it <b>please</b>" ||
		!strings.Contains(it.Text(), "Learn the billing system") {
		t.Fatalf("the owner's inbox has no returned goal with its note: %v", k)
	}
	// The approver: not in the queue, no approve or return button, and both refused.
	if k := inboxKindsOf(t, mgr); k[store.InboxGoalApproval] != nil {
		t.Error("the returned goal is still in the manager's approval inbox")
	}
	if mgr.get("/goals/team").doc(t).Find("[data-testid=goal-proposals]").Length() != 0 {
		t.Error("the returned goal is still among the team page's proposals")
	}
	mdoc := mgr.get(page).doc(t)
	if mdoc.Find("[data-testid=goal-approve]").Length() != 0 || mdoc.Find("[data-testid=goal-return-form]").Length() != 0 {
		t.Error("the manager is offered to approve or return a goal waiting for its owner")
	}
	if mdoc.Find("[data-testid=goal-return-note]").Length() != 1 {
		t.Error("the manager does not see the note they returned it with")
	}
	if res := mgr.post(page+"/approve", nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("approving a returned goal: %d, want 403", res.StatusCode)
	}
	if res := mgr.post(page+"/return", url.Values{"note": {"again"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("returning it again: %d, want 403", res.StatusCode)
	}
	// The same state in Chinese and Traditional Chinese.
	for lang, want := range map[string]string{"zh": "已退回：需修改", "zh-Hant": "已退回：需修改"} {
		c := app.signedIn("E1")
		if res := c.post("/language", url.Values{"lang": {lang}}); res.StatusCode != http.StatusSeeOther {
			t.Fatal("language")
		}
		d := c.get(page).doc(t)
		if got := d.Find("[data-testid=goal-returned-pill]").Text(); !strings.Contains(got, want) {
			t.Errorf("%s pill %q", lang, got)
		}
		if lang == "zh-Hant" && !strings.Contains(d.Find("[data-testid=goal-returned]").Text(), "儲存後將重新提交") {
			t.Errorf("zh-Hant hint: %q", d.Find("[data-testid=goal-returned]").Text())
		}
	}

	// The owner edits: proposed again, the manager told, back in the queue, the note gone.
	form.Set("kpi", "Billing cases solved alone")
	res := eve.post(page, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner edits: %d", res.StatusCode)
	}
	if got := eve.get(page).doc(t); got.Find("[data-testid=goal-returned]").Length() != 0 || got.Find("[data-testid=goal-returned-pill]").Length() != 0 {
		t.Error("the goal still reads as returned after the owner's edit")
	}
	if k := inboxKindsOf(t, eve); k[store.InboxGoalReturned] != nil {
		t.Error("the returned item stays in the owner's inbox after the edit")
	}
	if k := inboxKindsOf(t, mgr); k[store.InboxGoalApproval] == nil {
		t.Error("the re-proposed goal is not back in the manager's inbox")
	}
	if body := mgr.get("/notifications").Body; strings.Count(body, "Learn the billing system") < 2 {
		t.Error("the manager is not told of the re-proposal")
	}
	gs, err := app.store.Goals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := gs.Get(id); g.State != store.GoalProposed || g.Returned() || g.ReturnNote != "" || g.KPI != "Billing cases solved alone" {
		t.Errorf("after the edit: state %s returned %v note %q kpi %q", g.State, g.Returned(), g.ReturnNote, g.KPI)
	}
	if res := mgr.post(page+"/approve", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving the re-proposed goal: %d", res.StatusCode)
	}
	gs, _ = app.store.Goals(context.Background())
	if g, _ := gs.Get(id); g.State != store.GoalActive {
		t.Errorf("after approval: %s", g.State)
	}
}

// A manager editing a returned goal (not its owner) does not re-propose it: it stays
// returned, waiting for the owner.
func TestGoalReturnedManagerEditKeepsItReturned(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	_, _, team, _ := goalsCascade(t, app)
	eve, mgr := app.signedIn("E1"), app.signedIn("M1")
	form := goalsForm("Shadow a senior agent", "person:E1", team)
	id := goalsCreated(t, eve, form)
	page := fmt.Sprintf("/goals/%d", id)
	if res := mgr.post(page+"/return", url.Values{"note": {"Which agent?"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", res.StatusCode)
	}
	form.Set("title", "Shadow a senior agent for a week")
	if res := mgr.post(page, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("manager edits: %d", res.StatusCode)
	}
	if eve.get(page).doc(t).Find("[data-testid=goal-returned]").Length() != 1 {
		t.Error("a manager's edit took the goal out of the returned state")
	}
	if k := inboxKindsOf(t, mgr); k[store.InboxGoalApproval] != nil {
		t.Error("a manager's edit put the returned goal back in the queue")
	}
}
