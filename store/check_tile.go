package store

import (
	"context"
	"fmt"
)

// The home page's check tile needs only the overall figures of two checks, not their reports:
// CheckOverall counts them with one GROUP BY (the organisation's open check) or the report's
// own grouped cells (a manager's tree; a closed check's kept totals).

// liveOverallSQL counts an open check's snapshot by result, the counted people only
// (?1 check, ?3 closing date, as the report's queries bind them).
const liveOverallSQL = `SELECT cp.live_result, COALESCE(sum(CASE WHEN ` + liveCountedSQL + ` THEN 1 ELSE 0 END), 0)
	FROM check_population cp WHERE cp.check_id = ?1 GROUP BY cp.live_result`

// CheckOverall returns check c's overall figures in viewer's scope: CheckReport's Overall,
// and CheckReportSummary's, read without building either.
func (s *Store) CheckOverall(ctx context.Context, c Check, viewer Person) (Counts, error) {
	var out Counts
	all := viewer.Role == RoleLeader || viewer.Role == RoleAdmin // reportCells' scope rule
	if !all || c.Status == CheckClosed {
		cells, err := s.reportCells(ctx, c, viewer)
		if err != nil {
			return out, err
		}
		for _, rc := range cells {
			out.AddN(rc.result, rc.n)
		}
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, liveOverallSQL, c.ID, viewer.ID, c.ClosesOn.Format(DateLayout))
	if err != nil {
		return out, fmt.Errorf("store: check overall: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var result string
		var n int
		if err := rows.Scan(&result, &n); err != nil {
			return out, fmt.Errorf("store: check overall: %w", err)
		}
		out.AddN(result, n)
	}
	return out, rows.Err()
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
