package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
)

// Sign-in errors. Handlers show each with its own message.
var (
	ErrBadCredentials = errors.New("store: wrong login or password")
	ErrInactive       = errors.New("store: account no longer active")
)

// ThrottledError says sign-in is refused for a while after repeated failures.
type ThrottledError struct{ Wait time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("store: too many failed sign-ins, wait %s", e.Wait)
}

// Throttling: failures counted over a sliding window, per account and per client address.
const (
	ThrottleWindow     = 15 * time.Minute
	MaxAccountFailures = 5
	MaxClientFailures  = 20
	MaxPasswordBytes   = 72 // bcrypt's limit
	MinPasswordLength  = 12
)

// bcryptCost is bcrypt.DefaultCost: about 50 ms here, which is what slows guessing.
const bcryptCost = bcrypt.DefaultCost

// dummyHash keeps a sign-in for an unknown login as slow as one for a known login.
const dummyHash = "$2a$10$h7w3lmLp7Pj3VIrT9LKV..yBSEBi/mioYrf.pnQW7tFfJTkR2vXvy"

// HashPassword hashes a password for storage.
func HashPassword(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcryptCost)
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return string(h), nil
}

// SetPassword stores a new password for a person.
func (s *Store) SetPassword(ctx context.Context, actorID, personID int64, password string) error {
	if err := s.checkNewPassword(ctx, personID, password); err != nil {
		return err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.setPasswordHash(ctx, actorID, personID, hash, "", false)
}

// setPasswordHash stores hash as personID's password and sets whether it is temporary. A
// non-empty formKey is recorded in the same transaction: ErrFormKeyUsed if it was already.
func (s *Store) setPasswordHash(ctx context.Context, actorID, personID int64, hash, formKey string, temporary bool) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.useFormKey(ctx, tx, formKey, actorID); err != nil {
			return err
		}
		var employeeID string
		if err := tx.QueryRowContext(ctx, "SELECT employee_id FROM people WHERE id = ?", personID).Scan(&employeeID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE people SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?",
			hash, temporary, s.timestamp(), personID); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		key := EventPasswordChange
		if actorID != personID {
			key = EventPasswordReset
		}
		_, err := s.record(ctx, tx, Event{Key: key, Actor: actorID, Subject: Ref{RefPerson, personID}})
		return err
	})
}

// ResetPassword gives a person a new random temporary password and returns it, to be shown
// once; the person must choose their own at the next sign-in (Person.MustChangePassword).
func (s *Store) ResetPassword(ctx context.Context, actorID, personID int64) (string, error) {
	return s.ResetPasswordOnce(ctx, actorID, personID, "")
}

// ResetPasswordOnce is ResetPassword guarded by the key of the form that asked for it: a
// second reset with the same key changes nothing and returns ErrFormKeyUsed.
func (s *Store) ResetPasswordOnce(ctx context.Context, actorID, personID int64, formKey string) (string, error) {
	password, err := s.randomPasswordFor(ctx, personID)
	if err != nil {
		return "", err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return "", err
	}
	if err := s.setPasswordHash(ctx, actorID, personID, hash, formKey, true); err != nil {
		return "", err
	}
	return password, nil
}

// RandomPassword returns a readable random password (16 characters, no look-alikes).
func RandomPassword() string {
	b := make([]byte, 10)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// Authenticate checks a login (email or employee ID) and password from a client address.
// It refuses, without checking the password, when the account or the address has failed
// too often in the last ThrottleWindow.
func (s *Store) Authenticate(ctx context.Context, login, password, client string) (Person, error) {
	login = strings.TrimSpace(login)
	var id int64
	var hash string
	err := s.db.QueryRowContext(ctx, "SELECT id, password_hash FROM people WHERE employee_id = ? OR email = ? ORDER BY employee_id = ? DESC LIMIT 1",
		login, strings.ToLower(login), login).Scan(&id, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Person{}, fmt.Errorf("store: authenticate: %w", err)
	}
	// Failures count against the account, whichever of its logins (email or employee ID)
	// was typed; a login that matches nobody counts against what was typed, kept only as
	// its SHA-256 (people type passwords into the login box, which must not sit at rest).
	key := "login:" + hashToken(strings.ToLower(login))
	if id != 0 {
		key = fmt.Sprintf("person:%d", id)
	}
	now := s.now().UTC()
	since := now.Add(-ThrottleWindow).Format(time.RFC3339)
	if wait, err := s.throttleWait(ctx, "login_key", key, since, MaxAccountFailures, now); err != nil || wait > 0 {
		if err != nil {
			return Person{}, err
		}
		return Person{}, &ThrottledError{Wait: wait}
	}
	if wait, err := s.throttleWait(ctx, "client", client, since, MaxClientFailures, now); err != nil || wait > 0 {
		if err != nil {
			return Person{}, err
		}
		return Person{}, &ThrottledError{Wait: wait}
	}
	if id == 0 || hash == "" {
		bcrypt.CompareHashAndPassword([]byte(dummyHash), []byte(password))
		return Person{}, s.recordFailure(ctx, key, client)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		return Person{}, s.recordFailure(ctx, key, client)
	}
	p, err := s.PersonByID(ctx, id)
	if err != nil {
		return Person{}, err
	}
	if !p.ActiveOn(now) {
		return Person{}, ErrInactive
	}
	if _, err := s.db.ExecContext(ctx, "DELETE FROM login_failures WHERE login_key = ?", key); err != nil {
		return Person{}, fmt.Errorf("store: clear failures: %w", err)
	}
	return p, nil
}

// throttleWait returns how long until the oldest counted failure leaves the window,
// when there are at least max failures in it; 0 when sign-in may go ahead.
func (s *Store) throttleWait(ctx context.Context, column, value, since string, max int, now time.Time) (time.Duration, error) {
	var n int
	var oldest sql.NullString
	err := s.db.QueryRowContext(ctx, "SELECT count(*), min(at) FROM (SELECT at FROM login_failures WHERE "+column+" = ? AND at > ? ORDER BY at DESC LIMIT ?) AS recent",
		value, since, max).Scan(&n, &oldest)
	if err != nil {
		return 0, fmt.Errorf("store: throttle: %w", err)
	}
	if n < max {
		return 0, nil
	}
	t, _ := time.Parse(time.RFC3339, oldest.String)
	wait := t.Add(ThrottleWindow).Sub(now)
	if wait < time.Second {
		wait = time.Second
	}
	return wait, nil
}

// PruneLoginFailures forgets failures older than the throttle window: they no longer count,
// and a long guessing campaign would otherwise grow the table for ever. Housekeeping runs it.
func (s *Store) PruneLoginFailures(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM login_failures WHERE at <= ?", s.now().UTC().Add(-ThrottleWindow).Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("store: prune login failures: %w", err)
	}
	return res.RowsAffected()
}

func (s *Store) recordFailure(ctx context.Context, key, client string) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO login_failures (login_key, client, at) VALUES (?, ?, ?)", key, client, s.timestamp())
	if err != nil {
		return fmt.Errorf("store: record failure: %w", err)
	}
	return ErrBadCredentials
}
