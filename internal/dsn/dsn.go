// Package dsn reads PostgreSQL connection strings: which ones name a
// database, and how to name one in logs, errors and printed configuration
// without its password. Config, the PostgreSQL store and the commands all
// need it; it is here so none imports another for it.
package dsn

import (
	"net/url"
	"strings"
)

// Redact returns a connection URL with its password, in the user part or
// in a password parameter, replaced by "xxxxx". One that does not parse as
// a URL, or that is not scheme://… yet may carry a password (a libpq
// keyword string "host=… password=…", or "user:pw@host"), gives a
// placeholder, since its password cannot be found in it.
func Redact(dsn string) string {
	if dsn == "" {
		return ""
	}
	const unreadable = "postgres://(unreadable connection string)"
	u, err := url.Parse(dsn)
	if err != nil {
		return unreadable
	}
	if u.Scheme == "" || u.Opaque != "" {
		// No authority part: url.URL would print it back verbatim.
		if strings.Contains(strings.ToLower(dsn), "password") || strings.Contains(dsn, "@") {
			return unreadable
		}
		return dsn
	}
	if u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
	}
	q := u.Query()
	for k := range q {
		if strings.EqualFold(k, "password") {
			q.Set(k, "xxxxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Valid reports whether s is a postgres:// or postgresql:// URL that names
// a host (in the URL, or as a host parameter): what the config, migrate,
// the store and the load tool accept. A URL without a host would leave the
// host to the driver's defaults, which differ between machines.
func Valid(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "postgres", "postgresql":
	default:
		return false
	}
	return u.Host != "" || u.Query().Get("host") != ""
}
