package fakeslack

import "strings"

// ---- conversations.open: direct messages ----

// conversationsOpen opens (or finds) the direct message between the bot and
// one user, as Slack's conversations.open does with users=<one id>. The DM's
// id starts with "D"; posts to it are recorded like any channel's and read
// back with Messages(id) or DMs(user). Opening is idempotent: a second call
// returns the same id with no_op and already_open set.
//
// Also accepted: channel=<an existing DM id>, which resumes it. Not modelled:
// group DMs (several users), which answer fakeslack_mpim_unsupported so a
// test that needs them fails loudly, and prevent_creation.
func (s *Server) conversationsOpen(rq *request) result {
	if id := rq.str("channel"); id != "" {
		ch := s.channels[id]
		if ch == nil || !ch.IsIM || !ch.isMember(s.opts.BotUserID) {
			return errRes("channel_not_found")
		}
		return s.openedIM(ch, true, rq.boolean("return_im"))
	}
	var users []string
	for _, u := range strings.Split(rq.str("users"), ",") {
		if u = strings.TrimSpace(u); u != "" && u != s.opts.BotUserID && !containsStr(users, u) {
			users = append(users, u)
		}
	}
	switch {
	case len(users) == 0:
		return errRes("users_list_not_supplied")
	case len(users) > 1:
		return errRes("fakeslack_mpim_unsupported")
	}
	u := s.users[users[0]]
	switch {
	case u == nil:
		return errRes("user_not_found")
	case u.IsBot:
		return errRes("cannot_dm_bot")
	}
	_, existed := s.channels[imID(u.ID)]
	return s.openedIM(s.imLocked(u.ID), existed, rq.boolean("return_im"))
}

// openedIM is conversations.open's answer: the id only, unless return_im asks
// for the whole conversation.
func (s *Server) openedIM(ch *channel, already, full bool) result {
	out := map[string]any{"channel": map[string]any{"id": ch.ID}}
	if full {
		out["channel"] = s.channelJSON(ch, false)
	}
	if already {
		out["no_op"] = true
		out["already_open"] = true
	}
	return okRes(out)
}

// imID is the id of the DM between the bot and user ("U0ALICE" → "D0ALICE").
func imID(user string) string {
	if len(user) > 1 && (user[0] == 'U' || user[0] == 'W') {
		return "D" + user[1:]
	}
	return "D" + user
}

// IM returns the id of the DM between the bot and user, if one was opened
// (by conversations.open, or by posting to the user's id).
func (s *Server) IM(user string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[imID(user)]
	if ch == nil || !ch.IsIM {
		return "", false
	}
	return ch.ID, true
}

// DMs returns the messages the bot posted in its DM with user, in ts order
// (nil if no DM was opened).
func (s *Server) DMs(user string) []Message {
	id, ok := s.IM(user)
	if !ok {
		return nil
	}
	return s.Messages(id)
}
