package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OutboxKeep is how long sent (and dropped) chat deliveries and sent emails stay in their
// outboxes, for the delivery log and support questions; housekeeping deletes older ones.
// Queued and failed ones stay whatever their age: they still need sending or an admin.
const OutboxKeep = 90 * 24 * time.Hour

// PruneOutboxes deletes channel deliveries sent or dropped, and emails sent, more than
// OutboxKeep ago, and returns how many rows went. Housekeeping runs it hourly.
func (s *Store) PruneOutboxes(ctx context.Context) (int64, error) {
	before := s.now().UTC().Add(-OutboxKeep).Format(time.RFC3339)
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			"DELETE FROM channel_deliveries WHERE created_at < ? AND status IN ('sent', 'dropped')",
			"DELETE FROM email_outbox WHERE created_at < ? AND status = 'sent'",
		} {
			res, err := tx.ExecContext(ctx, q, before)
			if err != nil {
				return fmt.Errorf("store: prune outboxes: %w", err)
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	return n, err
}
