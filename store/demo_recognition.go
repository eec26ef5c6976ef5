package store

import (
	"context"
	"database/sql"
)

// demoRecognition adds the recognition area's demo content (called by LoadDemo inside its transaction).
func (s *Store) demoRecognition(ctx context.Context, tx *sql.Tx) error { return nil }
