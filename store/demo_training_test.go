package store_test

import (
	"context"
	"testing"

	"lodestar/store"
)

func TestTrainingDemo(t *testing.T) {
	ctx := context.Background()
	s := mustOpenStore(t, newClock())
	if err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	courses, err := s.ListCourses(ctx, false)
	if err != nil || len(courses) != 5 || courses[0].Key != store.OnboardingCourseKey || courses[0].Revision.TitleEN != "Our culture and values" {
		t.Fatalf("courses %d %v", len(courses), err)
	}
	newhire, _ := s.PersonByEmployeeID(ctx, "newhire")
	mine, err := s.MyTraining(ctx, newhire.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, lc := range mine {
		if lc.Course.Key == store.OnboardingCourseKey {
			found = true
			if lc.Progress.Status != store.StatusNotStarted {
				t.Fatalf("newhire's onboarding is %s, want not started", lc.Progress.Status)
			}
		}
	}
	if !found {
		t.Fatal("newhire has no onboarding assigned")
	}
	manager, _ := s.PersonByEmployeeID(ctx, "manager")
	agent, _ := s.PersonByEmployeeID(ctx, "agent")
	org, _ := s.OrgPeopleIDs(ctx, manager.ID)
	pending, err := s.PendingReviews(ctx, org, nil)
	if err != nil {
		t.Fatal(err)
	}
	fromAgent := false
	for _, p := range pending {
		fromAgent = fromAgent || p.PersonID == agent.ID
	}
	if !fromAgent {
		t.Fatalf("manager's queue has %d answers, none from agent", len(pending))
	}
	// A quiz mixing the question types, one written.
	qs, _ := s.QuestionSetByID(ctx, courses[0].Revision.QuestionSetID)
	kinds := map[string]int{}
	for _, q := range qs.Questions {
		kinds[q.Kind]++
	}
	if kinds[store.QuestionWritten] != 1 || kinds[store.QuestionSingle] == 0 || kinds[store.QuestionMultiple] == 0 || kinds[store.QuestionTrueFalse] == 0 {
		t.Fatalf("onboarding quiz kinds %v", kinds)
	}
}
