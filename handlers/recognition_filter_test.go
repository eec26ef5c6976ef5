package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// teamsOrg seeds teams teams in each of the departments North and South ("North 01"…), one
// agent in each, and a signed-in agent V in North 01.
func teamsOrg(t *testing.T, app *testApp, teams int) {
	t.Helper()
	var people []store.PersonInput
	for _, dept := range []string{"North", "South"} {
		for n := 1; n <= teams; n++ {
			team := fmt.Sprintf("%s %02d", dept, n)
			people = append(people, store.PersonInput{EmployeeID: fmt.Sprintf("P-%s-%02d", dept, n), Name: "Person " + team, Department: dept, Team: team,
				Tier: store.TierFrontLine, Role: store.RoleEmployee, EmploymentType: store.EmploymentPermanent, HiredOn: "2024-01-01"})
		}
	}
	if _, err := app.store.UpsertPeople(context.Background(), 0, people, 0); err != nil {
		t.Fatal(err)
	}
	app.seed(store.PersonInput{EmployeeID: "V", Department: "North", Team: "North 01"})
}

// teamOptions is the board's team filter: its options (without "All") and the one selected.
func teamOptions(doc *goquery.Document) (options []string, selected string) {
	doc.Find(`#f-team option`).Each(func(_ int, o *goquery.Selection) {
		v, _ := o.Attr("value")
		if v == "" {
			return
		}
		options = append(options, v)
		if _, ok := o.Attr("selected"); ok {
			selected = v
		}
	})
	return options, selected
}

func teamsOf(dept string, n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("%s %02d", dept, i))
	}
	return out
}

// Up to 60 teams the board's team filter lists them all.
func TestBoardTeamFilterListsEveryTeamOfASmallOrganisation(t *testing.T) {
	app := newTestApp(t)
	teamsOrg(t, app, 30) // 60 teams
	doc := app.signedIn("V").get("/recognition").doc(t)
	got, _ := teamOptions(doc)
	if want := append(teamsOf("North", 30), teamsOf("South", 30)...); !slices.Equal(got, want) {
		t.Errorf("team options %v, want all 60", got)
	}
	if doc.Find(`[data-testid=board-teams-of]`).Length() != 0 {
		t.Error("the 'teams in' hint shows although every team is listed")
	}
}

// Past 60 teams it lists the viewer's department's teams, or those of the department filtered
// on, and always the team filtered on.
func TestBoardTeamFilterListsOneDepartmentOfALargeOrganisation(t *testing.T) {
	app := newTestApp(t)
	teamsOrg(t, app, 31) // 62 teams
	agent := app.signedIn("V")

	doc := agent.get("/recognition").doc(t)
	if got, _ := teamOptions(doc); !slices.Equal(got, teamsOf("North", 31)) {
		t.Errorf("no filter: team options %v, want North's 31", got)
	}
	if hint := doc.Find(`[data-testid=board-teams-of]`).Text(); !strings.Contains(hint, "North") {
		t.Errorf("hint %q, want it to name North", hint)
	}

	doc = agent.get("/recognition?" + url.Values{"department": {"South"}}.Encode()).doc(t)
	if got, _ := teamOptions(doc); !slices.Equal(got, teamsOf("South", 31)) {
		t.Errorf("South: team options %v, want South's 31", got)
	}
	if hint := doc.Find(`[data-testid=board-teams-of]`).Text(); !strings.Contains(hint, "South") {
		t.Errorf("hint %q, want it to name South", hint)
	}

	doc = agent.get("/recognition?" + url.Values{"department": {"South"}, "team": {"North 05"}}.Encode()).doc(t)
	got, selected := teamOptions(doc)
	if want := append([]string{"North 05"}, teamsOf("South", 31)...); !slices.Equal(got, want) || selected != "North 05" {
		t.Errorf("South, team North 05: options %v selected %q; want North 05 first and selected", got, selected)
	}

	agent.post("/language", url.Values{"lang": {"zh"}})
	if hint := agent.get("/recognition").doc(t).Find(`[data-testid=board-teams-of]`).Text(); !strings.Contains(hint, "团队") {
		t.Errorf("hint in Chinese: %q", hint)
	}
}

// The give form's "or a whole team" follows the same rule: past 60 teams, the giver's
// department's teams, headed with the department's name, and the chosen team always.
func TestGiveFormTeamListInALargeOrganisation(t *testing.T) {
	teamsIn := func(doc *goquery.Document) (mine, others []string, label string) {
		doc.Find(`#f-team optgroup`).Each(func(i int, g *goquery.Selection) {
			var list []string
			g.Find("option").Each(func(_ int, o *goquery.Selection) { v, _ := o.Attr("value"); list = append(list, v) })
			if _, ok := g.Attr("data-testid"); ok {
				others, label = list, g.AttrOr("label", "")
			} else {
				mine = list
			}
		})
		return mine, others, label
	}
	small := newTestApp(t)
	teamsOrg(t, small, 30)
	mine, others, label := teamsIn(small.signedIn("V").get("/recognition/give").doc(t))
	if want := append(teamsOf("North", 30)[1:], teamsOf("South", 30)...); !slices.Equal(mine, []string{"North 01"}) || !slices.Equal(others, want) || label != "Other teams" {
		t.Errorf("60 teams: mine %v, others %v (%q); want every team", mine, others, label)
	}

	large := newTestApp(t)
	teamsOrg(t, large, 31)
	agent := large.signedIn("V")
	mine, others, label = teamsIn(agent.get("/recognition/give").doc(t))
	if !slices.Equal(mine, []string{"North 01"}) || !slices.Equal(others, teamsOf("North", 31)[1:]) || label != "Teams in North" {
		t.Errorf("62 teams: mine %v, others %v (%q); want North's", mine, others, label)
	}
	// A refused submit comes back with the team chosen, even one outside the list.
	res := agent.post("/recognition/give", url.Values{"team": {"South 07"}, "message": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("refused give: %d", res.StatusCode)
	}
	_, others, _ = teamsIn(res.doc(t))
	sel := res.doc(t).Find(`#f-team option[selected]`).AttrOr("value", "")
	if len(others) == 0 || others[0] != "South 07" || sel != "South 07" {
		t.Errorf("chosen South 07: others %v, selected %q", others, sel)
	}
}
