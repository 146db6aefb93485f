package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"
)

// Purpose says what a token is for. The store keeps it beside the token's
// hash, and a lookup always names the purpose it expects, so a token made
// for one purpose never works for another.
type Purpose string

// The purposes of tokens.
const (
	PurposeSession       Purpose = "session"        // a signed-in browser's cookie
	PurposeVerifyEmail   Purpose = "verify_email"   // the link that confirms a registration
	PurposeResetPassword Purpose = "reset_password" // the link that sets a new password
	PurposeInvite        Purpose = "invite"         // the link that activates an invited account
	PurposeAPI           Purpose = "api"            // a personal API token, until revoked
)

// TTL returns how long a token of purpose p is valid after it is made:
// sessions 30 days, e-mail verification 48 hours, password reset 1 hour,
// invitations 7 days. API tokens (and unknown purposes) return 0: they do
// not expire and are valid until revoked.
func (p Purpose) TTL() time.Duration {
	switch p {
	case PurposeSession:
		return 30 * 24 * time.Hour
	case PurposeVerifyEmail:
		return 48 * time.Hour
	case PurposeResetPassword:
		return time.Hour
	case PurposeInvite:
		return 7 * 24 * time.Hour
	}
	return 0
}

// SingleUse reports whether a token of purpose p is spent by its first use:
// the e-mailed links are, sessions and API tokens are not.
func (p Purpose) SingleUse() bool {
	return p == PurposeVerifyEmail || p == PurposeResetPassword || p == PurposeInvite
}

// tokenBytes is the entropy of every token: 256 bits.
const tokenBytes = 32

// APITokenPrefix starts every personal API token, so a leaked token is
// recognisable by secret scanners and in logs, and a request can tell an API
// token from a session token without a database lookup.
const APITokenPrefix = "cvn_"

// NewToken returns a new random token of 32 bytes from crypto/rand, encoded
// as unpadded base64url (43 characters, safe in URLs and cookies), and its
// SHA-256 hash. The token goes to the user (cookie, e-mailed link) and is
// never stored; the store keeps only the hash, with the purpose, the account
// and the expiry, and finds the token again by HashToken.
//
// E-mailed links need no signature: the link carries the token, and it is
// valid exactly while the store holds its hash unexpired and unused. The
// store makes a link single-use by consuming it in one statement, so of two
// concurrent uses only one wins:
//
//	UPDATE tokens SET used_at = $now
//	WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $now
//	RETURNING account_id
func NewToken() (token string, hash []byte) {
	b := make([]byte, tokenBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never returns an error (Go 1.24+)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// NewAPIToken returns a new personal API token, APITokenPrefix followed by a
// NewToken, and the SHA-256 hash of the whole token for storage.
func NewAPIToken() (token string, hash []byte) {
	t, _ := NewToken()
	token = APITokenPrefix + t
	return token, HashToken(token)
}

// IsAPIToken reports whether s has the shape of a personal API token: the
// prefix and 43 base64url characters. It says nothing about validity.
func IsAPIToken(s string) bool {
	rest, ok := strings.CutPrefix(s, APITokenPrefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	return err == nil
}

// HashToken returns the SHA-256 hash under which the store keeps token. A
// plain hash is enough because tokens carry 256 random bits, so there is
// nothing to guess; unlike passwords they need no slow, salted hash. Looking
// a token up by its hash also keeps the comparison off the raw secret.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
