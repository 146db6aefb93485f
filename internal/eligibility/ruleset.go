// Package eligibility checks an application against a call's eligibility
// rules — organisation kinds, countries, once-only visits, length and dates
// of the stay — and explains every failed rule in plain words, as a message
// template id with parameters so that it can be translated. Rule sets are
// versioned JSON data that an admin can edit; the default
// (clusterxchange-2022-24) is embedded from rulesets/*.json.
//
// It is a pure engine: no database, no HTTP, and it imports nothing of
// Caravan's own packages (only the standard library). Callers map their
// domain values onto the small input structs defined here.
package eligibility

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"caravan/internal/country"
	"caravan/internal/ruledoc"
)

// Organisation kinds, as in the domain's glossary.
const (
	KindCluster      = "cluster"
	KindSME          = "sme"
	KindLargeCompany = "large_company"
	KindSupportOrg   = "support_org"
	KindPublicBody   = "public_body"
)

// DateLayout is the layout of every date in a rule set: "2024-01-31".
const DateLayout = ruledoc.DateLayout

// ApplicationStatuses are the application statuses a once-only rule may
// count, as in the domain's glossary.
var ApplicationStatuses = []string{"draft", "submitted", "eligible", "ineligible", "shortlisted",
	"accepted", "waitlisted", "rejected", "confirmed", "withdrawn"}

// RuleSet is one version of a call's eligibility rules, as stored in its
// JSON document. A rule whose field is empty or zero is not checked.
type RuleSet struct {
	// ID names the rule set across versions: lower-case letters, digits
	// and hyphens. Version counts up from 1 with every edit.
	ID      string `json:"id"`
	Version int    `json:"version"`
	// Name is the scheme's name as participants know it, used in messages:
	// "ClusterXchange".
	Name string `json:"name"`
	// Scheme is the key under which earlier exchanges count for the
	// once-only rule, e.g. "clusterxchange".
	Scheme     string `json:"scheme"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until,omitempty"`
	Source     string `json:"source,omitempty"`
	Notes      string `json:"notes,omitempty"`

	// VisitorKinds and HostKinds list the organisation kinds allowed to
	// visit and to host.
	VisitorKinds []KindRule `json:"visitor_kinds,omitempty"`
	HostKinds    []KindRule `json:"host_kinds,omitempty"`
	// Countries lists where visitors and hosts must be registered.
	Countries *CountryList `json:"countries,omitempty"`
	// DifferentCountry requires the visitor to travel to another country.
	DifferentCountry bool `json:"different_country,omitempty"`
	// OnceOnly allows each organisation one visit under Scheme.
	OnceOnly *OnceOnly `json:"once_only,omitempty"`
	// MinWorkingDays is the shortest stay in working days (Monday to
	// Friday less the host's public holidays, travel days excluded);
	// MaxStayMonths the longest, in calendar months from the first working
	// day.
	MinWorkingDays int `json:"min_working_days,omitempty"`
	MaxStayMonths  int `json:"max_stay_months,omitempty"`
	// WithinConsortiumPeriod requires the stay to fall within the period
	// of the consortium that funds it.
	WithinConsortiumPeriod bool `json:"within_consortium_period,omitempty"`
}

// KindRule allows one organisation kind; ClusterMemberOnly allows it only
// when the organisation is a member of a cluster organisation.
type KindRule struct {
	Kind              string `json:"kind"`
	ClusterMemberOnly bool   `json:"cluster_member_only,omitempty"`
}

// CountryList is a list of eligible countries with the programme's name
// ("COSME") and where the list comes from.
type CountryList struct {
	Programme string   `json:"programme"`
	Codes     []string `json:"codes"`
	Source    string   `json:"source,omitempty"`
}

// OnceOnly counts earlier exchanges whose application has one of Statuses.
type OnceOnly struct {
	Statuses []string `json:"statuses"`
}

// FieldError is a problem with one field of a rule set. File, when set,
// names the document; Field is a JSON path such as "visitor_kinds[1].kind".
type FieldError = ruledoc.FieldError

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Validate checks the rule set and returns nil or every problem found, each
// a *FieldError naming the field.
func (rs RuleSet) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if !idPattern.MatchString(rs.ID) {
		add("id", "id must be 1–64 lower-case letters, digits and hyphens, got %q", rs.ID)
	}
	if rs.Version < 1 {
		add("version", "version must be 1 or more, got %d", rs.Version)
	}
	if strings.TrimSpace(rs.Name) == "" {
		add("name", "name is required (the scheme's name used in messages)")
	}
	from, errFrom := time.Parse(DateLayout, rs.ValidFrom)
	if errFrom != nil {
		add("valid_from", "valid_from must be a date like 2022-01-01, got %q", rs.ValidFrom)
	}
	if rs.ValidUntil != "" {
		until, err := time.Parse(DateLayout, rs.ValidUntil)
		switch {
		case err != nil:
			add("valid_until", "valid_until must be a date like 2024-12-31, got %q", rs.ValidUntil)
		case errFrom == nil && until.Before(from):
			add("valid_until", "valid_until %s is before valid_from %s", rs.ValidUntil, rs.ValidFrom)
		}
	}
	for _, list := range []struct {
		field string
		rules []KindRule
	}{{"visitor_kinds", rs.VisitorKinds}, {"host_kinds", rs.HostKinds}} {
		seen := map[string]bool{}
		for i, k := range list.rules {
			f := fmt.Sprintf("%s[%d].kind", list.field, i)
			switch {
			case kindWords[k.Kind].a == "":
				add(f, "unknown organisation kind %q (want cluster, sme, large_company, support_org or public_body)", k.Kind)
			case seen[k.Kind]:
				add(f, "kind %s is listed twice", k.Kind)
			}
			seen[k.Kind] = true
		}
	}
	if c := rs.Countries; c != nil {
		if strings.TrimSpace(c.Programme) == "" {
			add("countries.programme", "programme is required (the name used in messages, e.g. COSME)")
		}
		if len(c.Codes) == 0 {
			add("countries.codes", "at least one country is required")
		}
		seen := map[string]bool{}
		for i, code := range c.Codes {
			f := fmt.Sprintf("countries.codes[%d]", i)
			switch {
			case !knownCountry(code):
				add(f, "unknown country code %q (want ISO 3166-1 alpha-2, upper case)", code)
			case seen[code]:
				add(f, "country %s is listed twice", code)
			}
			seen[code] = true
		}
	}
	if rs.OnceOnly != nil {
		if !idPattern.MatchString(rs.Scheme) {
			add("scheme", "a once-only rule needs a scheme key of lower-case letters, digits and hyphens, got %q", rs.Scheme)
		}
		if len(rs.OnceOnly.Statuses) == 0 {
			add("once_only.statuses", "at least one application status is required")
		}
		for i, s := range rs.OnceOnly.Statuses {
			if !contains(ApplicationStatuses, s) {
				add(fmt.Sprintf("once_only.statuses[%d]", i), "unknown application status %q (want one of %s)", s, strings.Join(ApplicationStatuses, ", "))
			}
		}
	}
	if rs.MinWorkingDays < 0 || rs.MinWorkingDays > 366 {
		add("min_working_days", "min_working_days must be 0–366, got %d", rs.MinWorkingDays)
	}
	if rs.MaxStayMonths < 0 || rs.MaxStayMonths > 24 {
		add("max_stay_months", "max_stay_months must be 0–24, got %d", rs.MaxStayMonths)
	}
	return errors.Join(errs...)
}

func knownCountry(code string) bool { return country.Known(code) }

// CountryName returns the English short name of an ISO 3166-1 alpha-2
// code, or the code itself when unknown.
func CountryName(code string) string { return country.Name(code) }

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ParseRuleSet reads one rule set JSON document and validates it. name
// identifies the document (a file name) in errors; every error names the
// document and, where it can, the field or the line and column. Unknown
// fields are errors, so a misspelt field is not silently ignored.
func ParseRuleSet(name string, r io.Reader) (RuleSet, error) {
	var rs RuleSet
	if err := ruledoc.Decode(name, r, &rs); err != nil {
		return RuleSet{}, err
	}
	if err := rs.Validate(); err != nil {
		return RuleSet{}, ruledoc.WithFile(name, err)
	}
	return rs, nil
}

func (rs RuleSet) version() ruledoc.Version {
	return ruledoc.Version{ID: rs.ID, Number: rs.Version, ValidFrom: rs.ValidFrom, ValidUntil: rs.ValidUntil}
}

//go:embed rulesets/*.json
var embedded embed.FS

// Defaults returns the embedded default rule sets, sorted by id and
// version. It fails only if an embedded document is invalid, which the
// package's tests rule out.
func Defaults() ([]RuleSet, error) {
	return ruledoc.Load(embedded, "rulesets", ParseRuleSet, RuleSet.version)
}

// Select returns the rule set with the given id that applies on day: among
// the versions whose validity includes day, the highest version. ok is
// false when none applies.
func Select(sets []RuleSet, id string, day time.Time) (rs RuleSet, ok bool) {
	return ruledoc.Select(sets, id, day, RuleSet.version)
}
