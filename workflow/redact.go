package workflow

import "fmt"

// decideRedact checks a redaction: only those the redact authority allows
// (by default the commander or the approver) may redact, only an event that
// carries free text, and only once.
func decideRedact(tx ReadTx, inc *Incident, cmd Command, e env) ([]Draft, error) {
	if err := e.auth.check(ActRedact, inc, e.actor); err != nil {
		return nil, err
	}
	n := cmd.EventNumber
	if n < 1 || n > inc.Seq {
		return nil, Problemf(ErrNotFound, "err.no_event", Args{"n": n, "ref": inc.Ref(), "count": inc.Seq})
	}
	events, err := tx.Events(inc.ID)
	if err != nil {
		return nil, fmt.Errorf("read timeline of %s: %w", inc.Ref(), err)
	}
	target := events[n-1]
	if !target.Kind.Redactable() {
		return nil, Problemf(ErrInvalid, "err.not_redactable", Args{"n": n, "kind": target.Kind})
	}
	if target.Redacted {
		return nil, Problemf(ErrInvalid, "err.already_redacted", Args{"n": n})
	}
	return []Draft{{Payload: Redaction{Seq: n, Reason: cmd.Reason}}}, nil
}

// redactedSeq is the event whose payload the drafts redact; 0 if none.
func redactedSeq(drafts []Draft) int {
	for _, d := range drafts {
		if r, ok := d.Payload.(Redaction); ok {
			return r.Seq
		}
	}
	return 0
}
