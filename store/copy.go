package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// TableCount is one table's rows in the source and the target of CopyInto.
type TableCount struct {
	Table          string
	Source, Target int64
}

// copySkipped are the tables CopyInto leaves: the migration record (each side has its own),
// the sessions (their shapes differ between scs stores: everyone signs in again), and the
// name index, which the target rebuilds from its people.
var copySkipped = map[string]bool{"schema_migrations": true, "sessions": true, "people_search": true, "people_search_keys": true}

// CopyInto copies every table of the SQLite store s into the empty PostgreSQL store dst in
// one transaction, ids preserved, then advances dst's id sequences and rebuilds its name
// index, and gathers the planner's statistics (ANALYZE). Triggers do not fire during the
// copy (the counters they keep are copied as they are), which needs a PostgreSQL superuser.
// It returns each table's counts on both sides, read after the commit; a mismatch is an error.
func (s *Store) CopyInto(ctx context.Context, dst *Store) ([]TableCount, error) {
	if s.pg || !dst.pg {
		return nil, errors.New("store: copy: from a SQLite database to a PostgreSQL one only")
	}
	tables, err := dst.copyTables(ctx)
	if err != nil {
		return nil, err
	}
	// Empty: nobody recorded yet (opening a database seeds only system rows, which the
	// copy replaces).
	var people int64
	if err := dst.db.QueryRowContext(ctx, "SELECT count(*) FROM people").Scan(&people); err != nil {
		return nil, fmt.Errorf("store: copy: %w", err)
	}
	if people > 0 {
		return nil, fmt.Errorf("store: copy: the target is not empty (%d people): copy into a new database", people)
	}
	err = dst.inTx(ctx, func(tx *sql.Tx) error {
		// Triggers and foreign keys wait: rows arrive table by table, counters come as kept.
		if _, err := tx.ExecContext(ctx, "SET LOCAL session_replication_role = replica"); err != nil {
			return fmt.Errorf("store: copy: %w", err)
		}
		// What the target seeded when it opened (system badges, settings) gives way to the source's.
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+t); err != nil {
				return fmt.Errorf("store: copy: clear %s: %w", t, err)
			}
		}
		for _, t := range tables {
			if err := s.copyTable(ctx, tx, t); err != nil {
				return err
			}
		}
		for _, t := range tables {
			var identity int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.columns
				WHERE table_schema = current_schema() AND table_name = ? AND column_name = 'id' AND is_identity = 'YES'`, t).Scan(&identity); err != nil {
				return fmt.Errorf("store: copy: %s: %w", t, err)
			}
			if identity == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT max(id) FROM "+t+"), 0) + 1, false)", t); err != nil {
				return fmt.Errorf("store: copy: %s sequence: %w", t, err)
			}
		}
		return dst.indexPeople(ctx, tx, nil)
	})
	if err != nil {
		return nil, err
	}
	// The planner's statistics: without them every table looks empty until autovacuum gets
	// round to it (not within minutes on a busy server), and the copied database's pages ran
	// several times slower in the meantime (home: 97 → 23 ms of database CPU at 10,000 people).
	if _, err := dst.db.ExecContext(ctx, "ANALYZE"); err != nil {
		return nil, fmt.Errorf("store: copy: analyze: %w", err)
	}
	var counts []TableCount
	var mismatch []string
	for _, t := range tables {
		c := TableCount{Table: t}
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&c.Source); err != nil {
			return nil, fmt.Errorf("store: copy: count %s: %w", t, err)
		}
		if err := dst.db.QueryRowContext(ctx, "SELECT count(*) FROM "+t).Scan(&c.Target); err != nil {
			return nil, fmt.Errorf("store: copy: count %s: %w", t, err)
		}
		if c.Source != c.Target {
			mismatch = append(mismatch, t)
		}
		counts = append(counts, c)
	}
	if len(mismatch) > 0 {
		return counts, fmt.Errorf("store: copy: counts differ in %s", strings.Join(mismatch, ", "))
	}
	return counts, nil
}

// copyTables lists the PostgreSQL store's tables that CopyInto copies.
func (s *Store) copyTables(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		return nil, fmt.Errorf("store: copy: tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("store: copy: tables: %w", err)
		}
		if !copySkipped[t] {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// copyTable copies table t's rows from s into tx, column by column as the target has them.
func (s *Store) copyTable(ctx context.Context, tx *sql.Tx, t string) error {
	crows, err := tx.QueryContext(ctx, `SELECT column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, t)
	if err != nil {
		return fmt.Errorf("store: copy: %s: %w", t, err)
	}
	var cols []string
	for crows.Next() {
		var c string
		if err := crows.Scan(&c); err != nil {
			crows.Close()
			return fmt.Errorf("store: copy: %s: %w", t, err)
		}
		cols = append(cols, `"`+c+`"`)
	}
	crows.Close()
	if err := crows.Err(); err != nil {
		return fmt.Errorf("store: copy: %s: %w", t, err)
	}
	list := strings.Join(cols, ", ")
	rows, err := s.db.QueryContext(ctx, "SELECT "+list+" FROM "+t)
	if err != nil {
		return fmt.Errorf("store: copy: read %s: %w", t, err)
	}
	defer rows.Close()
	ins, err := tx.PrepareContext(ctx, "INSERT INTO "+t+" ("+list+") VALUES (?"+strings.Repeat(", ?", len(cols)-1)+")")
	if err != nil {
		return fmt.Errorf("store: copy: %s: %w", t, err)
	}
	defer ins.Close()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: copy: read %s: %w", t, err)
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return fmt.Errorf("store: copy: write %s: %w", t, err)
		}
	}
	return rows.Err()
}
