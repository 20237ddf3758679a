package fakeslack

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Message is a message as stored by the fake.
type Message struct {
	Channel  string
	TS       string
	ThreadTS string // set for thread replies (and on parents that have replies)
	User     string // author
	BotID    string // set for messages posted through the API
	Text     string
	// Blocks, Attachments and Metadata are the JSON the client sent (nil if none).
	Blocks      json.RawMessage
	Attachments json.RawMessage
	Metadata    json.RawMessage
	// ReplyBroadcast is set for thread replies also shown in the channel.
	ReplyBroadcast bool
	// Edits counts the chat.update calls applied to the message.
	Edits int
	// Recipient is the user an ephemeral message was shown to.
	Recipient string

	editedTS string
}

func (m *Message) isReply() bool { return m.ThreadTS != "" && m.ThreadTS != m.TS }

// Channel is a snapshot of a conversation.
type Channel struct {
	ID         string
	Name       string
	IsPrivate  bool
	IsIM       bool
	IsArchived bool
	Creator    string
	Created    time.Time
	Topic      string
	Purpose    string
	Members    []string
}

// User is a workspace user known to users.info.
type User struct {
	ID       string
	Name     string
	RealName string
	TZ       string // IANA name, e.g. "Europe/Berlin"
	Locale   string // e.g. "en-US"
	IsBot    bool
}

// View is a view opened (views.open / views.push) or updated (views.update).
type View struct {
	ID        string
	Method    string
	TriggerID string
	// JSON is the view object as sent by the client.
	JSON json.RawMessage
	Time time.Time

	externalID string
}

// Response is one JSON body posted to a response URL.
type Response struct {
	Name string
	Time time.Time
	Body json.RawMessage
}

type channel struct {
	Channel
	topicCreator, purposeCreator string
	topicSet, purposeSet         time.Time
	imUser                       string
	messages                     []*Message // ts order
	ephemerals                   []*Message
	pins                         []string
}

type trigger struct {
	issued  time.Time
	expired bool
	used    bool
}

// ---- seeding ----

// AddUser adds (or replaces) a user known to users.info and invitable to
// channels.
func (s *Server) AddUser(id, name, realName, tz, locale string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addUserLocked(&User{ID: id, Name: name, RealName: realName, TZ: tz, Locale: locale})
}

func (s *Server) addUserLocked(u *User) {
	if _, ok := s.users[u.ID]; !ok {
		s.userOrder = append(s.userOrder, u.ID)
	}
	s.users[u.ID] = u
}

// AddChannel adds an existing conversation, e.g. the channel a slash command
// is run in. Include BotUserID() in members for the bot to be a member.
// Unknown member ids are added as users named after their id.
func (s *Server) AddChannel(id, name string, private bool, members ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id == "" {
		return fmt.Errorf("fakeslack: AddChannel: empty id")
	}
	if _, ok := s.channels[id]; ok {
		return fmt.Errorf("fakeslack: AddChannel: id %s exists", id)
	}
	if code := validateChannelName(name); code != "" {
		return fmt.Errorf("fakeslack: AddChannel %q: %s", name, code)
	}
	if s.channelByNameLocked(name) != nil {
		return fmt.Errorf("fakeslack: AddChannel: name %q is taken", name)
	}
	ch := &channel{Channel: Channel{ID: id, Name: name, IsPrivate: private, Created: time.Now(), Creator: s.opts.BotUserID}}
	s.insertChannelLocked(ch)
	for _, m := range members {
		s.ensureUserLocked(m)
		ch.addMember(m)
	}
	return nil
}

// AddMembers adds users to a channel, as if they had joined.
func (s *Server) AddMembers(channelID string, users ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[channelID]
	if ch == nil {
		return fmt.Errorf("fakeslack: AddMembers: no channel %s", channelID)
	}
	for _, u := range users {
		s.ensureUserLocked(u)
		ch.addMember(u)
	}
	return nil
}

// Archive archives a channel: later posts, invites, topic changes, joins and
// pins answer is_archived.
func (s *Server) Archive(channelID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[channelID]
	if ch == nil {
		return fmt.Errorf("fakeslack: Archive: no channel %s", channelID)
	}
	ch.IsArchived = true
	return nil
}

// AddMessage adds a message by user (e.g. a human) to a channel and returns
// its ts. threadTS, when not empty, makes it a thread reply.
func (s *Server) AddMessage(channelID, user, text, threadTS string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[channelID]
	if ch == nil {
		return "", fmt.Errorf("fakeslack: AddMessage: no channel %s", channelID)
	}
	s.ensureUserLocked(user)
	m := &Message{Channel: ch.ID, TS: s.nextTSLocked(), ThreadTS: threadTS, User: user, Text: text}
	s.appendMessageLocked(ch, m)
	return m.TS, nil
}

// NewTriggerID issues a trigger id, as Slack puts in slash command and
// interaction payloads. views.open accepts it once within Options.TriggerTTL,
// then answers exchanged_trigger_id (reuse) or expired_trigger_id (too late).
// Trigger ids the fake did not issue are accepted once.
func (s *Server) NewTriggerID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextTrig++
	id := fmt.Sprintf("%d.%s.fake%08d", 4242000000+s.nextTrig, strings.TrimPrefix(s.opts.TeamID, "T"), s.nextTrig)
	s.triggers[id] = &trigger{issued: s.opts.Now()}
	return id
}

// ExpireTrigger makes views.open with triggerID answer expired_trigger_id.
func (s *Server) ExpireTrigger(triggerID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.triggers[triggerID]
	if t == nil {
		t = &trigger{issued: s.opts.Now()}
		s.triggers[triggerID] = t
	}
	t.expired = true
}

// ---- accessors ----

// Calls returns every recorded call in arrival order.
func (s *Server) Calls() []Call {
	return s.CallsTo(AllMethods)
}

// CallsTo returns the recorded calls of method (or "*") in arrival order.
func (s *Server) CallsTo(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if matches(method, c.Method) {
			out = append(out, c.clone())
		}
	}
	return out
}

// Messages returns the channel's messages (including thread replies, not
// ephemeral ones) in ts order, each in its current (possibly updated) state.
func (s *Server) Messages(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[channelID]
	if ch == nil {
		return nil
	}
	return copyMessages(ch.messages)
}

// Message returns one message by channel and ts.
func (s *Server) Message(channelID, ts string) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[channelID]
	if ch == nil {
		return Message{}, false
	}
	m := ch.message(ts)
	if m == nil {
		return Message{}, false
	}
	return *m, true
}

// Ephemerals returns the ephemeral messages posted in the channel.
func (s *Server) Ephemerals(channelID string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.channels[channelID]
	if ch == nil {
		return nil
	}
	return copyMessages(ch.ephemerals)
}

func copyMessages(ms []*Message) []Message {
	out := make([]Message, len(ms))
	for i, m := range ms {
		out[i] = *m // the raw JSON fields are replaced, never mutated
	}
	return out
}

// Pins returns the ts of pinned messages in pin order.
func (s *Server) Pins(channelID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[channelID]; ch != nil {
		return slices.Clone(ch.pins)
	}
	return nil
}

// Topic returns the channel's topic.
func (s *Server) Topic(channelID string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[channelID]; ch != nil {
		return ch.Topic
	}
	return ""
}

// Members returns the channel's members in join order.
func (s *Server) Members(channelID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[channelID]; ch != nil {
		return slices.Clone(ch.Members)
	}
	return nil
}

// Channels returns all conversations in creation order.
func (s *Server) Channels() []Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Channel, 0, len(s.chanOrder))
	for _, id := range s.chanOrder {
		out = append(out, s.channels[id].snapshot())
	}
	return out
}

// Channel returns one conversation by id.
func (s *Server) Channel(id string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channels[id]; ch != nil {
		return ch.snapshot(), true
	}
	return Channel{}, false
}

// ChannelByName returns one conversation by name (without "#").
func (s *Server) ChannelByName(name string) (Channel, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.channelByNameLocked(strings.TrimPrefix(name, "#")); ch != nil {
		return ch.snapshot(), true
	}
	return Channel{}, false
}

// Views returns the views opened, pushed or updated, in order.
func (s *Server) Views() []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]View, len(s.views))
	for i, v := range s.views {
		out[i] = *v
	}
	return out
}

// Responses returns the bodies posted to ResponseURL(name), in order.
func (s *Server) Responses(name string) []Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.responses[name])
}

// ---- internals (callers hold s.mu) ----

func (c *channel) snapshot() Channel {
	out := c.Channel
	out.Members = slices.Clone(c.Members)
	return out
}

func (c *channel) isMember(u string) bool { return slices.Contains(c.Members, u) }

func (c *channel) addMember(u string) bool {
	if c.isMember(u) {
		return false
	}
	c.Members = append(c.Members, u)
	return true
}

func (c *channel) message(ts string) *Message {
	for _, m := range c.messages {
		if m.TS == ts {
			return m
		}
	}
	return nil
}

func (s *Server) insertChannelLocked(ch *channel) {
	s.channels[ch.ID] = ch
	s.chanOrder = append(s.chanOrder, ch.ID)
}

func (s *Server) channelByNameLocked(name string) *channel {
	for _, id := range s.chanOrder {
		if ch := s.channels[id]; !ch.IsIM && ch.Name == name {
			return ch
		}
	}
	return nil
}

func (s *Server) ensureUserLocked(id string) {
	if _, ok := s.users[id]; !ok {
		s.addUserLocked(&User{ID: id, Name: strings.ToLower(id), RealName: id})
	}
}

// imLocked returns (creating it) the DM between the bot and user.
func (s *Server) imLocked(user string) *channel {
	id := imID(user)
	if ch := s.channels[id]; ch != nil {
		return ch
	}
	ch := &channel{
		Channel: Channel{ID: id, IsIM: true, IsPrivate: true, Created: time.Now(), Creator: s.opts.BotUserID,
			Members: []string{s.opts.BotUserID, user}},
		imUser: user,
	}
	s.insertChannelLocked(ch)
	return ch
}

func (s *Server) nextTSLocked() string {
	s.lastTS += 100
	return formatTS(s.lastTS)
}

func (s *Server) appendMessageLocked(ch *channel, m *Message) {
	ch.messages = append(ch.messages, m) // ts only grows
	if m.isReply() {
		if p := ch.message(m.ThreadTS); p != nil && p.ThreadTS == "" {
			p.ThreadTS = p.TS
		}
	}
}

func formatTS(micros int64) string {
	return fmt.Sprintf("%d.%06d", micros/1e6, micros%1e6)
}

// parseTS parses a Slack timestamp ("1700000000.000100", "1700000000") to
// microseconds.
func parseTS(ts string) (int64, bool) {
	sec, frac, _ := strings.Cut(ts, ".")
	if sec == "" || len(frac) > 6 {
		return 0, false
	}
	n, err := strconv.ParseInt(sec, 10, 64)
	if err != nil || n < 0 {
		return 0, false
	}
	var f int64
	if frac != "" {
		f, err = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
		if err != nil || f < 0 {
			return 0, false
		}
	}
	return n*1e6 + f, true
}

// validateChannelName returns the Slack error code for an invalid name.
func validateChannelName(name string) string {
	switch {
	case name == "":
		return "invalid_name_required"
	case len(name) > 80:
		return "invalid_name_maxlength"
	}
	punct := true
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			punct = false
		case r == '-' || r == '_':
		default:
			return "invalid_name_specials"
		}
	}
	if punct {
		return "invalid_name_punctuation"
	}
	return ""
}
