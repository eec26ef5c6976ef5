package views

import (
	"context"
	"testing"
)

// The audit log's data reads in the reader's language: person changes name the fields as
// the form does and translate codes; counts, subjects and dates follow the language.
func TestAuditSubjectsAndDetailsAreTranslated(t *testing.T) {
	zh := WithLocale(context.Background(), Locale{Lang: "zh"})
	en := WithLocale(context.Background(), Locale{Lang: "en"})
	cases := []struct {
		action, subject, detail, wantSubject, wantDetail string
	}{
		{"person.update", "E1", "role: employee → manager; tier: front_line → middle_manager; team: A → ",
			"E1", "角色：员工 → 经理；层级：一线员工 → 中层管理者；团队：A → —"},
		{"person.create", "E2", "王小红 (admin)", "E2", "王小红 (管理员)"},
		{"person.deactivate", "E3", "2026-11-20", "E3", "离职日期 2026年11月20日"},
		{"people.upsert", "import-people hr.csv", "created 3, updated 0", "命令行导入 hr.csv", "新建 3 人，更新 0 人"},
		{"people.upsert", "HR import (web)", "created 3, updated 0", "人事导入（网页）", "新建 3 人，更新 0 人"},
		{"people.upsert", "API token HR sync", "created 0, updated 2", "API 令牌“HR sync”", "新建 0 人，更新 2 人"},
		{"training.rule_create", "course 4", "tier front_line: 208 assigned", "课程 #4", "层级全体成员 · 一线员工：已分配 208 人"},
		{"training.course_publish", "course 4", "revision 2", "课程 #4", "第 2 版"},
		{"training.rule_retire", "rule 3", "", "分配规则 #3", ""},
		{"badge.update", "badge 12", "Customer Champion", "徽章 #12", "Customer Champion"},
		{"recognition.comment_hide", "comment 5 on recognition 7", "rude", "评论 #5（认可 #7）", "rude"},
		{"check.question", "Q4", "written", "Q4", "简答题"},
		{"check.interviews", "Q4", `3 · API token "audit bot"`, "Q4", "3 人 · API 令牌“audit bot”"},
		{"check.remind", "Q4", "12", "Q4", "12 人"},
		{"invitation.send", "invite: cannot sign in yet; team=Team A; since=2026-11-01", "3", "仅限尚无法登录的人员；团队：Team A；添加日期不早于：2026-11-01", "3 人"},
		{"invitation.send", "invite: employee_id=E1 · API token HR", "1", "工号：E1 · API 令牌“HR”", "1 人"},
		{"invitation.send", "invite: everyone · command line", "40", "所有人 · 命令行", "40 人"},
	}
	for _, c := range cases {
		if got := AuditSubjectText(zh, c.subject); got != c.wantSubject {
			t.Errorf("%s subject: %q, want %q", c.action, got, c.wantSubject)
		}
		if got := AuditDetailText(zh, c.action, c.detail); got != c.wantDetail {
			t.Errorf("%s detail: %q, want %q", c.action, got, c.wantDetail)
		}
	}
	if got := AuditDetailText(en, "person.update", "role: employee → manager"); got != "Role: Employee → Manager" {
		t.Errorf("English change: %q", got)
	}
	// Text people typed passes through untouched.
	if got := AuditDetailText(zh, "recognition.hide", "Duplicate post"); got != "Duplicate post" {
		t.Errorf("a typed reason was rewritten: %q", got)
	}
}
