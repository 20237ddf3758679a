// Command incidentbot runs incidents from the first alert to the
// post-incident report. `incidentbot help` lists the subcommands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // time zones load on machines without a zoneinfo database
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := &Main{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.Getenv, StdinIsTerminal: stdinIsTerminal,
	}
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// stdinIsTerminal reports whether standard input is a terminal (not a pipe
// or a file), which makes the console interactive.
func stdinIsTerminal() bool {
	fi, err := os.Stdin.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
