package main

// Two replicas in Socket Mode (issue 17): each serve opens its own
// connection to the fake Slack, which hands every envelope to one of the
// open connections and again to another when that one ends or does not ack.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/workflow"
)

// socketSender sends commands over Socket Mode and counts which
// connections acked them and how many needed a redelivery.
type socketSender struct {
	e          *slackEnv
	mu         sync.Mutex
	byConn     map[int]int
	redelivers int
}

// command is a slash command typed by user in #general as Slack hands it
// over Socket Mode (the fake's Deliver); it returns the ack's text.
func (s *socketSender) command(user, text string) (string, error) {
	env := s.e.commandEnvelope(user, text)
	ctx, cancel := context.WithTimeout(context.Background(), seWait)
	defer cancel()
	ack, err := s.e.fake.Deliver(ctx, env)
	if err != nil {
		return "", fmt.Errorf("%q: %w", text, err)
	}
	s.mu.Lock()
	s.byConn[ack.Conn]++
	if ack.Attempts > 1 {
		s.redelivers++
	}
	s.mu.Unlock()
	return ackText(ack)
}

// commandEnvelope is "/incident text" typed by user in #general, as Slack
// hands it over Socket Mode.
func (e *slackEnv) commandEnvelope(user, text string) fakeslack.Envelope {
	return e.fake.CommandEnvelope(fakeslack.SlashCommand{Command: "/incident", Text: text,
		UserID: user, ChannelID: seGeneral, ChannelName: "general"})
}

// ackText is the text of a slash command's answer carried by a Socket Mode
// ack.
func ackText(a fakeslack.Ack) (string, error) {
	var msg struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(a.Payload, &msg); err != nil {
		return "", fmt.Errorf("ack of %s: payload %q: %w", a.EnvelopeID, a.Payload, err)
	}
	return msg.Text, nil
}

// TestTwoSocketReplicasKilled: two serves in Socket Mode on one PostgreSQL
// database. First, Slack's at-least-once delivery at its worst: a slash
// command and a 📌 reaction event, each handed to both replicas at once
// (same envelope, same trigger id / event id), have one effect each, and
// the event delivered again later none. Then responders write notes on one
// incident while one replica or the other is killed with SIGKILL at random
// moments and started again (the fake hands what the killed one did not
// ack to the other), and high incidents escalate by their timers
// meanwhile. Then replicaRun.check: every acknowledged command once,
// numbers gap-free, chains verify, each escalation step once, outbox
// drained, channel order held.
func TestTwoSocketReplicasKilled(t *testing.T) {
	r := newReplicaRun(t, true)
	e := r.e
	kills, perResponder := replicaCounts()
	set := &replicaSet{e: e, procs: []*serveProc{e.serve(), e.serve()}}
	if n := e.fake.SocketConnections(); n != 2 {
		t.Fatalf("%d Socket Mode connections open with two replicas ready", n)
	}
	sender := &socketSender{e: e, byConn: map[int]int{}}
	r.send = sender.command
	r.openIncidents()
	ctx, cancel := context.WithTimeout(context.Background(), seWait)
	defer cancel()

	// A command handed to both replicas: applied once; the other answer
	// says so.
	const twice = "log #1 typed once, delivered to both"
	acks, err := e.fake.DeliverToAll(ctx, e.commandEnvelope(seUser, twice))
	if err != nil {
		t.Fatal(err)
	}
	if len(acks) != 2 || acks[0].Conn == acks[1].Conn {
		t.Fatalf("acks %+v, want one from each replica", acks)
	}
	duplicate := slackbot.Messages().Render(workflow.English, workflow.M("slack.duplicate", nil))
	var answers []string
	for _, a := range acks {
		text, err := ackText(a)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, text)
		r.extra = append(r.extra, sentCommand{text: twice, ack: text}) // check: the note once
	}
	if notes, dups := countMatches(answers, ackedNoteRE.MatchString), countMatches(answers, func(s string) bool { return s == duplicate }); notes != 1 || dups != 1 {
		t.Errorf("a command delivered to both replicas was answered %q, want one note and one %q", answers, duplicate)
	}

	// A reaction event handed to both replicas: captured once.
	ch := r.channel(1)
	ts, err := e.fake.AddMessage(ch, seOther, "Replica db-2 stopped replicating at 14:02", "")
	if err != nil {
		t.Fatal(err)
	}
	inner, _ := json.Marshal(map[string]any{
		"type": "reaction_added", "user": seUser, "reaction": "pushpin", "item_user": seOther,
		"item":     map[string]any{"type": "message", "channel": ch, "ts": ts},
		"event_ts": fmt.Sprintf("%d.000200", time.Now().Unix()),
	})
	const eventID = "Ev0SOCKPIN1"
	if acks, err := e.fake.DeliverToAll(ctx, e.fake.EventEnvelope(eventID, inner)); err != nil || len(acks) != 2 {
		t.Fatalf("reaction to both replicas: %+v, %v", acks, err)
	}
	capturePosts := func() int {
		n := 0
		for _, m := range e.fake.Messages(ch) {
			if strings.Contains(m.Text, "added a message to the timeline") {
				n++
			}
		}
		return n
	}
	e.waitFor("the capture's post", func() bool { return capturePosts() == 1 })
	// Nothing in flight when the kills begin, so that any repeat below is
	// the bot's doing.
	e.waitFor("the outbox to drain", func() bool {
		return pgCount(t, r.dsn, `SELECT count(*) FROM outbox WHERE done_at IS NULL`) == 0
	})

	r.writeNotes(perResponder, func() { set.killAtRandom(kills) })

	// Slack delivers the event once more, to whichever replica: no effect.
	if _, err := e.fake.Deliver(ctx, e.fake.EventEnvelope(eventID, inner)); err != nil {
		t.Fatal(err)
	}
	r.check(kills)
	pinned := pgCount(t, r.dsn, `SELECT count(*) FROM events e JOIN incidents i ON i.id = e.incident_id
		WHERE i.number = 1 AND NOT i.drill AND e.kind = $1`, string(workflow.EventMessagePinned))
	if pinned != 1 || capturePosts() != 1 {
		t.Errorf("the reaction delivered three times was captured %d times and posted %d times, want once", pinned, capturePosts())
	}

	// Both replicas served, and every restarted one connected again.
	if len(sender.byConn) < 2 {
		t.Errorf("commands acked by connections %v, want several", sender.byConn)
	}
	if opened := e.fake.SocketConnectionsOpened(); opened < 2+kills {
		t.Errorf("%d Socket Mode connections opened for 2 replicas and %d restarts", opened, kills)
	}
	t.Logf("commands acked per connection %v; %d needed a redelivery", sender.byConn, sender.redelivers)
}

func countMatches(ss []string, match func(string) bool) int {
	n := 0
	for _, s := range ss {
		if match(s) {
			n++
		}
	}
	return n
}
