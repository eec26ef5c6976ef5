package views

// breakdownMessages: the training matrix's and culture read report's department → team
// drill-downs (views/breakdown.templ).
var breakdownMessages = []message{
	{"breakdown.by_department", "By department", "按部门"},
	{"breakdown.by_team", "Teams", "团队"},
	{"breakdown.people", "People", "人数"},
	{"breakdown.training_done", "Courses passed", "已通过课程"},
	{"breakdown.training_done_text", "%s · %s of %s passed", "%s · 已通过 %s / %s"},
	{"breakdown.training_behind", "Overdue", "逾期"},
	{"breakdown.culture_done", "Read", "已阅读"},
	{"breakdown.culture_done_text", "%s · %s of %s read", "%s · 已阅读 %s / %s"},
	{"breakdown.culture_behind", "Not read", "未阅读"},
	{"breakdown.sort_by", "Sort by", "排序"},
	{"breakdown.team_chosen", "Showing the people of %s.", "正在显示 %s 的人员。"},
}
