package demo

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// slug turns a name into a lower-case ASCII word for e-mail domains and
// websites: "Pôle SCS" → "pole-scs".
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// drop accents
		case r == 'ł' || r == 'Ł':
			b.WriteByte('l')
			dash = false
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// emailLocal turns a first or last name into the local part of an address.
func emailLocal(name string) string {
	return strings.ReplaceAll(slug(name), "-", "")
}
