package slackbot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"go.yaml.in/yaml/v3"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/workflow"
)

// manifestFile is the Slack app manifest at the repository root.
const manifestFile = "../../slack-app-manifest.yaml"

// appManifest is the part of Slack's app manifest this repository writes.
// Decoding is strict, so a misspelt key in the file fails the test instead of
// being ignored by it (and then by Slack).
type appManifest struct {
	DisplayInformation struct {
		Name            string `yaml:"name"`
		Description     string `yaml:"description"`
		LongDescription string `yaml:"long_description"`
		BackgroundColor string `yaml:"background_color"`
	} `yaml:"display_information"`
	Features struct {
		BotUser struct {
			DisplayName  string `yaml:"display_name"`
			AlwaysOnline bool   `yaml:"always_online"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command      string `yaml:"command"`
			URL          string `yaml:"url"`
			Description  string `yaml:"description"`
			UsageHint    string `yaml:"usage_hint"`
			ShouldEscape bool   `yaml:"should_escape"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot  []string `yaml:"bot"`
			User []string `yaml:"user"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		EventSubscriptions struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		OrgDeployEnabled     bool `yaml:"org_deploy_enabled"`
		SocketModeEnabled    bool `yaml:"socket_mode_enabled"`
		TokenRotationEnabled bool `yaml:"token_rotation_enabled"`
	} `yaml:"settings"`
}

func readManifest(t *testing.T) appManifest {
	t.Helper()
	data, err := os.ReadFile(manifestFile)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var m appManifest
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("%s: %v", manifestFile, err)
	}
	return m
}

// TestScopesOfManifestMatchWhatTheAdapterUses runs every feature of the
// adapter against the fake Web API, maps the methods it called and the
// events it handled to their scopes, and compares the result with the
// manifest: a scope missing there breaks a feature in a real workspace, an
// extra one asks admins for access the bot never uses.
func TestScopesOfManifestMatchWhatTheAdapterUses(t *testing.T) {
	f := newFlow(t)
	ctx := context.Background()
	const witness = "U0TANAKA" // writes messages, never types a command
	f.fake.AddUser(witness, "tanaka", "Tanaka Jiro", "Asia/Tokyo", "ja-JP")

	// drained waits until the outbox has nothing left to deliver.
	drained := func(what string) {
		t.Helper()
		f.wait(what, func() bool {
			var due []workflow.Outgoing
			err := f.db.Update(ctx, func(tx workflow.Tx) error {
				var err error
				due, err = tx.DueOutgoing("", time.Now().AddDate(1, 0, 0), 1) // due or not
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return len(due) == 0
		})
	}
	var events []string
	react := func(id, channel, ts string, removed bool) {
		t.Helper()
		item := slackevents.Item{Type: "message", Channel: channel, Timestamp: ts}
		typ, data := "reaction_added", any(&slackevents.ReactionAddedEvent{Type: "reaction_added", User: opener, Reaction: "pushpin", Item: item, EventTimestamp: "1700000500.000100"})
		if removed {
			typ, data = "reaction_removed", &slackevents.ReactionRemovedEvent{Type: "reaction_removed", User: opener, Reaction: "pushpin", Item: item, EventTimestamp: "1700000600.000100"}
		}
		events = append(events, typ)
		if err := f.bot.Event(ctx, team, id, slackevents.EventsAPIInnerEvent{Type: typ, Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	interact := func(payload map[string]any) any {
		t.Helper()
		raw, err := json.Marshal(payload)
		if err != nil {
			t.Fatal(err)
		}
		var cb slack.InteractionCallback
		if err := json.Unmarshal(raw, &cb); err != nil {
			t.Fatal(err)
		}
		return f.bot.Interaction(ctx, cb)
	}

	// open (public): channel, invite, card, pin, topic, announcement.
	f.command(opener, "C0GENERAL", "open high Website defaced")
	ch := f.channelOf("inc-1-website-defaced")
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	drained("the opening delivered")
	inc := f.incident("#1")

	// A page: a DM to the person on call (conversations.open, then
	// chat.postMessage) and a mention in the incident channel.
	err := f.db.Update(ctx, func(tx workflow.Tx) error {
		return f.bot.Notify(tx, workflow.Notice{Kind: workflow.NoticePage, Incident: inc,
			Target: workflow.Target{Kind: workflow.TargetUser, ID: witness}, Role: workflow.RoleTech})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.bot.Wake()
	f.wait("the page's DM", func() bool { return len(f.fake.DMs(witness)) == 1 })
	drained("the page delivered")

	// A user group a level informs: a mention in the incident channel, and
	// a DM to each member found by usergroups.users.list.
	f.fake.AddUserGroup("S0ONCALL", witness)
	err = f.db.Update(ctx, func(tx workflow.Tx) error {
		return f.bot.Notify(tx, workflow.Notice{Kind: workflow.NoticeInform, Incident: inc,
			Target: workflow.Target{Kind: workflow.TargetGroup, ID: "S0ONCALL"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	f.bot.Wake()
	f.wait("the group member's DM", func() bool { return len(f.fake.DMs(witness)) == 2 })
	drained("the group's notice delivered")

	// The everyday commands in the incident channel. With should_escape the
	// mention arrives with its name.
	f.command(opener, ch.ID, "assign tech <@"+tech+"|suzuki>")
	f.command(opener, ch.ID, "decision Take the site offline | why: defaced pages are public | action: maintenance page")
	f.command(opener, ch.ID, "status confirmed: pages replaced | unconfirmed: entry point | next: access logs")
	f.command(opener, ch.ID, "phase initial")
	if got := f.command(opener, ch.ID, "show"); !strings.Contains(got, "Website defaced") {
		t.Errorf("show answered %q", got)
	}
	// The report is uploaded to the incident channel as a file.
	f.command(opener, ch.ID, "report")
	drained("the commands delivered")
	if n := len(f.fake.Files(ch.ID)); n != 1 {
		t.Errorf("%d files in the incident channel after report, want 1", n)
	}

	// 📌 on a message, on a reply in a thread, and taken off again.
	msg, err := f.fake.AddMessage(ch.ID, witness, "WAF log shows 500 hits from 203.0.113.9", "")
	if err != nil {
		t.Fatal(err)
	}
	reply, err := f.fake.AddMessage(ch.ID, witness, "same source hit the admin login", msg)
	if err != nil {
		t.Fatal(err)
	}
	seq := f.incident("#1").Seq
	react("EvScope1", ch.ID, msg, false)
	react("EvScope2", ch.ID, reply, false)
	f.wait("both captured", func() bool { return f.incident("#1").Seq == seq+2 })
	react("EvScope3", ch.ID, msg, true)
	f.wait("withdrawn", func() bool { return f.incident("#1").Seq == seq+3 })
	drained("the captures delivered")

	// A modal: /incident decision with nothing after it, then its submission.
	if got := f.command(opener, ch.ID, "decision"); got != "" {
		t.Fatalf("decision without arguments answered %q instead of opening a modal", got)
	}
	views := f.fake.Views()
	if len(views) != 1 {
		t.Fatalf("%d views opened, want 1", len(views))
	}
	var opened struct {
		CallbackID      string `json:"callback_id"`
		PrivateMetadata string `json:"private_metadata"`
	}
	if err := json.Unmarshal(views[0].JSON, &opened); err != nil {
		t.Fatal(err)
	}
	text := func(v string) map[string]any { return map[string]any{"type": "plain_text_input", "value": v} }
	seq = f.incident("#1").Seq
	ack := interact(map[string]any{
		"type": "view_submission", "team": map[string]any{"id": team}, "user": map[string]any{"id": opener, "name": "sato"},
		"view": map[string]any{"id": views[0].ID, "hash": "1700000700.abc", "callback_id": opened.CallbackID, "private_metadata": opened.PrivateMetadata,
			"state": map[string]any{"values": map[string]any{
				slackbot.BlockDecision: map[string]any{slackbot.InputDecision: text("Restore from the clean backup")},
				slackbot.BlockWhy:      map[string]any{slackbot.InputWhy: text("the backup predates the defacement")},
			}}},
	})
	if ack != nil {
		t.Fatalf("view submission answered %+v", ack)
	}
	f.wait("decision from the modal", func() bool { return f.incident("#1").Seq == seq+1 })

	// A button on the card: one phase forward.
	interact(map[string]any{
		"type": "block_actions", "team": map[string]any{"id": team}, "user": map[string]any{"id": opener, "name": "sato"},
		"channel": map[string]any{"id": ch.ID, "name": ch.Name}, "trigger_id": f.fake.NewTriggerID(), "response_url": f.fake.ResponseURL("button"),
		"actions": []any{map[string]any{"type": "button", "action_id": slackbot.ActionNext, "block_id": "card_actions", "value": inc.ID.String(), "action_ts": "1700000800.000100"}},
	})
	f.wait("next phase from the card", func() bool { return f.incident("#1").Phase == workflow.PhaseInvestigate })
	drained("the modal and the button delivered")

	// open --private: the private variants of the channel methods.
	f.command(opener, "C0GENERAL", "open high Applicant data exposed --private")
	pch := f.channelOf("inc-2-applicant-data-exposed")
	if !pch.IsPrivate {
		t.Fatal("the channel of a private incident is public")
	}
	f.wait("private card pinned", func() bool { return len(f.fake.Pins(pch.ID)) == 1 })
	drained("the private opening delivered")

	// What the scenario made the adapter do.
	called := map[string]bool{}
	for _, c := range f.fake.Calls() {
		if c.Method != fakeslack.ResponseURLMethod && c.Method != fakeslack.UploadMethod {
			called[c.Method] = true
		}
	}
	methods := slices.Sorted(func(yield func(string) bool) {
		for m := range called {
			if !yield(m) {
				return
			}
		}
	})
	t.Logf("Web API methods called: %s", strings.Join(methods, " "))

	// The tables hold nothing the adapter does not use.
	for _, m := range slackbot.ScopedMethods() {
		if !called[m] {
			t.Errorf("methodScopes maps %s, which the adapter never called in this scenario: remove it, or exercise it here", m)
		}
	}
	for _, e := range slackbot.ScopedEvents() {
		if !slices.Contains(events, e) {
			t.Errorf("eventScopes maps %s, which this scenario never delivered: remove it, or exercise it here", e)
		}
	}

	need, err := slackbot.RequiredScopes(methods, events)
	if err != nil {
		t.Fatal(err)
	}
	need = append(need, "commands") // the /incident slash command
	m := readManifest(t)
	compare(t, "oauth_config.scopes.bot", need, m.OAuthConfig.Scopes.Bot)
	compare(t, "settings.event_subscriptions.bot_events", events, m.Settings.EventSubscriptions.BotEvents)
	if len(m.OAuthConfig.Scopes.User) > 0 {
		t.Errorf("the manifest asks for user scopes %v; the bot acts only with its own token", m.OAuthConfig.Scopes.User)
	}
}

// compare reports every entry of want missing from the manifest list got, and
// every entry of got that nothing needs (or that is listed twice).
func compare(t *testing.T, key string, want, got []string) {
	t.Helper()
	seen := map[string]int{}
	for _, g := range got {
		seen[g]++
		if seen[g] == 2 {
			t.Errorf("manifest %s lists %s twice", key, g)
		}
	}
	for _, w := range want {
		if seen[w] == 0 {
			t.Errorf("manifest %s lacks %s, which the adapter needs", key, w)
		}
	}
	for g := range seen {
		if !slices.Contains(want, g) {
			t.Errorf("manifest %s has %s, which nothing in the adapter needs", key, g)
		}
	}
}

// TestScopeManifestSettings checks the rest of what the adapter relies on.
func TestScopeManifestSettings(t *testing.T) {
	m := readManifest(t)
	if len(m.Features.SlashCommands) != 1 {
		t.Fatalf("%d slash commands, want 1", len(m.Features.SlashCommands))
	}
	c := m.Features.SlashCommands[0]
	if c.Command != "/incident" {
		t.Errorf("slash command %q, want /incident", c.Command)
	}
	if !c.ShouldEscape {
		t.Error("should_escape must be true: mentions then arrive as <@U123|name>")
	}
	if c.Description == "" || c.UsageHint == "" {
		t.Error("the slash command needs a description and a usage hint")
	}
	if m.Features.BotUser.DisplayName == "" || m.DisplayInformation.Name == "" {
		t.Error("the manifest needs a name and a bot user")
	}
	if !m.Settings.Interactivity.IsEnabled {
		t.Error("interactivity must be on: the card's buttons and the modals")
	}
	if !m.Settings.SocketModeEnabled {
		t.Error("socket_mode_enabled must be true: the default mode needs no public URL")
	}
	// With Socket Mode on, request URLs stay out (the comments show them for
	// HTTP mode).
	if c.URL != "" || m.Settings.Interactivity.RequestURL != "" || m.Settings.EventSubscriptions.RequestURL != "" {
		t.Error("request URLs are set while Socket Mode is on")
	}
}

func TestRequiredScopes(t *testing.T) {
	got, err := slackbot.RequiredScopes([]string{"chat.postMessage", "chat.update", "chat.postMessage", "views.open"}, nil)
	if err != nil || !slices.Equal(got, []string{"chat:write"}) {
		t.Errorf("chat methods: %v, %v", got, err)
	}

	// A method that accepts several scopes takes the broad one another method
	// already needs ...
	got, err = slackbot.RequiredScopes([]string{"conversations.setTopic", "conversations.create"}, nil)
	if err != nil || !slices.Equal(got, []string{"channels:manage", "groups:write"}) {
		t.Errorf("setTopic with create: %v, %v", got, err)
	}
	// ... and alone, its first choice.
	got, err = slackbot.RequiredScopes([]string{"conversations.setTopic"}, nil)
	if err != nil || !slices.Equal(got, []string{"channels:manage", "groups:write"}) {
		t.Errorf("setTopic alone: %v, %v", got, err)
	}

	got, err = slackbot.RequiredScopes(nil, []string{"reaction_added", "reaction_removed"})
	if err != nil || !slices.Equal(got, []string{"reactions:read"}) {
		t.Errorf("reaction events: %v, %v", got, err)
	}

	// Anything unmapped is an error that names it.
	_, err = slackbot.RequiredScopes([]string{"chat.postMessage", "files.uploadV2"}, []string{"app_mention"})
	if err == nil || !strings.Contains(err.Error(), "files.uploadV2") || !strings.Contains(err.Error(), "app_mention") {
		t.Errorf("unmapped method and event: %v", err)
	}
}
