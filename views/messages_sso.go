package views

// ssoMessages: single sign-on (OpenID Connect) — the "Sign in with …" block, the refusals
// on the sign-in page, the admin pages and the audit entries.
var ssoMessages = []message{
	{"audit.sso_provider.create", "Added a single sign-on provider", "添加了单点登录提供方"},
	{"audit.sso_provider.update", "Changed a single sign-on provider", "修改了单点登录提供方"},
	{"audit.sso.sign_in", "Signed in with single sign-on", "通过单点登录登录"},
	{"problem.sso_invalid_key", "Use 1–40 lower-case letters, digits or hyphens, starting with a letter or digit (got %q).", "请使用 1–40 个小写字母、数字或连字符，并以字母或数字开头（收到 %q）。"},
	{"problem.sso_key_taken", "Another provider already uses the key %q.", "已有其他提供方使用标识 %q。"},
	{"problem.sso_invalid_issuer", "Enter the issuer as a full URL starting with https:// (got %q).", "请以 https:// 开头填写完整的颁发者 URL（收到 %q）。"},
	{"problem.sso_invalid_domain", "Not an email domain: %q. Write domains like contoso.com, separated by spaces or commas.", "不是有效的邮箱域名：%q。请按 contoso.com 的格式填写，用空格或逗号分隔。"},
}
