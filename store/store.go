// Package store keeps Lodestar's data in SQLite. All SQL lives here.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
)

//go:embed migrations/*.sql migrations/pg/*.sql
var migrationFiles embed.FS

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("store: not found")

// Store wraps the database and the clock every time-dependent rule uses.
type Store struct {
	db        *sql.DB
	now       func() time.Time
	pg        bool                 // PostgreSQL rather than SQLite (dialect.go)
	secretKey []byte               // seals stored secrets (WithSecretKey); nil keeps them in the clear
	stmts     map[string]*sql.Stmt // hot statements parsed once (prepared.go); read-only after Open

	probeMu  sync.Mutex // one write probe at a time; callers in between share its result
	probedAt time.Time
	probeErr error

	gives        giveQueue                   // awards waiting for group commit (give_batch.go)
	revisions    publishedRevisions          // published course revisions and their lessons (training_report.go)
	orgLists     orgLists                    // department and team lists, kept a while (orglists.go)
	inboxes      keptInboxes                 // inbox items while unchanged (inbox_kept.go)
	goalTree     keptByNumber[[]goalTreeRow] // goal tree rows while unchanged (goal_tree_kept.go)
	reports      keptByNumber[any]           // organisation-wide report reads while unchanged (check_report_kept.go)
	board        keptByNumber[any]           // board pages, the month strip, badge and value lists while unchanged (recognition_kept.go)
	boardOf      keptByNumber[any]           // a person's received and given recognitions while unchanged (recognition_kept.go)
	scopes       keptByNumber[any]           // managers' report reads of their trees while unchanged (check_report_kept.go)
	standings    keptByNumber[any]           // a person's check standings while unchanged (check_profile.go)
	teamMatrices keptByNumber[any]           // managers' training matrices while unchanged (training_kept.go)

	scopeRowsMax int // the largest tree a report page reads whole (scopeRows)
}

// Option configures a Store.
type Option func(*Store)

// WithScopeRowsMax sets the largest reporting tree whose 80% report rows a page reads whole
// (defaultScopeRowsMax); tests lower it to hold the statements larger trees run to the same
// answers.
func WithScopeRowsMax(n int) Option {
	return func(s *Store) { s.scopeRowsMax = n }
}

// WithClock replaces time.Now, so tests control tenure, due dates and windows.
func WithClock(now func() time.Time) Option {
	return func(s *Store) { s.now = now }
}

// Open opens the database and applies migrations: the SQLite file at path (created if
// needed), or the PostgreSQL database when path is a postgres:// URL.
// Pragmas go in the DSN so that every pooled connection gets them. Write transactions
// begin IMMEDIATE: a deferred one that reads first and then writes fails at once with
// SQLITE_BUSY_SNAPSHOT (517) when another writer got in between, and busy_timeout cannot help.
// temp_store(MEMORY): each award in a group commit runs under a savepoint, whose journal
// otherwise goes to a temporary file — a third of an award's CPU was those writes.
func Open(path string, opts ...Option) (*Store, error) {
	var db *sql.DB
	if IsPostgresURL(path) {
		var err error
		if db, err = openPostgres(path); err != nil {
			return nil, fmt.Errorf("store: open: %w", err)
		}
	} else {
		dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
			"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_txlock=immediate"
		connector, err := sqlite.NewConnector(dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open: %w", err)
		}
		db = sql.OpenDB(cachingConnector{inner: connector}) // stmtcache.go: SQLite only
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &Store{db: db, now: time.Now, pg: IsPostgresURL(path), scopeRowsMax: defaultScopeRowsMax}
	for _, o := range opts {
		o(s)
	}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.prepare(context.Background()); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// DB exposes the handle for the session store, which keeps sessions in the same database.
func (s *Store) DB() *sql.DB { return s.db }

// Now is the store's clock.
func (s *Store) Now() time.Time { return s.now() }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping tells whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// writeProbeInterval is how often CheckWritable really writes: monitors polling every
// second share one small write per interval.
const writeProbeInterval = 10 * time.Second

// writeProbeTimeout bounds one probe.
const writeProbeTimeout = 15 * time.Second

// writeProbeKey is the settings row the write probe rewrites with the time of the probe.
const writeProbeKey = "health_write_probe"

// CheckWritable tells whether the database still takes writes (not full, not read-only, not
// locked by a stuck writer) by writing a small row. A BEGIN and ROLLBACK would not notice a
// full disk: only a committed write does. It writes at most once per writeProbeInterval and
// otherwise returns the last result. The probe runs on its own (a monitor that gives up
// mid-probe cancels nothing), and a context error is never remembered: it says nothing
// about the database.
func (s *Store) CheckWritable(ctx context.Context) error {
	s.probeMu.Lock()
	defer s.probeMu.Unlock()
	now := s.now()
	if since := now.Sub(s.probedAt); !s.probedAt.IsZero() && since >= 0 && since < writeProbeInterval {
		return s.probeErr
	}
	// Longer than busy_timeout, so a held write lock is reported as such.
	probeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), writeProbeTimeout)
	defer cancel()
	_, err := s.db.ExecContext(probeCtx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		writeProbeKey, now.UTC().Format(time.RFC3339Nano))
	if err != nil {
		err = fmt.Errorf("store: write probe: %w", err)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	s.probedAt, s.probeErr = now, err
	return err
}

// Backup writes a consistent copy of the database to path while it stays in use.
// On PostgreSQL the server's own pg_dump makes the backup (docs/deploy.md).
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.pg {
		return errors.New("store: backup: the database is PostgreSQL; back it up with pg_dump (see docs/deploy.md)")
	}
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok" when sound).
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.pg {
		return "", errors.New("store: integrity check: SQLite only")
	}
	var verdict string
	if err := s.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&verdict); err != nil {
		return "", fmt.Errorf("store: integrity check: %w", err)
	}
	return verdict, nil
}

// migrate applies the embedded migrations in name order, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if s.pg {
		if err := s.inTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, pgSetup)
			return err
		}); err != nil {
			return fmt.Errorf("store: postgres setup: %w", err)
		}
	}
	// CREATE … IF NOT EXISTS of an existing table writes nothing, so an up-to-date
	// database is opened without the write lock.
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	// Read what is applied first, so opening an up-to-date database (every CLI command, a
	// restart beside a running server) takes no write lock at all.
	applied := map[string]bool{}
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM schema_migrations")
	if err != nil {
		return fmt.Errorf("store: applied migrations: %w", err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("store: applied migrations: %w", err)
		}
		applied[name] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: applied migrations: %w", err)
	}
	for _, name := range names {
		if applied[name] {
			continue
		}
		if err := s.applyMigration(ctx, name); err != nil {
			return err
		}
		if strings.HasSuffix(name, "/0022_people_search.sql") {
			// The pinyin keys come from Go: fill the new index for the people already here,
			// once, when the migration is applied. (Its short-query keys are filled after
			// 0036, which gives them their present form.)
			if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.writeSearchIndex(ctx, tx, nil, true, false) }); err != nil {
				return err
			}
		}
		if strings.HasSuffix(name, "/0036_people_search_order.sql") {
			// The short-query keys now carry their rank and name: refill them (not the
			// full-text table, which has not changed).
			if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.writeSearchIndex(ctx, tx, nil, false, true) }); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Store) applyMigration(ctx context.Context, name string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE name = ?", name).Scan(&n); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if n > 0 {
			return nil
		}
		body, err := s.migrationBody(name)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if strings.TrimSpace(body) != "" {
			if _, err := tx.ExecContext(ctx, body); err != nil {
				return fmt.Errorf("store: migration %s: %w", name, err)
			}
		}
		_, err = tx.ExecContext(ctx, "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
			name, s.now().UTC().Format(time.RFC3339))
		return err
	})
}

// inTx runs fn in one write transaction, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}
