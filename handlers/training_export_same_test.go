package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"lodestar/handlers"
	"lodestar/store"
)

// oldTrainingCSV is the training export as it was written before it streamed: the whole
// CompletionMatrix in memory, then every cell. The oracle the streamed file must equal.
func oldTrainingCSV(m store.Matrix) string {
	var b bytes.Buffer
	b.WriteString("\xef\xbb\xbf")
	cw := csv.NewWriter(&b)
	cw.Write([]string{"employee_id", "name", "department", "team", "tier", "course_id", "course", "status", "assigned",
		"due_on", "lessons_read", "lessons_total", "attempts", "last_score_percent", "passed_at",
		"department_zh", "team_zh", "course_zh"})
	safe := handlers.CSVSafe
	for _, row := range m.Rows {
		for i, cell := range row.Cells {
			c := m.Courses[i]
			due, passed, score := "", "", ""
			if cell.Assigned {
				due = cell.DueOn.Format(store.DateLayout)
			}
			if !cell.PassedAt.IsZero() {
				passed = cell.PassedAt.UTC().Format("2006-01-02T15:04:05Z")
			}
			if cell.Attempts > 0 {
				score = strconv.Itoa(int(cell.LastScore*100 + 0.5))
			}
			cw.Write([]string{safe(row.Person.EmployeeID), safe(row.Person.Name), safe(row.Person.Department), safe(row.Person.Team),
				row.Person.Tier, strconv.FormatInt(c.ID, 10), safe(c.Revision.TitleEN), cell.Status, strconv.FormatBool(cell.Assigned),
				due, strconv.Itoa(cell.LessonsRead), strconv.Itoa(cell.LessonsTotal), strconv.Itoa(cell.Attempts), score, passed,
				safe(row.Person.DepartmentZH), safe(row.Person.TeamZH), safe(c.Revision.TitleZH)})
		}
	}
	cw.Flush()
	return b.String()
}

// The streamed training export is byte for byte the file built from the whole matrix, on the
// demo, for the leader (everyone) and a manager (their organisation), unfiltered and with
// each filter the page offers.
func TestTrainingExportSameAsWholeMatrix(t *testing.T) {
	app := newDemoApp(t)
	ctx := context.Background()
	courses, err := app.store.ListCourses(ctx, true)
	if err != nil || len(courses) == 0 {
		t.Fatalf("courses %d: %v", len(courses), err)
	}
	agent := app.person("agent")
	queries := []struct {
		q string
		f store.MatrixFilter
	}{
		{"", store.MatrixFilter{}},
		{"?department=" + url.QueryEscape(agent.Department), store.MatrixFilter{Department: agent.Department}},
		{"?team=" + url.QueryEscape(agent.Team), store.MatrixFilter{Team: agent.Team}},
		{"?tier=" + store.TierFrontLine, store.MatrixFilter{Tier: store.TierFrontLine}},
		{"?status=" + store.StatusNotStarted, store.MatrixFilter{Status: store.StatusNotStarted}},
		{"?status=" + store.StatusPassed + "&course=" + itoa(courses[0].ID), store.MatrixFilter{Status: store.StatusPassed, CourseID: courses[0].ID}},
		{"?person=agent", store.MatrixFilter{EmployeeID: "agent"}},
	}
	for _, who := range []string{"leader", "manager"} {
		c := app.signedInAs(who)
		var scope []int64
		if who == "manager" {
			if scope, err = app.store.OrgPeopleIDs(ctx, app.person(who).ID); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range queries {
			f := q.f
			f.PersonIDs = scope
			m, err := app.store.CompletionMatrix(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if q.q == "" && len(m.Rows) < 5 {
				t.Fatalf("%s: %d rows: the comparison would prove little", who, len(m.Rows))
			}
			res := c.get("/training/team.csv" + q.q)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s %s: %d", who, q.q, res.StatusCode)
			}
			if want := oldTrainingCSV(m); res.Body != want {
				got, wl := strings.Split(res.Body, "\n"), strings.Split(want, "\n")
				for i := range min(len(got), len(wl)) {
					if got[i] != wl[i] {
						t.Errorf("%s %s line %d:\n%q\nwant\n%q", who, q.q, i+1, got[i], wl[i])
						break
					}
				}
				t.Errorf("%s %s: %d lines, want %d", who, q.q, len(got), len(wl))
			}
		}
	}
}
