package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestErrorPages checks the answers where no route serves a request: an
// unknown address is 404 with Caravan's page (JSON under /api/), a known
// address asked with another method is 405 naming the methods it takes in
// Allow and in the page, and a known route still answers normally.
func TestErrorPages(t *testing.T) {
	for _, tt := range []struct {
		method, path string
		status       int
		allow        string
		body         string
	}{
		{"GET", "/no/such/page", http.StatusNotFound, "", "There is no page at this address."},
		{"GET", "/missions/999999/nothing", http.StatusNotFound, "", "There is no page at this address."},
		{"DELETE", "/login", http.StatusMethodNotAllowed, "GET, HEAD, POST", "does not answer DELETE requests; it answers GET, HEAD, POST."},
		{"PUT", "/missions", http.StatusMethodNotAllowed, "POST", "does not answer PUT requests"},
		{"GET", "/api/v1/nothing", http.StatusNotFound, "", `"code":"not_found"`},
		{"POST", "/api/v1/openapi.json", http.StatusMethodNotAllowed, "GET, HEAD", `"code":"invalid"`},
		{"GET", "/login", http.StatusOK, "", "<form"},
	} {
		w := do(t, tt.method, tt.path, nil)
		if w.Code != tt.status {
			t.Errorf("%s %s: got %d, want %d", tt.method, tt.path, w.Code, tt.status)
			continue
		}
		if got := w.Header().Get("Allow"); got != tt.allow {
			t.Errorf("%s %s: got Allow %q, want %q", tt.method, tt.path, got, tt.allow)
		}
		if !strings.Contains(w.Body.String(), tt.body) {
			t.Errorf("%s %s: body lacks %q:\n%s", tt.method, tt.path, tt.body, w.Body.String())
		}
		if strings.HasPrefix(tt.path, "/api/") && w.Code != http.StatusOK && !json.Valid(w.Body.Bytes()) {
			t.Errorf("%s %s: the API error is not JSON: %s", tt.method, tt.path, w.Body.String())
		}
	}
}
