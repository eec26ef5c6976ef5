package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// DefaultReviewDays is the review time promised before enough reviews have been done to
// measure it.
const DefaultReviewDays = 2

// TypicalReviewDays is how long a written training answer usually waits for its review: the
// median, in whole days rounded up (at least 1), of the last 200 reviews in the past 90
// days; DefaultReviewDays when fewer than 5 were done. The learner is told this, not a promise
// nobody measured.
func (s *Store) TypicalReviewDays(ctx context.Context) (int, error) {
	since := s.now().UTC().AddDate(0, 0, -90).Format(time.RFC3339)
	rows, err := s.db.QueryContext(ctx, `SELECT julianday(x.reviewed_at) - julianday(a.submitted_at)
		FROM attempt_answers x JOIN attempts a ON a.id = x.attempt_id
		WHERE x.reviewed_at >= ? AND a.submitted_at IS NOT NULL
		ORDER BY x.reviewed_at DESC LIMIT 200`, since)
	if err != nil {
		return 0, fmt.Errorf("store: review time: %w", err)
	}
	defer rows.Close()
	var days []float64
	for rows.Next() {
		var d float64
		if err := rows.Scan(&d); err != nil {
			return 0, fmt.Errorf("store: review time: %w", err)
		}
		days = append(days, d)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: review time: %w", err)
	}
	if len(days) < 5 {
		return DefaultReviewDays, nil
	}
	slices.Sort(days)
	return max(1, int(math.Ceil(days[len(days)/2]))), nil
}
