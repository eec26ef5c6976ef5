package views

// recognitionMessages: the recognition area.
var recognitionMessages = []message{
	// Problems (store validation codes).
	{"problem.recognition_allowance_range", "Enter a whole number from 0 to 100 (got %q).", "请输入 0 到 100 之间的整数（收到 %q）。"},
	{"problem.recognition_giver_inactive", "Only current employees can give recognition.", "只有在职员工才能给予认可。"},
	{"problem.recognition_source_forbidden", "Only managers, leaders and administrators can record this kind of recognition (%s).", "只有经理、高层管理者和管理员才能记录此类认可（%s）。"},
	{"problem.recognition_to_or_team", "Choose colleagues or a whole team, not both.", "请选择同事或整个团队，不能同时选择。"},
	{"problem.recognition_no_recipient", "Choose at least one colleague or a team.", "请至少选择一位同事或一个团队。"},
	{"problem.recognition_team_empty", "Team %s has nobody else who still works here.", "团队 %s 中没有其他在职成员。"},
	{"problem.recognition_too_many", "Choose at most %s colleagues; for more, recognise their team.", "最多选择 %s 位同事；人数更多时请认可整个团队。"},
	{"problem.recognition_unknown_person", "No colleague with employee ID %q.", "找不到工号为 %q 的同事。"},
	{"problem.recognition_self", "You cannot recognise yourself.", "不能认可自己。"},
	{"problem.recognition_person_left", "%s has left the organisation.", "%s 已离职。"},
	{"problem.recognition_not_your_team", "%s is not in your team: managers commend their own team.", "%s 不在您的团队中：经理只能表扬自己团队的成员。"},
	{"problem.recognition_badge_or_value", "Choose a badge or a value.", "请选择一枚徽章或一项价值观。"},
	{"problem.recognition_badge_retired", "The badge “%s” is retired and can no longer be awarded.", "徽章“%s”已停用，不能再授予。"},
	{"problem.recognition_badge_not_allowed", "You may not award the badge “%s”.", "您无权授予徽章“%s”。"},
	{"problem.recognition_message_short", "Say what they did: at least %s characters.", "请写明对方做了什么：至少 %s 个字符。"},
	{"problem.recognition_future_date", "The date cannot be in the future (%s).", "日期不能晚于今天（%s）。"},
	{"problem.recognition_qa_score", "Enter the QA score as a whole number from 0 to 100 (got %q).", "请以 0 到 100 的整数填写质检分数（收到 %q）。"},
	{"problem.recognition_allowance_used", "You have used all %s peer recognitions for this month. Your allowance renews on the 1st.", "您本月的 %s 次同事认可已用完，下月 1 日恢复。"},
	{"problem.recognition_bad_cursor", "This page link is not valid (%s). Start again from the first page.", "此分页链接无效（%s），请从第一页重新开始。"},

	// Notifications.
	{"notify.recognition_received", "%s recognised you on the praise board.", "%s 在表扬栏上认可了您。"},
	{"notify.recognition_team", "%s recognised someone in your team.", "%s 认可了您团队中的成员。"},
	{"notify.recognition_badge", "You earned a new badge. See it on your profile.", "您获得了一枚新徽章，可在个人资料中查看。"},
	{"notify.recognition_comment", "%s commented on a recognition.", "%s 评论了一条认可。"},
	{"notify.recognition_hidden", "A recognition you gave or received was hidden: %s", "您给予或收到的一条认可已被隐藏：%s"},
	{"notify.recognition_comment_hidden", "A comment on a recognition was hidden: %s", "一条认可下的评论已被隐藏：%s"},
}
