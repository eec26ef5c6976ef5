package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// demoChecks adds the checks area's demo content (called by LoadDemo inside its transaction):
// two closed quarterly checks showing improvement (about 52% then 76%, front line lowest)
// and one open check with about half the responses in, written answers waiting for review
// in manager's queue and a few interviews. agent counts in the open check and has not
// answered; newhire is not eligible (a practice attempt waits in manager's queue). Works for
// whatever people exist; a seeded generator keeps it deterministic.
func (s *Store) demoChecks(ctx context.Context, tx *sql.Tx) error {
	today := Day(s.now())
	rng := rand.New(rand.NewPCG(2026, 80))
	type plan struct {
		title          string
		opens, closes  int // days from today
		understood     map[string]float64
		cultureVersion int64
	}
	closed := []plan{
		{"Q2 strategy check", -190, -176, map[string]float64{TierSeniorLeader: 0.86, TierMiddleManager: 0.7, TierFrontLine: 0.49}, 1},
		{"Q3 strategy check", -100, -86, map[string]float64{TierSeniorLeader: 1, TierMiddleManager: 0.9, TierFrontLine: 0.74}, 1},
	}
	ids := map[string]int64{}
	for _, e := range []string{"admin", "leader", "manager", "agent", "newhire"} {
		var id int64
		if err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = ?", e).Scan(&id); err == nil {
			ids[e] = id
		}
	}
	create := func(p plan) (Check, error) {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO checks (title, title_zh, opens_on, closes_on, target_pct, min_tenure_days,
			employment_types, pass_mark, culture_version, retakes, created_by, created_at)
			VALUES (?, ?, ?, ?, 80, 90, 'permanent', 70, ?, 1, ?, ?) RETURNING id`,
			p.title, demoZH(p.title), today.AddDate(0, 0, p.opens).Format(DateLayout), today.AddDate(0, 0, p.closes).Format(DateLayout),
			p.cultureVersion, nullID(ids["leader"]), at(today.AddDate(0, 0, p.opens-7), 9)).Scan(&id)
		if err != nil {
			return Check{}, fmt.Errorf("store: demo check: %w", err)
		}
		if err := s.openCheck(ctx, tx, 0, id, time.Time{}); err != nil {
			return Check{}, err
		}
		_, err = tx.ExecContext(ctx, "UPDATE checks SET opened_at = ? WHERE id = ?", at(today.AddDate(0, 0, p.opens), 7), id)
		if err != nil {
			return Check{}, err
		}
		return s.checkTx(ctx, tx, id)
	}
	for i, p := range closed {
		c, err := create(p)
		if err != nil {
			return err
		}
		pop, err := s.snapshotRows(ctx, tx, c, false)
		if err != nil {
			return err
		}
		for _, m := range pop {
			day := c.OpensOn.AddDate(0, 0, rng.IntN(14))
			reviewer := m.ManagerID
			if reviewer == 0 {
				reviewer = ids["leader"]
			}
			u := rng.Float64()
			pU := p.understood[m.Tier]
			// The fixed demo accounts tell the same story at any size: the leaders understood both
			// times, manager improved, agent failed in Q2 and was still waiting for review in Q3.
			switch m.PersonID {
			case ids["leader"], ids["admin"]:
				u = 0
			case ids["manager"]:
				u = map[bool]float64{true: 0.99, false: 0}[i == 0]
			case ids["agent"]:
				u = map[bool]float64{true: pU + (1-pU)*0.5, false: pU + (1-pU)*0.3}[i == 0]
			}
			switch {
			case u < pU*0.9: // passed the check, written answer accepted
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenAccepted, reviewer)
			case u < pU: // understood in an interview
				err = s.demoInterview(ctx, tx, c.ID, m.PersonID, day, VerdictUnderstood, reviewer)
			case u < pU+(1-pU)*0.25: // never answered
			case u < pU+(1-pU)*0.4: // written answer still waiting at closing: not understood
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenPending, 0)
			case u < pU+(1-pU)*0.7: // below the pass mark
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, float64(30+rng.IntN(40)), WrittenRejected, reviewer)
			default: // passed the mark, written answer not accepted
				err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenRejected, reviewer)
			}
			if err != nil {
				return err
			}
		}
		if err := s.closeCheck(ctx, tx, 0, c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE checks SET closed_at = ? WHERE id = ?", at(c.ClosesOn.AddDate(0, 0, 1), 0), c.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notifications WHERE event_id IN
			(SELECT id FROM events WHERE key = ? AND subject_kind = ? AND subject_id = ?)`, EventCheckOpen, RefCheck, c.ID); err != nil {
			return err
		}
	}

	// The open check: about half have answered; agent has not.
	c, err := create(plan{title: "Q4 strategy check", opens: -5, closes: 9, cultureVersion: 2})
	if err != nil {
		return err
	}
	setID, err := s.demoCheckQuestions(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	pop, err := s.snapshotRows(ctx, tx, c, false)
	if err != nil {
		return err
	}
	for _, m := range pop {
		if m.PersonID == ids["agent"] || m.PersonID == ids["leader"] {
			continue
		}
		day := today.AddDate(0, 0, -1-rng.IntN(5)) // since the check opened, before today
		u := rng.Float64()
		switch {
		case m.ManagerID != 0 && m.ManagerID == ids["manager"] && u < 0.6: // answered through the engine: waiting in manager's queue
			err = s.demoEngineAttempt(ctx, tx, c, setID, m.PersonID, rng)
		case u < 0.38:
			reviewer := m.ManagerID
			if reviewer == 0 {
				reviewer = ids["leader"]
			}
			err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenAccepted, reviewer)
		case u < 0.45:
			err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, 70+float64(rng.IntN(31)), WrittenPending, 0)
		case u < 0.5:
			err = s.demoAttempt(ctx, tx, c.ID, m.PersonID, day, float64(30+rng.IntN(40)), WrittenRejected, m.ManagerID)
		case u < 0.54 && m.ManagerID != 0:
			verdict := VerdictUnderstood
			if rng.IntN(4) == 0 {
				verdict = VerdictNotUnderstood
			}
			err = s.demoInterview(ctx, tx, c.ID, m.PersonID, day, verdict, m.ManagerID)
		}
		if err != nil {
			return err
		}
	}
	// newhire is not eligible but practised; the written answer waits in manager's queue.
	if ids["newhire"] != 0 {
		if err := s.demoEngineAttempt(ctx, tx, c, setID, ids["newhire"], rng); err != nil {
			return err
		}
	}
	// The attempts and interviews above went in directly, past the write path.
	return s.refreshLiveResults(ctx, tx, c.ID)
}

// demoCheckQuestions gives the open demo check its questions: about the service strategy,
// the values, and one written answer reviewed against a rubric.
func (s *Store) demoCheckQuestions(ctx context.Context, tx *sql.Tx, checkID int64) (int64, error) {
	setID, err := s.createQuestionSet(ctx, tx, QuestionSetOwnerCheck, QuestionSetSettings{PassMark: 70, ShuffleOptions: true})
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE checks SET question_set_id = ? WHERE id = ?", setID, checkID); err != nil {
		return 0, err
	}
	questions := []QuestionInput{
		{Kind: QuestionSingle, Points: 1, PromptEN: "What is the heart of our service strategy?", PromptZH: "我们服务战略的核心是什么？",
			Options: []OptionInput{
				{TextEN: "Resolve the customer's issue on the first contact", TextZH: "首次接触即解决客户问题", Correct: true},
				{TextEN: "Keep every call as short as possible", TextZH: "尽量缩短每通电话"},
				{TextEN: "Sell an upgrade on every call", TextZH: "每通电话都推销升级服务"},
			}},
		{Kind: QuestionTrueFalse, Points: 1, PromptEN: "Our strategy asks agents to hand difficult customers to a supervisor at once.",
			PromptZH: "我们的战略要求坐席遇到难缠客户时立即转交主管。", TrueIsCorrect: false},
		{Kind: QuestionWritten, Points: 2, PromptEN: "In your own words, what is our service strategy and what does it ask of you?",
			PromptZH: "请用你自己的话说明我们的服务战略是什么，以及它对你有什么要求？",
			RubricEN: "Accept when the answer names first-contact resolution and low customer effort, and gives one thing the person does differently because of it.",
			RubricZH: "回答提到首次解决和降低客户费力度，并举出一项自己因此而改变的做法，即可认可。"},
	}
	for _, q := range questions {
		if _, err := s.addQuestion(ctx, tx, setID, q); err != nil {
			return 0, err
		}
	}
	return setID, nil
}

// demoEngineAttempt answers the check through the question engine (choices right, a written
// answer waiting for review) and records it the way SubmitCheckAttempt does.
func (s *Store) demoEngineAttempt(ctx context.Context, tx *sql.Tx, c Check, setID, personID int64, rng *rand.Rand) error {
	set, err := s.questionSet(ctx, tx, setID)
	if err != nil {
		return err
	}
	oa, err := s.startAttempt(ctx, tx, setID, personID)
	if err != nil {
		return err
	}
	texts := []string{
		"We solve the customer's problem the first time so they never have to call back; I check the account history before I answer.",
		"Make it easy for the customer: fix it on the first call and follow up myself when I promise to.",
		"First-contact resolution and less effort for the customer. I now own the case until it is closed.",
	}
	answers := map[int64]Answer{}
	for _, q := range set.Questions {
		if q.Kind == QuestionWritten {
			answers[q.ID] = Answer{Text: texts[rng.IntN(len(texts))]}
			continue
		}
		for _, o := range q.Options {
			if o.Correct {
				answers[q.ID] = Answer{OptionIDs: []int64{o.ID}}
			}
		}
	}
	a, err := s.submitAttempt(ctx, tx, personID, oa.Token, answers)
	if err != nil {
		return err
	}
	score := 0.0
	if a.MaxPoints > 0 {
		score = 100 // every choice right; the written answer counts in full once accepted
	}
	_, err = s.recordAttempt(ctx, tx, c, personID, score, true, a.ID)
	return err
}

func at(day time.Time, hour int) string {
	return day.Add(time.Duration(hour) * time.Hour).UTC().Format(time.RFC3339)
}

// demoAttempt inserts an attempt the way RecordCheckAttempt and ReviewCheckAttempt leave it.
func (s *Store) demoAttempt(ctx context.Context, tx *sql.Tx, checkID, personID int64, day time.Time, score float64, written string, reviewerID int64) error {
	var reviewedAt any
	feedback := ""
	if written == WrittenAccepted || written == WrittenRejected {
		// Reviewed the next working day, through the day; never in the future.
		reviewed := day.AddDate(0, 0, 1).Add(time.Duration(9*60+personID*37%480) * time.Minute)
		if reviewed.After(s.now()) { // else the same afternoon
			reviewed = day.Add(time.Duration(12*60+personID*37%300) * time.Minute)
		}
		if reviewed.After(s.now()) {
			reviewed = s.now()
		}
		reviewedAt = reviewed.UTC().Format(time.RFC3339)
		if written == WrittenRejected && score >= 70 {
			feedback = "Name the three parts of our service strategy and how they help the customer."
		}
	} else {
		reviewerID = 0
	}
	if written == WrittenRejected && score < 70 {
		written, reviewerID, reviewedAt = WrittenNone, 0, nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO check_attempts (check_id, person_id, submitted_at, score, passed_mark,
		written_status, reviewer_id, reviewed_at, feedback) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		checkID, personID, at(day, 10), score, score >= 70, written, nullID(reviewerID), reviewedAt, feedback)
	if err != nil {
		return fmt.Errorf("store: demo attempt: %w", err)
	}
	return nil
}

func (s *Store) demoInterview(ctx context.Context, tx *sql.Tx, checkID, personID int64, day time.Time, verdict string, by int64) error {
	summary := "Explained our promise to fix it the first time and why the customer's effort matters."
	if verdict == VerdictNotUnderstood {
		summary = "Knew the values but could not say what our service strategy is."
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO check_interviews (check_id, person_id, interviewed_on, summary, verdict,
		recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		checkID, personID, day.Format(DateLayout), strings.TrimSpace(summary), verdict, nullID(by), at(day, 15))
	if err != nil {
		return fmt.Errorf("store: demo interview: %w", err)
	}
	return nil
}
