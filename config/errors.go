package config

import (
	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// Every error of this package is made by problem, from the catalog, in
// English and Japanese: an error cannot be written in one language only.
// `check` prints it in the configured language, serve refuses with it.

// problem is the problem at key (a path: "slack.mode"; "" for the file),
// the catalog's message m with args. The caller sets the place.
func problem(key string, m MsgKey, args workflow.Args) *Error {
	return tomlpos.Problem(messages, key, workflow.M(m, args))
}

// sayFunc reports a problem at key: the catalog's message m with args.
type sayFunc = func(key string, m MsgKey, args workflow.Args)

// quoted is a value as the file writes it: "x" in English, 「x」 in Japanese.
func quoted(s string) workflow.Text { return tomlpos.Quoted(s) }

// The errors of the top-level keys, [slack], [http], [storage] and [drills]
// sandbox_channels, in both languages.
var settingMessages = workflow.Catalog{
	"config.err.read": {
		En: "read config: {detail}",
		Ja: "設定ファイルを読めません（詳細: {detail}）",
	},
	"config.err.language": {
		En: "{value} is not a language incidentbot speaks; write language = \"en\" or language = \"ja\"",
		Ja: "{value}は incidentbot が使える言語ではありません。language = \"en\" か language = \"ja\" と書いてください",
	},
	"config.err.timezone": {
		En: "{value} is not a time zone name; write an IANA name such as \"Asia/Tokyo\" or \"UTC\", or leave the key out (then Japanese means Asia/Tokyo, English the system's zone)",
		Ja: "{value}はタイムゾーンの名前ではありません。\"Asia/Tokyo\" や \"UTC\" のような IANA の名前を書くか、このキーを消してください（消すと、日本語では Asia/Tokyo、英語ではシステムのタイムゾーンになります）",
	},
	"config.err.mode": {
		En: "{value} is not a mode; write mode = \"socket\" (Socket Mode, no public URL) or mode = \"http\" (Slack posts to [http] listen)",
		Ja: "{value}は接続方式ではありません。mode = \"socket\"（Socket Mode。公開 URL は不要）か mode = \"http\"（Slack が [http] listen のアドレスに送信）と書いてください",
	},
	"config.err.api_url": {
		En: "{value} is not a Web API base URL; write an http(s) URL ending in \"/\", such as \"http://127.0.0.1:9000/api/\", or leave the key out",
		Ja: "{value}は Web API のベース URL ではありません。\"http://127.0.0.1:9000/api/\" のように \"/\" で終わる http か https の URL を書くか、このキーを消してください",
	},
	"config.err.team_id": {
		En: "entry {n} is empty; list team ids such as [\"T0123ABCD\"]",
		Ja: "{n}番目が空です。[\"T0123ABCD\"] のようにワークスペースのチーム ID を並べてください",
	},
	"config.err.pin_reaction": {
		En: "{value} is not a reaction name; write the name without colons, such as pin_reaction = \"pushpin\"",
		Ja: "{value}はリアクションの名前ではありません。pin_reaction = \"pushpin\" のように、コロン（:）を付けずに名前を書いてください",
	},
	"config.err.listen": {
		En: "{value} is not an address; write host:port such as \":8080\" or \"127.0.0.1:8080\"",
		Ja: "{value}はアドレスではありません。\":8080\" や \"127.0.0.1:8080\" のように「ホスト:ポート」の形で書いてください",
	},
	"config.err.db_path": {
		En: "the database file is empty; write a path such as path = \"incidentbot.db\", or leave the key out",
		Ja: "データベースのファイルが空欄です。path = \"incidentbot.db\" のようにパスを書くか、このキーを消してください",
	},
	"config.err.outbox_lease": {
		En: "{value} is not a lease for outbox messages; write a duration from \"1s\" to \"1h\" (longer than one delivery to Slack takes), such as \"30s\", or leave the key out",
		Ja: "{value} は送信キューの保持時間として使えません。\"1s\" から \"1h\" までの期間（Slack への1回の送信にかかる時間より長く）を \"30s\" のように書くか、このキーを消してください",
	},
	"config.err.dsn": {
		En: "{value} is not a PostgreSQL database; write a URL such as dsn = \"postgres://incidentbot@db.example.com:5432/incidentbot?sslmode=require\" (postgres:// or postgresql://), or leave the key out to use the SQLite file at path",
		Ja: "{value}は PostgreSQL のデータベースではありません。dsn = \"postgres://incidentbot@db.example.com:5432/incidentbot?sslmode=require\" のような URL（postgres:// か postgresql://）を書くか、このキーを消して path の SQLite ファイルを使ってください",
	},
	"config.err.dsn_env": {
		En: "{env} is set to {value}, which is not a PostgreSQL database; set it to a URL such as \"postgres://incidentbot@db.example.com:5432/incidentbot?sslmode=require\" (postgres:// or postgresql://), or unset it",
		Ja: "環境変数 {env} は {value} ですが、PostgreSQL のデータベースではありません。\"postgres://incidentbot@db.example.com:5432/incidentbot?sslmode=require\" のような URL（postgres:// か postgresql://）にするか、設定を外してください",
	},
	"config.err.sandbox_channel": {
		En: "{value} is not a channel id; write the id of the channel (C… or G…, shown at the bottom of the channel's details in Slack), not its name",
		Ja: "{value}はチャンネル ID ではありません。チャンネル名ではなく、チャンネルの ID（C… または G…。Slack のチャンネル詳細の下部に表示されます）を書いてください",
	},
}

// The errors of decoding the file: unknown keys, values of the wrong type,
// TOML syntax.
var decodeMessages = workflow.Catalog{
	"config.err.syntax": {
		En: "TOML syntax: {detail}; see config.example.toml for the form of each key",
		Ja: "TOML の書き方に誤りがあります（詳細: {detail}）。各キーの書き方は config.example.toml を見てください",
	},
	"config.err.as_is": {
		En: "{detail}",
		Ja: "この設定ファイルを読み取れません（詳細: {detail}）",
	},
	"config.err.unknown_key": {
		En: "unknown key; remove it or fix its spelling (keys {where}: {keys})",
		Ja: "不明なキーです。消すか、つづりを直してください（{where}キー: {keys}）",
	},
	"config.err.unknown_key_guess": {
		En: "unknown key; did you mean {guess}? (keys {where}: {keys})",
		Ja: "不明なキーです。{guess}の書き間違いではありませんか（{where}キー: {keys}）",
	},
	"config.err.unknown_key_anywhere": {
		En: "unknown key; remove it (config.example.toml lists every key)",
		Ja: "不明なキーです。消してください（すべてのキーは config.example.toml にあります）",
	},
	"config.where.top":   {En: "at the top level", Ja: "最上位の"},
	"config.where.table": {En: "in [{table}]", Ja: "[{table}] の"},
	"config.where.array": {En: "in [[{table}]]", Ja: "[[{table}]] の"},
	"config.where.path":  {En: "in {table}", Ja: "{table} の"},
	"config.err.wrong_type": {
		En: "wrong type ({found}); write {want}",
		Ja: "値の種類が違います（{found}）。{want}",
	},
	"config.err.wrong_type_detail": {
		En: "wrong type: {detail}",
		Ja: "値の種類が違います（詳細: {detail}）",
	},
	"config.found.value": {En: "found {value}", Ja: "{value} が書かれています"},
	"config.want.duration": {
		En: "a duration in double quotes, like {name} = \"5m\" (\"90s\", \"1h30m\")",
		Ja: "{name} = \"5m\" のように、期間を二重引用符で囲んで書いてください（\"90s\"、\"1h30m\" など）",
	},
	"config.want.text": {
		En: "a text per language, like {name} = { en = \"…\", ja = \"…\" }",
		Ja: "{name} = { en = \"…\", ja = \"…\" } のように、言語ごとの文を書いてください",
	},
	"config.want.lists": {
		En: "a list of lists of strings, like {name} = [[\"U0A\", \"U0B\"], [\"U0B\", \"U0A\"]]",
		Ja: "{name} = [[\"U0A\", \"U0B\"], [\"U0B\", \"U0A\"]] のように、文字列のリストを並べたリストを書いてください",
	},
	"config.want.tables": {
		En: "one table per entry, each written [[{path}]] on a line of its own with its keys below",
		Ja: "一件ごとに [[{path}]] の見出しを1行に書き、その下にキーを書いてください",
	},
	"config.want.string": {
		En: "a string in double quotes, like {name} = \"…\"",
		Ja: "{name} = \"…\" のように、文字列を二重引用符で囲んで書いてください",
	},
	"config.want.strings": {
		En: "a list of strings, like {name} = [\"a\", \"b\"]",
		Ja: "{name} = [\"a\", \"b\"] のように、文字列のリストを書いてください",
	},
	"config.want.table": {
		En: "a table, written [{path}] on a line of its own with its keys below",
		Ja: "[{path}] の見出しを1行に書き、その下にキーを書いてください",
	},
	"config.want.bool": {
		En: "true or false, like {name} = true",
		Ja: "{name} = true のように、true か false を書いてください",
	},
	"config.want.int": {
		En: "a whole number, like {name} = 3",
		Ja: "{name} = 3 のように、整数を書いてください",
	},
	"config.want.other": {
		En: "a value of type {type}",
		Ja: "{type} 型の値を書いてください",
	},
	"config.err.duration": {
		En: "{value} is not a duration; write it as Go does, in double quotes: \"90s\", \"5m\", \"1h30m\" (units ns, us, ms, s, m, h)",
		Ja: "{value}は期間として読めません。\"90s\"、\"5m\"、\"1h30m\" のように二重引用符で囲んで書いてください（単位は ns、us、ms、s（秒）、m（分）、h（時間））",
	},
}

// The errors of [escalation], [[severity]], [[oncall]], [paging] and
// [authority] (but approve_statement, in messages.go).
var escalationMessages = workflow.Catalog{
	"config.err.unassigned_reminder": {
		En: "{value} is negative; write a duration such as \"10m\", or \"0s\" for no reminder",
		Ja: "{value} は負の値です。\"10m\" のような期間を書くか、リマインドが不要なら \"0s\" と書いてください",
	},
	"config.err.assign_commander": {
		En: "assign_commander = true needs a commander chain to take the primary from; add an [[oncall]] table with role = \"commander\", or write assign_commander = false",
		Ja: "assign_commander = true には、一次の連絡先を指揮者にするための指揮者の連絡網が必要です。role = \"commander\" の [[oncall]] を加えるか、assign_commander = false と書いてください",
	},
	"config.err.any_target": {
		En: "{value} is not a target; write role:commander, user:U0123, group:S0123 or channel:C0123",
		Ja: "{value}は対象の書き方になっていません。role:commander、user:U0123、group:S0123、channel:C0123 のように書いてください",
	},
	"config.err.any_target_role": {
		En: "{value}: unknown role {role}; roles: {roles}",
		Ja: "{value}: {role}という役割はありません。役割: {roles}",
	},
	"config.err.any_target_id": {
		En: "{value}: an id has no spaces; write the id alone, such as {kind}:U0123",
		Ja: "{value}: ID に空白は入りません。{kind}:U0123 のように ID だけを書いてください",
	},
	"config.err.any_target_kind": {
		En: "{value}: unknown kind {kind}; write role:, user:, group: or channel:",
		Ja: "{value}: {kind}という種類はありません。role:、user:、group:、channel: のいずれかを書いてください",
	},
	"config.err.authority_kind": {
		En: "{value}: authority is held by roles and people; write role:approver or user:U0123 (a {kind} cannot be checked against who acts)",
		Ja: "{value}: 権限を持てるのは役割か個人です。role:approver や user:U0123 と書いてください（{kind} では誰が操作したかを確かめられません）",
	},
	"config.err.word_twice": {
		En: "{word} is written twice for level {level} (first at {first}); remove one",
		Ja: "{word}は重大度{level}に二度書かれています（最初は {first}）。一つを消してください",
	},
	"config.err.word_taken": {
		En: "{word} is already {what} of level {level} ({first}); each key and alias must name one level",
		Ja: "{word}はすでに重大度{level}の{what}です（{first}）。キーと別名（aliases）は、それぞれ一つの重大度だけを指すようにしてください",
	},
	"config.what.level_key": {En: "the key", Ja: "キー"},
	"config.what.alias":     {En: "an alias", Ja: "別名"},
	"config.err.level_key": {
		En: "the level has no key; write key = \"high\" (one word, used in /incident open and /incident sev)",
		Ja: "重大度にキーがありません。key = \"high\" のように書いてください（1語。/incident open と /incident sev で使います）",
	},
	"config.err.level_key_word": {
		En: "{value} is not one word; a key is letters, digits, - and _ (such as \"critical\" or \"sev0\"), so /incident open can tell it from the title",
		Ja: "{value}は1語ではありません。/incident open で件名と区別できるよう、キーは文字・数字・-・_ だけで書いてください（\"critical\" や \"sev0\" など）",
	},
	"config.err.alias_word": {
		En: "{value} is not one word; an alias is letters, digits, - and _ (such as \"sev1\" or \"高\")",
		Ja: "{value}は1語ではありません。別名は文字・数字・-・_ だけで書いてください（\"sev1\" や \"高\" など）",
	},
	"config.err.ack_within": {
		En: "{value} is negative; write a duration such as \"5m\", or \"0s\" to chase nobody",
		Ja: "{value} は負の値です。\"5m\" のような期間を書くか、応答の催促をしないなら \"0s\" と書いてください",
	},
	"config.err.status_every": {
		En: "{value} is negative; write a duration such as \"30m\", or \"0s\" for no status reminders",
		Ja: "{value} は負の値です。\"30m\" のような期間を書くか、状況共有のリマインドが不要なら \"0s\" と書いてください",
	},
	"config.err.repeat": {
		En: "{value} is negative; write how many more rounds follow the final link, 0 or more",
		Ja: "{value} は負の値です。連絡網の最終の連絡先の後に、さらに何周連絡するかを0以上で書いてください",
	},
	"config.err.repeat_without_ack": {
		En: "repeat = {value} has no effect without ack_within (nobody is chased, so there are no rounds); set ack_within or remove repeat",
		Ja: "ack_within がないため repeat = {value} は働きません（応答の催促をしないので、繰り返しもありません）。ack_within を設定するか、repeat を消してください",
	},
	"config.err.may_stop_form": {
		En: "write a name, such as \"admin screen\", or both forms, such as { en = \"infected PC\", ja = \"感染PC\" }",
		Ja: "\"admin screen\" のように名前を書くか、{ en = \"infected PC\", ja = \"感染PC\" } のように両方の言語で書いてください",
	},
	"config.err.may_stop_empty": {
		En: "the entry is empty; name what may be stopped, such as \"admin screen\" or { en = \"infected PC\", ja = \"感染PC\" }",
		Ja: "空の項目です。\"admin screen\" や { en = \"infected PC\", ja = \"感染PC\" } のように、停止してよいものを書いてください",
	},
	"config.err.may_stop_twice": {
		En: "{value} is listed twice (also {first}); remove one",
		Ja: "{value}は二度書かれています（{first} にもあります）。一つを消してください",
	},
	"config.err.oncall_role_missing": {
		En: "the chain names no role; write role = \"commander\" (roles: {roles})",
		Ja: "連絡網に役割がありません。role = \"commander\" のように書いてください（役割: {roles}）",
	},
	"config.err.oncall_role": {
		En: "{value} is not a role; roles: {roles}",
		Ja: "{value}は役割ではありません。役割: {roles}",
	},
	"config.err.oncall_role_twice": {
		En: "role {role} already has a chain ({first}); one [[oncall]] table per role, with a rotation if it changes weekly",
		Ja: "役割{role}の連絡網はすでにあります（{first}）。[[oncall]] は役割ごとに一つにし、週ごとに替わるなら rotation を使ってください",
	},
	"config.err.chain_and_rotation": {
		En: "write chain or rotation, not both: with a rotation the week's chain is used and chain would be ignored",
		Ja: "chain と rotation はどちらか一方だけを書いてください。rotation があるとその週の連絡網が使われ、chain は使われません",
	},
	"config.err.chain_empty": {
		En: "the chain has no people; list person ids in contact order, primary first: [\"U0PRIMARY\", \"U0SECOND\", \"U0FINAL\"]",
		Ja: "連絡網に人がいません。連絡する順に、一次の連絡先から個人の ID を並べてください: [\"U0PRIMARY\", \"U0SECOND\", \"U0FINAL\"]",
	},
	"config.err.chain_long": {
		En: "the chain lists {count} people; it has at most {max} links (primary, secondary, final): put the others in a rotation, or notify them as a group",
		Ja: "連絡網に{count}人が書かれています。連絡網は最大{max}人（一次・二次・最終）です。ほかの人は rotation に入れるか、グループとして通知してください",
	},
	"config.err.chain_entry_empty": {
		En: "the entry is empty; write a person id such as \"U0123ABCD\"",
		Ja: "空の項目です。\"U0123ABCD\" のように個人の ID を書いてください",
	},
	"config.err.chain_entry": {
		En: "{value} is not a person id; write the id alone, such as \"U0123ABCD\" (no user: prefix, no spaces)",
		Ja: "{value}は個人の ID ではありません。\"U0123ABCD\" のように ID だけを書いてください（user: を付けず、空白も入れません）",
	},
	"config.err.chain_twice": {
		En: "{value} is already link {n} of this chain; each person appears once",
		Ja: "{value}はこの連絡網の{n}番目にすでにあります。一人は一度だけ書いてください",
	},
	"config.err.pagerduty_url": {
		En: "{value} is not an http(s) URL; leave the key out for {default}",
		Ja: "{value}は http か https の URL ではありません。このキーを消すと {default} を使います",
	},
	"config.err.webhook_url": {
		En: "{value} is not an http(s) URL; write one such as \"https://example.internal/hooks/incident\", or leave the key out for no webhook",
		Ja: "{value}は http か https の URL ではありません。\"https://example.internal/hooks/incident\" のように書くか、Webhook を使わないならこのキーを消してください",
	},
	"config.err.webhook_secret": {
		En: "the webhook has a url but no secret to sign its requests; write secret = \"…\" or set {env}",
		Ja: "Webhook に url はありますが、送信内容に署名する secret がありません。secret = \"…\" と書くか、環境変数 {env} を設定してください",
	},
	"config.err.webhook_no_url": {
		En: "the webhook {from} but it has no url; write url = \"https://…\", or remove the secret",
		Ja: "{from}が、Webhook の url がありません。url = \"https://…\" と書くか、secret を消してください",
	},
	"config.from.file": {En: "secret is written", Ja: "Webhook の secret は書かれています"},
	"config.from.env":  {En: "{env} is set", Ja: "環境変数 {env} は設定されています"},
	"config.err.webhook_timeout": {
		En: "{value} is not a timeout; write a positive duration such as \"10s\"",
		Ja: "{value} は待ち時間として使えません。\"10s\" のような0より長い期間を書いてください",
	},
	"config.err.webhook_retries": {
		En: "{value} is negative; write how many more attempts follow a failed one, 0 or more",
		Ja: "{value} は負の値です。送信に失敗したとき、あと何回送り直すかを0以上で書いてください",
	},
}
