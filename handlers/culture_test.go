package handlers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// cultureForm is a complete editor form: one priority and two values (the second blank).
func cultureForm() url.Values {
	return url.Values{
		"vision_en": {"Every customer leaves **better off**."}, "vision_zh": {"让每位客户满意而归。"},
		"mission_en": {"Solve it the first time."}, "mission_zh": {"一次解决问题。"},
		"strategy_en": {"Three priorities."}, "strategy_zh": {""},
		"p_count": {"1"}, "p0_id": {"0"}, "p0_name_en": {"First-contact resolution"}, "p0_name_zh": {"首次解决"},
		"p0_summary_en": {"Fix it on the first call."}, "p0_summary_zh": {""},
		"v_count": {"2"}, "v0_id": {"0"}, "v0_name_en": {"Customer-centred"}, "v0_name_zh": {"以客户为中心"},
		"v0_meaning_en": {"We start from the customer."}, "v0_meaning_zh": {"从客户出发。"},
		"v0_behaviours_en": {"- Listen first\n- Summarise the need"}, "v0_behaviours_zh": {"- 先倾听\n- 复述需求"},
		"v1_id": {"0"}, "v1_name_en": {""}, "v1_name_zh": {""}, "v1_meaning_en": {""}, "v1_meaning_zh": {""},
		"v1_behaviours_en": {""}, "v1_behaviours_zh": {""},
	}
}

// cultureSeedOrg: a leader, a manager with two agents, an agent elsewhere, an admin.
func cultureSeedOrg(app *testApp) {
	app.t.Helper()
	app.seed(
		store.PersonInput{EmployeeID: "L1", Name: "Leader One", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Department: "Voice"},
		store.PersonInput{EmployeeID: "M1", Name: "Manager One", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Voice", ManagerEmployeeID: "L1"},
		store.PersonInput{EmployeeID: "E1", Name: "Agent One", Department: "Voice", ManagerEmployeeID: "M1"},
		store.PersonInput{EmployeeID: "E2", Name: "Agent Two", Department: "Voice", ManagerEmployeeID: "M1"},
		store.PersonInput{EmployeeID: "E3", Name: "Agent Three", Department: "Chat", ManagerEmployeeID: "L1"},
		store.PersonInput{EmployeeID: "A1", Name: "Admin One", Role: store.RoleAdmin, Tier: store.TierMiddleManager, Department: "WFM"},
	)
}

// culturePublishForm saves form as the draft through the editor and publishes it.
func culturePublishForm(t *testing.T, leader *client, form url.Values) {
	t.Helper()
	if res := leader.post("/culture/edit", form); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/culture/draft" {
		t.Fatalf("save draft: %d %s", res.StatusCode, res.Body)
	}
	if res := leader.post("/culture/publish", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
}

// The flow the browser harness will cover: a leader publishes a new version, an agent sees
// the banner on every page, opens "Our culture", confirms, and the banner is gone.
func TestCultureLeaderPublishesAgentAcknowledges(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	leader := app.signedIn("L1")
	agent := app.signedIn("E1")

	if n := agent.get("/").doc(t).Find("[data-testid=banner]").Length(); n != 0 {
		t.Fatalf("banner before anything is published (%d)", n)
	}
	// The leader writes, previews and publishes.
	res := leader.post("/culture/edit", cultureForm())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	preview := leader.get("/culture/draft")
	if preview.StatusCode != http.StatusOK || preview.doc(t).Find("[data-testid=publish]").Length() != 1 ||
		!strings.Contains(preview.Body, "Customer-centred") {
		t.Fatalf("preview: %d", preview.StatusCode)
	}
	if agent.get("/").doc(t).Find("[data-testid=banner]").Length() != 0 {
		t.Fatal("a draft raised the banner")
	}
	if res := leader.post("/culture/publish", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/culture" {
		t.Fatalf("publish: %d", res.StatusCode)
	}

	// The agent sees the banner on any page, linking to the culture page.
	home := agent.get("/").doc(t)
	banner := home.Find("[data-testid=banner]")
	if banner.Length() != 1 || banner.Find("a").AttrOr("href", "") != "/culture" {
		t.Fatalf("banner after publishing: %d", banner.Length())
	}
	if agent.get("/people").doc(t).Find("[data-testid=banner]").Length() != 1 {
		t.Fatal("banner missing on another page")
	}
	page := agent.get("/culture")
	doc := page.doc(t)
	if doc.Find("[data-testid=culture-value]").Length() != 1 || !strings.Contains(doc.Find("[data-testid=culture-vision]").Text(), "better off") {
		t.Fatalf("culture page content missing")
	}
	if doc.Find("[data-testid=culture-vision] strong").Text() != "better off" {
		t.Fatal("markdown not rendered")
	}
	if doc.Find("[data-testid=culture-edit-link]").Length() != 0 {
		t.Fatal("an agent is offered the editor")
	}
	version := doc.Find("[data-testid=acknowledge]").Closest("form").Find("input[name=version]").AttrOr("value", "")
	if version != "1" {
		t.Fatalf("acknowledge form carries version %q", version)
	}
	if res := agent.post("/culture/acknowledge", url.Values{"version": {version}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", res.StatusCode)
	}
	after := agent.get("/culture").doc(t)
	if after.Find("[data-testid=banner]").Length() != 0 || after.Find("[data-testid=acknowledged]").Length() != 1 ||
		after.Find("[data-testid=acknowledge]").Length() != 0 {
		t.Fatal("banner or button still there after acknowledging")
	}
	// Another agent still has the banner.
	if app.signedIn("E2").get("/").doc(t).Find("[data-testid=banner]").Length() != 1 {
		t.Fatal("acknowledging cleared someone else's banner")
	}
	// A second version brings the banner back, with a link to what changed since version 1.
	form := cultureForm()
	draft, _ := app.store.CultureDraft(context.Background())
	form.Set("v0_id", itoa(draft.Doc.Values[0].ID))
	form.Set("p0_id", itoa(draft.Doc.Priorities[0].ID))
	form.Set("v0_name_en", "Customer first")
	culturePublishForm(t, leader, form)
	doc = agent.get("/culture").doc(t)
	if doc.Find("[data-testid=banner]").Length() != 1 {
		t.Fatal("no banner for version 2")
	}
	link := doc.Find("[data-testid=changes-since-link]").AttrOr("href", "")
	if link != "/culture/changes?from=1&to=2" {
		t.Fatalf("changes link %q", link)
	}
	changes := agent.get(link).doc(t)
	value := changes.Find("[data-testid=change-value]")
	if value.Length() != 1 || value.Find("del").Text() != "−Removed: Customer-centred" || value.Find("ins").Text() != "+Added: Customer first" {
		t.Fatalf("changes page: %q", value.Text())
	}
	if changes.Find("[data-testid=change-vision]").Length() != 0 {
		t.Fatal("an unchanged section is listed as changed")
	}
}

func TestCultureOnlyLeadersEdit(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	for _, who := range []string{"E1", "M1"} {
		c := app.signedIn(who)
		for _, path := range []string{"/culture/edit", "/culture/draft"} {
			if res := c.get(path); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s GET %s: %d", who, path, res.StatusCode)
			}
		}
		for _, path := range []string{"/culture/edit", "/culture/publish", "/culture/draft/discard"} {
			if res := c.post(path, cultureForm()); res.StatusCode != http.StatusForbidden {
				t.Errorf("%s POST %s: %d", who, path, res.StatusCode)
			}
		}
		if res := c.get("/culture"); res.StatusCode != http.StatusOK {
			t.Errorf("%s cannot read the culture page: %d", who, res.StatusCode)
		}
	}
	if _, err := app.store.CurrentCulture(context.Background()); err == nil {
		t.Fatal("a refused request published a version")
	}
	// Admins may edit and publish, as leaders do.
	culturePublishForm(t, app.signedIn("A1"), cultureForm())
	if v, err := app.store.CurrentCulture(context.Background()); err != nil || v.PublishedByName != "Admin One" {
		t.Fatalf("admin publication: %+v %v", v, err)
	}
	// Employees may not see the acknowledgement report.
	if res := app.signedIn("E1").get("/culture/acknowledgements"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("employee report: %d", res.StatusCode)
	}
}

func TestCultureEditorKeepsInputOnError(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	leader := app.signedIn("L1")
	form := cultureForm()
	form.Set("v1_meaning_en", "A value without a name")
	form.Set("v1_behaviours_zh", "- 行为")
	res := leader.post("/culture/edit", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("[data-testid=error-v1_name_en]").Length() != 1 {
		t.Fatal("no error next to the value's name")
	}
	if got := doc.Find("input[name=v1_meaning_en]").AttrOr("value", ""); got != "A value without a name" {
		t.Fatalf("typed meaning lost: %q", got)
	}
	if got := doc.Find("textarea[name=v1_behaviours_zh]").Text(); got != "- 行为" {
		t.Fatalf("typed behaviours lost: %q", got)
	}
	if got := doc.Find("textarea[name=vision_en]").Text(); got != "Every customer leaves **better off**." {
		t.Fatalf("typed vision lost: %q", got)
	}
	if d, _ := app.store.CultureDraft(context.Background()); d.ID != 0 {
		t.Fatal("a rejected form saved a draft")
	}
	// Publishing a draft without a vision sends the leader back to the editor, error beside it.
	form = cultureForm()
	form.Set("vision_en", "")
	form.Set("vision_zh", "")
	if res := leader.post("/culture/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("partial draft: %d", res.StatusCode)
	}
	res = leader.post("/culture/publish", nil)
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-vision_en]").Length() != 1 {
		t.Fatalf("publish without vision: %d", res.StatusCode)
	}
	if res.doc(t).Find("textarea[name=mission_en]").Text() != "Solve it the first time." {
		t.Fatal("the editor lost the draft's text")
	}
}

// Deleting a published value through the form is refused; retiring it works and keeps its id.
func TestCultureRetireInsteadOfDelete(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	leader := app.signedIn("L1")
	culturePublishForm(t, leader, cultureForm())
	values, _ := app.store.ListValues(context.Background(), false)
	form := cultureForm()
	form.Set("v0_id", itoa(values[0].ID))
	form.Set("p0_id", "0")
	form.Set("p_count", "0") // drops the published priority
	for _, f := range []string{"v0_name_en", "v0_name_zh", "v0_meaning_en", "v0_meaning_zh", "v0_behaviours_en", "v0_behaviours_zh"} {
		form.Set(f, "")
	}
	form.Set("v1_name_en", "Teamwork")
	res := leader.post("/culture/edit", form)
	doc := res.doc(t)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find("[data-testid=error-v0_name_en]").Length() != 1 ||
		doc.Find("[data-testid=error-priorities]").Length() != 1 {
		t.Fatalf("deleting published rows: %d", res.StatusCode)
	}
	// The editor offers "Retire" on published rows only.
	edit := leader.get("/culture/edit").doc(t)
	if edit.Find("input[name=v0_retired]").Length() != 1 || edit.Find("input[name=v1_retired]").Length() != 0 {
		t.Fatal("retire checkbox on the wrong rows")
	}
	form = cultureForm()
	draft, _ := app.store.CultureDraft(context.Background())
	form.Set("v0_id", itoa(values[0].ID))
	form.Set("p0_id", itoa(draft.Doc.Priorities[0].ID))
	form.Set("v0_retired", "1")
	form.Set("v1_name_en", "Teamwork")
	culturePublishForm(t, leader, form)
	all, _ := app.store.ListValues(context.Background(), true)
	if len(all) != 2 || all[0].ID != values[0].ID || !all[0].Retired || all[1].Retired {
		t.Fatalf("values after retiring %+v", all)
	}
	page := app.signedIn("E1").get("/culture").doc(t)
	if page.Find("[data-testid=culture-value]").Length() != 1 || strings.Contains(page.Find("[data-testid=culture-values]").Text(), "Customer-centred") {
		t.Fatal("a retired value is still shown")
	}
}

func TestCultureReaderLanguageAndFallback(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	culturePublishForm(t, app.signedIn("L1"), cultureForm())
	ctx := context.Background()
	e1, _ := app.store.PersonByEmployeeID(ctx, "E1")
	if err := app.store.SetLanguage(ctx, e1.ID, "zh"); err != nil {
		t.Fatal(err)
	}
	doc := app.signedIn("E1").get("/culture").doc(t)
	if got := strings.TrimSpace(doc.Find("[data-testid=culture-vision] .prose").Text()); got != "让每位客户满意而归。" {
		t.Fatalf("zh vision %q", got)
	}
	if got := doc.Find("[data-testid=culture-value] h3").Text(); got != "以客户为中心" {
		t.Fatalf("zh value name %q", got)
	}
	// No Chinese strategy or summary written: the English shows instead.
	if !strings.Contains(doc.Find("[data-testid=culture-strategy]").Text(), "Fix it on the first call.") {
		t.Fatal("no fallback to English")
	}
	if doc.Find("h1").First().Text() != "企业文化" || doc.Find("[data-testid=acknowledge]").Text() != "我已阅读此版本" {
		t.Fatal("page chrome not in Chinese")
	}
}

// User text is sanitised: scripts, event handlers and javascript: links never reach the page.
func TestCultureMarkdownIsSanitised(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	form := cultureForm()
	form.Set("vision_en", "Hello <script>alert(1)</script> <img src=x onerror=\"alert(2)\"> [click](javascript:alert(3))")
	form.Set("v0_name_en", "<b onmouseover=alert(4)>Name</b>")
	culturePublishForm(t, app.signedIn("L1"), form)
	page := app.signedIn("E1").get("/culture")
	for _, bad := range []string{"<script>alert", "onerror", "javascript:", "<b onmouseover"} {
		if strings.Contains(page.Body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page.Body, "&lt;b onmouseover") {
		t.Error("a value's name is not escaped as text")
	}
}

func TestCultureAcknowledgementReport(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	culturePublishForm(t, app.signedIn("L1"), cultureForm())
	for _, who := range []string{"E1", "E3"} {
		if res := app.signedIn(who).post("/culture/acknowledge", url.Values{"version": {"1"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s acknowledge: %d", who, res.StatusCode)
		}
	}
	// 6 active people, 2 have read: 33%.
	leaderDoc := app.signedIn("L1").get("/culture/acknowledgements").doc(t)
	if got := leaderDoc.Find("[data-testid=ack-overall]").Text(); !strings.Contains(got, "33%") || !strings.Contains(got, "2 of 6") {
		t.Fatalf("overall %q", got)
	}
	var names []string
	leaderDoc.Find("[data-testid=not-read-person] .person-name").Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
	if strings.Join(names, ",") != "Agent Two,Leader One,Manager One,Admin One" { // grouped by department: Voice, WFM
		t.Fatalf("leader sees not read: %v", names)
	}
	if got := leaderDoc.Find("[data-testid=not-read] details summary").First().Text(); !strings.Contains(got, "Voice · 3 people") {
		t.Fatalf("first department group %q", got)
	}
	if n := leaderDoc.Find("[data-testid=unit-department-row]").Length(); n != 3 {
		t.Fatalf("%d department rows, want 3", n)
	}
	if leaderDoc.Find("[data-testid=ack-team]").Length() != 0 {
		t.Fatal("leader got a team tile")
	}
	// The manager sees their team (E1, E2: 1 of 2) and only their team's names.
	mdoc := app.signedIn("M1").get("/culture/acknowledgements").doc(t)
	if got := mdoc.Find("[data-testid=ack-team]").Text(); !strings.Contains(got, "50%") || !strings.Contains(got, "1 of 2") {
		t.Fatalf("team %q", got)
	}
	names = nil
	mdoc.Find("[data-testid=not-read-person] .person-name").Each(func(_ int, s *goquery.Selection) { names = append(names, s.Text()) })
	if strings.Join(names, ",") != "Agent Two" {
		t.Fatalf("manager sees not read: %v", names)
	}
	if got := mdoc.Find("[data-testid=unit-department-row][data-key=Chat]").Text(); !strings.Contains(got, "1 of 1") {
		t.Fatalf("by department %q", got)
	}
	if got := mdoc.Find("[data-testid=ack-tier]").Text(); !strings.Contains(got, "2 of 3") {
		t.Fatalf("by tier (front line 2 of 3) %q", got)
	}
}

func TestCultureOlderVersionsStayReadable(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	leader := app.signedIn("L1")
	culturePublishForm(t, leader, cultureForm())
	form := cultureForm()
	draft, _ := app.store.CultureDraft(context.Background())
	form.Set("v0_id", itoa(draft.Doc.Values[0].ID))
	form.Set("p0_id", itoa(draft.Doc.Priorities[0].ID))
	form.Set("mission_en", "Solve it the first time, every time.")
	culturePublishForm(t, leader, form)
	// Publishing the same content again is refused, with the reason at the top of the editor.
	if res := leader.post("/culture/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save unchanged draft: %d", res.StatusCode)
	}
	if res := leader.post("/culture/publish", nil); res.StatusCode != http.StatusUnprocessableEntity ||
		res.doc(t).Find("[data-testid=error-draft]").Length() != 1 {
		t.Fatalf("publishing an unchanged draft: %d", res.StatusCode)
	}
	agent := app.signedIn("E1")
	list := agent.get("/culture/versions").doc(t)
	if n := list.Find("[data-testid=culture-versions] tbody tr").Length(); n != 2 {
		t.Fatalf("%d versions listed", n)
	}
	old := agent.get("/culture/versions/1").doc(t)
	if old.Find("[data-testid=older-version]").Length() != 1 ||
		strings.TrimSpace(old.Find("[data-testid=culture-mission] .prose").Text()) != "Solve it the first time." {
		t.Fatal("version 1 not readable as it was")
	}
	if res := agent.get("/culture/versions/9"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown version: %d", res.StatusCode)
	}
}

func TestCultureAPI(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	ctx := context.Background()
	secret, err := app.store.CreateToken(ctx, 0, "test")
	if err != nil {
		t.Fatal(err)
	}
	get := func() (int, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/api/v1/culture", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		res := app.client().do(req)
		var body map[string]any
		json.Unmarshal([]byte(res.Body), &body)
		return res.StatusCode, body
	}
	if status, _ := get(); status != http.StatusNotFound {
		t.Fatalf("before publishing: %d", status)
	}
	culturePublishForm(t, app.signedIn("L1"), cultureForm())
	status, body := get()
	if status != http.StatusOK || body["version"] != float64(1) {
		t.Fatalf("api: %d %v", status, body)
	}
	vision := body["vision"].(map[string]any)
	if vision["en"] != "Every customer leaves **better off**." || vision["zh"] != "让每位客户满意而归。" {
		t.Fatalf("vision %v", vision)
	}
	values := body["values"].([]any)
	v0 := values[0].(map[string]any)
	if len(values) != 1 || v0["name"].(map[string]any)["zh"] != "以客户为中心" || v0["id"].(float64) < 1 {
		t.Fatalf("values %v", values)
	}
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/api/v1/culture", nil)
	if res := app.client().do(req); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without token: %d", res.StatusCode)
	}
}

// Before anything is published the page teaches: leaders get the first action, others are told what comes.
func TestCultureEmptyStateAndHomeCard(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	leader := app.signedIn("L1")
	doc := leader.get("/culture").doc(t)
	if doc.Find("[data-testid=empty] a").AttrOr("href", "") != "/culture/edit" {
		t.Fatal("leader's empty state offers no first action")
	}
	agent := app.signedIn("E1")
	doc = agent.get("/culture").doc(t)
	if doc.Find("[data-testid=empty]").Length() != 1 || doc.Find("[data-testid=empty] a").Length() != 0 {
		t.Fatal("agent's empty state")
	}
	if agent.get("/").doc(t).Find("[data-testid=culture-home]").Length() != 0 {
		t.Fatal("home card before anything is published")
	}
	if res := agent.get("/culture/changes"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("changes before publishing: %d", res.StatusCode)
	}
	if res := leader.get("/culture/acknowledgements"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("report before publishing: %d", res.StatusCode)
	}
	culturePublishForm(t, leader, cultureForm())
	card := agent.get("/").doc(t).Find("[data-testid=culture-home]")
	if card.Length() != 1 || !strings.Contains(card.Text(), "Version 1 is waiting for you") {
		t.Fatalf("home card %q", card.Text())
	}
	agent.post("/culture/acknowledge", url.Values{"version": {"1"}})
	if card := agent.get("/").doc(t).Find("[data-testid=culture-home]"); !strings.Contains(card.Text(), "You have read version 1") {
		t.Fatalf("home card after reading %q", card.Text())
	}
	// The leader's preview of a new draft lists what it changes.
	form := cultureForm()
	draft, _ := app.store.CultureDraft(context.Background())
	form.Set("v0_id", itoa(draft.Doc.Values[0].ID))
	form.Set("p0_id", itoa(draft.Doc.Priorities[0].ID))
	form.Set("v1_name_en", "Teamwork")
	leader.post("/culture/edit", form)
	preview := leader.get("/culture/draft").doc(t)
	if preview.Find("[data-testid=draft-changes] [data-testid=change-value]").Length() != 1 ||
		preview.Find("[data-testid=publish]").Text() != "Publish as version 2" {
		t.Fatal("preview does not show the draft's changes")
	}
	// Discarding the draft leaves the published version alone.
	if res := leader.post("/culture/draft/discard", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", res.StatusCode)
	}
	if d, _ := app.store.CultureDraft(context.Background()); d.ID != 0 || len(d.Doc.Values) != 1 {
		t.Fatalf("after discarding: %+v", d)
	}
}

// A profile shows whether the person has read the current version to the person, their
// management chain, leaders and admins only.
func TestCultureProfileSection(t *testing.T) {
	app := newTestApp(t)
	cultureSeedOrg(app)
	culturePublishForm(t, app.signedIn("L1"), cultureForm())
	ctx := context.Background()
	e1, _ := app.store.PersonByEmployeeID(ctx, "E1")
	app.signedIn("E1").post("/culture/acknowledge", url.Values{"version": {"1"}})
	path := "/people/" + itoa(e1.ID)
	for who, want := range map[string]bool{"E1": true, "M1": true, "L1": true, "A1": true, "E2": false, "E3": false} {
		doc := app.signedIn(who).get(path).doc(t)
		if got := doc.Find("[data-testid=culture-profile]").Length() == 1; got != want {
			t.Errorf("%s sees the culture section: %v, want %v", who, got, want)
		}
		if want && !strings.Contains(doc.Find("[data-testid=culture-profile]").Text(), "Confirmed reading version 1") {
			t.Errorf("%s: section says %q", who, doc.Find("[data-testid=culture-profile]").Text())
		}
	}
	m1, _ := app.store.PersonByEmployeeID(ctx, "M1")
	if in, _ := app.store.ReportsTo(ctx, e1.ID, m1.ID); !in {
		t.Fatal("M1 manages E1")
	}
	if in, _ := app.store.ReportsTo(ctx, m1.ID, e1.ID); in {
		t.Fatal("E1 does not manage M1")
	}
}
