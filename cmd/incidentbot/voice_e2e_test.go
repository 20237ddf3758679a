package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/workflow"
)

// The people of the statement and deadline tests, beside the smoke's.
const (
	smokeBoss  = "U0BOSS"  // the approver
	smokeComms = "U0COMMS" // comms
	smokeLegal = "U0LEGAL" // may approve statements ([authority] approve_statement)
)

// voiceTOML lets the approver and legal approve statements, and adds a
// level whose incidents involve personal data, with a daily status
// reminder.
const voiceTOML = `
[authority]
approve_statement = ["role:approver", "user:U0LEGAL"]
[[severity]]
key = "leak"
label = { en = "Leak", ja = "漏えい" }
notify = ["role:commander"]
status_every = "24h"
personal_data = true
`

func newVoiceSmoke(t *testing.T) *smoke {
	t.Helper()
	s := newSmokeWith(t, voiceTOML)
	for _, u := range []string{smokeBoss, smokeComms, smokeLegal} {
		s.slack.AddUser(u, strings.ToLower(u[3:]), u, "UTC", "en-US")
	}
	return s
}

// incidentChannel is the Slack channel of incident ref, once it exists.
func (s *smoke) incidentChannel(ref string) string {
	s.t.Helper()
	inc := s.incidentRef(ref)
	name := slackbot.ChannelName(inc.Number, inc.Drill, inc.Title)
	var id string
	s.wait("channel "+name, func() bool {
		ch, ok := s.slack.ChannelByName(name)
		id = ch.ID
		return ok
	})
	return id
}

// statementPost waits for the post of statement n, version v, in channel,
// with its buttons.
func (s *smoke) statementPost(channel string, n, v int) fakeslack.Message {
	s.t.Helper()
	var post fakeslack.Message
	suffix := " " + strconv.Itoa(n) + " " + strconv.Itoa(v) + `"`
	s.wait("the post of statement "+strconv.Itoa(n)+" version "+strconv.Itoa(v), func() bool {
		for _, m := range s.slack.Messages(channel) {
			if b := string(m.Blocks); strings.Contains(b, slackbot.ActionStatementApprove) && strings.Contains(b, suffix) {
				post = m
				return true
			}
		}
		return false
	})
	return post
}

// press clicks the button actionID of post as user, and returns the
// answer Slack shows them (through the response URL).
func (s *smoke) press(user string, post fakeslack.Message, actionID string) string {
	s.t.Helper()
	var blocks []struct {
		Elements []struct {
			ActionID string `json:"action_id"`
			Value    string `json:"value"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(post.Blocks, &blocks); err != nil {
		s.t.Fatal(err)
	}
	value := ""
	for _, b := range blocks {
		for _, e := range b.Elements {
			if e.ActionID == actionID {
				value = e.Value
			}
		}
	}
	if value == "" {
		s.t.Fatalf("no %s button in %s", actionID, post.Blocks)
	}
	name := "press-" + s.slack.NewTriggerID()
	s.app.bot.Interaction(context.Background(), slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
		Team: slack.Team{ID: smokeTeam}, User: slack.User{ID: user}, Channel: slack.Channel{GroupConversation: slack.GroupConversation{
			Conversation: slack.Conversation{ID: post.Channel}}}, ResponseURL: s.slack.ResponseURL(name), TriggerID: s.slack.NewTriggerID(),
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: actionID, Value: value, ActionTs: name}}}})
	var text string
	s.wait("the answer to "+actionID, func() bool {
		rs := s.slack.Responses(name)
		if len(rs) == 0 {
			return false
		}
		var answer struct {
			Text string `json:"text"`
		}
		if err := json.Unmarshal(rs[0].Body, &answer); err != nil {
			s.t.Fatal(err)
		}
		text = answer.Text
		return true
	})
	return text
}

// kinds counts incident ref's events of each kind.
func (s *smoke) kinds(ref string) map[workflow.EventKind]int { return s.vendorEvents(ref) }

// Statements through Slack: a draft is posted with its buttons; it may not
// be sent before approval; the button approves for someone allowed and is
// refused for anyone else; a new version needs approval again and the old
// post's button approves nothing newer; mistakes are one line each.
func TestSmokeStatements(t *testing.T) {
	s := newVoiceSmoke(t)
	s.command(smokeOpener, "open Applicants' CVs reachable by link")
	ch := s.incidentChannel("#1")
	s.command(smokeOpener, "assign #1 approver <@"+smokeBoss+">")
	s.command(smokeOpener, "assign #1 comms <@"+smokeComms+">")

	if ack := s.commandIn(ch, smokeComms, "statement customers Our entry form is closed while we check a sharing setting. | No payment data is involved."); !strings.Contains(ack, "statement 1 to customers drafted") {
		t.Fatalf("draft: %q", ack)
	}
	post := s.statementPost(ch, 1, 1)
	for _, who := range []string{smokeComms, smokeBoss, smokeLegal} {
		if !strings.Contains(post.Text, "<@"+who+">") {
			t.Errorf("the draft's post does not mention %s: %q", who, post.Text)
		}
	}
	if ack := s.commandIn(ch, smokeComms, "statement sent 1 email"); !strings.Contains(ack, "Statement 1 (version 1) is not approved yet") ||
		!strings.Contains(ack, "It may be approved by the approver or @U0LEGAL: /incident statement approve 1") {
		t.Errorf("sent before approval: %q", ack)
	}
	if got := s.press(smokeComms, post, slackbot.ActionStatementApprove); !strings.Contains(got, "Only the approver or") {
		t.Errorf("approve by comms: %q", got)
	}
	if st, _ := s.incident().Statement(1); st.State != workflow.DraftWaiting {
		t.Fatalf("after a refused click: %+v", st)
	}
	if got := s.press(smokeBoss, post, slackbot.ActionStatementApprove); !strings.Contains(got, "statement 1 to customers, version 1, approved") {
		t.Errorf("approve by the approver: %q", got)
	}
	s.wait("the approval told in the channel", func() bool {
		return s.said("<@"+smokeComms+">", "statement 1 to customers (version 1) was approved by") == 1
	})
	if ack := s.commandIn(ch, smokeComms, "statement sent 1 email to the 212 applicants"); !strings.Contains(ack, "recorded as sent: email to the 212 applicants") {
		t.Errorf("sent: %q", ack)
	}
	if ack := s.commandIn(ch, smokeBoss, "statement approve 1"); !strings.Contains(ack, "was already sent") {
		t.Errorf("approve of a sent one: %q", ack)
	}

	// Legal may approve too ([authority] approve_statement); an edit makes
	// version 2, which the first version's button does not approve.
	s.commandIn(ch, smokeComms, "statement partners We paused the entry form.")
	if ack := s.commandIn(ch, smokeLegal, "statement approve 2"); !strings.Contains(ack, "approved") {
		t.Errorf("approve by legal: %q", ack)
	}
	old := s.statementPost(ch, 2, 1)
	if ack := s.commandIn(ch, smokeComms, "statement edit 2 We paused the entry form; nothing of yours is affected."); !strings.Contains(ack, "version 2") {
		t.Fatalf("edit: %q", ack)
	}
	if ack := s.commandIn(ch, smokeComms, "statement sent 2 email"); !strings.Contains(ack, "not approved yet") {
		t.Errorf("sent of a new version: %q", ack)
	}
	if got := s.press(smokeBoss, old, slackbot.ActionStatementApprove); !strings.Contains(got, "Version 1 of statement 2 is no longer the current one") {
		t.Errorf("the old version's button: %q", got)
	}
	if got := s.press(smokeBoss, s.statementPost(ch, 2, 2), slackbot.ActionStatementApprove); !strings.Contains(got, "version 2, approved") {
		t.Errorf("the new version's button: %q", got)
	}
	if ack := s.commandIn(ch, smokeComms, "statement sent 2 email"); !strings.Contains(ack, "recorded as sent") {
		t.Errorf("sent of version 2: %q", ack)
	}

	// A refused draft is not sent; an unknown audience is one line.
	s.commandIn(ch, smokeComms, "statement press We are looking into it.")
	if got := s.press(smokeBoss, s.statementPost(ch, 3, 1), slackbot.ActionStatementRefuse); !strings.Contains(got, "refused") {
		t.Errorf("refuse: %q", got)
	}
	// Pages still in the outbox would record their delivery meanwhile.
	s.wait("the outbox drained", func() bool { return s.pending("") == 0 })
	before := s.kinds("#1")
	for text, want := range map[string]string{
		"statement sent 3 website":        "Version 1 of statement 3 was refused",
		"statement investors We are fine": "“investors” is not an audience",
		"statement approve 1":             "was already sent",
		"statement edit 9 another text":   "#1 has no statement 9",
	} {
		ack := s.commandIn(ch, smokeBoss, text)
		if !strings.Contains(ack, want) || strings.Count(strings.TrimSpace(ack), "\n") > 0 {
			t.Errorf("%q: %q, want one line with %q", text, ack, want)
		}
	}
	after := s.kinds("#1")
	for k, n := range before {
		if after[k] != n {
			t.Errorf("a refusal recorded a %s event", k)
		}
	}
	for kind, want := range map[workflow.EventKind]int{workflow.EventStatementDrafted: 3, workflow.EventStatementEdited: 1,
		workflow.EventStatementApproved: 3, workflow.EventStatementRefused: 1, workflow.EventStatementSent: 2} {
		if after[kind] != want {
			t.Errorf("%d %s events, want %d", after[kind], kind, want)
		}
	}

	// The report says what was said, to whom, when; the refused one apart.
	md := ib(t, t.TempDir(), "", "export", "1", "--format", "md", "--lang", "en", "--db", s.dbPath)
	for _, want := range []string{"## What we said, to whom, when",
		"| 1 | customers | 1 of 1 | Our entry form is closed while we check a sharing setting. \\| No payment data is involved. | email to the 212 applicants |",
		"| 2 | partners | 2 of 2 | We paused the entry form; nothing of yours is affected. | email |",
		"- Statement 3 to the press: version 1 refused "} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("the report lacks %q\n%s", want, md.stdout)
		}
	}
}

// Deadlines on a moved clock: when one comes undone, its owner and the
// commander are reminded once; again only with the next status reminder;
// not once the item is done.
func TestSmokeDeadlines(t *testing.T) {
	s := newVoiceSmoke(t)
	if ack := s.command(smokeOpener, "open leak Applicants' data exposed --runbook data-leak"); !strings.Contains(ack, "Personal data: personal data involved") {
		t.Fatalf("open: %q", ack)
	}
	s.command(smokeOpener, "assign #1 approver <@"+smokeBoss+">")
	s.command(smokeOpener, "assign #1 comms <@"+smokeComms+">")
	notice := "the deadline of “Tell the people whose data is involved, as soon as the facts allow”"
	report := "the deadline of “Preliminary report to the Personal Information Protection Commission”"
	still := func(what string) int { return s.said("“" + what + "” is still not done") }

	s.fire(71*time.Hour + 59*time.Minute) // a status reminder at 24h
	s.drained()
	if n := s.said("the deadline of"); n != 0 {
		t.Fatalf("%d deadline reminders before the deadline", n)
	}
	s.fire(time.Minute)
	s.wait("both deadlines reminded", func() bool {
		return s.said("<@"+smokeComms+"> <@"+smokeOpener+">", notice) == 1 && s.said("<@"+smokeBoss+"> <@"+smokeOpener+">", report) == 1
	})
	// Nothing more until the next status reminder (at 95h59m).
	s.fire(23*time.Hour + 58*time.Minute)
	s.drained()
	if n := s.said("is still not done"); n != 0 || s.said(notice) != 1 {
		t.Fatalf("reminded again before the status reminder: %d", n)
	}
	s.fire(time.Minute)
	s.wait("reminded again with the status reminder", func() bool {
		return still("Tell the people whose data is involved, as soon as the facts allow") == 1 &&
			still("Preliminary report to the Personal Information Protection Commission") == 1
	})
	if ack := s.command(smokeComms, "done #1 notify-affected"); !strings.Contains(ack, "after its deadline") {
		t.Errorf("done: %q", ack)
	}
	s.fire(24 * time.Hour)
	s.wait("the report reminded again", func() bool { return still("Preliminary report to the Personal Information Protection Commission") == 2 })
	s.drained()
	if n := still("Tell the people whose data is involved, as soon as the facts allow"); n != 1 {
		t.Errorf("the notice, done, was reminded %d times", n)
	}
	got := s.kinds("#1")
	if got[workflow.EventDeadlineMissed] != 2 || got[workflow.EventDeadlineReminded] != 3 || got[workflow.EventPersonalDataSet] != 1 {
		t.Errorf("timeline: %v", got)
	}
	if ack := s.command(smokeOpener, "checklist #1"); !strings.Contains(ack, "OVERDUE since") || !strings.Contains(ack, "✓ notify-affected") {
		t.Errorf("checklist: %q", ack)
	}

	// The report's deadlines: the notice done late, the preliminary report
	// overdue and reminded; the flag set by the level, and the duty it
	// brings.
	js := ib(t, t.TempDir(), "", "export", "1", "--format", "json", "--db", s.dbPath)
	var rep struct {
		Scope struct {
			PersonalData *struct {
				Involved bool   `json:"involved"`
				Source   string `json:"source"`
			} `json:"personal_data"`
			Duty string `json:"notification_duty"`
		} `json:"scope"`
		Deadlines []struct {
			Key       string    `json:"key"`
			State     string    `json:"state"`
			Missed    *struct{} `json:"missed"`
			Reminders int       `json:"reminders"`
		} `json:"deadlines"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatalf("export: %v\n%s", err, js.stderr)
	}
	states := map[string]string{}
	for _, d := range rep.Deadlines {
		states[d.Key] = d.State
		if d.Key == "ppc-preliminary" && (d.Missed == nil || d.Reminders != 2) {
			t.Errorf("ppc-preliminary's reminders: %+v", d)
		}
	}
	if pd := rep.Scope.PersonalData; pd == nil || !pd.Involved || pd.Source != "severity" || rep.Scope.Duty != "applies" ||
		states["notify-affected"] != "late" || states["ppc-preliminary"] != "overdue" || states["ppc-final"] != "open" {
		t.Errorf("the report: %+v", rep)
	}
}

// A restart between a deadline and its reminder still reminds once.
func TestSmokeDeadlineAcrossRestart(t *testing.T) {
	s := newVoiceSmoke(t)
	s.command(smokeOpener, "open leak Applicants' data exposed --runbook data-leak")
	s.incidentChannel("#1")
	s.fire(71 * time.Hour)
	s.drained()
	s.halt()
	s.clock.Advance(2 * time.Hour) // the deadlines pass while nothing runs
	s.start()
	s.fire(0)
	s.fire(0)
	s.wait("the reminders", func() bool { return s.said("the deadline of") == 2 })
	s.drained()
	if n := s.said("the deadline of"); n != 2 {
		t.Errorf("%d reminders after the restart, want one per deadline", n)
	}
	if got := s.kinds("#1"); got[workflow.EventDeadlineMissed] != 2 {
		t.Errorf("timeline: %v", got)
	}
}

// In a drill, statements and deadlines run on the drill's clock (its
// scenario shrinks the deadlines) and nothing leaves the drill's channel;
// the scorecard says whether the approval and each deadline were met.
func TestSmokeVoiceInADrill(t *testing.T) {
	s := newVoiceSmoke(t)
	if ack := s.commandIn("C0SANDBOX", smokeOpener, "drill start entry-form-leak --speed 60"); !strings.Contains(ack, "D-1") {
		t.Fatalf("drill start: %q", ack)
	}
	drillCh := s.incidentChannel("#D-1")
	s.commandIn(drillCh, smokeOpener, "assign approver me")
	if ack := s.commandIn(drillCh, smokeOpener, "statement 本人 A drill notice"); !strings.Contains(ack, "Drill — nothing goes outside") {
		t.Errorf("draft in a drill: %q", ack)
	}
	s.commandIn(drillCh, smokeOpener, "statement approve 1")
	if ack := s.commandIn(drillCh, smokeOpener, "statement sent 1 email"); !strings.Contains(ack, "recorded as sent") {
		t.Errorf("sent in a drill: %q", ack)
	}
	// 72 hours × 0.01 are 43 minutes of drill time: 43 seconds at ×60.
	s.fire(44 * time.Second)
	s.wait("the deadline in the drill's channel", func() bool {
		n := 0
		for _, m := range s.slack.Messages(drillCh) {
			if strings.Contains(m.Text, "Drill — the deadline of") {
				n++
			}
		}
		return n >= 1
	})
	s.fire(40 * time.Second) // the scenario ends at 75 minutes
	s.wait("the scorecard", func() bool { return s.said("Deadlines: 0 met, 2 missed, of 3.") == 1 })
	if s.said("Statements: 1, 1 approved.") != 1 {
		t.Error("the scorecard does not count the approved statement")
	}
	// The scenario expects the notice to the applicants approved by T+45.
	if s.said("Scorecard of drill #D-1", "✓ 7. a statement to the people affected approved by T+45m — met at T+") != 1 {
		t.Error("the scorecard does not show the statement expectation met")
	}
	s.drained()
	for _, ch := range s.slack.Channels() {
		if ch.ID == drillCh {
			continue
		}
		for _, m := range s.slack.Messages(ch.ID) {
			if strings.Contains(m.Text, "deadline") || strings.Contains(m.Text, "statement") {
				t.Errorf("a drill's post outside its channel, in %s: %q", ch.Name, m.Text)
			}
		}
	}
	_, evs, err := s.app.svc.Timeline(context.Background(), workflow.Actor{Team: smokeTeam, User: smokeOpener}, workflow.Ref{Drill: true, Number: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if p, _ := e.Payload(); p != nil {
			switch x := p.(type) {
			case workflow.StatementSent:
				if !x.Simulated {
					t.Error("a drill's statement recorded as really sent")
				}
			case workflow.DeadlineMissed:
				if !x.Simulated {
					t.Error("a drill's deadline reminded someone")
				}
			}
		}
	}
}

// check reports a wrong approve_statement in the configured language, and
// a runbook of one's own whose deadline counts from an unknown item or is
// no duration, each with file and line.
func TestVoiceConfigChecked(t *testing.T) {
	dir := t.TempDir()
	books := filepath.Join(dir, "books")
	if err := os.MkdirAll(books, 0o755); err != nil {
		t.Fatal(err)
	}
	book := strings.Replace(mustReadFile(t, "../../runbooks/defaults/data-leak.toml"), `name = "data-leak"`, `name = "our-leak"`, 1)
	book = strings.Replace(book, "due = \"30d\"\ndue_unlawful = \"60d\"", "due = \"30 days\"", 1)
	book = strings.Replace(book, "key = \"ppc-preliminary\"", "key = \"ppc-preliminary\"\ndue_after = \"notify-people\"", 1)
	write(t, filepath.Join(books, "leak.toml"), book)
	cfg := write(t, filepath.Join(dir, "c.toml"), "language = \"ja\"\n[authority]\napprove_statement = [\"channel:C0PR\"]\n[runbooks]\ndir = "+quote(books)+"\n")
	_, errs, code := runEnv(nil, "check", "--config", cfg)
	if code != exitFailure {
		t.Fatalf("check: exit %d\n%s", code, errs)
	}
	if !strings.Contains(errs, cfg+":3:22: key authority.approve_statement[0]: 「channel:C0PR」: 発信文を承認できるのは役割か個人です") {
		t.Errorf("check of approve_statement:\n%s", errs)
	}
	fixed := strings.Replace(mustReadFile(t, cfg), `"channel:C0PR"`, `"role:approver"`, 1)
	write(t, cfg, fixed)
	_, errs, code = runEnv(nil, "check", "--config", cfg)
	file := filepath.Join(books, "leak.toml")
	lines := strings.Split(book, "\n")
	lineOf := func(prefix string) int {
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return i + 1
			}
		}
		t.Fatalf("no line %q", prefix)
		return 0
	}
	for _, want := range []string{
		file + ":" + strconv.Itoa(lineOf("due_after = ")) + ":1: key phase.investigate.item[5].due_after: 「notify-people」というキーのチェックリスト項目はありません",
		file + ":" + strconv.Itoa(lineOf("due = \"30 days\"")) + ":1: key phase.post.item[4].due: 「30 days」は期間として読めません",
	} {
		if code != exitFailure || !strings.Contains(errs, want) {
			t.Errorf("check lacks %q (exit %d):\n%s", want, code, errs)
		}
	}
}
