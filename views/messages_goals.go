package views

// goalsMessages: the goals area.
var goalsMessages = []message{}
