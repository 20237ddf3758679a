package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"incidentbot/bot/slackbot"
)

// ShutdownGrace bounds the wait for in-flight HTTP requests on shutdown.
const ShutdownGrace = 5 * time.Second

// Timeouts bound what a client may hold open on the HTTP server.
type Timeouts struct {
	ReadHeader time.Duration // the request's headers
	Read       time.Duration // headers and body
	Write      time.Duration // from the end of the headers to the end of the answer
	Idle       time.Duration // a kept-alive connection between requests
}

// DefaultTimeouts fit Slack's 3-second budget: a request that takes longer
// to arrive is of no use to Slack, and holding it open (unsigned, as it is
// until its body is read) only serves whoever sends it slowly. The answer
// comes within the ack timeout (2.5 s) after the body; idle connections are
// kept a minute, longer than a load balancer in front usually keeps its own.
var DefaultTimeouts = Timeouts{
	ReadHeader: 2 * time.Second,
	Read:       5 * time.Second,
	Write:      10 * time.Second,
	Idle:       60 * time.Second,
}

// Handler serves /healthz, /readyz and /metrics, and in HTTP mode
// ([slack] mode = "http") Slack's requests under /slack/.
func (a *App) Handler() (http.Handler, error) {
	mux := http.NewServeMux()
	health := slackbot.HealthHandler(a.Ready, a.Registry)
	mux.Handle("/healthz", health)
	mux.Handle("/readyz", health)
	mux.Handle("/metrics", health)
	if s := a.cfg.Slack; s.Mode == "http" {
		h, err := slackbot.NewHTTPHandler(a.Bot, slackbot.HTTPOptions{SigningSecret: string(s.SigningSecret), Log: a.log, Metrics: a.Metrics})
		if err != nil {
			return nil, err
		}
		mux.Handle("/slack/", h)
	}
	return mux, nil
}

// Serve runs the bot until ctx ends or a part fails: h (the Handler) on ln,
// the workers, and in Socket Mode the connection to Slack. It then shuts down
// in order (not ready, HTTP drained for up to ShutdownGrace, workers and
// socket handlers finished), logs "stopped" and returns the failure, if any.
// The caller closes the store after Serve returns.
func (a *App) Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	to := a.Timeouts
	if to == (Timeouts{}) {
		to = DefaultTimeouts
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: to.ReadHeader, ReadTimeout: to.Read, WriteTimeout: to.Write, IdleTimeout: to.Idle}

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
		a.RunWorkers(ctx)
	}()
	socketDone := make(chan struct{})
	if a.cfg.Slack.Mode == "socket" {
		sock := slackbot.NewSocket(a.Bot, a.API, a.Ready, a.log, slackbot.SocketOptions{})
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
		a.Ready.SetReady(true, "serving")
	}

	var runErr error
	select {
	case <-ctx.Done():
	case runErr = <-errc:
	}
	a.Ready.SetReady(false, "shutting down")
	cancel()
	shutdown, done := context.WithTimeout(context.WithoutCancel(ctx), ShutdownGrace)
	defer done()
	if err := srv.Shutdown(shutdown); err != nil {
		a.log.Warn("http shutdown", "err", err)
	}
	<-workerDone
	<-socketDone
	a.log.Info("stopped")
	return runErr
}
