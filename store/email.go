package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Outbox statuses and retry rules.
const (
	EmailQueued = "queued"
	EmailSent   = "sent"
	EmailFailed = "failed"

	MaxEmailAttempts = 6               // then the email is failed and waits for an admin
	emailFirstRetry  = time.Minute     // doubled after each failure: 1, 2, 4, 8, 16 minutes
	emailClaimLease  = 5 * time.Minute // a claimed email is tried again after this if its worker died
)

// OutboxEmail is one email in the outbox.
type OutboxEmail struct {
	ID            int64
	To            string
	Language      string
	Subject       string
	Text, HTML    string
	Status        string
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	CreatedAt     time.Time
	// UnsubscribeURL, for a notification email, is its one-click unsubscribe address.
	UnsubscribeURL string
}

// queueEmail writes an email to the outbox inside the caller's transaction, so the email
// exists exactly when what caused it does.
func (s *Store) queueEmail(ctx context.Context, tx *sql.Tx, e Email) error {
	now := s.timestamp()
	_, err := tx.ExecContext(ctx, `INSERT INTO email_outbox (to_address, language, subject, text_body, html_body, next_attempt_at, created_at, link_id, unsubscribe_url)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.To, e.Language, e.Subject, e.Text, e.HTML, now, now, nullID(e.LinkID), e.UnsubscribeURL)
	if err != nil {
		return fmt.Errorf("store: queue email: %w", err)
	}
	return nil
}

// ClaimDueEmails takes up to limit queued emails whose time has come and pushes their next
// attempt a lease ahead, so another worker (another app instance) does not send them too.
func (s *Store) ClaimDueEmails(ctx context.Context, limit int) ([]OutboxEmail, error) {
	// The worker polls every few seconds: read first, and take the write lock only when an
	// email is waiting (queued, or failed with a link that may have expired).
	var waiting int
	if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM email_outbox
		WHERE status = 'queued' AND next_attempt_at <= ?1 OR status = 'failed' AND link_id IS NOT NULL)`, s.timestamp()).Scan(&waiting); err != nil {
		return nil, fmt.Errorf("store: claim emails: %w", err)
	}
	if waiting == 0 {
		return nil, nil
	}
	var out []OutboxEmail
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		// An email whose link has expired would carry a dead link: cancel it and clear its body.
		if _, err := tx.ExecContext(ctx, `UPDATE email_outbox SET status = 'cancelled', text_body = '', html_body = ''
			WHERE status IN ('queued', 'failed') AND link_id IS NOT NULL
			AND EXISTS (SELECT 1 FROM one_time_links l WHERE l.id = email_outbox.link_id AND l.expires_at <= ?)`, s.timestamp()); err != nil {
			return fmt.Errorf("store: cancel expired link emails: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, to_address, language, subject, text_body, html_body, attempts, unsubscribe_url
			FROM email_outbox WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`, s.timestamp(), limit)
		if err != nil {
			return fmt.Errorf("store: claim emails: %w", err)
		}
		for rows.Next() {
			var e OutboxEmail
			if err := rows.Scan(&e.ID, &e.To, &e.Language, &e.Subject, &e.Text, &e.HTML, &e.Attempts, &e.UnsubscribeURL); err != nil {
				rows.Close()
				return fmt.Errorf("store: claim emails: %w", err)
			}
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		lease := s.now().UTC().Add(emailClaimLease).Format(time.RFC3339)
		for _, e := range out {
			if _, err := tx.ExecContext(ctx, "UPDATE email_outbox SET next_attempt_at = ? WHERE id = ?", lease, e.ID); err != nil {
				return fmt.Errorf("store: claim emails: %w", err)
			}
		}
		return nil
	})
	return out, err
}

// EmailSent records a delivered email and clears its bodies: they may hold a one-time link,
// which must not stay at rest once delivered.
func (s *Store) EmailSent(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE email_outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '',
		text_body = '', html_body = '' WHERE id = ?`, s.timestamp(), id)
	if err != nil {
		return fmt.Errorf("store: email sent: %w", err)
	}
	return nil
}

// EmailFailed records a failed attempt: tried again later with exponential backoff, or
// marked failed after MaxEmailAttempts.
func (s *Store) EmailFailed(ctx context.Context, id int64, cause error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var attempts int
		if err := tx.QueryRowContext(ctx, "SELECT attempts FROM email_outbox WHERE id = ?", id).Scan(&attempts); err != nil {
			return fmt.Errorf("store: email failed: %w", err)
		}
		attempts++
		status := EmailQueued
		if attempts >= MaxEmailAttempts {
			status = EmailFailed
		}
		next := s.now().UTC().Add(emailFirstRetry << (attempts - 1)).Format(time.RFC3339)
		msg := cause.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		// A failed email carrying a link keeps no working token at rest: its body is cleared
		// (the admin makes a new link rather than sending this one again).
		_, err := tx.ExecContext(ctx, `UPDATE email_outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
			text_body = CASE WHEN ? = 'failed' AND link_id IS NOT NULL THEN '' ELSE text_body END,
			html_body = CASE WHEN ? = 'failed' AND link_id IS NOT NULL THEN '' ELSE html_body END WHERE id = ?`,
			status, attempts, next, msg, status, status, id)
		if err != nil {
			return fmt.Errorf("store: email failed: %w", err)
		}
		return nil
	})
}

// ErrEmailLinkGone: the email carried a one-time link and its body was cleared; a new
// invitation (or reset request) makes a new email.
var ErrEmailLinkGone = errors.New("store: the email's link is no longer kept")

// RetryEmail puts a failed (or waiting) email back in the queue for now, with fresh attempts.
func (s *Store) RetryEmail(ctx context.Context, actorID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var to string
		err := tx.QueryRowContext(ctx, `UPDATE email_outbox SET status = 'queued', attempts = 0, next_attempt_at = ?
			WHERE id = ? AND status IN ('queued', 'failed') AND text_body != '' RETURNING to_address`,
			s.timestamp(), id).Scan(&to)
		if err == sql.ErrNoRows {
			var cleared bool
			if tx.QueryRowContext(ctx, "SELECT link_id IS NOT NULL FROM email_outbox WHERE id = ? AND status != 'sent'", id).Scan(&cleared) == nil && cleared {
				return ErrEmailLinkGone
			}
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: retry email: %w", err)
		}
		_, err = s.record(ctx, tx, Event{Key: EventEmailRetry, Actor: actorID, Args: []Arg{Plain(to)}})
		return err
	})
}

// ListOutbox returns the emails not yet delivered (queued and failed), oldest first, and
// the number delivered.
func (s *Store) ListOutbox(ctx context.Context) ([]OutboxEmail, int, error) {
	var sent int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM email_outbox WHERE status = 'sent'").Scan(&sent); err != nil {
		return nil, 0, fmt.Errorf("store: count sent: %w", err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, to_address, language, subject, status, attempts, next_attempt_at, last_error, created_at
		FROM email_outbox WHERE status IN ('queued', 'failed') ORDER BY status = 'queued', id LIMIT 500`)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEmail
	for rows.Next() {
		var e OutboxEmail
		var next, created string
		if err := rows.Scan(&e.ID, &e.To, &e.Language, &e.Subject, &e.Status, &e.Attempts, &next, &e.LastError, &created); err != nil {
			return nil, 0, fmt.Errorf("store: list outbox: %w", err)
		}
		e.NextAttemptAt, _ = time.Parse(time.RFC3339, next)
		e.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, e)
	}
	return out, sent, rows.Err()
}

// QueueEmail queues one email outside any other write (a test message from the admin page).
func (s *Store) QueueEmail(ctx context.Context, e Email) error {
	e.To = strings.TrimSpace(e.To)
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.queueEmail(ctx, tx, e) })
}

// SetSettingAudited stores a setting and audits it with shown in place of the value (a
// secret such as the SMTP password never reaches the audit log).
func (s *Store) SetSettingAudited(ctx context.Context, actorID int64, key, value, shown string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, key, value); err != nil {
			return err
		}
		_, err := s.record(ctx, tx, Event{Key: EventSettingChange, Actor: actorID, Args: []Arg{Plain(key), Plain(shown)}})
		return err
	})
}
