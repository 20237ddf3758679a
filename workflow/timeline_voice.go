package workflow

// How statements, the personal-data flag and deadlines read in the report's
// readable timeline (see timeline.go).

func sayStatementDrafted(p StatementDrafted, _ SayContext) Msg {
	return M("say.statement_drafted", Args{"n": p.Number, "audience": p.Audience, "text": tail(p.Text)})
}

func sayStatementEdited(p StatementEdited, _ SayContext) Msg {
	return M("say.statement_edited", Args{"n": p.Number, "version": p.Version, "text": tail(p.Text)})
}

func sayStatementApproved(p StatementApproved, _ SayContext) Msg {
	return M("say.statement_approved", Args{"n": p.Number, "version": p.Version})
}

func sayStatementRefused(p StatementRefused, _ SayContext) Msg {
	return M("say.statement_refused", Args{"n": p.Number, "version": p.Version, "reason": tail(p.Reason)})
}

func sayStatementSent(p StatementSent, _ SayContext) Msg {
	var d details
	if p.How != "" {
		d = append(d, M("say.statement_how", Args{"how": p.How}))
	}
	d = append(d, notSent(p.Simulated)...)
	return M("say.statement_sent", Args{"n": p.Number, "version": p.Version, "details": d})
}

func sayPersonalData(p PersonalDataSet, _ SayContext) Msg {
	key := MsgKey("say.personal_data_no")
	switch {
	case p.Involved && p.Unlawful:
		key = "say.personal_data_unlawful"
	case p.Involved:
		key = "say.personal_data_yes"
	}
	var d details
	switch {
	case p.Runbook != "":
		d = append(d, M("say.personal_data_by_runbook", Args{"runbook": p.Runbook}))
	case p.Level != "":
		d = append(d, M("say.personal_data_by_level", Args{"level": string(p.Level)}))
	}
	return M(key, Args{"reason": tail(p.Reason), "details": d})
}

func sayDeadlineMissed(p DeadlineMissed, c SayContext) Msg {
	d := notSent(p.Simulated)
	return M("say.deadline_missed", Args{"item": p.Text, "due": c.when(p.Due), "who": joinPeople(p.People), "details": d})
}

func sayDeadlineReminded(p DeadlineReminded, _ SayContext) Msg {
	d := notSent(p.Simulated)
	return M("say.deadline_reminded", Args{"item": p.Text, "late": Span(p.Late), "who": joinPeople(p.People), "details": d})
}

// joinPeople names the people reminded, "—" when nobody held the roles.
func joinPeople(ps []Person) Localizer {
	if len(ps) == 0 {
		return text("")
	}
	ms := make([]Msg, len(ps))
	for i, p := range ps {
		ms[i] = M("say.person", Args{"person": p})
	}
	return joinMsgs(ms)
}

var voiceTimelineMessages = Catalog{
	"say.person":                   {En: "{person}", Ja: "{person}"},
	"say.statement_drafted":        {En: "drafted statement {n} to {audience}{text}", Ja: "{audience}向けの発信文{n}の下書きを作成{text}"},
	"say.statement_edited":         {En: "wrote version {version} of statement {n}, to be approved again{text}", Ja: "発信文{n}の第{version}版を作成（再承認が必要）{text}"},
	"say.statement_approved":       {En: "approved version {version} of statement {n}", Ja: "発信文{n}の第{version}版を承認"},
	"say.statement_refused":        {En: "refused version {version} of statement {n}{reason}", Ja: "発信文{n}の第{version}版を却下{reason}"},
	"say.statement_sent":           {En: "recorded statement {n} (version {version}) as sent{details}", Ja: "発信文{n}（第{version}版）を発信済みとして記録{details}"},
	"say.statement_how":            {En: "by {how}", Ja: "方法: {how}"},
	"say.personal_data_yes":        {En: "marked personal data as involved{details}{reason}", Ja: "個人情報が関わると記録{details}{reason}"},
	"say.personal_data_unlawful":   {En: "marked personal data as involved, with an unlawful purpose suspected{details}{reason}", Ja: "個人情報が関わり、不正の目的が疑われると記録{details}{reason}"},
	"say.personal_data_no":         {En: "marked personal data as not involved{details}{reason}", Ja: "個人情報は関わらないと記録{details}{reason}"},
	"say.personal_data_by_runbook": {En: "set by runbook {runbook}", Ja: "手順書 {runbook} による"},
	"say.personal_data_by_level":   {En: "set by severity {level}", Ja: "重大度 {level} による"},
	"say.deadline_missed":          {En: "the deadline of “{item}” ({due}) passed with the item not done; reminded {who}{details}", Ja: "「{item}」の期限（{due}）が過ぎ、未完了のため{who}にリマインド{details}"},
	"say.deadline_reminded":        {En: "reminded {who} again of “{item}”, {late} past its deadline{details}", Ja: "「{item}」の期限から{late}過ぎたため、{who}に再度リマインド{details}"},
}
