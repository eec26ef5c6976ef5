package store_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"lodestar/store"
)

// Content stored in English and Simplified Chinese: a Traditional reader gets the Chinese
// converted, and every reader falls back to the other language when theirs is empty.
func TestPickFallsBackTraditionalSimplifiedEnglish(t *testing.T) {
	cases := []struct{ lang, en, zh, want string }{
		{store.LangHant, "Customer first", "客户至上", "客戶至上"},
		{store.LangHant, "Settings", "设置网络", "設定網路"},
		{store.LangHant, "Only English", "", "Only English"},
		{store.LangHant, "", "只有中文", "只有中文"},
		{store.LangZH, "Customer first", "客户至上", "客户至上"},
		{store.LangZH, "Only English", "", "Only English"},
		{store.LangEN, "Customer first", "客户至上", "Customer first"},
		{store.LangEN, "", "客户至上", "客户至上"},
		{store.LangHant, "", "", ""},
	}
	for _, c := range cases {
		if got := store.Pick(c.lang, c.en, c.zh); got != c.want {
			t.Errorf("Pick(%s, %q, %q) = %q, want %q", c.lang, c.en, c.zh, got, c.want)
		}
	}
	// The types that carry bilingual content use the same rule.
	v := store.Value{NameEN: "Own it", NameZH: "主动担当"}
	if got := v.Name(store.LangHant); got != "主動擔當" {
		t.Errorf("Value.Name(zh-Hant) = %q", got)
	}
	if got := store.ArgIn("Badge\x1f徽章认证", store.LangHant); got != "徽章認證" {
		t.Errorf("ArgIn(zh-Hant) = %q", got)
	}
}

func TestNormalizeLanguageAndChoice(t *testing.T) {
	langs := map[string]string{
		"en": "en", "EN": "en", "en-GB": "en", "en_US": "en",
		"zh": "zh", "zh-CN": "zh", "zh-cn": "zh", "zh-SG": "zh", "zh-Hans": "zh", "ZH_HANS": "zh",
		"zh-TW": "zh-Hant", "zh-HK": "zh-Hant", "zh-MO": "zh-Hant", "zh-Hant": "zh-Hant", "zh-hant-tw": "zh-Hant",
		"": "", " fr ": "fr", "klingon!": "klingon!",
	}
	for in, want := range langs {
		if got := store.NormalizeLanguage(in); got != want {
			t.Errorf("NormalizeLanguage(%q) = %q, want %q", in, got, want)
		}
	}
	choices := map[string]string{
		"Front line": "front_line", "front-line": "front_line", "FRONT_LINE": "front_line",
		" Middle  Manager ": "middle_manager", "senior-leader": "senior_leader", "Permanent": "permanent",
		"front__line": "front_line", "frontline": "frontline",
	}
	for in, want := range choices {
		if got := store.NormalizeChoice(in); got != want {
			t.Errorf("NormalizeChoice(%q) = %q, want %q", in, got, want)
		}
	}
}

// HR exports spell enumerations and language tags their own way: the import accepts them
// and stores the canonical value; a value that is still wrong is refused with the
// allowed values listed.
func TestImportLenientEnumerationsStrictValues(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	people, err := store.ParsePeopleCSV(strings.NewReader(importHeader +
		"A1,,Agent One,,Inbound,A,,Front line,Employee,PERMANENT,2024-01-01,,zh-TW\n" +
		"A2,,Agent Two,,Inbound,A,,front-line,employee,Permanent,2024-01-01,,zh-CN\n" +
		"M1,,Manager,,Inbound,A,,MIDDLE_MANAGER,Manager,permanent,2020-01-01,,en-GB\n" +
		"A3,,Agent Three,,Inbound,A,,front_line,employee,permanent,2024-01-01,,zh-Hans\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPeople(ctx, 0, people, 2); err != nil {
		t.Fatal(err)
	}
	want := map[string][3]string{
		"A1": {"front_line", "employee", "zh-Hant"},
		"A2": {"front_line", "employee", "zh"},
		"M1": {"middle_manager", "manager", "en"},
		"A3": {"front_line", "employee", "zh"},
	}
	for id, w := range want {
		p, err := s.PersonByEmployeeID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.Tier != w[0] || p.Role != w[1] || p.Language != w[2] || p.EmploymentType != "permanent" {
			t.Errorf("%s stored as tier=%q role=%q lang=%q type=%q, want %v", id, p.Tier, p.Role, p.Language, p.EmploymentType, w)
		}
	}

	bad, err := store.ParsePeopleCSV(strings.NewReader(importHeader +
		"B1,,Bad One,,Inbound,A,,front line manager,boss,intern,2024-01-01,,fr-FR\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.UpsertPeople(ctx, 0, bad, 2)
	var verr *store.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("want a validation error, got %v", err)
	}
	allowed := map[string]string{
		"tier":            "front_line, middle_manager, senior_leader",
		"role":            strings.Join(store.Roles, ", "),
		"employment_type": strings.Join(store.EmploymentTypes, ", "),
		"language":        "en, zh, zh-Hant",
	}
	if len(verr.Problems) != len(allowed) {
		t.Fatalf("problems: %+v", verr.Problems)
	}
	for _, p := range verr.Problems {
		if p.Code != "invalid_choice" || p.Allowed != allowed[p.Field] {
			t.Errorf("%s: code %s, allowed %q, want %q", p.Field, p.Code, p.Allowed, allowed[p.Field])
		}
	}
	if n, _ := s.CountPeople(ctx); n != 4 {
		t.Errorf("a refused file wrote people: %d", n)
	}
}

// BenchmarkToTraditional: the cost a Traditional reader pays per content string shown,
// for a string seen before (memo) and for a new one (converted).
func BenchmarkToTraditional(b *testing.B) {
	short := "每次通话都把客户的问题当作自己的问题，一次解决到底"
	store.ToTraditional(short) // load the dictionaries outside the timing
	b.Run("seen", func(b *testing.B) {
		for b.Loop() {
			store.ToTraditional(short)
		}
	})
	b.Run("new", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			store.ToTraditional(short + strconv.Itoa(i))
		}
	})
}
