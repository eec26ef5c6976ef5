package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"lodestar/store"
)

// TestSchedulerClosesDueChecksOnTheInjectedClock: the scheduler is what closes a check once
// its closing date has passed (pages no longer do: handlers' TestGetWritesNothing), judged by
// the store's clock; the minute run leaves badges to the hourly one, which awards them.
func TestSchedulerClosesDueChecksOnTheInjectedClock(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"), store.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if err := st.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	openChecks := func() int {
		var n int
		if err := st.DB().QueryRow(`SELECT count(*) FROM checks WHERE status = 'open'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	systemAwards := func() int {
		var n int
		if err := st.DB().QueryRow(`SELECT count(*) FROM recognitions WHERE idempotency_key LIKE 'system:%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if openChecks() != 1 {
		t.Fatalf("demo: %d open checks, want 1", openChecks())
	}
	scheduledWork(ctx, st, logger, true)
	if openChecks() != 1 {
		t.Fatal("the scheduler closed a check before its closing date")
	}
	awards := systemAwards()

	// A year on: the open check's closing date has passed and tenure anniversaries have come.
	now = now.AddDate(1, 0, 0)
	scheduledWork(ctx, st, logger, false)
	if got := openChecks(); got != 0 {
		t.Fatalf("after the minute run a year on: %d open checks, want 0", got)
	}
	if got := systemAwards(); got != awards {
		t.Fatalf("the minute run awarded badges (%d → %d): that is the hourly run's work", awards, got)
	}
	scheduledWork(ctx, st, logger, true)
	if got := systemAwards(); got <= awards {
		t.Fatalf("after the hourly run a year on: %d system awards, want more than %d", got, awards)
	}
}

// The hourly run calls the jobs it is given (the weekly digests); the minute run does not.
func TestSchedulerRunsHourlyJobs(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	runs := 0
	digests := job{"counting", func(context.Context) (int, error) { runs++; return 0, nil }}
	scheduledWork(ctx, st, logger, false, digests)
	if runs != 0 {
		t.Fatalf("the minute run ran the hourly job %d times", runs)
	}
	scheduledWork(ctx, st, logger, true, digests)
	if runs != 1 {
		t.Fatalf("the hourly run ran the job %d times, want 1", runs)
	}
}
