// Package storetest gives tests a database to open with store.Open: a file in the test's
// temporary directory, or, when LODESTAR_TEST_POSTGRES holds a PostgreSQL admin URL, a
// throwaway PostgreSQL database (pg_<random>) dropped when the test ends. The same tests then
// run on both engines.
//
// On PostgreSQL a test binary migrates one template database (pg_tmpl_<random>) the first
// time DB is called, and every test's database is a copy of it (CREATE DATABASE … TEMPLATE,
// a file copy on the server): migrating each test's database took most of the store pass.
// A package that calls DB runs its tests through Main, which drops the template at the end.
package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for the admin connection

	"lodestar/store"
)

// EnvVar names the admin URL of the PostgreSQL server the tests use.
const EnvVar = "LODESTAR_TEST_POSTGRES"

// Postgres tells whether the tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvVar) != "" }

// SkipOnPostgres skips a test that is about SQLite itself (files, pragmas, query plans).
func SkipOnPostgres(tb testing.TB, why string) {
	tb.Helper()
	if Postgres() {
		tb.Skip("SQLite only: " + why)
	}
}

// DB returns a fresh, empty database for store.Open: the file name in a new temporary
// directory, or the URL of a new PostgreSQL database dropped at cleanup. The PostgreSQL one
// is already migrated (a copy of the binary's template); store.Open finds nothing to apply.
func DB(tb testing.TB, name string) string {
	tb.Helper()
	if !Postgres() {
		return filepath.Join(tb.TempDir(), name)
	}
	tmpl, err := Template()
	if err != nil {
		tb.Fatalf("storetest: preparing the migrated template database: %v", err)
	}
	return CreateDB(tb, tmpl)
}

// template is the migrated PostgreSQL database of this test binary. Package-level mutable
// state, which the product code never has: it lives in a test helper package and its scope
// is exactly one test binary, which is what it caches for.
var template struct {
	once sync.Once
	name string
	err  error
}

// Template is the name of this test binary's migrated, empty PostgreSQL database, built on
// the first call: a fresh database opened with store.Open (which migrates it), then closed,
// since PostgreSQL copies only a database nobody is connected to. The name is random, so a
// template left behind by a crashed run is never reused or in the way.
func Template() (string, error) {
	template.once.Do(func() {
		name := "pg_tmpl_" + strings.TrimPrefix(NewName(), "pg_")
		if template.err = Create(name, ""); template.err != nil {
			return
		}
		template.name = name
		s, err := store.Open(URL(name))
		if err != nil {
			template.err = err
			return
		}
		template.err = s.Close()
	})
	return template.name, template.err
}

// Main runs a package's tests and exits (call it from TestMain); see Run.
func Main(m *testing.M) { os.Exit(Run(m)) }

// Run runs a package's tests, waits for the databases still being dropped or copied, drops
// the spare copies and the template database the tests copied theirs from, if they made
// one, and returns the exit code.
func Run(m *testing.M) int {
	code := m.Run()
	background.Wait()
	spares.mu.Lock()
	for _, names := range spares.ready {
		for _, name := range names {
			Drop(name)
		}
	}
	spares.ready = nil
	spares.mu.Unlock()
	if template.name != "" {
		Drop(template.name)
	}
	return code
}

// The lifecycle of a test's database costs more than most tests on PostgreSQL: CREATE
// DATABASE copies the template and DROP DATABASE waits for a checkpoint, about a second
// each on the CI machine. So a test's database is dropped in the background once the test
// is over (a few at a time; concurrent drops share checkpoints), and the next copies of a
// template are made in the background while tests run. Run waits for all of it.
var (
	background sync.WaitGroup
	dropSlots  = make(chan struct{}, 4)
	spares     struct {
		mu     sync.Mutex
		ready  map[string][]string // template → copies nobody has used yet
		making map[string]int      // template → copies being made
	}
)

// spareCopies is how many copies of a template are kept ready.
const spareCopies = 2

// CreateDB creates a PostgreSQL database, a copy of template when it is not empty, and
// returns its URL; it is dropped (in the background) when tb ends.
func CreateDB(tb testing.TB, template string) string {
	tb.Helper()
	name := takeSpare(template)
	if name == "" {
		name = NewName()
		if err := Create(name, template); err != nil {
			tb.Fatal(err)
		}
	}
	tb.Cleanup(func() { dropLater(name) })
	return URL(name)
}

// takeSpare returns a ready copy of template, or "" when there is none, and starts making
// copies until spareCopies are ready or under way. Copies of no template are never kept.
func takeSpare(template string) string {
	if template == "" {
		return ""
	}
	spares.mu.Lock()
	defer spares.mu.Unlock()
	if spares.ready == nil {
		spares.ready, spares.making = map[string][]string{}, map[string]int{}
	}
	var name string
	if ready := spares.ready[template]; len(ready) > 0 {
		name, spares.ready[template] = ready[0], ready[1:]
	}
	for len(spares.ready[template])+spares.making[template] < spareCopies {
		spares.making[template]++
		background.Add(1)
		go func() {
			defer background.Done()
			copyName := NewName()
			err := Create(copyName, template)
			spares.mu.Lock()
			defer spares.mu.Unlock()
			spares.making[template]--
			if err == nil { // a failed copy is made again, and reported, by the next CreateDB
				spares.ready[template] = append(spares.ready[template], copyName)
			}
		}()
	}
	return name
}

// dropLater drops the named database in the background; Run waits for it.
func dropLater(name string) {
	background.Add(1)
	go func() {
		defer background.Done()
		dropSlots <- struct{}{}
		defer func() { <-dropSlots }()
		Drop(name)
	}()
}

// NewName is a random database name in the pg_ namespace the tests own.
func NewName() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "pg_" + hex.EncodeToString(b)
}

// URL is the address of the named database on the test server. Its sessions commit without
// waiting for the disk (synchronous_commit=off, a run-time parameter pgx passes on): a test's
// database never has to survive a crash, and waiting for each commit's flush made up much of
// the PostgreSQL pass.
func URL(name string) string {
	u, err := url.Parse(os.Getenv(EnvVar))
	if err != nil {
		return ""
	}
	u.Path = "/" + name
	q := u.Query()
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// Create creates the named database, copied from template when it is not empty.
func Create(name, template string) error {
	return admin(func(db *sql.DB) error {
		q := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize()
		if template != "" {
			q += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
		}
		_, err := db.Exec(q)
		return err
	})
}

// Drop drops the named database, closing what is still connected to it.
func Drop(name string) {
	admin(func(db *sql.DB) error {
		_, err := db.Exec("DROP DATABASE IF EXISTS " + pgx.Identifier{name}.Sanitize() + " WITH (FORCE)")
		return err
	})
}

func admin(fn func(db *sql.DB) error) error {
	db, err := sql.Open("pgx", os.Getenv(EnvVar))
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// Name is the database name in a PostgreSQL URL.
func Name(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}
