package views

// recognitionMessages: the recognition area.
var recognitionMessages = []message{}
