package handlers_test

// zitadelIdP is a full OpenID Provider, github.com/zitadel/oidc/v3's op package (the one
// ZITADEL itself builds on), on httptest: discovery, authorize, token and JWKS are the
// library's; this file only supplies what every deployment supplies — an in-memory
// Storage (one client, some users, one RSA key) and a login page. The op package checks the
// client's secret and redirect URI, single-use codes and the PKCE verifier, and signs the
// ID tokens, so Lodestar's sign-in meets a provider it did not write.

import (
	"context"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"html/template"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

type zitadelIdP struct {
	srv     *httptest.Server
	storage *zStorage
}

func (z *zitadelIdP) issuer() string { return z.srv.URL }

// newZitadelIdP starts a provider whose one client, idpClientID, may send people back to
// redirectURI; users maps a login (password idpPassword) to the claims its ID token carries.
func newZitadelIdP(t *testing.T, redirectURI string, users map[string]map[string]any) *zitadelIdP {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	issuer := "http://" + srv.Listener.Addr().String()
	st := &zStorage{key: newRSAKey(t), users: users, redirectURI: redirectURI,
		requests: map[string]*zAuthRequest{}, codes: map[string]string{}}
	provider, err := op.NewProvider(&op.Config{CryptoKey: sha256.Sum256([]byte("test")), CodeMethodS256: true},
		st, op.StaticIssuer(issuer), op.WithAllowInsecure())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	callback := op.AuthCallbackURL(provider)
	login := op.NewIssuerInterceptor(provider.IssuerFromRequest)
	mux.HandleFunc("GET /login", login.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		zLoginPage.Execute(w, map[string]string{"ID": r.URL.Query().Get("authRequestID")})
	}))
	mux.HandleFunc("POST /login", login.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PostFormValue("id")
		if err := st.checkLogin(id, r.PostFormValue("username"), r.PostFormValue("password")); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			zLoginPage.Execute(w, map[string]string{"ID": id, "Error": err.Error()})
			return
		}
		http.Redirect(w, r, callback(r.Context(), id), http.StatusFound)
	}))
	mux.Handle("/", provider)
	srv.Config.Handler = mux
	srv.Start()
	t.Cleanup(srv.Close)
	return &zitadelIdP{srv: srv, storage: st}
}

var zLoginPage = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ZITADEL op test provider</title></head><body>
<h1>Sign in at the identity provider</h1>
{{if .Error}}<p id="idp-error">{{.Error}}</p>{{end}}
<form method="post" action="/login"><input type="hidden" name="id" value="{{.ID}}">
<label>User <input id="idp-user" name="username" autocomplete="off"></label>
<label>Password <input id="idp-password" name="password" type="password"></label>
<button id="idp-submit" type="submit">Sign in</button>
</form></body></html>`))

// zStorage is the op.Storage of one client and a few users, in memory.
type zStorage struct {
	key         *rsa.PrivateKey
	users       map[string]map[string]any
	redirectURI string

	mu       sync.Mutex
	requests map[string]*zAuthRequest
	codes    map[string]string // code → auth request ID
}

var errZNotFound = errors.New("not found")

func (s *zStorage) checkLogin(id, user, password string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, ok := s.requests[id]
	if !ok {
		return errZNotFound
	}
	if _, known := s.users[user]; !known || password != idpPassword {
		return errors.New("wrong user or password")
	}
	req.user, req.done, req.authTime = user, true, time.Now()
	return nil
}

func (s *zStorage) CreateAuthRequest(_ context.Context, r *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := &zAuthRequest{id: randomIdPString(), AuthRequest: *r}
	s.requests[req.id] = req
	return req, nil
}

func (s *zStorage) AuthRequestByID(_ context.Context, id string) (op.AuthRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if req, ok := s.requests[id]; ok {
		return req, nil
	}
	return nil, errZNotFound
}

func (s *zStorage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s.mu.Lock()
	id, ok := s.codes[code]
	s.mu.Unlock()
	if !ok {
		return nil, errZNotFound
	}
	return s.AuthRequestByID(ctx, id)
}

func (s *zStorage) SaveAuthCode(_ context.Context, id, code string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes[code] = id
	return nil
}

// DeleteAuthRequest runs once the code is exchanged: the code answers once.
func (s *zStorage) DeleteAuthRequest(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.requests, id)
	for code, rid := range s.codes {
		if rid == id {
			delete(s.codes, code)
		}
	}
	return nil
}

func (s *zStorage) CreateAccessToken(context.Context, op.TokenRequest) (string, time.Time, error) {
	return randomIdPString(), time.Now().Add(5 * time.Minute), nil
}

func (s *zStorage) CreateAccessAndRefreshTokens(context.Context, op.TokenRequest, string) (string, string, time.Time, error) {
	return "", "", time.Time{}, errors.New("no refresh tokens")
}

func (s *zStorage) TokenRequestByRefreshToken(context.Context, string) (op.RefreshTokenRequest, error) {
	return nil, op.ErrInvalidRefreshToken
}

func (s *zStorage) TerminateSession(context.Context, string, string) error { return nil }

func (s *zStorage) RevokeToken(context.Context, string, string, string) *oidc.Error { return nil }

func (s *zStorage) GetRefreshTokenInfo(context.Context, string, string) (string, string, error) {
	return "", "", op.ErrInvalidRefreshToken
}

func (s *zStorage) SigningKey(context.Context) (op.SigningKey, error) { return zKey{s.key}, nil }

func (s *zStorage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *zStorage) KeySet(context.Context) ([]op.Key, error) { return []op.Key{zPublicKey{s.key}}, nil }

func (s *zStorage) GetClientByClientID(_ context.Context, id string) (op.Client, error) {
	if id != idpClientID {
		return nil, errZNotFound
	}
	return zClient{redirectURI: s.redirectURI}, nil
}

func (s *zStorage) AuthorizeClientIDSecret(_ context.Context, id, secret string) error {
	if id != idpClientID || secret != idpClientSecret {
		return errors.New("invalid client")
	}
	return nil
}

// SetUserinfoFromScopes fills the ID token's claims (the client asks for them in the ID token).
func (s *zStorage) SetUserinfoFromScopes(_ context.Context, ui *oidc.UserInfo, userID, _ string, _ []string) error {
	ui.Subject = "sub-" + userID
	for k, v := range s.users[userID] {
		if k == "email" {
			ui.Email, _ = v.(string)
			continue
		}
		ui.AppendClaims(k, v)
	}
	return nil
}

func (s *zStorage) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, _, subject, _ string) error {
	return s.SetUserinfoFromScopes(ctx, ui, subject, "", nil)
}

func (s *zStorage) SetIntrospectionFromToken(context.Context, *oidc.IntrospectionResponse, string, string, string) error {
	return nil
}

func (s *zStorage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (s *zStorage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errZNotFound
}

func (s *zStorage) ValidateJWTProfileScopes(_ context.Context, _ string, scopes []string) ([]string, error) {
	return scopes, nil
}

func (s *zStorage) Health(context.Context) error { return nil }

// zAuthRequest is one authorization in progress; GetSubject is the user once signed in.
type zAuthRequest struct {
	oidc.AuthRequest
	id       string
	user     string
	done     bool
	authTime time.Time
}

func (r *zAuthRequest) GetID() string         { return r.id }
func (r *zAuthRequest) GetACR() string        { return "" }
func (r *zAuthRequest) GetAMR() []string      { return []string{"pwd"} }
func (r *zAuthRequest) GetAudience() []string { return []string{r.ClientID} }
func (r *zAuthRequest) GetAuthTime() time.Time {
	return r.authTime
}
func (r *zAuthRequest) GetClientID() string { return r.ClientID }
func (r *zAuthRequest) GetCodeChallenge() *oidc.CodeChallenge {
	return &oidc.CodeChallenge{Challenge: r.CodeChallenge, Method: r.CodeChallengeMethod}
}
func (r *zAuthRequest) GetNonce() string    { return r.Nonce }
func (r *zAuthRequest) GetScopes() []string { return r.Scopes }
func (r *zAuthRequest) GetSubject() string  { return r.user }
func (r *zAuthRequest) Done() bool          { return r.done }

// zClient is Lodestar registered at the provider: a web app using the code flow.
type zClient struct{ redirectURI string }

func (c zClient) GetID() string                       { return idpClientID }
func (c zClient) RedirectURIs() []string              { return []string{c.redirectURI} }
func (c zClient) PostLogoutRedirectURIs() []string    { return nil }
func (c zClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c zClient) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c zClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c zClient) GrantTypes() []oidc.GrantType         { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c zClient) LoginURL(id string) string            { return "/login?authRequestID=" + id }
func (c zClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c zClient) IDTokenLifetime() time.Duration       { return 5 * time.Minute }
func (c zClient) DevMode() bool                        { return true } // http redirect URIs, as on httptest
func (c zClient) IsScopeAllowed(string) bool           { return false }
func (c zClient) IDTokenUserinfoClaimsAssertion() bool { return true }
func (c zClient) ClockSkew() time.Duration             { return 0 }
func (c zClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c zClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// zKey is the provider's signing key; zPublicKey its public half, published in the JWKS.
type zKey struct{ k *rsa.PrivateKey }

func (k zKey) ID() string                                  { return "zk1" }
func (k zKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k zKey) Key() any                                    { return k.k }

type zPublicKey struct{ k *rsa.PrivateKey }

func (k zPublicKey) ID() string                         { return "zk1" }
func (k zPublicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k zPublicKey) Use() string                        { return "sig" }
func (k zPublicKey) Key() any                           { return &k.k.PublicKey }
