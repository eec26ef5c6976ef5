package store_test

import (
	"context"
	"reflect"
	"testing"

	"lodestar/store"
)

// The training breakdown's figures are the completion matrix's totals for the same people
// and course filter — every published course, and each course alone — for the leader (the
// organisation) and a manager (their reporting tree), in a generated organisation.
func TestTrainingBreakdownAgreesWithTheMatrix(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s, _ := generatedOrg(t, clk)
	courses, err := s.ListCourses(ctx, false)
	if err != nil || len(courses) < 2 {
		t.Fatalf("courses: %d, %v: two published courses are needed", len(courses), err)
	}
	filters := []int64{0}
	for _, c := range courses {
		if c.Published() {
			filters = append(filters, c.ID)
		}
	}
	for _, who := range []string{"leader", "manager"} {
		viewer, err := s.PersonByEmployeeID(ctx, who)
		if err != nil {
			t.Fatal(err)
		}
		var scope []int64 // the leader's matrix is everyone's
		if who == "manager" {
			if scope, err = s.OrgPeopleIDs(ctx, viewer.ID); err != nil || len(scope) == 0 {
				t.Fatalf("the manager's tree: %d people, %v", len(scope), err)
			}
		}
		all, narrowed := 0, 0
		for _, course := range filters {
			b, err := s.TrainingBreakdown(ctx, viewer, store.TrainingBreakdownFilter{CourseID: course}, store.BreakdownQuery{})
			if err != nil {
				t.Fatal(err)
			}
			m, err := s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: scope, CourseID: course})
			if err != nil {
				t.Fatal(err)
			}
			if who == "manager" {
				// The tree walked in the matrix's statement is the same people as the list.
				below, err := s.CompletionMatrix(ctx, store.MatrixFilter{Below: viewer.ID, CourseID: course})
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(below, m) {
					t.Errorf("course %d: the matrix below the manager has %d rows, of their people's list %d", course, len(below.Rows), len(m.Rows))
				}
				// A few people's progress is read in one statement, everyone's table by table:
				// each of the manager's cells is the organisation's matrix's.
				everyone, err := s.CompletionMatrix(ctx, store.MatrixFilter{CourseID: course})
				if err != nil {
					t.Fatal(err)
				}
				cells := map[int64][]store.CourseProgress{}
				for _, row := range everyone.Rows {
					cells[row.Person.ID] = row.Cells
				}
				for _, row := range m.Rows {
					if !reflect.DeepEqual(row.Cells, cells[row.Person.ID]) {
						t.Errorf("course %d, %s: the manager's matrix\n%+v\nthe organisation's\n%+v", course, row.Person.Name, row.Cells, cells[row.Person.ID])
					}
				}
			}
			var assigned, passed, overdue int
			for _, tot := range m.Totals {
				assigned, passed, overdue = assigned+tot.Assigned, passed+tot.Passed, overdue+tot.Overdue
			}
			got := b.Overall
			if got.People != len(m.Rows) || got.Total() != assigned || got.Done() != passed || got.Behind() != overdue {
				t.Errorf("%s, course %d: breakdown %d people, %d assigned, %d passed, %d overdue; matrix %d, %d, %d, %d",
					who, course, got.People, got.Total(), got.Done(), got.Behind(), len(m.Rows), assigned, passed, overdue)
			}
			// Added up from the matrix, every page of the drill-down is the database's.
			dept := m.Rows[0].Person.Department
			for _, q := range []store.BreakdownQuery{{}, {Sort: store.SortName, Page: 2}, {Department: dept},
				{Department: dept, Sort: store.SortRate, Reverse: true}, {Search: "a"}, {Search: m.Rows[0].Person.TeamZH}} {
				fromMatrix, err := s.TrainingBreakdownOf(ctx, viewer, m, store.MatrixFilter{PersonIDs: scope, CourseID: course}, q)
				if err != nil {
					t.Fatal(err)
				}
				if counted, err := s.TrainingBreakdown(ctx, viewer, store.TrainingBreakdownFilter{CourseID: course}, q); err != nil {
					t.Fatal(err)
				} else if !reflect.DeepEqual(fromMatrix, counted) {
					t.Errorf("%s, course %d, %+v: from the matrix\n%+v\ncounted\n%+v", who, course, q, fromMatrix, counted)
				}
			}
			if course == 0 {
				all = assigned
			} else if assigned > 0 && assigned < all {
				narrowed++
			}
		}
		// The tier filter too, the other one the breakdown shares with the matrix.
		for _, tier := range store.Tiers {
			m, err := s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: scope, Tier: tier})
			if err != nil {
				t.Fatal(err)
			}
			fromMatrix, err := s.TrainingBreakdownOf(ctx, viewer, m, store.MatrixFilter{PersonIDs: scope, Tier: tier}, store.BreakdownQuery{})
			if err != nil {
				t.Fatal(err)
			}
			counted, err := s.TrainingBreakdown(ctx, viewer, store.TrainingBreakdownFilter{Tier: tier}, store.BreakdownQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fromMatrix, counted) {
				t.Errorf("%s, tier %s: from the matrix\n%+v\ncounted\n%+v", who, tier, fromMatrix, counted)
			}
		}
		// It adds up the matrix it is given: an empty one counts nobody.
		if b, err := s.TrainingBreakdownOf(ctx, viewer, store.Matrix{}, store.MatrixFilter{PersonIDs: scope}, store.BreakdownQuery{}); err != nil || b.Overall.People != 0 {
			t.Errorf("%s: an empty matrix's breakdown counts %d people (%v)", who, b.Overall.People, err)
		}
		// Filters the matrix applies and the breakdown does not are counted by the database.
		for _, f := range []store.MatrixFilter{{Status: store.StatusOverdue}, {Department: "D1"}, {Team: "T1"}, {EmployeeID: who}} {
			f.PersonIDs = scope
			b, err := s.TrainingBreakdownOf(ctx, viewer, store.Matrix{}, f, store.BreakdownQuery{})
			if err != nil || b.Overall.People == 0 {
				t.Errorf("%s, %+v: the breakdown counts %d people (%v)", who, f, b.Overall.People, err)
			}
		}
		// The filter must have narrowed something, or the comparison proves nothing.
		if all == 0 || narrowed == 0 {
			t.Errorf("%s: %d assignments, %d courses narrowing them", who, all, narrowed)
		}
	}
}
