// Package workflow is the incident domain: the incident and its phases, roles,
// severity, decisions, status updates and timeline, the shared /incident command
// grammar, and the service that applies commands through a Store.
//
// It imports no Slack and no SQL. Adapters (bot/console, bot/slackbot) parse nothing
// themselves: they hand the text to Service.Execute and render the Reply.
package workflow
