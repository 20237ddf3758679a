package slackbot

import (
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
)

// A job is one outbox item's work: what to ask Slack once the change that
// queued it has committed. Jobs that show the incident (card, topic) carry no
// copy of it: they render the incident as it is when delivered, so a card
// update never shows an older state than the last commit.
type job interface{ kind() string }

// jobCreateChannel creates the incident's channel, links it, and invites
// people. A taken name gets a numbered suffix.
type jobCreateChannel struct {
	Name    string   `json:"name"`
	Private bool     `json:"private"`
	Invite  []string `json:"invite"`
}

// jobInvite invites people to the incident's channel.
type jobInvite struct {
	Users []string `json:"users"`
}

// jobCard posts and pins the summary card, or updates it in place.
type jobCard struct{}

// jobTopic sets the channel topic to severity · phase · commander.
type jobTopic struct{}

// jobPost posts a message; an empty Channel is the incident's channel.
type jobPost struct {
	Channel string        `json:"channel,omitempty"`
	Text    string        `json:"text"`
	Blocks  *slack.Blocks `json:"blocks,omitempty"` // a statement's post: its text and buttons
}

// jobRespond answers through a response_url (ephemeral to the person).
type jobRespond struct {
	URL    string        `json:"url"`
	Text   string        `json:"text"`
	Blocks *slack.Blocks `json:"blocks,omitempty"`
}

// jobEphemeral shows a message to one person in a channel.
type jobEphemeral struct {
	Channel string        `json:"channel"`
	User    string        `json:"user"`
	Text    string        `json:"text"`
	Blocks  *slack.Blocks `json:"blocks,omitempty"`
}

// jobReport uploads the incident's report to its channel (report.go).
// Actor is who asked for it (empty: the bot, on entering post-incident or
// on close); Draft titles it as a draft, Final marks the one after close.
// Items queued by an older version carry a response_url, which is no longer
// used: they are uploaded too.
type jobReport struct {
	Format string         `json:"format"`
	Actor  workflow.Actor `json:"actor,omitzero"`
	Draft  bool           `json:"draft,omitempty"`
	Final  bool           `json:"final,omitempty"`
}

// jobCapture adds a reacted-to message to the timeline (or withdraws it):
// reading the message needs the Web API, so it happens after the ack.
type jobCapture struct {
	Channel string         `json:"channel"`
	TS      string         `json:"ts"`
	Actor   workflow.Actor `json:"actor"`
	EventID string         `json:"event_id"`
	Retract bool           `json:"retract"`
}

// jobDM sends one person a direct message: conversations.open (the DM's id
// is then kept in memory), then chat.postMessage with the text and blocks.
type jobDM struct {
	User   string        `json:"user"`
	Text   string        `json:"text"`
	Blocks *slack.Blocks `json:"blocks,omitempty"`
}

// jobGroupDM tells the members of a Slack user group (S…) by DM, with the
// same text a person named by a policy gets. Who is in the group is asked
// when it is delivered (usergroups.users.list): it then queues one jobDM per
// member, in that member's DM queue, so each person's DMs stay in order.
type jobGroupDM struct {
	Group string `json:"group"`
	Text  string `json:"text"`
}

func (jobCreateChannel) kind() string { return "slack.create_channel" }
func (jobInvite) kind() string        { return "slack.invite" }
func (jobCard) kind() string          { return "slack.card" }
func (jobTopic) kind() string         { return "slack.topic" }
func (jobPost) kind() string          { return "slack.post" }
func (jobRespond) kind() string       { return "slack.respond" }
func (jobEphemeral) kind() string     { return "slack.ephemeral" }
func (jobReport) kind() string        { return "slack.report" }
func (jobCapture) kind() string       { return "slack.capture" }
func (jobDM) kind() string            { return "slack.dm" }
func (jobGroupDM) kind() string       { return "slack.group_dm" }

func encodeJob(j job) ([]byte, error) {
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", j.kind(), err)
	}
	return b, nil
}

// decodeJob reads an outbox item back into its job.
func decodeJob(o workflow.Outgoing) (job, error) {
	var j job
	switch o.Kind {
	case jobCreateChannel{}.kind():
		j = &jobCreateChannel{}
	case jobInvite{}.kind():
		j = &jobInvite{}
	case jobCard{}.kind():
		j = &jobCard{}
	case jobTopic{}.kind():
		j = &jobTopic{}
	case jobPost{}.kind():
		j = &jobPost{}
	case jobRespond{}.kind():
		j = &jobRespond{}
	case jobEphemeral{}.kind():
		j = &jobEphemeral{}
	case jobReport{}.kind():
		j = &jobReport{}
	case jobCapture{}.kind():
		j = &jobCapture{}
	case jobDM{}.kind():
		j = &jobDM{}
	case jobGroupDM{}.kind():
		j = &jobGroupDM{}
	case jobVendorPost{}.kind():
		j = &jobVendorPost{}
	default:
		// Unreadable items can never be delivered: give them up, so the
		// rest of their queue goes on.
		return nil, &permanentError{fmt.Sprintf("outbox item %s: unknown kind %q", o.ID, o.Kind)}
	}
	if err := json.Unmarshal(o.Body, j); err != nil {
		return nil, &permanentError{fmt.Sprintf("outbox item %s (%s): %v", o.ID, o.Kind, err)}
	}
	return j, nil
}
