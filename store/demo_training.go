package store

import (
	"context"
	"database/sql"
)

// demoTraining adds the training area's demo content (called by LoadDemo inside its transaction).
func (s *Store) demoTraining(ctx context.Context, tx *sql.Tx) error { return nil }
