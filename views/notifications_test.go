package views

import (
	"context"
	"strings"
	"testing"
	"time"

	"lodestar/store"
)

// Dates in a notification read the reader's way, not as stored.
func TestNotificationDatesReadInTheReadersLanguage(t *testing.T) {
	check := store.Ref{Kind: store.RefCheck, ID: 3}
	closes := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	n := store.Notification{Event: store.Event{Key: store.EventCheckOpen, Subject: check, Args: []store.Arg{store.DateArg(closes)}}}
	names := store.Names{check: {EN: "Q4 strategy check"}}
	en := NotificationText(WithLocale(context.Background(), Locale{Lang: "en"}), n, names)
	zh := NotificationText(WithLocale(context.Background(), Locale{Lang: "zh"}), n, names)
	if want := "The strategy check “Q4 strategy check” is open until 2 Dec 2026"; !strings.HasPrefix(en, want) {
		t.Errorf("en: %q", en)
	}
	if want := "2026年12月2日"; !strings.Contains(zh, want) {
		t.Errorf("zh: %q lacks %q", zh, want)
	}
}

// A course title is read in the reader's language, as it is now, falling back to the other.
func TestNotificationCourseTitleInTheReadersLanguage(t *testing.T) {
	course := store.Ref{Kind: store.RefCourse, ID: 7}
	n := store.Notification{Event: store.Event{Key: store.EventTrainingReviewed, Subject: store.Ref{Kind: store.RefAttempt, ID: 9},
		Args: []store.Arg{store.RefArg(store.RefCourse, 7), store.Code("event.result.", "passed"), store.Num(80)}}}
	names := store.Names{course: {EN: "Our culture and values", ZH: "我们的文化与价值观"}}
	zh := NotificationText(WithLocale(context.Background(), Locale{Lang: "zh"}), n, names)
	en := NotificationText(WithLocale(context.Background(), Locale{Lang: "en"}), n, names)
	if !strings.Contains(zh, "我们的文化与价值观") || strings.Contains(zh, "Our culture") || !strings.Contains(zh, "已通过") {
		t.Errorf("zh: %q", zh)
	}
	if !strings.Contains(en, "Our culture and values") || strings.Contains(en, "我们") || !strings.Contains(en, "passed with 80%") {
		t.Errorf("en: %q", en)
	}
	names[course] = store.Name{EN: "Complaints"}
	if zh := NotificationText(WithLocale(context.Background(), Locale{Lang: "zh"}), n, names); !strings.Contains(zh, "Complaints") {
		t.Errorf("fallback: %q", zh)
	}
	// A course deleted since says so instead of showing nothing.
	delete(names, course)
	names[course] = store.Name{Gone: true}
	if en := NotificationText(WithLocale(context.Background(), Locale{Lang: "en"}), n, names); !strings.Contains(en, "course #7 (deleted)") {
		t.Errorf("deleted course: %q", en)
	}
}
