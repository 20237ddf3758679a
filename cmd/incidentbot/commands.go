package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"incidentbot/bot/console"
	"incidentbot/config"
	wiring "incidentbot/internal/app"
	"incidentbot/runbooks"
	"incidentbot/workflow"
	"incidentbot/workflow/report"
)

func (m *Main) console(ctx context.Context, args []string) error {
	var o options
	fs := o.flagSet("console", withStore|withLang|withAs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return mistake("usage.console_argument", workflow.Args{"arg": quoted(pos[0])})
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	if o.as == "" {
		o.as = m.defaultAs()
	}
	svc, closeDB, err := e.open(ctx, wiring.Exclusive)
	if err != nil {
		return err
	}
	defer closeDB()
	c := &console.Console{
		Service: svc, In: m.Stdin, Out: m.Stdout, Notice: m.Stderr, Log: e.log,
		Lang: e.lang, As: strings.TrimPrefix(o.as, "@"), Interactive: m.StdinIsTerminal(),
		Location: e.cfg.Location, DB: e.storage.Name(),
	}
	if c.Interactive && m.Terminal != nil {
		if ed, closeEd := m.Terminal(); ed != nil {
			c.Editor = ed
			defer func() { _ = closeEd() }()
		}
	}
	// The console shows notices (whom a real incident would page) and what a
	// drill's clock does, as they happen; escalation steps, reminders and
	// injects come due while it runs.
	svc.AddNotifier(c)
	timers, stopTimers := context.WithCancel(ctx)
	timersDone := make(chan struct{})
	go func() { defer close(timersDone); _ = svc.RunTimers(timers, wiring.TimerEvery) }()
	defer func() { stopTimers(); <-timersDone }()
	return c.Run(ctx)
}

func (m *Main) export(ctx context.Context, args []string) error {
	var o options
	fs := o.flagSet("export", withStore|withLang|withAs)
	o.exportFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ref, err := oneRef(pos)
	if err != nil {
		return err
	}
	format, ok := report.ParseFormat(o.format)
	if !ok {
		return mistake("usage.export_format", workflow.Args{"value": quoted(o.format)})
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	if o.as == "" {
		o.as = m.defaultAs()
	}
	svc, closeDB, err := e.open(ctx, wiring.ReadOnly)
	if err != nil {
		return err
	}
	defer closeDB()
	defer lessGC()()
	out, finish := io.Writer(m.Stdout), func() error { return nil }
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
		out, finish = f, f.Close
	}
	// The report is written as the timeline is read, page by page, inside
	// one read transaction: a long incident needs no more memory.
	var written *workflow.Incident
	err = svc.ReadTimeline(ctx, workflow.ConsoleActor(strings.TrimPrefix(o.as, "@")), ref, func(inc *workflow.Incident, events workflow.EventSource) error {
		written = inc
		err := report.Write(out, format, inc, events, report.Options{Lang: e.lang, Location: e.cfg.Location, Scale: e.cfg.Scale()})
		if err != nil {
			return fmt.Errorf("write the report of %s: %w", inc.Ref(), err)
		}
		return nil
	})
	if cerr := finish(); err == nil && cerr != nil {
		err = fmt.Errorf("write the report: %w", cerr)
	}
	if err != nil {
		if o.out != "" {
			_ = os.Remove(o.out) // half a report is no report
		}
		return m.userError("export", e.lang, err)
	}
	if o.out != "" {
		wrote(m.Stderr, e.lang, "wrote.report", workflow.Args{"ref": written.Ref(), "file": o.out})
	}
	return nil
}

func (m *Main) verify(ctx context.Context, args []string) error {
	var o options
	fs := o.flagSet("verify", withStore)
	o.verifyFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ref, err := oneRef(pos)
	if err != nil {
		return err
	}
	anchor := ""
	if o.head != "" {
		if anchor, err = workflow.ParseAnchor(o.head); err != nil {
			return mistake("usage.head", workflow.Args{"value": quoted(o.head), "digits": workflow.MinAnchor})
		}
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	svc, closeDB, err := e.open(ctx, wiring.ReadOnly)
	if err != nil {
		return err
	}
	defer closeDB()
	defer lessGC()()
	var n int
	var head workflow.Hash
	var at workflow.Event
	if anchor == "" {
		_, n, head, err = svc.Verify(ctx, ref)
	} else {
		_, n, head, at, err = svc.VerifyAnchor(ctx, ref, anchor)
	}
	var ce *workflow.ChainError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintf(m.Stdout, "broken: event %d: %s\n", ce.Seq, ce.Reason)
		return &exitError{code: exitFailure}
	case err != nil:
		return m.userError("verify", e.lang, err)
	}
	fmt.Fprintf(m.Stdout, "ok: %d events, head %s\n", n, head)
	if anchor != "" {
		fmt.Fprintf(m.Stdout, "published head: event %d, %s (%s)\n", at.Seq, at.Hash, at.Kind)
	}
	return nil
}

// lessGC lets the garbage collector wait longer while a command reads a
// timeline: the command ends soon, what it holds at a time is small (the
// timeline is read in pages), and collecting after every few megabytes of
// rows read and let go costs a good part of its time. A soft limit keeps
// the waiting from growing the process past a few tens of megabytes on a
// long timeline. The function it returns restores both settings (tests run
// commands in one process).
func lessGC() func() {
	old := debug.SetGCPercent(400)
	oldLimit := debug.SetMemoryLimit(48 << 20)
	return func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(oldLimit)
	}
}

func (m *Main) stats(ctx context.Context, args []string) error {
	var o options
	fs := o.flagSet("stats", withStore|withLang)
	o.statsFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return mistake("usage.stats_argument", workflow.Args{"arg": quoted(pos[0])})
	}
	format, ok := report.ParseStatsFormat(o.format)
	if !ok {
		return mistake("usage.stats_format", workflow.Args{"value": quoted(o.format)})
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	day := func(flag, value string) (time.Time, error) {
		t, err := time.ParseInLocation(time.DateOnly, value, e.cfg.Location)
		if err != nil {
			return t, mistake("usage.date", workflow.Args{"flag": flag, "value": quoted(value)})
		}
		return t, nil
	}
	var since, until time.Time
	if o.since != "" {
		if since, err = day("since", o.since); err != nil {
			return err
		}
	}
	if o.until != "" {
		if until, err = day("until", o.until); err != nil {
			return err
		}
		until = until.AddDate(0, 0, 1) // the whole day counts
	}
	if !since.IsZero() && !until.IsZero() && !until.After(since) {
		return mistake("usage.until_before_since", workflow.Args{"until": o.until, "since": o.since})
	}
	svc, closeDB, err := e.open(ctx, wiring.ReadOnly)
	if err != nil {
		return err
	}
	defer closeDB()
	var facts []report.Facts
	err = svc.Timelines(ctx, workflow.Filter{Since: since}, func(inc *workflow.Incident, events workflow.EventSource) error {
		if !until.IsZero() && !inc.OpenedAt.Before(until) {
			return nil
		}
		f, err := report.ReadFacts(inc, events)
		facts = append(facts, f)
		return err
	})
	if err != nil {
		return fmt.Errorf("read incidents: %w", err)
	}
	s := report.ComputeStats(facts, since, until, e.cfg.Location)
	s.Scale = e.cfg.Scale()
	out, finish := io.Writer(m.Stdout), func() error { return nil }
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			return fmt.Errorf("write the statistics: %w", err)
		}
		out, finish = f, f.Close
	}
	err = s.Write(out, format, e.lang)
	if cerr := finish(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the statistics: %w", err)
	}
	if o.out != "" {
		wrote(m.Stderr, e.lang, "wrote.stats", workflow.Args{"file": o.out})
	}
	return nil
}

func (m *Main) check(_ context.Context, args []string) error {
	var o options
	fs := o.flagSet("check", withLang)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return mistake("usage.check_argument", workflow.Args{"arg": quoted(pos[0])})
	}
	if o.config == "" {
		return mistake("usage.check_no_config", nil)
	}
	lang := workflow.English
	if o.lang != "" {
		if lang, err = workflow.ParseLang(o.lang); err != nil {
			return mistake("usage.lang", workflow.Args{"value": quoted(o.lang)})
		}
	} else {
		lang = peekLanguage(o.config)
	}
	text := func(key workflow.MsgKey, args workflow.Args) string {
		return checkMessages.Render(lang, workflow.M(key, args))
	}
	failed := func(err error) error {
		count := 1
		var errs config.Errors
		if errors.As(err, &errs) {
			count = len(errs)
		}
		shown := err.Error()
		if errs != nil {
			shown = errs.In(lang == workflow.Japanese)
		}
		fmt.Fprintf(m.Stderr, "%s\n%s\n", text("check.failed", workflow.Args{"file": o.config, "count": count}), shown)
		return &exitError{code: exitFailure}
	}
	cfg, err := config.LoadEnv(o.config, m.Getenv)
	if err != nil {
		return failed(err)
	}
	if o.lang == "" {
		lang = cfg.Lang()
	}
	ledger := cfg.Ledger()
	set, err := runbooks.LoadWith(runbooks.Options{Dir: cfg.Runbooks.Dir, Scale: cfg.Scale(), Vendors: ledger.Vendors})
	if err != nil {
		return failed(err)
	}
	zone := cfg.ZoneNote().Localize(lang)
	var b strings.Builder
	b.WriteString(text("check.ok", workflow.Args{"file": o.config, "lang": cfg.Language, "zone": zone, "mode": cfg.Slack.Mode,
		"db": cfg.Storage.Name(), "levels": strings.Join(cfg.Scale().Keys(), "/"),
		"runbooks": len(set.RunbookNames()), "scenarios": len(set.ScenarioNames())}) + "\n")
	if !ledger.IsZero() {
		b.WriteString(text("check.ledger", workflow.Args{"vendors": len(ledger.Vendors), "rows": len(ledger.Matrix),
			"components": len(ledger.Components()), "assets": len(ledger.Assets)}) + "\n")
	}
	b.WriteString(text("check.secrets", nil) + "\n")
	for _, s := range cfg.Secrets() {
		state := workflow.MsgKey("check.secret.unset")
		switch {
		case s.Set && s.FromEnv:
			state = "check.secret.set_env"
		case s.Set:
			state = "check.secret.set"
		case s.Env == config.EnvBotToken:
			state = "check.secret.needed"
		case s.Env == config.EnvAppToken && cfg.Slack.Mode == "socket":
			state = "check.secret.needed_socket"
		case s.Env == config.EnvSigningSecret && cfg.Slack.Mode == "http":
			state = "check.secret.needed_http"
		}
		b.WriteString(text("check.secret", workflow.Args{"key": s.Key, "env": s.Env, "state": text(state, nil)}) + "\n")
	}
	for _, n := range cfg.Notes() {
		b.WriteString(text("check.note", workflow.Args{"note": config.Messages().Render(lang, n.Msg())}) + "\n")
	}
	for _, n := range set.Notes() {
		b.WriteString(text("check.note", workflow.Args{"note": runbooks.Messages().Render(lang, n.Msg())}) + "\n")
	}
	_, err = io.WriteString(m.Stdout, b.String())
	return err
}

// peekLanguage reads the language key of a configuration file that may not
// load, so `check` (and every command refusing it) can report its problems
// in that language: English when there is no file, it cannot be read or it
// names no language incidentbot speaks.
func peekLanguage(file string) workflow.Lang {
	if file == "" {
		return workflow.English
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return workflow.English
	}
	var top struct {
		Language string `toml:"language"`
	}
	// Lenient on purpose: the strict load reports what is wrong.
	_ = toml.Unmarshal(data, &top)
	if l, err := workflow.ParseLang(top.Language); err == nil {
		return l
	}
	return workflow.English
}

func (m *Main) help(_ context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(m.Stdout, usage())
		return nil
	}
	c, ok := lookup(args[0])
	if !ok {
		return mistake("usage.unknown_command", workflow.Args{"command": quoted(args[0])})
	}
	fmt.Fprint(m.Stdout, commandUsage(c))
	return nil
}

// oneRef reads the single incident ID among the positional arguments.
func oneRef(pos []string) (workflow.Ref, error) {
	switch len(pos) {
	case 0:
		return workflow.Ref{}, mistake("usage.no_ref", nil)
	case 1:
	default:
		return workflow.Ref{}, mistake("usage.refs", workflow.Args{"refs": strings.Join(pos, " ")})
	}
	ref, err := workflow.ParseRef(pos[0])
	if err != nil {
		return workflow.Ref{}, mistake("usage.bad_ref", workflow.Args{"value": quoted(strings.TrimSpace(pos[0]))})
	}
	return ref, nil
}
