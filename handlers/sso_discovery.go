package handlers

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
)

// ssoDiscoveryTTL is how long a provider's discovered endpoints are reused. Its signing keys
// live in the cached provider too: go-oidc fetches them again by itself when a token names a
// key it has not seen (a key rotation), so only the endpoints can go stale, and they rarely move.
const ssoDiscoveryTTL = time.Hour

// oidcProviders caches discovery per issuer, so a sign-in costs the identity provider two calls
// (the token exchange and, once an hour, discovery) instead of discovery and keys every time.
type oidcProviders struct {
	now     func() time.Time
	mu      sync.Mutex
	entries map[string]oidcProviderEntry
}

type oidcProviderEntry struct {
	provider *oidc.Provider
	at       time.Time
}

func newOIDCProviders(now func() time.Time) *oidcProviders {
	return &oidcProviders{now: now, entries: map[string]oidcProviderEntry{}}
}

// get returns the issuer's provider, discovering it when missing or older than the TTL. A
// failed discovery is not remembered: the next sign-in tries again.
func (c *oidcProviders) get(ctx context.Context, issuer string) (*oidc.Provider, error) {
	c.mu.Lock()
	e, ok := c.entries[issuer]
	c.mu.Unlock()
	if ok && c.now().Sub(e.at) < ssoDiscoveryTTL {
		return e.provider, nil
	}
	// The provider keeps the HTTP client of this context for its later key fetches, which
	// outlive the request: give it one with its own timeout.
	ctx = oidc.ClientContext(ctx, &http.Client{Timeout: ssoTimeout})
	p, err := oidc.NewProvider(ctx, issuer)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.entries[issuer] = oidcProviderEntry{provider: p, at: c.now()}
	c.mu.Unlock()
	return p, nil
}
