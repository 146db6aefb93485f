package country

import "testing"

func TestNames(t *testing.T) {
	tests := []struct{ code, want string }{
		{"ES", "Spain"}, {"LT", "Lithuania"}, {"XK", "Kosovo"}, {"ZZ", "ZZ"},
	}
	for _, tt := range tests {
		if got := Name(tt.code); got != tt.want {
			t.Errorf("Name(%s): got %q, want %q", tt.code, got, tt.want)
		}
	}
	if !Known("DE") || Known("ZZ") || Known("de") {
		t.Error("Known: want true for DE only")
	}
	n, official := 0, 0
	Each(func(code, name, off string) {
		n++
		if off != "" {
			official++
		}
		if len(code) != 2 || name == "" {
			t.Errorf("Each: got %q %q", code, name)
		}
	})
	if n < 249 || official == 0 {
		t.Errorf("Each: got %d codes (%d with official names), want all of ISO 3166-1", n, official)
	}
}
