package store

import (
	"context"
	"fmt"
)

// CheckStanding is a person's result in one check, as their profile shows it: the result
// and the kind and date of the deciding evidence, never their answers, score or feedback.
type CheckStanding struct {
	Check   Check
	Outcome Outcome
}

// checkStandingsSQL lists the checks that have opened with the person in their snapshot,
// latest first.
const checkStandingsSQL = "SELECT " + checkColumns + ` FROM checks
	WHERE status != 'scheduled' AND id IN (SELECT check_id FROM check_population WHERE person_id = ?)
	ORDER BY opens_on DESC, id DESC`

// CheckStandings returns personID's results in the latest checks that count them, newest
// first (at most limit): open and closed checks whose snapshot holds the person and that
// still count them (a person who left before a check closed is not in its figures). A
// closed check gives the frozen result; an open one the result from the evidence so far.
//
// Kept under the organisation's report number (check_report_kept.go), which every change of a
// check, a snapshot row or evidence moves: five statements on every profile view otherwise.
func (s *Store) CheckStandings(ctx context.Context, personID int64, limit int) ([]CheckStanding, error) {
	key := fmt.Sprintf("standings %d %d %s", personID, limit, Day(s.now()).Format(DateLayout))
	return keptRead(ctx, s, &s.standings, checkReportVersionSQL, keptStandingsMax, key, func() ([]CheckStanding, error) {
		return s.readCheckStandings(ctx, personID, limit)
	})
}

// keptStandingsMax bounds the kept standings (a few checks each, well under 1 KB).
const keptStandingsMax = 2000

func (s *Store) readCheckStandings(ctx context.Context, personID int64, limit int) ([]CheckStanding, error) {
	// The checks themselves in the same statement: one CheckByID each cost a statement per
	// check the person was ever in, on every profile view.
	rows, err := s.db.QueryContext(ctx, checkStandingsSQL, personID)
	if err != nil {
		return nil, fmt.Errorf("store: check standings: %w", err)
	}
	var checks []Check
	for rows.Next() {
		c, err := scanCheck(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: check standings: %w", err)
		}
		checks = append(checks, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: check standings: %w", err)
	}
	var out []CheckStanding
	for _, c := range checks {
		if len(out) >= limit {
			break
		}
		row, ok, err := s.personResult(ctx, c, personID)
		if err != nil {
			return nil, err
		}
		if ok && row.Counted {
			out = append(out, CheckStanding{Check: c, Outcome: row.Outcome})
		}
	}
	return out, nil
}

// personResult is one snapshot person's row of check c (frozen once closed, else live).
// Once per reading request: a profile's checks section and the shell's inbox both ask.
func (s *Store) personResult(ctx context.Context, c Check, personID int64) (PopulationRow, bool, error) {
	type result struct {
		row    PopulationRow
		member bool
	}
	r, err := memoized(ctx, memoQuestion{what: "check result", a: c.ID, b: personID}, func() (result, error) {
		row, member, err := s.personResultNow(ctx, c, personID)
		return result{row, member}, err
	})
	return r.row, r.member, err
}

func (s *Store) personResultNow(ctx context.Context, c Check, personID int64) (PopulationRow, bool, error) {
	return s.personResultFrom(ctx, c, personID, func() ([]CheckAttempt, []Interview, error) {
		attempts, err := s.checkAttempts(ctx, s.db, c.ID, "a.person_id = ? AND a.practice = 0", personID)
		if err != nil {
			return nil, nil, err
		}
		interviews, err := s.checkInterviews(ctx, s.db, c.ID, personID)
		return attempts, interviews, err
	})
}

// personResultFrom is personResultNow with the person's evidence (attempts that are not
// practice, interviews) from evidence, asked only while the check is open and the person is
// in its snapshot.
func (s *Store) personResultFrom(ctx context.Context, c Check, personID int64,
	evidence func() ([]CheckAttempt, []Interview, error)) (PopulationRow, bool, error) {
	rows, err := s.snapshotRowsOf(ctx, s.db, c, c.Status == CheckClosed, personID)
	if err != nil || len(rows) == 0 {
		return PopulationRow{}, false, err
	}
	r := rows[0]
	if c.Status == CheckClosed {
		return r, true, nil
	}
	attempts, interviews, err := evidence()
	if err != nil {
		return r, false, err
	}
	r.Counted = !LeftBeforeClose(r.LeftOn, c.ClosesOn)
	r.Outcome = DecideOutcome(attempts, interviews)
	return r, true, nil
}

// CheckPersonRow returns one snapshot person's row of check c with their result (frozen
// once closed); ErrNotFound when the person is not in the check's snapshot.
func (s *Store) CheckPersonRow(ctx context.Context, c Check, personID int64) (PopulationRow, error) {
	row, ok, err := s.personResult(ctx, c, personID)
	if err == nil && !ok {
		err = ErrNotFound
	}
	return row, err
}
