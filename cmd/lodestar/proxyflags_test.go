package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"lodestar/store"
)

// TestServeProxyFlagsFromEnvironment: LODESTAR_SECURE_COOKIES and LODESTAR_TRUST_PROXY take
// any boolean spelling (and an unreadable one stops the server rather than being ignored);
// with trust-proxy the sign-in throttle counts the X-Forwarded-For address, and without it
// (the flag beats the environment) every request counts against the TCP peer.
func TestServeProxyFlagsFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	env := map[string]string{"LODESTAR_SECURE_COOKIES": "true", "LODESTAR_TRUST_PROXY": "1"}
	if _, _, err := cmdRun(t, map[string]string{"LODESTAR_SECURE_COOKIES": "yes"}, "serve", "--db", db); err == nil || !strings.Contains(err.Error(), "LODESTAR_SECURE_COOKIES") {
		t.Fatalf("LODESTAR_SECURE_COOKIES=yes: %v, want a refusal naming it", err)
	}
	login := func(base, xff, who, password string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/login", strings.NewReader(url.Values{"login": {who}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", xff)
		res, err := noRedirects.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	fail := func(base, xffPrefix string) {
		t.Helper()
		for i := range store.MaxClientFailures {
			if res := login(base, xffPrefix+strconv.Itoa(i+1), "guess-"+xffPrefix+strconv.Itoa(i), "wrong"); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i, res.StatusCode)
			}
		}
	}

	trusting := cmdServe(t, env, "--db", db, "--addr", "127.0.0.1:0", "--demo")
	res := login(trusting.url, "198.51.100.7", "agent", store.DemoPassword)
	if res.StatusCode != http.StatusSeeOther || len(res.Cookies()) == 0 || !res.Cookies()[0].Secure {
		t.Fatalf("sign-in with LODESTAR_SECURE_COOKIES=true: %d, cookies %v, want a Secure cookie", res.StatusCode, res.Cookies())
	}
	// 20 failures from one forwarded address lock that address only.
	for i := range store.MaxClientFailures {
		if res := login(trusting.url, "198.51.100.8", "guess-"+strconv.Itoa(i), "wrong"); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i, res.StatusCode)
		}
	}
	if res := login(trusting.url, "198.51.100.8", "manager", store.DemoPassword); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the failing address: %d, want 429", res.StatusCode)
	}
	if res := login(trusting.url, "198.51.100.9", "manager", store.DemoPassword); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another forwarded address: %d, want 303", res.StatusCode)
	}

	// --trust-proxy=false wins over the environment: the header is ignored, and failures
	// "from" many addresses all count against the one TCP peer.
	direct := cmdServe(t, env, "--db", db, "--addr", "127.0.0.1:0", "--trust-proxy=false")
	fail(direct.url, "203.0.113.")
	if res := login(direct.url, "192.0.2.200", "leader", store.DemoPassword); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("without --trust-proxy a new X-Forwarded-For escaped the lock: %d, want 429", res.StatusCode)
	}
}
