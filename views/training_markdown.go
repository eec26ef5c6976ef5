package views

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/yuin/goldmark"

	"lodestar/store"
)

// TrainingMarkdown renders lesson markdown with goldmark and then sanitises the HTML with
// bluemonday's UGC policy, every time (raw HTML in the markdown is dropped by goldmark's
// default and anything left is cleaned by the policy).
func TrainingMarkdown(md string) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var buf bytes.Buffer
		if err := goldmark.Convert([]byte(md), &buf); err != nil {
			return err
		}
		_, err := w.Write(ugcPolicy.SanitizeBytes(buf.Bytes()))
		return err
	})
}

// TrainingStatusText translates a training status ("training.status." + status).
func TrainingStatusText(ctx context.Context, status string) string {
	return T(ctx, "training.status."+status)
}

// TrainingStatusTone is the pill colour of a status (the word is always shown too).
func TrainingStatusTone(status string) string {
	switch status {
	case store.StatusPassed:
		return "ok"
	case store.StatusOverdue, store.StatusFailed:
		return "bad"
	case store.StatusInProgress:
		return "warn"
	}
	return "neutral"
}

// TrainingRuleKindText translates an assignment rule kind ("training.rule." + kind).
func TrainingRuleKindText(ctx context.Context, kind string) string {
	return T(ctx, "training.rule."+kind)
}

// TrainingKindText translates a question kind ("training.kind." + kind).
func TrainingKindText(ctx context.Context, kind string) string {
	return T(ctx, "training.kind."+kind)
}

// trainingShareText is "76% · 152 of 200".
func trainingShareText(ctx context.Context, n, of int) string {
	share := 0.0
	if of > 0 {
		share = float64(n) / float64(of)
	}
	return T(ctx, "training.share", L(ctx).Percent(share), L(ctx).Num(n), L(ctx).Num(of))
}

func trainingShare(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// trainingProgressText is "2 of 3 steps · 67%".
func trainingProgressText(ctx context.Context, p store.CourseProgress) string {
	steps := p.LessonsTotal + 1
	done := p.LessonsRead
	if p.Status == store.StatusPassed {
		done = steps
	}
	return T(ctx, "training.progress", L(ctx).Num(done), L(ctx).Num(steps), L(ctx).Percent(p.Share()))
}

func trainingDue(ctx context.Context, p store.CourseProgress) string {
	if !p.Assigned {
		return ""
	}
	return T(ctx, "training.due_on", L(ctx).Date(p.DueOn))
}

func trainingCourseHref(id int64) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/training/courses/%d", id))
}

func trainingLessonHref(courseID, key int64) templ.SafeURL {
	return templ.SafeURL(fmt.Sprintf("/training/courses/%d/lessons/%d", courseID, key))
}

func trainingResumeHref(lc store.LearnerCourse) templ.SafeURL {
	if lc.NextLesson != 0 {
		return trainingLessonHref(lc.Course.ID, lc.NextLesson)
	}
	return templ.SafeURL(fmt.Sprintf("/training/courses/%d/quiz", lc.Course.ID))
}

func trainingPercent(ctx context.Context, score float64) string { return L(ctx).Percent(score) }

// trainingPoints writes points rounded to one decimal at most, the reader's way: "4",
// "0.3", "1,234.5" (both shipped languages group thousands with "," and use "." for decimals).
func trainingPoints(ctx context.Context, v float64) string {
	return trainingTenths(ctx, int64(math.Round(v*10)))
}

// trainingPointsUp is trainingPoints rounded up, for a minimum that must not be understated.
func trainingPointsUp(ctx context.Context, v float64) string {
	return trainingTenths(ctx, int64(math.Ceil(v*10-1e-9)))
}

// trainingPointsN translates key+".one" when points (already formatted) is "1" in English,
// else key+".other"; the points go last, after args.
func trainingPointsN(ctx context.Context, key, points string, args ...any) string {
	suffix := ".other"
	if points == "1" && L(ctx).Lang == "en" {
		suffix = ".one"
	}
	return T(ctx, key+suffix, append(args, points)...)
}

func trainingTenths(ctx context.Context, tenths int64) string {
	s := L(ctx).Num(int(tenths / 10))
	if f := tenths % 10; f != 0 {
		s += "." + strconv.FormatInt(f, 10)
	}
	return s
}

// trainingPointsPercent is earned of max as a whole percentage ("0%" for no points).
func trainingPointsPercent(earned, max float64) string {
	if max <= 0 {
		return "0%"
	}
	return Locale{}.Percent(earned / max)
}

// trainingPercentAtMost is a best possible share rounded down, so a score that cannot
// reach the pass mark is never shown as reaching it (79.6% is "79%", not "80%").
func trainingPercentAtMost(earned, max float64) string {
	if max <= 0 {
		return "0%"
	}
	return strconv.Itoa(int(math.Floor(earned/max*100+1e-9))) + "%"
}

// trainingPointsNeeded is how many more points an attempt waiting for review needs to
// reach the pass mark (0 when it already has them).
func trainingPointsNeeded(a store.Attempt) float64 {
	return max(float64(a.PassMark)*a.MaxPoints/100-a.Points, 0)
}

func trainingQField(id int64) string { return fmt.Sprintf("q%d", id) }

func trainingOptValue(id int64) string { return fmt.Sprint(id) }

func trainingChecked(answers map[int64]store.Answer, qid, oid int64) bool {
	for _, id := range answers[qid].OptionIDs {
		if id == oid {
			return true
		}
	}
	return false
}

// trainingReadAny tells whether the learner has read any lesson of the course's published
// revision: "Start reading" before, "Continue reading" after.
func trainingReadAny(d CourseData) bool {
	for _, l := range d.Course.Revision.Lessons {
		if d.Read[l.Key] {
			return true
		}
	}
	return false
}

// trainingQuizQuestionCount is how many questions one attempt shows: the draw, or the pool.
func trainingQuizQuestionCount(qs store.QuestionSet) int {
	if qs.DrawCount > 0 && qs.DrawCount < len(qs.Questions) {
		return qs.DrawCount
	}
	return len(qs.Questions)
}

func trainingQuizHasWritten(qs store.QuestionSet) bool {
	for _, q := range qs.Questions {
		if q.Kind == store.QuestionWritten {
			return true
		}
	}
	return false
}

func trainingLang(ctx context.Context) string { return L(ctx).Lang }

func trainingDateTime(ctx context.Context, t time.Time) string { return L(ctx).DateTime(t) }

func trainingLines(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") }
