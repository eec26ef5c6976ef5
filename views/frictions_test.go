package views

import (
	"bytes"
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"lodestar/store"
)

// TestFairnessWindowsAgree: the fairness page counts deserts over DesertDays and the rest over
// FairnessDays; each section names its own window and the intro names none, so the page never
// says "90 days" above a "60 days" list (both languages).
func TestFairnessWindowsAgree(t *testing.T) {
	digits := regexp.MustCompile(`[0-9]`)
	d := RecognitionFairnessData{Leader: true, F: store.Fairness{People: []store.FairnessRow{{}}}}
	for _, lang := range []string{"en", "zh"} {
		ctx := WithLocale(context.Background(), Locale{Lang: lang})
		var b bytes.Buffer
		if err := RecognitionFairnessPage(d).Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		doc, err := goquery.NewDocumentFromReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		if intro := doc.Find(`[data-testid="fairness-intro"]`).Text(); intro == "" || digits.MatchString(intro) {
			t.Errorf("%s: intro %q should name no window", lang, intro)
		}
		for id, days := range map[string]int{"#desert-title": store.DesertDays, "#spread-title": store.FairnessDays, "#values-title": store.FairnessDays} {
			h := doc.Find(id).Text()
			if got := digits.FindAllString(h, -1); !strings.Contains(h, strconv.Itoa(days)) || len(got) != len(strconv.Itoa(days)) {
				t.Errorf("%s: %s %q should name %d days and no other number", lang, id, h, days)
			}
		}
	}
}
