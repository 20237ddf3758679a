package slackbot

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"incidentbot/workflow"
	"incidentbot/workflow/report"
)

// The post-incident report in Slack: /incident report [md|html|json]
// uploads the report as a file to the incident's own channel (files upload
// v2: files.getUploadURLExternal, the upload to the URL it gives,
// files.completeUploadExternal), with a short summary as its comment.
// Entering post-incident uploads a draft (HTML, titled as a draft); close
// uploads the final report. The upload is an outbox job, so it survives a
// restart and is retried; it renders the incident as it is when delivered.
// A private incident's report goes to its private channel only, like
// everything else about it.

// queueReport queues the report the person asked for. The ack has told them
// it follows in the incident's channel.
func (b *Bot) queueReport(ctx context.Context, inc *workflow.Incident, actor workflow.Actor, format string) error {
	return b.store.Update(ctx, func(tx workflow.Tx) error {
		q := &queue{tx: tx, now: b.now(), incident: inc.ID}
		q.add(incidentQueue(inc.ID), jobReport{Format: format, Actor: actor})
		return q.err
	})
}

// reportsDue are the reports a change calls for: a draft on entering
// post-incident, the final one on close (a false alarm too: its record is
// its report).
func reportsDue(events []workflow.Event) []jobReport {
	var out []jobReport
	for _, e := range events {
		if e.Kind != workflow.EventPhaseChanged {
			continue
		}
		p, err := e.Payload()
		pc, ok := p.(workflow.PhaseChanged)
		if err != nil || !ok {
			continue
		}
		switch {
		case pc.To == workflow.PhasePost:
			out = append(out, jobReport{Format: string(report.FormatHTML), Draft: true})
		case pc.To == workflow.PhaseClosed && (pc.Move == workflow.MoveClose || pc.Move == workflow.MoveFalseAlarm):
			out = append(out, jobReport{Format: string(report.FormatHTML), Final: true})
		}
	}
	return out
}

// sendReport renders the report and uploads it to the incident's channel.
// Asked for by a person, it is rendered for them (a private incident they
// can no longer see is not uploaded); queued by the bot, for the channel.
func (b *Bot) sendReport(ctx context.Context, o workflow.Outgoing, j *jobReport) error {
	format, ok := report.ParseFormat(j.Format)
	if !ok {
		return &permanentError{fmt.Sprintf("unknown report format %q", j.Format)}
	}
	ch, err := b.incidentChannel(ctx, o)
	if err != nil {
		return err
	}
	var file bytes.Buffer
	var inc *workflow.Incident
	render := func(i *workflow.Incident, events workflow.EventSource) error {
		inc = i
		return report.Write(&file, format, i, events, report.Options{Lang: b.lang, Location: b.loc, Scale: b.scale, Draft: j.Draft})
	}
	if j.Actor.User != "" {
		err = b.svc.ReadTimeline(ctx, j.Actor, workflow.Ref{ID: o.IncidentID}, render)
	} else {
		err = b.store.View(ctx, func(tx workflow.ReadTx) error {
			i, err := tx.Incident(workflow.Ref{ID: o.IncidentID})
			if err != nil {
				return err
			}
			return render(i, workflow.TxEvents{Tx: tx, ID: i.ID})
		})
	}
	if errors.Is(err, workflow.ErrNotFound) {
		return &permanentError{"the incident is not there, or no longer visible to who asked"}
	}
	if err != nil {
		return err
	}
	title, name := b.reportTitle(inc, format, j.Draft)
	_, err = b.api.UploadFileContext(ctx, slack.UploadFileParameters{
		Filename:       name,
		FileSize:       file.Len(),
		Reader:         bytes.NewReader(file.Bytes()),
		Title:          title,
		Channel:        ch,
		InitialComment: b.reportComment(inc, j),
	})
	return err
}

// reportTitle is the file's title and name: "Incident report #3 (draft)",
// "incident-3-report-draft.html".
func (b *Bot) reportTitle(inc *workflow.Incident, f report.Format, draft bool) (string, string) {
	key, suffix := workflow.MsgKey("slack.report.title"), ""
	if draft {
		key, suffix = "slack.report.title_draft", "-draft"
	}
	ref := inc.Ref().String()
	name := "incident-" + ref[1:] + "-report" + suffix + f.Ext()
	return trPlain(b.lang, key, workflow.Args{"ref": inc.Ref()}), name
}

// reportComment is the short summary posted with the file: what, how bad,
// where it stands, and the head hash that anchors the record.
func (b *Bot) reportComment(inc *workflow.Incident, j *jobReport) string {
	key := workflow.MsgKey("slack.report.comment")
	switch {
	case j.Draft:
		key = "slack.report.comment_draft"
	case j.Final:
		key = "slack.report.comment_final"
	}
	ttr := b.text("slack.report.not_recovered", nil)
	if d, ok := inc.TimeToRecover(); ok {
		ttr = workflow.Span(d).Localize(b.lang)
	}
	by := markup("")
	if j.Actor.User != "" {
		by = markup(b.text("slack.report.asked_by", workflow.Args{"who": mention(j.Actor.User)}))
	}
	return b.marked(inc, b.text(key, workflow.Args{
		"ref": inc.Ref(), "title": inc.Title, "severity": b.scale.Level(inc.Severity), "phase": inc.Phase,
		"ttd": workflow.Span(inc.TimeToDetect()), "ttr": ttr, "decisions": inc.DecisionCount, "events": inc.Seq,
		"head": inc.Head.Short(), "by": by,
	}))
}

var reportMessages = workflow.Catalog{
	"slack.report_follows":       {En: "The {format} report will be posted to the incident's channel in a moment.", Ja: "{format} 形式の報告書をまもなくインシデントのチャンネルに投稿します。"},
	"slack.report.title":         {En: "Incident report {ref}", Ja: "インシデント報告書 {ref}"},
	"slack.report.title_draft":   {En: "Incident report {ref} (draft)", Ja: "インシデント報告書 {ref}（下書き）"},
	"slack.report.comment":       {En: "Report of {ref} {title}{by}: {severity} · {phase} · time to detect {ttd} · time to recover {ttr} · {decisions} decisions, {events} events · head hash `{head}`", Ja: "{ref} {title} の報告書{by}: {severity} · {phase} · 検知までの時間 {ttd} · 復旧までの時間 {ttr} · 意思決定{decisions}件、イベント{events}件 · 最新ハッシュ `{head}`"},
	"slack.report.comment_draft": {En: "Draft report of {ref} {title}, now in post-incident: {severity} · time to detect {ttd} · time to recover {ttr} · {decisions} decisions, {events} events · head hash `{head}`. Fill in the postmortem; the final report follows on close.", Ja: "{ref} {title} の報告書の下書きです（事後対応に入りました）: {severity} · 検知までの時間 {ttd} · 復旧までの時間 {ttr} · 意思決定{decisions}件、イベント{events}件 · 最新ハッシュ `{head}`。事後報告を記入してください。クローズ時に最終版を投稿します。"},
	"slack.report.comment_final": {En: "Final report of {ref} {title}, closed: {severity} · time to detect {ttd} · time to recover {ttr} · {decisions} decisions, {events} events · head hash `{head}`", Ja: "{ref} {title} の最終報告書です（クローズ済み）: {severity} · 検知までの時間 {ttd} · 復旧までの時間 {ttr} · 意思決定{decisions}件、イベント{events}件 · 最新ハッシュ `{head}`"},
	"slack.report.asked_by":      {En: ", asked for by {who}", Ja: "（{who}の依頼）"},
	"slack.report.not_recovered": {En: "not yet", Ja: "未復旧"},
}
