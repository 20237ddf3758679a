package config

import (
	"errors"
	"strings"
	"testing"
)

func TestRunbooksAndDrills(t *testing.T) {
	c, err := parseWith(t, "[runbooks]\ndir = \"runbooks.local\"\n[drills]\nsandbox_channels = [\"C0SANDBOX\", \"G0PRIVATE\"]\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Runbooks.Dir != "runbooks.local" || strings.Join(c.Drills.SandboxChannels, " ") != "C0SANDBOX G0PRIVATE" {
		t.Errorf("got %+v %+v", c.Runbooks, c.Drills)
	}
	if s := c.String(); !strings.Contains(s, `runbooks.dir="runbooks.local"`) || !strings.Contains(s, "drills.sandbox_channels=[C0SANDBOX G0PRIVATE]") {
		t.Errorf("String() = %s", s)
	}
	if c := Default(); c.Runbooks.Dir != "" || len(c.Drills.SandboxChannels) != 0 {
		t.Errorf("defaults %+v %+v", c.Runbooks, c.Drills)
	}

	for _, tc := range []struct{ src, want string }{
		{"[drills]\nsandbox_channels = [\"C0SANDBOX\",\n  \"#drills\"]\n", `x.toml:3:3: key drills.sandbox_channels[1]: "#drills" is not a channel id`},
		{"[drills]\nsandbox_channels = [\"\"]\n", `x.toml:2:21: key drills.sandbox_channels[0]: "" is not a channel id`},
		{"[drills]\nsandbox = [\"C0SANDBOX\"]\n", `x.toml:2:1: key drills.sandbox: unknown key`},
		{"[runbooks]\ndirr = \"x\"\n", `did you mean "dir"?`},
		{"[runbooks]\ndir = 3\n", `x.toml:2:7: key runbooks.dir: wrong type`},
	} {
		_, err := parseWith(t, tc.src, nil)
		var errs Errors
		if !errors.As(err, &errs) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: want …%s…, got %v", tc.src, tc.want, err)
		}
	}
}
