package views

// trainingMessages: the training area (courses, lessons, quizzes, assignments) and the
// question engine's problem codes.
var trainingMessages = []message{
	// Problems of the question engine (store/questions.go).
	{"problem.out_of_range", "Out of range: %s.", "超出范围：%s。"},
	{"problem.too_few_options", "Give at least %s options.", "请至少提供 %s 个选项。"},
	{"problem.exactly_one_correct", "Mark exactly one option as correct.", "请只标记一个正确选项。"},
	{"problem.need_correct_option", "Mark at least one option as correct.", "请至少标记一个正确选项。"},
	{"problem.answer_required", "Answer this question.", "请回答此题。"},
	{"problem.choose_one", "Choose only one answer.", "只能选择一个答案。"},
	{"problem.already_scored", "This attempt has already been scored.", "此次作答已评分。"},
}
