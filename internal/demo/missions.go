package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"caravan/internal/mission"
)

// item is a programme item written in the mission's local time.
type item struct {
	Day         int // 0 for the first working day
	From, To    string
	Kind        string
	Title       string
	Description string
	Venue       string
	Signup      bool
	SlotMinutes int
	Tables      int
	Capacity    int
}

// Venues of the Basque mission.
const (
	venueBEC       = "Bilbao Exhibition Centre (BEC), Barakaldo"
	venueEuskaldun = "Euskalduna Conference Centre, Bilbao"
	venueASFabrik  = "Bilbao AS Fabrik, Zorrotzaurre, Bilbao"
)

// basqueProgramme is the seed article's three days: two days of Basque Open
// Industry, then the SME Assembly, the EEN conference and Bilbao AS Fabrik.
var basqueProgramme = []item{
	{0, "09:00", "09:45", mission.ItemPresentation, "Welcome by GAIA and mission briefing",
		"Introduction to the programme, the Basque innovation ecosystem and the B2B meetings.", venueBEC, false, 0, 0, 0},
	{0, "10:00", "18:00", mission.ItemExhibition, "Basque Open Industry: exhibition",
		"The exhibition of Basque Open Industry, with more than 150 exhibitors.", venueBEC, false, 0, 0, 0},
	{0, "10:30", "13:30", mission.ItemB2BSession, "Basque Open Industry: tailored B2B meetings (day 1)",
		"Pre-arranged one-to-one meetings with Basque companies.", venueBEC, false, 20, 20, 0},
	{0, "15:00", "18:00", mission.ItemCompanyVisit, "Visits to members and stakeholders of GAIA",
		"Visits to member companies of GAIA in advanced manufacturing and digital solutions.", "Bizkaia (transport from BEC)", true, 0, 0, 0},
	{1, "09:30", "10:30", mission.ItemPresentation, "The Basque EDIH (BDIH)",
		"Smart and connected machines, digital electricity networks, additive manufacturing, flexible robotics, medical devices and digital health, advanced materials, data-driven solutions and cybersecurity.", venueBEC, false, 0, 0, 0},
	{1, "10:30", "13:30", mission.ItemB2BSession, "Basque Open Industry: tailored B2B meetings (day 2)",
		"Pre-arranged one-to-one meetings with Basque companies.", venueBEC, false, 20, 20, 0},
	{1, "15:00", "18:00", mission.ItemCompanyVisit, "Visits to members of the CYBASQUE sub-cluster",
		"Cybersecurity companies of GAIA's CYBASQUE sub-cluster.", "Bilbao", true, 0, 0, 0},
	{2, "09:00", "11:30", mission.ItemConference, "SME Assembly",
		"Networking with potential partners and investors; the latest industry trends and technologies.", venueEuskaldun, false, 0, 0, 0},
	{2, "11:45", "13:30", mission.ItemConference, "Enterprise Europe Network (EEN) conference",
		"", venueEuskaldun, false, 0, 0, 0},
	{2, "15:30", "17:30", mission.ItemSiteVisit, "Visit to Bilbao AS Fabrik (Advanced Services Fabrik)",
		"An ecosystem of reference for advanced services for Industry 4.0 and the digital economy; for interested participants.", venueASFabrik, true, 0, 0, 0},
}

// dresdenProgramme is the June 2023 mission to Saxony.
var dresdenProgramme = []item{
	{0, "09:30", "12:30", mission.ItemShowcase, "Pitches by Saxon companies",
		"Saxon companies present microelectronics, IoT and smart-systems solutions.", "Smart Systems Hub, Dresden", false, 0, 0, 0},
	{0, "14:00", "17:00", mission.ItemB2BSession, "B2B meetings with Saxon companies",
		"", "Smart Systems Hub, Dresden", false, 20, 12, 0},
	{1, "09:00", "18:00", mission.ItemConference, "Silicon Saxony Day 2023",
		"The network's annual conference, with the EXCITE partners and guests from across Europe.", "Dresden", false, 0, 0, 0},
	{2, "09:30", "12:00", mission.ItemSiteVisit, "Visits to semiconductor and research sites",
		"", "Dresden", true, 0, 0, 60},
	{2, "12:30", "14:00", mission.ItemNetworking, "Closing lunch and feedback", "", "Dresden", false, 0, 0, 0},
}

// createProgramme writes items relative to the first working day.
func (s *seeder) createProgramme(ctx context.Context, m *mission.Mission, items []item) ([]*mission.ProgrammeItem, error) {
	loc := m.Location()
	var out []*mission.ProgrammeItem
	for _, it := range items {
		day := m.StartsOn.AddDate(0, 0, it.Day)
		pi := &mission.ProgrammeItem{
			MissionID: m.ID, Kind: it.Kind, Title: it.Title, Description: it.Description, Venue: it.Venue,
			StartsAt: clock(day, loc, it.From), EndsAt: clock(day, loc, it.To),
			SignupRequired: it.Signup, SlotMinutes: it.SlotMinutes, Tables: it.Tables, Capacity: it.Capacity, CreatedAt: s.now,
		}
		if err := s.db.CreateProgrammeItem(ctx, pi); err != nil {
			return nil, fmt.Errorf("programme item %q: %w", it.Title, err)
		}
		out = append(out, pi)
	}
	return out, nil
}

// clock parses "15:04" as a wall-clock time on day in loc.
func clock(day time.Time, loc *time.Location, hhmm string) time.Time {
	t, err := time.Parse("15:04", hhmm)
	if err != nil {
		panic(fmt.Sprintf("demo: bad time %q in the programme", hhmm)) // the programme is fixed data
	}
	return at(day, loc, t.Hour(), t.Minute())
}

func (s *seeder) createMission(ctx context.Context, m *mission.Mission) error {
	m.CreatedAt, m.UpdatedAt = s.now, s.now
	if err := s.db.CreateMission(ctx, m); err != nil {
		return fmt.Errorf("mission %q: %w", m.Title, err)
	}
	return nil
}

// addMembers gives each person the role in the mission. A participant
// whose application was confirmed is one already.
func (s *seeder) addMembers(ctx context.Context, missionID int64, role string, people ...*mission.Person) error {
	for _, p := range people {
		err := s.db.AddMissionMember(ctx, mission.MissionMember{MissionID: missionID, PersonID: p.ID, Role: role, CreatedAt: s.now})
		if role == mission.RoleParticipant && mission.ErrorCode(err) == mission.ECONFLICT {
			continue
		}
		if err != nil {
			return fmt.Errorf("add %s %d to mission %d: %w", role, p.ID, missionID, err)
		}
	}
	return nil
}

// peopleOf returns the people of the organisations, in order.
func (s *seeder) peopleOf(orgs ...*mission.Organisation) []*mission.Person {
	var out []*mission.Person
	for _, o := range orgs {
		out = append(out, s.personsOf[o.ID]...)
	}
	return out
}

// apply writes an application that went through the statuses path, one
// day apart from start, decided by the organiser.
func (s *seeder) apply(ctx context.Context, m *mission.Mission, p *mission.Person, by *mission.Person, start time.Time, path ...string) error {
	a := &mission.Application{
		MissionID: m.ID, PersonID: p.ID, Status: mission.AppDraft,
		Motivation: s.pick(motivations), Score: float64(50 + s.r.IntN(50)), CreatedAt: start, UpdatedAt: start,
	}
	if err := s.db.CreateApplication(ctx, a); err != nil {
		return fmt.Errorf("application of %d to mission %d: %w", p.ID, m.ID, err)
	}
	when := start.Add(time.Duration(s.r.IntN(8)+9) * time.Hour)
	for _, to := range path {
		byID, reason := by.ID, ""
		switch to {
		case mission.AppSubmitted:
			byID = p.ID
		case mission.AppEligible:
			byID, reason = 0, "Meets the ClusterXchange eligibility rules."
		case mission.AppAccepted:
			reason = "Fits the mission's themes."
		case mission.AppWaitlisted:
			reason = "A good fit, but the partner's places are taken for now."
		case mission.AppRejected:
			reason = "The places went to organisations closer to the mission's themes."
		case mission.AppIneligible:
			byID, reason = 0, "Does not meet the ClusterXchange eligibility rules."
		case mission.AppConfirmed:
			byID = p.ID
		}
		if _, err := s.db.TransitionApplication(ctx, a.ID, to, byID, reason, when); err != nil {
			return fmt.Errorf("application %d to %s: %w", a.ID, to, err)
		}
		when = when.Add(time.Duration(24+s.r.IntN(72)) * time.Hour)
	}
	return nil
}

var motivations = []string{
	"We look for partners in the Basque manufacturing industry for our digital products.",
	"We want to meet potential customers and learn how the region's cluster supports digital transformation.",
	"Our company is expanding to Spain and looks for integrators and distributors.",
	"We are preparing a joint R&D project and look for industrial partners.",
	"We want to understand the ecosystem and meet companies with complementary technologies.",
}

// createBasqueMission writes the seed article's mission: 13–15 November
// 2023 in Bilbao, hosted by GAIA.
func (s *seeder) createBasqueMission(ctx context.Context) error {
	m := &mission.Mission{
		ConsortiumID: s.excite.ID,
		Title:        "Basque Industrial Exploration: business mission to the Basque Country",
		Kind:         mission.MissionDelegation,
		Status:       mission.StatusReported,
		Published:    true,
		Summary: "The EXCITE consortium visits the industrial landscape of the Basque Country, home of cluster partner GAIA: " +
			"company showcases, presentations and site visits on advanced manufacturing, cybersecurity and digital solutions, " +
			"within Basque Open Industry, the SME Assembly and the EEN conference.",
		HostOrganisationID: s.clusters["gaia"].ID,
		HostCity:           "Bilbao",
		HostCountry:        "ES",
		RegionID:           s.basque.ID,
		Venue:              venueBEC,
		TimeZone:           "Europe/Madrid",
		ArrivalOn:          date(2023, 11, 12),
		StartsOn:           date(2023, 11, 13),
		EndsOn:             date(2023, 11, 15),
		DepartureOn:        date(2023, 11, 16),
		Themes:             []string{"advanced-manufacturing", "cybersecurity", "digitalisation"},
		Keywords:           []string{"Basque Open Industry", "Industry 4.0", "EDIH"},
		Capacity:           70,
		CallOpensOn:        date(2023, 8, 28),
		CallClosesOn:       date(2023, 10, 6),
		Quotas: []mission.Quota{
			{PartnerID: s.partners["sisax"], Places: 16}, {PartnerID: s.partners["mcict"], Places: 14},
			{PartnerID: s.partners["scs"], Places: 16}, {PartnerID: s.partners["bhv"], Places: 14},
		},
	}
	if err := s.createMission(ctx, m); err != nil {
		return err
	}
	s.info.BasqueMissionID = m.ID
	items, err := s.createProgramme(ctx, m, basqueProgramme)
	if err != nil {
		return err
	}
	organisers := s.peopleOf(s.clusters["sisax"], s.clusters["mcict"], s.clusters["scs"], s.clusters["bhv"])
	if err := s.addMembers(ctx, m.ID, mission.RoleOrganiser, organisers...); err != nil {
		return err
	}
	hosts := s.peopleOf(s.clusters["gaia"], s.clusters["cybasque"], s.clusters["bdih"], s.clusters["asfabrik"])
	if err := s.addMembers(ctx, m.ID, mission.RoleHost, hosts...); err != nil {
		return err
	}
	// Visiting participants: member companies of the four travelling
	// clusters, each through a confirmed application, and the seed's two
	// SMEs, who "joined the consortium on the mission": they are no
	// cluster's members, so ClusterXchange could not fund them, and the
	// organisers added them without an application.
	var visitorOrgs []*mission.Organisation
	visitorOrgs = append(visitorOrgs, s.smes...)
	for _, key := range []string{"sisax", "mcict", "scs", "bhv"} {
		visitorOrgs = append(visitorOrgs, s.visitors[key]...)
	}
	visitors := s.peopleOf(visitorOrgs...)
	invited := len(s.peopleOf(s.smes...))
	for i, p := range visitors[invited:] {
		by := organisers[i%len(organisers)]
		start := date(2023, 8, 28).AddDate(0, 0, s.r.IntN(30))
		if err := s.apply(ctx, m, p, by, start, mission.AppSubmitted, mission.AppEligible, mission.AppAccepted, mission.AppConfirmed); err != nil {
			return err
		}
	}
	if err := s.addMembers(ctx, m.ID, mission.RoleParticipant, visitors...); err != nil {
		return err
	}
	s.info.Visitors = len(visitors)
	locals := s.peopleOf(s.locals...)
	if err := s.addMembers(ctx, m.ID, mission.RoleLocal, locals...); err != nil {
		return err
	}
	s.info.Locals = len(s.locals)
	var sessions []*mission.ProgrammeItem
	for _, it := range items {
		if it.Kind == mission.ItemB2BSession {
			sessions = append(sessions, it)
		}
	}
	return s.createMatchmaking(ctx, m, visitors, locals, sessions, 60, 16)
}

// createDresdenMission writes the earlier mission: Silicon Saxony hosts the
// consortium in Dresden in June 2023.
func (s *seeder) createDresdenMission(ctx context.Context) error {
	m := &mission.Mission{
		ConsortiumID: s.excite.ID,
		Title:        "Business mission to Dresden: microelectronics, IoT and smart systems",
		Kind:         mission.MissionDelegation,
		Status:       mission.StatusReported,
		Published:    true,
		Summary: "SMEs and cluster organisations of the EXCITE partners explore Saxony's microelectronics ecosystem: " +
			"pitches by Saxon companies, B2B meetings, Silicon Saxony Day and site visits.",
		HostOrganisationID: s.clusters["sisax"].ID,
		HostCity:           "Dresden",
		HostCountry:        "DE",
		RegionID:           s.saxony.ID,
		Venue:              "Smart Systems Hub, Dresden",
		TimeZone:           "Europe/Berlin",
		ArrivalOn:          date(2023, 6, 19),
		StartsOn:           date(2023, 6, 20),
		EndsOn:             date(2023, 6, 22),
		DepartureOn:        date(2023, 6, 22),
		Themes:             []string{"microelectronics", "digitalisation", "ai-data"},
		Keywords:           []string{"IoT", "smart systems", "semiconductors"},
		Capacity:           45,
		CallOpensOn:        date(2023, 3, 20),
		CallClosesOn:       date(2023, 5, 12),
	}
	if err := s.createMission(ctx, m); err != nil {
		return err
	}
	s.info.DresdenMissionID = m.ID
	items, err := s.createProgramme(ctx, m, dresdenProgramme)
	if err != nil {
		return err
	}
	organisers := []*mission.Person{s.staff["mcict"][0], s.staff["scs"][0], s.staff["bhv"][0], s.staff["gaia"][0]}
	if err := s.addMembers(ctx, m.ID, mission.RoleOrganiser, organisers...); err != nil {
		return err
	}
	if err := s.addMembers(ctx, m.ID, mission.RoleHost, s.staff["sisax"]...); err != nil {
		return err
	}
	var orgs []*mission.Organisation
	orgs = append(orgs, s.dresden["mcict"]...)
	orgs = append(orgs, s.dresden["scs"]...)
	orgs = append(orgs, s.dresden["bhv"]...)
	orgs = append(orgs, s.visitors["cdti"]...)
	orgs = append(orgs, s.locals[:5]...)
	// ClusterXchange funds no large company's exchange.
	orgs = slices.DeleteFunc(orgs, func(o *mission.Organisation) bool { return o.Kind == mission.KindLargeCompany })
	visitors := s.peopleOf(orgs...)
	for i, p := range visitors {
		start := date(2023, 3, 20).AddDate(0, 0, s.r.IntN(40))
		if err := s.apply(ctx, m, p, organisers[i%len(organisers)], start, mission.AppSubmitted, mission.AppEligible, mission.AppAccepted, mission.AppConfirmed); err != nil {
			return err
		}
	}
	if err := s.addMembers(ctx, m.ID, mission.RoleParticipant, visitors...); err != nil {
		return err
	}
	locals := s.peopleOf(s.saxons...)
	if err := s.addMembers(ctx, m.ID, mission.RoleLocal, locals...); err != nil {
		return err
	}
	return s.createMatchmaking(ctx, m, visitors, locals, []*mission.ProgrammeItem{items[1]}, 25, 10)
}

// createRunningMission writes an individual exchange under way on the day
// the demo is created: a Pôle SCS staff member stays with Mazovia Cluster
// ICT from Monday of that week to Friday of the next.
func (s *seeder) createRunningMission(ctx context.Context) error {
	today := s.day(0)
	monday := today.AddDate(0, 0, -(int(today.Weekday())+6)%7)
	m := &mission.Mission{
		ConsortiumID:       s.nexus.ID,
		Title:              "Cluster staff exchange: cybersecurity services at Mazovia Cluster ICT",
		Kind:               mission.MissionExchange,
		Status:             mission.StatusRunning,
		Published:          true,
		Summary:            "A learning tandem: a Pôle SCS project manager spends two weeks with Mazovia Cluster ICT to compare services for members in cybersecurity.",
		HostOrganisationID: s.clusters["mcict"].ID,
		HostCity:           "Warsaw",
		HostCountry:        "PL",
		Venue:              "Mazovia Cluster ICT, Warsaw",
		TimeZone:           "Europe/Warsaw",
		ArrivalOn:          monday.AddDate(0, 0, -1),
		StartsOn:           monday,
		EndsOn:             monday.AddDate(0, 0, 11),
		DepartureOn:        monday.AddDate(0, 0, 12),
		Themes:             []string{"cybersecurity", "digitalisation"},
		Capacity:           1,
	}
	if err := s.createMission(ctx, m); err != nil {
		return err
	}
	s.info.RunningMissionID = m.ID
	programme := []item{
		{0, "09:30", "12:00", mission.ItemPresentation, "Member services of Mazovia Cluster ICT", "", "Mazovia Cluster ICT, Warsaw", false, 0, 0, 0},
		{1, "10:00", "16:00", mission.ItemCompanyVisit, "Visits to cybersecurity member companies", "", "Warsaw", false, 0, 0, 0},
		{3, "10:00", "13:00", mission.ItemNetworking, "Learning tandem: cybersecurity services for SMEs", "", "Mazovia Cluster ICT, Warsaw", false, 0, 0, 0},
		{8, "10:00", "15:00", mission.ItemCompanyVisit, "Visits to member companies in Radom and Siedlce", "", "Mazovia", false, 0, 0, 0},
		{11, "10:00", "12:00", mission.ItemPresentation, "Results and next steps", "", "Mazovia Cluster ICT, Warsaw", false, 0, 0, 0},
	}
	if _, err := s.createProgramme(ctx, m, programme); err != nil {
		return err
	}
	if err := s.addMembers(ctx, m.ID, mission.RoleHost, s.staff["mcict"][1]); err != nil {
		return err
	}
	visitor := s.staff["scs"][1]
	if err := s.apply(ctx, m, visitor, s.staff["mcict"][1], s.day(-40), mission.AppSubmitted, mission.AppEligible, mission.AppAccepted, mission.AppConfirmed); err != nil {
		return err
	}
	return s.addMembers(ctx, m.ID, mission.RoleParticipant, visitor)
}

// createUpcomingMission writes a mission that starts on the first Tuesday
// 60 days or more after the demo is created, with its call for
// participants open until day 30.
func (s *seeder) createUpcomingMission(ctx context.Context) error {
	start := s.tuesdayFrom(60)
	m := &mission.Mission{
		ConsortiumID: s.nexus.ID,
		Title:        "Business mission to Vilnius: AI and data",
		Kind:         mission.MissionDelegation,
		Status:       mission.StatusCallOpen,
		Published:    true,
		Summary: "Business Hive Vilnius hosts a delegation of SMEs and cluster organisations: B2B meetings with Lithuanian tech companies, " +
			"start-up pitches and visits on AI, data and fintech.",
		HostOrganisationID: s.clusters["bhv"].ID,
		HostCity:           "Vilnius",
		HostCountry:        "LT",
		Venue:              "Vilnius",
		TimeZone:           "Europe/Vilnius",
		ArrivalOn:          start.AddDate(0, 0, -1),
		StartsOn:           start,
		EndsOn:             start.AddDate(0, 0, 2),
		DepartureOn:        start.AddDate(0, 0, 3),
		Themes:             []string{"ai-data", "digitalisation"},
		Keywords:           []string{"fintech", "start-ups"},
		Capacity:           30,
		CallOpensOn:        s.day(-14),
		CallClosesOn:       s.day(30),
		Quotas: []mission.Quota{
			{PartnerID: s.nexus.Partners[0].ID, Places: 8}, {PartnerID: s.nexus.Partners[1].ID, Places: 7},
			{PartnerID: s.nexus.Partners[2].ID, Places: 7}, {PartnerID: s.nexus.Partners[4].ID, Places: 8},
		},
	}
	if err := s.createMission(ctx, m); err != nil {
		return err
	}
	s.info.UpcomingMissionID = m.ID
	programme := []item{
		{0, "09:30", "12:30", mission.ItemShowcase, "Pitches by Lithuanian start-ups", "", "Vilnius", false, 0, 0, 0},
		{0, "14:00", "17:30", mission.ItemB2BSession, "B2B meetings with Lithuanian companies", "", "Vilnius", false, 20, 15, 0},
		{1, "09:30", "17:00", mission.ItemCompanyVisit, "Visits to AI and data companies", "", "Vilnius", true, 0, 0, 0},
		{2, "10:00", "12:00", mission.ItemPresentation, "The Lithuanian digital innovation ecosystem", "", "Vilnius", false, 0, 0, 0},
	}
	if _, err := s.createProgramme(ctx, m, programme); err != nil {
		return err
	}
	organiser := s.staff["sisax"][0]
	if err := s.addMembers(ctx, m.ID, mission.RoleOrganiser, organiser); err != nil {
		return err
	}
	if err := s.addMembers(ctx, m.ID, mission.RoleHost, s.staff["bhv"]...); err != nil {
		return err
	}
	// Applications in every early stage of the call.
	var orgs []*mission.Organisation
	orgs = append(orgs, s.vilnius["sisax"]...)
	orgs = append(orgs, s.vilnius["scs"]...)
	// The fifth applicant, whose path is ineligible, went to Bilbao with
	// EXCITE: ClusterXchange funds an organisation once.
	orgs = slices.Insert(orgs, 4, s.visitors["scs"][0])
	orgs = append(orgs, s.locals[10:16]...)
	call := &mission.Call{MissionID: m.ID, RuleSetID: mission.DefaultRuleSetID,
		Questions: []mission.Question{
			{ID: "sector", Kind: mission.QuestionChoice, Label: "Which sector is your organisation in?", Options: []string{"Fintech", "AI and data", "Other digital"}, Required: true},
			{ID: "first_exchange", Kind: mission.QuestionYesNo, Label: "Is this your organisation's first ClusterXchange exchange?", Required: true},
			{ID: "goal", Kind: mission.QuestionText, Label: "Whom would you like to meet in Vilnius?"},
		},
		Criteria: []mission.Criterion{{ID: "fit", Name: "Fit with the themes", Weight: 2}, {ID: "impact", Name: "Expected impact", Weight: 1}},
	}
	if err := s.db.SaveCall(ctx, call, s.now); err != nil {
		return fmt.Errorf("call of mission %d: %w", m.ID, err)
	}
	paths := [][]string{
		{}, {mission.AppSubmitted}, {mission.AppSubmitted, mission.AppEligible},
		{mission.AppSubmitted, mission.AppEligible, mission.AppShortlisted}, {mission.AppSubmitted, mission.AppIneligible},
		{mission.AppSubmitted, mission.AppEligible, mission.AppAccepted},
		{mission.AppSubmitted, mission.AppEligible, mission.AppWaitlisted},
		{mission.AppSubmitted, mission.AppEligible, mission.AppShortlisted, mission.AppRejected},
	}
	for i, o := range orgs {
		p := s.personsOf[o.ID][0]
		if err := s.apply(ctx, m, p, organiser, s.day(-13+i%12), paths[i%len(paths)]...); err != nil {
			return err
		}
	}
	return nil
}

// tuesdayFrom returns the first Tuesday on or after the day that is days
// after the demo's creation: missions run Tuesday to Thursday.
func (s *seeder) tuesdayFrom(days int) time.Time {
	d := s.day(days)
	return d.AddDate(0, 0, (int(time.Tuesday)-int(d.Weekday())+7)%7)
}

// createDraftMission writes a mission still being planned: unpublished, so
// only its organisers will see it.
func (s *seeder) createDraftMission(ctx context.Context) error {
	m := &mission.Mission{
		ConsortiumID:       s.nexus.ID,
		Title:              "Smart mobility mission to Sophia Antipolis (draft)",
		Kind:               mission.MissionDelegation,
		Status:             mission.StatusDraft,
		Published:          false,
		Summary:            "Planned with Pôle SCS: connected vehicles, secure communications and smart-city pilots.",
		HostOrganisationID: s.clusters["scs"].ID,
		HostCity:           "Sophia Antipolis",
		HostCountry:        "FR",
		TimeZone:           "Europe/Paris",
		StartsOn:           s.tuesdayFrom(150),
		EndsOn:             s.tuesdayFrom(150).AddDate(0, 0, 2),
		Themes:             []string{"mobility", "smart-cities"},
	}
	if err := s.createMission(ctx, m); err != nil {
		return err
	}
	s.info.DraftMissionID = m.ID
	return s.addMembers(ctx, m.ID, mission.RoleOrganiser, s.staff["scs"][0])
}
