package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"lodestar/store"
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
