package store_test

import (
	"context"
	"testing"

	"lodestar/store"
)

// The home tile's figures (CheckOverall, LatestClosedCheck) are the full report's overall
// and the trend's last point, for the organisation and for a manager, open and closed, after
// evidence arrived and someone left (the kept department rows follow live_result and left_on).
func TestCheckOverallMatchesReportAndTrend(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := mustOpenStore(t, clk)
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	c := checksMust[store.Check](t)(s.CurrentCheck(ctx))
	leader := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "leader"))
	manager := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "manager"))
	agent := checksMust[store.Person](t)(s.PersonByEmployeeID(ctx, "agent"))
	if _, err := s.RecordCheckAttempt(ctx, c.ID, agent.ID, 95, false); err != nil {
		t.Fatal(err)
	}
	rep := checksMust[store.Report](t)(s.CheckReport(ctx, c, leader))
	for _, p := range rep.People {
		leaver := checksMust[store.Person](t)(s.PersonByID(ctx, p.PersonID))
		if p.Outcome.Result == store.ResultNoResponse && leaver.Role == store.RoleEmployee {
			checksEditPerson(t, s, leaver, func(in *store.PersonInput) { in.LeftOn = clk.t.Format(store.DateLayout) })
			break
		}
	}
	agree := func(c store.Check) {
		t.Helper()
		for _, viewer := range []store.Person{leader, manager} {
			want := checksMust[store.Report](t)(s.CheckReport(ctx, c, viewer)).Overall
			got := checksMust[store.Counts](t)(s.CheckOverall(ctx, c, viewer))
			if got != want {
				t.Errorf("%s (%s) as %s: tile %+v, report %+v", c.Title, c.Status, viewer.EmployeeID, got, want)
			}
			if want.Eligible == 0 {
				t.Errorf("%s as %s: nobody counted, the comparison proves nothing", c.Title, viewer.EmployeeID)
			}
			trend := checksMust[[]store.TrendPoint](t)(s.CheckTrend(ctx, viewer))
			last, ok := store.LatestClosedCheck(checksMust[[]store.Check](t)(s.ListChecks(ctx)))
			if !ok || len(trend) == 0 || trend[len(trend)-1].Check.ID != last.ID {
				t.Fatalf("latest closed check %v, trend ends with %+v", last.ID, trend[len(trend)-1].Check.ID)
			}
			if got := checksMust[store.Counts](t)(s.CheckOverall(ctx, last, viewer)); got != trend[len(trend)-1].Overall {
				t.Errorf("previous check as %s: tile %+v, trend %+v", viewer.EmployeeID, got, trend[len(trend)-1].Overall)
			}
		}
	}
	agree(c)
	if err := s.CloseCheckNow(ctx, leader.ID, c.ID); err != nil {
		t.Fatal(err)
	}
	agree(checksMust[store.Check](t)(s.CheckByID(ctx, c.ID)))
}
