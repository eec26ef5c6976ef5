package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// demoChecks adds the checks area's demo content (called by LoadDemo inside its transaction):
// two closed quarterly checks showing improvement (about 52% then 76%, front line lowest)
// and one open check with about half the responses in, written answers waiting for review
// in manager's queue and a few interviews. agent counts in the open check and has not
// answered; newhire is not eligible (a practice attempt waits in manager's queue). Works for
// whatever people exist; a seeded generator keeps it deterministic.
func (s *Store) demoChecks(ctx context.Context, tx *sql.Tx) error {
	today := Day(s.now())
	rng := rand.New(rand.NewPCG(2026, 80))
	type plan struct {
		title          string
		opens, closes  int // days from today
		understood     map[string]float64
		cultureVersion int64
	}
	closed := []plan{
		{"Q2 strategy check", -190, -176, map[string]float64{TierSeniorLeader: 0.86, TierMiddleManager: 0.7, TierFrontLine: 0.49}, 1},
		{"Q3 strategy check", -100, -86, map[string]float64{TierSeniorLeader: 1, TierMiddleManager: 0.9, TierFrontLine: 0.74}, 1},
	}
	ids := map[string]int64{}
	for _, e := range []string{"admin", "leader", "manager", "agent", "newhire"} {
		var id int64
		if err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = ?", e).Scan(&id); err == nil {
			ids[e] = id
		}
	}
	create := func(p plan) (Check, error) {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO checks (title, opens_on, closes_on, target_pct, min_tenure_days,
			employment_types, pass_mark, culture_version, retakes, created_by, created_at)
			VALUES (?, ?, ?, 80, 90, 'permanent', 70, ?, 1, ?, ?) RETURNING id`,
			p.title, today.AddDate(0, 0, p.opens).Format(DateLayout), today.AddDate(0, 0, p.closes).Format(DateLayout),
			p.cultureVersion, nullID(ids["leader"]), at(today.AddDate(0, 0, p.opens-7), 9)).Scan(&id)
		if err != nil {
			return Check{}, fmt.Errorf("store: demo check: %w", err)
		}
		if err := s.openCheck(ctx, tx, id); err != nil {
			return Check{}, err
		}
		_, err = tx.ExecContext(ctx, "UPDATE checks SET opened_at = ? WHERE id = ?", at(today.AddDate(0, 0, p.opens), 7), id)
		if err != nil {
			return Check{}, err
		}
		return s.checkTx(ctx, tx, id)
	}
	for i, p := range closed {
		c, err := create(p)
		if err != nil {
			return err
		}
		pop, err := s.snapshotRows(ctx, tx, c, false)
		if err != nil {
			return err
		}
		for _, m := range pop {
			day := c.OpensOn.AddDate(0, 0, rng.IntN(14))
			reviewer := m.ManagerID
			if reviewer == 0 {
				reviewer = ids["leader"]
			}
			u := rng.Float64()
			pU := p.understood[m.Tier]
			// The fixed demo accounts tell the same story at any size: the leaders understood both
			// times, manager improved, agent failed in Q2 and was still waiting for review in Q3.
			switch m.PersonID {
			case ids["leader"], ids["admin"]:
				u = 0
			case ids["manager"]:
				u = map[bool]float64{true: 0.99, false: 0}[i == 0]
			case ids["agent"]:
				u = map[bool]float64{true: pU + (1-pU)*0.5, false: pU + (1-pU)*0.3}[i == 0]
			}
			switch {
			case u < pU*0.9: // passed the check, written answer accepted
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenAccepted, reviewer)
			case u < pU: // understood in an interview
				err = s.demoInterview(ctx, tx, c.ID, m.PersonID, day, VerdictUnderstood, reviewer)
			case u < pU+(1-pU)*0.25: // never answered
			case u < pU+(1-pU)*0.4: // written answer still waiting at closing: not understood
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenPending, 0)
			case u < pU+(1-pU)*0.7: // below the pass mark
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, float64(30+rng.IntN(40)), WrittenRejected, reviewer)
			default: // passed the mark, written answer not accepted
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenRejected, reviewer)
			}
			if err != nil {
				return err
			}
		}
		if err := s.closeCheck(ctx, tx, c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE checks SET closed_at = ? WHERE id = ?", at(c.ClosesOn.AddDate(0, 0, 1), 0), c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM notifications WHERE kind = 'checks_opened' AND link = ?",
			fmt.Sprintf("/checks/%d", c.ID)); err != nil {
			return err
		}
	}

	// The open check: about half have answered; agent has not.
	c, err := create(plan{title: "Q4 strategy check", opens: -5, closes: 9, cultureVersion: 2})
	if err != nil {
		return err
	}
	pop, err := s.snapshotRows(ctx, tx, c, false)
	if err != nil {
		return err
	}
	for _, m := range pop {
		if m.PersonID == ids["agent"] || m.PersonID == ids["leader"] {
			continue
		}
		day := today.AddDate(0, 0, -rng.IntN(5))
		u := rng.Float64()
		switch {
		case m.ManagerID != 0 && m.ManagerID == ids["manager"] && u < 0.6: // waiting in manager's queue
			err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenPending, 0)
		case u < 0.38:
			reviewer := m.ManagerID
			if reviewer == 0 {
				reviewer = ids["leader"]
			}
			err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenAccepted, reviewer)
		case u < 0.45:
			err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenPending, 0)
		case u < 0.5:
			err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, float64(30+rng.IntN(40)), WrittenRejected, m.ManagerID)
		case u < 0.54 && m.ManagerID != 0:
			verdict := VerdictUnderstood
			if rng.IntN(4) == 0 {
				verdict = VerdictNotUnderstood
			}
			err = s.demoInterview(ctx, tx, c.ID, m.PersonID, day, verdict, m.ManagerID)
		}
		if err != nil {
			return err
		}
	}
	// newhire is not eligible but practised; the written answer waits in manager's queue.
	if ids["newhire"] != 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark,
			written_status, practice) VALUES (?, ?, ?, 80, 1, 'pending', 1)`, c.ID, ids["newhire"], at(today.AddDate(0, 0, -1), 10))
		if err != nil {
			return fmt.Errorf("store: demo practice: %w", err)
		}
	}
	return nil
}

func at(day time.Time, hour int) string {
	return day.Add(time.Duration(hour) * time.Hour).UTC().Format(time.RFC3339)
}

// demoAttempt inserts an attempt the way RecordCheckAttempt and ReviewCheckAttempt leave it.
func (s *Store) demoAttempt(ctx context.Context, tx *sql.Tx, checkID, personID int64, day time.Time, score float64, written string, reviewerID int64) error {
	var reviewedAt any
	feedback := ""
	if written == WrittenAccepted || written == WrittenRejected {
		reviewedAt = at(day.AddDate(0, 0, 1), 11)
		if written == WrittenRejected && score >= 70 {
			feedback = "Name the three parts of our service strategy and how they help the customer."
		}
	} else {
		reviewerID = 0
	}
	if written == WrittenRejected && score < 70 {
		written, reviewerID, reviewedAt = WrittenNone, 0, nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark,
		written_status, reviewer_id, reviewed_at, feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		checkID, personID, at(day, 10), score, score >= 70, written, nullID(reviewerID), reviewedAt, feedback)
	if err != nil {
		return fmt.Errorf("store: demo attempt: %w", err)
	}
	return nil
}

func (s *Store) demoInterview(ctx context.Context, tx *sql.Tx, checkID, personID int64, day time.Time, verdict string, by int64) error {
	summary := "Explained our promise to fix it the first time and why the customer's effort matters."
	if verdict == VerdictNotUnderstood {
		summary = "Knew the values but could not say what our service strategy is."
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO check_interviews (check_id, person_id, interviewed_on, summary, verdict,
		recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		checkID, personID, day.Format(DateLayout), strings.TrimSpace(summary), verdict, nullID(by), at(day, 15))
	if err != nil {
		return fmt.Errorf("store: demo interview: %w", err)
	}
	return nil
}
