package report

import (
	"bufio"
	"encoding/hex"
	"encoding/json"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"incidentbot/workflow"
)

// writeJSON writes the report as indented JSON with the stable snake_case
// field names documented in docs/export.md. It is the same in every
// language: phases, roles, severities and event kinds are their keys, times
// are RFC 3339 in UTC and durations are whole seconds. The fields come in
// the order of Report's; the event list, before the chain, is written an
// event at a time from the heads the full pass kept. The bytes are those
// json.MarshalIndent would give for the whole, and a line break, except that
// characters a terminal would act on (DEL, C1 controls, bidirectional
// formatting) are written as \u escapes: the text is kept exactly and shows
// safely.
func (r *Report) writeJSON(w io.Writer, src workflow.EventSource) error {
	out := &errWriter{w: bufio.NewWriterSize(w, 64<<10)}
	if err := r.jsonObject(out, src, "", reflect.ValueOf(r).Elem(), ""); err != nil {
		return err
	}
	out.str("\n")
	return out.flush()
}

// jsonObject writes the struct v at path (its fields at prefix plus two
// spaces): each field marshalled whole, except a list that was let go
// (lists.go), written an item at a time, and, at the top, the event list
// before the chain.
func (r *Report) jsonObject(out *errWriter, src workflow.EventSource, path string, v reflect.Value, prefix string) error {
	inner := prefix + "  "
	sep := "{\n" + inner
	name := func(n string) {
		out.str(sep + `"` + n + `": `)
		sep = ",\n" + inner
	}
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || n == "" || n == "-" {
			continue
		}
		p := n
		if path != "" {
			p = path + "." + n
		}
		if p == "chain" {
			name("events")
			if err := r.jsonEvents(out, src); err != nil {
				return err
			}
		}
		name(n)
		if err := r.jsonField(out, src, p, v.Field(i), inner); err != nil {
			return err
		}
	}
	out.str("\n" + prefix + "}")
	return out.err
}

// jsonField writes one field's value at path.
func (r *Report) jsonField(out *errWriter, src workflow.EventSource, path string, v reflect.Value, prefix string) error {
	if r.overAt(path) {
		for id := range listCount {
			if lists[id].path == path {
				return r.jsonList(out, src, id, prefix)
			}
		}
		return r.jsonObject(out, src, path, v, prefix)
	}
	b, err := marshalIndent(v.Interface(), prefix)
	if err != nil {
		return err
	}
	out.bytes(b)
	return out.err
}

// jsonEvents writes the event list, an event at a time, from the heads
// the full pass kept (and those read again past heldHeads).
func (r *Report) jsonEvents(out *errWriter, src workflow.EventSource) error {
	n := 0
	var buf []byte
	err := r.eachHead(src, func(e workflow.Event) error {
		_, redacted := r.redactedKinds[e.Seq] // the heads do not say
		if n == 0 {
			out.str("[\n    ")
		} else {
			out.str(",\n    ")
		}
		n++
		buf = appendEventJSON(buf[:0], Event{
			Seq: e.Seq, Kind: e.Kind, OccurredAt: e.OccurredAt.UTC(), RecordedAt: e.RecordedAt.UTC(),
			Actor:   Actor{Team: e.Actor.Team, User: e.Actor.User, Name: e.Actor.Name},
			Subject: e.Subject, Redacted: redacted, Unreadable: r.unreadable[e.Seq], Hash: e.Hash,
		})
		out.bytes(buf)
		return out.err
	})
	if n == 0 {
		out.str("[]")
	} else {
		out.str("\n  ]")
	}
	return err
}

// appendEventJSON appends one row of the event list as
// json.MarshalIndent(e, "    ", "  ") writes it, without reflection: the
// list has a row per event.
func appendEventJSON(b []byte, e Event) []byte {
	const in, in2 = "\n      ", "\n        "
	b = append(b, "{"+in+`"seq": `...)
	b = strconv.AppendInt(b, int64(e.Seq), 10)
	b = append(b, ","+in+`"kind": `...)
	b = appendJSONString(b, string(e.Kind))
	b = append(b, ","+in+`"occurred_at": "`...)
	b = e.OccurredAt.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `",`+in+`"recorded_at": "`...)
	b = e.RecordedAt.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `",`+in+`"actor": {`+in2+`"team": `...)
	b = appendJSONString(b, e.Actor.Team)
	b = append(b, ","+in2+`"user": `...)
	b = appendJSONString(b, e.Actor.User)
	b = append(b, ","+in2+`"name": `...)
	b = appendJSONString(b, e.Actor.Name)
	b = append(b, in+"},"+in+`"subject": `...)
	b = appendJSONString(b, e.Subject)
	b = append(b, ","+in+`"redacted": `...)
	b = strconv.AppendBool(b, e.Redacted)
	b = append(b, ","+in+`"unreadable": `...)
	b = strconv.AppendBool(b, e.Unreadable)
	b = append(b, ","+in+`"hash": "`...)
	b = hex.AppendEncode(b, e.Hash[:])
	return append(b, "\"\n    }"...)
}

// appendJSONString appends s as encoding/json writes a string: as it is
// when nothing in it needs escaping, else through encoding/json itself (and
// appendPrintable).
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == 0x7f || c >= 0x80 {
			q, _ := json.Marshal(s) // a string always marshals
			return appendPrintable(b, q)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
