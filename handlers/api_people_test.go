package handlers_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// apiPeopleCall sends an API request with a bearer token ("" for none).
func apiPeopleCall(a *testApp, method, path, token, body string) response {
	a.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, a.srv.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return a.client().do(req)
}

func apiPeopleToken(a *testApp, name string) string {
	a.t.Helper()
	secret, err := a.store.CreateToken(context.Background(), 0, name)
	if err != nil {
		a.t.Fatal(err)
	}
	return secret
}

type apiPeopleListed struct {
	People     []map[string]any `json:"people"`
	NextCursor *string          `json:"next_cursor"`
	Next       *string          `json:"next"`
}

func apiPeopleDecode(t *testing.T, res response) apiPeopleListed {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	var page apiPeopleListed
	if err := json.Unmarshal([]byte(res.Body), &page); err != nil {
		t.Fatalf("%v: %s", err, res.Body)
	}
	return page
}

func apiPeopleIDs(page apiPeopleListed) string {
	var ids []string
	for _, p := range page.People {
		ids = append(ids, p["employee_id"].(string))
	}
	return strings.Join(ids, ",")
}

func apiPeopleSeed(a *testApp) {
	a.seed(
		store.PersonInput{EmployeeID: "P1", Name: "王芳", Department: "Inbound Voice", Team: "A", ManagerEmployeeID: "P4", Email: "p1@example.com", Language: "zh"},
		store.PersonInput{EmployeeID: "P2", Department: "Inbound Voice", Team: "B", HiredOn: "2020-01-01", LeftOn: "2025-06-30"},
		store.PersonInput{EmployeeID: "P3", Department: "Chat & Email", Team: "C", EmploymentType: store.EmploymentContractor},
		store.PersonInput{EmployeeID: "P4", Department: "Inbound Voice", Team: "A", Tier: store.TierMiddleManager, Role: store.RoleManager, Title: "Team lead"},
		store.PersonInput{EmployeeID: "P5", Department: "Inbound Voice", Team: "A", LeftOn: "2026-12-31"}, // leaves later: still active
		store.PersonInput{EmployeeID: "P6", Department: "Chat & Email", Team: "C", HiredOn: "2023-01-01", LeftOn: "2026-11-23"},
	)
}

func TestAPIPeopleNeedsAValidToken(t *testing.T) {
	app := newTestApp(t)
	apiPeopleSeed(app)
	for _, token := range []string{"", "lst_not-a-real-token"} {
		res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", token, "")
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Body, `"error"`) {
			t.Fatalf("token %q: %d %s", token, res.StatusCode, res.Body)
		}
		res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[]`)
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("PUT with token %q: %d", token, res.StatusCode)
		}
	}
	token := apiPeopleToken(app, "HR sync")
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", token, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("valid token: %d", res.StatusCode)
	}
	tokens, _ := app.store.ListTokens(context.Background())
	if err := app.store.RevokeToken(context.Background(), 0, tokens[0].ID); err != nil {
		t.Fatal(err)
	}
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", token, ""); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token: %d", res.StatusCode)
	}
}

func TestAPIPeopleListPaginatesAndFilters(t *testing.T) {
	app := newTestApp(t) // today is 2026-11-23: P2 and P6 have left, P5 leaves later
	apiPeopleSeed(app)
	token := apiPeopleToken(app, "reader")

	// Default: active people only, in record order, pages of the asked size with a next link.
	var all []string
	path := "/api/v1/people?limit=2"
	pages := 0
	for path != "" {
		page := apiPeopleDecode(t, apiPeopleCall(app, http.MethodGet, path, token, ""))
		pages++
		if len(page.People) > 2 {
			t.Fatalf("page of %d people, limit 2", len(page.People))
		}
		all = append(all, apiPeopleIDs(page))
		path = ""
		if page.Next != nil {
			path = *page.Next
			if !strings.Contains(path, "cursor="+*page.NextCursor) {
				t.Fatalf("next link %q lacks cursor %s", path, *page.NextCursor)
			}
		}
	}
	if got := strings.Join(all, "|"); got != "P1,P3|P4,P5" || pages != 2 {
		t.Fatalf("pages: %q (%d pages), want P1,P3|P4,P5", got, pages)
	}

	cases := map[string]string{
		"/api/v1/people":                                 "P1,P3,P4,P5",
		"/api/v1/people?active=false":                    "P2,P6",
		"/api/v1/people?active=all":                      "P1,P2,P3,P4,P5,P6",
		"/api/v1/people?department=Inbound+Voice":        "P1,P4,P5",
		"/api/v1/people?department=Inbound+Voice&team=A": "P1,P4,P5",
		"/api/v1/people?team=C&active=all":               "P3,P6",
		"/api/v1/people?department=Chat+%26+Email":       "P3",
		"/api/v1/people?department=Nowhere":              "",
	}
	for path, want := range cases {
		if got := apiPeopleIDs(apiPeopleDecode(t, apiPeopleCall(app, http.MethodGet, path, token, ""))); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
	// The next link keeps the filters.
	page := apiPeopleDecode(t, apiPeopleCall(app, http.MethodGet, "/api/v1/people?active=all&team=C&limit=1", token, ""))
	if apiPeopleIDs(page) != "P3" || page.Next == nil {
		t.Fatalf("first filtered page: %+v", page)
	}
	if got := apiPeopleIDs(apiPeopleDecode(t, apiPeopleCall(app, http.MethodGet, *page.Next, token, ""))); got != "P6" {
		t.Fatalf("next filtered page: %q", got)
	}
	// The last page has no next.
	last := apiPeopleDecode(t, apiPeopleCall(app, http.MethodGet, "/api/v1/people?limit=4", token, ""))
	if last.Next != nil || last.NextCursor != nil {
		t.Fatalf("exactly 4 active people with limit 4 must have no next page: %v", *last.Next)
	}

	// Every person has exactly the CSV columns as keys, the optional Chinese names included.
	want := append(slices.Clone(store.PeopleColumns), store.OptionalPeopleColumns...)
	sort.Strings(want)
	for _, p := range apiPeopleDecode(t, apiPeopleCall(app, http.MethodGet, "/api/v1/people?active=all", token, "")).People {
		var keys []string
		for k := range p {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != strings.Join(want, ",") {
			t.Fatalf("keys %v, want %v", keys, want)
		}
		if p["employee_id"] == "P1" && (p["name"] != "王芳" || p["manager_employee_id"] != "P4" || p["language"] != "zh") {
			t.Fatalf("P1: %v", p)
		}
		if p["employee_id"] == "P2" && p["left_on"] != "2025-06-30" {
			t.Fatalf("P2: %v", p)
		}
	}

	for _, bad := range []string{"limit=0", "limit=501", "limit=ten", "active=yes", "cursor=abc"} {
		res := apiPeopleCall(app, http.MethodGet, "/api/v1/people?"+bad, token, "")
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, `"error"`) {
			t.Errorf("%s: %d %s", bad, res.StatusCode, res.Body)
		}
	}
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people?limit=500", token, ""); res.StatusCode != http.StatusOK {
		t.Errorf("limit=500: %d", res.StatusCode)
	}
}

func TestAPIPeopleGetPutRoundTrip(t *testing.T) {
	app := newTestApp(t)
	apiPeopleSeed(app)
	token := apiPeopleToken(app, "sync")
	before := apiPeopleCall(app, http.MethodGet, "/api/v1/people?active=all", token, "")
	var page struct {
		People json.RawMessage `json:"people"`
	}
	if err := json.Unmarshal([]byte(before.Body), &page); err != nil {
		t.Fatal(err)
	}
	res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, string(page.People))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PUT back: %d %s", res.StatusCode, res.Body)
	}
	var counts map[string]int
	json.Unmarshal([]byte(res.Body), &counts)
	if counts["created"] != 0 || counts["updated"] != 6 {
		t.Fatalf("counts %v, want 0 created, 6 updated", counts)
	}
	after := apiPeopleCall(app, http.MethodGet, "/api/v1/people?active=all", token, "")
	if after.Body != before.Body {
		t.Fatalf("round trip changed people:\n%s\n%s", before.Body, after.Body)
	}
}

func TestAPIPeoplePutAllOrNothing(t *testing.T) {
	app := newTestApp(t)
	apiPeopleSeed(app)
	token := apiPeopleToken(app, "sync")
	ctx := context.Background()

	// A new report before their new manager; an existing person updated; others untouched.
	res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[
		{"employee_id":"N1","name":"陈静","department":"Complaints","team":"R","manager_employee_id":"N2","tier":"front_line","role":"employee","employment_type":"temporary","hired_on":"2026-11-13"},
		{"employee_id":"N2","name":"New Manager","tier":"middle_manager","role":"manager","employment_type":"permanent","hired_on":"2021-02-01","email":null},
		{"employee_id":"P3","name":"P3 Renamed","department":"Chat & Email","team":"C","tier":"front_line","role":"employee","employment_type":"contractor","hired_on":"2024-01-01"}
	]`)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `"created": 2`) || !strings.Contains(res.Body, `"updated": 1`) {
		t.Fatalf("PUT: %d %s", res.StatusCode, res.Body)
	}
	if entries := auditLog(t, app, 1); len(entries) != 1 || entries[0] != "System | People imported: 2 added, 1 updated · via API token sync" {
		t.Fatalf("audit of the API write: %q", entries)
	}
	if n1, _ := app.store.PersonByEmployeeID(ctx, "N1"); n1.Name != "陈静" || n1.ManagerEmployeeID != "N2" {
		t.Fatalf("N1: %+v", n1)
	}
	if p1, _ := app.store.PersonByEmployeeID(ctx, "P1"); p1.Name != "王芳" || p1.ManagerEmployeeID != "P4" {
		t.Fatalf("absent P1 changed: %+v", p1)
	}

	// One bad item: nothing is written, the problems name the 0-based items.
	res = apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, `[
		{"employee_id":"N3","name":"Fine","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2024-01-01"},
		{"employee_id":"P3","name":"Should not stick","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2024-01-01"},
		{"employee_id":"N4","name":"Broken","tier":"boss","role":"employee","employment_type":"permanent","hired_on":"01/02/2024","manager_employee_id":"GHOST"}
	]`)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad PUT: %d %s", res.StatusCode, res.Body)
	}
	var fail struct {
		Error    string `json:"error"`
		Problems []struct {
			Item  *int   `json:"item"`
			Field string `json:"field"`
			Code  string `json:"code"`
		} `json:"problems"`
	}
	if err := json.Unmarshal([]byte(res.Body), &fail); err != nil || fail.Error == "" {
		t.Fatalf("error body: %v %s", err, res.Body)
	}
	var got []string
	for _, p := range fail.Problems {
		if p.Item == nil {
			t.Fatalf("problem without item: %s", res.Body)
		}
		got = append(got, strings.Join([]string{string(rune('0' + *p.Item)), p.Field, p.Code}, " "))
	}
	if want := "2 tier invalid_choice|2 hired_on invalid_date|2 manager_employee_id unknown_manager"; strings.Join(got, "|") != want {
		t.Fatalf("problems %q, want %q", strings.Join(got, "|"), want)
	}
	if _, err := app.store.PersonByEmployeeID(ctx, "N3"); err == nil {
		t.Fatalf("a failed PUT created N3")
	}
	if p3, _ := app.store.PersonByEmployeeID(ctx, "P3"); p3.Name != "P3 Renamed" {
		t.Fatalf("a failed PUT changed P3: %q", p3.Name)
	}

	// Bodies that are not an array of people are refused with a clear error, writing nothing.
	n, _ := app.store.CountPeople(ctx)
	bad := map[string]string{
		`[{"employee_id":"N5","name":"X","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2024-01-01","shoe_size":42}]`: `unknown field \"shoe_size\"`,
		`{"employee_id":"N5"}`: "JSON array",
		`[{"employee_id":5}]`:  `field \"employee_id\" must be a string`,
		`[] []`:                "nothing after it",
		`[{"employee_id":`:     "not valid JSON",
		`null`:                 "JSON array",
	}
	for body, want := range bad {
		res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, body)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.Body, want) {
			t.Errorf("%s: %d %s, want 400 with %q", body, res.StatusCode, res.Body, want)
		}
	}
	huge := `[` + strings.Repeat(`{"employee_id":"N6","name":"`+strings.Repeat("x", 1000)+`"},`, store.MaxImportBytes/1000) + `{}]`
	if res := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, huge); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("huge body: %d", res.StatusCode)
	}
	if m, _ := app.store.CountPeople(ctx); m != n {
		t.Fatalf("refused bodies changed people: %d → %d", n, m)
	}
}

func TestTokensPageCreateShowOnceLastUseRevoke(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "boss", Name: "Boss Admin", Role: store.RoleAdmin})
	c := app.signedIn("boss")

	if doc := c.get("/admin/tokens").doc(t); doc.Find(`[data-testid="empty"]`).Length() != 1 {
		t.Fatalf("no empty state on a page without tokens")
	}
	res := c.post("/admin/tokens", url.Values{"name": {"   "}})
	if res.StatusCode != http.StatusUnprocessableEntity || res.doc(t).Find(`[data-testid="error-name"]`).Text() != "This field is required." {
		t.Fatalf("blank name: %d", res.StatusCode)
	}
	// The token is in the answer to the POST that made it, which no cache may keep.
	res = c.post("/admin/tokens", url.Values{"name": {"HR nightly sync"}})
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("create: %d, Cache-Control %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	doc := res.doc(t)
	secret := doc.Find(`[data-testid="secret"]`).Text()
	if !strings.HasPrefix(secret, "lst_") {
		t.Fatalf("the new token is not shown: %q", secret)
	}
	row := doc.Find(`[data-testid="token"][data-name="HR nightly sync"]`)
	if row.Length() != 1 || !strings.Contains(row.Text(), "Boss Admin") || row.Find(`[data-testid="token-last-used"]`).Text() != "Never" {
		t.Fatalf("token row: %q", row.Text())
	}
	if c.get("/admin/tokens").doc(t).Find(`[data-testid="secret"]`).Length() != 0 {
		t.Fatalf("the secret is shown a second time")
	}

	app.clock.now = time.Date(2026, 11, 24, 14, 5, 0, 0, time.UTC)
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", secret, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("API with new token: %d", res.StatusCode)
	}
	doc = c.get("/admin/tokens").doc(t)
	if got := doc.Find(`[data-testid="token-last-used"]`).Text(); got != "24 Nov 2026 14:05" {
		t.Fatalf("last used %q, want 24 Nov 2026 14:05", got)
	}
	action, _ := doc.Find(`[data-testid="token"] form`).Attr("action")
	res = c.post(action, nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	doc = c.get("/admin/tokens").doc(t)
	if flash := doc.Find(`[data-testid="flash"]`).Text(); !strings.Contains(flash, "HR nightly sync revoked") {
		t.Fatalf("flash %q", flash)
	}
	if doc.Find(`[data-testid="token-revoke"]`).Length() != 0 || !strings.Contains(doc.Find(`[data-testid="token"]`).Text(), "Revoked 24 Nov 2026 14:05") {
		t.Fatalf("revoked token row: %q", doc.Find(`[data-testid="token"]`).Text())
	}
	if res := apiPeopleCall(app, http.MethodGet, "/api/v1/people", secret, ""); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("API with revoked token: %d", res.StatusCode)
	}
	if res := c.post("/admin/tokens/999/revoke", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("revoke unknown token: %d", res.StatusCode)
	}
}
