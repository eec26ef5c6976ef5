package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"lodestar/handlers"
	"lodestar/store"
)

// benchSite serves a small generated organisation; wrap, when set, sits in front of the router.
func benchSite(t *testing.T, wrap func(http.Handler) http.Handler) (string, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "bench.db")
	st := cmdOpen(t, db)
	if err := st.Generate(context.Background(), store.GenOptions{People: 400, Recognitions: 400}); err != nil {
		t.Fatal(err)
	}
	h := handlers.New(handlers.Deps{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(h.Close)
	var router http.Handler = h.Routes()
	if wrap != nil {
		router = wrap(router)
	}
	srv := httptest.NewServer(router)
	t.Cleanup(srv.Close)
	return srv.URL, db
}

var benchAckLine = regexp.MustCompile(`(\d+) acknowledged, (\d+) stored`)

// With --db, bench counts the awards of its run in the database after the award run and
// prints it beside the acknowledged count.
func TestBenchCountsStoredAwards(t *testing.T) {
	url, db := benchSite(t, nil)
	out, stderr, err := cmdRun(t, nil, "bench", "--url", url, "--db", db, "--pages", "award", "--people", "400", "-c", "4", "-d", "300ms")
	if err != nil {
		t.Fatalf("bench: %v\n%s\n%s", err, out, stderr)
	}
	m := benchAckLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no acknowledged/stored line:\n%s", out)
	}
	ack, _ := strconv.Atoi(m[1])
	stored, _ := strconv.Atoi(m[2])
	if ack == 0 || stored != ack {
		t.Errorf("acknowledged %d, stored %d:\n%s", ack, stored, out)
	}
}

// The award runs with --writers concurrent writers, not -c: the target is stated for 32
// writers while pages are read over 64 connections.
func TestBenchAwardsRunWithTheirOwnWriters(t *testing.T) {
	var now, most atomic.Int64
	url, db := benchSite(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/recognition/give" {
				n := now.Add(1)
				defer now.Add(-1)
				for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
				}
				time.Sleep(5 * time.Millisecond) // long enough for the writers to overlap
			}
			next.ServeHTTP(w, r)
		})
	})
	if _, _, err := cmdRun(t, nil, "bench", "--url", url, "--pages", "award", "--writers", "0", "-d", "100ms"); err == nil || !strings.Contains(err.Error(), "at least 1") {
		t.Errorf("--writers 0: %v", err)
	}
	for _, writers := range []int64{2, 6} {
		most.Store(0)
		out, stderr, err := cmdRun(t, nil, "bench", "--url", url, "--db", db, "--pages", "award", "--people", "400", "-c", "4",
			"--writers", strconv.FormatInt(writers, 10), "-d", "300ms")
		if err != nil {
			t.Fatalf("bench: %v\n%s\n%s", err, out, stderr)
		}
		if got := most.Load(); got != writers {
			t.Errorf("--writers %d -c 4: at most %d awards at once", writers, got)
		}
	}
}

// A server that says "saved" without saving is caught: bench fails and names the loss.
func TestBenchFailsWhenAcknowledgedAwardsAreMissing(t *testing.T) {
	var gives atomic.Int64
	url, db := benchSite(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/recognition/give" && gives.Add(1)%3 == 0 {
				http.Redirect(w, r, "/recognition/999999", http.StatusSeeOther) // acknowledged, dropped
				return
			}
			next.ServeHTTP(w, r)
		})
	})
	out, _, err := cmdRun(t, nil, "bench", "--url", url, "--db", db, "--pages", "award", "--people", "400", "-c", "4", "-d", "300ms")
	if err == nil || !strings.Contains(err.Error(), "acknowledged awards are not in the database") {
		t.Fatalf("bench over a lossy server: %v\n%s", err, out)
	}
}
