package handlers_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"lodestar/store"
)

// Fuzz targets for what strangers send: every JSON API body that writes, and the quiz answer
// form. `go test` runs the seeds; explore with
// go test ./handlers -run '^$' -fuzz FuzzAPIBodies -fuzztime 30s

// fuzzAPIRoutes are the JSON API routes that take a body, with the table each writes to.
var fuzzAPIRoutes = []struct{ method, path, table string }{
	{http.MethodPut, "/api/v1/people", "people"},
	{http.MethodPost, "/api/v1/recognitions", "recognitions"},
	{http.MethodPost, "/api/v1/understanding/{check}/interviews", "check_interviews"},
}

// FuzzAPIBodies: no body makes the server fail (5xx, which a panic becomes) and a refused
// body writes nothing.
func FuzzAPIBodies(f *testing.F) {
	seeds := map[int][]string{
		0: {`[{"employee_id":"F1","name":"Fuzz","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2024-01-01"}]`,
			`[{"employee_id":"agent","name":"Renamed","tier":"front_line","role":"employee","employment_type":"permanent","hired_on":"2024-01-01"},{"employee_id":""}]`,
			`[{}]`, `[]`, `{}`, `[1]`, `[{"employee_id":"F2","manager_employee_id":"F2"}]`, `[{"x":1}]`, `[{"employee_id":"F3"}] trailing`},
		1: {`{"from":"agent","to":["newhire"],"value":1,"message":"Thanks for the cover"}`,
			`{"from":"agent","to":["agent"],"value":1,"message":"myself"}`, `{"from":"nobody","to":["newhire"],"value":1,"message":"x"}`,
			`{"from":"agent","to":[],"team":"Voice Team 1","badge":999999,"message":""}`, `{"from":1234,"to":[5678]}`, `null`, `{"message":"` + strings.Repeat("a", 5000) + `"}`},
		2: {`{"interviews":[{"employee_id":"agent","date":"2026-11-20","verdict":"understood","note":"ok"}]}`,
			`[{"employee_id":"agent","date":"2026-11-20","verdict":"understood","note":"ok"}]`,
			`[{"employee_id":"agent","date":"0001-01-01","verdict":"maybe"}]`, `[{"employee_id":"ghost","date":"2026-11-20","verdict":"understood"}]`, `[]`, `"x"`},
	}
	for route, bodies := range seeds {
		for _, b := range bodies {
			f.Add(uint8(route), b)
		}
	}
	fx := newAuthzFixture(f)
	c := fx.app.client()
	f.Fuzz(func(t *testing.T, route uint8, body string) {
		rt := fuzzAPIRoutes[int(route)%len(fuzzAPIRoutes)]
		var before, after int
		count := func(n *int) {
			if err := fx.app.store.DB().QueryRow("SELECT count(*) FROM " + rt.table).Scan(n); err != nil {
				t.Fatal(err)
			}
		}
		count(&before)
		req, _ := http.NewRequest(rt.method, fx.app.srv.URL+fx.fill(rt.path), strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+fx.token)
		req.Header.Set("Content-Type", "application/json")
		res := fuzzDo(t, c, req)
		if res.StatusCode >= 500 {
			t.Fatalf("%s %s with %q: %d %s", rt.method, rt.path, body, res.StatusCode, res.Body)
		}
		count(&after)
		if res.StatusCode >= 300 && after != before {
			t.Fatalf("%s %s refused %q (%d) but %s went from %d to %d rows", rt.method, rt.path, body, res.StatusCode, rt.table, before, after)
		}
	})
}

// fuzzDo is client.do for a fuzz target, which must report through its own t.
func fuzzDo(t *testing.T, c *client, req *http.Request) response {
	t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, Body: string(b)}
}

// FuzzQuizAnswers: whatever a quiz form carries, the server does not fail, and the attempt is
// either still open with no answer recorded, or submitted with every question answered
// and a score between 0 and 1.
func FuzzQuizAnswers(f *testing.F) {
	for _, seed := range []string{
		"{q0}={o0}&{q1}={o1}",
		"{q0}={o0}&{q0}={o1}&{q1}=",
		"{q0}=-1&{q1}=99999999999999999999",
		"{q0}=abc&{q1}={o0}",
		"{q0}=",
		"token=&{q0}={o0}",
		"%zz&{q1}={o1}",
		"{q0}={o0}&{q1}={o1}&q999=1&token=other",
	} {
		f.Add(seed)
	}
	app := newTestApp(f)
	trainingOrg(app)
	course := trainingOnboarding(app, false, store.QuestionSetSettings{}) // no attempt limit, no cool-down
	agentID := trainingID(app, "agent")
	agent := app.signedIn("agent")
	path := "/training/courses/" + itoa(course.ID) + "/quiz"
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, form string) {
		oa, err := app.store.StartAttempt(ctx, course.Revision.QuestionSetID, agentID)
		if err != nil {
			t.Fatalf("starting an attempt: %v", err)
		}
		// Placeholders name this attempt's questions and options, so seeds hit real ids.
		var pairs []string
		for i, q := range oa.Questions {
			pairs = append(pairs, "{q"+itoa(int64(i))+"}", "q"+itoa(q.ID))
			for j, o := range q.Options {
				pairs = append(pairs, "{o"+itoa(int64(j))+"}", itoa(o.ID))
			}
		}
		body := "token=" + url.QueryEscape(oa.Token) + "&" + strings.NewReplacer(pairs...).Replace(form)
		req, _ := http.NewRequest(http.MethodPost, app.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", app.srv.URL)
		res := fuzzDo(t, agent, req)
		if res.StatusCode >= 500 {
			t.Fatalf("quiz form %q: %d", body, res.StatusCode)
		}
		var status string
		var answers int
		var score *float64
		if err := app.store.DB().QueryRow(`SELECT status, score, (SELECT count(*) FROM attempt_answers WHERE attempt_id = a.id) FROM attempts a WHERE id = ?`, oa.ID).
			Scan(&status, &score, &answers); err != nil {
			t.Fatal(err)
		}
		switch status {
		case "open":
			if answers != 0 {
				t.Fatalf("quiz form %q (%d) left the attempt open with %d answers recorded", body, res.StatusCode, answers)
			}
		case "scored":
			if answers != len(oa.Questions) || score == nil || *score < 0 || *score > 1 {
				t.Fatalf("quiz form %q: scored with %d of %d answers, score %v", body, answers, len(oa.Questions), score)
			}
		default:
			t.Fatalf("quiz form %q: attempt is %q", body, status)
		}
	})
}
