package store

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Settings for the issuer of Open Badges credentials.
const (
	SettingOrgName    = "org_name"     // the organisation that issues badges, as credentials name it
	SettingOrgLogoURL = "org_logo_url" // its logo (an https:// image address), optional
)

// ErrNoIssuerKey says no signing key exists yet: `lodestar serve` makes one at start-up.
var ErrNoIssuerKey = errors.New("store: no badge signing key yet")

// issuerKeyBits is the RSA key size: RS256 is the algorithm every Open Badges 3.0 verifier
// must accept, and 2048 bits is its usual size.
const issuerKeyBits = 2048

// IssuerKey is a key credentials are signed (or were signed) with.
type IssuerKey struct {
	ID      int64
	Private *rsa.PrivateKey
	Retired bool
}

// EnsureIssuerKey makes the signing key when none is in use. Start-up and the demo call it,
// so that reading a credential never writes.
func (s *Store) EnsureIssuerKey(ctx context.Context) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM issuer_keys WHERE retired_at IS NULL").Scan(&n); err != nil {
		return fmt.Errorf("store: issuer key: %w", err)
	}
	if n > 0 {
		return nil
	}
	key, err := rsa.GenerateKey(rand.Reader, issuerKeyBits)
	if err != nil {
		return fmt.Errorf("store: issuer key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("store: issuer key: %w", err)
	}
	sealed, err := s.seal("issuer_key", base64.StdEncoding.EncodeToString(der))
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		// Another server may have made one meanwhile: keep the first.
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM issuer_keys WHERE retired_at IS NULL").Scan(&n); err != nil || n > 0 {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO issuer_keys (private_key, created_at) VALUES (?, ?)", sealed, s.timestamp())
		return err
	})
}

// IssuerKeys returns every key, the one in use first; retired keys still verify old credentials.
func (s *Store) IssuerKeys(ctx context.Context) ([]IssuerKey, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, private_key, retired_at IS NOT NULL FROM issuer_keys ORDER BY retired_at IS NOT NULL, id DESC")
	if err != nil {
		return nil, fmt.Errorf("store: issuer keys: %w", err)
	}
	defer rows.Close()
	var out []IssuerKey
	for rows.Next() {
		var k IssuerKey
		var stored string
		if err := rows.Scan(&k.ID, &stored, &k.Retired); err != nil {
			return nil, fmt.Errorf("store: issuer keys: %w", err)
		}
		plain, err := s.unseal("issuer_key", stored)
		if err != nil {
			return nil, err
		}
		der, err := base64.StdEncoding.DecodeString(plain)
		if err != nil {
			return nil, fmt.Errorf("store: issuer key %d: %w", k.ID, err)
		}
		parsed, err := x509.ParsePKCS8PrivateKey(der)
		rsaKey, ok := parsed.(*rsa.PrivateKey)
		if err != nil || !ok {
			return nil, fmt.Errorf("store: issuer key %d is not an RSA key: %v", k.ID, err)
		}
		k.Private = rsaKey
		out = append(out, k)
	}
	return out, rows.Err()
}

// SigningKey is the key new credentials are signed with.
func (s *Store) SigningKey(ctx context.Context) (IssuerKey, error) {
	keys, err := s.IssuerKeys(ctx)
	if err != nil {
		return IssuerKey{}, err
	}
	if len(keys) == 0 || keys[0].Retired {
		return IssuerKey{}, ErrNoIssuerKey
	}
	return keys[0], nil
}

// Award is one badge a person received: what an Open Badges credential describes.
type Award struct {
	RecognitionID int64
	Holder        Person
	Badge         Badge
	ValueID       int64 // the value the badge stands for; 0 when none
	ValueNameEN   string
	ValueNameZH   string
	ValueMeanEN   string
	ValueMeanZH   string
	AwardedAt     time.Time
	Revoked       bool   // the recognition was hidden by a moderator
	Public        bool   // the holder turned on the public verification page
	PublicID      string // that page's address; "" until the holder first turned it on
}

// ValueName returns the value's name in lang.
func (a Award) ValueName(lang string) string { return pick(lang, a.ValueNameEN, a.ValueNameZH) }

// ValueMeaning returns what the value means, in lang.
func (a Award) ValueMeaning(lang string) string { return pick(lang, a.ValueMeanEN, a.ValueMeanZH) }

const awardSelect = `SELECT r.id, rr.person_id, r.badge_id, COALESCE(b.value_id, r.value_id, 0),
	COALESCE(v.name_en, ''), COALESCE(v.name_zh, ''), COALESCE(v.meaning_en, ''), COALESCE(v.meaning_zh, ''),
	r.created_at, r.hidden_at IS NOT NULL, COALESCE(sh.public, 0), COALESCE(sh.public_id, '')
	FROM recognition_recipients rr
	JOIN recognitions r ON r.id = rr.recognition_id
	JOIN badges b ON b.id = r.badge_id
	LEFT JOIN culture_values v ON v.id = COALESCE(b.value_id, r.value_id)
	LEFT JOIN award_shares sh ON sh.recognition_id = rr.recognition_id AND sh.person_id = rr.person_id `

// scanAwards reads awardSelect rows and fills in each award's holder and badge.
func (s *Store) scanAwards(ctx context.Context, rows *sql.Rows) ([]Award, error) {
	defer rows.Close()
	var out []Award
	var badgeIDs []int64
	for rows.Next() {
		var a Award
		var at string
		var badgeID int64
		if err := rows.Scan(&a.RecognitionID, &a.Holder.ID, &badgeID, &a.ValueID, &a.ValueNameEN, &a.ValueNameZH,
			&a.ValueMeanEN, &a.ValueMeanZH, &at, &a.Revoked, &a.Public, &a.PublicID); err != nil {
			return nil, fmt.Errorf("store: awards: %w", err)
		}
		a.AwardedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, a)
		badgeIDs = append(badgeIDs, badgeID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: awards: %w", err)
	}
	rows.Close()
	// A holder's list repeats one person and a few badges: read each once.
	badges, people := map[int64]Badge{}, map[int64]Person{}
	for i := range out {
		b, ok := badges[badgeIDs[i]]
		if !ok {
			var err error
			if b, err = s.BadgeByID(ctx, badgeIDs[i]); err != nil {
				return nil, err
			}
			badges[badgeIDs[i]] = b
		}
		p, ok := people[out[i].Holder.ID]
		if !ok {
			var err error
			if p, err = s.PersonByID(ctx, out[i].Holder.ID); err != nil {
				return nil, err
			}
			people[p.ID] = p
		}
		out[i].Badge, out[i].Holder = b, p
	}
	return out, nil
}

// AwardOf is the badge recognitionID gave personID, or ErrNotFound (no such recipient, or
// a recognition without a badge).
func (s *Store) AwardOf(ctx context.Context, recognitionID, personID int64) (Award, error) {
	rows, err := s.db.QueryContext(ctx, awardSelect+"WHERE rr.recognition_id = ? AND rr.person_id = ?", recognitionID, personID)
	if err != nil {
		return Award{}, fmt.Errorf("store: award: %w", err)
	}
	awards, err := s.scanAwards(ctx, rows)
	if err != nil {
		return Award{}, err
	}
	if len(awards) == 0 {
		return Award{}, ErrNotFound
	}
	return awards[0], nil
}

// AwardRecipients lists who received recognitionID's badge (the API names one of them).
func (s *Store) AwardRecipients(ctx context.Context, recognitionID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT rr.person_id FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
		WHERE rr.recognition_id = ? AND r.badge_id IS NOT NULL ORDER BY rr.person_id`, recognitionID)
	if err != nil {
		return nil, fmt.Errorf("store: award recipients: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: award recipients: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// AwardByPublicID is the award behind a public verification page, or ErrNotFound when there
// is none or its holder turned the page off.
func (s *Store) AwardByPublicID(ctx context.Context, publicID string) (Award, error) {
	rows, err := s.db.QueryContext(ctx, awardSelect+"WHERE sh.public_id = ? AND sh.public = 1", publicID)
	if err != nil {
		return Award{}, fmt.Errorf("store: public award: %w", err)
	}
	awards, err := s.scanAwards(ctx, rows)
	if err != nil {
		return Award{}, err
	}
	if len(awards) == 0 {
		return Award{}, ErrNotFound
	}
	return awards[0], nil
}

// HeldAwards lists the badges personID holds, newest first, moderated ones left out.
func (s *Store) HeldAwards(ctx context.Context, personID int64, limit int) ([]Award, error) {
	rows, err := s.db.QueryContext(ctx, awardSelect+"WHERE rr.person_id = ? AND r.hidden_at IS NULL ORDER BY r.created_at DESC, r.id DESC LIMIT ?", personID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: held awards: %w", err)
	}
	return s.scanAwards(ctx, rows)
}

// SetAwardPublic turns an award's public verification page on or off. Only the holder
// decides (the caller passes the signed-in person as personID); the page's address stays the
// same when it is turned on again.
func (s *Store) SetAwardPublic(ctx context.Context, recognitionID, personID int64, public bool) error {
	if _, err := s.AwardOf(ctx, recognitionID, personID); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO award_shares (recognition_id, person_id, public_id, public, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (recognition_id, person_id) DO UPDATE SET public = excluded.public, updated_at = excluded.updated_at`,
			recognitionID, personID, NewFormKey(), public, s.timestamp())
		if err != nil {
			return fmt.Errorf("store: award public: %w", err)
		}
		return nil
	})
}

// IssuerSettings is what the admin sets for credentials: the organisation's name and logo.
type IssuerSettings struct {
	OrgName string
	LogoURL string
}

// IssuerSettingsNow reads the organisation's name (fallback when never set) and logo.
func (s *Store) IssuerSettingsNow(ctx context.Context, fallbackName string) (IssuerSettings, error) {
	name, err := s.Setting(ctx, SettingOrgName, fallbackName)
	if err != nil {
		return IssuerSettings{}, err
	}
	logo, err := s.Setting(ctx, SettingOrgLogoURL, "")
	return IssuerSettings{OrgName: name, LogoURL: logo}, err
}

// SetIssuerSettings checks and saves the organisation's name and logo address (audited).
func (s *Store) SetIssuerSettings(ctx context.Context, actorID int64, in IssuerSettings) error {
	in.OrgName, in.LogoURL = strings.TrimSpace(in.OrgName), strings.TrimSpace(in.LogoURL)
	verr := &ValidationError{}
	switch {
	case in.OrgName == "":
		verr.add(0, "org_name", "required", "")
	case utf8.RuneCountInString(in.OrgName) > 200:
		verr.add(0, "org_name", "too_long", "200")
	default:
		checkLine(verr, 0, "org_name", in.OrgName)
	}
	if in.LogoURL != "" {
		if u, err := url.Parse(in.LogoURL); err != nil || u.Scheme != "https" || u.Host == "" || len(in.LogoURL) > 500 {
			verr.add(0, "logo_url", "https_url", in.LogoURL)
		}
	}
	if len(verr.Problems) > 0 {
		return verr
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := setSetting(ctx, tx, SettingOrgName, in.OrgName); err != nil {
			return err
		}
		if err := setSetting(ctx, tx, SettingOrgLogoURL, in.LogoURL); err != nil {
			return err
		}
		_, err := s.record(ctx, tx, Event{Key: EventSettingChange, Actor: actorID, Args: []Arg{Plain(SettingOrgName), Plain(in.OrgName)}})
		return err
	})
}
