package workflow

import (
	"encoding/hex"
	"fmt"
)

// ID identifies an incident, an event, a queued message or a timer: a UUID,
// as its 16 bytes. The workflow names, compares, prints and reads ids; making
// new ones (UUIDv7, time-ordered) is the store's job (Tx.NewID), so this
// package needs no id library — google/uuid would bring database/sql/driver
// into the domain.
type ID [16]byte

// NilID is the zero ID: no incident.
var NilID ID

// IsZero reports whether id is NilID.
func (id ID) IsZero() bool { return id == NilID }

// String is the canonical form: 8-4-4-4-12 lowercase hex digits.
func (id ID) String() string { return string(id.appendText(nil)) }

// appendText appends the canonical form to b.
func (id ID) appendText(b []byte) []byte {
	var t [36]byte
	hex.Encode(t[0:8], id[0:4])
	t[8] = '-'
	hex.Encode(t[9:13], id[4:6])
	t[13] = '-'
	hex.Encode(t[14:18], id[6:8])
	t[18] = '-'
	hex.Encode(t[19:23], id[8:10])
	t[23] = '-'
	hex.Encode(t[24:], id[10:])
	return append(b, t[:]...)
}

// Localize lets an ID fill a message placeholder.
func (id ID) Localize(Lang) string { return id.String() }

// MarshalText writes the canonical form (JSON snapshots, reports).
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText reads what ParseID reads.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// ParseID reads the canonical form (hex digits in either case).
func ParseID(s string) (ID, error) {
	var id ID
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return NilID, fmt.Errorf("%q is not an id: write it as 8-4-4-4-12 hex digits", s)
	}
	// Each group straight into its bytes: ids are read for every event of
	// a timeline.
	var src [32]byte
	copy(src[0:8], s[0:8])
	copy(src[8:12], s[9:13])
	copy(src[12:16], s[14:18])
	copy(src[16:20], s[19:23])
	copy(src[20:32], s[24:])
	if _, err := hex.Decode(id[:], src[:]); err != nil {
		return NilID, fmt.Errorf("%q is not an id: write it as 8-4-4-4-12 hex digits", s)
	}
	return id, nil
}

// MustParseID is ParseID for constants; it panics on a malformed id.
func MustParseID(s string) ID {
	id, err := ParseID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// IDSource makes new ids (the store's Tx.NewID).
type IDSource func() (ID, error)
