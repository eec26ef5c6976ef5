package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"lodestar/store"
)

// A retired value is hidden from new use but never breaks a link: the course and badge
// forms still offer (and keep selected) the value they already stand for, saving keeps it,
// and nothing new may choose it.
func TestCultureRetiredValueStaysLinkedOnCoursesAndBadges(t *testing.T) {
	app := newTestApp(t)
	app.seed(store.PersonInput{EmployeeID: "L1", Role: store.RoleLeader, Tier: store.TierSeniorLeader})
	ctx := context.Background()
	db := app.store.DB()
	if _, err := db.Exec(`INSERT INTO culture_values (id, name_en, name_zh, position, created_at) VALUES
		(7, 'Old value', '旧价值观', 1, '2026-01-01T00:00:00Z'), (8, 'Live value', '现行价值观', 2, '2026-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	course, err := app.store.CreateCourse(ctx, 0, store.CourseInput{TitleEN: "Complaints", ValueID: 7, Quiz: store.QuestionSetSettings{PassMark: 80}})
	if err != nil {
		t.Fatal(err)
	}
	badgeIn := store.BadgeInput{NameEN: "Old timer", NameZH: "老员工", Icon: "star", Colour: "gold", ValueID: 7, AwardedBy: store.AwardPeers}
	badge, err := app.store.SaveBadge(ctx, 0, 0, badgeIn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE culture_values SET retired_at = '2026-06-01T00:00:00Z' WHERE id = 7`); err != nil {
		t.Fatal(err)
	}

	leader := app.signedIn("L1")
	for _, form := range []string{fmt.Sprintf("/training/manage/courses/%d", course), fmt.Sprintf("/recognition/badges/%d", badge)} {
		doc := leader.get(form).doc(t)
		if _, selected := doc.Find(`select[name=value_id] option[value="7"]`).Attr("selected"); !selected {
			t.Errorf("%s: the retired value the record stands for is not selected", form)
		}
	}
	if doc := leader.get("/recognition/badges/new").doc(t); doc.Find(`select[name=value_id] option[value="7"]`).Length() != 0 {
		t.Error("a new badge is offered the retired value")
	}

	// Saving keeps the link; new use is refused.
	if err := app.store.UpdateCourse(ctx, 0, course, store.CourseInput{TitleEN: "Complaints, revised", ValueID: 7, Quiz: store.QuestionSetSettings{PassMark: 80}}); err != nil {
		t.Errorf("editing a course linked to a retired value: %v", err)
	}
	badgeIn.NameEN = "Old timer, renamed"
	if _, err := app.store.SaveBadge(ctx, 0, badge, badgeIn); err != nil {
		t.Errorf("editing a badge linked to a retired value: %v", err)
	}
	var verr *store.ValidationError
	if _, err := app.store.CreateCourse(ctx, 0, store.CourseInput{TitleEN: "New", ValueID: 7, Quiz: store.QuestionSetSettings{PassMark: 80}}); !errors.As(err, &verr) {
		t.Errorf("a new course on a retired value: %v", err)
	}
	badgeIn.NameEN = "Brand new"
	if _, err := app.store.SaveBadge(ctx, 0, 0, badgeIn); !errors.As(err, &verr) {
		t.Errorf("a new badge on a retired value: %v", err)
	}
}
