package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"lodestar/store"
)

// twoServers opens two stores on one database file, as two app servers would, both on
// the same controllable clock.
func twoServers(t *testing.T, c *clock) (*store.Store, *store.Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shared.db")
	var out [2]*store.Store
	for i := range out {
		s, err := store.Open(path, store.WithClock(c.now))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out[0], out[1]
}

func claim(t *testing.T, s *store.Store, holder string, ttl time.Duration) bool {
	t.Helper()
	ok, err := s.ClaimLease(context.Background(), "background", holder, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func holderOf(t *testing.T, s *store.Store) string {
	t.Helper()
	l, err := s.LeaseHolder(context.Background(), "background")
	if errors.Is(err, store.ErrNotFound) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return l.Holder
}

// TestLeaseOneHolderAtATime: while A's lease runs, B's claims fail (and do not move the
// expiry), A's renewals succeed and push the expiry on, so A keeps it past its first term.
func TestLeaseOneHolderAtATime(t *testing.T) {
	c := newClock()
	a, b := twoServers(t, c)
	ttl := 30 * time.Second
	if !claim(t, a, "A", ttl) {
		t.Fatal("A could not take a free lease")
	}
	if claim(t, b, "B", ttl) {
		t.Fatal("B took the lease A holds")
	}
	for range 5 { // renewing every 10 s keeps it for 50 s, past the first 30 s
		c.advance(10 * time.Second)
		if !claim(t, a, "A", ttl) {
			t.Fatal("A could not renew its own lease")
		}
		if claim(t, b, "B", ttl) {
			t.Fatalf("B took the lease A renewed, at %s", c.now())
		}
	}
	l, err := b.LeaseHolder(context.Background(), "background")
	if err != nil {
		t.Fatal(err)
	}
	if l.Holder != "A" || !l.ExpiresAt.Equal(c.now().Add(ttl)) {
		t.Fatalf("lease %+v, want A until %s", l, c.now().Add(ttl))
	}
}

// TestLeaseTakeoverAfterExpiry: when the holder stops renewing (it died), another server
// gets the lease once it expires and not a moment before; the old holder cannot then
// renew its way back.
func TestLeaseTakeoverAfterExpiry(t *testing.T) {
	c := newClock()
	a, b := twoServers(t, c)
	ttl := 30 * time.Second
	if !claim(t, a, "A", ttl) {
		t.Fatal("A could not take a free lease")
	}
	c.advance(ttl - time.Millisecond)
	if claim(t, b, "B", ttl) {
		t.Fatal("B took the lease before it expired")
	}
	c.advance(time.Millisecond)
	if !claim(t, b, "B", ttl) {
		t.Fatal("B could not take the expired lease")
	}
	if claim(t, a, "A", ttl) {
		t.Fatal("A renewed a lease B had taken over")
	}
	if got := holderOf(t, a); got != "B" {
		t.Fatalf("holder %q, want B", got)
	}
}

// TestLeaseReleaseHandsOver: a clean shutdown releases the lease and the other server
// takes it at once; releasing a lease one does not hold changes nothing.
func TestLeaseReleaseHandsOver(t *testing.T) {
	c := newClock()
	a, b := twoServers(t, c)
	ctx := context.Background()
	ttl := time.Hour
	if !claim(t, a, "A", ttl) {
		t.Fatal("A could not take a free lease")
	}
	if err := b.ReleaseLease(ctx, "background", "B"); err != nil {
		t.Fatal(err)
	}
	if got := holderOf(t, a); got != "A" {
		t.Fatalf("B's release of a lease it does not hold left holder %q, want A", got)
	}
	if err := a.ReleaseLease(ctx, "background", "A"); err != nil {
		t.Fatal(err)
	}
	if !claim(t, b, "B", ttl) {
		t.Fatal("B could not take the lease A released")
	}
}

// TestLeaseConcurrentClaimsOneWinner: many claimers at the same instant on a free lease,
// half through each server: exactly one wins.
func TestLeaseConcurrentClaimsOneWinner(t *testing.T) {
	c := newClock()
	a, b := twoServers(t, c)
	var mu sync.Mutex
	var winners []string
	var wg sync.WaitGroup
	for i := range 16 {
		s, holder := a, "A"
		if i%2 == 1 {
			s, holder = b, "B"
		}
		holder += string(rune('a' + i))
		wg.Go(func() {
			ok, err := s.ClaimLease(context.Background(), "background", holder, time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				mu.Lock()
				winners = append(winners, holder)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("winners %v, want exactly one", winners)
	}
	if got := holderOf(t, a); got != winners[0] {
		t.Fatalf("recorded holder %q, winner %q", got, winners[0])
	}
}

// TestJobSlotClaimedOnce: a slot is claimed once across servers (and by a restarted
// server); the next slot is free again; runs are listed with who ran them.
func TestJobSlotClaimedOnce(t *testing.T) {
	c := newClock()
	a, b := twoServers(t, c)
	ctx := context.Background()
	first := func(s *store.Store, slot, holder string) bool {
		t.Helper()
		ok, err := s.ClaimJobSlot(ctx, "hourly", slot, holder)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !first(a, "2026-11-23T09", "A") {
		t.Fatal("A could not claim a free slot")
	}
	if first(b, "2026-11-23T09", "B") || first(a, "2026-11-23T09", "A2") {
		t.Fatal("a claimed slot was claimed again")
	}
	if !first(b, "2026-11-23T10", "B") {
		t.Fatal("B could not claim the next slot")
	}
	runs, err := a.JobRuns(ctx, "hourly")
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Holder != "A" || runs[1].Holder != "B" || runs[0].Slot != "2026-11-23T09" {
		t.Fatalf("runs %+v, want 09 by A and 10 by B", runs)
	}
	// A month on, claiming a new slot forgets the old ones.
	c.advance(31 * 24 * time.Hour)
	if !first(a, "2026-12-24T09", "A") {
		t.Fatal("A could not claim a slot a month on")
	}
	if runs, _ := a.JobRuns(ctx, "hourly"); len(runs) != 1 {
		t.Fatalf("after a month %d runs kept, want 1", len(runs))
	}
}
