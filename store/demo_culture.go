package store

import (
	"context"
	"database/sql"
)

// demoCulture adds the culture area's demo content (called by LoadDemo inside its transaction).
func (s *Store) demoCulture(ctx context.Context, tx *sql.Tx) error { return nil }
