package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"reflect"
	"strings"
	"testing"

	"incidentbot/tomlpos"
)

func TestParse(t *testing.T) {
	noEnv := func(string) string { return "" }
	cases := []struct {
		name string
		toml string
		env  map[string]string
		// want is a substring of each error, in order; empty: no error.
		want []string
		// check inspects a config that loaded.
		check func(t *testing.T, c *Config)
	}{
		{
			name: "empty file gives the defaults",
			toml: "",
			check: func(t *testing.T, c *Config) {
				if c.Language != "en" || c.Slack.Mode != "socket" || c.Storage.Path != "incidentbot.db" || c.HTTP.Listen != ":8080" {
					t.Errorf("defaults: %+v", c)
				}
				if c.Location == nil {
					t.Errorf("no location")
				}
			},
		},
		{
			name: "every key",
			toml: `language = "ja"
timezone = "Asia/Tokyo"
[slack]
mode = "http"
bot_token = "xoxb-file"
app_token = "xapp-file"
signing_secret = "sig-file"
api_url = "http://127.0.0.1:9000/api/"
announce_channel = "C0ANNOUNCE"
allowed_team_ids = ["T01", "T02"]
[http]
listen = "127.0.0.1:9090"
[storage]
path = "/var/lib/incidentbot/incidents.db"
`,
			check: func(t *testing.T, c *Config) {
				if c.Lang() != "ja" || c.Location.String() != "Asia/Tokyo" || c.Slack.Mode != "http" ||
					c.Slack.BotToken.Reveal() != "xoxb-file" || c.Slack.AppToken.Reveal() != "xapp-file" ||
					c.Slack.SigningSecret.Reveal() != "sig-file" || c.Slack.APIURL != "http://127.0.0.1:9000/api/" ||
					c.Slack.AnnounceChannel != "C0ANNOUNCE" || strings.Join(c.Slack.AllowedTeamIDs, ",") != "T01,T02" ||
					c.HTTP.Listen != "127.0.0.1:9090" || c.Storage.Path != "/var/lib/incidentbot/incidents.db" {
					t.Errorf("got %+v", c)
				}
			},
		},
		{
			name: "environment wins over the file",
			toml: "[slack]\nbot_token = \"xoxb-file\"\napp_token = \"xapp-file\"\n",
			env:  map[string]string{"SLACK_BOT_TOKEN": "xoxb-env", "SLACK_SIGNING_SECRET": "sig-env"},
			check: func(t *testing.T, c *Config) {
				if c.Slack.BotToken.Reveal() != "xoxb-env" || c.Slack.AppToken.Reveal() != "xapp-file" || c.Slack.SigningSecret.Reveal() != "sig-env" {
					t.Errorf("secrets: bot %q app %q sig %q", c.Slack.BotToken.Reveal(), c.Slack.AppToken.Reveal(), c.Slack.SigningSecret.Reveal())
				}
			},
		},
		{
			name: "unknown key in a table, with its line and a suggestion",
			toml: "language = \"en\"\n\n[slack]\nmode = \"socket\"\nbot_tokn = \"x\"\n",
			want: []string{`x.toml:5:1: key slack.bot_tokn: unknown key; did you mean "bot_token"?`},
		},
		{
			name: "unknown top-level table",
			toml: "[storge]\npath = \"a.db\"\n",
			want: []string{"x.toml:1:2: key storge: unknown key; did you mean \"storage\"?"},
		},
		{
			name: "several unknown keys, each with its line",
			toml: "colour = \"red\"\n[http]\nlisten = \":1\"\nport = 80\n",
			want: []string{"x.toml:1:1: key colour: unknown key", "x.toml:4:1: key http.port: unknown key"},
		},
		{
			name: "wrong type with its line",
			toml: "language = \"en\"\n[slack]\n\nmode = 3\n",
			want: []string{`x.toml:4:8: key slack.mode: wrong type`, `write a string in double quotes, like mode = "…"`},
		},
		{
			name: "a string where a list belongs",
			toml: "[slack]\nallowed_team_ids = \"T01\"\n",
			want: []string{"x.toml:2:", "key slack.allowed_team_ids: wrong type", `a list of strings`},
		},
		{
			name: "bad time zone names the key and line",
			toml: "language = \"en\"\ntimezone = \"Asia/Tokio\"\n",
			want: []string{`x.toml:2:1: key timezone: "Asia/Tokio" is not a time zone name; write an IANA name`},
		},
		{
			name: "bad language",
			toml: "language = \"fr\"\n",
			want: []string{`x.toml:1:1: key language: "fr" is not a language`},
		},
		{
			name: "bad mode and bad listen, both reported",
			toml: "[slack]\nmode = \"websocket\"\n[http]\nlisten = \"8080\"\n",
			want: []string{`x.toml:2:1: key slack.mode: "websocket" is not a mode`, `x.toml:4:1: key http.listen: "8080" is not an address`},
		},
		{
			name: "api_url must end in a slash",
			toml: "[slack]\napi_url = \"http://127.0.0.1:9000/api\"\n",
			want: []string{`x.toml:2:1: key slack.api_url:`, `ending in "/"`},
		},
		{
			name: "dotted keys are positioned too",
			toml: "slack.mode = \"carrier-pigeon\"\n",
			want: []string{`x.toml:1:1: key slack.mode: "carrier-pigeon" is not a mode`},
		},
		{
			name: "syntax error with its line",
			toml: "language = \"en\"\n[slack\n",
			want: []string{"x.toml:2:", "TOML syntax"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			getenv := noEnv
			if tc.env != nil {
				getenv = func(k string) string { return tc.env[k] }
			}
			c, err := Parse("x.toml", []byte(tc.toml), getenv)
			if len(tc.want) == 0 {
				if err != nil {
					t.Fatalf("unexpected error:\n%v", err)
				}
				if tc.check != nil {
					tc.check(t, c)
				}
				return
			}
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
		})
	}
}

func TestSecretsNeverPrint(t *testing.T) {
	c, err := Parse("x.toml", []byte("[slack]\nbot_token = \"xoxb-TOPSECRET1\"\n"), func(k string) string {
		return map[string]string{"SLACK_APP_TOKEN": "xapp-TOPSECRET2", "SLACK_SIGNING_SECRET": "TOPSECRET3"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	var logBuf bytes.Buffer
	slog.New(slog.NewTextHandler(&logBuf, nil)).Info("config", "config", c, "slack", c.Slack, "token", c.Slack.BotToken)
	js, _ := json.Marshal(c)
	outputs := []string{
		c.String(),
		fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s %q", *c, *c, *c, c.Slack.BotToken, c.Slack.AppToken),
		fmt.Sprintf("%v %+v %#v", c.Slack, c.Slack, c.Slack),
		logBuf.String(), string(js),
	}
	for _, out := range outputs {
		if strings.Contains(out, "TOPSECRET") {
			t.Errorf("a secret leaked: %s", out)
		}
	}
	if !strings.Contains(c.String(), "slack.bot_token=(set)") || !strings.Contains(logBuf.String(), "(set)") {
		t.Errorf("secrets should show as (set): %s / %s", c.String(), logBuf.String())
	}
	if c.Slack.AppToken.Reveal() != "xapp-TOPSECRET2" {
		t.Errorf("Reveal: %q", c.Slack.AppToken.Reveal())
	}
}

func TestFromEnv(t *testing.T) {
	c, err := FromEnv(func(k string) string {
		if k == EnvBotToken {
			return "xoxb-env"
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Slack.BotToken.Reveal() != "xoxb-env" || c.Storage.Path != DefaultDBPath || c.File != "" {
		t.Errorf("got %v", c)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(t.TempDir() + "/nope.toml")
	if err == nil || !strings.Contains(err.Error(), "nope.toml") {
		t.Errorf("want an error naming the file, got %v", err)
	}
}

// The example shipped with the repository must load and set every key. Its
// high level pages, so it needs a routing key or a webhook: the environment
// gives one here, as it would in production.
func TestExampleLoads(t *testing.T) {
	c, err := LoadEnv("../config.example.toml", func(k string) string {
		return map[string]string{EnvPagerDutyRoutingKey: "R0UTINGKEY"}[k]
	})
	if err != nil {
		t.Fatalf("config.example.toml:\n%v", err)
	}
	if c.Storage.Path == "" || c.Slack.Mode == "" {
		t.Errorf("got %v", c)
	}
}

// Without a pager the example loads, and its note says what is missing; a
// PagerDuty table without a routing key is not a pager.
func TestExampleNotesMissingPager(t *testing.T) {
	c, err := LoadEnv("../config.example.toml", func(string) string { return "" })
	if err != nil {
		t.Fatalf("the example without a pager: %v", err)
	}
	notes := c.Notes()
	if len(notes) != 1 || !strings.HasPrefix(notes[0].String(), "severity[2].page: level “high” pages") || !strings.Contains(notes[0].String(), EnvPagerDutyRoutingKey) {
		t.Errorf("notes %q", notes)
	}
	// The example's comment on routing_key says what happens, in both
	// languages: a note, not an error.
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	comment := string(data)[:strings.Index(string(data), "\nrouting_key = ")]
	comment = comment[strings.LastIndex(comment, "\n\n"):]
	for _, want := range []string{"notes a level with", "serve starts", "「注意」として知らせます", "エラーではなく、serve も起動します"} {
		if !strings.Contains(comment, want) {
			t.Errorf("the comment on routing_key lacks %q:%s", want, comment)
		}
	}
	if strings.Contains(comment, "エラーにします") {
		t.Errorf("the comment on routing_key calls the missing pager an error:%s", comment)
	}
	c, err = LoadEnv("../config.example.toml", func(k string) string { return map[string]string{EnvPagerDutyRoutingKey: "R0UTINGKEY"}[k] })
	if err != nil || len(c.Notes()) != 0 {
		t.Errorf("with a routing key: %v, notes %q", err, c.Notes())
	}
	c, err = Parse("x.toml", []byte("[[severity]]\nkey = \"high\"\npage = true\n[paging.pagerduty]\nurl = \"http://127.0.0.1:9/v2/enqueue\"\n"), func(string) string { return "" })
	if err != nil || len(c.Notes()) != 1 {
		t.Errorf("a PagerDuty table without a key: %v, notes %q", err, c.Notes())
	}
}

// Every key of Config appears in the example, and nothing else does.
func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../config.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	written := map[string]bool{}
	for k := range tomlpos.Scan(data).Paths() {
		written[tomlpos.StripIndex(k)] = true
	}
	want := map[string]bool{}
	open := map[string]bool{} // keys whose entries may be tables of their own form (may_stop's { en, ja })
	var walk func(prefix string, rt reflect.Type)
	walk = func(prefix string, rt reflect.Type) {
		for _, k := range tomlpos.StructKeys(rt) {
			ft, _ := fieldType(rt, []string{k})
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Interface {
				open[prefix+k] = true
			}
			if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct && ft != reflect.TypeFor[Duration]() {
				walk(prefix+k+".", ft)
				continue
			}
			want[prefix+k] = true
		}
	}
	walk("", reflect.TypeFor[Config]())
	for k := range want {
		if !written[k] {
			t.Errorf("config.example.toml does not document %s", k)
		}
	}
	for k := range written {
		if want[k] {
			continue
		}
		table := false
		for w := range want {
			table = table || strings.HasPrefix(w, k+".")
		}
		for o := range open {
			table = table || strings.HasPrefix(k, o+".")
		}
		if !table {
			t.Errorf("config.example.toml writes %s, which Config does not have", k)
		}
	}
}

// A webhook URL may carry a token in its path or query: the configuration
// prints only its scheme and host.
func TestWebhookURLIsNotPrinted(t *testing.T) {
	env := map[string]string{EnvWebhookSecret: "s3cret"}
	c, err := Parse("x.toml", []byte("[paging.webhook]\nurl = \"https://hooks.example.com/T0/B0/tok3n?key=tok4n\"\n"), func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "config", c)
	for where, text := range map[string]string{"String": c.String(), "slog": logged.String()} {
		if strings.Contains(text, "tok3n") || strings.Contains(text, "tok4n") || !strings.Contains(text, "https://hooks.example.com/") {
			t.Errorf("%s shows %q", where, text)
		}
	}
}

// TestStorageDSN: [storage] dsn names a PostgreSQL database, DATABASE_URL
// wins over it, and the password shows nowhere the configuration is
// printed or logged.
func TestStorageDSN(t *testing.T) {
	const file = "[storage]\npath = \"x.db\"\ndsn = \"postgres://bot:filepass@db.example.com/incidents\"\n"
	for _, tc := range []struct {
		name, toml string
		env        map[string]string
		want       string
		postgres   bool
	}{
		{"path alone", "[storage]\npath = \"x.db\"\n", nil, "", false},
		{"dsn", file, nil, "postgres://bot:filepass@db.example.com/incidents", true},
		{"DATABASE_URL wins", file, map[string]string{EnvDatabaseURL: "postgresql://bot:envpass@other/db"}, "postgresql://bot:envpass@other/db", true},
		{"DATABASE_URL alone", "", map[string]string{EnvDatabaseURL: " postgres://h/db "}, "postgres://h/db", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("x.toml", []byte(tc.toml), func(k string) string { return tc.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if string(c.Storage.DSN) != tc.want || c.Storage.Postgres() != tc.postgres {
				t.Errorf("dsn %q (postgres %v), want %q", string(c.Storage.DSN), c.Storage.Postgres(), tc.want)
			}
			var logged strings.Builder
			slog.New(slog.NewTextHandler(&logged, nil)).Info("configuration", "config", c)
			for _, out := range []string{c.String(), logged.String(), c.Storage.Name()} {
				if strings.Contains(out, "filepass") || strings.Contains(out, "envpass") {
					t.Errorf("the password shows: %s", out)
				}
			}
			if tc.postgres && !strings.Contains(c.String(), "xxxxx") && strings.Contains(tc.want, ":") && strings.Contains(tc.want, "pass") {
				t.Errorf("String() does not name the database: %s", c.String())
			}
		})
	}
}
