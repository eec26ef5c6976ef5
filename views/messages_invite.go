package views

// inviteMessages: invitations, one-time links, forgot password, and email.
var inviteMessages = []message{
	{"audit.invitation.send", "Invitations sent", "发送邀请"},
	{"audit.link.used", "One-time link used", "使用一次性链接"},
	{"audit.password.reset_requested", "Password reset asked for", "申请重置密码"},
	{"audit.email.retry", "Email sent again", "重新发送邮件"},
	{"problem.person_left", "%s has left and cannot be invited.", "%s 已离职，无法邀请。"},
}
