package handlers_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// demoTemplate is the PostgreSQL database holding the demo organisation, built once per
// test binary; each test gets a copy (CREATE DATABASE … TEMPLATE), as the SQLite runs copy
// the file image.
var demoTemplate struct {
	once sync.Once
	name string
	err  error
}

// demoDatabase is a fresh copy of the demo organisation for store.Open: a file on SQLite,
// a database on PostgreSQL (LODESTAR_TEST_POSTGRES), dropped at cleanup.
func demoDatabase(t testing.TB) string {
	t.Helper()
	if !storetest.Postgres() {
		path := filepath.Join(t.TempDir(), "demo.db")
		if err := os.WriteFile(path, browserDemoBytes(t), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	demoTemplate.once.Do(func() {
		name := storetest.NewName()
		migrated, err := storetest.Template()
		if err != nil {
			demoTemplate.err = err
			return
		}
		if demoTemplate.err = storetest.Create(name, migrated); demoTemplate.err != nil {
			return
		}
		demoTemplate.name = name
		demoTemplate.err = buildDemo(storetest.URL(name))
	})
	if demoTemplate.err != nil {
		t.Fatalf("preparing the demo database: %v", demoTemplate.err)
	}
	return storetest.CreateDB(t, demoTemplate.name)
}

// buildDemo loads the demo into the empty (migrated) database at db, as `lodestar serve --demo` does.
func buildDemo(db string) error {
	st, err := store.Open(db, store.WithClock(func() time.Time { return browserDemoClock }))
	if err != nil {
		return err
	}
	defer st.Close()
	ctx := context.Background()
	if err := st.LoadDemo(ctx); err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	if err := st.EnsureIssuerKey(ctx); err != nil {
		return fmt.Errorf("issuer key: %w", err)
	}
	return st.EnsureUnsubscribeKey(ctx)
}

// TestMain drops the PostgreSQL templates (migrated, demo) after the run.
func TestMain(m *testing.M) {
	code := storetest.Run(m)
	if demoTemplate.name != "" {
		storetest.Drop(demoTemplate.name)
	}
	os.Exit(code)
}
