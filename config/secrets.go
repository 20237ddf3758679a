package config

// SecretState says whether one secret is set, and from where, never its
// value: what `incidentbot check` shows.
type SecretState struct {
	Key     string // the key in the file: "slack.bot_token"
	Env     string // the environment variable that wins over the key
	Set     bool
	FromEnv bool // set by Env rather than the file
}

// Secrets lists every secret of the configuration, in the order of the
// example file.
func (c *Config) Secrets() []SecretState {
	list := []struct {
		key, env string
		v        Secret
	}{
		{"slack.bot_token", EnvBotToken, c.Slack.BotToken},
		{"slack.app_token", EnvAppToken, c.Slack.AppToken},
		{"slack.signing_secret", EnvSigningSecret, c.Slack.SigningSecret},
		{"paging.pagerduty.routing_key", EnvPagerDutyRoutingKey, c.Paging.PagerDuty.RoutingKey},
		{"paging.webhook.secret", EnvWebhookSecret, c.Paging.Webhook.Secret},
	}
	out := make([]SecretState, len(list))
	for i, s := range list {
		out[i] = SecretState{Key: s.key, Env: s.env, Set: s.v.IsSet(), FromEnv: c.fromEnv[s.env]}
	}
	return out
}
