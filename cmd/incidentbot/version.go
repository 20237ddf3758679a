package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// version is the release, set when building:
//
//	go build -ldflags "-X main.version=v1.4.0" -o bin/incidentbot ./cmd/incidentbot
//
// It is a package variable because the linker can set nothing else.
var version string

// versionText is what --version prints: the version set at build time (else
// "(devel)"), then the module's build information: its version as the go
// command stamped it, the Go release, and the commit it was built from.
func versionText() string {
	v := version
	if v == "" {
		v = "(devel)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "incidentbot %s\n", v)
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b.String()
	}
	set := map[string]string{}
	for _, s := range bi.Settings {
		set[s.Key] = s.Value
	}
	fmt.Fprintf(&b, "module %s %s, %s %s/%s", bi.Main.Path, bi.Main.Version, bi.GoVersion, set["GOOS"], set["GOARCH"])
	if rev := set["vcs.revision"]; rev != "" {
		fmt.Fprintf(&b, ", commit %.12s", rev)
		if t := set["vcs.time"]; t != "" {
			fmt.Fprintf(&b, " (%s)", t)
		}
		if set["vcs.modified"] == "true" {
			b.WriteString(", with uncommitted changes")
		}
	}
	if set["CGO_ENABLED"] == "0" {
		b.WriteString(", static (CGO_ENABLED=0)")
	}
	b.WriteString("\n")
	return b.String()
}
