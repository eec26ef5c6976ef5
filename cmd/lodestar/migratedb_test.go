package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// migrate-db copies the demo into an empty PostgreSQL database with every count equal, ids
// kept and sequences advanced, and refuses a target that already has people.
func TestMigrateDBCopiesTheDemoToPostgres(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("needs PostgreSQL: set " + storetest.EnvVar)
	}
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	from := filepath.Join(t.TempDir(), "demo.db")
	src, err := store.Open(from, store.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	if err := src.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	wantPeople, _ := src.CountPeople(ctx)
	admin, err := src.PersonByEmployeeID(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	src.Close()
	to := storetest.CreateDB(t, "")

	out, stderr, err := cmdRun(t, nil, "migrate-db", "--from", from, "--to", to)
	if err != nil {
		t.Fatalf("migrate-db: %v\n%s%s", err, out, stderr)
	}
	if strings.Contains(out, "MISMATCH") || !strings.Contains(out, "recognitions") || !strings.Contains(out, "Copied ") {
		t.Fatalf("output:\n%s", out)
	}
	dst, err := store.Open(to, store.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if n, _ := dst.CountPeople(ctx); n != wantPeople {
		t.Errorf("people on PostgreSQL: %d, want %d", n, wantPeople)
	}
	if p, err := dst.PersonByEmployeeID(ctx, "admin"); err != nil || p.ID != admin.ID {
		t.Errorf("admin on PostgreSQL: %+v %v, want id %d", p, err, admin.ID)
	}
	// The sequences moved past the copied ids: a new row gets a fresh id.
	var maxID, newID int64
	dst.DB().QueryRow("SELECT max(id) FROM culture_values").Scan(&maxID)
	if err := dst.DB().QueryRow("INSERT INTO culture_values (name_en, name_zh, created_at) VALUES ('New', '新', '2026-11-23T09:00:00Z') RETURNING id").Scan(&newID); err != nil || newID <= maxID {
		t.Errorf("new value id %d (max copied %d): %v", newID, maxID, err)
	}
	// The planner has statistics at once, not when autovacuum comes round.
	var analyzed bool
	if err := dst.DB().QueryRow("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'recognitions'").Scan(&analyzed); err != nil || !analyzed {
		t.Errorf("recognitions analysed after the copy: %v %v", analyzed, err)
	}
	// Search works on the copy (its name index is rebuilt there).
	if hits, err := dst.SearchPeople(ctx, "admin", 5, 0); err != nil || len(hits) == 0 {
		t.Errorf("search on the copy: %v %v", hits, err)
	}

	if _, _, err := cmdRun(t, nil, "migrate-db", "--from", from, "--to", to); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("second copy into the same database: %v, want refused as not empty", err)
	}
}
