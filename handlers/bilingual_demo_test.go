package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"lodestar/store"
)

// The demo's main pages in 简体中文 for the agent, the manager, the leader and the admin:
// the content (departments, teams, job titles, goals, KPI names, check titles) is bilingual,
// so no English word may appear but people's names, codes, numbers and brand names. Messages
// people write to each other (recognitions, comments, customers' words, goal descriptions,
// check-in notes) stay in the language they were written in and are taken out first.
func TestBilingualDemoPagesInChineseShowNoEnglishContent(t *testing.T) {
	app := newDemoApp(t)
	ctx := context.Background()
	names := map[string]bool{}
	people, _, err := app.store.ListPeople(ctx, store.PeopleFilter{Active: "all", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, p := range people {
		ids[p.EmployeeID] = p.ID
		names[p.EmployeeID] = true // a code
		for _, w := range bilingualLatinWord.FindAllString(p.Name, -1) {
			names[w] = true
		}
	}
	goals, err := app.store.Goals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var written []string // goal descriptions and check-in notes
	agentGoal := int64(0)
	for _, g := range goals.All {
		written = append(written, g.Description)
		if g.Level == store.LevelPerson && g.OwnerEID == "agent" && agentGoal == 0 {
			agentGoal = g.ID
			cis, err := app.store.GoalCheckIns(ctx, g.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cis {
				written = append(written, c.Comment)
			}
		}
	}
	sort.Slice(written, func(i, j int) bool { return len(written[i]) > len(written[j]) })
	checks, err := app.store.ListChecks(ctx)
	if err != nil || len(checks) == 0 {
		t.Fatalf("demo checks: %v", err)
	}
	check := fmt.Sprintf("/checks/%d", checks[0].ID)

	walks := map[string][]string{
		"agent": {"/", "/goals", "/goals/tree", fmt.Sprintf("/goals/%d", agentGoal), "/people",
			fmt.Sprintf("/people/%d", ids["agent"]), "/recognition", "/recognition/give", "/training", "/checks", check},
		"manager": {"/", "/goals", "/goals/tree", "/goals/new", "/people", fmt.Sprintf("/people/%d", ids["manager"]),
			"/training/team", check + "/report"},
		"leader": {"/", "/goals/tree", "/checks", check + "/report", check + "/report/people?dept=Inbound+Voice&result=understood",
			check + "/report/people?list=left", "/recognition"},
		"admin": {"/admin/people", fmt.Sprintf("/admin/people/%d", ids["agent"]), "/people?department=Inbound+Voice"},
	}
	for who, paths := range walks {
		p, _ := app.store.PersonByEmployeeID(ctx, who)
		in := store.InputFromPerson(p)
		in.Language = "zh"
		if _, err := app.store.SavePerson(ctx, 0, in); err != nil {
			t.Fatal(err)
		}
		c := app.signedInAs(who)
		for _, path := range paths {
			res := c.get(path)
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: status %d", who, path, res.StatusCode)
				continue
			}
			res.Body = strings.ReplaceAll(res.Body, ">", "> ") // words of adjacent elements apart
			doc := res.doc(t)
			doc.Find("script, style, .rec-text, .goal-description, [lang=en]").Remove()
			text := doc.Find("main").Text()
			if strings.TrimSpace(text) == "" {
				text = doc.Find("body").Text()
			}
			for _, w := range written {
				if w != "" {
					text = strings.ReplaceAll(text, w, " ")
				}
			}
			var english []string
			for _, w := range bilingualLatinWord.FindAllString(text, -1) {
				if len(w) > 2 && !names[w] && !bilingualAllowed[w] { // two letters: initials, codes
					english = append(english, w)
				}
			}
			if len(english) > 0 {
				t.Errorf("%s %s shows English content: %q", who, path, english[:min(len(english), 20)])
			}
		}
	}
}

var bilingualLatinWord = regexp.MustCompile(`[A-Za-z][A-Za-z'’-]*[A-Za-z]`)

// bilingualAllowed: brand names, codes and units that are the same in Chinese.
var bilingualAllowed = map[string]bool{
	"Lodestar": true, "KPI": true, "CSAT": true, "QA": true, "FCR": true, "AHT": true, "NPS": true, "COPC": true,
	"CSV": true, "XLSX": true, "API": true, "ID": true, "SSO": true, "Q2": true, "Q3": true, "Q4": true, "Excel": true,
	"English": true,              // the language's own name in the language switch
	"wang":    true, "wxm": true, // the pinyin examples in the search hints
}
