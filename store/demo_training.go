package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// demoQuestion is a demo quiz question; options starting with "*" are correct.
type demoQuestion struct {
	kind                 string
	partial              bool
	promptEN, promptZH   string
	options              [][2]string // {en, zh}; "*" prefix on en marks a correct one
	trueIsCorrect        bool
	explainEN, explainZH string
	rubricEN, rubricZH   string
}

type demoCourse struct {
	key                  string
	titleEN, titleZH     string
	summaryEN, summaryZH string
	lessons              []LessonInput
	questions            []demoQuestion
	passMark             int
	maxAttempts          int
}

func demoTrainingCourses() []demoCourse {
	return []demoCourse{
		{
			key: OnboardingCourseKey, titleEN: "Our culture and values", titleZH: "我们的文化与价值观",
			summaryEN: "Onboarding culture training: our vision, our four values and what they look like on a call, a chat or an email.",
			summaryZH: "入职文化培训：我们的愿景、四项价值观，以及它们在电话、在线聊天和邮件中的具体体现。",
			passMark:  80, maxAttempts: 3,
			lessons: []LessonInput{
				{TitleEN: "Why culture matters here", TitleZH: "为什么文化很重要",
					BodyEN: "A survey of service organisations found that **71%** of senior managers understood the company's vision, but only **3%** of front-line staff understood the strategy.\n\nValues that hang on the wall do nothing. Values that live in people's heads shape every contact. This course is the first step: by the end you can explain our vision and values in your own words.",
					BodyZH: "一项针对服务型组织的调查发现：**71%** 的高层管理者理解公司愿景，但只有 **3%** 的一线员工理解公司战略。\n\n挂在墙上的价值观不起作用，只有活在每个人心中的价值观才能影响每一次客户接触。本课程是第一步：学完后，你能用自己的话讲清我们的愿景和价值观。"},
				{TitleEN: "Our four values", TitleZH: "我们的四项价值观",
					BodyEN: "1. **Customer-centred** — we start from what the customer needs, not from our process.\n2. **Teamwork** — the next step in the workflow is our customer too; we hand over cleanly.\n3. **Treating everyone equally** — every colleague and every customer gets the same respect.\n4. **Incentives and innovation** — we recognise good service in public and try new ideas.\n\nRecognition does not need to be lavish: a badge on your profile or a word of thanks passed on to your manager counts.",
					BodyZH: "1. **以客户为中心**——从客户的需要出发，而不是从我们的流程出发。\n2. **团队合作**——工作流程中的下一个环节也是我们的客户；交接要清楚完整。\n3. **平等待人**——每位同事、每位客户都得到同样的尊重。\n4. **激励与创新**——公开表扬优质服务，勇于尝试新方法。\n\n认可不需要很隆重：个人资料上的一枚徽章，或转达给经理的一句感谢，都很有意义。"},
				{TitleEN: "Culture on every contact", TitleZH: "每一次接触都体现文化",
					BodyEN: "Service has levels: unacceptable, basic, good, excellent, and beyond expectations. Our standard is to be *excellent* every time and to go beyond when we can.\n\n- Open every contact by greeting the customer and saying who you are.\n- Listen until you understand the need.\n- Close by checking the need is met and saying what happens next.",
					BodyZH: "服务分为几个层次：不可接受、基本、良好、卓越、超出预期。我们的标准是每一次都做到*卓越*，并在可能时超出预期。\n\n- 每次接触开始时先问候客户并介绍自己。\n- 认真倾听，直到真正理解客户的需要。\n- 结束前确认需求已得到满足，并说明接下来会发生什么。"},
			},
			questions: []demoQuestion{
				{kind: QuestionSingle, promptEN: "Who is the customer of your work?", promptZH: "谁是你工作的客户？",
					options:   [][2]string{{"Only the people who pay us", "只有付费的客户"}, {"*Every customer, including the next step in the workflow", "所有客户，包括工作流程中的下一个环节"}, {"My manager", "我的经理"}},
					explainEN: "Internal customers count: the next step in the workflow is your customer.", explainZH: "内部客户同样重要：工作流程中的下一个环节就是你的客户。"},
				{kind: QuestionMultiple, partial: true, promptEN: "Which of these are our values?", promptZH: "以下哪些是我们的价值观？",
					options:   [][2]string{{"*Customer-centred", "以客户为中心"}, {"*Teamwork", "团队合作"}, {"Lowest cost first", "成本优先"}, {"*Treating everyone equally", "平等待人"}},
					explainEN: "Our four values are customer-centred, teamwork, treating everyone equally, and incentives and innovation.", explainZH: "我们的四项价值观是：以客户为中心、团队合作、平等待人、激励与创新。"},
				{kind: QuestionTrueFalse, promptEN: "Recognition has to be expensive to matter.", promptZH: "认可必须花费很多才有意义。", trueIsCorrect: false,
					explainEN: "A badge or a word of thanks passed to your manager is recognition too.", explainZH: "一枚徽章或转达给经理的一句感谢同样是认可。"},
				{kind: QuestionWritten, promptEN: "In your own words: what does “customer-centred” mean on your next call?", promptZH: "请用自己的话说明：在下一通电话中，“以客户为中心”意味着什么？",
					rubricEN: "Accept when the answer starts from the customer's need (not our process) and names one concrete action on a contact.", rubricZH: "回答从客户的需要（而非我们的流程）出发，并举出一项在客户接触中的具体做法，即可判定合格。"},
			},
		},
		{
			titleEN: "Service recovery: winning back an unhappy customer", titleZH: "服务补救：赢回不满意的客户",
			summaryEN: "How to turn a bad experience into a reason to stay.", summaryZH: "如何把一次糟糕的体验变成客户留下来的理由。",
			passMark: 75,
			lessons: []LessonInput{
				{TitleEN: "Acknowledge and apologise", TitleZH: "承认问题并致歉",
					BodyEN: "Start by acknowledging what went wrong and apologising sincerely — before any explanation.", BodyZH: "先承认出现的问题并真诚致歉——在做任何解释之前。"},
				{TitleEN: "Fix, then follow up", TitleZH: "解决问题并跟进",
					BodyEN: "Fix the problem or say exactly when it will be fixed, then follow up to check the customer is satisfied.", BodyZH: "解决问题，或明确告知何时解决，然后跟进确认客户满意。"},
			},
			questions: []demoQuestion{
				{kind: QuestionSingle, promptEN: "What comes first in service recovery?", promptZH: "服务补救的第一步是什么？",
					options:   [][2]string{{"Explain our policy", "解释公司政策"}, {"*Acknowledge and apologise", "承认问题并致歉"}, {"Offer a discount", "提供折扣"}},
					explainEN: "Customers need to feel heard before they hear explanations.", explainZH: "客户需要先感到被倾听，才愿意听解释。"},
				{kind: QuestionTrueFalse, promptEN: "Following up after the fix is part of service recovery.", promptZH: "问题解决后的跟进是服务补救的一部分。", trueIsCorrect: true,
					explainEN: "The follow-up is what wins the customer back.", explainZH: "正是跟进赢回了客户。"},
			},
		},
		{
			titleEN: "Handling complaints", titleZH: "处理客户投诉",
			summaryEN: "Respond to complaints calmly, quickly and in writing when needed.", summaryZH: "冷静、及时地回应投诉，必要时以书面形式跟进。",
			passMark: 75,
			lessons: []LessonInput{
				{TitleEN: "Listen to the whole complaint", TitleZH: "完整倾听投诉",
					BodyEN: "Let the customer finish. Note the facts and the feeling; repeat both back.", BodyZH: "让客户把话说完。记录事实和情绪，并向客户复述确认。"},
				{TitleEN: "Own the next step", TitleZH: "负责下一步",
					BodyEN: "Say what you will do and by when. If you must hand over, hand over to a named person.", BodyZH: "说明你将做什么以及何时完成。如需转交，请转交给具体的负责人。"},
			},
			questions: []demoQuestion{
				{kind: QuestionMultiple, promptEN: "What do you note while listening to a complaint?", promptZH: "倾听投诉时应记录什么？",
					options:   [][2]string{{"*The facts", "事实"}, {"*How the customer feels", "客户的感受"}, {"Who to blame", "谁该负责"}},
					explainEN: "Facts and feelings both need an answer.", explainZH: "事实和情绪都需要回应。"},
				{kind: QuestionSingle, promptEN: "When you hand over a complaint, you hand it to…", promptZH: "转交投诉时，应转交给……",
					options:   [][2]string{{"*A named person", "具体的负责人"}, {"The general queue", "公共队列"}},
					explainEN: "A named owner keeps the promise you made.", explainZH: "有具体负责人，才能兑现你的承诺。"},
			},
		},
		{
			titleEN: "Opening and closing calls, chats and emails", titleZH: "电话、在线聊天和邮件的开场与结束",
			summaryEN: "The first and last ten seconds of every contact.", summaryZH: "每次客户接触的开头与结尾十秒钟。",
			passMark: 100,
			lessons: []LessonInput{
				{TitleEN: "Opening", TitleZH: "开场",
					BodyEN: "Greet, give your name, and ask how you can help. In chat and email, use the customer's name.", BodyZH: "问候客户、报出自己的名字，并询问有什么可以帮忙。在线聊天和邮件中请称呼客户的姓名。"},
				{TitleEN: "Closing", TitleZH: "结束",
					BodyEN: "Confirm the need is met, say what happens next, and thank the customer.", BodyZH: "确认需求已满足，说明后续安排，并感谢客户。"},
			},
			questions: []demoQuestion{
				{kind: QuestionTrueFalse, promptEN: "You close a contact by confirming the need is met.", promptZH: "结束接触前应确认客户需求已得到满足。", trueIsCorrect: true,
					explainEN: "Never close on an open question.", explainZH: "不要在问题未解决时结束接触。"},
			},
		},
		{
			titleEN: "Our standards of care", titleZH: "我们的服务关怀标准",
			summaryEN: "What “excellent” means for us, in numbers and in behaviour.", summaryZH: "对我们而言“卓越”意味着什么——数字与行为。",
			passMark: 80,
			lessons: []LessonInput{
				{TitleEN: "The five levels of service", TitleZH: "服务的五个层次",
					BodyEN: "Unacceptable, basic, good, excellent, beyond expectations. Aim for excellent; go beyond when you can.", BodyZH: "不可接受、基本、良好、卓越、超出预期。以卓越为目标，有机会时超出预期。"},
			},
			questions: []demoQuestion{
				{kind: QuestionSingle, promptEN: "Our everyday standard is…", promptZH: "我们的日常标准是……",
					options:   [][2]string{{"Good", "良好"}, {"*Excellent", "卓越"}, {"Basic", "基本"}},
					explainEN: "Excellent every time; beyond expectations when we can.", explainZH: "每次都做到卓越，有机会时超出预期。"},
			},
		},
	}
}

// demoTraining adds the training area's demo content (called by LoadDemo inside its transaction):
// the onboarding course and four skills courses, assignment rules, and a seeded spread of
// progress. newhire keeps onboarding not started; agent and others leave written answers in
// their managers' review queues.
func (s *Store) demoTraining(ctx context.Context, tx *sql.Tx) error {
	var adminID int64
	tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = 'admin'").Scan(&adminID)
	var valueID int64
	tx.QueryRowContext(ctx, "SELECT id FROM culture_values WHERE retired_at IS NULL ORDER BY position, id LIMIT 1").Scan(&valueID)
	var courseIDs []int64
	for i, dc := range demoTrainingCourses() {
		in := CourseInput{Key: dc.key, TitleEN: dc.titleEN, TitleZH: dc.titleZH, SummaryEN: dc.summaryEN, SummaryZH: dc.summaryZH,
			Quiz: QuestionSetSettings{PassMark: dc.passMark, MaxAttempts: dc.maxAttempts}}
		if i == 0 {
			in.ValueID = valueID
		}
		id, err := s.createCourse(ctx, tx, adminID, in)
		if err != nil {
			return fmt.Errorf("demo training: %w", err)
		}
		for _, l := range dc.lessons {
			if err := validateLesson(&l); err != nil {
				return err
			}
			if _, err := s.addLesson(ctx, tx, id, l); err != nil {
				return err
			}
		}
		var setID int64
		if err := tx.QueryRowContext(ctx, "SELECT r.question_set_id FROM course_revisions r JOIN courses c ON c.draft_revision_id = r.id WHERE c.id = ?", id).Scan(&setID); err != nil {
			return err
		}
		for _, q := range dc.questions {
			qi := QuestionInput{Kind: q.kind, PartialCredit: q.partial, PromptEN: q.promptEN, PromptZH: q.promptZH,
				ExplanationEN: q.explainEN, ExplanationZH: q.explainZH, RubricEN: q.rubricEN, RubricZH: q.rubricZH, TrueIsCorrect: q.trueIsCorrect}
			for _, o := range q.options {
				en, correct := o[0], false
				if len(en) > 0 && en[0] == '*' {
					en, correct = en[1:], true
				}
				qi.Options = append(qi.Options, OptionInput{TextEN: en, TextZH: o[1], Correct: correct})
			}
			if _, err := s.addQuestion(ctx, tx, setID, qi); err != nil {
				return fmt.Errorf("demo training question %q: %w", q.promptEN, err)
			}
		}
		if err := s.publishCourse(ctx, tx, adminID, id); err != nil {
			return err
		}
		courseIDs = append(courseIDs, id)
	}
	// Rules: onboarding for new hires (14 days after hire, counting the last six months as
	// new); skills courses by tier and department.
	today := Day(s.now())
	rules := []AssignmentRuleInput{
		{CourseID: courseIDs[0], Kind: RuleNewHires, DueDays: DefaultOnboardingDueDays, HiredSince: today.AddDate(0, 0, -180).Format(DateLayout)},
		{CourseID: courseIDs[1], Kind: RuleTier, Value: TierFrontLine, DueDays: 30},
		{CourseID: courseIDs[4], Kind: RuleTier, Value: TierFrontLine, DueOn: today.AddDate(0, 0, 21).Format(DateLayout)},
		{CourseID: courseIDs[2], Kind: RuleTier, Value: TierMiddleManager, DueDays: 30},
	}
	var deps []string
	rows, err := tx.QueryContext(ctx, "SELECT DISTINCT department FROM people WHERE department != '' ORDER BY department")
	if err != nil {
		return err
	}
	for rows.Next() {
		var d string
		rows.Scan(&d)
		deps = append(deps, d)
	}
	rows.Close()
	for _, d := range deps {
		rules = append(rules, AssignmentRuleInput{CourseID: courseIDs[3], Kind: RuleDepartment, Value: d, DueDays: 45})
		break // the first department trains opening and closing first
	}
	var agent int
	tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE employee_id = 'agent'").Scan(&agent)
	if agent > 0 { // a refresher for the long-serving agent, whose written answer waits for review
		rules = append(rules, AssignmentRuleInput{CourseID: courseIDs[0], Kind: RulePeople, EmployeeIDs: "agent", DueDays: 14})
	}
	for _, r := range rules {
		if _, _, err := s.createAssignmentRule(ctx, tx, adminID, r); err != nil {
			return fmt.Errorf("demo training rule: %w", err)
		}
	}
	if err := s.demoTrainingProgress(ctx, tx); err != nil {
		return err
	}
	return s.demoTrainingHistory(ctx, tx)
}

// demoTrainingHistory spreads the demo's training over the weeks before today: the engine
// stamps every attempt "now", which would put all of it (and the onboarding badges that
// follow the completions) at the top of the praise board. Never before the person's hire.
func (s *Store) demoTrainingHistory(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.id, a.person_id, p.hired_on, COALESCE(r.course_id, 0) FROM attempts a
		JOIN people p ON p.id = a.person_id LEFT JOIN course_revisions r ON r.question_set_id = a.set_id
		WHERE a.submitted_at IS NOT NULL ORDER BY a.id`)
	if err != nil {
		return fmt.Errorf("store: demo history: %w", err)
	}
	type stamp struct {
		attempt, person, course int64
		at                      time.Time
	}
	var list []stamp
	today := Day(s.now())
	for rows.Next() {
		var st stamp
		var hired string
		if err := rows.Scan(&st.attempt, &st.person, &hired, &st.course); err != nil {
			rows.Close()
			return err
		}
		st.at = today.AddDate(0, 0, -int(1+st.attempt*7%40)).Add(10 * time.Hour)
		if h, err := ParseDate(hired); err == nil && st.at.Before(h.AddDate(0, 0, 1)) {
			st.at = h.AddDate(0, 0, 1).Add(10 * time.Hour)
		}
		if st.at.After(s.now()) {
			st.at = s.now()
		}
		list = append(list, st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, st := range list {
		at := st.at.UTC().Format(time.RFC3339)
		started := st.at.Add(-20 * time.Minute).UTC().Format(time.RFC3339)
		// Each statement gets exactly its own arguments: PostgreSQL refuses unused ones.
		for _, u := range []struct {
			q    string
			args []any
		}{
			{"UPDATE attempts SET started_at = ?, submitted_at = ?, scored_at = CASE WHEN scored_at IS NULL THEN NULL ELSE ? END WHERE id = ?", []any{started, at, at, st.attempt}},
			{"UPDATE attempt_answers SET reviewed_at = ? WHERE attempt_id = ? AND reviewed_at IS NOT NULL", []any{at, st.attempt}},
			{"UPDATE course_completions SET passed_at = ? WHERE attempt_id = ?", []any{at, st.attempt}},
			{"UPDATE lesson_reads SET read_at = ? WHERE person_id = ? AND course_id = ?", []any{started, st.person, st.course}},
		} {
			if _, err := tx.ExecContext(ctx, u.q, u.args...); err != nil {
				return fmt.Errorf("store: demo history: %w", err)
			}
		}
	}
	// The onboarding badges were awarded as the passes happened: date them with the pass.
	_, err = tx.ExecContext(ctx, `UPDATE recognitions SET created_at = (SELECT min(cc.passed_at) FROM course_completions cc
			JOIN courses c ON c.id = cc.course_id JOIN recognition_recipients rr ON rr.person_id = cc.person_id
			WHERE c.key = ? AND rr.recognition_id = recognitions.id)
		WHERE idempotency_key LIKE 'system:' || ? || ':%'`, OnboardingCourseKey, BadgeOnboarding)
	if err != nil {
		return fmt.Errorf("store: demo history: %w", err)
	}
	return nil
}

// demoTrainingProgress gives the assignments a realistic spread of progress, deterministically.
func (s *Store) demoTrainingProgress(ctx context.Context, tx *sql.Tx) error {
	type asg struct {
		personID, courseID, managerID int64
		employeeID                    string
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.person_id, a.course_id, COALESCE(p.manager_id, 0), p.employee_id FROM assignments a
		JOIN people p ON p.id = a.person_id ORDER BY a.id`)
	if err != nil {
		return err
	}
	var list []asg
	for rows.Next() {
		var a asg
		if err := rows.Scan(&a.personID, &a.courseID, &a.managerID, &a.employeeID); err != nil {
			rows.Close()
			return err
		}
		list = append(list, a)
	}
	rows.Close()
	rng := rand.New(rand.NewPCG(4, 2026))
	for _, a := range list {
		var key string
		var setID, revID int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(c.key, ''), r.question_set_id, r.id FROM courses c
			JOIN course_revisions r ON r.id = c.published_revision_id WHERE c.id = ?`, a.courseID).Scan(&key, &setID, &revID); err != nil {
			return err
		}
		if strings.HasPrefix(a.employeeID, genIDPrefix) {
			continue // lodestar gen writes its people's progress in bulk (genTraining)
		}
		roll := rng.IntN(100)
		outcome := "passed"
		switch {
		case a.employeeID == "newhire" && key == OnboardingCourseKey:
			continue // newhire has onboarding assigned and not started
		case a.employeeID == "agent" && key == OnboardingCourseKey:
			outcome = "pending" // waits in manager's review queue
		case roll < 20:
			continue // not started
		case roll < 35:
			outcome = "reading"
		case roll < 45:
			outcome = "failed"
		case roll < 52 && key == OnboardingCourseKey:
			outcome = "pending"
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO lesson_reads (person_id, course_id, lesson_key, read_at)
			SELECT ?, ?, lesson_key, ? FROM lessons WHERE revision_id = ? AND (? = 1 OR position = 1) ON CONFLICT DO NOTHING`,
			a.personID, a.courseID, s.timestamp(), revID, outcome != "reading"); err != nil {
			return err
		}
		if outcome == "reading" {
			continue
		}
		oa, err := s.startAttempt(ctx, tx, setID, a.personID)
		if err != nil {
			return fmt.Errorf("demo attempt: %w", err)
		}
		qs, _, err := s.attemptQuestions(ctx, tx, oa.ID)
		if err != nil {
			return err
		}
		answers := map[int64]Answer{}
		var written int64
		for _, q := range qs {
			if q.Kind == QuestionWritten {
				written = q.ID
				answers[q.ID] = Answer{Text: demoWrittenAnswers[rng.IntN(len(demoWrittenAnswers))]}
				continue
			}
			var right, wrong []int64
			for _, o := range q.Options {
				if o.Correct {
					right = append(right, o.ID)
				} else {
					wrong = append(wrong, o.ID)
				}
			}
			pick := right
			if q.Kind != QuestionMultiple {
				pick = right[:1]
			}
			// Failing learners miss most questions; passing ones sometimes slip on one.
			if len(wrong) > 0 && (outcome == "failed" || rng.IntN(10) == 0) {
				pick = []int64{wrong[rng.IntN(len(wrong))]}
			}
			answers[q.ID] = Answer{OptionIDs: pick}
		}
		att, err := s.submitAttempt(ctx, tx, a.personID, oa.Token, answers)
		if err != nil {
			return fmt.Errorf("demo submit: %w", err)
		}
		if written != 0 && outcome != "pending" && att.Status == AttemptPendingReview {
			reviewer := a.managerID
			percent, feedback := 100, "Clear, and you named a concrete action — well done."
			if outcome == "failed" {
				percent, feedback = 0, "Start from what the customer needs, then name one thing you will do on the call."
			}
			if _, err := s.reviewAnswer(ctx, tx, ReviewInput{AttemptID: att.ID, QuestionID: written, ReviewerID: reviewer,
				Percent: percent, Feedback: feedback}); err != nil {
				return fmt.Errorf("demo review: %w", err)
			}
		}
	}
	return nil
}

var demoWrittenAnswers = []string{
	"I listen until I understand what the customer actually needs, then I solve that instead of reading the script.",
	"先弄清客户真正需要什么，再给出解决办法；结束前确认问题已经解决。",
	"Being customer-centred means I own the problem and tell the customer exactly what happens next.",
	"站在客户的角度想问题，比如主动告诉客户处理进度，而不是让客户再打电话来问。",
}
