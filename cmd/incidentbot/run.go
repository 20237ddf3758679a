package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"incidentbot/bot/console"
	"incidentbot/config"
	wiring "incidentbot/internal/app"
	"incidentbot/workflow"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1 // the command ran and failed: not found, broken chain, bad config
	exitUsage   = 2 // the command line was wrong
)

// Main is the program with its surroundings passed in, so tests run it in
// process. The zero value is not usable: set every field.
type Main struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// StdinIsTerminal reports whether Stdin is a terminal: the console then
	// prints a prompt and a banner.
	StdinIsTerminal func() bool
	// Terminal, when set, makes the line editor of an interactive console
	// and the function that gives the terminal back; it may return nil (no
	// editor: Stdin is read line by line).
	Terminal func() (console.LineEditor, func() error)
}

// command is one subcommand.
type command struct {
	name    string
	args    string // synopsis after the name
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

// commands lists the subcommands in the order help shows them.
func commands() []command {
	return []command{
		{"serve", "[--config FILE] [--db FILE] [-v]", "run the bot against Slack (Socket Mode or HTTP, from the config), with /healthz, /readyz and /metrics on [http] listen", (*Main).serve},
		{"console", "[--config FILE] [--db FILE] [--as NAME] [--lang en|ja]", "type /incident commands in a terminal; reads standard input to EOF when it is not a terminal", (*Main).console},
		{"export", "ID --format md|html|json [--lang en|ja] [-o FILE] [--as NAME] [--config FILE] [--db FILE]", "print the post-incident report of incident ID (N, #N, D-N or its UUID)", (*Main).export},
		{"verify", "ID [--head HASH] [--config FILE] [--db FILE]", "check the hash chain of incident ID's timeline; names the first broken event; with --head, that a head published earlier is in it", (*Main).verify},
		{"stats", "[--since YYYY-MM-DD] [--until YYYY-MM-DD] [--format text|md|json|html] [--lang en|ja] [-o FILE] [--config FILE] [--db FILE]", "KPIs of real incidents: counts by severity and month, times to detect, acknowledge, decide, contain and recover; drills apart", (*Main).stats},
		{"check", "--config FILE [--lang en|ja]", "validate a configuration file and the runbooks; errors name the file and line; shows whether each secret is set", (*Main).check},
		{"matrix", "[--format md|html] [--config FILE] [--lang en|ja] [-o FILE]", "print the responsibility matrix of the configured vendors (○ owner, △ shared, - not covered) for a contract review", (*Main).matrix},
		{"migrate", "--from FILE [--to postgres://…] [--lang en|ja] [--config FILE]", "copy a SQLite store into an empty PostgreSQL database (read-only on the file; the target's schema made first), then verify every chain there against the file's heads", (*Main).migrate},
		{"help", "[COMMAND]", "show this help, or one command's", (*Main).help},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// Run runs the command line args (without the program name) and returns the
// exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprintf(m.Stderr, "incidentbot: %s\n\n%s", mistake("usage.no_command", nil).text(workflow.English), usage())
		return exitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	if name == "--version" || name == "-version" {
		fmt.Fprint(m.Stdout, versionText())
		return exitOK
	}
	cmd, ok := lookup(name)
	if !ok {
		// In the language the rest of the line asks for (--lang ja).
		unknown := mistake("usage.unknown_command", workflow.Args{"command": quoted(args[0])})
		fmt.Fprintf(m.Stderr, "incidentbot: %s\n\n%s", unknown.text(usageLang(args)), usage())
		return exitUsage
	}
	err := cmd.run(m, ctx, args[1:])
	var ue *usageError
	var ce *exitError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(m.Stdout, commandUsage(cmd))
		return exitOK
	case errors.As(err, &ue):
		// In the language the command line asks for; the usage is English.
		fmt.Fprintf(m.Stderr, "incidentbot %s: %s\n\n%s", cmd.name, ue.text(usageLang(args[1:])), commandUsage(cmd))
		return exitUsage
	case errors.As(err, &ce):
		// The command already printed what went wrong.
		return ce.code
	default:
		fmt.Fprintf(m.Stderr, "incidentbot %s: %s\n", cmd.name, workflow.Printable(err.Error()))
		return exitFailure
	}
}

// exitError ends a command that has printed its own result with a code.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func usage() string {
	var b strings.Builder
	b.WriteString("Usage: incidentbot COMMAND [ARGS]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.summary)
	}
	b.WriteString("\nFlags may stand before or after the arguments. An incident ID is N, #N, D-N (drills) or the UUID.\n" +
		"The store is --db FILE, else the PostgreSQL database in DATABASE_URL, else the config's [storage] dsn, else its [storage] path;\n" +
		"without any of them, the database is incidentbot.db in the working directory.\n" +
		"Run 'incidentbot help COMMAND' for a command's flags; 'incidentbot --version' for the version.\n")
	return b.String()
}

func commandUsage(c command) string {
	fs := c.flags()
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: incidentbot %s %s\n\n%s.\n", c.name, c.args, upperFirst(c.summary))
	if fs != nil {
		b.WriteString("\nFlags:\n")
		fs.SetOutput(&b)
		fs.PrintDefaults()
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// flags returns the command's flag set, for its usage (nil for none).
func (c command) flags() *flag.FlagSet {
	var o options
	switch c.name {
	case "console":
		return o.flagSet(c.name, withStore|withLang|withAs)
	case "export":
		fs := o.flagSet(c.name, withStore|withLang|withAs)
		o.exportFlags(fs)
		return fs
	case "verify":
		fs := o.flagSet(c.name, withStore)
		o.verifyFlags(fs)
		return fs
	case "stats":
		fs := o.flagSet(c.name, withStore|withLang)
		o.statsFlags(fs)
		return fs
	case "check":
		return o.flagSet(c.name, withLang)
	case "matrix":
		fs := o.flagSet(c.name, withLang)
		o.matrixFlags(fs)
		return fs
	case "migrate":
		fs := o.flagSet(c.name, withLang)
		o.migrateFlags(fs)
		return fs
	}
	return nil
}

// options are the flags shared by the commands.
type options struct {
	config  string
	db      string
	lang    string
	as      string
	verbose bool
	serve   bool // logs as serve does: JSON lines, info and up

	format string // export, stats
	out    string // export, stats
	since  string // stats
	until  string // stats
	head   string // verify
	from   string // migrate
	to     string // migrate
}

// Which shared flags a command takes.
const (
	withStore = 1 << iota // --db (and --config, which every command takes)
	withLang
	withAs
)

func (o *options) flagSet(name string, which int) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.config, "config", "", "configuration `FILE` (TOML); see config.example.toml")
	if which&withStore != 0 {
		fs.StringVar(&o.db, "db", "", "SQLite database `FILE`; wins over DATABASE_URL and the config's [storage] dsn and path (default incidentbot.db)")
	}
	if which&withLang != 0 {
		fs.StringVar(&o.lang, "lang", "", "language of replies and reports, en or ja (default: the config's language)")
	}
	if which&withAs != 0 {
		fs.StringVar(&o.as, "as", "", "act as the console user `NAME` (default $USER, else operator)")
	}
	fs.BoolVar(&o.verbose, "v", false, "log debug detail to standard error")
	return fs
}

func (o *options) exportFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "md", "report format: md, html or json")
	fs.StringVar(&o.out, "o", "", "write the report to `FILE` instead of standard output")
}

func (o *options) matrixFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "md", "output format: md or html (one self-contained page)")
	fs.StringVar(&o.out, "o", "", "write the matrix to `FILE` instead of standard output")
}

func (o *options) verifyFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.head, "head", "", "a head `HASH` published earlier (posted in the incident's channel; 12 or more hex digits): it must be the hash of an event of the chain")
}

func (o *options) statsFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.since, "since", "", "count incidents opened on or after `YYYY-MM-DD` (in the configured time zone)")
	fs.StringVar(&o.until, "until", "", "count incidents opened on or before `YYYY-MM-DD` (the whole day, in the configured time zone)")
	fs.StringVar(&o.format, "format", "text", "output format: text, md, json or html")
	fs.StringVar(&o.out, "o", "", "write the statistics to `FILE` instead of standard output")
}

// parse parses flags that may stand before or after the positional
// arguments: after each positional the rest is parsed again. "--" ends the
// flags; everything after it is positional.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, flagMistake(err)
		}
		rest := fs.Args()
		consumed := args[:len(args)-len(rest)]
		if len(consumed) > 0 && consumed[len(consumed)-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// env is what a command runs with: configuration, language and logger.
type env struct {
	cfg     *config.Config
	lang    workflow.Lang
	log     *slog.Logger
	storage config.Storage // the config's [storage] with --db applied
}

// setup loads the configuration (the file named by --config, else defaults
// and the environment) and applies --lang and --db.
func (m *Main) setup(o *options) (*env, error) {
	level := slog.LevelWarn
	if o.verbose {
		level = slog.LevelDebug
	}
	var log *slog.Logger
	if o.serve {
		log = serveLogger(m, o)
	} else {
		log = slog.New(slog.NewTextHandler(m.Stderr, wiring.LogOptions(level)))
	}
	var cfg *config.Config
	var err error
	if o.config != "" {
		cfg, err = config.LoadEnv(o.config, m.Getenv)
	} else {
		cfg, err = config.FromEnv(m.Getenv)
	}
	if err != nil {
		// The problems of the file, in its language (or --lang's).
		lang := peekLanguage(o.config)
		if l, perr := workflow.ParseLang(o.lang); perr == nil {
			lang = l
		}
		return nil, inLang(lang, err)
	}
	lang := cfg.Lang()
	if o.lang != "" {
		if lang, err = workflow.ParseLang(o.lang); err != nil {
			return nil, mistake("usage.lang", workflow.Args{"value": quoted(o.lang)})
		}
		cfg.UseLang(lang) // without a timezone, --lang ja means Tokyo time
	}
	// --db FILE > DATABASE_URL > [storage] dsn > [storage] path: the
	// configuration has applied DATABASE_URL over dsn already.
	storage := cfg.Storage
	if o.db != "" {
		storage.Path, storage.DSN = o.db, ""
	}
	log.Debug("configuration", "config", cfg, "db", storage.Name(), "lang", string(lang))
	return &env{cfg: cfg, lang: lang, log: log, storage: storage}, nil
}

// openStore opens the store every subcommand works on: serve and the
// console as the file's one writer, export, verify and stats read-only.
func (e *env) openStore(ctx context.Context, access wiring.Access) (wiring.Store, error) {
	db, err := wiring.OpenStoreLog(ctx, e.storage, access, e.log)
	if err != nil {
		return nil, storeRefusal(e.lang, err)
	}
	return db, nil
}

// open opens the store and the service on it; a read-only command gets the
// service without the runbooks (wiring.NewReader).
func (e *env) open(ctx context.Context, access wiring.Access) (*workflow.Service, func(), error) {
	db, err := e.openStore(ctx, access)
	if err != nil {
		return nil, nil, err
	}
	var svc *workflow.Service
	if access == wiring.ReadOnly {
		svc = wiring.NewReader(e.cfg, db, e.log)
	} else if svc, err = wiring.NewService(e.cfg, db, e.log, nil); err != nil {
		db.Close()
		return nil, nil, inLang(e.lang, err)
	}
	closeFn := func() {
		if err := db.Close(); err != nil {
			e.log.Error("close database", "db", e.storage.Name(), "err", err)
		}
	}
	return svc, closeFn, nil
}

// defaultAs is the console user: $USER, else "operator".
func (m *Main) defaultAs() string {
	if u := strings.TrimSpace(m.Getenv("USER")); u != "" && !strings.ContainsAny(u, " \t") {
		return u
	}
	return "operator"
}

// userError prints err for the user: its message in lang when it carries
// one. It returns the exit error to end the command with.
func (m *Main) userError(cmd string, lang workflow.Lang, err error) error {
	if msg, ok := workflow.UserMessageOf(err); ok {
		fmt.Fprintf(m.Stderr, "incidentbot %s: %s\n", cmd, workflow.Printable(workflow.Render(lang, msg)))
		return &exitError{code: exitFailure}
	}
	return err
}
