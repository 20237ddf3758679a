// Package app wires incidentbot's parts into the running bot: the workflow
// service on a store, configured; the Slack adapter and the pager as its
// notifiers; their outbox workers and the timer loop; the HTTP endpoints
// (Slack's requests, health, metrics) and Socket Mode. It is the one package
// that knows every other. The subcommands of cmd/incidentbot and the load
// tool cmd/slackload build the bot here, so they run the same wiring.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/config"
	"incidentbot/paging"
	"incidentbot/runbooks"
	"incidentbot/workflow"
)

// TimerEvery is how often the timer loop looks for due escalation steps,
// reminders and drill injects. A step is at most this late (a drill at
// --speed 600 runs 2.5 drill-minutes between looks).
const TimerEvery = 250 * time.Millisecond

// NewService is the workflow service as serve and the subcommands that
// record use it (NewReader: those that only read the store): the
// configured scale (with each level's policy), escalation, authority, the
// runbooks and drill scenarios (embedded, plus [runbooks] dir) and the drill
// sandboxes, the vendors, responsibility matrix and assets. now is its clock; nil: time.Now.
func NewService(cfg *config.Config, store workflow.Store, log *slog.Logger, now func() time.Time) (*workflow.Service, error) {
	ledger := cfg.Ledger()
	set, err := runbooks.LoadWith(runbooks.Options{Dir: cfg.Runbooks.Dir, Scale: cfg.Scale(), Vendors: ledger.Vendors})
	if err != nil {
		return nil, err
	}
	// What a built-in file lost to the team's scale: serve logs it (info),
	// `check` prints it; neither stops anything.
	for _, n := range set.Notes() {
		log.Info("runbook note", "note", n.String())
	}
	o := serviceOptions(cfg, store, log, now)
	o.Library, o.Ledger = set.Library(), ledger
	return workflow.NewService(o), nil
}

// NewReader is the service as the commands that only read the store use it
// (export, verify, stats): NewService's without the runbooks and drill
// scenarios, which reading a timeline never consults. Loading them cost a
// report a few milliseconds, and a runbook file broken meanwhile would
// have stood between a team and its report.
func NewReader(cfg *config.Config, store workflow.Store, log *slog.Logger) *workflow.Service {
	o := serviceOptions(cfg, store, log, nil)
	o.Ledger = cfg.Ledger()
	return workflow.NewService(o)
}

func serviceOptions(cfg *config.Config, store workflow.Store, log *slog.Logger, now func() time.Time) workflow.Options {
	return workflow.Options{Store: store, Now: now, Location: cfg.Location, Logger: log,
		Scale: cfg.Scale(), Escalation: cfg.Escalation(), Authority: cfg.Authority(),
		Sandboxes:     cfg.Drills.SandboxChannels,
		ContactWindow: cfg.Drills.ContactWindow.Duration, DrillEvery: cfg.Drills.Rhythm()}
}

// App is the bot as serve runs it: the service, the Slack adapter and the
// pager as its notifiers, their outbox workers and the timer loop.
type App struct {
	Service  *workflow.Service
	Bot      *slackbot.Bot
	Pager    *paging.Pager // nil when no pager is configured
	API      *slack.Client
	Ready    *slackbot.Readiness
	Registry *prometheus.Registry
	Metrics  *slackbot.Metrics
	// Timeouts of the HTTP server (DefaultTimeouts when zero).
	Timeouts Timeouts

	cfg   *config.Config
	store workflow.Store
	log   *slog.Logger
}

// New wires the parts on store. now is the clock of the service and its
// timers (time.Now in serve; tests pass one they move).
func New(cfg *config.Config, lang workflow.Lang, store workflow.Store, log *slog.Logger, now func() time.Time) (*App, error) {
	a := &App{cfg: cfg, store: store, log: log, Ready: &slackbot.Readiness{}, Registry: prometheus.NewRegistry()}
	a.Ready.SetReady(false, "starting")
	a.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.Metrics = slackbot.NewMetrics(a.Registry)
	var err error
	if a.Service, err = NewService(cfg, store, log, now); err != nil {
		return nil, err
	}

	registerOps(a.Registry, a.Service, store, cfg.Scale(), log)

	s := cfg.Slack
	apiOpts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second, Transport: a.Metrics.Transport(nil)})}
	if s.APIURL != "" {
		apiOpts = append(apiOpts, slack.OptionAPIURL(s.APIURL))
	}
	if s.AppToken != "" {
		apiOpts = append(apiOpts, slack.OptionAppLevelToken(string(s.AppToken)))
	}
	a.API = slack.New(string(s.BotToken), apiOpts...)
	a.Bot, err = slackbot.New(slackbot.Options{Service: a.Service, Store: store, API: a.API, Lang: lang, Loc: cfg.Location,
		AnnounceChannel: s.AnnounceChannel, AllowedTeams: s.AllowedTeamIDs, PinReaction: s.PinReaction,
		Logger: log, Metrics: a.Metrics, Now: now, APIURL: s.APIURL,
		StoreHealth: func(err error) { a.Ready.Problem("slack outbox", storeProblem(err)) }})
	if err != nil {
		return nil, err
	}
	a.Service.AddNotifier(a.Bot)

	if p := cfg.Paging; p.Configured() {
		o := paging.Options{Store: store, Logger: log, Now: now, Lang: lang, Scale: cfg.Scale(),
			StoreHealth: func(err error) { a.Ready.Problem("paging outbox", storeProblem(err)) },
			HTTPClient:  &http.Client{Timeout: 30 * time.Second},
			OnFailure: func(ctx context.Context, incident workflow.ID, what, err string) {
				if rerr := a.Service.RecordDelivery(ctx, incident, workflow.DeliveryFailed{What: what, Error: err}); rerr != nil {
					log.Error("record a paging failure", "incident", incident.String(), "err", rerr)
				}
			},
			OnDelivered: func(ctx context.Context, incident workflow.ID, what string) {
				if rerr := a.Service.RecordDelivered(ctx, incident, what); rerr != nil {
					log.Error("record a page delivered", "incident", incident.String(), "err", rerr)
				}
			}}
		if p.PagerDuty.Enabled() {
			o.PagerDuty = &paging.PagerDutyConfig{URL: p.PagerDuty.URL, RoutingKey: string(p.PagerDuty.RoutingKey)}
		}
		if p.Webhook.Enabled() {
			o.Webhook = &paging.WebhookConfig{URL: p.Webhook.URL, Secret: string(p.Webhook.Secret),
				Timeout: p.Webhook.Timeout.Duration, Retries: p.Webhook.Retries}
		}
		if a.Pager, err = paging.New(o); err != nil {
			return nil, fmt.Errorf("paging: %w", err)
		}
		a.Service.AddNotifier(a.Pager)
	}
	return a, nil
}

// storeProblem is how /readyz names a store that cannot record deliveries
// (nil when it can).
func storeProblem(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("the database cannot record deliveries (disk full?), retrying: %w", err)
}

// RunWorkers runs the outbox workers and the timer loop until ctx ends, and
// returns when all have stopped.
func (a *App) RunWorkers(ctx context.Context) {
	var wg sync.WaitGroup
	run := func(name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("worker stopped", "worker", name, "err", err)
			}
		}()
	}
	run("slack outbox", a.Bot.Deliver)
	if a.Pager != nil {
		run("paging outbox", a.Pager.Deliver)
	}
	run("timers", func(ctx context.Context) error {
		// The period of [drills] every is watched before the loop starts
		// (a restart keeps the one pending).
		if err := a.Service.EnsureRhythm(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("drill rhythm", "err", err)
		}
		return a.Service.RunTimers(ctx, TimerEvery)
	})
	wg.Wait()
}

// Backlog counts the outbox items of every queue not yet delivered.
func (a *App) Backlog(ctx context.Context) (int, error) {
	var n int
	err := a.store.Update(ctx, func(tx workflow.Tx) error {
		var err error
		n, err = tx.PendingOutgoing("")
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count the outbox: %w", err)
	}
	return n, nil
}
