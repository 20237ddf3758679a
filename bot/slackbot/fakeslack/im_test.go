package fakeslack_test

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func TestConversationsOpen(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	if _, ok := s.IM(bob); ok {
		t.Fatal("a DM exists before anything opened it")
	}
	ch, noOp, already, err := api.OpenConversationContext(c, &slack.OpenConversationParameters{Users: []string{bob}})
	if err != nil || ch == nil || !strings.HasPrefix(ch.ID, "D") || noOp || already {
		t.Fatalf("first open = %+v, no_op %v, already_open %v, %v", ch, noOp, already, err)
	}
	if id, ok := s.IM(bob); !ok || id != ch.ID {
		t.Errorf("IM(bob) = %q, %v; opened %q", id, ok, ch.ID)
	}
	// Idempotent: the same DM again, marked as already open.
	again, noOp, already, err := api.OpenConversationContext(c, &slack.OpenConversationParameters{Users: []string{bob}})
	if err != nil || again.ID != ch.ID || !noOp || !already {
		t.Errorf("second open = %+v, no_op %v, already_open %v, %v", again, noOp, already, err)
	}
	// return_im gives the whole conversation; channel= resumes it.
	full, _, _, err := api.OpenConversationContext(c, &slack.OpenConversationParameters{ChannelID: ch.ID, ReturnIM: true})
	if err != nil || full.ID != ch.ID || !full.IsIM || full.User != bob {
		t.Errorf("resume with return_im = %+v, %v", full, err)
	}

	// Posts to the DM are recorded like a channel's.
	if _, _, err := api.PostMessageContext(c, ch.ID, slack.MsgOptionText("you are paged", false)); err != nil {
		t.Fatal(err)
	}
	if m := s.DMs(bob); len(m) != 1 || m[0].Text != "you are paged" || m[0].Channel != ch.ID {
		t.Errorf("DMs(bob) = %+v", m)
	}
	if got := s.Messages(ch.ID); len(got) != 1 {
		t.Errorf("Messages(%s) = %+v", ch.ID, got)
	}
	if s.DMs(alice) != nil {
		t.Error("alice has DMs nobody sent")
	}

	for _, tc := range []struct {
		params slack.OpenConversationParameters
		want   string
	}{
		{slack.OpenConversationParameters{}, "users_list_not_supplied"},
		{slack.OpenConversationParameters{Users: []string{"U0NOBODY"}}, "user_not_found"},
		{slack.OpenConversationParameters{Users: []string{s.BotUserID()}}, "users_list_not_supplied"},
		{slack.OpenConversationParameters{Users: []string{alice, bob}}, "fakeslack_mpim_unsupported"},
		{slack.OpenConversationParameters{ChannelID: ops}, "channel_not_found"},
		{slack.OpenConversationParameters{ChannelID: "D0NOPE"}, "channel_not_found"},
	} {
		_, _, _, err := api.OpenConversationContext(c, &tc.params)
		if got := slackErr(t, err); got != tc.want {
			t.Errorf("open %+v: %q, want %q", tc.params, got, tc.want)
		}
	}
}
