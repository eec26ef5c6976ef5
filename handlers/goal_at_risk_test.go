package handlers_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"lodestar/store"
)

// A check-in that turns a goal from on track to at risk records one goal.at_risk event and
// tells the owner's manager; further check-ins while it stays at risk record none; back on
// track, the next turn (to off track) records a new one. A channel receiving goal.at_risk
// for the owner's team gets each, natively; one for another department gets none.
func TestGoalAtRiskOnTheTurnOnly(t *testing.T) {
	w := recognitionSetup(t)
	app := w.app
	ctx := context.Background()
	if err := app.store.SetSetting(ctx, 0, store.SettingBaseURL, "https://lodestar.example"); err != nil {
		t.Fatal(err)
	}
	voice, chat := newReceiver(t, ""), newReceiver(t, "")
	addChannel(t, app, store.ChannelInput{Kind: store.ChannelGeneric, URL: voice.srv.URL + "/hook", Events: []string{"goal.at_risk"}, Team: "Voice 1"})
	addChannel(t, app, store.ChannelInput{Kind: store.ChannelGeneric, URL: chat.srv.URL + "/hook", Events: []string{"goal.at_risk"}, Department: "Chat"})
	h := worker(t, app, nil)
	if _, err := h.DispatchEvents(ctx); err != nil { // starts the cursor
		t.Fatal(err)
	}
	manager, _ := app.store.PersonByEmployeeID(ctx, "M")
	ann, _ := app.store.PersonByEmployeeID(ctx, "A")
	// 23 November: 22 of 60 days gone, so about 37% progress is expected.
	id, err := app.store.CreateGoal(ctx, manager, store.GoalInput{Title: "First-call resolution", Perspective: "customer", KPI: "FCR", Unit: "%",
		Direction: "higher", Baseline: "0", Target: "100", StartOn: "2026-11-01", DueOn: "2026-12-31", Owner: "person:A", Weight: "1"})
	if err != nil {
		t.Fatal(err)
	}
	events := func() int {
		return countRows(t, app.store, "SELECT count(*) FROM events WHERE key = 'goal.at_risk' AND subject_id = ?", id)
	}
	for _, step := range []struct {
		value  string
		status string
		events int
	}{
		{"40", store.StatusOnTrack, 0}, // from off track (no check-in yet) to on track: no event
		{"20", store.StatusAtRisk, 1},  // on track → at risk: one
		{"15", store.StatusAtRisk, 1},  // still at risk: none more
		{"40", store.StatusOnTrack, 1}, // back on track
		{"5", store.StatusOffTrack, 2}, // on track → off track: a new one
		{"4", store.StatusOffTrack, 2}, // still off track
	} {
		if err := app.store.AddCheckIn(ctx, ann, id, store.CheckInInput{Value: step.value}); err != nil {
			t.Fatal(err)
		}
		g, err := app.store.GoalByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if g.Status != step.status || events() != step.events {
			t.Fatalf("after checking in %s: status %s, %d events; want %s, %d", step.value, g.Status, events(), step.status, step.events)
		}
	}
	if got := countRows(t, app.store, `SELECT count(*) FROM notifications n JOIN events e ON e.id = n.event_id
		WHERE e.key = 'goal.at_risk' AND n.person_id = ?`, manager.ID); got != 2 {
		t.Errorf("the owner's manager got %d notifications, want 2", got)
	}
	if _, err := h.DispatchEvents(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := h.DeliverDueMessages(ctx); err != nil {
		t.Fatal(err)
	}
	if len(voice.got()) != 2 || len(chat.got()) != 0 {
		t.Fatalf("Voice 1 channel got %d, Chat channel %d; want 2, 0", len(voice.got()), len(chat.got()))
	}
	var first struct{ Event, Title, Text, Link string }
	if err := json.Unmarshal(voice.got()[0].body, &first); err != nil {
		t.Fatal(err)
	}
	if first.Event != "goal.at_risk" || first.Title != "Goal “First-call resolution”: At risk (was on track)" ||
		!strings.Contains(first.Text, "Owner: Ann Agent") || first.Link != "https://lodestar.example/goals/"+itoa(id) {
		t.Errorf("first delivery: %+v", first)
	}
	if !strings.Contains(string(voice.got()[1].body), "Off track") {
		t.Errorf("second delivery: %s", voice.got()[1].body)
	}
}
