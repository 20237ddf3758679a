package main

import (
	"context"
	"log/slog"
	"time"

	"incidentbot/bot/slackbot"
	"incidentbot/config"
	wiring "incidentbot/internal/app"
	"incidentbot/workflow"
)

// The smoke harness (smoke_test.go) drives the bot as internal/app wires it,
// under the names it had when the wiring lived in this package.

// app is the wired bot, with the parts the harness reaches for.
type app struct {
	*wiring.App
	svc *workflow.Service
	bot *slackbot.Bot
}

func newApp(cfg *config.Config, lang workflow.Lang, store workflow.Store, log *slog.Logger, now func() time.Time) (*app, error) {
	a, err := wiring.New(cfg, lang, store, log, now)
	if err != nil {
		return nil, err
	}
	return &app{App: a, svc: a.Service, bot: a.Bot}, nil
}

func (a *app) runWorkers(ctx context.Context) { a.RunWorkers(ctx) }
