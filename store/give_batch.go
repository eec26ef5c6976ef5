package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
)

// Group commit for awards. SQLite has one writer, and each award's own transaction pays the
// write lock, the commit and the WAL appends of the same few hot pages (the recognitions
// table's last page, its indexes, the allowance counter). Concurrent awards therefore queue
// here and the first in line writes everything queued in ONE transaction, each award under
// its own savepoint: an award that fails (the allowance taken since its check) is rolled back
// alone. If the batch's transaction fails as a whole (its commit, or an error a savepoint
// cannot contain), nothing of it is stored and each award is written again in a transaction
// of its own, so one bad award cannot fail its neighbours; no one is told "saved" before the
// commit that holds their award.
// No goroutine of its own: the caller at the head of the queue does the writing, then hands
// the lead to the next one waiting.

// maxGiveBatch bounds one transaction, so the leader's own request is not held up for long.
const maxGiveBatch = 64

// giveQueue is the store's queue of awards waiting for the writer.
type giveQueue struct {
	mu      sync.Mutex
	waiting []*pendingGive
	writing bool // a leader is writing; newcomers wait for it

	transactions atomic.Int64 // write transactions the awards took (batches and retries alone)
}

// pendingGive is one checked award waiting to be written, and then its outcome.
type pendingGive struct {
	ctx  context.Context
	plan givePlan
	key  string

	lead chan struct{} // closed when this award's caller is to write the next batch
	done chan struct{} // closed when the outcome below is final

	id      int64
	created bool
	err     error
}

// writeGiveQueued writes a checked award together with those queued beside it and returns
// its outcome once the transaction that holds it has committed (or failed).
func (s *Store) writeGiveQueued(ctx context.Context, plan givePlan, key string) (int64, bool, error) {
	p := &pendingGive{ctx: ctx, plan: plan, key: key, lead: make(chan struct{}), done: make(chan struct{})}
	q := &s.gives
	q.mu.Lock()
	q.waiting = append(q.waiting, p)
	leads := !q.writing
	q.writing = true
	q.mu.Unlock()
	if !leads {
		// No ctx.Done here: once queued, the award is written or not by the batch, and the
		// caller must learn which (the batch skips it if ctx ended before it starts).
		select {
		case <-p.done:
			return p.id, p.created, p.err
		case <-p.lead:
		}
	}
	// p is now first in line: write a batch (p's included), then pass the lead on.
	q.mu.Lock()
	n := min(len(q.waiting), maxGiveBatch)
	batch := q.waiting[:n:n]
	q.waiting = q.waiting[n:]
	q.mu.Unlock()

	s.writeGiveBatch(batch)

	q.mu.Lock()
	if len(q.waiting) == 0 {
		q.writing = false
	} else {
		close(q.waiting[0].lead)
	}
	q.mu.Unlock()
	return p.id, p.created, p.err
}

// writeGiveBatch writes the batch in one transaction, one savepoint per award, and closes
// each award's done channel with its outcome.
func (s *Store) writeGiveBatch(batch []*pendingGive) {
	defer func() {
		for _, p := range batch {
			close(p.done)
		}
	}()
	// The transaction belongs to the whole batch: one caller leaving must not abort the others.
	ctx := context.WithoutCancel(batch[0].ctx)
	s.gives.transactions.Add(1)
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range batch {
			if err := p.ctx.Err(); err != nil {
				p.err = err // the caller left before its award was written: nothing written
				continue
			}
			if _, err := tx.ExecContext(ctx, "SAVEPOINT give"); err != nil {
				return fmt.Errorf("store: give: %w", err)
			}
			p.id, p.created, p.err = s.writeGiveOnce(ctx, tx, p.plan, p.key)
			if p.err != nil {
				if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT give"); err != nil {
					return fmt.Errorf("store: give: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT give"); err != nil {
				return fmt.Errorf("store: give: %w", err)
			}
		}
		return nil
	})
	if err == nil {
		return
	}
	// Nothing of the batch is stored. Alone, an award fails only for its own reason.
	for _, p := range batch {
		p.id, p.created, p.err = 0, false, err
		if len(batch) == 1 || p.ctx.Err() != nil {
			continue
		}
		s.gives.transactions.Add(1)
		p.err = s.inTx(p.ctx, func(tx *sql.Tx) error {
			var err error
			p.id, p.created, err = s.writeGiveOnce(p.ctx, tx, p.plan, p.key)
			return err
		})
		if p.err != nil {
			p.id, p.created = 0, false
		}
	}
}

// writeGiveOnce writes one award inside the batch's transaction, unless its idempotency key
// already made one (a replayed submit, perhaps earlier in the same batch).
func (s *Store) writeGiveOnce(ctx context.Context, tx *sql.Tx, plan givePlan, key string) (int64, bool, error) {
	if id, ok, err := s.recognitionByKey(ctx, tx, key); ok || err != nil {
		return id, false, err
	}
	id, err := s.writeGive(ctx, tx, plan, key)
	return id, err == nil, err
}
