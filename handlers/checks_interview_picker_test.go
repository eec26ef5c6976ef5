package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"lodestar/store"
)

// The interview form finds the person by pinyin initials with the person picker (no list of
// every eligible person on the page); without JavaScript the Search button comes back with
// the matches and everything typed kept; recording by the picked employee ID still works.
func TestInterviewFormPicksThePersonByPinyin(t *testing.T) {
	app := newDemoApp(t)
	var open store.Check
	checks, err := app.store.ListChecks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.Status == store.CheckOpen {
			open = c
		}
	}
	if open.ID == 0 {
		t.Fatal("the demo has no open check")
	}
	leader := app.signedInAs("leader")
	path := "/checks/" + itoa(open.ID) + "/interviews"
	page := leader.get(path)
	if page.StatusCode != http.StatusOK || strings.Contains(page.Body, "<datalist") || page.doc(t).Find(`[data-person-picker]`).Length() != 1 {
		t.Fatalf("interviews page: %d, picker %d", page.StatusCode, page.doc(t).Find(`[data-person-picker]`).Length())
	}
	res := leader.get(path + "?person_q=ln&date=2026-11-20&verdict=not_understood&note=Could+not+name+the+values")
	doc := res.doc(t)
	if doc.Find(`input[name=employee_id][value=agent]`).Length() != 1 {
		t.Fatalf("李娜 Li Na (agent) not found by ln: %s", doc.Find(`[data-person-picker]`).Text())
	}
	if v, _ := doc.Find(`input[name=date]`).Attr("value"); v != "2026-11-20" {
		t.Errorf("date typed lost: %q", v)
	}
	if got := doc.Find(`textarea[name=note]`).Text(); got != "Could not name the values" {
		t.Errorf("note typed lost: %q", got)
	}
	if v, _ := doc.Find(`input[name=person_q]`).Attr("value"); v != "ln" {
		t.Errorf("search typed lost: %q", v)
	}
}
