package views

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

var (
	keyLiteral  = regexp.MustCompile(`"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"`)
	problemCode = regexp.MustCompile(`(?:Code:\s*|\.add\(\s*[a-zA-Z0-9_]+\s*,\s*"[a-z_]+"\s*,\s*)"([a-z_]+)"`)
	fmtVerb     = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)
)

// Every message has both languages, and both take the same arguments.
func TestCatalogueComplete(t *testing.T) {
	for _, set := range messageSets() {
		for _, m := range set {
			if strings.TrimSpace(m.en) == "" || strings.TrimSpace(m.zh) == "" {
				t.Errorf("%s lacks a translation: en=%q zh=%q", m.key, m.en, m.zh)
			}
			if a, b := verbs(m.en), verbs(m.zh); a != b {
				t.Errorf("%s: English takes %v, Chinese takes %v", m.key, a, b)
			}
		}
	}
}

// verbs lists a text's fmt verbs; %q and %s count as one (Chinese quotes with “%s”).
func verbs(text string) string {
	vs := fmtVerb.FindAllString(strings.ReplaceAll(text, "%q", "%s"), -1)
	if strings.Contains(text, "%[") { // indexed verbs may come in another order in Chinese
		slices.Sort(vs)
		vs = slices.Compact(vs)
	}
	return strings.Join(vs, "")
}

// Every message key written in the code exists in the catalogue. A key is a string
// literal like "people.title" whose namespace is one the catalogue uses.
func TestEveryUsedKeyIsTranslated(t *testing.T) {
	namespaces := map[string]bool{}
	for k := range catalogue {
		namespaces[strings.SplitN(k, ".", 2)[0]] = true
	}
	files := sourceFiles(t, "../views", "../handlers")
	if len(files) < 10 {
		t.Fatalf("found only %d source files", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyLiteral.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if !namespaces[strings.SplitN(key, ".", 2)[0]] {
				continue
			}
			_, ok := catalogue[key]
			_, one := catalogue[key+".one"]
			_, other := catalogue[key+".other"]
			if !ok && !(one && other) {
				t.Errorf("%s uses %q, which has no translation", f, key)
			}
		}
	}
}

// Keys built at run time: tiers, roles, employment types and problem codes.
func TestComputedKeysAreTranslated(t *testing.T) {
	var keys []string
	for _, v := range store.Tiers {
		keys = append(keys, "tier."+v)
	}
	for _, v := range store.Roles {
		keys = append(keys, "role."+v)
	}
	for _, v := range store.EmploymentTypes {
		keys = append(keys, "employment."+v)
	}
	for _, f := range sourceFiles(t, "../store", "../handlers") {
		b, _ := os.ReadFile(f)
		for _, m := range problemCode.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, "problem."+m[1])
		}
	}
	for _, code := range store.InputProblemCodes() {
		keys = append(keys, "problem."+code)
	}
	if len(keys) < 20 {
		t.Fatalf("found only %d computed keys", len(keys))
	}
	for _, k := range keys {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("%q has no translation", k)
		}
	}
}

func sourceFiles(t *testing.T, dirs ...string) []string {
	var out []string
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() || strings.HasSuffix(name, "_templ.go") || strings.HasSuffix(name, "_test.go") {
				return nil
			}
			if strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".templ") {
				out = append(out, path)
			}
			return nil
		})
	}
	return out
}

func TestLanguageChoice(t *testing.T) {
	cases := []struct{ preferred, accept, want string }{
		{"zh", "en-GB", "zh"},
		{"en", "zh-CN", "en"},
		{"", "zh-CN,zh;q=0.9", "zh"},
		{"zh-Hant", "zh-CN", "zh-Hant"},
		{"", "zh-TW", "zh-Hant"},
		{"", "zh-HK", "zh-Hant"},
		{"", "zh-MO", "zh-Hant"},
		{"", "zh-Hant", "zh-Hant"},
		{"", "zh-Hant-HK,en;q=0.5", "zh-Hant"},
		{"", "zh-SG", "zh"},
		{"", "zh-Hans", "zh"},
		{"", "zh", "zh"},
		{"", "zh-TW,zh-CN;q=0.8", "zh-Hant"},
		{"", "zh-CN,zh-TW;q=0.8", "zh"},
		{"fr", "zh-TW", "zh-Hant"},
		{"", "fr-FR", "en"},
		{"", "", "en"},
		{"", "en-US,zh;q=0.5", "en"},
	}
	for _, c := range cases {
		if got := MatchLanguage(c.preferred, c.accept).Lang; got != c.want {
			t.Errorf("MatchLanguage(%q, %q) = %s, want %s", c.preferred, c.accept, got, c.want)
		}
	}
}

func TestFormatsPerLanguage(t *testing.T) {
	en, zh := Locale{"en"}, Locale{"zh"}
	d := store.Day(mustDate(t, "2026-03-05"))
	if en.Date(d) != "5 Mar 2026" || zh.Date(d) != "2026年3月5日" {
		t.Errorf("dates: %q %q", en.Date(d), zh.Date(d))
	}
	if en.Num(1234567) != "1,234,567" || en.Num(-1000) != "-1,000" || en.Num(12) != "12" {
		t.Errorf("numbers: %q %q", en.Num(1234567), en.Num(-1000))
	}
	if en.N("people.count", 1) != "1 person" || en.N("people.count", 2) != "2 people" || zh.N("people.count", 1) != "1 人" {
		t.Errorf("plurals: %q %q %q", en.N("people.count", 1), en.N("people.count", 2), zh.N("people.count", 1))
	}
	ctx := WithLocale(context.Background(), zh)
	if T(ctx, "nav.home") != "首页" {
		t.Errorf("T in zh context = %q", T(ctx, "nav.home"))
	}
}

func mustDate(t *testing.T, s string) (d time.Time) {
	d, err := store.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Chinese text quotes with “” (QA found straight quotes from %q in the token revoke
// confirmation); the token and import messages are checked here.
func TestTokenAndImportMessagesUseChineseQuotes(t *testing.T) {
	for _, set := range [][]message{tokensMessages, importMessages} {
		for _, m := range set {
			if strings.Contains(m.zh, "%q") || strings.Contains(m.zh, `"`) {
				t.Errorf("%s: straight quotes in Chinese: %s", m.key, m.zh)
			}
		}
	}
	if got, want := (Locale{"zh"}).T("tokens.revoke_confirm", "HR sync"), "确定吊销令牌“HR sync”吗？"; !strings.HasPrefix(got, want) {
		t.Errorf("revoke confirmation = %q, want it to start %q", got, want)
	}
}
