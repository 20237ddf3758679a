package report

import (
	"bufio"
	"encoding/json"
	"io"
	"reflect"
	"strings"

	"incidentbot/workflow"
)

// writeJSON writes the report as indented JSON with the stable snake_case
// field names documented in docs/export.md. It is the same in every
// language: phases, roles, severities and event kinds are their keys, times
// are RFC 3339 in UTC and durations are whole seconds. The fields come in
// the order of Report's; the event list, before the chain, is read from the
// timeline again and written an event at a time. The bytes are those
// json.MarshalIndent would give for the whole, and a line break.
func (r *Report) writeJSON(w io.Writer, src workflow.EventSource) error {
	out := &errWriter{w: bufio.NewWriterSize(w, 64<<10)}
	sep := "{\n  "
	name := func(n string) {
		out.str(sep + `"` + n + `": `)
		sep = ",\n  "
	}
	value := func(val any, prefix string) {
		b, err := json.MarshalIndent(val, prefix, "  ")
		if err != nil {
			if out.err == nil {
				out.err = err
			}
			return
		}
		out.str(string(b))
	}
	v := reflect.ValueOf(r).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || n == "" || n == "-" {
			continue
		}
		if n == "chain" {
			name("events")
			if err := r.jsonEvents(out, src, value); err != nil {
				return err
			}
		}
		name(n)
		value(v.Field(i).Interface(), "  ")
	}
	out.str("\n}\n")
	return out.flush()
}

// jsonEvents writes the event list, an event at a time.
func (r *Report) jsonEvents(out *errWriter, src workflow.EventSource, value func(any, string)) error {
	n := 0
	err := src.Scan(0, nil, func(e workflow.Event) error {
		if n == 0 {
			out.str("[\n    ")
		} else {
			out.str(",\n    ")
		}
		n++
		value(Event{
			Seq: e.Seq, Kind: e.Kind, OccurredAt: e.OccurredAt.UTC(), RecordedAt: e.RecordedAt.UTC(),
			Actor:   Actor{Team: e.Actor.Team, User: e.Actor.User, Name: e.Actor.Name},
			Subject: e.Subject, Redacted: e.Redacted, Unreadable: r.unreadable[e.Seq], Hash: e.Hash,
		}, "    ")
		return out.err
	})
	if n == 0 {
		out.str("[]")
	} else {
		out.str("\n  ]")
	}
	return err
}
