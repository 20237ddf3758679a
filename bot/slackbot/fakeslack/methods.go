package fakeslack

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// result is a method's answer: err is the Slack error code ("" = ok) and
// fields are extra top-level response fields.
type result struct {
	err    string
	fields map[string]any
}

func okRes(fields map[string]any) result { return result{fields: fields} }
func errRes(code string) result          { return result{err: code} }

// handler implements one Web API method; it runs with s.mu held.
type handler func(s *Server, rq *request) result

var methods map[string]handler

func init() {
	methods = map[string]handler{
		"auth.test":              (*Server).authTest,
		ConnectionsOpenMethod:    (*Server).appsConnectionsOpen, // socket.go
		"chat.postMessage":       (*Server).chatPostMessage,
		"chat.update":            (*Server).chatUpdate,
		"chat.postEphemeral":     (*Server).chatPostEphemeral,
		"chat.getPermalink":      (*Server).chatGetPermalink,
		"conversations.create":   (*Server).conversationsCreate,
		"conversations.invite":   (*Server).conversationsInvite,
		"conversations.setTopic": (*Server).conversationsSetTopic,
		"conversations.setPurpose": func(s *Server, rq *request) result {
			return s.setTopicOrPurpose(rq, "purpose")
		},
		"conversations.open":           (*Server).conversationsOpen,
		"conversations.join":           (*Server).conversationsJoin,
		"conversations.info":           (*Server).conversationsInfo,
		"conversations.history":        (*Server).conversationsHistory,
		"conversations.replies":        (*Server).conversationsReplies,
		"pins.add":                     (*Server).pinsAdd,
		"pins.remove":                  (*Server).pinsRemove,
		"views.open":                   func(s *Server, rq *request) result { return s.viewsOpen(rq, "views.open") },
		"views.push":                   func(s *Server, rq *request) result { return s.viewsOpen(rq, "views.push") },
		"views.update":                 (*Server).viewsUpdate,
		"users.info":                   (*Server).usersInfo,
		"usergroups.users.list":        (*Server).usergroupsUsersList,
		"files.getUploadURLExternal":   (*Server).filesGetUploadURLExternal,
		"files.completeUploadExternal": (*Server).filesCompleteUploadExternal,
	}
}

// ---- auth ----

func (s *Server) authTest(*request) result {
	return okRes(map[string]any{
		"url":                   s.teamURL(),
		"team":                  s.opts.TeamName,
		"user":                  s.opts.BotName,
		"team_id":               s.opts.TeamID,
		"user_id":               s.opts.BotUserID,
		"bot_id":                s.opts.BotID,
		"is_enterprise_install": false,
	})
}

func (s *Server) teamURL() string { return "https://" + s.opts.TeamDomain + ".slack.com/" }

// ---- lookups ----

// visibleLocked returns the channel if it exists and the bot may see it:
// public channels, and private ones the bot is a member of.
func (s *Server) visibleLocked(id string) *channel {
	ch := s.channels[id]
	if ch == nil || (ch.IsPrivate && !ch.isMember(s.opts.BotUserID)) {
		return nil
	}
	return ch
}

// postTargetLocked resolves chat.post* channel arguments: a conversation id,
// a user id (the bot's DM with that user) or a channel name ("#name"/"name").
func (s *Server) postTargetLocked(arg string) *channel {
	if arg == "" {
		return nil
	}
	if ch := s.visibleLocked(arg); ch != nil {
		return ch
	}
	if u := s.users[arg]; u != nil && !u.IsBot {
		return s.imLocked(arg)
	}
	if ch := s.channelByNameLocked(strings.TrimPrefix(arg, "#")); ch != nil {
		return s.visibleLocked(ch.ID)
	}
	return nil
}

// ---- chat.* ----

// content is the validated text, blocks, attachments and metadata of a message.
type content struct {
	text                          string
	hasText, hasBlocks, hasAtt    bool
	blocks, attachments, metadata json.RawMessage
}

func readContent(rq *request) (c content, code string) {
	c.text, c.hasText = rq.str("text"), rq.has("text")
	if len(c.text) > 40000 {
		return c, "msg_too_long"
	}
	var ok bool
	var err error
	if c.blocks, c.hasBlocks, err = rq.raw("blocks"); err != nil {
		return c, "invalid_blocks"
	}
	if c.blocks, ok = jsonArray(c.blocks, 50); !ok {
		return c, "invalid_blocks"
	}
	if c.attachments, c.hasAtt, err = rq.raw("attachments"); err != nil {
		return c, "invalid_attachments"
	}
	if c.attachments, ok = jsonArray(c.attachments, 100); !ok {
		return c, "invalid_attachments"
	}
	if md, present, err := rq.raw("metadata"); present {
		if err != nil {
			return c, "invalid_metadata_format"
		}
		c.metadata = md
	}
	return c, ""
}

// jsonArray checks that raw (if any) is a JSON array of at most max objects;
// an absent, null or empty array yields nil.
func jsonArray(raw json.RawMessage, max int) (json.RawMessage, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var arr []map[string]json.RawMessage
	if json.Unmarshal(raw, &arr) != nil || len(arr) > max {
		return nil, false
	}
	if len(arr) == 0 {
		return nil, true
	}
	return raw, true
}

func (s *Server) chatPostMessage(rq *request) result {
	ch := s.postTargetLocked(rq.str("channel"))
	if ch == nil {
		return errRes("channel_not_found")
	}
	if ch.IsArchived {
		return errRes("is_archived")
	}
	c, code := readContent(rq)
	if code != "" {
		return errRes(code)
	}
	if c.text == "" && c.blocks == nil && c.attachments == nil {
		return errRes("no_text")
	}
	m := &Message{
		Channel: ch.ID, TS: s.nextTSLocked(), ThreadTS: rq.str("thread_ts"),
		User: s.opts.BotUserID, BotID: s.opts.BotID, Text: c.text,
		Blocks: c.blocks, Attachments: c.attachments, Metadata: c.metadata,
		ReplyBroadcast: rq.boolean("reply_broadcast"),
	}
	if m.ThreadTS != "" {
		if _, ok := parseTS(m.ThreadTS); !ok {
			return errRes("invalid_thread_ts")
		}
	}
	s.appendMessageLocked(ch, m)
	return okRes(map[string]any{"channel": ch.ID, "ts": m.TS, "message": s.messageJSON(ch, m)})
}

func (s *Server) chatUpdate(rq *request) result {
	ch := s.visibleLocked(rq.str("channel"))
	if ch == nil {
		return errRes("channel_not_found")
	}
	if ch.IsArchived {
		return errRes("is_archived")
	}
	m := ch.message(rq.str("ts"))
	if m == nil {
		return errRes("message_not_found")
	}
	if m.User != s.opts.BotUserID {
		return errRes("cant_update_message")
	}
	c, code := readContent(rq)
	if code != "" {
		return errRes(code)
	}
	next := *m
	if c.hasText {
		next.Text = c.text
	}
	if c.hasBlocks {
		next.Blocks = c.blocks
	}
	if c.hasAtt {
		next.Attachments = c.attachments
	}
	if c.metadata != nil {
		next.Metadata = c.metadata
	}
	if next.Text == "" && next.Blocks == nil && next.Attachments == nil {
		return errRes("no_text")
	}
	next.Edits++
	next.editedTS = formatTS(s.lastTS + 1) // after every ts so far; does not use up a message ts
	*m = next
	return okRes(map[string]any{"channel": ch.ID, "ts": m.TS, "text": m.Text, "message": s.messageJSON(ch, m)})
}

func (s *Server) chatPostEphemeral(rq *request) result {
	ch := s.postTargetLocked(rq.str("channel"))
	if ch == nil {
		return errRes("channel_not_found")
	}
	if ch.IsArchived {
		return errRes("is_archived")
	}
	user := rq.str("user")
	if s.users[user] == nil {
		return errRes("user_not_found")
	}
	if !ch.isMember(user) {
		return errRes("user_not_in_channel")
	}
	c, code := readContent(rq)
	if code != "" {
		return errRes(code)
	}
	if c.text == "" && c.blocks == nil && c.attachments == nil {
		return errRes("no_text")
	}
	m := &Message{
		Channel: ch.ID, TS: s.nextTSLocked(), ThreadTS: rq.str("thread_ts"),
		User: s.opts.BotUserID, BotID: s.opts.BotID, Text: c.text,
		Blocks: c.blocks, Attachments: c.attachments, Recipient: user,
	}
	ch.ephemerals = append(ch.ephemerals, m)
	return okRes(map[string]any{"message_ts": m.TS})
}

func (s *Server) chatGetPermalink(rq *request) result {
	ch := s.visibleLocked(rq.str("channel"))
	if ch == nil {
		return errRes("channel_not_found")
	}
	m := ch.message(rq.str("message_ts"))
	if m == nil {
		return errRes("message_not_found")
	}
	link := fmt.Sprintf("%sarchives/%s/p%s", s.teamURL(), ch.ID, strings.Replace(m.TS, ".", "", 1))
	if m.isReply() {
		link += fmt.Sprintf("?thread_ts=%s&cid=%s", m.ThreadTS, ch.ID)
	}
	return okRes(map[string]any{"channel": ch.ID, "permalink": link})
}

func (s *Server) messageJSON(ch *channel, m *Message) map[string]any {
	out := map[string]any{"type": "message", "ts": m.TS, "text": m.Text, "user": m.User, "team": s.opts.TeamID}
	if m.BotID != "" {
		out["bot_id"] = m.BotID
		out["app_id"] = s.opts.AppID
	}
	if m.ThreadTS != "" {
		out["thread_ts"] = m.ThreadTS
	}
	if m.isReply() && m.ReplyBroadcast {
		out["subtype"] = "thread_broadcast"
	}
	if !m.isReply() && m.ThreadTS != "" {
		n, users := 0, []string{}
		for _, r := range ch.messages {
			if r.isReply() && r.ThreadTS == m.TS {
				n++
				if !containsStr(users, r.User) {
					users = append(users, r.User)
				}
				out["latest_reply"] = r.TS
			}
		}
		out["reply_count"] = n
		out["reply_users"] = users
		out["reply_users_count"] = len(users)
	}
	if m.Blocks != nil {
		out["blocks"] = m.Blocks
	}
	if m.Attachments != nil {
		out["attachments"] = m.Attachments
	}
	if m.Metadata != nil {
		out["metadata"] = m.Metadata
	}
	if m.Edits > 0 {
		out["edited"] = map[string]any{"user": m.User, "ts": m.editedTS}
	}
	if containsStr(ch.pins, m.TS) {
		out["pinned_to"] = []string{ch.ID}
	}
	return out
}

func containsStr(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// ---- conversations.* ----

func (s *Server) channelJSON(ch *channel, numMembers bool) map[string]any {
	out := map[string]any{
		"id":                    ch.ID,
		"created":               ch.Created.Unix(),
		"is_archived":           ch.IsArchived,
		"is_im":                 ch.IsIM,
		"is_mpim":               false,
		"is_private":            ch.IsPrivate,
		"is_member":             ch.isMember(s.opts.BotUserID),
		"is_shared":             false,
		"is_ext_shared":         false,
		"is_org_shared":         false,
		"is_general":            false,
		"context_team_id":       s.opts.TeamID,
		"unlinked":              0,
		"is_pending_ext_shared": false,
	}
	if ch.IsIM {
		out["user"] = ch.imUser
		out["is_open"] = true
	} else {
		out["name"] = ch.Name
		out["name_normalized"] = ch.Name
		out["is_channel"] = true
		out["is_group"] = false
		out["creator"] = ch.Creator
		out["previous_names"] = []string{}
		out["topic"] = map[string]any{"value": ch.Topic, "creator": ch.topicCreator, "last_set": unixOrZero(ch.topicSet)}
		out["purpose"] = map[string]any{"value": ch.Purpose, "creator": ch.purposeCreator, "last_set": unixOrZero(ch.purposeSet)}
	}
	if numMembers {
		out["num_members"] = len(ch.Members)
	}
	return out
}

func unixOrZero(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}

func (s *Server) conversationsCreate(rq *request) result {
	name := rq.str("name")
	if code := validateChannelName(name); code != "" {
		return errRes(code)
	}
	if s.channelByNameLocked(name) != nil {
		return errRes("name_taken")
	}
	s.nextChan++
	id := fmt.Sprintf("CFAKE%05d", s.nextChan)
	for s.channels[id] != nil {
		s.nextChan++
		id = fmt.Sprintf("CFAKE%05d", s.nextChan)
	}
	ch := &channel{Channel: Channel{
		ID: id, Name: name, IsPrivate: rq.boolean("is_private"),
		Created: time.Now(), Creator: s.opts.BotUserID, Members: []string{s.opts.BotUserID},
	}}
	s.insertChannelLocked(ch)
	return okRes(map[string]any{"channel": s.channelJSON(ch, false)})
}

// memberChannelLocked looks up a channel the bot must be a member of.
func (s *Server) memberChannelLocked(id string) (*channel, string) {
	ch := s.visibleLocked(id)
	switch {
	case ch == nil:
		return nil, "channel_not_found"
	case ch.IsArchived:
		return nil, "is_archived"
	case !ch.isMember(s.opts.BotUserID):
		return nil, "not_in_channel"
	}
	return ch, ""
}

func (s *Server) conversationsInvite(rq *request) result {
	ch, code := s.memberChannelLocked(rq.str("channel"))
	if code != "" {
		return errRes(code)
	}
	if ch.IsIM {
		return errRes("method_not_supported_for_channel_type")
	}
	var users []string
	for _, u := range strings.Split(rq.str("users"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			users = append(users, u)
		}
	}
	if len(users) == 0 {
		return errRes("no_user")
	}
	if len(users) > 1000 {
		return errRes("too_many_users")
	}
	var perUser []map[string]any
	first := ""
	for _, u := range users {
		c := ""
		switch {
		case u == s.opts.BotUserID:
			c = "cant_invite_self"
		case s.users[u] == nil:
			c = "user_not_found"
		case ch.isMember(u):
			c = "already_in_channel"
		}
		if c != "" {
			if first == "" {
				first = c
			}
			perUser = append(perUser, map[string]any{"user": u, "ok": false, "error": c})
		}
	}
	if first != "" {
		return result{err: first, fields: map[string]any{"errors": perUser}}
	}
	for _, u := range users {
		ch.addMember(u)
	}
	return okRes(map[string]any{"channel": s.channelJSON(ch, false)})
}

func (s *Server) conversationsSetTopic(rq *request) result { return s.setTopicOrPurpose(rq, "topic") }

func (s *Server) setTopicOrPurpose(rq *request, field string) result {
	ch, code := s.memberChannelLocked(rq.str("channel"))
	if code != "" {
		return errRes(code)
	}
	v := rq.str(field)
	if len([]rune(v)) > 250 {
		return errRes("too_long")
	}
	if field == "topic" {
		ch.Topic, ch.topicCreator, ch.topicSet = v, s.opts.BotUserID, time.Now()
	} else {
		ch.Purpose, ch.purposeCreator, ch.purposeSet = v, s.opts.BotUserID, time.Now()
	}
	return okRes(map[string]any{"channel": s.channelJSON(ch, false)})
}

func (s *Server) conversationsJoin(rq *request) result {
	ch := s.visibleLocked(rq.str("channel"))
	switch {
	case ch == nil:
		return errRes("channel_not_found")
	case ch.IsArchived:
		return errRes("is_archived")
	case ch.IsIM || ch.IsPrivate:
		return errRes("method_not_supported_for_channel_type")
	}
	fields := map[string]any{}
	if !ch.addMember(s.opts.BotUserID) {
		fields["warning"] = "already_in_channel"
		fields["response_metadata"] = map[string]any{"warnings": []string{"already_in_channel"}}
	}
	fields["channel"] = s.channelJSON(ch, false)
	return okRes(fields)
}

func (s *Server) conversationsInfo(rq *request) result {
	ch := s.visibleLocked(rq.str("channel"))
	if ch == nil {
		return errRes("channel_not_found")
	}
	return okRes(map[string]any{"channel": s.channelJSON(ch, rq.boolean("include_num_members"))})
}

// window is the inclusive ts range [lo, hi] selected by the latest, oldest,
// inclusive and cursor arguments, plus the page size.
type window struct {
	lo, hi int64
	limit  int
}

// readWindow reads latest/oldest/inclusive/limit/cursor. A cursor names the
// first message of the next page; pages run newest first unless ascending.
func readWindow(rq *request, ascending bool) (w window, code string) {
	w = window{lo: math.MinInt64, hi: math.MaxInt64, limit: 100}
	incl := rq.boolean("inclusive")
	if v := rq.str("latest"); v != "" {
		t, ok := parseTS(v)
		if !ok {
			return w, "invalid_ts_latest"
		}
		w.hi = t
		if !incl {
			w.hi--
		}
	}
	if v := rq.str("oldest"); v != "" {
		t, ok := parseTS(v)
		if !ok {
			return w, "invalid_ts_oldest"
		}
		w.lo = t
		if !incl {
			w.lo++
		}
	}
	if v := rq.str("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return w, "invalid_limit"
		}
		if n > 0 {
			w.limit = min(n, 999)
		}
	}
	if v := rq.str("cursor"); v != "" {
		b, err := base64.StdEncoding.DecodeString(v)
		if err != nil {
			return w, "invalid_cursor"
		}
		next, ok := strings.CutPrefix(string(b), "next_ts:")
		t, err := strconv.ParseInt(next, 10, 64)
		if !ok || err != nil {
			return w, "invalid_cursor"
		}
		if ascending {
			w.lo = max(w.lo, t)
		} else {
			w.hi = min(w.hi, t)
		}
	}
	return w, ""
}

func (w window) contains(ts string) bool {
	t, _ := parseTS(ts)
	return w.lo <= t && t <= w.hi
}

func cursorFor(ts string) string {
	t, _ := parseTS(ts)
	return base64.StdEncoding.EncodeToString([]byte("next_ts:" + strconv.FormatInt(t, 10)))
}

func (s *Server) conversationsHistory(rq *request) result {
	ch := s.visibleLocked(rq.str("channel"))
	if ch == nil {
		return errRes("channel_not_found")
	}
	if !ch.isMember(s.opts.BotUserID) {
		return errRes("not_in_channel")
	}
	w, code := readWindow(rq, false)
	if code != "" {
		return errRes(code)
	}
	var sel []*Message
	for i := len(ch.messages) - 1; i >= 0; i-- { // newest first
		m := ch.messages[i]
		if m.isReply() && !m.ReplyBroadcast {
			continue
		}
		if w.contains(m.TS) {
			sel = append(sel, m)
		}
	}
	return s.page(ch, sel, w.limit, map[string]any{"pin_count": len(ch.pins), "channel_actions_count": 0})
}

func (s *Server) conversationsReplies(rq *request) result {
	ch := s.visibleLocked(rq.str("channel"))
	if ch == nil {
		return errRes("channel_not_found")
	}
	if !ch.isMember(s.opts.BotUserID) {
		return errRes("not_in_channel")
	}
	parent := ch.message(rq.str("ts"))
	if parent == nil {
		return errRes("thread_not_found")
	}
	w, code := readWindow(rq, true)
	if code != "" {
		return errRes(code)
	}
	var sel []*Message
	for _, m := range ch.messages { // oldest first
		if m == parent || (m.isReply() && m.ThreadTS == parent.TS) {
			if w.contains(m.TS) {
				sel = append(sel, m)
			}
		}
	}
	return s.page(ch, sel, w.limit, nil)
}

func (s *Server) page(ch *channel, sel []*Message, limit int, fields map[string]any) result {
	if fields == nil {
		fields = map[string]any{}
	}
	hasMore := len(sel) > limit
	if hasMore {
		fields["response_metadata"] = map[string]any{"next_cursor": cursorFor(sel[limit].TS)}
		sel = sel[:limit]
	}
	msgs := make([]map[string]any, len(sel))
	for i, m := range sel {
		msgs[i] = s.messageJSON(ch, m)
	}
	fields["messages"] = msgs
	fields["has_more"] = hasMore
	return okRes(fields)
}

// ---- pins.* ----

func (s *Server) pinTarget(rq *request) (*channel, *Message, string) {
	ch := s.visibleLocked(rq.str("channel"))
	switch {
	case ch == nil:
		return nil, nil, "channel_not_found"
	case ch.IsArchived:
		return nil, nil, "is_archived"
	case !ch.isMember(s.opts.BotUserID):
		return nil, nil, "not_in_channel"
	}
	ts := rq.str("timestamp")
	if ts == "" {
		if rq.str("file") != "" || rq.str("file_comment") != "" {
			return nil, nil, "bad_item"
		}
		return nil, nil, "no_item_specified"
	}
	m := ch.message(ts)
	if m == nil {
		return nil, nil, "message_not_found"
	}
	return ch, m, ""
}

func (s *Server) pinsAdd(rq *request) result {
	ch, m, code := s.pinTarget(rq)
	if code != "" {
		return errRes(code)
	}
	if containsStr(ch.pins, m.TS) {
		return errRes("already_pinned")
	}
	ch.pins = append(ch.pins, m.TS)
	return okRes(nil)
}

func (s *Server) pinsRemove(rq *request) result {
	ch, m, code := s.pinTarget(rq)
	if code != "" {
		return errRes(code)
	}
	for i, ts := range ch.pins {
		if ts == m.TS {
			ch.pins = append(ch.pins[:i], ch.pins[i+1:]...)
			return okRes(nil)
		}
	}
	return errRes("no_pin")
}

// ---- views.* ----

func (s *Server) viewsOpen(rq *request, method string) result {
	tid := rq.str("trigger_id")
	if tid == "" {
		return errRes("invalid_arguments")
	}
	view, code := s.readView(rq)
	if code != "" {
		return errRes(code)
	}
	t := s.triggers[tid]
	switch {
	case t == nil:
		s.triggers[tid] = &trigger{issued: s.opts.Now(), used: true}
	case t.used:
		return errRes("exchanged_trigger_id")
	case t.expired || (s.opts.TriggerTTL > 0 && s.opts.Now().Sub(t.issued) > s.opts.TriggerTTL):
		return errRes("expired_trigger_id")
	default:
		t.used = true
	}
	if ext := rawString(view["external_id"]); ext != "" {
		for _, v := range s.views {
			if v.externalID == ext {
				return errRes("duplicate_external_id")
			}
		}
	}
	s.nextView++
	rec := &View{ID: fmt.Sprintf("VFAKE%05d", s.nextView), Method: method, TriggerID: tid,
		JSON: mustRaw(view), Time: time.Now(), externalID: rawString(view["external_id"])}
	s.views = append(s.views, rec)
	return okRes(map[string]any{"view": s.viewJSON(rec, view)})
}

func (s *Server) viewsUpdate(rq *request) result {
	view, code := s.readView(rq)
	if code != "" {
		return errRes(code)
	}
	id, ext := rq.str("view_id"), rq.str("external_id")
	if id == "" && ext == "" {
		return errRes("invalid_arguments")
	}
	var found *View
	for _, v := range s.views {
		if (id != "" && v.ID == id) || (id == "" && v.externalID == ext) {
			found = v
		}
	}
	if found == nil {
		return errRes("not_found")
	}
	rec := &View{ID: found.ID, Method: "views.update", JSON: mustRaw(view), Time: time.Now(), externalID: found.externalID}
	s.views = append(s.views, rec)
	return okRes(map[string]any{"view": s.viewJSON(rec, view)})
}

// readView validates the "view" argument as a modal.
func (s *Server) readView(rq *request) (map[string]json.RawMessage, string) {
	raw, ok, err := rq.raw("view")
	if !ok || err != nil || raw == nil {
		return nil, "invalid_arguments"
	}
	var view map[string]json.RawMessage
	if json.Unmarshal(raw, &view) != nil {
		return nil, "invalid_arguments"
	}
	if rawString(view["type"]) != "modal" || len(view["title"]) == 0 {
		return nil, "invalid_arguments"
	}
	if b, ok := jsonArray(view["blocks"], 100); !ok || (b == nil && len(view["blocks"]) == 0) {
		return nil, "invalid_arguments"
	}
	return view, ""
}

func (s *Server) viewJSON(rec *View, view map[string]json.RawMessage) map[string]any {
	out := map[string]any{}
	for k, v := range view {
		out[k] = v
	}
	out["id"] = rec.ID
	out["team_id"] = s.opts.TeamID
	out["app_id"] = s.opts.AppID
	out["bot_id"] = s.opts.BotID
	out["app_installed_team_id"] = s.opts.TeamID
	out["root_view_id"] = rec.ID
	out["previous_view_id"] = nil
	out["hash"] = fmt.Sprintf("%d.fake%05d", rec.Time.Unix(), len(s.views))
	out["state"] = map[string]any{"values": map[string]any{}}
	for _, k := range []string{"private_metadata", "callback_id", "external_id"} {
		if _, ok := out[k]; !ok {
			out[k] = ""
		}
	}
	return out
}

func mustRaw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only marshals maps of raw JSON
	}
	return b
}

// ---- users.* ----

func (s *Server) usersInfo(rq *request) result {
	u := s.users[rq.str("user")]
	if u == nil {
		return errRes("user_not_found")
	}
	tz, label, offset := u.TZ, "", 0
	if tz == "" {
		tz = "UTC"
	}
	if loc, err := time.LoadLocation(tz); err == nil {
		label, offset = time.Now().In(loc).Zone()
	}
	profile := map[string]any{
		"real_name":               u.RealName,
		"real_name_normalized":    u.RealName,
		"display_name":            u.Name,
		"display_name_normalized": u.Name,
		"team":                    s.opts.TeamID,
	}
	if u.IsBot {
		profile["bot_id"] = s.opts.BotID
	}
	out := map[string]any{
		"id":        u.ID,
		"team_id":   s.opts.TeamID,
		"name":      u.Name,
		"deleted":   false,
		"real_name": u.RealName,
		"tz":        tz,
		"tz_label":  label,
		"tz_offset": offset,
		"is_bot":    u.IsBot,
		"is_admin":  false,
		"updated":   s.opts.TSBase.Unix(),
		"profile":   profile,
	}
	if rq.boolean("include_locale") {
		locale := u.Locale
		if locale == "" {
			locale = "en-US"
		}
		out["locale"] = locale
	}
	return okRes(map[string]any{"user": out})
}
