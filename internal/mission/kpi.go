package mission

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// KPI figures are computed in one place, ComputeKPI and ComputeConsortiumKPI,
// from the facts the store reads (store.MissionKPI, store.ConsortiumKPI).
// The rules, from docs/adr/0027-kpi-outcomes-feedback.md:
//
//   - An exchange is a confirmed application. It counts once, toward the
//     partner that pays it: the partner whose travel budget its grant is
//     committed against (a cancelled grant does not count), else the
//     partner whose quota it took, else the partner that is the visiting
//     organisation or one of its clusters, else the partner of the
//     mission's organisers; else it counts toward no partner (PartnerID 0).
//   - An exchange counts as an SME when its organisation's kind is sme.
//   - A meeting is requested when a request was sent (any status),
//     scheduled when it is in the published meetings, and held when at
//     least one of its people recorded that it took place and none that it
//     did not. When the sides disagree it is disputed and counts as neither
//     held nor not held; with no record it is unreported.
//   - A held meeting's outcome is the furthest any of its people recorded
//     (none < follow-up < offer < partnership < contract).
//   - Money: committed is what non-cancelled grants hold (committed,
//     claimed or paid); paid is the approved amount of a paid closing
//     report, else the amount of a grant marked paid.

// KPIPartner is a consortium partner as the KPIs name it.
type KPIPartner struct {
	ID          int64
	Name        string
	BudgetCents int64
}

// KPIExchange is one exchange with what the KPI rules read of it. The
// partner ids are the candidates for the paying partner, in the order of
// the rule; 0 when there is none.
type KPIExchange struct {
	ApplicationID      int64
	MissionID          int64
	OrganisationID     int64
	Country            string
	SME                bool
	GrantPartnerID     int64
	QuotaPartnerID     int64
	MemberPartnerID    int64
	OrganiserPartnerID int64
	CommittedCents     int64
	PaidCents          int64
	HasGrant           bool
}

// PayingPartner returns the partner the exchange counts toward: the first
// of its grant's, quota's, own cluster's and organisers' partner; 0 for
// none.
func (e KPIExchange) PayingPartner() int64 {
	return cmp.Or(e.GrantPartnerID, e.QuotaPartnerID, e.MemberPartnerID, e.OrganiserPartnerID)
}

// KPIMeeting is a scheduled meeting with its people's outcome records.
type KPIMeeting struct {
	ID        int64
	MissionID int64
	Outcomes  []MeetingOutcome
}

// KPIRequests counts a mission's meeting requests: all sent, and accepted.
type KPIRequests struct {
	MissionID int64
	Requested int
	Accepted  int
}

// KPIResponse is one feedback response as the KPIs read it.
type KPIResponse struct {
	MissionID    int64
	Satisfaction int
	Recommend    bool
}

// KPIFacts are what the KPIs of one mission, or of a consortium's missions
// together, are computed from.
type KPIFacts struct {
	MissionID    int64 // 0 for a consortium's missions together
	ConsortiumID int64
	Partners     []KPIPartner
	Exchanges    []KPIExchange
	Requests     []KPIRequests
	Meetings     []KPIMeeting
	Responses    []KPIResponse
}

// KPICount is a count by a key: a country code or an outcome kind.
type KPICount struct {
	Key   string
	Count int
}

// KPIPartnerLine is what a partner's exchanges and grants add up to.
// PartnerID 0 gathers the exchanges that count toward no partner.
type KPIPartnerLine struct {
	PartnerID      int64
	Name           string
	Exchanges      int
	SMEs           int
	Grants         int
	BudgetCents    int64 // the partner's whole travel budget
	CommittedCents int64
	PaidCents      int64
}

// KPIMeetings counts meetings from request to outcome. Held, NotHeld,
// Disputed and Unreported split Scheduled.
type KPIMeetings struct {
	Requested  int
	Accepted   int
	Scheduled  int
	Held       int
	NotHeld    int
	Disputed   int
	Unreported int
}

// KPISatisfaction sums up the feedback survey: the number of responses,
// the mean satisfaction (two decimals; 0 without responses), how many gave
// each score from 1 to 5 (Distribution[0] is the ones) and how many would
// recommend the mission.
type KPISatisfaction struct {
	Responses    int
	Mean         float64
	Distribution [5]int
	Recommend    int
}

// KPIMoney is grants committed and paid against the partners' budgets.
type KPIMoney struct {
	BudgetCents    int64
	CommittedCents int64
	PaidCents      int64
	Grants         int
}

// MissionKPI is the key figures of one mission (MissionID set) or of a
// consortium's missions together (MissionID 0).
type MissionKPI struct {
	MissionID     int64
	ConsortiumID  int64
	Exchanges     int
	SMEs          int
	Organisations int // distinct visiting organisations
	// Countries counts exchanges by the visiting organisation's country,
	// most first, then by code.
	Countries []KPICount
	// Partners has one line per consortium partner in name order, then a
	// line with PartnerID 0 when some exchanges count toward no partner.
	Partners []KPIPartnerLine
	Meetings KPIMeetings
	// Outcomes counts held meetings by outcome, every kind in the order of
	// OutcomeKinds.
	Outcomes     []KPICount
	Satisfaction KPISatisfaction
	Money        KPIMoney
}

// ComputeKPI computes the key figures from the facts by the rules above.
func ComputeKPI(f KPIFacts) *MissionKPI {
	k := &MissionKPI{MissionID: f.MissionID, ConsortiumID: f.ConsortiumID}
	lines := map[int64]*KPIPartnerLine{}
	for _, p := range f.Partners {
		k.Partners = append(k.Partners, KPIPartnerLine{PartnerID: p.ID, Name: p.Name, BudgetCents: p.BudgetCents})
		k.Money.BudgetCents += p.BudgetCents
	}
	slices.SortStableFunc(k.Partners, func(a, b KPIPartnerLine) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.PartnerID, b.PartnerID))
	})
	for i := range k.Partners {
		lines[k.Partners[i].PartnerID] = &k.Partners[i]
	}
	var none KPIPartnerLine
	countries := map[string]int{}
	orgs := map[int64]bool{}
	for _, e := range f.Exchanges {
		k.Exchanges++
		orgs[e.OrganisationID] = true
		countries[e.Country]++
		line := lines[e.PayingPartner()]
		if line == nil {
			line = &none
		}
		line.Exchanges++
		if e.SME {
			k.SMEs++
			line.SMEs++
		}
		if e.HasGrant {
			line.Grants++
			k.Money.Grants++
		}
		line.CommittedCents += e.CommittedCents
		line.PaidCents += e.PaidCents
		k.Money.CommittedCents += e.CommittedCents
		k.Money.PaidCents += e.PaidCents
	}
	if none.Exchanges > 0 {
		k.Partners = append(k.Partners, none)
	}
	k.Organisations = len(orgs)
	for c, n := range countries {
		k.Countries = append(k.Countries, KPICount{Key: c, Count: n})
	}
	slices.SortFunc(k.Countries, func(a, b KPICount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) })

	for _, r := range f.Requests {
		k.Meetings.Requested += r.Requested
		k.Meetings.Accepted += r.Accepted
	}
	outcomes := make([]int, len(OutcomeKinds))
	for _, m := range f.Meetings {
		k.Meetings.Scheduled++
		switch held, outcome := MeetingHeld(m.Outcomes); held {
		case HeldYes:
			k.Meetings.Held++
			outcomes[OutcomeRank(outcome)]++
		case HeldNo:
			k.Meetings.NotHeld++
		case HeldDisputed:
			k.Meetings.Disputed++
		default:
			k.Meetings.Unreported++
		}
	}
	for i, kind := range OutcomeKinds {
		k.Outcomes = append(k.Outcomes, KPICount{Key: kind, Count: outcomes[i]})
	}

	sum := 0
	for _, r := range f.Responses {
		if r.Satisfaction < 1 || r.Satisfaction > 5 {
			continue
		}
		k.Satisfaction.Responses++
		k.Satisfaction.Distribution[r.Satisfaction-1]++
		sum += r.Satisfaction
		if r.Recommend {
			k.Satisfaction.Recommend++
		}
	}
	if n := k.Satisfaction.Responses; n > 0 {
		k.Satisfaction.Mean = math.Round(float64(sum)/float64(n)*100) / 100
	}
	return k
}

// Whether a meeting took place, as MeetingHeld decides from its records.
const (
	HeldUnreported = ""
	HeldYes        = "held"
	HeldNo         = "not_held"
	HeldDisputed   = "disputed"
)

// MeetingHeld decides from a meeting's outcome records whether it took
// place (HeldYes: someone says so and nobody says not; HeldNo: the
// reverse; HeldDisputed: both; HeldUnreported: no record) and, when held,
// its outcome: the furthest any record gives.
func MeetingHeld(records []MeetingOutcome) (held, outcome string) {
	yes, no := false, false
	outcome = OutcomeNone
	for _, o := range records {
		if o.Held {
			yes = true
			if OutcomeRank(o.Outcome) > OutcomeRank(outcome) {
				outcome = o.Outcome
			}
		} else {
			no = true
		}
	}
	switch {
	case yes && no:
		return HeldDisputed, ""
	case yes:
		return HeldYes, outcome
	case no:
		return HeldNo, ""
	}
	return HeldUnreported, ""
}

// ConsortiumTargets are a consortium's KPI targets over its period; 0 is no
// target.
type ConsortiumTargets struct {
	Participants int // exchanges (participants in exchanges)
	SMEs         int // exchanges of SMEs
	Meetings     int // B2B meetings held
	Missions     int // missions run
}

// Validate checks that no target is negative.
func (t ConsortiumTargets) Validate() error {
	for field, v := range map[string]int{"target_participants": t.Participants, "target_smes": t.SMEs,
		"target_meetings": t.Meetings, "target_missions": t.Missions} {
		if v < 0 || v > 1_000_000 {
			return FieldError(field, "A target must be a whole number from 0 to 1,000,000.")
		}
	}
	return nil
}

// KPI target keys, as KPIProgress names them.
const (
	TargetParticipants = "participants"
	TargetSMEs         = "smes"
	TargetMeetings     = "meetings"
	TargetMissions     = "missions"
)

// KPIProgress is how far a consortium is toward one target: Actual of
// Goal, and Expected, the share of Goal that the part of the period
// already past would give at an even pace (Goal when the period is over or
// unknown).
type KPIProgress struct {
	Target   string
	Goal     int
	Actual   int
	Expected int
}

// KPIMissionLine is one mission's main figures within its consortium.
type KPIMissionLine struct {
	MissionID    int64
	Title        string
	StartsOn     time.Time
	Status       string
	Exchanges    int
	SMEs         int
	Meetings     int // held
	Responses    int
	Satisfaction float64 // mean
}

// ConsortiumKPI is a consortium's key figures over its period: all its
// missions together, each mission's line and the progress toward its
// targets.
type ConsortiumKPI struct {
	ConsortiumID int64
	StartsOn     time.Time
	EndsOn       time.Time
	Targets      ConsortiumTargets
	Total        *MissionKPI
	Missions     []KPIMissionLine
	Progress     []KPIProgress // one per target that is set, in the order participants, SMEs, meetings, missions
}

// ComputeConsortiumKPI computes a consortium's key figures from the facts of
// all its missions together (f.MissionID 0), the missions (in the order
// their lines should be), its targets and period, as of the instant asOf.
// A mission counts toward the missions target once it has an exchange.
func ComputeConsortiumKPI(f KPIFacts, missions []*Mission, targets ConsortiumTargets, startsOn, endsOn, asOf time.Time) *ConsortiumKPI {
	c := &ConsortiumKPI{ConsortiumID: f.ConsortiumID, StartsOn: startsOn, EndsOn: endsOn, Targets: targets, Total: ComputeKPI(f)}
	run := 0
	for _, m := range missions {
		one := KPIFacts{MissionID: m.ID, ConsortiumID: f.ConsortiumID}
		for _, e := range f.Exchanges {
			if e.MissionID == m.ID {
				one.Exchanges = append(one.Exchanges, e)
			}
		}
		for _, mt := range f.Meetings {
			if mt.MissionID == m.ID {
				one.Meetings = append(one.Meetings, mt)
			}
		}
		for _, r := range f.Responses {
			if r.MissionID == m.ID {
				one.Responses = append(one.Responses, r)
			}
		}
		k := ComputeKPI(one)
		if k.Exchanges > 0 {
			run++
		}
		c.Missions = append(c.Missions, KPIMissionLine{MissionID: m.ID, Title: m.Title, StartsOn: m.StartsOn, Status: m.Status,
			Exchanges: k.Exchanges, SMEs: k.SMEs, Meetings: k.Meetings.Held, Responses: k.Satisfaction.Responses,
			Satisfaction: k.Satisfaction.Mean})
	}
	share := 1.0
	if !startsOn.IsZero() && !endsOn.IsZero() {
		end := endsOn.AddDate(0, 0, 1) // the period includes its last day
		switch {
		case !asOf.After(startsOn):
			share = 0
		case asOf.Before(end):
			share = float64(asOf.Sub(startsOn)) / float64(end.Sub(startsOn))
		}
	}
	for _, t := range []struct {
		key          string
		goal, actual int
	}{
		{TargetParticipants, targets.Participants, c.Total.Exchanges},
		{TargetSMEs, targets.SMEs, c.Total.SMEs},
		{TargetMeetings, targets.Meetings, c.Total.Meetings.Held},
		{TargetMissions, targets.Missions, run},
	} {
		if t.goal > 0 {
			c.Progress = append(c.Progress, KPIProgress{Target: t.key, Goal: t.goal, Actual: t.actual,
				Expected: int(math.Round(float64(t.goal) * share))})
		}
	}
	return c
}

// AuditTargetsChanged is the audit action of a change to a consortium's
// KPI targets.
const AuditTargetsChanged = "kpi.targets_changed"
