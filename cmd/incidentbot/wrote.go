package main

import (
	"fmt"
	"io"

	"incidentbot/workflow"
)

// wroteMessages confirm, on standard error, where a command wrote the file
// it was asked to write with -o, in the reader's language.
var wroteMessages = workflow.Catalog{
	"wrote.report": {
		En: "wrote the report of {ref} to {file}",
		Ja: "{ref} の報告書を {file} に書き出しました",
	},
	"wrote.stats": {
		En: "wrote the statistics to {file}",
		Ja: "インシデント統計を {file} に書き出しました",
	},
	"wrote.matrix": {
		En: "wrote the responsibility matrix to {file}",
		Ja: "責任分界表を {file} に書き出しました",
	},
}

// wrote tells w, in lang, that the file named by a was written.
func wrote(w io.Writer, lang workflow.Lang, key workflow.MsgKey, a workflow.Args) {
	fmt.Fprintln(w, workflow.Printable(wroteMessages.Render(lang, workflow.M(key, a))))
}
