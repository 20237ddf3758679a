package runbooks

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
)

// The shipped runbooks and scenarios are written in our own words from the
// facts of the seed documents (../shared/seeds beside the repository): no
// file, and no text in one, may share a run of overlapRun characters or
// more with a seed. Characters are runes, compared as written, with no
// normalisation of any kind.
const overlapRun = 25

// seedsDir is where the seed documents are: $INCIDENTBOT_SEEDS, or
// ../shared/seeds from the repository root.
func seedsDir() string {
	if d := os.Getenv("INCIDENTBOT_SEEDS"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "seeds")
}

// windowSet holds every run of k runes of some texts, with the name of a
// text it comes from.
type windowSet struct {
	k   int
	set map[string]string
}

func newWindowSet(k int, texts map[string]string) *windowSet {
	w := &windowSet{k: k, set: map[string]string{}}
	names := make([]string, 0, len(texts))
	for n := range texts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		rs := []rune(texts[n])
		for i := 0; i+k <= len(rs); i++ {
			s := string(rs[i : i+k])
			if _, ok := w.set[s]; !ok {
				w.set[s] = n
			}
		}
	}
	return w
}

// shared is the first run of k runes of s found in the set, and where;
// compared counts the runs looked at.
func (w *windowSet) shared(s string) (run, from string, compared int, ok bool) {
	rs := []rune(s)
	for i := 0; i+w.k <= len(rs); i++ {
		compared++
		if from, found := w.set[string(rs[i:i+w.k])]; found {
			return string(rs[i : i+w.k]), from, compared, true
		}
	}
	return "", "", compared, false
}

// overlap is what the check found: every text of ours holding a run of k
// runes that is also in a seed.
type overlap struct {
	text, run, seed string
}

func checkOverlap(k int, seeds, ours map[string]string) (found []overlap, compared int) {
	w := newWindowSet(k, seeds)
	names := make([]string, 0, len(ours))
	for n := range ours {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		run, seed, c, ok := w.shared(ours[n])
		compared += c
		if ok {
			found = append(found, overlap{n, run, seed})
		}
	}
	return found, compared
}

// longestShared is the longest run of runes found both in a seed and in one
// of our texts, up to limit, with an example.
func longestShared(seeds, ours map[string]string, limit int) (int, string) {
	lo, hi, example := 0, limit, ""
	for lo < hi { // invariant: a run of lo is shared; none longer than hi
		mid := (lo + hi + 1) / 2
		if found, _ := checkOverlap(mid, seeds, ours); len(found) > 0 {
			lo, example = mid, found[0].run
		} else {
			hi = mid - 1
		}
	}
	return lo, example
}

// ourTexts is the raw text of every embedded runbook and scenario file and
// each string value in it, keyed "file" and "file: key".
func ourTexts(t *testing.T) (map[string]string, int) {
	t.Helper()
	texts := map[string]string{}
	files := 0
	err := fs.WalkDir(embedded, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".toml") {
			return err
		}
		data, err := embedded.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		texts[p] = string(data)
		var doc map[string]any
		if err := toml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		stringsIn(doc, p+":", texts)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts, files
}

func stringsIn(v any, key string, out map[string]string) {
	switch v := v.(type) {
	case string:
		out[key] = v
	case map[string]any:
		for k, x := range v {
			stringsIn(x, key+" "+k, out)
		}
	case []any:
		for i, x := range v {
			stringsIn(x, key+"["+strconv.Itoa(i)+"]", out)
		}
	case []map[string]any:
		for i, x := range v {
			stringsIn(x, key+"["+strconv.Itoa(i)+"]", out)
		}
	}
}

func TestNoSentenceFromTheSeeds(t *testing.T) {
	dir := seedsDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Skipf("seed documents not found at %s (../shared/seeds beside the repository, or $INCIDENTBOT_SEEDS): overlap check skipped: %v", dir, err)
	}
	seeds := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		seeds[e.Name()] = string(data)
	}
	if len(seeds) == 0 {
		t.Fatalf("no seed documents in %s", dir)
	}
	ours, files := ourTexts(t)
	if files < 9 {
		t.Fatalf("only %d runbook and scenario files found; the check would prove nothing", files)
	}
	found, compared := checkOverlap(overlapRun, seeds, ours)
	for _, f := range found {
		t.Errorf("%s shares %d characters with seed %s: %q; say it in your own words", f.text, overlapRun, f.seed, f.run)
	}
	seedWindows := len(newWindowSet(overlapRun, seeds).set)
	n, example := longestShared(seeds, ours, 200)
	t.Logf("%d files, %d texts: %d windows of %d characters compared against %d distinct windows of %d seed files; longest shared run %d characters (%q)",
		files, len(ours), compared, overlapRun, seedWindows, len(seeds), n, example)
}

// The checker itself, against a made-up seed: a copied sentence is caught,
// a shorter borrowed phrase is not, and runs are counted in characters,
// not bytes.
func TestOverlapChecker(t *testing.T) {
	seed := "初動の目的は、被害がこれ以上広がらないようにし、判断に必要な材料を短い時間で集めることです。"
	seeds := map[string]string{"synthetic.txt": seed}
	copied := []rune("被害がこれ以上広がらないようにし、判断に必要な材料を短い時間で集める")
	if len(copied) < overlapRun {
		t.Fatalf("the copied sentence is %d characters; make it longer", len(copied))
	}
	ours := map[string]string{
		"copied.toml":   "text.ja = \"" + string(copied) + "\"",
		"short.toml":    "text.ja = \"" + string(copied[:overlapRun-1]) + "\"",
		"original.toml": "text.ja = \"まず被害の広がりを止め、判断の材料を素早くそろえる。\"",
	}
	found, compared := checkOverlap(overlapRun, seeds, ours)
	if len(found) != 1 || found[0].text != "copied.toml" || found[0].seed != "synthetic.txt" ||
		len([]rune(found[0].run)) != overlapRun || !strings.Contains(seed, found[0].run) {
		t.Fatalf("want exactly copied.toml caught, got %+v", found)
	}
	if compared == 0 {
		t.Fatal("nothing compared")
	}
	// 9 kanji are 27 bytes but 9 characters: no overlap of 25.
	if found, _ := checkOverlap(overlapRun, map[string]string{"s": "情報漏洩疑義事案対応"}, map[string]string{"o": "情報漏洩疑義事案対応"}); len(found) != 0 {
		t.Errorf("runs must be counted in characters, not bytes: %+v", found)
	}
	if n, _ := longestShared(seeds, ours, 200); n != len(copied) {
		t.Errorf("longest shared run %d, want %d", n, len(copied))
	}
	// No normalisation: the same sentence in full-width punctuation or
	// other spacing is a different run (the seeds are compared as written).
	if found, _ := checkOverlap(overlapRun, seeds, map[string]string{"o": strings.ReplaceAll(string(copied), "、", ",")}); len(found) != 0 {
		t.Errorf("compared after normalising: %+v", found)
	}
}
