package slackbot_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot"
	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/storage/sqlite"
	"incidentbot/workflow"
)

// A command that fails on our side (here: the store is gone) is answered
// with the workflow's internal-error reply, the same words the console
// shows, and its id leads to the logged detail.
func TestInternalErrorReply(t *testing.T) {
	fake := fakeslack.NewServer(t)
	fake.AddUser(opener, "sato", "Sato Hanako", "Asia/Tokyo", "ja-JP")
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "incidentbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer // nothing runs in the background: no worker is started
	svc := workflow.NewService(workflow.Options{Store: db, Location: time.UTC, Logger: quiet})
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.URL()))
	b, err := slackbot.New(slackbot.Options{Service: svc, Store: db, API: api, APIURL: fake.URL(), Lang: workflow.Japanese, Loc: time.UTC,
		AnnounceChannel: announce, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	msg := b.Command(context.Background(), slack.SlashCommand{TeamID: team, UserID: opener, ChannelID: "C0GENERAL",
		Command: "/incident", Text: "list"})
	if msg == nil || msg.ResponseType != slack.ResponseTypeEphemeral {
		t.Fatalf("reply %+v, want an ephemeral message", msg)
	}
	m := regexp.MustCompile(`エラー ID ([0-9a-f]{8})`).FindStringSubmatch(msg.Text)
	if m == nil {
		t.Fatalf("no error id in %q", msg.Text)
	}
	if want := workflow.Render(workflow.Japanese, workflow.M("err.internal", workflow.Args{"id": m[1]})); msg.Text != want {
		t.Errorf("reply %q, want the shared %q", msg.Text, want)
	}
	if !strings.Contains(log.String(), "id="+m[1]) || !strings.Contains(log.String(), "closed") {
		t.Errorf("log lacks the id %s and the detail:\n%s", m[1], log.String())
	}
}
