package slackbot_test

import (
	"net/http"
	"strings"
	"testing"

	"incidentbot/bot/slackbot/fakeslack"
	"incidentbot/workflow"
)

// /incident report uploads the report as a file to the incident channel, in
// the format asked for, with a short summary; the upload goes through the
// outbox, so it is retried after a failure and survives a restart.
func TestReportUploadedToIncidentChannel(t *testing.T) {
	f := newFlow(t)
	f.command(opener, "C0GENERAL", "open high Website defaced")
	ch := f.channelOf("inc-1-website-defaced")
	f.command(opener, ch.ID, "decision Take the site offline | why: defaced pages are public")
	if ack := f.command(opener, "C0GENERAL", "report md"); !strings.Contains(ack, "md") || !strings.Contains(ack, "channel") {
		t.Errorf("ack %q", ack)
	}
	f.wait("the md report", func() bool { return len(f.fake.Files(ch.ID)) == 1 })
	md := f.fake.Files(ch.ID)[0]
	inc := f.incident("#1")
	if md.Name != "incident-1-report.md" || md.Title != "Incident report #1" ||
		!strings.Contains(string(md.Content), "Take the site offline") || !strings.Contains(string(md.Content), "# Incident report #1: Website defaced") {
		t.Errorf("md file %q %q:\n%s", md.Name, md.Title, md.Content)
	}
	for _, want := range []string{"Report of #1 Website defaced", "<@" + opener + ">", "High", "head hash `" + inc.Head.Short() + "`"} {
		if !strings.Contains(md.Comment, want) {
			t.Errorf("the comment %q lacks %q", md.Comment, want)
		}
	}

	f.command(opener, ch.ID, "report html")
	f.wait("the html report", func() bool { return len(f.fake.Files(ch.ID)) == 2 })
	html := f.fake.Files(ch.ID)[1]
	if html.Name != "incident-1-report.html" || !strings.HasPrefix(string(html.Content), "<!DOCTYPE html>") || !strings.Contains(string(html.Content), `<g data-phase="detect">`) {
		t.Errorf("html file %q: %.300s", html.Name, html.Content)
	}

	// Stopped, asked, started again with Slack failing once: it arrives.
	// (Stopped once the html is done with: a job stopped between the upload
	// and its record of delivery is delivered again after the restart.)
	f.settle()
	f.halt()
	f.command(opener, ch.ID, "report json")
	f.fake.Fail("files.completeUploadExternal", 1, http.StatusInternalServerError)
	f.start()
	f.wait("the json report, retried", func() bool { return len(f.fake.Files(ch.ID)) == 3 })
	if js := f.fake.Files(ch.ID)[2]; js.Name != "incident-1-report.json" || !strings.Contains(string(js.Content), `"format": "incidentbot.report/v1"`) {
		t.Errorf("json file %q: %.200s", js.Name, js.Content)
	}
	if n := len(f.fake.CallsTo("files.completeUploadExternal")); n != 4 {
		t.Errorf("files.completeUploadExternal called %d times, want 4 (one failed)", n)
	}
	if got := f.fake.Files("C0GENERAL"); len(got) != 0 {
		t.Errorf("files in #general, where report was typed: %d", len(got))
	}
}

// Entering post-incident posts a draft (HTML, titled as a draft); close
// posts the final report.
func TestDraftAndFinalReports(t *testing.T) {
	f := newFlow(t)
	f.command(opener, "C0GENERAL", "open high Website defaced")
	ch := f.channelOf("inc-1-website-defaced")
	for range 4 {
		f.command(opener, ch.ID, "next")
	}
	if n := len(f.fake.Files(ch.ID)); n != 0 {
		t.Errorf("%d files before post-incident", n)
	}
	f.command(opener, ch.ID, "next")
	f.wait("the draft", func() bool { return len(f.fake.Files(ch.ID)) == 1 })
	draft := f.fake.Files(ch.ID)[0]
	if draft.Name != "incident-1-report-draft.html" || draft.Title != "Incident report #1 (draft)" ||
		!strings.Contains(string(draft.Content), "DRAFT incident report #1") || !strings.Contains(draft.Comment, "Draft report of #1") {
		t.Errorf("draft %q %q %q", draft.Name, draft.Title, draft.Comment)
	}
	f.command(opener, ch.ID, "postmortem cause: weak password | impact: pages defaced for 2h | prevention: MFA for the CMS")
	f.command(opener, ch.ID, "close")
	f.wait("the final report", func() bool { return len(f.fake.Files(ch.ID)) == 2 })
	final := f.fake.Files(ch.ID)[1]
	if final.Name != "incident-1-report.html" || final.Title != "Incident report #1" ||
		!strings.Contains(string(final.Content), "weak password") || strings.Contains(string(final.Content), "DRAFT") || !strings.Contains(final.Comment, "Final report of #1") {
		t.Errorf("final %q %q %q", final.Name, final.Title, final.Comment)
	}
	if f.incident("#1").Phase != workflow.PhaseClosed {
		t.Error("not closed")
	}
}

// A private incident's report goes to its private channel and nowhere else.
func TestPrivateReportStaysInItsChannel(t *testing.T) {
	f := newFlow(t)
	f.command(opener, "C0GENERAL", "open high Applicant data exposed --private")
	ch := f.channelOf("inc-1-applicant-data-exposed")
	f.wait("card pinned", func() bool { return len(f.fake.Pins(ch.ID)) == 1 })
	f.command(opener, "C0GENERAL", "report #1 html")
	f.wait("the report", func() bool { return len(f.fake.Files(ch.ID)) == 1 })
	for _, other := range []string{"C0GENERAL", announce} {
		if n := len(f.fake.Files(other)); n != 0 {
			t.Errorf("%d files in %s", n, other)
		}
	}
	// Someone who may not see it cannot have it uploaded.
	if ack := f.command(tech, "C0GENERAL", "report #1"); strings.Contains(ack, "channel") {
		t.Errorf("an outsider's report was queued: %q", ack)
	}
	for _, c := range f.fake.CallsTo(fakeslack.UploadMethod) {
		if c.Status != http.StatusOK {
			t.Errorf("an upload failed: %+v", c)
		}
	}
}
