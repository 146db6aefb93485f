package auth

import (
	"errors"
	"fmt"
	"net/netip"
	"testing"
	"time"
)

func TestLimiterKeys(t *testing.T) {
	tests := []struct{ got, want string }{
		{AccountKey(" Ana@Example.ORG "), "ana@example.org"},
		{AddressKey(netip.MustParseAddr("192.0.2.7")), "192.0.2.7"},
		{AddressKey(netip.MustParseAddr("::ffff:192.0.2.7")), "192.0.2.7"},
		{AddressKey(netip.MustParseAddr("2001:db8:1:2:3:4:5:6")), "2001:db8:1:2::/64"},
		{AddressKey(netip.MustParseAddr("2001:db8:1:2:ffff::1")), "2001:db8:1:2::/64"},
		{AddressKey(netip.MustParseAddr("fe80::1%eth0")), "fe80::/64"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got key %q, want %q", tt.got, tt.want)
		}
	}
}

func TestAllowSignIn(t *testing.T) {
	accounts, clock := newTestLimiter(AccountLimit)
	addrCfg := AddressLimit
	addrCfg.Now = clock.now
	addresses := NewLimiter(addrCfg)
	ip := netip.MustParseAddr("198.51.100.4")

	for i := range 5 {
		if err := AllowSignIn(accounts, addresses, "Ana@example.org", ip); err != nil {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	err := AllowSignIn(accounts, addresses, "ana@example.org ", ip)
	var le *LimitError
	if !errors.As(err, &le) || le.RetryAfter != 3*time.Minute || le.Minutes() != 3 {
		t.Fatalf("sixth attempt on one account in other spelling: got %v, want a 3-minute LimitError", err)
	}
	accounts.Reset(AccountKey("ana@example.org")) // signed in at last
	if err := AllowSignIn(accounts, addresses, "ana@example.org", ip); err != nil {
		t.Errorf("after Reset: %v", err)
	}

	// One address trying many accounts runs out of its own budget (50),
	// and then spends no account's budget.
	for i := range 43 {
		if err := AllowSignIn(accounts, addresses, fmt.Sprint("user", i, "@example.org"), ip); err != nil {
			t.Fatalf("account %d: %v", i, err)
		}
	}
	if err := AllowSignIn(accounts, addresses, "bo@example.org", ip); !errors.As(err, &le) {
		t.Fatalf("51st attempt from one address: got %v, want a LimitError", err)
	}
	other := netip.MustParseAddr("203.0.113.9")
	for i := range 5 {
		if err := AllowSignIn(accounts, addresses, "bo@example.org", other); err != nil {
			t.Fatalf("bo from another address, attempt %d: %v (the refused attempt must not count)", i+1, err)
		}
	}
}
