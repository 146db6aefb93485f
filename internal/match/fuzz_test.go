package match

import (
	"strings"
	"testing"
)

func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Fabricación aditiva de piezas", "3D-Druck für Sensoren", "Cyberbezpieczeństwo IT", "", "ŁÓDŹ 1998 ß"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, tok := range Tokens(text) {
			if tok == "" || stopWords[tok] && !acronyms[strings.ToUpper(tok)] || Fold(tok) != tok || strings.HasPrefix(tok, conceptPrefix) {
				t.Errorf("Tokens(%q) yields %q", text, tok)
			}
		}
		for _, id := range Concepts(text) {
			if _, ok := conceptLabel[id]; !ok {
				t.Errorf("Concepts(%q) yields unknown %q", text, id)
			}
		}
	})
}
