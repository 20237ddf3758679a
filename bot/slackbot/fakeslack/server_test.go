package fakeslack_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/internal/clocktest"
)

const (
	alice = "U0ALICE"
	bob   = "U0BOB"
	ops   = "C0OPS"
)

// setup starts a fake with two users and a public #ops channel the bot and
// alice are in, and returns a client for it.
func setup(t *testing.T) (*fakeslack.Server, *slack.Client) {
	t.Helper()
	s := fakeslack.NewServer(t)
	s.AddUser(alice, "alice", "Alice Liddell", "Europe/Berlin", "de-DE")
	s.AddUser(bob, "bob", "Bob Builder", "America/New_York", "en-US")
	if err := s.AddChannel(ops, "ops", false, s.BotUserID(), alice); err != nil {
		t.Fatal(err)
	}
	return s, slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()))
}

func slackErr(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a slack.SlackErrorResponse", err, err)
	}
	return se.Err
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestURLs(t *testing.T) {
	s := fakeslack.NewServer(t)
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") || !strings.HasSuffix(s.URL(), "/") {
		t.Errorf("URL() = %q", s.URL())
	}
	if u := s.ResponseURL("a b"); !strings.HasPrefix(u, s.BaseURL()+"/") {
		t.Errorf("ResponseURL() = %q", u)
	}
}

func TestAuth(t *testing.T) {
	s := fakeslack.NewServer(t)
	for _, tc := range []struct {
		token, want string
	}{
		{s.BotToken(), ""},
		{"xoxb-wrong", "invalid_auth"},
		{"", "not_authed"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			api := slack.New(tc.token, slack.OptionAPIURL(s.URL()))
			resp, err := api.AuthTestContext(ctx(t))
			if got := slackErr(t, err); got != tc.want {
				t.Fatalf("error = %q, want %q", got, tc.want)
			}
			if tc.want == "" && (resp.UserID != s.BotUserID() || resp.TeamID != s.TeamID() || resp.BotID == "") {
				t.Errorf("auth.test = %+v", resp)
			}
		})
	}
	calls := s.CallsTo("auth.test")
	if len(calls) != 3 || calls[1].Token != "xoxb-wrong" || calls[1].Error != "invalid_auth" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestPostUpdateHistoryPermalink(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	blocks := slack.MsgOptionBlocks(slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*SEV1* db down", false, false), nil, nil))
	ch, ts, err := api.PostMessageContext(c, ops, slack.MsgOptionText("SEV1 db down", false), blocks)
	if err != nil {
		t.Fatal(err)
	}
	if ch != ops || ts != "1700000000.000100" {
		t.Fatalf("PostMessage = %q, %q", ch, ts)
	}
	_, ts2, err := api.PostMessageContext(c, "#ops", slack.MsgOptionText("second", false))
	if err != nil || ts2 != "1700000000.000200" {
		t.Fatalf("second post = %q, %v", ts2, err)
	}

	if _, _, _, err := api.UpdateMessageContext(c, ops, ts, slack.MsgOptionText("SEV1 db down (acked)", false)); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(ops)
	if len(msgs) != 2 || msgs[0].TS != ts || msgs[0].Text != "SEV1 db down (acked)" || msgs[0].Edits != 1 {
		t.Fatalf("Messages = %+v", msgs)
	}
	if !strings.Contains(string(msgs[0].Blocks), "db down") {
		t.Errorf("blocks not kept on update without blocks: %s", msgs[0].Blocks)
	}

	// Fetch exactly one message by ts.
	h, err := api.GetConversationHistoryContext(c, &slack.GetConversationHistoryParameters{
		ChannelID: ops, Latest: ts, Oldest: ts, Inclusive: true, Limit: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 1 || h.Messages[0].Timestamp != ts || h.Messages[0].Text != "SEV1 db down (acked)" ||
		len(h.Messages[0].Blocks.BlockSet) != 1 || h.Messages[0].Edited == nil || h.Messages[0].BotID == "" {
		t.Fatalf("history = %+v", h.Messages)
	}
	// Latest alone, inclusive, limit 1 also yields exactly that message.
	h, err = api.GetConversationHistoryContext(c, &slack.GetConversationHistoryParameters{ChannelID: ops, Latest: ts, Inclusive: true, Limit: 1})
	if err != nil || len(h.Messages) != 1 || h.Messages[0].Timestamp != ts {
		t.Fatalf("history(latest) = %+v, %v", h, err)
	}

	link, err := api.GetPermalinkContext(c, &slack.PermalinkParameters{Channel: ops, Ts: ts})
	if err != nil || !strings.HasSuffix(link, "/archives/"+ops+"/p1700000000000100") {
		t.Fatalf("permalink = %q, %v", link, err)
	}

	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"post unknown channel", func() error {
			_, _, err := api.PostMessageContext(c, "C0NOPE", slack.MsgOptionText("x", false))
			return err
		}, "channel_not_found"},
		{"post empty", func() error { _, _, err := api.PostMessageContext(c, ops); return err }, "no_text"},
		{"post bad blocks", func() error {
			_, _, err := api.PostMessageContext(c, ops, slack.MsgOptionText("x", false), slack.UnsafeMsgOptionEndpoint(s.URL()+"chat.postMessage", func(v url.Values) { v.Set("blocks", "{nope") }))
			return err
		}, "invalid_blocks"},
		{"update unknown ts", func() error {
			_, _, _, err := api.UpdateMessageContext(c, ops, "1.000001", slack.MsgOptionText("x", false))
			return err
		}, "message_not_found"},
		{"permalink unknown ts", func() error {
			_, err := api.GetPermalinkContext(c, &slack.PermalinkParameters{Channel: ops, Ts: "1.000001"})
			return err
		}, "message_not_found"},
		{"history bad latest", func() error {
			_, err := api.GetConversationHistoryContext(c, &slack.GetConversationHistoryParameters{ChannelID: ops, Latest: "abc"})
			return err
		}, "invalid_ts_latest"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := slackErr(t, tc.call()); got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestHistoryPagingAndThreads(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	var tss []string
	for i := range 5 {
		_, ts, err := api.PostMessageContext(c, ops, slack.MsgOptionText(fmt.Sprint("m", i), false))
		if err != nil {
			t.Fatal(err)
		}
		tss = append(tss, ts)
	}
	if _, _, err := api.PostMessageContext(c, ops, slack.MsgOptionText("reply", false), slack.MsgOptionTS(tss[0])); err != nil {
		t.Fatal(err)
	}
	var got []string
	cursor := ""
	for {
		h, err := api.GetConversationHistoryContext(c, &slack.GetConversationHistoryParameters{ChannelID: ops, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range h.Messages {
			got = append(got, m.Text)
			if m.Timestamp == tss[0] && m.ReplyCount != 1 {
				t.Errorf("parent reply_count = %d", m.ReplyCount)
			}
		}
		if !h.HasMore {
			break
		}
		cursor = h.ResponseMetaData.NextCursor
	}
	if want := "m4 m3 m2 m1 m0"; strings.Join(got, " ") != want {
		t.Errorf("history = %q, want %q", got, want)
	}
	replies, _, _, err := api.GetConversationRepliesContext(c, &slack.GetConversationRepliesParameters{ChannelID: ops, Timestamp: tss[0]})
	if err != nil || len(replies) != 2 || replies[1].Text != "reply" {
		t.Fatalf("replies = %+v, %v", replies, err)
	}
	if n := len(s.Messages(ops)); n != 6 {
		t.Errorf("Messages = %d, want 6", n)
	}
}

func TestTimestampsUniqueUnderConcurrency(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			_, ts, err := api.PostMessageContext(c, ops, slack.MsgOptionText(fmt.Sprint(i), false))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[ts] {
				t.Errorf("duplicate ts %s", ts)
			}
			seen[ts] = true
		})
	}
	wg.Wait()
	msgs := s.Messages(ops)
	for i := 1; i < len(msgs); i++ {
		if msgs[i-1].TS >= msgs[i].TS {
			t.Errorf("ts not increasing: %s, %s", msgs[i-1].TS, msgs[i].TS)
		}
	}
	if err := s.WaitFor(c, "chat.postMessage", 20); err != nil {
		t.Error(err)
	}
}

func TestConversationsCreate(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	for _, tc := range []struct {
		name    string
		private bool
		want    string
	}{
		{"inc-42-db-down", true, ""},
		{"inc-42-db-down", false, "name_taken"},
		{"ops", false, "name_taken"},
		{"inc_43", false, ""},
		{"", false, "invalid_name_required"},
		{"Has-Upper", false, "invalid_name_specials"},
		{"with space", false, "invalid_name_specials"},
		{"dot.name", false, "invalid_name_specials"},
		{"---", false, "invalid_name_punctuation"},
		{strings.Repeat("a", 81), false, "invalid_name_maxlength"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := api.CreateConversationContext(c, slack.CreateConversationParams{ChannelName: tc.name, IsPrivate: tc.private})
			if got := slackErr(t, err); got != tc.want {
				t.Fatalf("error = %q, want %q", got, tc.want)
			}
			if tc.want != "" {
				return
			}
			if !strings.HasPrefix(ch.ID, "C") || ch.Name != tc.name || ch.IsPrivate != tc.private || !ch.IsMember {
				t.Errorf("channel = %+v", ch)
			}
			got, ok := s.ChannelByName(tc.name)
			if !ok || got.ID != ch.ID || got.IsPrivate != tc.private {
				t.Errorf("ChannelByName = %+v, %v", got, ok)
			}
		})
	}
	if n := len(s.Channels()); n != 3 {
		t.Errorf("Channels = %d, want 3", n)
	}
}

func TestMembershipTopicPinsInfo(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	inc, err := api.CreateConversationContext(c, slack.CreateConversationParams{ChannelName: "inc-1", IsPrivate: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.InviteUsersToConversationContext(c, inc.ID, alice, bob); err != nil {
		t.Fatal(err)
	}
	if got := s.Members(inc.ID); strings.Join(got, ",") != s.BotUserID()+","+alice+","+bob {
		t.Errorf("Members = %v", got)
	}
	_, err = api.InviteUsersToConversationContext(c, inc.ID, alice)
	if got := slackErr(t, err); got != "already_in_channel" {
		t.Errorf("re-invite: %q", got)
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (len(se.Errors) != 1 || se.Errors[0].ConversationsInviteResponseError == nil ||
		se.Errors[0].ConversationsInviteResponseError.User != alice) {
		t.Errorf("per-user errors = %+v", se.Errors)
	}
	_, err = api.InviteUsersToConversationContext(c, inc.ID, "U0NOBODY")
	if got := slackErr(t, err); got != "user_not_found" {
		t.Errorf("invite unknown: %q", got)
	}

	ch, err := api.SetTopicOfConversationContext(c, inc.ID, "SEV1 | IC: alice")
	if err != nil || ch.Topic.Value != "SEV1 | IC: alice" {
		t.Fatalf("setTopic = %+v, %v", ch, err)
	}
	if got := s.Topic(inc.ID); got != "SEV1 | IC: alice" {
		t.Errorf("Topic = %q", got)
	}
	_, err = api.SetTopicOfConversationContext(c, inc.ID, strings.Repeat("x", 251))
	if got := slackErr(t, err); got != "too_long" {
		t.Errorf("long topic: %q", got)
	}

	_, ts, err := api.PostMessageContext(c, inc.ID, slack.MsgOptionText("summary", false))
	if err != nil {
		t.Fatal(err)
	}
	if err := api.AddPinContext(c, inc.ID, slack.NewRefToMessage(inc.ID, ts)); err != nil {
		t.Fatal(err)
	}
	err = api.AddPinContext(c, inc.ID, slack.NewRefToMessage(inc.ID, ts))
	if got := slackErr(t, err); got != "already_pinned" {
		t.Errorf("re-pin: %q", got)
	}
	if got := s.Pins(inc.ID); len(got) != 1 || got[0] != ts {
		t.Errorf("Pins = %v", got)
	}

	info, err := api.GetConversationInfoContext(c, &slack.GetConversationInfoInput{ChannelID: inc.ID, IncludeNumMembers: true})
	if err != nil || info.NumMembers != 3 || !info.IsPrivate || info.Topic.Value != "SEV1 | IC: alice" {
		t.Fatalf("info = %+v, %v", info, err)
	}

	// A public channel the bot is not in: join works, history needs membership.
	if err := s.AddChannel("C0PUB", "general", false, alice); err != nil {
		t.Fatal(err)
	}
	_, err = api.GetConversationHistoryContext(c, &slack.GetConversationHistoryParameters{ChannelID: "C0PUB"})
	if got := slackErr(t, err); got != "not_in_channel" {
		t.Errorf("history before join: %q", got)
	}
	err = api.AddPinContext(c, "C0PUB", slack.NewRefToMessage("C0PUB", ts))
	if got := slackErr(t, err); got != "not_in_channel" {
		t.Errorf("pin before join: %q", got)
	}
	if _, _, _, err := api.JoinConversationContext(c, "C0PUB"); err != nil {
		t.Fatal(err)
	}
	if _, warn, _, err := api.JoinConversationContext(c, "C0PUB"); err != nil || warn != "already_in_channel" {
		t.Errorf("second join: %q, %v", warn, err)
	}
	// A private channel the bot is not in is invisible.
	if err := s.AddChannel("C0SECRET", "secret", true, alice); err != nil {
		t.Fatal(err)
	}
	for name, call := range map[string]func() error{
		"join": func() error { _, _, _, err := api.JoinConversationContext(c, "C0SECRET"); return err },
		"info": func() error {
			_, err := api.GetConversationInfoContext(c, &slack.GetConversationInfoInput{ChannelID: "C0SECRET"})
			return err
		},
		"post": func() error {
			_, _, err := api.PostMessageContext(c, "C0SECRET", slack.MsgOptionText("x", false))
			return err
		},
	} {
		if got := slackErr(t, call()); got != "channel_not_found" {
			t.Errorf("%s private: %q", name, got)
		}
	}
	if err := s.Archive(inc.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = api.PostMessageContext(c, inc.ID, slack.MsgOptionText("x", false))
	if got := slackErr(t, err); got != "is_archived" {
		t.Errorf("post archived: %q", got)
	}
}

func TestEphemeralAndDM(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	if _, err := api.PostEphemeralContext(c, ops, alice, slack.MsgOptionText("only you", false)); err != nil {
		t.Fatal(err)
	}
	if e := s.Ephemerals(ops); len(e) != 1 || e[0].Recipient != alice || e[0].Text != "only you" {
		t.Errorf("Ephemerals = %+v", e)
	}
	if n := len(s.Messages(ops)); n != 0 {
		t.Errorf("ephemeral in Messages: %d", n)
	}
	_, err := api.PostEphemeralContext(c, ops, bob, slack.MsgOptionText("x", false))
	if got := slackErr(t, err); got != "user_not_in_channel" {
		t.Errorf("ephemeral to non-member: %q", got)
	}
	ch, _, err := api.PostMessageContext(c, bob, slack.MsgOptionText("hi bob", false))
	if err != nil || !strings.HasPrefix(ch, "D") {
		t.Fatalf("DM = %q, %v", ch, err)
	}
	if m := s.Messages(ch); len(m) != 1 || m[0].Text != "hi bob" {
		t.Errorf("DM messages = %+v", m)
	}
}

func modal(title string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: "declare",
		Title:      slack.NewTextBlockObject(slack.PlainTextType, title, false, false),
		Submit:     slack.NewTextBlockObject(slack.PlainTextType, "Declare", false, false),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("sev_block", slack.NewTextBlockObject(slack.PlainTextType, "Severity", false, false), nil,
				slack.NewPlainTextInputBlockElement(nil, "sev")),
		}},
	}
}

func TestViews(t *testing.T) {
	// The triggers age by a clock the test moves, not by the wall clock.
	clock := clocktest.New(time.Unix(1700000000, 0))
	s := fakeslack.NewServerWith(t, fakeslack.Options{Now: clock.Now})
	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()))
	c := ctx(t)

	trig := s.NewTriggerID()
	resp, err := api.OpenViewContext(c, trig, modal("Declare incident"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.View.ID == "" || resp.View.CallbackID != "declare" || len(resp.View.Blocks.BlockSet) != 1 {
		t.Errorf("view = %+v", resp.View)
	}
	views := s.Views()
	if len(views) != 1 || views[0].TriggerID != trig || !strings.Contains(string(views[0].JSON), `"callback_id":"declare"`) {
		t.Errorf("Views = %+v", views)
	}
	if calls := s.CallsTo("views.open"); len(calls) != 1 || calls[0].JSON == nil || calls[0].Param("trigger_id") != trig {
		t.Errorf("views.open call = %+v", calls)
	}

	expired := s.NewTriggerID()
	clock.Advance(fakeslack.DefaultTriggerTTL + time.Second)
	manual := "123.456.abc"
	s.ExpireTrigger(manual)
	for _, tc := range []struct {
		name, trigger, want string
	}{
		{"reused", trig, "exchanged_trigger_id"},
		{"ttl", expired, "expired_trigger_id"},
		{"expired by hand", manual, "expired_trigger_id"},
		{"unknown trigger accepted once", "999.1.zzz", ""},
		{"unknown trigger reused", "999.1.zzz", "exchanged_trigger_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := api.OpenViewContext(c, tc.trigger, modal("Declare incident"))
			if got := slackErr(t, err); got != tc.want {
				t.Errorf("error = %q, want %q", got, tc.want)
			}
		})
	}
	s.Error("views.open", 1, "expired_trigger_id")
	_, err = api.OpenViewContext(c, s.NewTriggerID(), modal("x"))
	if got := slackErr(t, err); got != "expired_trigger_id" {
		t.Errorf("injected: %q", got)
	}
	if _, err := api.UpdateViewContext(c, modal("Updated"), "", "", resp.View.ID); err != nil {
		t.Errorf("views.update: %v", err)
	}
}

func TestUsersInfo(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	u, err := api.GetUserInfoContext(c, alice)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != alice || u.Name != "alice" || u.RealName != "Alice Liddell" || u.TZ != "Europe/Berlin" || u.Locale != "de-DE" {
		t.Errorf("user = %+v", u)
	}
	if u.TZOffset != 3600 && u.TZOffset != 7200 && u.TZOffset != 0 { // 0 if tzdata is missing
		t.Errorf("tz_offset = %d", u.TZOffset)
	}
	_, err = api.GetUserInfoContext(c, "U0NOBODY")
	if got := slackErr(t, err); got != "user_not_found" {
		t.Errorf("unknown user: %q", got)
	}
	bot, err := api.GetUserInfoContext(c, s.BotUserID())
	if err != nil || !bot.IsBot {
		t.Errorf("bot user = %+v, %v", bot, err)
	}
}

func TestFaults(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	post := func() error {
		_, _, err := api.PostMessageContext(c, ops, slack.MsgOptionText("x", false))
		return err
	}
	s.Error("chat.postMessage", 1, "not_in_channel")
	s.RateLimit("*", 1, 7*time.Second)
	s.Fail("chat.postMessage", 1, http.StatusInternalServerError)
	s.Error("auth.test", 1, "account_inactive")

	// Faults are consumed oldest first among those matching the method.
	if got := slackErr(t, post()); got != "not_in_channel" {
		t.Errorf("1st: %q", got)
	}
	var rl *slack.RateLimitedError
	if err := post(); !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Errorf("2nd: %v (%T)", err, err)
	}
	var sc slack.StatusCodeError
	if err := post(); !errors.As(err, &sc) || sc.Code != http.StatusInternalServerError {
		t.Errorf("3rd: %v (%T)", err, err)
	}
	if err := post(); err != nil {
		t.Errorf("4th: %v", err)
	}
	_, err := api.AuthTestContext(c)
	if got := slackErr(t, err); got != "account_inactive" {
		t.Errorf("auth.test: %q", got)
	}
	if n := len(s.Messages(ops)); n != 1 {
		t.Errorf("Messages = %d, want 1 (faulted calls have no effect)", n)
	}
	calls := s.CallsTo("chat.postMessage")
	want := []int{200, 429, 500, 200}
	for i, call := range calls {
		if call.Status != want[i] {
			t.Errorf("call %d status %d, want %d", i, call.Status, want[i])
		}
	}

	// The raw 429 answer.
	s.RateLimit("auth.test", 1, 1500*time.Millisecond)
	resp, err := http.Post(s.URL()+"auth.test", "application/x-www-form-urlencoded", strings.NewReader("token="+s.BotToken()))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || !strings.Contains(string(body), `"error":"ratelimited"`) {
		t.Errorf("429 answer: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}

	// Persistent faults until cleared; a retrying client gets through transient 5xx.
	s.RateLimit("users.info", -1, 0)
	_, err = api.GetUserInfoContext(c, alice)
	if !errors.As(err, &rl) {
		t.Errorf("persistent: %v", err)
	}
	s.ClearFaults()
	if _, err := api.GetUserInfoContext(c, alice); err != nil {
		t.Error(err)
	}
	s.Fail("users.info", 2, http.StatusServiceUnavailable)
	cfg := slack.RetryConfig{MaxRetries: 3, BackoffInitial: time.Millisecond, BackoffMax: 5 * time.Millisecond}
	cfg.Handlers = []slack.RetryHandler{slack.NewServerErrorRetryHandler(cfg)} // AllBuiltinRetryHandlers has no 5xx handler
	retrying := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()), slack.OptionRetryConfig(cfg))
	if _, err := retrying.GetUserInfoContext(c, alice); err != nil {
		t.Errorf("with retry: %v", err)
	}
	if calls := s.CallsTo("users.info"); len(calls) != 5 || !calls[4].Succeeded() {
		t.Errorf("users.info calls = %d", len(calls))
	}
}

func TestDelay(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	s.Delay("auth.test", 150*time.Millisecond)
	start := time.Now()
	if _, err := api.AuthTestContext(c); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v", d)
	}
	s.Delay("auth.test", 0)
	short, cancel := context.WithTimeout(c, 50*time.Millisecond)
	defer cancel()
	s.Delay("*", time.Minute)
	if _, err := api.AuthTestContext(short); err == nil {
		t.Error("expected timeout")
	}
}

func TestBlockRelease(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	release := s.Block("*")
	done := make(chan error, 1)
	go func() {
		_, _, err := api.PostMessageContext(c, ops, slack.MsgOptionText("late", false))
		done <- err
	}()
	if err := s.WaitForCalls(c, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("blocked call returned: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	if calls := s.CallsTo("chat.postMessage"); len(calls) != 1 || calls[0].Status != 0 {
		t.Errorf("pending call = %+v", calls)
	}
	if n := len(s.Messages(ops)); n != 0 {
		t.Errorf("blocked call had effect")
	}
	release()
	release() // idempotent
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := s.WaitFor(c, "chat.postMessage", 1); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(c, 20*time.Millisecond)
	defer cancel()
	if err := s.WaitFor(short, "chat.postMessage", 2); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("WaitFor = %v", err)
	}
}

func TestCloseReleasesBlocked(t *testing.T) {
	s, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		t.Fatal(err)
	}
	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.URL()))
	s.Block("auth.test")
	done := make(chan error, 1)
	go func() {
		_, err := api.AuthTestContext(context.Background())
		done <- err
	}()
	if err := s.WaitForCalls(ctx(t), "auth.test", 1); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case err := <-done:
		if err == nil {
			t.Error("blocked call succeeded after Close")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("blocked call not released by Close")
	}
	<-closed
	s.Close() // idempotent
}

func TestResponseURL(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	u := s.ResponseURL("cmd-1")
	if err := slack.PostWebhookContext(c, u, &slack.WebhookMessage{ResponseType: "ephemeral", Text: "Declaring…"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := api.PostMessageContext(c, "", slack.MsgOptionResponseURL(u, slack.ResponseTypeInChannel), slack.MsgOptionText("Declared", false)); err != nil {
		t.Fatal(err)
	}
	got := s.Responses("cmd-1")
	if len(got) != 2 {
		t.Fatalf("Responses = %+v", got)
	}
	var first, second map[string]any
	_ = json.Unmarshal(got[0].Body, &first)
	_ = json.Unmarshal(got[1].Body, &second)
	if first["text"] != "Declaring…" || first["response_type"] != "ephemeral" || second["response_type"] != "in_channel" {
		t.Errorf("bodies = %v, %v", first, second)
	}
	if calls := s.CallsTo(fakeslack.ResponseURLMethod); len(calls) != 2 || calls[0].ResponseURL != "cmd-1" {
		t.Errorf("calls = %+v", calls)
	}
	s.Fail(fakeslack.ResponseURLMethod, 1, http.StatusNotFound)
	var sc slack.StatusCodeError
	if err := slack.PostWebhookContext(c, u, &slack.WebhookMessage{Text: "x"}); !errors.As(err, &sc) || sc.Code != 404 {
		t.Errorf("injected failure: %v", err)
	}
}

func TestUnknownMethodFailsLoudly(t *testing.T) {
	s, api := setup(t)
	_, err := api.GetUserGroupsContext(ctx(t))
	var sc slack.StatusCodeError
	if !errors.As(err, &sc) || sc.Code != http.StatusNotFound {
		t.Fatalf("err = %v (%T)", err, err)
	}
	calls := s.CallsTo("usergroups.list")
	if len(calls) != 1 || calls[0].Error != "unknown_method" {
		t.Errorf("calls = %+v", calls)
	}
}

func TestRawJSONAndBearer(t *testing.T) {
	s, _ := setup(t)
	for _, tc := range []struct {
		name, ctype, body, auth, want string
	}{
		{"json", "application/json", `{"channel":"C0OPS","text":"hi","blocks":[{"type":"divider"}]}`, "Bearer " + s.BotToken(), ""},
		{"form with header", "application/x-www-form-urlencoded", "channel=C0OPS&text=hi", "Bearer " + s.BotToken(), ""},
		{"json wrong token", "application/json", `{"channel":"C0OPS","text":"hi"}`, "Bearer xoxb-nope", "invalid_auth"},
		{"json no token", "application/json", `{"channel":"C0OPS","text":"hi"}`, "", "not_authed"},
		{"broken json", "application/json", `{"channel":`, "Bearer " + s.BotToken(), "invalid_json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL()+"chat.postMessage", bytes.NewBufferString(tc.body))
			req.Header.Set("Content-Type", tc.ctype)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q", ct)
			}
			var out struct {
				OK    bool   `json:"ok"`
				Error string `json:"error"`
				TS    string `json:"ts"`
			}
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
				t.Fatal(err)
			}
			if out.Error != tc.want || out.OK != (tc.want == "") || (out.OK && out.TS == "") {
				t.Errorf("answer = %+v, want error %q", out, tc.want)
			}
		})
	}
	msgs := s.Messages(ops)
	if len(msgs) != 2 || string(msgs[0].Blocks) != `[{"type":"divider"}]` {
		t.Errorf("Messages = %+v", msgs)
	}
}
