package handlers_test

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"lodestar/store/storetest"
)

// getWriteExempt lists what a GET may change: the session (the sessions table, which holds
// the idle clock) and a token's last_used_at, deliberate "touches" of who is using the site,
// not changes to the organisation's data (docs/architecture.md, "No writes on GET").
var getWriteExempt = map[string][]string{
	"sessions":   nil, // the whole table
	"api_tokens": {"last_used_at"},
}

// getWriteExemptRows: /healthz proves the database takes writes by writing one settings row
// (store.CheckWritable); nothing reads it.
var getWriteExemptRows = map[string]string{"settings": `key <> 'health_write_probe'`}

// TestGetWritesNothing visits every GET page on the router (walked, so a new page is covered
// without editing this test) as every kind of caller, on the demo organisation with the clock
// moved on so that the open check is due to close: afterwards the row
// count and the content of every table are unchanged. Time-driven work belongs to the
// scheduler (cmd/lodestar/jobs.go), never to a page.
func TestGetWritesNothing(t *testing.T) {
	f := newAuthzFixture(t)
	db := f.app.store.DB()
	sessions := f.callers(t)
	f.app.clock.now = f.app.clock.now.AddDate(0, 0, 20)
	if due := dueChecks(t, db, f.app.clock.now); due == 0 {
		t.Fatal("fixture: nothing is due, so the test could not see a page doing the scheduler's work")
	}

	var gets []string
	for _, rt := range f.app.routes() {
		if rt.method == http.MethodGet && !slices.Contains(gets, rt.pattern) {
			gets = append(gets, rt.pattern)
		}
	}
	slices.Sort(gets)
	if len(gets) < 50 {
		t.Fatalf("walked only %d GET routes", len(gets))
	}
	before := dbSnapshot(t, db)
	for _, pattern := range gets {
		key := "GET " + pattern
		c, ok := authzMatrix[key]
		if !ok {
			if c, ok = authzMatrix["ANY "+pattern]; !ok {
				t.Errorf("%s has no authzMatrix entry: add one (TestAuthorizationMatrix prints it)", key)
				continue
			}
		}
		path := f.path(t, key, c)
		for _, caller := range authzCallers {
			f.request(t, sessions[caller], caller, http.MethodGet, path, "")
		}
		after := dbSnapshot(t, db)
		if diff := snapshotDiff(before, after); diff != "" {
			t.Errorf("GET %s wrote to the database: %s", path, diff)
			before = after
		}
	}
	if t.Failed() {
		return
	}
	// Control: the scheduler does the due work, and the snapshot sees it.
	if err := f.app.store.RunDueChecks(t.Context()); err != nil {
		t.Fatal(err)
	}
	if diff := snapshotDiff(before, dbSnapshot(t, db)); !strings.Contains(diff, "checks") {
		t.Fatalf("the scheduler's work did not show in the snapshot (diff %q): the test cannot see writes", diff)
	}
}

func dueChecks(t *testing.T, db *sql.DB, now time.Time) int {
	t.Helper()
	var n int
	today := now.Format("2006-01-02")
	if err := db.QueryRow(`SELECT count(*) FROM checks WHERE (status = 'scheduled' AND opens_on <= ?1) OR (status = 'open' AND closes_on < ?1)`, today).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// tableState is one table's row count and a hash of its content (exempt columns left out).
type tableState struct {
	rows int
	hash string
}

// dbSnapshot reads every table of the database.
func dbSnapshot(t *testing.T, db *sql.DB) map[string]tableState {
	t.Helper()
	list := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if storetest.Postgres() {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.Query(list)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		rows.Scan(&name)
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string]tableState{}
	for _, table := range tables {
		exempt, whole := getWriteExempt[table]
		if whole && exempt == nil {
			continue
		}
		cols := tableColumns(t, db, table)
		cols = slices.DeleteFunc(cols, func(c string) bool { return slices.Contains(exempt, c) })
		quoted := make([]string, len(cols))
		for i, c := range cols {
			quoted[i] = `"` + c + `"`
		}
		list := strings.Join(quoted, ", ")
		where := "1 = 1" // PostgreSQL wants a boolean
		if w, ok := getWriteExemptRows[table]; ok {
			where = w
		}
		r, err := db.Query(fmt.Sprintf(`SELECT %s FROM "%s" WHERE %s ORDER BY %s`, list, table, where, list))
		if err != nil {
			t.Fatalf("snapshot %s: %v", table, err)
		}
		h := sha256.New()
		n := 0
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(h, "%q\n", vals)
			n++
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		r.Close()
		out[table] = tableState{rows: n, hash: hex.EncodeToString(h.Sum(nil))}
	}
	return out
}

func tableColumns(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	q := `SELECT name FROM pragma_table_info(?)`
	if storetest.Postgres() {
		q = `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
	}
	r, err := db.Query(q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var cols []string
	for r.Next() {
		var c string
		r.Scan(&c)
		cols = append(cols, c)
	}
	return cols
}

// snapshotDiff names the tables whose row count or content differ ("" when none).
func snapshotDiff(a, b map[string]tableState) string {
	var out []string
	for table, sb := range b {
		sa, ok := a[table]
		switch {
		case !ok:
			out = append(out, table+" (new table)")
		case sa.rows != sb.rows:
			out = append(out, fmt.Sprintf("%s (%d rows, then %d)", table, sa.rows, sb.rows))
		case sa.hash != sb.hash:
			out = append(out, table+" (content changed)")
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}
