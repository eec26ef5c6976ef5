package store

import (
	"context"
)

// The home page's check tile needs only the overall figures of two checks, not their reports:
// CheckOverall adds up the organisation's kept department figures (a few hundred rows) or
// the report's own grouped cells of a manager's tree (its rows, when the request has read
// them already).

// CheckOverall returns check c's overall figures in viewer's scope: CheckReport's Overall,
// and CheckReportSummary's, read without building either.
func (s *Store) CheckOverall(ctx context.Context, c Check, viewer Person) (Counts, error) {
	var out Counts
	cells, err := s.reportCellsAt(ctx, c, viewer, departmentsOnly, "", false)
	if err != nil {
		return out, err
	}
	for _, rc := range cells {
		out.AddN(rc.result, rc.n)
	}
	return out, nil
}

// LatestClosedCheck is the closed check that closed last (the trend's last point), and
// false when none has closed.
func LatestClosedCheck(checks []Check) (Check, bool) {
	var best Check
	found := false
	for i := len(checks) - 1; i >= 0; i-- { // CheckTrend's order: ties go to the later in the list
		if c := checks[i]; c.Status == CheckClosed && (!found || !c.ClosesOn.Before(best.ClosesOn)) {
			best, found = c, true
		}
	}
	return best, found
}
