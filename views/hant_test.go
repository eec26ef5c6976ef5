package views

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"lodestar/store"
)

// Every catalogue message has reviewed Traditional text with the same arguments, and the
// Traditional catalogue holds no key the main catalogue lacks. The failure names the keys
// so whoever adds a message can run the draft command for exactly those.
func TestHantCatalogueComplete(t *testing.T) {
	var missing []string
	for _, set := range messageSets() {
		for _, m := range set {
			text, ok := hantMessages[m.key]
			switch {
			case !ok:
				missing = append(missing, m.key)
			case strings.TrimSpace(text) == "":
				t.Errorf("%s: empty Traditional text", m.key)
			case verbs(text) != verbs(m.en):
				t.Errorf("%s: English takes %v, Traditional takes %v", m.key, verbs(m.en), verbs(text))
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d messages lack Traditional Chinese (run `go run ./cmd/hantdraft`, then review the lines it marks): %s",
			len(missing), strings.Join(missing, ", "))
	}
	for k := range hantMessages {
		if _, ok := catalogue[k]; !ok {
			t.Errorf("messages_hant.go has %q, which the catalogue does not", k)
		}
	}
}

// Plural keys (.one/.other) exist in all three languages, so Locale.N finds the
// zh-Hant .other form whatever plural rule it applies.
func TestHantPluralForms(t *testing.T) {
	n := 0
	for k := range catalogue {
		if base, ok := strings.CutSuffix(k, ".one"); ok {
			n++
			if hantMessages[base+".other"] == "" {
				t.Errorf("%s.other has no Traditional text", base)
			}
		}
	}
	if n < 20 {
		t.Fatalf("found only %d plural keys", n)
	}
	hant := Locale{store.LangHant}
	if got := hant.N("people.count", 1); got != "1 人" {
		t.Errorf("zh-Hant N(people.count, 1) = %q", got)
	}
	if got := hant.N("checks.more_people", 1200); got != "還需 1,200 人" {
		t.Errorf("zh-Hant N(checks.more_people, 1200) = %q", got)
	}
}

// The Traditional catalogue is written in Traditional characters: converting it from
// Simplified character by character (OpenCC s2t would change any Simplified character
// left in it) leaves it as it is.
func TestHantHasNoSimplifiedCharacters(t *testing.T) {
	simplified := regexp.MustCompile(`[们这说对个为会时过还没发现应该么样点让给请认识问题设置据号经议员关业务户网络线条约质检录码项边开门间长东车书买卖写学实际简体]`)
	for k, v := range hantMessages {
		if bad := simplified.FindAllString(v, -1); len(bad) > 0 {
			t.Errorf("%s has Simplified characters %v: %s", k, bad, v)
		}
	}
}

// A Traditional page uses the reviewed text, and a key without Traditional text yet
// (added by another area since the last draft) is converted rather than shown in
// Simplified or English.
func TestHantTranslation(t *testing.T) {
	hant := Locale{store.LangHant}
	cases := map[string]string{
		"login.title":            "登入",
		"shell.sign_out":         "登出",
		"people.email":           "電子郵件",
		"people.employee_id":     "員工編號",
		"tenure.long_term":       "長期員工",
		"people.employment_type": "僱用類型",
	}
	for key, want := range cases {
		if got := hant.T(key); got != want {
			t.Errorf("zh-Hant %s = %q, want %q", key, got, want)
		}
	}
	if got := hant.T("goals.approved", "降低成本"); got != "目標「降低成本」已批准。" {
		t.Errorf("zh-Hant quotes: %q", got)
	}
	if got := (Locale{store.LangZH}).T("login.title"); got != "登录" {
		t.Errorf("zh login.title = %q", got)
	}
	// The fallback for an undrafted key: remove one entry from a copy of the lookup.
	key := "notifications.empty"
	text := hantMessages[key]
	delete(hantMessages, key)
	defer func() { hantMessages[key] = text }()
	if got := hant.T(key); got != store.ToTraditional(catalogue[key].zh) || strings.Contains(got, "没") {
		t.Errorf("undrafted key in zh-Hant = %q", got)
	}
	if drafts := HantDrafts(); len(drafts) != 1 || drafts[0].Key != key || !strings.Contains(drafts[0].Draft, "目前沒有") {
		t.Errorf("HantDrafts = %+v, want one draft for %s using the glossary's 目前沒有", drafts, key)
	}
}

func TestHantFormatsAndLang(t *testing.T) {
	hant, zh, en := Locale{store.LangHant}, Locale{store.LangZH}, Locale{store.LangEN}
	d := store.Day(mustDate(t, "2026-03-05"))
	if got := hant.Date(d); got != "2026年3月5日" {
		t.Errorf("zh-Hant date = %q", got)
	}
	if got := hant.Num(1234567); got != "1,234,567" {
		t.Errorf("zh-Hant number = %q", got)
	}
	if hant.HTMLLang() != "zh-Hant" || zh.HTMLLang() != "zh-Hans" || en.HTMLLang() != "en" {
		t.Errorf("html lang: %s %s %s", hant.HTMLLang(), zh.HTMLLang(), en.HTMLLang())
	}
	ctx := WithLocale(context.Background(), hant)
	if !L(ctx).Chinese() || T(ctx, "nav.home") != "首頁" {
		t.Errorf("zh-Hant context: %q", T(ctx, "nav.home"))
	}
}

// A sentence joined to the next with " · " loses its full stop ("90 天 · …", not
// "90 天。 · …").
func TestClause(t *testing.T) {
	zh := Locale{store.LangZH}
	rule := zh.T("checks.rule_text", "正式员工", "90")
	if !strings.HasSuffix(rule, "。") || strings.HasSuffix(Clause(rule), "。") {
		t.Errorf("Clause(%q) = %q", rule, Clause(rule))
	}
	if got := Clause("At least 90 days."); got != "At least 90 days" {
		t.Errorf("Clause in English = %q", got)
	}
}
