package views

import (
	"strings"
	"testing"

	"lodestar/store"
)

func TestCultureMarkdownSanitised(t *testing.T) {
	cases := []struct{ src, mustNot, must string }{
		{"Hi <script>alert(1)</script>", "<script", "Hi"},
		{`<img src="x" onerror="alert(1)">`, "onerror", ""},
		{"[click](javascript:alert(1))", "javascript:", "click"},
		{"<a href=\"javascript:alert(1)\">x</a>", "javascript:", ""},
		// bluemonday's UGC policy marks user links nofollow: proof the sanitiser ran.
		{"[site](https://example.com)", "", `rel="nofollow"`},
		{"- **Listen** first", "", "<strong>Listen</strong>"},
	}
	for _, tc := range cases {
		got := RenderMarkdown(tc.src)
		if tc.mustNot != "" && strings.Contains(strings.ToLower(got), tc.mustNot) {
			t.Errorf("%q rendered %q, which contains %q", tc.src, got, tc.mustNot)
		}
		if tc.must != "" && !strings.Contains(got, tc.must) {
			t.Errorf("%q rendered %q, want %q in it", tc.src, got, tc.must)
		}
	}
}

// Keys built at run time from the culture sections, change kinds and fields.
func TestCultureComputedKeysAreTranslated(t *testing.T) {
	var keys []string
	for _, s := range store.CultureSections {
		keys = append(keys, "culture.section."+s)
	}
	for _, k := range store.CultureChangeKinds {
		keys = append(keys, "culture.change."+k)
	}
	for _, f := range store.CultureFields {
		keys = append(keys, "culture.field."+f)
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("%q has no translation", k)
		}
	}
}

// When only the other language changed, the diff shows that language rather than nothing,
// and says which language it is in; a text written for the first time in the reader's
// language is an added line, not a swap from the other language's fallback.
func TestCultureFieldDiffFallsBackToChangedLanguage(t *testing.T) {
	f := store.CultureFieldChange{Field: "text", Old: store.Text{EN: "Same", ZH: "旧"}, New: store.Text{EN: "Same", ZH: "新"}}
	shown, got := cultureFieldDiff("en", f)
	if shown != "zh" || len(got) != 2 || got[0].Text != "旧" || got[1].Text != "新" {
		t.Fatalf("diff in %s: %+v", shown, got)
	}
	if shown, _ := cultureFieldDiff("zh", f); shown != "zh" {
		t.Errorf("a Chinese reader's own change is shown in %s", shown)
	}
	f = store.CultureFieldChange{Field: "name", Old: store.Text{EN: "Treating everyone equally"}, New: store.Text{EN: "Treating everyone equally", ZH: "平等待人"}}
	shown, got = cultureFieldDiff("zh", f)
	if shown != "zh" || len(got) != 1 || got[0].Op != "add" || got[0].Text != "平等待人" {
		t.Errorf("first Chinese text: diff in %s: %+v", shown, got)
	}
}
