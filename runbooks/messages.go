package runbooks

import "incidentbot/workflow"

// messages are every text of the package, in both languages: the errors of
// runbooks and scenarios (here) and the notes (notes.go).
var messages = workflow.MergeCatalogs(noteMessages, readMessages, runbookMessages, scenarioMessages, expectMessages)

// Messages returns the package's catalog.
func Messages() workflow.Catalog { return messages }

// readMessages are the errors of reading and decoding the files.
var readMessages = workflow.Catalog{
	"runbooks.err.read": {
		En: "cannot read: {detail}",
		Ja: "ファイルを読めません（詳細: {detail}）",
	},
	"runbooks.err.read_dir": {
		En: "cannot read the runbooks directory: {detail}; fix [runbooks] dir or leave it out to use the embedded runbooks",
		Ja: "手順書のディレクトリを読めません（詳細: {detail}）。[runbooks] dir を直すか、このキーを消して組み込みの手順書を使ってください",
	},
	"runbooks.err.as_is": {
		En: "{detail}",
		Ja: "このファイルを読み取れません（詳細: {detail}）",
	},
	"runbooks.err.syntax": {
		En: "TOML syntax: {detail}; see runbooks/README.md for the form of each key",
		Ja: "TOML の書き方に誤りがあります（詳細: {detail}）。各キーの書き方は runbooks/README.md を見てください",
	},
	"runbooks.err.unknown_key": {
		En: "unknown key; remove it or fix its spelling (keys {where}: {keys})",
		Ja: "不明なキーです。消すか、つづりを直してください（{where}キー: {keys}）",
	},
	"runbooks.err.unknown_key_guess": {
		En: "unknown key; did you mean {guess}? (keys {where}: {keys})",
		Ja: "不明なキーです。{guess}の書き間違いではありませんか（{where}キー: {keys}）",
	},
	"runbooks.err.unknown_key_anywhere": {
		En: "unknown key; remove it or fix its spelling (runbooks/README.md lists every key)",
		Ja: "不明なキーです。消すか、つづりを直してください（すべてのキーは runbooks/README.md にあります）",
	},
	"runbooks.where.top":  {En: "at the top level", Ja: "最上位の"},
	"runbooks.where.path": {En: "in {path}", Ja: "{path} の"},
	"runbooks.err.wrong_type": {
		En: "wrong type ({found}); write {want}",
		Ja: "値の種類が違います（{found}）。{want}",
	},
	"runbooks.err.wrong_type_detail": {
		En: "wrong type: {detail}",
		Ja: "値の種類が違います（詳細: {detail}）",
	},
	"runbooks.want.text": {
		En: "a text in both languages, like {name} = { en = \"…\", ja = \"…\" }",
		Ja: "{name} = { en = \"…\", ja = \"…\" } のように、日英両方の文を書いてください",
	},
	"runbooks.want.string": {
		En: "a string in double quotes, like {name} = \"…\"",
		Ja: "{name} = \"…\" のように、文字列を二重引用符で囲んで書いてください",
	},
	"runbooks.want.bool": {
		En: "true or false, like {name} = true",
		Ja: "{name} = true のように、true か false を書いてください",
	},
	"runbooks.want.minutes": {
		En: "a whole number of minutes, like {name} = 10",
		Ja: "{name} = 10 のように、分を整数で書いてください",
	},
	"runbooks.want.number": {
		En: "a number, like {name} = 0.01",
		Ja: "{name} = 0.01 のように、数を書いてください",
	},
	"runbooks.want.strings": {
		En: "a list of strings, like {name} = [\"a\", \"b\"]",
		Ja: "{name} = [\"a\", \"b\"] のように、文字列のリストを書いてください",
	},
	"runbooks.want.tables": {
		En: "one table per entry, each headed [[{path}]]",
		Ja: "一件ごとに [[{path}]] の見出しを付けて書いてください",
	},
	"runbooks.want.table": {
		En: "a table",
		Ja: "[…] の見出しを付けた表の形で書いてください",
	},
	"runbooks.err.defined_twice": {
		En: "{kind} {name} is already defined in {at}; give each {kind} its own name (a file in {where} replaces a built-in {kind} of the same name)",
		Ja: "{kind}{name}はすでに {at} にあります。{kind}ごとに別の名前を付けてください（{where} のファイルは、同じ名前の組み込みの{kind}に置き換わります）",
	},
	"runbooks.what.runbook":  {En: "runbook", Ja: "手順書"},
	"runbooks.what.scenario": {En: "scenario", Ja: "シナリオ"},
}

// runbookMessages are the errors of a runbook's contents (and of the texts
// and names of scenarios too).
var runbookMessages = workflow.Catalog{
	"runbooks.err.text_missing": {
		En: "missing; write it in both languages: {name} = { en = \"…\", ja = \"…\" }",
		Ja: "書かれていません。日英両方で書いてください: {name} = { en = \"…\", ja = \"…\" }",
	},
	"runbooks.err.text_en": {
		En: "the English text is missing; every text is written in both languages (en and ja)",
		Ja: "英語の文がありません。文はすべて日英両方（en と ja）で書きます",
	},
	"runbooks.err.text_ja": {
		En: "the Japanese text is missing; every text is written in both languages (en and ja)",
		Ja: "日本語の文がありません。文はすべて日英両方（en と ja）で書きます",
	},
	"runbooks.err.text_long": {
		En: "{count} characters, more than {max}; keep it short and put detail in a linked document",
		Ja: "{count}文字あり、上限の{max}文字を超えています。短くまとめ、詳しい内容はリンク先の文書に書いてください",
	},
	"runbooks.err.name_missing": {
		En: "missing; every {what} has a name, such as name = \"defacement\"",
		Ja: "書かれていません。{what}には名前が必要です（例: name = \"defacement\"）",
	},
	"runbooks.err.name_form": {
		En: "{value} is not a name; write lowercase letters, digits and single hyphens, at most {max} characters, such as \"web-defacement\"",
		Ja: "{value}は名前として使えません。\"web-defacement\" のように、小文字の英字・数字と、間に1つずつのハイフンで、{max}文字以内で書いてください",
	},
	"runbooks.err.severity_missing": {
		En: "missing; write a level of the configured scale ({levels})",
		Ja: "書かれていません。設定の重大度（{levels}）のいずれかを書いてください",
	},
	"runbooks.err.severity_unknown": {
		En: "{value} is not a level of the configured scale; write one of {levels}, or add {value} to the aliases of a [[severity]] level (a file in [runbooks] dir replaces a built-in one of the same name)",
		Ja: "{value}は設定の重大度にありません。{levels} のいずれかを書くか、{value}をいずれかの [[severity]] の aliases に加えてください（[runbooks] dir のファイルは、同じ名前の組み込みのものに置き換わります）",
	},
	"runbooks.err.keywords_missing": {
		En: "missing; list words of incident titles in English and Japanese that call for this runbook, such as keywords = [\"defaced\", \"改ざん\"]",
		Ja: "書かれていません。この手順書を使うインシデントの件名に出てくる言葉を、英語と日本語で並べてください（例: keywords = [\"defaced\", \"改ざん\"]）",
	},
	"runbooks.err.keywords_many": {
		En: "more than {max} keywords; keep the ones people really write in titles",
		Ja: "キーワードが{max}個を超えています。実際に件名に書かれる言葉だけを残してください",
	},
	"runbooks.err.keyword_empty": {
		En: "an empty keyword; remove it",
		Ja: "空のキーワードです。消してください",
	},
	"runbooks.err.keyword_twice": {
		En: "{value} is listed twice; remove one",
		Ja: "{value}は二度書かれています。一つを消してください",
	},
	"runbooks.err.keywords_en": {
		En: "no English keyword; titles are written in both languages, so add English words too",
		Ja: "英語のキーワードがありません。件名はどちらの言語でも書かれるので、英語の言葉も加えてください",
	},
	"runbooks.err.keywords_ja": {
		En: "no Japanese keyword; titles are written in both languages, so add Japanese words too, such as \"改ざん\"",
		Ja: "日本語のキーワードがありません。件名はどちらの言語でも書かれるので、\"改ざん\" のような日本語の言葉も加えてください",
	},
	"runbooks.err.phase_closed": {
		En: "closed has no checklist; the phases with checklists are {phases}",
		Ja: "closed（クローズ）にはチェックリストがありません。チェックリストのあるフェーズ: {phases}",
	},
	"runbooks.err.phase_alias": {
		En: "write the phase as [phase.{phase}]; the phases are {phases}",
		Ja: "フェーズは [phase.{phase}] と書いてください。フェーズ: {phases}",
	},
	"runbooks.err.phase_unknown": {
		En: "unknown phase {value}; the phases are {phases}",
		Ja: "{value}というフェーズはありません。フェーズ: {phases}",
	},
	"runbooks.err.phase_missing": {
		En: "missing; every runbook has a checklist for each of the six phases ({phases}): add [[{key}.item]] tables",
		Ja: "書かれていません。手順書には六つのフェーズ（{phases}）それぞれのチェックリストが必要です。[[{key}.item]] を加えてください",
	},
	"runbooks.err.phase_empty": {
		En: "the checklist is empty; add at least one item as [[{key}.item]] with key, text and owner",
		Ja: "チェックリストが空です。key・text・owner を書いた [[{key}.item]] を一つ以上加えてください",
	},
	"runbooks.err.items_many": {
		En: "{count} items, more than {max} in one phase; keep the checklist short and put detail in a linked document",
		Ja: "チェックリスト項目が{count}件あり、一つのフェーズの上限{max}件を超えています。チェックリストは短くし、詳しい内容はリンク先の文書に書いてください",
	},
	"runbooks.err.owner_missing": {
		En: "missing; every item has an owner role: one of {roles}",
		Ja: "書かれていません。チェックリスト項目にはそれぞれ担当の役割が必要です: {roles} のいずれか",
	},
	"runbooks.err.role_unknown": {
		En: "unknown role {value}; write one of {roles}",
		Ja: "{value}という役割はありません。{roles} のいずれかを書いてください",
	},
	"runbooks.err.step_unknown": {
		En: "unknown step {value}; the first-hour steps are isolate, impact, evidence and channel",
		Ja: "{value}という初動の手順はありません。初動の手順は isolate、impact、evidence、channel です",
	},
	"runbooks.err.step_phase": {
		En: "the first-hour steps belong to the initial phase; remove step here or move the item to [[phase.initial.item]]",
		Ja: "初動の手順（step）は初動フェーズだけのものです。ここの step を消すか、チェックリスト項目を [[phase.initial.item]] に移してください",
	},
	"runbooks.err.item_key_missing": {
		En: "missing; give every item a key of its own in the runbook, a short word in lowercase letters, digits and hyphens, such as key = \"preserve-evidence\"",
		Ja: "書かれていません。チェックリスト項目にはそれぞれ、手順書の中でほかと重ならないキーを付けてください。小文字の英字・数字・ハイフンの短い語です（例: key = \"preserve-evidence\"）",
	},
	"runbooks.err.item_key_form": {
		En: "{value} is not a key; write lowercase letters, digits and single hyphens, at most {max} characters, such as \"preserve-evidence\"",
		Ja: "{value}はキーとして使えません。\"preserve-evidence\" のように、小文字の英字・数字と、間に1つずつのハイフンで、{max}文字以内で書いてください",
	},
	"runbooks.err.item_key_twice": {
		En: "{value} is already the key of {item} (line {line}); give each item of the runbook its own key",
		Ja: "{value}はすでに {item}（{line}行目）のキーです。手順書のチェックリスト項目ごとに別のキーを付けてください",
	},
	"runbooks.err.due_unlawful_alone": {
		En: "due_unlawful replaces due when the personal-data flag says unlawful purpose; write due too, such as due = \"720h\"",
		Ja: "due_unlawful は、個人情報の設定が不正の目的のときに due の代わりに使われます。due = \"720h\" のように due も書いてください",
	},
	"runbooks.err.due_after_alone": {
		En: "due_after needs due, the time allowed once that item is done, such as due = \"24h\"",
		Ja: "due_after には due が必要です。その項目が完了してからの期限を、due = \"24h\" のように書いてください",
	},
	"runbooks.err.when_unknown": {
		En: "unknown condition {value}; write when = \"personal_data\" for an item that applies only when personal data is involved, or leave it out",
		Ja: "{value}という条件はありません。個人情報が関わるときだけの項目なら when = \"personal_data\" と書き、そうでなければこのキーを消してください",
	},
	"runbooks.err.duration": {
		En: "{value} is not a duration; write hours or minutes as Go does (\"72h\", \"90m\") or whole days (\"30d\")",
		Ja: "{value}は期間として読めません。\"72h\"、\"90m\" のように時間か分で書くか、\"30d\" のように日数で書いてください",
	},
	"runbooks.err.due_range": {
		En: "{value} is not a deadline; write a time above zero and at most {days} days, such as \"72h\"",
		Ja: "{value} は期限として使えません。\"72h\" のように、0より長く{days}日以内の時間を書いてください",
	},
	"runbooks.err.due_after_unknown": {
		En: "unknown item key {value}; write the key of another item of this runbook: {keys}",
		Ja: "{value}というキーのチェックリスト項目はありません。この手順書のほかの項目のキーを書いてください: {keys}",
	},
	"runbooks.err.due_after_self": {
		En: "the item counts from itself; write the key of the item whose completion starts its time",
		Ja: "この項目は自分自身から期限を数えています。完了した時点から期限を数え始める、別の項目のキーを書いてください",
	},
	"runbooks.err.due_after_circle": {
		En: "the due_after of {value} goes round in a circle ({path}); one of them must count from detection (leave its due_after out)",
		Ja: "{value}の due_after が一巡して元に戻っています（{path}）。どれか一つは検知時刻から数えるようにしてください（その due_after を消します）",
	},
	"runbooks.err.contact_nobody": {
		En: "the contact names nobody; write vendor = \"key\" for a vendor of the configuration ([[vendor]]), or name = { en = \"…\", ja = \"…\" } for another party",
		Ja: "連絡先に相手が書かれていません。設定ファイルの委託先（[[vendor]]）なら vendor = \"key\"、それ以外の相手なら name = { en = \"…\", ja = \"…\" } と書いてください",
	},
	"runbooks.err.vendor_unknown": {
		En: "unknown vendor {value}; the configured vendors are {vendors}",
		Ja: "委託先{value}は設定されていません。設定済みの委託先: {vendors}",
	},
	"runbooks.err.vendor_none": {
		En: "unknown vendor {value}: the configuration has no [[vendor]] tables; add one with key = {key}, or write name = { en = \"…\", ja = \"…\" } instead",
		Ja: "委託先{value}は設定されていません（設定ファイルに [[vendor]] がありません）。key = {key} の [[vendor]] を加えるか、代わりに name = { en = \"…\", ja = \"…\" } と書いてください",
	},
	"runbooks.err.vendor_empty": {
		En: "an empty vendor key; write the key of a [[vendor]] of the configuration",
		Ja: "委託先のキーが空です。設定ファイルの [[vendor]] のキーを書いてください",
	},
	"runbooks.err.vendor_lang": {
		En: "write vendor = \"key\" for a vendor of the configuration, or name = { en = \"…\", ja = \"…\" } for another party",
		Ja: "設定ファイルの委託先なら vendor = \"key\"、それ以外の相手なら name = { en = \"…\", ja = \"…\" } と書いてください",
	},
	"runbooks.err.contact_named_twice": {
		En: "the contact has a name twice; write name = { en, ja } alone (or vendor = \"key\")",
		Ja: "連絡先の名前が二重に書かれています。name = { en, ja } だけにしてください（または vendor = \"key\"）",
	},
	"runbooks.err.vendor_type": {
		En: "wrong type; write vendor = \"key\", the key of a [[vendor]] of the configuration",
		Ja: "値の種類が違います。設定ファイルの [[vendor]] のキーを vendor = \"key\" のように書いてください",
	},
}

// scenarioMessages are the errors of a drill scenario, and of its
// expectations in the first form ({ kind, role | phase, deadline }).
var scenarioMessages = workflow.Catalog{
	"runbooks.err.runbook_missing": {
		En: "missing; name the runbook the drill rehearses, one of {runbooks}",
		Ja: "書かれていません。演習で使う手順書を書いてください: {runbooks} のいずれか",
	},
	"runbooks.err.runbook_unknown": {
		En: "unknown runbook {value}; the runbooks are {runbooks}",
		Ja: "{value}という手順書はありません。手順書: {runbooks}",
	},
	"runbooks.err.minutes": {
		En: "{value} is not a time in the drill; write whole minutes from the start, 0 to {max}",
		Ja: "{value} は演習中の時刻ではありません。演習開始からの分を 0〜{max} の整数で書いてください",
	},
	"runbooks.err.injects_none": {
		En: "no injects; add [[inject]] tables with at (minutes from the start) and text",
		Ja: "状況付与がありません。at（演習開始からの分）と text を書いた [[inject]] を加えてください",
	},
	"runbooks.err.injects_many": {
		En: "{count} injects, more than {max}; split the scenario",
		Ja: "状況付与が{count}件あり、上限の{max}件を超えています。シナリオを分けてください",
	},
	"runbooks.err.at_missing": {
		En: "missing; write when the inject is posted, in whole minutes from the start, such as at = 10",
		Ja: "書かれていません。状況付与を出す時刻を、演習開始からの分で書いてください（例: at = 10）",
	},
	"runbooks.err.at_order": {
		En: "injects out of order: T+{at} comes after T+{last} ({key}); write the injects in the order of their times",
		Ja: "状況付与の順番が違います。T+{at} が T+{last}（{key}）の後にあります。状況付与は時刻の順に書いてください",
	},
	"runbooks.err.raise_lower": {
		En: "{value} does not raise the severity: it is {level} since {since}; raise to a higher level, or remove raise",
		Ja: "{value}では重大度が上がりません（{since}から{level}です）。より高い重大度にするか、raise を消してください",
	},
	"runbooks.since.start": {En: "the start", Ja: "開始時"},
	"runbooks.since.raise": {En: "T+{at} ({key})", Ja: "T+{at}（{key}）"},
	"runbooks.err.deadline_scale": {
		En: "{value} is not a scale; write a number above 0 and at most 1 that the runbook's deadlines are multiplied by in the drill, such as 0.01 (72 hours become 43 minutes)",
		Ja: "{value} は倍率として使えません。演習で手順書の期限に掛ける数を、0より大きく1以下で書いてください（例: 0.01。72時間が43分になります）",
	},
	"runbooks.err.end_early": {
		En: "the drill ends at T+{end}, before its last inject or deadline at T+{latest}; move end later or leave it out",
		Ja: "演習の終わり T+{end} が、最後の状況付与または期限の T+{latest} より前です。end を後にするか、このキーを消してください",
	},
	"runbooks.err.kind_missing": {
		En: "missing; write one of {kinds}",
		Ja: "書かれていません。{kinds} のいずれかを書いてください",
	},
	"runbooks.err.kind_unknown": {
		En: "unknown kind {value}; write one of {kinds}",
		Ja: "{value}という種類はありません。{kinds} のいずれかを書いてください",
	},
	"runbooks.err.expect_role_missing": {
		En: "missing; role_assigned names the role to be filled: one of {roles}",
		Ja: "書かれていません。role_assigned には割り当てる役割を書きます: {roles} のいずれか",
	},
	"runbooks.err.expect_role_extra": {
		En: "only role_assigned takes a role; remove it",
		Ja: "role を書けるのは role_assigned だけです。消してください",
	},
	"runbooks.err.expect_phase_missing": {
		En: "missing; phase_reached names the phase to reach: one of {phases}",
		Ja: "書かれていません。phase_reached には到達するフェーズを書きます: {phases} のいずれか",
	},
	"runbooks.err.expect_phase_unknown": {
		En: "unknown phase {value}; write one of {phases}",
		Ja: "{value}というフェーズはありません。{phases} のいずれかを書いてください",
	},
	"runbooks.err.expect_phase_extra": {
		En: "only phase_reached takes a phase; remove it",
		Ja: "phase を書けるのは phase_reached だけです。消してください",
	},
	"runbooks.err.deadline_missing": {
		En: "missing; write by when the expectation should be met, in whole minutes from the start of the drill, such as deadline = 20",
		Ja: "書かれていません。いつまでに達成すべきかを、演習開始からの分で書いてください（例: deadline = 20）",
	},
	"runbooks.err.deadline_early": {
		En: "the deadline T+{n} is not after its inject at T+{at}; deadlines count from the start of the drill, like at",
		Ja: "期限 T+{n} が状況付与の時刻 T+{at} より後ではありません。期限も at と同じく演習開始から数えます",
	},
	"runbooks.err.first_form_string": {
		En: "wrong type; write a string in double quotes, like {name} = \"…\"",
		Ja: "値の種類が違います。{name} = \"…\" のように、文字列を二重引用符で囲んで書いてください",
	},
	"runbooks.err.first_form_deadline": {
		En: "wrong type; write a whole number of minutes, like deadline = 10",
		Ja: "値の種類が違います。deadline = 10 のように、分を整数で書いてください",
	},
	"runbooks.err.first_form_key": {
		En: "unknown key (keys in {path}: kind, role, phase, deadline; or write the expectation as { <kind> = <value>, by = \"T+n\" })",
		Ja: "不明なキーです（{path} のキー: kind, role, phase, deadline。または期待される対応を { <種類> = <値>, by = \"T+n\" } の形で書いてください）",
	},
	"runbooks.err.first_form_kind": {
		En: "write {kind} as { {kind} = <value>, by = \"T+n\" }",
		Ja: "{kind} は { {kind} = <値>, by = \"T+n\" } の形で書いてください",
	},
}

// expectMessages are the errors of expectations written { <kind> = <value>,
// by = "T+n" } and of [stalls] (expect.go).
var expectMessages = workflow.Catalog{
	"runbooks.err.stall_limit": {
		En: "{value} is not a limit; write whole minutes, 1 to {max}",
		Ja: "{value} は上限として使えません。1〜{max} の分で書いてください",
	},
	"runbooks.err.expect_form": {
		En: "[[expect]] takes the form { <kind> = <value>, by = \"T+n\" }, such as item_done = \"isolate\", by = \"T+20\"",
		Ja: "[[expect]] は { <種類> = <値>, by = \"T+n\" } の形で書きます（例: item_done = \"isolate\", by = \"T+20\"）",
	},
	"runbooks.err.expect_unknown": {
		En: "unknown expectation {value}; write one of {kinds}, with by = \"T+n\"",
		Ja: "{value}という期待される対応はありません。{kinds} のいずれかを by = \"T+n\" とともに書いてください",
	},
	"runbooks.err.expect_nothing": {
		En: "the expectation says nothing to expect; write one of {kinds}, with by = \"T+n\"",
		Ja: "期待される対応が書かれていません。{kinds} のいずれかを by = \"T+n\" とともに書いてください",
	},
	"runbooks.err.expect_two": {
		En: "one expectation per table: {a} and {b} are two; write each in its own [[expect]]",
		Ja: "一つの表に書ける期待される対応は一つです（{a} と {b}）。それぞれ別の [[expect]] に書いてください",
	},
	"runbooks.err.by_missing": {
		En: "missing; write by when it should be met, in minutes from the start of the drill: by = \"T+20\"",
		Ja: "書かれていません。いつまでに達成すべきかを演習開始からの分で書いてください: by = \"T+20\"",
	},
	"runbooks.err.by_form": {
		En: "{value} is not a deadline; write minutes from the start of the drill as by = \"T+20\"",
		Ja: "{value} は期限として読めません。演習開始からの分を by = \"T+20\" の形で書いてください",
	},
	"runbooks.err.by_range": {
		En: "{value} is not a time in the drill; write T+0 to T+{max}",
		Ja: "{value} は演習中の時刻ではありません。T+0〜T+{max} で書いてください",
	},
	"runbooks.err.by_early": {
		En: "the deadline T+{n} is not after its inject at T+{at}; by counts from the start of the drill, like at",
		Ja: "期限 T+{n} が状況付与の時刻 T+{at} より後ではありません。by も at と同じく演習開始から数えます",
	},
	"runbooks.err.by_zero": {
		En: "T+0 leaves no time to meet it; write a later deadline",
		Ja: "T+0 では達成する時間がありません。もっと後の期限を書いてください",
	},
	"runbooks.err.value_true": {
		En: "write {name} = true (or leave the expectation out)",
		Ja: "{name} = true と書いてください（不要なら期待される対応ごと消します）",
	},
	"runbooks.err.value_role": {
		En: "{value} is not a role; write one of {roles}",
		Ja: "{value} は役割ではありません。{roles} のいずれかを書いてください",
	},
	"runbooks.err.value_phase": {
		En: "{value} is not a phase; write one of {phases}",
		Ja: "{value} はフェーズではありません。{phases} のいずれかを書いてください",
	},
	"runbooks.err.value_item": {
		En: "write the key of a checklist item of the scenario's runbook, such as item_done = \"isolate\"",
		Ja: "シナリオの手順書にあるチェックリスト項目のキーを書いてください（例: item_done = \"isolate\"）",
	},
	"runbooks.err.value_item_unknown": {
		En: "the runbook {runbook} has no item with the key {value}; its keys are {keys}",
		Ja: "手順書 {runbook} にキー{value}の項目はありません。キー: {keys}",
	},
	"runbooks.err.value_stop": {
		En: "write what the decision stops, as people write it after stop:, in both languages: {name} = { en = \"infected PC\", ja = \"感染PC\" } (or one word for both)",
		Ja: "意思決定で停止するものを、停止: の後に書く言葉で日英両方書いてください: {name} = { en = \"infected PC\", ja = \"感染PC\" }（一語で両方を兼ねても可）",
	},
	"runbooks.err.value_vendor": {
		En: "write the key of a vendor of the configuration ([[vendor]]), such as vendor_request = \"hosting\"",
		Ja: "設定ファイルの委託先（[[vendor]]）のキーを書いてください（例: vendor_request = \"hosting\"）",
	},
	"runbooks.err.value_audience": {
		En: "{value} is not an audience of statements; write one of {audiences}, such as {name} = \"affected\"",
		Ja: "{value} は発信の宛先ではありません。{audiences} のいずれかを書いてください（例: {name} = \"affected\"。本人 などの日本語でも可）",
	},
	"runbooks.err.value_minutes": {
		En: "write whole minutes, 1 to {max}, such as {name} = 10",
		Ja: "1〜{max} の分で書いてください（例: {name} = 10）",
	},
	"runbooks.err.value_unchecked": {
		En: "this version cannot check {name} yet",
		Ja: "このバージョンは {name} をまだ検査できません",
	},
}
