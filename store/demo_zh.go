package store

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
)

// The demo organisation and `lodestar gen` write their content in English first; this file
// gives every department, team, job title, goal title, KPI name and check title they use its
// Chinese name, so a Chinese page on the demo shows no English content but people's names.

// demoChinese names the fixed English texts of the demo and gen.
var demoChinese = map[string]string{
	// Departments and their sites (gen: "Inbound Voice · Chengdu").
	"Inbound Voice":                 "呼入语音部",
	"Chat & Email":                  "在线与邮件部",
	"Complaints & Service Recovery": "投诉与服务补救部",
	"Quality Assurance":             "质量保证部",
	"Workforce Management":          "人力调度部",
	"Customer Service":              "客户服务部",
	"Chengdu":                       "成都",
	"Manila":                        "马尼拉",
	"Dublin":                        "都柏林",
	"Kraków":                        "克拉科夫",
	"Cape Town":                     "开普敦",
	"Austin":                        "奥斯汀",
	"Leeds":                         "利兹",
	"Shenzhen":                      "深圳",
	"Wuhan":                         "武汉",
	"Cebu":                          "宿务",
	"Porto":                         "波尔图",
	"Bogotá":                        "波哥大",
	"Pune":                          "浦那",
	"Xi'an":                         "西安",
	"Glasgow":                       "格拉斯哥",
	"Nairobi":                       "内罗毕",
	"Hangzhou":                      "杭州",
	"Belfast":                       "贝尔法斯特",
	"Davao":                         "达沃",
	"Tianjin":                       "天津",
	// Teams without a number.
	"Leadership": "管理层",
	"Planning":   "计划组",
	"Real-Time":  "实时监控组",
	"Operations": "运营组",
	// Job titles.
	"Systems Administrator":         "系统管理员",
	"Team Lead":                     "组长",
	"Customer Service Agent":        "客服专员",
	"Senior Customer Service Agent": "高级客服专员",
	"Chat Agent":                    "在线客服专员",
	"Senior Chat Agent":             "高级在线客服专员",
	"Email Support Agent":           "邮件客服专员",
	"Senior Email Support Agent":    "高级邮件客服专员",
	"Complaints Team Lead":          "投诉组组长",
	"Complaints Handler":            "投诉处理专员",
	"Senior Complaints Handler":     "高级投诉处理专员",
	"Service Recovery Lead":         "服务补救组组长",
	"Service Recovery Specialist":   "服务补救专员",
	"Customer Advocate":             "客户权益专员",
	"QA Team Lead":                  "质检组组长",
	"Quality Analyst":               "质量分析师",
	"Senior Quality Analyst":        "高级质量分析师",
	"Customer Insight Analyst":      "客户洞察分析师",
	"Coaching Specialist":           "辅导专员",
	"Planning Manager":              "计划经理",
	"Workforce Planner":             "人力规划师",
	"Scheduling Analyst":            "排班分析师",
	"Forecasting Analyst":           "预测分析师",
	"Real-Time Manager":             "实时监控经理",
	"Real-Time Analyst":             "实时监控分析师",
	"Reporting Analyst":             "报表分析师",
	"Senior Team Manager":           "高级团队经理",
	"Operations Manager":            "运营经理",
	"Senior Real-Time Analyst":      "高级实时监控分析师",
	// Goal titles and KPI names.
	"Customer satisfaction 90%":                  "客户满意度达到 90%",
	"First-contact resolution 80%":               "首次联络解决率达到 80%",
	"Average handle time down to 360 s":          "平均处理时长降至 360 秒",
	"Agent attrition below 18%":                  "客服流失率低于 18%",
	"12 training hours per agent per quarter":    "每位客服每季度培训 12 小时",
	"Cost per contact down to ¥27":               "单次联络成本降至 ¥27",
	"Net Promoter Score 35":                      "净推荐值达到 35",
	"Quality assurance score 92%":                "质检得分达到 92%",
	"Customer satisfaction (CSAT)":               "客户满意度（CSAT）",
	"First-contact resolution":                   "首次联络解决率",
	"Average handle time":                        "平均处理时长",
	"Annualised agent attrition":                 "客服年化流失率",
	"Training hours per agent":                   "人均培训时长",
	"Cost per contact":                           "单次联络成本",
	"Net Promoter Score":                         "净推荐值",
	"QA score":                                   "质检得分",
	"My CSAT at 91%":                             "我的客户满意度达到 91%",
	"Resolve 82% on the first call":              "首次来电解决率达到 82%",
	"My customer satisfaction":                   "我的客户满意度",
	"My first-contact resolution":                "我的首次联络解决率",
	"Learn the billing system in my first month": "入职首月掌握计费系统",
	"Billing calls handled without help":         "独立处理的计费来电占比",
	"Lift my first-contact resolution":           "提升我的首次联络解决率",
	"Raise my customer satisfaction score":       "提高我的客户满意度得分",
	"Improve my QA score":                        "提高我的质检得分",
	"CSAT":                                       "客户满意度",
	// Check titles.
	"Q2 strategy check": "第二季度战略理解度检查",
	"Q3 strategy check": "第三季度战略理解度检查",
	"Q4 strategy check": "第四季度战略理解度检查",
}

// demoTeamKinds name the numbered teams: "Voice Team 3" → "语音3组".
var demoTeamKinds = map[string]string{
	"Voice Team": "语音", "Chat Team": "在线", "Email Team": "邮件", "Complaints Team": "投诉",
	"Service Recovery Team": "服务补救", "QA Team": "质检", "Real-Time Team": "实时监控",
}

var demoNumbered = regexp.MustCompile(`^(.*?) ?(\d+)$`)

// demoZH is the Chinese of one demo or gen text, "" when it has none.
func demoZH(en string) string {
	if zh, ok := demoChinese[en]; ok {
		return zh
	}
	if rest, ok := strings.CutPrefix(en, "Head of "); ok { // "Head of Inbound Voice"
		if zh := demoZH(rest); zh != "" {
			return zh + "负责人"
		}
	}
	if unit, goal, ok := strings.Cut(en, ": "); ok { // "Voice Team 1: Customer satisfaction 90%"
		if u, g := demoZH(unit), demoZH(goal); u != "" && g != "" {
			return u + "：" + g
		}
	}
	if dept, site, ok := strings.Cut(en, " · "); ok { // "Inbound Voice · Chengdu 2"
		if d, s := demoZH(dept), demoZH(site); d != "" && s != "" {
			return d + " · " + s
		}
	}
	if m := demoNumbered.FindStringSubmatch(en); m != nil {
		if kind, ok := demoTeamKinds[m[1]]; ok {
			return kind + m[2] + "组"
		}
		if site, ok := demoChinese[m[1]]; ok { // "Chengdu 2", a site's second department
			return site + " " + m[2]
		}
		for k, kind := range demoTeamKinds { // "Chengdu Voice Team 3"
			if site, ok := strings.CutSuffix(m[1], " "+k); ok && demoChinese[site] != "" {
				return demoChinese[site] + kind + m[2] + "组"
			}
		}
	}
	return ""
}

// demoBilingual writes the Chinese of every demo department, team, job title, goal and
// check (called last by LoadDemo and Generate, inside their transaction). One statement per
// distinct text, so 100,000 generated people cost a few dozen updates.
func (s *Store) demoBilingual(ctx context.Context, tx *sql.Tx) error {
	each := func(query string, fn func(en, zh string) error) error {
		texts, err := distinctTexts(ctx, tx, query)
		if err != nil {
			return err
		}
		for _, en := range texts {
			if zh := demoZH(en); zh != "" {
				if err := fn(en, zh); err != nil {
					return fmt.Errorf("store: demo Chinese: %w", err)
				}
			}
		}
		return nil
	}
	exec := func(q string) func(en, zh string) error {
		return func(en, zh string) error {
			_, err := tx.ExecContext(ctx, q, zh, en)
			return err
		}
	}
	unit := func(kind string) func(en, zh string) error {
		return func(en, zh string) error { return setUnitNameZH(ctx, tx, kind, en, zh) }
	}
	steps := []struct {
		query string
		fn    func(en, zh string) error
	}{
		{"SELECT DISTINCT title FROM people WHERE title_zh = ''", exec("UPDATE people SET title_zh = ? WHERE title = ? AND title_zh = ''")},
		{"SELECT department FROM people UNION SELECT department FROM goals", unit(UnitDepartment)},
		{"SELECT team FROM people UNION SELECT team FROM goals", unit(UnitTeam)},
		{"SELECT DISTINCT title FROM goals WHERE title_zh = ''", exec("UPDATE goals SET title_zh = ? WHERE title = ? AND title_zh = ''")},
		{"SELECT DISTINCT kpi FROM goals WHERE kpi_zh = ''", exec("UPDATE goals SET kpi_zh = ? WHERE kpi = ? AND kpi_zh = ''")},
		{"SELECT DISTINCT title FROM checks WHERE title_zh = ''", exec("UPDATE checks SET title_zh = ? WHERE title = ? AND title_zh = ''")},
	}
	for _, st := range steps {
		if err := each(st.query, st.fn); err != nil {
			return err
		}
	}
	return nil
}

func distinctTexts(ctx context.Context, tx *sql.Tx, query string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("store: demo Chinese: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("store: demo Chinese: %w", err)
		}
		if v != "" {
			out = append(out, v)
		}
	}
	return out, rows.Err()
}
