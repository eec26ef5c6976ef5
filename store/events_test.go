package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"lodestar/store"
	"lodestar/views"
)

// told is a person's notifications as they read them in lang, newest first, each with its
// link: "text → link".
func told(t *testing.T, s *store.Store, personID int64, lang string) []string {
	t.Helper()
	list, names, err := s.ListNotifications(context.Background(), personID, 50)
	if err != nil {
		t.Fatal(err)
	}
	ctx := views.WithLocale(context.Background(), views.Locale{Lang: lang})
	var out []string
	for _, n := range list {
		out = append(out, views.NotificationText(ctx, n, names)+" → "+views.EventLink(n.Event, names))
	}
	return out
}

func hasNote(list []string, want string) bool {
	for _, n := range list {
		if strings.Contains(n, want) {
			return true
		}
	}
	return false
}

// Assigned people are told which course and by when; people the rule does not match are not.
func TestNotifyCourseAssignedWithDueDate(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock()) // 2026-11-23
	onboarding := trainingCourse(t, s, "onboarding", "Onboarding")
	recent := person("NEW", "")
	recent.HiredOn = "2026-11-15"
	ids := trainingSeedPeople(t, s, person("OLD", ""), recent)
	if _, _, err := s.CreateAssignmentRule(ctx, 0, store.AssignmentRuleInput{CourseID: onboarding.ID, Kind: store.RuleNewHires, DueDays: 14}); err != nil {
		t.Fatal(err)
	}
	link := fmt.Sprintf(" → /training/courses/%d", onboarding.ID)
	if got := told(t, s, ids["NEW"], "en"); len(got) != 1 || got[0] != "You have a new course to take: “Onboarding”, due 29 Nov 2026."+link {
		t.Errorf("NEW en: %q", got)
	}
	if got := told(t, s, ids["NEW"], "zh"); len(got) != 1 || !strings.Contains(got[0], "截止日期 2026年11月29日") {
		t.Errorf("NEW zh: %q", got)
	}
	if got := told(t, s, ids["OLD"], "en"); len(got) != 0 {
		t.Errorf("OLD was told: %q", got)
	}
}

// Three days before an open check closes, the scheduler tells everyone who has not answered,
// once; the others are not told.
func TestNotifyCheckClosingInThreeDays(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 9, 20, 9, 0, 0, 0, time.UTC)}
	s := mustOpenStore(t, clk)
	ppl := checksOrg(t, s)
	id := checksMust[int64](t)(s.CreateCheck(ctx, ppl["L1"].ID, checksInput("version 2", "2026-10-01", "2026-10-14", "1")))
	checksAddQuestions(t, s, id)
	clk.t = time.Date(2026, 10, 1, 8, 0, 0, 0, time.UTC)
	if err := s.RunDueChecks(ctx); err != nil {
		t.Fatal(err)
	}
	if got := told(t, s, ppl["A1"].ID, "en"); len(got) != 1 || !strings.HasPrefix(got[0], "The strategy check “version 2” is open until 14 Oct 2026") {
		t.Fatalf("check opened: %q", got)
	}
	clk.t = time.Date(2026, 10, 10, 8, 0, 0, 0, time.UTC) // four days before
	if n, err := s.RemindChecksClosing(ctx); err != nil || n != 0 {
		t.Fatalf("four days before: %d %v", n, err)
	}
	clk.t = time.Date(2026, 10, 11, 8, 0, 0, 0, time.UTC)
	n, err := s.RemindChecksClosing(ctx)
	if err != nil || n != 7 {
		t.Fatalf("three days before: told %d (%v), want the 7 in the snapshot", n, err)
	}
	want := fmt.Sprintf("The strategy check “version 2” closes on 14 Oct 2026 and we have no answer from you yet. → /checks/%d", id)
	if got := told(t, s, ppl["A1"].ID, "en"); len(got) != 2 || got[0] != want {
		t.Errorf("A1 en: %q", got)
	}
	if got := told(t, s, ppl["A1"].ID, "zh"); !strings.HasPrefix(got[0], "战略理解度检查“version 2”将于 2026年10月14日 截止，您尚未作答。") {
		t.Errorf("A1 zh: %q", got)
	}
	if got := told(t, s, ppl["A2"].ID, "en"); len(got) != 0 {
		t.Errorf("A2 (not eligible) told: %q", got)
	}
	if n, err := s.RemindChecksClosing(ctx); err != nil || n != 0 {
		t.Errorf("second run told %d (%v), want 0", n, err)
	}
}

// A system badge names itself and links to it on the profile.
func TestNotifyBadgeEarnedNamesTheBadge(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	ctx := context.Background()
	if err := s.AwardTenureBadges(ctx); err != nil {
		t.Fatal(err)
	}
	var badgeID int64
	var name string
	if err := s.DB().QueryRow("SELECT id, name_en FROM badges WHERE system_key = ?", store.BadgeTenure1).Scan(&badgeID, &name); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("You earned the badge “%s”. See it on your profile. → /people/%d#badge-%d", name, ids["A"], badgeID)
	if got := told(t, s, ids["A"], "en"); len(got) != 1 || got[0] != want {
		t.Errorf("A: %q, want %q", got, want)
	}
}

// A recipient is told who recognised them; their manager, that someone in the team was.
func TestNotifyRecognitionNamesTheGiver(t *testing.T) {
	s, _, ids := recognitionOrg(t)
	v := recognitionValue(t, s, "Care")
	id, _, err := s.Give(context.Background(), store.GiveInput{GiverID: ids["A"], To: []string{"X"}, ValueID: v, Message: "Thank you for the handover"})
	if err != nil {
		t.Fatal(err)
	}
	link := fmt.Sprintf(" → /recognition/%d", id)
	if got := told(t, s, ids["X"], "en"); len(got) != 1 || got[0] != "Person A recognised you on the praise board."+link {
		t.Errorf("X: %q", got)
	}
	if got := told(t, s, ids["X"], "zh"); len(got) != 1 || !strings.HasPrefix(got[0], "Person A 在表扬栏上认可了您。") {
		t.Errorf("X zh: %q", got)
	}
	if got := told(t, s, ids["M2"], "en"); len(got) != 1 || got[0] != "Person A recognised someone in your team."+link {
		t.Errorf("X's manager: %q", got)
	}
}

// The owner of an approved goal is told who approved which goal.
func TestNotifyGoalApproved(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	teamA := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	id := goalsMustCreate(t, s, org["E1"], goalsInput("person:E1", teamA))
	link := fmt.Sprintf(" → /goals/%d", id)
	if got := told(t, s, org["M1"].ID, "en"); len(got) != 1 || got[0] != org["E1"].Name+" proposed a personal goal: “Goal for person:E1”."+link {
		t.Errorf("manager: %q", got)
	}
	if err := s.ApproveGoal(ctx, org["M1"], id); err != nil {
		t.Fatal(err)
	}
	if got := told(t, s, org["E1"].ID, "en"); len(got) != 1 || got[0] != org["M1"].Name+" approved your goal “Goal for person:E1”."+link {
		t.Errorf("owner: %q", got)
	}
}

// Marking read stops at the newest notification the page showed: one that arrived after it
// stays unread.
func TestMarkNotificationsReadUpToShown(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	ids := trainingSeedPeople(t, s, person("E1", ""))
	ev, _ := s.RecordEvent(ctx, store.Event{Key: store.EventRecognitionHide, Args: []store.Arg{store.Plain("one")}})
	s.Notify(ctx, ev, ids["E1"])
	list, _, _ := s.ListNotifications(ctx, ids["E1"], 10)
	ev2, _ := s.RecordEvent(ctx, store.Event{Key: store.EventRecognitionHide, Args: []store.Arg{store.Plain("two")}})
	s.Notify(ctx, ev2, ids["E1"])
	if err := s.MarkNotificationsRead(ctx, ids["E1"], list[0].ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.UnreadNotifications(ctx, ids["E1"]); n != 1 {
		t.Errorf("unread %d, want 1 (the one that came after the page)", n)
	}
}

// A manager returns a proposal with a note: the owner is told which goal and the note, in
// their language; the note is required and bounded; only someone who may approve may return;
// the goal stays a proposal its owner edits and the manager can then approve.
func TestNotifyGoalReturned(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	org := goalsOrg(t, s)
	company := goalsMustCreate(t, s, org["L1"], goalsInput("company", 0))
	teamA := goalsMustCreate(t, s, org["M1"], goalsInput("team:Inbound Voice|Team A", company))
	id := goalsMustCreate(t, s, org["E1"], goalsInput("person:E1", teamA))

	var verr *store.ValidationError
	if err := s.ReturnGoal(ctx, org["M1"], id, "   "); !errors.As(err, &verr) || verr.Problems[0].Field != "note" || verr.Problems[0].Code != "required" {
		t.Errorf("blank note: %v", err)
	}
	if err := s.ReturnGoal(ctx, org["M1"], id, strings.Repeat("长", store.MaxReturnNote+1)); !errors.As(err, &verr) || verr.Problems[0].Code != "too_long" {
		t.Errorf("note of 501 characters: %v", err)
	}
	if err := s.ReturnGoal(ctx, org["M1"], id, strings.Repeat("长", store.MaxReturnNote)); err != nil {
		t.Errorf("note of exactly 500 characters (1,500 bytes): %v", err)
	}
	if err := s.ReturnGoal(ctx, org["E1"], id, "Looks fine"); !errors.Is(err, store.ErrGoalForbidden) {
		t.Errorf("owner returns own proposal: %v", err)
	}
	if err := s.ReturnGoal(ctx, org["M2"], id, "No"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another team's manager returns: %v, want not found", err)
	}
	if err := s.ReturnGoal(ctx, org["M1"], teamA, "Not a proposal"); !errors.Is(err, store.ErrGoalForbidden) {
		t.Errorf("returning an active goal: %v", err)
	}
	// Returned, it waits for its owner: not returned again until they change it.
	if err := s.ReturnGoal(ctx, org["M1"], id, "Please add a target date"); !errors.Is(err, store.ErrGoalForbidden) {
		t.Errorf("returning a returned goal: %v", err)
	}
	if err := s.UpdateGoal(ctx, org["E1"], id, goalsInput("person:E1", teamA)); err != nil {
		t.Fatal(err)
	}
	if err := s.ReturnGoal(ctx, org["M1"], id, "Please add a target date"); err != nil {
		t.Fatal(err)
	}
	link := fmt.Sprintf(" → /goals/%d", id)
	en := told(t, s, org["E1"].ID, "en")
	if len(en) != 2 || en[0] != org["M1"].Name+" returned your goal “Goal for person:E1” with a note: Please add a target date"+link {
		t.Errorf("owner (en): %q", en)
	}
	if zh := told(t, s, org["E1"].ID, "zh"); len(zh) != 2 || zh[0] != org["M1"].Name+" 退回了您的目标“Goal for person:E1”，并附言：Please add a target date"+link {
		t.Errorf("owner (zh): %q", zh)
	}

	// Still a proposal: the owner edits it, the manager approves it.
	gs, _ := s.Goals(ctx)
	if g, _ := gs.Get(id); g.State != store.GoalProposed {
		t.Fatalf("after return: %s, want proposed", g.State)
	}
	in := goalsInput("person:E1", teamA)
	in.Title = "Goal for person:E1, by June"
	if err := s.UpdateGoal(ctx, org["E1"], id, in); err != nil {
		t.Fatalf("owner edits the returned proposal: %v", err)
	}
	if err := s.ApproveGoal(ctx, org["M1"], id); err != nil {
		t.Fatal(err)
	}
}
