package handlers_test

import (
	"database/sql"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"lodestar/handlers"
)

// A database error while a link is used must not write the link's token to the error log.
func TestLinkTokenStaysOutOfTheErrorLog(t *testing.T) {
	var logs lockedBuffer
	path := filepath.Join(t.TempDir(), "lodestar.db")
	app := newTestAppAt(t, path, func(d *handlers.Deps) { d.Logger = slog.New(slog.NewTextHandler(&logs, nil)) })
	seedInvitees(t, app)
	links := inviteByCSV(t, app, url.Values{"cannot_sign_in": {"1"}})
	link := pathOf(t, links["E2"][3])
	token := strings.TrimPrefix(link, "/invite/")
	// Force the password write to fail, as a full disk would.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE TRIGGER boom BEFORE UPDATE OF password_hash ON people BEGIN SELECT RAISE(ABORT, 'disk trouble'); END"); err != nil {
		t.Fatal(err)
	}
	res := app.client().post(link, url.Values{"password": {"a long enough passphrase 42"}, "confirm": {"a long enough passphrase 42"}})
	if res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", res.StatusCode)
	}
	app.client().get("/healthz")
	out := logs.String()
	if !strings.Contains(out, "request failed") {
		t.Fatalf("the error is not logged:\n%s", out)
	}
	if strings.Contains(out, token) {
		t.Errorf("a link's token is in the error log:\n%s", out)
	}
}
