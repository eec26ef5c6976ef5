package views

// goalPickMessages: the goal form's searchable parent picker (views/goals_pick.templ).
var goalPickMessages = []message{
	{"goalpick.find", "Find a goal", "查找目标"},
	{"goalpick.find_hint", "Part of its title in English or Chinese, or its department or team.", "标题的一部分（中英文均可），或所属部门、团队。"},
	{"goalpick.matches_label", "Matching goals", "符合条件的目标"},
	{"goalpick.matching.one", "%s goal matches “%s”.", "有 %s 个目标符合“%s”。"},
	{"goalpick.matching.other", "%s goals match “%s”.", "有 %s 个目标符合“%s”。"},
	{"goalpick.none", "No goal you may choose matches “%s”.", "没有符合“%s”且您可以选择的目标。"},
	{"goalpick.type_more", "Type part of a goal's title to search.", "请输入目标标题的一部分进行搜索。"},
	{"goalpick.suggested", "Goals you may choose", "您可以选择的目标"},
	{"goalpick.more", "More goals match: narrow the search.", "还有更多目标符合条件，请缩小搜索范围。"},
	{"problem.goal_parent_not_allowed", "You may not put a goal under that goal: choose your department's, your teams' or a company goal.", "您不能将目标放在该目标之下：请选择您部门、您团队的目标或公司目标。"},
}
