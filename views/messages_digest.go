package views

// digestMessages: the managers' weekly digest (email) and the channels' weekly digest (chat).
var digestMessages = []message{
	{"digest.subject", "Lodestar: your team's week to %s", "Lodestar：您团队的一周（截至 %s）"},
	{"digest.heading", "Your team's week, %s – %s", "您团队的一周：%s – %s"},
	{"digest.channel_title", "The week in %s, %s – %s", "%s 的一周：%s – %s"},
	{"digest.everyone", "the whole organisation", "全公司"},
	{"digest.recognitions", "Recognitions this week: %s (people recognised: %s)", "本周认可：%s 次（获得认可：%s 人）"},
	{"digest.recognitions_none", "No recognitions this week.", "本周没有认可。"},
	{"digest.deserts", "No recognition in 60 days (%s): %s", "60 天内未获认可：%s 人——%s"},
	{"digest.deserts_count", "People with no recognition in 60 days: %s", "60 天内未获认可的人数：%s"},
	{"digest.deserts_more", "and %s more", "另有 %s 人"},
	{"digest.deserts_none", "Everyone was recognised in the last 60 days.", "过去 60 天内每个人都获得过认可。"},
	{"digest.overdue", "Overdue training assignments: %s (people: %s)", "逾期培训：%s 项（涉及 %s 人）"},
	{"digest.overdue_none", "No overdue training.", "没有逾期的培训。"},
	{"digest.check_needed", "Strategy check “%s”: %s responded (%s of %s), %s understood. %s more people need to understand it to reach %s.",
		"战略理解度检查“%s”：%s 已作答（%s / %s 人），%s 已理解。还需 %s 人理解才能达到 %s。"},
	{"digest.check_reached", "Strategy check “%s”: %s responded (%s of %s), %s understood. The %s target is reached.",
		"战略理解度检查“%s”：%s 已作答（%s / %s 人），%s 已理解。已达到 %s 的目标。"},
	{"digest.no_check", "No strategy check is open.", "目前没有进行中的战略理解度检查。"},
}

// goalAtRiskMessages: the goal.at_risk event (audit log, the manager's notification, channels).
var goalAtRiskMessages = []message{
	{"event.goal.at_risk", "Goal “%[2]s” status: %[3]s (was on track)", "目标“%[2]s”的状态：%[3]s（此前进度正常）"},
	{"notify.goal.at_risk", "The goal “%[2]s” of %[4]s is now: %[3]s (was on track).", "%[4]s 的目标“%[2]s”状态变为：%[3]s（此前进度正常）。"},
	{"channels.event.goal.at_risk", "Goal turned at risk or off track", "目标变为有风险或进度落后"},
	{"dispatch.goal_at_risk", "Goal “%s”: %s (was on track)", "目标“%s”：%s（此前进度正常）"},
	{"dispatch.goal_progress", "Progress %s, %s of its period gone (due %s).", "进度 %s，期限已过 %s（截止日期 %s）。"},
	{"dispatch.goal_owner", "Owner: %s", "负责人：%s"},
}
