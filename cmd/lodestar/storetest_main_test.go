package main

import (
	"os"
	"path/filepath"
	"testing"

	"lodestar/store/storetest"
)

// TestMain drops the migrated PostgreSQL template the tests' databases are copied from, and
// removes the binary the drills built (its directory outlives every test, so no t.TempDir).
func TestMain(m *testing.M) {
	code := storetest.Run(m)
	if drillBinary.path != "" {
		os.RemoveAll(filepath.Dir(drillBinary.path))
	}
	os.Exit(code)
}
