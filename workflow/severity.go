package workflow

import (
	"strings"
)

// SeverityKey identifies a configured severity level ("low", "medium", "high").
type SeverityKey string

// Level is one configured severity level.
type Level struct {
	Key      SeverityKey
	Aliases  []string
	Label    Text   // shown to users
	Criteria Text   // when to pick this level, shown in help and the open form
	Policy   Policy // what the level sets in motion
	// PersonalData: reaching the level sets the incident's personal-data
	// flag, unless someone set it already ([[severity]] personal_data).
	PersonalData bool
}

// Localize names the level in language l.
func (lv Level) Localize(l Lang) string {
	if s := lv.Label.in(l); s != "" {
		return s
	}
	return string(lv.Key)
}

// Scale is the ordered list of severity levels, lowest first.
type Scale struct {
	Levels  []Level
	Default SeverityKey // used when open names no level
}

// DefaultScale is low/medium/high with aliases sev3/sev2/sev1 and 低/中/高.
func DefaultScale() Scale {
	return Scale{
		Levels: []Level{
			{Key: "low", Aliases: []string{"sev3", "低"}, Label: Text{En: "Low", Ja: "低"}},
			{Key: "medium", Aliases: []string{"sev2", "中"}, Label: Text{En: "Medium", Ja: "中"}},
			{Key: "high", Aliases: []string{"sev1", "高"}, Label: Text{En: "High", Ja: "高"}},
		},
		Default: "low",
	}
}

// Lookup finds the level whose key or alias is exactly word (ASCII case ignored).
func (s Scale) Lookup(word string) (Level, bool) {
	for _, lv := range s.Levels {
		if strings.EqualFold(string(lv.Key), word) {
			return lv, true
		}
		for _, a := range lv.Aliases {
			if strings.EqualFold(a, word) {
				return lv, true
			}
		}
	}
	return Level{}, false
}

// Level returns the level with key k (or a bare level if the key is unknown,
// which happens only when a configured level was removed).
func (s Scale) Level(k SeverityKey) Level {
	for _, lv := range s.Levels {
		if lv.Key == k {
			return lv
		}
	}
	return Level{Key: k}
}

// Rank is the position of k on the scale, lowest 0; -1 if unknown.
func (s Scale) Rank(k SeverityKey) int {
	for i, lv := range s.Levels {
		if lv.Key == k {
			return i
		}
	}
	return -1
}

// Keys lists the level keys, lowest first, for error messages.
func (s Scale) Keys() []string {
	out := make([]string, len(s.Levels))
	for i, lv := range s.Levels {
		out[i] = string(lv.Key)
	}
	return out
}
