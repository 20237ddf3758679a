package fakeslack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Files, as the upload flow of slack-go's UploadFileContext (files upload
// v2) uses them: files.getUploadURLExternal names a file and its size and
// answers with an upload URL (on this server) and a file id; the client
// POSTs the content there; files.completeUploadExternal shares the file in
// a channel, with an optional comment.

// UploadMethod is the method name under which posts to an upload URL are
// recorded and matched by fault injection.
const UploadMethod = "upload"

// File is a file shared in a channel.
type File struct {
	ID       string
	Name     string // the filename given to files.getUploadURLExternal
	Title    string
	Channel  string
	ThreadTS string
	Comment  string // initial_comment
	User     string // who shared it (the bot)
	Content  []byte
	Time     time.Time
}

// upload is a file between getUploadURLExternal and completeUploadExternal.
type upload struct {
	id, name string
	length   int
	content  []byte
	received bool
	done     bool
}

// fileState is what the fake keeps of files.
type fileState struct {
	uploads map[string]*upload
	shared  []*File
	next    int
}

func (s *Server) filesLocked() *fileState {
	if s.fileState.uploads == nil {
		s.fileState.uploads = map[string]*upload{}
	}
	return &s.fileState
}

func (s *Server) filesGetUploadURLExternal(rq *request) result {
	name := rq.str("filename")
	length, err := strconv.Atoi(rq.str("length"))
	if name == "" || err != nil || length <= 0 {
		return errRes("invalid_arguments")
	}
	fs := s.filesLocked()
	fs.next++
	id := fmt.Sprintf("F%08d", fs.next)
	fs.uploads[id] = &upload{id: id, name: name, length: length}
	return okRes(map[string]any{"upload_url": s.base + "/upload/" + id, "file_id": id})
}

// receiveUpload takes the content posted to an upload URL: the multipart
// field "file". Slack answers such a post with plain text.
func (s *Server) receiveUpload(rq *request, id string) (int, any) {
	u := s.filesLocked().uploads[id]
	switch {
	case rq.httpMethod != http.MethodPost:
		return http.StatusMethodNotAllowed, []byte("method not allowed")
	case u == nil || u.done:
		return http.StatusNotFound, []byte("no such upload")
	}
	content, ok := rq.files["file"]
	if !ok {
		return http.StatusBadRequest, []byte("no file field")
	}
	u.content, u.received = content, true
	return http.StatusOK, []byte("OK - " + strconv.Itoa(len(content)))
}

func (s *Server) filesCompleteUploadExternal(rq *request) result {
	var list []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	if err := json.Unmarshal([]byte(rq.str("files")), &list); err != nil || len(list) == 0 {
		return errRes("invalid_arguments")
	}
	chID := rq.str("channel_id")
	if chID == "" {
		chID, _, _ = strings.Cut(rq.str("channels"), ",")
	}
	var ch *channel
	if chID != "" {
		if ch = s.visibleLocked(chID); ch == nil {
			return errRes("channel_not_found")
		}
		if !ch.isMember(s.opts.BotUserID) {
			return errRes("not_in_channel")
		}
	}
	fs := s.filesLocked()
	for _, f := range list {
		if u := fs.uploads[f.ID]; u == nil || !u.received || u.done {
			return errRes("file_not_found")
		}
	}
	var out []map[string]any
	for _, f := range list {
		u := fs.uploads[f.ID]
		u.done = true
		title := f.Title
		if title == "" {
			title = u.name
		}
		if ch != nil {
			fs.shared = append(fs.shared, &File{ID: u.id, Name: u.name, Title: title, Channel: ch.ID, ThreadTS: rq.str("thread_ts"),
				Comment: rq.str("initial_comment"), User: s.opts.BotUserID, Content: u.content, Time: time.Now()})
		}
		out = append(out, map[string]any{"id": u.id, "title": title})
	}
	return okRes(map[string]any{"files": out})
}

// Files returns the files shared in a channel, oldest first.
func (s *Server) Files(channelID string) []File {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []File
	for _, f := range s.fileState.shared {
		if f.Channel == channelID {
			c := *f
			c.Content = append([]byte(nil), f.Content...)
			out = append(out, c)
		}
	}
	return out
}
