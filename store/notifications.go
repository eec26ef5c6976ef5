package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Notification is an in-app message to one person. Kind is a message key; Args fill it.
type Notification struct {
	ID        int64
	PersonID  int64
	Kind      string
	Args      []string
	Link      string
	CreatedAt time.Time
	Read      bool
}

// bilingualSeparator joins the two languages of one notification argument.
const bilingualSeparator = "\x1f"

// BilingualArg is a notification argument written in both languages (a course title): the
// reader sees theirs, whatever language they read in later.
func BilingualArg(en, zh string) string { return en + bilingualSeparator + zh }

// ArgIn is a notification argument in lang: one side of a BilingualArg (falling back to the
// other when empty), or the argument itself.
func ArgIn(arg, lang string) string {
	en, zh, ok := strings.Cut(arg, bilingualSeparator)
	if !ok {
		return arg
	}
	return pick(lang, en, zh)
}

// Notify writes a notification inside the caller's transaction.
func (s *Store) notify(ctx context.Context, tx *sql.Tx, personID int64, kind, link string, args ...string) error {
	if args == nil {
		args = []string{}
	}
	b, _ := json.Marshal(args)
	_, err := s.execTx(ctx, tx, sqlInsertNotification,
		personID, kind, string(b), link, s.timestamp())
	if err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	return nil
}

// Notify sends one notification on its own.
func (s *Store) Notify(ctx context.Context, personID int64, kind, link string, args ...string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return s.notify(ctx, tx, personID, kind, link, args...) })
}

// UnreadNotifications counts a person's unread notifications.
func (s *Store) UnreadNotifications(ctx context.Context, personID int64) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM notifications WHERE person_id = ? AND read_at IS NULL", personID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread notifications: %w", err)
	}
	return n, nil
}

// ListNotifications returns a person's newest notifications.
func (s *Store) ListNotifications(ctx context.Context, personID int64, limit int) ([]Notification, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, person_id, kind, args, link, created_at, read_at IS NOT NULL
		FROM notifications WHERE person_id = ? ORDER BY id DESC LIMIT ?`, personID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list notifications: %w", err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var args, created string
		if err := rows.Scan(&n.ID, &n.PersonID, &n.Kind, &args, &n.Link, &created, &n.Read); err != nil {
			return nil, fmt.Errorf("store: list notifications: %w", err)
		}
		json.Unmarshal([]byte(args), &n.Args)
		n.CreatedAt, _ = time.Parse(time.RFC3339, created)
		out = append(out, n)
	}
	return out, rows.Err()
}

// MarkNotificationsRead marks all of a person's notifications read.
func (s *Store) MarkNotificationsRead(ctx context.Context, personID int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE notifications SET read_at = ? WHERE person_id = ? AND read_at IS NULL", s.timestamp(), personID)
	if err != nil {
		return fmt.Errorf("store: mark read: %w", err)
	}
	return nil
}
