package mission

import (
	"slices"
	"testing"
	"time"
)

func TestPayingPartner(t *testing.T) {
	tests := []struct {
		name string
		e    KPIExchange
		want int64
	}{
		{"grant first", KPIExchange{GrantPartnerID: 4, QuotaPartnerID: 3, MemberPartnerID: 2, OrganiserPartnerID: 1}, 4},
		{"else quota", KPIExchange{QuotaPartnerID: 3, MemberPartnerID: 2, OrganiserPartnerID: 1}, 3},
		{"else own cluster", KPIExchange{MemberPartnerID: 2, OrganiserPartnerID: 1}, 2},
		{"else organisers", KPIExchange{OrganiserPartnerID: 1}, 1},
		{"else none", KPIExchange{}, 0},
	}
	for _, tt := range tests {
		if got := tt.e.PayingPartner(); got != tt.want {
			t.Errorf("%s: got partner %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestMeetingHeld(t *testing.T) {
	yes := func(kind string) MeetingOutcome { return MeetingOutcome{Held: true, Outcome: kind} }
	no := MeetingOutcome{Outcome: OutcomeNone}
	tests := []struct {
		name          string
		records       []MeetingOutcome
		held, outcome string
	}{
		{"no record", nil, HeldUnreported, ""},
		{"one side says held", []MeetingOutcome{yes(OutcomeFollowUp)}, HeldYes, OutcomeFollowUp},
		{"furthest outcome wins", []MeetingOutcome{yes(OutcomeContract), yes(OutcomeFollowUp)}, HeldYes, OutcomeContract},
		{"both held, nothing", []MeetingOutcome{yes(OutcomeNone), yes(OutcomeNone)}, HeldYes, OutcomeNone},
		{"not held", []MeetingOutcome{no, no}, HeldNo, ""},
		{"sides disagree", []MeetingOutcome{yes(OutcomeOffer), no}, HeldDisputed, ""},
	}
	for _, tt := range tests {
		held, outcome := MeetingHeld(tt.records)
		if held != tt.held || outcome != tt.outcome {
			t.Errorf("%s: got %q %q, want %q %q", tt.name, held, outcome, tt.held, tt.outcome)
		}
	}
}

func TestComputeKPIEmptyAndUnassigned(t *testing.T) {
	k := ComputeKPI(KPIFacts{MissionID: 7})
	if k.Exchanges != 0 || k.Satisfaction.Mean != 0 || len(k.Outcomes) != len(OutcomeKinds) || len(k.Partners) != 0 {
		t.Errorf("got %+v, want zeros with every outcome kind listed", k)
	}
	k = ComputeKPI(KPIFacts{
		Partners:  []KPIPartner{{ID: 2, Name: "Zeta"}, {ID: 1, Name: "Alpha", BudgetCents: 100}},
		Exchanges: []KPIExchange{{OrganisationID: 1, Country: "FR"}, {OrganisationID: 1, Country: "FR", QuotaPartnerID: 2, SME: true}},
		Responses: []KPIResponse{{Satisfaction: 5, Recommend: true}, {Satisfaction: 4}, {Satisfaction: 4}, {Satisfaction: 0}},
	})
	want := []KPIPartnerLine{{PartnerID: 1, Name: "Alpha", BudgetCents: 100}, {PartnerID: 2, Name: "Zeta", Exchanges: 1, SMEs: 1}, {Exchanges: 1}}
	if !slices.Equal(k.Partners, want) {
		t.Errorf("got partners %+v, want %+v (by name, then no partner)", k.Partners, want)
	}
	if k.Organisations != 1 || k.Satisfaction.Responses != 3 || k.Satisfaction.Mean != 4.33 || k.Satisfaction.Recommend != 1 {
		t.Errorf("got %d organisations, satisfaction %+v; want 1 and a mean of 4.33 over 3", k.Organisations, k.Satisfaction)
	}
}

func TestConsortiumProgressOverItsPeriod(t *testing.T) {
	start, end := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	targets := ConsortiumTargets{Participants: 10}
	for _, tt := range []struct {
		asOf time.Time
		want int
	}{
		{start.AddDate(0, 0, -1), 0},
		{start.AddDate(0, 0, 183), 5}, // half of 2024's 366 days
		{end.AddDate(0, 0, 1), 10},
	} {
		c := ComputeConsortiumKPI(KPIFacts{}, nil, targets, start, end, tt.asOf)
		if len(c.Progress) != 1 || c.Progress[0].Expected != tt.want {
			t.Errorf("as of %s: got %+v, want expected %d", tt.asOf.Format("2006-01-02"), c.Progress, tt.want)
		}
	}
	if c := ComputeConsortiumKPI(KPIFacts{}, nil, ConsortiumTargets{}, start, end, start); len(c.Progress) != 0 {
		t.Errorf("got progress %+v without targets, want none", c.Progress)
	}
	if err := (ConsortiumTargets{Meetings: -1}).Validate(); ErrorCode(err) != EINVALID {
		t.Errorf("got %v for a negative target, want invalid", err)
	}
}
