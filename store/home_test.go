package store_test

import (
	"context"
	"testing"

	"lodestar/store"
)

// The tiles' counts equal the reports they summarise, for the organisation and a manager's tree.
func TestHomeCountsEqualTheReports(t *testing.T) {
	ctx := context.Background()
	s, _ := demoLoaded(t)
	course, err := s.CourseByKey(ctx, store.OnboardingCourseKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"leader", "manager", "E10001", "E10090"} {
		p := demoPerson(t, s, who)
		ack, err := s.CultureAckReport(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		want, id := ack.Overall, int64(0)
		if ack.Team != nil {
			want, id = *ack.Team, p.ID
		}
		version, got, err := s.CultureReadCount(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if version != ack.Version || got.Read != want.Read || got.Total != want.Total || got.Total == 0 {
			t.Errorf("%s: culture v%d %d of %d, report v%d %d of %d", who, version, got.Read, got.Total, ack.Version, want.Read, want.Total)
		}

		var scope []int64
		if p.Role == store.RoleManager {
			if scope, err = s.OrgPeopleIDs(ctx, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		m, err := s.CompletionMatrix(ctx, store.MatrixFilter{PersonIDs: scope, CourseID: course.ID})
		if err != nil {
			t.Fatal(err)
		}
		totals, err := s.CourseTotalsFor(ctx, course.ID, scope)
		if err != nil {
			t.Fatal(err)
		}
		if totals != m.Totals[0] || totals.Assigned == 0 || (who == "leader" && (totals.Passed == 0 || totals.Overdue == 0)) {
			t.Errorf("%s: onboarding %+v, matrix %+v", who, totals, m.Totals[0])
		}
	}
	// The organisation's read count (a leader's tile) leaves out people who read the version
	// and then left, as the report does.
	agent := demoPerson(t, s, "agent")
	version, _, err := s.CultureReadCount(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AcknowledgeCulture(ctx, agent.ID, version); err != nil {
		t.Fatal(err)
	}
	in := store.InputFromPerson(agent)
	in.LeftOn = agent.HiredOn.AddDate(1, 0, 0).Format(store.DateLayout)
	if _, err := s.SavePerson(ctx, 0, in); err != nil {
		t.Fatal(err)
	}
	ack, err := s.CultureAckReport(ctx, demoPerson(t, s, "leader"))
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := s.CultureReadCount(ctx, 0); err != nil || got.Read != ack.Overall.Read || got.Total != ack.Overall.Total {
		t.Errorf("after a reader left: %d of %d, report %d of %d (%v)", got.Read, got.Total, ack.Overall.Read, ack.Overall.Total, err)
	}
}
