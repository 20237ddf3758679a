package report

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"incidentbot/workflow"
)

func TestCatalogCheck(t *testing.T) {
	for _, bad := range Messages().Check() {
		t.Error(bad)
	}
}

// at is 2026-11-20 hh:mm UTC.
func at(hh, mm int) time.Time { return time.Date(2026, 11, 20, hh, mm, 0, 0, time.UTC) }

var (
	sato   = workflow.ConsoleActor("sato")
	suzuki = workflow.ConsoleActor("suzuki")
	yamada = workflow.ConsoleActor("yamada")
	kato   = workflow.ConsoleActor("kato")
	nobody = workflow.Person{}
)

const secret = "db password is hunter2-secret"

// timeline seals events one by one, each by its own actor, the way the
// service appends them.
type timeline struct {
	id     workflow.ID
	events []workflow.Event
}

func (tl *timeline) add(t *testing.T, a workflow.Actor, when time.Time, p workflow.Payload) {
	t.Helper()
	tl.addAbout(t, a, when, "", p)
}

// addAbout is add with the event's subject: who or what it is about.
func (tl *timeline) addAbout(t *testing.T, a workflow.Actor, when time.Time, subject string, p workflow.Payload) {
	t.Helper()
	var head workflow.Hash
	if n := len(tl.events); n > 0 {
		head = tl.events[n-1].Hash
	}
	// Event ids follow from the incident's and the event's number, so the
	// hashes, and the golden files, come out the same on every run.
	ids := func() (workflow.ID, error) {
		id := tl.id
		id[14], id[15] = byte(len(tl.events)+1), 0xee
		return id, nil
	}
	evs, err := workflow.Seal(ids, tl.id, len(tl.events), head, a, when, []workflow.Draft{{OccurredAt: when, Subject: subject, Payload: p}})
	if err != nil {
		t.Fatal(err)
	}
	tl.events = append(tl.events, evs...)
}

// redact does what the store does: the body becomes the tombstone.
func (tl *timeline) redact(seq int) {
	e := &tl.events[seq-1]
	e.Body, e.Redacted = workflow.Tombstone, true
}

func fold(t *testing.T, events []workflow.Event) *workflow.Incident {
	t.Helper()
	inc, err := workflow.Replay(events)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// session is the example session: opened high at 09:12 (started
// 08:50), roles, a status, two decisions and a correction, the severity
// lowered, a note that is later redacted, the commander handed over, every
// phase through post, a postmortem and close.
func session(t *testing.T) *timeline {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000001")}
	p := func(a workflow.Actor) workflow.Person { return a.Person() }
	tl.add(t, sato, at(9, 12), workflow.Opened{Title: "Suspicious submissions | entry form", Severity: "high", Number: 1,
		Opener: p(sato), StartedAt: at(8, 50), DetectedAt: at(9, 12)}) // 1
	tl.add(t, sato, at(9, 13), workflow.RoleAssigned{Role: workflow.RoleTech, To: p(suzuki)})                      // 2
	tl.add(t, sato, at(9, 14), workflow.RoleAssigned{Role: workflow.RoleComms, To: workflow.Person{ID: "tanaka"}}) // 3
	tl.add(t, sato, at(9, 15), workflow.RoleAssigned{Role: workflow.RoleScribe, To: p(yamada)})                    // 4
	tl.add(t, yamada, at(9, 16), workflow.StatusPosted{StatusFields: workflow.StatusFields{
		Confirmed: "500 suspicious submissions via the form", Unconfirmed: "whether personal data leaked", Next: "check the WAF logs"}}) // 5
	tl.add(t, sato, at(9, 20), workflow.PhaseChanged{From: workflow.PhaseDetect, To: workflow.PhaseInitial, Move: workflow.MoveForward}) // 6
	tl.add(t, sato, at(9, 25), workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{
		Decision: "Block the admin screen from outside IPs", Why: "tampering continues",
		Action: "WAF source restriction", Next: "recheck logs in 30 min"}}) // 7
	tl.add(t, sato, at(9, 40), workflow.PhaseChanged{From: workflow.PhaseInitial, To: workflow.PhaseInvestigate, Move: workflow.MoveForward}) // 8
	tl.add(t, sato, at(9, 45), workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{
		Decision: "Take the entry form offline", Why: "applicant data may be exposed"}}) // 9
	tl.add(t, yamada, at(9, 50), workflow.Amended{Of: 1, DecisionFields: workflow.DecisionFields{Next: "recheck logs at 10:30"}})              // 10
	tl.add(t, sato, at(10, 0), workflow.SeverityChanged{From: "high", To: "medium", Reason: "outflow ruled out by vendor logs"})               // 11
	tl.add(t, suzuki, at(10, 5), workflow.NoteLogged{Text: secret})                                                                            // 12
	tl.add(t, sato, at(10, 10), workflow.RoleAssigned{Role: workflow.RoleCommander, From: p(sato), To: p(kato)})                               // 13
	tl.add(t, kato, at(10, 10), workflow.PhaseChanged{From: workflow.PhaseInvestigate, To: workflow.PhaseContain, Move: workflow.MoveForward}) // 14
	tl.add(t, kato, at(10, 40), workflow.PhaseChanged{From: workflow.PhaseContain, To: workflow.PhaseRecover, Move: workflow.MoveForward})     // 15
	tl.add(t, kato, at(11, 40), workflow.PhaseChanged{From: workflow.PhaseRecover, To: workflow.PhasePost, Move: workflow.MoveForward})        // 16
	tl.add(t, kato, at(11, 50), workflow.PostmortemUpdated{PostmortemFields: workflow.PostmortemFields{
		Cause: "plugin vulnerability", Impact: "500 spam entries, no data leaked", Prevention: "monthly plugin updates", Open: "WAF rule review"}}) // 17
	tl.add(t, kato, at(12, 0), workflow.Redaction{Seq: 12, Reason: "pasted a credential"}) // 18
	tl.redact(12)
	tl.add(t, kato, at(12, 5), workflow.PhaseChanged{From: workflow.PhasePost, To: workflow.PhaseClosed, Move: workflow.MoveClose}) // 19
	return tl
}

func build(t *testing.T, events []workflow.Event) *built {
	t.Helper()
	return buildFrom(t, fold(t, events), events)
}

func buildFrom(t *testing.T, inc *workflow.Incident, events []workflow.Event) *built {
	t.Helper()
	r, err := Build(inc, workflow.EventList(events), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return &built{Report: r, t: t, inc: inc, events: events}
}

// built is a report with the timeline it came from, rendered as Write
// renders it.
type built struct {
	*Report
	t        *testing.T
	inc      *workflow.Incident
	events   []workflow.Event
	Location *time.Location
}

func (b *built) write(f Format, l workflow.Lang) []byte {
	b.t.Helper()
	var out bytes.Buffer
	if err := Write(&out, f, b.inc, workflow.EventList(b.events), Options{Lang: l, Location: b.Location}); err != nil {
		b.t.Fatal(err)
	}
	return out.Bytes()
}

func (b *built) Markdown(l workflow.Lang) []byte { return b.write(FormatMarkdown, l) }
func (b *built) HTML(l workflow.Lang) []byte     { return b.write(FormatHTML, l) }
func (b *built) JSON() ([]byte, error)           { return b.write(FormatJSON, workflow.English), nil }

func TestBuildModel(t *testing.T) {
	tl := session(t)
	r := build(t, tl.events)
	s := r.Summary
	if s.Ref != "#1" || s.Severity != "medium" || s.Phase != workflow.PhaseClosed || s.EventCount != 19 || s.DecisionCount != 2 {
		t.Errorf("summary = %+v", s)
	}
	if s.TimeToDetect != 22*60 {
		t.Errorf("TTD = %ds, want 22m", s.TimeToDetect)
	}
	if s.TimeToRecover == nil || *s.TimeToRecover != (2*60+50)*60 {
		t.Errorf("TTR = %v, want 2h50m", s.TimeToRecover)
	}
	if !r.AsOf.Equal(at(12, 5)) {
		t.Errorf("as of %v", r.AsOf)
	}

	// Severity history: the opening severity first, then the lowering.
	if len(r.SeverityHistory) != 2 || r.SeverityHistory[0].From != "" || r.SeverityHistory[0].To != "high" ||
		r.SeverityHistory[1].To != "medium" || r.SeverityHistory[1].Reason != "outflow ruled out by vendor logs" ||
		r.SeverityHistory[1].By.ID != "sato" {
		t.Errorf("severity history = %+v", r.SeverityHistory)
	}

	// Roles: kato took over as commander; every assignment is a handover row.
	if got := r.Roles.Current[0]; got.Role != workflow.RoleCommander || got.Holder.ID != "kato" {
		t.Errorf("commander = %+v", got)
	}
	if got := r.Roles.Current[4]; got.Role != workflow.RoleApprover || got.Holder != nil {
		t.Errorf("approver = %+v", got)
	}
	if n := len(r.Roles.Handovers); n != 4 {
		t.Fatalf("%d handovers", n)
	}
	if h := r.Roles.Handovers[3]; h.From.ID != "sato" || h.To.ID != "kato" || h.By.ID != "sato" || !h.At.Equal(at(10, 10)) {
		t.Errorf("handover = %+v", h)
	}
	if h := r.Roles.Handovers[0]; h.From != nil {
		t.Errorf("first assignment has a from: %+v", h)
	}

	// Time spent per phase.
	want := map[workflow.Phase]int64{
		workflow.PhaseDetect: 8 * 60, workflow.PhaseInitial: 20 * 60, workflow.PhaseInvestigate: 30 * 60,
		workflow.PhaseContain: 30 * 60, workflow.PhaseRecover: 60 * 60, workflow.PhasePost: 25 * 60,
	}
	if len(r.Phases.Totals) != len(want) {
		t.Errorf("totals = %+v", r.Phases.Totals)
	}
	for _, tot := range r.Phases.Totals {
		if tot.Duration != want[tot.Phase] {
			t.Errorf("%s: %ds, want %ds", tot.Phase, tot.Duration, want[tot.Phase])
		}
	}
	last := r.Phases.Stints[len(r.Phases.Stints)-1]
	if last.Phase != workflow.PhaseClosed || !last.Current || last.LeftAt != nil || last.Duration != nil || last.Move != "close" {
		t.Errorf("last stint = %+v", last)
	}

	// The correction points at decision 1; the original is kept as recorded.
	d1 := r.Decisions[0]
	if d1.Next != "recheck logs in 30 min" || d1.Current.Next != "recheck logs at 10:30" || !slices.Equal(d1.CorrectedBy, []int{10}) {
		t.Errorf("decision 1 = %+v", d1)
	}
	c := r.Corrections[0]
	if c.Corrects != 1 || c.Seq != 10 || c.Next != "recheck logs at 10:30" || c.Decision != "" ||
		c.Result.Decision != "Block the admin screen from outside IPs" || c.Author.ID != "yamada" {
		t.Errorf("correction = %+v", c)
	}

	// The redacted note is a row with no content; the redaction names it.
	if len(r.Notes) != 1 || !r.Notes[0].Redacted || r.Notes[0].Text != "" || r.Notes[0].Seq != 12 {
		t.Errorf("notes = %+v", r.Notes)
	}
	if len(r.Redactions) != 1 || r.Redactions[0].RedactedSeq != 12 || r.Redactions[0].RedactedKind != workflow.EventNote ||
		r.Redactions[0].Reason != "pasted a credential" || r.Redactions[0].By.ID != "kato" {
		t.Errorf("redactions = %+v", r.Redactions)
	}
	if r.Postmortem.Cause != "plugin vulnerability" || r.Postmortem.Open != "WAF rule review" {
		t.Errorf("postmortem = %+v", r.Postmortem)
	}
	if !r.Chain.OK || r.Chain.Head != tl.events[18].Hash || r.Chain.BrokenAt != nil {
		t.Errorf("chain = %+v", r.Chain)
	}
}

func TestMarkdownEnglish(t *testing.T) {
	tl := session(t)
	md := string(build(t, tl.events).Markdown(workflow.English))
	for _, want := range []string{
		"# Incident report #1: Suspicious submissions | entry form\n",
		"| Title | Suspicious submissions \\| entry form |",
		"| Time to detect | 22m |",
		"| Time to recover | 2h 50m |",
		"| Started | 2026-11-20 08:50 UTC |",
		"| Severity | Medium |",
		"| 2026-11-20 10:00 UTC | High | Medium | outflow ruled out by vendor logs | @sato |",
		"| 2026-11-20 09:12 UTC | — | High | at opening | @sato |",
		"| commander | @kato |",
		"| approver | — |",
		"| 2026-11-20 10:10 UTC | commander | @sato | @kato | @sato |",
		"| investigate | next step | 2026-11-20 09:40 UTC | 2026-11-20 10:10 UTC | 30m |",
		"| recover | next step | 2026-11-20 10:40 UTC | 2026-11-20 11:40 UTC | 1h |",
		"| closed | closed | 2026-11-20 12:05 UTC | — | — |",
		"| detect | 8m |",
		"| post-incident | 25m |",
		// The original decision, unchanged; then the correction pointing at it.
		"| 1 | 2026-11-20 09:25 UTC | Block the admin screen from outside IPs | tampering continues | WAF source restriction | recheck logs in 30 min | — | — | @sato |",
		"| correction of 1 | 2026-11-20 09:50 UTC | Block the admin screen from outside IPs | tampering continues | WAF source restriction | recheck logs at 10:30 | — | — | @yamada |",
		"| 2 | 2026-11-20 09:45 UTC | Take the entry form offline | applicant data may be exposed | — | — | — | — | @sato |",
		"| 2026-11-20 09:16 UTC | 500 suspicious submissions via the form | whether personal data leaked | check the WAF logs | @yamada |",
		"| 2026-11-20 10:05 UTC | (redacted) | @suzuki |",
		"| Cause | plugin vulnerability |",
		"| Open items | WAF rule review |",
		"| 12 | note | pasted a credential | @kato | 2026-11-20 12:00 UTC |",
		"| 12 | 2026-11-20 10:05 UTC | note (redacted) | @suzuki | `" + tl.events[11].Hash.Short() + "` |",
		"Verified: all 19 events are linked and match their hashes.",
		"Head hash: `" + tl.events[18].Hash.String() + "`",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	// The correction row comes after decision 2 (timeline order).
	if strings.Index(md, "| correction of 1 |") < strings.Index(md, "| 2 | 2026-11-20 09:45 UTC |") {
		t.Error("correction before decision 2")
	}
	checkNoKeys(t, md)
}

func TestMarkdownJapanese(t *testing.T) {
	tl := session(t)
	r := build(t, tl.events)
	r.Location = time.FixedZone("JST", 9*60*60)
	md := string(r.Markdown(workflow.Japanese))
	for _, want := range []string{
		"# インシデント報告書 #1:",
		"## 概要", "## 重大度の履歴", "## 体制", "## フェーズの推移", "### フェーズごとの所要時間",
		"## 意思決定ログ", "## 状況共有", "## メモ", "## 事後報告", "## 墨消し", "## タイムライン", "## 付録: 全イベントとハッシュ", "## ハッシュチェーン",
		"| 検知までの時間 | 22分 |",
		"| 復旧までの時間 | 2時間50分 |",
		"| 発生 | 2026-11-20 17:50 JST |",
		"| 重大度 | 中 |",
		"| 指揮者 | @kato |",
		"| 調査 | 次へ | 2026-11-20 18:40 JST | 2026-11-20 19:10 JST | 30分 |",
		"| 1の訂正 |",
		"| 2 | 2026-11-20 18:45 JST | Take the entry form offline | applicant data may be exposed | — | — | — | — | @sato |",
		"| 原因 | plugin vulnerability |",
		"メモ（墨消し済み）",
		"時刻はJSTで表示",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown (ja) lacks %q", want)
		}
	}
	checkNoKeys(t, md)
}

// checkNoKeys fails when a message key shows instead of its text.
func checkNoKeys(t *testing.T, md string) {
	t.Helper()
	keyRE := regexp.MustCompile(`\b(md|sec|sum|col|move|phase|decision|pm|event|chain|sev|role)\.[a-z_]+\b`)
	if k := keyRE.FindString(md); k != "" {
		t.Errorf("markdown shows the raw key %q", k)
	}
}

func TestRedactedTextAppearsNowhere(t *testing.T) {
	tl := session(t)
	r := build(t, tl.events)
	j, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string][]byte{"md en": r.Markdown(workflow.English), "md ja": r.Markdown(workflow.Japanese), "json": j} {
		if bytes.Contains(out, []byte("hunter2")) {
			t.Errorf("%s shows the redacted text", name)
		}
		if !bytes.Contains(out, []byte("pasted a credential")) {
			t.Errorf("%s lacks the redaction", name)
		}
	}

	// A snapshot folded before the redaction still holds the status text; the
	// report reads text from the events only.
	tl2 := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000002")}
	tl2.add(t, sato, at(9, 0), workflow.Opened{Title: "t", Severity: "low", Number: 2, Opener: sato.Person(), StartedAt: at(9, 0), DetectedAt: at(9, 0)})
	tl2.add(t, sato, at(9, 1), workflow.StatusPosted{StatusFields: workflow.StatusFields{Confirmed: secret}})
	stale := fold(t, tl2.events)
	tl2.add(t, sato, at(9, 2), workflow.Redaction{Seq: 2, Reason: "oops"})
	tl2.redact(2)
	if err := stale.Apply(tl2.events[2]); err != nil {
		t.Fatal(err)
	}
	if stale.Status == nil || stale.Status.Confirmed != secret {
		t.Fatal("test setup: the stale snapshot should still hold the text")
	}
	r2 := buildFrom(t, stale, tl2.events)
	j2, _ := r2.JSON()
	if bytes.Contains(j2, []byte("hunter2")) || bytes.Contains(r2.Markdown(workflow.English), []byte("hunter2")) {
		t.Error("redacted status text leaked from the snapshot")
	}
	if !r2.StatusUpdates[0].Redacted || !r2.Chain.OK {
		t.Errorf("status = %+v, chain = %+v", r2.StatusUpdates, r2.Chain)
	}
}

func TestTamperedBody(t *testing.T) {
	tl := session(t)
	inc := fold(t, tl.events)
	// Someone edits decision 2's stored payload after it was sealed.
	tl.events[8].Body = []byte(`{"decision":"Keep the entry form online","why":"no risk"}`)
	r := buildFrom(t, inc, tl.events)
	if r.Chain.OK || r.Chain.BrokenAt == nil || *r.Chain.BrokenAt != 9 || r.Chain.Reason != "payload does not match its hash" {
		t.Fatalf("chain = %+v", r.Chain)
	}
	if md := string(r.Markdown(workflow.English)); !strings.Contains(md, "**BROKEN at event 9: payload does not match its hash.**") {
		t.Error("markdown does not name the broken event")
	}
	j, _ := r.JSON()
	var got struct {
		Chain struct {
			OK       bool `json:"ok"`
			BrokenAt *int `json:"broken_at"`
		} `json:"chain"`
	}
	if err := json.Unmarshal(j, &got); err != nil || got.Chain.OK || got.Chain.BrokenAt == nil || *got.Chain.BrokenAt != 9 {
		t.Errorf("json chain = %+v (%v)", got.Chain, err)
	}

	// A body that no longer decodes: the report still builds and says so.
	tl.events[8].Body = []byte(`not json`)
	r = buildFrom(t, inc, tl.events)
	if !r.unreadable[9] || r.Chain.OK || *r.Chain.BrokenAt != 9 {
		t.Errorf("unreadable = %v, chain = %+v", r.unreadable, r.Chain)
	}
	var rows struct {
		Events []Event `json:"events"`
	}
	if j, _ := r.JSON(); json.Unmarshal(j, &rows) != nil || !rows.Events[8].Unreadable || rows.Events[7].Unreadable {
		t.Errorf("the event list does not mark event 9 unreadable: %+v", rows.Events[7:9])
	}
}

func TestOpenIncidentRunsToLastEvent(t *testing.T) {
	tl := session(t)
	events := tl.events[:12] // through the note at 10:05, investigating since 09:40
	rep, err := Build(nil, workflow.EventList(events), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := &built{Report: rep, t: t, inc: fold(t, events), events: events}
	last := r.Phases.Stints[len(r.Phases.Stints)-1]
	if last.Phase != workflow.PhaseInvestigate || !last.Current || last.LeftAt != nil || last.Duration == nil || *last.Duration != 25*60 {
		t.Errorf("current stint = %+v", last)
	}
	if r.Summary.TimeToRecover != nil || r.Summary.ClosedAt != nil {
		t.Errorf("summary = %+v", r.Summary)
	}
	md := string(r.Markdown(workflow.English))
	for _, want := range []string{"| investigate | next step | 2026-11-20 09:40 UTC | ongoing | 25m so far |", "| Time to recover | not yet |", "| Closed | — |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestBuildRefusesMismatch(t *testing.T) {
	tl := session(t)
	inc := fold(t, tl.events[:5])
	if _, err := Build(inc, workflow.EventList(tl.events), Options{}); err == nil {
		t.Error("a snapshot at event 5 with 19 events built")
	}
	if _, err := Build(nil, workflow.EventList(nil), Options{}); err == nil {
		t.Error("no events built")
	}
}

func TestTableCellEscaping(t *testing.T) {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000003")}
	tl.add(t, sato, at(9, 0), workflow.Opened{Title: "t", Severity: "low", Number: 3, Drill: true, Private: true, Opener: sato.Person(), StartedAt: at(9, 0), DetectedAt: at(9, 0)})
	tl.add(t, sato, at(9, 1), workflow.DecisionRecorded{DecisionFields: workflow.DecisionFields{Decision: "a|b\nc", Why: "<script>x</script>"}})
	md := string(build(t, tl.events).Markdown(workflow.English))
	for _, want := range []string{
		"# Incident report #D-3: t",
		"> This is a tabletop drill",
		"> Private incident",
		"| 1 | 2026-11-20 09:01 UTC | a\\|b<br>c | &lt;script>x&lt;/script> | — | — | — | — | @sato |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

func TestJSON(t *testing.T) {
	tl := session(t)
	j, err := build(t, tl.events).JSON()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Format  string `json:"format"`
		AsOf    string `json:"as_of"`
		Summary struct {
			Ref           string `json:"ref"`
			Severity      string `json:"severity"`
			Phase         string `json:"phase"`
			StartedAt     string `json:"started_at"`
			ResolvedAt    string `json:"resolved_at"`
			TTD           int64  `json:"time_to_detect_seconds"`
			TTR           *int64 `json:"time_to_recover_seconds"`
			FalseAlarm    string `json:"false_alarm_reason"`
			Opener        Person `json:"opener"`
			DecisionCount int    `json:"decision_count"`
		} `json:"summary"`
		Phases struct {
			Totals []struct {
				Phase    string `json:"phase"`
				Duration int64  `json:"duration_seconds"`
			} `json:"totals"`
		} `json:"phases"`
		Decisions []struct {
			Number      int    `json:"number"`
			Next        string `json:"next"`
			Action      string `json:"action"`
			CorrectedBy []int  `json:"corrected_by"`
			Current     struct {
				Next string `json:"next"`
			} `json:"current"`
		} `json:"decisions"`
		Corrections []struct {
			Corrects int `json:"corrects"`
			Result   struct {
				Next string `json:"next"`
			} `json:"result"`
		} `json:"corrections"`
		Roles struct {
			Handovers []struct {
				Role string  `json:"role"`
				From *Person `json:"from"`
			} `json:"handovers"`
		} `json:"roles"`
		Redactions []struct {
			RedactedSeq  int    `json:"redacted_seq"`
			RedactedKind string `json:"redacted_kind"`
		} `json:"redactions"`
		Chain struct {
			OK   bool   `json:"ok"`
			Head string `json:"head"`
		} `json:"chain"`
	}
	if err := json.Unmarshal(j, &got); err != nil {
		t.Fatal(err)
	}
	s := got.Summary
	if got.Format != FormatVersion || got.AsOf != "2026-11-20T12:05:00Z" || s.Ref != "#1" || s.Severity != "medium" ||
		s.Phase != "closed" || s.StartedAt != "2026-11-20T08:50:00Z" || s.ResolvedAt != "2026-11-20T11:40:00Z" ||
		s.TTD != 1320 || s.TTR == nil || *s.TTR != 10200 || s.FalseAlarm != "" || s.Opener.ID != "sato" || s.DecisionCount != 2 {
		t.Errorf("json = %+v", got)
	}
	if len(got.Phases.Totals) != 6 || got.Phases.Totals[0].Phase != "detect" || got.Phases.Totals[0].Duration != 480 ||
		got.Phases.Totals[5].Phase != "post" || got.Phases.Totals[5].Duration != 1500 {
		t.Errorf("totals = %+v", got.Phases.Totals)
	}
	d := got.Decisions
	if len(d) != 2 || d[0].Next != "recheck logs in 30 min" || d[0].Current.Next != "recheck logs at 10:30" ||
		!slices.Equal(d[0].CorrectedBy, []int{10}) || d[1].Action != "" || d[1].CorrectedBy == nil {
		t.Errorf("decisions = %+v", d)
	}
	if len(got.Corrections) != 1 || got.Corrections[0].Corrects != 1 || got.Corrections[0].Result.Next != "recheck logs at 10:30" {
		t.Errorf("corrections = %+v", got.Corrections)
	}
	if got.Roles.Handovers[0].From != nil || got.Roles.Handovers[3].Role != "commander" || got.Roles.Handovers[3].From.ID != "sato" {
		t.Errorf("handovers = %+v", got.Roles.Handovers)
	}
	if got.Redactions[0].RedactedSeq != 12 || got.Redactions[0].RedactedKind != "note" {
		t.Errorf("redactions = %+v", got.Redactions)
	}
	if !got.Chain.OK || got.Chain.Head != tl.events[18].Hash.String() {
		t.Errorf("chain = %+v", got.Chain)
	}
}

// TestJSONFieldsDocumented checks that every field path the JSON can hold is
// listed in docs/export.md, and every path listed there exists.
func TestJSONFieldsDocumented(t *testing.T) {
	documented := documentedFields(t, "## JSON", "## Statistics")
	// The session, one whose decisions stop services (approval_test.go), one
	// with every escalation step (escalation_test.go), one with a runbook
	// checklist (checklist_test.go), a drill (scorecard_test.go), one with
	// vendors (vendors_test.go), a personal-data incident with statements
	// and deadlines (statements_test.go) and a drill with a contact check
	// and stalls (practice_test.go).
	found := map[string]bool{}
	for _, tl := range []*timeline{session(t), stopSession(t), escalationSession(t), checklistSession(t), drillSession(t), jaSession(t), vendorSession(t),
		voiceSession(t), practiceSession(t)} {
		j, err := build(t, tl.events).JSON()
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(j, &v); err != nil {
			t.Fatal(err)
		}
		paths("", v, found)
	}
	compareFields(t, found, documented)
}

// documentedFields reads the field names of the tables in one section of
// docs/export.md: the first cell of each row, one `name` alone.
func documentedFields(t *testing.T, from, to string) map[string]bool {
	t.Helper()
	doc, err := os.ReadFile("../../docs/export.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(doc)
	i, j := strings.Index(text, "\n"+from+"\n"), strings.Index(text, "\n"+to+"\n")
	if i < 0 || j < i {
		t.Fatalf("docs/export.md has no section %q before %q", from, to)
	}
	documented := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z0-9_.\\[\\]]+)` \\|").FindAllStringSubmatch(text[i:j], -1) {
		documented[m[1]] = true
	}
	return documented
}

func compareFields(t *testing.T, found, documented map[string]bool) {
	t.Helper()
	var missing, extra []string
	for p := range found {
		if !documented[p] {
			missing = append(missing, p)
		}
	}
	for p := range documented {
		if !found[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, p := range missing {
		t.Errorf("field %s is not documented in docs/export.md", p)
	}
	for _, p := range extra {
		t.Errorf("docs/export.md documents %s, which the JSON does not have", p)
	}
}

// paths collects every key path of v: "summary.ref", "decisions[].number".
func paths(prefix string, v any, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, sub := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			paths(p, sub, out)
		}
	case []any:
		for _, sub := range x {
			paths(prefix+"[]", sub, out)
		}
	}
}

func TestPhaseBackStepSumsStints(t *testing.T) {
	tl := &timeline{id: workflow.MustParseID("0193a5b2-0000-7000-8000-000000000004")}
	move := func(hh, mm int, from, to workflow.Phase, m workflow.Move, reason string) {
		tl.add(t, sato, at(hh, mm), workflow.PhaseChanged{From: from, To: to, Move: m, Reason: reason})
	}
	tl.add(t, sato, at(9, 0), workflow.Opened{Title: "t", Severity: "medium", Number: 4, Opener: sato.Person(), StartedAt: at(8, 0), DetectedAt: at(8, 30)})
	move(9, 10, workflow.PhaseDetect, workflow.PhaseInitial, workflow.MoveForward, "")
	move(9, 30, workflow.PhaseInitial, workflow.PhaseInvestigate, workflow.MoveForward, "")
	move(10, 0, workflow.PhaseInvestigate, workflow.PhaseContain, workflow.MoveForward, "")
	move(10, 15, workflow.PhaseContain, workflow.PhaseInvestigate, workflow.MoveBack, "new login from the same address")
	move(11, 0, workflow.PhaseInvestigate, workflow.PhaseContain, workflow.MoveForward, "")
	tl.add(t, sato, at(11, 20), workflow.NoteLogged{Text: "still containing"})
	r := build(t, tl.events)
	want := map[workflow.Phase]int64{workflow.PhaseDetect: 600, workflow.PhaseInitial: 1200,
		workflow.PhaseInvestigate: 30*60 + 45*60, workflow.PhaseContain: 15*60 + 20*60}
	for _, tot := range r.Phases.Totals {
		if tot.Duration != want[tot.Phase] {
			t.Errorf("%s: %ds, want %ds", tot.Phase, tot.Duration, want[tot.Phase])
		}
	}
	if len(r.Phases.Totals) != 4 || r.Summary.TimeToDetect != 1800 {
		t.Errorf("totals = %+v, ttd = %d", r.Phases.Totals, r.Summary.TimeToDetect)
	}
	md := string(r.Markdown(workflow.English))
	for _, want := range []string{
		"| investigate | sent back: new login from the same address | 2026-11-20 10:15 UTC | 2026-11-20 11:00 UTC | 45m |",
		"| contain | next step | 2026-11-20 11:00 UTC | ongoing | 20m so far |",
		"| investigate | 1h 15m |",
		"| Time to detect | 30m |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}
