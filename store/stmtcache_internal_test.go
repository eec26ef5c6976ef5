package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// cachedQueries lists the statements one pooled connection keeps compiled.
func cachedQueries(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	conn, err := s.db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	got := map[string]bool{}
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("connection is %T, not the caching one", dc)
		}
		for q := range c.byQuery {
			got[q] = true
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestStatementCacheKeepsDataStatementsCompiled(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.db.SetMaxOpenConns(1) // one connection, so the test sees the one that ran the queries
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		t.Fatal(err)
	}
	const ins = "INSERT INTO t (id, v) VALUES (?, ?)"
	for i := 1; i <= 5; i++ {
		if _, err := s.db.ExecContext(ctx, ins, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	const sel = "SELECT v FROM t WHERE id = ?"
	for i := 1; i <= 5; i++ {
		var v string
		if err := s.db.QueryRowContext(ctx, sel, i).Scan(&v); err != nil || v != fmt.Sprint("v", i) {
			t.Fatalf("row %d: %q, %v", i, v, err)
		}
	}
	got := cachedQueries(t, s)
	if !got[ins] || !got[sel] {
		t.Errorf("cached %v, want the INSERT and the SELECT", got)
	}
	if got["CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"] {
		t.Error("a schema change stayed compiled")
	}

	// A schema change under a compiled statement: SQLite compiles it again.
	if _, err := s.db.ExecContext(ctx, "ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'x'"); err != nil {
		t.Fatal(err)
	}
	const all = "SELECT * FROM t WHERE id = ?"
	var id int
	var v, w string
	if err := s.db.QueryRowContext(ctx, all, 1).Scan(&id, &v, &w); err != nil || w != "x" {
		t.Fatalf("after ALTER: %q, %v", w, err)
	}
}

// The same statement run again while its own rows are still being read (inside a transaction,
// on the same connection) must not reset the outer loop.
func TestStatementCacheNestedRunOfTheSameQuery(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.db.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		if _, err := s.db.ExecContext(ctx, "INSERT INTO t (id) VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
	}
	const q = "SELECT id FROM t WHERE id >= ? ORDER BY id"
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	outer, err := tx.QueryContext(ctx, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	var seen, innerRows int
	for outer.Next() {
		var id int
		if err := outer.Scan(&id); err != nil {
			t.Fatal(err)
		}
		seen++
		if id != seen {
			t.Fatalf("outer row %d has id %d", seen, id)
		}
		inner, err := tx.QueryContext(ctx, q, 8)
		if err != nil {
			t.Fatal(err)
		}
		for inner.Next() {
			innerRows++
		}
		inner.Close()
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if seen != 10 || innerRows != 30 {
		t.Errorf("outer saw %d rows (want 10), inner %d (want 30)", seen, innerRows)
	}
}

// More distinct statements than the cache holds: the oldest are dropped, every answer is right.
func TestStatementCacheEvictsBeyondItsSize(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.db.SetMaxOpenConns(1)
	ctx := context.Background()
	for i := range stmtCacheSize + 50 {
		var n int
		q := fmt.Sprintf("SELECT %d + ?", i)
		if err := s.db.QueryRowContext(ctx, q, 1).Scan(&n); err != nil || n != i+1 {
			t.Fatalf("%s: %d, %v", q, n, err)
		}
	}
	got := cachedQueries(t, s)
	if len(got) > stmtCacheSize {
		t.Errorf("%d statements cached, more than %d", len(got), stmtCacheSize)
	}
	if got["SELECT 0 + ?"] || !got[fmt.Sprintf("SELECT %d + ?", stmtCacheSize+49)] {
		t.Error("the least recently used statement should have been dropped, the newest kept")
	}
}

func TestCacheableStatements(t *testing.T) {
	for q, want := range map[string]bool{
		"SELECT 1":                        true,
		"  with x AS (SELECT 1) SELECT *": true,
		"INSERT INTO t VALUES (1)":        true,
		"UPDATE t SET a = 1;":             true,
		"DELETE FROM t":                   true,
		"(SELECT 1) UNION (SELECT 2)":     true,
		"PRAGMA integrity_check":          false,
		"VACUUM INTO ?":                   false,
		"CREATE TABLE t (a)":              false,
		"BEGIN":                           false,
		"SELECT 1; SELECT 2":              false,
	} {
		if got := cacheable(q); got != want {
			t.Errorf("cacheable(%q) = %v, want %v", q, got, want)
		}
	}
}

// Reads run to the end of their statement once started (QueryContext): a request's context
// reaches the driver as one that is never done, so modernc starts no watcher per statement.
// The same statement through the driver's own connection, or as a write, is interrupted when
// the context ends mid-way — which shows the statement is long enough to tell the difference.
func TestReadsRunToTheEndOfTheirStatement(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.db.Exec("CREATE TABLE t (n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	const long = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)`
	const read, write = long + ` SELECT count(*) FROM n`, long + ` INSERT INTO t SELECT count(*) FROM n`
	// cancelledSoon is a context that ends 20 ms into the statement.
	cancelledSoon := func() context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(20*time.Millisecond, cancel)
		t.Cleanup(cancel)
		return ctx
	}
	count := func(rows driver.Rows, err error) (int64, error) {
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		dest := make([]driver.Value, 1)
		if err := rows.Next(dest); err != nil {
			return 0, err
		}
		return dest[0].(int64), nil
	}
	conn, err := s.db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		if n, err := count(c.QueryContext(cancelledSoon(), read, nil)); err != nil || n != 1000000 {
			t.Errorf("a read: %d, %v; want it run to its end", n, err)
		}
		st, err := c.PrepareContext(context.Background(), read)
		if err != nil {
			return err
		}
		defer st.Close()
		if n, err := count(st.(driver.StmtQueryContext).QueryContext(cancelledSoon(), nil)); err != nil || n != 1000000 {
			t.Errorf("a prepared read: %d, %v; want it run to its end", n, err)
		}
		if _, err := count(c.sqliteConn.QueryContext(cancelledSoon(), read, nil)); err == nil {
			t.Error("the driver's own connection ran the read to its end: the statement is too short to show anything")
		}
		if _, err := c.ExecContext(cancelledSoon(), write, nil); err == nil {
			t.Error("a write ran to its end after its context ended; want it interrupted")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
