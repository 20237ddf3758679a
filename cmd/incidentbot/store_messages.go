package main

import (
	"errors"
	"time"

	wiring "incidentbot/internal/app"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// storeMessages are the refusals of opening a SQLite store that a person
// can act on, in both languages.
var storeMessages = workflow.Catalog{
	"store.in_use": {
		En: "{path} is in use by incidentbot pid {pid} on host {host} since {since} (lock {lock}); only one may write to it: stop that one first",
		Ja: "{path} はホスト {host} の incidentbot（pid {pid}、{since} から）が使用中です（ロック {lock}）。書き込めるのは1つだけです。先にそちらを止めてください",
	},
	"store.in_use_unknown": {
		En: "{path} is in use by another incidentbot (lock {lock}); only one may write to it: stop that one first",
		Ja: "{path} は別の incidentbot が使用中です（ロック {lock}）。書き込めるのは1つだけです。先にそちらを止めてください",
	},
	"store.no_file": {
		En: "no database at {path} (name one with --db FILE or the config's [storage] path)",
		Ja: "{path} にデータベースがありません（--db FILE か設定の [storage] の path で指定してください）",
	},
}

// storeRefusal is err in lang when it is a refusal the reader can act on
// (the file is held by another process, or does not exist); any other
// error as it is. The cause stays wrapped for errors.Is and errors.As.
func storeRefusal(lang workflow.Lang, err error) error {
	var le *sqlite.LockedError
	var ne *wiring.NoDatabaseError
	say := func(key workflow.MsgKey, a workflow.Args) error {
		return &langError{text: workflow.Printable(storeMessages.Render(lang, workflow.M(key, a))), err: err}
	}
	switch {
	case errors.As(err, &le) && le.Holder.PID == 0:
		return say("store.in_use_unknown", workflow.Args{"path": le.Path, "lock": le.Path + sqlite.LockSuffix})
	case errors.As(err, &le):
		h := le.Holder
		return say("store.in_use", workflow.Args{"path": le.Path, "pid": h.PID, "host": h.Host,
			"since": h.Since.Format(time.RFC3339), "lock": le.Path + sqlite.LockSuffix})
	case errors.As(err, &ne):
		return say("store.no_file", workflow.Args{"path": ne.Path})
	}
	return err
}
