package jatext

import "testing"

func TestProblem(t *testing.T) {
	for _, tc := range []struct {
		text string
		bad  bool
	}{
		{`「sockt」は接続方式ではありません。mode = "socket" と書いてください`, false},
		{`キー: key, aliases, label, criteria, notify`, false},
		{`型が違います（詳細: cannot decode TOML integer into struct field）`, false},
		{`"the value is not right here" は使えません`, false},
		{`unknown key; did you mean "storage"?`, true},
		{`キーが不明です。remove it or fix its spelling`, true},
		{``, true},
		{`Slack のチャンネル ID（C… または G…）`, false},
		{`write the id alone`, true},
		{`コマンドで使う語です（/incident vendor request hosting）`, false},
		{`主担当 and/or shared by the vendors`, true},
	} {
		got := Problem(tc.text)
		if (got != "") != tc.bad {
			t.Errorf("%q: problem %q, want bad=%v", tc.text, got, tc.bad)
		}
	}
}
