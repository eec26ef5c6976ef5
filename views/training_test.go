package views

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"lodestar/store"
)

// Keys built at run time: statuses, question kinds and rule kinds.
func TestTrainingComputedKeys(t *testing.T) {
	var keys []string
	for _, s := range store.TrainingStatuses {
		keys = append(keys, "training.status."+s)
	}
	for _, k := range store.QuestionKinds {
		keys = append(keys, "training.kind."+k)
	}
	for _, k := range store.RuleKinds {
		keys = append(keys, "training.rule."+k)
	}
	keys = append(keys, "notify.training_reviewed")
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("%q has no translation", k)
		}
	}
}

func TestTrainingMarkdownIsSanitised(t *testing.T) {
	var b bytes.Buffer
	md := "**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
	if err := TrainingMarkdown(md).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if !strings.Contains(got, "<strong>Bold</strong>") {
		t.Fatalf("markdown not rendered: %s", got)
	}
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(got, bad) {
			t.Errorf("%q survived: %s", bad, got)
		}
	}
}
