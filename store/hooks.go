package store

import (
	"context"
	"database/sql"
)

// Success hooks: areas that record a success call these inside the transaction that
// records it, so the recognition area can award its system badges. The recognition
// area owns the bodies; callers never need to know what happens.

// coursePassed is called when personID passes courseID for the first time
// (onboarding tells whether it is the onboarding course). Only passing the onboarding
// course earns the onboarding badge; awarding is idempotent.
func (s *Store) coursePassed(ctx context.Context, tx *sql.Tx, personID, courseID int64, onboarding bool) error {
	if !onboarding {
		return nil
	}
	return s.awardSystemBadge(ctx, tx, personID, BadgeOnboarding, "")
}

// understandingDemonstrated is called when personID first demonstrates understanding in
// strategy check checkID (a passed, fully accepted attempt or an "understood" interview).
// The badge is earned once per person, whichever check showed it first.
func (s *Store) understandingDemonstrated(ctx context.Context, tx *sql.Tx, checkID, personID int64) error {
	return s.awardSystemBadge(ctx, tx, personID, BadgeStrategyUnderstood, "")
}
