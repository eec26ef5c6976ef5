package handlers_test

import (
	"context"
	"strings"
	"testing"
)

// A leader publishes a new version on a phone; the agent sees the banner, opens "Our
// culture" from it, sees what changed since the version they last confirmed, confirms, and
// the banner is gone.
func TestBrowserCulturePublishAndAcknowledge(t *testing.T) {
	site := newBrowserSite(t)
	ctx := context.Background()
	before, err := site.store.CurrentCulture(ctx)
	if err != nil {
		t.Fatal(err)
	}

	leader := site.browser(t)
	leader.phone()
	leader.signInAs("leader")
	leader.open("/culture")
	leader.clickAndWait(`[data-testid=culture-edit-link]`)
	leader.waitVisible(`[data-testid=culture-form]`)
	leader.fill(`#f-mission_en`, "We solve each customer's problem at the first contact and follow up until they are happy.")
	leader.clickAndWait(`[data-testid=save-draft]`)
	if p := leader.path(); p != "/culture/draft" {
		t.Fatalf("after saving the draft the leader is on %s", p)
	}
	if got := leader.text(`[data-testid=publish]`); !strings.Contains(got, "3") {
		t.Fatalf("publish button says %q", got)
	}
	leader.checkAccessible("culture draft preview")
	browserEval[bool](leader, `(window.confirm = function () { return true; }, true)`) // the person accepts the confirmation
	leader.clickAndWait(`[data-testid=publish]`)
	if p := leader.path(); p != "/culture" {
		t.Fatalf("after publishing the leader is on %s", p)
	}
	after, err := site.store.CurrentCulture(ctx)
	if err != nil || after.Number != before.Number+1 {
		t.Fatalf("current version %d, want %d (%v)", after.Number, before.Number+1, err)
	}

	agent := site.browser(t)
	agent.phone()
	agent.signInAs("agent")
	agent.waitVisible(`[data-testid=banner]`)
	if got := agent.text(`[data-testid=banner]`); !strings.Contains(got, "new version of our culture") {
		t.Fatalf("banner says %q", got)
	}
	agent.clickAndWait(`[data-testid=banner] a`)
	if p := agent.path(); p != "/culture" {
		t.Fatalf("banner link went to %s", p)
	}
	agent.checkAccessible("culture page")
	agent.checkNoSidewaysScroll("/culture")
	agent.open("/culture")
	agent.clickAndWait(`[data-testid=changes-since-link]`)
	if n := agent.count(`[data-testid=change-mission]`); n != 1 {
		t.Fatalf("the changes page lists the mission %d times", n)
	}
	agent.checkAccessible("culture changes")
	agent.checkNoSidewaysScroll(agent.path())
	agent.open("/culture")
	agent.clickAndWait(`[data-testid=acknowledge]`)
	agent.waitVisible(`[data-testid=acknowledged]`)
	if n := agent.count(`[data-testid=banner]`); n != 0 {
		t.Fatalf("%d banners after confirming", n)
	}
	agent.open("/")
	if n := agent.count(`[data-testid=banner]`); n != 0 {
		t.Fatalf("banner back on the home page after confirming (%d)", n)
	}
	reading, err := site.store.CultureReadingFor(ctx, site.person("agent").ID)
	if err != nil || !reading.Acknowledged || reading.LastAcked != after.Number {
		t.Fatalf("agent's reading %+v (%v)", reading, err)
	}
}

// Managers read the acknowledgement report on a phone: no sideways scroll, accessible.
func TestBrowserCultureReportOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	b := site.browser(t)
	b.phone()
	b.signInAs("manager")
	b.open("/culture/acknowledgements")
	b.waitVisible(`[data-testid=ack-team]`)
	b.checkAccessible("culture acknowledgement report")
	b.checkNoSidewaysScroll("/culture/acknowledgements")
	b.checkNoSidewaysScroll("/culture/versions")
}
