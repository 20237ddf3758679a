package workflow

// grammarMessages holds the parser's errors, usage lines and help.
var grammarMessages = Catalog{}
