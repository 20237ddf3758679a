package console

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"

	"incidentbot/workflow"
)

func TestCatalogCheck(t *testing.T) {
	if bad := Messages().Check(); len(bad) > 0 {
		t.Fatalf("console catalog:\n%s", strings.Join(bad, "\n"))
	}
}

// fake answers every command with a note echoing it, refuses "bad" with a
// user message and fails "boom" with an internal error.
type fake struct {
	reqs []workflow.Request
}

func (f *fake) Execute(_ context.Context, req workflow.Request) (workflow.Reply, error) {
	f.reqs = append(f.reqs, req)
	switch {
	case strings.Contains(req.Text, "bad"):
		return workflow.Reply{}, workflow.Problemf(workflow.ErrInvalid, "err.not_found", workflow.Args{"ref": workflow.Ref{Number: 99}})
	case strings.Contains(req.Text, "boom"):
		return workflow.Reply{}, errors.New("disk on fire: secret detail")
	}
	return workflow.Reply{Lines: []workflow.Msg{workflow.M("list.none", nil)}}, nil
}

func (f *fake) ReadTimeline(context.Context, workflow.Actor, workflow.Ref, func(*workflow.Incident, workflow.EventSource) error) error {
	return workflow.ErrNotFound
}

func run(t *testing.T, c *Console, input string) (string, string) {
	t.Helper()
	var out, log bytes.Buffer
	c.In, c.Out = strings.NewReader(input), &out
	c.Log = slog.New(slog.NewTextHandler(&log, nil))
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String(), log.String()
}

func TestPipedSession(t *testing.T) {
	f := &fake{}
	c := &Console{Service: f, As: "operator", Lang: workflow.English}
	out, _ := run(t, c, "# a comment\n\n/incident list\r\n   \nlist all\n#1 is not a comment\n\\as sato\nshow\n\\as\n\\nope\n\\quit\nlist never\n")
	var texts, actors []string
	for _, r := range f.reqs {
		texts = append(texts, r.Text)
		actors = append(actors, r.Actor.String())
		if r.Lang != workflow.English {
			t.Errorf("lang %q", r.Lang)
		}
	}
	if got, want := strings.Join(texts, "|"), "/incident list|list all|#1 is not a comment|show"; got != want {
		t.Errorf("commands %q, want %q", got, want)
	}
	if got, want := strings.Join(actors, "|"), "console:operator|console:operator|console:operator|console:sato"; got != want {
		t.Errorf("actors %q, want %q", got, want)
	}
	want := "incident> /incident list\nNo incidents yet. Open one with /incident open <title>.\n\n" +
		"incident> list all\nNo incidents yet. Open one with /incident open <title>.\n\n" +
		"incident> #1 is not a comment\nNo incidents yet. Open one with /incident open <title>.\n\n" +
		"incident> \\as sato\nNow acting as @sato.\n\n" +
		"incident> show\nNo incidents yet. Open one with /incident open <title>.\n\n" +
		"incident> \\as\nWrite \\as NAME, for example \\as sato.\n\n" +
		"incident> \\nope\nUnknown console command \\nope. The console knows \\as NAME (switch the acting user) and \\quit.\n\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

func TestErrors(t *testing.T) {
	c := &Console{Service: &fake{}, As: "operator", Lang: workflow.Japanese}
	out, log := run(t, c, "bad\nboom\n")
	if !strings.Contains(out, "インシデント#99は見つかりません") {
		t.Errorf("user error not rendered in Japanese:\n%s", out)
	}
	m := regexp.MustCompile(`エラー ID ([0-9a-f]{8})`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no internal error id in:\n%s", out)
	}
	if strings.Contains(out, "disk on fire") {
		t.Errorf("internal detail shown to the user:\n%s", out)
	}
	if !strings.Contains(log, "id="+m[1]) || !strings.Contains(log, "disk on fire") {
		t.Errorf("log lacks the id %s and the detail:\n%s", m[1], log)
	}
}

func TestInteractivePromptAndBanner(t *testing.T) {
	c := &Console{Service: &fake{}, As: "operator", Interactive: true, DB: "x.db", Lang: workflow.English}
	out, _ := run(t, c, "list\n")
	if !strings.HasPrefix(out, "incidentbot console — database x.db, language en, acting as @operator.") || !strings.Contains(out, `\as NAME switches the acting user`) {
		t.Errorf("banner:\n%s", out)
	}
	if strings.Count(out, Prompt) != 2 || strings.Contains(out, Prompt+"list") {
		t.Errorf("want two prompts and no echo:\n%s", out)
	}
}

func TestLongLine(t *testing.T) {
	f := &fake{}
	c := &Console{Service: f, As: "operator"}
	out, _ := run(t, c, "log "+strings.Repeat("x", MaxLine+10)+"\nlist\n")
	if len(f.reqs) != 1 || f.reqs[0].Text != "list" {
		t.Errorf("requests: %d", len(f.reqs))
	}
	if !strings.Contains(out, "longer than 65536 bytes") {
		t.Errorf("output lacks the refusal: %.200s", out)
	}
}

// A line without a final newline is still read.
func TestLastLineWithoutNewline(t *testing.T) {
	f := &fake{}
	c := &Console{Service: f, As: "operator"}
	run(t, c, "list")
	if len(f.reqs) != 1 {
		t.Errorf("requests: %d", len(f.reqs))
	}
}

// Run returns when ctx is cancelled even while input blocks.
func TestCancel(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c := &Console{Service: &fake{}, As: "operator", In: pr, Out: io.Discard}
	done := make(chan error)
	go func() { done <- c.Run(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
