package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"lodestar/store"
)

// The streamed matrix (people a thousand at a time, progress per chunk) gives exactly
// CompletionMatrix's rows and courses, in its order, on a generated organisation of 2,500
// people (three chunks, repeated names across their edges, progress of every kind), for
// everyone, a manager's organisation, each filter, a status and one course; and an error
// from the caller, or a cancelled context, stops it.
func TestEachMatrixRowMatchesCompletionMatrix(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.Generate(ctx, store.GenOptions{People: 2500, Recognitions: 100}); err != nil {
		t.Fatal(err)
	}
	leader := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "leader"))
	org := checksMust[[]int64](t)(s.OrgPeopleIDs(ctx, leader.ID))
	agent := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "agent"))
	courses := checksMust[[]store.Course](t)(s.ListCourses(ctx, true))
	if len(courses) < 2 {
		t.Fatalf("%d courses", len(courses))
	}
	filters := map[string]store.MatrixFilter{
		"everyone":            {},
		"leader's org":        {PersonIDs: org},
		"department":          {Department: agent.Department},
		"team":                {Team: agent.Team},
		"tier":                {Tier: store.TierFrontLine},
		"one person":          {EmployeeID: "agent"},
		"overdue":             {Status: store.StatusOverdue},
		"passed, one course":  {Status: store.StatusPassed, CourseID: courses[0].ID},
		"nobody (empty list)": {PersonIDs: []int64{}},
	}
	for name, f := range filters {
		m := checksMust[store.Matrix](t)(s.CompletionMatrix(ctx, f))
		var got []store.MatrixRow
		var gotCourses []store.Course
		if err := s.EachMatrixRow(ctx, f, func(cs []store.Course, row store.MatrixRow) error {
			gotCourses = cs
			got = append(got, row)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(m.Rows) {
			t.Errorf("%s: %d rows, want %d", name, len(got), len(m.Rows))
			continue
		}
		if len(got) > 0 && !reflect.DeepEqual(gotCourses, m.Courses) {
			t.Errorf("%s: courses differ", name)
		}
		for i := range got {
			if !reflect.DeepEqual(got[i], m.Rows[i]) {
				t.Errorf("%s: row %d\n%+v\nwant %+v", name, i, got[i], m.Rows[i])
				break
			}
		}
		switch name {
		case "everyone", "leader's org", "tier":
			if len(got) < 2000 {
				t.Errorf("%s: only %d rows: the chunks are not crossed", name, len(got))
			}
			statuses := map[string]bool{}
			for _, r := range got {
				for _, c := range r.Cells {
					statuses[c.Status] = true
				}
			}
			for _, st := range store.TrainingStatuses {
				if !statuses[st] && st != store.StatusFailed {
					t.Errorf("%s: no %s cell: the comparison would not cover it", name, st)
				}
			}
		}
	}
	// Names repeat across the organisation, so the keyset must go on by employee ID.
	var dup int
	if err := s.DB().QueryRow(`SELECT count(*) FROM (SELECT name FROM people GROUP BY name HAVING count(*) > 1) AS repeated`).Scan(&dup); err != nil || dup == 0 {
		t.Errorf("no repeated names (%v): the keyset's tie-break is not exercised", err)
	}

	stop := errors.New("stop")
	n := 0
	if err := s.EachMatrixRow(ctx, store.MatrixFilter{}, func([]store.Course, store.MatrixRow) error {
		if n++; n == 1500 {
			return stop
		}
		return nil
	}); !errors.Is(err, stop) || n != 1500 {
		t.Errorf("stopped: %v after %d rows", err, n)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.EachMatrixRow(cctx, store.MatrixFilter{}, func([]store.Course, store.MatrixRow) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
