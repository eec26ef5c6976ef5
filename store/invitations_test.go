package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

func seedInvitees(t *testing.T, s *store.Store) {
	t.Helper()
	a, b, c := person("E1", ""), person("E2", ""), person("E3", "")
	a.Email = "e1@example.com"
	c.Team, c.Department = "Team B", "Outbound"
	if _, err := s.UpsertPeople(context.Background(), 0, []store.PersonInput{a, b, c}, 0); err != nil {
		t.Fatal(err)
	}
}

func ids(people []store.Person) string {
	var out []string
	for _, p := range people {
		out = append(out, p.EmployeeID)
	}
	return strings.Join(out, ",")
}

func TestInviteCandidatesSelection(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	seedInvitees(t, s)
	e2, _ := s.PersonByEmployeeID(ctx, "E2")
	if err := s.SetPassword(ctx, e2.ID, e2.ID, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	c.advance(48 * time.Hour)
	late := person("E4", "")
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{late}, 0); err != nil {
		t.Fatal(err)
	}
	since := c.t.Format(store.DateLayout)
	for _, tc := range []struct {
		name string
		f    store.InviteFilter
		want string
	}{
		{"cannot sign in", store.InviteFilter{CannotSignIn: true}, "E1,E4,E3"},
		{"everyone", store.InviteFilter{}, "E1,E2,E4,E3"},
		{"team", store.InviteFilter{CannotSignIn: true, Team: "Team B"}, "E3"},
		{"department", store.InviteFilter{Department: "Inbound Voice"}, "E1,E2,E4"},
		{"since", store.InviteFilter{Since: since}, "E4"},
	} {
		got, err := s.InviteCandidates(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		if ids(got) != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, ids(got), tc.want)
		}
	}
	var verr *store.ValidationError
	if _, err := s.InviteCandidates(ctx, store.InviteFilter{Since: "yesterday"}); !errors.As(err, &verr) {
		t.Errorf("bad since date: got %v, want a validation error", err)
	}
}

func TestInvitationLinkIsHashedSingleUseAndExpires(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	seedInvitees(t, s)
	people, _ := s.InviteCandidates(ctx, store.InviteFilter{CannotSignIn: true})
	var composed []string
	links, err := s.Invite(ctx, 0, people, store.InviteFilter{CannotSignIn: true}.Describe(), func(l store.NewLink) (store.Email, bool, error) {
		if l.Person.Email == "" {
			return store.Email{}, false, nil
		}
		composed = append(composed, l.Person.EmployeeID)
		return store.Email{To: l.Person.Email, Subject: "Welcome", Text: "open /invite/" + l.Token, HTML: "<p>x</p>"}, true, nil
	})
	if err != nil || len(links) != 3 {
		t.Fatalf("invite: %d links, %v", len(links), err)
	}
	if strings.Join(composed, ",") != "E1" {
		t.Errorf("emails composed for %v, want only E1 (the only one with an address)", composed)
	}
	// The token is never at rest: only its hash.
	db := s.DB()
	var n int
	db.QueryRow("SELECT count(*) FROM one_time_links WHERE token_hash = ? OR code = ?", links[0].Token, links[0].Token).Scan(&n)
	if n != 0 {
		t.Error("a token is stored in clear")
	}
	if len(links[0].Code) != 9 || links[0].ExpiresAt.Sub(c.t) != 7*24*time.Hour {
		t.Errorf("code %q, expires %v after now; want 8 chars + dash and 7 days", links[0].Code, links[0].ExpiresAt.Sub(c.t))
	}
	// Single use.
	p, err := s.UseLink(ctx, links[0].Token, "short")
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("short password: %v", err)
	}
	p, err = s.UseLink(ctx, links[0].Token, "a long enough password")
	if err != nil || !p.HasPassword || p.SessionEpoch == 0 {
		t.Fatalf("use: %+v %v", p, err)
	}
	if _, err := s.Authenticate(ctx, p.EmployeeID, "a long enough password", "1.2.3.4"); err != nil {
		t.Errorf("sign in after link: %v", err)
	}
	if _, err := s.UseLink(ctx, links[0].Token, "another long password"); !errors.Is(err, store.ErrLinkUsed) {
		t.Errorf("second use: %v, want ErrLinkUsed", err)
	}
	// Expiry with the clock.
	c.advance(7*24*time.Hour - time.Second)
	if _, err := s.LinkByToken(ctx, links[1].Token); err != nil {
		t.Errorf("a second before expiry: %v", err)
	}
	c.advance(time.Second)
	if _, err := s.UseLink(ctx, links[1].Token, "a long enough password"); !errors.Is(err, store.ErrLinkExpired) {
		t.Errorf("at expiry: %v, want ErrLinkExpired", err)
	}
	if _, err := s.LinkByToken(ctx, "no-such-token"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
	var actions []string
	for _, e := range eventLog(t, s, 10) {
		actions = append(actions, string(e.Key)+":"+argsJSON(e))
		if strings.Contains(argsJSON(e), links[0].Token) {
			t.Error("a token reached the audit log")
		}
	}
	joined := strings.Join(actions, " ")
	if !strings.Contains(joined, `invitation.sent:[{"k":"count","n":3,"key":"event.people"},{"k":"list","l":[{"k":"msg","key":"invite.cannot_sign_in"}]}]`) ||
		!strings.Contains(joined, `link.used:[{"k":"code","s":"invitation","key":"event.link."}]`) {
		t.Errorf("events: %s", joined)
	}
}

func TestNewLinkOrLeavingWithdrawsOpenLinks(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	seedInvitees(t, s)
	e1, _ := s.PersonByEmployeeID(ctx, "E1")
	first, err := s.CreateInvitation(ctx, 0, e1, store.Arg{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	second, _ := s.CreateInvitation(ctx, 0, e1, store.Arg{}, nil)
	if _, err := s.LinkByToken(ctx, first.Token); !errors.Is(err, store.ErrLinkExpired) {
		t.Errorf("older link after a new one: %v, want ErrLinkExpired", err)
	}
	if _, err := s.LinkByToken(ctx, second.Token); err != nil {
		t.Errorf("newest link: %v", err)
	}
	if err := s.Deactivate(ctx, 0, e1.ID, c.t); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UseLink(ctx, second.Token, "a long enough password"); !errors.Is(err, store.ErrLinkExpired) {
		t.Errorf("link of someone who left: %v, want ErrLinkExpired", err)
	}
	if _, err := s.CreateInvitation(ctx, 0, e1, store.Arg{}, nil); err == nil {
		t.Error("invited someone who left")
	}
}

func TestInviteExpirySetting(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	seedInvitees(t, s)
	if err := s.SetSetting(ctx, 0, store.SettingInviteDays, "2"); err != nil {
		t.Fatal(err)
	}
	e1, _ := s.PersonByEmployeeID(ctx, "E1")
	l, _ := s.CreateInvitation(ctx, 0, e1, store.Arg{}, nil)
	if got := l.ExpiresAt.Sub(c.t); got != 48*time.Hour {
		t.Errorf("expires after %v, want 48h", got)
	}
}

func TestPasswordResetRequestRules(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	seedInvitees(t, s)
	var sent []store.NewLink
	compose := func(l store.NewLink) (store.Email, bool, error) {
		sent = append(sent, l)
		return store.Email{To: l.Person.Email, Subject: "Reset", Text: "t", HTML: "h"}, true, nil
	}
	if err := s.RequestPasswordReset(ctx, "nobody@example.com", "1.1.1.1", compose); err != nil || len(sent) != 0 {
		t.Fatalf("unknown address: %v, %d links", err, len(sent))
	}
	if err := s.RequestPasswordReset(ctx, " E1@Example.com ", "1.1.1.1", compose); err != nil || len(sent) != 1 {
		t.Fatalf("known address: %v, %d links", err, len(sent))
	}
	if sent[0].Kind != store.LinkPasswordReset || sent[0].ExpiresAt.Sub(c.t) != time.Hour {
		t.Errorf("reset link %+v", sent[0])
	}
	// Per address: quietly no more links beyond the limit.
	for range store.MaxResetsPerAddress + 1 {
		if err := s.RequestPasswordReset(ctx, "e1@example.com", "2.2.2.2", compose); err != nil {
			t.Fatal(err)
		}
	}
	if len(sent) != store.MaxResetsPerAddress {
		t.Errorf("%d links for one address in an hour, want %d", len(sent), store.MaxResetsPerAddress)
	}
	// Per client: refused.
	var throttled *store.ThrottledError
	var err error
	for range store.MaxResetsPerClient + 1 {
		err = s.RequestPasswordReset(ctx, "x@example.com", "3.3.3.3", compose)
	}
	if !errors.As(err, &throttled) {
		t.Errorf("client over the limit: %v", err)
	}
	c.advance(store.ResetThrottleWindow + time.Second)
	if err := s.RequestPasswordReset(ctx, "e1@example.com", "3.3.3.3", compose); err != nil || len(sent) != store.MaxResetsPerAddress+1 {
		t.Errorf("after the window: %v, %d links", err, len(sent))
	}
	if n, err := s.PrunePasswordResetRequests(ctx); err != nil || n == 0 {
		t.Errorf("pruned %d old requests, %v", n, err)
	}
	// Reset link expires after an hour.
	last := sent[len(sent)-1]
	c.advance(time.Hour)
	if _, err := s.UseLink(ctx, last.Token, "a long enough password"); !errors.Is(err, store.ErrLinkExpired) {
		t.Errorf("reset link after an hour: %v", err)
	}
}

func TestOutboxRetriesWithBackoffThenFails(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	if err := s.QueueEmail(ctx, store.Email{To: "a@example.com", Subject: "Hi", Text: "secret link", HTML: "<p>secret link</p>"}); err != nil {
		t.Fatal(err)
	}
	due, _ := s.ClaimDueEmails(ctx, 10)
	if len(due) != 1 {
		t.Fatalf("due: %d", len(due))
	}
	if again, _ := s.ClaimDueEmails(ctx, 10); len(again) != 0 {
		t.Error("a claimed email was claimed twice")
	}
	wait := time.Minute
	for i := 1; i <= store.MaxEmailAttempts; i++ {
		if err := s.EmailFailed(ctx, due[0].ID, errors.New("connection refused")); err != nil {
			t.Fatal(err)
		}
		if i == store.MaxEmailAttempts {
			break
		}
		c.advance(wait - time.Second)
		if got, _ := s.ClaimDueEmails(ctx, 10); len(got) != 0 {
			t.Fatalf("attempt %d: retried before %v", i, wait)
		}
		c.advance(time.Second)
		if got, _ := s.ClaimDueEmails(ctx, 10); len(got) != 1 {
			t.Fatalf("attempt %d: not retried after %v", i, wait)
		}
		wait *= 2
	}
	list, _, _ := s.ListOutbox(ctx)
	if len(list) != 1 || list[0].Status != store.EmailFailed || list[0].LastError != "connection refused" || list[0].Attempts != store.MaxEmailAttempts {
		t.Fatalf("after giving up: %+v", list)
	}
	c.advance(24 * time.Hour)
	if got, _ := s.ClaimDueEmails(ctx, 10); len(got) != 0 {
		t.Error("a failed email was retried without an admin")
	}
	if err := s.RetryEmail(ctx, 0, list[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ClaimDueEmails(ctx, 10)
	if len(got) != 1 {
		t.Fatal("retry did not queue the email")
	}
	if err := s.EmailSent(ctx, got[0].ID); err != nil {
		t.Fatal(err)
	}
	list, sent, _ := s.ListOutbox(ctx)
	if len(list) != 0 || sent != 1 {
		t.Errorf("after sending: %d waiting, %d sent", len(list), sent)
	}
	db := s.DB()
	var body string
	db.QueryRow("SELECT text_body || html_body FROM email_outbox").Scan(&body)
	if body != "" {
		t.Errorf("a sent email keeps its body: %q", body)
	}
}
