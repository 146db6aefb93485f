package match

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Fabricación ADITIVA": "fabricacion aditiva",
		"Cybersécurité":       "cybersecurite",
		"Straße Größe":        "strasse grosse",
		"Łódź":                "lodz",
		"Kibernetinė sauga":   "kibernetine sauga",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStem(t *testing.T) {
	groups := [][]string{
		{"sensor", "sensors", "sensores", "sensoren"},
		{"print", "printing", "printed", "prints"},
		{"technology", "technologies"},
		{"service", "services"},
		{"machine", "machines"},
		{"process", "processes"},
		{"system", "systems", "systeme"},
	}
	for _, g := range groups {
		want := Stem(g[0])
		for _, w := range g[1:] {
			if got := Stem(w); got != want {
				t.Errorf("Stem(%q) = %q, want %q (as %q)", w, got, want, g[0])
			}
		}
	}
	// Short words stay whole; different words stay apart.
	for w, want := range map[string]string{"gas": "gas", "need": "need", "bus": "bus", "fertigung": "fertig", "journaux": "journal"} {
		if got := Stem(w); got != want {
			t.Errorf("Stem(%q) = %q, want %q", w, got, want)
		}
	}
	if Stem("printer") == Stem("print") {
		t.Errorf("Stem merges printer and print")
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("We offer 3D-printing of the Sensores, in 1998!")
	want := []string{"offer", "3d", "print", "sensor"}
	if !slices.Equal(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}

func TestConcepts(t *testing.T) {
	for text, want := range map[string][]string{
		"Servicio de impresión 3D en metal":               {"additive-manufacturing"},
		"Additive Fertigung und IT-Sicherheit":            {"additive-manufacturing", "cybersecurity"},
		"We are looking for CYBERSÉCURITÉ experts":        {"cybersecurity"},
		"Industrial robots for welding lines":             {"industrial-robotics"},
		"A bakery in Bilbao":                              nil,
		"Our hosts welcome visitors from the host region": nil,
		"We audit IT security and IT-Sicherheit":          {"cybersecurity"},
		"It is safe: security guards at the door":         nil,
		"Die Sicherheit am Arbeitsplatz":                  nil,
	} {
		if got := Concepts(text); !slices.Equal(got, want) {
			t.Errorf("Concepts(%q) = %q, want %q", text, got, want)
		}
	}
}

// Every form of the map must name its own concept and no other first.
func TestConceptFormsAreUnambiguous(t *testing.T) {
	for _, c := range concepts {
		for _, f := range c.Forms {
			got := Concepts(f)
			if len(got) == 0 || got[0] != c.ID {
				t.Errorf("form %q of %s gives concepts %q", f, c.ID, got)
			}
		}
	}
}
