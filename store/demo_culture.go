package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"
)

// demoCultureDoc is the demo organisation's culture; second is version 2, which renames a
// value (same id), rewords the mission, adds behaviours and adds a priority.
func demoCultureDoc(second bool) CultureDoc {
	d := CultureDoc{
		Vision: Text{EN: "To be the service team customers **recommend** and people **want to work in**.",
			ZH: "成为客户愿意**推荐**、员工**乐于加入**的服务团队。"},
		Mission: Text{EN: "We solve each customer's problem at the first contact, with care, so that they never need to contact us twice.",
			ZH: "用心在首次接触时解决每位客户的问题，让客户无需再次联系我们。"},
		Strategy: Text{EN: "Our service strategy rests on a few priorities. Each one becomes company goals, then department, team and personal goals, so that everyone can see how their work serves it.",
			ZH: "我们的服务战略聚焦以下几项重点。每一项都分解为公司目标，再落实到部门、团队和个人目标，让每个人都清楚自己的工作如何服务于战略。"},
		Priorities: []CulturePriority{
			{Name: Text{EN: "First-contact resolution", ZH: "首次解决"},
				Summary: Text{EN: "Solve the customer's problem in the first call, chat or email: fewer repeat contacts, happier customers, lower cost.",
					ZH: "在第一次通话、在线对话或邮件中解决客户的问题：减少重复来电，提高客户满意度，降低成本。"}},
			{Name: Text{EN: "Service recovery", ZH: "服务补救"},
				Summary: Text{EN: "Turn an unhappy customer into a loyal one: apologise, fix it, follow up.",
					ZH: "把不满意的客户变成忠诚客户：真诚道歉、解决问题、主动回访。"}},
			{Name: Text{EN: "Everyone understands the strategy", ZH: "人人理解战略"},
				Summary: Text{EN: "At least 80% of long-term staff can explain our vision and strategy in their own words (the COPC standard).",
					ZH: "至少 80% 的长期雇员能用自己的话说明我们的愿景和战略（COPC 标准）。"}},
		},
		Values: []CultureValue{
			{Name: Text{EN: "Customer-centred", ZH: "以客户为中心"},
				Meaning: Text{EN: "We start from what the customer needs and own the outcome.", ZH: "从客户的需求出发，对结果负责到底。"},
				Behaviours: Text{EN: "- Listen to the end before answering\n- Repeat the need back in the customer's words\n- Close only when the customer agrees it is solved",
					ZH: "- 听完再回答\n- 用客户的话复述需求\n- 客户确认问题已解决后再结束"}},
			{Name: Text{EN: "Teamwork", ZH: "团队合作"},
				Meaning: Text{EN: "The next step in the workflow is our customer too.", ZH: "流程中的下一环节也是我们的客户。"},
				Behaviours: Text{EN: "- Hand over a case with everything the colleague needs\n- Answer a colleague's question as you would a customer's",
					ZH: "- 转交工单时附上同事所需的全部信息\n- 像对待客户一样回答同事的问题"}},
			{Name: Text{EN: "Equal treatment", ZH: "平等待人"},
				Meaning: Text{EN: "Every colleague and every customer gets the same respect.", ZH: "尊重每一位同事和每一位客户，一视同仁。"},
				Behaviours: Text{EN: "- Same courtesy for every caller, whatever their tone\n- Managers serve their staff: remove obstacles first",
					ZH: "- 无论来电者语气如何，都同样礼貌\n- 管理者服务员工：先为员工扫清障碍"}},
			{Name: Text{EN: "Incentives and innovation", ZH: "激励与创新"},
				Meaning: Text{EN: "We recognise good work and keep trying better ways.", ZH: "认可优秀表现，不断尝试更好的方法。"},
				Behaviours: Text{EN: "- Thank a colleague by name for a specific thing\n- Suggest one improvement from what customers tell you",
					ZH: "- 点名感谢同事做的具体事情\n- 根据客户反馈提出一条改进建议"}},
		},
	}
	if second {
		d.Mission = Text{EN: "We solve each customer's problem at the first contact, with care; we learn from every contact and share what we learn.",
			ZH: "用心在首次接触时解决每位客户的问题；从每一次接触中学习，并分享所学。"}
		d.Priorities = append(d.Priorities, CulturePriority{Name: Text{EN: "Knowledge kept current", ZH: "知识库常新"},
			Summary: Text{EN: "Every answer comes from an up-to-date knowledge base; whoever finds a gap fixes it the same day.",
				ZH: "每个答案都来自最新的知识库；谁发现缺漏，谁当天补上。"}})
		d.Values[0].Behaviours.EN += "\n- Follow up when you promised to"
		d.Values[0].Behaviours.ZH += "\n- 答应回访就按时回访"
		d.Values[2].Name = Text{EN: "Treating everyone equally", ZH: "平等待人"}
	}
	return d
}

// demoCulture publishes two versions of the demo culture (about four months and three weeks
// ago) and acknowledgements: most people read version 1; about six in ten have read
// version 2. The "agent" account read version 1 but not version 2, so its banner shows.
func (s *Store) demoCulture(ctx context.Context, tx *sql.Tx) error {
	today := Day(s.now())
	var leaderID int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE employee_id = 'leader'").Scan(&leaderID); err != nil {
		return fmt.Errorf("store: demo culture: %w", err)
	}
	v1At := today.AddDate(0, 0, -120).Add(9 * time.Hour)
	v2At := today.AddDate(0, 0, -21).Add(10 * time.Hour)
	for i, at := range []time.Time{v1At, v2At} {
		doc := demoCultureDoc(i == 1)
		if i == 1 { // carry the ids given out by version 1
			cur, err := s.cultureWhere(ctx, tx, "v.number = 1")
			if err != nil {
				return err
			}
			for j := range cur.Doc.Priorities {
				doc.Priorities[j].ID = cur.Doc.Priorities[j].ID
			}
			for j := range cur.Doc.Values {
				doc.Values[j].ID = cur.Doc.Values[j].ID
			}
		}
		if err := s.writeCultureDraft(ctx, tx, leaderID, doc); err != nil {
			return err
		}
		n, err := s.publishCultureTx(ctx, tx, leaderID)
		if err != nil {
			return err
		}
		stamp := at.UTC().Format(time.RFC3339)
		// The audit entry tells the same date as the version.
		if _, err := tx.ExecContext(ctx, `UPDATE events SET at = ? WHERE key = ? AND subject_kind = ?
			AND subject_id = (SELECT id FROM culture_versions WHERE number = ?)`, stamp, EventCulturePublish, RefVersion, n); err != nil {
			return fmt.Errorf("store: demo culture: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE culture_versions SET published_at = ?, updated_at = ? WHERE number = ?", stamp, stamp, n); err != nil {
			return fmt.Errorf("store: demo culture: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE culture_values SET created_at = ? WHERE created_at > ?", stamp, stamp); err != nil {
			return fmt.Errorf("store: demo culture: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE strategic_priorities SET created_at = ? WHERE created_at > ?", stamp, stamp); err != nil {
			return fmt.Errorf("store: demo culture: %w", err)
		}
	}
	var v1, v2 int64
	if err := tx.QueryRowContext(ctx, "SELECT (SELECT id FROM culture_versions WHERE number = 1), (SELECT id FROM culture_versions WHERE number = 2)").Scan(&v1, &v2); err != nil {
		return fmt.Errorf("store: demo culture: %w", err)
	}
	rows, err := tx.QueryContext(ctx, "SELECT id, employee_id, hired_on FROM people WHERE left_on IS NULL OR left_on > ? ORDER BY id",
		today.Format(DateLayout))
	if err != nil {
		return fmt.Errorf("store: demo culture: %w", err)
	}
	type who struct {
		id       int64
		employee string
		hired    time.Time
	}
	var people []who
	for rows.Next() {
		var w who
		var hired string
		if err := rows.Scan(&w.id, &w.employee, &hired); err != nil {
			rows.Close()
			return err
		}
		w.hired, _ = ParseDate(hired)
		people = append(people, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO culture_acknowledgements (version_id, person_id, at) VALUES (?, ?, ?)")
	if err != nil {
		return fmt.Errorf("store: demo culture: %w", err)
	}
	defer stmt.Close()
	rng := rand.New(rand.NewPCG(3, 2026))
	ack := func(version, person int64, from time.Time) error {
		at := from.Add(time.Duration(rng.IntN(14*24)) * time.Hour)
		if at.After(s.now()) {
			at = s.now()
		}
		_, err := stmt.ExecContext(ctx, version, person, at.UTC().Format(time.RFC3339))
		return err
	}
	for _, p := range people {
		start1 := v1At
		if p.hired.After(start1) {
			start1 = p.hired
		}
		read1 := p.hired.Before(v2At) && (rng.Float64() < 0.9 || p.employee == "agent" || p.employee == "leader" || p.employee == "manager")
		if read1 {
			if err := ack(v1, p.id, start1); err != nil {
				return fmt.Errorf("store: demo culture: %w", err)
			}
		}
		start2 := v2At
		if p.hired.After(start2) {
			start2 = p.hired
		}
		read2 := rng.Float64() < 0.62
		switch p.employee {
		case "leader", "manager", "admin":
			read2 = true
		case "agent", "newhire":
			read2 = false
		}
		if read2 {
			if err := ack(v2, p.id, start2); err != nil {
				return fmt.Errorf("store: demo culture: %w", err)
			}
		}
	}
	return nil
}
