package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lodestar/store"
)

// The admin form and the people API refuse the same hidden characters with the same
// problem code, next to the field on the page (the typed values kept), in the problems
// list on the API, and neither writes anything.
func TestTextRulesSameOnPageAndAPI(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "ADM", Role: store.RoleAdmin})
	c := app.signedIn("ADM")
	token := apiPeopleToken(app, "HR sync")
	ctx := context.Background()
	before, err := app.store.CountPeople(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, field, value, code string
	}{
		{"invalid UTF-8", "name", "Ana L\xf3pez", "text_encoding"}, // Latin-1 ó: the API decoder makes it U+FFFD
		{"bidi override", "name", "Ana \u202Ezepol", "text_bidi"},
		{"zero-width space", "team", "Team\u200BA", "text_invisible"},
		{"NUL", "title", "Agent\x00", "text_control"},
		{"line break in a name", "name", "Ana\nLópez", "text_control"},
		{"hire date 0001-01-01", "hired_on", "0001-01-01", "date_out_of_range"},
	}
	for _, tc := range cases {
		form := url.Values{"employee_id": {"E9"}, "name": {"Ana López"}, "department": {"Inbound Voice"}, "team": {"Team A"},
			"tier": {store.TierFrontLine}, "role": {store.RoleEmployee}, "employment_type": {store.EmploymentPermanent},
			"hired_on": {"2025-01-06"}, "title": {"Agent"}}
		form.Set(tc.field, tc.value)
		res := c.post("/admin/people", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: page status %d", tc.name, res.StatusCode)
			continue
		}
		doc := res.doc(t)
		if doc.Find("[data-testid=error-"+tc.field+"]").Length() != 1 {
			t.Errorf("%s: no error next to %s", tc.name, tc.field)
		}
		if v, _ := doc.Find("[name=employee_id]").Attr("value"); v != "E9" {
			t.Errorf("%s: typed employee ID not kept: %q", tc.name, v)
		}

		item := map[string]string{"employee_id": "E9", "name": "Ana López", "department": "Inbound Voice", "team": "Team A",
			"tier": store.TierFrontLine, "role": store.RoleEmployee, "employment_type": store.EmploymentPermanent,
			"hired_on": "2025-01-06", "title": "Agent"}
		item[tc.field] = "@@VALUE@@"
		b, _ := json.Marshal([]map[string]string{item})
		// The value goes in raw, as a client would send it: invalid bytes stay invalid.
		raw := strings.Replace(string(b), "@@VALUE@@", jsonEscapeKeepBytes(tc.value), 1)
		api := apiPeopleCall(app, http.MethodPut, "/api/v1/people", token, raw)
		if api.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: API status %d: %s", tc.name, api.StatusCode, api.Body)
			continue
		}
		var body struct {
			Problems []struct{ Field, Code string }
		}
		if err := json.Unmarshal([]byte(api.Body), &body); err != nil || len(body.Problems) == 0 ||
			body.Problems[0].Field != tc.field || body.Problems[0].Code != tc.code {
			t.Errorf("%s: API problems %s, want %s on %s", tc.name, api.Body, tc.code, tc.field)
		}
	}
	if after, err := app.store.CountPeople(ctx); err != nil || after != before {
		t.Fatalf("people %d → %d (%v): a refused write was stored", before, after, err)
	}
}

// jsonEscapeKeepBytes escapes control characters for a JSON string but leaves other bytes
// (including invalid UTF-8) as they are.
func jsonEscapeKeepBytes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789abcdef"[c>>4])
			b.WriteByte("0123456789abcdef"[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// The password form says which rule failed, in the reader's language, and keeps the rule
// for the person's own words.
func TestChangePasswordSaysWhichRuleFailed(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "E1", Name: "Sam Taylor"}, store.PersonInput{EmployeeID: "Z1", Language: "zh"})
	c := app.signedIn("E1")
	for _, tc := range []struct{ pw, want string }{
		{"short", "at least 12 characters"},
		{"password1234", "most common passwords"},
		{"aaaaaaaaaaaa", "repeats one character"},
		{"123456789012", "run of neighbouring keys"},
		{"samtaylor2026", "your own employee ID, email or name"},
		{"elevenchars!", ""}, // last: it changes the current password
	} {
		res := c.post("/account/password", url.Values{"current": {testPassword}, "password": {tc.pw}, "confirm": {tc.pw}})
		if tc.want == "" {
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%q: status %d", tc.pw, res.StatusCode)
			}
			continue
		}
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%q: status %d", tc.pw, res.StatusCode)
		}
		if got := res.doc(t).Find("[data-testid=error-password]").Text(); !strings.Contains(got, tc.want) {
			t.Errorf("%q: error %q, want it to say %q", tc.pw, got, tc.want)
		}
	}
	zh := app.signedIn("Z1")
	res := zh.post("/account/password", url.Values{"current": {testPassword}, "password": {"password1234"}, "confirm": {"password1234"}})
	if got := res.doc(t).Find("[data-testid=error-password]").Text(); !strings.Contains(got, "最常用的密码") {
		t.Errorf("Chinese error %q", got)
	}
}

// A check-in dated 0001-01-01 (accepted before) is refused on the page, with the range named
// next to the date in the reader's language and what was typed kept.
func TestCheckInDateOutOfRange(t *testing.T) {
	app := newTestApp(t)
	goalsSeedOrg(app)
	_, _, _, personal := goalsCascade(t, app)
	res := app.signedIn("E1").post(fmt.Sprintf("/goals/%d/checkins", personal),
		url.Values{"value": {"86"}, "on_date": {"0001-01-01"}, "comment": {"Good\u200D week 👩‍💻"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := res.doc(t)
	if got := doc.Find("[data-testid=error-on_date]").Text(); !strings.Contains(got, "2016-11-23 – 2036-11-23") {
		t.Errorf("date error %q", got)
	}
	if v, _ := doc.Find("[name=on_date]").Attr("value"); v != "0001-01-01" {
		t.Errorf("typed date lost: %q", v)
	}
	if cs, err := app.store.GoalCheckIns(context.Background(), personal); err != nil || len(cs) != 0 {
		t.Errorf("check-ins %d, %v", len(cs), err)
	}
}
