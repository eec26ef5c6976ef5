package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// invite after an import writes one link per person who cannot sign in yet, filtered by
// team, needs a base URL, and the links open the link page's records (hash only).
func TestInviteCommandWritesLinksCSV(t *testing.T) {
	db := filepath.Join(t.TempDir(), "l.db")
	csvIn := cmdGoodCSV + "E2,e2@example.com,Second,,Outbound,B,M1,front_line,employee,permanent,2024-01-01,,\n"
	if _, errOut, err := cmdRun(t, nil, "import-people", "--db", db, cmdWrite(t, "p.csv", csvIn)); err != nil {
		t.Fatalf("import: %v %s", err, errOut)
	}
	if _, _, err := cmdRun(t, nil, "invite", "--db", db); err == nil || !strings.Contains(err.Error(), "base-url") {
		t.Fatalf("without a base URL: %v", err)
	}
	out := filepath.Join(t.TempDir(), "links.csv")
	_, errOut, err := cmdRun(t, map[string]string{"LODESTAR_BASE_URL": "https://lodestar.example.com/"}, "invite", "--db", db, "--team", "A", "--out", out)
	if err != nil || !strings.Contains(errOut, "Invited 2 people; 0 emails queued") {
		t.Fatalf("invite: %v %s", err, errOut)
	}
	f, _ := os.Open(out)
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 3 || strings.Join(rows[0], ",") != "employee_id,name,team,url,expires_at,team_zh" {
		t.Fatalf("CSV %v %v", rows, err)
	}
	st := cmdOpen(t, db)
	for _, row := range rows[1:] {
		token, ok := strings.CutPrefix(row[3], "https://lodestar.example.com/invite/")
		if !ok || row[2] != "A" {
			t.Errorf("row %v", row)
			continue
		}
		l, err := st.LinkByToken(context.Background(), token)
		if err != nil || l.Person.EmployeeID != row[0] {
			t.Errorf("link of %s: %+v %v", row[0], l, err)
		}
	}
	// Email for those with an address (E2 in team B).
	if _, errOut, err := cmdRun(t, nil, "invite", "--db", db, "--team", "B", "--base-url", "https://l.example.com", "--out", out); err != nil || !strings.Contains(errOut, "1 emails queued") {
		t.Fatalf("team B: %v %s", err, errOut)
	}
	if outbox, _, _ := st.ListOutbox(context.Background()); len(outbox) != 1 || outbox[0].To != "e2@example.com" {
		t.Errorf("outbox %+v", outbox)
	}
	if _, _, err := cmdRun(t, nil, "invite", "--db", db, "--since", "someday", "--base-url", "https://l.example.com"); err == nil {
		t.Error("a bad --since was accepted")
	}
}

// The usage text lists every flag of invite, so "lodestar" alone tells the whole command.
func TestUsageListsEveryInviteFlag(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"invite", "-h"}, &out, &errOut, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	flags := regexp.MustCompile(`(?m)^\s+-([a-z-]+)`).FindAllStringSubmatch(out.String()+errOut.String(), -1)
	if len(flags) < 5 {
		t.Fatalf("could not read invite's flags from -h:\n%s%s", out.String(), errOut.String())
	}
	// The invite entry: its line and the indented lines that continue it.
	var line string
	for _, l := range strings.Split(usage, "\n") {
		switch {
		case strings.Contains(l, "lodestar invite"):
			line = l
		case line != "" && strings.HasPrefix(strings.TrimSpace(l), "[") && !strings.Contains(line, "\x00"):
			line += l
		case line != "":
			line += "\x00" // the entry ended
		}
	}
	for _, f := range flags {
		if !strings.Contains(line, "--"+f[1]) {
			t.Errorf("usage line %q lacks --%s", line, f[1])
		}
	}
}
