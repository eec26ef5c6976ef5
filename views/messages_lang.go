package views

// langMessages: languages and lenient import (issue 15).
var langMessages = []message{
	{"problem.invalid_choice_allowed", "“%s” is not one of the allowed values: %s.", "“%s”不是允许的取值。允许的取值：%s。"},
}
