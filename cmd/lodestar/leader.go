package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// backgroundLease names the lease whose holder runs the background work.
const backgroundLease = "background"

// newHolderID names this process among the app servers: host, process id and a random part
// (two containers can share a host name and a process id).
func newHolderID() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "unknown"
	}
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
}

// leaseStore is what the leader needs of the store (tests wrap the real store to make a
// renewal hang, as a lost database connection would).
type leaseStore interface {
	ClaimLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// leader keeps the background lease for this process and runs the background work only
// while it holds it, so that with several app servers the work runs on exactly one.
type leader struct {
	st     leaseStore
	holder string
	ttl    time.Duration
	log    *slog.Logger
}

// run claims or renews the lease every third of its ttl (two renewals can fail before it
// lapses). While it is held, work runs with a context that ends when a renewal is refused
// or fails, when the lease runs out unrenewed (a renewal that hangs: by then another server
// may have taken over), or when ctx ends; run then waits for work to return. When ctx ends
// the lease is released, so another server takes over at its next claim rather than after
// the expiry. A server that dies without releasing is replaced within ttl plus ttl/3.
func (l *leader) run(ctx context.Context, work func(context.Context)) {
	tick := time.NewTicker(l.ttl / 3)
	defer tick.Stop()
	var stop context.CancelFunc
	var done chan struct{}
	var watchdog *time.Timer // ends the work when the lease runs out unrenewed
	start := func() (context.CancelFunc, chan struct{}) {
		workCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); work(workCtx) }()
		return cancel, done
	}
	halt := func() {
		if stop != nil {
			watchdog.Stop()
			stop()
			<-done
			stop = nil
		}
	}
	for {
		begun := time.Now()
		claimCtx, cancel := context.WithTimeout(ctx, l.ttl/3)
		held, err := l.st.ClaimLease(claimCtx, backgroundLease, l.holder, l.ttl)
		cancel()
		if err != nil && ctx.Err() == nil {
			l.log.Error("claiming the background lease", "err", err)
		}
		left := l.ttl - time.Since(begun) // the lease's time left, at the most
		switch {
		case held && stop != nil && watchdog.Stop():
			watchdog.Reset(left) // renewed in time: the work goes on
		case held:
			halt() // not running yet, or stopped by the watchdog
			l.log.Info("holding the background lease: running background work here", "holder", l.holder)
			stop, done = start()
			cancelWork := stop
			watchdog = time.AfterFunc(left, func() {
				l.log.Warn("the background lease ran out unrenewed: background work stops here", "holder", l.holder)
				cancelWork()
			})
		case stop != nil && ctx.Err() == nil:
			l.log.Warn("lost the background lease: background work stops here", "holder", l.holder)
			halt()
		}
		select {
		case <-ctx.Done():
			halt()
			releaseCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			if err := l.st.ReleaseLease(releaseCtx, backgroundLease, l.holder); err != nil {
				l.log.Error("releasing the background lease", "err", err)
			}
			cancel()
			return
		case <-tick.C:
		}
	}
}

// all runs every fn with ctx and returns when all have returned.
func all(ctx context.Context, fns ...func(context.Context)) {
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Go(func() { fn(ctx) })
	}
	wg.Wait()
}
