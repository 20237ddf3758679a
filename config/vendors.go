package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"incidentbot/workflow"
)

// Vendor is one [[vendor]] table: an outside party that runs part of the
// company's systems.
type Vendor struct {
	// Key is the vendor's word in commands (/incident vendor request hosting).
	Key  string `toml:"key"`
	Name Text   `toml:"name"`
	// Runs lists the components they operate: keys of the company's
	// choosing, also used by [[responsibility]] and [[asset]].
	Runs []string `toml:"runs"`
	// Channel is a shared (Slack Connect) channel for requests; empty:
	// requests are shown as text to send by email.
	Channel string `toml:"channel"`
	// Contacts are Slack user ids mentioned with a request.
	Contacts []string `toml:"contacts"`
	// Email and Phone are shown to people, never used by the bot.
	Email string `toml:"email"`
	Phone string `toml:"phone"`
	Hours Text   `toml:"hours"`
	// RespondWithin is the agreed time to a first response; left out: none,
	// and no clock runs.
	RespondWithin Duration `toml:"respond_within"`
	// ReportWithin is the time to the vendor's written incident report;
	// left out: DefaultReportWithin.
	ReportWithin Duration `toml:"report_within"`
	// PersonalData: the vendor handles personal data on the company's behalf.
	PersonalData bool `toml:"personal_data"`
	// Notes are contract notes: backups, RTO/RPO, log retention, emergency
	// costs, subcontracting.
	Notes Text `toml:"notes"`
}

// Responsibility is one [[responsibility]] table: a row of the matrix.
type Responsibility struct {
	Component string   `toml:"component"`
	Item      string   `toml:"item"`
	Owner     []string `toml:"owner"`  // ○: vendor keys or "company"
	Shared    []string `toml:"shared"` // △
}

// Asset is one [[asset]] table: an entry of the asset ledger and its
// recovery memo.
type Asset struct {
	Key           string   `toml:"key"`
	Name          Text     `toml:"name"`
	Components    []string `toml:"components"`
	AdminAccounts Text     `toml:"admin_accounts"`
	// Backup says where backups are and how many generations; Restore how
	// to restore; Verify what to check after a restore.
	Backup       Text     `toml:"backup"`
	Restore      Text     `toml:"restore"`
	Verify       Text     `toml:"verify"`
	RTO          Duration `toml:"rto"`
	RPO          Duration `toml:"rpo"`
	PersonalData bool     `toml:"personal_data"`
}

// DefaultReportWithin is the time to a vendor's written incident report
// when report_within is left out: within a day.
const DefaultReportWithin = 24 * time.Hour

// Ledger is the vendors, the responsibility matrix and the assets as the
// workflow reads them.
func (c *Config) Ledger() workflow.Ledger {
	var l workflow.Ledger
	for _, v := range c.Vendors {
		report := v.ReportWithin.Duration
		if report <= 0 {
			report = DefaultReportWithin
		}
		l.Vendors = append(l.Vendors, workflow.Vendor{
			Key: strings.TrimSpace(v.Key), Name: v.Name.workflow(), Runs: trimmed(v.Runs),
			Channel: strings.TrimSpace(v.Channel), Contacts: trimmed(v.Contacts),
			Email: strings.TrimSpace(v.Email), Phone: strings.TrimSpace(v.Phone), Hours: v.Hours.workflow(),
			RespondWithin: v.RespondWithin.Duration, ReportWithin: report,
			PersonalData: v.PersonalData, Notes: v.Notes.workflow(),
		})
	}
	for _, r := range c.Responsibilities {
		l.Matrix = append(l.Matrix, workflow.Responsibility{Component: strings.TrimSpace(r.Component),
			Item: workflow.Item(strings.TrimSpace(r.Item)), Owner: trimmed(r.Owner), Shared: trimmed(r.Shared)})
	}
	for _, a := range c.Assets {
		l.Assets = append(l.Assets, workflow.Asset{Key: strings.TrimSpace(a.Key), Name: a.Name.workflow(),
			Components: trimmed(a.Components), AdminAccounts: a.AdminAccounts.workflow(),
			Backup: a.Backup.workflow(), Restore: a.Restore.workflow(), Verify: a.Verify.workflow(),
			RTO: a.RTO.Duration, RPO: a.RPO.Duration, PersonalData: a.PersonalData})
	}
	return l
}

// keyRE is the form of vendor, asset and component keys: what people type
// in commands.
var keyRE = regexp.MustCompile(`^[a-z0-9]+([-_][a-z0-9]+)*$`)

// userIDRE is a Slack user id.
var userIDRE = regexp.MustCompile(`^[UW][A-Z0-9]{2,}$`)

// checkVendors validates [[vendor]], [[responsibility]] and [[asset]].
// Every message is written in both languages (say).
func (c *Config) checkVendors(say sayFunc) {
	// One key is one thing: the eight items, "company", every vendor,
	// asset and component, each named once.
	type claim struct{ what, at string }
	claims := map[string]claim{}
	for _, it := range workflow.Items {
		claims[string(it)] = claim{"item", ""}
	}
	claims[workflow.PartyCompany] = claim{"company", ""}
	take := func(at, key, what string) bool {
		if prev, ok := claims[key]; ok && !(prev.what == what && what == "component") {
			say(at, "config.err.key_twice", workflow.Args{"key": key, "what": workflow.M(MsgKey("config.what."+prev.what), nil), "first": aside(prev.at)})
			return false
		}
		if _, ok := claims[key]; !ok {
			claims[key] = claim{what, at}
		}
		return true
	}
	keyOK := func(at, key string, missing MsgKey) bool {
		switch {
		case key == "":
			say(at, missing, nil)
		case !keyRE.MatchString(key):
			say(at, "config.err.key_form", workflow.Args{"key": key})
		default:
			return true
		}
		return false
	}

	vendors := map[string]bool{}
	for i, v := range c.Vendors {
		p := fmt.Sprintf("vendor[%d]", i)
		key := strings.TrimSpace(v.Key)
		if keyOK(p+".key", key, "config.err.vendor_key") && take(p+".key", key, "vendor") {
			vendors[key] = true
		}
		if v.Name.workflow() == (workflow.Text{}) {
			say(p+".name", "config.err.vendor_name", nil)
		}
		if ch := strings.TrimSpace(v.Channel); ch != "" && !channelIDRE.MatchString(ch) {
			say(p+".channel", "config.err.channel", workflow.Args{"value": v.Channel})
		}
		for j, u := range v.Contacts {
			if !userIDRE.MatchString(strings.TrimSpace(u)) {
				say(fmt.Sprintf("%s.contacts[%d]", p, j), "config.err.contact", workflow.Args{"value": u})
			}
		}
		if e := strings.TrimSpace(v.Email); e != "" && (!strings.Contains(e, "@") || strings.ContainsAny(e, " \t<>")) {
			say(p+".email", "config.err.email", workflow.Args{"value": v.Email})
		}
		for _, d := range []struct {
			key string
			d   Duration
		}{{"respond_within", v.RespondWithin}, {"report_within", v.ReportWithin}} {
			if d.d.Duration < 0 {
				say(p+"."+d.key, "config.err.duration_negative", workflow.Args{"value": d.d.Duration.String()})
			}
		}
	}
	for i, a := range c.Assets {
		p := fmt.Sprintf("asset[%d]", i)
		key := strings.TrimSpace(a.Key)
		if keyOK(p+".key", key, "config.err.asset_key") {
			take(p+".key", key, "asset")
		}
		if a.Name.workflow() == (workflow.Text{}) {
			say(p+".name", "config.err.asset_name", nil)
		}
		for _, d := range []struct {
			key string
			d   Duration
		}{{"rto", a.RTO}, {"rpo", a.RPO}} {
			if d.d.Duration < 0 {
				say(p+"."+d.key, "config.err.duration_negative", workflow.Args{"value": d.d.Duration.String()})
			}
		}
	}
	// Components after every vendor and asset key, so that a clash is
	// reported where the component is written.
	for i, v := range c.Vendors {
		for j, r := range v.Runs {
			rp := fmt.Sprintf("vendor[%d].runs[%d]", i, j)
			if r = strings.TrimSpace(r); keyOK(rp, r, "config.err.component_empty") {
				take(rp, r, "component")
			}
		}
	}
	for i, a := range c.Assets {
		for j, comp := range a.Components {
			cp := fmt.Sprintf("asset[%d].components[%d]", i, j)
			if comp = strings.TrimSpace(comp); keyOK(cp, comp, "config.err.component_empty") {
				take(cp, comp, "component")
			}
		}
	}
	// The components: what vendors run and what assets are made of.
	var components []string
	for _, v := range c.Vendors {
		components = append(components, trimmed(v.Runs)...)
	}
	for _, a := range c.Assets {
		components = append(components, trimmed(a.Components)...)
	}
	slices.Sort(components)
	components = slices.Compact(components)
	var vendorKeys []string
	for _, v := range c.Vendors {
		if k := strings.TrimSpace(v.Key); k != "" {
			vendorKeys = append(vendorKeys, k)
		}
	}
	items := make([]string, len(workflow.Items))
	for i, it := range workflow.Items {
		items[i] = string(it)
	}
	rows := map[string]string{} // component/item → the row's path
	for i, r := range c.Responsibilities {
		p := fmt.Sprintf("responsibility[%d]", i)
		comp := strings.TrimSpace(r.Component)
		compOK := false
		switch {
		case comp == "":
			say(p+".component", "config.err.row_component", nil)
		case !slices.Contains(components, comp):
			say(p+".component", "config.err.unknown_component", workflow.Args{"word": r.Component, "known": listOr(components)})
		default:
			compOK = true
		}
		item := strings.TrimSpace(r.Item)
		itemOK := false
		switch {
		case item == "":
			say(p+".item", "config.err.row_item", workflow.Args{"items": strings.Join(items, ", ")})
		case !slices.Contains(items, item):
			say(p+".item", "config.err.unknown_item", workflow.Args{"word": r.Item, "items": strings.Join(items, ", ")})
		default:
			itemOK = true
		}
		if compOK && itemOK {
			k := comp + "/" + item
			if first, dup := rows[k]; dup {
				say(p, "config.err.row_twice", workflow.Args{"component": comp, "item": item, "first": first})
			} else {
				rows[k] = p
			}
		}
		if len(r.Owner)+len(r.Shared) == 0 {
			say(p, "config.err.row_empty", nil)
		}
		seen := map[string]string{}
		for _, list := range []struct {
			name  string
			names []string
		}{{"owner", r.Owner}, {"shared", r.Shared}} {
			for j, party := range list.names {
				pp := fmt.Sprintf("%s.%s[%d]", p, list.name, j)
				party = strings.TrimSpace(party)
				switch {
				case party != workflow.PartyCompany && !vendors[party]:
					say(pp, "config.err.unknown_party", workflow.Args{"word": list.names[j], "vendors": listOr(vendorKeys)})
				case seen[party] != "":
					say(pp, "config.err.party_twice", workflow.Args{"word": party, "first": seen[party]})
				default:
					seen[party] = pp
				}
			}
		}
	}
}

// listOr shows keys in a message; "(none)" when there are none.
func listOr(keys []string) string {
	if len(keys) == 0 {
		return "—"
	}
	return strings.Join(keys, ", ")
}

// NoteMatrixGap: a component some vendor runs has items nobody owns in the
// matrix. It is a gap to settle in the contract, not an error.
const NoteMatrixGap NoteKind = "matrix_gap"

// gapNotes lists the matrix's gaps, one note per component.
func (c *Config) gapNotes() []Note {
	var notes []Note
	for _, g := range c.Ledger().Gaps() {
		items := make([]string, len(g.Items))
		for i, it := range g.Items {
			items[i] = string(it)
		}
		notes = append(notes, Note{Kind: NoteMatrixGap, Key: "responsibility", Component: g.Component,
			Vendors: g.RunBy, Items: items})
	}
	return notes
}

// aside is where something was first written, in parentheses of the
// reader's language: " (vendor[0].key)", "（vendor[0].key）"; nothing for
// what no line declares (the eight items, the company).
type aside string

func (a aside) Localize(l workflow.Lang) string {
	switch {
	case a == "":
		return ""
	case l == workflow.Japanese:
		return "（" + string(a) + "）"
	}
	return " (" + string(a) + ")"
}
