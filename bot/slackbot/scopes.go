package slackbot

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The bot token scopes this adapter needs, derived from what it does rather
// than written down by hand: every Web API method it calls and every event it
// handles maps to its scopes here, and a test runs every feature against the
// fake Web API, maps what was called, and compares the result with
// slack-app-manifest.yaml in both directions.
//
// A value lists requirements that must all be met. A requirement written as
// "a|b" is met by any one of its scopes (Slack accepts several for some
// methods); RequiredScopes picks one another method already needs, else the
// first. Conversation methods need the scope of each kind of conversation
// they are used on: incident channels are public or, with open --private,
// private, so both kinds are listed.
//
// Scopes come from Slack's method reference ("Required scopes", bot token).
// Methods that need no scope map to an empty list: they are still listed, so a
// method missing from this table is an error, never silently scope-free.
//
// Not here, because no bot scope covers them: apps.connections.open, which the
// Socket Mode client calls with the app-level token (xapp-…, scope
// connections:write, created by hand; not part of the manifest); and posts to
// a response_url, which need no token at all.
var methodScopes = map[string][]string{
	// Messages in incident channels and the announce channel (which the bot
	// must be a member of: there is no chat:write.public).
	"chat.postMessage":   {"chat:write"},
	"chat.update":        {"chat:write"},
	"chat.postEphemeral": {"chat:write"},
	// Permalinks of captured messages: no scope beyond a valid token.
	"chat.getPermalink": {},

	// Incident channels. The granular *:write.invites and *:write.topic
	// scopes would do for invite and setTopic, but create needs the broad
	// scope of each kind anyway, and that one covers all three.
	"conversations.create":   {"channels:manage", "groups:write"},
	"conversations.invite":   {"channels:manage|channels:write.invites", "groups:write|groups:write.invites"},
	"conversations.setTopic": {"channels:manage|channels:write.topic", "groups:write|groups:write.topic"},

	// Reading the message a 📌 reaction points at (replies for a message in a
	// thread). The bot is a member of every incident channel: it created it.
	"conversations.history": {"channels:history", "groups:history"},
	"conversations.replies": {"channels:history", "groups:history"},

	// Direct messages: pages with an Acknowledge button, approval requests,
	// people a level informs. Opening the DM needs im:write; posting in it,
	// chat:write.
	"conversations.open": {"im:write"},

	// The summary card is pinned.
	"pins.add": {"pins:write"},
	// Display names of mentioned users and of captured messages' authors.
	"users.info": {"users:read"},
	// The members of a user group a level informs, each told by DM.
	"usergroups.users.list": {"usergroups:read"},
	// Modals: the trigger id authorises the call; no scope.
	"views.open": {},
	// The report, uploaded to the incident channel as a file (files upload
	// v2: get a URL, post the content there, complete). The post to the
	// URL itself is no Web API method.
	"files.getUploadURLExternal":   {"files:write"},
	"files.completeUploadExternal": {"files:write"},
}

// eventScopes maps each Events API event the adapter handles to the scopes
// Slack requires before it delivers that event. Every event here must also be
// subscribed to in the manifest (settings.event_subscriptions.bot_events).
var eventScopes = map[string][]string{
	"reaction_added":   {"reactions:read"},
	"reaction_removed": {"reactions:read"},
}

// RequiredScopes returns the bot scopes needed to call methods and receive
// events, sorted and without duplicates. A method or event missing from the
// tables is an error naming it, so a new Web API call cannot ship without its
// scope being decided.
func RequiredScopes(methods, events []string) ([]string, error) {
	var reqs [][]string
	var errs []error
	for _, m := range uniqSorted(methods) {
		need, ok := methodScopes[m]
		if !ok {
			errs = append(errs, fmt.Errorf("slack scopes: Web API method %s has no scope mapping (add it to methodScopes in bot/slack/scopes.go)", m))
			continue
		}
		reqs = append(reqs, alternatives(need)...)
	}
	for _, e := range uniqSorted(events) {
		need, ok := eventScopes[e]
		if !ok {
			errs = append(errs, fmt.Errorf("slack scopes: event %s has no scope mapping (add it to eventScopes in bot/slack/scopes.go)", e))
			continue
		}
		reqs = append(reqs, alternatives(need)...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// Requirements with one choice first; then each one with several is met
	// by a scope already chosen if it can be, else by its first (preferred)
	// scope.
	have := map[string]bool{}
	for _, r := range reqs {
		if len(r) == 1 {
			have[r[0]] = true
		}
	}
	for _, r := range reqs {
		if len(r) > 1 && !slices.ContainsFunc(r, func(s string) bool { return have[s] }) {
			have[r[0]] = true
		}
	}
	out := make([]string, 0, len(have))
	for s := range have {
		out = append(out, s)
	}
	sort.Strings(out)
	return out, nil
}

// ScopedMethods returns the Web API methods with a scope mapping, sorted.
func ScopedMethods() []string { return sortedKeys(methodScopes) }

// ScopedEvents returns the events with a scope mapping, sorted.
func ScopedEvents() []string { return sortedKeys(eventScopes) }

// alternatives splits each requirement "a|b" into its choices.
func alternatives(need []string) [][]string {
	out := make([][]string, 0, len(need))
	for _, n := range need {
		out = append(out, strings.Split(n, "|"))
	}
	return out
}

func uniqSorted(list []string) []string {
	out := slices.Clone(list)
	sort.Strings(out)
	return slices.Compact(out)
}

func sortedKeys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
