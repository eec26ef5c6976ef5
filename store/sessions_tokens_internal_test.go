package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// Upgrading to migration 0010 ends every stored session (they were keyed by raw tokens) and
// leaves tokens made before able to write exactly the areas they could write then.
func TestMigration0010EmptiesSessionsAndKeepsOldTokensRights(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.Exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"); err != nil {
		t.Fatal(err)
	}
	names, _ := migrationFiles.ReadDir("migrations")
	var before []string
	for _, n := range names {
		if n.Name() < "0010" {
			before = append(before, n.Name())
		}
	}
	sort.Strings(before)
	for _, name := range before {
		body, _ := migrationFiles.ReadFile("migrations/" + name)
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		db.Exec("INSERT INTO schema_migrations VALUES (?, '2026-11-01T00:00:00Z')", "migrations/"+name)
	}
	for _, q := range []string{
		"INSERT INTO sessions (token, data, expiry) VALUES ('raw-token-of-a-live-session', x'00', 1e9)",
		"INSERT INTO api_tokens (name, token_hash, created_at) VALUES ('old sync', 'abc', '2026-11-01T00:00:00Z')",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	s, err := Open(path, WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var sessions int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sessions").Scan(&sessions); err != nil || sessions != 0 {
		t.Fatalf("sessions after the upgrade: %d %v", sessions, err)
	}
	tokens, err := s.ListTokens(ctx)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("tokens: %+v %v", tokens, err)
	}
	if got := strings.Join(tokens[0].Scopes, ","); got != "people,recognitions,checks" || !tokens[0].ExpiresOn.IsZero() {
		t.Fatalf("an old token may now write %q, expires %v", got, tokens[0].ExpiresOn)
	}
}

// The session epoch moves exactly when a person's sessions must end.
func TestSessionEpochMovesOnlyWhenRightsShrink(t *testing.T) {
	s, id := recognitionInternalStore(t)
	ctx := context.Background()
	epoch := func() int64 {
		t.Helper()
		p, err := s.PersonByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return p.SessionEpoch
	}
	save := func(change func(*PersonInput)) {
		t.Helper()
		p, _ := s.PersonByID(ctx, id)
		in := InputFromPerson(p)
		change(&in)
		if _, err := s.SavePerson(ctx, 0, in); err != nil {
			t.Fatal(err)
		}
	}
	steps := []struct {
		what  string
		do    func()
		moves bool
	}{
		{"title changed", func() { save(func(in *PersonInput) { in.Title = "Senior agent" }) }, false},
		{"promoted to leader", func() { save(func(in *PersonInput) { in.Role = RoleLeader }) }, false},
		{"leader to manager", func() { save(func(in *PersonInput) { in.Role = RoleManager }) }, true},
		{"same role saved again", func() { save(func(in *PersonInput) {}) }, false},
		{"password set", func() { s.SetPassword(ctx, id, id, "lantern-copper-river-42") }, true},
		{"leaving date set", func() { save(func(in *PersonInput) { in.LeftOn = "2027-01-31" }) }, true},
		{"leaving date kept", func() { save(func(in *PersonInput) { in.Title = "Agent" }) }, false},
		{"leaving date cleared", func() { save(func(in *PersonInput) { in.LeftOn = "" }) }, false},
		{"deactivated", func() { s.Deactivate(ctx, 0, id, time.Time{}) }, true},
	}
	for _, st := range steps {
		was := epoch()
		st.do()
		if moved := epoch() != was; moved != st.moves {
			t.Errorf("%s: epoch moved = %v, want %v", st.what, moved, st.moves)
		}
	}
}
