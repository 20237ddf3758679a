package main

// Hardening (issue 10) through the real binary and the fake Slack: typed
// text never pings or links.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/storage/sqlite"
)

const seAnnounce = "C0ANNOUNCE"

// incidentID reads the UUID of real incident number n from the file.
func (e *slackEnv) incidentID(n int) string {
	e.t.Helper()
	db, err := sql.Open("sqlite", sqlite.ReaderDSN(e.db))
	if err != nil {
		e.t.Fatal(err)
	}
	defer db.Close()
	var id string
	if err := db.QueryRow(`SELECT id FROM incidents WHERE drill = 0 AND number = ?`, n).Scan(&id); err != nil {
		e.t.Fatalf("incident %d: %v", n, err)
	}
	return id
}

// interact posts a signed interaction payload (a block action or a view
// submission, as Slack sends it) and returns the answer.
func (e *slackEnv) interact(p *serveProc, payload map[string]any) answer {
	e.t.Helper()
	js, err := json.Marshal(payload)
	if err != nil {
		e.t.Fatal(err)
	}
	body := []byte(url.Values{"payload": {string(js)}}.Encode())
	return e.post(p, "/slack/interactions", body, e.signed(e.secret, time.Now(), body), false)
}

// viewSubmission is a submitted modal: values by block id, each one
// plain_text_input value (or a static select's option when the action id
// ends in _select).
func (e *slackEnv) viewSubmission(viewID, callback, metadata string, values map[string]map[string]string) map[string]any {
	state := map[string]any{}
	for block, actions := range values {
		inner := map[string]any{}
		for action, v := range actions {
			if strings.HasSuffix(action, "_select") {
				inner[action] = map[string]any{"type": "static_select", "selected_option": map[string]any{"value": v}}
			} else {
				inner[action] = map[string]any{"type": "plain_text_input", "value": v}
			}
		}
		state[block] = inner
	}
	return map[string]any{
		"type": "view_submission", "team": map[string]any{"id": e.fake.TeamID()},
		"user": map[string]any{"id": seUser, "name": "sato"}, "api_app_id": "A0FAKEAPP",
		"view": map[string]any{"id": viewID, "hash": "h-" + viewID, "callback_id": callback,
			"private_metadata": metadata, "state": map[string]any{"values": state}},
	}
}

// blockAction is a click on a button with value, as Slack sends it.
func (e *slackEnv) blockAction(actionID, value, actionTS, triggerID string) map[string]any {
	return map[string]any{
		"type": "block_actions", "team": map[string]any{"id": e.fake.TeamID()},
		"user": map[string]any{"id": seUser, "name": "sato"}, "channel": map[string]any{"id": seGeneral},
		"trigger_id": triggerID, "response_url": e.fake.ResponseURL("action"),
		"actions": []any{map[string]any{"action_id": actionID, "block_id": "b", "value": value, "action_ts": actionTS, "type": "button"}},
	}
}

// TestSlackTypedTextNeverLive sends random text a person could type
// (mentions, links, &<>, emoji, CJK, control characters) through every
// command that echoes text, as slash commands and in modals, and checks
// everything the bot sent to Slack (posts, the announcement, DMs, the card,
// the topic, ephemeral replies, response_url answers, the report's upload
// and its comment, and the acks): nothing is live that the bot did not build
// from an id.
func TestSlackTypedTextNeverLive(t *testing.T) {
	e := newSlackEnv(t)
	// Announced, and the tech on-call paged by DM with the title.
	e.slackConfig = fmt.Sprintf("announce_channel = %q\n\n[[oncall]]\nrole = \"tech\"\nchain = [%q]\n", seAnnounce, seOther)
	if err := e.fake.AddChannel(seAnnounce, "incidents", false, e.fake.BotUserID()); err != nil {
		t.Fatal(err)
	}
	p := e.serve()
	rng := rand.New(rand.NewPCG(10, 2026))
	var acks []ackRecord
	say := func(text string) string {
		body := e.commandBody(seGeneral, text)
		a := e.post(p, "/slack/commands", body, e.signed(e.secret, time.Now(), body), false)
		if a.status != http.StatusOK {
			t.Fatalf("%q: HTTP %d %s", text, a.status, a.body)
		}
		acks = append(acks, ackRecord{text, a.body})
		return string(a.body)
	}
	click := func(what string, payload map[string]any) {
		a := e.interact(p, payload)
		if a.status != http.StatusOK {
			t.Fatalf("%s: HTTP %d %s", what, a.status, a.body)
		}
		acks = append(acks, ackRecord{what, a.body})
	}
	const rounds = 6
	for i := 1; i <= rounds; i++ {
		r := func() string { return hostile(rng) }
		ref := fmt.Sprintf("#%d", i)
		if !strings.Contains(say("open high "+r()), "Opened "+ref) {
			t.Fatalf("round %d: the incident was not opened", i)
		}
		id := e.incidentID(i)
		for _, line := range []string{
			"log " + ref + " " + r(),
			"decision " + ref + " " + r() + " | why: " + r() + " | action: " + r() + " | next: " + r(),
			"status " + ref + " confirmed: " + r() + " | unconfirmed: " + r() + " | next: " + r(),
			"assign " + ref + " tech @" + r(),
			"assign " + ref + " scribe <@" + seOther + ">",
			"sev " + ref + " medium " + r(),
			"amend " + ref + " 1 " + r() + " | why: " + r(),
			"finding " + ref + " " + r(),
			"escalate " + ref + " " + r(),
			"refuse " + ref + " 1 " + r(),
			"phase " + ref + " investigate " + r(),
			"redact " + ref + " 2 " + r(),
			"show " + ref,
			"list",
			"report " + ref + " md",
			"help " + r(),
			r(),
			"close " + ref + " --false-alarm " + r(),
			"reopen " + ref + " " + r(),
			"postmortem " + ref + " cause: " + r() + " | impact: " + r(),
		} {
			say(line)
		}
		click("decision modal", e.viewSubmission(fmt.Sprintf("V%dD", i), "incident_decision", id, map[string]map[string]string{
			"decision_decision": {"decision_decision_input": r()}, "decision_why": {"decision_why_input": r()},
			"decision_action": {"decision_action_input": r()}, "decision_next": {"decision_next_input": r()},
		}))
		click("status modal", e.viewSubmission(fmt.Sprintf("V%dS", i), "incident_status", id, map[string]map[string]string{
			"status_confirmed": {"status_confirmed_input": r()}, "status_unconfirmed": {"status_unconfirmed_input": r()},
		}))
		click("next button", e.blockAction("incident_next", id, fmt.Sprintf("17000000%02d.1", i), e.fake.NewTriggerID()))
	}
	click("open modal", e.viewSubmission("V0OPEN", "incident_open", seGeneral, map[string]map[string]string{
		"open_title": {"open_title_input": "<!channel> " + hostile(rng)}, "open_severity": {"open_severity_select": "high"},
	}))
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })

	// The paths under test were taken: the announcement, posts in the
	// incident channels, answers through response URLs (the buttons'), the
	// report uploaded with its comment.
	if n := len(e.fake.Messages(seAnnounce)); n != rounds+1 {
		t.Errorf("%d announcements, want %d", n, rounds+1)
	}
	if len(e.fake.DMs(seOther)) == 0 {
		t.Errorf("nobody was paged by DM: %s", e.methods())
	}
	if len(e.fake.CallsTo(fakeslack.ResponseURLMethod)) == 0 || len(e.fake.CallsTo("conversations.setTopic")) == 0 {
		t.Errorf("no response_url answers or no topics: %s", e.methods())
	}
	if len(e.fake.CallsTo("files.completeUploadExternal")) == 0 {
		t.Errorf("no report was uploaded: %s", e.methods())
	}
	newLiveChecker(e.fake, seUser, seOther, e.fake.BotUserID()).check(t, e.fake, acks)
}

// commandWith is a signed slash command with its own response_url.
func (e *slackEnv) commandWith(p *serveProc, text, responseURL string) answer {
	e.t.Helper()
	v, err := url.ParseQuery(string(e.commandBody(seGeneral, text)))
	if err != nil {
		e.t.Fatal(err)
	}
	v.Set("response_url", responseURL)
	body := []byte(v.Encode())
	return e.post(p, "/slack/commands", body, e.signed(e.secret, time.Now(), body), false)
}

// TestResponseURLTrusted: the bot posts only to Slack's response URLs (here,
// the fake's, as [slack] api_url names it). A button's answer with a
// response_url elsewhere goes to the person in the channel instead; a
// response URL that redirects is not followed, and its item is given up, not
// retried. The report never goes to a response_url at all: it is uploaded
// to the incident's channel, whatever response_url came with the command,
// so a forged one reaches nothing.
func TestResponseURLTrusted(t *testing.T) {
	e := newSlackEnv(t)
	var stolen atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stolen.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer elsewhere.Close()
	p := e.serve()
	if got := e.command(p, seGeneral, "open high Database down"); !strings.Contains(got, "Opened #1") {
		t.Fatalf("open: %q", got)
	}
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })

	for _, u := range []string{elsewhere.URL + "/steal", "ftp://hooks.slack.com/commands/T0/1/x", "http://169.254.169.254/latest"} {
		a := e.commandWith(p, "report #1 md", u)
		if a.status != http.StatusOK || !strings.Contains(string(a.body), "incident's channel") {
			t.Errorf("report with response_url %s: %d %s, want it posted to the channel", u, a.status, a.body)
		}
	}
	e.waitFor("the three reports, uploaded", func() bool { return len(e.fake.CallsTo("files.completeUploadExternal")) == 3 })
	click := e.blockAction("incident_next", e.incidentID(1), "1700000001.1", e.fake.NewTriggerID())
	click["response_url"] = elsewhere.URL + "/steal"
	if a := e.interact(p, click); a.status != http.StatusOK {
		t.Fatalf("next button: %d %s", a.status, a.body)
	}
	e.waitFor("the button's answer, in the channel", func() bool { return len(e.fake.Ephemerals(seGeneral)) > 0 })

	e.fake.RedirectResponseURL("leak", e.fake.ResponseURL("stolen"))
	click = e.blockAction("incident_next", e.incidentID(1), "1700000002.1", e.fake.NewTriggerID())
	click["response_url"] = e.fake.ResponseURL("leak")
	if a := e.interact(p, click); a.status != http.StatusOK {
		t.Fatalf("next button, a Slack-looking URL: %d %s", a.status, a.body)
	}
	e.waitFor("the outbox drained", func() bool { return e.pendingOutbox() == 0 })
	if n := len(e.fake.CallsTo(fakeslack.ResponseURLMethod)); n != 1 {
		t.Errorf("%d posts to response URLs, want the one to the redirecting URL, not retried", n)
	}
	if n := len(e.fake.Responses("stolen")); n != 0 {
		t.Errorf("the redirect was followed: %d answers at its target", n)
	}
	if n := stolen.Load(); n != 0 {
		t.Errorf("%d requests reached the other server", n)
	}
}

// TestSlowRequestLetGo: a request whose body never finishes arriving is not
// held open: serve answers or closes the connection (within its read
// timeout; the test's deadline only guards against a hang), and keeps
// serving others.
func TestSlowRequestLetGo(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	c, err := net.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	body := e.commandBody(seGeneral, "open high slow loris")
	hdr := e.signed(e.secret, time.Now(), body)
	fmt.Fprintf(c, "POST /slack/commands HTTP/1.1\r\nHost: bot\r\nContent-Type: application/x-www-form-urlencoded\r\n"+
		"X-Slack-Request-Timestamp: %s\r\nX-Slack-Signature: %s\r\nContent-Length: %d\r\n\r\n",
		hdr.Get("X-Slack-Request-Timestamp"), hdr.Get("X-Slack-Signature"), len(body))
	c.Write(body[:len(body)/2])
	c.SetReadDeadline(time.Now().Add(seWait))
	got, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("serve held a half-sent request open for %v", seWait)
	}
	if len(got) > 0 && !strings.HasPrefix(string(got), "HTTP/1.1 4") {
		t.Errorf("answer to a half-sent request: %q", got)
	}
	if n := len(e.fake.Calls()); n != 0 {
		t.Errorf("the half-sent command reached Slack: %s", e.methods())
	}
	if got := e.command(p, seGeneral, "open high after the slow one"); !strings.Contains(got, "Opened #1") {
		t.Errorf("next command: %q", got)
	}
}

// replay posts the same signed body twice (a replay within the signature's
// window) and returns both answers.
func (e *slackEnv) replay(p *serveProc, path string, body []byte) (first, second answer) {
	e.t.Helper()
	hdr := e.signed(e.secret, time.Now(), body)
	return e.post(p, path, body, hdr, false), e.post(p, path, body, hdr, false)
}

// TestReplaysApplyOnce: requests without the ids Slack always sends (a
// command's trigger_id, a click's action_ts, a form's view.id) are still
// applied once when replayed, and two different forms without a view id are
// both recorded.
func TestReplaysApplyOnce(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	if got := e.command(p, seGeneral, "open high Replay target"); !strings.Contains(got, "Opened #1") {
		t.Fatalf("open: %q", got)
	}
	id := e.incidentID(1)

	v, err := url.ParseQuery(string(e.commandBody(seGeneral, "log #1 said once")))
	if err != nil {
		t.Fatal(err)
	}
	v.Del("trigger_id")
	first, second := e.replay(p, "/slack/commands", []byte(v.Encode()))
	if !strings.Contains(string(first.body), "note recorded (event 2)") || !strings.Contains(string(second.body), "Already done") {
		t.Errorf("a command without trigger_id, twice:\n%s\n%s", first.body, second.body)
	}

	click, err := json.Marshal(e.blockAction("incident_next", id, "", ""))
	if err != nil {
		t.Fatal(err)
	}
	first, second = e.replay(p, "/slack/interactions", []byte(url.Values{"payload": {string(click)}}.Encode()))
	if first.status != http.StatusOK || second.status != http.StatusOK {
		t.Fatalf("a click without action_ts, twice: %d %d", first.status, second.status)
	}

	for i, d := range []string{"fail over to the replica", "keep the primary"} {
		a := e.interact(p, e.viewSubmission("", "incident_decision", id, map[string]map[string]string{
			"decision_decision": {"decision_decision_input": d}, "decision_why": {"decision_why_input": fmt.Sprint("reason ", i)},
		}))
		if a.status != http.StatusOK || len(a.body) > 0 {
			t.Errorf("decision %q without a view id: %d %s", d, a.status, a.body)
		}
	}
	rep := exportJSON(t, e.dir, "1", "--db", e.db)
	if rep.Summary.Phase != "initial" {
		t.Errorf("phase %q after one click replayed: want initial (one step)", rep.Summary.Phase)
	}
	if len(rep.Notes) != 1 {
		t.Errorf("%d notes after one command replayed, want 1", len(rep.Notes))
	}
	if len(rep.Decisions) != 2 {
		t.Errorf("%d decisions from two different forms without a view id, want 2", len(rep.Decisions))
	}
}
