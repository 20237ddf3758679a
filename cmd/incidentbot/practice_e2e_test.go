package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/workflow"
)

// contactButton is the Acknowledge button of a user's contact check DM.
func (s *smoke) contactButton(user string) (channel, value string) {
	s.t.Helper()
	dms := s.slack.DMs(user)
	if len(dms) != 1 || !strings.HasPrefix(dms[0].Text, "[DRILL] Contact check of drill #D-1 — please press Acknowledge.") {
		s.t.Fatalf("%s's DMs: %+v", user, dms)
	}
	var blocks slack.Blocks
	if err := json.Unmarshal(dms[0].Blocks, &blocks); err != nil {
		s.t.Fatal(err)
	}
	for _, b := range blocks.BlockSet {
		if a, ok := b.(*slack.ActionBlock); ok {
			for _, e := range a.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok && btn.ActionID == slackbot.ActionContactAck {
					return dms[0].Channel, btn.Value
				}
			}
		}
	}
	s.t.Fatalf("%s's DM has no Acknowledge button: %s", user, dms[0].Blocks)
	return "", ""
}

// pressContactAck clicks a contact check's Acknowledge button, as Slack
// posts the interaction.
func (s *smoke) pressContactAck(user, channel, value, ts string) {
	s.t.Helper()
	payload, err := json.Marshal(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": smokeTeam}, "user": map[string]any{"id": user, "name": strings.ToLower(user[3:])},
		"channel": map[string]any{"id": channel}, "trigger_id": s.slack.NewTriggerID(), "response_url": s.slack.ResponseURL("press"),
		"actions": []any{map[string]any{"type": "button", "action_id": slackbot.ActionContactAck, "block_id": slackbot.BlockContactActions,
			"value": value, "action_ts": ts}},
	})
	if err != nil {
		s.t.Fatal(err)
	}
	var cb slack.InteractionCallback
	if err := json.Unmarshal(payload, &cb); err != nil {
		s.t.Fatal(err)
	}
	s.app.bot.Interaction(context.Background(), cb)
}

// The contact check as serve runs it: drill start --contact-check in the
// sandbox DMs the three people of the tech chain, marked [DRILL] with an
// Acknowledge button; two press it; ten minutes of real time later (the
// drill's own hour at ×60 long over) the drill's channel is told who
// answered, and that the third did not. Nothing reaches PagerDuty or the
// webhook.
func TestSmokeContactCheck(t *testing.T) {
	s := newSmoke(t)
	ack := s.commandIn("C0SANDBOX", smokeOpener, "drill start web-defacement --speed 60 --contact-check")
	if !strings.Contains(ack, "went to 3 people on the on-call chains") {
		t.Fatalf("drill start: %q", ack)
	}
	s.wait("the contact check's DMs", func() bool {
		return s.dms(smokePrimary) == 1 && s.dms(smokeSecond) == 1 && s.dms(smokeFinal) == 1
	})
	s.fire(30 * time.Second)
	ch, v := s.contactButton(smokePrimary)
	s.pressContactAck(smokePrimary, ch, v, "1700000001.000001")
	s.fire(2 * time.Minute)
	ch, v = s.contactButton(smokeSecond)
	s.pressContactAck(smokeSecond, ch, v, "1700000002.000002")
	s.fire(8 * time.Minute) // the window of 10m closes
	drill := s.incidentRef("#D-1")
	var channel string
	for _, c := range s.slack.Channels() {
		if c.Name == slackbot.ChannelName(1, true, drill.Title) {
			channel = c.ID
		}
	}
	s.wait("the contact check's result", func() bool {
		for _, m := range s.slack.Messages(channel) {
			if strings.Contains(m.Text, "Contact check (real time, apart from the tabletop): 2 of 3 acknowledged within 10m.") {
				return strings.Contains(m.Text, "✓ @"+smokePrimary+" (tech) acknowledged after 30s") &&
					strings.Contains(m.Text, "✓ @"+smokeSecond+" (tech) acknowledged after 2m") &&
					strings.Contains(m.Text, "✗ @"+smokeFinal+" (tech) — no answer")
			}
		}
		return false
	})
	if c := drill.DrillRun.ContactCheck; c == nil || !c.Closed || len(c.Acks) != 2 || !drill.IsClosed() {
		t.Errorf("after the window: %+v", drill.DrillRun)
	}
	if n := len(s.pd.Requests()) + len(s.hook.Requests()); n != 0 {
		t.Errorf("the contact check paged: %d requests", n)
	}
	if s.dms(smokeOpener) != 0 {
		t.Errorf("the facilitator got a DM")
	}

	// The report, exported while serve runs, shows the check apart from
	// the tabletop, closed after the drill ended.
	js := ib(t, t.TempDir(), "", "export", "D-1", "--format", "json", "--db", s.dbPath)
	var rep struct {
		Drill struct {
			EndedAt      *string `json:"ended_at"`
			ContactCheck *struct {
				Closed bool `json:"closed"`
				Acked  int  `json:"acked"`
				Asked  []struct {
					Person struct{ ID string } `json:"person"`
					After  *int64              `json:"after_seconds"`
				} `json:"asked"`
			} `json:"contact_check"`
		} `json:"drill"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatalf("export: %v\n%s", err, js.stderr)
	}
	c := rep.Drill.ContactCheck
	if rep.Drill.EndedAt == nil || c == nil || !c.Closed || c.Acked != 2 || len(c.Asked) != 3 || c.Asked[0].After == nil || *c.Asked[0].After != 30 ||
		c.Asked[2].Person.ID != smokeFinal || c.Asked[2].After != nil {
		t.Errorf("the report's contact check: %+v", rep.Drill)
	}
	md := ib(t, t.TempDir(), "", "export", "D-1", "--format", "md", "--lang", "en", "--db", s.dbPath)
	for _, want := range []string{"### Contact check (real time, apart from the tabletop)", "| @" + smokeFinal + " | tech | NO ANSWER | — |",
		"| Contact check | 2 of 3 acknowledged within 10m of real time (see Contact check) |"} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// [drills] every = "quarter" as serve runs it: the quarter ends without a
// drill and the sandbox channel is reminded once; a restart does not
// repeat it; the next quarter without one reminds again.
func TestSmokeDrillRhythm(t *testing.T) {
	s := newSmoke(t)
	s.halt()
	s.cfg.Drills.Every = "quarter"
	s.start()
	reminders := func() int {
		n := 0
		for _, m := range s.slack.Messages("C0SANDBOX") {
			if strings.Contains(m.Text, "No drill was run last quarter") {
				n++
			}
		}
		return n
	}
	q4end := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	s.wait("the quarter watched", func() bool { return s.rhythmDue().Equal(q4end) })
	s.fire(q4end.Sub(s.clock.Now()))
	s.wait("the reminder", func() bool { return reminders() == 1 })
	s.wait("Slack's outbox drained", func() bool { return s.pending("slack:") == 0 })
	s.halt()
	s.start()
	q1end := time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC)
	s.wait("the next quarter watched", func() bool { return s.rhythmDue().Equal(q1end) })
	s.fire(time.Hour)
	time.Sleep(300 * time.Millisecond) // let the timer loop look once more
	s.wait("Slack's outbox drained", func() bool { return s.pending("slack:") == 0 })
	if n := reminders(); n != 1 {
		t.Fatalf("%d reminders after a restart, want 1", n)
	}
	msgs := s.slack.Messages("C0SANDBOX")
	if last := msgs[len(msgs)-1].Text; !strings.Contains(last, "(2026-10-01 to 2026-12-31)") || !strings.Contains(last, "/incident drill start entry-form-leak") {
		t.Errorf("reminder %q", last)
	}
	s.fire(q1end.Sub(s.clock.Now()))
	s.wait("the second reminder", func() bool { return reminders() == 2 })
}

// rhythmDue is when the pending drill rhythm timer is due (zero: none).
func (s *smoke) rhythmDue() time.Time {
	s.t.Helper()
	var due time.Time
	if err := s.db.Update(context.Background(), func(tx workflow.Tx) error {
		timers, err := tx.PendingTimers(workflow.NilID)
		for _, tm := range timers {
			if tm.Kind == workflow.TimerDrillRhythm {
				due = tm.Due
			}
		}
		return err
	}); err != nil {
		s.t.Fatal(err)
	}
	return due
}
