package store

import (
	"context"
	"database/sql"
)

// Each area adds its demo content in its own function, called in this order by LoadDemo.

func (s *Store) demoCulture(ctx context.Context, tx *sql.Tx) error     { return nil }
func (s *Store) demoGoals(ctx context.Context, tx *sql.Tx) error       { return nil }
func (s *Store) demoTraining(ctx context.Context, tx *sql.Tx) error    { return nil }
func (s *Store) demoChecks(ctx context.Context, tx *sql.Tx) error      { return nil }
func (s *Store) demoRecognition(ctx context.Context, tx *sql.Tx) error { return nil }
