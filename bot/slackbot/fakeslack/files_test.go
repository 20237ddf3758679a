package fakeslack_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"incidentbot/bot/slackbot/fakeslack"
)

// slack-go's three-step upload (files upload v2) runs against the fake: the
// upload URL it is given points back at the fake, the content arrives
// whole, and the file is shared in the channel with its title and comment.
func TestUploadFile(t *testing.T) {
	s, api := setup(t)
	content := []byte("<!DOCTYPE html>\n<p>report</p>\n" + strings.Repeat("x", 100_000))
	sum, err := api.UploadFileContext(ctx(t), slack.UploadFileParameters{
		Filename: "incident-1-report.html", FileSize: len(content), Reader: bytes.NewReader(content),
		Title: "Incident report #1", Channel: ops, InitialComment: "Report of #1",
	})
	if err != nil {
		t.Fatal(err)
	}
	files := s.Files(ops)
	if len(files) != 1 {
		t.Fatalf("%d files in #ops, want 1", len(files))
	}
	f := files[0]
	if f.ID != sum.ID || f.Title != "Incident report #1" || f.Name != "incident-1-report.html" || f.Comment != "Report of #1" ||
		!bytes.Equal(f.Content, content) || f.User != s.BotUserID() {
		t.Errorf("file = %+v (%d bytes), summary %+v", f, len(f.Content), sum)
	}
	var methods []string
	for _, c := range s.Calls() {
		methods = append(methods, c.Method)
	}
	if got := strings.Join(methods, " "); got != "files.getUploadURLExternal "+fakeslack.UploadMethod+" files.completeUploadExternal" {
		t.Errorf("calls: %s", got)
	}
}

// What Slack refuses, the fake refuses: a size of 0, an unknown channel, a
// channel the bot is not in, completing a file that was never uploaded.
func TestUploadFileRefusals(t *testing.T) {
	s, api := setup(t)
	if err := s.AddChannel("C0OTHER", "other", false, alice); err != nil {
		t.Fatal(err)
	}
	up := func(ch string) error {
		_, err := api.UploadFileContext(ctx(t), slack.UploadFileParameters{Filename: "r.md", FileSize: 3, Reader: strings.NewReader("abc"), Channel: ch})
		return err
	}
	for ch, want := range map[string]string{"C0NONE": "channel_not_found", "C0OTHER": "not_in_channel"} {
		if err := up(ch); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("upload to %s: %v, want %s", ch, err, want)
		}
	}
	if _, err := api.GetUploadURLExternalContext(ctx(t), slack.GetUploadURLExternalParameters{FileName: "r.md", FileSize: -1}); slackErr(t, err) != "invalid_arguments" {
		t.Errorf("negative size: %v", err)
	}
	u, err := api.GetUploadURLExternalContext(ctx(t), slack.GetUploadURLExternalParameters{FileName: "r.md", FileSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	_, err = api.CompleteUploadExternalContext(ctx(t), slack.CompleteUploadExternalParameters{Files: []slack.FileSummary{{ID: u.FileID}}, Channel: ops})
	if slackErr(t, err) != "file_not_found" {
		t.Errorf("completing a file never uploaded: %v", err)
	}
	if len(s.Files(ops)) != 0 || len(s.Files("C0OTHER")) != 0 {
		t.Error("a refused upload left a file")
	}
}
