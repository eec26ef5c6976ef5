package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// One-time link kinds.
const (
	LinkInvitation    = "invitation"
	LinkPasswordReset = "password_reset"
)

// Settings and defaults of one-time links.
const (
	SettingInviteDays  = "invitation_expiry_days"
	SettingBaseURL     = "base_url" // the site's public address, for links in emails
	DefaultInviteDays  = 7
	PasswordResetValid = time.Hour // a reset is asked for and used at once
)

// Errors of a one-time link that cannot be used (an unknown token is ErrNotFound).
var (
	ErrLinkUsed    = errors.New("store: link already used")
	ErrLinkExpired = errors.New("store: link expired or withdrawn")
	ErrCanSignIn   = errors.New("store: this person can already sign in")
	ErrInviteAdmin = errors.New("store: administrators are not invited this way")
	// ErrSSOOnly: password sign-in is for admins only, so a link may not give a non-admin
	// a password; they sign in through single sign-on.
	ErrSSOOnly = errors.New("store: password sign-in is for administrators only")
)

// Link is a one-time link as the link page sees it (never its token).
type Link struct {
	ID        int64
	Kind      string
	Code      string
	ExpiresAt time.Time
	Person    Person
}

// NewLink is a link just made: the token is only ever in memory and in the answer.
type NewLink struct {
	Person    Person
	Kind      string
	Token     string
	Code      string
	ExpiresAt time.Time
}

// Email is a message to queue in the outbox.
type Email struct {
	To, Language, Subject, Text, HTML string
	LinkID                            int64  // the one-time link it carries, if any
	UnsubscribeURL                    string // a notification email's one-click unsubscribe address
}

// ComposeFunc returns the email for a new link, or ok false when none is to be sent.
type ComposeFunc func(l NewLink) (e Email, ok bool, err error)

// InviteFilter selects whom to invite. Only active people are ever selected.
type InviteFilter struct {
	CannotSignIn bool   // only people with no password yet
	Department   string // "" any
	Team         string // "" any
	Since        string // YYYY-MM-DD: added to Lodestar on or after this day; "" any
}

// Describe is the selection as its event records it: one field per filter, labelled by the
// invite form's message keys.
func (f InviteFilter) Describe() Arg {
	var parts []Arg
	if f.CannotSignIn {
		parts = append(parts, Msg("invite.cannot_sign_in"))
	}
	if f.Department != "" {
		parts = append(parts, Field("invite.department", Plain(f.Department)))
	}
	if f.Team != "" {
		parts = append(parts, Field("invite.team", Plain(f.Team)))
	}
	if d, err := ParseDate(f.Since); err == nil {
		parts = append(parts, Field("invite.since", DateArg(d)))
	}
	if len(parts) == 0 {
		return Msg("invite.everyone")
	}
	return List(parts...)
}

// validate returns the problems of a filter typed on the page or the command line.
func (f *InviteFilter) validate() error {
	f.Department, f.Team, f.Since = strings.TrimSpace(f.Department), strings.TrimSpace(f.Team), strings.TrimSpace(f.Since)
	if f.Since != "" {
		if _, err := ParseDate(f.Since); err != nil {
			return &ValidationError{Problems: []Problem{{Field: "since", Code: "invalid_date", Arg: f.Since}}}
		}
	}
	return nil
}

// inviteWhere is the condition (and its arguments) selecting the active people f names.
func (s *Store) inviteWhere(f InviteFilter) (string, []any) {
	where := []string{"(p.left_on IS NULL OR p.left_on > ?)"}
	args := []any{Day(s.now()).Format(DateLayout)}
	if f.CannotSignIn {
		where = append(where, "p.password_hash = ''")
	}
	if f.Department != "" {
		where = append(where, "p.department = ?")
		args = append(args, f.Department)
	}
	if f.Team != "" {
		where = append(where, "p.team = ?")
		args = append(args, f.Team)
	}
	if f.Since != "" {
		// created_at is an RFC 3339 timestamp, so it sorts as text after its day.
		where = append(where, "p.created_at >= ?")
		args = append(args, f.Since)
	}
	return strings.Join(where, " AND "), args
}

// InviteCounts says how many people the filter selects and how many of them have an email
// address (the invite page shows these before anything is sent; it needs no list).
func (s *Store) InviteCounts(ctx context.Context, f InviteFilter) (people, withEmail int, err error) {
	if err := f.validate(); err != nil {
		return 0, 0, err
	}
	where, args := s.inviteWhere(f)
	err = s.db.QueryRowContext(ctx, "SELECT count(*), count(NULLIF(p.email, '')) FROM people p WHERE "+where, args...).Scan(&people, &withEmail)
	if err != nil {
		return 0, 0, fmt.Errorf("store: invite counts: %w", err)
	}
	return people, withEmail, nil
}

// InviteCandidates lists the active people the filter selects, by name.
func (s *Store) InviteCandidates(ctx context.Context, f InviteFilter) ([]Person, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	where, args := s.inviteWhere(f)
	rows, err := s.db.QueryContext(ctx, "SELECT "+personColumns+personFrom+"WHERE "+where+
		" ORDER BY p.team, p.name, p.employee_id", args...)
	if err != nil {
		return nil, fmt.Errorf("store: invite candidates: %w", err)
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, fmt.Errorf("store: invite candidates: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// InviteExpiry is how long an invitation works (the admin setting, default 7 days).
func (s *Store) InviteExpiry(ctx context.Context) (time.Duration, error) {
	v, err := s.Setting(ctx, SettingInviteDays, strconv.Itoa(DefaultInviteDays))
	if err != nil {
		return 0, err
	}
	days, err := strconv.Atoi(v)
	if err != nil || days < 1 {
		days = DefaultInviteDays
	}
	return time.Duration(days) * 24 * time.Hour, nil
}

// Invite makes an invitation for each of people in one transaction: each person's older
// open links are withdrawn, compose may queue an email per link, and the audit log records
// how many were sent and the selection (never a token).
func (s *Store) Invite(ctx context.Context, actorID int64, people []Person, selection Arg, compose ComposeFunc) ([]NewLink, error) {
	return s.invite(ctx, actorID, people, selection, compose, false)
}

// firstOnly refuses, inside the transaction, anyone who can already sign in and admins:
// a link given to the API's caller would otherwise take over a working account.
func (s *Store) invite(ctx context.Context, actorID int64, people []Person, selection Arg, compose ComposeFunc, firstOnly bool) ([]NewLink, error) {
	valid, err := s.InviteExpiry(ctx)
	if err != nil {
		return nil, err
	}
	var out []NewLink
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		for _, p := range people {
			if firstOnly {
				cur, err := personByIDTx(ctx, tx, p.ID)
				if err != nil {
					return err
				}
				if cur.Role == RoleAdmin {
					return ErrInviteAdmin
				}
				if cur.HasPassword {
					return ErrCanSignIn
				}
			}
			l, err := s.createLink(ctx, tx, actorID, p, LinkInvitation, valid, compose)
			if err != nil {
				return err
			}
			out = append(out, l)
		}
		_, err := s.record(ctx, tx, Event{Key: EventInvitationSend, Actor: actorID, Args: []Arg{Count("event.people", len(people)), selection}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RequestPasswordReset makes a reset link for the active person with this email address and
// queues its email, when the address and the client are under their limits. It returns
// nothing that tells whether the address exists; ThrottledError only for the client.
func (s *Store) RequestPasswordReset(ctx context.Context, address, client string, compose ComposeFunc) error {
	adminsOnly, err := s.PasswordAdminsOnly(ctx)
	if err != nil {
		return err
	}
	address = strings.ToLower(strings.TrimSpace(address))
	now := s.now().UTC()
	since := now.Add(-ResetThrottleWindow).Format(time.RFC3339)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var byClient, byAddress int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM password_reset_requests WHERE client = ? AND at > ?", client, since).Scan(&byClient); err != nil {
			return fmt.Errorf("store: reset throttle: %w", err)
		}
		if byClient >= MaxResetsPerClient {
			return &ThrottledError{Wait: ResetThrottleWindow}
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM password_reset_requests WHERE address = ? AND at > ?", address, since).Scan(&byAddress); err != nil {
			return fmt.Errorf("store: reset throttle: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO password_reset_requests (address, client, at) VALUES (?, ?, ?)", address, client, s.timestamp()); err != nil {
			return fmt.Errorf("store: reset request: %w", err)
		}
		if byAddress >= MaxResetsPerAddress || address == "" {
			return nil // silently: the answer must not differ
		}
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE email = ? AND (left_on IS NULL OR left_on > ?)",
			address, Day(now).Format(DateLayout)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: reset request: %w", err)
		}
		p, err := personByIDTx(ctx, tx, id)
		if err != nil {
			return err
		}
		if adminsOnly && !May(p, ActionAdminister) {
			return nil // they sign in through single sign-on; the answer stays the same
		}
		if _, err := s.createLink(ctx, tx, 0, p, LinkPasswordReset, PasswordResetValid, compose); err != nil {
			return err
		}
		_, err = s.record(ctx, tx, Event{Key: EventPasswordResetAsked, Subject: Ref{RefPerson, p.ID}})
		return err
	})
}

// Forgot-password limits: per address (quietly ignored beyond) and per client (refused).
const (
	ResetThrottleWindow = time.Hour
	MaxResetsPerAddress = 3
	MaxResetsPerClient  = 20
)

// PrunePasswordResetRequests forgets forgot-password requests older than the throttle
// window: they no longer count. Housekeeping runs it.
func (s *Store) PrunePasswordResetRequests(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM password_reset_requests WHERE at <= ?", s.now().UTC().Add(-ResetThrottleWindow).Format(time.RFC3339))
	if err != nil {
		return 0, fmt.Errorf("store: prune reset requests: %w", err)
	}
	return res.RowsAffected()
}

// CreateInvitation makes one first invitation for a person (the API), queuing its email
// through compose like Invite. It refuses admins (ErrInviteAdmin) and anyone who can
// already sign in (ErrCanSignIn): their way back in is forgot-password or an admin.
// via says who asked (an API token), for the audit log.
func (s *Store) CreateInvitation(ctx context.Context, actorID int64, p Person, via Arg, compose ComposeFunc) (NewLink, error) {
	selection := List(Field("invite.card_employee_id", Plain(p.EmployeeID)), via)
	links, err := s.invite(ctx, actorID, []Person{p}, selection, compose, true)
	if err != nil {
		return NewLink{}, err
	}
	return links[0], nil
}

// createLink withdraws the person's open links and records a new one.
func (s *Store) createLink(ctx context.Context, tx *sql.Tx, actorID int64, p Person, kind string, valid time.Duration, compose ComposeFunc) (NewLink, error) {
	// Read again inside the transaction: the caller's copy may predate a leaving date.
	p, err := personByIDTx(ctx, tx, p.ID)
	if err != nil {
		return NewLink{}, err
	}
	if !p.ActiveOn(s.now()) {
		return NewLink{}, &ValidationError{Problems: []Problem{{Field: "person", Code: "person_left", Arg: p.EmployeeID}}}
	}
	now := s.timestamp()
	if _, err := tx.ExecContext(ctx, "UPDATE one_time_links SET revoked_at = ? WHERE person_id = ? AND used_at IS NULL AND revoked_at IS NULL", now, p.ID); err != nil {
		return NewLink{}, fmt.Errorf("store: withdraw links: %w", err)
	}
	b := make([]byte, 32)
	rand.Read(b)
	l := NewLink{Person: p, Kind: kind, Token: base64.RawURLEncoding.EncodeToString(b), Code: shortCode(),
		ExpiresAt: s.now().UTC().Add(valid).Truncate(time.Second)}
	var linkID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO one_time_links (person_id, kind, token_hash, code, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, p.ID, kind, hashToken(l.Token), l.Code, nullID(actorID), now, l.ExpiresAt.Format(time.RFC3339)).Scan(&linkID); err != nil {
		return NewLink{}, fmt.Errorf("store: create link: %w", err)
	}
	if compose == nil {
		return l, nil
	}
	e, ok, err := compose(l)
	if err != nil || !ok {
		return l, err
	}
	e.LinkID = linkID
	return l, s.queueEmail(ctx, tx, e)
}

// shortCode is an 8-character reference without look-alike characters, as "K7QM-4TZP".
func shortCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 8)
	rand.Read(b)
	out := make([]byte, 0, 9)
	for i, c := range b {
		if i == 4 {
			out = append(out, '-')
		}
		out = append(out, alphabet[int(c)%len(alphabet)])
	}
	return string(out)
}

// LinkByToken returns the link a token opens, or ErrNotFound, ErrLinkUsed or ErrLinkExpired
// (which carry the link's person too, for the page to say whom to ask).
func (s *Store) LinkByToken(ctx context.Context, token string) (Link, error) {
	return s.linkByToken(ctx, s.db, token)
}

func (s *Store) linkByToken(ctx context.Context, q queryer, token string) (Link, error) {
	var l Link
	var personID int64
	var expires string
	var used, revoked sql.NullString
	err := q.QueryRowContext(ctx, "SELECT id, person_id, kind, code, expires_at, used_at, revoked_at FROM one_time_links WHERE token_hash = ?",
		hashToken(token)).Scan(&l.ID, &personID, &l.Kind, &l.Code, &expires, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: link: %w", err)
	}
	l.ExpiresAt, _ = time.Parse(time.RFC3339, expires)
	p, err := scanPerson(q.QueryRowContext(ctx, "SELECT "+personColumns+personFrom+"WHERE p.id = ?", personID))
	if err != nil {
		return l, fmt.Errorf("store: link person: %w", err)
	}
	l.Person = p
	switch {
	case used.Valid:
		return l, ErrLinkUsed
	case revoked.Valid || !s.now().Before(l.ExpiresAt) || !p.ActiveOn(s.now()):
		return l, ErrLinkExpired
	}
	return l, nil
}

// linkMaySignIn is ErrSSOOnly for a non-admin while password sign-in is for admins only.
func (s *Store) linkMaySignIn(ctx context.Context, p Person) error {
	adminsOnly, err := s.PasswordAdminsOnly(ctx)
	if err != nil {
		return err
	}
	if adminsOnly && !May(p, ActionAdminister) {
		return ErrSSOOnly
	}
	return nil
}

// UseLinkAllowed tells the link page whether its person may use it now (ErrSSOOnly).
func (s *Store) UseLinkAllowed(ctx context.Context, p Person) error { return s.linkMaySignIn(ctx, p) }

// UseLink sets the person's password through a one-time link and spends the link, in one
// transaction: of two requests racing with the same link, only one succeeds.
// The password rules are those of SetPassword, with the person's own words; they are
// checked again inside the transaction, while the slow hash is made outside it.
func (s *Store) UseLink(ctx context.Context, token, password string) (Person, error) {
	checkRules := func(q queryer, personID int64) error {
		words, err := passwordContext(ctx, q, personID)
		if err != nil {
			return err
		}
		if code := CheckPasswordRules(password, words...); code != "" {
			return &ValidationError{Problems: []Problem{{Field: "password", Code: code}}}
		}
		return nil
	}
	l, err := s.linkByToken(ctx, s.db, token)
	if err != nil {
		return Person{}, err
	}
	if err := s.linkMaySignIn(ctx, l.Person); err != nil {
		return Person{}, err
	}
	if err := checkRules(s.db, l.Person.ID); err != nil {
		return Person{}, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return Person{}, err
	}
	var p Person
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		l, err := s.linkByToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if err := checkRules(tx, l.Person.ID); err != nil {
			return err
		}
		now := s.timestamp()
		if _, err := tx.ExecContext(ctx, "UPDATE one_time_links SET used_at = ? WHERE id = ?", now, l.ID); err != nil {
			return fmt.Errorf("store: use link: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE people SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?", hash, now, l.Person.ID); err != nil {
			return fmt.Errorf("store: use link: %w", err)
		}
		if _, err := s.record(ctx, tx, Event{Key: EventLinkUsed, Actor: l.Person.ID, Subject: Ref{RefPerson, l.Person.ID}, Args: []Arg{Code("event.link.", l.Kind)}}); err != nil {
			return err
		}
		// Read back: the password trigger moved the session epoch.
		p, err = personByIDTx(ctx, tx, l.Person.ID)
		return err
	})
	return p, err
}
