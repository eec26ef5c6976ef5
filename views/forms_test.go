package views

import (
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

// Pages that repeat a form per item (review queues) scope their fields: every id is unique
// and every label points at its own card's field, hint and error.
func TestFieldScopeGivesEachRepeatedFormItsOwnIDs(t *testing.T) {
	errs := FieldErrors{"feedback": {Code: "required"}}
	var b strings.Builder
	for _, scope := range []string{"7-3", "8-3"} {
		field := TextArea("feedback", "checks.feedback", "checks.feedback_hint", "", errs, nil)
		scoped := FieldScope(scope)
		if err := scoped.Render(templ.WithChildren(context.Background(), field), &b); err != nil {
			t.Fatal(err)
		}
	}
	html := b.String()
	for _, want := range []string{`for="f-7-3-feedback"`, `id="f-7-3-feedback"`, `id="h-8-3-feedback"`, `id="e-8-3-feedback"`,
		`aria-describedby="h-8-3-feedback e-8-3-feedback"`} {
		if !strings.Contains(html, want) {
			t.Errorf("scoped fields lack %s:\n%s", want, html)
		}
	}
	if strings.Count(html, `id="f-7-3-feedback"`) != 1 {
		t.Errorf("an id repeats:\n%s", html)
	}
	// Outside a scope the ids stay as they always were.
	b.Reset()
	if err := TextArea("feedback", "checks.feedback", "", "", nil, nil).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `id="f-feedback"`) {
		t.Errorf("unscoped field id: %s", b.String())
	}
}
