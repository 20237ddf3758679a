package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"incidentbot/config"
	"incidentbot/internal/dsn"
	"incidentbot/storage/postgres"
	"incidentbot/storage/sqlite"
	"incidentbot/storage/transfer"
	"incidentbot/workflow"
)

// migrateMessages are what `incidentbot migrate` tells, in both languages.
var migrateMessages = workflow.Catalog{
	"migrate.done": {
		En: "copied {from} into {to}: {incidents} incidents ({drills} of them drills), {events} events ({redacted} payloads redacted), {timers} timers ({pending} pending), {outbox} outbox messages ({undone} not yet delivered), {links} links, {keys} idempotency keys",
		Ja: "{from} を {to} にコピーしました: インシデント {incidents}件（うち演習 {drills}件）、イベント {events}件（墨消し {redacted}件）、タイマー {timers}件（未発火 {pending}件）、送信キュー {outbox}件（未送信 {undone}件）、リンク {links}件、重複防止キー {keys}件",
	},
	"migrate.head": {
		En: "  {ref}: ok: {events} events, head {head}",
		Ja: "  {ref}: 正常: イベント {events}件、最新ハッシュ {head}",
	},
	"migrate.verified": {
		En: "every chain verifies on PostgreSQL with the head it had in the file. Point serve at the database (DATABASE_URL or [storage] dsn) and keep the file as it is, as the record of what came before.",
		Ja: "すべてのハッシュチェーンが PostgreSQL 上で検証でき、最新ハッシュはファイルのものと一致しました。serve の接続先をこのデータベース（DATABASE_URL または [storage] の dsn）に切り替え、ファイルはそれまでの記録としてそのまま保管してください。",
	},
	"migrate.no_file": {
		En: "{from}: no such SQLite file; nothing was copied. Name the file serve used with --from (its [storage] path, incidentbot.db by default)",
		Ja: "{from}: SQLite のファイルがありません。何もコピーしていません。--from には serve が使っていたファイル（[storage] の path。既定は incidentbot.db）を指定してください",
	},
	"migrate.in_use": {
		En: "{from} is in use ({holder}); nothing was copied. Stop serve and the console on it first, so that nothing is acknowledged after the copy and lost",
		Ja: "{from} は使用中です（{holder}）。何もコピーしていません。コピーの後に受け付けたコマンドが失われないよう、先にこのファイルの serve とコンソールを止めてください",
	},
	"migrate.holder": {
		En: "pid {pid}, {host}",
		Ja: "ホスト {host} の pid {pid}",
	},
	"migrate.holder_unknown": {
		En: "lock {lock}",
		Ja: "ロック {lock}",
	},
	"migrate.broken": {
		En: "incident {ref} in {from} does not verify at event {seq} ({reason}); nothing was copied. A copy would carry the break under a new name: run incidentbot verify {ref} --db {from}, and restore the file from a backup",
		Ja: "{from} のインシデント {ref} はイベント {seq} で検証に失敗します（{reason}）。何もコピーしていません。コピーすると改ざんの跡が見えにくくなります。incidentbot verify {ref} --db {from} で確認し、バックアップから復元してください",
	},
	"migrate.not_empty": {
		En: "{to} is not empty (table {table}: {rows}); nothing was copied. migrate copies into an empty database only: create a new one (createdb) and name it with --to",
		Ja: "{to} は空ではありません（テーブル {table}: {rows}）。何もコピーしていません。migrate は空のデータベースにだけコピーします。新しいデータベースを作成し（createdb）、--to で指定してください",
	},
	"migrate.mismatch": {
		En: "the copy in {to} does not match {from}: {detail}. Do not serve from it: drop the database, create it again and run migrate again",
		Ja: "{to} のコピーが {from} と一致しません: {detail}。このデータベースでは serve を動かさず、削除して作り直し、migrate をやり直してください",
	},
	"migrate.failed": {
		En: "nothing was copied from {from} to {to}: {detail}",
		Ja: "{from} から {to} へは何もコピーしていません: {detail}",
	},
	"migrate.no_target": {
		En: "name the PostgreSQL database to copy into: --to postgres://USER@HOST:PORT/DBNAME (or set DATABASE_URL)",
		Ja: "コピー先の PostgreSQL データベースを指定してください: --to postgres://ユーザー@ホスト:ポート/データベース名（または環境変数 DATABASE_URL）",
	},
	"migrate.not_postgres": {
		En: "{to} is not a PostgreSQL database; write a URL with its host, such as postgres://USER@HOST:PORT/DBNAME (postgres:// or postgresql://)",
		Ja: "{to} は PostgreSQL のデータベースではありません。postgres://ユーザー@ホスト:ポート/データベース名 のように、ホストを含む URL を書いてください（postgres:// か postgresql://）",
	},
}

func (o *options) migrateFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.from, "from", "", "the SQLite database `FILE` to copy (opened read-only; stop serve on it first)")
	fs.StringVar(&o.to, "to", "", "the empty PostgreSQL database to copy into, `postgres://USER@HOST:PORT/DBNAME` (default $DATABASE_URL, which keeps the password out of the process list)")
}

// migrate copies a SQLite store into an empty PostgreSQL database and
// verifies every chain there (storage/transfer).
func (m *Main) migrate(ctx context.Context, args []string) error {
	var o options
	fs := o.flagSet("migrate", withLang)
	o.migrateFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return mistake("usage.migrate_argument", workflow.Args{"arg": quoted(pos[0])})
	}
	if o.from == "" {
		return mistake("usage.migrate_no_from", nil)
	}
	lang := peekLanguage(o.config)
	if o.lang != "" {
		if lang, err = workflow.ParseLang(o.lang); err != nil {
			return mistake("usage.lang", workflow.Args{"value": quoted(o.lang)})
		}
	}
	say := func(key workflow.MsgKey, a workflow.Args) string {
		return workflow.Printable(migrateMessages.Render(lang, workflow.M(key, a)))
	}
	refuse := func(key workflow.MsgKey, a workflow.Args, cause error) error {
		return &langError{text: say(key, a), err: cause}
	}
	to := o.to
	if to == "" {
		to = m.Getenv(config.EnvDatabaseURL)
	}
	if to == "" {
		return refuse("migrate.no_target", nil, nil)
	}
	name := postgres.Redact(to)
	if !dsn.Valid(to) {
		return refuse("migrate.not_postgres", workflow.Args{"to": name}, nil)
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	rep, err := transfer.Copy(ctx, o.from, to, transfer.Options{Log: e.log})
	if err != nil {
		return migrateRefusal(say, refuse, o.from, name, err)
	}
	var b strings.Builder
	b.WriteString(say("migrate.done", workflow.Args{"from": o.from, "to": name,
		"incidents": rep.Incidents, "drills": rep.Drills, "events": rep.Events, "redacted": rep.Redacted,
		"timers": rep.Timers, "pending": rep.Pending, "outbox": rep.Outbox, "undone": rep.Undone,
		"links": rep.Links, "keys": rep.Keys}) + "\n")
	for _, h := range rep.Heads {
		b.WriteString(say("migrate.head", workflow.Args{"ref": h.Ref.String(), "events": h.Events, "head": h.Head.String()}) + "\n")
	}
	b.WriteString(say("migrate.verified", nil) + "\n")
	_, err = fmt.Fprint(m.Stdout, b.String())
	return err
}

// migrateRefusal is the line a failed copy ends with, in the reader's
// language; the cause stays wrapped for the log and for errors.Is.
func migrateRefusal(say func(workflow.MsgKey, workflow.Args) string, refuse func(workflow.MsgKey, workflow.Args, error) error, from, to string, err error) error {
	var le *sqlite.LockedError
	var ne *transfer.NotEmptyError
	var ce *transfer.ChainError
	switch {
	case errors.Is(err, transfer.ErrNoFile):
		return refuse("migrate.no_file", workflow.Args{"from": from}, err)
	case errors.As(err, &le):
		// The holder in the reader's language too, inside the sentence.
		holder := say("migrate.holder_unknown", workflow.Args{"lock": from + sqlite.LockSuffix})
		if le.Holder.PID != 0 {
			holder = say("migrate.holder", workflow.Args{"pid": le.Holder.PID, "host": le.Holder.Host})
		}
		return refuse("migrate.in_use", workflow.Args{"from": from, "holder": holder}, err)
	case errors.As(err, &ce) && errors.Is(err, transfer.ErrSourceBroken):
		return refuse("migrate.broken", workflow.Args{"from": from, "ref": ce.Ref.String(), "seq": ce.Chain.Seq, "reason": ce.Chain.Reason}, err)
	case errors.As(err, &ne):
		return refuse("migrate.not_empty", workflow.Args{"to": to, "table": ne.Table, "rows": ne.Rows}, err)
	case errors.Is(err, transfer.ErrMismatch):
		return refuse("migrate.mismatch", workflow.Args{"from": from, "to": to, "detail": err.Error()}, err)
	}
	return refuse("migrate.failed", workflow.Args{"from": from, "to": to, "detail": err.Error()}, err)
}
