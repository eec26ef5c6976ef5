package handlers_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestRecognitionBadgeChoiceShowsIcons: the give form offers each badge as a choice with its
// own icon beside its name (a drop-down showed names only).
func TestRecognitionBadgeChoiceShowsIcons(t *testing.T) {
	f := newAuthzFixture(t)
	doc := f.app.signedInAs("agent").get("/recognition/give").doc(t)
	choices := doc.Find(`[data-testid=badge-choice]`)
	if choices.Length() < 2 {
		t.Fatalf("%d badge choices", choices.Length())
	}
	icons := map[string]bool{}
	choices.Each(func(_ int, c *goquery.Selection) {
		id := c.Find(`input[type=radio][name=badge]`).AttrOr("value", "")
		var icon, name string
		if err := f.app.store.DB().QueryRow(`SELECT icon, name_en FROM badges WHERE id = ?`, id).Scan(&icon, &name); err != nil {
			t.Fatalf("choice %q: %v", id, err)
		}
		src := c.Find("img").AttrOr("src", "")
		if !strings.HasSuffix(src, "/icons/badges/"+icon+".svg") {
			t.Errorf("badge %s (%s): icon %q, want its %s icon", id, name, src, icon)
		}
		if !strings.Contains(c.Text(), name) {
			t.Errorf("badge %s: label %q lacks its name %q", id, c.Text(), name)
		}
		icons[icon] = true
	})
	if len(icons) < 2 {
		t.Errorf("every choice shows the same icon: %v", icons)
	}
	if doc.Find(`[data-testid=badge-picker] input[name=badge][value=""]`).Length() != 1 {
		t.Error("no 'no badge' choice")
	}
}
