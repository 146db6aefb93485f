package schedule

import (
	"fmt"
	"sort"
	"strings"
)

// maxViolations caps how many violations a VerifyError lists.
const maxViolations = 20

// VerifyError lists the hard constraints a plan breaks. Violations holds at
// most maxViolations messages; Total counts them all.
type VerifyError struct {
	Problem    string
	Violations []string
	Total      int
}

func (e *VerifyError) Error() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "plan for %s breaks %d hard constraint", e.Problem, e.Total)
	if e.Total != 1 {
		sb.WriteString("s")
	}
	for _, v := range e.Violations {
		sb.WriteString("\n  ")
		sb.WriteString(v)
	}
	if e.Total > len(e.Violations) {
		fmt.Fprintf(&sb, "\n  … and %d more", e.Total-len(e.Violations))
	}
	return sb.String()
}

type violations struct{ e VerifyError }

func (v *violations) add(format string, args ...any) {
	v.e.Total++
	if len(v.e.Violations) < maxViolations {
		v.e.Violations = append(v.e.Violations, fmt.Sprintf(format, args...))
	}
}

// Verify checks pl against every hard constraint of p and returns nil or a
// *VerifyError listing the violations with meeting, participant, slot and
// table names: the plan covers every meeting; a placed meeting has a slot
// and a table in range, in its Allowed slots, in no forbidden slot of its
// participants, at its FixedSlot and FixedTable, strictly after every placed
// meeting of its After list, at a table pinned to none or to one of its
// participants, at a table pinned to one of them when any of them has
// pinned tables, and at a table that exists in its slot; no participant
// and no table holds two meetings in one slot; an unplaced meeting has Slot and Table -1 and a Reason.
//
// A precedence with an unplaced earlier meeting binds nothing. Verify
// shares only the Problem and Plan types with the solver.
func Verify(p *Problem, pl *Plan) error {
	if p == nil {
		return &VerifyError{Problem: "?", Violations: []string{"no problem"}, Total: 1}
	}
	v := &violations{e: VerifyError{Problem: p.Name}}
	if p.Name == "" {
		v.e.Problem = "problem"
	}
	if pl == nil {
		v.add("no plan")
		return &v.e
	}
	if len(pl.Assign) != len(p.Meetings) {
		v.add("plan has %d assignments, problem has %d meetings", len(pl.Assign), len(p.Meetings))
		return &v.e
	}
	nS, nL, nP := len(p.Slots), len(p.Tables), len(p.Participants)

	// pinnedTo[i] reports whether participant i has a pinned table.
	pinnedTo := make([]bool, nP)
	for l, t := range p.Tables {
		if t.Pinned >= nP || t.Pinned < -1 {
			v.add("table %s: pinned to participant %d, out of range", verifyTableName(p, l), t.Pinned)
			continue
		}
		if t.Pinned >= 0 {
			pinnedTo[t.Pinned] = true
		}
	}
	forbidden := make([]map[int]bool, nP)
	for i, pa := range p.Participants {
		for _, s := range pa.Forbidden {
			if forbidden[i] == nil {
				forbidden[i] = map[int]bool{}
			}
			forbidden[i][s] = true
		}
	}

	type key struct{ who, slot int }
	busy := map[key]int{}    // (participant, slot) → meeting
	tableAt := map[key]int{} // (table, slot) → meeting

	for m, a := range pl.Assign {
		mt := &p.Meetings[m]
		name := verifyMeetingName(p, m)
		if a.Slot == -1 || a.Table == -1 {
			if a.Slot != -1 || a.Table != -1 {
				v.add("meeting %s: half placed (slot %d, table %d); an unplaced meeting has both -1", name, a.Slot+1, a.Table+1)
			} else if strings.TrimSpace(a.Reason) == "" {
				v.add("meeting %s: unplaced without a reason", name)
			}
			continue
		}
		if a.Slot < 0 || a.Slot >= nS {
			v.add("meeting %s: slot %d out of range 1..%d", name, a.Slot+1, nS)
			continue
		}
		if a.Table < 0 || a.Table >= nL {
			v.add("meeting %s: table %d out of range 1..%d", name, a.Table+1, nL)
			continue
		}
		sn, tn := verifySlotName(p, a.Slot), verifyTableName(p, a.Table)
		if mt.Allowed != nil && !inList(mt.Allowed, a.Slot) {
			v.add("meeting %s: slot %s is not one of its allowed slots", name, sn)
		}
		if mt.FixedSlot >= 0 && a.Slot != mt.FixedSlot {
			v.add("meeting %s: in slot %s, fixed to slot %s", name, sn, verifySlotName(p, mt.FixedSlot))
		}
		if mt.FixedTable >= 0 && a.Table != mt.FixedTable {
			v.add("meeting %s: at table %s, fixed to table %s", name, tn, verifyTableName(p, mt.FixedTable))
		}
		pinnedHere := false // some participant of the meeting has pinned tables
		for _, i := range mt.Participants {
			if i < 0 || i >= nP {
				v.add("meeting %s: participant %d out of range", name, i+1)
				continue
			}
			if forbidden[i][a.Slot] {
				v.add("meeting %s: participant %s cannot meet in slot %s", name, p.Participants[i].Name, sn)
			}
			if pinnedTo[i] {
				pinnedHere = true
			}
			k := key{i, a.Slot}
			if other, ok := busy[k]; ok {
				v.add("participant %s: in meetings %s and %s in slot %s", p.Participants[i].Name, verifyMeetingName(p, other), name, sn)
			} else {
				busy[k] = m
			}
		}
		if ts := p.Tables[a.Table].Slots; ts != nil && !inList(ts, a.Slot) {
			v.add("meeting %s: at table %s, which does not exist in slot %s", name, tn, sn)
		}
		owner := p.Tables[a.Table].Pinned
		if owner >= 0 && owner < nP && !inList(mt.Participants, owner) {
			v.add("meeting %s: at table %s, which is pinned to %s, who is not in the meeting", name, tn, p.Participants[owner].Name)
		} else if owner < 0 && pinnedHere {
			v.add("meeting %s: at unpinned table %s, but a participant has pinned tables", name, tn)
		}
		k := key{a.Table, a.Slot}
		if other, ok := tableAt[k]; ok {
			v.add("table %s: holds meetings %s and %s in slot %s", tn, verifyMeetingName(p, other), name, sn)
		} else {
			tableAt[k] = m
		}
		for _, j := range mt.After {
			if j < 0 || j >= len(p.Meetings) {
				v.add("meeting %s: must come after meeting %d, out of range", name, j+1)
				continue
			}
			b := pl.Assign[j]
			if b.Slot >= 0 && b.Table >= 0 && b.Slot >= a.Slot {
				v.add("meeting %s: in slot %s, not after meeting %s in slot %s", name, sn, verifyMeetingName(p, j), verifySlotName(p, b.Slot))
			}
		}
	}
	if v.e.Total == 0 {
		return nil
	}
	return &v.e
}

func verifyMeetingName(p *Problem, m int) string {
	if m >= 0 && m < len(p.Meetings) && p.Meetings[m].Name != "" {
		return fmt.Sprintf("%d %q", m+1, p.Meetings[m].Name)
	}
	return fmt.Sprint(m + 1)
}

func verifySlotName(p *Problem, s int) string {
	if s >= 0 && s < len(p.Slots) && p.Slots[s].Label != "" && p.Slots[s].Label != fmt.Sprint(s+1) {
		return fmt.Sprintf("%d (%s)", s+1, p.Slots[s].Label)
	}
	return fmt.Sprint(s + 1)
}

func verifyTableName(p *Problem, l int) string {
	if l >= 0 && l < len(p.Tables) && p.Tables[l].Name != "" && p.Tables[l].Name != fmt.Sprint(l+1) {
		return fmt.Sprintf("%d %q", l+1, p.Tables[l].Name)
	}
	return fmt.Sprint(l + 1)
}

// Stats measures a plan's quality.
type Stats struct {
	Scheduled       int // meetings placed
	ScheduledWeight int // total weight of the meetings placed
	// Breaks is the total over participants of their breaks: maximal idle
	// gaps between two of their meetings inside one session.
	Breaks int
	// MaxBreaks and MinBreaks range over all participants, those without
	// meetings counting 0 breaks.
	MaxBreaks, MinBreaks int
	// BreaksPerParticipant is indexed like Problem.Participants.
	BreaksPerParticipant []int
	// TableChanges counts, over participants, consecutive meetings (in slot
	// order, across sessions too) that sit at different tables.
	TableChanges int
}

// Evaluate measures pl on p. It reads only placed meetings with slot and
// table in range, so it is safe on unverified plans (and on a nil plan).
func Evaluate(p *Problem, pl *Plan) Stats {
	nP := len(p.Participants)
	st := Stats{BreaksPerParticipant: make([]int, nP)}
	if pl == nil {
		return st
	}
	type visit struct{ slot, table int }
	visits := make([][]visit, nP)
	for m, a := range pl.Assign {
		if m >= len(p.Meetings) || a.Slot < 0 || a.Slot >= len(p.Slots) || a.Table < 0 {
			continue
		}
		st.Scheduled++
		st.ScheduledWeight += p.Meetings[m].Weight
		for _, i := range p.Meetings[m].Participants {
			if i >= 0 && i < nP {
				visits[i] = append(visits[i], visit{a.Slot, a.Table})
			}
		}
	}
	for i, vs := range visits {
		sort.Slice(vs, func(x, y int) bool { return vs[x].slot < vs[y].slot })
		b := 0
		for k := 1; k < len(vs); k++ {
			prev, cur := vs[k-1], vs[k]
			if cur.table != prev.table {
				st.TableChanges++
			}
			if cur.slot > prev.slot+1 && p.Slots[cur.slot].Session == p.Slots[prev.slot].Session {
				b++
			}
		}
		st.BreaksPerParticipant[i] = b
		st.Breaks += b
		if i == 0 || b > st.MaxBreaks {
			st.MaxBreaks = b
		}
		if i == 0 || b < st.MinBreaks {
			st.MinBreaks = b
		}
	}
	return st
}
