package views

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"lodestar/store"
)

// A provider's configuration reads in the reader's language in the audit log and never
// holds the secret: only "a new secret was stored".
func TestSSOAuditDetailIsTranslated(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(filepath.Join(t.TempDir(), "sso.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	in := store.SSOProviderInput{Key: "entra", NameEN: "Contoso ID", Issuer: "https://idp.example", ClientID: "abc",
		ClientSecret: "s3cret-value", Claim: "employee_number", MatchOn: "employee_id", AllowedDomains: "contoso.com"}
	if _, err := s.CreateSSOProvider(ctx, 0, in); err != nil {
		t.Fatal(err)
	}
	events, names, err := s.ListEvents(ctx, 0, 1)
	if err != nil || len(events) != 1 {
		t.Fatalf("%v %v", events, err)
	}
	zh := EventText(WithLocale(ctx, Locale{Lang: "zh"}), events[0], names)
	if want := "颁发者 URL：https://idp.example；客户端 ID：abc；识别人员的声明（claim）：employee_number；它对应人员的：工号；状态：已停用；允许的邮箱域名：contoso.com；已保存新的客户端密钥"; !strings.Contains(zh, want) {
		t.Errorf("zh:\n got %s\nwant %s", zh, want)
	}
	en := EventText(WithLocale(ctx, Locale{Lang: "en"}), events[0], names)
	if !strings.Contains(en, "It matches the person's: Employee ID; Status: Off") || strings.Contains(en+zh, "s3cret") {
		t.Errorf("en: %s", en)
	}
}

// The "Sign in with …" button names the provider in the reader's language, falling back
// to the other language, then to the key.
func TestSSOButtonNamesFollowTheLanguage(t *testing.T) {
	both := store.SSOProvider{Key: "entra", NameEN: "Contoso ID", NameZH: "康托索账号"}
	enOnly := store.SSOProvider{Key: "okta", NameEN: "Okta"}
	none := store.SSOProvider{Key: "keycloak"}
	for _, tt := range []struct {
		lang string
		p    store.SSOProvider
		want string
	}{
		{"zh", both, "使用 康托索账号 登录"}, {"en", both, "Sign in with Contoso ID"},
		{"zh", enOnly, "使用 Okta 登录"}, {"en", none, "Sign in with keycloak"},
	} {
		ctx := WithLocale(context.Background(), Locale{Lang: tt.lang})
		var b strings.Builder
		if err := SSOSignIn(LoginSSO{Providers: []store.SSOProvider{tt.p}}, "").Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tt.want) {
			t.Errorf("%s %s: %s", tt.lang, tt.p.Key, b.String())
		}
	}
}
