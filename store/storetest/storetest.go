// Package storetest gives tests a database to open with store.Open: a file in the test's
// temporary directory, or, when LODESTAR_TEST_POSTGRES holds a PostgreSQL admin URL, a
// throwaway PostgreSQL database (pg_<random>) dropped when the test ends. The same tests then
// run on both engines.
package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver for the admin connection
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
// directory, or the URL of a new PostgreSQL database dropped at cleanup.
func DB(tb testing.TB, name string) string {
	tb.Helper()
	if !Postgres() {
		return filepath.Join(tb.TempDir(), name)
	}
	return CreateDB(tb, "")
}

// CreateDB creates a PostgreSQL database, a copy of template when it is not empty, and
// returns its URL; it is dropped when tb ends.
func CreateDB(tb testing.TB, template string) string {
	tb.Helper()
	name := NewName()
	if err := Create(name, template); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { Drop(name) })
	return URL(name)
}

// NewName is a random database name in the pg_ namespace the tests own.
func NewName() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "pg_" + hex.EncodeToString(b)
}

// URL is the address of the named database on the test server.
func URL(name string) string {
	u, err := url.Parse(os.Getenv(EnvVar))
	if err != nil {
		return ""
	}
	u.Path = "/" + name
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
