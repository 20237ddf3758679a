package slackbot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/slack-go/slack"

	"incidentbot/storage/sqlite/sqlitetest"
	"incidentbot/workflow"
)

func TestResponseURLAllowed(t *testing.T) {
	withAPI, err := newTestBotWithAPIURL(t, "http://127.0.0.1:8080/api/")
	if err != nil {
		t.Fatal(err)
	}
	slackOnly, err := newTestBotWithAPIURL(t, "")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		url       string
		slackOnly bool // allowed without api_url
		withAPI   bool // allowed with api_url http://127.0.0.1:8080/api/
	}{
		{"https://hooks.slack.com/commands/T0/1/abc", true, true},
		{"https://hooks.slack.com:443/actions/T0/1/abc", true, true},
		{"https://HOOKS.SLACK.COM/commands/x", true, true},
		{"http://hooks.slack.com/commands/x", false, false},
		{"https://hooks.slack.com:8443/commands/x", false, false},
		{"https://hooks.slack.com.evil.example/x", false, false},
		{"https://evil.example/hooks.slack.com/x", false, false},
		{"https://user@hooks.slack.com/x", false, false},
		{"ftp://hooks.slack.com/x", false, false},
		{"javascript:alert(1)", false, false},
		{"", false, false},
		{"http://127.0.0.1:8080/response/cmd", false, true},
		{"http://127.0.0.1:8081/response/cmd", false, false},
		{"https://127.0.0.1:8080/response/cmd", false, false},
		{"http://169.254.169.254/latest/meta-data", false, false},
	}
	for _, tc := range cases {
		if got := slackOnly.responseURLAllowed(tc.url); got != tc.slackOnly {
			t.Errorf("%q without api_url: allowed %v, want %v", tc.url, got, tc.slackOnly)
		}
		if got := withAPI.responseURLAllowed(tc.url); got != tc.withAPI {
			t.Errorf("%q with api_url: allowed %v, want %v", tc.url, got, tc.withAPI)
		}
	}
}

func newTestBotWithAPIURL(t *testing.T, apiURL string) (*Bot, error) {
	db, _ := sqlitetest.Open(t)
	svc := workflow.NewService(workflow.Options{Store: db})
	return New(Options{Service: svc, Store: db, API: slack.New("xoxb-test"), APIURL: apiURL, Logger: sockQuiet})
}

// An item whose response_url is not allowed fails for good without a
// request; a redirect is not followed and fails for good too.
func TestRespondRefuses(t *testing.T) {
	var hits atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer elsewhere.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/stolen", http.StatusTemporaryRedirect)
	}))
	defer redirecting.Close()
	b, err := newTestBotWithAPIURL(t, redirecting.URL+"/api/")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	msg := &slack.WebhookMessage{Text: "report"}
	for _, u := range []string{elsewhere.URL + "/x", "ftp://hooks.slack.com/x", redirecting.URL + "/response/x"} {
		err := b.respond(ctx, u, msg)
		if _, permanent := classify(err, 0); err == nil || !permanent {
			t.Errorf("%s: %v, want a permanent failure", u, err)
		}
		var pe *permanentError
		if !errors.As(err, &pe) {
			t.Errorf("%s: %T %v", u, err, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d requests reached the other server", n)
	}
}
