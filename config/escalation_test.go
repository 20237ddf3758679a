package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

// threeLevels is a scale of three written levels, 13 lines; a case appends
// to it, so its first added line is line 14.
const threeLevels = `[[severity]]
key = "low"
aliases = ["sev3"]
notify = ["role:commander"]
[[severity]]
key = "medium"
aliases = ["sev2"]
notify = ["role:commander", "role:tech"]
[[severity]]
key = "high"
aliases = ["sev1"]
notify = ["role:commander"]
ack_within = "5m"
`

func parseWith(t *testing.T, src string, env map[string]string) (*Config, error) {
	t.Helper()
	return Parse("x.toml", []byte(src), func(k string) string { return env[k] })
}

// Each bad configuration is reported with its key path and its line.
func TestEscalationErrors(t *testing.T) {
	cases := []struct {
		name string
		toml string
		env  map[string]string
		// want is a substring of the errors, in order.
		want []string
		// n is how many errors are expected (0: any).
		n int
	}{
		{
			name: "unknown role in notify, at the entry's line",
			toml: "[[severity]]\nkey = \"low\"\n[[severity]]\nkey = \"high\"\nnotify = [\n  \"role:commander\",\n  \"role:boss\",\n]\n",
			want: []string{`x.toml:7:3: key severity[1].notify[1]: "role:boss": unknown role "boss"; roles: commander, tech, comms, scribe, approver`},
			n:    1,
		},
		{
			name: "bad target kind",
			toml: threeLevels + "[[severity]]\nkey = \"critical\"\nnotify = [\"team:T0123\"]\n",
			want: []string{`x.toml:16:11: key severity[3].notify[0]: "team:T0123": unknown kind "team"`},
		},
		{
			name: "a target without an id",
			toml: "[[severity]]\nkey = \"low\"\nnotify = [\"user:\"]\n",
			want: []string{`x.toml:3:11: key severity[0].notify[0]: "user:" is not a target`},
		},
		{
			name: "a duration that does not parse",
			toml: threeLevels + "[[severity]]\nkey = \"critical\"\nack_within = \"5 minutes\"\n",
			want: []string{`x.toml:16:14: key severity[3].ack_within: "5 minutes" is not a duration; write it as Go does`},
		},
		{
			name: "a number where a duration belongs",
			toml: "[escalation]\nunassigned_reminder = 10\n",
			want: []string{`x.toml:2:1: key escalation.unassigned_reminder: wrong type (found 10); write a duration in double quotes, like unassigned_reminder = "5m"`},
		},
		{
			name: "a boolean where a duration belongs, in the second table",
			toml: "[[severity]]\nkey = \"low\"\nack_within = \"5m\"\n[[severity]]\nkey = \"high\"\nstatus_every = true\n",
			want: []string{`x.toml:6:1: key severity[1].status_every: wrong type (found true)`},
		},
		{
			name: "a duration in the webhook that does not parse",
			toml: "[paging.webhook]\ntimeout = \"ten seconds\"\n",
			want: []string{`x.toml:2:`, `key paging.webhook.timeout: "ten seconds" is not a duration`},
		},
		{
			name: "negative durations",
			toml: threeLevels + "status_every = \"-30m\"\n[escalation]\nunassigned_reminder = \"-1m\"\n",
			want: []string{`x.toml:14:1: key severity[2].status_every: -30m0s is negative`, `x.toml:16:1: key escalation.unassigned_reminder: -1m0s is negative`},
			n:    2,
		},
		{
			name: "negative ack_within",
			toml: "[[severity]]\nkey = \"low\"\nack_within = \"-5m\"\n",
			want: []string{`x.toml:3:1: key severity[0].ack_within: -5m0s is negative`},
		},
		{
			name: "a chain with no people",
			toml: "[[oncall]]\nrole = \"commander\"\nchain = []\n",
			want: []string{`x.toml:3:1: key oncall[0].chain: the chain has no people`},
			n:    1,
		},
		{
			name: "an oncall table with neither chain nor rotation points at its header",
			toml: "[[oncall]]\nrole = \"tech\"\nchain = [\"U1\"]\n\n[[oncall]]\nrole = \"comms\"\n",
			want: []string{`x.toml:5:3: key oncall[1].chain: the chain has no people`},
			n:    1,
		},
		{
			name: "a chain of four",
			toml: "[[oncall]]\nrole = \"commander\"\nchain = [\"U1\", \"U2\", \"U3\", \"U4\"]\n",
			want: []string{`x.toml:3:1: key oncall[0].chain: the chain lists 4 people; it has at most 3 links (primary, secondary, final)`},
		},
		{
			name: "the same person twice, an empty id and a prefixed id",
			toml: "[[oncall]]\nrole = \"commander\"\nchain = [\"U1\", \"U1\", \"\"]\n[[oncall]]\nrole = \"tech\"\nchain = [\"user:U2\"]\n",
			want: []string{
				`x.toml:3:16: key oncall[0].chain[1]: "U1" is already link 1 of this chain`,
				`x.toml:3:22: key oncall[0].chain[2]: the entry is empty`,
				`x.toml:6:10: key oncall[1].chain[0]: "user:U2" is not a person id`,
			},
			n: 3,
		},
		{
			name: "an empty rotation entry",
			toml: "[[oncall]]\nrole = \"tech\"\nrotation = [[\"U1\", \"U2\"], []]\n",
			want: []string{`x.toml:3:1: key oncall[0].rotation[1]: the chain has no people`},
			n:    1,
		},
		{
			name: "a rotation week of four",
			toml: "[[oncall]]\nrole = \"tech\"\nrotation = [\n  [\"U1\"],\n  [\"U1\", \"U2\", \"U3\", \"U4\"],\n]\n",
			want: []string{`x.toml:5:4: key oncall[0].rotation[1]: the chain lists 4 people`},
		},
		{
			name: "chain and rotation both",
			toml: "[[oncall]]\nrole = \"tech\"\nchain = [\"U1\"]\nrotation = [[\"U1\"]]\n",
			want: []string{`x.toml:4:1: key oncall[0].rotation: write chain or rotation, not both`},
		},
		{
			name: "unknown and missing oncall roles",
			toml: "[[oncall]]\nrole = \"boss\"\nchain = [\"U1\"]\n[[oncall]]\nchain = [\"U2\"]\n",
			want: []string{`x.toml:2:1: key oncall[0].role: "boss" is not a role; roles: commander, tech`, `x.toml:4:3: key oncall[1].role: the chain names no role`},
			n:    2,
		},
		{
			name: "duplicate oncall roles, also through a Japanese name",
			toml: "[[oncall]]\nrole = \"commander\"\nchain = [\"U1\"]\n[[oncall]]\nrole = \"指揮者\"\nchain = [\"U2\"]\n",
			want: []string{`x.toml:5:1: key oncall[1].role: role "commander" already has a chain (oncall[0])`},
			n:    1,
		},
		{
			name: "duplicate severity keys",
			toml: threeLevels + "[[severity]]\nkey = \"MEDIUM\"\n",
			want: []string{`x.toml:15:1: key severity[3].key: "MEDIUM" is already the key of level "medium" (severity[1].key)`},
			n:    1,
		},
		{
			name: "two levels with the same key, and an alias written twice",
			toml: "[[severity]]\nkey = \"low\"\n[[severity]]\nkey = \"low\"\naliases = [\"minor\", \"Minor\"]\n",
			want: []string{
				`x.toml:4:1: key severity[1].key: "low" is already the key of level "low" (severity[0].key)`,
				`x.toml:5:21: key severity[1].aliases[1]: "Minor" is written twice for level "low" (first at severity[1].aliases[0])`,
			},
			n: 2,
		},
		{
			name: "an alias used by two levels",
			toml: threeLevels + "[[severity]]\nkey = \"critical\"\naliases = [\"sev0\", \"sev1\"]\n",
			want: []string{`x.toml:16:20: key severity[3].aliases[1]: "sev1" is already an alias of level "high" (severity[2].aliases[0])`},
			n:    1,
		},
		{
			name: "an alias equal to another level's key",
			toml: threeLevels + "[[severity]]\nkey = \"critical\"\naliases = [\"high\"]\n",
			want: []string{`x.toml:16:12: key severity[3].aliases[0]: "high" is already the key of level "high" (severity[2].key)`},
		},
		{
			name: "a key that is not one word, and a level with no key",
			toml: "[[severity]]\nkey = \"very high\"\n[[severity]]\naliases = [\"x\"]\n",
			want: []string{`x.toml:2:1: key severity[0].key: "very high" is not one word`, `x.toml:3:3: key severity[1].key: the level has no key`},
			n:    2,
		},
		{
			name: "repeat below zero",
			toml: threeLevels + "repeat = -1\n",
			want: []string{`x.toml:14:1: key severity[2].repeat: -1 is negative`},
			n:    1,
		},
		{
			name: "repeat without ack_within",
			toml: "[[severity]]\nkey = \"low\"\nrepeat = 2\n",
			want: []string{`x.toml:3:1: key severity[0].repeat: repeat = 2 has no effect without ack_within`},
		},
		{
			name: "an empty may_stop entry and a repeated one",
			toml: "[[severity]]\nkey = \"low\"\nmay_stop = [\"Admin  screen\", \"admin screen\", \" \"]\n",
			want: []string{`x.toml:3:30: key severity[0].may_stop[1]: "admin screen" is listed twice`, `x.toml:3:46: key severity[0].may_stop[2]: the entry is empty`},
			n:    2,
		},
		{
			name: "a webhook secret without a url",
			toml: "[paging.webhook]\nsecret = \"s3cret\"\n",
			want: []string{`x.toml:1:2: key paging.webhook.url: the webhook secret is written but it has no url`},
			n:    1,
		},
		{
			name: "a webhook secret from the environment without a url",
			toml: "",
			env:  map[string]string{EnvWebhookSecret: "s3cret"},
			want: []string{`key paging.webhook.url: the webhook INCIDENTBOT_WEBHOOK_SECRET is set but it has no url`},
		},
		{
			name: "a webhook url without a secret",
			toml: "[paging.webhook]\nurl = \"https://hooks.example.internal/incident\"\n",
			want: []string{`x.toml:1:2: key paging.webhook.secret: the webhook has a url but no secret`},
			n:    1,
		},
		{
			name: "bad webhook url, timeout and retries; bad PagerDuty url",
			toml: "[paging.pagerduty]\nurl = \"events.pagerduty.com\"\n[paging.webhook]\nurl = \"ftp://x\"\nsecret = \"s\"\ntimeout = \"0s\"\nretries = -1\n",
			want: []string{
				`x.toml:2:1: key paging.pagerduty.url: "events.pagerduty.com" is not an http(s) URL`,
				`x.toml:4:1: key paging.webhook.url: "ftp://x" is not an http(s) URL`,
				`x.toml:6:1: key paging.webhook.timeout: 0s is not a timeout`,
				`x.toml:7:1: key paging.webhook.retries: -1 is negative`,
			},
			n: 4,
		},
		{
			name: "authority: unknown role and a channel",
			toml: "[authority]\nclose = [\"role:commander\", \"role:ceo\"]\napprove_stop = [\"channel:C0123\"]\n",
			want: []string{
				`x.toml:2:28: key authority.close[1]: "role:ceo": unknown role "ceo"`,
				`x.toml:3:17: key authority.approve_stop[0]: "channel:C0123": authority is held by roles and people`,
			},
			n: 2,
		},
		{
			name: "assign_commander without a commander chain",
			toml: "[escalation]\nassign_commander = true\n[[oncall]]\nrole = \"tech\"\nchain = [\"U1\"]\n",
			want: []string{`x.toml:2:1: key escalation.assign_commander: assign_commander = true needs a commander chain`},
		},
		{
			name: "unknown key in the second [[severity]]",
			toml: "[[severity]]\nkey = \"low\"\n[[severity]]\nkey = \"high\"\nack_whitin = \"5m\"\n",
			want: []string{`x.toml:5:1: key severity[1].ack_whitin: unknown key; did you mean "ack_within"? (keys in [[severity]]: key, aliases, label`},
		},
		{
			name: "unknown language in an inline label",
			toml: "[[severity]]\nkey = \"low\"\n[[severity]]\nkey = \"high\"\nlabel = { en = \"High\", fr = \"Haut\" }\n",
			want: []string{`x.toml:5:24: key severity[1].label.fr: unknown key`, `(keys in severity.label: en, ja)`},
		},
		{
			name: "unknown key in [paging.webhook]",
			toml: "[paging.webhook]\nurl = \"https://x.example/\"\nsecret = \"s\"\ntimeot = \"3s\"\n",
			want: []string{`x.toml:4:1: key paging.webhook.timeot: unknown key; did you mean "timeout"? (keys in [paging.webhook]: url, secret, timeout, retries)`},
		},
		{
			name: "unknown [[table]]",
			toml: "[[severty]]\nkey = \"low\"\n",
			want: []string{`x.toml:1:3: key severty: unknown key; did you mean "severity"?`},
		},
		{
			name: "a string where a list of chains belongs",
			toml: "[[oncall]]\nrole = \"tech\"\nrotation = [[\"U1\"], \"U2\"]\n",
			want: []string{`x.toml:3:`, `key oncall[0].rotation[1]: wrong type`, `a list of lists of strings`},
		},
		{
			name: "a string where a text per language belongs",
			toml: "[[severity]]\nkey = \"low\"\ncriteria = \"signs\"\n",
			want: []string{`x.toml:3:`, `key severity[0].criteria: wrong type`, `criteria = { en = "…", ja = "…" }`},
		},
		{
			name: "a string where [[severity]] tables belong",
			toml: "severity = \"high\"\n",
			want: []string{`x.toml:1:`, `key severity: wrong type`, `each written [[severity]]`},
		},
		{
			name: "levels written as an inline array of tables",
			toml: "severity = [\n  { key = \"low\" },\n  { key = \"high\", notify = [\"role:boss\"] },\n]\n",
			want: []string{`x.toml:3:29: key severity[1].notify[0]: "role:boss": unknown role`},
		},
		{
			name: "dotted keys in a [[severity]] table",
			toml: "[[severity]]\nkey = \"low\"\nlabel.en = \"Low\"\n[[oncall]]\nrole = \"tech\"\nchain = [\"U1\"]\n[[oncall]]\nrole = \"tech\"\nchain = [\"U2\"]\n",
			want: []string{`x.toml:8:1: key oncall[1].role: role "tech" already has a chain (oncall[0])`},
		},
		{
			name: "every problem at once, in file order",
			toml: "[[severity]]\nkey = \"low\"\nnotify = [\"role:boss\"]\nrepeat = -2\n[[oncall]]\nrole = \"tech\"\nchain = []\n[authority]\nredact = [\"nobody\"]\n",
			want: []string{"x.toml:3:11: key severity[0].notify[0]", "x.toml:4:1: key severity[0].repeat", "x.toml:7:1: key oncall[0].chain", "x.toml:9:11: key authority.redact[0]"},
			n:    4,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseWith(t, tc.toml, tc.env)
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("error %T is not Errors: %v", err, err)
			}
			got := err.Error()
			rest := got
			for _, w := range tc.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error\n%s\ndoes not contain (in order) %q", got, w)
				}
				rest = rest[i+len(w):]
			}
			if tc.n > 0 && len(errs) != tc.n {
				t.Errorf("%d errors, want %d:\n%s", len(errs), tc.n, got)
			}
		})
	}
}

// Configurations that are fine, including the edge of each rule.
func TestEscalationAccepted(t *testing.T) {
	cases := []struct {
		name string
		toml string
		env  map[string]string
	}{
		{"no tables at all", "", nil},
		{"chains of one, two and three", "[[oncall]]\nrole = \"commander\"\nchain = [\"U1\"]\n[[oncall]]\nrole = \"tech\"\nchain = [\"U1\", \"U2\"]\n[[oncall]]\nrole = \"comms\"\nchain = [\"U1\", \"U2\", \"U3\"]\n", nil},
		{"a level that pages through the webhook", threeLevels + "page = true\n[paging.webhook]\nurl = \"http://127.0.0.1:9/hook\"\nsecret = \"s\"\n", nil},
		{"a level that pages through PagerDuty from the environment", threeLevels + "page = true\n", map[string]string{EnvPagerDutyRoutingKey: "rk"}},
		{"the webhook's secret from the environment", "[paging.webhook]\nurl = \"http://127.0.0.1:9/hook\"\n", map[string]string{EnvWebhookSecret: "s"}},
		{"zero durations and retries", "[[severity]]\nkey = \"low\"\nack_within = \"0s\"\nstatus_every = \"0s\"\n[escalation]\nunassigned_reminder = \"0s\"\n[paging.webhook]\nretries = 0\n", nil},
		{"a key may be Japanese and an alias may differ only from others", "[[severity]]\nkey = \"軽微\"\naliases = [\"minor\"]\n[[severity]]\nkey = \"重大\"\naliases = [\"major\"]\n", nil},
		{"assign_commander with a commander rotation", "[escalation]\nassign_commander = true\n[[oncall]]\nrole = \"ic\"\nrotation = [[\"U1\"], [\"U2\"]]\n", nil},
		{"authority lists of roles and people", "[authority]\nlower_severity = [\"role:approver\", \"user:U0CTO\"]\nclose = [\"role:commander\"]\nredact = [\"role:commander\", \"role:approver\"]\napprove_stop = [\"role:approver\", \"user:U0CTO\"]\n", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := parseWith(t, tc.toml, tc.env); err != nil {
				t.Fatalf("unexpected error:\n%v", err)
			}
		})
	}
}

// Without [[severity]] tables the scale is the documented default; high
// pages only once a pager is configured.
func TestDefaultScale(t *testing.T) {
	c, err := parseWith(t, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Scale()
	if got := strings.Join(s.Keys(), ","); got != "low,medium,high" || s.Default != "low" {
		t.Fatalf("keys %s default %s", got, s.Default)
	}
	want := []struct {
		aliases     string
		notify      string
		ack, status time.Duration
		repeat      int
	}{
		{"sev3,低", "role:commander", 15 * time.Minute, time.Hour, 1},
		{"sev2,中", "role:commander,role:tech", 10 * time.Minute, 30 * time.Minute, 1},
		{"sev1,高", "role:commander,role:tech,role:comms,role:approver", 5 * time.Minute, 15 * time.Minute, 2},
	}
	for i, w := range want {
		lv := s.Levels[i]
		p := lv.Policy
		if strings.Join(lv.Aliases, ",") != w.aliases || targetList(p.Notify) != w.notify || p.AckWithin != w.ack ||
			p.StatusEvery != w.status || p.Repeat != w.repeat || p.Page ||
			!reflect.DeepEqual(p.MayStop, []workflow.Text{{En: "infected PC", Ja: "感染PC"}, {En: "hijacked account", Ja: "乗っ取られたアカウント"}}) {
			t.Errorf("level %s: %+v", lv.Key, lv)
		}
		if lv.Label.En == "" || lv.Label.Ja == "" || lv.Criteria.En == "" || lv.Criteria.Ja == "" ||
			p.OutsideSupportWhen.En == "" || p.OutsideSupportWhen.Ja == "" {
			t.Errorf("level %s lacks a text: %+v", lv.Key, lv)
		}
	}
	for _, word := range []string{"SEV1", "高", "high"} {
		if lv, ok := s.Lookup(word); !ok || lv.Key != "high" {
			t.Errorf("Lookup(%q) = %v, %v", word, lv.Key, ok)
		}
	}

	// With a pager, the built-in high level pages (and only it).
	c, err = parseWith(t, "", map[string]string{EnvPagerDutyRoutingKey: "rk"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lv := range c.Scale().Levels {
		if lv.Policy.Page != (lv.Key == "high") {
			t.Errorf("with a pager, level %s page = %v", lv.Key, lv.Policy.Page)
		}
	}

	// The other defaults.
	e, a, pg := c.Escalation(), c.Authority(), c.Paging
	if len(e.OnCall) != 0 || e.AssignCommander || e.UnassignedReminder != 10*time.Minute {
		t.Errorf("escalation %+v", e)
	}
	if !reflect.DeepEqual(a, workflow.Authority{}) {
		t.Errorf("authority %+v", a)
	}
	if pg.PagerDuty.URL != DefaultPagerDutyURL || pg.Webhook.URL != "" || pg.Webhook.Timeout.Duration != 10*time.Second ||
		pg.Webhook.Retries != 5 || pg.Webhook.Enabled() || !pg.PagerDuty.Enabled() {
		t.Errorf("paging %+v", pg)
	}
}

func targetList(ts []workflow.Target) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = t.String()
	}
	return strings.Join(s, ",")
}

// A team's own levels replace the scale; the grammar's Lookup finds the new
// key and alias, and the lowest level is the default.
func TestCustomLevels(t *testing.T) {
	src := `[[severity]]
key = "low"
aliases = ["sev3"]
label = { en = "Low" }
notify = ["role:commander"]
[[severity]]
key = "high"
aliases = ["sev1"]
label = { en = "High", ja = "高" }
criteria = { ja = "業務停止" }
notify = ["role:commander", "role:tech"]
ack_within = "10m"
[[severity]]
key = "critical"
aliases = ["sev0", "緊急"]
label = { en = "Critical", ja = "緊急" }
notify = ["role:commander", "role:approver", "user:U0CTO", "group:S0SEC", "channel:C0EXEC"]
may_stop = ["entry form", "admin screen"]
outside_support_when = { en = "Always.", ja = "常に。" }
ack_within = "1m30s"
repeat = 3
status_every = "10m"
page = true
[paging.webhook]
url = "http://127.0.0.1:9/hook"
secret = "s"
`
	c, err := parseWith(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Scale()
	if got := strings.Join(s.Keys(), ","); got != "low,high,critical" || s.Default != "low" {
		t.Fatalf("keys %s default %s", got, s.Default)
	}
	for _, word := range []string{"critical", "SEV0", "緊急"} {
		lv, ok := s.Lookup(word)
		if !ok || lv.Key != "critical" {
			t.Fatalf("Lookup(%q) = %q, %v", word, lv.Key, ok)
		}
	}
	if _, ok := s.Lookup("medium"); ok {
		t.Errorf("medium is not configured, Lookup found it")
	}
	crit := s.Level("critical")
	want := workflow.Policy{
		Notify: []workflow.Target{
			{Kind: workflow.TargetRole, ID: "commander"}, {Kind: workflow.TargetRole, ID: "approver"},
			{Kind: workflow.TargetUser, ID: "U0CTO"}, {Kind: workflow.TargetGroup, ID: "S0SEC"}, {Kind: workflow.TargetChannel, ID: "C0EXEC"},
		},
		MayStop:            []workflow.Text{{En: "entry form", Ja: "entry form"}, {En: "admin screen", Ja: "admin screen"}},
		OutsideSupportWhen: workflow.Text{En: "Always.", Ja: "常に。"},
		AckWithin:          90 * time.Second,
		Repeat:             3,
		StatusEvery:        10 * time.Minute,
		Page:               true,
	}
	if !reflect.DeepEqual(crit.Policy, want) {
		t.Errorf("critical policy\n got %+v\nwant %+v", crit.Policy, want)
	}
	if s.Rank("critical") != 2 || crit.Localize(workflow.Japanese) != "緊急" {
		t.Errorf("rank %d, label %q", s.Rank("critical"), crit.Localize(workflow.Japanese))
	}
	// A text written in one language stands for both; a level left
	// unwritten is off.
	low, high := s.Level("low"), s.Level("high")
	if low.Label != (workflow.Text{En: "Low", Ja: "Low"}) || high.Criteria != (workflow.Text{En: "業務停止", Ja: "業務停止"}) {
		t.Errorf("texts: %+v / %+v", low.Label, high.Criteria)
	}
	if low.Policy.AckWithin != 0 || low.Policy.StatusEvery != 0 || low.Policy.Page || low.Policy.Repeat != 0 {
		t.Errorf("low: %+v", low.Policy)
	}
}

func TestOnCallAndAuthority(t *testing.T) {
	src := `[escalation]
assign_commander = true
unassigned_reminder = "5m"
[[oncall]]
role = "指揮者"
chain = [" U1 ", "U2", "U3"]
[[oncall]]
role = "tech"
rotation = [["U4", "U5"], ["U5", "U4"]]
[authority]
lower_severity = ["role:approver", "user:U0CTO"]
approve_stop = ["role:最終責任者"]
`
	c, err := parseWith(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := c.Escalation()
	if !e.AssignCommander || e.UnassignedReminder != 5*time.Minute || len(e.OnCall) != 2 {
		t.Fatalf("escalation %+v", e)
	}
	cmd := e.OnCall[workflow.RoleCommander]
	if cmd.Role != workflow.RoleCommander || !slices.Equal(cmd.Chain, []string{"U1", "U2", "U3"}) || cmd.Rotation != nil {
		t.Errorf("commander %+v", cmd)
	}
	tech := e.OnCall[workflow.RoleTech]
	if len(tech.Rotation) != 2 {
		t.Fatalf("tech %+v", tech)
	}
	mon := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	a, b := tech.ChainAt(mon, time.UTC), tech.ChainAt(mon.AddDate(0, 0, 7), time.UTC)
	if a[0] == b[0] {
		t.Errorf("the rotation does not turn: %v then %v", a, b)
	}
	auth := c.Authority()
	want := workflow.Authority{
		LowerSeverity: []workflow.Target{{Kind: workflow.TargetRole, ID: "approver"}, {Kind: workflow.TargetUser, ID: "U0CTO"}},
		ApproveStop:   []workflow.Target{{Kind: workflow.TargetRole, ID: "approver"}},
	}
	if !reflect.DeepEqual(auth, want) {
		t.Errorf("authority\n got %+v\nwant %+v", auth, want)
	}
}

// The example loads, documents the default scale exactly, and turns into
// the workflow types.
func TestExampleRoundTrip(t *testing.T) {
	c, err := LoadEnv("../config.example.toml", func(k string) string {
		return map[string]string{EnvPagerDutyRoutingKey: "rk"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	written := slices.Clone(c.Severity)
	for i := range written {
		if len(written[i].MayStop) == 0 {
			written[i].MayStop = nil // may_stop = [] is the default's nil
		}
	}
	if !reflect.DeepEqual(written, DefaultSeverities()) {
		t.Errorf("the example's [[severity]] tables are not the defaults:\n got %+v\nwant %+v", c.Severity, DefaultSeverities())
	}
	s := c.Scale()
	high, ok := s.Lookup("sev1")
	if !ok || high.Key != "high" || !high.Policy.Page || high.Policy.AckWithin != 5*time.Minute || high.Policy.Repeat != 2 {
		t.Errorf("high: %+v", high)
	}
	if _, ok := s.Lookup("中"); !ok {
		t.Errorf("中 not found")
	}
	e := c.Escalation()
	if len(e.OnCall[workflow.RoleCommander].Chain) != 3 || len(e.OnCall[workflow.RoleTech].Rotation) != 2 || e.UnassignedReminder != DefaultUnassignedReminder {
		t.Errorf("escalation %+v", e)
	}
	if !reflect.DeepEqual(c.Authority(), workflow.Authority{}) {
		t.Errorf("the example's authority should be the built-in rule: %+v", c.Authority())
	}
	if c.Paging.PagerDuty.URL != DefaultPagerDutyURL || c.Paging.Webhook.Enabled() ||
		c.Paging.Webhook.Timeout.Duration != DefaultWebhookTimeout || c.Paging.Webhook.Retries != DefaultWebhookRetries {
		t.Errorf("paging %+v", c.Paging)
	}
}

func TestPagingSecretsFromEnvironment(t *testing.T) {
	src := "[paging.pagerduty]\nrouting_key = \"rk-file\"\n[paging.webhook]\nurl = \"http://127.0.0.1:9/hook\"\nsecret = \"wh-file\"\ntimeout = \"3s\"\nretries = 2\n"
	c, err := parseWith(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Paging.PagerDuty.RoutingKey.Reveal() != "rk-file" || c.Paging.Webhook.Secret.Reveal() != "wh-file" ||
		c.Paging.Webhook.Timeout.Duration != 3*time.Second || c.Paging.Webhook.Retries != 2 {
		t.Errorf("from the file: %+v", c.Paging)
	}
	c, err = parseWith(t, src, map[string]string{EnvPagerDutyRoutingKey: "rk-env", EnvWebhookSecret: " wh-env "})
	if err != nil {
		t.Fatal(err)
	}
	if c.Paging.PagerDuty.RoutingKey.Reveal() != "rk-env" || c.Paging.Webhook.Secret.Reveal() != "wh-env" {
		t.Errorf("the environment should win: %q %q", c.Paging.PagerDuty.RoutingKey.Reveal(), c.Paging.Webhook.Secret.Reveal())
	}
	// FromEnv (no file) takes them too.
	c, err = FromEnv(func(k string) string { return map[string]string{EnvPagerDutyRoutingKey: "rk-env"}[k] })
	if err != nil || c.Paging.PagerDuty.RoutingKey.Reveal() != "rk-env" || !c.Scale().Level("high").Policy.Page {
		t.Errorf("FromEnv: %v %v", c, err)
	}
}

func TestPagingSecretsNeverPrint(t *testing.T) {
	src := "[paging.pagerduty]\nrouting_key = \"TOPSECRET-RK\"\n[paging.webhook]\nurl = \"http://127.0.0.1:9/hook\"\n"
	c, err := parseWith(t, src, map[string]string{EnvWebhookSecret: "TOPSECRET-WH"})
	if err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("config", "config", c, "paging", c.Paging)
	js, _ := json.Marshal(c)
	for _, out := range []string{
		c.String(), fmt.Sprintf("%v %+v %#v", *c, c.Paging, c.Paging), logBuf.String(), string(js),
	} {
		if strings.Contains(out, "TOPSECRET") {
			t.Errorf("a secret leaked: %s", out)
		}
	}
	for _, want := range []string{"paging.pagerduty.routing_key=(set)", "paging.webhook.secret=(set)", "paging.webhook.timeout=10s", "severity=[low medium high]"} {
		if !strings.Contains(c.String(), want) {
			t.Errorf("String() lacks %q: %s", want, c.String())
		}
	}
	if !strings.Contains(logBuf.String(), "pagerduty.routing_key=(set)") || !strings.Contains(logBuf.String(), "webhook.secret=(set)") {
		t.Errorf("log: %s", logBuf.String())
	}
}

// Validate checks a configuration built in code.
func TestValidate(t *testing.T) {
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	c.OnCall = []OnCall{{Role: "tech"}}
	c.Severity = []Severity{{Key: "low", Notify: []string{"role:nobody"}}}
	err := c.Validate()
	if err == nil || !strings.Contains(err.Error(), "key severity[0].notify[0]:") || !strings.Contains(err.Error(), "key oncall[0].chain:") {
		t.Errorf("got %v", err)
	}
}

func TestDurationText(t *testing.T) {
	var d Duration
	if err := d.UnmarshalText([]byte("1h30m")); err != nil || d.Duration != 90*time.Minute {
		t.Fatalf("%v %v", d, err)
	}
	if b, _ := d.MarshalText(); string(b) != "1h30m0s" {
		t.Errorf("MarshalText %s", b)
	}
	if err := d.UnmarshalText([]byte("15")); err == nil {
		t.Errorf("a bare number should not parse")
	}
}
