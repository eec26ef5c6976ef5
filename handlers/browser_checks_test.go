package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"lodestar/store"
)

// TestBrowserChecksAgentAnswersManagerAcceptsLeaderSeesRate: on the demo, agent answers the
// open strategy check, manager accepts the written answer from the review queue, and the
// leader's report counts one more person who understood.
func TestBrowserChecksAgentAnswersManagerAcceptsLeaderSeesRate(t *testing.T) {
	site := newBrowserSite(t)
	ctx := context.Background()
	c, err := site.store.CurrentCheck(ctx)
	if err != nil || c.Status != store.CheckOpen {
		t.Fatalf("the demo has no open check: %+v %v", c, err)
	}
	before, err := site.store.CheckReport(ctx, c, store.Person{Role: store.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/checks/%d", c.ID)
	b := site.browser(t)
	b.desktop()

	b.signInAs("leader")
	b.open(page + "/report")
	want := fmt.Sprintf("%d of %d", before.Overall.Understood, before.Overall.Eligible)
	if got := b.text(`[data-testid=overall] .progress-text`); !strings.Contains(got, want) {
		t.Fatalf("leader's rate before = %q, want %q", got, want)
	}

	b.clearCookies()
	b.signInAs("agent")
	b.open(page)
	b.clickAndWait(`[data-testid=take-check]`)
	// The start page says what the check is; opening it starts nothing.
	if got := b.text(`[data-testid=start-final]`); !strings.Contains(got, "final") {
		t.Fatalf("start page: %q", got)
	}
	if b.count(`[data-testid=check-quiz]`) != 0 {
		t.Fatalf("the start page shows the questions before Start")
	}
	b.clickAndWait(`[data-testid=start-check]`)
	set, err := site.store.CheckQuestions(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range set.Questions {
		if q.Kind == store.QuestionWritten {
			// An empty textarea has no text node for chromedp.Clear (b.fill): type into it directly.
			sel := fmt.Sprintf(`textarea[name="q%d"]`, q.ID)
			browserRun(b, "type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), "We fix the customer's problem on the first contact and keep their effort low."))
			continue
		}
		for _, o := range q.Options {
			if o.Correct {
				b.click(fmt.Sprintf(`input[name="q%d"][value="%d"]`, q.ID, o.ID))
			}
		}
	}
	b.clickAndWait(`[data-testid=submit-check]`)
	if got := b.text(`[data-testid=my-check] .pill`); got != "Waiting for review" {
		t.Fatalf("agent's result after submitting = %q", got)
	}
	st, err := site.store.CheckStatusFor(ctx, c, site.person("agent").ID)
	if err != nil || len(st.Attempts) != 1 {
		t.Fatalf("agent's attempts: %+v %v", st.Attempts, err)
	}

	b.clearCookies()
	b.signInAs("manager")
	b.open(page + "/reviews")
	review := fmt.Sprintf(`[data-testid="review-%d"]`, st.Attempts[0].ID)
	if got := b.text(review + ` [data-testid=answer-text]`); !strings.Contains(got, "first contact") {
		t.Fatalf("manager's queue shows %q", got)
	}
	b.clickAndWait(review + ` [data-testid=accept]`)

	b.clearCookies()
	b.signInAs("leader")
	b.open(page + "/report")
	want = fmt.Sprintf("%d of %d", before.Overall.Understood+1, before.Overall.Eligible)
	if got := b.text(`[data-testid=overall] .progress-text`); !strings.Contains(got, want) {
		t.Fatalf("leader's rate after = %q, want %q", got, want)
	}
}

// TestBrowserChecksPagesAccessibleAndFitPhones runs axe-core on the checks pages and
// checks that they do not scroll sideways at 375 px.
func TestBrowserChecksPagesAccessibleAndFitPhones(t *testing.T) {
	site := newBrowserSite(t)
	c, err := site.store.CurrentCheck(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/checks/%d", c.ID)
	b := site.browser(t)
	b.phone()
	b.signInAs("leader")
	for _, p := range []string{"/checks", page, page + "/questions", page + "/interviews", "/checks/new", page + "/report",
		page + "/report/people", page + "/report/people?result=no_response"} {
		b.checkNoSidewaysScroll(p)
	}
	b.checkAccessible("phone report") // axe is slow on a shared machine: the richest page only
	b.clearCookies()
	b.phone()
	b.signInAs("manager")
	b.checkNoSidewaysScroll(page + "/reviews")
	b.clearCookies()
	b.signInAs("agent")
	b.checkNoSidewaysScroll(page + "/take") // the start page
	b.clickAndWait(`[data-testid=start-check]`)
	b.checkNoSidewaysScroll(page + "/take") // the questions, resumed
	if b.count(`[data-testid=check-quiz]`) != 1 {
		t.Fatalf("no questions after Start")
	}
	b.checkAccessible("phone quiz")
}
