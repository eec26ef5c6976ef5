package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"lodestar/store"
)

// Housekeeping deletes sent and dropped chat deliveries and sent emails older than 90 days;
// recent ones, and queued or failed ones of any age, stay.
func TestPruneOutboxes(t *testing.T) {
	c := newClock()
	s := mustOpenStore(t, c)
	ctx := context.Background()
	channel, err := s.CreateChannel(ctx, 0, store.ChannelInput{Kind: store.ChannelGeneric, Name: "Hook", URL: "https://hooks.example/x",
		Events: []string{"recognition.given"}, Enabled: true})
	if err != nil {
		t.Fatal(err)
	}
	status := func(event int64) string {
		var st string
		if err := s.DB().QueryRow("SELECT status FROM channel_deliveries WHERE event_id = ?", event).Scan(&st); err != nil {
			return "gone"
		}
		return st
	}
	deliveryID := func(event int64) int64 {
		var id int64
		if err := s.DB().QueryRow("SELECT id FROM channel_deliveries WHERE event_id = ?", event).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	enqueue := func(event int64) int64 {
		if err := s.EnqueueEventDelivery(ctx, channel, store.ChannelMessage{EventKey: "recognition.given", EventID: event, Title: "t"}); err != nil {
			t.Fatal(err)
		}
		return deliveryID(event)
	}
	emails := func() map[string]int {
		rows, err := s.DB().Query("SELECT subject, status FROM email_outbox")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var subject, st string
			rows.Scan(&subject, &st)
			out[subject+":"+st]++
		}
		return out
	}
	queueEmail := func(subject string) int64 {
		if err := s.QueueNotificationEmails(ctx, []store.Email{{To: "a@example.com", Language: "en", Subject: subject, Text: "x"}}, 0); err != nil {
			t.Fatal(err)
		}
		var id int64
		if err := s.DB().QueryRow("SELECT id FROM email_outbox WHERE subject = ?", subject).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}

	// 100 days ago: one of each fate.
	if err := s.DeliveryDone(ctx, enqueue(1), 200); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec("UPDATE channel_deliveries SET status = 'dropped' WHERE id = ?", enqueue(2)); err != nil {
		t.Fatal(err)
	}
	failed := enqueue(3)
	enqueue(4) // still queued (its channel paused, say)
	if err := s.EmailSent(ctx, queueEmail("old sent")); err != nil {
		t.Fatal(err)
	}
	queueEmail("old queued")
	c.advance(25 * time.Hour) // the failing delivery is given up after 24 hours
	if err := s.DeliveryRefused(ctx, failed, 500, errors.New("HTTP 500")); err != nil {
		t.Fatal(err)
	}
	// 5 days ago: a recent sent delivery and email.
	c.advance(95*24*time.Hour - 25*time.Hour)
	if err := s.DeliveryDone(ctx, enqueue(5), 200); err != nil {
		t.Fatal(err)
	}
	if err := s.EmailSent(ctx, queueEmail("recent sent")); err != nil {
		t.Fatal(err)
	}
	c.advance(5 * 24 * time.Hour)

	n, err := s.PruneOutboxes(ctx)
	if err != nil || n != 3 {
		t.Fatalf("pruned %d (%v), want 3: the old sent and dropped deliveries and the old sent email", n, err)
	}
	for event, want := range map[int64]string{1: "gone", 2: "gone", 3: "failed", 4: "queued", 5: "sent"} {
		if got := status(event); got != want {
			t.Errorf("delivery of event %d: %s, want %s", event, got, want)
		}
	}
	if got := emails(); got["old sent:sent"] != 0 || got["old queued:queued"] != 1 || got["recent sent:sent"] != 1 {
		t.Errorf("emails after pruning: %v", got)
	}
	if n, _ := s.PruneOutboxes(ctx); n != 0 {
		t.Errorf("a second prune deleted %d", n)
	}
}
