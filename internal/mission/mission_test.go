package mission

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func validMission() *Mission {
	return &Mission{Title: "Basque mission", HostCity: "Bilbao", HostCountry: "es", TimeZone: "Europe/Madrid",
		StartsOn: day("2023-11-13"), EndsOn: day("2023-11-15"), ArrivalOn: day("2023-11-12"), DepartureOn: day("2023-11-16")}
}

func TestMissionValidate(t *testing.T) {
	tests := []struct {
		name      string
		change    func(m *Mission)
		wantField string
	}{
		{"valid", func(m *Mission) {}, ""},
		{"no title", func(m *Mission) { m.Title = "  " }, "title"},
		{"long title", func(m *Mission) { m.Title = strings.Repeat("x", 201) }, "title"},
		{"unknown kind", func(m *Mission) { m.Kind = "cruise" }, "kind"},
		{"unknown status", func(m *Mission) { m.Status = "done" }, "status"},
		{"no host city", func(m *Mission) { m.HostCity = "" }, "host_city"},
		{"bad country", func(m *Mission) { m.HostCountry = "Spain" }, "host_country"},
		{"no start", func(m *Mission) { m.StartsOn = time.Time{} }, "starts_on"},
		{"dates in the wrong order", func(m *Mission) { m.EndsOn = day("2023-11-12") }, "ends_on"},
		{"arrival after start", func(m *Mission) { m.ArrivalOn = day("2023-11-14") }, "arrival_on"},
		{"departure before end", func(m *Mission) { m.DepartureOn = day("2023-11-14") }, "departure_on"},
		{"call closes before it opens", func(m *Mission) { m.CallOpensOn = day("2023-09-01"); m.CallClosesOn = day("2023-08-01") }, "call_closes_on"},
		{"negative capacity", func(m *Mission) { m.Capacity = -1 }, "capacity"},
		{"unknown time zone", func(m *Mission) { m.TimeZone = "Mars/Olympus" }, "time_zone"},
		{"negative quota", func(m *Mission) { m.Quotas = []Quota{{PartnerID: 1, Places: -2}} }, "quotas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := validMission()
			tt.change(m)
			err := m.Validate()
			var e *Error
			switch {
			case tt.wantField == "" && err != nil:
				t.Fatalf("got %v, want no error", err)
			case tt.wantField != "" && !errors.As(err, &e):
				t.Fatalf("got %v, want an *Error on %s", err, tt.wantField)
			case tt.wantField != "" && (e.Field != tt.wantField || e.Code != EINVALID):
				t.Fatalf("got field %q code %q, want field %q code invalid", e.Field, e.Code, tt.wantField)
			}
		})
	}
	m := validMission()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if m.HostCountry != "ES" || m.Kind != MissionDelegation || m.Status != StatusDraft {
		t.Errorf("got country %q kind %q status %q, want ES, delegation, draft (normalised)", m.HostCountry, m.Kind, m.Status)
	}
}

func TestOrganisationAndPersonValidate(t *testing.T) {
	org := func(change func(o *Organisation)) error {
		o := &Organisation{Name: "GAIA", Kind: KindCluster, Country: "es", Lat: 43.3, Lon: -2}
		change(o)
		return o.Validate()
	}
	orgCases := map[string]struct {
		change func(o *Organisation)
		field  string
	}{
		"valid":        {func(o *Organisation) {}, ""},
		"no name":      {func(o *Organisation) { o.Name = " " }, "name"},
		"unknown kind": {func(o *Organisation) { o.Kind = "club" }, "kind"},
		"country":      {func(o *Organisation) { o.Country = "E1" }, "country"},
		"latitude":     {func(o *Organisation) { o.Lat = 91 }, "city"},
		"staff":        {func(o *Organisation) { o.Staff = -1 }, "staff"},
	}
	for name, c := range orgCases {
		if got := fieldOf(org(c.change)); got != c.field {
			t.Errorf("organisation %s: got field %q, want %q", name, got, c.field)
		}
	}
	person := func(email string, orgID int64) error {
		p := &Person{Name: "Ane Etxeberria", Email: email, OrganisationID: orgID}
		return p.Validate()
	}
	personCases := []struct {
		email string
		orgID int64
		field string
	}{
		{"Ane@Example.org ", 1, ""},
		{"", 1, ""},
		{"ane@", 1, "email"},
		{"ane@localhost", 1, "email"},
		{"Ane <ane@example.org>", 1, "email"},
		{"ane@example.org", 0, "organisation_id"},
	}
	for _, c := range personCases {
		if got := fieldOf(person(c.email, c.orgID)); got != c.field {
			t.Errorf("person %q org %d: got field %q, want %q", c.email, c.orgID, got, c.field)
		}
	}
	p := &Person{Name: "A", Email: " Ane@Example.ORG", OrganisationID: 1}
	if err := p.Validate(); err != nil || p.Email != "ane@example.org" {
		t.Errorf("got %q %v, want the e-mail lower-cased and trimmed", p.Email, err)
	}
	if (&Organisation{Kind: KindSME, Staff: 40}).IsSME() != true || (&Organisation{Kind: KindSME, Staff: 300}).IsSME() || (&Organisation{Kind: KindCluster}).IsSME() {
		t.Error("IsSME: want true only for kind sme with fewer than 250 staff")
	}
}

func TestProgrammeItemValidate(t *testing.T) {
	start := time.Date(2023, 11, 13, 9, 0, 0, 0, time.UTC)
	item := func(change func(it *ProgrammeItem)) error {
		it := &ProgrammeItem{Kind: ItemSiteVisit, Title: "Bilbao AS Fabrik", StartsAt: start, EndsAt: start.Add(2 * time.Hour)}
		change(it)
		return it.Validate()
	}
	cases := map[string]struct {
		change func(it *ProgrammeItem)
		field  string
	}{
		"valid":              {func(it *ProgrammeItem) {}, ""},
		"ends before start":  {func(it *ProgrammeItem) { it.EndsAt = start.Add(-time.Minute) }, "ends_at"},
		"zero length":        {func(it *ProgrammeItem) { it.EndsAt = start }, "ends_at"},
		"unknown kind":       {func(it *ProgrammeItem) { it.Kind = "party" }, "kind"},
		"b2b without slots":  {func(it *ProgrammeItem) { it.Kind = ItemB2BSession }, "slot_minutes"},
		"b2b with slots":     {func(it *ProgrammeItem) { it.Kind = ItemB2BSession; it.SlotMinutes = 20; it.Tables = 30 }, ""},
		"negative capacity":  {func(it *ProgrammeItem) { it.Capacity = -3 }, "capacity"},
		"description length": {func(it *ProgrammeItem) { it.Description = strings.Repeat("é", 5001) }, "description"},
	}
	for name, c := range cases {
		if got := fieldOf(item(c.change)); got != c.field {
			t.Errorf("%s: got field %q, want %q", name, got, c.field)
		}
	}
}

func TestCanTransition(t *testing.T) {
	allowed := [][2]string{
		{AppDraft, AppSubmitted}, {AppSubmitted, AppEligible}, {AppSubmitted, AppIneligible},
		{AppEligible, AppShortlisted}, {AppShortlisted, AppAccepted}, {AppShortlisted, AppWaitlisted},
		{AppWaitlisted, AppAccepted}, {AppAccepted, AppConfirmed}, {AppConfirmed, AppWithdrawn},
		{AppIneligible, AppEligible}, {AppEligible, AppRejected},
	}
	for _, tr := range allowed {
		if !CanTransition(tr[0], tr[1]) {
			t.Errorf("CanTransition(%s, %s) = false, want true", tr[0], tr[1])
		}
	}
	refused := [][2]string{
		{AppDraft, AppAccepted}, {AppRejected, AppAccepted}, {AppWithdrawn, AppSubmitted},
		{AppConfirmed, AppAccepted}, {AppSubmitted, AppConfirmed}, {"unknown", AppSubmitted},
	}
	for _, tr := range refused {
		if CanTransition(tr[0], tr[1]) {
			t.Errorf("CanTransition(%s, %s) = true, want false", tr[0], tr[1])
		}
	}
}

func TestMarketplaceAndRequestValidate(t *testing.T) {
	it := &MarketplaceItem{Side: Offer, Category: "technology", Title: "3D printing of titanium parts"}
	if err := it.Validate(); err != nil {
		t.Fatalf("got %v, want a valid item", err)
	}
	it.Side = "swap"
	if got := fieldOf(it.Validate()); got != "side" {
		t.Errorf("got field %q, want side", got)
	}
	r := &MeetingRequest{FromPersonID: 1, ToPersonID: 1}
	if got := fieldOf(r.Validate()); got != "to_person_id" {
		t.Errorf("meeting with oneself: got field %q, want to_person_id", got)
	}
	r = &MeetingRequest{FromPersonID: 1, ToPersonID: 2}
	if err := r.Validate(); err != nil || r.Priority != PriorityShould || r.Status != RequestPending {
		t.Errorf("got %v priority %q status %q, want defaults should/pending", err, r.Priority, r.Status)
	}
	r.Priority = "urgent"
	if got := fieldOf(r.Validate()); got != "priority" {
		t.Errorf("got field %q, want priority", got)
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	nf := Errorf(ENOTFOUND, "mission %d not found", 42)
	wrapped := fmt.Errorf("show mission: %w", nf)
	if got := ErrorCode(wrapped); got != ENOTFOUND {
		t.Errorf("got code %q, want not_found", got)
	}
	if got := ErrorMessage(wrapped); got != "mission 42 not found" {
		t.Errorf("got message %q", got)
	}
	plain := errors.New("connection reset by peer at 10.0.0.1")
	if ErrorCode(plain) != EINTERNAL || strings.Contains(ErrorMessage(plain), "10.0.0.1") {
		t.Errorf("got %q %q, want internal and a generic message", ErrorCode(plain), ErrorMessage(plain))
	}
	if ErrorCode(nil) != "" || ErrorMessage(nil) != "" {
		t.Error("nil error: want empty code and message")
	}
}

// fieldOf returns the field of an *Error, "" for nil, "?" for other errors.
func fieldOf(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Field
	}
	return "?"
}
