package views

// reportMessages: the 80% report's department → team drill-down and the trend chart.
var reportMessages = []message{
	{"report.all_departments", "← All departments", "← 全部部门"},
	{"report.teams_in", "Teams in %s", "%s 的团队"},
	{"report.people_in", "Everyone counted in %s", "%s 的全部统计对象"},
	{"report.search_team", "Find a team", "查找团队"},
	{"report.no_match", "No team matches “%s”.", "没有与“%s”匹配的团队。"},
	{"report.eligible", "Eligible", "统计人数"},
	{"report.needed", "People needed", "还需人数"},
	{"report.rows_shown", "Showing %s–%s of %s", "第 %s–%s 项，共 %s 项"},
	{"report.pages", "Pages", "分页"},
	{"report.prev", "Previous", "上一页"},
	{"report.next", "Next", "下一页"},
	{"report.no_one_eligible", "no one eligible", "无人符合条件"},
}
