package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
	"incidentbot/workflow/report"
	"incidentbot/workflow/report/reporttest"
)

// longDB writes a long incident of n events (reporttest.Long) into a fresh
// SQLite file, as the bot would have stored it, and returns the file and
// the incident with its events.
func longDB(tb testing.TB, n int) (string, *workflow.Incident, []workflow.Event) {
	tb.Helper()
	inc, events, err := reporttest.Long(n)
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "long.db")
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for i := 0; i < len(events); i += 1000 {
		batch := events[i:min(i+1000, len(events))]
		err := db.Update(context.Background(), func(tx workflow.Tx) error {
			if i == 0 {
				if err := tx.CreateIncident(inc); err != nil {
					return err
				}
			}
			return tx.AppendEvents(batch)
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	return path, inc, events
}

// runMain runs the command line in this process, as the binary would.
func runMain(tb testing.TB, stdout io.Writer, args ...string) {
	tb.Helper()
	var stderr bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: &stderr, Getenv: func(string) string { return "" },
		StdinIsTerminal: func() bool { return false }}
	if code := m.Run(context.Background(), args); code != 0 {
		tb.Fatalf("incidentbot %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
	}
}

// The report of a timeline read from the store a page at a time, across
// several pages, is the report of the same events read at once: the same
// bytes, in every format and language.
func TestExportReadInPagesIsTheSame(t *testing.T) {
	n := 3*workflow.PageSize + 17
	path, inc, events := longDB(t, n)
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, []byte("timezone = \"Asia/Tokyo\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range report.Formats {
		for _, l := range workflow.Langs {
			var want, got bytes.Buffer
			if err := report.Write(&want, f, inc, workflow.EventList(events), report.Options{Lang: l, Location: tokyo}); err != nil {
				t.Fatal(err)
			}
			runMain(t, &got, "export", "1", "--format", string(f), "--lang", string(l), "--db", path, "--as", "sato", "--config", cfg)
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("export --format %s --lang %s read in pages differs from the report of the events in hand (%d vs %d bytes)", f, l, got.Len(), want.Len())
			}
		}
	}
	var out bytes.Buffer
	runMain(t, &out, "verify", "1", "--db", path)
	if want := fmt.Sprintf("ok: %d events, head %s\n", n, events[n-1].Hash); out.String() != want {
		t.Errorf("verify said %q, want %q", out.String(), want)
	}
}

// The report and verify of a 10,000-event incident, as the command line runs
// them: open the store, read the timeline page by page, write the report as
// it goes (to nowhere). BENCHMARKS.md, "Report and verify", has the figures.
//
// Besides the time, each reports the processor time it used (cpu-ms/op, the
// garbage collector's included): on a machine others share, that figure
// moves less with their load than the time does.
func BenchmarkExport10k(b *testing.B) {
	path, _, _ := longDB(b, 10_000)
	for _, f := range report.Formats {
		b.Run(string(f), func(b *testing.B) {
			defer cpuPerOp(b)()
			for b.Loop() {
				runMain(b, io.Discard, "export", "1", "--format", string(f), "--lang", "ja", "--db", path, "--as", "sato")
			}
		})
	}
}

func BenchmarkVerify10k(b *testing.B) {
	path, _, _ := longDB(b, 10_000)
	defer cpuPerOp(b)()
	for b.Loop() {
		runMain(b, io.Discard, "verify", "1", "--db", path)
	}
}

// cpuPerOp starts counting the process's processor time; the function it
// returns reports it per operation.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		}
	}
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestWriteLongDB writes the database the figures of BENCHMARKS.md ("Report
// and verify", the binary) are measured on, when INCIDENTBOT_LONG_DB names
// where and how many events, as path:n (a relative path is taken from
// cmd/incidentbot, where go test runs it); without it there is nothing to do.
//
//	INCIDENTBOT_LONG_DB=$PWD/long10k.db:10000 go test ./cmd/incidentbot -run TestWriteLongDB
func TestWriteLongDB(t *testing.T) {
	spec := os.Getenv("INCIDENTBOT_LONG_DB")
	if spec == "" {
		t.Skip("set INCIDENTBOT_LONG_DB=path:events to write a long incident's database for measuring the binary")
	}
	i := strings.LastIndexByte(spec, ':')
	n, err := strconv.Atoi(spec[i+1:])
	if i < 0 || err != nil || n < 1 {
		t.Fatalf("INCIDENTBOT_LONG_DB=%q: want path:events, e.g. long10k.db:10000", spec)
	}
	dst := spec[:i] // relative: to cmd/incidentbot, where go test runs it
	path, _, _ := longDB(t, n)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: one incident of %d events", dst, n)
}
