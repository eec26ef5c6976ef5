package views

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// Every action the store writes to the audit log has a message in both languages, so the
// audit page never shows a raw key. Actions are found in the store's source.
func TestAuditActionsAreTranslated(t *testing.T) {
	files, err := filepath.Glob("../store/*.go")
	if err != nil {
		t.Fatal(err)
	}
	// s.audit(ctx, tx, actor, "area.action", …) and action := "area.action" / action = "…".
	pattern := regexp.MustCompile(`(?s)(?:audit\(ctx, tx,[^"]*?"|action :?= ")([a-z_]+\.[a-z_]+)"`)
	found := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pattern.FindAllSubmatch(src, -1) {
			found[string(m[1])] = true
		}
	}
	if len(found) < 20 {
		t.Fatalf("found only %d audit actions in the store: the pattern is stale", len(found))
	}
	for action := range found {
		msg, ok := catalogue["audit."+action]
		if !ok || msg.en == "" || msg.zh == "" {
			t.Errorf("audit action %q has no message in both languages (views/messages_audit.go)", action)
		}
	}
}
