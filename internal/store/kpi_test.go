package store

import (
	"slices"
	"testing"
	"time"

	"caravan/internal/mission"
)

// kpiWorld is a hand-built consortium with two partners (Pôle SCS, budget
// EUR 10,000; Silicon Saxony, EUR 5,000) and a mission whose four exchanges
// each reach their paying partner by a different rule.
type kpiWorld struct {
	db                 *DB
	c                  *mission.Consortium
	m, later, outside  *mission.Mission
	scs, sax           mission.Partner
	p1, p2, p3, p4     *mission.Person // visitors of m
	local1, local2     *mission.Person
	meetings           []*mission.Meeting // m1…m5, ended by meetingsEnd
	grantPaid          *mission.Grant
	organiser, visitor *mission.Person
}

var meetingsEnd = time.Date(2026, 3, 11, 12, 0, 0, 0, time.UTC)

func newKPIWorld(t *testing.T, db *DB) *kpiWorld {
	t.Helper()
	ctx := t.Context()
	w := &kpiWorld{db: db}
	gaia := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
	scs := newOrganisation(t, db, "Pôle SCS", mission.KindCluster, "FR")
	sax := newOrganisation(t, db, "Silicon Saxony", mission.KindCluster, "DE")
	w.c = &mission.Consortium{Name: "EXCITE", StartsOn: date(2026, 1, 1), EndsOn: date(2026, 12, 31), TargetParticipants: 8,
		Partners: []mission.Partner{{OrganisationID: scs.ID, TravelBudgetCents: 1000000}, {OrganisationID: sax.ID, TravelBudgetCents: 500000}}}
	must(t, db.CreateConsortium(ctx, w.c))
	w.scs, w.sax = w.c.Partners[0], w.c.Partners[1]
	fr := &mission.Organisation{Name: "Sophia Sensors", Kind: mission.KindSME, Country: "FR", ClusterIDs: []int64{scs.ID}}
	must(t, db.CreateOrganisation(ctx, fr))
	de := newOrganisation(t, db, "Dresden Chips", mission.KindSME, "DE")
	it := newOrganisation(t, db, "Torino Robotics", mission.KindLargeCompany, "IT")
	pt := newOrganisation(t, db, "Porto Hub", mission.KindSupportOrg, "PT")
	basque := newOrganisation(t, db, "Bilbao Tools", mission.KindSME, "ES")

	newM := func(title string, starts time.Time) *mission.Mission {
		m := &mission.Mission{Title: title, ConsortiumID: w.c.ID, HostOrganisationID: gaia.ID, HostCity: "Bilbao", HostCountry: "ES",
			StartsOn: starts, EndsOn: starts.AddDate(0, 0, 2), TimeZone: "Europe/Madrid"}
		must(t, db.CreateMission(ctx, m))
		return m
	}
	w.m = newM("Basque mission", date(2026, 3, 10))
	w.later = newM("Saxon mission", date(2026, 9, 7))
	w.outside = newM("Mission after the period", date(2027, 3, 1))
	w.organiser = newPerson(t, db, scs.ID, "Olga Organiser", "olga@example.fr")
	must(t, db.AddMissionMember(ctx, mission.MissionMember{MissionID: w.m.ID, PersonID: w.organiser.ID, Role: mission.RoleOrganiser}))

	confirm := func(m *mission.Mission, p *mission.Person, status string, quota int64) *mission.Application {
		a := &mission.Application{MissionID: m.ID, PersonID: p.ID, Status: status, PartnerID: quota}
		must(t, db.CreateApplication(ctx, a))
		return a
	}
	w.p1 = newPerson(t, db, fr.ID, "Pia One", "pia@example.fr")
	w.p2 = newPerson(t, db, de.ID, "Paul Two", "paul@example.de")
	w.p3 = newPerson(t, db, it.ID, "Pietro Three", "pietro@example.it")
	w.p4 = newPerson(t, db, pt.ID, "Paula Four", "paula@example.pt")
	w.visitor = newPerson(t, db, de.ID, "Wanda Withdrawn", "wanda@example.de")
	w.local1 = newPerson(t, db, basque.ID, "Leire Local", "leire@example.es")
	w.local2 = newPerson(t, db, basque.ID, "Lur Local", "lur@example.es")
	confirm(w.m, w.p1, mission.AppConfirmed, 0)              // SCS: its cluster is a partner
	a2 := confirm(w.m, w.p2, mission.AppConfirmed, w.scs.ID) // Saxony: its grant, though SCS's quota
	a3 := confirm(w.m, w.p3, mission.AppConfirmed, w.sax.ID) // Saxony: its quota, and a paid grant
	confirm(w.m, w.p4, mission.AppConfirmed, 0)              // SCS: the organisers' partner
	confirm(w.m, w.visitor, mission.AppWithdrawn, 0)         // not an exchange
	confirm(w.later, w.p1, mission.AppConfirmed, 0)          // another exchange, in another mission
	confirm(w.outside, w.p2, mission.AppConfirmed, 0)        // outside the consortium's period

	must(t, db.SeedGrantRuleSets(ctx, []mission.RuleSetDocument{{ID: "erasmus-2024", Version: 1, Kind: "distance_band", JSON: `{"id":"erasmus-2024"}`}}))
	g2 := &mission.Grant{MissionID: w.m.ID, ApplicationID: a2.ID, PartnerID: w.sax.ID, RuleSetID: "erasmus-2024", RuleSetVersion: 1,
		AmountCents: 39500, CommittedBy: w.organiser.ID}
	must(t, db.CommitGrant(ctx, g2, 0))
	// Its closing report was approved at EUR 300 and paid.
	_, err := db.SQL().ExecContext(ctx, `INSERT INTO closing_reports (application_id, status, approved_amount_cents, paid_at, created_at, updated_at)
		VALUES ($1, 'approved', 30000, $2, $2, $2)`, a2.ID, ts(meetingsEnd))
	must(t, err)
	g3 := &mission.Grant{MissionID: w.m.ID, ApplicationID: a3.ID, PartnerID: w.sax.ID, RuleSetID: "erasmus-2024", RuleSetVersion: 1,
		AmountCents: 20000, CommittedBy: w.organiser.ID}
	must(t, db.CommitGrant(ctx, g3, 0))
	_, err = db.ChangeGrantStatus(ctx, g3.ID, mission.GrantClaimed, time.Time{})
	must(t, err)
	w.grantPaid, err = db.ChangeGrantStatus(ctx, g3.ID, mission.GrantPaid, time.Time{})
	must(t, err)

	for _, r := range []struct {
		from, to *mission.Person
		status   string
	}{{w.p1, w.local1, mission.RequestAccepted}, {w.p2, w.local1, mission.RequestAccepted}, {w.p3, w.local2, mission.RequestDeclined}} {
		req := &mission.MeetingRequest{MissionID: w.m.ID, FromPersonID: r.from.ID, ToPersonID: r.to.ID, Status: r.status}
		must(t, db.CreateMeetingRequest(ctx, req))
	}
	for i, pair := range [][2]*mission.Person{{w.p1, w.local1}, {w.p2, w.local1}, {w.p3, w.local2}, {w.p4, w.local2}, {w.p1, w.local2}} {
		start := meetingsEnd.Add(-time.Duration(5-i) * 20 * time.Minute)
		mt := &mission.Meeting{MissionID: w.m.ID, StartsAt: start, EndsAt: start.Add(20 * time.Minute), Table: "T1",
			PersonIDs: []int64{pair[0].ID, pair[1].ID}}
		must(t, db.CreateMeeting(ctx, mt))
		w.meetings = append(w.meetings, mt)
	}
	return w
}

func (w *kpiWorld) outcome(t *testing.T, meeting int, p *mission.Person, held bool, kind string) {
	t.Helper()
	must(t, w.db.SaveMeetingOutcome(t.Context(), w.m.ID, &mission.MeetingOutcome{MeetingID: w.meetings[meeting].ID, PersonID: p.ID,
		Held: held, Outcome: kind, UpdatedAt: meetingsEnd.Add(time.Hour)}))
}

func (w *kpiWorld) feedback(t *testing.T, p *mission.Person, role string, satisfaction int, recommend bool) {
	t.Helper()
	must(t, w.db.SaveFeedbackResponse(t.Context(), &mission.FeedbackResponse{MissionID: w.m.ID, PersonID: p.ID, Role: role,
		Satisfaction: satisfaction, Recommend: recommend, Worked: "The B2B meetings."}))
}

// record fills in outcomes and feedback: m1 held (offer and follow-up:
// offer), m2 held by one side only (none), m3 disputed, m4 not held, m5
// unreported; satisfaction 4, 4, 2 after Pia changed her 5 to a 4.
func (w *kpiWorld) record(t *testing.T) {
	w.outcome(t, 0, w.p1, true, mission.OutcomeOffer)
	w.outcome(t, 0, w.local1, true, mission.OutcomeFollowUp)
	w.outcome(t, 1, w.p2, true, mission.OutcomeNone)
	w.outcome(t, 2, w.p3, true, mission.OutcomeContract)
	w.outcome(t, 2, w.local2, false, mission.OutcomeNone)
	w.outcome(t, 3, w.p4, false, mission.OutcomeNone)
	w.feedback(t, w.p1, mission.RoleParticipant, 5, true)
	w.feedback(t, w.p2, mission.RoleParticipant, 4, false)
	w.feedback(t, w.local1, mission.RoleLocal, 2, false)
	w.feedback(t, w.p1, mission.RoleParticipant, 4, true)
}

func TestMissionKPI(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newKPIWorld(t, db)
		w.record(t)
		k, err := db.MissionKPI(ctx, w.m.ID)
		must(t, err)
		if k.Exchanges != 4 || k.SMEs != 2 || k.Organisations != 4 {
			t.Errorf("got %d exchanges, %d SMEs, %d organisations; want 4, 2, 4", k.Exchanges, k.SMEs, k.Organisations)
		}
		want := []mission.KPICount{{Key: "DE", Count: 1}, {Key: "FR", Count: 1}, {Key: "IT", Count: 1}, {Key: "PT", Count: 1}}
		if !slices.Equal(k.Countries, want) {
			t.Errorf("got countries %v, want %v", k.Countries, want)
		}
		wantPartners := []mission.KPIPartnerLine{
			{PartnerID: w.scs.ID, Name: "Pôle SCS", Exchanges: 2, SMEs: 1, BudgetCents: 1000000},
			{PartnerID: w.sax.ID, Name: "Silicon Saxony", Exchanges: 2, SMEs: 1, Grants: 2, BudgetCents: 500000, CommittedCents: 59500, PaidCents: 50000},
		}
		if !slices.Equal(k.Partners, wantPartners) {
			t.Errorf("got partners\n%+v, want\n%+v", k.Partners, wantPartners)
		}
		wantMeetings := mission.KPIMeetings{Requested: 3, Accepted: 2, Scheduled: 5, Held: 2, NotHeld: 1, Disputed: 1, Unreported: 1}
		if k.Meetings != wantMeetings {
			t.Errorf("got meetings %+v, want %+v", k.Meetings, wantMeetings)
		}
		wantOutcomes := []mission.KPICount{{Key: "none", Count: 1}, {Key: "follow_up"}, {Key: "offer", Count: 1}, {Key: "partnership"}, {Key: "contract"}}
		if !slices.Equal(k.Outcomes, wantOutcomes) {
			t.Errorf("got outcomes %v, want %v", k.Outcomes, wantOutcomes)
		}
		wantSat := mission.KPISatisfaction{Responses: 3, Mean: 3.33, Distribution: [5]int{0, 1, 0, 2, 0}, Recommend: 1}
		if k.Satisfaction != wantSat {
			t.Errorf("got satisfaction %+v, want %+v", k.Satisfaction, wantSat)
		}
		wantMoney := mission.KPIMoney{BudgetCents: 1500000, CommittedCents: 59500, PaidCents: 50000, Grants: 2}
		if k.Money != wantMoney {
			t.Errorf("got money %+v, want %+v", k.Money, wantMoney)
		}
		wantCode(t, func() error { _, err := db.MissionKPI(ctx, 9999); return err }(), mission.ENOTFOUND)

		// The consortium over its period: the Basque and Saxon missions, not
		// the one after it; a fifth of the period has passed on 15 March.
		must(t, db.SetConsortiumTargets(ctx, w.c.ID, mission.ConsortiumTargets{Participants: 8, SMEs: 4, Meetings: 10, Missions: 2}, 0, time.Time{}))
		ck, err := db.ConsortiumKPI(ctx, w.c.ID, date(2026, 1, 1).AddDate(0, 0, 73))
		must(t, err)
		if ck.Total.Exchanges != 5 || ck.Total.SMEs != 3 || len(ck.Missions) != 2 || ck.Missions[0].MissionID != w.m.ID ||
			ck.Missions[1].Exchanges != 1 || ck.Missions[0].Meetings != 2 || ck.Missions[0].Satisfaction != 3.33 {
			t.Errorf("got consortium total %d exchanges, %d SMEs, missions %+v; want 5, 3, the Basque then the Saxon", ck.Total.Exchanges, ck.Total.SMEs, ck.Missions)
		}
		wantProgress := []mission.KPIProgress{{Target: "participants", Goal: 8, Actual: 5, Expected: 2}, {Target: "smes", Goal: 4, Actual: 3, Expected: 1},
			{Target: "meetings", Goal: 10, Actual: 2, Expected: 2}, {Target: "missions", Goal: 2, Actual: 2, Expected: 0}}
		if !slices.Equal(ck.Progress, wantProgress) {
			t.Errorf("got progress %+v, want %+v", ck.Progress, wantProgress)
		}
		wantCode(t, db.SetConsortiumTargets(ctx, w.c.ID, mission.ConsortiumTargets{SMEs: -1}, 0, time.Time{}), mission.EINVALID)
		wantCode(t, db.SetConsortiumTargets(ctx, 9999, mission.ConsortiumTargets{}, 0, time.Time{}), mission.ENOTFOUND)
	})
}

func TestMeetingOutcomeRules(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newKPIWorld(t, db)
		m1 := w.meetings[0]
		save := func(missionID int64, p *mission.Person, at time.Time, held bool, kind string) error {
			return db.SaveMeetingOutcome(ctx, missionID, &mission.MeetingOutcome{MeetingID: m1.ID, PersonID: p.ID, Held: held, Outcome: kind, UpdatedAt: at})
		}
		after := m1.EndsAt.Add(time.Minute)
		wantCode(t, save(w.m.ID, w.p2, after, true, mission.OutcomeOffer), mission.ENOTFOUND)          // not in the meeting
		wantCode(t, save(w.later.ID, w.p1, after, true, mission.OutcomeOffer), mission.ENOTFOUND)      // another mission
		wantCode(t, save(w.m.ID, w.p1, m1.EndsAt.Add(-time.Minute), true, "offer"), mission.ECONFLICT) // not over yet
		wantCode(t, save(w.m.ID, w.p1, after, false, mission.OutcomeOffer), mission.EINVALID)          // not held, yet an offer
		wantCode(t, save(w.m.ID, w.p1, after, true, "gift"), mission.EINVALID)
		must(t, save(w.m.ID, w.p1, after, true, mission.OutcomeFollowUp))
		must(t, save(w.m.ID, w.p1, after.Add(time.Hour), true, mission.OutcomeContract))
		list, err := db.MeetingOutcomes(ctx, w.m.ID)
		must(t, err)
		if len(list) != 1 || list[0].Outcome != mission.OutcomeContract || !list[0].CreatedAt.Equal(after) || !list[0].UpdatedAt.Equal(after.Add(time.Hour)) {
			t.Errorf("got %+v, want one record, changed to contract, created at the first save", list)
		}
	})
}

func TestFeedbackOneResponsePerPerson(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w := newKPIWorld(t, db)
		s := &mission.FeedbackSurvey{MissionID: w.m.ID, Questions: []string{" Which company would you visit again? ", "", "Anything else?"}}
		must(t, db.SaveFeedbackSurvey(ctx, s))
		got, err := db.FeedbackSurvey(ctx, w.m.ID)
		must(t, err)
		if !slices.Equal(got.Questions, []string{"Which company would you visit again?", "Anything else?"}) {
			t.Errorf("got questions %q", got.Questions)
		}
		if empty, err := db.FeedbackSurvey(ctx, w.later.ID); err != nil || len(empty.Questions) != 0 {
			t.Errorf("got %+v, %v; want an empty survey", empty, err)
		}
		wantCode(t, db.SaveFeedbackSurvey(ctx, &mission.FeedbackSurvey{MissionID: w.m.ID, Questions: []string{"1", "2", "3", "4", "5", "6"}}), mission.EINVALID)

		r := &mission.FeedbackResponse{MissionID: w.m.ID, PersonID: w.p1.ID, Role: mission.RoleParticipant, Satisfaction: 5, Recommend: true,
			Answers: []mission.FeedbackAnswer{{Question: "Anything else?", Answer: "Thanks"}}}
		must(t, db.SaveFeedbackResponse(ctx, r))
		again := &mission.FeedbackResponse{MissionID: w.m.ID, PersonID: w.p1.ID, Role: mission.RoleParticipant, Satisfaction: 3, Improve: "Longer slots"}
		must(t, db.SaveFeedbackResponse(ctx, again))
		if again.ID != r.ID {
			t.Errorf("got response id %d on the second answer, want the first's %d", again.ID, r.ID)
		}
		list, err := db.FeedbackResponses(ctx, w.m.ID)
		must(t, err)
		if len(list) != 1 || list[0].Satisfaction != 3 || list[0].Recommend || list[0].Improve != "Longer slots" || len(list[0].Answers) != 0 {
			t.Errorf("got %+v, want the one response as changed", list)
		}
		wantCode(t, db.SaveFeedbackResponse(ctx, &mission.FeedbackResponse{MissionID: w.m.ID, PersonID: w.p2.ID, Role: mission.RoleParticipant, Satisfaction: 6}), mission.EINVALID)
		wantCode(t, db.SaveFeedbackResponse(ctx, &mission.FeedbackResponse{MissionID: w.m.ID, PersonID: w.p2.ID, Role: mission.RoleHost, Satisfaction: 4}), mission.EINVALID)
		_, err = db.FeedbackResponse(ctx, w.m.ID, w.p2.ID)
		wantCode(t, err, mission.ENOTFOUND)
	})
}
