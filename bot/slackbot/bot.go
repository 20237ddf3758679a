// Package slackbot is the Slack adapter: it turns slash commands, button
// clicks, modal submissions and reactions into workflow requests, answers
// Slack within its 3-second deadline, and delivers everything else (channels,
// the summary card, topics, posts) afterwards through the outbox.
//
// Nothing that waits on Slack's Web API runs before an ack, except views.open,
// whose trigger id expires within seconds and so cannot wait in the outbox.
//
// The folder bears the package's name, not "slack", so that the package never
// shadows slack-go's package slack, which most of its files import.
package slackbot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/slack-go/slack"

	"incidentbot/outbox"
	"incidentbot/workflow"
)

// Link kinds this adapter keeps on incidents.
const (
	LinkChannel = "slack.channel" // the incident's channel id
	LinkCard    = "slack.card"    // the pinned summary card's ts
)

// Options configure a Bot.
type Options struct {
	Service *workflow.Service
	Store   workflow.Store
	API     *slack.Client
	Lang    workflow.Lang  // the workspace's language
	Loc     *time.Location // times on cards and in posts
	// AnnounceChannel, if set, is told about every new incident (a private
	// one without its title).
	AnnounceChannel string
	// AllowedTeams, if not empty, are the only workspaces served.
	AllowedTeams []string
	// PinReaction is the reaction name that adds a message to the timeline
	// ("pushpin" when empty).
	PinReaction string
	// ViewTimeout bounds views.open, the one Web API call made before an ack
	// (2s when zero).
	ViewTimeout time.Duration
	Logger      *slog.Logger
	Now         func() time.Time
	// Metrics, if set, counts deliveries.
	Metrics DeliveryMetrics
	// StoreHealth, if set, hears when recording delivery outcomes starts
	// failing (the error) and when it works again (nil): see
	// outbox.Recorder.
	StoreHealth func(err error)
	// APIURL is [slack] api_url, when set: response URLs with its scheme,
	// host and port are accepted besides Slack's own (respond.go).
	APIURL string
}

// Bot is the Slack adapter. Its methods are safe for concurrent use.
type Bot struct {
	svc      *workflow.Service
	store    workflow.Store
	api      *slack.Client
	lang     workflow.Lang
	loc      *time.Location
	scale    workflow.Scale
	announce string
	teams    map[string]bool
	pin      string
	viewTO   time.Duration
	log      *slog.Logger
	now      func() time.Time
	metrics  DeliveryMetrics

	apiOrigin *url.URL     // of Options.APIURL; nil when unset
	hooks     *http.Client // posts to response URLs
	recorder  *outbox.Recorder

	wake  chan struct{} // nudges the outbox worker
	asks  asks          // commands and interactions being answered: the outbox yields to them
	names sync.Map      // user id → display name
	dms   sync.Map      // user id → the id of the bot's DM with them
}

// New builds a Bot.
func New(o Options) (*Bot, error) {
	if o.Service == nil || o.Store == nil || o.API == nil {
		return nil, errors.New("slack bot: Service, Store and API are required")
	}
	b := &Bot{svc: o.Service, store: o.Store, api: o.API, lang: o.Lang, loc: o.Loc, scale: o.Service.Scale(),
		announce: o.AnnounceChannel, teams: map[string]bool{}, pin: o.PinReaction, viewTO: o.ViewTimeout,
		log: o.Logger, now: o.Now, metrics: o.Metrics, wake: make(chan struct{}, 1), hooks: hooksClient()}
	if o.APIURL != "" {
		u, err := url.Parse(o.APIURL)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, fmt.Errorf("slack bot: api_url %q is not an http(s) URL", o.APIURL)
		}
		b.apiOrigin = u
	}
	for _, t := range o.AllowedTeams {
		b.teams[t] = true
	}
	if b.lang == "" {
		b.lang = workflow.English
	}
	if b.loc == nil {
		b.loc = time.Local
	}
	if b.pin == "" {
		b.pin = "pushpin"
	}
	if b.viewTO == 0 {
		b.viewTO = 2 * time.Second
	}
	if b.log == nil {
		b.log = slog.Default()
	}
	if b.now == nil {
		b.now = time.Now
	}
	b.recorder = &outbox.Recorder{Store: o.Store, Health: o.StoreHealth, Log: b.log}
	return b, nil
}

// TeamAllowed reports whether requests from team are served.
func (b *Bot) TeamAllowed(team string) bool { return len(b.teams) == 0 || b.teams[team] }

// Command answers a slash command. The returned message is the ack body
// (ephemeral, for the person who typed it); any change is committed and its
// Slack calls are queued before it returns.
func (b *Bot) Command(ctx context.Context, cmd slack.SlashCommand) *slack.Msg {
	defer b.asks.begin()()
	if !b.TeamAllowed(cmd.TeamID) {
		return b.ephemeral(b.text("slack.http.team_refused", nil))
	}
	text := strings.TrimSpace(cmd.Text)
	b.learn(cmd.UserID, cmd.UserName)
	channelRef := b.channelIncident(ctx, cmd.ChannelID)
	if verb, ok := b.modalFor(text); ok {
		return b.openModal(ctx, cmd, verb, channelRef)
	}
	if vc, ok := vendorFormFor(text, b.scale); ok {
		return b.openVendorModal(ctx, cmd, vc, channelRef) // vendor.go
	}
	if ref, aud, ok := workflow.StatementFormRequest(text); ok {
		return b.openStatementModal(ctx, cmd, ref, aud, channelRef) // statement.go
	}
	req := workflow.Request{
		Actor:   b.actor(cmd.TeamID, cmd.UserID, cmd.UserName),
		Lang:    b.lang,
		Text:    b.withNames(text),
		Channel: channelRef,
		Place:   cmd.ChannelID, // drills start only in a sandbox channel
		Key:     commandKey(cmd),
	}
	req.InTx = func(tx workflow.Tx, r workflow.Reply) error {
		return b.queueEffects(tx, req, r, cmd.ChannelID)
	}
	r, err := b.svc.Execute(ctx, req)
	if err != nil {
		return b.refused(err, req.Actor)
	}
	if r.Duplicate {
		return b.ephemeral(b.text("slack.duplicate", nil))
	}
	if r.Report != "" {
		// report changes nothing, so it has no transaction of its own: queue
		// the upload here (report.go).
		if err := b.queueReport(ctx, r.Incident, req.Actor, r.Report); err != nil {
			return b.ephemeral(b.problem(err, req.Actor))
		}
		b.Wake()
		return b.ephemeral(b.text("slack.report_follows", workflow.Args{"format": r.Report}))
	}
	b.Wake()
	msg := b.ephemeral(b.marked(r.Incident, renderLines(b.lang, r.Lines)))
	if r.InChannel {
		// who, kit, vendors: for everyone in the channel.
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	if r.Suggested != "" && r.Incident != nil {
		msg.Blocks = slack.Blocks{BlockSet: b.suggestionBlocks(msg.Text, r.Incident.ID, r.Suggested)}
	}
	return msg
}

// commandKey makes a slash command idempotent: Socket Mode may redeliver an
// envelope, and a trigger id is unique to one invocation. A command without
// one (Slack always sends it; a replayed or crafted request may not) is
// keyed by what it says, so the same request twice is applied once.
func commandKey(cmd slack.SlashCommand) string {
	if cmd.TriggerID != "" {
		return "slack:trigger:" + cmd.TriggerID
	}
	return "slack:command:" + contentKey(cmd.TeamID, cmd.UserID, cmd.ChannelID, cmd.Command, cmd.Text, cmd.ResponseURL)
}

// contentKey is a digest of fields, for an idempotency key when Slack sent no
// id: equal fields, equal key.
func contentKey(fields ...string) string {
	h := sha256.New()
	for _, f := range fields {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// channelIncident is the incident whose channel this is, as a Ref by id; the
// zero Ref elsewhere.
func (b *Bot) channelIncident(ctx context.Context, channel string) workflow.Ref {
	if channel == "" {
		return workflow.Ref{}
	}
	var ref workflow.Ref
	err := b.store.View(ctx, func(tx workflow.ReadTx) error {
		id, err := tx.Linked(LinkChannel, channel)
		if err != nil {
			return err
		}
		ref = workflow.Ref{ID: id}
		return nil
	})
	if err != nil && !errors.Is(err, workflow.ErrNotFound) {
		b.log.Warn("look up incident channel", "channel", channel, "err", err)
	}
	return ref
}

func (b *Bot) actor(team, user, name string) workflow.Actor {
	if n, ok := b.names.Load(user); ok && name == "" {
		name = n.(string)
	}
	return workflow.Actor{Team: team, User: user, Name: name}
}

// learn caches a display name Slack told us.
func (b *Bot) learn(user, name string) {
	if user != "" && name != "" {
		b.names.Store(user, name)
	}
}

// withNames fills in the display name of mentions Slack sent without one
// (<@U123>) from the cache, so replies and the record show a name. Unknown
// users are looked up in the background for next time; the command is not
// held up by Slack.
func (b *Bot) withNames(text string) string {
	var out strings.Builder
	rest := text
	for {
		i := strings.Index(rest, "<@")
		if i < 0 {
			out.WriteString(rest)
			return out.String()
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			out.WriteString(rest)
			return out.String()
		}
		inner := rest[i+2 : i+j]
		out.WriteString(rest[:i])
		if !strings.Contains(inner, "|") {
			if n, ok := b.names.Load(inner); ok {
				inner += "|" + n.(string)
			} else {
				go b.lookupName(inner)
			}
		}
		out.WriteString("<@" + inner + ">")
		rest = rest[i+j+1:]
	}
}

func (b *Bot) lookupName(user string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	u, err := b.api.GetUserInfoContext(ctx, user)
	if err != nil {
		b.log.Debug("look up user", "user", user, "err", err)
		return
	}
	name := u.Profile.DisplayName
	if name == "" {
		name = u.Name
	}
	b.learn(user, name)
}

// problem renders a refused command's message, or, for an internal error, an
// apology with an id to quote (the error itself goes to the log only).
func (b *Bot) problem(err error, actor workflow.Actor) string {
	return renderMrkdwn(b.lang, workflow.ErrorReply(b.log, actor, err))
}

func (b *Bot) ephemeral(text string) *slack.Msg {
	return &slack.Msg{ResponseType: slack.ResponseTypeEphemeral, Text: text}
}

// text renders one of the adapter's messages as mrkdwn (render.go).
func (b *Bot) text(key workflow.MsgKey, args workflow.Args) string {
	return tr(b.lang, key, args)
}

// Wake nudges the outbox worker to look for work now.
func (b *Bot) Wake() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// queueEffects queues, inside the command's transaction, what Slack must be
// told about the change r made.
func (b *Bot) queueEffects(tx workflow.Tx, req workflow.Request, r workflow.Reply, fromChannel string) error {
	inc := r.Incident
	if inc == nil {
		return nil
	}
	now := b.now()
	q := &queue{tx: tx, now: now, incident: inc.ID}
	if len(r.Events) > 0 && r.Events[0].Kind == workflow.EventOpened {
		q.add(incidentQueue(inc.ID), jobCreateChannel{Name: ChannelName(inc.Number, inc.Drill, inc.Title), Private: inc.Private,
			Invite: []string{req.Actor.User}})
		q.add(incidentQueue(inc.ID), jobCard{})
		q.add(incidentQueue(inc.ID), jobTopic{})
		switch {
		case inc.Drill && fromChannel != "":
			// A drill is not announced; the sandbox it was started from is
			// told where it runs.
			q.add(channelQueue(fromChannel), jobPost{Channel: fromChannel, Text: b.text("slack.drill_started",
				workflow.Args{"ref": inc.Ref(), "title": inc.Title, "who": mention(req.Actor.User)})})
		case b.announce != "" && !inc.Drill:
			q.add(channelQueue(b.announce), jobPost{Channel: b.announce, Text: b.announcement(inc, req.Actor)})
		}
		return q.err
	}
	if len(r.Events) == 0 {
		return nil
	}
	// Everyone in the incident channel sees what changed, and who changed it.
	// A phase change (close among them) also publishes the timeline's head:
	// a copy of it outside the database, which a rewrite of the database
	// cannot reach (incidentbot verify --head checks it).
	text := b.text("slack.changed", workflow.Args{"who": mention(req.Actor.User), "what": r.Lines})
	if phaseChanged(r.Events) && !inc.Head.IsZero() {
		text += "\n" + b.text("slack.head", workflow.Args{"seq": inc.Seq, "hash": inc.Head.String(), "ref": inc.Ref()})
	}
	q.add(incidentQueue(inc.ID), jobPost{Text: text})
	var invite []string
	for _, e := range r.Events {
		if e.Kind == workflow.EventRoleAssigned && e.Subject != "" && isSlackUser(e.Subject) {
			invite = append(invite, e.Subject)
		}
	}
	if len(invite) > 0 {
		q.add(incidentQueue(inc.ID), jobInvite{Users: invite})
	}
	q.add(incidentQueue(inc.ID), jobCard{})
	if topicChanged(r.Events) {
		q.add(incidentQueue(inc.ID), jobTopic{})
	}
	for _, j := range reportsDue(r.Events) {
		q.add(incidentQueue(inc.ID), j)
	}
	return q.err
}

// isSlackUser tells a Slack user id from a name typed as @name, which cannot
// be invited.
func isSlackUser(id string) bool { return isSlackID(id, "UW") }

// phaseChanged reports whether the events move the incident's phase.
func phaseChanged(events []workflow.Event) bool {
	for _, e := range events {
		if e.Kind == workflow.EventPhaseChanged {
			return true
		}
	}
	return false
}

// topicChanged reports whether the channel topic (severity · phase ·
// commander) needs rewriting.
func topicChanged(events []workflow.Event) bool {
	for _, e := range events {
		switch e.Kind {
		case workflow.EventSeverityChanged, workflow.EventPhaseChanged:
			return true
		case workflow.EventRoleAssigned:
			if p, err := e.Payload(); err == nil {
				if ra, ok := p.(workflow.RoleAssigned); ok && ra.Role == workflow.RoleCommander {
					return true
				}
			}
		}
	}
	return false
}

// announcement is the post in the announce channel. A private incident's
// title stays out of it.
func (b *Bot) announcement(inc *workflow.Incident, by workflow.Actor) string {
	args := workflow.Args{"ref": inc.Ref(), "title": inc.Title, "severity": b.scale.Level(inc.Severity), "who": mention(by.User)}
	if inc.Private {
		return b.text("slack.announce_private", args)
	}
	return b.text("slack.announce", args)
}

// mention mentions a Slack user; anyone else (a console name) is shown as
// @name, escaped.
func mention(user string) markup {
	if isSlackUser(user) {
		return markup("<@" + user + ">")
	}
	return escaped("@" + user)
}

// Queues: one per incident for everything in its channel, so channel creation
// comes before the card and posts; one per other channel; replies to a
// response_url each on their own.
func incidentQueue(id workflow.ID) string { return "slack:incident:" + id.String() }
func channelQueue(ch string) string       { return "slack:channel:" + ch }
func respondQueue() string                { return "slack:respond:" + uuid.NewString() }
func captureQueue(ch string) string       { return "slack:capture:" + ch }

// queue collects outbox items for one transaction, keeping the first error.
type queue struct {
	tx       workflow.Tx
	now      time.Time
	incident workflow.ID
	err      error
}

func (q *queue) add(queueName string, j job) {
	if q.err != nil {
		return
	}
	body, err := encodeJob(j)
	if err != nil {
		q.err = err
		return
	}
	o, err := workflow.NewOutgoing(q.tx.NewID, q.incident, queueName, j.kind(), body, q.now)
	if err != nil {
		q.err = err
		return
	}
	if err := q.tx.Enqueue(o); err != nil {
		q.err = fmt.Errorf("queue %s: %w", j.kind(), err)
	}
}
