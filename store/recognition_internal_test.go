package store

import (
	"context"
	"database/sql"
	"fmt"
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

// The demo works for a large organisation too (the people demo grows to ~250) and stays fast.
func TestRecognitionDemoWithALargeOrganisation(t *testing.T) {
	s, _ := recognitionInternalStore(t)
	ctx := context.Background()
	in := []PersonInput{{EmployeeID: "leader", Name: "Leader", Tier: TierSeniorLeader, Role: RoleLeader, EmploymentType: EmploymentPermanent, HiredOn: "2020-01-01", Team: "Leads", Department: "Ops"}}
	for m := 0; m < 22; m++ {
		mid := fmt.Sprintf("m%02d", m)
		if m == 0 {
			mid = "manager"
		}
		in = append(in, PersonInput{EmployeeID: mid, Name: "Manager " + mid, Tier: TierMiddleManager, Role: RoleManager, EmploymentType: EmploymentPermanent,
			HiredOn: "2021-01-01", ManagerEmployeeID: "leader", Team: "Leads", Department: fmt.Sprintf("Dept %d", m%5)})
		for a := 0; a < 10; a++ {
			eid := fmt.Sprintf("a%02d-%d", m, a)
			if m == 0 && a == 0 {
				eid = "agent"
			}
			in = append(in, PersonInput{EmployeeID: eid, Name: "Agent " + eid, Tier: TierFrontLine, Role: RoleEmployee, EmploymentType: EmploymentPermanent,
				HiredOn: fmt.Sprintf("202%d-0%d-15", 3+a%3, 1+a%9), ManagerEmployeeID: mid, Team: fmt.Sprintf("Team %d", m), Department: fmt.Sprintf("Dept %d", m%5)})
		}
	}
	if _, err := s.UpsertPeople(ctx, 0, in, 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := s.inTx(ctx, func(tx *sql.Tx) error { return s.demoRecognition(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d people: demo in %v", len(in), time.Since(start))
	var n int
	s.db.QueryRow("SELECT count(*) FROM recognitions WHERE source != 'system'").Scan(&n)
	if n < 1400 || n > 1600 {
		t.Fatalf("%d recognitions, want about 1,500", n)
	}
	pairs, err := s.ReciprocalPairs(ctx, "")
	if err != nil || len(pairs) != 1 {
		t.Fatalf("pairs %d, %v", len(pairs), err)
	}
	m, _ := s.PersonByEmployeeID(ctx, "manager")
	f, _ := s.TeamFairness(ctx, m.ID)
	if len(f.Desert) != 3 {
		t.Fatalf("desert %d, want 3", len(f.Desert))
	}
}

// Bringing the onboarding badge back awards it to everyone who already passed the
// onboarding course, and to nobody who only passed another course.
func TestRecognitionOnboardingBadgeRetroactiveFromCompletions(t *testing.T) {
	s, id := recognitionInternalStore(t)
	ctx := context.Background()
	if _, err := s.UpsertPeople(ctx, 0, []PersonInput{{EmployeeID: "O", Name: "Other Course", Tier: TierFrontLine, Role: RoleEmployee,
		EmploymentType: EmploymentPermanent, HiredOn: "2026-11-01"}}, 0); err != nil {
		t.Fatal(err)
	}
	other, _ := s.PersonByEmployeeID(ctx, "O")
	for _, q := range []string{
		`INSERT INTO question_sets (id, created_at) VALUES (1, '2026-11-01T00:00:00Z'), (2, '2026-11-01T00:00:00Z')`,
		`INSERT INTO courses (id, key, created_at) VALUES (1, 'onboarding', '2026-11-01T00:00:00Z'), (2, NULL, '2026-11-01T00:00:00Z')`,
		`INSERT INTO course_revisions (id, course_id, number, question_set_id, created_at) VALUES (1, 1, 1, 1, '2026-11-01T00:00:00Z'), (2, 2, 1, 2, '2026-11-01T00:00:00Z')`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`INSERT INTO course_completions (person_id, course_id, revision_id, passed_at) VALUES (?, 1, 1, '2026-11-10T00:00:00Z'), (?, 2, 2, '2026-11-10T00:00:00Z')`,
		id, other.ID); err != nil {
		t.Fatal(err)
	}
	b, _ := badgeWhere(ctx, s.db, "b.system_key = ?", BadgeOnboarding)
	if err := s.SetBadgeRetired(ctx, 0, b.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBadgeRetired(ctx, 0, b.ID, false); err != nil {
		t.Fatal(err)
	}
	if n := recognitionSystemAwards(t, s, id, BadgeOnboarding); n != 1 {
		t.Fatalf("onboarding graduate got %d badges, want 1", n)
	}
	if n := recognitionSystemAwards(t, s, other.ID, BadgeOnboarding); n != 0 {
		t.Fatalf("someone who passed another course got %d onboarding badges", n)
	}
	// A completion recorded before this area existed is caught up by AwardSystemBadges.
	if _, err := s.db.Exec(`INSERT INTO course_completions (person_id, course_id, revision_id, passed_at) VALUES (?, 1, 1, '2026-11-12T00:00:00Z')`, other.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AwardSystemBadges(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.AwardSystemBadges(ctx); err != nil {
		t.Fatal(err)
	}
	if a, b := recognitionSystemAwards(t, s, other.ID, BadgeOnboarding), recognitionSystemAwards(t, s, id, BadgeOnboarding); a != 1 || b != 1 {
		t.Fatalf("after catching up: %d and %d onboarding badges, want 1 each", a, b)
	}
}

// Someone who passed onboarding and then left never gets the badge (awarding skips
// leavers), so the catch-up must not list them: otherwise it is "due" for ever and takes
// the write lock on every run.
func TestSystemBadgeCatchUpSettlesWithLeavers(t *testing.T) {
	s, id := recognitionInternalStore(t)
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO question_sets (id, created_at) VALUES (1, '2026-11-01T00:00:00Z')`,
		`INSERT INTO courses (id, key, created_at) VALUES (1, 'onboarding', '2026-11-01T00:00:00Z')`,
		`INSERT INTO course_revisions (id, course_id, number, question_set_id, created_at) VALUES (1, 1, 1, 1, '2026-11-01T00:00:00Z')`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.db.Exec(`INSERT INTO course_completions (person_id, course_id, revision_id, passed_at) VALUES (?, 1, 1, '2026-11-10T00:00:00Z')`, id); err != nil {
		t.Fatal(err)
	}
	if err := s.Deactivate(ctx, 0, id, s.now().AddDate(0, 0, -1)); err != nil {
		t.Fatal(err)
	}
	if err := s.AwardSystemBadges(ctx); err != nil {
		t.Fatal(err)
	}
	if n := recognitionSystemAwards(t, s, id, BadgeOnboarding); n != 0 {
		t.Fatalf("a leaver got %d onboarding badges", n)
	}
	due, err := s.systemBadgeQualifiers(ctx, s.db, BadgeOnboarding)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 0 {
		t.Fatalf("after catching up, still due: %+v", due)
	}
}
