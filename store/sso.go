package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Single sign-on refusals the sign-in page explains, besides ErrNotFound (nobody has that
// employee ID or email) and ErrInactive (the person has left).
var (
	ErrSSODomain       = errors.New("store: email domain not allowed for this provider")
	ErrSSOMissingClaim = errors.New("store: the identity carries no value in the configured claim")
)

// SSO match kinds: which of a person's fields the configured claim is compared with.
const (
	MatchEmail      = "email"
	MatchEmployeeID = "employee_id"
)

// SettingPasswordAdminsOnly, when "true", keeps the password form for administrators only:
// everyone else signs in through single sign-on. Admins always may, so nobody is locked out.
const SettingPasswordAdminsOnly = "sso.password_admins_only"

// SSOProvider is an OpenID Connect provider people may sign in with. ClientSecret is only
// filled by SSOProviderByKey, for the sign-in itself; pages see HasSecret.
type SSOProvider struct {
	ID             int64
	Key            string
	NameEN, NameZH string
	Issuer         string
	ClientID       string
	ClientSecret   string
	HasSecret      bool
	Claim          string
	MatchOn        string
	AllowedDomains []string
	Enabled        bool
}

// DisplayName is the provider's name in the reader's language, else the other, else its key.
func (p SSOProvider) DisplayName(lang string) string {
	if n := Pick(lang, p.NameEN, p.NameZH); n != "" {
		return n
	}
	return p.Key
}

// SSOProviderInput is a provider as typed on the admin page. An empty ClientSecret on an
// update keeps the stored one, since the page never shows it back.
type SSOProviderInput struct {
	Key, NameEN, NameZH string
	Issuer, ClientID    string
	ClientSecret        string
	Claim, MatchOn      string
	AllowedDomains      string // separated by spaces or commas
	Enabled             bool
}

var (
	ssoKeyPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)
	ssoDomainPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
)

const maxSSOText = 200

// validate trims the input and lists every problem; domains come back normalised.
func (in *SSOProviderInput) validate(isNew bool) ([]string, error) {
	verr := &ValidationError{}
	for _, f := range []*string{&in.Key, &in.NameEN, &in.NameZH, &in.Issuer, &in.ClientID, &in.Claim} {
		*f = strings.TrimSpace(*f)
	}
	in.Key = strings.ToLower(in.Key)
	switch {
	case in.Key == "":
		verr.add(0, "key", "required", "")
	case !ssoKeyPattern.MatchString(in.Key):
		verr.add(0, "key", "sso_invalid_key", in.Key)
	}
	for field, v := range map[string]string{"name_en": in.NameEN, "name_zh": in.NameZH, "client_id": in.ClientID, "claim": in.Claim} {
		if utf8.RuneCountInString(v) > maxSSOText {
			verr.add(0, field, "too_long", fmt.Sprint(maxSSOText))
		}
	}
	if u, err := url.Parse(in.Issuer); in.Issuer == "" {
		verr.add(0, "issuer", "required", "")
	} else if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") || u.RawQuery != "" || u.Fragment != "" {
		verr.add(0, "issuer", "sso_invalid_issuer", in.Issuer)
	}
	if in.ClientID == "" {
		verr.add(0, "client_id", "required", "")
	}
	if isNew && in.ClientSecret == "" {
		verr.add(0, "client_secret", "required", "")
	}
	if in.Claim == "" {
		verr.add(0, "claim", "required", "")
	}
	if in.MatchOn != MatchEmail && in.MatchOn != MatchEmployeeID {
		verr.add(0, "match_on", "invalid_choice", in.MatchOn)
	}
	var domains []string
	for _, d := range strings.FieldsFunc(strings.ToLower(in.AllowedDomains), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		d = strings.TrimPrefix(d, "@")
		if !ssoDomainPattern.MatchString(d) {
			verr.add(0, "allowed_domains", "sso_invalid_domain", d)
			break
		}
		if !slices.Contains(domains, d) {
			domains = append(domains, d)
		}
	}
	return domains, verr.orNil()
}

const ssoColumns = "id, key, name_en, name_zh, issuer, client_id, client_secret, claim, match_on, allowed_domains, enabled"

func scanSSOProvider(row interface{ Scan(...any) error }) (SSOProvider, error) {
	var p SSOProvider
	var domains string
	err := row.Scan(&p.ID, &p.Key, &p.NameEN, &p.NameZH, &p.Issuer, &p.ClientID, &p.ClientSecret, &p.Claim, &p.MatchOn, &domains, &p.Enabled)
	p.AllowedDomains = strings.Fields(domains)
	p.HasSecret = p.ClientSecret != ""
	return p, err
}

// ListSSOProviders returns every provider (enabled or not) by key, without secrets.
func (s *Store) ListSSOProviders(ctx context.Context) ([]SSOProvider, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+ssoColumns+" FROM sso_providers ORDER BY key")
	if err != nil {
		return nil, fmt.Errorf("store: list sso providers: %w", err)
	}
	defer rows.Close()
	var out []SSOProvider
	for rows.Next() {
		p, err := scanSSOProvider(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list sso providers: %w", err)
		}
		p.ClientSecret = ""
		out = append(out, p)
	}
	return out, rows.Err()
}

// SSOProviderByID returns one provider for the edit page, without its secret.
func (s *Store) SSOProviderByID(ctx context.Context, id int64) (SSOProvider, error) {
	p, err := s.ssoProviderWhere(ctx, "id = ?", id)
	p.ClientSecret = ""
	return p, err
}

// SSOProviderByKey returns one provider with its secret, for the sign-in itself.
// ErrSecretKey: the secret was sealed with a key this server does not have.
func (s *Store) SSOProviderByKey(ctx context.Context, key string) (SSOProvider, error) {
	p, err := s.ssoProviderWhere(ctx, "key = ?", key)
	if err != nil {
		return p, err
	}
	p.ClientSecret, err = s.unseal(ssoSecretPurpose, p.ClientSecret)
	return p, err
}

// ssoSecretPurpose binds a sealed client secret to its column.
const ssoSecretPurpose = "sso_providers.client_secret"

func (s *Store) ssoProviderWhere(ctx context.Context, where string, arg any) (SSOProvider, error) {
	p, err := scanSSOProvider(s.db.QueryRowContext(ctx, "SELECT "+ssoColumns+" FROM sso_providers WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: sso provider: %w", err)
	}
	return p, nil
}

// ssoEventDetail describes a provider's configuration for its event, labelled by the form's
// message keys: never the secret, only whether a new one was stored.
func ssoEventDetail(in SSOProviderInput, domains []string) Arg {
	status := Msg("sso.disabled")
	if in.Enabled {
		status = Msg("sso.enabled")
	}
	parts := []Arg{Field("sso.issuer", Plain(in.Issuer)), Field("sso.client_id", Plain(in.ClientID)), Field("sso.claim", Plain(in.Claim)),
		Field("sso.match_on", Code("sso.match_on.", in.MatchOn)), Field("sso.status", status)}
	if len(domains) > 0 {
		parts = append(parts, Field("sso.allowed_domains", Plain(strings.Join(domains, " "))))
	}
	if in.ClientSecret != "" {
		parts = append(parts, Msg("audit.detail.sso_new_secret"))
	}
	return List(parts...)
}

// CreateSSOProvider stores a new provider and returns its ID.
func (s *Store) CreateSSOProvider(ctx context.Context, actorID int64, in SSOProviderInput) (int64, error) {
	domains, err := in.validate(true)
	if err != nil {
		return 0, err
	}
	secret, err := s.seal(ssoSecretPurpose, in.ClientSecret)
	if err != nil {
		return 0, err
	}
	var id int64
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.timestamp()
		err := tx.QueryRowContext(ctx, `INSERT INTO sso_providers (key, name_en, name_zh, issuer, client_id, client_secret, claim, match_on, allowed_domains, enabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING id`,
			in.Key, in.NameEN, in.NameZH, in.Issuer, in.ClientID, secret, in.Claim, in.MatchOn, strings.Join(domains, " "), in.Enabled, now, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return &ValidationError{Problems: []Problem{{Field: "key", Code: "sso_key_taken", Arg: in.Key}}}
		}
		if err != nil {
			return fmt.Errorf("store: create sso provider: %w", err)
		}
		_, err = s.record(ctx, tx, Event{Key: EventSSOProviderCreate, Actor: actorID, Subject: Ref{RefSSOProvider, id}, Args: []Arg{ssoEventDetail(in, domains)}})
		return err
	})
	return id, err
}

// UpdateSSOProvider changes a provider; an empty secret keeps the stored one.
func (s *Store) UpdateSSOProvider(ctx context.Context, actorID, id int64, in SSOProviderInput) error {
	domains, err := in.validate(false)
	if err != nil {
		return err
	}
	secret, err := s.seal(ssoSecretPurpose, in.ClientSecret)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sso_providers SET key = ?, name_en = ?, name_zh = ?, issuer = ?, client_id = ?,
			client_secret = CASE WHEN ? = '' THEN client_secret ELSE ? END, claim = ?, match_on = ?, allowed_domains = ?, enabled = ?, updated_at = ?
			WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sso_providers WHERE key = ? AND id <> ?)`,
			in.Key, in.NameEN, in.NameZH, in.Issuer, in.ClientID, secret, secret, in.Claim, in.MatchOn,
			strings.Join(domains, " "), in.Enabled, s.timestamp(), id, in.Key, id)
		if err != nil {
			return fmt.Errorf("store: update sso provider: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists bool
			if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM sso_providers WHERE id = ?)", id).Scan(&exists); err != nil {
				return fmt.Errorf("store: update sso provider: %w", err)
			}
			if !exists {
				return ErrNotFound
			}
			return &ValidationError{Problems: []Problem{{Field: "key", Code: "sso_key_taken", Arg: in.Key}}}
		}
		_, err = s.record(ctx, tx, Event{Key: EventSSOProviderUpdate, Actor: actorID, Subject: Ref{RefSSOProvider, id}, Args: []Arg{ssoEventDetail(in, domains)}})
		return err
	})
}

// PasswordAdminsOnly tells whether the password form is for administrators only.
func (s *Store) PasswordAdminsOnly(ctx context.Context) (bool, error) {
	v, err := s.Setting(ctx, SettingPasswordAdminsOnly, "false")
	return v == "true", err
}

// SSOSignIn links a verified identity to an existing person and records the sign-in.
// claimValue is the provider's configured claim; email is the token's email claim, which
// the allowed domains are checked against (the claim itself when matching by email).
// People are never created here: they come from HR.
func (s *Store) SSOSignIn(ctx context.Context, p SSOProvider, claimValue, email string) (Person, error) {
	claimValue = strings.TrimSpace(claimValue)
	if claimValue == "" {
		return Person{}, ErrSSOMissingClaim
	}
	if p.MatchOn == MatchEmail {
		email = claimValue
	}
	if len(p.AllowedDomains) > 0 {
		_, domain, _ := strings.Cut(strings.ToLower(strings.TrimSpace(email)), "@")
		if !slices.Contains(p.AllowedDomains, domain) {
			return Person{}, ErrSSODomain
		}
	}
	var person Person
	var err error
	if p.MatchOn == MatchEmail {
		person, err = s.personWhere(ctx, "p.email = ?", claimValue) // the column is COLLATE NOCASE: the index serves
	} else {
		person, err = s.PersonByEmployeeID(ctx, claimValue)
	}
	if err != nil {
		return Person{}, err
	}
	if !person.ActiveOn(s.now()) {
		return Person{}, ErrInactive
	}
	// Signing in this way ends any open link: it was for getting in, and they are in.
	return person, s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "UPDATE one_time_links SET revoked_at = ? WHERE person_id = ? AND used_at IS NULL AND revoked_at IS NULL",
			s.timestamp(), person.ID); err != nil {
			return fmt.Errorf("store: withdraw links: %w", err)
		}
		_, err := s.record(ctx, tx, Event{Key: EventSSOSignIn, Actor: person.ID, Subject: Ref{RefSSOProvider, p.ID}})
		return err
	})
}
