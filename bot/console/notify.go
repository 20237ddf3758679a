package console

import (
	"incidentbot/workflow"
)

// Notify prints a notice: in the console nobody is paged, but whom a real
// incident would page, remind or ask shows, after the reply of the command
// that caused it. It implements workflow.Notifier.
func (c *Console) Notify(_ workflow.Tx, n workflow.Notice) error {
	if n.Incident == nil {
		return nil
	}
	what := n.Text.Localize(c.lang())
	if n.Text.Key == "" {
		what = c.text("console.notice_plain", workflow.Args{"kind": string(n.Kind), "target": n.Target.String()})
	}
	return c.notice(c.text("console.notice", workflow.Args{"ref": n.Incident.Ref(), "what": what}) + "\n")
}

// PostDrill prints what a drill's clock did (an inject, a deadline, a
// simulated escalation step, the scorecard). It implements
// workflow.DrillPoster.
func (c *Console) PostDrill(_ workflow.Tx, inc *workflow.Incident, lines []workflow.Msg) error {
	text := workflow.RenderAll(c.lang(), lines)
	return c.notice(c.text("console.drill", workflow.Args{"ref": inc.Ref(), "text": text}) + "\n")
}

// PostSandbox prints what would be posted in a sandbox channel: the
// reminder that a drill is due. It implements workflow.SandboxPoster.
func (c *Console) PostSandbox(_ workflow.Tx, channel string, lines []workflow.Msg) error {
	text := workflow.RenderAll(c.lang(), lines)
	return c.notice(c.text("console.sandbox", workflow.Args{"channel": channel, "text": text}) + "\n")
}

func (c *Console) lang() workflow.Lang {
	if c.Lang == "" {
		return workflow.English
	}
	return c.Lang
}
