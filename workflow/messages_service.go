package workflow

// serviceMessages holds the service's replies and refusals.
var serviceMessages = Catalog{}
