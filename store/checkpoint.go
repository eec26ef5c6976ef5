package store

import (
	"context"
	"time"
)

// Checkpoints run beside the requests, not inside them. SQLite's WAL keeps every commit in a
// log until a checkpoint copies it into the database file; by default the connection whose
// commit takes the log past 1,000 pages does that copy itself before its statement returns.
// Under 32 award writers at 100,000 people that was about one award in a hundred waiting
// for a checkpoint: the award form's p99. Every connection is opened with
// wal_autocheckpoint(0) (the DSN, store.go) and this loop checkpoints instead, PASSIVE (it
// never waits for a reader or blocks a writer), every checkpointEvery: in seven rounds
// alternating with the build before, awards a second (median) 940 → 1,181 and p99 130 →
// 117 ms, better in six rounds of seven (docs/performance.md, seventeenth pass). The log
// stays bounded as before: each writer that starts after a complete checkpoint writes it
// from its beginning again.

// checkpointEvery is how often the WAL is checkpointed; under the heaviest award load about
// as many pages as the default 1,000-page threshold build up in between.
const checkpointEvery = 100 * time.Millisecond

// checkpoints runs until stop is closed, then closes done.
func (s *Store) checkpoints(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
			// A busy checkpoint (another process's) or a closed pool is tried again on the
			// next tick; nothing here is the caller's to report.
			s.db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
		}
	}
}
