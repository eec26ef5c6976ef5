package views

// cultureMessages: the culture area.
var cultureMessages = []message{
	{"problem.culture_published_row", "This was published: it cannot be emptied. Tick “Retire” to hide it from new use.", "此项已发布，不能清空。如不再使用，请勾选“停用”。"},
	{"problem.culture_published_missing", "Published values and priorities cannot be deleted (record %s); retire them instead.", "已发布的价值观和战略重点不能删除（记录 %s），请改为停用。"},
	{"problem.culture_no_values", "Publish at least one value.", "至少需要发布一条价值观。"},
}
