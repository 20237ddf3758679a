package runbooks

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"

	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// The shipped runbooks and scenarios.
//
//go:embed defaults/*.toml drills/*.toml
var embedded embed.FS

// Where the embedded files are named in errors: their place in the repository.
const embeddedPrefix = "runbooks/"

// DrillsDir is the subdirectory of a runbooks directory that holds drill
// scenarios, as drills/ does beside the embedded defaults/.
const DrillsDir = "drills"

// Limits that keep a checklist usable in a chat message.
const (
	MaxItems    = 30   // items in one phase's checklist
	MaxText     = 1000 // characters in one text, per language
	MaxKeywords = 40   // keywords of a runbook
	MaxInjects  = 60   // injects of a scenario
	MaxMinutes  = 1440 // latest time of an inject, deadline or end: one day
	MaxName     = 40   // characters of a runbook or scenario name
	MaxKey      = 40   // characters of a checklist item's key
)

// nameRE is the form of runbook and scenario names and of item keys.
var nameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load returns the embedded runbooks and scenarios, with the files of dir
// added: dir/*.toml are runbooks and dir/drills/*.toml scenarios; a file
// whose name is already taken replaces the embedded one. dir "" means the
// embedded files alone. Severity levels are checked against scale; a zero
// Scale stands for workflow.DefaultScale().
//
// Every problem in every file is reported, as Errors: each names the file,
// the line and column, and the key.
func Load(dir string, scale workflow.Scale) (*Set, error) {
	return LoadWith(Options{Dir: dir, Scale: scale})
}

// Options are what runbooks are read and checked against besides their
// files.
type Options struct {
	// Dir is [runbooks] dir; "" for the embedded files alone.
	Dir string
	// Scale is the configured severity scale; zero: the default scale.
	Scale workflow.Scale
	// Vendors are the configured vendors ([[vendor]]): a contact names
	// one with vendor = "key".
	Vendors []workflow.Vendor
}

// LoadWith is Load with the configuration's vendors, which contacts may
// name by key: an unknown key is an error in a file of one's own, and a
// note for a built-in file (see NoteRunbookVendor).
func LoadWith(o Options) (*Set, error) {
	dir, scale := o.Dir, o.Scale
	if len(scale.Levels) == 0 {
		scale = workflow.DefaultScale()
	}
	var errs Errors
	var notes []Note
	var bookSrc, drillSrc []source
	for _, pattern := range []string{"defaults/*.toml", DrillsDir + "/*.toml"} {
		names, _ := fs.Glob(embedded, pattern)
		sort.Strings(names)
		for _, n := range names {
			data, err := embedded.ReadFile(n)
			if err != nil {
				errs = append(errs, &Error{File: embeddedPrefix + n, Msg: "cannot read: " + err.Error()})
				continue
			}
			src := source{file: embeddedPrefix + n, data: data, embedded: true}
			if strings.HasPrefix(n, DrillsDir+"/") {
				drillSrc = append(drillSrc, src)
			} else {
				bookSrc = append(bookSrc, src)
			}
		}
	}
	if dir != "" {
		b, err := readDir(dir, true)
		errs = append(errs, err...)
		bookSrc = append(bookSrc, b...)
		d, err := readDir(filepath.Join(dir, DrillsDir), false)
		errs = append(errs, err...)
		drillSrc = append(drillSrc, d...)
	}

	books := registry[Runbook]{kind: "runbook", where: "[runbooks] dir"}
	for _, src := range bookSrc {
		rb, at, ok, es, ns := parseRunbook(src.file, src.data, scale, o.Vendors, src.embedded)
		errs, notes = append(errs, es...), append(notes, ns...)
		if ok {
			errs = append(errs, books.add(rb.Name, rb, src, at)...)
		}
	}
	names := make([]string, 0, len(books.items))
	for n := range books.items {
		names = append(names, n)
	}
	sort.Strings(names)
	drills := registry[Scenario]{kind: "scenario", where: "[runbooks] dir/" + DrillsDir}
	refs := scenarioRefs{items: itemKeys(books.items), vendors: o.Vendors}
	for _, src := range drillSrc {
		sc, at, ok, es, ns := parseScenario(src.file, src.data, scale, names, src.embedded, refs)
		errs, notes = append(errs, es...), append(notes, ns...)
		if ok {
			errs = append(errs, drills.add(sc.Name, sc, src, at)...)
		}
	}
	set := &Set{runbooks: books.sorted(), scenarios: drills.sorted()}
	// A built-in file replaced by one of the directory is not in force: its
	// notes go with it.
	inForce := map[string]bool{}
	for _, rb := range set.runbooks {
		inForce[rb.File] = true
	}
	for _, sc := range set.scenarios {
		inForce[sc.File] = true
	}
	vendorNote := map[string]int{} // a vendor key → its note in set.notes
	for _, n := range notes {
		if !inForce[n.File] {
			continue
		}
		if n.Kind == NoteRunbookVendor {
			// One note per vendor the built-in files name, at its first place.
			if i, seen := vendorNote[n.Vendor]; seen {
				set.notes[i].Others++
				continue
			}
			vendorNote[n.Vendor] = len(set.notes)
		}
		set.notes = append(set.notes, n)
	}

	if len(errs) > 0 {
		sortErrors(errs)
		return nil, errs
	}
	return set, nil
}

// registry holds runbooks or scenarios by name. A file of the directory
// replaces an embedded one of the same name; two embedded files, or two
// files of the directory, may not share a name.
type registry[T any] struct {
	kind, where string            // "runbook", "[runbooks] dir": for messages
	items       map[string]T      // by name
	at          map[string]string // name → file:line
	fromDir     map[string]bool   // name → read from the directory
}

func (r *registry[T]) add(name string, item T, src source, at tomlpos.Pos) Errors {
	if r.items == nil {
		r.items, r.at, r.fromDir = map[string]T{}, map[string]string{}, map[string]bool{}
	}
	if _, seen := r.items[name]; seen && r.fromDir[name] == !src.embedded {
		return Errors{{File: src.file, Line: at.Line, Col: at.Col, Key: "name",
			Msg: fmt.Sprintf("%s %q is already defined in %s; give each %s its own name (a file in %s replaces a built-in %s of the same name)", r.kind, name, r.at[name], r.kind, r.where, r.kind)}}
	}
	r.items[name] = item
	r.at[name] = fmt.Sprintf("%s:%d", src.file, at.Line)
	r.fromDir[name] = !src.embedded
	return nil
}

// sorted lists the items by name.
func (r *registry[T]) sorted() []T {
	names := make([]string, 0, len(r.items))
	for n := range r.items {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]T, len(names))
	for i, n := range names {
		out[i] = r.items[n]
	}
	return out
}

type source struct {
	file     string
	data     []byte
	embedded bool
}

// readDir reads the *.toml files of dir, by name. A missing drills
// directory is fine; a missing runbooks directory is not.
func readDir(dir string, required bool) ([]source, Errors) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if !required && errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, Errors{{File: dir, Msg: "cannot read the runbooks directory: " + unwrapPath(err) + "; fix [runbooks] dir or leave it out to use the embedded runbooks"}}
	}
	var out []source
	var errs Errors
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".toml") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(file)
		if err != nil {
			errs = append(errs, &Error{File: file, Msg: "cannot read: " + unwrapPath(err)})
			continue
		}
		out = append(out, source{file: file, data: data})
	}
	return out, errs
}

// unwrapPath drops the path from an *fs.PathError: the Error names it already.
func unwrapPath(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// The files as written. Texts are {en, ja} tables; times are whole minutes.

type text struct {
	En string `toml:"en"`
	Ja string `toml:"ja"`
}

type runbookFile struct {
	Name         string                `toml:"name"`
	Title        text                  `toml:"title"`
	Keywords     []string              `toml:"keywords"`
	Severity     string                `toml:"severity"`
	PersonalData bool                  `toml:"personal_data"`
	Stop         []note                `toml:"stop"`
	Fallback     []note                `toml:"fallback"`
	Contact      []contactFile         `toml:"contact"`
	Phase        map[string]*phaseFile `toml:"phase"`
}

type phaseFile struct {
	Item     []itemFile    `toml:"item"`
	Stop     []note        `toml:"stop"`
	Fallback []note        `toml:"fallback"`
	Contact  []contactFile `toml:"contact"`
}

type itemFile struct {
	Key         string `toml:"key"`
	Text        text   `toml:"text"`
	Owner       string `toml:"owner"`
	Evidence    bool   `toml:"evidence"`
	Step        string `toml:"step"`
	Due         string `toml:"due"`
	DueAfter    string `toml:"due_after"`
	DueUnlawful string `toml:"due_unlawful"`
	When        string `toml:"when"`
}

type note struct {
	Text text `toml:"text"`
}

// contactFile is a contact: a vendor of the registry by its key (vendor =
// "hosting"), or another party by its name (name = { en, ja }); a built-in
// file gives a vendor a name too, shown when the configuration lacks the
// key. vendor = { en, ja } is read as a name, as it was before the registry.
type contactFile struct {
	Vendor any  `toml:"vendor"`
	Name   text `toml:"name"`
	Reach  text `toml:"reach"`
	Ask    text `toml:"ask"`
}

type scenarioFile struct {
	Name          string           `toml:"name"`
	Title         text             `toml:"title"`
	Runbook       string           `toml:"runbook"`
	Severity      string           `toml:"severity"`
	End           *int             `toml:"end"`
	DeadlineScale *float64         `toml:"deadline_scale"`
	Inject        []injectFile     `toml:"inject"`
	Expect        []map[string]any `toml:"expect"` // the scenario's own (expect.go)
	Stalls        *stallsFile      `toml:"stalls"`
}

type injectFile struct {
	At     *int           `toml:"at"`
	Text   text           `toml:"text"`
	Raise  string         `toml:"raise"`
	Expect map[string]any `toml:"expect"` // either form (expect.go)
}

type expectFile struct {
	Kind     string `toml:"kind"`
	Role     string `toml:"role"`
	Phase    string `toml:"phase"`
	Deadline *int   `toml:"deadline"`
}

// checker gathers the problems of one file.
type checker struct {
	file string
	l    *tomlpos.Layout
	errs Errors
	// builtin: an embedded file. Its levels are the default scale's; a team
	// that renamed the levels must not be locked out by files it did not
	// write, so a level its scale lacks is dropped (a runbook suggests none,
	// a drill starts at the scale's default, a raise is left out) instead of
	// being an error, and a Note says what was left out.
	builtin bool
	notes   []Note
	// vendors are the configured vendors a contact may name by key.
	vendors []workflow.Vendor
}

func (c *checker) bad(key, format string, args ...any) {
	at := find(c.l, key)
	c.errs = append(c.errs, &Error{File: c.file, Line: at.Line, Col: at.Col, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// decode reads data strictly into v. ok is false when nothing more can be
// checked (a syntax error, an unknown key, a wrong type).
func (c *checker) decode(data []byte, v any) bool {
	c.l = tomlpos.Scan(data)
	err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(v)
	if err == nil {
		return true
	}
	root := reflect.TypeOf(v).Elem()
	var strict *toml.StrictMissingError
	var de *toml.DecodeError
	switch {
	case errors.As(err, &strict):
		for i := range strict.Errors {
			e := &strict.Errors[i]
			line, col := e.Position()
			path := locate(c.l, e.Key(), tomlpos.Pos{Line: line, Col: col})
			c.errs = append(c.errs, &Error{File: c.file, Line: line, Col: col, Key: path, Msg: unknownKeyMsg(root, strings.Split(tomlpos.StripIndex(path), "."))})
		}
	case errors.As(err, &de):
		line, col := de.Position()
		key := de.Key()
		if len(key) == 0 {
			c.errs = append(c.errs, &Error{File: c.file, Line: line, Col: col, Msg: "TOML syntax: " + strings.TrimPrefix(de.Error(), "toml: ") + "; see runbooks/README.md for the form of each key"})
			break
		}
		path := locate(c.l, key, tomlpos.Pos{Line: line, Col: col})
		c.errs = append(c.errs, &Error{File: c.file, Line: line, Col: col, Key: path, Msg: wrongTypeMsg(root, strings.Split(tomlpos.StripIndex(path), "."), de)})
	default:
		c.errs = append(c.errs, &Error{File: c.file, Line: 1, Col: 1, Msg: err.Error()})
	}
	return false
}

// text checks a text written in both languages and not too long.
func (c *checker) text(key string, t text) workflow.Text {
	en, ja := strings.TrimSpace(t.En), strings.TrimSpace(t.Ja)
	switch {
	case en == "" && ja == "":
		c.bad(key, "missing; write it in both languages: %s = { en = \"…\", ja = \"…\" }", lastName(key))
	case en == "":
		c.bad(key+".en", "the English text is missing; every text is written in both languages (en and ja)")
	case ja == "":
		c.bad(key+".ja", "the Japanese text is missing; every text is written in both languages (en and ja)")
	}
	for _, l := range []struct{ lang, s string }{{"en", en}, {"ja", ja}} {
		if n := utf8.RuneCountInString(l.s); n > MaxText {
			c.bad(key+"."+l.lang, "%d characters, more than %d; keep it short and put detail in a linked document", n, MaxText)
		}
	}
	return workflow.Text{En: en, Ja: ja}
}

func lastName(key string) string {
	key = tomlpos.StripIndex(key)
	if i := strings.LastIndex(key, "."); i >= 0 {
		return key[i+1:]
	}
	return key
}

func (c *checker) name(s, what string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		c.bad("name", "missing; every %s has a name, such as name = \"defacement\"", what)
	case len(s) > MaxName || !nameRE.MatchString(s):
		c.bad("name", "%q is not a name; write lowercase letters, digits and single hyphens, at most %d characters, such as \"web-defacement\"", s, MaxName)
	default:
		return s
	}
	return ""
}

// severity reads a level of scale. A built-in file's level the scale lacks
// is left out with a note of kind dropped.
func (c *checker) severity(key, s string, scale workflow.Scale, dropped NoteKind) (workflow.SeverityKey, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		c.bad(key, "missing; write a level of the configured scale (%s)", strings.Join(scale.Keys(), ", "))
		return "", false
	}
	lv, ok := scale.Lookup(s)
	if !ok && c.builtin {
		at := find(c.l, key)
		c.notes = append(c.notes, Note{Kind: dropped, File: c.file, Line: at.Line, Col: at.Col, Key: key,
			Level: s, Scale: scale.Keys(), Default: scale.Default})
		return "", false
	}
	if !ok {
		c.bad(key, "%q is not a level of the configured scale; write one of %s, or add %q to the aliases of a [[severity]] level (a file in [runbooks] dir replaces a built-in one of the same name)", s, strings.Join(scale.Keys(), ", "), s)
		return "", false
	}
	return lv.Key, true
}

func roleNames() string {
	names := make([]string, len(workflow.Roles))
	for i, r := range workflow.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

func phaseNames() string {
	names := make([]string, len(ChecklistPhases))
	for i, p := range ChecklistPhases {
		names[i] = string(p)
	}
	return strings.Join(names, ", ")
}

// parseRunbook decodes and checks one runbook file. ok says a runbook with
// a usable name came out (perhaps with errors besides), at is where the
// name is written.
func parseRunbook(file string, data []byte, scale workflow.Scale, vendors []workflow.Vendor, builtin bool) (rb Runbook, at tomlpos.Pos, ok bool, errs Errors, notes []Note) {
	c := &checker{file: file, builtin: builtin, vendors: vendors}
	var f runbookFile
	if !c.decode(data, &f) {
		return Runbook{}, tomlpos.Pos{}, false, c.errs, nil
	}
	rb = Runbook{File: file}
	rb.Phases = map[workflow.Phase][]workflow.ChecklistItem{}
	rb.Name = c.name(f.Name, "runbook")
	rb.Title = c.text("title", f.Title)

	if len(f.Keywords) == 0 {
		c.bad("keywords", "missing; list words of incident titles in English and Japanese that call for this runbook, such as keywords = [\"defaced\", \"改ざん\"]")
	}
	if len(f.Keywords) > MaxKeywords {
		c.bad(fmt.Sprintf("keywords[%d]", MaxKeywords), "more than %d keywords; keep the ones people really write in titles", MaxKeywords)
	}
	seen := map[string]bool{}
	var en, ja bool
	for i, k := range f.Keywords {
		k = strings.TrimSpace(k)
		key := fmt.Sprintf("keywords[%d]", i)
		switch {
		case k == "":
			c.bad(key, "an empty keyword; remove it")
			continue
		case seen[strings.ToLower(k)]:
			c.bad(key, "%q is listed twice; remove one", k)
			continue
		}
		seen[strings.ToLower(k)] = true
		en = en || hasLatin(k)
		ja = ja || isJapanese(k)
		rb.Keywords = append(rb.Keywords, k)
	}
	if len(rb.Keywords) > 0 && !en {
		c.bad("keywords", "no English keyword; titles are written in both languages, so add English words too")
	}
	if len(rb.Keywords) > 0 && !ja {
		c.bad("keywords", "no Japanese keyword; titles are written in both languages, so add Japanese words too, such as \"改ざん\"")
	}
	rb.Severity, _ = c.severity("severity", f.Severity, scale, NoteRunbookLevel)
	rb.PersonalData = f.PersonalData
	g := c.guidance("", f.Stop, f.Fallback, f.Contact)
	rb.Stop, rb.Fallback, rb.Contacts = g.Stop, g.Fallback, g.Contacts

	// Unknown phases first, in file order.
	written := make([]string, 0, len(f.Phase))
	for name := range f.Phase {
		written = append(written, name)
	}
	sort.Slice(written, func(i, j int) bool {
		return find(c.l, "phase."+written[i]).AtOrBefore(find(c.l, "phase."+written[j]))
	})
	for _, name := range written {
		if isChecklistPhase(workflow.Phase(name)) {
			continue
		}
		switch p, alias := workflow.ParsePhase(name); {
		case name == string(workflow.PhaseClosed):
			c.bad("phase."+name, "closed has no checklist; the phases with checklists are %s", phaseNames())
		case alias:
			c.bad("phase."+name, "write the phase as [phase.%s]; the phases are %s", p, phaseNames())
		default:
			c.bad("phase."+name, "unknown phase %q; the phases are %s", name, phaseNames())
		}
	}
	keys := map[string]string{} // item key → the item that has it
	for _, p := range ChecklistPhases {
		key := "phase." + string(p)
		pf, written := f.Phase[string(p)]
		if !written {
			c.bad(key, "missing; every runbook has a checklist for each of the six phases (%s): add [[%s.item]] tables", phaseNames(), key)
			continue
		}
		if pf == nil || len(pf.Item) == 0 {
			c.bad(key, "the checklist is empty; add at least one item as [[%s.item]] with key, text and owner", key)
			if pf == nil {
				continue
			}
		}
		if g := c.guidance(key+".", pf.Stop, pf.Fallback, pf.Contact); !g.IsZero() {
			if rb.PhaseGuidance == nil {
				rb.PhaseGuidance = map[workflow.Phase]workflow.Guidance{}
			}
			rb.PhaseGuidance[p] = g
		}
		var items []workflow.ChecklistItem
		if len(pf.Item) > MaxItems {
			c.bad(fmt.Sprintf("%s.item[%d]", key, MaxItems), "%d items, more than %d in one phase; keep the checklist short and put detail in a linked document", len(pf.Item), MaxItems)
		}
		for i, it := range pf.Item {
			ik := fmt.Sprintf("%s.item[%d]", key, i)
			item := workflow.ChecklistItem{Key: c.itemKey(ik, it.Key, keys), Text: c.text(ik+".text", it.Text), Evidence: it.Evidence}
			if strings.TrimSpace(it.Owner) == "" {
				c.bad(ik+".owner", "missing; every item has an owner role: one of %s", roleNames())
			} else if r, ok := workflow.ParseRole(it.Owner); ok {
				item.Owner = r
			} else {
				c.bad(ik+".owner", "unknown role %q; write one of %s", it.Owner, roleNames())
			}
			if s := strings.TrimSpace(it.Step); s != "" {
				switch {
				case !slices.Contains(workflow.FirstHourSteps, workflow.FirstHourStep(s)):
					c.bad(ik+".step", "unknown step %q; the first-hour steps are isolate, impact, evidence and channel", s)
				case p != workflow.PhaseInitial:
					c.bad(ik+".step", "the first-hour steps belong to the initial phase; remove step here or move the item to [[phase.initial.item]]")
				default:
					item.Step = workflow.FirstHourStep(s)
				}
			}
			c.deadline(ik, it, &item)
			items = append(items, item)
		}
		rb.Phases[p] = items
	}
	c.dueAfter(rb, keys)
	return rb, find(c.l, "name"), rb.Name != "", c.errs, c.notes
}

// deadline checks item ik's due, due_unlawful and when (due_after is
// checked once every key is known, by dueAfter) and writes them into item.
func (c *checker) deadline(ik string, it itemFile, item *workflow.ChecklistItem) {
	if s := strings.TrimSpace(it.Due); s != "" || it.Due != "" {
		item.Due = c.duration(ik+".due", s)
	}
	if s := strings.TrimSpace(it.DueUnlawful); s != "" || it.DueUnlawful != "" {
		item.DueUnlawful = c.duration(ik+".due_unlawful", s)
		if strings.TrimSpace(it.Due) == "" {
			c.bad(ik+".due_unlawful", "due_unlawful replaces due when the personal-data flag says unlawful purpose; write due too, such as due = \"720h\"")
		}
	}
	if a := strings.TrimSpace(it.DueAfter); a != "" || it.DueAfter != "" {
		item.DueAfter = a
		if strings.TrimSpace(it.Due) == "" {
			c.bad(ik+".due_after", "due_after needs due, the time allowed once that item is done, such as due = \"24h\"")
		}
	}
	switch w := strings.TrimSpace(it.When); {
	case w == "" && it.When == "":
	case slices.Contains(workflow.ItemConditions, workflow.ItemCondition(w)):
		item.When = workflow.ItemCondition(w)
	default:
		c.bad(ik+".when", "unknown condition %q; write when = \"personal_data\" for an item that applies only when personal data is involved, or leave it out", it.When)
	}
}

// duration reads a deadline: a Go duration ("72h", "90m") or whole days
// ("30d"), above zero. 0 when it is not one (with an error).
func (c *checker) duration(key, s string) time.Duration {
	d, err := parseDue(s)
	if err != nil {
		c.bad(key, "%q is not a duration; write hours or minutes as Go does (\"72h\", \"90m\") or whole days (\"30d\")", s)
		return 0
	}
	if d <= 0 || d > MaxDue {
		c.bad(key, "%s is not a deadline; write a time above zero and at most %d days, such as \"72h\"", s, int(MaxDue/(24*time.Hour)))
		return 0
	}
	return d
}

// MaxDue is the longest deadline a runbook may write: a year.
const MaxDue = 366 * 24 * time.Hour

// parseDue reads "72h", "1h30m" or "30d".
func parseDue(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok && days != "" && strings.Trim(days, "0123456789") == "" {
		n, err := strconv.Atoi(days)
		if err != nil || n > 9999 {
			return 0, fmt.Errorf("%q: too many days", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(s)
}

// dueAfter checks every due_after of rb against the runbook's keys (keys:
// key → the item that has it): it names another item, and following them
// never comes back to where it started.
func (c *checker) dueAfter(rb Runbook, keys map[string]string) {
	after := map[string]string{} // key → the key it counts from
	for _, p := range ChecklistPhases {
		for i, it := range rb.Phases[p] {
			if it.DueAfter == "" {
				continue
			}
			ik := fmt.Sprintf("phase.%s.item[%d]", p, i)
			switch {
			case keys[it.DueAfter] == "":
				known := make([]string, 0, len(keys))
				for k := range keys {
					known = append(known, k)
				}
				sort.Strings(known)
				c.bad(ik+".due_after", "unknown item key %q; write the key of another item of this runbook: %s", it.DueAfter, strings.Join(known, ", "))
			case it.DueAfter == it.Key:
				c.bad(ik+".due_after", "the item counts from itself; write the key of the item whose completion starts its time")
			case it.Key != "":
				after[it.Key] = it.DueAfter
			}
		}
	}
	for _, p := range ChecklistPhases {
		for i, it := range rb.Phases[p] {
			if it.Key == "" || after[it.Key] == "" {
				continue
			}
			seen, path := map[string]bool{it.Key: true}, []string{it.Key}
			for k := after[it.Key]; k != ""; k = after[k] {
				path = append(path, k)
				if seen[k] {
					c.bad(fmt.Sprintf("phase.%s.item[%d].due_after", p, i), "the due_after of %q goes round in a circle (%s); one of them must count from detection (leave its due_after out)", it.Key, strings.Join(path, " → "))
					break
				}
				seen[k] = true
			}
		}
	}
}

func isChecklistPhase(p workflow.Phase) bool {
	for _, x := range ChecklistPhases {
		if p == x {
			return true
		}
	}
	return false
}

// itemKey checks the key of item ik ("phase.initial.item[0]"): written,
// in the form of a name, and not the key of an earlier item of the runbook
// (keys: key → item, filled as items are checked).
func (c *checker) itemKey(ik, k string, keys map[string]string) string {
	k = strings.TrimSpace(k)
	switch {
	case k == "":
		c.bad(ik+".key", "missing; give every item a key of its own in the runbook, a short word in lowercase letters, digits and hyphens, such as key = \"preserve-evidence\"")
	case len(k) > MaxKey || !nameRE.MatchString(k):
		c.bad(ik+".key", "%q is not a key; write lowercase letters, digits and single hyphens, at most %d characters, such as \"preserve-evidence\"", k, MaxKey)
	case keys[k] != "":
		c.bad(ik+".key", "%q is already the key of %s (line %d); give each item of the runbook its own key", k, keys[k], find(c.l, keys[k]+".key").Line)
	default:
		keys[k] = ik
		return k
	}
	return ""
}

// guidance checks stop conditions, fallbacks and contacts under prefix
// ("" for the runbook's own, "phase.contain." for a phase's).
func (c *checker) guidance(prefix string, stop, fallback []note, contacts []contactFile) workflow.Guidance {
	var g workflow.Guidance
	for i, n := range stop {
		g.Stop = append(g.Stop, c.text(fmt.Sprintf("%sstop[%d].text", prefix, i), n.Text))
	}
	for i, n := range fallback {
		g.Fallback = append(g.Fallback, c.text(fmt.Sprintf("%sfallback[%d].text", prefix, i), n.Text))
	}
	for i, ct := range contacts {
		g.Contacts = append(g.Contacts, c.contact(fmt.Sprintf("%scontact[%d]", prefix, i), ct))
	}
	return g
}

// contact checks one contact at k ("contact[1]"): a vendor of the
// configuration by key, or a party by name, with how to reach them (the
// registry says it for a vendor) and what to ask.
func (c *checker) contact(k string, ct contactFile) workflow.Contact {
	var out workflow.Contact
	named := ct.Name != (text{})
	_, keyed := ct.Vendor.(string) // a vendor of the registry says how to reach it
	switch v := ct.Vendor.(type) {
	case nil:
		if !named {
			c.bad(k, "the contact names nobody; write vendor = \"key\" for a vendor of the configuration ([[vendor]]), or name = { en = \"…\", ja = \"…\" } for another party")
		}
	case string:
		key := strings.TrimSpace(v)
		reg, ok := c.vendor(key)
		switch {
		case ok:
			out.VendorKey, out.Vendor = reg.Key, reg.Name
		case c.builtin && named:
			// Written for the example's keys: the configuration has no
			// such vendor, so the contact shows its general name.
			if len(c.vendors) > 0 {
				at := find(c.l, k+".vendor")
				c.notes = append(c.notes, Note{Kind: NoteRunbookVendor, File: c.file, Line: at.Line, Col: at.Col, Key: k + ".vendor",
					Vendor: key, Vendors: vendorKeys(c.vendors)})
			}
		default:
			msg := fmt.Sprintf("unknown vendor %q; the configured vendors are %s", key, strings.Join(vendorKeys(c.vendors), ", "))
			if len(c.vendors) == 0 {
				msg = fmt.Sprintf("unknown vendor %q: the configuration has no [[vendor]] tables; add one with key = %q, or write name = { en = \"…\", ja = \"…\" } instead", key, key)
			}
			if strings.TrimSpace(v) == "" {
				msg = "an empty vendor key; write the key of a [[vendor]] of the configuration"
			}
			c.bad(k+".vendor", "%s", msg)
		}
	case map[string]any:
		// The form before the registry: a name in both languages.
		var t text
		for lang, val := range v {
			s, isString := val.(string)
			switch {
			case lang == "en" && isString:
				t.En = s
			case lang == "ja" && isString:
				t.Ja = s
			default:
				c.bad(k+".vendor."+lang, "write vendor = \"key\" for a vendor of the configuration, or name = { en = \"…\", ja = \"…\" } for another party")
			}
		}
		if named {
			c.bad(k+".vendor", "the contact has a name twice; write name = { en, ja } alone (or vendor = \"key\")")
		}
		ct.Name, named = t, true
	default:
		c.bad(k+".vendor", "wrong type; write vendor = \"key\", the key of a [[vendor]] of the configuration")
	}
	if out.VendorKey == "" && named {
		key := k + ".name"
		if _, isTable := ct.Vendor.(map[string]any); isTable {
			key = k + ".vendor"
		}
		out.Vendor = c.text(key, ct.Name)
	} else if named {
		c.text(k+".name", ct.Name) // a name besides a vendor: checked all the same
	}
	if !keyed || ct.Reach != (text{}) {
		out.Reach = c.text(k+".reach", ct.Reach)
	}
	out.Ask = c.text(k+".ask", ct.Ask)
	return out
}

// vendor finds a configured vendor by key.
func (c *checker) vendor(key string) (workflow.Vendor, bool) {
	for _, v := range c.vendors {
		if v.Key == key {
			return v, true
		}
	}
	return workflow.Vendor{}, false
}

func vendorKeys(vs []workflow.Vendor) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.Key
	}
	return out
}

// parseScenario decodes and checks one scenario file against the runbook
// names in force.
func parseScenario(file string, data []byte, scale workflow.Scale, runbooks []string, builtin bool, refs scenarioRefs) (sc Scenario, at tomlpos.Pos, ok bool, errs Errors, notes []Note) {
	c := &checker{file: file, builtin: builtin}
	var f scenarioFile
	if !c.decode(data, &f) {
		return Scenario{}, tomlpos.Pos{}, false, c.errs, nil
	}
	sc = Scenario{File: file}
	sc.Name = c.name(f.Name, "scenario")
	sc.Title = c.text("title", f.Title)
	switch rb := strings.TrimSpace(f.Runbook); {
	case rb == "":
		c.bad("runbook", "missing; name the runbook the drill rehearses, one of %s", strings.Join(runbooks, ", "))
	case !contains(runbooks, rb):
		c.bad("runbook", "unknown runbook %q; the runbooks are %s", rb, strings.Join(runbooks, ", "))
	default:
		sc.Runbook = rb
	}
	level, levelOK := c.severity("severity", f.Severity, scale, NoteDrillLevel)
	if !levelOK && c.builtin {
		level, levelOK = scale.Default, true
	}
	sc.Severity = level
	levelSince := "the start"

	minutes := func(key string, v int) bool {
		if v < 0 || v > MaxMinutes {
			c.bad(key, "%d is not a time in the drill; write whole minutes from the start, 0 to %d", v, MaxMinutes)
			return false
		}
		return true
	}
	if len(f.Inject) == 0 {
		c.bad("inject", "no injects; add [[inject]] tables with at (minutes from the start) and text")
	}
	if len(f.Inject) > MaxInjects {
		c.bad(fmt.Sprintf("inject[%d]", MaxInjects), "%d injects, more than %d; split the scenario", len(f.Inject), MaxInjects)
	}
	last, lastKey := -1, ""
	var latest time.Duration
	for i, in := range f.Inject {
		k := fmt.Sprintf("inject[%d]", i)
		var inj workflow.Inject
		at := -1
		switch {
		case in.At == nil:
			c.bad(k+".at", "missing; write when the inject is posted, in whole minutes from the start, such as at = 10")
		case !minutes(k+".at", *in.At):
		case *in.At < last:
			c.bad(k+".at", "injects out of order: T+%d comes after T+%d (%s); write the injects in the order of their times", *in.At, last, lastKey)
			at = *in.At
		default:
			at = *in.At
			last, lastKey = at, k
		}
		if at >= 0 {
			inj.At = time.Duration(at) * time.Minute
			latest = max(latest, inj.At)
		}
		inj.Text = c.text(k+".text", in.Text)
		if r := strings.TrimSpace(in.Raise); r != "" {
			if to, ok := c.severity(k+".raise", r, scale, NoteDrillRaise); ok {
				if levelOK && scale.Rank(to) <= scale.Rank(level) {
					c.bad(k+".raise", "%q does not raise the severity: it is %q since %s; raise to a higher level, or remove raise", r, level, levelSince)
				} else {
					inj.Raise = to
					level, levelOK = to, true
					levelSince = fmt.Sprintf("T+%d (%s)", at, k)
				}
			}
		}
		if e := in.Expect; e != nil {
			inj.Expect = c.expectation(k+".expect", e, at, false, sc.Runbook, refs)
			if inj.Expect != nil {
				latest = max(latest, inj.Expect.Deadline)
			}
		}
		sc.Injects = append(sc.Injects, inj)
	}
	if f.DeadlineScale != nil {
		switch v := *f.DeadlineScale; {
		case v <= 0 || v > 1 || v != v:
			c.bad("deadline_scale", "%v is not a scale; write a number above 0 and at most 1 that the runbook's deadlines are multiplied by in the drill, such as 0.01 (72 hours become 43 minutes)", v)
		default:
			sc.DeadlineScale = v
		}
	}
	for i, e := range f.Expect {
		if x := c.expectation(fmt.Sprintf("expect[%d]", i), e, -1, true, sc.Runbook, refs); x != nil {
			sc.Expects = append(sc.Expects, *x)
			latest = max(latest, x.Deadline)
		}
	}
	sc.Stalls = c.stalls(f.Stalls)
	if f.End != nil && minutes("end", *f.End) {
		end := time.Duration(*f.End) * time.Minute
		if end < latest {
			c.bad("end", "the drill ends at T+%d, before its last inject or deadline at T+%d; move end later or leave it out", *f.End, int(latest/time.Minute))
		}
		sc.End = end
	}
	return sc, find(c.l, "name"), sc.Name != "", c.errs, c.notes
}

// expect checks an expectation of the inject at minute at (-1: unknown).
func (c *checker) expect(k string, e *expectFile, at int, minutes func(string, int) bool) *workflow.Expectation {
	x := &workflow.Expectation{Kind: workflow.ExpectKind(strings.TrimSpace(e.Kind))}
	ok := true
	kinds := make([]string, len(workflow.ExpectKinds))
	for i, kd := range workflow.ExpectKinds {
		kinds[i] = string(kd)
	}
	switch {
	case x.Kind == "":
		c.bad(k+".kind", "missing; write one of %s", strings.Join(kinds, ", "))
		ok = false
	case slices.Contains(workflow.ExpectKinds, x.Kind):
	default:
		c.bad(k+".kind", "unknown kind %q; write one of %s", x.Kind, strings.Join(kinds, ", "))
		ok = false
	}
	role, phase := strings.TrimSpace(e.Role), strings.TrimSpace(e.Phase)
	switch {
	case x.Kind == workflow.ExpectRoleAssigned && role == "":
		c.bad(k+".role", "missing; role_assigned names the role to be filled: one of %s", roleNames())
		ok = false
	case x.Kind == workflow.ExpectRoleAssigned:
		if r, found := workflow.ParseRole(role); found {
			x.Role = r
		} else {
			c.bad(k+".role", "unknown role %q; write one of %s", role, roleNames())
			ok = false
		}
	case role != "" && x.Kind != "":
		c.bad(k+".role", "only role_assigned takes a role; remove it")
		ok = false
	}
	switch {
	case x.Kind == workflow.ExpectPhase && phase == "":
		c.bad(k+".phase", "missing; phase_reached names the phase to reach: one of %s", phaseNames())
		ok = false
	case x.Kind == workflow.ExpectPhase:
		if p, found := workflow.ParsePhase(phase); found {
			x.Phase = p
		} else {
			c.bad(k+".phase", "unknown phase %q; write one of %s", phase, phaseNames())
			ok = false
		}
	case phase != "" && x.Kind != "":
		c.bad(k+".phase", "only phase_reached takes a phase; remove it")
		ok = false
	}
	switch {
	case e.Deadline == nil:
		c.bad(k+".deadline", "missing; write by when the expectation should be met, in whole minutes from the start of the drill, such as deadline = 20")
		ok = false
	case !minutes(k+".deadline", *e.Deadline):
		ok = false
	case at >= 0 && *e.Deadline <= at:
		c.bad(k+".deadline", "the deadline T+%d is not after its inject at T+%d; deadlines count from the start of the drill, like at", *e.Deadline, at)
		ok = false
	default:
		x.Deadline = time.Duration(*e.Deadline) * time.Minute
	}
	if !ok {
		return nil
	}
	return x
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unknownKeyMsg says which keys are known where an unknown one was written.
func unknownKeyMsg(root reflect.Type, key []string) string {
	parent, name := key[:len(key)-1], key[len(key)-1]
	t, ok := fieldType(root, parent)
	if !ok || t.Kind() != reflect.Struct {
		return "unknown key; remove it or fix its spelling (runbooks/README.md lists every key)"
	}
	known := tomlpos.StructKeys(t)
	where := "at the top level"
	if len(parent) > 0 {
		where = "in " + strings.Join(parent, ".")
	}
	msg := "unknown key; remove it or fix its spelling"
	if guess := tomlpos.Closest(name, known); guess != "" {
		msg = fmt.Sprintf("unknown key; did you mean %q?", guess)
	}
	return fmt.Sprintf("%s (keys %s: %s)", msg, where, strings.Join(known, ", "))
}

func wrongTypeMsg(root reflect.Type, key []string, de *toml.DecodeError) string {
	what := strings.TrimPrefix(de.Error(), "toml: ")
	t, ok := fieldType(root, key)
	if !ok {
		return "wrong type: " + what
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := key[len(key)-1]
	var want string
	switch {
	case t == reflect.TypeFor[text]():
		want = fmt.Sprintf("a text in both languages, like %s = { en = \"…\", ja = \"…\" }", name)
	case t.Kind() == reflect.String:
		want = fmt.Sprintf("a string in double quotes, like %s = \"…\"", name)
	case t.Kind() == reflect.Bool:
		want = fmt.Sprintf("true or false, like %s = true", name)
	case t.Kind() == reflect.Int:
		want = fmt.Sprintf("a whole number of minutes, like %s = 10", name)
	case t.Kind() == reflect.Float64:
		want = fmt.Sprintf("a number, like %s = 0.01", name)
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		want = fmt.Sprintf("a list of strings, like %s = [\"a\", \"b\"]", name)
	case t.Kind() == reflect.Slice:
		want = fmt.Sprintf("one table per entry, each headed [[%s]]", strings.Join(key, "."))
	default:
		want = "a table"
	}
	return fmt.Sprintf("wrong type (%s); write %s", what, want)
}

// fieldType follows TOML keys through the file types: struct fields by
// tag, one key for a map level, the entry type for a slice.
func fieldType(t reflect.Type, key []string) (reflect.Type, bool) {
	for _, k := range key {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			found := false
			for i := range t.NumField() {
				f := t.Field(i)
				if tag, _, _ := strings.Cut(f.Tag.Get("toml"), ","); tag == k {
					t, found = f.Type, true
					break
				}
			}
			if !found {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct {
		t = t.Elem()
	}
	return t, true
}
