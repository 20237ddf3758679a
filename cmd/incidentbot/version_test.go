package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// --version prints the version set at build time with -ldflags, else
// "(devel)", and the module's build information.
func TestVersion(t *testing.T) {
	r := ib(t, t.TempDir(), "", "--version")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 2 || lines[0] != "incidentbot (devel)" || !strings.HasPrefix(lines[1], "module incidentbot ") || !strings.Contains(lines[1], " go1.") {
		t.Errorf("--version of a development build: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	released := filepath.Join(t.TempDir(), "incidentbot")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v9.8.7-test", "-o", released, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build with a version: %v\n%s", err, out)
	}
	out, err := exec.Command(released, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "incidentbot v9.8.7-test\nmodule incidentbot ") {
		t.Errorf("--version of a release build (%v):\n%s", err, out)
	}
}
