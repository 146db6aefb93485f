// Package schedule is Caravan's B2B meeting scheduler: a Problem goes in, a
// Plan comes out. It is pure: no database, no HTTP, and it imports nothing of
// Caravan's own packages.
//
// The model follows B2BSOP (Bofill et al., JAIR 74, 2022) extended with
// group meetings, named tables pinned to participants and explicit sessions.
// Every index in this package is 0-based; the CLI and the JSON contract add 1.
package schedule

import "time"

// Problem is one scheduling instance in the engine's normalised form. Parsers
// (the benchmark's .dzn and Caravan's JSON) produce it; Solve, Repair and
// Verify read it and never change it.
type Problem struct {
	Name         string
	Participants []Participant
	Meetings     []Meeting
	// Slots are ordered in time. Slots of one session are consecutive in
	// this list; a break is counted only between two slots of the same
	// session.
	Slots  []Slot
	Tables []Table
	// Fairness is d: the most (max − min) breaks over all participants may
	// differ, a hard constraint of the breaks minimisation. Negative means
	// no fairness constraint.
	Fairness int
}

// Participant is a business (company, cluster, person) that attends meetings.
type Participant struct {
	Name string
	// Forbidden lists the slots (indexes into Problem.Slots) in which the
	// participant cannot meet: other programme items, arrival, departure.
	Forbidden []int
}

// Slot is one meeting time.
type Slot struct {
	// Session groups consecutive slots (a half-day); breaks are counted
	// within a session only.
	Session int
	// Start and End are the real times of the slot; zero for benchmark
	// input, which numbers slots only.
	Start, End time.Time
	Label      string
}

// Table is a place where one meeting happens in one slot.
type Table struct {
	Name string
	// Pinned is the participant (index) this table is reserved for, such as
	// an exhibitor's booth, or -1. A pinned table holds only meetings of its
	// participant, and every meeting of that participant sits at one of the
	// tables pinned to it (or, for a meeting of two pinned participants, at
	// either one's table).
	Pinned int
	// Slots lists the slots (indexes into Problem.Slots) in which the
	// table exists, such as the tables of one session's room; nil means
	// every slot. A meeting sits only at a table that exists in its slot.
	Slots []int
}

// Meeting is a requested meeting of two or more participants.
type Meeting struct {
	Name string
	// Participants are indexes into Problem.Participants, at least two,
	// all different.
	Participants []int
	// Weight is the priority of the meeting (≥ 1); when not every meeting
	// fits, the plan maximises the total weight scheduled.
	Weight int
	// Allowed lists the slots the meeting may use; nil means every slot.
	// (Benchmark morning/afternoon restrictions and Caravan's allowed
	// sessions both become this list.)
	Allowed []int
	// FixedSlot is the slot the meeting must take, or -1.
	FixedSlot int
	// FixedTable is the table the meeting must take, or -1.
	FixedTable int
	// After lists meetings (indexes) that must be placed in a strictly
	// earlier slot than this one.
	After []int
}

// Assignment places one meeting. Slot and Table are -1 when the meeting is
// unscheduled, and Reason then says why in English words a user
// understands; Cause says the same as a code with parameters (the zero
// Reason for a placed meeting, or when a caller set only the words).
type Assignment struct {
	Slot   int
	Table  int
	Reason string
	Cause  Reason `json:",omitzero"`
}

// Plan gives every meeting of a Problem its Assignment, in the Problem's
// meeting order (len(Assign) == len(Problem.Meetings)).
type Plan struct {
	Assign []Assignment
}

// Scheduled reports whether meeting m has a slot and a table.
func (pl *Plan) Scheduled(m int) bool { return pl.Assign[m].Slot >= 0 }
