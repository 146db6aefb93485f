package schedule

import "fmt"

// Reason codes: why a meeting is unplaced. They are stable, so that a
// program can say each in its own words and language (Caravan translates
// them); Reason.Text says them in English.
const (
	// ReasonFixedTableReserved: the meeting's fixed table (Table) is
	// reserved for Participant, who is not in the meeting.
	ReasonFixedTableReserved = "fixed_table_reserved"
	// ReasonFixedTableNotReserved: the meeting's fixed table (Table) is
	// not one of the tables reserved for its participants, who meet only
	// at their reserved tables.
	ReasonFixedTableNotReserved = "fixed_table_not_reserved"
	// ReasonNoTable: every table is reserved for another participant.
	ReasonNoTable = "no_table"
	// ReasonFixedSlot: the meeting's fixed slot (Slot) is not allowed or
	// is forbidden for one of its participants.
	ReasonFixedSlot = "fixed_slot_unavailable"
	// ReasonNoCommonSlot: the participants share no free slot in the
	// allowed sessions.
	ReasonNoCommonSlot = "no_common_slot"
	// ReasonPrecedenceCycle: the meeting must come after itself through
	// Meeting, another meeting of the cycle.
	ReasonPrecedenceCycle = "precedence_cycle"
	// ReasonNoSlotLeft: of the Slots slots all participants can attend,
	// participant k of the meeting is in other meetings in Busy[k], no
	// table is free in Full and Order break the required meeting order.
	ReasonNoSlotLeft = "no_slot_left"
)

// ReasonCodes lists every code the engine gives.
var ReasonCodes = []string{ReasonFixedTableReserved, ReasonFixedTableNotReserved, ReasonNoTable, ReasonFixedSlot,
	ReasonNoCommonSlot, ReasonPrecedenceCycle, ReasonNoSlotLeft}

// Reason says why a meeting is unplaced as a Code and its parameters;
// which parameters a code uses is said at the code. Table, Participant,
// Slot and Meeting are indexes into the Problem; Busy is parallel to the
// meeting's Participants.
type Reason struct {
	Code        string `json:"code"`
	Table       int    `json:"table,omitempty"`
	Participant int    `json:"participant,omitempty"`
	Slot        int    `json:"slot,omitempty"`
	Meeting     int    `json:"meeting,omitempty"`
	Slots       int    `json:"slots,omitempty"`
	Busy        []int  `json:"busy,omitempty"`
	Full        int    `json:"full,omitempty"`
	Order       int    `json:"order,omitempty"`
}

// Text says r, the reason of meeting m of p, in English, naming
// participants, tables and meetings by their names in p; "" for the zero
// Reason or an unknown code.
func (r Reason) Text(p *Problem, m int) string {
	switch r.Code {
	case ReasonFixedTableReserved:
		return fmt.Sprintf("its fixed table %s is reserved for %s, who is not in the meeting",
			tableLabel(p, r.Table), participantLabel(p, r.Participant))
	case ReasonFixedTableNotReserved:
		return fmt.Sprintf("its fixed table %s is not one of the tables reserved for %s", tableLabel(p, r.Table), partNames(p, m))
	case ReasonNoTable:
		return "no table is free for it: every table is reserved for another participant"
	case ReasonFixedSlot:
		return fmt.Sprintf("its fixed slot %d is not allowed or is forbidden for %s", r.Slot+1, partNames(p, m))
	case ReasonNoCommonSlot:
		return fmt.Sprintf("%s share no free slot in the allowed sessions", partNames(p, m))
	case ReasonPrecedenceCycle:
		return "precedence cycle with " + meetingLabel(p, r.Meeting)
	case ReasonNoSlotLeft:
		msg := fmt.Sprintf("%s have no slot left: of the %d slot(s) they can all attend", partNames(p, m), r.Slots)
		var parts []string
		for k, q := range p.Meetings[m].Participants {
			if k < len(r.Busy) && r.Busy[k] > 0 {
				parts = append(parts, fmt.Sprintf("%s is in other meetings in %d", participantLabel(p, q), r.Busy[k]))
			}
		}
		if r.Full > 0 {
			parts = append(parts, fmt.Sprintf("no table is free in %d", r.Full))
		}
		if r.Order > 0 {
			parts = append(parts, fmt.Sprintf("%d break the required meeting order", r.Order))
		}
		for i, s := range parts {
			if i > 0 {
				msg += ","
			}
			msg += " " + s
		}
		return msg
	}
	return ""
}
