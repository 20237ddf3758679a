package console

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"

	"incidentbot/workflow"
)

// noisy answers "close" like the service does: the notices of the change
// reach the notifier (the console) inside Execute, before the reply.
type noisy struct{ c *Console }

func (f *noisy) Execute(_ context.Context, req workflow.Request) (workflow.Reply, error) {
	inc := &workflow.Incident{Number: 1}
	if req.Text == "close" {
		if err := f.c.Notify(nil, workflow.Notice{Kind: workflow.NoticeResolved, Incident: inc, Text: workflow.M("notice.resolved", workflow.Args{"ref": inc.Ref()})}); err != nil {
			return workflow.Reply{}, err
		}
		if err := f.c.PostDrill(nil, inc, []workflow.Msg{workflow.M("drill.ended_closed", workflow.Args{"ref": inc.Ref()})}); err != nil {
			return workflow.Reply{}, err
		}
	}
	return workflow.Reply{Lines: []workflow.Msg{workflow.M("close.false_alarm", workflow.Args{"ref": inc.Ref(), "seq": 7})}}, nil
}

func (f *noisy) ReadTimeline(context.Context, workflow.Actor, workflow.Ref, func(*workflow.Incident, workflow.EventSource) error) error {
	return workflow.ErrNotFound
}

// The notices a command causes follow its reply, inside its block.
func TestNoticesFollowTheirReply(t *testing.T) {
	c := &Console{As: "operator", Lang: workflow.English}
	c.Service = &noisy{c}
	out, _ := run(t, c, "close\nlist\n")
	want := "incident> close\n#1 is closed as a false alarm (event 7).\n[notice #1] #1 is closed.\n[DRILL #1] Drill #1 ended: it was closed.\n\n" +
		"incident> list\n#1 is closed as a false alarm (event 7).\n\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

// A notice of the clock, between commands: at once in a piped session; on
// a terminal on a line of its own, then the prompt again (drawn by the
// editor when there is one).
func TestNoticeBetweenCommands(t *testing.T) {
	notice := workflow.Notice{Kind: workflow.NoticeReminder, Incident: &workflow.Incident{Number: 2},
		Text: workflow.M("notice.resolved", workflow.Args{"ref": "#2"})}

	var out bytes.Buffer
	c := &Console{Out: &out, Lang: workflow.English}
	if err := c.Notify(nil, notice); err != nil || out.String() != "[notice #2] #2 is closed.\n" {
		t.Errorf("piped: %v %q", err, out.String())
	}

	// On a terminal without an editor, while the prompt shows.
	pr, pw := io.Pipe()
	prompted := make(chan struct{})
	w := &lockedBuffer{prompted: prompted}
	c = &Console{Service: &fake{}, In: pr, Out: w, Lang: workflow.English, Interactive: true}
	done := make(chan error)
	go func() { done <- c.Run(context.Background()) }()
	<-prompted
	if err := c.Notify(nil, notice); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := w.String(); !strings.HasSuffix(got, Prompt+"\n[notice #2] #2 is closed.\n"+Prompt+"\n") {
		t.Errorf("terminal:\n%q", got)
	}

	// With an editor: the editor redraws its prompt and the typed line.
	ed := &fakeEditor{lines: make(chan string), prompted: make(chan struct{}, 1)}
	w = &lockedBuffer{}
	c = &Console{Service: &fake{}, Out: w, Lang: workflow.English, Interactive: true, Editor: ed}
	go func() { done <- c.Run(context.Background()) }()
	<-ed.prompted
	if err := c.Notify(nil, notice); err != nil {
		t.Fatal(err)
	}
	close(ed.lines)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := w.String(); !strings.Contains(got, "\n[notice #2] #2 is closed.\n") || ed.redraws != 1 {
		t.Errorf("editor: %d redraws, output:\n%q", ed.redraws, got)
	}
}

// The editor's lines are answered in turn, each prompt after the previous
// reply; Ctrl-C drops a line; lines enter the history.
func TestEditorSession(t *testing.T) {
	ed := &fakeEditor{lines: make(chan string, 4), prompted: make(chan struct{}, 10)}
	for _, l := range []string{"list", "\x03", "log x"} {
		ed.lines <- l
	}
	close(ed.lines)
	f := &fake{}
	w := &lockedBuffer{}
	c := &Console{Service: f, Out: w, Lang: workflow.English, Interactive: true, Editor: ed, As: "operator"}
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(f.reqs) != 2 || f.reqs[0].Text != "list" || f.reqs[1].Text != "log x" {
		t.Errorf("requests %v", f.reqs)
	}
	if strings.Join(ed.history, "|") != "list|log x" {
		t.Errorf("history %q", ed.history)
	}
	if strings.Contains(w.String(), Prompt) {
		t.Errorf("the console printed a prompt of its own beside the editor's:\n%s", w.String())
	}
}

// fakeEditor hands out lines from a channel ("\x03" is Ctrl-C; a closed
// channel is Ctrl-D).
type fakeEditor struct {
	lines    chan string
	prompted chan struct{}
	mu       sync.Mutex
	history  []string
	redraws  int
}

func (e *fakeEditor) Prompt(string) (string, error) {
	e.prompted <- struct{}{}
	l, ok := <-e.lines
	switch {
	case !ok:
		return "", io.EOF
	case l == "\x03":
		return "", ErrLineAbandoned
	}
	return l, nil
}

func (e *fakeEditor) AppendHistory(l string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.history = append(e.history, l)
}

func (e *fakeEditor) Redraw() { e.redraws++ }

// lockedBuffer is a bytes.Buffer the console and the test may share; when
// prompted is set, it is closed at the first prompt written.
type lockedBuffer struct {
	mu       sync.Mutex
	b        bytes.Buffer
	prompted chan struct{}
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.prompted != nil && bytes.Contains(p, []byte(Prompt)) {
		close(b.prompted)
		b.prompted = nil
	}
	return b.b.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
