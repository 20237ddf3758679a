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
				e := problem(embeddedPrefix+n, tomlpos.Pos{}, "", "runbooks.err.read", workflow.Args{"detail": err.Error()})
				e.Err = err
				errs = append(errs, e)
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

	books := registry[Runbook]{kind: "runbooks.what.runbook", where: "[runbooks] dir"}
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
	drills := registry[Scenario]{kind: "runbooks.what.scenario", where: "[runbooks] dir/" + DrillsDir}
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
	kind    workflow.MsgKey   // "runbooks.what.runbook": for messages
	where   string            // "[runbooks] dir"
	items   map[string]T      // by name
	at      map[string]string // name → file:line
	fromDir map[string]bool   // name → read from the directory
}

func (r *registry[T]) add(name string, item T, src source, at tomlpos.Pos) Errors {
	if r.items == nil {
		r.items, r.at, r.fromDir = map[string]T{}, map[string]string{}, map[string]bool{}
	}
	if _, seen := r.items[name]; seen && r.fromDir[name] == !src.embedded {
		return Errors{problem(src.file, at, "name", "runbooks.err.defined_twice", workflow.Args{
			"kind": workflow.M(r.kind, nil), "name": quoted(name), "at": r.at[name], "where": r.where})}
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
		e := problem(dir, tomlpos.Pos{}, "", "runbooks.err.read_dir", workflow.Args{"detail": unwrapPath(err)})
		e.Err = err
		return nil, Errors{e}
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
			e := problem(file, tomlpos.Pos{}, "", "runbooks.err.read", workflow.Args{"detail": unwrapPath(err)})
			e.Err = err
			errs = append(errs, e)
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
			c.problem(path, line, col, unknownKey(root, strings.Split(tomlpos.StripIndex(path), ".")))
		}
	case errors.As(err, &de):
		line, col := de.Position()
		key := de.Key()
		if len(key) == 0 {
			c.problem("", line, col, workflow.M("runbooks.err.syntax", workflow.Args{"detail": strings.TrimPrefix(de.Error(), "toml: ")}))
			break
		}
		path := locate(c.l, key, tomlpos.Pos{Line: line, Col: col})
		c.problem(path, line, col, wrongType(root, strings.Split(tomlpos.StripIndex(path), "."), de))
	default:
		c.problem("", 1, 1, workflow.M("runbooks.err.as_is", workflow.Args{"detail": err.Error()}))
	}
	return false
}

// problem records a decode error at line:col.
func (c *checker) problem(key string, line, col int, m workflow.Msg) {
	c.errs = append(c.errs, problem(c.file, tomlpos.Pos{Line: line, Col: col}, key, m.Key, m.Args))
}

// text checks a text written in both languages and not too long.
func (c *checker) text(key string, t text) workflow.Text {
	en, ja := strings.TrimSpace(t.En), strings.TrimSpace(t.Ja)
	switch {
	case en == "" && ja == "":
		c.say(key, "runbooks.err.text_missing", workflow.Args{"name": lastName(key)})
	case en == "":
		c.say(key+".en", "runbooks.err.text_en", nil)
	case ja == "":
		c.say(key+".ja", "runbooks.err.text_ja", nil)
	}
	for _, l := range []struct{ lang, s string }{{"en", en}, {"ja", ja}} {
		if n := utf8.RuneCountInString(l.s); n > MaxText {
			c.say(key+"."+l.lang, "runbooks.err.text_long", workflow.Args{"count": n, "max": MaxText})
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

func (c *checker) name(s string, what workflow.MsgKey) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		c.say("name", "runbooks.err.name_missing", workflow.Args{"what": workflow.M(what, nil)})
	case len(s) > MaxName || !nameRE.MatchString(s):
		c.say("name", "runbooks.err.name_form", workflow.Args{"value": quoted(s), "max": MaxName})
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
		c.say(key, "runbooks.err.severity_missing", workflow.Args{"levels": strings.Join(scale.Keys(), ", ")})
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
		c.say(key, "runbooks.err.severity_unknown", workflow.Args{"value": quoted(s), "levels": strings.Join(scale.Keys(), ", ")})
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
	rb.Name = c.name(f.Name, "runbooks.what.runbook")
	rb.Title = c.text("title", f.Title)

	if len(f.Keywords) == 0 {
		c.say("keywords", "runbooks.err.keywords_missing", nil)
	}
	if len(f.Keywords) > MaxKeywords {
		c.say(fmt.Sprintf("keywords[%d]", MaxKeywords), "runbooks.err.keywords_many", workflow.Args{"max": MaxKeywords})
	}
	seen := map[string]bool{}
	var en, ja bool
	for i, k := range f.Keywords {
		k = strings.TrimSpace(k)
		key := fmt.Sprintf("keywords[%d]", i)
		switch {
		case k == "":
			c.say(key, "runbooks.err.keyword_empty", nil)
			continue
		case seen[strings.ToLower(k)]:
			c.say(key, "runbooks.err.keyword_twice", workflow.Args{"value": quoted(k)})
			continue
		}
		seen[strings.ToLower(k)] = true
		en = en || hasLatin(k)
		ja = ja || isJapanese(k)
		rb.Keywords = append(rb.Keywords, k)
	}
	if len(rb.Keywords) > 0 && !en {
		c.say("keywords", "runbooks.err.keywords_en", nil)
	}
	if len(rb.Keywords) > 0 && !ja {
		c.say("keywords", "runbooks.err.keywords_ja", nil)
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
			c.say("phase."+name, "runbooks.err.phase_closed", workflow.Args{"phases": phaseNames()})
		case alias:
			c.say("phase."+name, "runbooks.err.phase_alias", workflow.Args{"phase": string(p), "phases": phaseNames()})
		default:
			c.say("phase."+name, "runbooks.err.phase_unknown", workflow.Args{"value": quoted(name), "phases": phaseNames()})
		}
	}
	keys := map[string]string{} // item key → the item that has it
	for _, p := range ChecklistPhases {
		key := "phase." + string(p)
		pf, written := f.Phase[string(p)]
		if !written {
			c.say(key, "runbooks.err.phase_missing", workflow.Args{"phases": phaseNames(), "key": key})
			continue
		}
		if pf == nil || len(pf.Item) == 0 {
			c.say(key, "runbooks.err.phase_empty", workflow.Args{"key": key})
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
			c.say(fmt.Sprintf("%s.item[%d]", key, MaxItems), "runbooks.err.items_many", workflow.Args{"count": len(pf.Item), "max": MaxItems})
		}
		for i, it := range pf.Item {
			ik := fmt.Sprintf("%s.item[%d]", key, i)
			item := workflow.ChecklistItem{Key: c.itemKey(ik, it.Key, keys), Text: c.text(ik+".text", it.Text), Evidence: it.Evidence}
			if strings.TrimSpace(it.Owner) == "" {
				c.say(ik+".owner", "runbooks.err.owner_missing", workflow.Args{"roles": roleNames()})
			} else if r, ok := workflow.ParseRole(it.Owner); ok {
				item.Owner = r
			} else {
				c.say(ik+".owner", "runbooks.err.role_unknown", workflow.Args{"value": quoted(it.Owner), "roles": roleNames()})
			}
			if s := strings.TrimSpace(it.Step); s != "" {
				switch {
				case !slices.Contains(workflow.FirstHourSteps, workflow.FirstHourStep(s)):
					c.say(ik+".step", "runbooks.err.step_unknown", workflow.Args{"value": quoted(s)})
				case p != workflow.PhaseInitial:
					c.say(ik+".step", "runbooks.err.step_phase", nil)
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
			c.say(ik+".due_unlawful", "runbooks.err.due_unlawful_alone", nil)
		}
	}
	if a := strings.TrimSpace(it.DueAfter); a != "" || it.DueAfter != "" {
		item.DueAfter = a
		if strings.TrimSpace(it.Due) == "" {
			c.say(ik+".due_after", "runbooks.err.due_after_alone", nil)
		}
	}
	switch w := strings.TrimSpace(it.When); {
	case w == "" && it.When == "":
	case slices.Contains(workflow.ItemConditions, workflow.ItemCondition(w)):
		item.When = workflow.ItemCondition(w)
	default:
		c.say(ik+".when", "runbooks.err.when_unknown", workflow.Args{"value": quoted(it.When)})
	}
}

// duration reads a deadline: a Go duration ("72h", "90m") or whole days
// ("30d"), above zero. 0 when it is not one (with an error).
func (c *checker) duration(key, s string) time.Duration {
	d, err := parseDue(s)
	if err != nil {
		c.say(key, "runbooks.err.duration", workflow.Args{"value": quoted(s)})
		return 0
	}
	if d <= 0 || d > MaxDue {
		c.say(key, "runbooks.err.due_range", workflow.Args{"value": s, "days": int(MaxDue / (24 * time.Hour))})
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
				c.say(ik+".due_after", "runbooks.err.due_after_unknown", workflow.Args{"value": quoted(it.DueAfter), "keys": strings.Join(known, ", ")})
			case it.DueAfter == it.Key:
				c.say(ik+".due_after", "runbooks.err.due_after_self", nil)
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
					c.say(fmt.Sprintf("phase.%s.item[%d].due_after", p, i), "runbooks.err.due_after_circle", workflow.Args{"value": quoted(it.Key), "path": strings.Join(path, " → ")})
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
		c.say(ik+".key", "runbooks.err.item_key_missing", nil)
	case len(k) > MaxKey || !nameRE.MatchString(k):
		c.say(ik+".key", "runbooks.err.item_key_form", workflow.Args{"value": quoted(k), "max": MaxKey})
	case keys[k] != "":
		c.say(ik+".key", "runbooks.err.item_key_twice", workflow.Args{"value": quoted(k), "item": keys[k], "line": find(c.l, keys[k]+".key").Line})
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
			c.say(k, "runbooks.err.contact_nobody", nil)
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
			switch {
			case strings.TrimSpace(v) == "":
				c.say(k+".vendor", "runbooks.err.vendor_empty", nil)
			case len(c.vendors) == 0:
				c.say(k+".vendor", "runbooks.err.vendor_none", workflow.Args{"value": quoted(key), "key": strconv.Quote(key)})
			default:
				c.say(k+".vendor", "runbooks.err.vendor_unknown", workflow.Args{"value": quoted(key), "vendors": strings.Join(vendorKeys(c.vendors), ", ")})
			}
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
				c.say(k+".vendor."+lang, "runbooks.err.vendor_lang", nil)
			}
		}
		if named {
			c.say(k+".vendor", "runbooks.err.contact_named_twice", nil)
		}
		ct.Name, named = t, true
	default:
		c.say(k+".vendor", "runbooks.err.vendor_type", nil)
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
	sc.Name = c.name(f.Name, "runbooks.what.scenario")
	sc.Title = c.text("title", f.Title)
	switch rb := strings.TrimSpace(f.Runbook); {
	case rb == "":
		c.say("runbook", "runbooks.err.runbook_missing", workflow.Args{"runbooks": strings.Join(runbooks, ", ")})
	case !contains(runbooks, rb):
		c.say("runbook", "runbooks.err.runbook_unknown", workflow.Args{"value": quoted(rb), "runbooks": strings.Join(runbooks, ", ")})
	default:
		sc.Runbook = rb
	}
	level, levelOK := c.severity("severity", f.Severity, scale, NoteDrillLevel)
	if !levelOK && c.builtin {
		level, levelOK = scale.Default, true
	}
	sc.Severity = level
	var levelSince workflow.Localizer = workflow.M("runbooks.since.start", nil)

	minutes := func(key string, v int) bool {
		if v < 0 || v > MaxMinutes {
			c.say(key, "runbooks.err.minutes", workflow.Args{"value": v, "max": MaxMinutes})
			return false
		}
		return true
	}
	if len(f.Inject) == 0 {
		c.say("inject", "runbooks.err.injects_none", nil)
	}
	if len(f.Inject) > MaxInjects {
		c.say(fmt.Sprintf("inject[%d]", MaxInjects), "runbooks.err.injects_many", workflow.Args{"count": len(f.Inject), "max": MaxInjects})
	}
	last, lastKey := -1, ""
	var latest time.Duration
	for i, in := range f.Inject {
		k := fmt.Sprintf("inject[%d]", i)
		var inj workflow.Inject
		at := -1
		switch {
		case in.At == nil:
			c.say(k+".at", "runbooks.err.at_missing", nil)
		case !minutes(k+".at", *in.At):
		case *in.At < last:
			c.say(k+".at", "runbooks.err.at_order", workflow.Args{"at": *in.At, "last": last, "key": lastKey})
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
					c.say(k+".raise", "runbooks.err.raise_lower", workflow.Args{"value": quoted(r), "level": quoted(string(level)), "since": levelSince})
				} else {
					inj.Raise = to
					level, levelOK = to, true
					levelSince = workflow.M("runbooks.since.raise", workflow.Args{"at": at, "key": k})
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
			c.say("deadline_scale", "runbooks.err.deadline_scale", workflow.Args{"value": fmt.Sprint(v)})
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
			c.say("end", "runbooks.err.end_early", workflow.Args{"end": *f.End, "latest": int(latest / time.Minute)})
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
		c.say(k+".kind", "runbooks.err.kind_missing", workflow.Args{"kinds": strings.Join(kinds, ", ")})
		ok = false
	case slices.Contains(workflow.ExpectKinds, x.Kind):
	default:
		c.say(k+".kind", "runbooks.err.kind_unknown", workflow.Args{"value": quoted(string(x.Kind)), "kinds": strings.Join(kinds, ", ")})
		ok = false
	}
	role, phase := strings.TrimSpace(e.Role), strings.TrimSpace(e.Phase)
	switch {
	case x.Kind == workflow.ExpectRoleAssigned && role == "":
		c.say(k+".role", "runbooks.err.expect_role_missing", workflow.Args{"roles": roleNames()})
		ok = false
	case x.Kind == workflow.ExpectRoleAssigned:
		if r, found := workflow.ParseRole(role); found {
			x.Role = r
		} else {
			c.say(k+".role", "runbooks.err.role_unknown", workflow.Args{"value": quoted(role), "roles": roleNames()})
			ok = false
		}
	case role != "" && x.Kind != "":
		c.say(k+".role", "runbooks.err.expect_role_extra", nil)
		ok = false
	}
	switch {
	case x.Kind == workflow.ExpectPhase && phase == "":
		c.say(k+".phase", "runbooks.err.expect_phase_missing", workflow.Args{"phases": phaseNames()})
		ok = false
	case x.Kind == workflow.ExpectPhase:
		if p, found := workflow.ParsePhase(phase); found {
			x.Phase = p
		} else {
			c.say(k+".phase", "runbooks.err.expect_phase_unknown", workflow.Args{"value": quoted(phase), "phases": phaseNames()})
			ok = false
		}
	case phase != "" && x.Kind != "":
		c.say(k+".phase", "runbooks.err.expect_phase_extra", nil)
		ok = false
	}
	switch {
	case e.Deadline == nil:
		c.say(k+".deadline", "runbooks.err.deadline_missing", nil)
		ok = false
	case !minutes(k+".deadline", *e.Deadline):
		ok = false
	case at >= 0 && *e.Deadline <= at:
		c.say(k+".deadline", "runbooks.err.deadline_early", workflow.Args{"n": *e.Deadline, "at": at})
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

// unknownKey says which keys are known where an unknown one was written.
func unknownKey(root reflect.Type, key []string) workflow.Msg {
	parent, name := key[:len(key)-1], key[len(key)-1]
	t, ok := fieldType(root, parent)
	if !ok || t.Kind() != reflect.Struct {
		return workflow.M("runbooks.err.unknown_key_anywhere", nil)
	}
	known := tomlpos.StructKeys(t)
	where := workflow.M("runbooks.where.top", nil)
	if len(parent) > 0 {
		where = workflow.M("runbooks.where.path", workflow.Args{"path": strings.Join(parent, ".")})
	}
	args := workflow.Args{"where": where, "keys": strings.Join(known, ", ")}
	if guess := tomlpos.Closest(name, known); guess != "" {
		args["guess"] = quoted(guess)
		return workflow.M("runbooks.err.unknown_key_guess", args)
	}
	return workflow.M("runbooks.err.unknown_key", args)
}

// wrongType says what a key of the wrong type takes, and how to write it.
// English passes go-toml's words on; Japanese says what was found.
func wrongType(root reflect.Type, key []string, de *toml.DecodeError) workflow.Msg {
	what := strings.TrimPrefix(de.Error(), "toml: ")
	t, ok := fieldType(root, key)
	if !ok {
		return workflow.M("runbooks.err.wrong_type_detail", workflow.Args{"detail": what})
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := key[len(key)-1]
	want := func(m workflow.MsgKey) workflow.Msg { return workflow.M(m, workflow.Args{"name": name}) }
	var w workflow.Msg
	switch {
	case t == reflect.TypeFor[text]():
		w = want("runbooks.want.text")
	case t.Kind() == reflect.String:
		w = want("runbooks.want.string")
	case t.Kind() == reflect.Bool:
		w = want("runbooks.want.bool")
	case t.Kind() == reflect.Int:
		w = want("runbooks.want.minutes")
	case t.Kind() == reflect.Float64:
		w = want("runbooks.want.number")
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		w = want("runbooks.want.strings")
	case t.Kind() == reflect.Slice:
		w = workflow.M("runbooks.want.tables", workflow.Args{"path": strings.Join(key, ".")})
	default:
		w = workflow.M("runbooks.want.table", nil)
	}
	found := workflow.Text{En: what, Ja: tomlpos.Found(what).Localize(workflow.Japanese)}
	return workflow.M("runbooks.err.wrong_type", workflow.Args{"found": found, "want": w})
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
