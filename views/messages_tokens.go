package views

// tokensMessages: API token expiry and scopes (the rest of the tokens page is in
// messages_import.go), and the problems of a new token.
var tokensMessages = []message{
	{"tokens.expires_on", "Last day it works", "最后有效日期"},
	{"tokens.expires_on_hint", "Optional. From the day after, the token is refused. Leave empty for a token without an end.", "可选。从次日起令牌将被拒绝。留空表示长期有效。"},
	{"tokens.scopes", "What may it change?", "允许修改哪些内容？"},
	{"tokens.scopes_hint", "Every token can read everything the API shows. Tick only what the system must change; with nothing ticked the token only reads.", "所有令牌都可以读取 API 提供的全部内容。请只勾选该系统必须修改的内容；不勾选则令牌只能读取。"},
	{"tokens.scope.people", "People", "人员"},
	{"tokens.scope.recognitions", "Recognitions", "表扬"},
	{"tokens.scope.checks", "Strategy check interviews", "战略理解访谈"},
	{"tokens.scope_hint.people", "(HR sync: PUT /api/v1/people)", "（人事同步：PUT /api/v1/people）"},
	{"tokens.scope_hint.recognitions", "(POST /api/v1/recognitions)", "（POST /api/v1/recognitions）"},
	{"tokens.scope_hint.checks", "(POST /api/v1/understanding/…/interviews)", "（POST /api/v1/understanding/…/interviews）"},
	{"tokens.scopes_column", "May do", "权限"},
	{"tokens.read_only", "Read only", "只读"},
	{"tokens.read_and_write", "Read; change %s", "读取；修改%s"},
	{"tokens.list_separator", ", ", "、"},
	{"tokens.expires_column", "Works until", "有效期至"},
	{"tokens.no_end", "No end", "长期有效"},
	{"tokens.expired", "Expired", "已过期"},
	{"problem.unknown_scope", "Not a scope Lodestar knows: %q. Use read, all, people, recognitions or checks.", "不是 Lodestar 支持的权限范围：“%s”。请使用 read、all、people、recognitions 或 checks。"},
	{"problem.expiry_not_future", "The last day must be after today (got %s).", "最后有效日期必须晚于今天（收到 %s）。"},
	{"problem.expiry_too_far", "At most %s years from today: a token that long-lived is better renewed.", "最长为自今天起 %s 年；长期使用的令牌应定期更换。"},
	{"audit.detail.token", "%s; works until %s", "%s；有效期至 %s"},
}
