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
