package console

import (
	"errors"

	"github.com/peterh/liner"
)

// Terminal is the LineEditor of a session typed on a terminal, on
// github.com/peterh/liner: line editing (arrows, Home/End, Ctrl-A/E/K/U/W,
// word moves), history (up and down arrows, Ctrl-R) for the session, and a
// cursor that counts East Asian wide characters (漢字, かな, and the
// full-width ｜ and ： Japanese input methods type) as two columns, so
// Japanese text keeps the cursor where it is. The history is kept in memory
// only: a line may hold what redact is for (a pasted password), and a file
// would keep it beyond the database.
type Terminal struct{ st *liner.State }

var _ LineEditor = (*Terminal)(nil)

// NewTerminal puts the terminal in raw mode for line editing; Close puts
// it back. Use it only when standard input and output are terminals.
func NewTerminal() *Terminal {
	st := liner.NewLiner()
	st.SetCtrlCAborts(true)
	st.SetMultiLineMode(true)
	return &Terminal{st: st}
}

// Prompt reads a line.
func (t *Terminal) Prompt(prompt string) (string, error) {
	s, err := t.st.Prompt(prompt)
	if errors.Is(err, liner.ErrPromptAborted) {
		return "", ErrLineAbandoned
	}
	return s, err
}

// AppendHistory adds a line to the session's history.
func (t *Terminal) AppendHistory(line string) { t.st.AppendHistory(line) }

// Redraw has liner draw the prompt and the line being typed again, below
// what was printed meanwhile: liner redraws on a window-size change, so the
// process signals one to itself (redraw_unix.go); elsewhere the line comes
// back at the next key.
func (t *Terminal) Redraw() { redraw() }

// Close gives the terminal back its previous mode.
func (t *Terminal) Close() error { return t.st.Close() }
