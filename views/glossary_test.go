package views

import (
	"regexp"
	"strings"
	"testing"

	"lodestar/store"
)

// glossaryTerm is one row of docs/glossary.md: the fixed term in each language, the keys
// that name it, and variants the catalogue must not use instead.
type glossaryTerm struct {
	concept        string
	en, zh, hant   string
	keys           []string // messages whose whole text is the term
	notZH, notHant []string
	notEN          []string
}

// glossary mirrors docs/glossary.md; change both together.
var glossary = []glossaryTerm{
	{concept: "front-line tier", en: "Front line", zh: "一线员工", hant: "一線員工", keys: []string{"tier.front_line"}},
	{concept: "middle-manager tier", en: "Middle manager", zh: "中层管理者", hant: "中層管理者", keys: []string{"tier.middle_manager"}},
	{concept: "senior-leader tier", en: "Senior leader", zh: "高层管理者", hant: "高層管理者", keys: []string{"tier.senior_leader"}},
	{concept: "long-term staff", en: "long-term employee", zh: "长期员工", hant: "長期員工", keys: []string{"tenure.long_term"},
		notZH: []string{"雇员", "长期职员"}, notHant: []string{"僱員", "雇員"}, notEN: []string{"long term employee"}},
	{concept: "strategy check", en: "Strategy check", zh: "战略理解度检查", hant: "策略理解度檢查", keys: []string{"checks.home_title"},
		notZH: []string{"战略理解检查", "战略检查"}, notHant: []string{"戰略", "策略理解檢查"}},
	{concept: "review (of written answers)", en: "review", zh: "评审", hant: "評審",
		notZH: []string{"批阅", "审阅"}, notHant: []string{"批閱", "審閱"}},
	{concept: "badge", en: "Badge", zh: "徽章", hant: "徽章", keys: []string{"recognition.badge_label"}, notZH: []string{"勋章"}, notHant: []string{"勳章"}},
	{concept: "values", en: "Values", zh: "价值观", hant: "價值觀", keys: []string{"culture.section.values"}},
	{concept: "recognition", en: "Recognition", zh: "认可", hant: "認可", keys: []string{"nav.recognition"},
		notZH: []string{"表彰"}, notHant: []string{"表彰"}, notEN: []string{"recogniz"}},
	{concept: "you (polite)", en: "you", zh: "您", hant: "您", notZH: []string{"你"}, notHant: []string{"你"}},
	{concept: "sign in", en: "Sign in", zh: "登录", hant: "登入", keys: []string{"login.title"}, notHant: []string{"登錄"}},
	{concept: "sign out", en: "Sign out", zh: "退出登录", hant: "登出", keys: []string{"shell.sign_out"}},
	{concept: "employee ID", en: "Employee ID", zh: "工号", hant: "員工編號", keys: []string{"people.employee_id"}, notHant: []string{"工號"}},
	{concept: "email", en: "Email", zh: "邮箱", hant: "電子郵件", keys: []string{"people.email"}, notHant: []string{"郵箱"}},
	{concept: "account", en: "account", zh: "账号", hant: "帳號", notHant: []string{"賬號"}},
	{concept: "employment type", en: "Employment type", zh: "用工类型", hant: "僱用類型", keys: []string{"people.employment_type"}, notHant: []string{"型別"}},
	{concept: "publish", en: "Publish", zh: "发布", hant: "發布", keys: []string{"training.publish"}, notHant: []string{"釋出"}},
	{concept: "permission", en: "permission", zh: "权限", hant: "權限", notHant: []string{"許可權"}},
	{concept: "data", en: "data", zh: "数据", hant: "資料", notHant: []string{"數據"}},
	{concept: "settings", en: "Settings", zh: "设置", hant: "設定", notHant: []string{"設置"}},
	{concept: "user", en: "user", zh: "用户", hant: "使用者", notHant: []string{"用戶"}},
	{concept: "default", en: "default", zh: "默认", hant: "預設", notHant: []string{"默認"}},
	{concept: "network", en: "network", zh: "网络", hant: "網路", notHant: []string{"網絡"}},
	{concept: "link", en: "link", zh: "链接", hant: "連結", notHant: []string{"鏈接"}},
	{concept: "QA", en: "QA", zh: "质检", hant: "品檢", notHant: []string{"質檢"}},
}

// Punctuation rules: Chinese quotes with “” (Simplified) or 「」 (Traditional), never
// straight quotes or %q; no punctuation mark directly after another ("天。 ·").
var (
	doubledPunct = regexp.MustCompile(`[。！？，、；：][\s]*[。！？，、；：·]`)
	straightQ    = regexp.MustCompile(`%q|"`)
)

// The catalogue holds to docs/glossary.md in all three languages.
func TestCatalogueFollowsGlossary(t *testing.T) {
	en, zh, hant := Locale{store.LangEN}, Locale{store.LangZH}, Locale{store.LangHant}
	for _, g := range glossary {
		for _, k := range g.keys {
			if got := en.T(k); got != g.en {
				t.Errorf("%s: English %s = %q, glossary says %q", g.concept, k, got, g.en)
			}
			if got := zh.T(k); got != g.zh {
				t.Errorf("%s: 简体 %s = %q, glossary says %q", g.concept, k, got, g.zh)
			}
			if got := hant.T(k); got != g.hant {
				t.Errorf("%s: 繁體 %s = %q, glossary says %q", g.concept, k, got, g.hant)
			}
		}
	}
	for _, set := range messageSets() {
		for _, m := range set {
			h := hantMessages[m.key]
			for _, g := range glossary {
				for _, bad := range g.notZH {
					if strings.Contains(m.zh, bad) {
						t.Errorf("%s: 简体 uses %q, glossary says %q (%s): %s", m.key, bad, g.zh, g.concept, m.zh)
					}
				}
				for _, bad := range g.notHant {
					if strings.Contains(h, bad) {
						t.Errorf("%s: 繁體 uses %q, glossary says %q (%s): %s", m.key, bad, g.hant, g.concept, h)
					}
				}
				for _, bad := range g.notEN {
					if strings.Contains(strings.ToLower(m.en), bad) {
						t.Errorf("%s: English uses %q, glossary says %q (%s): %s", m.key, bad, g.en, g.concept, m.en)
					}
				}
			}
			for lang, text := range map[string]string{"简体": m.zh, "繁體": h} {
				if straightQ.MatchString(text) {
					t.Errorf("%s: straight quotes in %s (use “%%s” or 「%%s」): %s", m.key, lang, text)
				}
				if p := doubledPunct.FindString(text); p != "" {
					t.Errorf("%s: doubled punctuation %q in %s: %s", m.key, p, lang, text)
				}
			}
			if strings.ContainsAny(h, "“”") {
				t.Errorf("%s: 繁體 quotes with 「」, not “”: %s", m.key, h)
			}
		}
	}
}
