package views

import (
	"context"
	"strings"
	"testing"

	"lodestar/store"
)

// A provider's audited configuration reads in the reader's language and never needs the
// secret: only "a new secret was stored".
func TestSSOAuditDetailIsTranslated(t *testing.T) {
	zh := WithLocale(context.Background(), Locale{Lang: "zh"})
	en := WithLocale(context.Background(), Locale{Lang: "en"})
	detail := "issuer: https://idp.example; client_id: abc; claim: employee_number; match_on: employee_id; enabled: false; domains: contoso.com; secret: new"
	if got, want := AuditDetailText(zh, "sso_provider.update", detail),
		"颁发者 URL：https://idp.example；客户端 ID：abc；识别人员的声明（claim）：employee_number；它对应人员的：工号；状态：已停用；允许的邮箱域名：contoso.com；已保存新的客户端密钥"; got != want {
		t.Errorf("zh:\n got %s\nwant %s", got, want)
	}
	if got := AuditDetailText(en, "sso_provider.create", detail); !strings.Contains(got, "It matches the person's: Employee ID; Status: Off") {
		t.Errorf("en: %s", got)
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
