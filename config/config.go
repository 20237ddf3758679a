// Package config reads incidentbot's TOML configuration.
//
// The file is decoded strictly: an unknown key or a value of the wrong type
// is an error that names the file, line and column, the key, what is wrong
// and how to fix it. Checks of meaning (a language we do not speak, a time
// zone that does not load) name the key and, when the key is in the file,
// its line too; entries of arrays are counted from 0 in key paths
// ("severity[2].notify[0]"). The environment variables SLACK_BOT_TOKEN,
// SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, PAGERDUTY_ROUTING_KEY and
// INCIDENTBOT_WEBHOOK_SECRET win over the file. Secrets never print: see Secret.
//
// The escalation sections ([[severity]], [[oncall]], [escalation], [paging],
// [authority]) turn into workflow types through Config.Scale,
// Config.Escalation and Config.Authority; Config.Paging is read as it is.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"incidentbot/internal/dsn"
	"incidentbot/paging"
	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// Config is every setting this version knows. The toml tags are the keys.
type Config struct {
	// Language is the language of replies and reports: "en" or "ja".
	Language string `toml:"language"`
	// Timezone is an IANA zone name ("Asia/Tokyo"). Times typed without a
	// zone are read in it; reports show times in it. Empty: Asia/Tokyo when
	// the language is Japanese, else the system's (see ZoneFrom).
	Timezone string `toml:"timezone"`

	Slack   Slack   `toml:"slack"`
	HTTP    HTTP    `toml:"http"`
	Storage Storage `toml:"storage"`

	// Severity is the [[severity]] tables, lowest level first; none: the
	// default scale (DefaultSeverities). Read it through Scale.
	Severity []Severity `toml:"severity"`
	// EscalationTable is [escalation]; read it through Escalation.
	EscalationTable EscalationTable `toml:"escalation"`
	// OnCall is the [[oncall]] tables, one per role; read them through Escalation.
	OnCall []OnCall `toml:"oncall"`
	// Paging is [paging]: PagerDuty and the webhook, with defaults and the
	// environment applied.
	Paging Paging `toml:"paging"`
	// AuthorityTable is [authority]; read it through Authority.
	AuthorityTable AuthorityTable `toml:"authority"`

	// Runbooks is [runbooks]: where runbooks and drill scenarios of one's
	// own are read from, beside the embedded ones.
	Runbooks Runbooks `toml:"runbooks"`
	// Drills is [drills]: where drills may run.
	Drills Drills `toml:"drills"`

	// Vendors, Responsibilities and Assets are the [[vendor]],
	// [[responsibility]] and [[asset]] tables: the vendor registry, the
	// responsibility matrix and the asset ledger (vendors.go). Read them
	// through Ledger.
	Vendors          []Vendor         `toml:"vendor"`
	Responsibilities []Responsibility `toml:"responsibility"`
	Assets           []Asset          `toml:"asset"`

	// File is the path the configuration was read from ("" for defaults).
	File string `toml:"-"`
	// Location is the time zone in force: Timezone, loaded; without it,
	// Asia/Tokyo when the language is Japanese (UseLang applies --lang),
	// else the system's zone (by name where it can be found, else
	// time.Local). ZoneFrom says which.
	Location *time.Location `toml:"-"`
	ZoneFrom ZoneSource     `toml:"-"`

	// fromEnv records which environment variables set a secret.
	fromEnv map[string]bool
}

// Slack is the [slack] table.
type Slack struct {
	// Mode is how Slack reaches the bot: "socket" (Socket Mode, no public
	// URL needed) or "http" (Slack posts to [http] listen).
	Mode string `toml:"mode"`
	// BotToken (xoxb-…) calls the Web API. SLACK_BOT_TOKEN wins over it.
	BotToken Secret `toml:"bot_token"`
	// AppToken (xapp-…) opens the Socket Mode connection. SLACK_APP_TOKEN wins.
	AppToken Secret `toml:"app_token"`
	// SigningSecret verifies every request from Slack. SLACK_SIGNING_SECRET wins.
	SigningSecret Secret `toml:"signing_secret"`
	// APIURL overrides the Web API base URL; it ends in "/". Empty: Slack's own.
	APIURL string `toml:"api_url"`
	// AnnounceChannel is the channel id (C…) where new incidents are announced.
	AnnounceChannel string `toml:"announce_channel"`
	// AllowedTeamIDs are the workspaces (T…) whose requests are accepted;
	// empty: any workspace the signing secret verifies.
	AllowedTeamIDs []string `toml:"allowed_team_ids"`
	// PinReaction is the reaction (its name, without colons) that adds a
	// message in an incident channel to the timeline. Default "pushpin".
	PinReaction string `toml:"pin_reaction"`
}

// HTTP is the [http] table.
type HTTP struct {
	// Listen is the address served, host:port: Slack requests in HTTP mode,
	// and always /healthz, /readyz and /metrics.
	Listen string `toml:"listen"`
}

// Storage is the [storage] table.
type Storage struct {
	// Path is the SQLite database file: the store of one host, used when
	// no DSN is given.
	Path string `toml:"path"`
	// DSN names a PostgreSQL database (postgres://… or postgresql://…),
	// the store several serve processes share. DATABASE_URL wins over it,
	// and --db FILE over both. Empty: the SQLite file at Path.
	DSN DSN `toml:"dsn"`
	// OutboxLease is, on PostgreSQL, how long a replica holds the message
	// at the head of an outbox queue it is delivering: when the replica
	// dies mid-delivery, the queue waits this long before another replica
	// sends the message (again). Longer than any one delivery takes. Zero:
	// DefaultOutboxLease.
	OutboxLease Duration `toml:"outbox_lease"`
}

// DefaultOutboxLease is [storage] outbox_lease when it is not set.
const DefaultOutboxLease = 30 * time.Second

// Postgres reports whether the store is a PostgreSQL database.
func (s Storage) Postgres() bool { return s.DSN != "" }

// Name is the store as messages name it: the DSN without its password, or
// the file.
func (s Storage) Name() string {
	if s.Postgres() {
		return s.DSN.String()
	}
	return s.Path
}

// DSN is a PostgreSQL connection string. It may hold a password, so it
// prints and logs with the password hidden (String, LogValue); string(d) is
// the whole of it, for connecting.
type DSN string

// String is the DSN with its password replaced by "xxxxx".
func (d DSN) String() string { return RedactDSN(string(d)) }

// LogValue logs the DSN without its password.
func (d DSN) LogValue() slog.Value { return slog.StringValue(d.String()) }

// RedactDSN returns dsn with its password hidden (see package dsn).
func RedactDSN(d string) string { return dsn.Redact(d) }

// Runbooks is the [runbooks] table.
type Runbooks struct {
	// Dir holds runbook files (*.toml) and, in its drills subdirectory,
	// drill scenarios; each is added to the embedded ones or replaces the
	// one of the same name. Empty: the embedded runbooks alone. A relative
	// path is read from the working directory.
	Dir string `toml:"dir"`
}

// Drills is the [drills] table.
type Drills struct {
	// SandboxChannels are the ids of the Slack channels (C…, G…) where
	// /incident drill start is accepted. Empty: drills run only in the
	// console.
	SandboxChannels []string `toml:"sandbox_channels"`
	// Every is how often a drill is due: "quarter" or "month" (calendar
	// periods in the configured zone) or a duration ("720h"). A period
	// that passes without a drill reminds the first sandbox channel once.
	// Empty: no reminders.
	Every string `toml:"every"`
	// ContactWindow is how long (real time) a drill's contact check
	// takes answers, whatever the drill's speed. Default 10m.
	ContactWindow Duration `toml:"contact_window"`
}

// Rhythm is [drills] every as the workflow takes it (checked by Parse).
func (d Drills) Rhythm() workflow.Rhythm {
	r, _ := workflow.ParseRhythm(d.Every)
	return r
}

var channelIDRE = regexp.MustCompile(`^[CG][A-Z0-9]{2,}$`)

// Defaults of the keys that have one.
const (
	DefaultLanguage = "en"
	DefaultMode     = "socket"
	DefaultListen   = ":8080"
	DefaultDBPath   = "incidentbot.db"
	// DefaultPinReaction is 📌.
	DefaultPinReaction = "pushpin"
)

// Environment variables that win over the file.
const (
	EnvBotToken      = "SLACK_BOT_TOKEN"
	EnvAppToken      = "SLACK_APP_TOKEN"
	EnvSigningSecret = "SLACK_SIGNING_SECRET"
	// EnvDatabaseURL names a PostgreSQL database; it wins over [storage]
	// dsn and path.
	EnvDatabaseURL = "DATABASE_URL"
)

// Default is the configuration used without a file (before the environment).
func Default() *Config {
	return &Config{
		Language: DefaultLanguage,
		Slack:    Slack{Mode: DefaultMode, PinReaction: DefaultPinReaction},
		HTTP:     HTTP{Listen: DefaultListen},
		Storage:  Storage{Path: DefaultDBPath},
		EscalationTable: EscalationTable{
			UnassignedReminder: Duration{DefaultUnassignedReminder},
		},
		Paging: Paging{
			PagerDuty: PagerDuty{URL: DefaultPagerDutyURL},
			Webhook:   Webhook{Timeout: Duration{DefaultWebhookTimeout}, Retries: DefaultWebhookRetries},
		},
		Drills:   Drills{ContactWindow: Duration{workflow.DefaultContactWindow}},
		Location: systemZone(),
		ZoneFrom: ZoneFromSystem,
	}
}

// systemZone is the machine's time zone, by its IANA name where it can be
// found ($TZ, or the /etc/localtime link), so reports name it; else time.Local.
func systemZone() *time.Location {
	name := os.Getenv("TZ")
	if name == "" {
		if target, err := os.Readlink("/etc/localtime"); err == nil {
			if _, after, ok := strings.Cut(target, "zoneinfo/"); ok {
				name = after
			}
		}
	}
	if name != "" && !strings.HasPrefix(name, ":") && !strings.HasPrefix(name, "/") {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.Local
}

// ZoneSource says where the time zone in force comes from.
type ZoneSource string

const (
	ZoneFromTimezone ZoneSource = "timezone" // the timezone key
	ZoneFromLanguage ZoneSource = "language" // no timezone key and Japanese: JapanZone
	ZoneFromSystem   ZoneSource = "system"   // neither: the machine's zone
)

// JapanZone is the zone a Japanese setup means when no timezone is given:
// a server often runs in UTC, and times typed as 08:50 by people in Japan
// are Japanese times.
const JapanZone = "Asia/Tokyo"

// zoneFor is the zone in force for lang when no timezone is configured.
func zoneFor(lang workflow.Lang) (*time.Location, ZoneSource) {
	if lang == workflow.Japanese {
		if loc, err := time.LoadLocation(JapanZone); err == nil {
			return loc, ZoneFromLanguage
		}
	}
	return systemZone(), ZoneFromSystem
}

// UseLang sets the zone in force for lang (--lang on the command line) when
// the configuration names no timezone: Japanese means JapanZone.
func (c *Config) UseLang(lang workflow.Lang) {
	if c.ZoneFrom != ZoneFromTimezone {
		c.Location, c.ZoneFrom = zoneFor(lang)
	}
}

// ZoneNote names the zone in force and why, for check and the logs:
// "Asia/Tokyo (no timezone key; Japanese means Asia/Tokyo)".
func (c *Config) ZoneNote() workflow.Text {
	name := c.Location.String()
	switch c.ZoneFrom {
	case ZoneFromTimezone:
		return workflow.Text{En: name + " (the timezone key)", Ja: name + "（timezone の設定）"}
	case ZoneFromLanguage:
		return workflow.Text{En: name + " (no timezone key; Japanese means " + JapanZone + ")",
			Ja: name + "（timezone の設定なし。日本語のため " + JapanZone + "）"}
	}
	return workflow.Text{En: name + " (no timezone key; the system's zone)", Ja: name + "（timezone の設定なし。システムのタイムゾーン）"}
}

// Lang is the configured language.
func (c *Config) Lang() workflow.Lang {
	if l, err := workflow.ParseLang(c.Language); err == nil {
		return l
	}
	return workflow.English
}

// Load reads and checks the file at path and applies the environment
// (os.Getenv). Every problem found is returned, as Errors.
func Load(path string) (*Config, error) { return LoadEnv(path, os.Getenv) }

// LoadEnv is Load with the environment read through getenv.
func LoadEnv(path string, getenv func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		e := problem("", "config.err.read", workflow.Args{"detail": err.Error()})
		e.Err = err
		return nil, Errors{e}
	}
	return Parse(path, data, getenv)
}

// FromEnv is the default configuration with the environment applied, for
// running without a file.
func FromEnv(getenv func(string) string) (*Config, error) {
	c := Default()
	c.ApplyEnv(getenv)
	if errs := c.check(nil); len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

// Parse decodes data (the contents of file, which names it in errors),
// applies getenv (nil: no environment) and checks the result.
func Parse(file string, data []byte, getenv func(string) string) (*Config, error) {
	c := Default()
	c.File = file
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(c); err != nil {
		return nil, decodeErrors(file, data, err)
	}
	if getenv != nil {
		c.ApplyEnv(getenv)
	}
	if errs := c.check(tomlpos.Scan(data)); len(errs) > 0 {
		for i := range errs {
			errs[i].File = file
		}
		sortErrors(errs)
		return nil, errs
	}
	return c, nil
}

// ApplyEnv lets the secrets and DATABASE_URL in the environment win over
// the file.
func (c *Config) ApplyEnv(getenv func(string) string) {
	// fromEnv remembers which values came from the environment: check
	// says so, and a problem with one names the variable, not the key.
	set := func(env string) (string, bool) {
		v := strings.TrimSpace(getenv(env))
		if v == "" {
			return "", false
		}
		if c.fromEnv == nil {
			c.fromEnv = map[string]bool{}
		}
		c.fromEnv[env] = true
		return v, true
	}
	for _, s := range []struct {
		env string
		dst *Secret
	}{
		{EnvBotToken, &c.Slack.BotToken},
		{EnvAppToken, &c.Slack.AppToken},
		{EnvSigningSecret, &c.Slack.SigningSecret},
		{EnvPagerDutyRoutingKey, &c.Paging.PagerDuty.RoutingKey},
		{EnvWebhookSecret, &c.Paging.Webhook.Secret},
	} {
		if v, ok := set(s.env); ok {
			*s.dst = Secret(v)
		}
	}
	if v, ok := set(EnvDatabaseURL); ok {
		c.Storage.DSN = DSN(v)
	}
}

// Validate checks a configuration built in code (Parse, Load and FromEnv
// already do) and fills Location. The error is Errors, without lines.
func (c *Config) Validate() error {
	if errs := c.check(nil); len(errs) > 0 {
		return errs
	}
	return nil
}

// check validates the meaning of the values and fills Location. l gives
// the position of each key written in the file (nil: none).
func (c *Config) check(l *tomlpos.Layout) Errors {
	var errs Errors
	// say reports a problem at key, in both languages.
	say := func(key string, m MsgKey, args workflow.Args) {
		e := problem(key, m, args)
		if p, ok := l.Find(key); ok {
			e.Line, e.Col = p.Line, p.Col
		}
		errs = append(errs, e)
	}

	if _, err := workflow.ParseLang(c.Language); err != nil {
		say("language", "config.err.language", workflow.Args{"value": quoted(c.Language)})
	}
	c.Location, c.ZoneFrom = zoneFor(c.Lang())
	if c.Timezone != "" {
		// "Local" would silently follow the machine; ask for a real name.
		loc, err := time.LoadLocation(c.Timezone)
		if err != nil || c.Timezone == "Local" {
			say("timezone", "config.err.timezone", workflow.Args{"value": quoted(c.Timezone)})
		} else {
			c.Location, c.ZoneFrom = loc, ZoneFromTimezone
		}
	}
	switch c.Slack.Mode {
	case "socket", "http":
	default:
		say("slack.mode", "config.err.mode", workflow.Args{"value": quoted(c.Slack.Mode)})
	}
	if c.Slack.APIURL != "" {
		u, err := url.Parse(c.Slack.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.HasSuffix(u.Path, "/") {
			say("slack.api_url", "config.err.api_url", workflow.Args{"value": quoted(c.Slack.APIURL)})
		}
	}
	for i, id := range c.Slack.AllowedTeamIDs {
		if strings.TrimSpace(id) == "" {
			say("slack.allowed_team_ids", "config.err.team_id", workflow.Args{"n": i + 1})
		}
	}
	if r := c.Slack.PinReaction; r == "" || strings.ContainsAny(r, ": \t") {
		say("slack.pin_reaction", "config.err.pin_reaction", workflow.Args{"value": quoted(r)})
	}
	if c.HTTP.Listen != "" {
		if _, _, err := net.SplitHostPort(c.HTTP.Listen); err != nil {
			say("http.listen", "config.err.listen", workflow.Args{"value": quoted(c.HTTP.Listen)})
		}
	}
	if strings.TrimSpace(c.Storage.Path) == "" {
		say("storage.path", "config.err.db_path", nil)
	}
	if d := c.Storage.OutboxLease.Duration; d < 0 || (d > 0 && d < time.Second) || d > time.Hour {
		say("storage.outbox_lease", "config.err.outbox_lease", workflow.Args{"value": d.String()})
	}
	if d := string(c.Storage.DSN); d != "" && !dsn.Valid(d) {
		if c.fromEnv[EnvDatabaseURL] {
			say("storage.dsn", "config.err.dsn_env", workflow.Args{"env": EnvDatabaseURL, "value": quoted(RedactDSN(d))})
		} else {
			say("storage.dsn", "config.err.dsn", workflow.Args{"value": quoted(RedactDSN(d))})
		}
	}
	c.checkEscalation(say)
	c.checkApproveStatement(say)
	c.checkVendors(say)
	for i, ch := range c.Drills.SandboxChannels {
		if !channelIDRE.MatchString(strings.TrimSpace(ch)) {
			say(fmt.Sprintf("drills.sandbox_channels[%d]", i), "config.err.sandbox_channel", workflow.Args{"value": quoted(ch)})
		}
	}
	c.checkDrills(say)
	return errs
}

// String describes the configuration with every secret masked.
func (c *Config) String() string {
	tz := c.ZoneNote().Localize(workflow.English)
	pd, wh := c.Paging.PagerDuty, c.Paging.Webhook
	return fmt.Sprintf("language=%s timezone=%s slack.mode=%s slack.bot_token=%s slack.app_token=%s slack.signing_secret=%s slack.api_url=%q slack.announce_channel=%q slack.allowed_team_ids=%v slack.pin_reaction=%q http.listen=%q storage.path=%q storage.dsn=%q severity=%v oncall=%v escalation.assign_commander=%t escalation.unassigned_reminder=%s paging.pagerduty.url=%q paging.pagerduty.routing_key=%s paging.webhook.url=%q paging.webhook.secret=%s paging.webhook.timeout=%s paging.webhook.retries=%d runbooks.dir=%q drills.sandbox_channels=%v drills.every=%q drills.contact_window=%s",
		c.Language, tz, c.Slack.Mode, c.Slack.BotToken, c.Slack.AppToken, c.Slack.SigningSecret,
		c.Slack.APIURL, c.Slack.AnnounceChannel, c.Slack.AllowedTeamIDs, c.Slack.PinReaction, c.HTTP.Listen, c.Storage.Path, c.Storage.DSN.String(),
		c.Scale().Keys(), c.onCallRoles(), c.EscalationTable.AssignCommander, c.EscalationTable.UnassignedReminder.Duration,
		pd.URL, pd.RoutingKey, paging.SiteOf(wh.URL), wh.Secret, wh.Timeout.Duration, wh.Retries, c.Runbooks.Dir, c.Drills.SandboxChannels,
		c.Drills.Every, c.Drills.ContactWindow.Duration)
}

func (c *Config) onCallRoles() []string {
	out := make([]string, 0, len(c.OnCall))
	for _, o := range c.OnCall {
		out = append(out, o.Role)
	}
	return out
}

// LogValue logs the configuration with every secret masked.
func (c *Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("file", c.File),
		slog.String("language", c.Language),
		slog.String("timezone", c.ZoneNote().Localize(workflow.English)),
		slog.Group("slack",
			slog.String("mode", c.Slack.Mode),
			slog.Any("bot_token", c.Slack.BotToken),
			slog.Any("app_token", c.Slack.AppToken),
			slog.Any("signing_secret", c.Slack.SigningSecret),
			slog.String("api_url", c.Slack.APIURL),
			slog.String("announce_channel", c.Slack.AnnounceChannel),
			slog.Any("allowed_team_ids", c.Slack.AllowedTeamIDs),
			slog.String("pin_reaction", c.Slack.PinReaction),
		),
		slog.String("http.listen", c.HTTP.Listen),
		slog.String("storage.path", c.Storage.Path),
		slog.String("storage.dsn", c.Storage.DSN.String()),
		slog.Any("severity", c.Scale().Keys()),
		slog.Any("oncall", c.onCallRoles()),
		slog.Group("escalation",
			slog.Bool("assign_commander", c.EscalationTable.AssignCommander),
			slog.Duration("unassigned_reminder", c.EscalationTable.UnassignedReminder.Duration),
		),
		slog.Group("paging",
			slog.String("pagerduty.url", c.Paging.PagerDuty.URL),
			slog.Any("pagerduty.routing_key", c.Paging.PagerDuty.RoutingKey),
			slog.String("webhook.url", paging.SiteOf(c.Paging.Webhook.URL)),
			slog.Any("webhook.secret", c.Paging.Webhook.Secret),
			slog.Duration("webhook.timeout", c.Paging.Webhook.Timeout.Duration),
			slog.Int("webhook.retries", c.Paging.Webhook.Retries),
		),
		slog.String("runbooks.dir", c.Runbooks.Dir),
		slog.Any("drills.sandbox_channels", c.Drills.SandboxChannels),
		slog.String("drills.every", c.Drills.Every),
		slog.Duration("drills.contact_window", c.Drills.ContactWindow.Duration),
	)
}

// Secret is a token or signing secret. Every way of printing it (fmt's %v,
// %s, %q, %#v, slog, JSON, TOML) shows only whether it is set; Reveal gives
// the value to the code that needs it.
type Secret string

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

func (s Secret) masked() string {
	if s == "" {
		return "(unset)"
	}
	return "(set)"
}

func (s Secret) String() string                { return s.masked() }
func (s Secret) GoString() string              { return s.masked() }
func (s Secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.masked()) }
func (s Secret) LogValue() slog.Value          { return slog.StringValue(s.masked()) }
func (s Secret) MarshalText() ([]byte, error)  { return []byte(s.masked()), nil }

// UnmarshalText reads the secret from the file.
func (s *Secret) UnmarshalText(b []byte) error { *s = Secret(b); return nil }

// Error is one problem in a configuration file. Line and Col are 0 when
// the key is not in the file (a default, or the environment); Key is
// dotted: "slack.mode".
type Error = tomlpos.Error

// Errors is every problem found, in file order where known.
type Errors = tomlpos.Errors

// decodeErrors turns go-toml's errors into Errors. data is the file, read
// again to name keys with their array indexes ("severity[1].ack_within").
func decodeErrors(file string, data []byte, err error) error {
	l := tomlpos.Scan(data)
	// path is the written key of an error at line:col, and that key as
	// go-toml names it (no indexes).
	path := func(key []string, line, col int) (string, []string) {
		if p, ok := locate(l, key, line, col); ok {
			return p, splitPath(p)
		}
		return strings.Join(key, "."), key
	}
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var errs Errors
		for i := range strict.Errors {
			de := &strict.Errors[i]
			line, col := de.Position()
			p, key := path(de.Key(), line, col)
			// An unknown name is the problem, not which entry it is in.
			if i := strings.LastIndex(p, "["); i > 0 && strings.HasSuffix(p, "]") && !strings.Contains(p[i:], ".") {
				p = p[:i]
			}
			e := tomlpos.Problem(messages, p, unknownKey(key))
			e.File, e.Line, e.Col = file, line, col
			errs = append(errs, e)
		}
		sortErrors(errs)
		return errs
	}
	// at is one problem at a place of the file.
	at := func(key string, line, col int, m workflow.Msg) error {
		e := tomlpos.Problem(messages, key, m)
		e.File, e.Line, e.Col = file, line, col
		return Errors{e}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		if len(de.Key()) == 0 {
			// A syntax error: go-toml's message says what it expected.
			return at("", line, col, workflow.M("config.err.syntax", workflow.Args{"detail": strings.TrimPrefix(de.Error(), "toml: ")}))
		}
		p, key := path(de.Key(), line, col)
		return at(p, line, col, wrongType(key, de))
	}
	var dur *durationError
	if errors.As(err, &dur) {
		// A number or boolean where a duration belongs: go-toml gives no
		// position, so find the first such value in the file.
		isDuration := func(key []string) bool {
			t, ok := fieldType(reflect.TypeFor[Config](), key)
			return ok && t == reflect.TypeFor[Duration]()
		}
		if e, ok := firstUnquoted(l, isDuration); ok {
			key := splitPath(e.Key)
			return at(e.Key, e.Pos.Line, e.Pos.Col, workflow.M("config.err.wrong_type", workflow.Args{
				"found": workflow.M("config.found.value", workflow.Args{"value": e.Raw}),
				"want":  workflow.M("config.want.duration", workflow.Args{"name": key[len(key)-1]})}))
		}
		return at("", 0, 0, dur.msg())
	}
	return at("", 0, 0, workflow.M("config.err.as_is", workflow.Args{"detail": err.Error()}))
}

// sortErrors puts errors in file order; those without a line keep their
// order after the others.
func sortErrors(errs Errors) {
	line := func(e *Error) int {
		if e.Line == 0 {
			return math.MaxInt
		}
		return e.Line
	}
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i], errs[j]
		return line(a) < line(b) || (line(a) == line(b) && a.Col < b.Col)
	})
}

// unknownKey says which keys are known where an unknown one was written.
func unknownKey(key []string) workflow.Msg {
	parent, name := key[:len(key)-1], key[len(key)-1]
	t, ok := fieldType(reflect.TypeFor[Config](), parent)
	for ok && t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if !ok || t.Kind() != reflect.Struct {
		return workflow.M("config.err.unknown_key_anywhere", nil)
	}
	known := tomlpos.StructKeys(t)
	where := workflow.M("config.where.top", nil)
	if len(parent) > 0 {
		where = workflow.M("config.where.table", workflow.Args{"table": strings.Join(parent, ".")})
		if pt, _ := fieldType(reflect.TypeFor[Config](), parent[:1]); pt.Kind() == reflect.Slice {
			where = workflow.M("config.where.array", workflow.Args{"table": parent[0]})
			if len(parent) > 1 {
				where = workflow.M("config.where.path", workflow.Args{"table": strings.Join(parent, ".")})
			}
		}
	}
	args := workflow.Args{"where": where, "keys": strings.Join(known, ", ")}
	if guess := tomlpos.Closest(name, known); guess != "" {
		args["guess"] = quoted(guess)
		return workflow.M("config.err.unknown_key_guess", args)
	}
	return workflow.M("config.err.unknown_key", args)
}

// wrongType says what a key of the wrong type takes, and how to write it.
func wrongType(key []string, de *toml.DecodeError) workflow.Msg {
	what := strings.TrimPrefix(de.Error(), "toml: ")
	t, ok := fieldType(reflect.TypeFor[Config](), key)
	if !ok {
		return workflow.M("config.err.wrong_type_detail", workflow.Args{"detail": what})
	}
	name := key[len(key)-1]
	want := func(m MsgKey) workflow.Msg { return workflow.M(m, workflow.Args{"name": name}) }
	var w workflow.Msg
	switch {
	case t == reflect.TypeFor[Duration]():
		if !tomlKindRE.MatchString(what) {
			// Duration.UnmarshalText said what is wrong and how to write it.
			return durationMsg(what)
		}
		w = want("config.want.duration")
	case t == reflect.TypeFor[Text]():
		w = want("config.want.text")
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Slice:
		w = want("config.want.lists")
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
		w = workflow.M("config.want.tables", workflow.Args{"path": strings.Join(key, ".")})
	case t == reflect.TypeFor[Secret](), t.Kind() == reflect.String:
		w = want("config.want.string")
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		w = want("config.want.strings")
	case t.Kind() == reflect.Struct:
		w = workflow.M("config.want.table", workflow.Args{"path": strings.Join(key, ".")})
	case t.Kind() == reflect.Bool:
		w = want("config.want.bool")
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		w = want("config.want.int")
	default:
		w = workflow.M("config.want.other", workflow.Args{"type": t.String()})
	}
	return workflow.M("config.err.wrong_type", workflow.Args{"found": tomlpos.Found(what), "want": w})
}

// durationMsg is the message of a durationError, from its text as go-toml
// passes it on ("\"4 hours\" is not a duration; …"): the value leads it.
func durationMsg(what string) workflow.Msg {
	if q, err := strconv.QuotedPrefix(what); err == nil {
		if v, err := strconv.Unquote(q); err == nil {
			return (&durationError{text: v}).msg()
		}
	}
	return workflow.M("config.err.as_is", workflow.Args{"detail": what})
}

// tomlKindRE finds a type mismatch in go-toml's message.
var tomlKindRE = regexp.MustCompile(`cannot decode TOML ([a-z -]+?) into`)

// fieldType follows TOML keys through the struct type t.
func fieldType(t reflect.Type, key []string) (reflect.Type, bool) {
	for _, k := range key {
		for t.Kind() == reflect.Slice { // an array of tables: the entry's type
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		found := false
		for i := range t.NumField() {
			f := t.Field(i)
			if tomlName(f) == k {
				t, found = f.Type, true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return t, true
}

func tomlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	return name
}
