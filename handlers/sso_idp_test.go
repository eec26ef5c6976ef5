package handlers_test

// testIdP is a small but real OpenID Connect provider for the single sign-on tests, built
// on go-jose: discovery, JWKS, an authorize endpoint with its own login form, and a token
// endpoint that checks the client secret, the redirect URI, single-use codes and the PKCE
// verifier (S256), and signs RS256 ID tokens. Knobs let a test make it misbehave (another
// audience, another signing key, an expired token, other claims) to prove Lodestar refuses.

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

const (
	idpClientID     = "lodestar-test"
	idpClientSecret = "idp-secret-123"
	idpPassword     = "idp-password"
)

type idpGrant struct {
	redirectURI, challenge, nonce, user string
}

type testIdP struct {
	t     *testing.T
	srv   *httptest.Server
	key   *rsa.PrivateKey // published in the JWKS
	now   func() time.Time
	users map[string]map[string]any // login name → its claims; every password is idpPassword

	mu     sync.Mutex
	codes  map[string]idpGrant
	tamper func(claims map[string]any) // changes an ID token's claims before signing
	signer *rsa.PrivateKey             // signs ID tokens instead of key when set
	// discoveries and keyFetches count the calls Lodestar made to those two endpoints.
	discoveries, keyFetches int
}

func newTestIdP(t *testing.T, now func() time.Time) *testIdP {
	t.Helper()
	idp := &testIdP{t: t, key: newRSAKey(t), now: now, users: map[string]map[string]any{}, codes: map[string]idpGrant{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", idp.discovery)
	mux.HandleFunc("GET /jwks", idp.jwks)
	mux.HandleFunc("GET /authorize", idp.authorizeForm)
	mux.HandleFunc("POST /authorize", idp.authorize)
	mux.HandleFunc("POST /token", idp.token)
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	return idp
}

func newRSAKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func (idp *testIdP) issuer() string { return idp.srv.URL }

// user adds an account at the provider with the claims its ID token carries.
func (idp *testIdP) user(login string, claims map[string]any) { idp.users[login] = claims }

func (idp *testIdP) misbehave(tamper func(map[string]any), signer *rsa.PrivateKey) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	idp.tamper, idp.signer = tamper, signer
}

func writeIdPJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func (idp *testIdP) discovery(w http.ResponseWriter, r *http.Request) {
	idp.mu.Lock()
	idp.discoveries++
	idp.mu.Unlock()
	writeIdPJSON(w, http.StatusOK, map[string]any{
		"issuer":                                idp.issuer(),
		"authorization_endpoint":                idp.issuer() + "/authorize",
		"token_endpoint":                        idp.issuer() + "/token",
		"jwks_uri":                              idp.issuer() + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
		"scopes_supported":                      []string{"openid", "email", "profile"},
	})
}

func (idp *testIdP) jwks(w http.ResponseWriter, r *http.Request) {
	idp.mu.Lock()
	idp.keyFetches++
	idp.mu.Unlock()
	writeIdPJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &idp.key.PublicKey, KeyID: "k1", Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

var idpLoginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>
{{if .Error}}<p id="idp-error">{{.Error}}</p>{{end}}
<form method="post" action="/authorize">
{{range $k, $v := .Params}}<input type="hidden" name="{{$k}}" value="{{index $v 0}}">{{end}}
<label>User <input id="idp-user" name="username" autocomplete="off"></label>
<label>Password <input id="idp-password" name="password" type="password"></label>
<button id="idp-submit" type="submit">Sign in</button>
</form></body></html>`))

// checkAuthorize checks what a client must send to the authorize endpoint.
func (idp *testIdP) checkAuthorize(q url.Values) string {
	switch {
	case q.Get("client_id") != idpClientID:
		return "unknown client"
	case q.Get("response_type") != "code":
		return "response_type must be code"
	case !strings.Contains(" "+q.Get("scope")+" ", " openid "):
		return "scope must include openid"
	case q.Get("redirect_uri") == "" || q.Get("state") == "" || q.Get("nonce") == "":
		return "redirect_uri, state and nonce are required"
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		return "PKCE with S256 is required"
	}
	return ""
}

func (idp *testIdP) authorizeForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if problem := idp.checkAuthorize(q); problem != "" {
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	idpLoginPage.Execute(w, map[string]any{"Params": q})
}

// authorize checks the login form and sends the browser back with a code.
func (idp *testIdP) authorize(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	params := url.Values{}
	for k, v := range r.PostForm {
		if k != "username" && k != "password" {
			params[k] = v
		}
	}
	if problem := idp.checkAuthorize(params); problem != "" {
		http.Error(w, problem, http.StatusBadRequest)
		return
	}
	login := r.PostForm.Get("username")
	if _, ok := idp.users[login]; !ok || r.PostForm.Get("password") != idpPassword {
		w.WriteHeader(http.StatusUnauthorized)
		idpLoginPage.Execute(w, map[string]any{"Params": params, "Error": "wrong user or password"})
		return
	}
	code := randomIdPString()
	idp.mu.Lock()
	idp.codes[code] = idpGrant{redirectURI: params.Get("redirect_uri"), challenge: params.Get("code_challenge"), nonce: params.Get("nonce"), user: login}
	idp.mu.Unlock()
	back, _ := url.Parse(params.Get("redirect_uri"))
	bq := back.Query()
	bq.Set("code", code)
	bq.Set("state", params.Get("state"))
	back.RawQuery = bq.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func randomIdPString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// token exchanges a code (once) for an ID token, after checking the client and PKCE.
func (idp *testIdP) token(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != idpClientID || secret != idpClientSecret {
		writeIdPJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	idp.mu.Lock()
	code := r.PostForm.Get("code")
	g, found := idp.codes[code]
	delete(idp.codes, code)
	tamper, signer := idp.tamper, idp.signer
	idp.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case r.PostForm.Get("grant_type") != "authorization_code" || !found:
		writeIdPJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	case r.PostForm.Get("redirect_uri") != g.redirectURI:
		writeIdPJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "redirect_uri"})
		return
	case base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
		writeIdPJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "PKCE verifier"})
		return
	}
	now := idp.now()
	claims := map[string]any{"iss": idp.issuer(), "sub": "sub-" + g.user, "aud": idpClientID, "nonce": g.nonce,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
	for k, v := range idp.users[g.user] {
		claims[k] = v
	}
	if tamper != nil {
		tamper(claims)
	}
	if signer == nil {
		signer = idp.key
	}
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: signer}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
	if err != nil {
		idp.t.Error(err)
		return
	}
	raw, err := jwt.Signed(sig).Claims(claims).Serialize()
	if err != nil {
		idp.t.Error(err)
		return
	}
	writeIdPJSON(w, http.StatusOK, map[string]any{"access_token": randomIdPString(), "token_type": "Bearer", "expires_in": 300, "id_token": raw})
}

// calls reports how often discovery and the key set were fetched.
func (idp *testIdP) calls() (discoveries, keyFetches int) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	return idp.discoveries, idp.keyFetches
}
