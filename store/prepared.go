package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Statements parsed once. modernc's SQLite parses a statement's SQL again on every Exec and
// Query; on the award path (a dozen statements inside the write lock) parsing was about half
// of the CPU, and the person lookup runs on every page view.
const (
	sqlPersonByID         = "SELECT " + personColumns + personFrom + "WHERE p.id = ?"
	sqlPersonByEmployeeID = "SELECT " + personColumns + personFrom + "WHERE p.employee_id = ?"
	// SignedInPerson's: the person, their own and team numbers, their unread notifications.
	sqlSignedInPerson = "SELECT " + personColumns + `,
		(SELECT COALESCE(sum(n), 0) FROM own_inbox_versions WHERE person_id IN (0, p.id)),
		(SELECT COALESCE(sum(n), 0) FROM team_inbox_versions WHERE manager_id IN (0, p.id)),
		(SELECT count(*) FROM notifications WHERE person_id = p.id AND read_at IS NULL)` + personFrom + "WHERE p.id = ?"
	sqlRecognitionByKey = "SELECT id FROM recognitions WHERE idempotency_key = ?"
	sqlSetting          = "SELECT value FROM settings WHERE key = ?"
	sqlAllowanceUsed    = "SELECT COALESCE((SELECT used FROM allowance_counts WHERE person_id = ? AND month = ?), 0)"
	// Claims one of the month's peer recognitions: changes no row once the allowance is used.
	sqlAllowanceClaim = `INSERT INTO allowance_counts (person_id, month, used) VALUES (?, ?, 1)
		ON CONFLICT (person_id, month) DO UPDATE SET used = allowance_counts.used + 1 WHERE allowance_counts.used < ?`
	sqlActiveValue       = "SELECT count(*) FROM culture_values WHERE id = ? AND retired_at IS NULL"
	sqlBadgeByID         = "SELECT " + badgeColumns + " FROM badges b WHERE b.id = ?"
	sqlInsertRecognition = `INSERT INTO recognitions (source, giver_id, badge_id, value_id, message, team, channel,
		customer_words, praised_on, qa_score, uses_allowance, idempotency_key, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	sqlInsertRecipient = "INSERT INTO recognition_recipients (recognition_id, person_id) VALUES (?, ?)"
)

// prepare parses the hot statements once, after the migrations; database/sql then prepares
// each on a pooled connection the first time it is used there and keeps it.
func (s *Store) prepare(ctx context.Context) error {
	s.stmts = map[string]*sql.Stmt{}
	for _, q := range []string{sqlPersonByID, sqlPersonByEmployeeID, sqlSignedInPerson, sqlRecognitionByKey, sqlSetting, sqlAllowanceUsed,
		sqlAllowanceClaim, sqlActiveValue, sqlBadgeByID, sqlInsertRecognition, sqlInsertRecipient} {
		st, err := s.db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("store: prepare: %w", err)
		}
		s.stmts[q] = st
	}
	return nil
}

// stmtIn is query's prepared statement bound to tx (nil when the query is not a hot one).
func (s *Store) stmtIn(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	if st, ok := s.stmts[query]; ok {
		return tx.StmtContext(ctx, st)
	}
	return nil
}

// queryRowTx runs a one-row query in tx (outside a transaction when tx is nil), prepared once
// when it is a hot statement.
func (s *Store) queryRowTx(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if tx == nil {
		return s.queryRow(ctx, query, args...)
	}
	if st := s.stmtIn(ctx, tx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}

// execTx runs a statement in tx, prepared once when it is a hot one.
func (s *Store) execTx(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st := s.stmtIn(ctx, tx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// queryRow runs a one-row query outside a transaction, prepared once when it is a hot one.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st, ok := s.stmts[query]; ok {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, query, args...)
}
