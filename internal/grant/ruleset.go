// Package grant computes the travel grant an exchange is entitled to under a
// rule set: the ClusterXchange lump sum, the Erasmus+ distance bands or a
// per-day allowance. Rule sets are versioned JSON data that an admin can
// edit; the defaults are embedded from rulesets/*.json. The package also
// measures great-circle distances between cities.
//
// It is a pure engine: no database, no HTTP, and it imports nothing of
// Caravan's own packages (only the standard library and
// github.com/tidwall/cities for city coordinates).
package grant

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"caravan/internal/country"
	"caravan/internal/ruledoc"
)

// Rule set kinds.
const (
	KindLumpSum      = "lump_sum"      // ClusterXchange: a capped lump sum, halved for short stays or distances
	KindDistanceBand = "distance_band" // Erasmus+: an amount per distance band, standard or green travel
	KindPerDay       = "per_day"       // an allowance per day by host-country group
)

// DateLayout is the layout of every date in a rule set: "2024-01-31".
const DateLayout = ruledoc.DateLayout

// RuleSet is one version of a grant rule set, as stored in its JSON
// document. Exactly one of LumpSum, DistanceBand and PerDay is set, the one
// that Kind names. Amounts are in cents of Currency.
type RuleSet struct {
	// ID names the rule set across versions, e.g. "erasmus-2024"; lower
	// case letters, digits and hyphens.
	ID string `json:"id"`
	// Version counts up from 1 each time an admin changes the rule set.
	Version int `json:"version"`
	// Name is the short name used in explanations, e.g. "Erasmus+ 2024".
	Name string `json:"name"`
	Kind string `json:"kind"`
	// ValidFrom is the first day (YYYY-MM-DD) the version applies to;
	// ValidUntil, when set, the last.
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until,omitempty"`
	// Currency is an ISO 4217 code; every default uses EUR.
	Currency string `json:"currency"`
	// Source says where the figures come from, for the audit trail.
	Source string `json:"source,omitempty"`
	Notes  string `json:"notes,omitempty"`

	LumpSum      *LumpSum      `json:"lump_sum,omitempty"`
	DistanceBand *DistanceBand `json:"distance_band,omitempty"`
	PerDay       *PerDay       `json:"per_day,omitempty"`
}

// LumpSum is the ClusterXchange rule: the visiting organisation gets the
// cap of the host country (DefaultCapCents when the country has none, and
// never more than MaxCents), halved once when the stay has fewer than
// HalveBelowWorkingDays working days or the two organisations are less
// than HalveBelowKM apart, or both.
type LumpSum struct {
	MaxCents        int64            `json:"max_cents"`
	DefaultCapCents int64            `json:"default_cap_cents"`
	CapCents        map[string]int64 `json:"cap_cents,omitempty"` // host country code → cap
	// HalveBelowWorkingDays and HalveBelowKM are the halving thresholds;
	// 0 disables one.
	HalveBelowWorkingDays int `json:"halve_below_working_days"`
	HalveBelowKM          int `json:"halve_below_km"`
	// Holidays lists public holidays (YYYY-MM-DD) per host country code;
	// they are not counted as working days.
	Holidays map[string][]string `json:"holidays,omitempty"`
}

// DistanceBand is the Erasmus+ rule: the one-way great-circle distance
// falls into a band that pays a fixed amount for the return trip.
type DistanceBand struct {
	// Bands are contiguous, in ascending order; the last may be open
	// (MaxKM 0). A distance below the first band pays nothing.
	Bands []Band `json:"bands"`
	// ExtraTravelDays is the number of extra days of individual support a
	// participant who travels green (return trip) may get; reported in the
	// entitlement for the per-day part of the grant.
	ExtraTravelDays int `json:"extra_travel_days,omitempty"`
}

// Band is one distance band, MinKM to MaxKM inclusive (MaxKM 0: no upper
// limit). GreenCents 0 means the band has no green-travel rate, and green
// travel gets the standard rate.
type Band struct {
	MinKM         int   `json:"min_km"`
	MaxKM         int   `json:"max_km,omitempty"`
	StandardCents int64 `json:"standard_cents"`
	GreenCents    int64 `json:"green_cents,omitempty"`
}

// PerDay is a per-day allowance: days × the rate of the host country's
// group. Days run from arrival to departure, both included, plus
// ExtraTravelDays for green travel, capped at MaxDays when set.
type PerDay struct {
	Groups          []RateGroup `json:"groups"`
	ExtraTravelDays int         `json:"extra_travel_days,omitempty"`
	MaxDays         int         `json:"max_days,omitempty"`
}

// RateGroup is a group of host countries sharing one daily rate.
type RateGroup struct {
	Name      string   `json:"name"`
	RateCents int64    `json:"rate_cents"`
	Countries []string `json:"countries"`
}

// FieldError is a problem with one field of a rule set or of an exchange.
// File, when set, names the document it came from; Field is a JSON path
// such as "distance_band.bands[2].min_km".
type FieldError = ruledoc.FieldError

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

var (
	idPattern       = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Validate checks the rule set and returns nil or every problem found, each
// a *FieldError naming the field (read them with errors.As, or
// Unwrap() []error on the joined error).
func (rs RuleSet) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fieldErr(field, format, args...))
	}
	if !idPattern.MatchString(rs.ID) {
		add("id", "id must be 1–64 lower-case letters, digits and hyphens, got %q", rs.ID)
	}
	if rs.Version < 1 {
		add("version", "version must be 1 or more, got %d", rs.Version)
	}
	if strings.TrimSpace(rs.Name) == "" {
		add("name", "name is required")
	}
	from, errFrom := time.Parse(DateLayout, rs.ValidFrom)
	if errFrom != nil {
		add("valid_from", "valid_from must be a date like 2024-01-01, got %q", rs.ValidFrom)
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
	if !currencyPattern.MatchString(rs.Currency) {
		add("currency", "currency must be a three-letter ISO 4217 code such as EUR, got %q", rs.Currency)
	}
	sections := map[string]bool{
		KindLumpSum:      rs.LumpSum != nil,
		KindDistanceBand: rs.DistanceBand != nil,
		KindPerDay:       rs.PerDay != nil,
	}
	if _, ok := sections[rs.Kind]; !ok {
		add("kind", "kind must be one of lump_sum, distance_band, per_day, got %q", rs.Kind)
	} else if !sections[rs.Kind] {
		add(rs.Kind, "kind is %s but the %s section is missing", rs.Kind, rs.Kind)
	}
	for _, k := range []string{KindLumpSum, KindDistanceBand, KindPerDay} {
		if sections[k] && k != rs.Kind {
			add(k, "section %s does not belong in a rule set of kind %q", k, rs.Kind)
		}
	}
	switch {
	case rs.Kind == KindLumpSum && rs.LumpSum != nil:
		errs = append(errs, rs.LumpSum.validate()...)
	case rs.Kind == KindDistanceBand && rs.DistanceBand != nil:
		errs = append(errs, rs.DistanceBand.validate()...)
	case rs.Kind == KindPerDay && rs.PerDay != nil:
		errs = append(errs, rs.PerDay.validate()...)
	}
	return errors.Join(errs...)
}

func (l *LumpSum) validate() []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fieldErr("lump_sum."+field, format, args...))
	}
	if l.MaxCents <= 0 {
		add("max_cents", "max_cents must be positive, got %d", l.MaxCents)
	}
	if l.DefaultCapCents < 0 {
		add("default_cap_cents", "default_cap_cents must not be negative, got %d", l.DefaultCapCents)
	} else if l.MaxCents > 0 && l.DefaultCapCents > l.MaxCents {
		add("default_cap_cents", "default_cap_cents %d exceeds max_cents %d", l.DefaultCapCents, l.MaxCents)
	}
	for _, c := range sortedKeys(l.CapCents) {
		v := l.CapCents[c]
		switch {
		case !knownCountry(c):
			add("cap_cents."+c, "unknown country code %q (want ISO 3166-1 alpha-2, upper case)", c)
		case v < 0:
			add("cap_cents."+c, "cap must not be negative, got %d", v)
		case l.MaxCents > 0 && v > l.MaxCents:
			add("cap_cents."+c, "cap %d exceeds max_cents %d", v, l.MaxCents)
		}
	}
	if l.HalveBelowWorkingDays < 0 {
		add("halve_below_working_days", "must not be negative, got %d", l.HalveBelowWorkingDays)
	}
	if l.HalveBelowKM < 0 {
		add("halve_below_km", "must not be negative, got %d", l.HalveBelowKM)
	}
	for _, c := range sortedKeys(l.Holidays) {
		if !knownCountry(c) {
			add("holidays."+c, "unknown country code %q (want ISO 3166-1 alpha-2, upper case)", c)
			continue
		}
		seen := map[string]bool{}
		for i, d := range l.Holidays[c] {
			field := fmt.Sprintf("holidays.%s[%d]", c, i)
			if _, err := time.Parse(DateLayout, d); err != nil {
				add(field, "holiday must be a date like 2024-05-01, got %q", d)
			} else if seen[d] {
				add(field, "holiday %s is listed twice", d)
			}
			seen[d] = true
		}
	}
	return errs
}

func (d *DistanceBand) validate() []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fieldErr("distance_band."+field, format, args...))
	}
	if len(d.Bands) == 0 {
		add("bands", "at least one band is required")
	}
	for i, b := range d.Bands {
		f := fmt.Sprintf("bands[%d]", i)
		last := i == len(d.Bands)-1
		switch {
		case b.MinKM < 0:
			add(f+".min_km", "min_km must not be negative, got %d", b.MinKM)
		case b.MaxKM == 0 && !last:
			add(f+".max_km", "only the last band may be open-ended (max_km missing or 0)")
		case b.MaxKM != 0 && b.MaxKM < b.MinKM:
			add(f+".max_km", "max_km %d is below min_km %d", b.MaxKM, b.MinKM)
		}
		if i > 0 {
			prev := d.Bands[i-1]
			switch {
			case prev.MaxKM != 0 && b.MinKM <= prev.MaxKM:
				add(f+".min_km", "band %d–%s km overlaps the previous band %d–%d km", b.MinKM, maxLabel(b.MaxKM), prev.MinKM, prev.MaxKM)
			case prev.MaxKM != 0 && b.MinKM > prev.MaxKM+1:
				add(f+".min_km", "gap between bands: the previous band ends at %d km, this one starts at %d km (want %d)", prev.MaxKM, b.MinKM, prev.MaxKM+1)
			}
		}
		if b.StandardCents < 0 {
			add(f+".standard_cents", "amount must not be negative, got %d", b.StandardCents)
		}
		if b.GreenCents < 0 {
			add(f+".green_cents", "amount must not be negative, got %d", b.GreenCents)
		}
	}
	if d.ExtraTravelDays < 0 || d.ExtraTravelDays > 30 {
		add("extra_travel_days", "extra_travel_days must be 0–30, got %d", d.ExtraTravelDays)
	}
	return errs
}

func maxLabel(km int) string {
	if km == 0 {
		return "∞"
	}
	return fmt.Sprint(km)
}

func (p *PerDay) validate() []error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fieldErr("per_day."+field, format, args...))
	}
	if len(p.Groups) == 0 {
		add("groups", "at least one group is required")
	}
	owner := map[string]string{}
	for i, g := range p.Groups {
		f := fmt.Sprintf("groups[%d]", i)
		if strings.TrimSpace(g.Name) == "" {
			add(f+".name", "name is required")
		}
		if g.RateCents <= 0 {
			add(f+".rate_cents", "rate must be positive, got %d", g.RateCents)
		}
		if len(g.Countries) == 0 {
			add(f+".countries", "at least one country is required")
		}
		for j, c := range g.Countries {
			cf := fmt.Sprintf("%s.countries[%d]", f, j)
			switch {
			case !knownCountry(c):
				add(cf, "unknown country code %q (want ISO 3166-1 alpha-2, upper case)", c)
			case owner[c] != "":
				add(cf, "country %s is already in group %q", c, owner[c])
			default:
				owner[c] = g.Name
			}
		}
	}
	if p.ExtraTravelDays < 0 || p.ExtraTravelDays > 30 {
		add("extra_travel_days", "extra_travel_days must be 0–30, got %d", p.ExtraTravelDays)
	}
	if p.MaxDays < 0 {
		add("max_days", "max_days must not be negative, got %d", p.MaxDays)
	}
	return errs
}

func knownCountry(code string) bool { return country.Known(code) }

// CountryName returns the English short name of an ISO 3166-1 alpha-2
// code, or the code itself when unknown.
func CountryName(code string) string { return country.Name(code) }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

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
