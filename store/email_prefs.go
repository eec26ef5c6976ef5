package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Notifications that can also come by email. Each is on unless the person turned it off,
// except the weekly digest, which only managers get.
const (
	EmailReviewDone   = "review.done"   // a written answer (training or check) was reviewed
	EmailBadgeEarned  = "badge.earned"  // a badge was received
	EmailCheckOpened  = "check.opened"  // a strategy check opened for the person
	EmailWeeklyDigest = "digest.weekly" // managers: the week in their team
)

// EmailKinds lists the kinds in display order.
var EmailKinds = []string{EmailReviewDone, EmailBadgeEarned, EmailCheckOpened, EmailWeeklyDigest}

// EmailKindsFor are the kinds a person with role may choose (the digest is for managers).
func EmailKindsFor(role string) []string {
	if role == RoleEmployee {
		return []string{EmailReviewDone, EmailBadgeEarned, EmailCheckOpened}
	}
	return EmailKinds
}

const settingUnsubscribeKey = "unsubscribe_key"

// ErrBadUnsubscribe says an unsubscribe link is not one this site made.
var ErrBadUnsubscribe = errors.New("store: not a valid unsubscribe link")

// EnsureUnsubscribeKey makes the key unsubscribe links are signed with, once (at start-up).
func (s *Store) EnsureUnsubscribeKey(ctx context.Context) error {
	b := make([]byte, 32)
	rand.Read(b)
	_, err := s.db.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
		settingUnsubscribeKey, hex.EncodeToString(b))
	if err != nil {
		return fmt.Errorf("store: unsubscribe key: %w", err)
	}
	return nil
}

func (s *Store) unsubscribeMAC(ctx context.Context, payload string) ([]byte, error) {
	key, err := s.Setting(ctx, settingUnsubscribeKey, "")
	if err != nil {
		return nil, err
	}
	if key == "" {
		return nil, errors.New("store: no unsubscribe key yet (made at start-up)")
	}
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(payload))
	return mac.Sum(nil)[:16], nil
}

// UnsubscribeToken is the token of the link that turns kind's emails off for personID with
// one click; it does not expire (an old email's link still works) and names nothing else.
func (s *Store) UnsubscribeToken(ctx context.Context, personID int64, kind string) (string, error) {
	payload := strconv.FormatInt(personID, 10) + "." + kind
	mac, err := s.unsubscribeMAC(ctx, payload)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString([]byte(payload)) + "." + base64.RawURLEncoding.EncodeToString(mac), nil
}

// ParseUnsubscribeToken checks a token and returns whom and which kind it is for.
func (s *Store) ParseUnsubscribeToken(ctx context.Context, token string) (Person, string, error) {
	encoded, sig, ok := strings.Cut(token, ".")
	payload, err1 := base64.RawURLEncoding.DecodeString(encoded)
	got, err2 := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err1 != nil || err2 != nil {
		return Person{}, "", ErrBadUnsubscribe
	}
	want, err := s.unsubscribeMAC(ctx, string(payload))
	if err != nil {
		return Person{}, "", err
	}
	if !hmac.Equal(got, want) {
		return Person{}, "", ErrBadUnsubscribe
	}
	idText, kind, _ := strings.Cut(string(payload), ".")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || !slices.Contains(EmailKinds, kind) {
		return Person{}, "", ErrBadUnsubscribe
	}
	p, err := s.PersonByID(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Person{}, "", ErrBadUnsubscribe
	}
	return p, kind, err
}

// EmailPreferences says, for each kind, whether personID gets it by email.
func (s *Store) EmailPreferences(ctx context.Context, personID int64) (map[string]bool, error) {
	prefs := map[string]bool{}
	for _, k := range EmailKinds {
		prefs[k] = true
	}
	rows, err := s.db.QueryContext(ctx, "SELECT kind, enabled FROM email_preferences WHERE person_id = ?", personID)
	if err != nil {
		return nil, fmt.Errorf("store: email preferences: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var on bool
		if err := rows.Scan(&kind, &on); err != nil {
			return nil, fmt.Errorf("store: email preferences: %w", err)
		}
		prefs[kind] = on
	}
	return prefs, rows.Err()
}

// WantsEmail says whether personID gets kind by email.
func (s *Store) WantsEmail(ctx context.Context, personID int64, kind string) (bool, error) {
	prefs, err := s.EmailPreferences(ctx, personID)
	if err != nil {
		return false, err
	}
	return prefs[kind], nil
}

// SetEmailPreference turns kind's emails on or off for personID.
func (s *Store) SetEmailPreference(ctx context.Context, personID int64, kind string, on bool) error {
	return s.SetEmailPreferences(ctx, personID, map[string]bool{kind: on})
}

// SetEmailPreferences saves several kinds at once (one transaction); unknown kinds are refused.
func (s *Store) SetEmailPreferences(ctx context.Context, personID int64, prefs map[string]bool) error {
	for kind := range prefs {
		if !slices.Contains(EmailKinds, kind) {
			verr := &ValidationError{}
			verr.add(0, "kinds", "invalid_choice", kind)
			return verr
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for kind, on := range prefs {
			_, err := tx.ExecContext(ctx, `INSERT INTO email_preferences (person_id, kind, enabled, updated_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (person_id, kind) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at`,
				personID, kind, on, s.timestamp())
			if err != nil {
				return fmt.Errorf("store: email preferences: %w", err)
			}
		}
		return nil
	})
}

// EmailKindOf is the email choice a notification's event falls under ("" when it never
// comes by email).
func EmailKindOf(key EventKey) string {
	switch key {
	case EventTrainingReviewed, EventCheckReviewed:
		return EmailReviewDone
	case EventBadgeEarned:
		return EmailBadgeEarned
	case EventCheckOpen, EventCheckOpenLate:
		return EmailCheckOpened
	}
	return ""
}

// Mailable is a notification with what emailing it needs.
type Mailable struct {
	Notification
	Person Person
	Prefs  map[string]bool // the reader's email choices, as EmailPreferences
}

const settingEmailCursor = "email_notification_cursor"

// EmailCursor is the last notification considered for email; the first time it starts at
// the newest, so turning emails on does not send the history.
func (s *Store) EmailCursor(ctx context.Context) (int64, error) {
	v, err := s.Setting(ctx, settingEmailCursor, "")
	if err != nil {
		return 0, err
	}
	if v != "" {
		return strconv.ParseInt(v, 10, 64)
	}
	var newest int64
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(max(id), 0) FROM notifications").Scan(&newest); err != nil {
		return 0, fmt.Errorf("store: email cursor: %w", err)
	}
	return newest, s.SetEmailCursor(ctx, newest)
}

// SetEmailCursor records that every notification up to id was considered for email.
func (s *Store) SetEmailCursor(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return setSetting(ctx, tx, settingEmailCursor, strconv.FormatInt(id, 10)) })
}

// NotificationsAfter lists notifications with an id above after, oldest first, with their
// readers and the names their events refer to.
func (s *Store) NotificationsAfter(ctx context.Context, after int64, limit int) ([]Mailable, Names, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+eventColumns+`, n.id, n.reason, n.read_at IS NOT NULL, n.person_id
		FROM notifications n JOIN events e ON e.id = n.event_id WHERE n.id > ? ORDER BY n.id LIMIT ?`, after, limit)
	if err != nil {
		return nil, nil, fmt.Errorf("store: notifications after: %w", err)
	}
	var out []Mailable
	var events []Event
	for rows.Next() {
		var m Mailable
		e, err := scanEvent(rows, &m.ID, &m.Reason, &m.Read, &m.Person.ID)
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: notifications after: %w", err)
		}
		m.Event = e
		out = append(out, m)
		events = append(events, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: notifications after: %w", err)
	}
	// The readers and their choices in two queries, not two per notification.
	ids := make([]int64, 0, len(out))
	for _, m := range out {
		if !slices.Contains(ids, m.Person.ID) {
			ids = append(ids, m.Person.ID)
		}
	}
	people, prefs, err := s.mailReaders(ctx, ids)
	if err != nil {
		return nil, nil, err
	}
	for i := range out {
		id := out[i].Person.ID
		p, ok := people[id]
		if !ok {
			return nil, nil, fmt.Errorf("store: notifications after: reader %d: %w", id, ErrNotFound)
		}
		out[i].Person, out[i].Prefs = p, prefs[id]
	}
	names, err := s.eventNames(ctx, events)
	return out, names, err
}

// mailReaders reads people and their email choices (defaults filled in) by id.
func (s *Store) mailReaders(ctx context.Context, ids []int64) (map[int64]Person, map[int64]map[string]bool, error) {
	people, prefs := map[int64]Person{}, map[int64]map[string]bool{}
	if len(ids) == 0 {
		return people, prefs, nil
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
		prefs[id] = map[string]bool{}
		for _, k := range EmailKinds {
			prefs[id][k] = true
		}
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+personColumns+personFrom+"WHERE p.id IN ("+marks+")", args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: mail readers: %w", err)
	}
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("store: mail readers: %w", err)
		}
		people[p.ID] = p
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: mail readers: %w", err)
	}
	rows, err = s.db.QueryContext(ctx, "SELECT person_id, kind, enabled FROM email_preferences WHERE person_id IN ("+marks+")", args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: mail readers: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var kind string
		var on bool
		if err := rows.Scan(&id, &kind, &on); err != nil {
			return nil, nil, fmt.Errorf("store: mail readers: %w", err)
		}
		prefs[id][kind] = on
	}
	return people, prefs, rows.Err()
}

// QueueNotificationEmails queues emails and moves the email cursor to cursor in one
// transaction: a notification is mailed once, even when the server stops half-way.
func (s *Store) QueueNotificationEmails(ctx context.Context, emails []Email, cursor int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range emails {
			if err := s.queueEmail(ctx, tx, e); err != nil {
				return err
			}
		}
		return setSetting(ctx, tx, settingEmailCursor, strconv.FormatInt(cursor, 10))
	})
}
