// Command incidentbot runs incidents from the first alert to the
// post-incident report. `incidentbot help` lists the subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones load on machines without a zoneinfo database

	"incidentbot/bot/console"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, StdinIsTerminal: stdinIsTerminal, Terminal: terminal,
	}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// stdinIsTerminal reports whether standard input is a terminal (not a pipe
// or a file), which makes the console interactive.
func stdinIsTerminal() bool { return isTerminal(os.Stdin) }

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// terminal is the line editor of an interactive console, when standard
// output is a terminal too (line editing draws on it); nil otherwise.
func terminal() (console.LineEditor, func() error) {
	if !isTerminal(os.Stdout) {
		return nil, nil
	}
	t := console.NewTerminal()
	return t, t.Close
}
