package main

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

	slackbot "incidentbot/bot/slack"
	"incidentbot/config"
	"incidentbot/paging"
	"incidentbot/runbooks"
	"incidentbot/workflow"
)

// timerEvery is how often the timer loop looks for due escalation steps,
// reminders and drill injects. A step is at most this late (a drill at
// --speed 600 runs 2.5 drill-minutes between looks).
const timerEvery = 250 * time.Millisecond

// newService is the workflow service as every subcommand uses it: the
// configured scale (with each level's policy), escalation, authority, the
// runbooks and drill scenarios (embedded, plus [runbooks] dir) and the drill
// sandboxes.
func newService(cfg *config.Config, store workflow.Store, log *slog.Logger, now func() time.Time) (*workflow.Service, error) {
	set, err := runbooks.Load(cfg.Runbooks.Dir, cfg.Scale())
	if err != nil {
		return nil, err
	}
	return workflow.NewService(workflow.Options{Store: store, Now: now, Location: cfg.Location, Logger: log,
		Scale: cfg.Scale(), Escalation: cfg.Escalation(), Authority: cfg.Authority(),
		Library: set.Library(), Sandboxes: cfg.Drills.SandboxChannels}), nil
}

// app is the bot as serve runs it: the service, the Slack adapter and the
// pager as its notifiers, their outbox workers and the timer loop. Tests
// build it with a fake clock and fake far ends (the smoke harness).
type app struct {
	svc     *workflow.Service
	bot     *slackbot.Bot
	pager   *paging.Pager // nil when no pager is configured
	api     *slack.Client
	ready   *slackbot.Readiness
	reg     *prometheus.Registry
	metrics *slackbot.Metrics
	log     *slog.Logger
}

// newApp wires the parts. now is the clock of the service and its timers
// (time.Now in serve).
func newApp(cfg *config.Config, lang workflow.Lang, store workflow.Store, log *slog.Logger, now func() time.Time) (*app, error) {
	a := &app{log: log, ready: &slackbot.Readiness{}, reg: prometheus.NewRegistry()}
	a.ready.SetReady(false, "starting")
	a.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.metrics = slackbot.NewMetrics(a.reg)
	var err error
	if a.svc, err = newService(cfg, store, log, now); err != nil {
		return nil, err
	}

	s := cfg.Slack
	apiOpts := []slack.Option{slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second})}
	if s.APIURL != "" {
		apiOpts = append(apiOpts, slack.OptionAPIURL(s.APIURL))
	}
	if s.AppToken != "" {
		apiOpts = append(apiOpts, slack.OptionAppLevelToken(string(s.AppToken)))
	}
	a.api = slack.New(string(s.BotToken), apiOpts...)
	a.bot, err = slackbot.New(slackbot.Options{Service: a.svc, Store: store, API: a.api, Lang: lang, Loc: cfg.Location,
		AnnounceChannel: s.AnnounceChannel, AllowedTeams: s.AllowedTeamIDs, PinReaction: s.PinReaction,
		Logger: log, Metrics: a.metrics, Now: now})
	if err != nil {
		return nil, err
	}
	a.svc.AddNotifier(a.bot)

	if p := cfg.Paging; p.Configured() {
		o := paging.Options{Store: store, Logger: log, Now: now, Lang: lang, Scale: cfg.Scale(),
			HTTPClient: &http.Client{Timeout: 30 * time.Second},
			OnFailure: func(ctx context.Context, incident workflow.ID, what, err string) {
				if rerr := a.svc.RecordDelivery(ctx, incident, workflow.DeliveryFailed{What: what, Error: err}); rerr != nil {
					log.Error("record a paging failure", "incident", incident.String(), "err", rerr)
				}
			},
			OnDelivered: func(ctx context.Context, incident workflow.ID, what string) {
				if rerr := a.svc.RecordDelivered(ctx, incident, what); rerr != nil {
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
		if a.pager, err = paging.New(o); err != nil {
			return nil, fmt.Errorf("paging: %w", err)
		}
		a.svc.AddNotifier(a.pager)
	}
	return a, nil
}

// runWorkers runs the outbox workers and the timer loop until ctx ends, and
// returns when all have stopped.
func (a *app) runWorkers(ctx context.Context) {
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
	run("slack outbox", a.bot.Deliver)
	if a.pager != nil {
		run("paging outbox", a.pager.Deliver)
	}
	run("timers", func(ctx context.Context) error { return a.svc.RunTimers(ctx, timerEvery) })
	wg.Wait()
}
