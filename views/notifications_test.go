package views

import (
	"context"
	"testing"

	"lodestar/store"
)

// Dates in a notification read the reader's way, not as stored.
func TestNotificationDatesReadInTheReadersLanguage(t *testing.T) {
	n := store.Notification{Kind: "checks_opened", Args: []string{"Q4 strategy check", "2026-12-02"}}
	en := NotificationText(WithLocale(context.Background(), Locale{Lang: "en"}), n)
	zh := NotificationText(WithLocale(context.Background(), Locale{Lang: "zh"}), n)
	if want := "The strategy check “Q4 strategy check” is open until 2 Dec 2026"; len(en) < len(want) || en[:len(want)] != want {
		t.Errorf("en: %q", en)
	}
	if want := "2026年12月2日"; !contains([]string{zh}, zh) || !containsText(zh, want) {
		t.Errorf("zh: %q lacks %q", zh, want)
	}
}

func containsText(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// A course title travels in both languages and is read in the reader's.
func TestNotificationCourseTitleInTheReadersLanguage(t *testing.T) {
	n := store.Notification{Kind: "training_reviewed", Args: []string{store.BilingualArg("Our culture and values", "我们的文化与价值观")}}
	zh := NotificationText(WithLocale(context.Background(), Locale{Lang: "zh"}), n)
	en := NotificationText(WithLocale(context.Background(), Locale{Lang: "en"}), n)
	if !containsText(zh, "我们的文化与价值观") || containsText(zh, "Our culture") {
		t.Errorf("zh: %q", zh)
	}
	if !containsText(en, "Our culture and values") || containsText(en, "我们") {
		t.Errorf("en: %q", en)
	}
	// A course with no Chinese title falls back to the English one.
	n.Args = []string{store.BilingualArg("Complaints", "")}
	if zh := NotificationText(WithLocale(context.Background(), Locale{Lang: "zh"}), n); !containsText(zh, "Complaints") {
		t.Errorf("fallback: %q", zh)
	}
}
