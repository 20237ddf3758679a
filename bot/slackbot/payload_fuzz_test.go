package slackbot

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// fuzzPaths are the endpoints FuzzSlackPayloads picks from.
var fuzzPaths = []string{PathCommands, PathInteractions, PathEvents}

// FuzzSlackPayloads sends any correctly signed body to the Slack endpoints
// of a real Bot on a real database: decoding never panics, the answer is one
// Slack can take (200, or 400 for what cannot be read), and no text in it
// pings or links anything. The Web API is unreachable here, so modals and
// name lookups fail fast, as they may.
func FuzzSlackPayloads(f *testing.F) {
	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	command := func(text string) string {
		return form("team_id", "T0FUZZ", "channel_id", "C0FUZZ", "user_id", "U0SATO", "user_name", "sato",
			"command", "/incident", "text", text, "trigger_id", "1.2.3", "response_url", "https://hooks.slack.com/commands/x")
	}
	payload := func(v any) string {
		b, _ := json.Marshal(v)
		return form("payload", string(b))
	}
	f.Add(uint8(0), command("open high <!channel> & <https://evil.example|x>"))
	f.Add(uint8(0), command("log #1 <@U0EVIL> &lt;!here&gt;"))
	f.Add(uint8(0), command("decision #1 a | why: <b>"))
	f.Add(uint8(0), command("help <n>"))
	f.Add(uint8(1), payload(map[string]any{"type": "block_actions", "team": map[string]any{"id": "T0FUZZ"}, "user": map[string]any{"id": "U0SATO"},
		"channel": map[string]any{"id": "C0FUZZ"}, "response_url": "https://hooks.slack.com/actions/x",
		"actions": []any{map[string]any{"action_id": ActionNext, "value": "00000000-0000-7000-8000-000000000001", "action_ts": "1.1"}}}))
	f.Add(uint8(1), payload(map[string]any{"type": "view_submission", "team": map[string]any{"id": "T0FUZZ"}, "user": map[string]any{"id": "U0SATO"},
		"view": map[string]any{"callback_id": CallbackOpen, "private_metadata": "C0FUZZ", "state": map[string]any{"values": map[string]any{
			BlockTitle:    map[string]any{InputTitle: map[string]any{"type": "plain_text_input", "value": "<!here> down"}},
			BlockSeverity: map[string]any{InputSeverity: map[string]any{"type": "static_select", "selected_option": map[string]any{"value": "high"}}},
		}}}}))
	f.Add(uint8(2), `{"type":"event_callback","team_id":"T0FUZZ","event_id":"Ev1","event":{"type":"reaction_added","user":"U0SATO","reaction":"pushpin","item":{"type":"message","channel":"C0FUZZ","ts":"1.2"}}}`)
	f.Add(uint8(2), `{"type":"url_verification","challenge":"<!channel>"}`)

	log := slog.New(slog.DiscardHandler)
	db, _ := sqlitetest.Open(f)
	svc := workflow.NewService(workflow.Options{Store: db, Location: time.UTC, Logger: log})
	api := slack.New("xoxb-fuzz", slack.OptionAPIURL("http://127.0.0.1:9/api/"))
	b, err := New(Options{Service: svc, Store: db, API: api, Lang: workflow.English, Loc: time.UTC, ViewTimeout: 50 * time.Millisecond, Logger: log})
	if err != nil {
		f.Fatal(err)
	}
	h, err := NewHTTPHandler(b, HTTPOptions{SigningSecret: testSecret, Log: log, Now: fixedClock(testNow)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, body string) {
		path := fuzzPaths[int(which)%len(fuzzPaths)]
		w := serve(h, signedRequest(testSecret, testNow, path, []byte(body)))
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest:
		default:
			t.Fatalf("%s %q: status %d %s", path, body, w.Code, w.Body)
		}
		var answer any
		if json.Unmarshal(w.Body.Bytes(), &answer) != nil {
			return
		}
		if path == PathEvents {
			return // the URL check echoes Slack's challenge; nothing is posted
		}
		for _, s := range parsedTexts(answer) {
			if strings.ContainsAny(strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(s), "&<>") {
				t.Fatalf("%s %q: the answer holds live or unescaped text: %q", path, body, s)
			}
		}
	})
}

// parsedTexts are the texts of a message-shaped JSON value that Slack parses
// as mrkdwn: a message's text and mrkdwn text objects (plain_text objects,
// ids and values are not parsed).
func parsedTexts(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "plain_text" {
			return nil
		}
		for k, sub := range x {
			if s, ok := sub.(string); ok {
				if k == "text" {
					out = append(out, s)
				}
				continue
			}
			out = append(out, parsedTexts(sub)...)
		}
	case []any:
		for _, sub := range x {
			out = append(out, parsedTexts(sub)...)
		}
	}
	return out
}
