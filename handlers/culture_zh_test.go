package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// cultureZhReader signs employeeID in with 简体中文 chosen on their profile.
func cultureZhReader(t *testing.T, app *testApp, employeeID string) *client {
	t.Helper()
	ctx := context.Background()
	p, err := app.store.PersonByEmployeeID(ctx, employeeID)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.store.SetLanguage(ctx, p.ID, "zh"); err != nil {
		t.Fatal(err)
	}
	return app.signedIn(employeeID)
}

// cultureZhText is an element's text with whitespace collapsed.
func cultureZhText(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// What changed between two versions, in each reader's language: a change made in only the
// other language is shown in that language, labelled as such and marked with its lang.
func TestCultureZhChangesSayWhichLanguageChanged(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	leader := app.signedIn("L1")
	culturePublishForm(t, leader, cultureForm())
	draft, _ := app.store.CultureDraft(context.Background())
	form := cultureForm()
	form.Set("v0_id", itoa(draft.Doc.Values[0].ID))
	form.Set("p0_id", itoa(draft.Doc.Priorities[0].ID))
	form.Set("mission_zh", "一次解决问题，次次如此。")   // Chinese only
	form.Set("v0_name_en", "Customer first") // English only
	culturePublishForm(t, leader, form)

	zh := cultureZhReader(t, app, "E1").get("/culture/changes?from=1&to=2").doc(t)
	if got := cultureZhText(zh.Find("h1")); got != "版本变化" {
		t.Errorf("zh heading %q", got)
	}
	mission := zh.Find("[data-testid=change-mission]")
	if mission.Find("[data-testid=diff-other-language]").Length() != 0 || mission.Find("[data-testid=diff]").AttrOr("lang", "") != "zh-Hans" ||
		!strings.Contains(mission.Text(), "次次如此") {
		t.Errorf("zh reader, Chinese change: %q", cultureZhText(mission))
	}
	value := zh.Find("[data-testid=change-value]")
	if got := cultureZhText(value.Find("[data-testid=diff-other-language]")); got != "仅英文版本有修改：" {
		t.Errorf("zh reader, English-only change labelled %q", got)
	}
	if got := value.Find("[data-testid=diff]").AttrOr("lang", ""); got != "en" {
		t.Errorf("zh reader, English-only change has lang %q", got)
	}
	if got := cultureZhText(value.Find("h2")); !strings.HasPrefix(got, "价值观：以客户为中心") {
		t.Errorf("zh reader, value heading %q", got)
	}

	en := app.signedIn("E2").get("/culture/changes?from=1&to=2").doc(t)
	if got := cultureZhText(en.Find("[data-testid=change-mission] [data-testid=diff-other-language]")); got != "Only the Chinese text changed:" {
		t.Errorf("en reader, Chinese-only change labelled %q", got)
	}
	if got := en.Find("[data-testid=change-mission] [data-testid=diff]").AttrOr("lang", ""); got != "zh-Hans" {
		t.Errorf("en reader, Chinese-only change has lang %q", got)
	}
	if en.Find("[data-testid=change-value] [data-testid=diff-other-language]").Length() != 0 {
		t.Error("en reader: an English change is labelled as another language's")
	}
}

// The editor marks every English field lang="en" and every Chinese one lang="zh-Hans", so a
// screen reader reads each in its own language whatever the page's language.
func TestCultureZhEditorFieldsDeclareTheirLanguage(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	doc := cultureZhReader(t, app, "L1").get("/culture/edit").doc(t)
	fields := doc.Find("[data-testid=culture-form] textarea, [data-testid=culture-form] input[type=text]")
	if fields.Length() < 10 {
		t.Fatalf("%d text fields in the editor", fields.Length())
	}
	fields.Each(func(_ int, f *goquery.Selection) {
		name := f.AttrOr("name", "")
		want := map[bool]string{true: "en", false: "zh-Hans"}[strings.HasSuffix(name, "_en")]
		if got := f.AttrOr("lang", ""); got != want {
			t.Errorf("%s: lang %q, want %q", name, got, want)
		}
	})
	if got := cultureZhText(doc.Find("label[for=f-vision_zh]")); got != "中文" {
		t.Errorf("the Chinese vision field is labelled %q", got)
	}
}

// Goals in Chinese: the aligned value is named in the reader's language (the other one when
// it has no name in theirs), labelled in Chinese, and links to the value on "Our culture";
// status, chart and check-in table speak Chinese.
func TestCultureZhGoalPageNamesItsValue(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	ctx := context.Background()
	leaderEN := app.signedIn("L1")
	culturePublishForm(t, leaderEN, cultureForm())
	if _, err := app.store.DB().Exec(`INSERT INTO culture_values (name_en, name_zh, position, created_at)
		VALUES ('Ownership', '', 9, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	values, err := app.store.ListValues(ctx, false)
	if err != nil || len(values) != 2 {
		t.Fatalf("values %+v (%v)", values, err)
	}
	customer, ownership := values[0], values[1]
	if customer.NameZH != "以客户为中心" || ownership.NameEN != "Ownership" {
		t.Fatalf("values %+v", values)
	}

	form := goalsForm("Listen first", "company", 0)
	form.Set("value_id", itoa(customer.ID))
	withValue := goalsCreated(t, leaderEN, form)
	if res := leaderEN.post(fmt.Sprintf("/goals/%d/checkins", withValue), url.Values{"value": {"84"}, "comment": {"Good start"}}); res.StatusCode != 303 {
		t.Fatalf("check-in: %d %s", res.StatusCode, res.Body)
	}
	form = goalsForm("Own every case", "company", 0)
	form.Set("value_id", itoa(ownership.ID))
	englishOnly := goalsCreated(t, leaderEN, form)

	en := leaderEN.get(fmt.Sprintf("/goals/%d", withValue)).doc(t)
	if got := cultureZhText(en.Find("[data-testid=goal-value]")); got != "Customer-centred" {
		t.Errorf("en: value %q", got)
	}
	if got := cultureZhText(en.Find("[data-testid=goal-value]").Closest("dd").Prev()); got != "Company value" {
		t.Errorf("en: value labelled %q", got)
	}

	zh := cultureZhReader(t, app, "E1")
	doc := zh.get(fmt.Sprintf("/goals/%d", withValue)).doc(t)
	link := doc.Find("[data-testid=goal-value]")
	if got := cultureZhText(link); got != "以客户为中心" {
		t.Errorf("zh: value %q", got)
	}
	if got := cultureZhText(link.Closest("dd").Prev()); got != "践行的价值观" {
		t.Errorf("zh: value labelled %q", got)
	}
	href := link.AttrOr("href", "")
	if href != fmt.Sprintf("/culture#value-%d", customer.ID) {
		t.Errorf("zh: value links to %q", href)
	}
	if zh.get("/culture").doc(t).Find(fmt.Sprintf("#value-%d", customer.ID)).Length() != 1 {
		t.Errorf("/culture has no element for %s", href)
	}
	if got := cultureZhText(doc.Find("[data-testid=goal-status]")); got == "" || strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("zh: status %q", got)
	}
	if got := cultureZhText(doc.Find("figcaption")); !strings.HasPrefix(got, "共更新 1 次：从基准值 80% 到 84%") {
		t.Errorf("zh: chart summary %q", got)
	}
	if got := doc.Find("[data-testid=goal-checkins] tbody td").Eq(1).AttrOr("data-label", ""); got != "数值" {
		t.Errorf("zh: check-in value column labelled %q", got)
	}
	if got := cultureZhText(zh.get(fmt.Sprintf("/goals/%d", englishOnly)).doc(t).Find("[data-testid=goal-value]")); got != "Ownership" {
		t.Errorf("zh: a value without a Chinese name shows %q, want its English name", got)
	}
}

// A leader without personal goals is pointed to the goal tree, not told to propose a goal
// for a manager to approve; an employee is still invited to propose one.
func TestCultureZhMyGoalsEmptyStateFitsTheRole(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	leader := cultureZhReader(t, app, "L1").get("/goals").doc(t)
	if got := leader.Find("[data-testid=empty] a").AttrOr("href", ""); got != "/goals/tree" {
		t.Errorf("leader's empty state links to %q", got)
	}
	if got := cultureZhText(leader.Find("[data-testid=empty] p")); strings.Contains(got, "经理批准") || !strings.Contains(got, "目标树") {
		t.Errorf("leader's empty state says %q", got)
	}
	agent := cultureZhReader(t, app, "E1").get("/goals").doc(t)
	if got := agent.Find("[data-testid=empty] a").AttrOr("href", ""); got != "/goals/new" {
		t.Errorf("agent's empty state links to %q", got)
	}
}
