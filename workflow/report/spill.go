package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spill holds a part of a report written before the part that goes ahead
// of it (writeDoc: the timeline, before the summary that needs all of it
// folded). It keeps up to spillMemory bytes in memory and moves to a
// temporary file past that, so what a report holds stays flat in the
// length of the timeline.
type spill struct {
	mem   bytes.Buffer
	limit int
	file  *os.File
}

// spillMemory is how much of a spill stays in memory: the readable
// timeline of 20,000 events or so (some 200 bytes a line in HTML, 140 in
// Markdown).
var spillMemory = 4 << 20

// newSpill makes a spill for about size bytes: held in memory, it is
// allocated once.
func newSpill(size int) *spill {
	s := &spill{limit: spillMemory}
	s.mem.Grow(min(size, s.limit))
	return s
}

func (s *spill) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) > s.limit {
		f, err := os.CreateTemp("", "incidentbot-report-*")
		if err != nil {
			return 0, fmt.Errorf("report: hold the timeline in a temporary file: %w", err)
		}
		// Unnamed at once where the system allows it (the file goes with
		// the process however that ends); elsewhere close removes it.
		_ = os.Remove(f.Name())
		s.file = f
		if _, err := s.mem.WriteTo(f); err != nil {
			return 0, fmt.Errorf("report: hold the timeline in a temporary file: %w", err)
		}
		s.mem = bytes.Buffer{}
	}
	if s.file != nil {
		return s.file.Write(p)
	}
	return s.mem.Write(p)
}

// WriteTo writes out everything the spill holds.
func (s *spill) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		return s.mem.WriteTo(w)
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return 0, fmt.Errorf("report: read back the timeline: %w", err)
	}
	return io.Copy(w, s.file)
}

// close lets go of what the spill holds.
func (s *spill) close() {
	if s.file != nil {
		_ = s.file.Close()
		_ = os.Remove(s.file.Name()) // gone already where the system allowed it
	}
}
