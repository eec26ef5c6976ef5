package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"
)

type goalPick struct {
	Value string `json:"value"`
	Name  string `json:"name"`
	Sub   string `json:"sub"`
}

func goalPicks(t *testing.T, c *client, q string) []goalPick {
	t.Helper()
	res := c.get("/goals/pick?q=" + url.QueryEscape(q))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("/goals/pick?q=%s: %d", q, res.StatusCode)
	}
	var body struct {
		Goals []goalPick `json:"goals"`
	}
	if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
		t.Fatal(err)
	}
	return body.Goals
}

func goalPickNames(p []goalPick) []string {
	var out []string
	for _, g := range p {
		out = append(out, g.Name)
	}
	return out
}

// goalsParentOrg: the goalsSeedOrg people with a company goal, a department goal for Inbound
// Voice and one for Outbound, each titled in English and Chinese.
func goalsParentOrg(t *testing.T, app *testApp) (company, inbound, outbound int64) {
	t.Helper()
	goalsSeedOrg(app)
	leader := app.signedIn("L1")
	form := goalsForm("Delight our customers", "company", 0)
	form.Set("title_zh", "让客户满意")
	company = goalsCreated(t, leader, form)
	form = goalsForm("Inbound CSAT 88%", "department:Inbound Voice", company)
	form.Set("title_zh", "呼入满意度88%")
	inbound = goalsCreated(t, leader, form)
	form = goalsForm("Outbound sales up", "department:Outbound", company)
	form.Set("title_zh", "外呼销售增长")
	outbound = goalsCreated(t, leader, form)
	return
}

// The parent picker's search: by English or Chinese title, answered in the reader's
// language; a team lead finds the company's and their department's goals, never another
// department's, and saving under one anyway is refused next to the field.
func TestGoalParentPickerSearchAndScope(t *testing.T) {
	app := newTestApp(t)
	company, inbound, outbound := goalsParentOrg(t, app)
	leader := app.signedIn("L1")
	if got := goalPicks(t, leader, "外呼"); len(got) != 1 || got[0].Value != strconv.FormatInt(outbound, 10) || got[0].Name != "Outbound sales up" {
		t.Errorf("leader searching 外呼: %+v", got)
	}
	if got := goalPickNames(goalPicks(t, leader, "csat")); !slices.Equal(got, []string{"Inbound CSAT 88%"}) {
		t.Errorf("leader searching csat: %v", got)
	}
	if res := leader.post("/language", url.Values{"lang": {"zh"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatal("language")
	}
	if got := goalPicks(t, leader, "Delight"); len(got) != 1 || got[0].Name != "让客户满意" || !strings.Contains(got[0].Sub, "公司") {
		t.Errorf("a Chinese reader searching Delight: %+v", got)
	}

	// M1 leads Team A in Inbound Voice.
	m1 := app.signedIn("M1")
	for _, q := range []string{"外呼", "Outbound", "sales"} {
		if got := goalPicks(t, m1, q); len(got) != 0 {
			t.Errorf("team lead searching %q finds another department's goal: %+v", q, got)
		}
	}
	if got := goalPickNames(goalPicks(t, m1, "满意")); !slices.Equal(got, []string{"Delight our customers", "Inbound CSAT 88%"}) {
		t.Errorf("team lead searching 满意: %v", got)
	}
	// The form's list before a search holds the same choices.
	doc := m1.get("/goals/new").doc(t)
	var offered []string
	doc.Find(`[data-testid=goal-parent-picker] input[name=parent_id]`).Each(func(_ int, s *goquery.Selection) { v, _ := s.Attr("value"); offered = append(offered, v) })
	if want := []string{"", strconv.FormatInt(company, 10), strconv.FormatInt(inbound, 10)}; !slices.Equal(offered, want) {
		t.Errorf("team lead is offered %v, want %v", offered, want)
	}
	// Posting another department's goal as parent anyway: 422, the error next to the picker.
	res := m1.post("/goals", goalsForm("Team A callbacks", "team:Inbound Voice|Team A", outbound))
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-parent_id]").Length() != 1 {
		t.Fatalf("team lead saving under Outbound's goal: %d", res.StatusCode)
	}
	if id := goalsCreated(t, m1, goalsForm("Team A callbacks", "team:Inbound Voice|Team A", inbound)); id == 0 {
		t.Fatal("no goal")
	}
	// A leader's goal already under a goal the editor would not be offered keeps it.
	team := goalsCreated(t, leader, goalsForm("Team A upsell", "team:Inbound Voice|Team A", outbound))
	form := goalsForm("Team A upsell, renamed", "team:Inbound Voice|Team A", outbound)
	if res := m1.post("/goals/"+strconv.FormatInt(team, 10), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("team lead editing a goal that keeps its parent: %d %s", res.StatusCode, res.doc(t).Find("[data-testid=error-parent_id]").Text())
	}
}

// Without JavaScript the parent picker's Search button sends the form back as a GET: the
// matches come as radio buttons, what was typed stays, and choosing one saves the goal under
// it. Editing searches the same way.
func TestGoalParentPickerWithoutJavaScript(t *testing.T) {
	app := newTestApp(t)
	_, inbound, _ := goalsParentOrg(t, app)
	m1 := app.signedIn("M1")
	form := goalsForm("Team A first-call resolution", "team:Inbound Voice|Team A", 0)
	form.Set("parent_q", "呼入")
	doc := m1.get("/goals/new?" + form.Encode()).doc(t)
	if got, _ := doc.Find("input[name=title]").Attr("value"); got != "Team A first-call resolution" {
		t.Errorf("title typed %q lost", got)
	}
	var found []string
	doc.Find(`[data-testid=picker-others] input[name=parent_id]`).Each(func(_ int, s *goquery.Selection) { v, _ := s.Attr("value"); found = append(found, v) })
	if !slices.Equal(found, []string{strconv.FormatInt(inbound, 10)}) {
		t.Fatalf("matches for 呼入: %v", found)
	}
	form.Set("parent_id", found[0])
	id := goalsCreated(t, m1, form)
	gs, err := app.store.Goals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if g, ok := gs.Get(id); !ok || g.ParentID != inbound {
		t.Fatalf("saved goal's parent: %+v", g)
	}
	// The edit form's search keeps the goal's own page and leaves the goal itself out.
	edit := m1.get("/goals/" + strconv.FormatInt(id, 10) + "/edit?" + url.Values{"parent_q": {"Team A"}, "title": {"Renamed"}}.Encode())
	if edit.StatusCode != http.StatusOK {
		t.Fatalf("edit search: %d", edit.StatusCode)
	}
	ed := edit.doc(t)
	if ed.Find(`[data-testid=picker-others] input[value="`+strconv.FormatInt(id, 10)+`"]`).Length() != 0 {
		t.Error("the goal is offered as its own parent")
	}
	if got, _ := ed.Find("input[name=title]").Attr("value"); got != "Renamed" {
		t.Errorf("edit search lost the title: %q", got)
	}
}

// In the browser a manager types part of a Chinese title into the parent picker, clicks the
// match and saves: the goal sits under it.
func TestBrowserGoalParentPickerByTyping(t *testing.T) {
	site := newBrowserSite(t)
	gs, err := site.store.Goals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := site.store.GoalScopeFor(context.Background(), site.person("manager"))
	if err != nil {
		t.Fatal(err)
	}
	choices, _ := gs.ParentChoices(sc, "", 0, 1000)
	var target *goalTarget
	for _, g := range choices {
		if g.TitleZH != "" && len([]rune(g.TitleZH)) >= 3 {
			target = &goalTarget{id: g.ID, zh: g.TitleZH, en: g.Title}
			break
		}
	}
	if target == nil {
		t.Fatal("no demo goal with a Chinese title the manager may choose")
	}
	b := site.browser(t)
	b.phone()
	b.signInAs("manager")
	b.open("/goals/new")
	if b.count(`#picker-parent_id [data-testid=picker-search-submit]:not([hidden])`) != 0 {
		t.Error("the Search button shows although the picker searches as one types")
	}
	browserRun(b, "type part of the Chinese title", chromedp.SendKeys(chromedp.CSS(`#parent_id-q`), string([]rune(target.zh)[:3])))
	option := `#picker-parent_id [data-testid=picker-options] [data-value="` + strconv.FormatInt(target.id, 10) + `"]`
	b.waitVisible(option)
	browserRun(b, "choose", chromedp.Click(chromedp.CSS(option)))
	browserEval[bool](b, `(function () {
		var set = function (n, v) { document.querySelector('[name=' + n + ']').value = v; };
		set('title', 'Serve the parent'); set('kpi', 'Calls'); set('baseline', '1'); set('target', '5');
		var o = document.querySelector('select[name=owner]');
		o.value = Array.prototype.find.call(o.options, function (x) { return x.value.indexOf('team:') === 0; }).value;
		return true; })()`)
	b.submitAndWait(`[data-testid=goal-form]`)
	id, err := strconv.ParseInt(strings.TrimPrefix(b.path(), "/goals/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving: %s %v", b.path(), b.texts(".error-text"))
	}
	gs, _ = site.store.Goals(context.Background())
	if g, ok := gs.Get(id); !ok || g.ParentID != target.id {
		t.Fatalf("the goal saved is not under %q: %+v", target.en, g)
	}
}

type goalTarget struct {
	id     int64
	zh, en string
}
