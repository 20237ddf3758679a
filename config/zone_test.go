package config

import (
	"testing"

	"incidentbot/workflow"
)

// The zone in force: the timezone key; else Tokyo when the language is
// Japanese (in the file or by --lang); else the system's. check names it
// and says why.
func TestZoneInForce(t *testing.T) {
	t.Setenv("TZ", "UTC") // the system's zone, as on most servers
	tests := []struct {
		name   string
		toml   string
		lang   workflow.Lang // --lang; "" for none
		zone   string
		from   ZoneSource
		noteEn string
		noteJa string
	}{
		{"no file, English", "", "", "UTC", ZoneFromSystem, "UTC (no timezone key; the system's zone)", "UTC（timezone の設定なし。システムのタイムゾーン）"},
		{"Japanese, no timezone", `language = "ja"`, "", "Asia/Tokyo", ZoneFromLanguage,
			"Asia/Tokyo (no timezone key; Japanese means Asia/Tokyo)", "Asia/Tokyo（timezone の設定なし。日本語のため Asia/Tokyo）"},
		{"--lang ja without a config", "", workflow.Japanese, "Asia/Tokyo", ZoneFromLanguage, "", ""},
		{"--lang en over a Japanese config", `language = "ja"`, workflow.English, "UTC", ZoneFromSystem, "", ""},
		{"the timezone key wins over Japanese", "language = \"ja\"\ntimezone = \"Europe/Paris\"", "", "Europe/Paris", ZoneFromTimezone,
			"Europe/Paris (the timezone key)", "Europe/Paris（timezone の設定）"},
		{"the timezone key wins over --lang ja", `timezone = "UTC"`, workflow.Japanese, "UTC", ZoneFromTimezone, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("x.toml", []byte(tc.toml), nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.lang != "" {
				c.UseLang(tc.lang)
			}
			if c.Location.String() != tc.zone || c.ZoneFrom != tc.from {
				t.Errorf("zone %s from %s, want %s from %s", c.Location, c.ZoneFrom, tc.zone, tc.from)
			}
			note := c.ZoneNote()
			if tc.noteEn != "" && (note.En != tc.noteEn || note.Ja != tc.noteJa) {
				t.Errorf("note %+v, want %q / %q", note, tc.noteEn, tc.noteJa)
			}
		})
	}
}
