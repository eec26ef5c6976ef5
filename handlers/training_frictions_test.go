package handlers_test

import (
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
