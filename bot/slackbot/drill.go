package slackbot

import (
	"context"
	"errors"
	"strings"

	"incidentbot/workflow"
)

// Drills in Slack. The workflow already keeps a drill sandboxed: it refuses
// drill start outside the sandbox channels (from Request.Place, which
// Command fills in), runs the escalation in simulation and hands the
// adapter no notice for a drill. What remains here:
//
//   - PostDrill shows the drill's participants what its clock did (an
//     inject, a deadline, a simulated escalation step, the scorecard at the
//     scenario's end), in the drill's own channel and nowhere else;
//   - every message posted about a drill carries the DRILL marker, added
//     when it is delivered (drillMarked), so no path can forget it;
//   - opening a drill is not announced in the announce channel; the
//     sandbox channel it was started from is told where it runs instead
//     (queueEffects).

// The Bot shows drills' clocks in their channels.
var _ workflow.DrillPoster = (*Bot)(nil)

// PostDrill queues lines about drill inc in the drill's own channel, inside
// the transaction that recorded them. Anything but a drill is ignored.
func (b *Bot) PostDrill(tx workflow.Tx, inc *workflow.Incident, msgs []workflow.Msg) error {
	if inc == nil || !inc.Drill || len(msgs) == 0 {
		return nil
	}
	q := &queue{tx: tx, now: b.now(), incident: inc.ID}
	q.add(incidentQueue(inc.ID), jobPost{Text: renderLines(b.lang, msgs)})
	// The drill's clock changes the incident (a raised severity, the end):
	// the card and the topic follow, as they do after a command.
	q.add(incidentQueue(inc.ID), jobCard{})
	q.add(incidentQueue(inc.ID), jobTopic{})
	return q.err
}

// drillMarker is the marker that starts every message about a drill.
func (b *Bot) drillMarker() string { return b.text("slack.card.drill", nil) }

// marked prefixes text with the drill marker when inc is a drill.
func (b *Bot) marked(inc *workflow.Incident, text string) string {
	if inc == nil || !inc.Drill || text == "" {
		return text
	}
	m := b.drillMarker()
	if strings.HasPrefix(text, m) {
		return text
	}
	return m + " " + text
}

// drillMarked adds the drill marker to the text of a message job about a
// drill incident, as it is delivered.
func (b *Bot) drillMarked(ctx context.Context, o workflow.Outgoing, j job) error {
	var text *string
	switch j := j.(type) {
	case *jobPost:
		text = &j.Text
	case *jobEphemeral:
		text = &j.Text
	case *jobRespond:
		text = &j.Text
	case *jobDM:
		text = &j.Text
	default:
		return nil
	}
	if o.IncidentID == workflow.NilID {
		return nil
	}
	var inc *workflow.Incident
	err := b.store.View(ctx, func(tx workflow.ReadTx) error {
		var err error
		inc, err = tx.Incident(workflow.Ref{ID: o.IncidentID})
		return err
	})
	if errors.Is(err, workflow.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	*text = b.marked(inc, *text)
	return nil
}
