package fakeslack_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func TestUserGroupsUsersList(t *testing.T) {
	s, api := setup(t)
	c := ctx(t)
	const carol = "U0CAROL"
	s.AddUserGroup("S0ONCALL", alice, carol, alice) // a repeated member counts once
	s.AddUserGroup("S0EMPTY")

	got, err := api.GetUserGroupMembersContext(c, "S0ONCALL")
	if err != nil || !slices.Equal(got, []string{alice, carol}) {
		t.Fatalf("members of S0ONCALL = %v, %v", got, err)
	}
	if got, err := api.GetUserGroupMembersContext(c, "S0EMPTY"); err != nil || len(got) != 0 {
		t.Errorf("members of S0EMPTY = %v, %v", got, err)
	}
	// An unknown member was added as a user: the bot can DM them.
	if _, _, _, err := api.OpenConversationContext(c, &slack.OpenConversationParameters{Users: []string{carol}}); err != nil {
		t.Errorf("open a DM with a group member: %v", err)
	}
	// Replacing a group replaces its members.
	s.AddUserGroup("S0ONCALL", bob)
	if got, err := api.GetUserGroupMembersContext(c, "S0ONCALL"); err != nil || !slices.Equal(got, []string{bob}) {
		t.Errorf("members after replacing = %v, %v", got, err)
	}

	if _, err := api.GetUserGroupMembersContext(c, "S0NOPE"); slackErr(t, err) != "no_such_subteam" {
		t.Errorf("unknown group: %v, want no_such_subteam", err)
	}
	if _, err := api.GetUserGroupMembersContext(c, ""); slackErr(t, err) != "invalid_arguments" {
		t.Errorf("no usergroup: %v, want invalid_arguments", err)
	}
	calls := s.CallsTo("usergroups.users.list")
	if len(calls) != 5 || calls[0].Param("usergroup") != "S0ONCALL" {
		t.Errorf("recorded calls: %+v", calls)
	}

	// The answer is shaped as Slack's: ok and the ids under "users".
	resp, err := http.PostForm(s.URL()+"usergroups.users.list", url.Values{"token": {s.BotToken()}, "usergroup": {"S0ONCALL"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	if string(raw["ok"]) != "true" || strings.ReplaceAll(string(raw["users"]), " ", "") != `["`+bob+`"]` {
		t.Errorf("answer %s", body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
}
