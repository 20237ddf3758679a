// Package jatext tells whether a text meant for Japanese readers still
// holds English sentences: the tests of every message catalog that checks
// files (config, runbooks) run each Japanese error through EnglishLeft.
//
// Keys, values, file names and commands stay as written, so they are
// allowed: text in double quotes ("…", “…”), in 「…」, a command as it is
// typed (/incident vendor request hosting), and a machine's own words
// passed on as detail, written （詳細: …）. What is left may hold single words (Slack,
// URL, key names, lists of keys), never a run of four or more ASCII words
// in a row, which is an English sentence that was not translated.
package jatext

import (
	"regexp"
	"unicode"
)

// quoted is what a Japanese message may carry in English: quoted keys and
// values, commands, and detail from a library or the system.
var quoted = regexp.MustCompile(`"[^"\n]*"|“[^”]*”|「[^」]*」|（詳細: [^）]*）|(?:^|[\s（「])/[a-z]+(?: [A-Za-z0-9_.:<>-]+)*`)

// sentence is four or more ASCII words in a row, one space apart.
var sentence = regexp.MustCompile(`[A-Za-z][A-Za-z'’-]*(?: [A-Za-z][A-Za-z'’-]*){3,}`)

// EnglishLeft is the first English sentence in s outside what may stay
// English; "" when there is none.
func EnglishLeft(s string) string {
	return sentence.FindString(quoted.ReplaceAllString(s, " "))
}

// IsJapanese reports whether s has any hiragana, katakana or kanji.
func IsJapanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

// Problem says what is wrong with ja as the Japanese of a message: "" when
// it is Japanese with no English sentence left, else why not.
func Problem(ja string) string {
	switch {
	case ja == "":
		return "no Japanese text"
	case !IsJapanese(ja):
		return "not Japanese"
	}
	if s := EnglishLeft(ja); s != "" {
		return "English left: " + s
	}
	return ""
}
