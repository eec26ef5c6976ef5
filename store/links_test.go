package store_test

import (
	"context"
	"errors"
	"testing"

	"lodestar/store"
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
			l, err := s.CreateInvitation(ctx, 0, e1, "", nil)
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
		l, _ := s.CreateInvitation(ctx, 0, e1, "", nil)
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
	l, err := s.CreateInvitation(ctx, 0, p, "", nil)
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
