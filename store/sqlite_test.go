package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// Writes that read first (most of ours: validate, then insert) must queue behind each other
// rather than fail: with deferred transactions SQLite answers "database is locked (517)"
// at once when another writer committed in between, and busy_timeout does not help.
func TestConcurrentWritersWaitInsteadOfFailing(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{person("M", "")}, 0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 8; i++ {
				in := person(fmt.Sprintf("W%d-%d", w, i), "M")
				if _, err := s.UpsertPeople(ctx, 0, []store.PersonInput{in}, 0); err != nil {
					errs <- err
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("a concurrent write failed: %v", err)
	}
	if n, err := s.CountPeople(ctx); err != nil || n != 65 {
		t.Errorf("%d people recorded, want 65 (%v)", n, err)
	}
}

// The board catches up system badges on every view; with nothing due that must stay a
// read, so a board view never waits behind (or blocks) a writer.
func TestSystemBadgeCatchUpWithNothingDueDoesNotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := store.Open(path, store.WithClock(newClock().now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if err := s.AwardSystemBadges(ctx); err != nil { // nothing yet: nobody is recorded
		t.Fatal(err)
	}
	// Another process holds the write lock.
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")
	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := s.AwardSystemBadges(short); err != nil {
		t.Fatalf("the catch-up with nothing due wanted the write lock: %v", err)
	}
}

// The pragmas live in the DSN, so every pooled connection has them, not just the first.
func TestEveryPooledConnectionHasThePragmas(t *testing.T) {
	storetest.SkipOnPostgres(t, "SQLite pragmas")
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	var conns []*sql.Conn
	for i := 0; i < 4; i++ { // held open together: four distinct connections
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	for i, c := range conns {
		var journal string
		var foreignKeys, synchronous, busy int
		if err := c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&journal); err != nil {
			t.Fatal(err)
		}
		c.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&foreignKeys)
		c.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&synchronous)
		c.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&busy)
		if journal != "wal" || foreignKeys != 1 || synchronous != 1 || busy < 1000 {
			t.Errorf("connection %d: journal_mode %s, foreign_keys %d, synchronous %d (1 = NORMAL), busy_timeout %d",
				i, journal, foreignKeys, synchronous, busy)
		}
	}
}

// API tokens are stored as hashes: a copy of the database does not hand out API access.
func TestTokensAreStoredHashed(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := context.Background()
	secret, err := s.CreateToken(ctx, 0, "chat bot")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.DB().QueryContext(ctx, "SELECT * FROM api_tokens")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var dump strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			fmt.Fprint(&dump, v, " ")
		}
	}
	if strings.Contains(dump.String(), secret) || !strings.Contains(dump.String(), "chat bot") {
		t.Fatalf("api_tokens holds the secret (or nothing): %q", dump.String())
	}
}

// Sign-in failures older than the throttle window are pruned; recent ones stay and count.
func TestPruneLoginFailuresKeepsTheWindow(t *testing.T) {
	c := newClock()
	s := mustOpenStore(t, c)
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		s.Authenticate(ctx, "nobody", "wrong", "203.0.113.1")
	}
	c.advance(store.ThrottleWindow + time.Minute)
	s.Authenticate(ctx, "nobody", "wrong", "203.0.113.1")
	if n, err := s.PruneLoginFailures(ctx); err != nil || n != 3 {
		t.Fatalf("pruned %d (%v), want the 3 old failures", n, err)
	}
	var left int
	s.DB().QueryRowContext(ctx, "SELECT count(*) FROM login_failures").Scan(&left)
	if left != 1 {
		t.Errorf("%d failures left, want the recent one", left)
	}
}

// A password typed into the login box by mistake is not kept at rest: failures of a login
// that matches nobody are keyed by its hash, and still count against it (case aside).
func TestLoginFailuresKeepNoTypedLogin(t *testing.T) {
	s := mustOpenStore(t, newClock())
	ctx := t.Context()
	const typed = "My-Secret-Passw0rd"
	for range store.MaxAccountFailures {
		if _, err := s.Authenticate(ctx, typed, "wrong", "203.0.113.1"); !errors.Is(err, store.ErrBadCredentials) {
			t.Fatalf("unknown login: %v", err)
		}
	}
	var stored int
	s.DB().QueryRowContext(ctx, "SELECT count(*) FROM login_failures WHERE instr(lower(login_key), lower(?)) > 0", typed).Scan(&stored)
	if stored != 0 {
		t.Errorf("%d failure rows hold the typed login", stored)
	}
	var throttled *store.ThrottledError
	if _, err := s.Authenticate(ctx, strings.ToLower(typed), "wrong", "198.51.100.7"); !errors.As(err, &throttled) {
		t.Errorf("the same login from another address after %d failures: %v, want throttled", store.MaxAccountFailures, err)
	}
}
