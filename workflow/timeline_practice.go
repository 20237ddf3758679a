package workflow

// How a drill's contact check and the closing of findings read in the
// report's readable timeline (see timeline.go).

func sayContactCheckStarted(p ContactCheckStarted, _ SayContext) Msg {
	return M("say.contact_check_started", Args{"n": len(p.Asked), "window": Span(p.Window)})
}

func sayContactCheckAcked(p ContactCheckAcked, _ SayContext) Msg {
	if p.By.ID != p.For.ID {
		return M("say.contact_check_acked_for", Args{"by": p.By, "for": p.For, "after": Span(p.After)})
	}
	return M("say.contact_check_acked", Args{"by": p.By, "after": Span(p.After)})
}

func sayContactCheckClosed(p ContactCheckClosed, _ SayContext) Msg {
	return M("say.contact_check_closed", Args{"asked": p.Asked, "acked": p.Acked})
}

func sayFindingClosed(p FindingClosed, _ SayContext) Msg {
	return M("say.finding_closed", Args{"n": p.Finding, "note": tail(p.Note)})
}

func sayFindingReminded(p FindingReminded, _ SayContext) Msg {
	return M("say.finding_reminded", Args{"n": p.Finding, "who": p.Person, "due": p.Due})
}

var practiceTimelineMessages = Catalog{
	"say.contact_check_started":   {En: "started a contact check: {n} people asked to acknowledge within {window} of real time", Ja: "連絡確認を開始: {n}人に実時間{window}以内の応答を依頼"},
	"say.contact_check_acked":     {En: "{by} acknowledged the contact check, {after} after it started", Ja: "{by}が連絡確認に応答（開始から{after}）"},
	"say.contact_check_acked_for": {En: "{by} acknowledged the contact check sent to {for}, {after} after it started", Ja: "{for}宛ての連絡確認に{by}が応答（開始から{after}）"},
	"say.contact_check_closed":    {En: "the contact check closed: {acked} of {asked} acknowledged in time", Ja: "連絡確認を締め切り: {asked}人中{acked}人が時間内に応答"},
	"say.finding_closed":          {En: "closed finding {n}{note}", Ja: "発見事項{n}を完了{note}"},
	"say.finding_reminded":        {En: "reminded {who} of finding {n}, due {due}", Ja: "期限{due}の発見事項{n}について{who}にリマインド"},
}
