package views

// tokensMessages: API token expiry and scopes (the rest of the tokens page is in
// messages_import.go), and the problems of a new token.
var tokensMessages = []message{
	{"tokens.expires_on", "Last day it works", "最后有效日期"},
	{"tokens.expires_on_hint", "Optional. The token works until the end of this day (today at the earliest, five years ahead at the latest) and is refused from the next day. Leave empty for a token without an end.", "可选。令牌在该日结束前有效（最早可选今天，最晚为五年后），次日起将被拒绝。留空表示长期有效。"},
	{"tokens.scopes", "What may it change?", "允许修改哪些内容？"},
	{"tokens.scopes_hint", "Every token can read everything the API shows. Tick only what the system must change; with nothing ticked the token only reads.", "所有令牌都可以读取 API 提供的全部内容。请只勾选该系统必须修改的内容；不勾选则令牌只能读取。"},
	{"tokens.scope.people", "People", "人员"},
	{"tokens.scope.recognitions", "Recognitions", "认可"},
	{"tokens.scope.checks", "Strategy check interviews", "战略理解度检查访谈"},
	{"tokens.scope_hint.people", "(HR sync: PUT /api/v1/people)", "（人事同步：PUT /api/v1/people）"},
	{"tokens.scope_hint.recognitions", "(POST /api/v1/recognitions)", "（POST /api/v1/recognitions）"},
	{"tokens.scope_hint.checks", "(POST /api/v1/understanding/…/interviews)", "（POST /api/v1/understanding/…/interviews）"},
	{"tokens.scope.channels", "Team chat channels", "团队群聊频道"},
	{"tokens.scope_hint.channels", "(POST /api/v1/channels)", "（POST /api/v1/channels）"},
	{"tokens.scopes_column", "May do", "权限"},
	{"tokens.read_only", "Read only", "只读"},
	{"tokens.read_and_write", "Read; change %s", "读取；修改%s"},
	{"tokens.list_separator", ", ", "、"},
	{"tokens.expires_column", "Works until", "有效期至"},
	{"tokens.no_end", "No end", "长期有效"},
	{"tokens.expired", "Expired", "已过期"},
	{"problem.unknown_scope", "Not a scope Lodestar knows: \"%s\". Use read, all, people, recognitions or checks.", "不是 Lodestar 支持的权限范围：“%s”。请使用 read、all、people、recognitions 或 checks。"},
	{"problem.expiry_past", "The last day must be today or later.", "最后有效日期不能早于今天。"},
	{"problem.expiry_too_far", "The last day can be %s at the latest (five years from today): a token meant to last longer is better replaced then.", "最后有效日期最晚为 %s（自今天起五年）；需要长期使用的令牌，请到期后换发新令牌。"},
	{"audit.detail.token", "%s; works until %s", "%s；有效期至 %s"},
}
