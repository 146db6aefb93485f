package mission

import (
	"strings"
	"time"
)

// Check-in methods: how the person was found at the desk.
const (
	CheckinByCode   = "code"   // the QR code scanned, or its code typed
	CheckinBySearch = "search" // the name looked up
)

// Audit actions of check-ins: a new one, and one undone.
const (
	AuditCheckin     = "checkin"
	AuditCheckinUndo = "checkin.undo"
)

// Checkin records that a person was present: at the mission itself (ItemID
// 0, the registration desk) or at one of its programme items or B2B
// sessions.
type Checkin struct {
	ID          int64
	MissionID   int64
	PersonID    int64
	ItemID      int64 // 0: the mission itself
	CheckedInAt time.Time
	ByPersonID  int64 // who checked the person in; 0 when unknown
	Method      string
	// New is set by the store: true when this call recorded the check-in,
	// false when the person had been checked in already (CheckedInAt is
	// then the first time).
	New bool
}

// CheckinTokenLength is the length of a check-in code, without dashes.
const CheckinTokenLength = 16

// checkinAlphabet is Crockford's base32: no I, L, O or U, so a typed code
// is hard to get wrong.
const checkinAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewCheckinToken turns 10 random bytes into a check-in code of
// CheckinTokenLength characters of Crockford's base32 (80 bits).
func NewCheckinToken(random [10]byte) string {
	var b strings.Builder
	var acc, bits uint
	for _, c := range random {
		acc = acc<<8 | uint(c)
		bits += 8
		for bits >= 5 {
			bits -= 5
			b.WriteByte(checkinAlphabet[(acc>>bits)&31])
		}
	}
	return b.String()
}

// NormalizeCheckinToken reads a check-in code as a person types or a
// scanner sends it: a code link's code parameter when it is a link,
// dashes, spaces and case ignored, O read as 0 and I and L as 1. It
// returns "" when the result cannot be a code.
func NormalizeCheckinToken(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "code="); i >= 0 {
		s = s[i+len("code="):]
		if j := strings.IndexAny(s, "&#"); j >= 0 {
			s = s[:j]
		}
	}
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
			continue
		case r == 'O':
			r = '0'
		case r == 'I' || r == 'L':
			r = '1'
		}
		if !strings.ContainsRune(checkinAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() != CheckinTokenLength {
		return ""
	}
	return b.String()
}

// FormatCheckinToken writes a code in groups of four for reading aloud and
// typing: ABCD-EFGH-JKMN-PQRS.
func FormatCheckinToken(token string) string {
	var parts []string
	for len(token) > 4 {
		parts = append(parts, token[:4])
		token = token[4:]
	}
	return strings.Join(append(parts, token), "-")
}
