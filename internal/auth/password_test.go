package auth

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// cheap are small parameters for tests that need many hashes; they also
// stand for "hashed with other parameters than the defaults".
var cheap = Params{Time: 1, Memory: 1024, Threads: 1, SaltLen: 16, KeyLen: 32}

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=65536,t=1,p=2\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashAndCheckPassword(t *testing.T) {
	const pw = "correct horse battery staple"
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(h) {
		t.Errorf("got hash %q, want the PHC form %s", h, phcPattern)
	}
	ok, rehash, err := CheckPassword(h, pw)
	if !ok || rehash || err != nil {
		t.Errorf("right password: got ok=%v rehash=%v err=%v, want true false nil", ok, rehash, err)
	}
	ok, rehash, err = CheckPassword(h, pw+" ")
	if ok || rehash || err != nil {
		t.Errorf("wrong password: got ok=%v rehash=%v err=%v, want false false nil", ok, rehash, err)
	}
}

func TestHashUsesFreshSalt(t *testing.T) {
	a, err := cheap.Hash("same password")
	if err != nil {
		t.Fatal(err)
	}
	b, err := cheap.Hash("same password")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two hashes of one password are equal: %q", a)
	}
}

func TestCheckPasswordNeedsRehash(t *testing.T) {
	h, err := cheap.Hash("an old password hash")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("got %q, want m=1024,t=1,p=1", h)
	}
	ok, rehash, err := CheckPassword(h, "an old password hash")
	if !ok || !rehash || err != nil {
		t.Errorf("got ok=%v rehash=%v err=%v, want true true nil", ok, rehash, err)
	}
	ok, rehash, err = CheckPassword(h, "another password")
	if ok || rehash || err != nil {
		t.Errorf("wrong password: got ok=%v rehash=%v err=%v, want false false nil", ok, rehash, err)
	}
	longer := cheap
	longer.KeyLen = 64
	h, err = longer.Hash("pw with a longer key")
	if err != nil {
		t.Fatal(err)
	}
	if ok, rehash, _ := CheckPassword(h, "pw with a longer key"); !ok || !rehash {
		t.Errorf("64-byte key: got ok=%v rehash=%v, want true true", ok, rehash)
	}
}

func TestCheckPasswordTamperedHash(t *testing.T) {
	const pw = "a password of a victim"
	h, err := cheap.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(h, "$") // "", argon2id, v=19, params, salt, key
	flip := func(s string) string {
		c := byte('A')
		if s[0] == 'A' {
			c = 'B'
		}
		return string(c) + s[1:]
	}
	join := func(params, salt, key string) string {
		return strings.Join([]string{"", "argon2id", "v=19", params, salt, key}, "$")
	}
	tampered := map[string]string{
		"key":    join(parts[3], parts[4], flip(parts[5])),
		"salt":   join(parts[3], flip(parts[4]), parts[5]),
		"memory": join("m=2048,t=1,p=1", parts[4], parts[5]),
		"time":   join("m=1024,t=2,p=1", parts[4], parts[5]),
	}
	for name, h := range tampered {
		ok, _, err := CheckPassword(h, pw)
		if ok || err != nil {
			t.Errorf("tampered %s: got ok=%v err=%v, want false nil", name, ok, err)
		}
	}
	malformed := map[string]string{
		"empty":            "",
		"bcrypt":           "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":          strings.Replace(h, "argon2id", "argon2i", 1),
		"version 16":       strings.Replace(h, "v=19", "v=16", 1),
		"missing key":      strings.Join(parts[:5], "$"),
		"extra part":       h + "$x",
		"no leading $":     h[1:],
		"bad base64 key":   join(parts[3], parts[4], "!!!!"+parts[5][4:]),
		"short key":        join(parts[3], parts[4], parts[5][:10]),
		"short salt":       join(parts[3], "AAAA", parts[5]),
		"leading zero":     join("m=01024,t=1,p=1", parts[4], parts[5]),
		"reordered params": join("t=1,m=1024,p=1", parts[4], parts[5]),
		"extra param":      join("m=1024,t=1,p=1,k=2", parts[4], parts[5]),
		"negative":         join("m=-1024,t=1,p=1", parts[4], parts[5]),
		"zero time":        join("m=1024,t=0,p=1", parts[4], parts[5]),
		"zero threads":     join("m=1024,t=1,p=0", parts[4], parts[5]),
		"huge memory":      join("m=4194304,t=1,p=1", parts[4], parts[5]),
		"huge time":        join("m=1024,t=1000,p=1", parts[4], parts[5]),
		"overflow":         join("m=99999999999,t=1,p=1", parts[4], parts[5]),
	}
	for name, h := range malformed {
		ok, rehash, err := CheckPassword(h, pw)
		if ok || rehash || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("%s: got ok=%v rehash=%v err=%v, want false false ErrMalformedHash", name, ok, rehash, err)
		}
	}
}

func TestHashRejectsInvalidParams(t *testing.T) {
	for _, p := range []Params{
		{},
		{Time: 1, Memory: 1024, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Time: 1, Memory: 1024, Threads: 1, SaltLen: 16, KeyLen: 8},
		{Time: 0, Memory: 1024, Threads: 1, SaltLen: 16, KeyLen: 32},
	} {
		if _, err := p.Hash("whatever password"); err == nil {
			t.Errorf("Hash with %+v: got no error", p)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	tests := []struct {
		pw, email, want string // want is the rule broken, "" for none
	}{
		{"correct horse", "ana@example.org", ""},
		{"123456789", "ana@example.org", "too_short"},
		{"ñandúñandú", "ana@example.org", ""}, // 10 characters, 14 bytes
		{"ñandúñand", "ana@example.org", "too_short"},
		{strings.Repeat("ab", 128), "", ""},
		{strings.Repeat("ab", 128) + "c", "", "too_long"},
		{"aaaaaaaaaaaa", "", "one_character"},
		{"€€€€€€€€€€", "", "one_character"},
		{"aaaaaaaaaaab", "", ""},
		{"Ana.Garcia@Example.org", "ana.garcia@example.org", "is_email"},
		{" ana.garcia@example.org ", "ana.garcia@example.org", "is_email"},
		{"ana.garcia", "ana.garcia@example.org", "is_email"},
		{"ana.garci", "ana.garcia@example.org", "too_short"},
		{"maria.garcia", "Maria.Garcia@example.org", "is_email"},
		{"maria.garcia2", "maria.garcia@example.org", ""},
	}
	for _, tt := range tests {
		err := ValidatePassword(tt.pw, tt.email)
		var got string
		if err != nil {
			var pe *PasswordError
			if !errors.As(err, &pe) {
				t.Fatalf("ValidatePassword(%q): got %T, want *PasswordError", tt.pw, err)
			}
			got = pe.Rule
			if pe.ID() != "password."+pe.Rule || pe.Error() == "" {
				t.Errorf("rule %s: got id %q and message %q", pe.Rule, pe.ID(), pe.Error())
			}
		}
		if got != tt.want {
			t.Errorf("ValidatePassword(%q, %q): got rule %q, want %q", tt.pw, tt.email, got, tt.want)
		}
	}
	err := ValidatePassword("short", "")
	if want := "the password must have at least 10 characters"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

func TestCheckNoAccountNeverPanics(t *testing.T) {
	// CheckNoAccount has no result; what it must do is verify a real
	// default-cost hash. The hash it uses must be well-formed, or the
	// timing it is there to equalise would differ.
	if _, _, _, err := parseHash(dummyHash()); err != nil {
		t.Fatal(err)
	}
	p, _, _, _ := parseHash(dummyHash())
	if p != DefaultParams {
		t.Errorf("dummy hash has params %+v, want %+v", p, DefaultParams)
	}
	CheckNoAccount("anything")
}

// FuzzParseHash holds the PHC parser to one rule: what it accepts, it
// accepts exactly as HashPassword would have written it.
func FuzzParseHash(f *testing.F) {
	h, err := cheap.Hash("seed")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{h, "", "$argon2id$v=19$m=65536,t=1,p=2$$", "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA", "$2a$10$x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, salt, key, err := parseHash(s)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("parseHash(%q): error %v does not wrap ErrMalformedHash", s, err)
			}
			return
		}
		again := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
		if again != s {
			t.Fatalf("parseHash accepted %q, which writes back as %q", s, again)
		}
	})
}
