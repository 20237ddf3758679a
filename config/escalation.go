package config

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"

	"incidentbot/workflow"
)

// Severity is one [[severity]] table: a level and the policy it sets in
// motion. Tables are written lowest level first. A table sets only what it
// says: a key left out is empty or off (no acknowledgement chase, no status
// reminders, no paging).
type Severity struct {
	// Key is the level's name, one word ("high"); the grammar accepts it
	// after /incident open and /incident sev, and it is stored with each
	// incident.
	Key string `toml:"key"`
	// Aliases are other words for the level ("sev1", "高").
	Aliases []string `toml:"aliases"`
	// Label names the level to users; empty: the key.
	Label Text `toml:"label"`
	// Criteria says when to pick the level (help and the open form).
	Criteria Text `toml:"criteria"`
	// Notify lists who is told on open and on every raise to this level:
	// "role:commander", "user:U0123", "group:S0123", "channel:C0123".
	Notify []string `toml:"notify"`
	// MayStop lists what may be stopped at this level without asking the
	// approver: "admin screen", or { en = "infected PC", ja = "感染PC" }
	// (drills.go).
	MayStop []StopName `toml:"may_stop"`
	// OutsideSupportWhen says when outside support is called.
	OutsideSupportWhen Text `toml:"outside_support_when"`
	// AckWithin is how long each link of an on-call chain has to
	// acknowledge before the next is told. 0: nobody is chased.
	AckWithin Duration `toml:"ack_within"`
	// Repeat is how many more rounds over the whole chain follow the final
	// link before escalation is declared exhausted.
	Repeat int `toml:"repeat"`
	// StatusEvery is the longest time without a status update before a
	// reminder. 0: no reminders.
	StatusEvery Duration `toml:"status_every"`
	// Page sends pages outside Slack ([paging]).
	Page bool `toml:"page"`
	// PersonalData: an incident that reaches the level is flagged as
	// involving personal data (unless someone said otherwise before), so
	// the runbook's deadlines for personal data apply.
	PersonalData bool `toml:"personal_data"`
}

// Text is a text in English and Japanese ({ en = "…", ja = "…" }). When only
// one is written, it stands for both.
type Text struct {
	En string `toml:"en"`
	Ja string `toml:"ja"`
}

func (t Text) workflow() workflow.Text {
	en, ja := strings.TrimSpace(t.En), strings.TrimSpace(t.Ja)
	if en == "" {
		en = ja
	}
	if ja == "" {
		ja = en
	}
	return workflow.Text{En: en, Ja: ja}
}

// OnCall is one [[oncall]] table: a role's contact order.
type OnCall struct {
	// Role is the role whose chain this is ("commander").
	Role string `toml:"role"`
	// Chain is who is contacted, in order: primary, secondary, final (one
	// to three person ids; with one, the primary is also the final link).
	Chain []string `toml:"chain"`
	// Rotation, instead of Chain, is one chain per ISO week (in the
	// configured time zone), cycling through the list.
	Rotation [][]string `toml:"rotation"`
}

// MaxChain is the longest on-call chain: primary, secondary, final.
const MaxChain = 3

// EscalationTable is the [escalation] table.
type EscalationTable struct {
	// AssignCommander makes the commander chain's current primary the
	// commander on open; the opener is recorded as reporter.
	AssignCommander bool `toml:"assign_commander"`
	// UnassignedReminder: a commander or scribe still unassigned this long
	// after open gets a reminder. 0: none.
	UnassignedReminder Duration `toml:"unassigned_reminder"`
}

// AuthorityTable is the [authority] table. Each list holds "role:…" and
// "user:…" targets; an empty list keeps the built-in rule: anyone in the
// incident may lower severity and close, the commander or approver may
// redact, the approver alone approves stopping a service.
type AuthorityTable struct {
	LowerSeverity []string `toml:"lower_severity"`
	Close         []string `toml:"close"`
	Redact        []string `toml:"redact"`
	ApproveStop   []string `toml:"approve_stop"`
	// ApproveStatement approves (and refuses) statements to outside
	// audiences; empty: the approver.
	ApproveStatement []string `toml:"approve_statement"`
}

// Paging is the [paging] table: where pages go outside Slack. Either, both
// or neither destination may be configured; see Configured.
type Paging struct {
	PagerDuty PagerDuty `toml:"pagerduty"`
	Webhook   Webhook   `toml:"webhook"`
}

// PagerDuty is [paging.pagerduty]: the Events API v2.
type PagerDuty struct {
	// URL is the enqueue endpoint; tests point it at a fake.
	URL string `toml:"url"`
	// RoutingKey is the integration key of a PagerDuty service.
	// PAGERDUTY_ROUTING_KEY wins over it.
	RoutingKey Secret `toml:"routing_key"`
}

// Webhook is [paging.webhook]: a JSON POST signed with HMAC-SHA256.
type Webhook struct {
	// URL receives the POST. Empty: no webhook.
	URL string `toml:"url"`
	// Secret signs each body. INCIDENTBOT_WEBHOOK_SECRET wins over it.
	Secret Secret `toml:"secret"`
	// Timeout bounds each attempt.
	Timeout Duration `toml:"timeout"`
	// Retries is how many more attempts follow a failed one (429, 5xx,
	// connection errors).
	Retries int `toml:"retries"`
}

// Enabled reports whether PagerDuty receives pages: it has a routing key.
func (p PagerDuty) Enabled() bool { return p.RoutingKey.IsSet() }

// Enabled reports whether the webhook receives pages: it has a URL.
func (w Webhook) Enabled() bool { return strings.TrimSpace(w.URL) != "" }

// Configured reports whether pages have somewhere to go.
func (p Paging) Configured() bool { return p.PagerDuty.Enabled() || p.Webhook.Enabled() }

// Defaults of [paging] and [escalation].
const (
	DefaultPagerDutyURL       = "https://events.pagerduty.com/v2/enqueue"
	DefaultWebhookTimeout     = 10 * time.Second
	DefaultWebhookRetries     = 5
	DefaultUnassignedReminder = 10 * time.Minute
)

// Environment variables for the paging secrets; they win over the file.
const (
	EnvPagerDutyRoutingKey = "PAGERDUTY_ROUTING_KEY"
	EnvWebhookSecret       = "INCIDENTBOT_WEBHOOK_SECRET"
)

// DefaultSeverities is the scale used when the file has no [[severity]]
// table: the levels of workflow.DefaultScale (low, medium, high: their
// order, aliases and labels are defined there only), each with the criteria
// and policy of PRACTICE.md, "Severity and escalation". High pages only when
// [paging] has somewhere to send pages (see Config.Scale).
func DefaultSeverities() []Severity {
	policies := map[workflow.SeverityKey]Severity{
		"low": {
			Criteria: Text{
				En: "Signs of trouble, impact not yet known: a suspicious login, errors creeping up, a single odd report.",
				Ja: "異常の兆候はあるが影響はまだ分からない: 不審なログイン、少しずつ増えるエラー、単発の不審な報告など。",
			},
			Notify: []string{"role:commander"},
			OutsideSupportWhen: Text{
				En: "When the signs persist and nobody on the team can explain them.",
				Ja: "兆候が続き、チーム内の誰にも説明がつかないとき。",
			},
			MayStop:     defaultMayStop(),
			AckWithin:   Duration{15 * time.Minute},
			Repeat:      1,
			StatusEvery: Duration{time.Hour},
		},
		"medium": {
			Criteria: Text{
				En: "Impact confirmed: a defaced page, a form abused to send junk, a feature failing for users.",
				Ja: "影響が確認された: ページの改ざん、フォームの悪用（不審な大量送信）、利用者向け機能の不具合など。",
			},
			Notify: []string{"role:commander", "role:tech"},
			OutsideSupportWhen: Text{
				En: "When the cause is not found within a few hours, or the fix needs the hosting company or a vendor.",
				Ja: "数時間で原因が分からないとき、または対処にホスティング会社やベンダーの作業が必要なとき。",
			},
			MayStop:     defaultMayStop(),
			AckWithin:   Duration{10 * time.Minute},
			Repeat:      1,
			StatusEvery: Duration{30 * time.Minute},
		},
		"high": {
			Criteria: Text{
				En: "Personal data or payments are involved, data may be leaving, or the business has stopped.",
				Ja: "個人情報や決済が関わる、情報が外部に出ている可能性がある、または業務が止まっている。",
			},
			Notify: []string{"role:commander", "role:tech", "role:comms", "role:approver"},
			OutsideSupportWhen: Text{
				En: "At once: the hosting company, the vendors concerned and a security specialist. Vendors' incident reports are due within 24 hours.",
				Ja: "直ちに: ホスティング会社、関係ベンダー、セキュリティの専門家へ。ベンダーの事故報告は24時間以内（または当日中）が期限です。",
			},
			MayStop:     defaultMayStop(),
			AckWithin:   Duration{5 * time.Minute},
			Repeat:      2,
			StatusEvery: Duration{15 * time.Minute},
			Page:        true,
		},
	}
	levels := workflow.DefaultScale().Levels
	out := make([]Severity, len(levels))
	for i, lv := range levels {
		out[i] = policies[lv.Key]
		out[i].Key, out[i].Aliases, out[i].Label = string(lv.Key), lv.Aliases, Text{En: lv.Label.En, Ja: lv.Label.Ja}
	}
	return out
}

// severities is the written scale, or the default one.
func (c *Config) severities() (levels []Severity, builtIn bool) {
	if len(c.Severity) > 0 {
		return c.Severity, false
	}
	return DefaultSeverities(), true
}

// Scale is the severity scale with each level's policy, lowest first. Open
// without a level uses the first. Without [[severity]] tables it is the
// default scale, whose high level pages only when Paging is configured (so
// a file with no [paging] still loads, and nothing is paged into the void).
func (c *Config) Scale() workflow.Scale {
	sev, builtIn := c.severities()
	s := workflow.Scale{Levels: make([]workflow.Level, 0, len(sev))}
	for _, lv := range sev {
		label := lv.Label.workflow()
		p := workflow.Policy{
			Notify:             targets(lv.Notify),
			MayStop:            stopNames(lv.MayStop),
			OutsideSupportWhen: lv.OutsideSupportWhen.workflow(),
			AckWithin:          lv.AckWithin.Duration,
			Repeat:             lv.Repeat,
			StatusEvery:        lv.StatusEvery.Duration,
			Page:               lv.Page && (!builtIn || c.Paging.Configured()),
		}
		s.Levels = append(s.Levels, workflow.Level{
			Key:      workflow.SeverityKey(strings.TrimSpace(lv.Key)),
			Aliases:  trimmed(lv.Aliases),
			Label:    label,
			Criteria: lv.Criteria.workflow(),
			Policy:   p,

			PersonalData: lv.PersonalData,
		})
	}
	if len(s.Levels) > 0 {
		s.Default = s.Levels[0].Key
	}
	return s
}

// Escalation is the on-call configuration: each role's chain, and the
// [escalation] settings.
func (c *Config) Escalation() workflow.Escalation {
	e := workflow.Escalation{
		OnCall:             map[workflow.Role]workflow.OnCall{},
		AssignCommander:    c.EscalationTable.AssignCommander,
		UnassignedReminder: c.EscalationTable.UnassignedReminder.Duration,
	}
	for _, o := range c.OnCall {
		r, ok := workflow.ParseRole(o.Role)
		if !ok {
			continue // Validate reports it
		}
		oc := workflow.OnCall{Role: r, Chain: trimmed(o.Chain)}
		for _, ch := range o.Rotation {
			oc.Rotation = append(oc.Rotation, trimmed(ch))
		}
		e.OnCall[r] = oc
	}
	return e
}

// Authority says who may lower severity, close, redact, approve stopping
// a service and approve a statement. Empty lists keep the built-in rule.
func (c *Config) Authority() workflow.Authority {
	a := c.AuthorityTable
	return workflow.Authority{
		LowerSeverity: targets(a.LowerSeverity),
		Close:         targets(a.Close),
		Redact:        targets(a.Redact),
		ApproveStop:   targets(a.ApproveStop),

		ApproveStatement: targets(a.ApproveStatement),
	}
}

// targets parses a list already validated; a bad entry is skipped.
func targets(list []string) []workflow.Target {
	var out []workflow.Target
	for _, s := range list {
		if t, err := workflow.ParseTarget(s); err == nil {
			out = append(out, t)
		}
	}
	return out
}

func trimmed(list []string) []string {
	var out []string
	for _, s := range list {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Duration is a length of time written as Go writes it: "90s", "5m", "1h30m".
type Duration struct{ time.Duration }

// UnmarshalText reads "5m".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return &durationError{text: string(b)}
	}
	d.Duration = v
	return nil
}

// durationError is a value that is not a duration. go-toml hands numbers
// and booleans to UnmarshalText too, and then returns the error without a
// position; decodeErrors finds it (see firstUnquoted).
type durationError struct{ text string }

func (e *durationError) Error() string {
	return fmt.Sprintf("%q is not a duration; write it as Go does, in double quotes: \"90s\", \"5m\", \"1h30m\" (units ns, us, ms, s, m, h)", e.text)
}

// MarshalText writes the duration back ("5m0s").
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }

// checkEscalation validates [[severity]], [[oncall]], [escalation],
// [paging] and [authority].
func (c *Config) checkEscalation(bad func(key, format string, args ...any)) {
	c.checkSeverities(bad)
	c.checkOnCall(bad)

	if d := c.EscalationTable.UnassignedReminder.Duration; d < 0 {
		bad("escalation.unassigned_reminder", "%s is negative; write a duration such as \"10m\", or \"0s\" for no reminder", d)
	}
	if c.EscalationTable.AssignCommander && !slices.ContainsFunc(c.OnCall, func(o OnCall) bool {
		r, ok := workflow.ParseRole(o.Role)
		return ok && r == workflow.RoleCommander
	}) {
		bad("escalation.assign_commander", "assign_commander = true needs a commander chain to take the primary from; add an [[oncall]] table with role = \"commander\", or write assign_commander = false")
	}

	c.checkPaging(bad)

	for _, l := range []struct {
		key  string
		list []string
	}{
		{"authority.lower_severity", c.AuthorityTable.LowerSeverity},
		{"authority.close", c.AuthorityTable.Close},
		{"authority.redact", c.AuthorityTable.Redact},
		{"authority.approve_stop", c.AuthorityTable.ApproveStop},
	} {
		for i, s := range l.list {
			key := fmt.Sprintf("%s[%d]", l.key, i)
			t, err := parseTarget(s)
			switch {
			case err != nil:
				bad(key, "%v", err)
			case t.Kind != workflow.TargetRole && t.Kind != workflow.TargetUser:
				bad(key, "%q: authority is held by roles and people; write role:approver or user:U0123 (a %s cannot be checked against who acts)", s, t.Kind)
			}
		}
	}
}

func (c *Config) checkSeverities(bad func(key, format string, args ...any)) {
	type owner struct {
		key   string // the path of the word's first use
		level string
		index int
	}
	words := map[string]owner{} // level keys and aliases, folded
	claim := func(path, word, level string, index int) {
		w := strings.ToLower(word)
		if prev, ok := words[w]; ok {
			what := "the key"
			if strings.Contains(prev.key, ".aliases") {
				what = "an alias"
			}
			if prev.index == index {
				bad(path, "%q is written twice for level %q (first at %s); remove one", word, level, prev.key)
			} else {
				bad(path, "%q is already %s of level %q (%s); each key and alias must name one level", word, what, prev.level, prev.key)
			}
			return
		}
		words[w] = owner{path, level, index}
	}
	for i, s := range c.Severity {
		p := fmt.Sprintf("severity[%d]", i)
		key := strings.TrimSpace(s.Key)
		switch {
		case key == "":
			bad(p+".key", "the level has no key; write key = \"high\" (one word, used in /incident open and /incident sev)")
		case !isWord(key):
			bad(p+".key", "%q is not one word; a key is letters, digits, - and _ (such as \"critical\" or \"sev0\"), so /incident open can tell it from the title", s.Key)
		default:
			claim(p+".key", key, key, i)
		}
		level := key
		if level == "" {
			level = p
		}
		for j, a := range s.Aliases {
			ap := fmt.Sprintf("%s.aliases[%d]", p, j)
			a = strings.TrimSpace(a)
			if !isWord(a) {
				bad(ap, "%q is not one word; an alias is letters, digits, - and _ (such as \"sev1\" or \"高\")", s.Aliases[j])
				continue
			}
			claim(ap, a, level, i)
		}
		for j, n := range s.Notify {
			if _, err := parseTarget(n); err != nil {
				bad(fmt.Sprintf("%s.notify[%d]", p, j), "%v", err)
			}
		}
		checkMayStop(p, s.MayStop, bad) // drills.go
		if d := s.AckWithin.Duration; d < 0 {
			bad(p+".ack_within", "%s is negative; write a duration such as \"5m\", or \"0s\" to chase nobody", d)
		}
		if d := s.StatusEvery.Duration; d < 0 {
			bad(p+".status_every", "%s is negative; write a duration such as \"30m\", or \"0s\" for no status reminders", d)
		}
		switch {
		case s.Repeat < 0:
			bad(p+".repeat", "%d is negative; write how many more rounds follow the final link, 0 or more", s.Repeat)
		case s.Repeat > 0 && s.AckWithin.Duration <= 0:
			bad(p+".repeat", "repeat = %d has no effect without ack_within (nobody is chased, so there are no rounds); set ack_within or remove repeat", s.Repeat)
		}
	}
}

func (c *Config) checkOnCall(bad func(key, format string, args ...any)) {
	roles := map[workflow.Role]int{}
	for i, o := range c.OnCall {
		p := fmt.Sprintf("oncall[%d]", i)
		switch r, ok := workflow.ParseRole(o.Role); {
		case strings.TrimSpace(o.Role) == "":
			bad(p+".role", "the chain names no role; write role = \"commander\" (roles: %s)", roleNames())
		case !ok:
			bad(p+".role", "%q is not a role; roles: %s", o.Role, roleNames())
		default:
			if k, dup := roles[r]; dup {
				bad(p+".role", "role %q already has a chain (oncall[%d]); one [[oncall]] table per role, with a rotation if it changes weekly", r, k)
			} else {
				roles[r] = i
			}
		}
		switch {
		case len(o.Rotation) > 0 && len(o.Chain) > 0:
			bad(p+".rotation", "write chain or rotation, not both: with a rotation the week's chain is used and chain would be ignored")
		case len(o.Rotation) > 0:
			for j, ch := range o.Rotation {
				checkChain(bad, fmt.Sprintf("%s.rotation[%d]", p, j), ch)
			}
		default:
			checkChain(bad, p+".chain", o.Chain)
		}
	}
}

// checkChain checks one contact order: one to three distinct people.
func checkChain(bad func(key, format string, args ...any), key string, chain []string) {
	switch {
	case len(chain) == 0:
		bad(key, "the chain has no people; list person ids in contact order, primary first: [\"U0PRIMARY\", \"U0SECOND\", \"U0FINAL\"]")
		return
	case len(chain) > MaxChain:
		bad(key, "the chain lists %d people; it has at most %d links (primary, secondary, final): put the others in a rotation, or notify them as a group", len(chain), MaxChain)
	}
	seen := map[string]int{}
	for j, id := range chain {
		ep := fmt.Sprintf("%s[%d]", key, j)
		id = strings.TrimSpace(id)
		switch {
		case id == "":
			bad(ep, "the entry is empty; write a person id such as \"U0123ABCD\"")
		case strings.ContainsAny(id, ": \t"):
			bad(ep, "%q is not a person id; write the id alone, such as \"U0123ABCD\" (no user: prefix, no spaces)", chain[j])
		default:
			if k, dup := seen[id]; dup {
				bad(ep, "%q is already link %d of this chain; each person appears once", id, k+1)
			} else {
				seen[id] = j
			}
		}
	}
}

func (c *Config) checkPaging(bad func(key, format string, args ...any)) {
	pd, wh := c.Paging.PagerDuty, c.Paging.Webhook
	if !isHTTPURL(pd.URL) {
		bad("paging.pagerduty.url", "%q is not an http(s) URL; leave the key out for %s", pd.URL, DefaultPagerDutyURL)
	}
	if wh.URL != "" && !isHTTPURL(wh.URL) {
		bad("paging.webhook.url", "%q is not an http(s) URL; write one such as \"https://example.internal/hooks/incident\", or leave the key out for no webhook", wh.URL)
	}
	switch {
	case wh.Enabled() && !wh.Secret.IsSet():
		bad("paging.webhook.secret", "the webhook has a url but no secret to sign its requests; write secret = \"…\" or set %s", EnvWebhookSecret)
	case !wh.Enabled() && wh.Secret.IsSet():
		from := "secret is written"
		if c.fromEnv[EnvWebhookSecret] {
			from = EnvWebhookSecret + " is set"
		}
		bad("paging.webhook.url", "the webhook %s but it has no url; write url = \"https://…\", or remove the secret", from)
	}
	if wh.Timeout.Duration <= 0 {
		bad("paging.webhook.timeout", "%s is not a timeout; write a positive duration such as \"10s\"", wh.Timeout.Duration)
	}
	if wh.Retries < 0 {
		bad("paging.webhook.retries", "%d is negative; write how many more attempts follow a failed one, 0 or more", wh.Retries)
	}

	// A level that pages with no pager configured is not an error (see
	// Notes): the example and a first setup must load before paging is
	// arranged.
}

// parseTarget is workflow.ParseTarget with messages that say how to write
// a target in this file.
func parseTarget(s string) (workflow.Target, error) {
	kind, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	kind, id = strings.TrimSpace(kind), strings.TrimSpace(id)
	if !ok || id == "" {
		return workflow.Target{}, fmt.Errorf("%q is not a target; write role:commander, user:U0123, group:S0123 or channel:C0123", s)
	}
	switch workflow.TargetKind(kind) {
	case workflow.TargetRole:
		if _, ok := workflow.ParseRole(id); !ok {
			return workflow.Target{}, fmt.Errorf("%q: unknown role %q; roles: %s", s, id, roleNames())
		}
	case workflow.TargetUser, workflow.TargetGroup, workflow.TargetChannel:
		if strings.ContainsAny(id, " \t") {
			return workflow.Target{}, fmt.Errorf("%q: an id has no spaces; write the id alone, such as %s:U0123", s, kind)
		}
	default:
		return workflow.Target{}, fmt.Errorf("%q: unknown kind %q; write role:, user:, group: or channel:", s, kind)
	}
	return workflow.ParseTarget(s)
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// isWord reports whether s is one word of a severity key or alias: letters
// (any script), digits, '-' and '_', not starting with '-'.
func isWord(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}

func roleNames() string {
	names := make([]string, len(workflow.Roles))
	for i, r := range workflow.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// NoteKind is what a Note says.
type NoteKind string

// NotePageWithoutPager: a level pages while no pager is configured. Its
// pages are recorded on the timeline and people are still told in Slack,
// but nothing goes to PagerDuty or a webhook. A first setup must load before
// paging is arranged, so this is a note and not an error.
const NotePageWithoutPager NoteKind = "page_without_pager"

// Note is something in a valid configuration worth telling the operator that
// does not stop it: `check` prints it in the configured language, `serve`
// logs it.
type Note struct {
	Kind  NoteKind
	Key   string // the key it is about: "severity[2].page"
	Level string // the severity level concerned
	// A gap of the responsibility matrix (NoteMatrixGap): the component,
	// the vendors that run it, the items nobody owns.
	Component string
	Vendors   []string
	Items     []string
}

// Msg is the note for people; render it with Messages().
func (n Note) Msg() workflow.Msg {
	return workflow.M(MsgKey("config.note."+string(n.Kind)), workflow.Args{"key": n.Key, "level": n.Level, "env": EnvPagerDutyRoutingKey,
		"component": n.Component, "vendors": strings.Join(n.Vendors, ", "), "items": strings.Join(n.Items, ", ")})
}

// String is the note in English, for logs.
func (n Note) String() string { return messages.Render(workflow.English, n.Msg()) }

// Notes are the things in a valid configuration worth telling the operator.
func (c *Config) Notes() []Note {
	var notes []Note
	if !c.Paging.Configured() {
		for i, s := range c.Severity {
			if s.Page {
				notes = append(notes, Note{Kind: NotePageWithoutPager, Key: fmt.Sprintf("severity[%d].page", i), Level: s.Key})
			}
		}
	}
	return append(notes, c.gapNotes()...)
}

// checkApproveStatement validates [authority] approve_statement: people and
// roles, in both languages (say).
func (c *Config) checkApproveStatement(say func(key string, m MsgKey, args workflow.Args)) {
	for i, s := range c.AuthorityTable.ApproveStatement {
		key := fmt.Sprintf("authority.approve_statement[%d]", i)
		kind, id, ok := strings.Cut(strings.TrimSpace(s), ":")
		kind, id = strings.TrimSpace(kind), strings.TrimSpace(id)
		switch {
		case !ok || id == "":
			say(key, "config.err.target", workflow.Args{"value": s})
		case workflow.TargetKind(kind) == workflow.TargetRole:
			if _, ok := workflow.ParseRole(id); !ok {
				say(key, "config.err.target_role", workflow.Args{"value": s, "role": id, "roles": roleNames()})
			}
		case workflow.TargetKind(kind) == workflow.TargetUser:
			if strings.ContainsAny(id, " \t") {
				say(key, "config.err.target_id", workflow.Args{"value": s})
			}
		case workflow.TargetKind(kind) == workflow.TargetGroup, workflow.TargetKind(kind) == workflow.TargetChannel:
			say(key, "config.err.authority_holder", workflow.Args{"value": s, "kind": kind})
		default:
			say(key, "config.err.target_kind", workflow.Args{"value": s, "kind": kind})
		}
	}
}
