package demo

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"caravan/internal/grant"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// The demo accounts' tour: what the participant (Paula) and the local
// company (Leire) find of their own when they sign in. In the past Basque
// mission Paula has four accepted meeting requests with Basque companies,
// Leire's among them, placed in the B2B sessions at free slots and tables;
// she recorded the outcome of one meeting and the others wait for hers; she
// has a grant paid by Silicon Saxony (whose organisers review her claim)
// and a draft closing report, and has not answered the feedback survey.
// Leire has a request from another visitor still to answer (the Basque
// mission has no request deadline). In the upcoming mission Paula has
// received a request and sent one, both pending.

// tourMeeting is one of Paula's Basque meetings: with whom, who asked, and
// how much it mattered to the one who asked.
type tourMeeting struct {
	with     int64
	fromHer  bool
	priority string
}

// createTour writes the tour after the accounts exist.
func (w *demoWorld) createTour(ctx context.Context, db *store.DB, now time.Time) error {
	paula, leire := w.person["participant"], w.person["local"]
	if err := w.createTourMeetings(ctx, db, paula, leire); err != nil {
		return err
	}
	if err := w.createTourGrant(ctx, db, paula); err != nil {
		return err
	}
	return w.createTourRequests(ctx, db, paula, now)
}

// createTourMeetings writes Paula's accepted requests in the Basque
// mission, places them as meetings, records her outcome of the first one
// that is not with Leire, and sends Leire a request still to answer.
func (w *demoWorld) createTourMeetings(ctx context.Context, db *store.DB, paula, leire int64) error {
	m := w.basque
	locals, err := db.MissionMembers(ctx, m.ID, mission.RoleLocal)
	if err != nil {
		return err
	}
	visitors, err := db.MissionMembers(ctx, m.ID, mission.RoleParticipant)
	if err != nil {
		return err
	}
	// Three generated Basque companies of other organisations than
	// Leire's, those of an ecosystem of Paula's organisation first, and
	// Leire.
	org, err := db.Organisation(ctx, w.sme)
	if err != nil {
		return err
	}
	var near, far []int64
	for _, l := range locals {
		if l.PersonID == leire || l.Person.OrganisationID == w.local {
			continue
		}
		if slices.ContainsFunc(l.Person.Organisation.Ecosystems, func(e string) bool { return slices.Contains(org.Ecosystems, e) }) {
			near = append(near, l.PersonID)
		} else {
			far = append(far, l.PersonID)
		}
	}
	others := append(near, far...)
	if len(others) < 3 {
		return fmt.Errorf("the Basque mission has %d local companies besides Leire's, want 3", len(others))
	}
	plan := []tourMeeting{
		{others[0], true, mission.PriorityMust},
		{others[1], false, mission.PriorityShould},
		{leire, true, mission.PriorityMust},
		{others[2], true, mission.PriorityCould},
	}
	sessions, err := db.B2BSessions(ctx, m.ID)
	if err != nil {
		return err
	}
	existing, err := db.Meetings(ctx, m.ID)
	if err != nil {
		return err
	}
	free := newFreeSlots(existing)
	asked := m.StartsOn.AddDate(0, 0, -12).Add(9 * time.Hour)
	recorded := false
	for i, tm := range plan {
		from, to := paula, tm.with
		message := "We make condition-monitoring software for machine tools and look for pilot plants in the Basque Country."
		if !tm.fromHer {
			from, to = tm.with, paula
			message = "We would like to show you our test bench for predictive maintenance."
		}
		sent := asked.Add(time.Duration(i) * 26 * time.Hour)
		req := &mission.MeetingRequest{MissionID: m.ID, FromPersonID: from, ToPersonID: to, Message: message, Priority: tm.priority,
			Status: mission.RequestAccepted, CreatedAt: sent, AnsweredAt: sent.Add(20 * time.Hour)}
		if err := db.CreateMeetingRequest(ctx, req); err != nil {
			return err
		}
		mt := free.place(sessions, paula, tm.with)
		if mt == nil {
			return fmt.Errorf("no free slot and table in the Basque B2B sessions for Paula's meeting %d", i+1)
		}
		mt.MissionID, mt.RequestID, mt.CreatedAt = m.ID, req.ID, m.StartsOn.AddDate(0, 0, -2)
		if err := db.CreateMeeting(ctx, mt); err != nil {
			return err
		}
		if tm.with == leire || recorded {
			continue
		}
		recorded = true
		o := &mission.MeetingOutcome{MeetingID: mt.ID, PersonID: paula, Held: true, Outcome: mission.OutcomeFollowUp,
			Note: "They want a pilot of our software on two lines; proposal due in January.", UpdatedAt: mt.EndsAt.Add(30 * time.Hour)}
		if err := db.SaveMeetingOutcome(ctx, m.ID, o); err != nil {
			return err
		}
	}
	// A visitor who has not met Leire yet asks her for a meeting: the
	// mission has no request deadline, so she can still answer it.
	for _, v := range visitors {
		if v.PersonID == paula || free.busy[v.PersonID] == nil {
			continue
		}
		sent := m.StartsOn.AddDate(0, 0, -3).Add(16 * time.Hour)
		return db.CreateMeetingRequest(ctx, &mission.MeetingRequest{MissionID: m.ID, FromPersonID: v.PersonID, ToPersonID: leire,
			Message: "Could we meet at your stand to talk about robot cells for small batches?", Priority: mission.PriorityShould,
			Status: mission.RequestPending, CreatedAt: sent})
	}
	return fmt.Errorf("the Basque mission has no visitor with meetings to ask Leire")
}

// freeSlots knows who and which table is taken when in a mission's B2B
// sessions.
type freeSlots struct {
	busy   map[int64][]mission.Interval  // person → meetings
	tables map[string][]mission.Interval // session item and table → meetings
}

func newFreeSlots(meetings []*mission.Meeting) *freeSlots {
	f := &freeSlots{busy: map[int64][]mission.Interval{}, tables: map[string][]mission.Interval{}}
	for _, mt := range meetings {
		f.take(mt)
	}
	return f
}

// tableKey names a table of a session; the demo's generated meetings name
// table n "Tn", the scheduler by its label.
func tableKey(sessionItemID int64, table string) string {
	return strconv.FormatInt(sessionItemID, 10) + "/" + strings.ToLower(table)
}

func (f *freeSlots) take(mt *mission.Meeting) {
	in := mission.Interval{Start: mt.StartsAt, End: mt.EndsAt}
	for _, p := range mt.PersonIDs {
		f.busy[p] = append(f.busy[p], in)
	}
	if mt.Table != "" {
		key := tableKey(mt.SessionItemID, mt.Table)
		f.tables[key] = append(f.tables[key], in)
	}
}

func overlaps(list []mission.Interval, in mission.Interval) bool {
	for _, o := range list {
		if o.Start.Before(in.End) && in.Start.Before(o.End) {
			return true
		}
	}
	return false
}

// place returns a meeting of a and b in the first slot of the sessions
// where both are free, at the lowest-numbered free table that is not
// reserved for someone else, and marks it taken; nil when there is none.
func (f *freeSlots) place(sessions []*mission.B2BSession, a, b int64) *mission.Meeting {
	for _, sess := range sessions {
		for _, slot := range sess.Slots() {
			if overlaps(f.busy[a], slot) || overlaps(f.busy[b], slot) {
				continue
			}
			for n := 1; n <= sess.Item.Tables; n++ {
				t := mission.B2BTable{Number: n}
				for _, named := range sess.Tables {
					if named.Number == n {
						t = named
					}
				}
				if t.PinnedPersonID != 0 && t.PinnedPersonID != a && t.PinnedPersonID != b {
					continue
				}
				id := sess.Item.ID
				if overlaps(f.tables[tableKey(id, t.Label())], slot) || overlaps(f.tables[tableKey(id, "T"+strconv.Itoa(n))], slot) ||
					overlaps(f.tables[tableKey(id, strconv.Itoa(n))], slot) {
					continue
				}
				mt := &mission.Meeting{SessionItemID: id, StartsAt: slot.Start, EndsAt: slot.End, Table: t.Label(), PersonIDs: []int64{a, b}}
				f.take(mt)
				return mt
			}
		}
	}
	return nil
}

// createTourGrant commits Paula's grant under the Basque mission's grant
// rule set, paid by Silicon Saxony and committed by the organiser
// account, and starts her closing report as a draft she can complete,
// add evidence to and submit.
func (w *demoWorld) createTourGrant(ctx context.Context, db *store.DB, paula int64) error {
	m := w.basque
	apps, err := db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, PersonID: paula, Status: mission.AppConfirmed, Limit: 1})
	if err != nil {
		return err
	}
	if len(apps) == 0 {
		return fmt.Errorf("Paula has no confirmed place in the Basque mission")
	}
	choice, err := db.MissionGrantRuleSet(ctx, m.ID)
	if err != nil {
		return err
	}
	d, err := db.GrantRuleSet(ctx, choice.RuleSetID, choice.Version)
	if err != nil {
		return err
	}
	rs, err := grant.ParseRuleSet(d.ID, strings.NewReader(d.JSON))
	if err != nil {
		return err
	}
	host, err := db.Organisation(ctx, m.HostOrganisationID)
	if err != nil {
		return err
	}
	g, err := newGrant(rs, m, host, apps[0], w.sisaxPartner, w.person["organiser"], date(2023, 10, 23).Add(11*time.Hour))
	if err != nil {
		return err
	}
	if err := db.CommitGrant(ctx, g, w.account["organiser"]); err != nil {
		return err
	}
	return db.SaveClosingReport(ctx, &mission.ClosingReport{ApplicationID: apps[0].ID, UpdatedAt: date(2023, 11, 17).Add(18 * time.Hour),
		Achieved: "Four meetings with Basque manufacturers and GAIA's digital-innovation hub; one wants a pilot of our software."})
}

// createTourRequests gives Paula, in the upcoming mission, a request from
// one of its hosts to answer and one she sent to the other, both pending,
// a day or two before the demo was created.
func (w *demoWorld) createTourRequests(ctx context.Context, db *store.DB, paula int64, now time.Time) error {
	m := w.upcoming
	hosts, err := db.MissionMembers(ctx, m.ID, mission.RoleHost)
	if err != nil {
		return err
	}
	if len(hosts) < 2 {
		return fmt.Errorf("the upcoming mission has %d hosts, want 2", len(hosts))
	}
	received := &mission.MeetingRequest{MissionID: m.ID, FromPersonID: hosts[0].PersonID, ToPersonID: paula, Priority: mission.PriorityShould,
		Message: "Lithuanian fintechs look for industrial data partners: shall we meet at the B2B session?",
		Status:  mission.RequestPending, CreatedAt: now.Add(-40 * time.Hour)}
	if err := db.CreateMeetingRequest(ctx, received); err != nil {
		return err
	}
	return db.CreateMeetingRequest(ctx, &mission.MeetingRequest{MissionID: m.ID, FromPersonID: paula, ToPersonID: hosts[1].PersonID,
		Priority: mission.PriorityMust, Message: "Could you introduce us to AI companies that work with manufacturers?",
		Status: mission.RequestPending, CreatedAt: now.Add(-20 * time.Hour)})
}
