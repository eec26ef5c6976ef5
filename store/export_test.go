package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// FreshGoals exposes freshGoals to the external tests: every goal's figures worked out
// from its check-ins and children, ignoring the kept columns.
func (s *Store) FreshGoals(ctx context.Context) ([]*Goal, error) { return freshGoals(ctx, s.db) }

// RunGoalBackfill forgets every goal's kept figures and runs the goal backfills of migrations
// 0023 (progress) and 0037 (child counts) again (their statements after the ALTERs), as they
// ran on a database that had goals.
func (s *Store) RunGoalBackfill(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE goals SET current_value = NULL, last_checkin = '', checkin_count = 0, progress = 0, rolled_up = 0,
		child_count = 0, child_active = 0, child_personal = 0`); err != nil {
		return err
	}
	for _, name := range []string{"migrations/0023_kept_figures.sql", "migrations/0037_goal_child_counts.sql"} {
		src, err := s.migrationBody(name)
		if err != nil {
			return err
		}
		goals, _, _ := strings.Cut(src, "-- Each giver's") // the goals' part of 0023
		var keep []string
		for _, line := range strings.Split(goals, "\n") {
			if !strings.HasPrefix(line, "ALTER TABLE") {
				keep = append(keep, line)
			}
		}
		if _, err = s.db.ExecContext(ctx, strings.Join(keep, "\n")); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// HoldWriteLock takes the database's write lock (transactions begin IMMEDIATE) until
// release is called, so tests can let concurrent writers read and queue behind it.
func (s *Store) HoldWriteLock(ctx context.Context) (release func(), err error) {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE settings SET value = value WHERE 1=0"); err != nil {
		tx.Rollback()
		return nil, err
	}
	return func() { tx.Rollback() }, nil
}

// GiveQueue is how many checked awards wait for the writer, and whether one is writing.
func (s *Store) GiveQueue() (waiting int, writing bool) {
	s.gives.mu.Lock()
	defer s.gives.mu.Unlock()
	return len(s.gives.waiting), s.gives.writing
}

// GiveTransactions is how many write transactions awards have taken so far (group commit).
func (s *Store) GiveTransactions() int64 { return s.gives.transactions.Load() }

// PersonalGoalsPlan is the engine's EXPLAIN of GoalsOwnedBy's read (pgplan_test.go).
func (s *Store) PersonalGoalsPlan(ctx context.Context, personID int64) (string, error) {
	return explain(ctx, s.db, personalGoalsSQL, personID)
}

// explain is PostgreSQL's plan of query, one line per row of EXPLAIN.
func explain(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, query string, args ...any) (string, error) {
	rows, err := q.QueryContext(ctx, "EXPLAIN "+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n"), rows.Err()
}

// RunCheckKeptBackfill forgets the kept department figures (0041) and waiting-answer
// totals (0044) and runs those migrations' catch-up statements again (their top-level
// INSERTs), as they ran on a database with checks.
func (s *Store) RunCheckKeptBackfill(ctx context.Context) error {
	for _, table := range []string{"check_live_departments", "check_department_totals", "check_queue_totals"} {
		if _, err := s.db.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
	}
	for _, m := range []struct {
		name       string
		statements int
	}{{"migrations/0041_check_departments.sql", 2}, {"migrations/0044_check_queue_totals.sql", 1}} {
		src, err := s.migrationBody(m.name)
		if err != nil {
			return err
		}
		var statement []string
		ran := 0
		for _, line := range strings.Split(src, "\n") {
			if len(statement) == 0 && !strings.HasPrefix(line, "INSERT INTO ") {
				continue // the triggers' own INSERTs are indented
			}
			statement = append(statement, line)
			if strings.HasSuffix(strings.TrimSpace(line), ";") {
				if _, err := s.db.ExecContext(ctx, strings.Join(statement, "\n")); err != nil {
					return fmt.Errorf("%s: %w", m.name, err)
				}
				statement, ran = nil, ran+1
			}
		}
		if ran != m.statements {
			return fmt.Errorf("%s: %d catch-up statements, want %d", m.name, ran, m.statements)
		}
	}
	return nil
}

// MonthStripValuePlan is PostgreSQL's plan of one value's month strip read, with sequential
// scans off (the test's small organisation would otherwise be read whole): whether the
// value id reaches the index condition depends only on the parameter's type.
func (s *Store) MonthStripValuePlan(ctx context.Context, month string, valueID int64) (string, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, "RESET enable_seqscan")
	return explain(ctx, conn, monthStripValueSQL, month, valueID, "2026-11-23", 5)
}
