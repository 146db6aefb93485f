package auth

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestNewToken(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		tok, hash := NewToken()
		if len(tok) != 43 {
			t.Fatalf("token %q has %d characters, want 43", tok, len(tok))
		}
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token %q: decoded %d bytes, err %v; want 32 random bytes", tok, len(raw), err)
		}
		want := sha256.Sum256([]byte(tok))
		if !bytes.Equal(hash, want[:]) {
			t.Fatalf("hash of %q is not its SHA-256", tok)
		}
		if !bytes.Equal(HashToken(tok), hash) {
			t.Fatalf("HashToken(%q) differs from the hash NewToken returned", tok)
		}
		if seen[tok] {
			t.Fatalf("token %q repeated", tok)
		}
		seen[tok] = true
	}
	if bytes.Equal(HashToken("a"), HashToken("b")) {
		t.Error("different tokens hash alike")
	}
}

func TestAPIToken(t *testing.T) {
	tok, hash := NewAPIToken()
	if !strings.HasPrefix(tok, "cvn_") || len(tok) != 4+43 {
		t.Errorf("got %q, want cvn_ and 43 characters", tok)
	}
	if !bytes.Equal(hash, HashToken(tok)) {
		t.Error("API token hash is not HashToken of the whole token")
	}
	other, _ := NewAPIToken()
	if other == tok {
		t.Error("two API tokens are equal")
	}
	plain, _ := NewToken()
	tests := []struct {
		s    string
		want bool
	}{
		{tok, true},
		{plain, false},
		{"cvn_", false},
		{"cvn_" + plain[:42], false},
		{"cvn_" + plain + "A", false},
		{"cvn_" + strings.Repeat("+", 43), false},
		{"CVN_" + plain, false},
		{"cvn_" + plain, true},
	}
	for _, tt := range tests {
		if got := IsAPIToken(tt.s); got != tt.want {
			t.Errorf("IsAPIToken(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestPurposes(t *testing.T) {
	tests := []struct {
		p          Purpose
		ttl        time.Duration
		singleUse  bool
		storedName string
	}{
		{PurposeSession, 30 * 24 * time.Hour, false, "session"},
		{PurposeVerifyEmail, 48 * time.Hour, true, "verify_email"},
		{PurposeResetPassword, time.Hour, true, "reset_password"},
		{PurposeInvite, 7 * 24 * time.Hour, true, "invite"},
		{PurposeAPI, 0, false, "api"},
	}
	for _, tt := range tests {
		if tt.p.TTL() != tt.ttl || tt.p.SingleUse() != tt.singleUse || string(tt.p) != tt.storedName {
			t.Errorf("%s: got TTL %s single-use %v, want %s %v", tt.p, tt.p.TTL(), tt.p.SingleUse(), tt.ttl, tt.singleUse)
		}
	}
}
