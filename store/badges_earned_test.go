package store

import (
	"context"
	"testing"
	"time"
)

// Success badges are retroactive: reinstating a retired system badge awards it to everyone
// who already earned it through training (onboarding passed) or a strategy check
// (understanding shown), and to nobody else.
func TestSuccessBadgesAreAwardedRetroactively(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir()+"/lodestar.db", WithClock(func() time.Time {
		return time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var people []PersonInput
	for _, id := range []string{"passed", "other-course", "understood", "interviewed", "failed", "practice", "late"} {
		hired := "2024-01-01"
		if id == "practice" {
			hired = "2026-05-20" // under 90 days: not eligible, practice only
		}
		people = append(people, PersonInput{EmployeeID: id, Name: id, Tier: TierFrontLine, Role: RoleEmployee,
			EmploymentType: EmploymentPermanent, HiredOn: hired, Team: "T", Department: "D"})
	}
	people = append(people, PersonInput{EmployeeID: "boss", Name: "boss", Tier: TierSeniorLeader, Role: RoleLeader,
		EmploymentType: EmploymentPermanent, HiredOn: "2024-01-01", Team: "T", Department: "D"})
	if _, err := s.UpsertPeople(ctx, 0, people, 0); err != nil {
		t.Fatal(err)
	}
	id := func(employeeID string) int64 {
		p, err := s.PersonByEmployeeID(ctx, employeeID)
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	// Both badges retired: the successes below award nothing yet.
	for _, key := range []string{BadgeOnboarding, BadgeStrategyUnderstood} {
		b, err := badgeWhere(ctx, s.db, "b.system_key = ?", key)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetBadgeRetired(ctx, 0, b.ID, true); err != nil {
			t.Fatal(err)
		}
	}

	// Training: "passed" completed the onboarding course, "other-course" another course.
	onboarding, err := s.CreateCourse(ctx, 0, CourseInput{Key: "onboarding", TitleEN: "Our culture", Quiz: QuestionSetSettings{PassMark: 80}})
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.CreateCourse(ctx, 0, CourseInput{Key: "complaints", TitleEN: "Complaints", Quiz: QuestionSetSettings{PassMark: 80}})
	if err != nil {
		t.Fatal(err)
	}
	for person, course := range map[string]int64{"passed": onboarding, "other-course": other} {
		if _, err := s.db.Exec(`INSERT INTO course_completions (person_id, course_id, revision_id, passed_at)
			SELECT ?, id, draft_revision_id, '2026-05-01T00:00:00Z' FROM courses WHERE id = ?`, id(person), course); err != nil {
			t.Fatal(err)
		}
	}

	// Strategy check: "understood" passed, "failed" did not, "practice" passed but is not
	// eligible, "interviewed" was interviewed and understood.
	in := DefaultCheckInput(s.now())
	in.Title = "Q2"
	check, err := s.CreateCheck(ctx, 0, in)
	if err != nil {
		t.Fatal(err)
	}
	// A check opens once it has a written-answer question.
	if _, err := s.AddCheckQuestion(ctx, 0, check, QuestionInput{Kind: QuestionWritten, Points: 1, PromptEN: "In your own words?", RubricEN: "Names the strategy"}); err != nil {
		t.Fatal(err)
	}
	// A check whose opening day is today opens (and snapshots its population) at once.
	for person, score := range map[string]float64{"understood": 90, "failed": 40, "practice": 95} {
		if _, err := s.RecordCheckAttempt(ctx, check, id(person), score, false); err != nil {
			t.Fatal(err)
		}
	}
	leader := Person{ID: 0, Role: RoleAdmin}
	if _, err := s.RecordInterviews(ctx, check, leader, []InterviewInput{{EmployeeID: "interviewed", Date: "2026-06-01", Verdict: "understood"}}, 2); err != nil {
		t.Fatal(err)
	}

	// "late" passed the mark but their written answer waited for review when the check
	// closed; accepting it afterwards does not move the frozen result, nor earn the badge.
	late, err := s.RecordCheckAttempt(ctx, check, id("late"), 90, true)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CloseCheckNow(ctx, 0, check); err != nil {
		t.Fatal(err)
	}
	if err := s.ReviewCheckAttempt(ctx, late, id("boss"), true, "good"); err != nil {
		t.Fatal(err)
	}

	for _, key := range []string{BadgeOnboarding, BadgeStrategyUnderstood} {
		b, err := badgeWhere(ctx, s.db, "b.system_key = ?", key)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetBadgeRetired(ctx, 0, b.ID, false); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][2]int{ // employee ID → (onboarding, strategy) awards
		"passed": {1, 0}, "other-course": {0, 0}, "understood": {0, 1}, "interviewed": {0, 1}, "failed": {0, 0}, "practice": {0, 0}, "late": {0, 0},
	}
	for person, w := range want {
		got := [2]int{recognitionSystemAwards(t, s, id(person), BadgeOnboarding), recognitionSystemAwards(t, s, id(person), BadgeStrategyUnderstood)}
		if got != w {
			t.Errorf("%s: onboarding, strategy awards = %v, want %v", person, got, w)
		}
	}
	// A catch-up is dated when the success happened, not when the badge came back, so it
	// does not push today's recognitions down the board.
	var at string
	if err := s.db.QueryRow(`SELECT r.created_at FROM recognitions r JOIN recognition_recipients rr ON rr.recognition_id = r.id
		WHERE r.idempotency_key LIKE 'system:' || ? || ':%' AND rr.person_id = ?`, BadgeOnboarding, id("passed")).Scan(&at); err != nil {
		t.Fatal(err)
	}
	if at != "2026-05-01T00:00:00Z" {
		t.Errorf("the onboarding badge caught up later is dated %s, want the day the course was passed", at)
	}
}
