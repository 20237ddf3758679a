package report

import (
	"fmt"
	"io"
	"os"
)

// spill holds a part of a report written before the part that goes ahead
// of it (writeDoc: the timeline, before the summary that needs all of it
// folded). It keeps up to spillMemory bytes in memory, in chunks (a chunk
// filled is never copied again, and a fresh process touches no more memory
// than the text takes), and moves to a temporary file past that, so what a
// report holds stays flat in the length of the timeline.
type spill struct {
	chunks [][]byte
	held   int // bytes in chunks
	limit  int
	file   *os.File
}

// spillMemory is how much of a spill stays in memory: the readable
// timeline of 20,000 events or so (some 200 bytes a line in HTML, 140 in
// Markdown).
var spillMemory = 4 << 20

// spillChunk is the size of a chunk: what the sinks' buffers write at once.
const spillChunk = 64 << 10

func newSpill() *spill { return &spill{limit: spillMemory} }

func (s *spill) Write(p []byte) (int, error) {
	if s.file == nil && s.held+len(p) > s.limit {
		if err := s.toFile(); err != nil {
			return 0, err
		}
	}
	if s.file != nil {
		return s.file.Write(p)
	}
	n := len(p)
	for len(p) > 0 {
		if len(s.chunks) == 0 || len(s.chunks[len(s.chunks)-1]) == cap(s.chunks[len(s.chunks)-1]) {
			s.chunks = append(s.chunks, make([]byte, 0, max(spillChunk, len(p))))
		}
		last := &s.chunks[len(s.chunks)-1]
		k := min(len(p), cap(*last)-len(*last))
		*last = append(*last, p[:k]...)
		p = p[k:]
	}
	s.held += n
	return n, nil
}

// toFile moves what the spill holds to a temporary file, which takes what
// comes next.
func (s *spill) toFile() error {
	f, err := os.CreateTemp("", "incidentbot-report-*")
	if err != nil {
		return fmt.Errorf("report: hold the timeline in a temporary file: %w", err)
	}
	// Unnamed at once where the system allows it (the file goes with the
	// process however that ends); elsewhere close removes it.
	_ = os.Remove(f.Name())
	s.file = f
	for _, c := range s.chunks {
		if _, err := f.Write(c); err != nil {
			return fmt.Errorf("report: hold the timeline in a temporary file: %w", err)
		}
	}
	s.chunks, s.held = nil, 0
	return nil
}

// WriteTo writes out everything the spill holds.
func (s *spill) WriteTo(w io.Writer) (int64, error) {
	if s.file != nil {
		if _, err := s.file.Seek(0, io.SeekStart); err != nil {
			return 0, fmt.Errorf("report: read back the timeline: %w", err)
		}
		return io.Copy(w, s.file)
	}
	var n int64
	for _, c := range s.chunks {
		k, err := w.Write(c)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// close lets go of what the spill holds.
func (s *spill) close() {
	if s.file != nil {
		_ = s.file.Close()
		_ = os.Remove(s.file.Name()) // gone already where the system allowed it
	}
}
