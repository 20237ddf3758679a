package workflow

import "testing"

// How statement, personal-data and done read what follows them.
func TestParseVoice(t *testing.T) {
	tests := []struct {
		text string
		want Command // the fields compared below
	}{
		{"statement customers Form down | why: maintenance", Command{StatementAction: StatementDraft, Audience: AudienceCustomers, StatementText: "Form down | why: maintenance"}},
		{"statement #3 顧客 フォームを停止しました", Command{Ref: Ref{Number: 3}, StatementAction: StatementDraft, Audience: AudienceCustomers, StatementText: "フォームを停止しました"}},
		{"発信 本人 お詫び", Command{StatementAction: StatementDraft, Audience: AudienceAffected, StatementText: "お詫び"}},
		{"statement Regulator &lt;draft&gt;", Command{StatementAction: StatementDraft, Audience: AudienceRegulator, StatementText: "<draft>"}},
		{"statement edit 2 new text", Command{StatementAction: StatementEdit, StatementNumber: 2, StatementText: "new text"}},
		{"statement approve ２", Command{StatementAction: StatementApprove, StatementNumber: 2}},
		{"statement approve 2 v3", Command{StatementAction: StatementApprove, StatementNumber: 2, StatementVersion: 3}},
		{"statement 承認 2", Command{StatementAction: StatementApprove, StatementNumber: 2}},
		{"statement refuse 2 v1 not yet", Command{StatementAction: StatementRefuse, StatementNumber: 2, StatementVersion: 1, Reason: "not yet"}},
		{"statement refuse 2 vague wording", Command{StatementAction: StatementRefuse, StatementNumber: 2, Reason: "vague wording"}},
		{"statement sent 2 email to applicants", Command{StatementAction: StatementSend, StatementNumber: 2, How: "email to applicants"}},
		{"personal-data yes", Command{PersonalData: true}},
		{"個人情報 はい --unlawful 不正アクセス", Command{PersonalData: true, Unlawful: true, Reason: "不正アクセス"}},
		{"personal-data no vendor says nothing was read", Command{Reason: "vendor says nothing was read"}},
		{"done 2", Command{Item: 2}},
		{"done contain.3", Command{ItemPhase: PhaseContain, Item: 3}},
		{"done ppc-preliminary", Command{ItemKey: "ppc-preliminary"}},
		{"undo #2 PPC-Final", Command{Ref: Ref{Number: 2}, ItemKey: "ppc-final"}},
	}
	for _, tc := range tests {
		got, err := Parse(tc.text, DefaultScale())
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
			continue
		}
		w := tc.want
		if got.Ref != w.Ref || got.StatementAction != w.StatementAction || got.Audience != w.Audience || got.StatementText != w.StatementText ||
			got.StatementNumber != w.StatementNumber || got.StatementVersion != w.StatementVersion || got.Reason != w.Reason || got.How != w.How ||
			got.PersonalData != w.PersonalData || got.Unlawful != w.Unlawful || got.Item != w.Item || got.ItemPhase != w.ItemPhase || got.ItemKey != w.ItemKey {
			t.Errorf("%q:\n got  %+v\n want %+v", tc.text, got, w)
		}
	}
	for _, bad := range []string{"statement", "statement investors hello", "statement customers", "statement approve", "statement approve 2 now",
		"personal-data", "personal-data perhaps", "personal-data no --unlawful", "done contain.x", "done -x", "done 1 2"} {
		if _, err := Parse(bad, DefaultScale()); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// Which statements typed without text an adapter answers with a form.
func TestStatementFormRequest(t *testing.T) {
	tests := []struct {
		text string
		ref  Ref
		aud  Audience
		ok   bool
	}{
		{"statement", Ref{}, "", true},
		{"/incident statement #4", Ref{Number: 4}, "", true},
		{"statement 取引先", Ref{}, AudiencePartners, true},
		{"statement customers hello", Ref{}, "", false},
		{"statement approve 1", Ref{}, "", false},
		{"statements", Ref{}, "", false},
		{"statement investors", Ref{}, "", false},
	}
	for _, tc := range tests {
		ref, aud, ok := StatementFormRequest(tc.text)
		if ref != tc.ref || aud != tc.aud || ok != tc.ok {
			t.Errorf("%q: %v %q %v, want %v %q %v", tc.text, ref, aud, ok, tc.ref, tc.aud, tc.ok)
		}
	}
}
