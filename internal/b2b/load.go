package b2b

import (
	"context"
	"fmt"
	"time"

	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/store"
)

// LoadEvent writes a scheduling problem p (such as one from
// schedule.Generate) into db as a new published mission, so that the whole
// product path (Enqueue, Worker.RunPending, Publish) can run on it, as the
// benchmarks do: one organisation and person per participant, all members
// of the mission (the first as its host organisation); one b2b_session item
// per session of p, from its first slot's start to its last slot's end,
// with p's slot length and p's tables (names and booths) in every session;
// each participant's forbidden slots as availability blocks; and each
// meeting of two people as an accepted request (weight 3 or more: must, 2:
// should, else could). What the product cannot express is left out:
// meetings of three or more, a second meeting of the same pair, fixed
// slots and tables, precedences and per-meeting session limits. The
// mission's time zone is Europe/Madrid.
func LoadEvent(ctx context.Context, db *store.DB, p *schedule.Problem) (*mission.Mission, error) {
	if len(p.Slots) == 0 || len(p.Participants) == 0 {
		return nil, mission.Errorf(mission.EINVALID, "load event: the problem has no slots or no participants")
	}
	now := time.Now()
	people := make([]*mission.Person, len(p.Participants))
	for i, pa := range p.Participants {
		o := &mission.Organisation{Name: fmt.Sprintf("%s (%d)", pa.Name, i+1), Kind: mission.KindSME, Country: "ES", City: "Bilbao"}
		if err := db.CreateOrganisation(ctx, o); err != nil {
			return nil, err
		}
		people[i] = &mission.Person{OrganisationID: o.ID, Name: pa.Name, Email: fmt.Sprintf("participant%d@event.example", i+1)}
		if err := db.CreatePerson(ctx, people[i]); err != nil {
			return nil, err
		}
	}
	first, last := p.Slots[0].Start, p.Slots[len(p.Slots)-1].End
	if first.IsZero() {
		return nil, mission.Errorf(mission.EINVALID, "load event: the problem's slots have no times")
	}
	day := func(t time.Time) time.Time { y, m, d := t.Date(); return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	m := &mission.Mission{Title: p.Name, HostOrganisationID: people[0].OrganisationID, HostCity: "Bilbao", HostCountry: "ES",
		TimeZone: "Europe/Madrid", StartsOn: day(first), EndsOn: day(last), Status: mission.StatusConfirmed, Published: true}
	if err := db.CreateMission(ctx, m); err != nil {
		return nil, err
	}
	for i, person := range people {
		role := mission.RoleParticipant
		if i == 0 {
			role = mission.RoleHost
		}
		if err := db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: person.ID, Role: role, CreatedAt: now}); err != nil {
			return nil, err
		}
	}
	// Sessions: consecutive slots of one Session value.
	for k := 0; k < len(p.Slots); {
		j := k
		for j+1 < len(p.Slots) && p.Slots[j+1].Session == p.Slots[k].Session {
			j++
		}
		sl := p.Slots[k]
		it := &mission.ProgrammeItem{MissionID: m.ID, Kind: mission.ItemB2BSession, Title: fmt.Sprintf("B2B session %d", sl.Session+1),
			StartsAt: sl.Start, EndsAt: p.Slots[j].End, SlotMinutes: int(sl.End.Sub(sl.Start) / time.Minute), Tables: len(p.Tables)}
		if err := db.CreateProgrammeItem(ctx, it); err != nil {
			return nil, err
		}
		sess := &mission.B2BSession{Item: it}
		for t, tb := range p.Tables {
			bt := mission.B2BTable{Number: t + 1, Name: tb.Name}
			if tb.Pinned >= 0 {
				bt.PinnedPersonID = people[tb.Pinned].ID
			}
			sess.Tables = append(sess.Tables, bt)
		}
		if err := db.SaveB2BSession(ctx, sess); err != nil {
			return nil, err
		}
		k = j + 1
	}
	for i, pa := range p.Participants {
		forbidden := make([]bool, len(p.Slots))
		for _, s := range pa.Forbidden {
			forbidden[s] = true
		}
		for k := 0; k < len(p.Slots); k++ {
			if !forbidden[k] {
				continue
			}
			j := k
			for j+1 < len(p.Slots) && forbidden[j+1] && p.Slots[j+1].Session == p.Slots[k].Session {
				j++
			}
			b := &mission.AvailabilityBlock{MissionID: m.ID, PersonID: people[i].ID, StartsAt: p.Slots[k].Start, EndsAt: p.Slots[j].End,
				Note: "busy", CreatedAt: now}
			if err := db.AddAvailabilityBlock(ctx, b); err != nil {
				return nil, err
			}
			k = j
		}
	}
	seen := map[[2]int]bool{}
	for _, mt := range p.Meetings {
		if len(mt.Participants) != 2 {
			continue
		}
		a, b := mt.Participants[0], mt.Participants[1]
		if seen[[2]int{a, b}] || seen[[2]int{b, a}] {
			continue
		}
		seen[[2]int{a, b}] = true
		priority := mission.PriorityCould
		switch {
		case mt.Weight >= 3:
			priority = mission.PriorityMust
		case mt.Weight == 2:
			priority = mission.PriorityShould
		}
		r := &mission.MeetingRequest{MissionID: m.ID, FromPersonID: people[a].ID, ToPersonID: people[b].ID, Priority: priority,
			Status: mission.RequestAccepted, CreatedAt: now, AnsweredAt: now}
		if err := db.CreateMeetingRequest(ctx, r); err != nil {
			return nil, err
		}
	}
	return m, nil
}
