package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// leaseLayout is fixed-width UTC, so expiry times compare as text on every engine.
const leaseLayout = "2006-01-02T15:04:05.000000000Z"

// Lease is who holds a named lease and until when.
type Lease struct {
	Name      string
	Holder    string
	ExpiresAt time.Time
}

// ClaimLease takes the named lease for holder until ttl from now, or renews it when holder
// already has it. It reports whether holder holds it now: false while another holder's
// lease has not expired. One statement decides, so two servers claiming at once cannot both
// win. Expiry is judged by the claimer's clock: app servers' clocks must agree to well
// within ttl (NTP).
func (s *Store) ClaimLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if holder == "" || ttl <= 0 {
		return false, fmt.Errorf("store: claim lease %s: empty holder or non-positive ttl", name)
	}
	now := s.now().UTC()
	res, err := s.db.ExecContext(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
		name, holder, now.Add(ttl).Format(leaseLayout), now.Format(leaseLayout))
	if err != nil {
		return false, fmt.Errorf("store: claim lease %s: %w", name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: claim lease %s: %w", name, err)
	}
	return n == 1, nil
}

// ReleaseLease gives the lease up if holder has it, so another server takes over at its
// next claim instead of waiting for the expiry (a clean shutdown).
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM leases WHERE name = ? AND holder = ?", name, holder); err != nil {
		return fmt.Errorf("store: release lease %s: %w", name, err)
	}
	return nil
}

// LeaseHolder returns the named lease as recorded (it may have expired), or ErrNotFound.
func (s *Store) LeaseHolder(ctx context.Context, name string) (Lease, error) {
	l := Lease{Name: name}
	var expires string
	err := s.db.QueryRowContext(ctx, "SELECT holder, expires_at FROM leases WHERE name = ?", name).Scan(&l.Holder, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: lease %s: %w", name, err)
	}
	if l.ExpiresAt, err = time.Parse(leaseLayout, expires); err != nil {
		return l, fmt.Errorf("store: lease %s: %w", name, err)
	}
	return l, nil
}

// jobRunsKept is how long a claimed slot is remembered; slots are claimed for the current
// hour only, so a day would do, and a month helps answer "did it run?".
const jobRunsKept = 30 * 24 * time.Hour

// ClaimJobSlot records that holder runs job name for slot (such as the hour
// "2026-12-03T17"), and reports whether it was first: false when the slot was already
// claimed, by anyone. Work claimed this way runs at most once per slot even if two servers
// both believe they hold the lease (a paused process whose lease expired meanwhile).
func (s *Store) ClaimJobSlot(ctx context.Context, name, slot, holder string) (bool, error) {
	now := s.now().UTC()
	var first bool
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO job_runs (name, slot, holder, ran_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name, slot) DO NOTHING`, name, slot, holder, now.Format(leaseLayout))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if first = n == 1; first {
			_, err = tx.ExecContext(ctx, "DELETE FROM job_runs WHERE name = ? AND ran_at < ?", name, now.Add(-jobRunsKept).Format(leaseLayout))
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: claim job slot %s %s: %w", name, slot, err)
	}
	return first, nil
}

// JobRun is one claimed slot of a job.
type JobRun struct {
	Slot   string
	Holder string
	RanAt  time.Time
}

// JobRuns lists who ran job name in which slots, oldest slot first.
func (s *Store) JobRuns(ctx context.Context, name string) ([]JobRun, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT slot, holder, ran_at FROM job_runs WHERE name = ? ORDER BY slot", name)
	if err != nil {
		return nil, fmt.Errorf("store: job runs %s: %w", name, err)
	}
	defer rows.Close()
	var out []JobRun
	for rows.Next() {
		var r JobRun
		var at string
		if err := rows.Scan(&r.Slot, &r.Holder, &at); err != nil {
			return nil, fmt.Errorf("store: job runs %s: %w", name, err)
		}
		if r.RanAt, err = time.Parse(leaseLayout, at); err != nil {
			return nil, fmt.Errorf("store: job runs %s: %w", name, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
