package handlers_test

import (
	"context"
	"encoding/json"
	"testing"

	"lodestar/store"
	"lodestar/views"
)

// auditLog is the newest n events as the English audit log reads them, with the actor:
// "who | what", newest first.
func auditLog(t *testing.T, app *testApp, n int) []string {
	t.Helper()
	events, names, err := app.store.ListEvents(context.Background(), 0, n)
	if err != nil {
		t.Fatal(err)
	}
	ctx := views.WithLocale(context.Background(), views.Locale{Lang: "en"})
	var out []string
	for _, e := range events {
		out = append(out, views.ActorText(ctx, e.Actor, names)+" | "+views.EventText(ctx, e, names))
	}
	return out
}

// eventsJSON is the newest n events' arguments as stored, for "never holds a secret" checks.
func eventsJSON(t *testing.T, app *testApp, n int) string {
	t.Helper()
	events, _, err := app.store.ListEvents(context.Background(), 0, n)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(events)
	return string(b)
}

// notificationTexts are a person's notifications in English, newest first.
func notificationTexts(t *testing.T, app *testApp, personID int64) []string {
	t.Helper()
	list, names, err := app.store.ListNotifications(context.Background(), personID, 50)
	if err != nil {
		t.Fatal(err)
	}
	ctx := views.WithLocale(context.Background(), views.Locale{Lang: "en"})
	var out []string
	for _, n := range list {
		out = append(out, views.NotificationText(ctx, n, names)+" → "+views.EventLink(n.Event, names))
	}
	return out
}

// countEvents counts events of one key.
func countEvents(t *testing.T, app *testApp, key store.EventKey) int {
	t.Helper()
	var n int
	if err := app.store.DB().QueryRow("SELECT count(*) FROM events WHERE key = ?", key).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
