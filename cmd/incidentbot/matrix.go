package main

import (
	"context"
	"fmt"
	"os"

	"incidentbot/workflow"
	"incidentbot/workflow/matrix"
)

// matrix prints the responsibility matrix of the configuration: every
// component against every party, ○ owner, △ shared, - not covered, the
// items nobody owns, and the vendors' terms.
func (m *Main) matrix(_ context.Context, args []string) error {
	var o options
	fs := o.flagSet("matrix", withLang)
	o.matrixFlags(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return mistake("usage.matrix_argument", workflow.Args{"arg": quoted(pos[0])})
	}
	if o.format != "md" && o.format != "html" {
		return mistake("usage.matrix_format", workflow.Args{"value": quoted(o.format)})
	}
	e, err := m.setup(&o)
	if err != nil {
		return err
	}
	t := matrix.Build(e.cfg.Ledger(), e.lang)
	var out []byte
	if o.format == "html" {
		if out, err = t.HTML(); err != nil {
			return err
		}
	} else {
		out = t.Markdown()
	}
	if o.out == "" {
		_, err = m.Stdout.Write(out)
		return err
	}
	if err := os.WriteFile(o.out, out, 0o644); err != nil {
		return fmt.Errorf("write the matrix: %w", err)
	}
	wrote(m.Stderr, e.lang, "wrote.matrix", workflow.Args{"file": o.out})
	return nil
}
