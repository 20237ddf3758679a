package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The report through the binary: the scope set and corrected in Japanese,
// a decision taken by someone else than who logged it, the incident walked
// to close; show repeats the scope, the console points to export for HTML,
// and the exports carry it all: JSON (scope and its history, the highest
// severity, when it was contained, the decisions that mattered, who
// decided), the HTML page (chart with a group per phase, the summary), the
// statistics as JSON.
func TestReportThroughTheBinary(t *testing.T) {
	dir := t.TempDir()
	cfg := write(t, filepath.Join(dir, "ja.toml"), "timezone = \"Asia/Tokyo\"\n")
	session := strings.Join([]string{
		"open high 応募フォームから個人情報が流出した可能性",
		"scope 対象者: 応募者340名、顧客12名 ｜ 件数: ３５２件 ｜ データ項目: 氏名、メールアドレス ｜ 対象システム: 応募フォーム",
		"decision 応募フォームを停止 | 根拠: 不審な送信が続いている | by: @kato",
		"next", "next", "next",
		"sev medium ベンダーのログで流出なしと確認",
		"next",
		"scope records: 340",
		"show",
		"next",
		"postmortem cause: プラグインの脆弱性 | impact: 応募者340名の情報が閲覧可能だった | prevention: 毎月の更新 | open: 対象者への連絡",
		"close",
		"report #1 html",
	}, "\n") + "\n"
	r := ib(t, dir, session, "console", "--config", cfg, "--db", "x.db", "--as", "sato")
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "internal error") {
		t.Fatalf("console: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"#1: scope updated (event 2).",
		"Scope — affected: 応募者340名、顧客12名 / records: 352 / data: 氏名、メールアドレス / systems: 応募フォーム",
		"Scope — affected: 応募者340名、顧客12名 / records: 340 / data: 氏名、メールアドレス / systems: 応募フォーム",
		"incidentbot export #1 --format html -o report.html",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the console lacks %q:\n%s", want, r.stdout)
		}
	}

	js := ib(t, dir, "", "export", "1", "--format", "json", "--db", "x.db", "--config", cfg)
	var rep struct {
		Summary struct {
			Highest      string  `json:"highest_severity"`
			ContainedAt  *string `json:"contained_at"`
			KeyDecisions []int   `json:"key_decisions"`
		} `json:"summary"`
		Decisions []struct {
			Author    struct{ ID string }  `json:"author"`
			DecidedBy *struct{ ID string } `json:"decided_by"`
		} `json:"decisions"`
		Scope struct {
			Affected string `json:"affected"`
			Records  *int   `json:"records"`
			Data     string `json:"data"`
			Systems  string `json:"systems"`
			Updates  []struct {
				Records *int `json:"records"`
			} `json:"updates"`
		} `json:"scope"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil {
		t.Fatalf("export json: %v\n%s%s", err, js.stdout, js.stderr)
	}
	s := rep.Scope
	if s.Affected != "応募者340名、顧客12名" || s.Records == nil || *s.Records != 340 || s.Data != "氏名、メールアドレス" || s.Systems != "応募フォーム" ||
		len(s.Updates) != 2 || *s.Updates[0].Records != 352 || *s.Updates[1].Records != 340 {
		t.Errorf("scope: %+v", s)
	}
	if rep.Summary.Highest != "high" || rep.Summary.ContainedAt == nil || len(rep.Summary.KeyDecisions) != 1 {
		t.Errorf("summary: %+v", rep.Summary)
	}
	if d := rep.Decisions; len(d) != 1 || d[0].Author.ID != "sato" || d[0].DecidedBy == nil || d[0].DecidedBy.ID != "kato" {
		t.Errorf("decisions: %+v", d)
	}

	if r := ib(t, dir, "", "export", "1", "--format", "html", "--lang", "ja", "-o", "report.html", "--db", "x.db", "--config", cfg); r.code != 0 {
		t.Fatalf("export html: exit %d\n%s", r.code, r.stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<!DOCTYPE html>", `<html lang="ja">`, "<svg", `<g data-phase="detect">`, `<g data-phase="post">`,
		"応募者340名、顧客12名", ">340件</td>", "経営報告", "決定者 @kato"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", " src=", " href=", "url(http", "@import"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("report.html holds %q: it must load nothing from elsewhere", bad)
		}
	}

	st := ib(t, dir, "", "stats", "--format", "json", "--db", "x.db", "--config", cfg)
	var stats struct {
		Incidents int `json:"incidents"`
		Contain   struct {
			Count int `json:"count"`
		} `json:"time_to_contain"`
	}
	if err := json.Unmarshal([]byte(st.stdout), &stats); err != nil || stats.Incidents != 1 || stats.Contain.Count != 1 {
		t.Errorf("stats json: %v %+v\n%s", err, stats, st.stdout)
	}
}
