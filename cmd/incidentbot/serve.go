package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	// Imported as wiring: "app" is the smoke harness's name for the wired bot.
	wiring "incidentbot/internal/app"
)

// serveLogger logs JSON lines to standard error: info and up, debug with
// -v.
func serveLogger(m *Main, o *options) *slog.Logger {
	level := slog.LevelInfo
	if o.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(m.Stderr, wiring.LogOptions(level)))
}

// serve runs the bot against Slack: Socket Mode or HTTP (from the config),
// the outbox worker, and /healthz, /readyz and /metrics on [http] listen. The
// wiring is internal/app's.
func (m *Main) serve(ctx context.Context, args []string) error {
	o := options{serve: true}
	fs := o.flagSet("serve", withStore)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q: serve takes only flags", pos[0])
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	s := e.cfg.Slack
	if s.BotToken == "" {
		return fmt.Errorf("no bot token: set SLACK_BOT_TOKEN (or [slack] bot_token); see the README, \"Running in Slack\"")
	}
	switch {
	case s.Mode == "socket" && s.AppToken == "":
		return fmt.Errorf("Socket Mode needs an app-level token: set SLACK_APP_TOKEN (or [slack] app_token), or use [slack] mode = \"http\"")
	case s.Mode == "http" && s.SigningSecret == "":
		return fmt.Errorf("HTTP mode needs the signing secret: set SLACK_SIGNING_SECRET (or [slack] signing_secret)")
	}
	log := e.log
	for _, n := range e.cfg.Notes() {
		log.Warn("configuration note", "note", n.String())
	}

	db, err := e.openStore(ctx, wiring.Exclusive)
	if err != nil {
		return err
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}()
	a, err := wiring.New(e.cfg, e.lang, db, log, time.Now)
	if err != nil {
		return err
	}
	h, err := a.Handler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s ([http] listen): %w", e.cfg.HTTP.Listen, err)
	}
	log.Info("serving", "mode", s.Mode, "listen", ln.Addr().String(), "db", e.storage.Path, "config", e.cfg)
	return a.Serve(ctx, ln, h)
}
