package workflow

import "strings"

// Role is a responsibility in the response team. One person may hold several.
type Role string

const (
	RoleCommander Role = "commander" // gathers the picture, sets priorities, assigns tasks
	RoleTech      Role = "tech"      // isolation, recovery, root-cause triage
	RoleComms     Role = "comms"     // contact with customers, partners, staff
	RoleScribe    Role = "scribe"    // timeline, rationale, action record
	RoleApprover  Role = "approver"  // final approver (最終責任者): stop decisions, spending
)

// Roles lists every role in display order.
var Roles = []Role{RoleCommander, RoleTech, RoleComms, RoleScribe, RoleApprover}

var roleAliases = map[string]Role{
	"commander": RoleCommander, "ic": RoleCommander, "指揮者": RoleCommander, "指揮": RoleCommander,
	"tech": RoleTech, "技術担当": RoleTech, "技術": RoleTech,
	"comms": RoleComms, "窓口担当": RoleComms, "窓口": RoleComms,
	"scribe": RoleScribe, "記録担当": RoleScribe, "記録": RoleScribe,
	"approver": RoleApprover, "最終責任者": RoleApprover, "責任者": RoleApprover, "承認者": RoleApprover,
}

// ParseRole reads a role name typed by a user (English or Japanese).
func ParseRole(s string) (Role, bool) {
	r, ok := roleAliases[strings.ToLower(strings.TrimSpace(s))]
	return r, ok
}

// Localize names the role in language l.
func (r Role) Localize(l Lang) string { return Render(l, M(MsgKey("role."+string(r)), nil)) }
