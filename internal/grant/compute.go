package grant

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Place is where an organisation is registered: its city and country, and
// optionally the coordinates to measure from. When Coords is nil, Compute
// looks the city up with City.
type Place struct {
	City    string  `json:"city"`
	Country string  `json:"country"` // ISO 3166-1 alpha-2, upper case
	Coords  *Coords `json:"coords,omitempty"`
}

// DistanceOverride replaces the computed distance, for example when the
// city data places a town wrongly. Reason is required: it goes into the
// explanation for the audit trail.
type DistanceOverride struct {
	KM     int    `json:"km"`
	Reason string `json:"reason"`
}

// Exchange is one visiting organisation's stay, as much of it as a grant
// needs. Dates are calendar days; their time of day and location are
// ignored.
type Exchange struct {
	Visitor Place `json:"visitor"`
	Host    Place `json:"host"`
	// ArrivalOn and DepartureOn are the travel days (optional for lump
	// sums and distance bands).
	ArrivalOn   time.Time `json:"arrival_on"`
	DepartureOn time.Time `json:"departure_on"`
	// FirstWorkingDay and LastWorkingDay bound the working days of the
	// stay, travel days excluded; required for lump sums.
	FirstWorkingDay time.Time `json:"first_working_day"`
	LastWorkingDay  time.Time `json:"last_working_day"`
	// GreenTravel is true when the participant travels by low-emission
	// means (train, bus, car-sharing) for most of the return trip.
	GreenTravel      bool              `json:"green_travel"`
	DistanceOverride *DistanceOverride `json:"distance_override,omitempty"`
}

// Entitlement is the grant an exchange is entitled to under one rule set,
// with the figures used and the explanation of every step.
type Entitlement struct {
	RuleSetID      string `json:"rule_set_id"`
	RuleSetVersion int    `json:"rule_set_version"`
	Kind           string `json:"kind"`
	// AmountCents is the grant in cents of Currency.
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`

	// DistanceKM is the distance the amount is based on: ComputedKM, or
	// the override. ComputedKM is the floored haversine distance between
	// VisitorCoords and HostCoords; it is 0 and the coordinates nil when
	// they were not known (possible only with an override). Per-day rule
	// sets measure no distance.
	DistanceKM     int     `json:"distance_km"`
	ComputedKM     int     `json:"computed_km"`
	VisitorCoords  *Coords `json:"visitor_coords,omitempty"`
	HostCoords     *Coords `json:"host_coords,omitempty"`
	Overridden     bool    `json:"overridden"`
	OverrideReason string  `json:"override_reason,omitempty"`

	// Band is the distance band's label, e.g. "2,000–2,999 km"; empty
	// when the distance is below the first band. GreenRate is true when
	// the band's green-travel rate was paid.
	Band      string `json:"band,omitempty"`
	GreenRate bool   `json:"green_rate"`
	// ExtraTravelDays are the extra days of individual support that green
	// travel earns (distance-band and per-day rule sets).
	ExtraTravelDays int `json:"extra_travel_days,omitempty"`

	// WorkingDays counts Monday to Friday from the first to the last
	// working day, less the host country's listed public holidays
	// (Holidays); lump sums only.
	WorkingDays int      `json:"working_days,omitempty"`
	Holidays    []string `json:"holidays,omitempty"`
	// CapCents is the lump-sum cap for the host country; Halved says
	// whether it was halved.
	CapCents int64 `json:"cap_cents,omitempty"`
	Halved   bool  `json:"halved"`

	// Days and RateCents are the per-day allowance's factors.
	Days      int   `json:"days,omitempty"`
	RateCents int64 `json:"rate_cents,omitempty"`

	// Summary is one line in words and figures; Explanation lists each
	// step, in order.
	Summary     string   `json:"summary"`
	Explanation []string `json:"explanation"`
}

// maxStayDays bounds the date ranges Compute walks through.
const maxStayDays = 400

// Compute returns the entitlement of e under rs. It fails with a
// *FieldError when rs is invalid, when e lacks what the rule set's kind
// needs (dates, a known city or coordinates, a known country), when a
// distance override has no reason, or when a per-day rule set has no rate
// for the host country.
func Compute(rs RuleSet, e Exchange) (Entitlement, error) {
	if err := rs.Validate(); err != nil {
		return Entitlement{}, fmt.Errorf("rule set %s version %d: %w", rs.ID, rs.Version, err)
	}
	if err := e.validate(); err != nil {
		return Entitlement{}, err
	}
	ent := Entitlement{RuleSetID: rs.ID, RuleSetVersion: rs.Version, Kind: rs.Kind, Currency: rs.Currency}
	var err error
	switch rs.Kind {
	case KindLumpSum:
		err = computeLumpSum(rs, e, &ent)
	case KindDistanceBand:
		err = computeDistanceBand(rs, e, &ent)
	case KindPerDay:
		err = computePerDay(rs, e, &ent)
	}
	if err != nil {
		return Entitlement{}, err
	}
	return ent, nil
}

func (e Exchange) validate() error {
	var errs []error
	for _, p := range []struct {
		field string
		place Place
	}{{"visitor", e.Visitor}, {"host", e.Host}} {
		if !knownCountry(p.place.Country) {
			errs = append(errs, fieldErr(p.field+".country", "unknown country code %q (want ISO 3166-1 alpha-2, upper case)", p.place.Country))
		}
		if p.place.Coords != nil && !p.place.Coords.Valid() {
			errs = append(errs, fieldErr(p.field+".coords", "coordinates %v, %v are out of range", p.place.Coords.Lat, p.place.Coords.Lon))
		}
	}
	if o := e.DistanceOverride; o != nil {
		if strings.TrimSpace(o.Reason) == "" {
			errs = append(errs, fieldErr("distance_override.reason", "a distance override needs a reason"))
		}
		if o.KM < 0 || o.KM > 25000 {
			errs = append(errs, fieldErr("distance_override.km", "distance must be 0–25,000 km, got %d", o.KM))
		}
	}
	first, last := e.FirstWorkingDay, e.LastWorkingDay
	if first.IsZero() != last.IsZero() {
		errs = append(errs, fieldErr("last_working_day", "give both the first and the last working day, or neither"))
	} else if !first.IsZero() && dayOf(last).Before(dayOf(first)) {
		errs = append(errs, fieldErr("last_working_day", "the last working day %s is before the first %s", dayOf(last).Format(DateLayout), dayOf(first).Format(DateLayout)))
	}
	if !e.ArrivalOn.IsZero() && !first.IsZero() && dayOf(e.ArrivalOn).After(dayOf(first)) {
		errs = append(errs, fieldErr("arrival_on", "arrival %s is after the first working day %s", dayOf(e.ArrivalOn).Format(DateLayout), dayOf(first).Format(DateLayout)))
	}
	if !e.DepartureOn.IsZero() && !last.IsZero() && dayOf(e.DepartureOn).Before(dayOf(last)) {
		errs = append(errs, fieldErr("departure_on", "departure %s is before the last working day %s", dayOf(e.DepartureOn).Format(DateLayout), dayOf(last).Format(DateLayout)))
	}
	if !e.ArrivalOn.IsZero() && !e.DepartureOn.IsZero() && dayOf(e.DepartureOn).Before(dayOf(e.ArrivalOn)) {
		errs = append(errs, fieldErr("departure_on", "departure %s is before arrival %s", dayOf(e.DepartureOn).Format(DateLayout), dayOf(e.ArrivalOn).Format(DateLayout)))
	}
	return errors.Join(errs...)
}

// resolve returns the coordinates of p, explicit or looked up, and a
// description of where they came from.
func resolve(p Place) (Coords, string, bool) {
	if p.Coords != nil {
		return *p.Coords, "coordinates given", true
	}
	lat, lon, ok := City(p.City, p.Country)
	return Coords{Lat: lat, Lon: lon}, "city data", ok
}

// measure fills in the distance fields of ent and explains them.
func measure(e Exchange, ent *Entitlement) error {
	vc, vsrc, vok := resolve(e.Visitor)
	hc, hsrc, hok := resolve(e.Host)
	if e.DistanceOverride == nil {
		var errs []error
		if !vok {
			errs = append(errs, fieldErr("visitor.city", "city %q (%s) is not in the city data; give its coordinates or a distance override", e.Visitor.City, e.Visitor.Country))
		}
		if !hok {
			errs = append(errs, fieldErr("host.city", "city %q (%s) is not in the city data; give its coordinates or a distance override", e.Host.City, e.Host.Country))
		}
		if len(errs) > 0 {
			return errors.Join(errs...)
		}
	}
	if vok && hok {
		ent.VisitorCoords, ent.HostCoords = &vc, &hc
		ent.ComputedKM = DistanceKM(vc, hc)
		ent.DistanceKM = ent.ComputedKM
		ent.Explanation = append(ent.Explanation, fmt.Sprintf(
			"%s (%s, %.4f, %.4f; %s) to %s (%s, %.4f, %.4f; %s): %s km great-circle distance (haversine, Earth radius %.4f km, floored to whole km).",
			placeName(e.Visitor), e.Visitor.Country, vc.Lat, vc.Lon, vsrc,
			placeName(e.Host), e.Host.Country, hc.Lat, hc.Lon, hsrc,
			formatInt(int64(ent.ComputedKM)), EarthRadiusKM))
	}
	if o := e.DistanceOverride; o != nil {
		ent.Overridden, ent.OverrideReason = true, strings.TrimSpace(o.Reason)
		ent.DistanceKM = o.KM
		computed := "no computed distance: coordinates unknown"
		if vok && hok {
			computed = "computed " + formatInt(int64(ent.ComputedKM)) + " km"
		}
		ent.Explanation = append(ent.Explanation, fmt.Sprintf("Distance overridden to %s km (%s); reason: %s.",
			formatInt(int64(o.KM)), computed, ent.OverrideReason))
	}
	return nil
}

func placeName(p Place) string {
	if strings.TrimSpace(p.City) != "" {
		return strings.TrimSpace(p.City)
	}
	return CountryName(p.Country)
}

func computeLumpSum(rs RuleSet, e Exchange, ent *Entitlement) error {
	l := rs.LumpSum
	if e.FirstWorkingDay.IsZero() {
		return fieldErr("first_working_day", "a lump sum needs the first and last working day of the stay")
	}
	first, last := dayOf(e.FirstWorkingDay), dayOf(e.LastWorkingDay)
	if days := int(last.Sub(first).Hours()/24) + 1; days > maxStayDays {
		return fieldErr("last_working_day", "the stay spans %d days; at most %d can be computed", days, maxStayDays)
	}
	if err := measure(e, ent); err != nil {
		return err
	}

	weekdays, holidays := workingDays(first, last, l.Holidays[e.Host.Country])
	ent.WorkingDays = weekdays - len(holidays)
	ent.Holidays = holidays
	step := fmt.Sprintf("Working days %s to %s: %d Monday–Friday", longDate(first), longDate(last), weekdays)
	if len(holidays) > 0 {
		step += fmt.Sprintf(", less %d public holiday%s in %s (%s)", len(holidays), plural(len(holidays)), e.Host.Country, strings.Join(holidays, ", "))
	}
	ent.Explanation = append(ent.Explanation, fmt.Sprintf("%s = %d working day%s.", step, ent.WorkingDays, plural(ent.WorkingDays)))

	capc, set := l.CapCents[e.Host.Country]
	capWhy := "threshold for " + e.Host.Country
	if !set {
		capc, capWhy = l.DefaultCapCents, "default threshold, none set for "+e.Host.Country
	}
	if capc > l.MaxCents {
		capc, capWhy = l.MaxCents, "scheme maximum"
	}
	ent.CapCents = capc
	ent.Explanation = append(ent.Explanation, fmt.Sprintf("Cap for host country %s (%s): %s (%s; scheme maximum %s).",
		e.Host.Country, CountryName(e.Host.Country), money(capc, rs.Currency), capWhy, money(l.MaxCents, rs.Currency)))

	var reasons []string
	if l.HalveBelowWorkingDays > 0 && ent.WorkingDays < l.HalveBelowWorkingDays {
		reasons = append(reasons, fmt.Sprintf("stay shorter than %d working days", l.HalveBelowWorkingDays))
	}
	if l.HalveBelowKM > 0 && ent.DistanceKM < l.HalveBelowKM {
		reasons = append(reasons, fmt.Sprintf("organisations less than %s km apart", formatInt(int64(l.HalveBelowKM))))
	}
	ent.AmountCents = capc
	apart := formatInt(int64(ent.DistanceKM)) + " km apart"
	if len(reasons) == 0 {
		var checks []string
		if l.HalveBelowWorkingDays > 0 {
			checks = append(checks, fmt.Sprintf("%d working day%s (halved below %d)", ent.WorkingDays, plural(ent.WorkingDays), l.HalveBelowWorkingDays))
		}
		if l.HalveBelowKM > 0 {
			checks = append(checks, fmt.Sprintf("%s (halved below %s km)", apart, formatInt(int64(l.HalveBelowKM))))
		}
		if len(checks) == 0 {
			checks = append(checks, "the rule set halves for nothing")
		}
		ent.Explanation = append(ent.Explanation, fmt.Sprintf("Not halved: %s: full lump sum %s.", strings.Join(checks, " and "), money(capc, rs.Currency)))
		ent.Summary = fmt.Sprintf("%d working day%s, %s: full lump sum %s (cap for %s)",
			ent.WorkingDays, plural(ent.WorkingDays), apart, money(capc, rs.Currency), e.Host.Country)
		return nil
	}
	ent.Halved = true
	ent.AmountCents = capc / 2
	why := strings.Join(reasons, " and ")
	once := ""
	if len(reasons) > 1 {
		once = " (both apply; the lump sum is halved only once)"
	}
	ent.Explanation = append(ent.Explanation, fmt.Sprintf("Halved: %s%s: %s ÷ 2 = %s.",
		why, once, money(capc, rs.Currency), money(ent.AmountCents, rs.Currency)))
	ent.Summary = fmt.Sprintf("%d working day%s, %s: half lump sum %s (cap %s for %s, halved: %s)",
		ent.WorkingDays, plural(ent.WorkingDays), apart, money(ent.AmountCents, rs.Currency), money(capc, rs.Currency), e.Host.Country, why)
	return nil
}

// workingDays counts Monday to Friday from first to last and returns the
// listed holidays (YYYY-MM-DD, in order) that fall on one of them.
func workingDays(first, last time.Time, listed []string) (weekdays int, holidays []string) {
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		weekdays++
		if s := d.Format(DateLayout); slices.Contains(listed, s) {
			holidays = append(holidays, s)
		}
	}
	return weekdays, holidays
}

func computeDistanceBand(rs RuleSet, e Exchange, ent *Entitlement) error {
	d := rs.DistanceBand
	if err := measure(e, ent); err != nil {
		return err
	}
	route := fmt.Sprintf("%s → %s %s km", placeName(e.Visitor), placeName(e.Host), formatInt(int64(ent.DistanceKM)))
	i := slices.IndexFunc(d.Bands, func(b Band) bool {
		return ent.DistanceKM >= b.MinKM && (b.MaxKM == 0 || ent.DistanceKM <= b.MaxKM)
	})
	if i < 0 {
		first := d.Bands[0].MinKM
		ent.Explanation = append(ent.Explanation, fmt.Sprintf("%s km is below the first band (from %s km): no travel support.",
			formatInt(int64(ent.DistanceKM)), formatInt(int64(first))))
		ent.Summary = fmt.Sprintf("%s, under %s km: no travel support (%s)", route, formatInt(int64(first)), rs.Name)
		return nil
	}
	b := d.Bands[i]
	ent.Band = bandLabel(b)
	travel, step := "standard travel", "Standard travel"
	ent.AmountCents = b.StandardCents
	if e.GreenTravel {
		if b.GreenCents > 0 {
			ent.AmountCents, ent.GreenRate = b.GreenCents, true
			travel, step = "green travel", "Green travel"
		} else {
			travel = "green travel, no green rate in this band: standard rate"
			step = "Green travel, but this band has no green-travel rate: standard rate"
		}
	}
	ent.Explanation = append(ent.Explanation, fmt.Sprintf("%s km falls in band %s: %s for standard travel%s.",
		formatInt(int64(ent.DistanceKM)), ent.Band, money(b.StandardCents, rs.Currency), greenRate(b, rs.Currency)))
	ent.Explanation = append(ent.Explanation, fmt.Sprintf("%s: %s for the return trip.", step, money(ent.AmountCents, rs.Currency)))
	if e.GreenTravel && d.ExtraTravelDays > 0 {
		ent.ExtraTravelDays = d.ExtraTravelDays
		ent.Explanation = append(ent.Explanation, fmt.Sprintf("Green travel also earns up to %d extra travel day%s of individual support (paid with the per-day allowance, not included in this amount).",
			d.ExtraTravelDays, plural(d.ExtraTravelDays)))
	}
	ent.Summary = fmt.Sprintf("%s, band %s: %s (%s, %s)", route, ent.Band, money(ent.AmountCents, rs.Currency), rs.Name, travel)
	return nil
}

func greenRate(b Band, currency string) string {
	if b.GreenCents == 0 {
		return ", no green-travel rate"
	}
	return ", " + money(b.GreenCents, currency) + " for green travel"
}

func bandLabel(b Band) string {
	if b.MaxKM == 0 {
		return formatInt(int64(b.MinKM)) + " km and more"
	}
	return formatInt(int64(b.MinKM)) + "–" + formatInt(int64(b.MaxKM)) + " km"
}

func computePerDay(rs RuleSet, e Exchange, ent *Entitlement) error {
	p := rs.PerDay
	from, to, what := e.ArrivalOn, e.DepartureOn, "arrival to departure"
	if from.IsZero() || to.IsZero() {
		from, to, what = e.FirstWorkingDay, e.LastWorkingDay, "first to last working day (no travel days given)"
	}
	if from.IsZero() || to.IsZero() {
		return fieldErr("arrival_on", "a per-day allowance needs the arrival and departure days (or the first and last working day)")
	}
	days := int(dayOf(to).Sub(dayOf(from)).Hours()/24) + 1
	if days > maxStayDays {
		return fieldErr("departure_on", "the stay spans %d days; at most %d can be computed", days, maxStayDays)
	}
	gi := slices.IndexFunc(p.Groups, func(g RateGroup) bool { return slices.Contains(g.Countries, e.Host.Country) })
	if gi < 0 {
		return fieldErr("host.country", "rule set %s has no per-day rate for host country %s (%s)", rs.ID, e.Host.Country, CountryName(e.Host.Country))
	}
	g := p.Groups[gi]
	ent.Explanation = append(ent.Explanation, fmt.Sprintf("Stay %s to %s, %s inclusive: %d day%s.",
		longDate(dayOf(from)), longDate(dayOf(to)), what, days, plural(days)))
	if e.GreenTravel && p.ExtraTravelDays > 0 {
		ent.ExtraTravelDays = p.ExtraTravelDays
		days += p.ExtraTravelDays
		ent.Explanation = append(ent.Explanation, fmt.Sprintf("Green travel: %d extra travel day%s = %d days.", p.ExtraTravelDays, plural(p.ExtraTravelDays), days))
	}
	if p.MaxDays > 0 && days > p.MaxDays {
		ent.Explanation = append(ent.Explanation, fmt.Sprintf("Capped at %d days.", p.MaxDays))
		days = p.MaxDays
	}
	ent.Days, ent.RateCents = days, g.RateCents
	ent.AmountCents = int64(days) * g.RateCents
	ent.Explanation = append(ent.Explanation, fmt.Sprintf("Host country %s (%s) is in group %q at %s a day: %d × %s = %s.",
		e.Host.Country, CountryName(e.Host.Country), g.Name, money(g.RateCents, rs.Currency), days, money(g.RateCents, rs.Currency), money(ent.AmountCents, rs.Currency)))
	ent.Summary = fmt.Sprintf("%d day%s in %s × %s: %s (%s)", days, plural(days), CountryName(e.Host.Country),
		money(g.RateCents, rs.Currency), money(ent.AmountCents, rs.Currency), rs.Name)
	return nil
}

// dayOf returns t's calendar day at midnight UTC.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func longDate(t time.Time) string { return t.Format("2 January 2006") }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// money formats cents as "EUR 1,100" or "EUR 1,100.50".
func money(cents int64, currency string) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	s := currency + " " + sign + formatInt(cents/100)
	if c := cents % 100; c != 0 {
		s += fmt.Sprintf(".%02d", c)
	}
	return s
}

// formatInt writes n with commas between thousands: 2,035.
func formatInt(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
