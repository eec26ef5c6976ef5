package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lodestar/views"
)

// Drafts are appended before the map's closing brace, marked for review, and the file
// stays valid, formatted Go; reviewed lines above are kept as they were.
func TestRunAppendsMarkedDrafts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "messages_hant.go")
	src := "package views\n\nvar hantMessages = map[string]string{\n\t\"a.reviewed\": \"已審閱\", // a note\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	drafts := []views.HantDraft{{Key: "b.new", Draft: "「%s」已發布。"}, {Key: "c.new", Draft: "登入"}}
	if err := run(path, drafts, &out); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	got := string(b)
	for _, want := range []string{
		"\"a.reviewed\": \"已審閱\",      // a note\n",
		"\"b.new\":      \"「%s」已發布。\", // draft: review\n",
		"\"c.new\":      \"登入\",       // draft: review\n}\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("file lacks %q:\n%s", want, got)
		}
	}
	if !strings.Contains(out.String(), "b.new\nc.new\n2 drafts appended") {
		t.Errorf("output: %q", out.String())
	}
	// Nothing to draft: the file is left alone.
	out.Reset()
	if err := run(path, nil, &out); err != nil || !strings.Contains(out.String(), "every message") {
		t.Errorf("no drafts: %v %q", err, out.String())
	}
	if b2, _ := os.ReadFile(path); string(b2) != got {
		t.Error("no drafts changed the file")
	}
}

// The real catalogue is complete, so the command has nothing to draft for it.
func TestCatalogueNeedsNoDrafts(t *testing.T) {
	if d := views.HantDrafts(); len(d) != 0 {
		t.Errorf("%d keys lack Traditional text, first %s", len(d), d[0].Key)
	}
}
