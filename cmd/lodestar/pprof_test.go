package main

import (
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// --pprof serves the profiler on its own address only; the site never serves it.
func TestServePprofOnlyOnItsOwnAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := cmdServe(t, nil, "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "p.db"), "--pprof", addr)
	get := func(url string) (int, string) {
		t.Helper()
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	// The profiler's index lists its profiles; its cmdline is this test binary's command line.
	if code, body := get("http://" + addr + "/debug/pprof/"); code != http.StatusOK || !strings.Contains(body, "goroutine") {
		t.Errorf("profiler address: %d %q", code, body)
	}
	if code, body := get("http://" + addr + "/debug/pprof/cmdline"); code != http.StatusOK || !strings.Contains(body, "-test.") {
		t.Errorf("profiler cmdline: %d %q", code, body)
	}
	for _, path := range []string{"/debug/pprof/", "/debug/pprof/cmdline"} {
		if code, body := get(s.url + path); code == http.StatusOK || strings.Contains(body, "-test.") || strings.Contains(body, "goroutine") {
			t.Errorf("the site answers %s with %d", path, code)
		}
	}
}
