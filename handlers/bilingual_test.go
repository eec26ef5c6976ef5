package handlers_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"lodestar/store"
)

// bilingualSeed: the goals organisation plus a Chinese-reading leader ZL and an
// English-reading admin AD.
func bilingualSeed(app *testApp) {
	app.t.Helper()
	goalsSeedOrg(app)
	app.seed(
		store.PersonInput{EmployeeID: "ZL", Name: "张丽", Department: "Inbound Voice", Team: "Leadership", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Language: "zh"},
		store.PersonInput{EmployeeID: "AD", Name: "Ada Admin", Department: "Inbound Voice", Team: "Leadership", Role: store.RoleAdmin, Tier: store.TierSeniorLeader, Language: "en"},
	)
}

func bilingualText(t *testing.T, res response, sel string) string {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	return strings.TrimSpace(res.doc(t).Find(sel).First().Text())
}

func TestBilingualGoalFormRoundTripAndReaderLanguage(t *testing.T) {
	app := newTestApp(t)
	bilingualSeed(app)
	en, zh := app.signedIn("L1"), app.signedIn("ZL")

	// Neither title: the error sits next to the title and the typed KPIs stay.
	form := goalsForm("", "company", 0)
	form.Set("kpi", "")
	form.Set("kpi_zh", "客户满意度")
	res := en.post("/goals", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no title: status %d", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("[data-testid=error-title]").Length() != 1 || doc.Find("[data-testid=error-kpi]").Length() != 0 {
		t.Error("the missing title is not reported next to the title field alone")
	}
	if v, _ := doc.Find("input[name=kpi_zh]").Attr("value"); v != "客户满意度" {
		t.Errorf("typed Chinese KPI lost: %q", v)
	}

	// Both languages: each reader sees theirs.
	form = goalsForm("Delight our customers", "company", 0)
	form.Set("title_zh", "让客户满意")
	form.Set("kpi_zh", "客户满意度")
	both := goalsCreated(t, en, form)
	path := "/goals/" + itoa(both)
	if got := bilingualText(t, en.get(path), "[data-testid=goal-title]"); got != "Delight our customers" {
		t.Errorf("English reader sees %q", got)
	}
	if got := bilingualText(t, zh.get(path), "[data-testid=goal-title]"); got != "让客户满意" {
		t.Errorf("Chinese reader sees %q", got)
	}
	if body := zh.get(path).Body; !strings.Contains(body, "客户满意度") {
		t.Error("the Chinese reader does not see the Chinese KPI name")
	}
	// The edit form shows both languages back.
	edit := en.get(path + "/edit").doc(t)
	if v, _ := edit.Find("input[name=title_zh]").Attr("value"); v != "让客户满意" {
		t.Errorf("edit form Chinese title: %q", v)
	}
	if v, _ := edit.Find("input[name=title]").Attr("value"); v != "Delight our customers" {
		t.Errorf("edit form English title: %q", v)
	}

	// One language only: the other reader falls back to it.
	form = goalsForm("", "company", 0)
	form.Set("title_zh", "降低成本")
	zhOnly := goalsCreated(t, en, form)
	if got := bilingualText(t, en.get("/goals/"+itoa(zhOnly)), "[data-testid=goal-title]"); got != "降低成本" {
		t.Errorf("English reader of a Chinese-only goal sees %q", got)
	}
	enOnly := goalsCreated(t, en, goalsForm("Cut cost", "company", 0))
	if got := bilingualText(t, zh.get("/goals/"+itoa(enOnly)), "[data-testid=goal-title]"); got != "Cut cost" {
		t.Errorf("Chinese reader of an English-only goal sees %q", got)
	}
	// The API carries both.
	tree := apiPeopleCall(app, http.MethodGet, "/api/v1/goals", apiPeopleToken(app, "goals"), "")
	if !strings.Contains(tree.Body, `"title_zh":"让客户满意"`) && !strings.Contains(tree.Body, `"title_zh": "让客户满意"`) {
		t.Errorf("API goal tree lacks the Chinese title: %s", tree.Body)
	}
}

func TestBilingualCheckFormRoundTripAndReaderLanguage(t *testing.T) {
	app := newTestApp(t)
	checksSeedOrg(app)
	app.seed(store.PersonInput{EmployeeID: "ZL", Name: "张丽", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Language: "zh", Department: "Ops", Team: "Lead"})
	lead := app.signedIn("LEAD")

	form := checksForm("", "2026-12-01", "2026-12-14")
	res := lead.post("/checks", form)
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find("[data-testid=error-title]").Length() != 1 {
		t.Fatalf("no title: status %d, or no error next to the title", res.StatusCode)
	}
	form.Set("title_zh", "第四季度战略理解度检查")
	form.Set("min_tenure_days", "abc")
	res = lead.post("/checks", form)
	if v, _ := res.doc(t).Find("input[name=title_zh]").Attr("value"); res.StatusCode != http.StatusUnprocessableEntity || v != "第四季度战略理解度检查" {
		t.Fatalf("typed Chinese title lost on error: %d %q", res.StatusCode, v)
	}
	form.Set("min_tenure_days", "90")
	id := checksCreateCheck(t, app, form)
	path := "/checks/" + itoa(id)
	if body := lead.get(path).Body; !strings.Contains(body, "第四季度战略理解度检查") {
		t.Error("the English reader does not fall back to the Chinese-only title")
	}
	form.Set("title", "Q4 strategy check")
	if res := lead.post(path+"/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	if body := lead.get(path).Body; !strings.Contains(body, "Q4 strategy check") || strings.Contains(body, "第四季度战略理解度检查") {
		t.Error("the English reader does not see the English title")
	}
	if body := app.signedIn("ZL").get(path).Body; !strings.Contains(body, "第四季度战略理解度检查") || strings.Contains(body, "Q4 strategy check") {
		t.Error("the Chinese reader does not see the Chinese title")
	}
	edit := lead.get(path + "/edit").doc(t)
	if v, _ := edit.Find("input[name=title_zh]").Attr("value"); v != "第四季度战略理解度检查" {
		t.Errorf("edit form Chinese title: %q", v)
	}
}

func TestBilingualAdminPersonFormAndDirectory(t *testing.T) {
	app := newTestApp(t)
	bilingualSeed(app)
	ctx := context.Background()
	admin := app.signedIn("AD")
	e1, _ := app.store.PersonByEmployeeID(ctx, "E1")
	path := "/admin/people/" + itoa(e1.ID)
	form := url.Values{"name": {"Eve Agent"}, "title": {"Customer Service Agent"}, "title_zh": {"客服专员"},
		"department": {"Inbound Voice"}, "department_zh": {"呼入语音部"}, "team": {"Team A"}, "team_zh": {"A组"},
		"manager_employee_id": {"M1"}, "tier": {"front_line"}, "role": {"employee"}, "employment_type": {"permanent"},
		"hired_on": {"2024-01-01"}, "language": {""}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("title_zh", "客服\u202e专员") // a bidi override is refused next to the field
	res := admin.post(path, bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad Chinese title: status %d", res.StatusCode)
	}
	doc := res.doc(t)
	if doc.Find("[data-testid=error-title_zh]").Length() != 1 {
		t.Error("no error next to the Chinese job title")
	}
	if v, _ := doc.Find("input[name=department_zh]").Attr("value"); v != "呼入语音部" {
		t.Errorf("typed Chinese department lost: %q", v)
	}
	if res := admin.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", res.StatusCode, res.Body)
	}
	edit := admin.get(path).doc(t)
	for field, want := range map[string]string{"title_zh": "客服专员", "department_zh": "呼入语音部", "team_zh": "A组", "title": "Customer Service Agent"} {
		if v, _ := edit.Find("input[name=" + field + "]").Attr("value"); v != want {
			t.Errorf("form %s = %q, want %q", field, v, want)
		}
	}
	// The profile in each language; E2 shares the unit's Chinese names.
	profile := "/people/" + itoa(e1.ID)
	zhBody := app.signedIn("ZL").get(profile).Body
	for _, want := range []string{"客服专员", "呼入语音部", "A组"} {
		if !strings.Contains(zhBody, want) {
			t.Errorf("Chinese profile lacks %q", want)
		}
	}
	if strings.Contains(zhBody, "Customer Service Agent") || strings.Contains(zhBody, ">Inbound Voice<") {
		t.Error("Chinese profile shows the English names")
	}
	enBody := app.signedIn("L1").get(profile).Body
	if !strings.Contains(enBody, "Customer Service Agent") || strings.Contains(enBody, "客服专员") {
		t.Error("English profile does not show the English title")
	}
	e2, _ := app.store.PersonByEmployeeID(ctx, "E2")
	if e2.TeamIn("zh") != "A组" || e2.DepartmentIn("zh") != "呼入语音部" {
		t.Errorf("E2 does not share the unit names: %q %q", e2.DepartmentIn("zh"), e2.TeamIn("zh"))
	}
	// The directory's department filter offers the Chinese name, keeping the stored value.
	opt := app.signedIn("ZL").get("/people").doc(t).Find("option[value='Inbound Voice']")
	if strings.TrimSpace(opt.First().Text()) != "呼入语音部" {
		t.Errorf("directory filter option: %q", opt.First().Text())
	}
}

func TestBilingualPeopleAPIInAndOut(t *testing.T) {
	app := newTestApp(t)
	bilingualSeed(app)
	ctx := context.Background()
	token := apiPeopleToken(app, "hr")
	res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[
		{"employee_id":"N1","name":"陈静","title":"Complaints Handler","title_zh":"投诉处理专员","department":"Complaints","department_zh":"投诉部","team":"R1","team_zh":"补救1组","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2025-01-01"}
	]`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PUT: %d %s", res.StatusCode, res.Body)
	}
	n1, _ := app.store.PersonByEmployeeID(ctx, "N1")
	if n1.TitleZH != "投诉处理专员" || n1.DepartmentZH != "投诉部" || n1.TeamZH != "补救1组" {
		t.Fatalf("stored: %+v", n1)
	}
	// Keys left out keep what is stored.
	res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[
		{"employee_id":"N1","name":"陈静","title":"Complaints Handler","department":"Complaints","team":"R1","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2025-01-01"}
	]`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PUT without keys: %d %s", res.StatusCode, res.Body)
	}
	// Out: the same keys.
	page := apiPeopleDecode(t, apiPeopleCall(app, http.MethodGet, "/api/v1/people?active=all&limit=500", token, ""))
	var got map[string]any
	for _, p := range page.People {
		if p["employee_id"] == "N1" {
			got = p
		}
	}
	for k, want := range map[string]string{"title_zh": "投诉处理专员", "department_zh": "投诉部", "team_zh": "补救1组"} {
		if got[k] != want {
			t.Errorf("GET %s = %v, want %q", k, got[k], want)
		}
	}
	// A refused body (one bad row) writes nothing, the Chinese names included.
	res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[
		{"employee_id":"N1","name":"陈静","title_zh":"新职位","department":"Complaints","department_zh":"新投诉部","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2025-01-01"},
		{"employee_id":"N2","name":"x","tier":"nope","role":"employee","employment_type":"permanent","hired_on":"2025-01-01"}
	]`)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad body: %d", res.StatusCode)
	}
	if n1, _ := app.store.PersonByEmployeeID(ctx, "N1"); n1.TitleZH != "投诉处理专员" || n1.DepartmentZH != "投诉部" {
		t.Fatalf("a refused body changed N1: %+v", n1)
	}
}

func TestBilingualExportsCarryBothLanguages(t *testing.T) {
	app := newDemoApp(t)
	leader := app.signedInAs("leader")
	rows := func(c *client, path string) [][]string {
		t.Helper()
		res := c.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\xef\xbb\xbf")))
		r.FieldsPerRecord = -1
		out, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return out
	}
	// Recognitions: badge, value and team in both languages.
	rec := rows(app.signedInAs("admin"), "/recognition/export.csv")
	col := func(header []string, name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no column %q in %q", name, header)
		}
		return i
	}
	team, teamZH := col(rec[0], "team"), col(rec[0], "team_zh")
	found := false
	for _, r := range rec[1:] {
		if r[team] == "Voice Team 1" {
			found = r[teamZH] == "语音1组"
			break
		}
	}
	if !found {
		t.Error("recognition export: Voice Team 1 without its Chinese name")
	}
	if i := col(rec[0], "badge_zh"); rec[1][i] == "" && rec[1][col(rec[0], "badge")] != "" {
		t.Error("recognition export: badge without its Chinese name")
	}
	// Training: department, team and course in both languages.
	tr := rows(leader, "/training/team.csv")
	dz, cz := col(tr[0], "department_zh"), col(tr[0], "course_zh")
	if len(tr) < 2 || tr[1][dz] == "" || tr[1][cz] == "" {
		t.Errorf("training export lacks Chinese: %q", tr[:min(2, len(tr))])
	}
	// The check evidence pack: the Chinese title and the units' Chinese names.
	checks, err := app.store.ListChecks(context.Background())
	if err != nil || len(checks) == 0 {
		t.Fatal("no demo checks")
	}
	pack := leader.get("/checks/" + itoa(checks[0].ID) + "/export.csv").Body
	for _, want := range []string{checks[0].Title, checks[0].TitleZH, "呼入语音部", "语音1组", "呼入语音部 / 语音1组"} {
		if want == "" || !strings.Contains(pack, want) {
			t.Errorf("check pack lacks %q", want)
		}
	}
}

func TestBilingualWebImportPreviewShowsAndConfirmWritesChinese(t *testing.T) {
	app := newTestApp(t)
	importSeedAdmin(app)
	c := app.signedIn("boss")
	file := strings.TrimSuffix(importCSVHeader, "\n") + ",department_zh,team_zh,title_zh\r\n" +
		"N1,,李小龙,Agent,Inbound Voice,Voice Team 1,,front_line,employee,permanent,2026-01-01,,zh,呼入语音部,语音1组,客服专员\r\n"
	res := importUpload(c, file)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", res.StatusCode, res.Body)
	}
	doc := c.get(res.Header.Get("Location")).doc(t)
	if got := doc.Find(`[data-testid="import-create"]`).Text(); !strings.Contains(got, "Inbound Voice (呼入语音部)") || !strings.Contains(got, "Voice Team 1 (语音1组)") {
		t.Fatalf("the preview does not show the file's Chinese names: %q", got)
	}
	action, _ := doc.Find(`form[action$="/confirm"]`).Attr("action")
	if res := c.post(action, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	n1, err := app.store.PersonByEmployeeID(context.Background(), "N1")
	if err != nil || n1.TitleZH != "客服专员" || n1.DepartmentZH != "呼入语音部" || n1.TeamZH != "语音1组" {
		t.Fatalf("N1 after the import: %+v %v", n1, err)
	}
}
