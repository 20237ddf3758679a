package slackbot

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"incidentbot/workflow"
)

var validChannelName = regexp.MustCompile(`^[a-z0-9_-]+$`)

func checkChannelName(t *testing.T, name string) {
	t.Helper()
	if len(name) > ChannelNameLimit || !validChannelName.MatchString(name) ||
		strings.HasSuffix(name, "-") || strings.Contains(name, "--") {
		t.Errorf("invalid channel name %q (%d characters)", name, len(name))
	}
}

func TestChannelName(t *testing.T) {
	long := "Customer portal login page defaced and admin credentials possibly leaked through the staging environment"
	tests := []struct {
		number int
		drill  bool
		title  string
		want   string
	}{
		{3, false, "Website defaced!", "inc-3-website-defaced"},
		{3, false, "  Website   DEFACED -- again?? ", "inc-3-website-defaced-again"},
		{2, true, "Ransomware tabletop", "drill-2-ransomware-tabletop"},
		{7, false, "ウェブサイト改ざん", "inc-7"},
		{7, true, "訓練：情報漏えい", "drill-7"},
		{8, false, "DB障害 on prod_1", "inc-8-db-on-prod-1"},
		{9, false, "ＤＢ障害（本番）", "inc-9-db"},
		{10, false, "Café crash", "inc-10-caf-crash"},
		{11, false, "", "inc-11"},
		{12, false, long, "inc-12-customer-portal-login-page-defaced-and-admin-credentials-possibly-leaked"},
		{13, false, strings.Repeat("a", 200), "inc-13-" + strings.Repeat("a", 80-len("inc-13-"))},
		{14, false, "x " + strings.Repeat("b", 200), "inc-14-x"},
	}
	for _, tc := range tests {
		got := ChannelName(tc.number, tc.drill, tc.title)
		if got != tc.want {
			t.Errorf("ChannelName(%d, %v, %q) = %q, want %q", tc.number, tc.drill, tc.title, got, tc.want)
		}
		checkChannelName(t, got)
	}
}

func TestChannelNameFitsAtEveryLength(t *testing.T) {
	words := "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau"
	for n := 0; n <= len(words); n++ {
		for _, number := range []int{1, 123456} {
			title := words[:n]
			name := ChannelName(number, n%2 == 0, title)
			checkChannelName(t, name)
			// cut at a word boundary: every word kept is a whole word of the title
			for _, w := range strings.Split(name, "-")[2:] {
				if !strings.Contains(" "+title+" ", " "+w+" ") {
					t.Errorf("ChannelName cut a word: %q in %q", w, name)
				}
			}
		}
	}
}

func TestWithSuffix(t *testing.T) {
	if got := WithSuffix("inc-3-website-defaced", 2); got != "inc-3-website-defaced-2" {
		t.Errorf("got %q", got)
	}
	if got := WithSuffix("inc-3-website-defaced", 1); got != "inc-3-website-defaced" {
		t.Errorf("attempt 1: got %q", got)
	}
	if got := WithSuffix("inc-7", 3); got != "inc-7-3" {
		t.Errorf("got %q", got)
	}
	long := ChannelName(12, false, "Customer portal login page defaced and admin credentials possibly leaked through the staging environment")
	for _, attempt := range []int{2, 10, 100, 12345} {
		got := WithSuffix(long, attempt)
		checkChannelName(t, got)
		if !strings.HasPrefix(got, "inc-12-customer-") || !strings.HasSuffix(got, "-"+strconv.Itoa(attempt)) {
			t.Errorf("WithSuffix(%q, %d) = %q", long, attempt, got)
		}
	}
	one := ChannelName(5, true, strings.Repeat("z", 100))
	got := WithSuffix(one, 2)
	checkChannelName(t, got)
	if !strings.HasPrefix(got, "drill-5-zzz") || !strings.HasSuffix(got, "z-2") {
		t.Errorf("single long word: %q", got)
	}
}

func TestTopic(t *testing.T) {
	inc := sampleIncident(t, false)
	if got, want := Topic(inc, workflow.DefaultScale(), workflow.English), "High · investigate · commander @sato"; got != want {
		t.Errorf("Topic en = %q, want %q", got, want)
	}
	if got, want := Topic(inc, workflow.DefaultScale(), workflow.Japanese), "高 · 調査 · 指揮者 @sato"; got != want {
		t.Errorf("Topic ja = %q, want %q", got, want)
	}
	inc.Drill = true
	inc.Roles = nil
	if got, want := Topic(inc, workflow.DefaultScale(), workflow.English), "[DRILL] High · investigate · commander unassigned"; got != want {
		t.Errorf("Topic drill = %q, want %q", got, want)
	}
	inc.Roles = map[workflow.Role]workflow.Person{workflow.RoleCommander: {ID: "U1", Name: strings.Repeat("名", 400)}}
	got := Topic(inc, workflow.DefaultScale(), workflow.Japanese)
	if textLen(got) > TopicLimit || !strings.HasSuffix(got, "…") {
		t.Errorf("long topic: %d characters", textLen(got))
	}
}
