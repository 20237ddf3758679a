package main

import (
	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// inLang is err for a person who reads lang: the problems of a
// configuration, runbook or scenario file (tomlpos.Errors, each written in
// both languages) in that language; any other error as it is. It is what
// serve, and every command that refuses a file, prints.
func inLang(lang workflow.Lang, err error) error {
	errs, ok := err.(tomlpos.Errors)
	if !ok {
		return err
	}
	return &langError{text: errs.In(lang == workflow.Japanese), err: err}
}

// langError is an error already written in the reader's language; err is
// its cause, for errors.Is and errors.As.
type langError struct {
	text string
	err  error
}

func (e *langError) Error() string { return e.text }
func (e *langError) Unwrap() error { return e.err }
