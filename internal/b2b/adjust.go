package b2b

import (
	"fmt"
	"slices"

	"caravan/internal/mission"
	"caravan/internal/schedule"
)

// Conflict is why a manual change of the plan is refused: Code names the
// rule (person_busy, table_busy, forbidden, pinned, booth, online,
// no_table, bad_place) and Person, Table and Slot what clashes, for a
// message in the reader's language.
type Conflict struct {
	Code   string
	Person string
	Table  string
	Slot   string
}

func (c *Conflict) Error() string {
	return fmt.Sprintf("refused (%s): person %q, table %q, slot %q", c.Code, c.Person, c.Table, c.Slot)
}

// Move puts meeting k at slot and table (a placed meeting moves, an
// unplaced one is placed), unless that double-books a person or the
// table, uses a slot one of its people cannot meet in, a table that does
// not exist then, or a table reserved for someone else.
func (s *Snapshot) Move(k, slot, table int) error {
	if err := s.meetingIndex(k); err != nil {
		return err
	}
	if err := s.fits(k, slot, table, nil); err != nil {
		return err
	}
	s.Plan.Assign[k] = schedule.Assignment{Slot: slot, Table: table}
	return s.verify()
}

// Swap exchanges the places of two placed meetings a and b, with the same
// checks as Move for each in the other's place.
func (s *Snapshot) Swap(a, b int) error {
	if err := s.meetingIndex(a); err != nil {
		return err
	}
	if err := s.meetingIndex(b); err != nil {
		return err
	}
	pa, pb := s.Plan.Assign[a], s.Plan.Assign[b]
	if a == b || pa.Slot < 0 || pb.Slot < 0 {
		return &Conflict{Code: "bad_place"}
	}
	ignore := []int{a, b}
	if err := s.fits(a, pb.Slot, pb.Table, ignore); err != nil {
		return err
	}
	if err := s.fits(b, pa.Slot, pa.Table, ignore); err != nil {
		return err
	}
	s.Plan.Assign[a] = schedule.Assignment{Slot: pb.Slot, Table: pb.Table}
	s.Plan.Assign[b] = schedule.Assignment{Slot: pa.Slot, Table: pa.Table}
	return s.verify()
}

// Unplace takes meeting k out of the plan (it is not published; its
// request stays accepted, so a repair may place it again).
func (s *Snapshot) Unplace(k int) error {
	if err := s.meetingIndex(k); err != nil {
		return err
	}
	s.Plan.Assign[k] = schedule.Assignment{Slot: -1, Table: -1, Reason: ReasonRemoved, Cause: schedule.Reason{Code: ReasonCodeRemoved}}
	return s.verify()
}

// ReasonRemoved is the reason of a meeting an organiser took out.
const ReasonRemoved = "taken out of the plan by an organiser"

// Reason codes the product adds to the engine's (schedule.ReasonCodes):
// a meeting an organiser took out, and one of a problem not solved yet.
const (
	ReasonCodeRemoved      = "removed"
	ReasonCodeNotScheduled = "not_scheduled"
)

// ReasonCodes lists every code an unplaced meeting of a run may carry.
func ReasonCodes() []string {
	return append(slices.Clone(schedule.ReasonCodes), ReasonCodeRemoved, ReasonCodeNotScheduled)
}

func (s *Snapshot) meetingIndex(k int) error {
	if k < 0 || k >= len(s.Problem.Meetings) {
		return mission.Errorf(mission.ENOTFOUND, "meeting %d is not in this schedule", k+1)
	}
	return nil
}

// fits checks that meeting k may sit at slot and table, with the meetings
// in ignore out of the plan.
func (s *Snapshot) fits(k, slot, table int, ignore []int) error {
	p := &s.Problem
	if slot < 0 || slot >= len(p.Slots) || table < 0 || table >= len(p.Tables) {
		return &Conflict{Code: "bad_place"}
	}
	mt := p.Meetings[k]
	tb := p.Tables[table]
	sn, tn := p.Slots[slot].Label, tb.Name
	if tb.Slots != nil && !slices.Contains(tb.Slots, slot) {
		return &Conflict{Code: "no_table", Table: tn, Slot: sn}
	}
	if mt.FixedTable >= 0 && table != mt.FixedTable {
		return &Conflict{Code: "online", Person: s.onlinePerson(k), Table: tn}
	}
	if tb.Pinned >= 0 && !slices.Contains(mt.Participants, tb.Pinned) {
		return &Conflict{Code: "pinned", Person: s.People[tb.Pinned].Name, Table: tn}
	}
	if tb.Pinned < 0 {
		for _, i := range mt.Participants {
			for _, t := range p.Tables {
				if t.Pinned == i {
					return &Conflict{Code: "booth", Person: s.People[i].Name, Table: tn}
				}
			}
		}
	}
	for _, i := range mt.Participants {
		if slices.Contains(p.Participants[i].Forbidden, slot) {
			return &Conflict{Code: "forbidden", Person: s.People[i].Name, Slot: sn}
		}
	}
	for o, a := range s.Plan.Assign {
		if o == k || a.Slot != slot || slices.Contains(ignore, o) {
			continue
		}
		if a.Table == table {
			return &Conflict{Code: "table_busy", Table: tn, Slot: sn}
		}
		for _, i := range mt.Participants {
			if slices.Contains(p.Meetings[o].Participants, i) {
				return &Conflict{Code: "person_busy", Person: s.People[i].Name, Slot: sn}
			}
		}
	}
	return nil
}

func (s *Snapshot) onlinePerson(k int) string {
	if t := s.Problem.Meetings[k].FixedTable; t >= 0 && s.Problem.Tables[t].Pinned >= 0 {
		return s.People[s.Problem.Tables[t].Pinned].Name
	}
	return ""
}

// verify checks the whole plan with the engine's verifier after a change;
// a failure is a bug in fits, not the user's mistake.
func (s *Snapshot) verify() error {
	if err := schedule.Verify(&s.Problem, &s.Plan); err != nil {
		return fmt.Errorf("adjusted plan fails verification: %w", err)
	}
	return nil
}
