package config

import (
	"errors"
	"strings"
	"testing"

	"incidentbot/internal/jatext"
	"incidentbot/tomlpos"
	"incidentbot/workflow"
)

// badConfigs is a bad configuration for each problem `check` reports
// (and `serve` refuses), with a piece of the English message it must give.
var badConfigs = []struct {
	name, toml string
	env        map[string]string
	en         string // a substring of one English message
}{
	// The top-level keys and [slack], [http], [storage], [drills].
	{"language", "language = \"fr\"\n", nil, `"fr" is not a language incidentbot speaks`},
	{"time zone", "timezone = \"Mars/Olympus\"\n", nil, `"Mars/Olympus" is not a time zone name`},
	{"Local is no zone", "timezone = \"Local\"\n", nil, `"Local" is not a time zone name`},
	{"mode", "[slack]\nmode = \"sockt\"\n", nil, `"sockt" is not a mode`},
	{"api url", "[slack]\napi_url = \"ftp://example.com/api\"\n", nil, `is not a Web API base URL`},
	{"empty team id", "[slack]\nallowed_team_ids = [\"T1\", \" \"]\n", nil, `entry 2 is empty`},
	{"reaction", "[slack]\npin_reaction = \":pushpin:\"\n", nil, `is not a reaction name`},
	{"listen", "[http]\nlisten = \"8080\"\n", nil, `"8080" is not an address`},
	{"database path", "[storage]\npath = \" \"\n", nil, `the database file is empty`},
	{"database dsn", "[storage]\ndsn = \"mysql://bot:hunter2@db/x\"\n", nil, `"mysql://bot:xxxxx@db/x" is not a PostgreSQL database`},
	{"DATABASE_URL", "", map[string]string{EnvDatabaseURL: "db.example.com"}, `DATABASE_URL is set to "db.example.com", which is not a PostgreSQL database`},
	{"sandbox channel", "[drills]\nsandbox_channels = [\"#drills\"]\n", nil, `"#drills" is not a channel id`},
	{"drill rhythm", "[drills]\nevery = \"fortnight\"\n", nil, `is not how often a drill is due`},
	{"contact window", "[drills]\ncontact_window = \"48h\"\n", nil, `is not a window for a contact check`},
	{"outbox lease", "[storage]\noutbox_lease = \"10ms\"\n", nil, `is not a lease for outbox messages`},

	// Decoding: unknown keys, wrong types, syntax.
	{"unknown top-level key", "storge = 1\n", nil, `unknown key; did you mean "storage"? (keys at the top level:`},
	{"unknown key in a table", "[http]\nport = 8080\n", nil, `unknown key; remove it or fix its spelling (keys in [http]: listen)`},
	{"unknown key in [[severity]]", "[[severity]]\nkey = \"a\"\nack_whitin = \"5m\"\n", nil, `(keys in [[severity]]:`},
	{"unknown key in an inline table", "[[severity]]\nkey = \"a\"\nlabel = { en = \"A\", fr = \"B\" }\n", nil, `(keys in severity.label: en, ja)`},
	{"unknown key under an unknown table", "[slack.extra]\nvalue = 1\n", nil, `unknown key`},
	{"syntax", "[slack\nmode = \"socket\"\n", nil, `TOML syntax: `},
	{"string", "[slack]\nmode = 3\n", nil, `wrong type (found a TOML integer); write a string in double quotes, like mode = "…"`},
	{"list of strings", "[slack]\nallowed_team_ids = \"T1\"\n", nil, `write a list of strings, like allowed_team_ids = ["a", "b"]`},
	{"list of lists", "[[oncall]]\nrole = \"tech\"\nrotation = [\"U1\"]\n", nil, `write a list of lists of strings`},
	{"tables", "severity = 3\n", nil, `write one table per entry, each written [[severity]]`},
	{"a table", "slack = 3\n", nil, `write a table, written [slack] on a line of its own`},
	{"a text per language", "[[severity]]\nkey = \"a\"\ncriteria = 3\n", nil, `write a text per language, like criteria = { en = "…", ja = "…" }`},
	{"true or false", "[escalation]\nassign_commander = \"yes\"\n", nil, `write true or false, like assign_commander = true`},
	{"a whole number", "[paging.webhook]\nretries = \"5\"\n", nil, `write a whole number, like retries = 3`},
	{"a duration of another kind", "[escalation]\nunassigned_reminder = [1]\n", nil, `write a duration in double quotes, like unassigned_reminder = "5m"`},
	{"a duration that does not parse", "[escalation]\nunassigned_reminder = \"ten minutes\"\n", nil, `"ten minutes" is not a duration; write it as Go does`},
	{"a number for a duration", "[escalation]\nunassigned_reminder = 10\n", nil, `wrong type (found 10); write a duration in double quotes`},

	// [escalation], [[severity]], [[oncall]], [paging], [authority].
	{"negative reminder", "[escalation]\nunassigned_reminder = \"-1m\"\n", nil, `-1m0s is negative; write a duration such as "10m"`},
	{"assign_commander without a chain", "[escalation]\nassign_commander = true\n", nil, `assign_commander = true needs a commander chain`},
	{"not a target", "[authority]\nclose = [\"boss\"]\n", nil, `"boss" is not a target; write role:commander`},
	{"unknown role in a target", "[authority]\nclose = [\"role:boss\"]\n", nil, `"role:boss": unknown role "boss"`},
	{"an id with spaces", "[authority]\nclose = [\"user:U 1\"]\n", nil, `"user:U 1": an id has no spaces`},
	{"unknown kind of target", "[authority]\nclose = [\"team:T1\"]\n", nil, `"team:T1": unknown kind "team"`},
	{"authority of a group", "[authority]\nredact = [\"group:S1\"]\n", nil, `authority is held by roles and people`},
	{"statement approver of a channel", "[authority]\napprove_statement = [\"channel:C1\"]\n", nil, `approving a statement is for roles and people`},
	{"a word twice in one level", "[[severity]]\nkey = \"low\"\naliases = [\"LOW\"]\n", nil, `"LOW" is written twice for level "low"`},
	{"the key of another level", "[[severity]]\nkey = \"low\"\n[[severity]]\nkey = \"high\"\naliases = [\"low\"]\n", nil, `"low" is already the key of level "low"`},
	{"an alias of another level", "[[severity]]\nkey = \"low\"\naliases = [\"minor\"]\n[[severity]]\nkey = \"high\"\naliases = [\"minor\"]\n", nil, `"minor" is already an alias of level "low"`},
	{"a level without a key", "[[severity]]\nkey = \"\"\n", nil, `the level has no key`},
	{"a key of two words", "[[severity]]\nkey = \"very high\"\n", nil, `"very high" is not one word; a key is letters`},
	{"an alias of two words", "[[severity]]\nkey = \"high\"\naliases = [\"sev 1\"]\n", nil, `"sev 1" is not one word; an alias is letters`},
	{"a bad notify target", "[[severity]]\nkey = \"high\"\nnotify = [\"user:\"]\n", nil, `"user:" is not a target`},
	{"negative ack_within", "[[severity]]\nkey = \"high\"\nack_within = \"-5m\"\n", nil, `-5m0s is negative; write a duration such as "5m", or "0s" to chase nobody`},
	{"negative status_every", "[[severity]]\nkey = \"high\"\nstatus_every = \"-5m\"\n", nil, `or "0s" for no status reminders`},
	{"negative repeat", "[[severity]]\nkey = \"high\"\nrepeat = -1\n", nil, `-1 is negative; write how many more rounds`},
	{"repeat without ack_within", "[[severity]]\nkey = \"high\"\nrepeat = 2\n", nil, `repeat = 2 has no effect without ack_within`},
	{"may_stop of another form", "[[severity]]\nkey = \"high\"\nmay_stop = [3]\n", nil, `write a name, such as "admin screen"`},
	{"an empty may_stop", "[[severity]]\nkey = \"high\"\nmay_stop = [\" \"]\n", nil, `the entry is empty; name what may be stopped`},
	{"may_stop twice", "[[severity]]\nkey = \"high\"\nmay_stop = [\"admin screen\", \"Admin Screen\"]\n", nil, `"Admin Screen" is listed twice (also severity[0].may_stop[0])`},
	{"a chain without a role", "[[oncall]]\nchain = [\"U1\"]\n", nil, `the chain names no role`},
	{"a chain of an unknown role", "[[oncall]]\nrole = \"boss\"\nchain = [\"U1\"]\n", nil, `"boss" is not a role; roles:`},
	{"two chains of one role", "[[oncall]]\nrole = \"tech\"\nchain = [\"U1\"]\n[[oncall]]\nrole = \"tech\"\nchain = [\"U2\"]\n", nil, `role "tech" already has a chain (oncall[0])`},
	{"chain and rotation", "[[oncall]]\nrole = \"tech\"\nchain = [\"U1\"]\nrotation = [[\"U1\"]]\n", nil, `write chain or rotation, not both`},
	{"a chain of nobody", "[[oncall]]\nrole = \"tech\"\nchain = []\n", nil, `the chain has no people`},
	{"a chain of four", "[[oncall]]\nrole = \"tech\"\nchain = [\"U1\", \"U2\", \"U3\", \"U4\"]\n", nil, `the chain lists 4 people; it has at most 3 links`},
	{"an empty link", "[[oncall]]\nrole = \"tech\"\nchain = [\"U1\", \"\"]\n", nil, `the entry is empty; write a person id`},
	{"a prefixed link", "[[oncall]]\nrole = \"tech\"\nchain = [\"user:U1\"]\n", nil, `"user:U1" is not a person id`},
	{"a person twice", "[[oncall]]\nrole = \"tech\"\nchain = [\"U1\", \"U1\"]\n", nil, `"U1" is already link 1 of this chain`},
	{"pagerduty url", "[paging.pagerduty]\nurl = \"events\"\n", nil, `"events" is not an http(s) URL; leave the key out for`},
	{"webhook url", "[paging.webhook]\nurl = \"hooks\"\nsecret = \"s\"\n", nil, `"hooks" is not an http(s) URL; write one such as`},
	{"webhook without a secret", "[paging.webhook]\nurl = \"https://example.com/hook\"\n", nil, `the webhook has a url but no secret`},
	{"a webhook secret without a url", "[paging.webhook]\nsecret = \"s\"\n", nil, `the webhook secret is written but it has no url`},
	{"a webhook secret from the environment", "", map[string]string{EnvWebhookSecret: "s"}, `the webhook INCIDENTBOT_WEBHOOK_SECRET is set but it has no url`},
	{"webhook timeout", "[paging.webhook]\ntimeout = \"0s\"\n", nil, `0s is not a timeout`},
	{"webhook retries", "[paging.webhook]\nretries = -1\n", nil, `-1 is negative; write how many more attempts`},

	// [[vendor]], [[responsibility]], [[asset]], [authority] approve_statement.
	{"vendor key missing", "[[vendor]]\nname = { en = \"H\" }\n", nil, `the vendor has no key`},
	{"vendor key form", "[[vendor]]\nkey = \"Hosting Co\"\nname = { en = \"H\" }\n", nil, `“Hosting Co” is not a key`},
	{"vendor name", "[[vendor]]\nkey = \"hosting\"\n", nil, `the vendor has no name`},
	{"vendor channel", "[[vendor]]\nkey = \"hosting\"\nname = { en = \"H\" }\nchannel = \"#hosting\"\n", nil, `“#hosting” is not a channel id`},
	{"vendor contact", "[[vendor]]\nkey = \"hosting\"\nname = { en = \"H\" }\ncontacts = [\"@bob\"]\n", nil, `“@bob” is not a Slack user id`},
	{"vendor email", "[[vendor]]\nkey = \"hosting\"\nname = { en = \"H\" }\nemail = \"support\"\n", nil, `“support” is not an email address`},
	{"vendor negative time", "[[vendor]]\nkey = \"hosting\"\nname = { en = \"H\" }\nrespond_within = \"-1h\"\n", nil, `-1h0m0s is negative`},
	{"a key twice", "[[vendor]]\nkey = \"hosting\"\nname = { en = \"H\" }\n[[asset]]\nkey = \"hosting\"\nname = { en = \"H\" }\n", nil, `“hosting” is already a vendor (vendor[0].key)`},
	{"asset key missing", "[[asset]]\nname = { en = \"Site\" }\n", nil, `the asset has no key`},
	{"asset name", "[[asset]]\nkey = \"site\"\n", nil, `the asset has no name`},
	{"empty component", "[[asset]]\nkey = \"site\"\nname = { en = \"Site\" }\ncomponents = [\"\"]\n", nil, `the entry is empty; name a component`},
	{"row without a component", "[[responsibility]]\nitem = \"backup\"\nowner = [\"company\"]\n", nil, `the row names no component`},
	{"row of an unknown component", "[[responsibility]]\ncomponent = \"dns\"\nitem = \"backup\"\nowner = [\"company\"]\n", nil, `“dns” is not a component`},
	{"row without an item", "[[asset]]\nkey = \"site\"\nname = { en = \"Site\" }\ncomponents = [\"web\"]\n[[responsibility]]\ncomponent = \"web\"\nowner = [\"company\"]\n", nil, `the row names no item`},
	{"row of an unknown item", "[[asset]]\nkey = \"site\"\nname = { en = \"Site\" }\ncomponents = [\"web\"]\n[[responsibility]]\ncomponent = \"web\"\nitem = \"billing\"\nowner = [\"company\"]\n", nil, `“billing” is not one of the eight items`},
	{"a row twice", "[[asset]]\nkey = \"site\"\nname = { en = \"Site\" }\ncomponents = [\"web\"]\n[[responsibility]]\ncomponent = \"web\"\nitem = \"backup\"\nowner = [\"company\"]\n[[responsibility]]\ncomponent = \"web\"\nitem = \"backup\"\nowner = [\"company\"]\n", nil, `web × backup already has a row`},
	{"a row of nobody", "[[asset]]\nkey = \"site\"\nname = { en = \"Site\" }\ncomponents = [\"web\"]\n[[responsibility]]\ncomponent = \"web\"\nitem = \"backup\"\n", nil, `the row names nobody`},
	{"an unknown party", "[[asset]]\nkey = \"site\"\nname = { en = \"Site\" }\ncomponents = [\"web\"]\n[[responsibility]]\ncomponent = \"web\"\nitem = \"backup\"\nowner = [\"hostng\"]\n", nil, `“hostng” is neither a vendor key nor "company"`},
	{"a party twice", "[[asset]]\nkey = \"site\"\nname = { en = \"Site\" }\ncomponents = [\"web\"]\n[[responsibility]]\ncomponent = \"web\"\nitem = \"backup\"\nowner = [\"company\"]\nshared = [\"company\"]\n", nil, `“company” is already in this row`},
	{"statement approver not a target", "[authority]\napprove_statement = [\"boss\"]\n", nil, `“boss” is not a target; write role:approver or user:U0123`},
	{"statement approver of an unknown role", "[authority]\napprove_statement = [\"role:boss\"]\n", nil, `“role:boss”: unknown role “boss”`},
	{"statement approver with spaces", "[authority]\napprove_statement = [\"user:U 1\"]\n", nil, `“user:U 1”: an id has no spaces`},
	{"statement approver of an unknown kind", "[authority]\napprove_statement = [\"team:T1\"]\n", nil, `“team:T1”: unknown kind “team”`},
	{"a vendor named as an item", "[[vendor]]\nkey = \"backup\"\nname = { en = \"B\" }\n", nil, `“backup” is already one of the eight items of the responsibility matrix; one key names one thing`},
	{"a vendor named company", "[[vendor]]\nkey = \"company\"\nname = { en = \"C\" }\n", nil, `“company” is already the company itself in the responsibility matrix; one key`},
	{"an asset twice", "[[asset]]\nkey = \"site\"\nname = { en = \"S\" }\n[[asset]]\nkey = \"site\"\nname = { en = \"S\" }\n", nil, `“site” is already an asset (asset[0].key)`},
}

// unreachable are the catalog's error texts no configuration can bring
// about, each with the reason; their Japanese is still checked as text.
var unreachable = map[workflow.MsgKey]string{
	"config.what.component":           "components are claimed after every vendor and asset key, and two claims of one component are no clash",
	"config.err.unknown_key_anywhere": "go-toml reports an unknown table itself, never a key under it",
	"config.err.wrong_type_detail":    "go-toml names only keys of the Config type, whose types fieldType knows",
	"config.want.other":               "Config has no field of another type",
	"config.err.as_is":                "go-toml returns its decode errors, and durations' errors carry the value",
}

// parseBad parses a bad configuration of the table.
func parseBad(t *testing.T, src string, env map[string]string) Errors {
	t.Helper()
	_, err := parseWith(t, src, env)
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want Errors, got %v", err)
	}
	return errs
}

// Every problem a configuration can have is reported in Japanese too: each
// bad configuration gives its English message (as before) and, for each
// problem, a Japanese text with no English sentence left in it (keys,
// values and go-toml's own words as detail aside). Every error text of the
// catalog is brought about by some case, but the unreachable ones.
func TestErrorsInJapanese(t *testing.T) {
	var english []string
	for _, tc := range badConfigs {
		errs := parseBad(t, tc.toml, tc.env)
		found := false
		for _, e := range errs {
			english = append(english, e.Msg)
			found = found || strings.Contains(e.Msg, tc.en)
			if p := jatext.Problem(e.Ja); p != "" || e.Ja == e.Msg {
				t.Errorf("%s: %s: the Japanese of %q: %s\n  %s", tc.name, e.Key, e.Msg, p, e.Ja)
			}
		}
		if !found {
			t.Errorf("%s: no message has %q:\n%v", tc.name, tc.en, errs)
		}
	}
	_, err := LoadEnv(t.TempDir()+"/none.toml", nil)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 || !strings.HasPrefix(errs[0].Msg, "read config: open ") || jatext.Problem(errs[0].Ja) != "" {
		t.Errorf("a file that cannot be read: %#v", err)
	} else {
		english = append(english, errs[0].Msg)
	}

	for key, text := range messages {
		if strings.HasPrefix(string(key), "config.note.") {
			continue
		}
		if s := jatext.EnglishLeft(text.Ja); s != "" {
			t.Errorf("%s: English left in the Japanese: %s\n  %s", key, s, text.Ja)
		}
		if _, ok := unreachable[key]; ok {
			continue
		}
		re := tomlpos.Template(text.En)
		used := false
		for _, m := range english {
			if re.MatchString(m) {
				used = true
				break
			}
		}
		if !used {
			t.Errorf("%s: no case of badConfigs brings it about (add one, or say in unreachable why none can):\n  %s", key, text.En)
		}
	}
}
