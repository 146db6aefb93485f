package i18n

import (
	"encoding/json"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/text/language"
)

// readCatalogue decodes one embedded file, failing on duplicate ids, which
// encoding/json would otherwise silently resolve to the last one.
func readCatalogue(t *testing.T, name string) map[string]json.RawMessage {
	t.Helper()
	data, err := fs.ReadFile(locales, "locales/"+name)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if _, err := dec.Token(); err != nil { // {
		t.Fatalf("%s: %v", name, err)
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id := tok.(string)
		if seen[id] {
			t.Errorf("%s: id %q appears twice", name, id)
		}
		seen[id] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatalf("%s: %s: %v", name, id, err)
		}
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return raw
}

// params returns the set of {name} parameters used in any form of a message.
func params(t *testing.T, raw json.RawMessage) map[string]bool {
	t.Helper()
	var texts []string
	var s string
	if json.Unmarshal(raw, &s) == nil {
		texts = []string{s}
	} else {
		var forms map[string]string
		if err := json.Unmarshal(raw, &forms); err != nil {
			t.Fatal(err)
		}
		texts = slices.Collect(maps.Values(forms))
	}
	set := map[string]bool{}
	for _, text := range texts {
		for _, m := range paramPattern.FindAllStringSubmatch(text, -1) {
			set[m[1]] = true
		}
	}
	return set
}

func TestCataloguesHaveTheSameIDsAndParameters(t *testing.T) {
	en := readCatalogue(t, "en.json")
	es := readCatalogue(t, "es.json")
	for id := range en {
		if _, ok := es[id]; !ok {
			t.Errorf("es.json lacks %q", id)
		}
	}
	for id := range es {
		if _, ok := en[id]; !ok {
			t.Errorf("en.json lacks %q (es.json has it)", id)
		}
	}
	for id, raw := range en {
		other, ok := es[id]
		if !ok {
			continue
		}
		got, want := params(t, other), params(t, raw)
		if !maps.Equal(got, want) {
			t.Errorf("%s: es.json uses parameters %v, want %v as in en.json", id, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	}
}

func TestCataloguesHaveNoEmptyMessages(t *testing.T) {
	for _, name := range []string{"en.json", "es.json"} {
		for id, raw := range readCatalogue(t, name) {
			if strings.TrimSpace(id) == "" {
				t.Errorf("%s: empty id", name)
			}
			var s string
			if json.Unmarshal(raw, &s) == nil {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s: %q is empty", name, id)
				}
				continue
			}
			var forms map[string]string
			if err := json.Unmarshal(raw, &forms); err != nil {
				t.Errorf("%s: %q is neither a string nor plural forms: %v", name, id, err)
				continue
			}
			for _, form := range []string{"one", "other"} {
				if strings.TrimSpace(forms[form]) == "" {
					t.Errorf("%s: %q: plural form %q is empty or missing", name, id, form)
				}
			}
		}
	}
}

func TestEmbeddedCataloguesLoad(t *testing.T) {
	b, err := NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tag := range b.Languages() {
		got = append(got, tag.String())
	}
	if want := []string{"en", "es"}; !slices.Equal(got, want) {
		t.Errorf("got languages %v, want %v", got, want)
	}
}

func TestLoadRejectsMalformedCatalogues(t *testing.T) {
	tests := []struct {
		name, en, want string
	}{
		{"empty message", `{"login.title": " "}`, `"login.title": message is empty`},
		{"bad id", `{"Login Title": "x"}`, `id "Login Title"`},
		{"one-word id", `{"title": "x"}`, `id "title"`},
		{"missing one", `{"a.b": {"other": "{count} x"}}`, `plural form "one" is missing`},
		{"missing other", `{"a.b": {"one": "{count} x"}}`, `message is empty`},
		{"unknown form", `{"a.b": {"one": "{count}", "few": "x", "other": "{count}"}}`, `unknown plural form "few"`},
		{"plural without count", `{"a.b": {"one": "x", "other": "y"}}`, `must use {count}`},
		{"number", `{"a.b": 3}`, `want a string or an object`},
		{"not json", `{"a.b": `, `en.json`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"en.json": {Data: []byte(tt.en)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
	t.Run("no default language", func(t *testing.T) {
		_, err := Load(fstest.MapFS{"es.json": {Data: []byte(`{"a.b": "x"}`)}})
		if err == nil || !strings.Contains(err.Error(), "default language") {
			t.Errorf("got error %v, want one about the default language", err)
		}
	})
}

// FuzzParseCatalogue feeds arbitrary files to the catalogue parser: it
// must not panic, and what it accepts must translate without losing text.
func FuzzParseCatalogue(f *testing.F) {
	en, err := fs.ReadFile(locales, "locales/en.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(en, "x")
	f.Add([]byte(`{"a.b": {"one": "{count} x", "other": "{count} y"}}`), "Ana")
	f.Add([]byte(`{"a.b": "{name} {count} {"}`), "{name}")
	f.Fuzz(func(t *testing.T, data []byte, value string) {
		cat, err := parseCatalogue(data)
		if err != nil {
			return
		}
		b := &Bundle{tags: []language.Tag{DefaultLanguage}, catalogues: map[language.Tag]map[string]message{DefaultLanguage: cat}}
		b.matcher = language.NewMatcher(b.tags)
		l := b.Localizer("en")
		for id := range cat {
			for _, count := range []int{1, 2} {
				if got := l.T(id, "count", count, "name", value); strings.TrimSpace(got) == "" && strings.TrimSpace(value) != "" {
					t.Fatalf("T(%q) is empty", id)
				}
			}
		}
	})
}
