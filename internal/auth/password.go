// Package auth holds the building blocks of Caravan's accounts: password
// hashing with argon2id and the password policy, random tokens stored only as
// hashes (sessions, e-mailed links, personal API tokens), and the rate limiter
// for sign-in attempts.
//
// It keeps no state but the limiter's memory and imports nothing of Caravan's;
// the store persists hashes and tokens, the web layer turns the errors into
// pages.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters of a password hash.
type Params struct {
	Time    uint32 // passes over memory
	Memory  uint32 // KiB
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams are the parameters of new hashes: t=1, m=64 MiB, p=2 (the
// first recommended option of RFC 9106 scaled to two cores, about 130 ms on
// the build machines), a 16-byte salt and a 32-byte key. A stored hash made
// with other parameters still verifies and is reported as needing a rehash.
var DefaultParams = Params{Time: 1, Memory: 64 * 1024, Threads: 2, SaltLen: 16, KeyLen: 32}

// Upper bounds on the parameters CheckPassword accepts from a stored hash, so
// a tampered row cannot make a sign-in allocate gigabytes or spin for minutes.
const (
	maxTime    = 16
	maxMemory  = 1024 * 1024 // 1 GiB in KiB
	maxThreads = 16
	maxSaltLen = 64
	maxKeyLen  = 64
	minSaltLen = 8
	minKeyLen  = 16
)

// ErrMalformedHash is returned (wrapped) by CheckPassword when the stored hash
// is not an argon2id PHC string this package can verify.
var ErrMalformedHash = errors.New("auth: malformed password hash")

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// HashPassword hashes pw with DefaultParams and a fresh random salt and
// returns the PHC string form
// $argon2id$v=19$m=65536,t=1,p=2$<salt>$<hash>, which records everything
// CheckPassword needs. It does not apply the password policy; call
// ValidatePassword first.
func HashPassword(pw string) (string, error) {
	return DefaultParams.Hash(pw)
}

// Hash hashes pw with the parameters p and a fresh random salt, in PHC string
// form.
func (p Params) Hash(pw string) (string, error) {
	if p.Time == 0 || p.Memory < 8*uint32(p.Threads) || p.Threads == 0 || p.SaltLen < minSaltLen || p.KeyLen < minKeyLen {
		return "", fmt.Errorf("auth: invalid argon2id parameters %+v", p)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the PHC string hash, comparing in
// constant time. needsRehash is true when pw matches but hash was made with
// parameters other than DefaultParams: the caller then stores
// HashPassword(pw) in its place. A hash that cannot be parsed, or whose
// parameters are out of bounds, returns an error wrapping ErrMalformedHash;
// a well-formed hash that does not match returns ok false and no error.
func CheckPassword(hash, pw string) (ok bool, needsRehash bool, err error) {
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	if subtle.ConstantTimeCompare(got, key) != 1 {
		return false, false, nil
	}
	return true, p != DefaultParams, nil
}

// dummyHash is verified by CheckNoAccount; it is made on first use, with a
// random password nobody knows.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(rand.Text())
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return h
})

// CheckNoAccount spends the time of a CheckPassword with DefaultParams and
// always fails. A sign-in handler calls it when the e-mail address has no
// account, so response times do not reveal which addresses have one.
func CheckNoAccount(pw string) {
	_, _, _ = CheckPassword(dummyHash(), pw)
}

// parseHash splits a PHC string into its parameters, salt and key.
func parseHash(hash string) (Params, []byte, []byte, error) {
	fail := func(why string) (Params, []byte, []byte, error) {
		return Params{}, nil, nil, fmt.Errorf("%w: %s", ErrMalformedHash, why)
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm is not argon2id")
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return fail("unsupported version")
	}
	var p Params
	var threads uint32
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return fail("bad parameters")
	}
	for i, dst := range []*uint32{&p.Memory, &p.Time, &threads} {
		value, ok := strings.CutPrefix(fields[i], []string{"m=", "t=", "p="}[i])
		v, err := strconv.ParseUint(value, 10, 32)
		if !ok || err != nil || strconv.FormatUint(v, 10) != value {
			return fail("bad parameters")
		}
		*dst = uint32(v)
	}
	if p.Time == 0 || p.Time > maxTime || threads == 0 || threads > maxThreads || p.Memory < 8*threads || p.Memory > maxMemory {
		return fail("parameters out of bounds")
	}
	p.Threads = uint8(threads)
	// The decoder skips line breaks, so compare the re-encoding to accept
	// exactly one spelling of each salt and key.
	salt, err := b64.Strict().DecodeString(parts[4])
	if err != nil || b64.EncodeToString(salt) != parts[4] || len(salt) < minSaltLen || len(salt) > maxSaltLen {
		return fail("bad salt")
	}
	key, err := b64.Strict().DecodeString(parts[5])
	if err != nil || b64.EncodeToString(key) != parts[5] || len(key) < minKeyLen || len(key) > maxKeyLen {
		return fail("bad hash")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// Password policy limits, in characters (Unicode code points).
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// PasswordError says which rule of the password policy a password breaks.
// Rule is one of "too_short", "too_long", "one_character", "is_email"; the
// message catalogue has the user-facing text under ID(), with Count as its
// count parameter where the rule has a number.
type PasswordError struct {
	Rule  string
	Count int
}

// Error returns the English message, for logs and tests.
func (e *PasswordError) Error() string {
	switch e.Rule {
	case "too_short":
		return fmt.Sprintf("the password must have at least %d characters", e.Count)
	case "too_long":
		return fmt.Sprintf("the password may have at most %d characters", e.Count)
	case "one_character":
		return "the password must not be one character repeated"
	case "is_email":
		return "the password must not be your e-mail address"
	}
	return "the password is not allowed"
}

// ID returns the message catalogue id of the rule, such as
// "password.too_short".
func (e *PasswordError) ID() string { return "password." + e.Rule }

// ValidatePassword applies the password policy: from MinPasswordLen to
// MaxPasswordLen characters, not one character repeated, and neither the
// account's e-mail address nor its local part (compared without regard to
// case or surrounding space). It returns nil or a *PasswordError. The policy
// is deliberately short (NIST SP 800-63B): length counts, composition rules
// do not.
func ValidatePassword(pw, email string) error {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLen:
		return &PasswordError{Rule: "too_short", Count: MinPasswordLen}
	case n > MaxPasswordLen:
		return &PasswordError{Rule: "too_long", Count: MaxPasswordLen}
	}
	first, _ := utf8.DecodeRuneInString(pw)
	if strings.Trim(pw, string(first)) == "" {
		return &PasswordError{Rule: "one_character"}
	}
	email = strings.TrimSpace(email)
	candidate := strings.TrimSpace(pw)
	if email != "" {
		local, _, _ := strings.Cut(email, "@")
		if strings.EqualFold(candidate, email) || (local != "" && strings.EqualFold(candidate, local)) {
			return &PasswordError{Rule: "is_email"}
		}
	}
	return nil
}
