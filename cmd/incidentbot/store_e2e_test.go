package main

// Hardening (issue 10) of the database file: one writer per file, no writes
// to a damaged file, read-only copies readable.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runUntilExit starts the binary with args in dir and waits for it to exit;
// if it is still running once its output shows ready (it started when it
// should not have), it is stopped and ok is false.
func runUntilExit(t *testing.T, dir, ready string, args ...string) (r result, exited bool) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "USER=operator", "SLACK_BOT_TOKEN=xoxb-unused", "SLACK_SIGNING_SECRET=unused")
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(seWait)
	for {
		select {
		case err := <-done:
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			return result{stderr: out.String(), code: code}, true
		case <-time.After(10 * time.Millisecond):
		}
		if strings.Contains(out.String(), ready) || time.Now().After(deadline) {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			<-done
			return result{stderr: out.String()}, false
		}
	}
}

// TestOneWriterPerFile: while a serve runs on a file, a second serve and a
// console on it refuse to start (exit 1), naming the holder's pid, host and
// start; export, verify and stats still read it; and the lock goes with the
// holder, even when it is killed with SIGKILL.
func TestOneWriterPerFile(t *testing.T) {
	e := newSlackEnv(t)
	p := e.serve()
	if got := e.command(p, seGeneral, "open high Database down"); !strings.Contains(got, "Opened #1") {
		t.Fatalf("open: %q", got)
	}
	host, _ := os.Hostname()
	holder := []string{"pid " + strconv.Itoa(p.cmd.Process.Pid), "host " + host, "since ", e.db + ".lock"}

	cfg := filepath.Join(t.TempDir(), "second.toml")
	write(t, cfg, fmt.Sprintf("[slack]\nmode = \"http\"\napi_url = %q\n\n[http]\nlisten = %q\n", e.fake.URL(), freeAddr(t)))
	r, exited := runUntilExit(t, e.dir, `"msg":"serving"`, "serve", "--config", cfg, "--db", e.db)
	if !exited {
		t.Fatalf("a second serve on the same file started:\n%s", r.stderr)
	}
	if r.code != 1 || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Errorf("second serve: exit %d, want 1 and one line:\n%s", r.code, r.stderr)
	}
	for _, want := range holder {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("second serve's refusal does not name %q:\n%s", want, r.stderr)
		}
	}
	r, exited = runUntilExit(t, e.dir, "incident> ", "console", "--db", e.db)
	if !exited || r.code != 1 || !strings.Contains(r.stderr, holder[0]) {
		t.Errorf("console on a held file: exited %v, code %d, want 1 naming the holder:\n%s", exited, r.code, r.stderr)
	}
	r, exited = runUntilExit(t, e.dir, "incident> ", "console", "--lang", "ja", "--db", e.db)
	if want := "pid " + strconv.Itoa(p.cmd.Process.Pid) + "、"; !exited || r.code != 1 || !strings.Contains(r.stderr, want) ||
		!strings.Contains(r.stderr, "が使用中です") || !strings.Contains(r.stderr, "先にそちらを止めてください") {
		t.Errorf("console --lang ja on a held file: exited %v, code %d, want 1 naming the holder in Japanese:\n%s", exited, r.code, r.stderr)
	}
	for _, args := range [][]string{{"export", "1"}, {"verify", "1"}, {"stats"}} {
		if r := ib(t, e.dir, "", append(args, "--db", e.db)...); r.code != 0 {
			t.Errorf("%s beside serve: exit %d\n%s", args[0], r.code, r.stderr)
		}
	}
	if got := e.command(p, seGeneral, "log #1 still the one writer"); !strings.Contains(got, "note recorded") {
		t.Errorf("the first serve after the refusals: %q", got)
	}
	p.kill9()
	p = e.serve() // the kernel released the lock with the process
	if got := e.command(p, seGeneral, "log #1 after the restart"); !strings.Contains(got, "note recorded") {
		t.Errorf("after a restart: %q", got)
	}
}

// corruptFile makes a database fail SQLite's integrity check while every
// query incidentbot runs still works: an index of a table of its own is told
// it indexes a column it does not.
func corruptFile(t *testing.T, path string) {
	t.Helper()
	db := sqlFile(t, path)
	for _, q := range []string{
		`CREATE TABLE extra (a TEXT, b TEXT)`,
		`INSERT INTO extra VALUES ('1', '2'), ('3', '4')`,
		`CREATE INDEX extra_a ON extra (a)`,
		`PRAGMA writable_schema = ON`,
		`UPDATE sqlite_schema SET sql = 'CREATE INDEX extra_a ON extra (b)' WHERE name = 'extra_a'`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
}

// TestServeRefusesCorruptFile: serve (and the console) will not start on a
// file that fails SQLite's integrity check, say so in one line, and leave
// the file as it was; export and verify still read it.
func TestServeRefusesCorruptFile(t *testing.T) {
	dir := t.TempDir()
	consoleSession(t, dir, tamperSession)
	db := filepath.Join(dir, "x.db")
	corruptFile(t, db)
	before, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	cfg := write(t, filepath.Join(dir, "c.toml"), fmt.Sprintf("[slack]\nmode = \"http\"\napi_url = \"http://127.0.0.1:9/api/\"\n\n[http]\nlisten = %q\n", freeAddr(t)))
	r, exited := runUntilExit(t, dir, `"msg":"serving"`, "serve", "--config", cfg, "--db", "x.db")
	if !exited {
		t.Fatalf("serve started on a corrupt file:\n%s", r.stderr)
	}
	if r.code != 1 || !strings.Contains(r.stderr, "integrity check") || !strings.Contains(r.stderr, "extra_a") ||
		strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
		t.Errorf("serve: exit %d, want 1 and one line naming the integrity check:\n%s", r.code, r.stderr)
	}
	if r := ib(t, dir, "log more\n", "console", "--db", "x.db"); r.code != 1 || !strings.Contains(r.stderr, "integrity check") {
		t.Errorf("console on a corrupt file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	after, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the refused opens changed the file")
	}
	if n, _ := verify(t, dir, "1", "--db", "x.db"); n != 4 {
		t.Errorf("verify of the corrupt file: %d events, want 4", n)
	}
}

// asReader runs the binary as a user who cannot write the archive: this
// process's user, or nobody when that is root (root may write anywhere).
func asReader(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "USER=auditor", "HOME="+dir)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run incidentbot %s: %v", strings.Join(args, " "), err)
	}
	return result{out.String(), errb.String(), code}
}

// TestReadOnlyCopy: an archived evidence file (mode 0444 in a read-only
// directory) is read by verify, export and stats, and left exactly as it
// was.
func TestReadOnlyCopy(t *testing.T) {
	dir := t.TempDir()
	consoleSession(t, dir, tamperSession)
	_, head := verify(t, dir, "1", "--db", "x.db")

	// Somewhere another user may read: the binary's folder and the archive's.
	if err := os.Chmod(filepath.Dir(binary), 0o755); err != nil {
		t.Fatal(err)
	}
	root, err := os.MkdirTemp("", "incidentbot-archive-")
	if err != nil {
		t.Fatal(err)
	}
	archive := filepath.Join(root, "evidence")
	t.Cleanup(func() {
		os.Chmod(archive, 0o755)
		os.RemoveAll(root)
	})
	data, err := os.ReadFile(filepath.Join(dir, "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(archive, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(archive, "incident-1.db")
	if err := os.WriteFile(file, data, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{root, archive} {
		if err := os.Chmod(p, 0o555); err != nil {
			t.Fatal(err)
		}
	}

	r := asReader(t, root, "verify", "1", "--db", file)
	if r.code != 0 || !strings.Contains(r.stdout, "ok: 4 events, head "+head) {
		t.Errorf("verify of the read-only copy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = asReader(t, root, "export", "1", "--db", file, "--format", "md")
	if r.code != 0 || !strings.Contains(r.stdout, "entry form tamper test") || !strings.Contains(r.stdout, head) {
		t.Errorf("export of the read-only copy: exit %d\n%s", r.code, r.stderr)
	}
	if r = asReader(t, root, "stats", "--db", file); r.code != 0 {
		t.Errorf("stats of the read-only copy: exit %d\n%s", r.code, r.stderr)
	}
	entries, err := os.ReadDir(archive)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("the archive holds %d files, want the copy alone", len(entries))
	}
	after, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, after) {
		t.Error("reading changed the copy")
	}
}
