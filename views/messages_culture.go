package views

// cultureMessages: the culture area.
var cultureMessages = []message{}
