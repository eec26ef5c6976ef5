package store_test

import (
	"context"
	"encoding/json"
	"testing"

	"lodestar/store"
)

// eventLog returns the newest n events, newest first.
func eventLog(t testing.TB, s *store.Store, n int) []store.Event {
	t.Helper()
	events, _, err := s.ListEvents(context.Background(), 0, n)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// argsJSON is an event's arguments as stored, for "never holds X" checks.
func argsJSON(e store.Event) string {
	b, _ := json.Marshal(e.Args)
	return string(b)
}

// notificationKeys lists a person's notifications' event keys, newest first.
func notificationKeys(t testing.TB, s *store.Store, personID int64) []store.EventKey {
	t.Helper()
	list, _, err := s.ListNotifications(context.Background(), personID, 50)
	if err != nil {
		t.Fatal(err)
	}
	var keys []store.EventKey
	for _, n := range list {
		keys = append(keys, n.Event.Key)
	}
	return keys
}
