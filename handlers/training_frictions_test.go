package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestTrainingLastLessonOffersTheQuiz: the last lesson's button says it goes on to the quiz,
// and it does (the quiz's start page); an earlier lesson goes on to the next lesson.
func TestTrainingLastLessonOffersTheQuiz(t *testing.T) {
	f := newAuthzFixture(t)
	db := f.app.store.DB()
	course := f.app.demoID(`SELECT c.id FROM courses c JOIN lessons l ON l.revision_id = c.published_revision_id
		JOIN course_revisions r ON r.id = c.published_revision_id AND r.question_set_id IS NOT NULL
		GROUP BY c.id HAVING count(*) > 1 ORDER BY c.id LIMIT 1`)
	var first, last string
	q := `SELECT l.lesson_key FROM lessons l JOIN courses c ON c.published_revision_id = l.revision_id WHERE c.id = ? ORDER BY l.position `
	if err := db.QueryRow(q+"LIMIT 1", course).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(q+"DESC LIMIT 1", course).Scan(&last); err != nil {
		t.Fatal(err)
	}
	if first == last {
		t.Fatal("fixture: the course has one lesson")
	}
	agent := f.app.signedInAs("agent")
	base := "/training/courses/" + course + "/lessons/"

	for _, lang := range []string{"en", "zh"} {
		agent.post("/language", url.Values{"lang": {lang}})
		button := agent.get(base + last).doc(t).Find("[data-testid=mark-read]").Text()
		want := map[string]string{"en": "take the quiz", "zh": "参加测验"}[lang]
		if !strings.Contains(button, want) {
			t.Errorf("%s: last lesson's button %q, want it to offer the quiz (%q)", lang, button, want)
		}
		if button := agent.get(base + first).doc(t).Find("[data-testid=mark-read]").Text(); strings.Contains(button, want) {
			t.Errorf("%s: the first lesson offers the quiz: %q", lang, button)
		}
	}
	res := agent.post(base+last+"/read", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/training/courses/"+course+"/quiz" {
		t.Errorf("after the last lesson: %d to %q, want the quiz", res.StatusCode, res.Header.Get("Location"))
	}
	res = agent.post(base+first+"/read", url.Values{})
	if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, base) {
		t.Errorf("after the first lesson: to %q, want the next lesson", loc)
	}
}

// TestTrainingBelowPassOnlyBecausePendingSaysSo: an attempt under the pass mark only because a
// written answer waits for review says so plainly, with the usual review time; at the pass
// mark it does not.
func TestTrainingBelowPassOnlyBecausePendingSaysSo(t *testing.T) {
	f := newAuthzFixture(t)
	ctx := t.Context()
	id := mustInt(t, f.ids["pendingattempt"])
	res, err := f.app.store.AttemptResultByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if res.PendingPoints <= 0 {
		t.Fatal("fixture: the attempt has nothing waiting for review")
	}
	needed := float64(res.Attempt.PassMark) * res.MaxPoints / 100
	setPoints := func(p float64) {
		if _, err := f.app.store.DB().Exec(`UPDATE attempts SET points = ? WHERE id = ?`, p, id); err != nil {
			t.Fatal(err)
		}
	}
	days, err := f.app.store.TypicalReviewDays(ctx)
	if err != nil {
		t.Fatal(err)
	}
	agent := f.app.signedInAs("agent")
	path := "/training/attempts/" + f.ids["pendingattempt"]

	setPoints(max(needed-res.PendingPoints, 0))
	for lang, want := range map[string][2]string{
		"en": {"only because a written answer is still waiting for review", fmt.Sprintf("about %d day", days)},
		"zh": {"只是因为书面回答仍在等待评审", fmt.Sprintf("约 %d 天", days)},
	} {
		agent.post("/language", url.Values{"lang": {lang}})
		doc := agent.get(path).doc(t)
		if got := doc.Find("[data-testid=below-only-pending]").Text(); !strings.Contains(got, want[0]) {
			t.Errorf("%s: below-the-mark note %q, want %q", lang, got, want[0])
		}
		if got := doc.Find("[data-testid=review-time]").Text(); !strings.Contains(got, want[1]) {
			t.Errorf("%s: review time %q, want %q", lang, got, want[1])
		}
	}
	setPoints(needed)
	if doc := agent.get(path).doc(t); doc.Find("[data-testid=below-only-pending]").Length() != 0 {
		t.Error("an attempt already at the pass mark says it is below it")
	}
}
