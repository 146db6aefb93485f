// Package sepa validates IBANs and BICs and writes SEPA credit-transfer
// files (ISO 20022 pain.001.001.03) for a bank. It imports nothing of ours.
package sepa

import (
	"errors"
	"fmt"
	"strings"
)

// ibanLengths holds the IBAN length of every country in the SEPA scheme
// (and a few IBAN countries outside it), from the SWIFT IBAN registry.
var ibanLengths = map[string]int{
	"AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
	"DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22,
	"GI": 23, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27,
	"LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22,
	"MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
	"RS": 22, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29,
	"VA": 22, "AL": 28, "BA": 20, "FO": 18, "GL": 18, "XK": 20,
}

// ErrIBAN and ErrBIC are wrapped by every validation failure.
var (
	ErrIBAN = errors.New("invalid IBAN")
	ErrBIC  = errors.New("invalid BIC")
)

// ParseIBAN normalises s (spaces removed, upper case) and checks its
// country, length, characters and mod-97 check digits. It returns the
// electronic form (no spaces).
func ParseIBAN(s string) (string, error) {
	iban := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(iban) < 5 {
		return "", fmt.Errorf("%w: too short", ErrIBAN)
	}
	for i := 0; i < len(iban); i++ {
		c := iban[i]
		switch {
		case i < 2 && (c < 'A' || c > 'Z'):
			return "", fmt.Errorf("%w: country code must be two letters", ErrIBAN)
		case i >= 2 && i < 4 && (c < '0' || c > '9'):
			return "", fmt.Errorf("%w: check digits must be digits", ErrIBAN)
		case (c < '0' || c > '9') && (c < 'A' || c > 'Z'):
			return "", fmt.Errorf("%w: only letters and digits are allowed", ErrIBAN)
		}
	}
	want, ok := ibanLengths[iban[:2]]
	if !ok {
		return "", fmt.Errorf("%w: unknown country %s", ErrIBAN, iban[:2])
	}
	if len(iban) != want {
		return "", fmt.Errorf("%w: %s IBANs have %d characters, not %d", ErrIBAN, iban[:2], want, len(iban))
	}
	if mod97(iban[4:]+iban[:4]) != 1 {
		return "", fmt.Errorf("%w: wrong check digits", ErrIBAN)
	}
	return iban, nil
}

// mod97 computes the ISO 7064 MOD 97-10 remainder of s, letters counting
// as two digits (A = 10 … Z = 35). s holds only digits and upper-case letters.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// ParseBIC normalises s and checks the ISO 9362 form: four letters (bank),
// two letters (a known country), two letters or digits (location),
// optionally three letters or digits (branch).
func ParseBIC(s string) (string, error) {
	bic := strings.ToUpper(strings.TrimSpace(s))
	if len(bic) != 8 && len(bic) != 11 {
		return "", fmt.Errorf("%w: a BIC has 8 or 11 characters", ErrBIC)
	}
	for i := 0; i < len(bic); i++ {
		c := bic[i]
		letter := c >= 'A' && c <= 'Z'
		digit := c >= '0' && c <= '9'
		if i < 6 && !letter {
			return "", fmt.Errorf("%w: the first six characters must be letters", ErrBIC)
		}
		if !letter && !digit {
			return "", fmt.Errorf("%w: only letters and digits are allowed", ErrBIC)
		}
	}
	if _, ok := ibanLengths[bic[4:6]]; !ok && !knownBICCountry[bic[4:6]] {
		return "", fmt.Errorf("%w: unknown country %s", ErrBIC, bic[4:6])
	}
	return bic, nil
}

// knownBICCountry adds countries whose banks appear in SEPA transfers but
// that are not in ibanLengths.
var knownBICCountry = map[string]bool{"US": true, "CA": true, "JP": true, "CN": true, "AU": true}
