// Package console is the terminal adapter: it reads /incident commands line
// by line, applies each with the workflow service and prints the reply. It is
// for trying the bot without Slack, for scripted demos and for tests.
//
// Input: one command a line; a leading "/incident" may be left out; blank
// lines and lines starting with "# " are skipped. Two console-only lines:
// "\as NAME" switches the acting user, "\quit" stops.
//
// Output: when the caller says the session is interactive (a terminal), a
// prompt before each line; otherwise each reply is preceded by the line it
// answers, after the prompt, so a piped session reads as a transcript. Every
// reply block ends with an empty line and is written in one write, only after
// the service returned, so a reply that was printed has been committed.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"incidentbot/workflow"
	"incidentbot/workflow/report"
)

// Prompt is shown before each line on a terminal and before each echoed line
// otherwise.
const Prompt = "incident> "

// MaxLine is the longest line read, in bytes; longer lines are refused.
const MaxLine = 64 << 10

// Service is what the console needs from workflow.Service.
type Service interface {
	Execute(ctx context.Context, req workflow.Request) (workflow.Reply, error)
	Timeline(ctx context.Context, actor workflow.Actor, ref workflow.Ref) (*workflow.Incident, []workflow.Event, error)
}

var _ Service = (*workflow.Service)(nil)

// Console is one terminal session.
type Console struct {
	Service Service
	In      io.Reader
	Out     io.Writer
	Log     *slog.Logger // nil: slog.Default()
	// Notice receives the banner when the session is not interactive (the
	// banner goes to Out on a terminal); nil: no banner then.
	Notice io.Writer

	Lang        workflow.Lang  // replies and reports (default English)
	As          string         // the acting user's name
	Interactive bool           // print a prompt; do not echo lines
	Location    *time.Location // times in Markdown reports (nil: UTC)
	DB          string         // the database file, named in the banner

	outMu sync.Mutex // the command loop and the timers both print
}

// Run reads lines until EOF, "\quit" or ctx is done. It returns an error
// only when reading or writing fails; command errors are printed.
func (c *Console) Run(ctx context.Context) error {
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.Lang == "" {
		c.Lang = workflow.English
	}
	banner := c.text("console.banner", workflow.Args{"db": c.DB, "lang": string(c.Lang), "as": c.As}) + "\n"
	if c.Interactive {
		if err := c.print(banner + "\n"); err != nil {
			return err
		}
	} else if c.Notice != nil {
		_, _ = io.WriteString(c.Notice, workflow.Printable(banner))
	}
	lines := make(chan line)
	stop := make(chan struct{})
	defer close(stop)
	go readLines(c.In, lines, stop)
	for {
		if c.Interactive {
			if err := c.print(Prompt); err != nil {
				return err
			}
		}
		var l line
		select {
		case <-ctx.Done():
			return nil
		case l = <-lines:
		}
		if l.err != nil {
			if errors.Is(l.err, io.EOF) {
				if c.Interactive {
					return c.print("\n")
				}
				return nil
			}
			return fmt.Errorf("read commands: %w", l.err)
		}
		quit, err := c.handle(ctx, l)
		if err != nil {
			return err
		}
		if quit || ctx.Err() != nil {
			return nil
		}
	}
}

// line is one input line, or the error that ended the input.
type line struct {
	text    string
	tooLong bool
	err     error
}

// readLines sends each line of r, then the error that ended it (io.EOF at
// the end), unless stop is closed first.
func readLines(r io.Reader, out chan<- line, stop <-chan struct{}) {
	br := bufio.NewReaderSize(r, 4096)
	send := func(l line) bool {
		select {
		case out <- l:
			return true
		case <-stop:
			return false
		}
	}
	for {
		var buf []byte
		tooLong := false
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			if len(buf)+len(chunk) > MaxLine {
				tooLong = true
			} else {
				buf = append(buf, chunk...)
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if len(buf) > 0 || tooLong {
			text := strings.TrimRight(string(buf), "\r\n")
			if !send(line{text: text, tooLong: tooLong}) {
				return
			}
		}
		if err != nil {
			send(line{err: err})
			return
		}
	}
}

// handle answers one line; quit reports "\quit".
func (c *Console) handle(ctx context.Context, l line) (quit bool, err error) {
	text := strings.TrimSpace(l.text)
	echo := ""
	if !c.Interactive {
		echo = Prompt + l.text + "\n"
	}
	switch {
	case l.tooLong:
		return false, c.print(echo + c.text("console.too_long", workflow.Args{"limit": MaxLine}) + "\n\n")
	case text == "" || text == "#" || strings.HasPrefix(text, "# "):
		return false, nil
	case strings.HasPrefix(text, `\`):
		return c.console(text, echo)
	}
	actor := workflow.ConsoleActor(c.As)
	reply, err := c.Service.Execute(ctx, workflow.Request{Actor: actor, Lang: c.Lang, Text: text})
	if err != nil {
		return false, c.print(echo + c.errorText(err) + "\n\n")
	}
	var b strings.Builder
	b.WriteString(echo)
	if len(reply.Lines) > 0 {
		b.WriteString(workflow.RenderAll(c.Lang, reply.Lines) + "\n")
	}
	if reply.Report != "" && reply.Incident != nil {
		out, err := c.report(ctx, actor, reply.Incident.Ref(), reply.Report)
		if err != nil {
			b.WriteString(c.errorText(err) + "\n")
		} else {
			b.WriteString(strings.TrimRight(out, "\n") + "\n")
		}
	}
	b.WriteString("\n")
	return false, c.print(b.String())
}

// console runs a console-only line ("\as NAME", "\quit").
func (c *Console) console(text, echo string) (bool, error) {
	cmd, arg, _ := strings.Cut(text, " ")
	arg = strings.TrimPrefix(strings.TrimSpace(arg), "@")
	switch cmd {
	case `\quit`, `\q`:
		return true, nil
	case `\as`:
		if arg == "" || strings.ContainsAny(arg, " \t") {
			return false, c.print(echo + c.text("console.as_usage", nil) + "\n\n")
		}
		c.As = arg
		return false, c.print(echo + c.text("console.as", workflow.Args{"name": arg}) + "\n\n")
	}
	return false, c.print(echo + c.text("console.unknown", workflow.Args{"cmd": cmd}) + "\n\n")
}

// report renders the export of an incident as "/incident report" asked.
func (c *Console) report(ctx context.Context, actor workflow.Actor, ref workflow.Ref, format string) (string, error) {
	if format != "md" && format != "json" {
		return c.text("console.no_format", workflow.Args{"format": format}), nil
	}
	inc, events, err := c.Service.Timeline(ctx, actor, ref)
	if err != nil {
		return "", err
	}
	r, err := report.Build(inc, events)
	if err != nil {
		return "", fmt.Errorf("build report of %s: %w", ref, err)
	}
	if format == "json" {
		js, err := r.JSON()
		if err != nil {
			return "", fmt.Errorf("render report of %s: %w", ref, err)
		}
		return string(js), nil
	}
	r.Location = c.Location
	return string(r.Markdown(c.Lang)), nil
}

// errorText is the user's message for err, or an internal error line whose
// id is logged with the detail.
func (c *Console) errorText(err error) string {
	return workflow.Render(c.Lang, workflow.ErrorReply(c.Log, workflow.ConsoleActor(c.As), err))
}

func (c *Console) text(key workflow.MsgKey, args workflow.Args) string {
	return messages.Render(c.Lang, workflow.M(key, args))
}

// print writes s in one write and flushes it if Out buffers, so what is
// printed is out at once (os.Stdout does not buffer). Control and bidi
// characters (from what people typed, echoed or stored) are replaced: they
// would move the cursor, recolour or rewrite the terminal, or reorder a line.
func (c *Console) print(s string) error {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	if _, err := io.WriteString(c.Out, workflow.Printable(s)); err != nil {
		return err
	}
	if f, ok := c.Out.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}
