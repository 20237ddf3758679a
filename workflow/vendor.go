package workflow

import (
	"slices"
	"strings"
	"time"
)

// The outside parties a small company's systems depend on (PRACTICE.md,
// "Outside vendors", "Minimum material that makes the first hour work"):
// the vendor registry, the responsibility matrix over the eight items, and
// the asset ledger with its recovery memo. They are configuration
// ([[vendor]], [[responsibility]], [[asset]]): the config package checks
// them and builds a Ledger; the service reads it for who, kit, affects and
// vendor requests, and copies into the timeline what a report needs later.

// Item is one of the eight responsibilities of the matrix.
type Item string

const (
	ItemAvailability Item = "availability" // infrastructure up and running
	ItemPatching     Item = "patching"     // OS and middleware updates
	ItemApplication  Item = "application"  // application bugs and performance
	ItemAccess       Item = "access"       // IDs, permissions, authentication
	ItemBackup       Item = "backup"       // backup and restore
	ItemLogging      Item = "logging"      // logs, monitoring, alerts
	ItemSecurity     Item = "security"     // security settings, vulnerability response
	ItemIncident     Item = "incident"     // incident response
)

// Items lists the eight items in the matrix's order.
var Items = []Item{ItemAvailability, ItemPatching, ItemApplication, ItemAccess, ItemBackup, ItemLogging, ItemSecurity, ItemIncident}

// ParseItem reads an item by its key, or by its name in either language.
func ParseItem(s string) (Item, bool) {
	s = strings.TrimSpace(s)
	for _, it := range Items {
		if asciiEqualFold(s, string(it)) || s == it.Localize(Japanese) || asciiEqualFold(s, it.Localize(English)) {
			return it, true
		}
	}
	return "", false
}

// Localize names the item in language l.
func (i Item) Localize(l Lang) string { return Render(l, M(MsgKey("item."+string(i)), nil)) }

// PartyCompany is the company itself as a party of the matrix.
const PartyCompany = "company"

// Vendor is one outside party: a hosting company, a CMS builder, a form
// service, a cloud provider.
type Vendor struct {
	Key  string // what commands name: /incident vendor request hosting
	Name Text
	// Runs lists the components they operate (keys the company chose).
	Runs []string
	// Channel is a shared (Slack Connect) channel where requests are
	// posted; "": requests are sent by email, by hand.
	Channel string
	// Contacts are the people mentioned with a request (Slack user ids).
	Contacts []string
	// Email and Phone are shown to people, never used by the bot.
	Email, Phone string
	Hours        Text
	// RespondWithin is the agreed time to a first response; 0: none agreed,
	// no clock. ReportWithin is the time to their written incident report.
	RespondWithin, ReportWithin time.Duration
	PersonalData                bool // handles personal data for the company
	Notes                       Text // contract notes: backups, RTO/RPO, log retention, costs, subcontracting
}

// Responsibility is one cell row of the matrix: for one component and one
// item, who owns it (○) and who shares it (△). Anyone else: not covered (-).
type Responsibility struct {
	Component string
	Item      Item
	Owner     []string // vendor keys or PartyCompany
	Shared    []string
}

// Asset is an entry of the asset ledger: a system, what it is made of, and
// the recovery memo of the first hour.
type Asset struct {
	Key        string
	Name       Text
	Components []string
	// AdminAccounts says where the admin accounts live.
	AdminAccounts Text
	// Backup says where backups are and how many generations; Restore how to
	// restore; Verify what to check afterwards.
	Backup, Restore, Verify Text
	RTO, RPO                time.Duration // 0: not set
	PersonalData            bool
}

// Ledger is the company's vendors, responsibility matrix and assets.
type Ledger struct {
	Vendors []Vendor
	Matrix  []Responsibility
	Assets  []Asset
}

// IsZero reports whether nothing is configured.
func (l Ledger) IsZero() bool { return len(l.Vendors) == 0 && len(l.Matrix) == 0 && len(l.Assets) == 0 }

// Vendor finds a vendor by key (ASCII case ignored).
func (l Ledger) Vendor(key string) (Vendor, bool) {
	for _, v := range l.Vendors {
		if asciiEqualFold(v.Key, key) {
			return v, true
		}
	}
	return Vendor{}, false
}

// Asset finds an asset by key (ASCII case ignored).
func (l Ledger) Asset(key string) (Asset, bool) {
	for _, a := range l.Assets {
		if asciiEqualFold(a.Key, key) {
			return a, true
		}
	}
	return Asset{}, false
}

// Components lists every component the ledger names (run by a vendor, part
// of an asset, or in the matrix), in the order first named.
func (l Ledger) Components() []string {
	var out []string
	add := func(c string) {
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, v := range l.Vendors {
		for _, c := range v.Runs {
			add(c)
		}
	}
	for _, a := range l.Assets {
		for _, c := range a.Components {
			add(c)
		}
	}
	for _, r := range l.Matrix {
		add(r.Component)
	}
	return out
}

// Component finds a component by key (ASCII case ignored) and returns it
// as configured.
func (l Ledger) Component(key string) (string, bool) {
	for _, c := range l.Components() {
		if asciiEqualFold(c, key) {
			return c, true
		}
	}
	return "", false
}

// RunBy lists the vendors that run component c.
func (l Ledger) RunBy(c string) []Vendor {
	var out []Vendor
	for _, v := range l.Vendors {
		if slices.Contains(v.Runs, c) {
			out = append(out, v)
		}
	}
	return out
}

// Rows lists component c's matrix rows in the order of Items.
func (l Ledger) Rows(c string) []Responsibility {
	var out []Responsibility
	for _, it := range Items {
		if r, ok := l.Row(c, it); ok {
			out = append(out, r)
		}
	}
	return out
}

// Row is the matrix row of component c and item it.
func (l Ledger) Row(c string, it Item) (Responsibility, bool) {
	for _, r := range l.Matrix {
		if r.Component == c && r.Item == it {
			return r, true
		}
	}
	return Responsibility{}, false
}

// Mark is a party's mark in a row: ○ owner, △ shared, - not covered.
type Mark string

const (
	MarkOwner  Mark = "○"
	MarkShared Mark = "△"
	MarkNone   Mark = "-"
)

// Mark is party's mark for component c and item it.
func (l Ledger) Mark(c string, it Item, party string) Mark {
	r, ok := l.Row(c, it)
	switch {
	case !ok:
		return MarkNone
	case slices.Contains(r.Owner, party):
		return MarkOwner
	case slices.Contains(r.Shared, party):
		return MarkShared
	}
	return MarkNone
}

// Parties lists who appears for component c: the vendors that run it, the
// others its rows name, then the company.
func (l Ledger) Parties(c string) []string {
	var out []string
	add := func(p string) {
		if p != PartyCompany && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	for _, v := range l.RunBy(c) {
		add(v.Key)
	}
	for _, r := range l.Rows(c) {
		for _, p := range append(slices.Clone(r.Owner), r.Shared...) {
			add(p)
		}
	}
	return append(out, PartyCompany)
}

// Gap is a component some vendor runs with items nobody owns: something
// the company should settle in its contracts.
type Gap struct {
	Component string
	RunBy     []string // vendor keys
	Items     []Item   // without an owner, in matrix order
}

// Gaps lists, for every component a vendor runs, the items with no owner.
func (l Ledger) Gaps() []Gap {
	var out []Gap
	for _, c := range l.Components() {
		run := l.RunBy(c)
		if len(run) == 0 {
			continue
		}
		g := Gap{Component: c}
		for _, v := range run {
			g.RunBy = append(g.RunBy, v.Key)
		}
		for _, it := range Items {
			if r, ok := l.Row(c, it); !ok || len(r.Owner) == 0 {
				g.Items = append(g.Items, it)
			}
		}
		if len(g.Items) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Expand turns asset and component keys into the components they stand
// for, each once, in order; unknown keys are left out.
func (l Ledger) Expand(keys []string) []string {
	var out []string
	add := func(c string) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	for _, k := range keys {
		if a, ok := l.Asset(k); ok {
			for _, c := range a.Components {
				add(c)
			}
			continue
		}
		if c, ok := l.Component(k); ok {
			add(c)
		}
	}
	return out
}

// AssetsOf lists the assets keys stand for: assets named, and assets made
// of a component named, each once, in ledger order.
func (l Ledger) AssetsOf(keys []string) []Asset {
	var out []Asset
	for _, a := range l.Assets {
		for _, k := range keys {
			if asciiEqualFold(a.Key, k) || slices.ContainsFunc(a.Components, func(c string) bool { return asciiEqualFold(c, k) }) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// VendorsOf lists the vendors that run any of components, in ledger order.
func (l Ledger) VendorsOf(components []string) []Vendor {
	var out []Vendor
	for _, v := range l.Vendors {
		if slices.ContainsFunc(v.Runs, func(c string) bool { return slices.Contains(components, c) }) {
			out = append(out, v)
		}
	}
	return out
}

// Owners is what the matrix says of one component: who runs it and each
// row, as the timeline keeps it for the report ("who owned the failed
// component").
type Owners struct {
	Component string      `json:"component"`
	RunBy     []string    `json:"run_by,omitempty"`
	Rows      []MatrixRow `json:"rows,omitempty"`
}

// MatrixRow is one row of the matrix as the timeline keeps it.
type MatrixRow struct {
	Item   Item     `json:"item"`
	Owner  []string `json:"owner,omitempty"`
	Shared []string `json:"shared,omitempty"`
}

// OwnersOf is the matrix's word on each of components.
func (l Ledger) OwnersOf(components []string) []Owners {
	out := make([]Owners, 0, len(components))
	for _, c := range components {
		o := Owners{Component: c}
		for _, v := range l.RunBy(c) {
			o.RunBy = append(o.RunBy, v.Key)
		}
		for _, r := range l.Rows(c) {
			o.Rows = append(o.Rows, MatrixRow{Item: r.Item, Owner: slices.Clone(r.Owner), Shared: slices.Clone(r.Shared)})
		}
		out = append(out, o)
	}
	return out
}

// partyName names a party for people: a vendor's name, or the company.
func (l Ledger) partyName(p string) Localizer {
	if p == PartyCompany {
		return M("party.company", nil)
	}
	if v, ok := l.Vendor(p); ok {
		return v.Name
	}
	return Text{En: p}
}
