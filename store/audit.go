package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AuditEntry is one recorded administrative action.
type AuditEntry struct {
	ID        int64
	At        time.Time
	ActorID   int64
	ActorName string
	Action    string
	Subject   string
	Detail    string
}

// audit records who did what, inside the caller's transaction.
func (s *Store) audit(ctx context.Context, tx *sql.Tx, actorID int64, action, subject, detail string) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
		s.timestamp(), nullID(actorID), action, subject, detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// Audit records an action outside any other write.
func (s *Store) Audit(ctx context.Context, actorID int64, action, subject, detail string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.audit(ctx, tx, actorID, action, subject, detail) })
}

// ListAudit returns the newest entries first, and the total.
func (s *Store) ListAudit(ctx context.Context, limit, offset int) ([]AuditEntry, int, error) {
	var total int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log").Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.at, COALESCE(a.actor_id, 0), COALESCE(p.name, ''), a.action, a.subject, a.detail
		FROM audit_log a LEFT JOIN people p ON p.id = a.actor_id ORDER BY a.id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.ActorName, &e.Action, &e.Subject, &e.Detail); err != nil {
			return nil, 0, fmt.Errorf("store: list audit: %w", err)
		}
		e.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, e)
	}
	return out, total, rows.Err()
}
