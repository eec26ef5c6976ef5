package handlers_test

import (
	"strings"
	"testing"
)

// An administrator on a phone registers the company's identity provider; then an agent
// clicks "Sign in with …", signs in at the provider and lands signed in on home. The
// provider is ZITADEL's OpenID Provider library running in the test (sso_zitadel_test.go).
func TestBrowserSingleSignOnOnPhone(t *testing.T) {
	site := newBrowserSite(t)
	idp := newZitadelIdP(t, site.url+"/sso/contoso/callback",
		map[string]map[string]any{"li.na": {"employee_number": "agent", "email": "li.na@contoso.com"}})

	b := site.browser(t)
	b.phone()
	b.signInAs("admin")
	b.open("/admin")
	b.clickAndWait(`[data-testid=admin-sso-link]`)
	b.clickAndWait(`[data-testid=sso-new]`)
	b.fill(`#f-key`, "contoso")
	b.fill(`#f-name_en`, "Contoso ID")
	b.fill(`#f-name_zh`, "康托索账号")
	b.fill(`#f-issuer`, idp.issuer())
	b.fill(`#f-client_id`, idpClientID)
	b.fill(`#f-claim`, "employee_number")
	b.clickAndWait(`[data-testid=sso-save]`)
	// The secret was forgotten: the form comes back with the error and the rest kept.
	if b.count(`[data-testid=error-client_secret]`) != 1 || b.attr(`#f-issuer`, "value") != idp.issuer() {
		t.Fatalf("a missing secret must come back next to its field with the typed values kept")
	}
	b.checkAccessible("provider form with an error")
	if browserEval[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
		t.Errorf("the provider form scrolls sideways at phone width")
	}
	b.fill(`#f-client_secret`, idpClientSecret)
	browserEval[bool](b, `(function(){var s=document.querySelector("#f-match_on"); s.value="employee_id"; return s.value==="employee_id";})()`)
	b.clickAndWait(`[data-testid=sso-save]`)
	if got := b.text(`[data-testid=sso-provider] code`); got != site.url+"/sso/contoso/callback" {
		t.Fatalf("redirect URL shown %q", got)
	}
	b.checkAccessible("single sign-on admin")
	b.checkNoSidewaysScroll("/admin/sso")
	b.signOut()

	b.checkNoSidewaysScroll("/login")
	b.checkAccessible("sign-in with SSO")
	if got := b.text(`[data-testid=sso-contoso]`); got != "Sign in with Contoso ID" {
		t.Fatalf("button %q", got)
	}
	b.clickAndWait(`[data-testid=sso-contoso]`)
	if !strings.HasPrefix(b.location(), idp.issuer()+"/login") {
		t.Fatalf("the button led to %s, not the provider", b.location())
	}
	b.fill(`#idp-user`, "li.na")
	b.fill(`#idp-password`, idpPassword)
	b.clickAndWait(`#idp-submit`)
	if p := b.path(); p != "/" {
		msg := ""
		if b.count(`[data-testid=login-error]`) > 0 {
			msg = b.text(`[data-testid=login-error]`)
		}
		t.Fatalf("after the provider the browser is on %s: %s", p, msg)
	}
	b.open("/me")
	if got := b.text("h1"); !strings.Contains(got, "Li Na") {
		t.Errorf("signed in as %q, want the agent", got)
	}
}
