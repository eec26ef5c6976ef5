package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

func recognitionInternalStore(t *testing.T) (*Store, int64) {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "t.db"), WithClock(func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []PersonInput{{EmployeeID: "N", Name: "New Hire", Tier: TierFrontLine, Role: RoleEmployee,
		EmploymentType: EmploymentPermanent, HiredOn: "2026-11-01"}}, 0); err != nil {
		t.Fatal(err)
	}
	p, err := s.PersonByEmployeeID(ctx, "N")
	if err != nil {
		t.Fatal(err)
	}
	return s, p.ID
}

func recognitionSystemAwards(t *testing.T, s *Store, personID int64, key string) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM recognitions r JOIN recognition_recipients rr ON rr.recognition_id = r.id
		JOIN badges b ON b.id = r.badge_id WHERE rr.person_id = ? AND b.system_key = ? AND r.source = 'system'`, personID, key).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// System badges come only from success: passing the onboarding course, showing understanding.
func TestRecognitionSystemBadgesOnlyOnSuccess(t *testing.T) {
	s, id := recognitionInternalStore(t)
	ctx := context.Background()
	call := func(fn func(tx *sql.Tx) error) {
		if err := s.inTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	// Passing a course that is not the onboarding course earns nothing.
	call(func(tx *sql.Tx) error { return s.coursePassed(ctx, tx, id, 7, false) })
	if n := recognitionSystemAwards(t, s, id, BadgeOnboarding); n != 0 {
		t.Fatalf("onboarding badge for a non-onboarding course: %d", n)
	}
	call(func(tx *sql.Tx) error { return s.coursePassed(ctx, tx, id, 1, true) })
	call(func(tx *sql.Tx) error { return s.coursePassed(ctx, tx, id, 1, true) })
	if n := recognitionSystemAwards(t, s, id, BadgeOnboarding); n != 1 {
		t.Fatalf("onboarding badge awarded %d times, want 1", n)
	}
	call(func(tx *sql.Tx) error { return s.understandingDemonstrated(ctx, tx, 3, id) })
	call(func(tx *sql.Tx) error { return s.understandingDemonstrated(ctx, tx, 4, id) })
	if n := recognitionSystemAwards(t, s, id, BadgeStrategyUnderstood); n != 1 {
		t.Fatalf("strategy badge awarded %d times, want 1", n)
	}
}

// A retired system badge is not awarded; bringing it back awards it retroactively.
func TestRecognitionRetiredSystemBadgeAndRetroactiveAward(t *testing.T) {
	s, id := recognitionInternalStore(t)
	ctx := context.Background()
	b, err := badgeWhere(ctx, s.db, "b.system_key = ?", BadgeOnboarding)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBadgeRetired(ctx, 0, b.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.coursePassed(ctx, tx, id, 1, true) }); err != nil {
		t.Fatal(err)
	}
	if n := recognitionSystemAwards(t, s, id, BadgeOnboarding); n != 0 {
		t.Fatalf("retired badge awarded %d times", n)
	}
	if err := s.SetBadgeRetired(ctx, 0, b.ID, false); err != nil {
		t.Fatal(err)
	}
	// Retroactive award for completions that already exist (the lead wires the query).
	if err := s.AwardSystemBadgeTo(ctx, []int64{id, id}, BadgeOnboarding); err != nil {
		t.Fatal(err)
	}
	if n := recognitionSystemAwards(t, s, id, BadgeOnboarding); n != 1 {
		t.Fatalf("retroactive award %d, want 1", n)
	}
}
