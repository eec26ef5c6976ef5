package views

// inboxMessages: the inbox ("needs you") and the leader's and manager's home tiles.
var inboxMessages = []message{
	{"shell.inbox_count", "Needs you: %d", "待办：%d"},
	{"inbox.title", "Needs you", "待您处理"},
	{"inbox.intro", "What waits on you. Each line goes away by itself once the work is done.", "以下事项在等待您处理。完成后会自动消失。"},
	{"inbox.empty", "Nothing waits on you right now.", "目前没有待您处理的事项。"},
	{"inbox.see_all", "See everything that needs you", "查看全部待办"},
	{"inbox.since", "since %s", "自 %s 起"},
	{"inbox.longest", "longest waiting: %s", "等待最久：%s"},
	{"inbox.kind.training_review.one", "%s written training answer to review", "%s 条培训书面回答待评审"},
	{"inbox.kind.training_review.other", "%s written training answers to review", "%s 条培训书面回答待评审"},
	{"inbox.kind.check_review.one", "%s written check answer to review", "%s 份检查书面回答待评审"},
	{"inbox.kind.check_review.other", "%s written check answers to review", "%s 份检查书面回答待评审"},
	{"inbox.kind.goal_approval.one", "%s goal proposal to approve", "%s 个目标提议待批准"},
	{"inbox.kind.goal_approval.other", "%s goal proposals to approve", "%s 个目标提议待批准"},
	{"inbox.kind.team_overdue.one", "%s overdue course in your team", "团队中有 %s 门课程已逾期"},
	{"inbox.kind.team_overdue.other", "%s overdue courses in your team", "团队中有 %s 门课程已逾期"},
	{"inbox.kind.recognition_desert.one", "%s team member not recognised in 60 days", "团队中有 %s 人 60 天内未获认可"},
	{"inbox.kind.recognition_desert.other", "%s team members not recognised in 60 days", "团队中有 %s 人 60 天内未获认可"},
	{"inbox.kind.check_open.one", "%s open check waits for your answer", "%s 项开放中的检查等待您作答"},
	{"inbox.kind.check_open.other", "%s open checks wait for your answer", "%s 项开放中的检查等待您作答"},
	{"inbox.kind.culture_read.one", "A new culture version to read", "有新版企业文化待您阅读"},
	{"inbox.kind.culture_read.other", "A new culture version to read", "有新版企业文化待您阅读"},
	{"inbox.kind.goal_checkin.one", "%s of your goals has had no check-in for 30 days", "您有 %s 个目标已 30 天未更新进展"},
	{"inbox.kind.goal_checkin.other", "%s of your goals have had no check-in for 30 days", "您有 %s 个目标已 30 天未更新进展"},
}

// homeTileMessages: the leader's and manager's home tiles.
var homeTileMessages = []message{
	{"home.tiles_org", "Your organisation", "全公司概况"},
	{"home.tiles_team", "Your reporting tree", "您的下属团队概况"},
	{"home.tile.days_left.one", "%s day left", "还剩 %s 天"},
	{"home.tile.days_left.other", "%s days left", "还剩 %s 天"},
	{"home.tile.check_change", "%+d points since %s", "%+d 个百分点（与%s相比）"},
	{"home.tile.goals", "Goals at risk or off track", "有风险或进度落后的目标"},
	{"home.tile.goals_counts", "%s at risk · %s off track · of %s active goals", "%s 个有风险 · %s 个进度落后 · 共 %s 个进行中的目标"},
	{"home.tile.goal_behind", "%s done, %s expected by now", "已完成 %s，此时应达 %s"},
	{"home.tile.culture", "Culture version %d read", "第 %d 版企业文化阅读率"},
	{"home.tile.culture_counts", "%s of %s people have read it", "%s 人已阅读（共 %s 人）"},
	{"home.tile.onboarding", "Onboarding", "入职培训"},
	{"home.tile.onboarding_counts", "%s of %s assigned have passed", "%s 人已通过（共分配 %s 人）"},
	{"home.tile.onboarding_overdue.one", "%s overdue", "%s 人逾期"},
	{"home.tile.onboarding_overdue.other", "%s overdue", "%s 人逾期"},
	{"home.tile.desert_counts", "%s of %s people", "%s 人（共 %s 人）"},
}
