package views

// checksMessages: the checks area.
var checksMessages = []message{}
