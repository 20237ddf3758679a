package slackbot

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/slack-go/slack"
)

// A response_url comes in a request's payload, and whoever holds the signing
// secret writes the payload: posting anywhere it points would let them read
// reports (and reach hosts inside the network). So the bot posts only to
// Slack's own https://hooks.slack.com/…, or, when [slack] api_url is set
// (a test setup), to the scheme, host and port of that URL; it never
// follows a redirect; and an item whose URL is not allowed is given up, not
// retried.

// slackHooksHost is where Slack's response URLs point.
const slackHooksHost = "hooks.slack.com"

// errResponseURL is the delivery error of an item whose response_url is not
// allowed: permanent.
var errResponseURL = &permanentError{"the response_url is not Slack's (https://" + slackHooksHost + "/…); nothing was sent"}

// responseURLAllowed reports whether the bot may post to raw.
func (b *Bot) responseURLAllowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || u.Opaque != "" {
		return false
	}
	if u.Scheme == "https" && strings.EqualFold(u.Hostname(), slackHooksHost) && (u.Port() == "" || u.Port() == "443") {
		return true
	}
	o := b.apiOrigin
	return o != nil && u.Scheme == o.Scheme && strings.EqualFold(hostPort(u), hostPort(o))
}

// hostPort is u's host and port, the port filled in from the scheme.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// responseURL is raw if the bot may post to it, else "" (logged).
func (b *Bot) responseURL(raw string) string {
	if raw == "" || b.responseURLAllowed(raw) {
		return raw
	}
	b.log.Warn("slack request: response_url refused (not Slack's)")
	return ""
}

// hooksClient posts to response URLs; it follows no redirect (a 3xx answer
// is an error, and permanent).
func hooksClient() *http.Client {
	return &http.Client{
		Timeout:       callTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// respond posts msg to a response URL, if it is allowed.
func (b *Bot) respond(ctx context.Context, raw string, msg *slack.WebhookMessage) error {
	if !b.responseURLAllowed(raw) {
		return errResponseURL
	}
	err := slack.PostWebhookCustomHTTPContext(ctx, raw, b.hooks, msg)
	var sc slack.StatusCodeError
	if errors.As(err, &sc) && sc.Code >= 300 && sc.Code < 400 {
		return &permanentError{"the response_url answered with a redirect, which is not followed"}
	}
	return err
}
