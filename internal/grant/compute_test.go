package grant

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// defaultSet returns the embedded rule set with the given id.
func defaultSet(t *testing.T, id string) RuleSet {
	t.Helper()
	sets, err := Defaults()
	if err != nil {
		t.Fatalf("Defaults: %v", err)
	}
	for _, rs := range sets {
		if rs.ID == id {
			return rs
		}
	}
	t.Fatalf("no default rule set %q", id)
	return RuleSet{}
}

func date(s string) time.Time {
	d, err := time.Parse(DateLayout, s)
	if err != nil {
		panic(err)
	}
	return d
}

func compute(t *testing.T, rs RuleSet, e Exchange) Entitlement {
	t.Helper()
	ent, err := Compute(rs, e)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return ent
}

var (
	vilnius = Place{City: "Vilnius", Country: "LT"}
	warsaw  = Place{City: "Warsaw", Country: "PL"}
	bilbao  = Place{City: "Bilbao", Country: "ES"}
	dresden = Place{City: "Dresden", Country: "DE"}
	// Bayonne is not in the city data: explicit coordinates.
	bayonne  = Place{City: "Bayonne", Country: "FR", Coords: &Coords{Lat: 43.4929, Lon: -1.4748}}
	toulouse = Place{City: "Toulouse", Country: "FR"}
)

func TestDistanceKnownPairs(t *testing.T) {
	for _, tc := range []struct {
		from, to Place
		want     int
	}{
		// Hand-checked with the haversine formula on the city data's
		// coordinates (Warsaw 52.25, 21.0; Bilbao 43.2627062, -2.9252815).
		{warsaw, bilbao, 2035},
		{vilnius, bilbao, 2396},
		{dresden, bilbao, 1523},
		{toulouse, bilbao, 354},
	} {
		lat1, lon1, ok1 := City(tc.from.City, tc.from.Country)
		lat2, lon2, ok2 := City(tc.to.City, tc.to.Country)
		if !ok1 || !ok2 {
			t.Fatalf("City(%s) ok=%v, City(%s) ok=%v", tc.from.City, ok1, tc.to.City, ok2)
		}
		if got := DistanceKM(Coords{lat1, lon1}, Coords{lat2, lon2}); got != tc.want {
			t.Errorf("%s–%s: got %d km, want %d", tc.from.City, tc.to.City, got, tc.want)
		}
	}
}

func TestDistanceFloorsAndIsSymmetric(t *testing.T) {
	// One degree of latitude on the mean sphere is 6371.0088·π/180 =
	// 111.195 km: floored to 111.
	a, b := Coords{Lat: 40, Lon: 0}, Coords{Lat: 41, Lon: 0}
	if got := DistanceKM(a, b); got != 111 {
		t.Errorf("one degree: got %d km, want 111", got)
	}
	if DistanceKM(a, b) != DistanceKM(b, a) {
		t.Errorf("distance is not symmetric")
	}
	if got := DistanceKM(a, a); got != 0 {
		t.Errorf("same point: got %d km, want 0", got)
	}
	// Antipodes: half the circumference, π·6371.0088 = 20015.1 km.
	if got := DistanceKM(Coords{0, 0}, Coords{0, 180}); got != 20015 {
		t.Errorf("antipodes: got %d km, want 20015", got)
	}
}

// overridden returns an exchange whose distance is set to km by an
// override, to test band edges exactly.
func overridden(km int, green bool) Exchange {
	return Exchange{
		Visitor: warsaw, Host: bilbao, GreenTravel: green,
		DistanceOverride: &DistanceOverride{KM: km, Reason: "band edge test"},
	}
}

func TestDistanceBandEdges(t *testing.T) {
	e24 := defaultSet(t, "erasmus-2024")
	e21 := defaultSet(t, "erasmus-2021-23")
	for _, tc := range []struct {
		rs        RuleSet
		km        int
		green     bool
		wantCents int64
		wantBand  string
	}{
		{e24, 0, false, 0, ""},
		{e24, 9, false, 0, ""},
		{e24, 10, false, 2800, "10–99 km"},
		{e24, 99, false, 2800, "10–99 km"},
		{e24, 100, false, 21100, "100–499 km"},
		{e24, 499, false, 21100, "100–499 km"},
		{e24, 500, false, 30900, "500–1,999 km"},
		{e24, 1999, false, 30900, "500–1,999 km"},
		{e24, 2000, false, 39500, "2,000–2,999 km"},
		{e24, 2999, false, 39500, "2,000–2,999 km"},
		{e24, 3000, false, 58000, "3,000–3,999 km"},
		{e24, 3999, false, 58000, "3,000–3,999 km"},
		{e24, 4000, false, 118800, "4,000–7,999 km"},
		{e24, 7999, false, 118800, "4,000–7,999 km"},
		{e24, 8000, false, 173500, "8,000 km and more"},
		{e24, 19000, false, 173500, "8,000 km and more"},
		{e24, 99, true, 5600, "10–99 km"},
		{e24, 100, true, 28500, "100–499 km"},
		{e24, 1999, true, 41700, "500–1,999 km"},
		{e24, 2000, true, 53500, "2,000–2,999 km"},
		{e24, 3999, true, 78500, "3,000–3,999 km"},
		{e24, 4000, true, 118800, "4,000–7,999 km"}, // no green rate
		{e21, 9, false, 0, ""},
		{e21, 99, false, 2300, "10–99 km"},
		{e21, 99, true, 2300, "10–99 km"}, // no green rate
		{e21, 100, false, 18000, "100–499 km"},
		{e21, 100, true, 21000, "100–499 km"},
		{e21, 1999, false, 27500, "500–1,999 km"},
		{e21, 2000, false, 36000, "2,000–2,999 km"},
		{e21, 2000, true, 41000, "2,000–2,999 km"},
		{e21, 3000, true, 61000, "3,000–3,999 km"},
		{e21, 4000, false, 82000, "4,000–7,999 km"},
		{e21, 8000, false, 150000, "8,000 km and more"},
	} {
		ent := compute(t, tc.rs, overridden(tc.km, tc.green))
		if ent.AmountCents != tc.wantCents || ent.Band != tc.wantBand {
			t.Errorf("%s %d km green=%v: got %d cents band %q, want %d cents band %q",
				tc.rs.ID, tc.km, tc.green, ent.AmountCents, ent.Band, tc.wantCents, tc.wantBand)
		}
		if ent.DistanceKM != tc.km {
			t.Errorf("%s %d km: DistanceKM got %d", tc.rs.ID, tc.km, ent.DistanceKM)
		}
	}
}

func TestDistanceBandFromCoordinatesFloors(t *testing.T) {
	rs := defaultSet(t, "erasmus-2024")
	// Points on one meridian: the distance is R·Δφ. 99.9 km floors to 99
	// (band 10–99), 100.1 km to 100 (band 100–499).
	deg := func(km float64) float64 { return km / EarthRadiusKM * 180 / 3.141592653589793 }
	for _, tc := range []struct {
		km       float64
		wantKM   int
		wantCent int64
	}{
		{99.9, 99, 2800},
		{100.1, 100, 21100},
		{1999.9, 1999, 30900},
		{2000.1, 2000, 39500},
	} {
		e := Exchange{
			Visitor: Place{City: "A", Country: "PL", Coords: &Coords{Lat: 40, Lon: 5}},
			Host:    Place{City: "B", Country: "ES", Coords: &Coords{Lat: 40 + deg(tc.km), Lon: 5}},
		}
		ent := compute(t, rs, e)
		if ent.DistanceKM != tc.wantKM || ent.AmountCents != tc.wantCent {
			t.Errorf("%.1f km: got %d km, %d cents; want %d km, %d cents", tc.km, ent.DistanceKM, ent.AmountCents, tc.wantKM, tc.wantCent)
		}
	}
}

func TestDistanceBandWarsawBilbao(t *testing.T) {
	ent := compute(t, defaultSet(t, "erasmus-2024"), Exchange{Visitor: warsaw, Host: bilbao})
	if ent.DistanceKM != 2035 || ent.ComputedKM != 2035 || ent.Band != "2,000–2,999 km" || ent.AmountCents != 39500 {
		t.Errorf("got %d km (computed %d), band %q, %d cents; want 2035 km, band 2,000–2,999 km, 39500 cents",
			ent.DistanceKM, ent.ComputedKM, ent.Band, ent.AmountCents)
	}
	if ent.VisitorCoords == nil || ent.VisitorCoords.Lat != 52.25 || ent.HostCoords == nil || ent.HostCoords.Lon != -2.9252815 {
		t.Errorf("coordinates used not kept: visitor %v, host %v", ent.VisitorCoords, ent.HostCoords)
	}
}

func TestDistanceBandSummary(t *testing.T) {
	rs := defaultSet(t, "erasmus-2024")
	ent := compute(t, rs, Exchange{Visitor: vilnius, Host: bilbao})
	want := "Vilnius → Bilbao 2,396 km, band 2,000–2,999 km: EUR 395 (Erasmus+ 2024, standard travel)"
	if ent.Summary != want {
		t.Errorf("summary:\n got %q\nwant %q", ent.Summary, want)
	}
	if len(ent.Explanation) < 2 || !strings.Contains(ent.Explanation[0], "54.6833, 25.3167") {
		t.Errorf("explanation should start with the coordinates used, got %q", ent.Explanation)
	}

	green := compute(t, rs, Exchange{Visitor: vilnius, Host: bilbao, GreenTravel: true})
	want = "Vilnius → Bilbao 2,396 km, band 2,000–2,999 km: EUR 535 (Erasmus+ 2024, green travel)"
	if green.Summary != want || !green.GreenRate || green.ExtraTravelDays != 4 {
		t.Errorf("green: got %q, green rate %v, extra days %d; want %q, true, 4", green.Summary, green.GreenRate, green.ExtraTravelDays, want)
	}
	if ent.ExtraTravelDays != 0 || ent.GreenRate {
		t.Errorf("standard travel: extra days %d, green rate %v; want 0, false", ent.ExtraTravelDays, ent.GreenRate)
	}

	old := compute(t, defaultSet(t, "erasmus-2021-23"), Exchange{Visitor: vilnius, Host: bilbao, GreenTravel: true})
	if old.AmountCents != 41000 || old.ExtraTravelDays != 0 {
		t.Errorf("2021–23 green: got %d cents, %d extra days; want 41000, 0", old.AmountCents, old.ExtraTravelDays)
	}
}

func TestDistanceBandNoGreenRate(t *testing.T) {
	ent := compute(t, defaultSet(t, "erasmus-2024"), overridden(5000, true))
	if ent.GreenRate || ent.AmountCents != 118800 || !strings.Contains(ent.Summary, "no green rate in this band: standard rate") {
		t.Errorf("got green rate %v, %d cents, %q; want standard rate 118800 explained", ent.GreenRate, ent.AmountCents, ent.Summary)
	}
}

func TestOverrideRequiresReason(t *testing.T) {
	rs := defaultSet(t, "erasmus-2024")
	for _, reason := range []string{"", "   "} {
		e := Exchange{Visitor: warsaw, Host: bilbao, DistanceOverride: &DistanceOverride{KM: 1500, Reason: reason}}
		_, err := Compute(rs, e)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != "distance_override.reason" {
			t.Errorf("reason %q: got %v, want a FieldError on distance_override.reason", reason, err)
		}
	}
	e := Exchange{Visitor: warsaw, Host: bilbao, DistanceOverride: &DistanceOverride{KM: 1500, Reason: "Office is in Gdańsk, not Warsaw"}}
	ent := compute(t, rs, e)
	if !ent.Overridden || ent.DistanceKM != 1500 || ent.ComputedKM != 2035 || ent.AmountCents != 30900 {
		t.Errorf("got overridden %v, %d km (computed %d), %d cents; want true, 1500 (2035), 30900",
			ent.Overridden, ent.DistanceKM, ent.ComputedKM, ent.AmountCents)
	}
	if !strings.Contains(strings.Join(ent.Explanation, "\n"), "reason: Office is in Gdańsk, not Warsaw") {
		t.Errorf("explanation lacks the override reason: %q", ent.Explanation)
	}
}

func TestUnknownCityNeedsCoordinatesOrOverride(t *testing.T) {
	rs := defaultSet(t, "erasmus-2024")
	nowhere := Place{City: "Nowhereville", Country: "ES"}
	_, err := Compute(rs, Exchange{Visitor: warsaw, Host: nowhere})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "host.city" {
		t.Fatalf("got %v, want a FieldError on host.city", err)
	}
	ent := compute(t, rs, Exchange{Visitor: warsaw, Host: nowhere, DistanceOverride: &DistanceOverride{KM: 2100, Reason: "measured on a map"}})
	if ent.AmountCents != 39500 || ent.VisitorCoords != nil || ent.ComputedKM != 0 {
		t.Errorf("got %d cents, coords %v, computed %d; want 39500, nil, 0", ent.AmountCents, ent.VisitorCoords, ent.ComputedKM)
	}
}

// withCap returns the ClusterXchange set with a cap for one host country.
func withCap(t *testing.T, country string, cents int64) RuleSet {
	t.Helper()
	rs := defaultSet(t, "clusterxchange-2022-24")
	ls := *rs.LumpSum
	ls.CapCents = map[string]int64{country: cents}
	rs.LumpSum = &ls
	return rs
}

func stay(visitor, host Place, first, last string) Exchange {
	return Exchange{Visitor: visitor, Host: host, FirstWorkingDay: date(first), LastWorkingDay: date(last)}
}

func TestLumpSum(t *testing.T) {
	cx := defaultSet(t, "clusterxchange-2022-24")
	cap780 := withCap(t, "ES", 78000)
	for _, tc := range []struct {
		name        string
		rs          RuleSet
		e           Exchange
		wantDays    int
		wantHalved  bool
		wantCents   int64
		wantCap     int64
		wantSummary string
	}{
		// 8–12 May 2023 is Monday to Friday; Dresden–Bilbao 1,523 km.
		{"5 days far", cx, stay(dresden, bilbao, "2023-05-08", "2023-05-12"), 5, false, 110000, 110000,
			"5 working days, 1,523 km apart: full lump sum EUR 1,100 (cap for ES)"},
		{"3 days far", cx, stay(dresden, bilbao, "2023-05-08", "2023-05-10"), 3, true, 55000, 110000,
			"3 working days, 1,523 km apart: half lump sum EUR 550 (cap EUR 1,100 for ES, halved: stay shorter than 5 working days)"},
		{"4 days far", cx, stay(dresden, bilbao, "2023-05-08", "2023-05-11"), 4, true, 55000, 110000, ""},
		// Bayonne–Bilbao is 119.99 km on the coordinates given: 119 km floored.
		{"5 days near", cx, stay(bayonne, bilbao, "2023-05-08", "2023-05-12"), 5, true, 55000, 110000,
			"5 working days, 119 km apart: half lump sum EUR 550 (cap EUR 1,100 for ES, halved: organisations less than 200 km apart)"},
		{"3 days near: halved once", cx, stay(bayonne, bilbao, "2023-05-08", "2023-05-10"), 3, true, 55000, 110000,
			"3 working days, 119 km apart: half lump sum EUR 550 (cap EUR 1,100 for ES, halved: stay shorter than 5 working days and organisations less than 200 km apart)"},
		// The published example: 780 EUR for 5 days, 390 EUR for 3 days.
		{"780 cap 5 days", cap780, stay(dresden, bilbao, "2023-05-08", "2023-05-12"), 5, false, 78000, 78000,
			"5 working days, 1,523 km apart: full lump sum EUR 780 (cap for ES)"},
		{"780 cap 3 days", cap780, stay(dresden, bilbao, "2023-05-08", "2023-05-10"), 3, true, 39000, 78000, ""},
		// The cap is per host country: a cap for ES does not apply in FR.
		{"780 cap elsewhere", cap780, stay(dresden, toulouse, "2023-05-08", "2023-05-12"), 5, false, 110000, 110000, ""},
		// 1 May 2023 (Monday) is a public holiday the set lists for ES only.
		{"holiday in ES", cx, stay(dresden, bilbao, "2023-05-01", "2023-05-05"), 4, true, 55000, 110000, ""},
		{"no holiday listed for FR", cx, stay(dresden, toulouse, "2023-05-01", "2023-05-05"), 5, false, 110000, 110000, ""},
		// Thursday 11 to Tuesday 16 May 2023: the weekend does not count.
		{"weekend excluded", cx, stay(dresden, bilbao, "2023-05-11", "2023-05-16"), 4, true, 55000, 110000, ""},
		// 8 May to 1 June 2023: 19 weekdays, no listed holiday.
		{"long stay", cx, stay(dresden, bilbao, "2023-05-08", "2023-06-01"), 19, false, 110000, 110000, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ent := compute(t, tc.rs, tc.e)
			if ent.WorkingDays != tc.wantDays || ent.Halved != tc.wantHalved || ent.AmountCents != tc.wantCents || ent.CapCents != tc.wantCap {
				t.Errorf("got %d days, halved %v, %d cents, cap %d; want %d, %v, %d, %d",
					ent.WorkingDays, ent.Halved, ent.AmountCents, ent.CapCents, tc.wantDays, tc.wantHalved, tc.wantCents, tc.wantCap)
			}
			if tc.wantSummary != "" && ent.Summary != tc.wantSummary {
				t.Errorf("summary:\n got %q\nwant %q", ent.Summary, tc.wantSummary)
			}
			if len(ent.Explanation) < 4 {
				t.Errorf("want a step each for distance, working days, cap and halving, got %q", ent.Explanation)
			}
		})
	}
}

func TestLumpSumDesignExample(t *testing.T) {
	e := stay(dresden, bilbao, "2023-05-08", "2023-05-12")
	e.DistanceOverride = &DistanceOverride{KM: 1890, Reason: "host site in Vitoria-Gasteiz"}
	ent := compute(t, defaultSet(t, "clusterxchange-2022-24"), e)
	want := "5 working days, 1,890 km apart: full lump sum EUR 1,100 (cap for ES)"
	if ent.Summary != want {
		t.Errorf("got %q, want %q", ent.Summary, want)
	}
}

func TestLumpSumHolidaysReported(t *testing.T) {
	ent := compute(t, defaultSet(t, "clusterxchange-2022-24"), stay(dresden, bilbao, "2023-12-04", "2023-12-08"))
	// 6 December (Wednesday) and 8 December (Friday) 2023 are listed.
	if ent.WorkingDays != 3 || len(ent.Holidays) != 2 || ent.Holidays[0] != "2023-12-06" || ent.Holidays[1] != "2023-12-08" {
		t.Errorf("got %d working days, holidays %v; want 3, [2023-12-06 2023-12-08]", ent.WorkingDays, ent.Holidays)
	}
}

func TestLumpSumNeedsWorkingDays(t *testing.T) {
	_, err := Compute(defaultSet(t, "clusterxchange-2022-24"), Exchange{Visitor: dresden, Host: bilbao})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "first_working_day" {
		t.Errorf("got %v, want a FieldError on first_working_day", err)
	}
}

func TestExchangeValidation(t *testing.T) {
	rs := defaultSet(t, "clusterxchange-2022-24")
	for _, tc := range []struct {
		name  string
		e     Exchange
		field string
	}{
		{"unknown visitor country", Exchange{Visitor: Place{City: "X", Country: "QQ"}, Host: bilbao}, "visitor.country"},
		{"lower-case host country", Exchange{Visitor: dresden, Host: Place{City: "Bilbao", Country: "es"}}, "host.country"},
		{"coordinates out of range", Exchange{Visitor: Place{City: "X", Country: "FR", Coords: &Coords{Lat: 91}}, Host: bilbao}, "visitor.coords"},
		{"last before first", stay(dresden, bilbao, "2023-05-12", "2023-05-08"), "last_working_day"},
		{"only first", Exchange{Visitor: dresden, Host: bilbao, FirstWorkingDay: date("2023-05-08")}, "last_working_day"},
		{"arrival after first", func() Exchange {
			e := stay(dresden, bilbao, "2023-05-08", "2023-05-12")
			e.ArrivalOn = date("2023-05-09")
			return e
		}(), "arrival_on"},
		{"departure before last", func() Exchange {
			e := stay(dresden, bilbao, "2023-05-08", "2023-05-12")
			e.DepartureOn = date("2023-05-11")
			return e
		}(), "departure_on"},
		{"negative override", func() Exchange {
			e := stay(dresden, bilbao, "2023-05-08", "2023-05-12")
			e.DistanceOverride = &DistanceOverride{KM: -1, Reason: "typo"}
			return e
		}(), "distance_override.km"},
	} {
		_, err := Compute(rs, tc.e)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: got %v, want a FieldError on %s", tc.name, err, tc.field)
		}
	}
}

func TestComputeRejectsInvalidRuleSet(t *testing.T) {
	rs := defaultSet(t, "erasmus-2024")
	rs.DistanceBand = nil
	if _, err := Compute(rs, Exchange{Visitor: warsaw, Host: bilbao}); err == nil {
		t.Errorf("got nil error for a rule set without its section")
	}
}

func TestPerDay(t *testing.T) {
	rs := defaultSet(t, "erasmus-staff-per-day")
	// Sunday 7 to Friday 12 May 2023: 6 days, arrival and departure included.
	e := Exchange{Visitor: dresden, Host: bilbao, ArrivalOn: date("2023-05-07"), DepartureOn: date("2023-05-12"),
		FirstWorkingDay: date("2023-05-08"), LastWorkingDay: date("2023-05-11")}
	ent := compute(t, rs, e)
	if ent.Days != 6 || ent.RateCents != 11000 || ent.AmountCents != 66000 {
		t.Errorf("ES: got %d days × %d = %d cents; want 6 × 11000 = 66000", ent.Days, ent.RateCents, ent.AmountCents)
	}
	if want := "6 days in Spain × EUR 110: EUR 660 (Erasmus+ staff per-day allowance)"; ent.Summary != want {
		t.Errorf("summary: got %q, want %q", ent.Summary, want)
	}

	e.GreenTravel = true
	if ent := compute(t, rs, e); ent.Days != 10 || ent.AmountCents != 110000 || ent.ExtraTravelDays != 4 {
		t.Errorf("ES green: got %d days, %d cents, %d extra; want 10, 110000, 4", ent.Days, ent.AmountCents, ent.ExtraTravelDays)
	}

	e.GreenTravel = false
	e.Host = Place{City: "Muenchen", Country: "DE"}
	if ent := compute(t, rs, e); ent.AmountCents != 72000 {
		t.Errorf("DE: got %d cents, want 6 × 12000 = 72000", ent.AmountCents)
	}
	e.Host = Place{City: "Krakow", Country: "PL"}
	if ent := compute(t, rs, e); ent.AmountCents != 60000 {
		t.Errorf("PL: got %d cents, want 6 × 10000 = 60000", ent.AmountCents)
	}

	// Without travel days, the working days are counted.
	e.ArrivalOn, e.DepartureOn = time.Time{}, time.Time{}
	if ent := compute(t, rs, e); ent.Days != 4 || ent.AmountCents != 40000 {
		t.Errorf("PL working days only: got %d days, %d cents; want 4, 40000", ent.Days, ent.AmountCents)
	}

	e.Host = Place{City: "New York", Country: "US"}
	_, err := Compute(rs, e)
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "host.country" {
		t.Errorf("US: got %v, want a FieldError on host.country", err)
	}
}

func TestPerDayMaxDays(t *testing.T) {
	rs := defaultSet(t, "erasmus-staff-per-day")
	pd := *rs.PerDay
	pd.MaxDays = 5
	rs.PerDay = &pd
	e := Exchange{Visitor: dresden, Host: bilbao, ArrivalOn: date("2023-05-07"), DepartureOn: date("2023-05-12")}
	if ent := compute(t, rs, e); ent.Days != 5 || ent.AmountCents != 55000 {
		t.Errorf("got %d days, %d cents; want 5, 55000", ent.Days, ent.AmountCents)
	}
}

func TestMoney(t *testing.T) {
	for _, tc := range []struct {
		cents int64
		want  string
	}{
		{0, "EUR 0"}, {2800, "EUR 28"}, {110000, "EUR 1,100"}, {173500, "EUR 1,735"},
		{39050, "EUR 390.50"}, {5, "EUR 0.05"}, {123456789, "EUR 1,234,567.89"}, {-2800, "EUR -28"},
	} {
		if got := money(tc.cents, "EUR"); got != tc.want {
			t.Errorf("money(%d): got %q, want %q", tc.cents, got, tc.want)
		}
	}
}

// TestDistanceBandInvariants checks every whole distance up to 10,000 km
// against properties any distance-band table must have: nothing below the
// first band, amounts that never fall as the distance grows, a green rate
// at least the standard one, and a band label that contains the distance.
func TestDistanceBandInvariants(t *testing.T) {
	for _, id := range []string{"erasmus-2021-23", "erasmus-2024"} {
		rs := defaultSet(t, id)
		first := rs.DistanceBand.Bands[0].MinKM
		var prevStd int64
		for km := 0; km <= 10000; km++ {
			std := compute(t, rs, overridden(km, false))
			green := compute(t, rs, overridden(km, true))
			switch {
			case km < first && (std.AmountCents != 0 || std.Band != ""):
				t.Fatalf("%s %d km: got %d cents in band %q below the first band", id, km, std.AmountCents, std.Band)
			case km >= first && std.AmountCents <= 0:
				t.Fatalf("%s %d km: got %d cents, want a positive amount", id, km, std.AmountCents)
			case std.AmountCents < prevStd:
				t.Fatalf("%s %d km: amount fell from %d to %d", id, km, prevStd, std.AmountCents)
			case green.AmountCents < std.AmountCents:
				t.Fatalf("%s %d km: green %d below standard %d", id, km, green.AmountCents, std.AmountCents)
			}
			prevStd = std.AmountCents
		}
	}
}

func BenchmarkComputeDistanceBand(b *testing.B) {
	sets, err := Defaults()
	if err != nil {
		b.Fatal(err)
	}
	rs, _ := Select(sets, "erasmus-2024", date("2024-05-01"))
	e := Exchange{Visitor: vilnius, Host: bilbao, GreenTravel: true}
	for b.Loop() {
		if _, err := Compute(rs, e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkComputeLumpSum(b *testing.B) {
	sets, err := Defaults()
	if err != nil {
		b.Fatal(err)
	}
	rs, _ := Select(sets, "clusterxchange-2022-24", date("2023-05-01"))
	e := stay(dresden, bilbao, "2023-05-01", "2023-05-26")
	for b.Loop() {
		if _, err := Compute(rs, e); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCity(b *testing.B) {
	City("Bilbao", "ES") // build the index outside the loop
	for b.Loop() {
		if _, _, ok := City("Donostia-San Sebastián", "ES"); !ok {
			b.Fatal("not found")
		}
	}
}

func TestLumpSumHalvingThresholdsFromData(t *testing.T) {
	rs := defaultSet(t, "clusterxchange-2022-24")
	ls := *rs.LumpSum
	ls.HalveBelowWorkingDays, ls.HalveBelowKM = 0, 2000
	rs.LumpSum = &ls
	// 3 working days no longer halve; 1,523 km is now under the distance
	// threshold.
	ent := compute(t, rs, stay(dresden, bilbao, "2023-05-08", "2023-05-10"))
	if !ent.Halved || ent.AmountCents != 55000 || !strings.Contains(ent.Summary, "halved: organisations less than 2,000 km apart") {
		t.Errorf("got halved %v, %d cents, %q", ent.Halved, ent.AmountCents, ent.Summary)
	}
	ls.HalveBelowKM = 0
	ent = compute(t, rs, stay(dresden, bilbao, "2023-05-08", "2023-05-10"))
	if ent.Halved || ent.AmountCents != 110000 {
		t.Errorf("no thresholds: got halved %v, %d cents; want full 110000", ent.Halved, ent.AmountCents)
	}
}
