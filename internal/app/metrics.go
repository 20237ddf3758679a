package app

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"incidentbot/storage/postgres"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// The operators' metrics beside the Slack adapter's (slackbot.Metrics): what
// the commands did, how the store's writer keeps up, what the outbox holds,
// the open incidents and the escalation steps. Every label is bounded: verbs,
// outcomes, queue kinds, severities and notice kinds are fixed sets; no label
// carries an incident, a channel or a user.

// Command outcomes (label "outcome" of incidentbot_commands_total).
const (
	outcomeOK        = "ok"        // applied or answered
	outcomeDuplicate = "duplicate" // a redelivery, answered without a second effect
	outcomeRefused   = "refused"   // the user's mistake or situation: their message
	outcomeBusy      = "busy"      // the store could not take it in time: "try again"
	outcomeError     = "error"     // ours: the internal-error reply
)

// unknownVerb labels commands whose first word is no subcommand.
const unknownVerb = "unknown"

// Queue kinds (label "queue" of the outbox metrics): what delivers a queue's
// items, from its name's prefix (slackbot and paging name their queues).
const (
	queueSlack     = "slack"     // slack:… posts, cards, topics, channels
	queueDM        = "dm"        // slack:dm:… direct messages
	queuePagerDuty = "pagerduty" // paging:pagerduty:…
	queueWebhook   = "webhook"   // paging:webhook:…
	queueOther     = "other"
)

// queueKind is the kind of an outbox queue, by its name.
func queueKind(queue string) string {
	switch {
	case strings.HasPrefix(queue, "slack:dm:"):
		return queueDM
	case strings.HasPrefix(queue, "slack:"):
		return queueSlack
	case strings.HasPrefix(queue, "paging:pagerduty:"):
		return queuePagerDuty
	case strings.HasPrefix(queue, "paging:webhook:"):
		return queueWebhook
	}
	return queueOther
}

// batchSizes resolve one command alone and the batches of a busy minute.
var batchSizes = []float64{1, 2, 4, 8, 16, 32, 64, 128, 256}

// commandSeconds resolve Slack's 3-second budget as the adapter's ack
// buckets do.
var commandSeconds = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5}

// opsMetrics are the metrics registered by registerOps.
type opsMetrics struct {
	commands *prometheus.CounterVec
	took     prometheus.Histogram
	steps    *prometheus.CounterVec
}

// Executed implements workflow.CommandObserver.
func (m *opsMetrics) Executed(verb workflow.Verb, took time.Duration, r workflow.Reply, err error) {
	v := string(verb)
	if v == "" {
		v = unknownVerb
	}
	m.commands.WithLabelValues(v, commandOutcome(r, err)).Inc()
	m.took.Observe(took.Seconds())
}

func commandOutcome(r workflow.Reply, err error) string {
	switch {
	case err == nil && r.Duplicate:
		return outcomeDuplicate
	case err == nil:
		return outcomeOK
	case errors.Is(err, workflow.ErrBusy):
		return outcomeBusy
	}
	if _, ok := workflow.UserMessageOf(err); ok {
		return outcomeRefused
	}
	return outcomeError
}

// stepKinds are the notices that are escalation steps: someone paged or
// informed, a chain run out, a duty reminded.
var stepKinds = []workflow.NoticeKind{workflow.NoticePage, workflow.NoticeInform, workflow.NoticeExhausted, workflow.NoticeReminder}

// Notify implements workflow.Notifier: it counts the escalation steps, once
// the transaction that takes them has committed (a store that cannot say
// when, counts at once).
func (m *opsMetrics) Notify(tx workflow.Tx, n workflow.Notice) error {
	for _, k := range stepKinds {
		if n.Kind != k {
			continue
		}
		inc := m.steps.WithLabelValues(string(k)).Inc
		if ac, ok := tx.(interface{ AfterCommit(func()) }); ok {
			ac.AfterCommit(inc)
		} else {
			inc()
		}
	}
	return nil
}

// registerOps registers the operators' metrics on reg and hooks them to the
// service and the store. The store's writer and outbox metrics need the
// SQLite store's own methods (a store without them goes without).
func registerOps(reg prometheus.Registerer, svc *workflow.Service, store workflow.Store, scale workflow.Scale, log *slog.Logger) {
	m := &opsMetrics{
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_commands_total",
			Help: "/incident commands handled, by verb and outcome (ok, duplicate, refused, busy, error).",
		}, []string{"verb", "outcome"}),
		took: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "incidentbot_command_seconds",
			Help:    "Time to handle one /incident command, commit included: what the ack waits for, in HTTP and Socket Mode alike.",
			Buckets: commandSeconds,
		}),
		steps: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "incidentbot_escalation_steps_total",
			Help: "Escalation steps committed, by kind: page (a person on a chain), inform, exhausted (a chain ran out), reminder.",
		}, []string{"kind"}),
	}
	reg.MustRegister(m.commands, m.took, m.steps)
	for _, v := range workflow.Verbs {
		for _, o := range []string{outcomeOK, outcomeBusy} {
			m.commands.WithLabelValues(string(v), o)
		}
	}
	for _, k := range stepKinds {
		m.steps.WithLabelValues(string(k))
	}
	svc.Observe(m)
	svc.AddNotifier(m)
	reg.MustRegister(&openIncidents{store: store, scale: scale, log: log,
		desc: prometheus.NewDesc("incidentbot_open_incidents", "Incidents not closed, by severity, real and drills apart.", []string{"severity", "drill"}, nil)})

	items := prometheus.NewDesc("incidentbot_outbox_pending", "Outbox items not yet delivered, by queue kind (slack, dm, pagerduty, webhook).", []string{"queue"}, nil)
	oldest := prometheus.NewDesc("incidentbot_outbox_oldest_seconds", "Age of the oldest undelivered outbox item, by queue kind; 0 when none waits.", []string{"queue"}, nil)
	if pg, ok := store.(*postgres.DB); ok {
		// Several replicas write through pools of their own: no single
		// writer's queue or batches to show, but the shared outbox.
		reg.MustRegister(&outboxBacklog{backlog: func(ctx context.Context) ([]sqlite.QueueBacklog, error) {
			qs, err := pg.OutboxBacklog(ctx)
			out := make([]sqlite.QueueBacklog, len(qs))
			for i, q := range qs {
				out[i] = sqlite.QueueBacklog(q)
			}
			return out, err
		}, log: log, items: items, oldest: oldest})
		return
	}
	db, ok := store.(*sqlite.DB)
	if !ok {
		return
	}
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "incidentbot_store_write_queue",
		Help: "Store updates (commands, delivery outcomes, timers) waiting for the single writer.",
	}, func() float64 { return float64(db.WriteQueue()) }))
	size := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "incidentbot_store_batch_size",
		Help:    "Store updates committed together in one transaction (group commit).",
		Buckets: batchSizes,
	})
	batch := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "incidentbot_store_batch_seconds",
		Help:    "Time of one group-commit transaction, from BEGIN to the end of COMMIT (the sync to disk).",
		Buckets: commandSeconds,
	})
	reg.MustRegister(size, batch)
	db.ObserveBatches(func(n int, took time.Duration) {
		size.Observe(float64(n))
		batch.Observe(took.Seconds())
	})
	reg.MustRegister(&outboxBacklog{backlog: db.OutboxBacklog, log: log, items: items, oldest: oldest})
}

// scrapeTimeout bounds the store reads of one scrape.
const scrapeTimeout = 5 * time.Second

// openIncidents reads the open incidents at each scrape, on the store's read
// side.
type openIncidents struct {
	store workflow.Store
	scale workflow.Scale
	log   *slog.Logger
	desc  *prometheus.Desc
}

func (c *openIncidents) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *openIncidents) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	type key struct {
		severity string
		drill    bool
	}
	n := map[key]int{}
	for _, lv := range c.scale.Levels {
		n[key{string(lv.Key), false}], n[key{string(lv.Key), true}] = 0, 0
	}
	err := c.store.View(ctx, func(tx workflow.ReadTx) error {
		open, err := tx.Incidents(workflow.Filter{OpenOnly: true})
		for _, inc := range open {
			n[key{string(inc.Severity), inc.Drill}]++
		}
		return err
	})
	if err != nil {
		c.log.Warn("metrics: read open incidents", "err", err)
		return
	}
	for k, v := range n {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, float64(v), k.severity, boolLabel(k.drill))
	}
}

func boolLabel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// outboxBacklog reads what the outbox holds at each scrape, on the store's
// read pool, grouped by queue kind.
type outboxBacklog struct {
	backlog       func(context.Context) ([]sqlite.QueueBacklog, error)
	log           *slog.Logger
	items, oldest *prometheus.Desc
	now           func() time.Time // nil: time.Now
}

func (c *outboxBacklog) Describe(ch chan<- *prometheus.Desc) { ch <- c.items; ch <- c.oldest }

func (c *outboxBacklog) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	queues, err := c.backlog(ctx)
	if err != nil {
		c.log.Warn("metrics: read the outbox backlog", "err", err)
		return
	}
	now := time.Now()
	if c.now != nil {
		now = c.now()
	}
	items := map[string]int{queueSlack: 0, queueDM: 0, queuePagerDuty: 0, queueWebhook: 0}
	oldest := map[string]time.Time{}
	for _, q := range queues {
		k := queueKind(q.Queue)
		items[k] += q.Items
		if o, ok := oldest[k]; !ok || q.Oldest.Before(o) {
			oldest[k] = q.Oldest
		}
	}
	for k, n := range items {
		age := 0.0
		if o, ok := oldest[k]; ok {
			age = max(0, now.Sub(o).Seconds())
		}
		ch <- prometheus.MustNewConstMetric(c.items, prometheus.GaugeValue, float64(n), k)
		ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, age, k)
	}
}
