package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// token create takes a scope and a last day; token list shows them; token revoke stops the
// token at once. Each is in the audit log; bad flags say what is wrong and create nothing.
func TestTokenCreateListRevoke(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	lastDay := time.Now().AddDate(0, 6, 0).Format(store.DateLayout)
	out, errOut, err := cmdRun(t, nil, "token", "create", "--db", db, "--name", "HR sync", "--scope", "read,people", "--expires", lastDay)
	if err != nil {
		t.Fatalf("create: %v\n%s", err, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	secret := lines[len(lines)-1]
	if _, _, err := cmdRun(t, nil, "token", "create", "--db", db, "--name", "Dashboard", "--scope", "read"); err != nil {
		t.Fatal(err)
	}

	st := cmdOpen(t, db)
	tok, err := st.AuthenticateToken(context.Background(), secret)
	if err != nil || !tok.MayWrite(store.ScopePeople) || tok.MayWrite(store.ScopeRecognitions) || tok.ExpiresOn.Format(store.DateLayout) != lastDay {
		t.Fatalf("created token: %+v %v", tok, err)
	}

	out, _, err = cmdRun(t, nil, "token", "list", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(rows) != 3 || !strings.HasPrefix(rows[0], "ID") {
		t.Fatalf("list:\n%s", out)
	}
	// Newest first: Dashboard (2), then HR sync (1).
	for i, want := range [][]string{{"2", "Dashboard", "read ", "-", "never", "active"}, {"1", "HR sync", "read,people", lastDay, "active"}} {
		for _, w := range want {
			if !strings.Contains(rows[i+1], w) {
				t.Errorf("list row %q lacks %q", rows[i+1], w)
			}
		}
	}

	if out, _, err := cmdRun(t, nil, "token", "revoke", "--db", db, "1"); err != nil || !strings.Contains(out, "Revoked API token 1") {
		t.Fatalf("revoke: %v %s", err, out)
	}
	if _, err := st.AuthenticateToken(context.Background(), secret); !errors.Is(err, store.ErrBadToken) {
		t.Fatalf("revoked token still authenticates: %v", err)
	}
	out, _, _ = cmdRun(t, nil, "token", "list", "--db", db)
	if !strings.Contains(out, "revoked ") {
		t.Errorf("list does not show the revocation:\n%s", out)
	}
	if _, _, err := cmdRun(t, nil, "token", "revoke", "--db", db, "99"); err == nil || !strings.Contains(err.Error(), "no API token with ID 99") {
		t.Errorf("revoke of an unknown ID: %v", err)
	}
	got := strings.Join(auditTexts(t, st, 10), "\n")
	last, _ := store.ParseDate(lastDay)
	for _, want := range []string{"API token HR sync revoked", "API token HR sync created: Read; change People; works until " + last.Format("2 Jan 2006"),
		"API token Dashboard created: Read only"} {
		if !strings.Contains(got, want) {
			t.Errorf("audit lacks %q:\n%s", want, got)
		}
	}

	for _, bad := range [][]string{
		{"--scope", "read,payroll"},
		{"--expires", "30/06/2027"},
		{"--expires", "2020-01-01"},
	} {
		args := append([]string{"token", "create", "--db", db, "--name", "Bad"}, bad...)
		_, errOut, err := cmdRun(t, nil, args...)
		if err == nil || !strings.HasPrefix(errOut, bad[0]+": ") {
			t.Errorf("%v: %v, stderr %q", bad, err, errOut)
		}
	}
	if tokens, _ := st.ListTokens(context.Background()); len(tokens) != 2 {
		t.Errorf("refused commands made tokens: %d tokens", len(tokens))
	}
}
