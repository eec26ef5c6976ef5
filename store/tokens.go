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
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrBadToken is returned for an unknown or revoked API token; ErrTokenExpired for one
// whose last day has passed.
var (
	ErrBadToken     = errors.New("store: unknown or revoked API token")
	ErrTokenExpired = errors.New("store: API token expired")
)

// Token scopes are the API areas a token may write, one per family of write routes.
// Every token may read all the API shows; a token without scopes reads only.
const (
	ScopePeople       = "people"       // PUT /api/v1/people (HR sync)
	ScopeRecognitions = "recognitions" // POST /api/v1/recognitions
	ScopeChecks       = "checks"       // POST /api/v1/understanding/{id}/interviews
	ScopeChannels     = "channels"     // POST /api/v1/channels (chat set-up by script)
)

// TokenScopes lists the scopes in display order.
var TokenScopes = []string{ScopePeople, ScopeRecognitions, ScopeChecks, ScopeChannels}

// Token is an API token as listed to admins; the secret itself is never stored.
type Token struct {
	ID         int64
	Name       string
	CreatedBy  string
	CreatedAt  time.Time
	LastUsedAt time.Time
	RevokedAt  time.Time
	ExpiresOn  time.Time // the last day it works; zero: no end
	Scopes     []string  // the areas it may write, in TokenScopes order; none: read only
}

// MayWrite tells whether the token may write the given area (a Scope… constant).
func (t Token) MayWrite(scope string) bool { return slices.Contains(t.Scopes, scope) }

// ExpiredOn tells whether the token no longer works on day (its last day has passed).
func (t Token) ExpiredOn(day time.Time) bool {
	return !t.ExpiresOn.IsZero() && Day(day).After(t.ExpiresOn)
}

// TokenInput is a new token as typed on the admin page or the command line.
type TokenInput struct {
	Name      string
	ExpiresOn string   // YYYY-MM-DD, the last day it works; "" for no end
	Scopes    []string // areas it may write; none: read only
	FormKey   string   // the admin page's double-submit guard (see useFormKey); "" elsewhere
}

const tokenPrefix = "lst_"

// maxTokenName is what the admin page lets one type.
const maxTokenName = 100

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ParseTokenScopes reads a scope list as the command line takes it: "read" (read only),
// "all" (every area), or areas separated by commas, with or without "read" ("read,people").
// It returns the areas, or a problem naming what it did not know.
func ParseTokenScopes(text string) ([]string, *ValidationError) {
	var scopes []string
	for _, part := range strings.Split(text, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		switch {
		case part == "read":
		case part == "all":
			scopes = append(scopes, TokenScopes...)
		case slices.Contains(TokenScopes, part):
			scopes = append(scopes, part)
		default:
			return nil, &ValidationError{Problems: []Problem{{Field: "scopes", Code: "unknown_scope", Arg: part}}}
		}
	}
	return scopes, nil
}

// validate checks a new token and puts its scopes in TokenScopes order, once each.
func (in *TokenInput) validate(today time.Time) error {
	verr := &ValidationError{}
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		verr.add(0, "name", "required", "")
	case utf8.RuneCountInString(in.Name) > maxTokenName:
		verr.add(0, "name", "too_long", strconv.Itoa(maxTokenName))
	}
	in.ExpiresOn = strings.TrimSpace(in.ExpiresOn)
	if in.ExpiresOn != "" {
		d, err := ParseDate(in.ExpiresOn)
		switch {
		case err != nil:
			verr.add(0, "expires_on", "invalid_date", in.ExpiresOn)
		case d.Before(Day(today)): // today may be the last day: a token for one job today
			verr.add(0, "expires_on", "expiry_past", "")
		case d.After(Day(today).AddDate(maxTokenYears, 0, 0)):
			verr.add(0, "expires_on", "expiry_too_far", Day(today).AddDate(maxTokenYears, 0, 0).Format(DateLayout))
		}
	}
	var scopes []string
	for _, sc := range TokenScopes {
		if slices.Contains(in.Scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	for _, sc := range in.Scopes {
		if !slices.Contains(TokenScopes, sc) {
			verr.add(0, "scopes", "unknown_scope", sc)
			break
		}
	}
	in.Scopes = scopes
	if len(verr.Problems) > 0 {
		return verr
	}
	return nil
}

// maxTokenYears bounds an expiry date: a date further out is a typo more often than a plan.
const maxTokenYears = 5

// CreateToken makes a token that may write every area and never ends (the command line's
// default, and what tokens could always do).
func (s *Store) CreateToken(ctx context.Context, actorID int64, name string) (string, error) {
	return s.CreateScopedToken(ctx, actorID, TokenInput{Name: name, Scopes: TokenScopes})
}

// CreateScopedToken makes a new API token and returns its secret, which is shown once.
func (s *Store) CreateScopedToken(ctx context.Context, actorID int64, in TokenInput) (string, error) {
	if err := in.validate(s.now()); err != nil {
		return "", err
	}
	if verr := (&ValidationError{}); !checkLine(verr, 0, "name", in.Name) {
		return "", verr
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: token: %w", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.useFormKey(ctx, tx, in.FormKey, actorID); err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, "INSERT INTO api_tokens (name, token_hash, created_by, created_at, expires_on, scopes) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			in.Name, hashToken(secret), nullID(actorID), s.timestamp(), nullString(in.ExpiresOn), strings.Join(in.Scopes, ",")).Scan(&id); err != nil {
			return fmt.Errorf("store: create token: %w", err)
		}
		_, err := s.record(ctx, tx, Event{Key: EventTokenCreate, Actor: actorID, Subject: Ref{RefToken, id}, Args: tokenEventArgs(in)})
		return err
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// tokenEventArgs are a new token's scopes and, when it has one, its last day.
func tokenEventArgs(in TokenInput) []Arg {
	scopes := Msg("tokens.read_only")
	if len(in.Scopes) > 0 {
		areas := make([]Arg, len(in.Scopes))
		for i, sc := range in.Scopes {
			areas[i] = Code("tokens.scope.", sc)
		}
		scopes = Msg("tokens.read_and_write", ListWith("tokens.list_separator", areas...))
	}
	if d, err := ParseDate(in.ExpiresOn); err == nil {
		return []Arg{scopes, Msg("event.token_until", DateArg(d))}
	}
	return []Arg{scopes, Plain("")}
}

// tokenUseEvery is how stale a token's last_used_at may get before a call refreshes it: a
// busy client writes once a minute, not once a call.
const tokenUseEvery = time.Minute

// AuthenticateToken checks a bearer token and records its use. The record is best-effort:
// a call that only reads must keep working while the database cannot be written.
func (s *Store) AuthenticateToken(ctx context.Context, secret string) (Token, error) {
	var t Token
	var revoked, expires, used sql.NullString
	var scopes string
	err := s.db.QueryRowContext(ctx, "SELECT id, name, revoked_at, expires_on, scopes, last_used_at FROM api_tokens WHERE token_hash = ?", hashToken(secret)).
		Scan(&t.ID, &t.Name, &revoked, &expires, &scopes, &used)
	if errors.Is(err, sql.ErrNoRows) || revoked.Valid {
		return Token{}, ErrBadToken
	}
	if err != nil {
		return Token{}, fmt.Errorf("store: authenticate token: %w", err)
	}
	t.ExpiresOn, t.Scopes = parseTokenColumns(expires.String, scopes)
	if t.ExpiredOn(s.now()) {
		return Token{}, ErrTokenExpired
	}
	t.LastUsedAt, _ = time.Parse(time.RFC3339, used.String)
	if s.now().Sub(t.LastUsedAt) >= tokenUseEvery {
		// A failure (write lock held, disk full) only leaves last_used_at a little old.
		s.db.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", s.timestamp(), t.ID)
	}
	return t, nil
}

func parseTokenColumns(expires, scopes string) (time.Time, []string) {
	var day time.Time
	if expires != "" {
		day, _ = ParseDate(expires)
	}
	var list []string
	if scopes != "" {
		list = strings.Split(scopes, ",")
	}
	return day, list
}

// ListTokens lists every token, newest first, with who made it and when it was last used.
func (s *Store) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.name, COALESCE(p.name, ''), t.created_at, COALESCE(t.last_used_at, ''),
		COALESCE(t.revoked_at, ''), COALESCE(t.expires_on, ''), t.scopes
		FROM api_tokens t LEFT JOIN people p ON p.id = t.created_by ORDER BY t.id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var created, used, revoked, expires, scopes string
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedBy, &created, &used, &revoked, &expires, &scopes); err != nil {
			return nil, fmt.Errorf("store: list tokens: %w", err)
		}
		t.CreatedAt, _ = time.Parse(time.RFC3339, created)
		t.LastUsedAt, _ = time.Parse(time.RFC3339, used)
		t.RevokedAt, _ = time.Parse(time.RFC3339, revoked)
		t.ExpiresOn, t.Scopes = parseTokenColumns(expires, scopes)
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
		_, err := s.record(ctx, tx, Event{Key: EventTokenRevoke, Actor: actorID, Subject: Ref{RefToken, id}})
		return err
	})
}
