package main

// The binary on PostgreSQL (issue 17): several serve processes on one
// database, and every subcommand choosing its store by --db, DATABASE_URL,
// [storage] dsn and path.

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"incidentbot/storage/postgres/postgrestest"
)

// ibPG runs the binary as ib does, with env added (and DATABASE_URL only
// as env says).
func ibPG(t *testing.T, dir, stdin string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATABASE_URL=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, "USER=operator"), env...)
	cmd.Stdin = strings.NewReader(stdin)
	return runCmd(t, cmd)
}

// TestTwoServesOnPostgres: two serve processes (HTTP mode, as behind a load
// balancer) on one PostgreSQL database, named by DATABASE_URL: an incident
// opened through one takes notes through the other, the numbers follow on
// across both, and verify (DATABASE_URL too) finds one whole chain. The
// SQLite rule of one writer per file does not apply: both run.
func TestTwoServesOnPostgres(t *testing.T) {
	dsn := postgrestest.Database(t)
	e := newSlackEnv(t)
	e.dsn = dsn
	a, b := e.serve(), e.serve()
	if got := e.command(a, seGeneral, "open high Database down"); !strings.Contains(got, "Opened #1") {
		t.Fatalf("open through a: %q", got)
	}
	if got := e.command(b, seGeneral, "open medium Mail bouncing"); !strings.Contains(got, "Opened #2") {
		t.Fatalf("open through b: %q", got)
	}
	for i, p := range []*serveProc{a, b, a, b} {
		want := fmt.Sprintf("note recorded (event %d)", i+2)
		if got := e.command(p, seGeneral, fmt.Sprintf("log #1 step %d", i)); !strings.Contains(got, want) {
			t.Fatalf("log through serve %d: %q, want %q", i%2+1, got, want)
		}
	}
	env := []string{"DATABASE_URL=" + dsn}
	r := ibPG(t, e.dir, "", env, "verify", "1")
	if m := regexp.MustCompile(`^ok: (\d+) events, head [0-9a-f]{64}\n$`).FindStringSubmatch(r.stdout); r.code != 0 || m == nil || m[1] != "5" {
		t.Fatalf("verify 1 on PostgreSQL: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// No file was made: the store is the database.
	if _, err := os.Stat(e.db); err == nil {
		t.Errorf("serve on PostgreSQL made the file %s", e.db)
	}
}

// TestStoreChoice: --db FILE > DATABASE_URL > [storage] dsn > [storage]
// path, for the console and for the readers (verify, stats); a bad dsn is
// refused in both languages' terms, with the password hidden.
func TestStoreChoice(t *testing.T) {
	dsn := postgrestest.Database(t)
	dir := t.TempDir()
	cfgDSN := filepath.Join(dir, "dsn.toml")
	write(t, cfgDSN, fmt.Sprintf("language = \"en\"\ntimezone = \"UTC\"\n[storage]\npath = %q\ndsn = %q\n", filepath.Join(dir, "path.db"), dsn))
	cfgPath := filepath.Join(dir, "path.toml")
	write(t, cfgPath, fmt.Sprintf("language = \"en\"\ntimezone = \"UTC\"\n[storage]\npath = %q\n", filepath.Join(dir, "path.db")))
	open := func(title string, env []string, args ...string) {
		t.Helper()
		r := ibPG(t, dir, "open high "+title+"\n", env, append([]string{"console", "--as", "sato"}, args...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "Opened #1") {
			t.Fatalf("console %v %v: exit %d\n%s%s", env, args, r.code, r.stdout, r.stderr)
		}
	}
	titleOf := func(env []string, args ...string) string {
		t.Helper()
		r := ibPG(t, dir, "", env, append([]string{"export", "1", "--format", "json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("export %v %v: exit %d\n%s", env, args, r.code, r.stderr)
		}
		m := regexp.MustCompile(`"title":\s*"([^"]*)"`).FindStringSubmatch(r.stdout)
		if m == nil {
			t.Fatalf("export: no title:\n%s", r.stdout)
		}
		return m[1]
	}
	other := postgrestest.Database(t)
	env := []string{"DATABASE_URL=" + other}

	open("in the dsn", nil, "--config", cfgDSN)
	open("in DATABASE_URL", env, "--config", cfgDSN)
	open("in the file", env, "--config", cfgDSN, "--db", filepath.Join(dir, "flag.db"))
	open("at path", nil, "--config", cfgPath)
	for _, tc := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--config", cfgDSN}, "in the dsn"},
		{env, []string{"--config", cfgDSN}, "in DATABASE_URL"},
		{env, nil, "in DATABASE_URL"},
		{env, []string{"--config", cfgDSN, "--db", filepath.Join(dir, "flag.db")}, "in the file"},
		{nil, []string{"--config", cfgPath}, "at path"},
	} {
		if got := titleOf(tc.env, tc.args...); got != tc.want {
			t.Errorf("export %v %v read %q, want %q", tc.env, tc.args, got, tc.want)
		}
	}

	// A bad DSN: refused, the password hidden, in Japanese too.
	u, _ := url.Parse(dsn)
	bad := "mysql://bot:hunter2@" + u.Host + "/x"
	for _, lang := range []string{"en", "ja"} {
		r := ibPG(t, dir, "", []string{"DATABASE_URL=" + bad}, "stats", "--lang", lang)
		want := map[string]string{"en": "is not a PostgreSQL database", "ja": "PostgreSQL のデータベースではありません"}[lang]
		if r.code == 0 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr+r.stdout, "hunter2") {
			t.Errorf("--lang %s with a bad DATABASE_URL: exit %d\n%s%s", lang, r.code, r.stdout, r.stderr)
		}
	}
	// An unreachable database: one line naming it, no password.
	r := ibPG(t, dir, "", []string{"DATABASE_URL=postgres://bot:hunter2@127.0.0.1:1/x?connect_timeout=2"}, "verify", "1")
	if r.code == 0 || strings.Contains(r.stderr, "hunter2") || !strings.Contains(r.stderr, "127.0.0.1:1") {
		t.Errorf("an unreachable database: exit %d\n%s", r.code, r.stderr)
	}
}
