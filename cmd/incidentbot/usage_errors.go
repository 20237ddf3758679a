package main

import (
	"regexp"
	"strconv"
	"strings"

	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// usageMessages are the mistakes on the command line, in both languages:
// what was wrong and how to write it. The usage printed after them (the
// command list and the flags' help) is English.
var usageMessages = workflow.Catalog{
	"usage.no_command": {
		En: "name a command",
		Ja: "コマンドを指定してください",
	},
	"usage.unknown_command": {
		En: "unknown command {command}",
		Ja: "{command}というコマンドはありません。使えるコマンドは下のとおりです",
	},
	"usage.unknown_flag": {
		En: "flag provided but not defined: {flag}",
		Ja: "{flag} というフラグはありません。このコマンドのフラグは下のとおりです",
	},
	"usage.flag_needs_value": {
		En: "flag needs an argument: {flag}",
		Ja: "{flag} の後に値を書いてください",
	},
	"usage.bool_value": {
		En: "{flag} is a switch: write {flag} alone, or {flag}=false; {value} is not true or false",
		Ja: "{flag} は値を取りません。{flag} だけを書いてください（{flag}=false も書けます）。{value}は true でも false でもありません",
	},
	"usage.flag_value": {
		En: "invalid value {value} for flag {flag}: {detail}",
		Ja: "フラグ {flag} の値{value}は使えません（詳細: {detail}）",
	},
	"usage.flag_syntax": {
		En: "bad flag syntax: {arg}; write -name, -name VALUE or -name=VALUE",
		Ja: "{arg}はフラグとして読めません。-name、-name VALUE、-name=VALUE のように書いてください",
	},
	"usage.flag_other": {
		En: "{detail}",
		Ja: "コマンドラインを読めません（詳細: {detail}）",
	},
	"usage.lang": {
		En: "--lang: unknown language {value}: use en or ja",
		Ja: "--lang の値{value}は使える言語ではありません。--lang en か --lang ja と書いてください",
	},
	"usage.no_ref": {
		En: "name the incident: N, #N, D-N or its UUID",
		Ja: "インシデントを指定してください: N、#N、演習なら D-N、または UUID",
	},
	"usage.refs": {
		En: "one incident at a time; got {refs}",
		Ja: "インシデントは一度に一つだけ指定してください（指定されたもの: {refs}）",
	},
	"usage.bad_ref": {
		En: "{value} is not an incident reference: write 3, #3, D-2 or the incident's id",
		Ja: "{value}はインシデントの指定として読めません。3、#3、演習なら D-2、またはインシデントの ID を書いてください",
	},
	"usage.console_argument": {
		En: "unexpected argument {arg}: console reads its commands from standard input",
		Ja: "余分な引数{arg}があります。コンソールはコマンドを標準入力から読みます",
	},
	"usage.serve_argument": {
		En: "unexpected argument {arg}: serve takes only flags",
		Ja: "余分な引数{arg}があります。serve にはフラグだけを書いてください",
	},
	"usage.stats_argument": {
		En: "unexpected argument {arg}: stats takes only flags",
		Ja: "余分な引数{arg}があります。stats にはフラグだけを書いてください",
	},
	"usage.check_argument": {
		En: "unexpected argument {arg} (name the file with --config FILE)",
		Ja: "余分な引数{arg}があります。設定ファイルは --config FILE で指定してください",
	},
	"usage.matrix_argument": {
		En: "unexpected argument {arg} (name the configuration with --config FILE)",
		Ja: "余分な引数{arg}があります。設定ファイルは --config FILE で指定してください",
	},
	"usage.migrate_argument": {
		En: "unexpected argument {arg}: name the file with --from and the database with --to",
		Ja: "余分な引数{arg}があります。コピー元のファイルは --from、コピー先のデータベースは --to で指定してください",
	},
	"usage.export_format": {
		En: "--format {value}: write --format md, --format html or --format json",
		Ja: "--format の値{value}は使えません。--format md、--format html、--format json のどれかを書いてください",
	},
	"usage.stats_format": {
		En: "--format {value}: write --format text, md, json or html",
		Ja: "--format の値{value}は使えません。--format text、md、json、html のどれかを書いてください",
	},
	"usage.matrix_format": {
		En: "--format {value}: write --format md or --format html",
		Ja: "--format の値{value}は使えません。--format md か --format html と書いてください",
	},
	"usage.date": {
		En: "--{flag} {value}: write a date as YYYY-MM-DD, e.g. --{flag} 2026-01-01",
		Ja: "--{flag} の値{value}は日付として読めません。--{flag} 2026-01-01 のように YYYY-MM-DD の形で書いてください",
	},
	"usage.until_before_since": {
		En: "--until {until} comes before --since {since}: write an --until on or after the --since",
		Ja: "--until {until} が --since {since} より前です。--until には --since と同じ日かそれより後の日付を書いてください",
	},
	"usage.head": {
		En: "--head {value}: write the hash in hex, at least its first {digits} digits",
		Ja: "--head の値{value}はハッシュとして読めません。ハッシュを16進数で、少なくとも先頭の{digits}桁を書いてください",
	},
	"usage.check_no_config": {
		En: "name the file to check: incidentbot check --config FILE",
		Ja: "確かめる設定ファイルを指定してください: incidentbot check --config FILE",
	},
	"usage.migrate_no_from": {
		En: "name the SQLite file to copy: --from FILE",
		Ja: "コピー元の SQLite ファイルを指定してください: --from FILE",
	},
}

// usageError is a mistake on the command line: exit 2 with the message, in
// the language the command line asks for (usageLang), and the usage.
type usageError struct{ msg workflow.Msg }

// Error is the English text: what a caller that does not print it sees.
func (e *usageError) Error() string { return e.text(workflow.English) }

func (e *usageError) text(lang workflow.Lang) string {
	return workflow.Printable(usageMessages.Render(lang, e.msg))
}

// mistake is the usage error of key with args.
func mistake(key workflow.MsgKey, args workflow.Args) *usageError {
	return &usageError{msg: workflow.M(key, args)}
}

// quoted fills a placeholder with a value the user typed: "value" in
// English, 「value」 in Japanese.
func quoted(s string) workflow.Text { return tomlpos.Quoted(s) }

// usageLang is the language of a mistake on the command line args: the
// last valid --lang among them (even if another flag is wrong), else the
// language of the --config file as setup peeks it, else English. Flags are
// read as the flag package reads them (-name or --name, then =VALUE or the
// next argument) up to "--".
func usageLang(args []string) workflow.Lang {
	var lang workflow.Lang
	config := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, ok := strings.CutPrefix(a, "-")
		if !ok {
			continue
		}
		name = strings.TrimPrefix(name, "-")
		name, value, hasValue := strings.Cut(name, "=")
		if name != "lang" && name != "config" {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				break
			}
			i++
			value = args[i]
		}
		if name == "config" {
			config = value
		} else if l, err := workflow.ParseLang(value); err == nil {
			lang = l
		}
	}
	if lang != "" {
		return lang
	}
	return peekLanguage(config)
}

// The flag package's errors (its wording is part of Go's compatibility).
var (
	undefinedFlagRE = regexp.MustCompile(`^flag provided but not defined: (-.*)$`)
	needsValueRE    = regexp.MustCompile(`^flag needs an argument: (-.*)$`)
	boolValueRE     = regexp.MustCompile(`^invalid boolean value (".*") for (-\S+): `)
	flagValueRE     = regexp.MustCompile(`^invalid value (".*") for flag (-\S+): (.*)$`)
	flagSyntaxRE    = regexp.MustCompile(`^bad flag syntax: (.*)$`)
)

// flagMistake is the usage error of an error of flag.FlagSet.Parse.
func flagMistake(err error) *usageError {
	s := err.Error()
	unquote := func(q string) workflow.Text {
		if v, err := strconv.Unquote(q); err == nil {
			return quoted(v)
		}
		return workflow.Text{En: q, Ja: q}
	}
	if m := undefinedFlagRE.FindStringSubmatch(s); m != nil {
		return mistake("usage.unknown_flag", workflow.Args{"flag": m[1]})
	}
	if m := needsValueRE.FindStringSubmatch(s); m != nil {
		return mistake("usage.flag_needs_value", workflow.Args{"flag": m[1]})
	}
	if m := boolValueRE.FindStringSubmatch(s); m != nil {
		return mistake("usage.bool_value", workflow.Args{"flag": m[2], "value": unquote(m[1])})
	}
	if m := flagValueRE.FindStringSubmatch(s); m != nil {
		return mistake("usage.flag_value", workflow.Args{"flag": m[2], "value": unquote(m[1]), "detail": m[3]})
	}
	if m := flagSyntaxRE.FindStringSubmatch(s); m != nil {
		return mistake("usage.flag_syntax", workflow.Args{"arg": quoted(m[1])})
	}
	return mistake("usage.flag_other", workflow.Args{"detail": s})
}
