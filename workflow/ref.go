package workflow

import (
	"fmt"
	"strconv"
	"strings"
)

// Ref names an incident: by number in its series (#3, #D-2), or by id.
type Ref struct {
	Drill  bool
	Number int
	ID     ID
}

// IsZero reports whether the ref names nothing.
func (r Ref) IsZero() bool { return r.Number == 0 && r.ID == NilID }

// String is #N, #D-N or the UUID.
func (r Ref) String() string {
	switch {
	case r.ID != NilID:
		return r.ID.String()
	case r.Drill:
		return "#D-" + strconv.Itoa(r.Number)
	default:
		return "#" + strconv.Itoa(r.Number)
	}
}

// Localize lets a Ref fill a message placeholder.
func (r Ref) Localize(Lang) string { return r.String() }

// ParseRef reads N, #N, D-N, #D-N or a UUID (the command-line forms).
func ParseRef(s string) (Ref, error) {
	s = strings.TrimSpace(s)
	if id, err := ParseID(s); err == nil {
		return Ref{ID: id}, nil
	}
	t := strings.TrimPrefix(strings.TrimPrefix(s, "#"), "＃")
	drill := false
	if rest, ok := cutPrefixFold(t, "D-"); ok {
		drill, t = true, rest
	}
	n, err := strconv.Atoi(t)
	if err != nil || n <= 0 || strconv.Itoa(n) != t {
		return Ref{}, fmt.Errorf("%q is not an incident reference: write 3, #3, D-2 or the incident's id", s)
	}
	return Ref{Drill: drill, Number: n}, nil
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}
