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
// the service returned, so a reply that was printed has been committed. The
// notices a command causes (whom a real incident would page, a drill's
// injects) follow its reply, inside its block; notices of the clock print as
// they come, on lines of their own.
//
// On a terminal an Editor (Terminal) gives line editing and history; piped
// input is read as it is, line by line.
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
	ReadTimeline(ctx context.Context, actor workflow.Actor, ref workflow.Ref, fn func(*workflow.Incident, workflow.EventSource) error) error
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
	// Editor reads the lines of an interactive session, with line editing
	// and history (NewTerminal); nil: In is read line by line.
	Editor LineEditor

	outMu    sync.Mutex // the command loop and the timers both print
	busy     bool       // a line is being answered; its notices wait for its reply
	atPrompt bool       // an interactive prompt is showing
	pending  []string   // notices held for the reply being written
}

// LineEditor reads the lines of a session on a terminal.
type LineEditor interface {
	// Prompt shows prompt and returns the line typed, without its newline:
	// io.EOF at the end of input (Ctrl-D), ErrLineAbandoned when the line
	// was abandoned (Ctrl-C).
	Prompt(prompt string) (string, error)
	// AppendHistory adds a line to those the up arrow brings back.
	AppendHistory(line string)
	// Redraw shows the prompt and the line being typed again, below
	// output printed while it was showing.
	Redraw()
}

// ErrLineAbandoned is a LineEditor's answer to Ctrl-C: the line is dropped
// and a new prompt follows.
var ErrLineAbandoned = errors.New("line abandoned")

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
	next := make(chan struct{}, 1) // the editor reads a line when asked
	if c.Editor != nil {
		go editLines(c.Editor, next, lines, stop)
	} else {
		go readLines(c.In, lines, stop)
	}
	for {
		if err := c.prompt(next); err != nil {
			return err
		}
		var l line
		select {
		case <-ctx.Done():
			return nil
		case l = <-lines:
		}
		c.outMu.Lock()
		c.atPrompt = false
		c.outMu.Unlock()
		if errors.Is(l.err, ErrLineAbandoned) {
			continue
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

// editLines reads a line from the editor each time next is signalled and
// sends it, then the error that ended the input, unless stop is closed
// first. Asking for each line keeps the prompt after the previous reply.
func editLines(ed LineEditor, next <-chan struct{}, out chan<- line, stop <-chan struct{}) {
	for {
		select {
		case <-next:
		case <-stop:
			return
		}
		text, err := ed.Prompt(Prompt)
		l := line{text: text, err: err}
		if err == nil && len(text) > MaxLine {
			l = line{tooLong: true}
		}
		if err == nil && strings.TrimSpace(text) != "" {
			ed.AppendHistory(text)
		}
		select {
		case out <- l:
		case <-stop:
			return
		}
		if err != nil && !errors.Is(err, ErrLineAbandoned) {
			return
		}
	}
}

// prompt shows the prompt of an interactive session (the editor's own, when
// there is one) and lets the next line be read.
func (c *Console) prompt(next chan<- struct{}) error {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	c.atPrompt = c.Interactive
	if c.Editor != nil {
		next <- struct{}{}
		return nil
	}
	if c.Interactive {
		return c.write(Prompt)
	}
	return nil
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
	c.begin()
	actor := workflow.ConsoleActor(c.As)
	reply, err := c.Service.Execute(ctx, workflow.Request{Actor: actor, Lang: c.Lang, Text: text})
	if err != nil {
		return false, c.end(echo + c.errorText(err) + "\n")
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
	return false, c.end(b.String())
}

// begin marks a command as running: the notices it causes are held for its
// reply.
func (c *Console) begin() {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	c.busy, c.atPrompt = true, false
}

// end writes the reply of the running command, then the notices held while
// it ran, then the empty line that ends the block, in one write.
func (c *Console) end(reply string) error {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	s := reply + strings.Join(c.pending, "") + "\n"
	c.busy, c.pending = false, nil
	return c.write(s)
}

// notice prints a line (ending in "\n") that is not the reply to a line:
// held for the reply while a command runs; on an interactive prompt, on
// lines of its own with the prompt shown again below; otherwise at once.
func (c *Console) notice(s string) error {
	c.outMu.Lock()
	defer c.outMu.Unlock()
	switch {
	case c.busy:
		c.pending = append(c.pending, s)
		return nil
	case c.atPrompt && c.Editor != nil:
		// An empty line after the notice, as after a reply: the editor
		// clears the rows of a line that wraps when it draws it again.
		if err := c.write("\n" + s + "\n"); err != nil {
			return err
		}
		c.Editor.Redraw()
		return nil
	case c.atPrompt:
		return c.write("\n" + s + Prompt)
	}
	return c.write(s)
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
	f, _ := report.ParseFormat(format)
	if f != report.FormatMarkdown && f != report.FormatJSON {
		// A page for a browser is no terminal output: export writes it.
		return c.text("console.no_format", workflow.Args{"format": format, "number": ref}), nil
	}
	var out strings.Builder
	err := c.Service.ReadTimeline(ctx, actor, ref, func(inc *workflow.Incident, events workflow.EventSource) error {
		if err := report.Write(&out, f, inc, events, report.Options{Lang: c.Lang, Location: c.Location}); err != nil {
			return fmt.Errorf("write the report of %s: %w", ref, err)
		}
		return nil
	})
	return out.String(), err
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
	return c.write(s)
}

// write is print with outMu held.
func (c *Console) write(s string) error {
	if _, err := io.WriteString(c.Out, workflow.Printable(s)); err != nil {
		return err
	}
	if f, ok := c.Out.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}
