package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// An open link stops working as soon as its person gets in some other way.
func TestLinkWithdrawnOncePasswordSetAnotherWayOrSSO(t *testing.T) {
	ctx := context.Background()
	paths := map[string]func(t *testing.T, s *store.Store, e1 store.Person){
		"admin reset": func(t *testing.T, s *store.Store, e1 store.Person) {
			if _, err := s.ResetPassword(ctx, 0, e1.ID); err != nil {
				t.Fatal(err)
			}
		},
		"own change": func(t *testing.T, s *store.Store, e1 store.Person) {
			if err := s.SetPassword(ctx, e1.ID, e1.ID, "a long enough password"); err != nil {
				t.Fatal(err)
			}
		},
		"single sign-on": func(t *testing.T, s *store.Store, e1 store.Person) {
			prov := store.SSOProvider{Key: "okta", Claim: "employee_number", MatchOn: store.MatchEmployeeID}
			if _, err := s.SSOSignIn(ctx, prov, "E1", ""); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, getIn := range paths {
		t.Run(name, func(t *testing.T) {
			s := mustOpenStore(t, newClock())
			seedInvitees(t, s)
			e1, _ := s.PersonByEmployeeID(ctx, "E1")
			l, err := s.CreateInvitation(ctx, 0, e1, store.Arg{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			getIn(t, s, e1)
			if _, err := s.LinkByToken(ctx, l.Token); !errors.Is(err, store.ErrLinkExpired) {
				t.Errorf("link after %s: %v, want ErrLinkExpired", name, err)
			}
			if _, err := s.UseLink(ctx, l.Token, "the thief's own password"); !errors.Is(err, store.ErrLinkExpired) {
				t.Errorf("UseLink after %s: %v, want ErrLinkExpired", name, err)
			}
		})
	}
	t.Run("using the link itself", func(t *testing.T) {
		s := mustOpenStore(t, newClock())
		seedInvitees(t, s)
		e1, _ := s.PersonByEmployeeID(ctx, "E1")
		l, _ := s.CreateInvitation(ctx, 0, e1, store.Arg{}, nil)
		if _, err := s.UseLink(ctx, l.Token, "a long enough password"); err != nil {
			t.Fatalf("the link's own use: %v", err)
		}
		if _, err := s.LinkByToken(ctx, l.Token); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("after use: %v, want ErrLinkUsed", err)
		}
	})
}

// The link page refuses what SetPassword refuses: the person's own employee ID, email or name.
func TestUseLinkRefusesThePersonsOwnWords(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	in := person("CALLCENTER-0042", "")
	in.Email, in.Name = "ana.long@example.com", "Anastasia Longname"
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{in}, 0); err != nil {
		t.Fatal(err)
	}
	p, _ := s.PersonByEmployeeID(ctx, "CALLCENTER-0042")
	l, err := s.CreateInvitation(ctx, 0, p, store.Arg{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"CALLCENTER-0042", "ana.long@example.com", "Anastasia Longname"} {
		_, err := s.UseLink(ctx, l.Token, pw)
		var verr *store.ValidationError
		if !errors.As(err, &verr) || verr.Problems[0].Code != "password_personal" {
			t.Errorf("UseLink(%q): %v, want password_personal", pw, err)
		}
		if setErr := s.SetPassword(ctx, p.ID, p.ID, pw); setErr == nil {
			t.Errorf("SetPassword accepted %q: the rules differ", pw)
		}
	}
	if _, err := s.LinkByToken(ctx, l.Token); err != nil {
		t.Errorf("a refused password spent the link: %v", err)
	}
}

// outboxRows reads each email's status and whether its bodies still hold the token, from the
// database file itself (what a backup would hold).
func outboxRows(t *testing.T, path, token string) map[int64]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT id, status, instr(text_body || html_body, ?) > 0 FROM email_outbox", token)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var status string
		var holds bool
		rows.Scan(&id, &status, &holds)
		if holds {
			status += "+token"
		}
		out[id] = status
	}
	return out
}

// An email carrying a link is cancelled, its body cleared, when the link is used, withdrawn
// or expires; a failed one keeps no token either.
func TestLinkEmailsCancelledAndClearedWithTheirLink(t *testing.T) {
	ctx := context.Background()
	compose := func(l store.NewLink) (store.Email, bool, error) {
		return store.Email{To: l.Person.Email, Subject: "Welcome", Text: "open /invite/" + l.Token, HTML: "<a>/invite/" + l.Token + "</a>"}, true, nil
	}
	setup := func(t *testing.T) (*store.Store, *clock, string, store.NewLink) {
		c := newClock()
		path := filepath.Join(t.TempDir(), "test.db")
		s, err := store.Open(path, store.WithClock(c.now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		seedInvitees(t, s)
		e1, _ := s.PersonByEmployeeID(ctx, "E1")
		l, err := s.CreateInvitation(ctx, 0, e1, store.Arg{}, compose)
		if err != nil {
			t.Fatal(err)
		}
		if got := outboxRows(t, path, l.Token); len(got) != 1 || got[1] != "queued+token" {
			t.Fatalf("queued email: %v", got)
		}
		return s, c, path, l
	}
	check := func(t *testing.T, s *store.Store, path, token, want string) {
		t.Helper()
		// The worker's next claim (every 15 s) is what notices an expiry.
		if due, _ := s.ClaimDueEmails(ctx, 10); len(due) != 0 {
			t.Errorf("a cancelled email is still sent: %+v", due)
		}
		if got := outboxRows(t, path, token); got[1] != want {
			t.Errorf("email: %v, want %s", got, want)
		}
	}
	t.Run("used", func(t *testing.T) {
		s, _, path, l := setup(t)
		if _, err := s.UseLink(ctx, l.Token, "a long enough password"); err != nil {
			t.Fatal(err)
		}
		check(t, s, path, l.Token, "cancelled")
	})
	t.Run("withdrawn by a new link", func(t *testing.T) {
		s, _, path, l := setup(t)
		e1, _ := s.PersonByEmployeeID(ctx, "E1")
		if _, err := s.CreateInvitation(ctx, 0, e1, store.Arg{}, nil); err != nil {
			t.Fatal(err)
		}
		check(t, s, path, l.Token, "cancelled")
	})
	t.Run("expired", func(t *testing.T) {
		s, c, path, l := setup(t)
		c.advance(8 * 24 * time.Hour)
		check(t, s, path, l.Token, "cancelled")
	})
	t.Run("failed for good", func(t *testing.T) {
		s, _, path, l := setup(t)
		due, _ := s.ClaimDueEmails(ctx, 10)
		for i := 0; i < store.MaxEmailAttempts; i++ {
			if err := s.EmailFailed(ctx, due[0].ID, errors.New("connection refused")); err != nil {
				t.Fatal(err)
			}
		}
		if got := outboxRows(t, path, l.Token); got[1] != "failed" {
			t.Errorf("failed email: %v, want its body cleared", got)
		}
		if err := s.RetryEmail(ctx, 0, due[0].ID); !errors.Is(err, store.ErrEmailLinkGone) {
			t.Errorf("retrying an emptied email: %v, want ErrEmailLinkGone", err)
		}
		// The link itself still works: the card or CSV may be the way in.
		if _, err := s.LinkByToken(ctx, l.Token); err != nil {
			t.Errorf("link: %v", err)
		}
	})
	t.Run("sent", func(t *testing.T) {
		s, _, path, l := setup(t)
		due, _ := s.ClaimDueEmails(ctx, 10)
		if err := s.EmailSent(ctx, due[0].ID); err != nil {
			t.Fatal(err)
		}
		if got := outboxRows(t, path, l.Token); got[1] != "sent" {
			t.Errorf("sent email: %v, want its body cleared", got)
		}
	})
}

// A reset link used after an admin's reset is the person's own choice: it clears the
// "must change at next sign-in" mark the reset set.
func TestResetLinkClearsTemporaryPassword(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	seedInvitees(t, s)
	e1, _ := s.PersonByEmployeeID(ctx, "E1")
	if _, err := s.ResetPassword(ctx, 0, e1.ID); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PersonByID(ctx, e1.ID); !p.MustChangePassword {
		t.Fatal("an admin reset did not make the password temporary")
	}
	var link store.NewLink
	compose := func(l store.NewLink) (store.Email, bool, error) {
		link = l
		return store.Email{To: l.Person.Email, Subject: "Reset", Text: "t", HTML: "h"}, true, nil
	}
	if err := s.RequestPasswordReset(ctx, "e1@example.com", "1.1.1.1", compose); err != nil || link.Token == "" {
		t.Fatalf("reset link: %v", err)
	}
	if _, err := s.UseLink(ctx, link.Token, "lantern-copper-river-42"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PersonByID(ctx, e1.ID); p.MustChangePassword {
		t.Error("a password chosen through a reset link is still marked temporary")
	}
}

// Single sign-on matches the email whatever its case (the column is COLLATE NOCASE).
func TestSSOSignInMatchesEmailInAnyCase(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	seedInvitees(t, s)
	prov := store.SSOProvider{Key: "okta", Claim: "email", MatchOn: store.MatchEmail}
	p, err := s.SSOSignIn(ctx, prov, "E1@EXAMPLE.com", "E1@EXAMPLE.com")
	if err != nil || p.EmployeeID != "E1" {
		t.Fatalf("SSO by email in another case: %v, %q", err, p.EmployeeID)
	}
}

// The email worker's poll takes no write lock when nothing waits, so an idle outbox never
// queues behind (or blocks) other writers.
func TestIdleEmailPollTakesNoWriteLock(t *testing.T) {
	storetest.SkipOnPostgres(t, "holds SQLite's write lock with BEGIN IMMEDIATE")
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	if got, err := s.ClaimDueEmails(ctx, 10); err != nil || len(got) != 0 {
		t.Fatalf("idle poll while another connection writes: %v, %d emails", err, len(got))
	}
}

// The invite page's counts agree with the people an invitation would go to.
func TestInviteCountsMatchCandidates(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	seedInvitees(t, s)
	for _, f := range []store.InviteFilter{{}, {CannotSignIn: true}, {Department: "Outbound"}, {Team: "Team B"}, {Since: "2000-01-01"}, {Since: "2999-01-01"}} {
		people, err := s.InviteCandidates(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		withEmail := 0
		for _, p := range people {
			if p.Email != "" {
				withEmail++
			}
		}
		n, e, err := s.InviteCounts(ctx, f)
		if err != nil || n != len(people) || e != withEmail {
			t.Errorf("%+v: counts %d/%d (%v), want %d/%d", f, n, e, err, len(people), withEmail)
		}
	}
}
