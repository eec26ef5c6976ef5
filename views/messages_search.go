package views

// searchMessages: the people directory's search and the person picker (views/picker.templ).
var searchMessages = []message{
	{"people.count_more", "%s+ people", "%s+ 人"},
	{"people.team_hint", "Type a team's name; choose a department first to have its teams suggested.", "请输入团队名称；先选择部门，即可从该部门的团队中选择。"},
	{"picker.find", "Find a colleague", "查找同事"},
	{"picker.find_hint", "Name, pinyin (wang, wxm), employee ID or email.", "姓名、拼音（如 wang、wxm）、工号或邮箱。"},
	{"picker.search", "Search", "搜索"},
	{"picker.matches_label", "Matching colleagues", "符合条件的同事"},
	{"picker.matching.one", "%s colleague matches “%s”.", "有 %s 位同事符合“%s”。"},
	{"picker.matching.other", "%s colleagues match “%s”.", "有 %s 位同事符合“%s”。"},
	{"picker.none", "No colleague matches “%s”. Try part of a name, its pinyin or an employee ID.", "没有同事符合“%s”。请尝试姓名的一部分、拼音或工号。"},
	{"picker.added", "Chosen: %s.", "已选择：%s。"},
	{"picker.type_more", "Type a name, its pinyin or an employee ID to search.", "请输入姓名、拼音或工号进行搜索。"},
	{"picker.results", "Matches for “%s”", "“%s”的搜索结果"},
	{"picker.my_team", "Your team", "您的团队"},
}
