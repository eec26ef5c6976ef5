package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

type demoRecPerson struct {
	id         int64
	employeeID string
	name       string
	team       string
	managerID  int64
	role       string
	hired      time.Time
	left       time.Time
}

func (p demoRecPerson) activeOn(day time.Time) bool {
	return !p.hired.After(day) && (p.left.IsZero() || p.left.After(day))
}

// demoRecognition adds the recognition area's demo content (called by LoadDemo inside its
// transaction): the values (only when the culture hub has not added them), about ten badges,
// a year of recognition from every source with reactions and comments, one hidden item,
// one reciprocal pair to look at, and a few people in manager's team with no recognition
// in 60 days. It works for whatever people exist; a seeded random source keeps it repeatable.
func (s *Store) demoRecognition(ctx context.Context, tx *sql.Tx) error {
	now := s.now().UTC()
	stamp := now.Format(time.RFC3339)
	if err := demoRecognitionValues(ctx, tx, stamp); err != nil {
		return err
	}
	valueIDs, err := ids(ctx, tx, "SELECT id FROM culture_values WHERE retired_at IS NULL ORDER BY position, id")
	if err != nil {
		return err
	}
	val := func(i int) any {
		if len(valueIDs) == 0 {
			return nil
		}
		return valueIDs[i%len(valueIDs)]
	}
	type demoBadge struct {
		en, zh, descEN, descZH, critEN, critZH, icon, colour, by string
		value                                                    int
	}
	badges := []demoBadge{
		{"Customer Champion", "客户之星", "Put the customer at the centre, every time.", "始终以客户为中心。", "Went all out for a customer, beyond what the script asks.", "为客户全力以赴，超出流程要求。", "trophy", "gold", AwardPeers, 0},
		{"Service Recovery Hero", "服务补救英雄", "Won back an unhappy customer.", "挽回了一位不满意的客户。", "Turned a complaint into a compliment.", "把投诉变成了表扬。", "shield", "teal", AwardPeers, 0},
		{"Team Player", "团队协作之星", "Made the whole team better.", "让整个团队变得更好。", "Covered, coached or helped colleagues without being asked.", "主动替班、指导或帮助同事。", "handshake", "green", AwardPeers, 1},
		{"Equal Respect", "平等待人", "Treated every colleague and customer as an equal.", "平等对待每一位同事和客户。", "Showed respect and fairness in a hard moment.", "在困难时刻表现出尊重与公平。", "heart", "rose", AwardPeers, 2},
		{"Innovator", "创新先锋", "Found a better way to serve.", "找到了更好的服务方式。", "Proposed or built an improvement the team now uses.", "提出或实施了团队正在使用的改进。", "lightbulb", "purple", AwardPeers, 3},
		{"Above and Beyond", "超越期望", "Went far beyond expectations.", "远超期望。", "Memorable service: the customer will tell others.", "令人难忘的服务：客户会向他人称道。", "rocket", "orange", AwardManagers, 0},
		{"First-Contact Resolution Star", "首次解决之星", "Solved it on the first contact.", "首次接触即解决问题。", "A month of outstanding first-contact resolution.", "一个月内首次解决率表现突出。", "target", "indigo", AwardManagers, 0},
		{"Mentor", "导师", "Helped a new colleague find their feet.", "帮助新同事快速适应。", "Coached a new hire through onboarding.", "指导新员工完成入职。", "medal", "slate", AwardLeaders, 1},
	}
	badgeStmt, err := tx.PrepareContext(ctx, `INSERT INTO badges (name_en, name_zh, description_en, description_zh, criteria_en, criteria_zh,
		icon, colour, value_id, awarded_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return fmt.Errorf("store: demo badges: %w", err)
	}
	defer badgeStmt.Close()
	type badgeInfo struct {
		id    int64
		by    string
		value any
	}
	var created []badgeInfo
	for _, b := range badges {
		var id int64
		if err := badgeStmt.QueryRowContext(ctx, b.en, b.zh, b.descEN, b.descZH, b.critEN, b.critZH, b.icon, b.colour, val(b.value), b.by,
			now.AddDate(-1, 0, -7).Format(time.RFC3339), stamp).Scan(&id); err != nil {
			return fmt.Errorf("store: demo badges: %w", err)
		}
		created = append(created, badgeInfo{id, b.by, val(b.value)})
	}

	people, err := demoRecognitionPeople(ctx, tx)
	if err != nil || len(people) < 2 {
		return err
	}
	byEmp := map[string]demoRecPerson{}
	byID := map[int64]demoRecPerson{}
	teams := map[string][]demoRecPerson{}
	for _, p := range people {
		byEmp[p.employeeID] = p
		byID[p.id] = p
		if p.team != "" {
			teams[p.team] = append(teams[p.team], p)
		}
	}
	rng := rand.New(rand.NewPCG(2026, 6))

	// A few of manager's people get no recognition in the last 60 days (agent is the demo's
	// happy path and keeps receiving).
	desert := map[int64]bool{}
	if m, ok := byEmp["manager"]; ok {
		for _, p := range people {
			if p.managerID == m.id && p.employeeID != "agent" && len(desert) < 3 {
				desert[p.id] = true
			}
		}
	}
	// One reciprocal pair: two people who give each other (almost) all their recognition.
	var pair []demoRecPerson
	for i := len(people) - 1; i >= 0 && len(pair) < 2; i-- {
		p := people[i]
		if !desert[p.id] && p.left.IsZero() && !slices.Contains([]string{"agent", "manager", "newhire"}, p.employeeID) {
			pair = append(pair, p)
		}
	}
	inPair := map[int64]bool{}
	for _, p := range pair {
		inPair[p.id] = true
	}

	recStmt, err := tx.PrepareContext(ctx, `INSERT INTO recognitions (source, giver_id, badge_id, value_id, message, team, channel,
		customer_words, praised_on, qa_score, uses_allowance, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return fmt.Errorf("store: demo recognitions: %w", err)
	}
	defer recStmt.Close()
	rcpStmt, err := tx.PrepareContext(ctx, "INSERT INTO recognition_recipients (recognition_id, person_id) VALUES (?, ?)")
	if err != nil {
		return fmt.Errorf("store: demo recognitions: %w", err)
	}
	defer rcpStmt.Close()
	reactStmt, err := tx.PrepareContext(ctx, "INSERT INTO recognition_reactions (recognition_id, person_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
	if err != nil {
		return fmt.Errorf("store: demo reactions: %w", err)
	}
	defer reactStmt.Close()
	commentStmt, err := tx.PrepareContext(ctx, "INSERT INTO recognition_comments (recognition_id, person_id, body, created_at) VALUES (?, ?, ?, ?)")
	if err != nil {
		return fmt.Errorf("store: demo comments: %w", err)
	}
	defer commentStmt.Close()

	insert := func(at time.Time, source string, giver demoRecPerson, recipients []demoRecPerson, team string, badge *badgeInfo, value any, message string, extra ...any) (int64, error) {
		var badgeID any
		if badge != nil {
			badgeID = badge.id
			if value == nil {
				value = badge.value
			}
		}
		if badgeID == nil && value == nil {
			value = val(rng.IntN(4))
			if value == nil { // no values at all: a peer badge carries the recognition
				badgeID, value = created[0].id, created[0].value
			}
		}
		channel, words, praised, qa := "", "", any(nil), any(nil)
		if len(extra) == 4 {
			channel, words, praised, qa = extra[0].(string), extra[1].(string), extra[2], extra[3]
		}
		var id int64
		if err := recStmt.QueryRowContext(ctx, source, giver.id, badgeID, value, message, team, channel, words, praised, qa,
			source == SourcePeer, at.Format(time.RFC3339)).Scan(&id); err != nil {
			return 0, fmt.Errorf("store: demo recognitions: %w", err)
		}
		for _, r := range recipients {
			if _, err := rcpStmt.ExecContext(ctx, id, r.id); err != nil {
				return 0, fmt.Errorf("store: demo recipients: %w", err)
			}
		}
		// Reactions and the odd comment from colleagues active at the time.
		for i, n := 0, rng.IntN(7); i < n; i++ {
			p := people[rng.IntN(len(people))]
			if p.activeOn(at) && p.id != giver.id {
				if _, err := reactStmt.ExecContext(ctx, id, p.id, at.Add(time.Duration(1+rng.IntN(300))*time.Minute).Format(time.RFC3339)); err != nil {
					return 0, fmt.Errorf("store: demo reactions: %w", err)
				}
			}
		}
		if rng.IntN(100) < 15 {
			p := people[rng.IntN(len(people))]
			if p.activeOn(at) {
				if _, err := commentStmt.ExecContext(ctx, id, p.id, demoComments[rng.IntN(len(demoComments))],
					at.Add(time.Duration(5+rng.IntN(600))*time.Minute).Format(time.RFC3339)); err != nil {
					return 0, fmt.Errorf("store: demo comments: %w", err)
				}
			}
		}
		return id, nil
	}

	target := 1500
	if n := len(people) * 40; n < target {
		target = n // a small organisation gets a proportionate year
	}
	monthly := map[string]int{}  // giver and month → peer recognitions (the allowance of 10)
	recent := map[[2]int64]int{} // giver → recipient in the last 90 days (no accidental reciprocal pairs)
	recentSince := now.AddDate(0, 0, -FairnessDays+1)
	desertSince := now.AddDate(0, 0, -DesertDays-1)
	pickBadge := func(by ...string) *badgeInfo {
		var ok []int
		for i, b := range created {
			if slices.Contains(by, b.by) {
				ok = append(ok, i)
			}
		}
		if len(ok) == 0 || rng.IntN(100) < 35 {
			return nil // a value only
		}
		return &created[ok[rng.IntN(len(ok))]]
	}
	var lastID int64
	made := 0
	for tries := 0; made < target && tries < target*20; tries++ {
		at := now.Add(-time.Duration(rng.Int64N(int64(365 * 24 * time.Hour))))
		to := people[rng.IntN(len(people))]
		if !to.activeOn(at) || desert[to.id] && at.After(desertSince) {
			continue
		}
		roll := rng.IntN(100)
		var id int64
		switch {
		case roll < 8 && to.managerID != 0 && byID[to.managerID].activeOn(at): // customer praise recorded by the manager
			ch := PraiseChannels[rng.IntN(len(PraiseChannels))]
			id, err = insert(at, SourceCustomer, byID[to.managerID], []demoRecPerson{to}, "", pickBadge(AwardPeers, AwardManagers), nil,
				demoCustomerNotes[rng.IntN(len(demoCustomerNotes))], ch, demoCustomerWords[rng.IntN(len(demoCustomerWords))], Day(at).AddDate(0, 0, -rng.IntN(4)).Format(DateLayout), nil)
		case roll < 15 && to.managerID != 0 && byID[to.managerID].activeOn(at): // QA commendation
			id, err = insert(at, SourceQA, byID[to.managerID], []demoRecPerson{to}, "", nil, val(rng.IntN(4)),
				demoQANotes[rng.IntN(len(demoQANotes))], "", "", nil, 92+rng.IntN(9))
		case roll < 25 && to.managerID != 0 && byID[to.managerID].activeOn(at): // manager commendation
			id, err = insert(at, SourceManager, byID[to.managerID], []demoRecPerson{to}, "", pickBadge(AwardPeers, AwardManagers), nil,
				demoMessages[rng.IntN(len(demoMessages))])
		default: // peer recognition, sometimes to the whole team
			giver := people[rng.IntN(len(people))]
			key := fmt.Sprintf("%d:%s", giver.id, at.Format("2006-01"))
			pairKey := [2]int64{giver.id, to.id}
			limit := DefaultMonthlyAllowance
			if giver.employeeID == "agent" && at.Format("2006-01") == now.Format("2006-01") {
				limit = 3 // the demo agent always has recognitions left to give today
			}
			if giver.id == to.id || !giver.activeOn(at) || inPair[giver.id] || monthly[key] >= limit ||
				at.After(recentSince) && recent[pairKey] >= ReciprocalMin-1 {
				continue
			}
			recipients, team := []demoRecPerson{to}, ""
			if roll >= 95 && giver.team != "" {
				team, recipients = giver.team, nil
				for _, m := range teams[giver.team] {
					if m.id != giver.id && m.activeOn(at) {
						if desert[m.id] && at.After(desertSince) {
							recipients = nil
							break
						}
						recipients = append(recipients, m)
					}
				}
				if len(recipients) == 0 {
					continue
				}
			}
			monthly[key]++
			if at.After(recentSince) && team == "" {
				recent[pairKey]++
			}
			id, err = insert(at, SourcePeer, giver, recipients, team, pickBadge(AwardPeers), nil, demoMessages[rng.IntN(len(demoMessages))])
		}
		if err != nil {
			return err
		}
		if id != 0 {
			made++
			lastID = id
		}
	}

	// In manager's team, only the chosen few go without recognition for 60 days: everyone
	// else gets a recent commendation from the manager if chance left them out.
	if m, ok := byEmp["manager"]; ok {
		for _, p := range people {
			if p.managerID != m.id || desert[p.id] || !p.activeOn(now) {
				continue
			}
			var recentN int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM recognition_recipients rr JOIN recognitions r ON r.id = rr.recognition_id
				WHERE rr.person_id = ? AND r.created_at >= ?`, p.id, now.AddDate(0, 0, -30).Format(time.RFC3339)).Scan(&recentN); err != nil {
				return fmt.Errorf("store: demo: %w", err)
			}
			if recentN == 0 {
				if _, err := insert(now.AddDate(0, 0, -1-rng.IntN(20)), SourceManager, m, []demoRecPerson{p}, "", pickBadge(AwardPeers, AwardManagers), nil,
					demoMessages[rng.IntN(len(demoMessages))]); err != nil {
					return err
				}
			}
		}
	}
	// The reciprocal pair: four recognitions each way in the last 90 days, nothing else given.
	if len(pair) == 2 {
		for i := 0; i < 8; i++ {
			a, b := pair[i%2], pair[1-i%2]
			at := now.AddDate(0, 0, -5-i*9)
			if !a.activeOn(at) || !b.activeOn(at) {
				continue
			}
			if _, err := insert(at, SourcePeer, a, []demoRecPerson{b}, "", pickBadge(AwardPeers), nil, demoMessages[(i*7)%len(demoMessages)]); err != nil {
				return err
			}
		}
	}
	// One hidden item, with its reason in the audit log.
	if lastID != 0 {
		var moderator int64
		if l, ok := byEmp["leader"]; ok {
			moderator = l.id
		}
		reason := "Duplicate of an earlier post / 与之前的帖子重复"
		if _, err := tx.ExecContext(ctx, "UPDATE recognitions SET hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE id = ?",
			stamp, nullID(moderator), reason, lastID); err != nil {
			return fmt.Errorf("store: demo hide: %w", err)
		}
		if _, err := s.record(ctx, tx, Event{Key: EventRecognitionHide, Actor: moderator, Subject: Ref{RefRecognition, lastID}, Args: []Arg{Plain(reason)}}); err != nil {
			return err
		}
	}
	// System badges for every success and milestone the demo's history holds, each dated
	// when it was earned.
	for _, key := range []string{BadgeOnboarding, BadgeStrategyUnderstood, BadgeTenure1, BadgeTenure3, BadgeTenure5} {
		if err := s.backfillSystemBadge(ctx, tx, key); err != nil {
			return err
		}
	}
	// The demo agent has a notification waiting.
	if a, ok := byEmp["agent"]; ok {
		var rid int64
		err := tx.QueryRowContext(ctx, `SELECT r.id FROM recognitions r JOIN recognition_recipients rr ON rr.recognition_id = r.id
			WHERE rr.person_id = ? AND r.hidden_at IS NULL AND r.giver_id IS NOT NULL ORDER BY r.created_at DESC LIMIT 1`, a.id).Scan(&rid)
		if err == nil {
			var giver int64
			tx.QueryRowContext(ctx, "SELECT giver_id FROM recognitions WHERE id = ?", rid).Scan(&giver)
			if err := s.recordAndNotify(ctx, tx, Event{Key: EventRecognitionGiven, Actor: giver, Subject: Ref{RefRecognition, rid}}, a.id); err != nil {
				return err
			}
		}
	}
	return nil
}

func demoRecognitionValues(ctx context.Context, tx *sql.Tx, stamp string) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM culture_values").Scan(&n); err != nil {
		return fmt.Errorf("store: demo values: %w", err)
	}
	if n > 0 {
		return nil // the culture hub's demo (or an admin) already wrote them
	}
	values := [][4]string{
		{"Customer-centred", "以客户为中心", "We start from what the customer needs and finish when it is solved.", "从客户的需求出发，直到问题解决为止。"},
		{"Teamwork", "团队合作", "The next step in the workflow is our customer too; we help each other win.", "流程中的下一环也是我们的客户；我们互相帮助，共同成功。"},
		{"Treating everyone equally", "平等待人", "Every colleague and every customer deserves the same respect.", "每一位同事和客户都应得到同样的尊重。"},
		{"Incentives and innovation", "激励与创新", "We recognise effort and look for better ways to serve.", "我们认可付出，并不断寻找更好的服务方式。"},
	}
	for i, v := range values {
		if _, err := tx.ExecContext(ctx, `INSERT INTO culture_values (name_en, name_zh, meaning_en, meaning_zh, position, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, v[0], v[1], v[2], v[3], i+1, stamp); err != nil {
			return fmt.Errorf("store: demo values: %w", err)
		}
	}
	return nil
}

func demoRecognitionPeople(ctx context.Context, tx *sql.Tx) ([]demoRecPerson, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, employee_id, name, team, COALESCE(manager_id, 0), role, hired_on, COALESCE(left_on, '') FROM people ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("store: demo people: %w", err)
	}
	defer rows.Close()
	var out []demoRecPerson
	for rows.Next() {
		var p demoRecPerson
		var hired, left string
		if err := rows.Scan(&p.id, &p.employeeID, &p.name, &p.team, &p.managerID, &p.role, &hired, &left); err != nil {
			return nil, err
		}
		p.hired, _ = ParseDate(hired)
		if left != "" {
			p.left, _ = ParseDate(left)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

var demoMessages = []string{
	"Stayed on the line for 40 minutes to walk an elderly customer through resetting her account, and followed up the next day.",
	"Spotted a billing error affecting a whole street and got it fixed before anyone else had to call.",
	"Took over my queue when my child was ill, without a word of complaint. Thank you!",
	"Turned a furious caller into a fan: listened first, apologised properly, and solved it on the same call.",
	"Wrote the new refund macro that saves us two minutes a chat. The whole team uses it now.",
	"Patiently coached our new hire through her first week of live calls.",
	"Treated a rude customer with the same respect as everyone else and calmed the situation down.",
	"Found the root cause of the repeat delivery complaints and told the logistics team.",
	"Answered every email in the backlog over the holiday weekend so no customer waited.",
	"Explained a complicated contract in plain words; the customer said it was the first time anyone had.",
	"耐心地帮助一位老年客户完成了账户设置，第二天还主动回访确认。",
	"主动替同事顶班，让她能按时去接生病的孩子。",
	"把一位非常生气的客户变成了我们的忠实支持者：先倾听，再真诚道歉，一次通话就解决了问题。",
	"整理了新的常见问题知识库，大家查找答案快多了。",
	"在系统故障期间冷静地安抚客户，并及时向团队同步最新进展。",
	"带着新同事熟悉流程，每天下班前都帮她复盘当天的通话。",
}

var demoComments = []string{
	"Well deserved!", "Great work 👏", "Thank you for this!", "This is what good service looks like.",
	"实至名归！", "向你学习！", "太棒了，谢谢你！",
}

var demoCustomerWords = []string{
	"She was so patient with me. I have never had such a helpful call with any company.",
	"He fixed in ten minutes what I had been fighting for three weeks. Please thank him.",
	"The agent explained everything clearly and called me back exactly when she said she would.",
	"客服非常耐心，一直帮我解决到问题完全处理好为止，非常感谢！",
	"这是我遇到过最专业、最友善的客服，请一定转达我的谢意。",
}

var demoCustomerNotes = []string{
	"A customer wrote in to thank them by name after a difficult case was resolved.",
	"Named by the customer in the satisfaction survey as the reason they stayed with us.",
	"客户在满意度调查中点名表扬，称其服务专业、耐心。",
}

var demoQANotes = []string{
	"Near-perfect QA score: textbook opening and closing, accurate information, genuine empathy throughout.",
	"Outstanding QA review: resolved a complex issue on first contact and documented it perfectly.",
	"质检得分优异：开场和结束语规范，信息准确，全程体现出真诚的同理心。",
}
