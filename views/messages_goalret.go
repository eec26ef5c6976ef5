package views

// goalReturnMessages: a goal proposal returned to its owner for changes.
var goalReturnMessages = []message{
	{"goalret.state", "Returned: needs changes", "已退回：需修改"},
	{"goalret.title", "Returned for changes", "已退回修改"},
	{"goalret.by", "Returned by %s on %s:", "%s 于 %s 退回："},
	{"goalret.owner_hint", "Edit the goal as the note asks; saving sends it back for approval.", "请按意见修改目标；保存后将重新提交给经理批准。"},
	{"goalret.waiting", "Waiting for the owner's changes: it is back in the approval queue once they edit it.", "等待负责人修改：修改后将重新进入待批准列表。"},
	{"goalret.flash_reproposed", "“%s” was changed and sent back for approval.", "“%s”已修改并重新提交，等待经理批准。"},
	{"inbox.kind.goal_returned.one", "%s goal proposal returned for changes", "%s 个目标提议被退回修改"},
	{"inbox.kind.goal_returned.other", "%s goal proposals returned for changes", "%s 个目标提议被退回修改"},
}
