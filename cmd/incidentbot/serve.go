package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	slackbot "incidentbot/bot/slack"
	"incidentbot/storage/sqlite"
)

// serveLogger logs JSON lines to standard error: info and up, debug with
// -v.
func serveLogger(m *Main, o *options) *slog.Logger {
	level := slog.LevelInfo
	if o.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(m.Stderr, &slog.HandlerOptions{Level: level}))
}

// shutdownGrace bounds the wait for in-flight HTTP requests on shutdown.
const shutdownGrace = 5 * time.Second

// serve runs the bot against Slack: Socket Mode or HTTP (from the config),
// the outbox worker, and /healthz, /readyz and /metrics on [http] listen.
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
		log.Warn("configuration note", "note", n)
	}

	db, err := sqlite.Open(ctx, e.db)
	if err != nil {
		return fmt.Errorf("open database %s: %w", e.db, err)
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}()
	a, err := newApp(e.cfg, e.lang, db, log, time.Now)
	if err != nil {
		return err
	}
	bot, ready := a.bot, a.ready

	mux := http.NewServeMux()
	health := slackbot.HealthHandler(ready, a.reg)
	mux.Handle("/healthz", health)
	mux.Handle("/readyz", health)
	mux.Handle("/metrics", health)
	if s.Mode == "http" {
		h, err := slackbot.NewHTTPHandler(bot, slackbot.HTTPOptions{SigningSecret: string(s.SigningSecret), Log: log, Metrics: a.metrics})
		if err != nil {
			return err
		}
		mux.Handle("/slack/", h)
	}
	ln, err := net.Listen("tcp", e.cfg.HTTP.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s ([http] listen): %w", e.cfg.HTTP.Listen, err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Info("serving", "mode", s.Mode, "listen", ln.Addr().String(), "db", e.db, "config", e.cfg)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 3)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("http server: %w", err)
		}
	}()
	workerDone := make(chan struct{})
	go func() {
		defer close(workerDone)
		a.runWorkers(ctx)
	}()
	socketDone := make(chan struct{})
	if s.Mode == "socket" {
		sock := slackbot.NewSocket(bot, a.api, ready, log, slackbot.SocketOptions{})
		go func() {
			// Run returns once its in-flight handlers are done, so the
			// database stays open for them (see below).
			defer close(socketDone)
			if err := sock.Run(ctx); err != nil && ctx.Err() == nil {
				errc <- fmt.Errorf("socket mode: %w", err)
			}
		}()
	} else {
		close(socketDone)
		ready.SetReady(true, "serving")
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	ready.SetReady(false, "shutting down")
	cancel()
	shutdown, done := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer done()
	if err := srv.Shutdown(shutdown); err != nil {
		log.Warn("http shutdown", "err", err)
	}
	<-workerDone
	<-socketDone
	log.Info("stopped")
	return runErr
}
