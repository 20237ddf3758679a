package main

import (
	"context"
	"log/slog"
	"net"
	"time"

	// Imported as wiring: "app" is the smoke harness's name for the wired bot.
	wiring "incidentbot/internal/app"
	"incidentbot/workflow"
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
		return mistake("usage.serve_argument", workflow.Args{"arg": quoted(pos[0])})
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	s := e.cfg.Slack
	refuse := func(key workflow.MsgKey, args workflow.Args, cause error) error {
		return &langError{text: checkMessages.Render(e.lang, workflow.M(key, args)), err: cause}
	}
	switch {
	case s.BotToken == "":
		return refuse("serve.no_bot_token", nil, nil)
	case s.Mode == "socket" && s.AppToken == "":
		return refuse("serve.no_app_token", nil, nil)
	case s.Mode == "http" && s.SigningSecret == "":
		return refuse("serve.no_signing_secret", nil, nil)
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
		return inLang(e.lang, err)
	}
	h, err := a.Handler()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", e.cfg.HTTP.Listen)
	if err != nil {
		return refuse("serve.listen", workflow.Args{"addr": e.cfg.HTTP.Listen, "detail": err.Error()}, err)
	}
	log.Info("serving", "mode", s.Mode, "listen", ln.Addr().String(), "db", e.storage.Name(), "config", e.cfg)
	return a.Serve(ctx, ln, h)
}
