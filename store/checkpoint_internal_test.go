package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// No connection checkpoints on its own (the request whose commit did would wait for it), and
// the loop keeps the WAL from growing: after batches of commits with a pause between them,
// the log holds about the last batch's frames, not every batch's.
func TestCheckpointsRunBesideTheRequests(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "wal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	var auto int
	if err := s.db.QueryRow("PRAGMA wal_autocheckpoint").Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("wal_autocheckpoint = %d (%v): a connection would checkpoint inside a request", auto, err)
	}
	// A second connection stays open, as under load (the last one to close checkpoints).
	held, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if _, err := s.db.Exec("CREATE TABLE checkpoint_test (k INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	const commits, batches = 300, 6
	for round := range batches {
		for i := range commits {
			if _, err := s.db.Exec("INSERT INTO checkpoint_test (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
				i, strings.Repeat(fmt.Sprint(round, i), 300)); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(5 * checkpointEvery)
	}
	// NOOP reads the log's size in frames (since the log last started over) and copies nothing.
	var busy, frames, copied int
	if err := held.QueryRowContext(ctx, "PRAGMA wal_checkpoint(NOOP)").Scan(&busy, &frames, &copied); err != nil {
		t.Fatal(err)
	}
	// Each commit here is one frame or more; a checkpoint missed on a busy machine, two batches.
	if frames > 3*commits {
		t.Errorf("the WAL holds %d frames after %d batches of %d commits: nothing checkpoints it", frames, batches, commits)
	}
	s.Close()
	s.Close() // the loop is told to stop once: a second Close must not panic
}
