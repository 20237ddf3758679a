package report

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"incidentbot/workflow"
)

// The Markdown and HTML reports hold the readable timeline while the
// summary above it is written; past spillMemory it goes to a temporary
// file. Both ways give the same bytes, and no file is left behind.
func TestTimelineHeldInAFileGivesTheSameReport(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	all := fixtures(t)
	defer func(n int) { spillMemory = n }(spillMemory)
	for name := range all {
		for _, f := range []Format{FormatMarkdown, FormatHTML} {
			for _, l := range workflow.Langs {
				spillMemory = 4 << 20
				inMemory := writeReport(t, all[name], f, l)
				spillMemory = 100
				inFile := writeReport(t, all[name], f, l)
				if !bytes.Equal(inMemory, inFile) {
					t.Errorf("%s %s %s: the timeline held in a file gives another report\n%s", name, f, l, firstDiff(inMemory, inFile))
				}
			}
		}
	}
	if left, err := os.ReadDir(tmp); err != nil || len(left) != 0 {
		t.Errorf("temporary files left behind: %v (%v)", left, err)
	}
}

func TestSpill(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s := newSpill()
	s.limit = 10
	want := strings.Repeat("0123456789", 100)
	for _, part := range []string{want[:4], want[4:10], want[10:11], want[11:]} {
		if _, err := s.Write([]byte(part)); err != nil {
			t.Fatal(err)
		}
	}
	if s.file == nil {
		t.Fatal("1,000 bytes past a limit of 10 are still in memory")
	}
	if s.chunks != nil {
		t.Errorf("%d chunks kept once the file holds them", len(s.chunks))
	}
	if _, err := os.Stat(s.file.Name()); !os.IsNotExist(err) {
		t.Errorf("the temporary file %s has a name while it is written (%v)", s.file.Name(), err)
	}
	var got bytes.Buffer
	if _, err := s.WriteTo(&got); err != nil || got.String() != want {
		t.Errorf("read back %d bytes (%v), want the %d written", got.Len(), err, len(want))
	}
	s.close()

	// In memory, across chunks, in pieces of every size.
	mem := newSpill()
	var all bytes.Buffer
	for i := 0; all.Len() < 3*spillChunk; i++ {
		piece := bytes.Repeat([]byte{byte('a' + i%26)}, i*97%(spillChunk+7))
		all.Write(piece)
		if n, err := mem.Write(piece); n != len(piece) || err != nil {
			t.Fatalf("wrote %d of %d bytes: %v", n, len(piece), err)
		}
	}
	got.Reset()
	if _, err := mem.WriteTo(&got); err != nil || mem.file != nil || len(mem.chunks) < 3 || !bytes.Equal(got.Bytes(), all.Bytes()) {
		t.Errorf("%d bytes in %d chunks (file %v): read back %d bytes (%v), equal %v", all.Len(), len(mem.chunks), mem.file, got.Len(), err, bytes.Equal(got.Bytes(), all.Bytes()))
	}
	mem.close()

	small := newSpill()
	small.limit = 10
	small.Write([]byte("0123456789"))
	got.Reset()
	if _, err := small.WriteTo(&got); err != nil || small.file != nil || got.String() != "0123456789" {
		t.Errorf("10 bytes under a limit of 10: file %v, read back %q (%v)", small.file, got.String(), err)
	}
	small.close()
}
