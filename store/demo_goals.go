package store

import (
	"context"
	"database/sql"
)

// demoGoals adds the goals area's demo content (called by LoadDemo inside its transaction).
func (s *Store) demoGoals(ctx context.Context, tx *sql.Tx) error { return nil }
