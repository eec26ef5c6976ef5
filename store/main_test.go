package store_test

import (
	"testing"

	"lodestar/store/storetest"
)

// TestMain drops the migrated PostgreSQL template the tests' databases are copied from.
func TestMain(m *testing.M) { storetest.Main(m) }
