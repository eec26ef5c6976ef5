package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
)

// ErrFormKeyUsed says the form was already sent once (a browser refresh re-sent it): the
// action it asks for was done then and is not done again.
var ErrFormKeyUsed = errors.New("store: this form was already sent")

// FormKeyAge is how long a used form key is remembered; housekeeping forgets older ones. A
// form left open for longer and sent twice would act twice, which is harmless enough.
const FormKeyAge = 24 * time.Hour

// NewFormKey returns a random key for a form that makes a secret, put in the form when
// its page renders.
func NewFormKey() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// useFormKey records key (by its hash) inside the action's transaction, or returns
// ErrFormKeyUsed when it was recorded before. An empty key (the command line, old clients)
// is not guarded.
func (s *Store) useFormKey(ctx context.Context, tx *sql.Tx, key string, personID int64) error {
	if key == "" {
		return nil
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO used_form_keys (key_hash, person_id, used_at) VALUES (?, ?, ?) ON CONFLICT (key_hash) DO NOTHING",
		hashToken(key), nullID(personID), s.timestamp())
	if err != nil {
		return fmt.Errorf("store: form key: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: form key: %w", err)
	} else if n == 0 {
		return ErrFormKeyUsed
	}
	return nil
}

// PruneFormKeys forgets form keys used more than FormKeyAge ago. Housekeeping runs it.
func (s *Store) PruneFormKeys(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM used_form_keys WHERE used_at <= ?", s.now().UTC().Add(-FormKeyAge).Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("store: prune form keys: %w", err)
	}
	return res.RowsAffected()
}
