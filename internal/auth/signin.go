package auth

import (
	"net/netip"
	"strings"
)

// AccountKey returns the limiter key for the e-mail address typed at sign-in:
// trimmed and lower-cased, so "Ana@Example.org " and "ana@example.org" share
// one budget.
func AccountKey(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// AddressKey returns the limiter key for a client IP address: an IPv4
// address as it is, an IPv6 address by its /64 prefix, since one host
// usually holds a whole /64 and could otherwise take a fresh budget per
// address. IPv4-mapped IPv6 addresses count as IPv4.
func AddressKey(ip netip.Addr) string {
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		prefix, err := ip.Prefix(64)
		if err == nil {
			return prefix.String()
		}
	}
	return ip.String()
}

// AllowSignIn takes one sign-in attempt from the budgets of the client
// address ip (in addresses) and of the account email (in accounts), the
// address first, so an address over its budget cannot spend an account's.
// It returns nil, or a *LimitError with the longer wait when either budget
// is spent. After a successful sign-in the caller calls
// accounts.Reset(AccountKey(email)).
func AllowSignIn(accounts, addresses *Limiter, email string, ip netip.Addr) error {
	if ok, wait := addresses.Allow(AddressKey(ip)); !ok {
		return &LimitError{RetryAfter: wait}
	}
	if ok, wait := accounts.Allow(AccountKey(email)); !ok {
		return &LimitError{RetryAfter: wait}
	}
	return nil
}
