package views

// trainingMessages: the training area.
var trainingMessages = []message{}
