package main

import (
	"errors"
	"strings"
	"testing"

	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// TestMigrateInUseSpeaksOneLanguage: the refusal of a held file names its
// holder in the reader's language, not in English inside a Japanese line.
func TestMigrateInUseSpeaksOneLanguage(t *testing.T) {
	for _, tc := range []struct {
		lang   workflow.Lang
		holder sqlite.Holder
		want   string
	}{
		{workflow.English, sqlite.Holder{}, "x.db is in use (lock x.db" + sqlite.LockSuffix + ")"},
		{workflow.Japanese, sqlite.Holder{}, "x.db は使用中です（ロック x.db" + sqlite.LockSuffix + "）"},
		{workflow.English, sqlite.Holder{PID: 42, Host: "ops1"}, "x.db is in use (pid 42, ops1)"},
		{workflow.Japanese, sqlite.Holder{PID: 42, Host: "ops1"}, "x.db は使用中です（ホスト ops1 の pid 42）"},
	} {
		say := func(key workflow.MsgKey, a workflow.Args) string {
			return workflow.Printable(migrateMessages.Render(tc.lang, workflow.M(key, a)))
		}
		refuse := func(key workflow.MsgKey, a workflow.Args, cause error) error {
			return &langError{text: say(key, a), err: cause}
		}
		cause := &sqlite.LockedError{Path: "x.db", Holder: tc.holder}
		err := migrateRefusal(say, refuse, "x.db", "postgres://db/x", cause)
		if !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%v, %+v: %q, want it to start %q", tc.lang, tc.holder, err, tc.want)
		}
		if !errors.Is(err, sqlite.ErrLocked) {
			t.Errorf("%v: the cause is lost: %v", tc.lang, err)
		}
	}
}
