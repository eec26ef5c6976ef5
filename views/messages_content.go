package views

// contentMessages: bilingual content (issue 15) — the English and Chinese fields of titles
// and names that people write for others to read.
var contentMessages = []message{
	{"content.title_en", "Title (English)", "标题（英文）"},
	{"content.title_zh", "Title (Chinese)", "标题（中文）"},
	{"content.kpi_en", "KPI (English)", "考核指标（英文）"},
	{"content.kpi_zh", "KPI (Chinese)", "考核指标（中文）"},
	{"content.job_title_en", "Job title (English)", "职位（英文）"},
	{"content.job_title_zh", "Job title (Chinese)", "职位（中文）"},
	{"content.department_zh", "Department (Chinese)", "部门（中文）"},
	{"content.team_zh", "Team (Chinese)", "团队（中文）"},
	{"content.both_hint", "Fill in at least one language. Readers see their own language, or the other one when theirs is empty.", "请至少填写一种语言。读者看到的是自己的语言；该语言为空时显示另一种语言。"},
	{"content.unit_zh_hint", "Shared by everyone in the unit; leave it empty to keep the Chinese name already recorded.", "该名称由同一部门或团队的所有人共用；留空则保留已有的中文名称。"},
	{"content.name_zh", "Chinese name", "中文名称"},
	{"content.import_optional", "Optional columns, in Chinese: %s. Files without them stay valid and keep the Chinese names already recorded.", "可选的中文列：%s。不含这些列的文件依然有效，并保留已记录的中文名称。"},
	{"problem.unit_name_conflict", "Another row gives this unit a different Chinese name: %q.", "另一行为该部门或团队填写了不同的中文名称：“%s”。"},
}
