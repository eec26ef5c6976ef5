package store

import (
	"context"
	"strings"
)

// FreshGoals exposes freshGoals to the external tests: every goal's figures worked out
// from its check-ins and children, ignoring the kept columns.
func (s *Store) FreshGoals(ctx context.Context) ([]*Goal, error) { return freshGoals(ctx, s.db) }

// RunGoalBackfill forgets every goal's kept figures and runs migration 0023's backfill
// again (its statements after the ALTERs), as it ran on a database that had goals.
func (s *Store) RunGoalBackfill(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "UPDATE goals SET current_value = NULL, last_checkin = '', checkin_count = 0, progress = 0, rolled_up = 0"); err != nil {
		return err
	}
	src, err := migrationFiles.ReadFile("migrations/0023_goal_kept_progress.sql")
	if err != nil {
		return err
	}
	var keep []string
	for _, line := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(line, "ALTER TABLE") {
			keep = append(keep, line)
		}
	}
	_, err = s.db.ExecContext(ctx, strings.Join(keep, "\n"))
	return err
}
