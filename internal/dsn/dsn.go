// Package dsn names a database in logs, errors and printed configuration
// without its password. Config and the PostgreSQL store both need it; it is
// here so neither imports the other.
package dsn

import (
	"net/url"
	"strings"
)

// Redact returns a connection URL with its password, in the user part or
// in a password parameter, replaced by "xxxxx". One that does not parse as
// a URL gives a placeholder, since its password cannot be found in it.
func Redact(dsn string) string {
	if dsn == "" {
		return ""
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://(unreadable connection string)"
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
