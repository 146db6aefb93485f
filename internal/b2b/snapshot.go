// Package b2b turns a mission's accepted meeting requests into a B2B
// schedule: it builds the scheduler's Problem from the database (sessions,
// tables, breaks, everyone's availability, online attendance), runs the
// scheduling jobs (generate and repair) through the store's job queue,
// checks organisers' manual changes, and publishes a plan into the
// meetings with its e-mails. It imports mission, store and schedule; never
// web.
package b2b

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"caravan/internal/mission"
	"caravan/internal/schedule"
	"caravan/internal/store"
)

// Snapshot is a schedule run's data as it is stored: the problem the
// scheduler solved, the plan (changed by organisers' adjustments), and for
// each index of the problem the database row it stands for.
type Snapshot struct {
	MissionID int64            `json:"mission_id"`
	Problem   schedule.Problem `json:"problem"`
	Plan      schedule.Plan    `json:"plan"`
	// People, Requests, Slots and Tables are parallel to the problem's
	// participants, meetings, slots and tables.
	People   []Person   `json:"people"`
	Requests []Request  `json:"requests"`
	Slots    []SlotRef  `json:"slots"`
	Tables   []TableRef `json:"tables"`
	// What the scheduler proved and how long it took.
	LowerBound int   `json:"lower_bound"`
	Optimal    bool  `json:"optimal"`
	ElapsedMS  int64 `json:"elapsed_ms"`
	// Repair runs: Before[m] is meeting m's published placement (nil for
	// a new meeting), Cancelled the published meetings whose request is
	// no longer accepted, Moved how many published meetings the repair
	// moved.
	Before    []*Placement `json:"before,omitempty"`
	Cancelled []Cancelled  `json:"cancelled,omitempty"`
	Moved     int          `json:"moved"`
}

// Person is a participant of the problem.
type Person struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Online bool   `json:"online,omitempty"`
}

// Request is a meeting of the problem: the accepted request it places.
type Request struct {
	ID       int64  `json:"id"`
	Priority string `json:"priority"`
}

// SlotRef is the b2b_session item a slot belongs to.
type SlotRef struct {
	ItemID int64 `json:"item_id"`
}

// TableRef is what a table of the problem is: table Number of the session
// ItemID, or the online room of person PersonID (ItemID 0).
type TableRef struct {
	ItemID   int64 `json:"item_id,omitempty"`
	Number   int   `json:"number,omitempty"`
	PersonID int64 `json:"person_id,omitempty"`
}

// Online reports whether the table is a person's online room.
func (t TableRef) Online() bool { return t.ItemID == 0 }

// Placement is where a published meeting was.
type Placement struct {
	ItemID int64     `json:"item_id"`
	Start  time.Time `json:"start"`
	End    time.Time `json:"end"`
	Table  string    `json:"table"`
	Online bool      `json:"online"`
}

// Cancelled is a published meeting that a repair leaves out because its
// request is no longer accepted.
type Cancelled struct {
	RequestID int64     `json:"request_id"`
	PersonIDs []int64   `json:"person_ids"`
	Was       Placement `json:"was"`
}

// Weights of the request priorities: one must outweighs three shoulds,
// one should three coulds.
var priorityWeight = map[string]int{mission.PriorityMust: 9, mission.PriorityShould: 3, mission.PriorityCould: 1}

// Decode reads a run's stored data.
func Decode(r *mission.ScheduleRun) (*Snapshot, error) {
	s := &Snapshot{}
	if err := json.Unmarshal(r.Data, s); err != nil {
		return nil, fmt.Errorf("schedule run %d: %w", r.ID, err)
	}
	if len(s.Plan.Assign) != len(s.Problem.Meetings) || len(s.Requests) != len(s.Problem.Meetings) ||
		len(s.People) != len(s.Problem.Participants) || len(s.Slots) != len(s.Problem.Slots) || len(s.Tables) != len(s.Problem.Tables) {
		return nil, fmt.Errorf("schedule run %d: inconsistent data", r.ID)
	}
	return s, nil
}

// Encode returns the snapshot as a run's data.
func (s *Snapshot) Encode() ([]byte, error) {
	b, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode schedule: %w", err)
	}
	return b, nil
}

// Build reads mission m's B2B sessions, settings, accepted meeting requests
// and everyone's availability from db and returns the problem to solve
// with an empty plan: participants are the people in accepted requests,
// meetings the accepted requests (weighted by priority), slots those of
// the b2b_session items without their breaks, each participant's
// forbidden slots those not wholly inside their free time, tables the
// sessions' tables (each existing in its session's slots, pinned ones
// reserved for their person) plus one online room per person attending
// online, where all that person's meetings go.
func Build(ctx context.Context, db *store.DB, m *mission.Mission) (*Snapshot, error) {
	sessions, err := db.B2BSessions(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	settings, err := db.B2BSettings(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	requests, err := db.MeetingRequests(ctx, m.ID, 0)
	if err != nil {
		return nil, err
	}
	members, err := db.MissionMembers(ctx, m.ID, "")
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	for _, mm := range members {
		if mm.Person != nil {
			names[mm.PersonID] = mm.Person.Name
		}
	}
	s := &Snapshot{MissionID: m.ID}
	p := &s.Problem
	p.Name = m.Title
	p.Fairness = settings.Fairness
	index := map[int64]int{}
	var accepted []*mission.MeetingRequest
	for _, r := range requests {
		if r.Status != mission.RequestAccepted {
			continue
		}
		accepted = append(accepted, r)
		for _, id := range []int64{r.FromPersonID, r.ToPersonID} {
			if _, ok := index[id]; !ok {
				index[id] = -1
			}
		}
	}
	ids := make([]int64, 0, len(index))
	for id := range index {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for i, id := range ids {
		index[id] = i
		name, ok := names[id]
		if !ok {
			person, err := db.Person(ctx, id)
			if err != nil {
				return nil, err
			}
			name = person.Name
		}
		s.People = append(s.People, Person{ID: id, Name: name, Online: slices.Contains(settings.Online, id)})
		p.Participants = append(p.Participants, schedule.Participant{Name: name})
	}
	loc := m.Location()
	for k, sess := range sessions {
		var slotIdx []int
		for _, iv := range sess.Slots() {
			slotIdx = append(slotIdx, len(p.Slots))
			p.Slots = append(p.Slots, schedule.Slot{Session: k, Start: iv.Start, End: iv.End,
				Label: iv.Start.In(loc).Format("Mon 2 Jan 15:04")})
			s.Slots = append(s.Slots, SlotRef{ItemID: sess.Item.ID})
		}
		if len(slotIdx) == 0 {
			continue
		}
		for _, t := range sess.Tables {
			pinned := -1
			if t.PinnedPersonID != 0 {
				i, ok := index[t.PinnedPersonID]
				if !ok {
					continue // reserved for someone without meetings: unused
				}
				pinned = i
			}
			p.Tables = append(p.Tables, schedule.Table{Name: t.Label(), Pinned: pinned, Slots: slotIdx})
			s.Tables = append(s.Tables, TableRef{ItemID: sess.Item.ID, Number: t.Number})
		}
	}
	room := map[int]int{} // participant → their online room's table
	for i, person := range s.People {
		if person.Online {
			room[i] = len(p.Tables)
			p.Tables = append(p.Tables, schedule.Table{Name: "Online: " + person.Name, Pinned: i})
			s.Tables = append(s.Tables, TableRef{PersonID: person.ID})
		}
	}
	for _, r := range accepted {
		a, b := index[r.FromPersonID], index[r.ToPersonID]
		mt := schedule.Meeting{Name: s.People[a].Name + " – " + s.People[b].Name, Participants: []int{a, b},
			Weight: priorityWeight[r.Priority], FixedSlot: -1, FixedTable: -1}
		if mt.Weight == 0 {
			mt.Weight = 1
		}
		if t, ok := room[a]; ok {
			mt.FixedTable = t
		} else if t, ok := room[b]; ok {
			mt.FixedTable = t
		}
		p.Meetings = append(p.Meetings, mt)
		s.Requests = append(s.Requests, Request{ID: r.ID, Priority: r.Priority})
	}
	for i, person := range s.People {
		free, err := db.Availability(ctx, m.ID, person.ID)
		if err != nil {
			return nil, err
		}
		for k, sl := range p.Slots {
			if !inside(free, sl.Start, sl.End) {
				p.Participants[i].Forbidden = append(p.Participants[i].Forbidden, k)
			}
		}
	}
	s.Plan.Assign = make([]schedule.Assignment, len(p.Meetings))
	for k := range s.Plan.Assign {
		s.Plan.Assign[k] = schedule.Assignment{Slot: -1, Table: -1, Reason: "not scheduled yet", Cause: schedule.Reason{Code: ReasonCodeNotScheduled}}
	}
	return s, nil
}

// inside reports whether [start, end) lies wholly inside one interval of
// free.
func inside(free []mission.Interval, start, end time.Time) bool {
	for _, iv := range free {
		if !start.Before(iv.Start) && !end.After(iv.End) {
			return true
		}
	}
	return false
}

// Placement returns where meeting k of the plan is, or nil when it is
// unplaced.
func (s *Snapshot) Placement(k int) *Placement {
	a := s.Plan.Assign[k]
	if a.Slot < 0 || a.Table < 0 {
		return nil
	}
	sl := s.Problem.Slots[a.Slot]
	pl := &Placement{ItemID: s.Slots[a.Slot].ItemID, Start: sl.Start, End: sl.End}
	if s.Tables[a.Table].Online() {
		pl.Online = true
	} else {
		pl.Table = s.Problem.Tables[a.Table].Name
	}
	return pl
}

// Stats measures the plan.
func (s *Snapshot) Stats() schedule.Stats { return schedule.Evaluate(&s.Problem, &s.Plan) }
