package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// TestDemoAccounts checks that `caravan demo` prints the demo accounts and
// that each signs in with the shared password, and that `caravan serve`
// never creates them.
func TestDemoAccounts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "caravan-demo")
	a := start(t, nil, "demo", "-addr", "127.0.0.1:0", "-data", dir)
	out := a.stdout.String()
	if !strings.Contains(out, `password "caravan-demo"`) {
		t.Errorf("got stdout %q, want the demo password", out)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, acc := range demo.Accounts {
		if !strings.Contains(out, acc.Email) {
			t.Errorf("stdout lacks %s", acc.Email)
		}
		resp, err := client.PostForm(a.base+"/login", url.Values{"email": {acc.Email}, "password": {demo.Password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("sign in as %s: got %d, want 303", acc.Email, resp.StatusCode)
		}
	}
	a.stop(t)

	path := filepath.Join(t.TempDir(), "serve", "caravan.db")
	b := start(t, nil, "serve", "-addr", "127.0.0.1:0", "-db", "sqlite:"+path)
	b.stop(t)
	db, err := store.Open(t.Context(), "sqlite:"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.AccountByEmail(t.Context(), "admin@demo.example"); mission.ErrorCode(err) != mission.ENOTFOUND {
		t.Fatalf("serve: got %v looking up the demo admin, want not found", err)
	}
}

func TestBaseURLFlag(t *testing.T) {
	for _, bad := range []string{"ftp://caravan.example.org", "caravan.example.org", "https://", "https://x.example/?a=b"} {
		cfg := Config{BaseURL: bad}
		if _, err := cfg.WebOptions(); mission.ErrorCode(err) != mission.EINVALID {
			t.Errorf("-base-url %q: got %v, want invalid", bad, err)
		}
	}
	cfg := Config{BaseURL: "https://caravan.example.org", TrustProxy: true}
	opts, err := cfg.WebOptions()
	if err != nil || len(opts) != 2 {
		t.Fatalf("got %d options, %v; want 2", len(opts), err)
	}
}
