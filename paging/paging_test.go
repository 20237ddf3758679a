package paging_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"incidentbot/internal/clocktest"
	"incidentbot/paging"
	"incidentbot/paging/pagingtest"
	"incidentbot/storage/sqlite"
	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

// The secrets of every test: they must never show in logs, errors or the
// database.
const (
	routingKey    = "R0UTING-KEY-s3cret-4f9a0c2e71b8"
	webhookSecret = "whsec-TOP-s3cret-9d1e"
)

var start = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// ------------------------------------------------------------------ helpers

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type failure struct {
	Incident  workflow.ID
	What, Err string
}

type failures struct {
	mu   sync.Mutex
	list []failure
}

func (f *failures) add(_ context.Context, incident workflow.ID, what, err string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.list = append(f.list, failure{incident, what, err})
}

func (f *failures) get() []failure {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.list)
}

type env struct {
	t        *testing.T
	db       *sqlite.DB
	path     string
	pd       *pagingtest.PagerDuty
	wh       *pagingtest.Webhook
	clock    *clocktest.Clock
	logs     *syncBuffer
	failures *failures
	opts     paging.Options
	pager    *paging.Pager
}

// newEnv wires a Pager to a fresh SQLite store and both fakes; mod may change
// the options first. When the test ends it checks that no secret reached the
// logs, the failures reported or the database.
func newEnv(t *testing.T, mod func(*paging.Options)) *env {
	t.Helper()
	e := &env{t: t, clock: clocktest.New(start), logs: &syncBuffer{}, failures: &failures{}}
	e.db, e.path = sqlitetest.Open(t)
	e.pd = pagingtest.NewPagerDuty(t)
	e.wh = pagingtest.NewWebhook(t, webhookSecret)
	e.opts = paging.Options{
		PagerDuty: &paging.PagerDutyConfig{URL: e.pd.URL, RoutingKey: routingKey},
		Webhook:   &paging.WebhookConfig{URL: e.wh.URL, Secret: webhookSecret, Timeout: 2 * time.Second, Retries: 3},
		Store:     e.db,
		Logger:    slog.New(slog.NewJSONHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:       e.clock.Now,
		OnFailure: e.failures.add,
	}
	if mod != nil {
		mod(&e.opts)
	}
	var err error
	if e.pager, err = paging.New(e.opts); err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { e.noSecrets() })
	return e
}

// noSecrets fails the test if a secret shows anywhere it could leak.
func (e *env) noSecrets() {
	e.t.Helper()
	places := map[string]string{"logs": e.logs.String(), "database": sqlitetest.Dump(e.t, e.path)}
	for _, f := range e.failures.get() {
		places["OnFailure"] += f.What + " " + f.Err + "\n"
	}
	for where, text := range places {
		for _, secret := range []string{routingKey, webhookSecret} {
			if strings.Contains(text, secret) {
				e.t.Errorf("a secret appears in the %s:\n%s", where, text)
			}
		}
	}
}

// start runs the delivery worker until the test ends (or stop is called).
func (e *env) start() (stop func()) {
	return run(e.t, e.pager)
}

func run(t *testing.T, p *paging.Pager) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Deliver(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Deliver: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// notify hands the notices to the Pager in one transaction, as the service
// does with the notices of one change.
func (e *env) notify(ns ...workflow.Notice) {
	e.t.Helper()
	notify(e.t, e.db, e.pager, ns...)
}

func notify(t *testing.T, db workflow.Store, p *paging.Pager, ns ...workflow.Notice) {
	t.Helper()
	err := db.Update(context.Background(), func(tx workflow.Tx) error {
		for _, n := range ns {
			if err := p.Notify(tx, n); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("notify: %v", err)
	}
}

// pending counts the undelivered paging items.
func pending(t *testing.T, db workflow.Store) int {
	t.Helper()
	var n int
	err := db.Update(context.Background(), func(tx workflow.Tx) error {
		var err error
		n, err = tx.PendingOutgoing(paging.QueuePrefix)
		return err
	})
	if err != nil {
		t.Fatalf("pending: %v", err)
	}
	return n
}

// waitLog waits until the log holds n records with message msg. A record is
// written after the worker read the clock for it, so advancing the clock
// afterwards cannot change the retry time it records.
func (e *env) waitLog(msg string, n int) {
	e.t.Helper()
	needle := `"msg":` + strconv.Quote(msg)
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(e.logs.String(), needle) < n {
		if time.Now().After(deadline) {
			e.t.Fatalf("waited for %d log records %q; log:\n%s", n, msg, e.logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitPending waits until no paging item is left.
func (e *env) waitPending(n int) {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for pending(e.t, e.db) != n {
		if time.Now().After(deadline) {
			e.t.Fatalf("waited for %d pending items, have %d", n, pending(e.t, e.db))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitFailures waits until n failures were reported: the report follows
// the row's abandonment, so waitPending alone can return before it.
func (e *env) waitFailures(n int) []failure {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(e.failures.get()) < n {
		if time.Now().After(deadline) {
			e.t.Fatalf("waited for %d failures, have %+v", n, e.failures.get())
		}
		time.Sleep(5 * time.Millisecond)
	}
	return e.failures.get()
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func incident(number int, sev workflow.SeverityKey, title string) *workflow.Incident {
	return &workflow.Incident{
		ID: workflow.ID(uuid.New()), Number: number, Title: title, Severity: sev, Phase: workflow.PhaseInitial,
		OpenedAt: start, StartedAt: start, DetectedAt: start,
	}
}

func page(inc *workflow.Incident, role workflow.Role, link, round int, who string) workflow.Notice {
	return workflow.Notice{Kind: workflow.NoticePage, Incident: inc, Role: role, Link: link, Round: round, Page: true,
		Target: workflow.Target{Kind: workflow.TargetUser, ID: who}}
}

func notice(kind workflow.NoticeKind, inc *workflow.Incident) workflow.Notice {
	return workflow.Notice{Kind: kind, Incident: inc, Role: workflow.RoleCommander,
		Target: workflow.Target{Kind: workflow.TargetUser, ID: "U0PRIMARY"}}
}

func actions(evs []pagingtest.PagerDutyEvent) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.EventAction)
	}
	return out
}

func events(reqs []pagingtest.WebhookRequest) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Event.Event)
	}
	return out
}

// settle gives the worker time for several polls, to show nothing more
// happens.
func settle() { time.Sleep(600 * time.Millisecond) }

// -------------------------------------------------------------------- tests

func TestPageTriggersPagerDutyAndSignedWebhook(t *testing.T) {
	e := newEnv(t, nil)
	inc := incident(7, "high", "Database down")
	e.notify(page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	e.start()
	ctx := waitCtx(t)

	pd, err := e.pd.WaitFor(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	ev := pd[0]
	if ev.RoutingKey != routingKey || ev.EventAction != "trigger" || ev.DedupKey != inc.ID.String() {
		t.Errorf("event: routing key ok %v, action %q, dedup_key %q (want %s)", ev.RoutingKey == routingKey, ev.EventAction, ev.DedupKey, inc.ID)
	}
	if ev.Payload == nil {
		t.Fatal("trigger without payload")
	}
	if got, want := ev.Payload.Summary, "#7 Database down — High"; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if ev.Payload.Severity != "critical" || ev.Payload.Source != "incidentbot" {
		t.Errorf("severity %q source %q", ev.Payload.Severity, ev.Payload.Source)
	}
	cd := ev.Payload.CustomDetails
	if cd["role"] != "commander" || cd["link"] != float64(0) || cd["round"] != float64(0) || cd["person"] != "U0PRIMARY" || cd["incident"] != "#7" {
		t.Errorf("custom_details = %v", cd)
	}

	wh, err := e.wh.WaitFor(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := wh[0]
	if !r.Verified || !pagingtest.Verify(webhookSecret, r.Raw, r.Signature) {
		t.Errorf("signature %q does not verify", r.Signature)
	}
	if r.Signature != paging.Sign(webhookSecret, r.Raw) {
		t.Errorf("signature %q, Sign gives %q", r.Signature, paging.Sign(webhookSecret, r.Raw))
	}
	if r.Timestamp != strconv.FormatInt(start.Unix(), 10) {
		t.Errorf("timestamp header %q", r.Timestamp)
	}
	w := r.Event
	if w.Event != "page" || w.Incident.ID != inc.ID.String() || w.Incident.Ref != "#7" || w.Incident.Title != "Database down" ||
		w.Incident.Severity != "high" || w.Incident.Phase != "initial" || w.Incident.Private {
		t.Errorf("webhook event = %+v", w)
	}
	if w.Role != "commander" || w.Link == nil || *w.Link != 0 || w.Round == nil || *w.Round != 0 || w.Person != "U0PRIMARY" || !w.At.Equal(start) {
		t.Errorf("webhook event = %+v", w)
	}
	if w.ID == "" || r.Delivery != w.ID {
		t.Errorf("delivery header %q, body id %q", r.Delivery, w.ID)
	}
	e.waitPending(0)
	settle()
	if n, m := len(e.pd.Requests()), len(e.wh.Requests()); n != 1 || m != 1 {
		t.Errorf("requests: pagerduty %d, webhook %d; want 1 each", n, m)
	}
}

func TestRateLimitAndServerErrorRetried(t *testing.T) {
	e := newEnv(t, nil)
	e.pd.Next(1, pagingtest.Answer{Status: 429, RetryAfter: "30"})
	e.pd.Next(1, pagingtest.Answer{Status: 500})
	inc := incident(1, "high", "Login failing")
	e.notify(page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	e.start()
	ctx := waitCtx(t)

	// The webhook has its own queue: PagerDuty's trouble does not hold it up.
	if _, err := e.wh.WaitFor(ctx, 1); err != nil {
		t.Fatal(err)
	}
	e.waitLog("paging: delivery postponed", 1) // the 429
	settle()
	if n := len(e.pd.Requests()); n != 1 {
		t.Fatalf("retried before Retry-After: %d requests", n)
	}
	e.clock.Advance(29 * time.Second)
	settle()
	if n := len(e.pd.Requests()); n != 1 {
		t.Fatalf("retried before Retry-After: %d requests", n)
	}
	e.clock.Advance(time.Second)
	e.waitLog("paging: delivery postponed", 2) // the 500
	e.clock.Advance(2 * time.Second)           // backoff after the second failure
	if _, err := e.pd.WaitFor(ctx, 1); err != nil {
		t.Fatal(err)
	}
	e.waitPending(0)
	settle()
	reqs := e.pd.Requests()
	var statuses []int
	for _, r := range reqs {
		statuses = append(statuses, r.Status)
		if r.DedupKey != inc.ID.String() || r.EventAction != "trigger" {
			t.Errorf("request %s %s", r.EventAction, r.DedupKey)
		}
	}
	if !slices.Equal(statuses, []int{429, 500, 202}) {
		t.Errorf("answers = %v, want [429 500 202]", statuses)
	}
	if n, m := len(e.pd.Events()), len(e.wh.Requests()); n != 1 || m != 1 {
		t.Errorf("delivered: pagerduty %d, webhook %d; want 1 each", n, m)
	}
	if f := e.failures.get(); len(f) != 0 {
		t.Errorf("failures reported: %v", f)
	}
}

func TestAckThenResolveInOrder(t *testing.T) {
	e := newEnv(t, nil)
	e.pd.Next(1, pagingtest.Answer{Status: 503}) // the trigger must still go first
	inc := incident(3, "medium", "Slow search")
	e.notify(page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	e.notify(notice(workflow.NoticeAcknowledged, inc))
	closed := *inc
	closed.Phase = workflow.PhaseClosed
	e.notify(notice(workflow.NoticeResolved, &closed))
	e.start()
	ctx := waitCtx(t)
	e.waitLog("paging: delivery postponed", 1)
	e.clock.Advance(time.Second)

	pd, err := e.pd.WaitFor(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(pd); !slices.Equal(got, []string{"trigger", "acknowledge", "resolve"}) {
		t.Errorf("actions = %v", got)
	}
	for _, ev := range pd {
		if ev.DedupKey != inc.ID.String() {
			t.Errorf("%s: dedup_key %q, want %s", ev.EventAction, ev.DedupKey, inc.ID)
		}
		if (ev.EventAction == "trigger") != (ev.Payload != nil) {
			t.Errorf("%s: payload %v", ev.EventAction, ev.Payload)
		}
	}
	if pd[0].Payload != nil && pd[0].Payload.Severity != "error" {
		t.Errorf("medium → %q, want error", pd[0].Payload.Severity)
	}
	wh, err := e.wh.WaitFor(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := events(wh); !slices.Equal(got, []string{"page", "acknowledged", "resolved"}) {
		t.Errorf("webhook events = %v", got)
	}
	if wh[2].Event.Incident.Phase != "closed" {
		t.Errorf("resolved event phase %q", wh[2].Event.Incident.Phase)
	}
	if got := e.pd.DedupKeys(); !slices.Equal(got, []string{inc.ID.String()}) {
		t.Errorf("dedup keys = %v", got)
	}
}

func TestEscalationStepsShareOneDedupKey(t *testing.T) {
	e := newEnv(t, nil)
	a := incident(1, "high", "Outage A")
	b := incident(2, "low", "Typo B")
	steps := []workflow.Notice{
		page(a, workflow.RoleCommander, 0, 0, "U0PRIMARY"),
		page(a, workflow.RoleCommander, 1, 0, "U0SECOND"),
		page(a, workflow.RoleCommander, 2, 0, "U0FINAL"),
		page(a, workflow.RoleCommander, 0, 1, "U0PRIMARY"),
	}
	for _, s := range steps { // one transaction per step, as timers fire
		e.notify(s)
	}
	e.notify(page(b, workflow.RoleTech, 0, 0, "U0TECH"))
	e.start()
	ctx := waitCtx(t)
	pd, err := e.pd.WaitFor(ctx, 5)
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string][]pagingtest.PagerDutyEvent{}
	for _, ev := range pd {
		byKey[ev.DedupKey] = append(byKey[ev.DedupKey], ev)
	}
	if len(byKey) != 2 || len(byKey[a.ID.String()]) != 4 || len(byKey[b.ID.String()]) != 1 {
		t.Fatalf("dedup keys: %v", e.pd.DedupKeys())
	}
	var got []string
	for _, ev := range byKey[a.ID.String()] {
		cd := ev.Payload.CustomDetails
		got = append(got, fmt.Sprintf("%v/%v/%v", cd["link"], cd["round"], cd["person"]))
	}
	if want := []string{"0/0/U0PRIMARY", "1/0/U0SECOND", "2/0/U0FINAL", "0/1/U0PRIMARY"}; !slices.Equal(got, want) {
		t.Errorf("steps of A = %v, want %v", got, want)
	}
	if sev := byKey[b.ID.String()][0].Payload.Severity; sev != "warning" {
		t.Errorf("low → %q, want warning", sev)
	}
}

func TestDrillPagesNobody(t *testing.T) {
	e := newEnv(t, nil)
	drill := incident(1, "high", "Tabletop: ransomware")
	drill.Drill = true
	all := []workflow.Notice{
		page(drill, workflow.RoleCommander, 0, 0, "U0OUTSIDE"),
		notice(workflow.NoticeAcknowledged, drill),
		notice(workflow.NoticeExhausted, drill),
		notice(workflow.NoticeReminder, drill),
		notice(workflow.NoticeApproval, drill),
		{Kind: workflow.NoticeInform, Incident: drill, Target: workflow.Target{Kind: workflow.TargetChannel, ID: "C0ALL"}},
		notice(workflow.NoticeResolved, drill),
	}
	e.notify(all...)
	if n := pending(t, e.db); n != 0 {
		t.Fatalf("a drill queued %d paging items", n)
	}
	if dump := sqlitetest.Dump(t, e.path); strings.Contains(dump, drill.ID.String()) {
		t.Fatalf("the drill is in the outbox:\n%s", dump)
	}

	// The worker runs and does deliver a real page, so the silence about the
	// drill is not for want of a worker.
	e.start()
	real := incident(1, "high", "Real outage")
	e.notify(page(real, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	ctx := waitCtx(t)
	if _, err := e.pd.WaitFor(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := e.wh.WaitFor(ctx, 1); err != nil {
		t.Fatal(err)
	}
	settle()
	for _, r := range e.pd.Requests() {
		if r.DedupKey != real.ID.String() {
			t.Errorf("pagerduty got %s for %s", r.EventAction, r.DedupKey)
		}
	}
	for _, r := range e.wh.Requests() {
		if r.Event.Incident.ID != real.ID.String() {
			t.Errorf("webhook got %s for %s", r.Event.Event, r.Event.Incident.ID)
		}
	}
	if n, m := len(e.pd.Requests()), len(e.wh.Requests()); n != 1 || m != 1 {
		t.Errorf("requests: pagerduty %d, webhook %d; want only the real incident's", n, m)
	}
}

func TestWebhookSignature(t *testing.T) {
	body := []byte(`{"event":"page"}`)
	sig := paging.Sign(webhookSecret, body)
	if !strings.HasPrefix(sig, "sha256=") || len(sig) != len("sha256=")+64 {
		t.Fatalf("Sign = %q", sig)
	}
	if !pagingtest.Verify(webhookSecret, body, sig) {
		t.Error("the fake does not verify Sign's signature")
	}
	if pagingtest.Verify(webhookSecret, []byte(`{"event":"pagE"}`), sig) || pagingtest.Verify("other", body, sig) {
		t.Error("a tampered body or another secret verifies")
	}

	// A receiver with another secret refuses (401), and the event is
	// abandoned at once and reported: a refusal will not change by retrying.
	e := newEnv(t, nil)
	e.wh = pagingtest.NewWebhook(t, "a-different-secret")
	e.opts.Webhook.URL = e.wh.URL
	e.opts.PagerDuty = nil
	p, err := paging.New(e.opts)
	if err != nil {
		t.Fatal(err)
	}
	inc := incident(4, "high", "Mail down")
	notify(t, e.db, p, page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	run(t, p)
	e.waitPending(0)
	reqs := e.wh.Requests()
	if len(reqs) != 1 || reqs[0].Verified || reqs[0].Status != 401 {
		t.Fatalf("requests: %+v", reqs)
	}
	f := e.waitFailures(1)
	if len(f) != 1 || f[0].Incident != inc.ID || f[0].What != "webhook.page" || !strings.Contains(f[0].Err, "401") {
		t.Errorf("failures = %+v", f)
	}
}

func TestPermanentRefusalAbandoned(t *testing.T) {
	e := newEnv(t, nil)
	// PagerDuty's refusal quotes the routing key; it must not travel on.
	e.pd.Next(1, pagingtest.Answer{Status: 400,
		Body: `{"status":"invalid event","message":"Event object is invalid","errors":["routing_key ` + routingKey + ` is unknown"]}`})
	inc := incident(5, "high", "Payments")
	e.notify(page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	e.notify(notice(workflow.NoticeAcknowledged, inc))
	e.start()
	ctx := waitCtx(t)
	// The queue moves on past the abandoned trigger.
	pd, err := e.pd.WaitFor(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if pd[0].EventAction != "acknowledge" {
		t.Errorf("after the abandoned trigger: %s", pd[0].EventAction)
	}
	e.waitPending(0)
	settle()
	if n := len(e.pd.Requests()); n != 2 {
		t.Errorf("the refused trigger was retried: %d requests", n)
	}
	f := e.failures.get()
	if len(f) != 1 || f[0].Incident != inc.ID || f[0].What != "pagerduty.trigger" ||
		!strings.Contains(f[0].Err, "400") || !strings.Contains(f[0].Err, "[redacted]") {
		t.Errorf("failures = %+v", f)
	}
	if dump := sqlitetest.Dump(t, e.path); !strings.Contains(dump, "abandoned=1") {
		t.Errorf("no abandoned row:\n%s", dump)
	}
	if !strings.Contains(e.logs.String(), "paging: delivery failed for good") {
		t.Errorf("the abandonment is not logged:\n%s", e.logs.String())
	}
}

func TestWebhookRetriesThenAbandons(t *testing.T) {
	e := newEnv(t, func(o *paging.Options) { o.PagerDuty = nil; o.Webhook.Retries = 2 })
	e.wh.Next(3, pagingtest.Answer{Status: 502})
	inc := incident(6, "high", "VPN")
	e.notify(page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	e.notify(notice(workflow.NoticeAcknowledged, inc))
	e.start()
	ctx := waitCtx(t)
	for i := range 2 {
		e.waitLog("paging: delivery postponed", i+1)
		e.clock.Advance(time.Duration(1<<i) * time.Second)
	}
	// 1 + Retries attempts, then the next event of the queue.
	wh, err := e.wh.WaitFor(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if wh[0].Event.Event != "acknowledged" {
		t.Errorf("delivered %q", wh[0].Event.Event)
	}
	if n := len(e.wh.Requests()); n != 4 {
		t.Errorf("%d requests, want 3 attempts and the ack", n)
	}
	e.waitPending(0)
	f := e.failures.get()
	if len(f) != 1 || f[0].What != "webhook.page" || !strings.Contains(f[0].Err, "gave up after 3 attempts") {
		t.Errorf("failures = %+v", f)
	}
	// Every attempt sent the same body, so receivers can drop repeats by id.
	reqs := e.wh.Requests()
	for _, r := range reqs[1:3] {
		if !bytes.Equal(r.Raw, reqs[0].Raw) {
			t.Errorf("attempts differ:\n%s\n%s", reqs[0].Raw, r.Raw)
		}
	}
}

func TestWebhookTimeoutRetried(t *testing.T) {
	// The first answer comes after newEnv's 2 s timeout. A shorter timeout
	// would bound the retry too, which a loaded machine can miss; the retry
	// would then wait on a clock nobody moves.
	e := newEnv(t, func(o *paging.Options) { o.PagerDuty = nil })
	e.wh.Next(1, pagingtest.Answer{Delay: 5 * time.Second})
	inc := incident(8, "high", "DNS")
	e.notify(page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	e.start()
	e.waitLog("paging: delivery postponed", 1)
	if !strings.Contains(e.logs.String(), "timed out") {
		t.Errorf("the timeout is not logged:\n%s", e.logs.String())
	}
	e.clock.Advance(time.Second)
	if _, err := e.wh.WaitFor(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	e.waitPending(0)
}

func TestKinds(t *testing.T) {
	e := newEnv(t, nil)
	inc := incident(9, "high", "Secret merger leak")
	inc.Private = true
	quiet := page(inc, workflow.RoleTech, 0, 0, "U0TECH")
	quiet.Page = false // a level that does not page
	e.notify(quiet)
	if n := pending(t, e.db); n != 0 {
		t.Fatalf("a page notice that does not page queued %d items", n)
	}
	e.notify(
		page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"),
		workflow.Notice{Kind: workflow.NoticeInform, Incident: inc, Target: workflow.Target{Kind: workflow.TargetGroup, ID: "S0SEC"}},
		workflow.Notice{Kind: workflow.NoticeApproval, Incident: inc, Decision: 2, Target: workflow.Target{Kind: workflow.TargetUser, ID: "U0CTO"}},
	)
	e.start()
	ctx := waitCtx(t)
	wh, err := e.wh.WaitFor(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := events(wh); !slices.Equal(got, []string{"page", "inform", "approval"}) {
		t.Errorf("webhook events = %v", got)
	}
	for _, r := range wh {
		fields, _ := r.Fields["incident"].(map[string]any)
		if _, ok := fields["title"]; ok || fields["private"] != true || strings.Contains(string(r.Raw), "merger") {
			t.Errorf("a private incident's title went out: %s", r.Raw)
		}
	}
	if wh[1].Event.Target != "group:S0SEC" || wh[1].Event.Person != "" || wh[1].Event.Link != nil {
		t.Errorf("inform = %+v", wh[1].Event)
	}
	if wh[2].Event.Decision != 2 || wh[2].Event.Person != "U0CTO" {
		t.Errorf("approval = %+v", wh[2].Event)
	}
	pd, err := e.pd.WaitFor(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := pd[0].Payload.Summary; got != "#9 — High" {
		t.Errorf("private summary = %q", got)
	}
	settle()
	if n := len(e.pd.Requests()); n != 1 {
		t.Errorf("pagerduty got %d requests; inform and approval are webhook only", n)
	}
}

func TestSecretsStayOut(t *testing.T) {
	// A PagerDuty that is down (connection refused) and a webhook whose URL
	// carries a token; both failures are logged without secrets or the URL.
	down := httptest.NewServer(nil)
	downURL := down.URL
	down.Close()
	e := newEnv(t, func(o *paging.Options) {
		o.PagerDuty.URL = downURL + "/v2/enqueue"
		o.Webhook.URL = downURL + "/hook?token=URLT0KEN"
		o.Webhook.Retries = 0
	})
	inc := incident(10, "high", "Everything")
	e.notify(page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"))
	e.start()
	e.waitLog("paging: delivery postponed", 1)
	e.waitLog("paging: delivery failed for good", 1)
	logs := e.logs.String()
	if strings.Contains(logs, "URLT0KEN") {
		t.Errorf("the webhook URL is in the log:\n%s", logs)
	}
	if !strings.Contains(logs, "connection refused") {
		t.Errorf("the network error is not logged:\n%s", logs)
	}
	for _, f := range e.waitFailures(1) {
		if strings.Contains(f.Err, "URLT0KEN") {
			t.Errorf("the webhook URL is in a failure: %+v", f)
		}
	}

	// Printing or logging the configuration hides the secrets.
	pdc := paging.PagerDutyConfig{URL: "http://pd.test/", RoutingKey: routingKey}
	whc := paging.WebhookConfig{URL: "http://hook.test/", Secret: webhookSecret}
	var out syncBuffer
	fmt.Fprintf(&out, "%v %+v %#v %s %v %+v %#v %s %v %v", pdc, pdc, pdc, pdc, whc, whc, whc, whc, &pdc, &whc)
	slog.New(slog.NewJSONHandler(&out, nil)).Info("config", "pagerduty", pdc, "webhook", whc, "opts", e.opts)
	slog.New(slog.NewTextHandler(&out, nil)).Info("config", "pagerduty", pdc, "webhook", whc)
	js, err := json.Marshal(struct {
		P *paging.PagerDutyConfig
		W paging.WebhookConfig
	}{&pdc, whc})
	if err != nil {
		t.Fatal(err)
	}
	out.Write(js)
	for _, secret := range []string{routingKey, webhookSecret} {
		if strings.Contains(out.String(), secret) {
			t.Errorf("a secret is printed:\n%s", out.String())
		}
	}
	if !strings.Contains(out.String(), "http://pd.test/") {
		t.Errorf("the config print hides too much:\n%s", out.String())
	}
}

func TestRestartDeliversQueued(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "incidentbot.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	pd := pagingtest.NewPagerDuty(t)
	wh := pagingtest.NewWebhook(t, webhookSecret)
	clk := clocktest.New(start)
	opts := func(db workflow.Store) paging.Options {
		return paging.Options{
			PagerDuty: &paging.PagerDutyConfig{URL: pd.URL, RoutingKey: routingKey},
			Webhook:   &paging.WebhookConfig{URL: wh.URL, Secret: webhookSecret, Retries: 5},
			Store:     db, Now: clk.Now, Logger: slog.New(slog.DiscardHandler),
		}
	}
	p1, err := paging.New(opts(db))
	if err != nil {
		t.Fatal(err)
	}
	inc := incident(11, "high", "Restart me")
	pd.Next(1, pagingtest.Answer{Status: 500})
	wh.Next(1, pagingtest.Answer{Status: 500})
	notify(t, db, p1, page(inc, workflow.RoleCommander, 0, 0, "U0PRIMARY"), notice(workflow.NoticeAcknowledged, inc))
	stop := run(t, p1)
	if _, err := pd.WaitRequests(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := wh.WaitRequests(waitCtx(t), 1); err != nil {
		t.Fatal(err)
	}
	// Let the worker record both failures, then stop it and close the store
	// with everything still queued.
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(sqlitetest.Dump(t, path), "attempts=1 ") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("failures not recorded:\n%s", sqlitetest.Dump(t, path))
		}
		time.Sleep(5 * time.Millisecond)
	}
	stop()
	if n := pending(t, db); n != 4 {
		t.Fatalf("%d pending before the restart, want 4", n)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db2, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	p2, err := paging.New(opts(db2))
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Second) // the first retry comes due
	run(t, p2)
	pdEvents, err := pd.WaitFor(waitCtx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := actions(pdEvents); !slices.Equal(got, []string{"trigger", "acknowledge"}) {
		t.Errorf("after the restart: %v", got)
	}
	whEvents, err := wh.WaitFor(waitCtx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := events(whEvents); !slices.Equal(got, []string{"page", "acknowledged"}) {
		t.Errorf("after the restart: %v", got)
	}
	deadline = time.Now().Add(10 * time.Second)
	for pending(t, db2) != 0 {
		if time.Now().After(deadline) {
			t.Fatal("still pending after the restart")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(600 * time.Millisecond)
	if n, m := len(pd.Events()), len(wh.Events()); n != 2 || m != 2 {
		t.Errorf("delivered: pagerduty %d, webhook %d; want 2 each, once", n, m)
	}
	if dump := sqlitetest.Dump(t, path); strings.Contains(dump, routingKey) || strings.Contains(dump, webhookSecret) {
		t.Error("a secret is stored in the database")
	}
}

func TestNewChecksOptions(t *testing.T) {
	db, _ := sqlitetest.Open(t)
	pd := &paging.PagerDutyConfig{RoutingKey: routingKey}
	wh := &paging.WebhookConfig{URL: "https://hooks.test/incident?token=URLT0KEN", Secret: webhookSecret}
	cases := []struct {
		name string
		o    paging.Options
		ok   bool
	}{
		{"no store", paging.Options{PagerDuty: pd}, false},
		{"nothing configured", paging.Options{Store: db}, false},
		{"pagerduty with the default url", paging.Options{Store: db, PagerDuty: pd}, true},
		{"webhook only", paging.Options{Store: db, Webhook: wh}, true},
		{"no routing key", paging.Options{Store: db, PagerDuty: &paging.PagerDutyConfig{}}, false},
		{"bad pagerduty url", paging.Options{Store: db, PagerDuty: &paging.PagerDutyConfig{URL: "ftp://x/" + routingKey, RoutingKey: routingKey}}, false},
		{"webhook without url", paging.Options{Store: db, Webhook: &paging.WebhookConfig{Secret: webhookSecret}}, false},
		{"webhook without secret", paging.Options{Store: db, Webhook: &paging.WebhookConfig{URL: wh.URL}}, false},
		{"webhook url without host", paging.Options{Store: db, Webhook: &paging.WebhookConfig{URL: "http:///URLT0KEN", Secret: webhookSecret}}, false},
		{"negative timeout", paging.Options{Store: db, Webhook: &paging.WebhookConfig{URL: wh.URL, Secret: webhookSecret, Timeout: -time.Second}}, false},
		{"negative retries", paging.Options{Store: db, Webhook: &paging.WebhookConfig{URL: wh.URL, Secret: webhookSecret, Retries: -1}}, false},
	}
	for _, c := range cases {
		_, err := paging.New(c.o)
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if err != nil && (strings.Contains(err.Error(), routingKey) || strings.Contains(err.Error(), webhookSecret) || strings.Contains(err.Error(), "URLT0KEN")) {
			t.Errorf("%s: the error quotes a secret: %v", c.name, err)
		}
	}
}
