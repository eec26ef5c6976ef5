package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"lodestar/store"
)

func ssoInput() store.SSOProviderInput {
	return store.SSOProviderInput{Key: "entra", NameEN: "Contoso ID", Issuer: "https://login.example.com/tenant/v2.0",
		ClientID: "client-1", ClientSecret: "s3cret-value", Claim: "email", MatchOn: store.MatchEmail,
		AllowedDomains: "Contoso.com, @contoso.cn", Enabled: true}
}

func TestSSOProviderValidationListsEveryProblem(t *testing.T) {
	s := mustOpenStore(t, newClock())
	in := store.SSOProviderInput{Key: "Bad Key!", Issuer: "ftp://x", MatchOn: "name", AllowedDomains: "contoso"}
	_, err := s.CreateSSOProvider(context.Background(), 0, in)
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("got %v, want a validation error", err)
	}
	want := map[string]string{"key": "sso_invalid_key", "issuer": "sso_invalid_issuer", "client_id": "required",
		"client_secret": "required", "claim": "required", "match_on": "invalid_choice", "allowed_domains": "sso_invalid_domain"}
	for field, code := range want {
		if p, ok := verr.FieldProblem(field); !ok || p.Code != code {
			t.Errorf("%s: got %+v, want %s", field, p, code)
		}
	}
}

// The secret is stored for the sign-in, never listed, never audited; an empty secret on
// an update keeps it; a key used twice is refused next to the key.
func TestSSOProviderSecretIsWriteOnly(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	id, err := s.CreateSSOProvider(ctx, 0, ssoInput())
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListSSOProviders(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	if list[0].ClientSecret != "" || !list[0].HasSecret {
		t.Errorf("listed provider: secret %q, has secret %t", list[0].ClientSecret, list[0].HasSecret)
	}
	if got := strings.Join(list[0].AllowedDomains, " "); got != "contoso.com contoso.cn" {
		t.Errorf("domains %q", got)
	}
	byID, _ := s.SSOProviderByID(ctx, id)
	if byID.ClientSecret != "" {
		t.Errorf("edit page would see the secret")
	}
	in := ssoInput()
	in.ClientSecret, in.NameEN = "", "Renamed"
	if err := s.UpdateSSOProvider(ctx, 0, id, in); err != nil {
		t.Fatal(err)
	}
	p, err := s.SSOProviderByKey(ctx, "entra")
	if err != nil || p.ClientSecret != "s3cret-value" || p.NameEN != "Renamed" {
		t.Fatalf("after update without secret: %+v %v", p, err)
	}
	in.ClientSecret = "new-secret"
	if err := s.UpdateSSOProvider(ctx, 0, id, in); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.SSOProviderByKey(ctx, "entra"); p.ClientSecret != "new-secret" {
		t.Errorf("new secret not stored")
	}
	actions := []string{}
	for _, e := range eventLog(t, s, 10) {
		actions = append(actions, string(e.Key))
		if strings.Contains(argsJSON(e), "secret-value") || strings.Contains(argsJSON(e), "new-secret") {
			t.Errorf("event %q holds the secret: %q", e.Key, argsJSON(e))
		}
	}
	if got := strings.Join(actions, ","); got != "sso_provider.updated,sso_provider.updated,sso_provider.created" {
		t.Errorf("audit actions %s", got)
	}
	second := ssoInput()
	second.Key = "ENTRA"
	_, err = s.CreateSSOProvider(ctx, 0, second)
	var verr *store.ValidationError
	if !errors.As(err, &verr) || verr.Problems[0].Code != "sso_key_taken" {
		t.Errorf("duplicate key: %v", err)
	}
	other := ssoInput()
	other.Key = "okta"
	otherID, err := s.CreateSSOProvider(ctx, 0, other)
	if err != nil {
		t.Fatal(err)
	}
	other.Key = "entra"
	if err := s.UpdateSSOProvider(ctx, 0, otherID, other); !errors.As(err, &verr) || verr.Problems[0].Code != "sso_key_taken" {
		t.Errorf("rename onto a used key: %v", err)
	}
	if err := s.UpdateSSOProvider(ctx, 0, 999, ssoInput()); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown provider: %v", err)
	}
}

// A sign-in links to an existing person by email (any case) or employee ID, refuses
// unknown people, people who have left and other domains, and never creates anyone.
func TestSSOSignInLinksOnlyExistingActivePeople(t *testing.T) {
	ctx := context.Background()
	c := newClock()
	s := mustOpenStore(t, c)
	active, left := person("E1", ""), person("E2", "")
	active.Email, left.Email = "ana@contoso.com", "bo@contoso.com"
	left.LeftOn = "2026-01-31"
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{active, left}, 0); err != nil {
		t.Fatal(err)
	}
	byEmail := store.SSOProvider{Key: "entra", Claim: "email", MatchOn: store.MatchEmail, AllowedDomains: []string{"contoso.com"}}
	byID := store.SSOProvider{Key: "okta", Claim: "employee_number", MatchOn: store.MatchEmployeeID}
	tests := []struct {
		name         string
		prov         store.SSOProvider
		value, email string
		wantID       string
		wantErr      error
	}{
		{"email any case", byEmail, "ANA@Contoso.com", "", "E1", nil},
		{"employee id", byID, "E1", "", "E1", nil},
		{"unknown email", byEmail, "zed@contoso.com", "", "", store.ErrNotFound},
		{"unknown employee id", byID, "E404", "", "", store.ErrNotFound},
		{"left", byEmail, "bo@contoso.com", "", "", store.ErrInactive},
		{"other domain", byEmail, "ana@evil.com", "", "", store.ErrSSODomain},
		{"domain checked on the email claim when matching by ID", store.SSOProvider{Key: "k", MatchOn: store.MatchEmployeeID, AllowedDomains: []string{"contoso.com"}}, "E1", "ana@evil.com", "", store.ErrSSODomain},
		{"no claim", byID, " ", "", "", store.ErrSSOMissingClaim},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.SSOSignIn(ctx, tt.prov, tt.value, tt.email)
			if !errors.Is(err, tt.wantErr) || p.EmployeeID != tt.wantID {
				t.Errorf("got %q, %v; want %q, %v", p.EmployeeID, err, tt.wantID, tt.wantErr)
			}
		})
	}
	if n, _ := s.CountPeople(ctx); n != 2 {
		t.Errorf("people: %d, want 2 (never created from a sign-in)", n)
	}
	signIns := 0
	for _, e := range eventLog(t, s, 50) {
		if e.Key == store.EventSSOSignIn {
			signIns++
			if e.Subject.Kind != store.RefSSOProvider || e.Actor == 0 {
				t.Errorf("sign-in entry %+v", e)
			}
		}
	}
	if signIns != 2 {
		t.Errorf("audited %d SSO sign-ins, want 2", signIns)
	}
}

func TestPasswordAdminsOnlySetting(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if on, err := s.PasswordAdminsOnly(ctx); err != nil || on {
		t.Fatalf("default: %t %v", on, err)
	}
	if err := s.SetSetting(ctx, 0, store.SettingPasswordAdminsOnly, "true"); err != nil {
		t.Fatal(err)
	}
	if on, _ := s.PasswordAdminsOnly(ctx); !on {
		t.Error("setting not read back")
	}
}

// With a secret key, the client secret is encrypted in the database (a copy of the file
// holds no usable secret) and read back in the clear; without the key, or with another,
// it cannot be opened. A secret stored before a key was set is still read.
func TestSSOClientSecretSealedWithKeyOutsideTheDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sealed.db")
	open := func(opts ...store.Option) *store.Store {
		t.Helper()
		s, err := store.Open(path, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	plain := open()
	if _, err := plain.CreateSSOProvider(ctx, 0, ssoInput()); err != nil {
		t.Fatal(err)
	}
	plain.Close()

	s := open(store.WithSecretKey("correct horse battery staple 42"))
	if p, err := s.SSOProviderByKey(ctx, "entra"); err != nil || p.ClientSecret != "s3cret-value" {
		t.Fatalf("a secret stored in the clear before the key: %q %v", p.ClientSecret, err)
	}
	second := ssoInput()
	second.Key = "okta"
	if _, err := s.CreateSSOProvider(ctx, 0, second); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := s.DB().QueryRowContext(ctx, "SELECT client_secret FROM sso_providers WHERE key = 'okta'").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "s3cret") || raw == "" {
		t.Fatalf("the database holds %q", raw)
	}
	if p, err := s.SSOProviderByKey(ctx, "okta"); err != nil || p.ClientSecret != "s3cret-value" {
		t.Fatalf("sealed secret read back: %q %v", p.ClientSecret, err)
	}
	s.Close()

	for name, opts := range map[string][]store.Option{"no key": nil, "another key": {store.WithSecretKey("another key")}} {
		s := open(opts...)
		if _, err := s.SSOProviderByKey(ctx, "okta"); !errors.Is(err, store.ErrSecretKey) {
			t.Errorf("%s: got %v, want ErrSecretKey", name, err)
		}
		s.Close()
	}
}
