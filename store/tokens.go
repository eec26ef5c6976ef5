package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrBadToken is returned for an unknown or revoked API token.
var ErrBadToken = errors.New("store: unknown or revoked API token")

// Token is an API token as listed to admins; the secret itself is never stored.
type Token struct {
	ID         int64
	Name       string
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
}

const tokenPrefix = "lst_"

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new API token and returns its secret, which is shown once.
func (s *Store) CreateToken(ctx context.Context, actorID int64, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", &ValidationError{Problems: []Problem{{Field: "name", Code: "required"}}}
	}
	if verr := (&ValidationError{}); !checkLine(verr, 0, "name", name) {
		return "", verr
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO api_tokens (name, token_hash, created_by, created_at) VALUES (?, ?, ?, ?)",
			name, hashToken(secret), nullID(actorID), s.timestamp()); err != nil {
			return fmt.Errorf("store: create token: %w", err)
		}
		return s.audit(ctx, tx, actorID, "token.create", name, "")
	})
	return secret, err
}

// AuthenticateToken checks a bearer token and records its use.
func (s *Store) AuthenticateToken(ctx context.Context, secret string) (Token, error) {
	var t Token
	var revoked sql.NullString
	err := s.db.QueryRowContext(ctx, "SELECT id, name, revoked_at FROM api_tokens WHERE token_hash = ?", hashToken(secret)).
		Scan(&t.ID, &t.Name, &revoked)
	if errors.Is(err, sql.ErrNoRows) || revoked.Valid {
		return Token{}, ErrBadToken
	}
	if err != nil {
		return Token{}, fmt.Errorf("store: authenticate token: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", s.timestamp(), t.ID); err != nil {
		return Token{}, fmt.Errorf("store: token use: %w", err)
	}
	return t, nil
}

// ListTokens lists every token, newest first, with who made it and when it was last used.
func (s *Store) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.name, COALESCE(p.name, ''), t.created_at, COALESCE(t.last_used_at, ''), COALESCE(t.revoked_at, '')
		FROM api_tokens t LEFT JOIN people p ON p.id = t.created_by ORDER BY t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created, used, revoked string
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedBy, &created, &used, &revoked); err != nil {
			return nil, fmt.Errorf("store: list tokens: %w", err)
		}
		t.CreatedAt, _ = time.Parse(time.RFC3339, created)
		t.LastUsedAt, _ = time.Parse(time.RFC3339, used)
		t.RevokedAt, _ = time.Parse(time.RFC3339, revoked)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken stops a token from working.
func (s *Store) RevokeToken(ctx context.Context, actorID, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, "SELECT name FROM api_tokens WHERE id = ?", id).Scan(&name); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return fmt.Errorf("store: revoke token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", s.timestamp(), id); err != nil {
			return fmt.Errorf("store: revoke token: %w", err)
		}
		return s.audit(ctx, tx, actorID, "token.revoke", name, "")
	})
}
