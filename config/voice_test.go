package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"incidentbot/workflow"
)

// [authority] approve_statement takes roles and people, and says what is
// wrong in both languages, with the line; [[severity]] personal_data
// reaches the scale.
func TestApproveStatementAndPersonalData(t *testing.T) {
	c, err := parseWith(t, "[authority]\napprove_statement = [\"role:最終責任者\", \"user:U0LEGAL\"]\n[[severity]]\nkey = \"low\"\n[[severity]]\nkey = \"leak\"\npersonal_data = true\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []workflow.Target{{Kind: workflow.TargetRole, ID: "approver"}, {Kind: workflow.TargetUser, ID: "U0LEGAL"}}
	if got := c.Authority().ApproveStatement; !reflect.DeepEqual(got, want) {
		t.Errorf("approve_statement %+v", got)
	}
	if s := c.Scale(); s.Level("low").PersonalData || !s.Level("leak").PersonalData {
		t.Errorf("personal_data of the levels: %+v", s.Levels)
	}

	_, err = parseWith(t, "[authority]\napprove_statement = [\"role:ceo\", \"channel:C0PR\", \"legal\", \"team:U1\"]\n", nil)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 4 {
		t.Fatalf("got %v, want 4 errors", err)
	}
	for ja, wants := range map[bool][]string{
		false: {`x.toml:2:22: key authority.approve_statement[0]: “role:ceo”: unknown role “ceo”; roles: commander, tech, comms, scribe, approver`,
			`key authority.approve_statement[1]: “channel:C0PR”: approving a statement is for roles and people`,
			`key authority.approve_statement[2]: “legal” is not a target`, `key authority.approve_statement[3]: “team:U1”: unknown kind “team”`},
		true: {`x.toml:2:22: key authority.approve_statement[0]: 「role:ceo」: 「ceo」という役割はありません`,
			`key authority.approve_statement[1]: 「channel:C0PR」: 発信文を承認できるのは役割か個人です`},
	} {
		text := errs.In(ja)
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("the errors (ja %v) lack %q:\n%s", ja, w, text)
			}
		}
	}
	if _, err := parseWith(t, "[[severity]]\nkey = \"low\"\npersonal_data = \"yes\"\n", nil); err == nil || !strings.Contains(err.Error(), "severity[0].personal_data") {
		t.Errorf("personal_data as a string: %v", err)
	}
}
