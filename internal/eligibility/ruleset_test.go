package eligibility

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultRuleSet(t *testing.T) {
	rs := clusterXchange(t)
	if rs.MinWorkingDays != 3 || rs.MaxStayMonths != 1 || !rs.DifferentCountry || !rs.WithinConsortiumPeriod || rs.OnceOnly == nil {
		t.Errorf("got min %d days, max %d months, different country %v, period %v, once-only %v",
			rs.MinWorkingDays, rs.MaxStayMonths, rs.DifferentCountry, rs.WithinConsortiumPeriod, rs.OnceOnly)
	}
	codes := map[string]bool{}
	for _, c := range rs.Countries.Codes {
		codes[c] = true
	}
	// EU-27 and the associated countries the brief names.
	for _, c := range strings.Fields("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS NO AL BA ME MK RS TR UA MD AM XK") {
		if !codes[c] {
			t.Errorf("country %s missing from the COSME list", c)
		}
	}
	for _, c := range []string{"CH", "GB", "US", "RU"} {
		if codes[c] {
			t.Errorf("country %s should not be in the COSME list", c)
		}
	}
	if len(codes) != 39 {
		t.Errorf("got %d countries, want 39", len(codes))
	}
}

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
	base := func() RuleSet {
		return RuleSet{ID: "t", Version: 1, Name: "T", Scheme: "t", ValidFrom: "2024-01-01"}
	}
	for _, tc := range []struct {
		name      string
		change    func(*RuleSet)
		wantField string
		wantText  string
	}{
		{"bad id", func(r *RuleSet) { r.ID = "" }, "id", "lower-case"},
		{"version 0", func(r *RuleSet) { r.Version = 0 }, "version", "1 or more"},
		{"no name", func(r *RuleSet) { r.Name = " " }, "name", "required"},
		{"bad date", func(r *RuleSet) { r.ValidFrom = "2024-13-01" }, "valid_from", "date"},
		{"until before from", func(r *RuleSet) { r.ValidUntil = "2023-01-01" }, "valid_until", "before"},
		{"unknown kind", func(r *RuleSet) { r.VisitorKinds = []KindRule{{Kind: "cluster"}, {Kind: "startup"}} }, "visitor_kinds[1].kind", "unknown organisation kind"},
		{"duplicate kind", func(r *RuleSet) { r.HostKinds = []KindRule{{Kind: "sme"}, {Kind: "sme"}} }, "host_kinds[1].kind", "twice"},
		{"unknown country", func(r *RuleSet) { r.Countries = &CountryList{Programme: "COSME", Codes: []string{"ES", "EL"}} }, "countries.codes[1]", "unknown country code"},
		{"duplicate country", func(r *RuleSet) { r.Countries = &CountryList{Programme: "COSME", Codes: []string{"ES", "ES"}} }, "countries.codes[1]", "twice"},
		{"no programme", func(r *RuleSet) { r.Countries = &CountryList{Codes: []string{"ES"}} }, "countries.programme", "required"},
		{"empty country list", func(r *RuleSet) { r.Countries = &CountryList{Programme: "COSME"} }, "countries.codes", "at least one"},
		{"once-only without statuses", func(r *RuleSet) { r.OnceOnly = &OnceOnly{} }, "once_only.statuses", "at least one"},
		{"once-only unknown status", func(r *RuleSet) { r.OnceOnly = &OnceOnly{Statuses: []string{"paid"}} }, "once_only.statuses[0]", "unknown application status"},
		{"once-only without scheme", func(r *RuleSet) { r.Scheme = ""; r.OnceOnly = &OnceOnly{Statuses: []string{"accepted"}} }, "scheme", "scheme key"},
		{"negative min days", func(r *RuleSet) { r.MinWorkingDays = -1 }, "min_working_days", "0–366"},
		{"negative max months", func(r *RuleSet) { r.MaxStayMonths = -2 }, "max_stay_months", "0–24"},
	} {
		rs := base()
		tc.change(&rs)
		err := rs.Validate()
		found := false
		for _, f := range fieldsOf(err) {
			found = found || f == tc.wantField
		}
		if !found || !strings.Contains(err.Error(), tc.wantText) {
			t.Errorf("%s: got %v, want field %s and text %q", tc.name, err, tc.wantField, tc.wantText)
		}
	}
	if err := base().Validate(); err != nil {
		t.Errorf("valid rule set: got %v", err)
	}
}

func TestParseRuleSetErrors(t *testing.T) {
	valid, err := os.ReadFile(filepath.Join("rulesets", "clusterxchange-2022-24.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"syntax", "{\n  \"id\": \"x\"\n  \"version\": 1\n}", []string{"call.json: line 3, column"}},
		{"unknown field", `{"id": "x", "min_days": 3}`, []string{"call.json: min_days: unknown field"}},
		{"wrong type", `{"different_country": "yes"}`, []string{"call.json: different_country: want a JSON boolean"}},
		{"wrong nested type", `{"countries": {"codes": "ES"}}`, []string{"call.json: countries.codes: want a JSON array"}},
		{"empty", ``, []string{"call.json: empty document"}},
		{"trailing data", string(valid) + "[]", []string{"call.json: unexpected data"}},
		{"invalid", strings.Replace(string(valid), `"MD"`, `"Moldova"`, 1), []string{"call.json: countries.codes[", `unknown country code "Moldova"`}},
	} {
		_, err := ParseRuleSet("call.json", strings.NewReader(tc.doc))
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
}

// FuzzParseRuleSet checks that the parser never panics, that what it
// accepts is valid and survives a JSON round trip, and that Check on an
// accepted rule set is consistent (Passed exactly when no failure, every
// message rendered).
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
	f.Add([]byte(`{"id":"x","version":1,"name":"X","valid_from":"2024-01-01","min_working_days":5}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := ParseRuleSet("fuzz.json", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.json: ") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		out, err := json.Marshal(rs)
		if err != nil {
			t.Fatal(err)
		}
		again, err := ParseRuleSet("again.json", bytes.NewReader(out))
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if out2, _ := json.Marshal(again); !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the rule set:\n%s\n%s", out, out2)
		}
		a := eligible()
		a.Visitor.Country = "ES"
		res := Check(rs, a)
		if res.Passed != (len(res.Failures) == 0) {
			t.Fatalf("passed %v with %d failures", res.Passed, len(res.Failures))
		}
		for _, fl := range res.Failures {
			if _, ok := English[fl.Template]; !ok || fl.Message == "" {
				t.Fatalf("template %q missing from English, or empty message %q", fl.Template, fl.Message)
			}
		}
	})
}
