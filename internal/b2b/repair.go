package b2b

import (
	"time"

	"caravan/internal/schedule"
)

// anchor maps base's plan, the published one, onto s, the problem built
// now: for each meeting of s (matched by request) its published slot and
// table in s's indexing, Slot -1 for a new meeting, and a slot or table
// out of range when the published one no longer exists. The meetings of
// base whose request is gone become s.Cancelled; s.Before records every
// published placement.
func (s *Snapshot) anchor(base *Snapshot) []schedule.Assignment {
	type slotKey struct {
		item  int64
		start time.Time
	}
	slotOf := map[slotKey]int{}
	for k, sl := range s.Problem.Slots {
		slotOf[slotKey{s.Slots[k].ItemID, sl.Start.UTC()}] = k
	}
	tableOf := map[TableRef]int{}
	for k, t := range s.Tables {
		tableOf[t] = k
	}
	byRequest := map[int64]int{}
	for k, r := range s.Requests {
		byRequest[r.ID] = k
	}
	gone := len(s.Problem.Slots) // out of range: no longer exists
	published := make([]schedule.Assignment, len(s.Problem.Meetings))
	s.Before = make([]*Placement, len(s.Problem.Meetings))
	for k := range published {
		published[k] = schedule.Assignment{Slot: -1, Table: -1}
	}
	s.Cancelled = nil
	for bk, r := range base.Requests {
		a := base.Plan.Assign[bk]
		if a.Slot < 0 {
			continue
		}
		k, ok := byRequest[r.ID]
		if !ok {
			var ids []int64
			for _, i := range base.Problem.Meetings[bk].Participants {
				ids = append(ids, base.People[i].ID)
			}
			s.Cancelled = append(s.Cancelled, Cancelled{RequestID: r.ID, PersonIDs: ids, Was: *base.Placement(bk)})
			continue
		}
		s.Before[k] = base.Placement(bk)
		slot, okS := slotOf[slotKey{base.Slots[a.Slot].ItemID, base.Problem.Slots[a.Slot].Start.UTC()}]
		table, okT := tableOf[base.Tables[a.Table]]
		switch {
		case !okS:
			published[k] = schedule.Assignment{Slot: gone, Table: 0}
		case !okT:
			published[k] = schedule.Assignment{Slot: slot, Table: len(s.Problem.Tables)}
		default:
			published[k] = schedule.Assignment{Slot: slot, Table: table}
		}
	}
	return published
}
