package store

import (
	"context"
	"database/sql"
)

// demoChecks adds the checks area's demo content (called by LoadDemo inside its transaction).
func (s *Store) demoChecks(ctx context.Context, tx *sql.Tx) error { return nil }
