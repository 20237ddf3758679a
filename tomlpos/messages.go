package tomlpos

import (
	"regexp"
	"strconv"
	"strings"

	"incidentbot/workflow"
)

// Problem is the problem at key whose message is m of catalog c, in English
// and Japanese. The checks of config and runbooks make every error here,
// from their catalogs, so no error lacks its Japanese; File and the place
// are the caller's to set.
func Problem(c workflow.Catalog, key string, m workflow.Msg) *Error {
	return &Error{Key: key, Msg: c.Render(workflow.English, m), Ja: c.Render(workflow.Japanese, m)}
}

// Quoted is a value as a file writes it, for a message: "x" in English (Go
// quoting, as %q writes it), 「x」 in Japanese.
func Quoted(s string) workflow.Text {
	return workflow.Text{En: strconv.Quote(s), Ja: "「" + s + "」"}
}

// mismatchRE reads what go-toml found where a key takes another type.
var mismatchRE = regexp.MustCompile(`cannot decode TOML ([a-z -]+?) into`)

// Found says what a decode error found instead of the type a key takes:
// "found a TOML integer", 「整数が書かれています」. A detail it cannot read
// is passed on as it is (in Japanese, as 詳細: …).
func Found(detail string) workflow.Localizer {
	m := mismatchRE.FindStringSubmatch(detail)
	if m == nil {
		return text{workflow.M("tomlpos.detail", workflow.Args{"detail": detail})}
	}
	var kind workflow.Localizer = workflow.Text{En: m[1], Ja: m[1]}
	if k := workflow.MsgKey("tomlpos.kind." + strings.ReplaceAll(m[1], " ", "_")); messages[k] != (workflow.Text{}) {
		kind = text{workflow.M(k, nil)}
	}
	return text{workflow.M("tomlpos.found", workflow.Args{"kind": kind})}
}

// text is a message of this package's catalog, rendered in the reader's
// language inside another catalog's message.
type text struct{ m workflow.Msg }

func (t text) Localize(l workflow.Lang) string { return messages.Render(l, t.m) }

// messages are the words for what a TOML file holds, in both languages.
var messages = workflow.Catalog{
	"tomlpos.found":  {En: "found a TOML {kind}", Ja: "{kind}が書かれています"},
	"tomlpos.detail": {En: "{detail}", Ja: "詳細: {detail}"},

	"tomlpos.kind.string":         {En: "string", Ja: "文字列"},
	"tomlpos.kind.integer":        {En: "integer", Ja: "整数"},
	"tomlpos.kind.float":          {En: "float", Ja: "小数"},
	"tomlpos.kind.boolean":        {En: "boolean", Ja: "true/false の値"},
	"tomlpos.kind.datetime":       {En: "datetime", Ja: "日時"},
	"tomlpos.kind.local_datetime": {En: "local datetime", Ja: "日時"},
	"tomlpos.kind.local_date":     {En: "local date", Ja: "日付"},
	"tomlpos.kind.local_time":     {En: "local time", Ja: "時刻"},
	"tomlpos.kind.array":          {En: "array", Ja: "リスト"},
	"tomlpos.kind.inline_table":   {En: "inline table", Ja: "{ … } の表"},
	"tomlpos.kind.table":          {En: "table", Ja: "表"},
}

// placeholderRE is a catalog text's {name}, as workflow renders it.
var placeholderRE = regexp.MustCompile(`\{[a-z_0-9]+\}`)

// Template matches a problem message made from a catalog text with any
// arguments filled in, so the checks' tests can tell which texts some bad
// input brings about.
func Template(text string) *regexp.Regexp {
	parts := placeholderRE.Split(text, -1)
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	return regexp.MustCompile("(?s)" + strings.Join(parts, ".*?"))
}

// Messages returns the package's catalog.
func Messages() workflow.Catalog { return messages }
