package handlers_test

import (
	"context"
	"sort"
	"testing"
)

// The manager's and the leader's homes (inbox first, then the tiles) and the inbox page on
// a 375 px phone, in English and in Chinese: nothing scrolls sideways, the header stays on
// one row with the inbox count, and the Chinese pages show no English but what people wrote.
func TestBrowserHomesOnPhoneInBothLanguages(t *testing.T) {
	site := newBrowserSite(t)
	user := cultureZhUserWords(t, site)
	// Check and course titles are typed by people too (in one language in the demo).
	ctx := context.Background()
	checks, err := site.store.ListChecks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		user.phrases = append(user.phrases, c.Title)
	}
	sort.Slice(user.phrases, func(i, j int) bool { return len(user.phrases[i]) > len(user.phrases[j]) })

	for _, who := range []string{"manager", "leader"} {
		for _, lang := range []string{"en", "zh"} {
			t.Run(who+"/"+lang, func(t *testing.T) {
				b := site.browser(t)
				b.phone()
				b.signInAs(who)
				if lang == "zh" {
					b.selectAndWait(`[data-testid=language-switch] select`, "zh")
				}
				if got, want := b.attr("html", "lang"), map[string]string{"en": "en", "zh": "zh-Hans"}[lang]; got != want {
					t.Fatalf("html lang %q, want %q", got, want)
				}
				for _, path := range []string{"/", "/inbox"} {
					b.checkNoSidewaysScroll(path)
					b.checkHeaderFits()
					if b.count(`[data-testid=inbox-count]`) != 1 {
						t.Errorf("%s: no inbox count in the header", path)
					}
					if lang == "zh" {
						for _, leak := range cultureZhEnglish(b, user) {
							t.Errorf("%s as %s: English on the Chinese page: %s", path, who, leak)
						}
					}
				}
				b.open("/")
				if b.count(`[data-testid=home-inbox] [data-testid=inbox-item]`) == 0 {
					t.Error("home shows no inbox items")
				}
				for _, tile := range []string{"tile-check", "tile-goals", "tile-culture", "tile-onboarding", "tile-deserts"} {
					if b.count(`[data-testid=home-tiles] [data-testid=`+tile+`]`) != 1 {
						t.Errorf("no %s on the %s's home", tile, who)
					}
				}
				// The inbox comes before the tiles.
				if !browserEval[bool](b, `!!(document.querySelector("[data-testid=home-inbox]").compareDocumentPosition(
					document.querySelector("[data-testid=home-tiles]")) & Node.DOCUMENT_POSITION_FOLLOWING)`) {
					t.Error("the tiles come before the inbox")
				}
			})
		}
	}
}
