package store

import (
	"context"
	"strings"
)

// NeedsRefresher lists the counted people of check c in viewer's scope who did not
// demonstrate understanding: not understood or no response, and — once the check has
// closed — those whose written answers were still waiting for review.
func (s *Store) NeedsRefresher(ctx context.Context, c Check, viewer Person) ([]PopulationRow, error) {
	rep, err := s.CheckReport(ctx, c, viewer)
	if err != nil {
		return nil, err
	}
	return NeedsRefresherIn(rep), nil
}

// NeedsRefresherIn is NeedsRefresher read from a report already built.
func NeedsRefresherIn(rep Report) []PopulationRow {
	c := rep.Check
	var out []PopulationRow
	for _, p := range rep.People {
		switch p.Outcome.Result {
		case ResultNotUnderstood, ResultNoResponse:
			out = append(out, p)
		case ResultPendingReview:
			if c.Status == CheckClosed {
				out = append(out, p)
			}
		}
	}
	return out
}

// AssignRefresher assigns a training course, in one action, to everyone NeedsRefresher
// lists for viewer, through a hand-picked assignment rule of the training area (due
// dueDays after today). It returns how many new assignments were made.
func (s *Store) AssignRefresher(ctx context.Context, c Check, viewer Person, courseID int64, dueDays int) (int, error) {
	people, err := s.NeedsRefresher(ctx, c, viewer)
	if err != nil {
		return 0, err
	}
	if len(people) == 0 {
		return 0, &ValidationError{Problems: []Problem{{Field: "course_id", Code: "check_nobody_to_assign"}}}
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.EmployeeID
	}
	_, n, err := s.CreateAssignmentRule(ctx, viewer.ID, AssignmentRuleInput{CourseID: courseID, Kind: RulePeople,
		DueDays: dueDays, EmployeeIDs: strings.Join(ids, ",")})
	return n, err
}
