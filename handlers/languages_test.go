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

// A Taiwan, Hong Kong or Macau browser gets the sign-in page in Traditional Chinese, a
// Mainland or Singapore one in Simplified, each with the right <html lang>.
func TestSignInPageFollowsTheBrowsersChineseScript(t *testing.T) {
	app := newTestApp(t)
	cases := []struct{ accept, h1, lang string }{
		{"zh-TW,zh;q=0.9,en;q=0.8", "登入", "zh-Hant"},
		{"zh-HK", "登入", "zh-Hant"},
		{"zh-MO,en;q=0.5", "登入", "zh-Hant"},
		{"zh-Hant", "登入", "zh-Hant"},
		{"zh-CN,zh;q=0.9", "登录", "zh-Hans"},
		{"zh-SG", "登录", "zh-Hans"},
		{"zh", "登录", "zh-Hans"},
		{"en-GB", "Sign in", "en"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/login", nil)
		req.Header.Set("Accept-Language", c.accept)
		doc := app.client().do(req).doc(t)
		if h1 := strings.TrimSpace(doc.Find("h1").Text()); h1 != c.h1 {
			t.Errorf("%s: h1 %q, want %q", c.accept, h1, c.h1)
		}
		if lang := doc.Find("html").AttrOr("lang", ""); lang != c.lang {
			t.Errorf("%s: <html lang=%q>, want %q", c.accept, lang, c.lang)
		}
	}
}

// The switch offers three languages; choosing 繁體中文 is stored on the profile and wins
// over the browser; an unknown language is refused.
func TestLanguageSwitchStoresTraditional(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1"})
	c := app.signedIn("E1")
	var values []string
	c.get("/").doc(t).Find(`#lang-select option`).Each(func(_ int, s *goquery.Selection) {
		values = append(values, s.AttrOr("value", ""))
	})
	if strings.Join(values, ",") != "en,zh,zh-Hant" {
		t.Fatalf("switch offers %v", values)
	}
	if res := c.post("/language", url.Values{"lang": {"zh-Hant"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("switch: %d", res.StatusCode)
	}
	p, _ := app.store.PersonByEmployeeID(context.Background(), "E1")
	if p.Language != store.LangHant {
		t.Fatalf("profile language %q", p.Language)
	}
	req, _ := http.NewRequest(http.MethodGet, app.srv.URL+"/", nil)
	req.Header.Set("Accept-Language", "en-US")
	doc := c.do(req).doc(t)
	if lang := doc.Find("html").AttrOr("lang", ""); lang != "zh-Hant" {
		t.Errorf("<html lang=%q> after choosing 繁體中文", lang)
	}
	if nav := doc.Find("nav.mainnav").Text(); !strings.Contains(nav, "首頁") {
		t.Errorf("navigation not in Traditional: %q", nav)
	}
	if sel := doc.Find(`#lang-select option[selected]`).AttrOr("value", ""); sel != "zh-Hant" {
		t.Errorf("switch shows %q selected", sel)
	}
	if res := c.post("/language", url.Values{"lang": {"fr"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown language: %d, want 400", res.StatusCode)
	}
}

// The people API is as lenient as the import, and its "invalid_choice" problems list the
// allowed values.
func TestAPIPeopleLenientValuesAndAllowedList(t *testing.T) {
	app := newTestApp(t)
	token := apiPeopleToken(app, "sync")
	res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[
		{"employee_id":"T1","name":"陳美玲","tier":"Front line","role":"EMPLOYEE","employment_type":"Permanent","hired_on":"2024-01-01","language":"zh-TW"},
		{"employee_id":"T2","name":"Lee","tier":"middle-manager","role":"manager","employment_type":"permanent","hired_on":"2020-01-01","language":"en-GB"}
	]`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PUT: %d %s", res.StatusCode, res.Body)
	}
	ctx := context.Background()
	if p, _ := app.store.PersonByEmployeeID(ctx, "T1"); p.Tier != "front_line" || p.Role != "employee" || p.Language != "zh-Hant" {
		t.Errorf("T1 stored as %q %q %q", p.Tier, p.Role, p.Language)
	}
	if p, _ := app.store.PersonByEmployeeID(ctx, "T2"); p.Tier != "middle_manager" || p.Language != "en" {
		t.Errorf("T2 stored as %q %q", p.Tier, p.Language)
	}
	res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[
		{"employee_id":"T3","name":"Bad","tier":"frontline","role":"employee","employment_type":"permanent","hired_on":"2024-01-01","language":"de"}
	]`)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad PUT: %d %s", res.StatusCode, res.Body)
	}
	var fail struct {
		Problems []struct {
			Field   string   `json:"field"`
			Code    string   `json:"code"`
			Allowed []string `json:"allowed"`
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(res.Body), &fail); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range fail.Problems {
		got[p.Field] = p.Code + " " + strings.Join(p.Allowed, "|")
	}
	if got["tier"] != "invalid_choice front_line|middle_manager|senior_leader" || got["language"] != "invalid_choice en|zh|zh-Hant" {
		t.Errorf("problems: %s", res.Body)
	}
}

// The import page's message for a wrong value lists the allowed values, in Chinese too.
func TestImportProblemListsAllowedValues(t *testing.T) {
	app := newTestApp(t)
	importSeedAdmin(app)
	c := app.signedIn("boss")
	c.post("/language", url.Values{"lang": {"zh-Hant"}})
	res := importUpload(c, importCSVHeader+
		"N1,,New Person,,Inbound Voice,A,M1,Front-Line,employee,permanent,2024-01-01,,klingon\n")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	text := res.doc(t).Find(`[data-testid="import-problems"]`).Text()
	if want := "「klingon」不是允許的取值。允許的取值：en, zh, zh-Hant。"; !strings.Contains(text, want) {
		t.Errorf("problems lack %q:\n%s", want, text)
	}
	if strings.Contains(text, "tier") {
		t.Errorf("Front-Line was refused:\n%s", text)
	}
}
