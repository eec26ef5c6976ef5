package store

import (
	"context"
	"database/sql"
)

// attemptScored is called inside the transaction in which an attempt becomes scored
// (on submission, or when its last written answer is reviewed). The owner of the set
// reacts: a course records the completion; another area adds its own case here.
func (s *Store) attemptScored(ctx context.Context, tx *sql.Tx, a Attempt) error {
	var owner string
	if err := tx.QueryRowContext(ctx, "SELECT owner FROM question_sets WHERE id = ?", a.SetID).Scan(&owner); err != nil {
		return err
	}
	switch owner {
	case QuestionSetOwnerCourse:
		return s.courseAttemptScored(ctx, tx, a)
	}
	return nil
}
