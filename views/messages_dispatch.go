package views

// dispatchMessages: what team chat channels are told, in the channel's language.
var dispatchMessages = []message{
	{"dispatch.recognised", "%s recognised %s", "%s 认可了 %s"},
	{"dispatch.recognised_badge", "%s recognised %s: %s", "%s 认可了 %s：%s"},
	{"dispatch.badge_earned", "%s earned the badge %s", "%s 获得了徽章“%s”"},
	{"dispatch.value", "Value: %s", "价值观：%s"},
	{"dispatch.culture_published", "A new version of our culture is published", "公司文化发布了新版本"},
	{"dispatch.culture_body", "Read what changed and confirm you have read it.", "请查看修改内容并确认已阅读。"},
	{"dispatch.check_opened", "Strategy check “%s” is open until %s", "战略理解度检查“%s”已开始，截止日期 %s"},
	{"dispatch.check_opened_body", "Show that you can explain our vision and strategy.", "请展示您对公司愿景和战略的理解。"},
	{"dispatch.check_closing", "Strategy check “%s” closes on %s", "战略理解度检查“%s”将于 %s 截止"},
	{"dispatch.check_closing_body", "If you have not answered yet, there are three days left.", "如果您还没有作答，还剩三天时间。"},
	{"dispatch.check_closed", "Strategy check “%s” closed", "战略理解度检查“%s”已结束"},
	{"dispatch.check_result", "%s understood the vision and strategy (%s of %s long-term staff; the target is 80%%).", "%s 的长期员工理解公司愿景和战略（%s / %s 人；目标为 80%%）。"},
}

// emailNotifyMessages: the notification emails.
var emailNotifyMessages = []message{
	{"emailnotify.subject", "Lodestar: %s", "Lodestar：%s"},
	{"emailnotify.open", "Open in Lodestar", "在 Lodestar 中查看"},
	{"emailnotify.footer", "You get this email because you chose: %s.", "您收到此邮件，是因为您选择了：%s。"},
	{"emailnotify.unsubscribe", "Stop these emails", "停止接收此类邮件"},
}
