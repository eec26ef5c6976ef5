package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/store/storetest"
)

// twoStores opens two stores on one database (a file, or a PostgreSQL database when
// LODESTAR_TEST_POSTGRES is set), as two app servers would, on one frozen clock: leases then
// never expire unless the test moves the clock.
func twoStores(t *testing.T, now func() time.Time) (*store.Store, *store.Store) {
	t.Helper()
	path := storetest.DB(t, "shared.db")
	var out [2]*store.Store
	for i := range out {
		s, err := store.Open(path, store.WithClock(now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out[0], out[1]
}

// TestLeaderRunsWorkOnOneServerAndHandsOver: of two servers, only the lease holder runs
// the background work; the other starts only after the holder shuts down (and released
// the lease), never while it runs; and a server whose lease is taken stops its work.
func TestLeaderRunsWorkOnOneServerAndHandsOver(t *testing.T) {
	frozen := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	stA, stB := twoStores(t, func() time.Time { return frozen })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	var mu sync.Mutex
	running, overlaps := 0, 0
	started := map[string]chan struct{}{"A": make(chan struct{}), "B": make(chan struct{})}
	stopped := map[string]chan struct{}{"A": make(chan struct{}), "B": make(chan struct{})}
	work := func(name string) func(context.Context) {
		return func(ctx context.Context) {
			mu.Lock()
			running++
			if running > 1 {
				overlaps++
			}
			mu.Unlock()
			close(started[name])
			<-ctx.Done()
			mu.Lock()
			running--
			mu.Unlock()
			close(stopped[name])
		}
	}
	const ttl = time.Second // long enough that a renewal on a loaded machine is in time
	a := &leader{st: stA, holder: "A", ttl: ttl, log: logger}
	b := &leader{st: stB, holder: "B", ttl: ttl, log: logger}
	ctxA, stopA := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	go func() { defer close(doneA); a.run(ctxA, work("A")) }()
	wait(t, started["A"], "A to start its work")

	ctxB, stopB := context.WithCancel(context.Background())
	defer stopB()
	doneB := make(chan struct{})
	go func() { defer close(doneB); b.run(ctxB, work("B")) }()
	time.Sleep(2 * ttl) // B claims several times meanwhile, and must be refused each time
	select {
	case <-started["B"]:
		t.Fatal("B started background work while A held the lease")
	default:
	}

	stopA() // a clean shutdown: A's work ends, the lease is released, B takes over
	<-doneA
	wait(t, stopped["A"], "A's work to stop")
	wait(t, started["B"], "B to take over after A released the lease")
	if l, err := stB.LeaseHolder(context.Background(), backgroundLease); err != nil || l.Holder != "B" {
		t.Fatalf("lease %+v, %v; want B", l, err)
	}

	// Someone else holds the lease now (B's renewals will be refused): B's work stops.
	if _, err := stA.DB().Exec("UPDATE leases SET holder = 'C' WHERE name = ?", backgroundLease); err != nil {
		t.Fatal(err)
	}
	wait(t, stopped["B"], "B's work to stop once its lease was taken")
	stopB()
	<-doneB
	if l, _ := stA.LeaseHolder(context.Background(), backgroundLease); l.Holder != "C" {
		t.Fatalf("B's shutdown released a lease it no longer held: holder %q", l.Holder)
	}
	mu.Lock()
	defer mu.Unlock()
	if overlaps != 0 {
		t.Fatalf("background work ran on two servers at once %d times", overlaps)
	}
}

func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("gave up waiting for %s", what)
	}
}

// TestHourlyWorkOncePerHourAcrossServers: two servers' scheduler passes in the same hour
// do the hourly work once between them (a restarted server too); in the next hour it
// runs again, on whichever comes first.
func TestHourlyWorkOncePerHourAcrossServers(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	stA, stB := twoStores(t, func() time.Time { return now })
	ctx := context.Background()
	if err := stA.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if !schedulerPass(ctx, stA, "A", logger) {
		t.Fatal("A's first pass did not do the hourly work")
	}
	now = now.Add(59 * time.Minute)
	if schedulerPass(ctx, stB, "B", logger) || schedulerPass(ctx, stA, "A-restarted", logger) {
		t.Fatal("the hourly work ran twice within one hour")
	}
	now = now.Add(time.Minute)
	if !schedulerPass(ctx, stB, "B", logger) {
		t.Fatal("B did not do the next hour's work")
	}
	if schedulerPass(ctx, stA, "A", logger) {
		t.Fatal("A did the hour B had done")
	}
	runs, err := stA.JobRuns(ctx, hourlyJob)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Holder != "A" || runs[1].Holder != "B" {
		t.Fatalf("hourly runs %+v, want 09 by A and 10 by B", runs)
	}
}

// TestBackupRefusesPostgresWithPgDumpGuidance: on PostgreSQL "lodestar backup" does not
// pretend: it names pg_dump, and does not echo the URL's password.
func TestBackupRefusesPostgresWithPgDumpGuidance(t *testing.T) {
	for _, db := range []string{"postgres://lodestar:s3cret@db.example:5432/lodestar", "postgresql://lodestar:s3cret@db/lodestar"} {
		_, _, err := cmdRun(t, nil, "backup", "--db", db, "out.dump")
		if err == nil || !strings.Contains(err.Error(), "pg_dump --format=custom --file=out.dump") || strings.Contains(err.Error(), "s3cret") {
			t.Fatalf("backup of %s: %v", db, err)
		}
		_, _, err = cmdRun(t, map[string]string{"LODESTAR_DB": db}, "backup", "out.dump")
		if err == nil || !strings.Contains(err.Error(), "pg_dump") {
			t.Fatalf("backup with LODESTAR_DB=%s: %v", db, err)
		}
	}
}

// TestScheduledWorkTwiceDoesNotDoubleItsEffects: the second line of defence. Should the
// lease and the hour's claim both fail, two servers doing the same hour's work still remind
// of a closing check once and award each system badge once.
func TestScheduledWorkTwiceDoesNotDoubleItsEffects(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	stA, stB := twoStores(t, func() time.Time { return now })
	ctx := context.Background()
	if err := stA.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	var closes string
	if err := stA.DB().QueryRow(`SELECT closes_on FROM checks WHERE status = 'open'`).Scan(&closes); err != nil {
		t.Fatal(err)
	}
	day, err := time.Parse(store.DateLayout, closes)
	if err != nil {
		t.Fatal(err)
	}
	now = day.AddDate(0, 0, -1).Add(9 * time.Hour) // the day before it closes: reminders are due
	count := func(query string) int {
		var n int
		if err := stA.DB().QueryRow(query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const reminders = `SELECT count(*) FROM events WHERE key = 'check.closing'`
	const awards = `SELECT count(*) FROM recognitions WHERE idempotency_key LIKE 'system:%'`
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	scheduledWork(ctx, stA, logger, true)
	gotReminders, gotAwards := count(reminders), count(awards)
	if gotReminders != 1 || gotAwards == 0 {
		t.Fatalf("after the first hourly run: %d closing reminders, want 1; %d system awards, want some", gotReminders, gotAwards)
	}
	scheduledWork(ctx, stB, logger, true)
	scheduledWork(ctx, stA, logger, true)
	if count(reminders) != gotReminders || count(awards) != gotAwards {
		t.Fatalf("running the hour's work again: reminders %d → %d, system awards %d → %d",
			gotReminders, count(reminders), gotAwards, count(awards))
	}
}

// stuckStore is the real store whose lease claims hang, ignoring their context, once stuck
// is set: a database connection lost in the middle of a renewal.
type stuckStore struct {
	*store.Store
	stuck   atomic.Bool
	release chan struct{}
}

func (s *stuckStore) ClaimLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	if s.stuck.Load() {
		<-s.release
		return false, errors.New("connection lost")
	}
	return s.Store.ClaimLease(ctx, name, holder, ttl)
}

// TestLeaderStopsWorkWhenItsLeaseRunsOutUnrenewed: a renewal that hangs does not keep the
// work running past the lease, when another server may already have taken over.
func TestLeaderStopsWorkWhenItsLeaseRunsOutUnrenewed(t *testing.T) {
	st, _ := twoStores(t, time.Now)
	stuck := &stuckStore{Store: st, release: make(chan struct{})}
	started, stopped := make(chan struct{}), make(chan struct{})
	l := &leader{st: stuck, holder: "A", ttl: time.Second, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	var runs atomic.Int32
	go func() {
		defer close(finished)
		l.run(ctx, func(ctx context.Context) {
			if runs.Add(1) > 1 {
				return // restarted after a slow renewal on a loaded machine: not this test's case
			}
			close(started)
			<-ctx.Done()
			close(stopped)
		})
	}()
	wait(t, started, "the work to start")
	stuck.stuck.Store(true)
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Error("the work kept running although its lease ran out unrenewed")
	}
	close(stuck.release)
	cancel()
	<-finished
}
