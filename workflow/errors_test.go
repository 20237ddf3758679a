package workflow_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"incidentbot/workflow"
)

// ErrorReply passes a user's mistake through as its own message and logs
// nothing; an error of ours becomes the one internal-error reply, whose id
// is the id of the log entry that holds the detail.
func TestErrorReply(t *testing.T) {
	actor := workflow.ConsoleActor("sato")
	refused := fmt.Errorf("execute: %w", workflow.Problemf(workflow.ErrNotFound, "err.not_found", workflow.Args{"ref": workflow.Ref{Number: 99}}))
	for _, tc := range []struct {
		name    string
		err     error
		wantKey workflow.MsgKey
		logged  bool
	}{
		{"user message", refused, "err.not_found", false},
		{"ours", fmt.Errorf("append event: %w", errors.New("disk on fire: secret detail")), "err.internal", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log bytes.Buffer
			m := workflow.ErrorReply(slog.New(slog.NewTextHandler(&log, nil)), actor, tc.err)
			if m.Key != tc.wantKey {
				t.Fatalf("key %s, want %s", m.Key, tc.wantKey)
			}
			if !tc.logged {
				if log.Len() != 0 {
					t.Errorf("a user's mistake was logged: %s", log.String())
				}
				return
			}
			id, _ := m.Args["id"].(string)
			if !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(id) {
				t.Fatalf("error id %q", id)
			}
			for _, l := range workflow.Langs {
				text := workflow.Render(l, m)
				if !strings.Contains(text, id) || strings.Contains(text, "disk on fire") {
					t.Errorf("%s: %q lacks the id or shows the detail", l, text)
				}
			}
			for _, want := range []string{"internal error", "id=" + id, "actor=console:sato", "disk on fire"} {
				if !strings.Contains(log.String(), want) {
					t.Errorf("log lacks %q: %s", want, log.String())
				}
			}
		})
	}
}

// A command the store was too busy to take gets the one "busy, try again"
// reply in every language, with no error id: nothing was applied and
// nothing is for an administrator to look up.
func TestErrorReplyBusy(t *testing.T) {
	var log bytes.Buffer
	err := fmt.Errorf("update: %w", fmt.Errorf("write queue: %w", workflow.ErrBusy))
	m := workflow.ErrorReply(slog.New(slog.NewTextHandler(&log, nil)), workflow.ConsoleActor("sato"), err)
	if m.Key != "err.busy" {
		t.Fatalf("key %s, want err.busy", m.Key)
	}
	for _, l := range workflow.Langs {
		if text := workflow.Render(l, m); text == "" || strings.Contains(text, "{") {
			t.Errorf("%s: %q", l, text)
		}
	}
	if !strings.Contains(log.String(), "busy") || strings.Contains(log.String(), "internal error") {
		t.Errorf("log: %s", log.String())
	}
}
