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
	} else if want := "#1 の報告書を report.html に書き出しました\n"; r.stderr != want {
		t.Errorf("export -o --lang ja said %q, want %q", r.stderr, want)
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

// Findings followed to closure, through the binary: follow-ups of a real
// incident (one done with a note, one overdue) and a drill's finding done
// after the drill ended; the report shows each with its state and closing,
// the summary's open items only the open one, and the statistics count the
// findings open and closed and name the last drill.
func TestFindingsToClosureThroughTheBinary(t *testing.T) {
	dir := t.TempDir()
	session := strings.Join([]string{
		"open Applicant data exposed",
		"finding Update the plugin monthly | owner: @suzuki | due: 2030-01-10",
		"finding Put the regulator's form in the kit | owner: @kato | due: 2020-01-10",
		"finding done 1 scheduled in the maintenance calendar",
		"drill start entry-form-leak --speed 60",
		"drill end",
		"finding #D-1 The approver's deputy is not named | owner: @kato",
		"finding #D-1 done 1 deputy named in the authority table",
	}, "\n") + "\n"
	r := ib(t, dir, session, "console", "--db", "x.db", "--as", "sato")
	if r.code != 0 || strings.Contains(r.stdout+r.stderr, "internal error") {
		t.Fatalf("console: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	md := ib(t, dir, "", "export", "1", "--format", "md", "--lang", "en", "--db", "x.db")
	for _, want := range []string{
		"| 1 | Update the plugin monthly | @suzuki | 2030-01-10 | done ",
		"note: scheduled in the maintenance calendar",
		"| 2 | Put the regulator's form in the kit | @kato | 2020-01-10 | OVERDUE | — |",
		"- Put the regulator's form in the kit — owner @kato, due 2020-01-10: OVERDUE",
		"- 1 finding(s) done: see Findings",
	} {
		if !strings.Contains(md.stdout, want) {
			t.Errorf("export md lacks %q\n%s", want, md.stdout)
		}
	}
	if strings.Contains(md.stdout, "- Update the plugin monthly") {
		t.Error("the summary's open items list the finding that is done")
	}

	js := ib(t, dir, "", "export", "D-1", "--format", "json", "--db", "x.db")
	var drill struct {
		Findings []struct {
			Number int    `json:"number"`
			State  string `json:"state"`
			Closed *struct {
				Note string `json:"note"`
			} `json:"closed"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &drill); err != nil || len(drill.Findings) != 1 || drill.Findings[0].State != "done" ||
		drill.Findings[0].Closed == nil || drill.Findings[0].Closed.Note != "deputy named in the authority table" {
		t.Errorf("the drill's findings: %v %+v\n%s", err, drill, js.stderr)
	}

	// In Japanese, as the text below: with no timezone key the language
	// picks the zone (Japanese: Asia/Tokyo), and the drill's date is in it.
	st := ib(t, dir, "", "stats", "--format", "json", "--lang", "ja", "--db", "x.db")
	var stats struct {
		Quarters  []struct{ Drills int } `json:"drills_by_quarter"`
		LastDrill *struct {
			Date     string `json:"date"`
			Ref      string `json:"ref"`
			Scenario string `json:"scenario"`
		} `json:"last_drill"`
		Findings struct {
			Drills    int `json:"in_drills"`
			Incidents int `json:"in_incidents"`
			Open      int `json:"open"`
			Closed    int `json:"closed"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(st.stdout), &stats); err != nil || len(stats.Quarters) != 1 || stats.Quarters[0].Drills != 1 ||
		stats.LastDrill == nil || stats.LastDrill.Ref != "#D-1" || stats.LastDrill.Scenario != "entry-form-leak" || len(stats.LastDrill.Date) != 10 ||
		stats.Findings.Drills != 1 || stats.Findings.Incidents != 2 || stats.Findings.Open != 1 || stats.Findings.Closed != 2 {
		t.Errorf("stats json: %v %+v\n%s", err, stats, st.stdout)
	}
	text := ib(t, dir, "", "stats", "--lang", "ja", "--db", "x.db")
	for _, want := range []string{"最後の演習: " + stats.LastDrill.Date + "（#D-1、シナリオ entry-form-leak）", "記録された発見事項: 演習で1件、インシデントで2件（未完了1件、完了2件）。"} {
		if !strings.Contains(text.stdout, want) {
			t.Errorf("stats lacks %q\n%s", want, text.stdout)
		}
	}
}

// The commands that only read the store (export, verify, stats) load no
// runbooks: a runbook file broken after the incident does not stand
// between the team and its report, while the console still refuses it.
func TestReadingCommandsNeedNoRunbooks(t *testing.T) {
	dir := t.TempDir()
	good := write(t, filepath.Join(dir, "good.toml"), "timezone = \"Asia/Tokyo\"\n")
	if r := ib(t, dir, "open high checkout down\nlog rolled back\n", "console", "--config", good, "--db", "x.db", "--as", "sato"); r.code != 0 {
		t.Fatalf("console: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	books := filepath.Join(dir, "books")
	if err := os.Mkdir(books, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(books, "ours.toml"), "name = \"ours\"\nkeywrods = [\"x\"]\n")
	broken := write(t, filepath.Join(dir, "broken.toml"), "timezone = \"Asia/Tokyo\"\n[runbooks]\ndir = \""+books+"\"\n")
	if r := ib(t, dir, "list\n", "console", "--config", broken, "--db", "x.db", "--as", "sato"); r.code != exitFailure || !strings.Contains(r.stderr, "keywrods") {
		t.Fatalf("console with a broken runbook: exit %d, want %d naming the key\n%s", r.code, exitFailure, r.stderr)
	}
	for _, args := range [][]string{
		{"export", "1", "--format", "md", "--as", "sato"},
		{"verify", "1"},
		{"stats"},
	} {
		r := ib(t, dir, "", append(args, "--config", broken, "--db", "x.db")...)
		if r.code != 0 || r.stderr != "" {
			t.Errorf("%s with a broken runbook: exit %d\n%s", args[0], r.code, r.stderr)
		}
	}
}
