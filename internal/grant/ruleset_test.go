package grant

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tidwall/cities"
)

func TestDefaultsParseAndValidate(t *testing.T) {
	sets, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"clusterxchange-2022-24": KindLumpSum,
		"erasmus-2021-23":        KindDistanceBand,
		"erasmus-2024":           KindDistanceBand,
		"erasmus-staff-per-day":  KindPerDay,
	}
	if len(sets) != len(want) {
		t.Fatalf("got %d default rule sets, want %d", len(sets), len(want))
	}
	for _, rs := range sets {
		if want[rs.ID] != rs.Kind {
			t.Errorf("%s: kind %q, want %q", rs.ID, rs.Kind, want[rs.ID])
		}
	}
}

func TestClusterXchangeDefaults(t *testing.T) {
	rs := defaultSet(t, "clusterxchange-2022-24")
	l := rs.LumpSum
	if l.MaxCents != 110000 || l.DefaultCapCents != 110000 || l.HalveBelowWorkingDays != 5 || l.HalveBelowKM != 200 {
		t.Errorf("got max %d, default cap %d, halve below %d days / %d km; want 110000, 110000, 5, 200",
			l.MaxCents, l.DefaultCapCents, l.HalveBelowWorkingDays, l.HalveBelowKM)
	}
}

func TestSelect(t *testing.T) {
	sets, err := Defaults()
	if err != nil {
		t.Fatal(err)
	}
	v2 := defaultSet(t, "erasmus-2024")
	v2.Version, v2.ValidFrom = 2, "2025-01-01"
	sets = append(sets, v2)
	for _, tc := range []struct {
		id, day     string
		wantOK      bool
		wantVersion int
	}{
		{"erasmus-2024", "2023-12-31", false, 0},
		{"erasmus-2024", "2024-01-01", true, 1},
		{"erasmus-2024", "2024-12-31", true, 1},
		{"erasmus-2024", "2025-06-01", true, 2},
		{"erasmus-2021-23", "2023-12-31", true, 1},
		{"erasmus-2021-23", "2024-01-01", false, 0},
		{"clusterxchange-2022-24", "2025-01-01", false, 0},
		{"nope", "2024-01-01", false, 0},
	} {
		rs, ok := Select(sets, tc.id, date(tc.day))
		if ok != tc.wantOK || (ok && rs.Version != tc.wantVersion) {
			t.Errorf("Select(%s, %s): got ok=%v version %d, want ok=%v version %d", tc.id, tc.day, ok, rs.Version, tc.wantOK, tc.wantVersion)
		}
	}
}

// fieldsOf returns the fields named by the *FieldErrors in err.
func fieldsOf(err error) []string {
	var list []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	} else if err != nil {
		list = []error{err}
	}
	var fields []string
	for _, e := range list {
		var fe *FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	return fields
}

func TestValidate(t *testing.T) {
	bands := func(bs ...Band) RuleSet {
		rs := RuleSet{ID: "t", Version: 1, Name: "T", Kind: KindDistanceBand, ValidFrom: "2024-01-01", Currency: "EUR",
			DistanceBand: &DistanceBand{Bands: bs}}
		return rs
	}
	lump := func(l LumpSum) RuleSet {
		return RuleSet{ID: "t", Version: 1, Name: "T", Kind: KindLumpSum, ValidFrom: "2024-01-01", Currency: "EUR", LumpSum: &l}
	}
	perDay := func(p PerDay) RuleSet {
		return RuleSet{ID: "t", Version: 1, Name: "T", Kind: KindPerDay, ValidFrom: "2024-01-01", Currency: "EUR", PerDay: &p}
	}
	okLump := LumpSum{MaxCents: 110000, DefaultCapCents: 110000, HalveBelowWorkingDays: 5, HalveBelowKM: 200}
	for _, tc := range []struct {
		name      string
		rs        RuleSet
		wantField string
		wantText  string
	}{
		{"bad id", func() RuleSet { r := lump(okLump); r.ID = "Bad ID"; return r }(), "id", "lower-case"},
		{"version 0", func() RuleSet { r := lump(okLump); r.Version = 0; return r }(), "version", "1 or more"},
		{"bad valid_from", func() RuleSet { r := lump(okLump); r.ValidFrom = "01/02/2024"; return r }(), "valid_from", "date"},
		{"until before from", func() RuleSet { r := lump(okLump); r.ValidUntil = "2023-12-31"; return r }(), "valid_until", "before"},
		{"bad currency", func() RuleSet { r := lump(okLump); r.Currency = "euro"; return r }(), "currency", "ISO 4217"},
		{"unknown kind", func() RuleSet { r := lump(okLump); r.Kind = "bonus"; return r }(), "kind", "must be one of"},
		{"missing section", RuleSet{ID: "t", Version: 1, Name: "T", Kind: KindPerDay, ValidFrom: "2024-01-01", Currency: "EUR"}, "per_day", "missing"},
		{"extra section", func() RuleSet { r := lump(okLump); r.PerDay = &PerDay{}; return r }(), "per_day", "does not belong"},
		{"overlap", bands(Band{MinKM: 10, MaxKM: 99, StandardCents: 1}, Band{MinKM: 99, MaxKM: 499, StandardCents: 2}), "distance_band.bands[1].min_km", "overlaps"},
		{"gap", bands(Band{MinKM: 10, MaxKM: 99, StandardCents: 1}, Band{MinKM: 101, MaxKM: 499, StandardCents: 2}), "distance_band.bands[1].min_km", "gap"},
		{"open band not last", bands(Band{MinKM: 10, StandardCents: 1}, Band{MinKM: 100, MaxKM: 499, StandardCents: 2}), "distance_band.bands[0].max_km", "last band"},
		{"max below min", bands(Band{MinKM: 100, MaxKM: 10, StandardCents: 1}), "distance_band.bands[0].max_km", "below"},
		{"negative standard", bands(Band{MinKM: 10, MaxKM: 99, StandardCents: -1}), "distance_band.bands[0].standard_cents", "negative"},
		{"negative green", bands(Band{MinKM: 10, MaxKM: 99, StandardCents: 1, GreenCents: -5}), "distance_band.bands[0].green_cents", "negative"},
		{"no bands", bands(), "distance_band.bands", "at least one"},
		{"negative max", lump(LumpSum{MaxCents: -1}), "lump_sum.max_cents", "positive"},
		{"negative default cap", lump(LumpSum{MaxCents: 100, DefaultCapCents: -1}), "lump_sum.default_cap_cents", "negative"},
		{"cap over max", lump(LumpSum{MaxCents: 100, DefaultCapCents: 100, CapCents: map[string]int64{"ES": 200}}), "lump_sum.cap_cents.ES", "exceeds"},
		{"unknown cap country", lump(LumpSum{MaxCents: 100, DefaultCapCents: 100, CapCents: map[string]int64{"XX": 50}}), "lump_sum.cap_cents.XX", "unknown country code"},
		{"unknown holiday country", lump(LumpSum{MaxCents: 100, Holidays: map[string][]string{"Spain": {"2024-01-01"}}}), "lump_sum.holidays.Spain", "unknown country code"},
		{"bad holiday", lump(LumpSum{MaxCents: 100, Holidays: map[string][]string{"ES": {"2024-02-30"}}}), "lump_sum.holidays.ES[0]", "date"},
		{"duplicate holiday", lump(LumpSum{MaxCents: 100, Holidays: map[string][]string{"ES": {"2024-01-01", "2024-01-01"}}}), "lump_sum.holidays.ES[1]", "twice"},
		{"negative rate", perDay(PerDay{Groups: []RateGroup{{Name: "A", RateCents: -1, Countries: []string{"ES"}}}}), "per_day.groups[0].rate_cents", "positive"},
		{"unknown group country", perDay(PerDay{Groups: []RateGroup{{Name: "A", RateCents: 1, Countries: []string{"ES", "UK"}}}}), "per_day.groups[0].countries[1]", "unknown country code"},
		{"country in two groups", perDay(PerDay{Groups: []RateGroup{{Name: "A", RateCents: 1, Countries: []string{"ES"}}, {Name: "B", RateCents: 2, Countries: []string{"ES"}}}}), "per_day.groups[1].countries[0]", "already in group"},
	} {
		err := tc.rs.Validate()
		if err == nil {
			t.Errorf("%s: got nil, want an error on %s", tc.name, tc.wantField)
			continue
		}
		fields := fieldsOf(err)
		found := false
		for _, f := range fields {
			found = found || f == tc.wantField
		}
		if !found || !strings.Contains(err.Error(), tc.wantText) {
			t.Errorf("%s: got %v (fields %v), want field %s and text %q", tc.name, err, fields, tc.wantField, tc.wantText)
		}
	}
	if err := lump(okLump).Validate(); err != nil {
		t.Errorf("valid lump sum: got %v", err)
	}
}

func TestParseRuleSetErrors(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("rulesets", "erasmus-2024.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, doc string
		want      []string // substrings of the error
	}{
		{"syntax", "{\n  \"id\": \"x\",\n  \"version\": 1,,\n}", []string{"my.json: ", "line 3, column"}},
		{"unknown field", `{"id": "x", "verison": 1}`, []string{"my.json: verison: unknown field"}},
		{"wrong type", `{"id": "x", "version": "one"}`, []string{"my.json: version: want a JSON whole number"}},
		{"wrong nested type", `{"distance_band": {"bands": [{"min_km": "10"}]}}`, []string{"my.json: distance_band.bands.min_km: want a JSON whole number"}},
		{"empty", ``, []string{"my.json: empty document"}},
		{"truncated", `{"id": "x"`, []string{"my.json: "}},
		{"trailing data", string(valid) + "{}", []string{"my.json: unexpected data"}},
		{"invalid", strings.Replace(string(valid), `"min_km": 100`, `"min_km": 101`, 1), []string{"my.json: distance_band.bands[1].min_km: gap between bands"}},
	} {
		_, err := ParseRuleSet("my.json", strings.NewReader(tc.doc))
		if err == nil {
			t.Errorf("%s: got nil error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: got %q, want it to contain %q", tc.name, err, w)
			}
		}
	}
	if _, err := ParseRuleSet("erasmus-2024.json", bytes.NewReader(valid)); err != nil {
		t.Errorf("valid document: %v", err)
	}
}

func TestCityLookup(t *testing.T) {
	sanSebastian := [2]float64{43.3128301, -1.9749933}
	vitoria := [2]float64{42.85, -2.6666667}
	munich := [2]float64{48.1376831, 11.5743542}
	warsaw := [2]float64{52.25, 21.0}
	for _, tc := range []struct {
		name, country string
		want          [2]float64
	}{
		{"San Sebastián", "ES", sanSebastian},
		{"Donostia", "ES", sanSebastian},
		{"Donostia-San Sebastián", "ES", sanSebastian},
		{"donostia / san sebastian", "es", sanSebastian},
		{"SAN SEBASTIAN", "Spain", sanSebastian},
		{"Vitoria-Gasteiz", "ES", vitoria},
		{"Vitoria", "ES", vitoria},
		{"Gasteiz", "ES", vitoria},
		{"vitoria gasteiz", "ES", vitoria},
		{"München", "DE", munich},
		{"Munich", "Germany", munich},
		{"Muenchen", "DE", munich},
		{"Warszawa", "PL", warsaw},
		{"Warsaw", "", warsaw},
	} {
		lat, lon, ok := City(tc.name, tc.country)
		if !ok || lat != tc.want[0] || lon != tc.want[1] {
			t.Errorf("City(%q, %q): got %v, %v, %v; want %v, %v, true", tc.name, tc.country, lat, lon, ok, tc.want[0], tc.want[1])
		}
	}
	for _, tc := range []struct{ name, country string }{
		{"Nowhereville", "ES"},
		{"Bilbao", "FR"},       // wrong country
		{"Bilbao", "Atlantis"}, // unknown country
		{"San Sebastian", ""},  // several countries have one
		{"", "ES"},
	} {
		if _, _, ok := City(tc.name, tc.country); ok {
			t.Errorf("City(%q, %q): got ok, want not found", tc.name, tc.country)
		}
	}
}

func TestEveryCityDataCountryHasACode(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range cities.Cities {
		if seen[c.Country] {
			continue
		}
		seen[c.Country] = true
		if countryCode(c.Country) == "" {
			t.Errorf("country %q of the city data has no ISO code", c.Country)
		}
	}
}

// FuzzParseRuleSet checks that the parser never panics, and that whatever
// it accepts is valid, computes without panicking, and survives a JSON
// round trip unchanged.
func FuzzParseRuleSet(f *testing.F) {
	entries, err := os.ReadDir("rulesets")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join("rulesets", e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"x","version":1}`))
	f.Add([]byte(`{"distance_band":{"bands":[{"min_km":10,"max_km":5}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := ParseRuleSet("fuzz.json", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json: ") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if err := rs.Validate(); err != nil {
			t.Fatalf("parsed rule set is invalid: %v", err)
		}
		out, err := json.Marshal(rs)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseRuleSet("again.json", bytes.NewReader(out))
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if !reflect.DeepEqual(normalized(rs), normalized(again)) {
			t.Fatalf("round trip changed the rule set:\n%+v\n%+v", rs, again)
		}
		e := Exchange{Visitor: Place{City: "Warsaw", Country: "PL"}, Host: Place{City: "Bilbao", Country: "ES"},
			FirstWorkingDay: date("2023-05-08"), LastWorkingDay: date("2023-05-12"), GreenTravel: true}
		if ent, err := Compute(rs, e); err == nil && ent.AmountCents < 0 {
			t.Fatalf("negative amount %d", ent.AmountCents)
		}
	})
}

// normalized makes empty and nil maps and slices compare equal.
func normalized(rs RuleSet) string {
	b, _ := json.Marshal(rs)
	return string(b)
}
