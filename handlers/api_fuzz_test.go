package handlers_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"lodestar/store"
)

// apiFuzzTables are the tables an API write may touch; api_tokens is left out because every
// call records the token's last use, sessions and login_failures because the API uses neither.
var apiFuzzTables = []string{"people", "events", "notifications", "recognitions", "recognition_recipients",
	"badges", "check_interviews", "check_population", "check_attempts", "checks", "settings"}

func dbDigest(tb testing.TB, s *store.Store) string {
	tb.Helper()
	h := sha256.New()
	for _, t := range apiFuzzTables {
		rows, err := s.DB().Query("SELECT * FROM " + t)
		if err != nil {
			tb.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var lines []string
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				tb.Fatal(err)
			}
			lines = append(lines, fmt.Sprintf("%s|%v", t, vals))
		}
		rows.Close()
		sort.Strings(lines) // some tables have no rowid to order by
		fmt.Fprintln(h, strings.Join(lines, "\n"))
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// FuzzAPIBodies sends fuzzed bodies to every JSON API route that takes one, through the real
// router and handlers. Whatever the body: no panic, never a 5xx, and an answer other than
// 2xx leaves every table as it was (no partial write).
func FuzzAPIBodies(f *testing.F) {
	app := newTestApp(f)
	app.seed(
		store.PersonInput{EmployeeID: "ADM", Role: store.RoleAdmin, Department: "Ops", Team: "Lead"},
		store.PersonInput{EmployeeID: "LEAD", Role: store.RoleLeader, Tier: store.TierSeniorLeader, Department: "Ops", Team: "Lead"},
		store.PersonInput{EmployeeID: "MGR1", ManagerEmployeeID: "LEAD", Role: store.RoleManager, Tier: store.TierMiddleManager, Department: "Voice", Team: "T1"},
		store.PersonInput{EmployeeID: "AG1", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1", HiredOn: "2020-01-01"},
		store.PersonInput{EmployeeID: "AG2", ManagerEmployeeID: "MGR1", Department: "Voice", Team: "T1", HiredOn: "2020-01-01"},
	)
	ctx := context.Background()
	var valueID int64
	if err := app.store.DB().QueryRow("INSERT INTO culture_values (name_en, name_zh, created_at) VALUES ('Care', '关怀', '2026-01-01T00:00:00Z') RETURNING id").Scan(&valueID); err != nil {
		f.Fatal(err)
	}
	// An open check, made the way a leader does it, for the interview route.
	lead := app.signedIn("LEAD")
	form := url.Values{"title": {"Q4 check"}, "opens_on": {"2026-11-23"}, "closes_on": {"2026-12-07"}, "target_pct": {"80"},
		"min_tenure_days": {"90"}, "employment_types": {"permanent"}, "pass_mark": {"70"}, "retakes": {"0"}}
	if res := lead.post("/checks", form); res.StatusCode != http.StatusSeeOther {
		f.Fatalf("create check: %d", res.StatusCode)
	}
	checks, err := app.store.ListChecks(ctx)
	if err != nil || len(checks) != 1 {
		f.Fatalf("checks: %v %v", checks, err)
	}
	checkID := checks[0].ID
	if res := lead.post(fmt.Sprintf("/checks/%d/questions", checkID), url.Values{"kind": {"written"}, "prompt_en": {"Why?"},
		"rubric_en": {"Because"}, "points": {"1"}}); res.StatusCode != http.StatusSeeOther {
		f.Fatalf("add question: %d", res.StatusCode)
	}
	lead.get(fmt.Sprintf("/checks/%d", checkID)) // opens it
	leadPerson, _ := app.store.PersonByEmployeeID(ctx, "LEAD")
	token, err := app.store.CreateToken(ctx, leadPerson.ID, "fuzz")
	if err != nil {
		f.Fatal(err)
	}
	paths := []struct{ method, path string }{
		{http.MethodPut, "/api/v1/people"},
		{http.MethodPost, "/api/v1/recognitions"},
		{http.MethodPost, fmt.Sprintf("/api/v1/understanding/%d/interviews", checkID)},
	}
	person := `{"employee_id":"N1","name":"Nia","department":"Voice","team":"T1","manager_employee_id":"MGR1","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2025-01-06"}`
	give := fmt.Sprintf(`{"from":"AG1","to":["AG2"],"value":%d,"message":"Thanks for covering the late queue tonight."}`, valueID)
	for _, seed := range []struct {
		route uint8
		body  string
	}{
		{0, "[" + person + "]"},
		{0, "[" + strings.Replace(person, "Nia", "Ni\\u202ea", 1) + "]"},
		{0, "[" + strings.Replace(person, "Nia", "Ni\xffa", 1) + "]"},
		{0, "[" + strings.Replace(person, "2025-01-06", "0001-01-01", 1) + "]"},
		{0, "[" + person + "," + strings.Replace(person, `"N1"`, `"N2"`, 1) + `,{"employee_id":"ADM","role":"employee"}]`},
		{0, "[" + person + "] trailing"},
		{0, "[{}]"},
		{0, "[]"},
		{0, "{}"},
		{0, `[{"employee_id":"N1","unknown":1}]`},
		{0, "null"},
		{0, ""},
		{1, give},
		{1, strings.Replace(give, "Thanks", "Thanks\\u0000", 1)},
		{1, strings.Replace(give, `["AG2"]`, `["AG1"]`, 1)},
		{1, strings.Replace(give, `"AG1"`, `1001`, 1)},
		{1, `{"from":"AG1","to":[],"team":"T1","message":"x"}`},
		{1, give + give},
		{1, `{"from":null}`},
		{2, `[{"employee_id":"AG1","date":"2026-11-23","verdict":"understood","note":"Clear."}]`},
		{2, `[{"employee_id":"AG1","date":"0001-01-01","verdict":"understood"}]`},
		{2, `[{"employee_id":"AG1","date":"2026-11-23","verdict":"understood"},{"employee_id":"NOBODY","date":"2026-11-23","verdict":"understood"}]`},
		{2, `[{"employee_id":"AG2","date":"2026-11-23","verdict":"maybe","note":"\u202e"}]`},
		{2, `[{"employee_id":"AG2","date":"2026-11-23","verdict":"understood","note":"` + strings.Repeat("x", 2001) + `"}]`},
		{2, `{"employee_id":"AG1"}`},
		{1, strings.Replace(give, `["AG2"]`, `["AG2","AG2"]`, 1)},
		{1, strings.Replace(give, `["AG2"]`, `["AG2"," AG2 "]`, 1)},
		{1, strings.Replace(give, `"to":["AG2"]`, `"to":["AG2"],"team":"T1"`, 1)},
		{1, strings.Replace(give, fmt.Sprintf(`"value":%d`, valueID), `"value":-1,"badge":99`, 1)},
		{2, `[{"employee_id":"AG1","date":"2026-11-23","verdict":"understood"},{"employee_id":"AG1","date":"2026-11-23","verdict":"not_understood"}]`},
		{2, `[{"employee_id":"AG1","date":"2026-11-23","verdict":"understood"}]`},
		{0, "[" + person + "," + person + "]"},
		{0, "[" + strings.Replace(person, `"manager_employee_id":"MGR1"`, `"manager_employee_id":"N1"`, 1) + "]"},
	} {
		f.Add(seed.route, seed.body)
	}
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		p := paths[int(route)%len(paths)]
		before := dbDigest(t, app.store)
		req, _ := http.NewRequest(p.method, app.srv.URL+p.path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Fatalf("%s %s %q: status %d", p.method, p.path, body, res.StatusCode)
		}
		if res.StatusCode >= 300 && dbDigest(t, app.store) != before {
			t.Fatalf("%s %s %q: status %d but the database changed", p.method, p.path, body, res.StatusCode)
		}
	})
}
