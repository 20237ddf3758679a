package config

import (
	"fmt"
	"strings"
	"testing"
)

func TestMessagesCatalog(t *testing.T) {
	if bad := Messages().Check(); len(bad) > 0 {
		t.Error(bad)
	}
}

// Secrets says which secret is set and where from, and never carries a
// value.
func TestSecrets(t *testing.T) {
	file := "[slack]\napp_token = \"xapp-v4l1\"\n[paging.webhook]\nurl = \"https://example.internal/hook\"\nsecret = \"w3bh00k-f1le\"\n"
	c, err := Parse("x.toml", []byte(file), func(k string) string {
		return map[string]string{EnvBotToken: "xoxb-v4l2", EnvWebhookSecret: "w3bh00k-3nv"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]SecretState{}
	for _, s := range c.Secrets() {
		got[s.Key] = s
		if printed := fmt.Sprintf("%v %+v %#v", s, s, s); strings.Contains(printed, "v4l") || strings.Contains(printed, "w3bh00k") {
			t.Errorf("a secret's value in %s", printed)
		}
	}
	for key, want := range map[string]SecretState{
		"slack.bot_token":              {Key: "slack.bot_token", Env: EnvBotToken, Set: true, FromEnv: true},
		"slack.app_token":              {Key: "slack.app_token", Env: EnvAppToken, Set: true},
		"slack.signing_secret":         {Key: "slack.signing_secret", Env: EnvSigningSecret},
		"paging.pagerduty.routing_key": {Key: "paging.pagerduty.routing_key", Env: EnvPagerDutyRoutingKey},
		"paging.webhook.secret":        {Key: "paging.webhook.secret", Env: EnvWebhookSecret, Set: true, FromEnv: true},
	} {
		if got[key] != want {
			t.Errorf("%s: %+v, want %+v", key, got[key], want)
		}
	}
	if len(got) != 5 {
		t.Errorf("%d secrets: %v", len(got), got)
	}
}
