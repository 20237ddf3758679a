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

func (e *durationError) Error() string { return messages.Render(workflow.English, e.msg()) }

func (e *durationError) msg() workflow.Msg {
	return workflow.M("config.err.duration", workflow.Args{"value": quoted(e.text)})
}

// MarshalText writes the duration back ("5m0s").
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.Duration.String()), nil }

// checkEscalation validates [[severity]], [[oncall]], [escalation],
// [paging] and [authority].
func (c *Config) checkEscalation(say sayFunc) {
	c.checkSeverities(say)
	c.checkOnCall(say)

	if d := c.EscalationTable.UnassignedReminder.Duration; d < 0 {
		say("escalation.unassigned_reminder", "config.err.unassigned_reminder", workflow.Args{"value": d.String()})
	}
	if c.EscalationTable.AssignCommander && !slices.ContainsFunc(c.OnCall, func(o OnCall) bool {
		r, ok := workflow.ParseRole(o.Role)
		return ok && r == workflow.RoleCommander
	}) {
		say("escalation.assign_commander", "config.err.assign_commander", nil)
	}

	c.checkPaging(say)

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
			t, bad := parseTarget(s)
			switch {
			case bad != nil:
				say(key, bad.Key, bad.Args)
			case t.Kind != workflow.TargetRole && t.Kind != workflow.TargetUser:
				say(key, "config.err.authority_kind", workflow.Args{"value": quoted(s), "kind": string(t.Kind)})
			}
		}
	}
}

func (c *Config) checkSeverities(say sayFunc) {
	type owner struct {
		key   string // the path of the word's first use
		level string
		index int
	}
	words := map[string]owner{} // level keys and aliases, folded
	claim := func(path, word, level string, index int) {
		w := strings.ToLower(word)
		if prev, ok := words[w]; ok {
			what := workflow.M("config.what.level_key", nil)
			if strings.Contains(prev.key, ".aliases") {
				what = workflow.M("config.what.alias", nil)
			}
			if prev.index == index {
				say(path, "config.err.word_twice", workflow.Args{"word": quoted(word), "level": quoted(level), "first": prev.key})
			} else {
				say(path, "config.err.word_taken", workflow.Args{"word": quoted(word), "what": what, "level": quoted(prev.level), "first": prev.key})
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
			say(p+".key", "config.err.level_key", nil)
		case !isWord(key):
			say(p+".key", "config.err.level_key_word", workflow.Args{"value": quoted(s.Key)})
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
				say(ap, "config.err.alias_word", workflow.Args{"value": quoted(s.Aliases[j])})
				continue
			}
			claim(ap, a, level, i)
		}
		for j, n := range s.Notify {
			if _, bad := parseTarget(n); bad != nil {
				say(fmt.Sprintf("%s.notify[%d]", p, j), bad.Key, bad.Args)
			}
		}
		checkMayStop(p, s.MayStop, say) // drills.go
		if d := s.AckWithin.Duration; d < 0 {
			say(p+".ack_within", "config.err.ack_within", workflow.Args{"value": d.String()})
		}
		if d := s.StatusEvery.Duration; d < 0 {
			say(p+".status_every", "config.err.status_every", workflow.Args{"value": d.String()})
		}
		switch {
		case s.Repeat < 0:
			say(p+".repeat", "config.err.repeat", workflow.Args{"value": s.Repeat})
		case s.Repeat > 0 && s.AckWithin.Duration <= 0:
			say(p+".repeat", "config.err.repeat_without_ack", workflow.Args{"value": s.Repeat})
		}
	}
}

func (c *Config) checkOnCall(say sayFunc) {
	roles := map[workflow.Role]int{}
	for i, o := range c.OnCall {
		p := fmt.Sprintf("oncall[%d]", i)
		switch r, ok := workflow.ParseRole(o.Role); {
		case strings.TrimSpace(o.Role) == "":
			say(p+".role", "config.err.oncall_role_missing", workflow.Args{"roles": roleNames()})
		case !ok:
			say(p+".role", "config.err.oncall_role", workflow.Args{"value": quoted(o.Role), "roles": roleNames()})
		default:
			if k, dup := roles[r]; dup {
				say(p+".role", "config.err.oncall_role_twice", workflow.Args{"role": quoted(string(r)), "first": fmt.Sprintf("oncall[%d]", k)})
			} else {
				roles[r] = i
			}
		}
		switch {
		case len(o.Rotation) > 0 && len(o.Chain) > 0:
			say(p+".rotation", "config.err.chain_and_rotation", nil)
		case len(o.Rotation) > 0:
			for j, ch := range o.Rotation {
				checkChain(say, fmt.Sprintf("%s.rotation[%d]", p, j), ch)
			}
		default:
			checkChain(say, p+".chain", o.Chain)
		}
	}
}

// checkChain checks one contact order: one to three distinct people.
func checkChain(say sayFunc, key string, chain []string) {
	switch {
	case len(chain) == 0:
		say(key, "config.err.chain_empty", nil)
		return
	case len(chain) > MaxChain:
		say(key, "config.err.chain_long", workflow.Args{"count": len(chain), "max": MaxChain})
	}
	seen := map[string]int{}
	for j, id := range chain {
		ep := fmt.Sprintf("%s[%d]", key, j)
		id = strings.TrimSpace(id)
		switch {
		case id == "":
			say(ep, "config.err.chain_entry_empty", nil)
		case strings.ContainsAny(id, ": \t"):
			say(ep, "config.err.chain_entry", workflow.Args{"value": quoted(chain[j])})
		default:
			if k, dup := seen[id]; dup {
				say(ep, "config.err.chain_twice", workflow.Args{"value": quoted(id), "n": k + 1})
			} else {
				seen[id] = j
			}
		}
	}
}

func (c *Config) checkPaging(say sayFunc) {
	pd, wh := c.Paging.PagerDuty, c.Paging.Webhook
	if !isHTTPURL(pd.URL) {
		say("paging.pagerduty.url", "config.err.pagerduty_url", workflow.Args{"value": quoted(pd.URL), "default": DefaultPagerDutyURL})
	}
	if wh.URL != "" && !isHTTPURL(wh.URL) {
		say("paging.webhook.url", "config.err.webhook_url", workflow.Args{"value": quoted(wh.URL)})
	}
	switch {
	case wh.Enabled() && !wh.Secret.IsSet():
		say("paging.webhook.secret", "config.err.webhook_secret", workflow.Args{"env": EnvWebhookSecret})
	case !wh.Enabled() && wh.Secret.IsSet():
		from := workflow.M("config.from.file", nil)
		if c.fromEnv[EnvWebhookSecret] {
			from = workflow.M("config.from.env", workflow.Args{"env": EnvWebhookSecret})
		}
		say("paging.webhook.url", "config.err.webhook_no_url", workflow.Args{"from": from})
	}
	if wh.Timeout.Duration <= 0 {
		say("paging.webhook.timeout", "config.err.webhook_timeout", workflow.Args{"value": wh.Timeout.Duration.String()})
	}
	if wh.Retries < 0 {
		say("paging.webhook.retries", "config.err.webhook_retries", workflow.Args{"value": wh.Retries})
	}

	// A level that pages with no pager configured is not an error (see
	// Notes): the example and a first setup must load before paging is
	// arranged.
}

// parseTarget is workflow.ParseTarget with messages that say how to write
// a target in this file: bad is the problem, nil when s is a target.
func parseTarget(s string) (t workflow.Target, bad *workflow.Msg) {
	fail := func(m MsgKey, args workflow.Args) (workflow.Target, *workflow.Msg) {
		args["value"] = quoted(s)
		msg := workflow.M(m, args)
		return workflow.Target{}, &msg
	}
	kind, id, ok := strings.Cut(strings.TrimSpace(s), ":")
	kind, id = strings.TrimSpace(kind), strings.TrimSpace(id)
	if !ok || id == "" {
		return fail("config.err.any_target", workflow.Args{})
	}
	switch workflow.TargetKind(kind) {
	case workflow.TargetRole:
		if _, ok := workflow.ParseRole(id); !ok {
			return fail("config.err.any_target_role", workflow.Args{"role": quoted(id), "roles": roleNames()})
		}
	case workflow.TargetUser, workflow.TargetGroup, workflow.TargetChannel:
		if strings.ContainsAny(id, " \t") {
			return fail("config.err.any_target_id", workflow.Args{"kind": kind})
		}
	default:
		return fail("config.err.any_target_kind", workflow.Args{"kind": quoted(kind)})
	}
	t, err := workflow.ParseTarget(s)
	if err != nil {
		return fail("config.err.any_target", workflow.Args{})
	}
	return t, nil
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
func (c *Config) checkApproveStatement(say sayFunc) {
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
