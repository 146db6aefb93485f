package schedule

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// verifyProblem has four participants, six slots in two sessions, two free
// tables and one table pinned to D.
func verifyProblem() *Problem {
	p := &Problem{
		Name: "verify",
		Participants: []Participant{
			{Name: "A"}, {Name: "B"}, {Name: "C", Forbidden: []int{5}}, {Name: "D"}, {Name: "E"},
		},
		Tables: []Table{{Name: "T1", Pinned: -1}, {Name: "T2", Pinned: -1}, {Name: "Booth D", Pinned: 3}},
		Meetings: []Meeting{
			{Name: "A-B", Participants: []int{0, 1}, Weight: 3},
			{Name: "A-C", Participants: []int{0, 2}, Weight: 1},
			{Name: "B-C", Participants: []int{1, 2}, Weight: 1, Allowed: []int{0, 1, 2}},
			{Name: "C-D", Participants: []int{2, 3}, Weight: 1},
			{Name: "A-B again", Participants: []int{0, 1}, Weight: 1, FixedSlot: 4, FixedTable: 1},
			{Name: "B-C later", Participants: []int{1, 2}, Weight: 1, After: []int{0}},
		},
		Fairness: 2,
	}
	for s := 0; s < 6; s++ {
		p.Slots = append(p.Slots, Slot{Session: s / 3, Label: fmt.Sprintf("s%d", s+1)})
	}
	for m := range p.Meetings {
		if m != 4 {
			p.Meetings[m].FixedSlot, p.Meetings[m].FixedTable = -1, -1
		}
	}
	return p
}

func verifyPlan() *Plan {
	return &Plan{Assign: []Assignment{
		{Slot: 0, Table: 0},
		{Slot: 1, Table: 0},
		{Slot: 2, Table: 0},
		{Slot: 0, Table: 2},
		{Slot: 4, Table: 1},
		{Slot: 3, Table: 0},
	}}
}

func TestVerifyValid(t *testing.T) {
	if err := Verify(verifyProblem(), verifyPlan()); err != nil {
		t.Fatalf("got %v, want nil", err)
	}
	// Unplacing a meeting with a reason keeps the plan valid, and so does
	// unplacing the earlier meeting of a precedence.
	pl := verifyPlan()
	pl.Assign[0] = Assignment{Slot: -1, Table: -1, Reason: "no common free slot"}
	if err := Verify(verifyProblem(), pl); err != nil {
		t.Fatalf("got %v, want nil", err)
	}
}

func TestVerifyViolations(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *Problem, pl *Plan)
		want   string
	}{
		{"assignments missing", func(p *Problem, pl *Plan) { pl.Assign = pl.Assign[:5] }, "plan has 5 assignments, problem has 6 meetings"},
		{"slot out of range", func(p *Problem, pl *Plan) { pl.Assign[1].Slot = 6 }, `meeting 2 "A-C": slot 7 out of range 1..6`},
		{"negative slot", func(p *Problem, pl *Plan) { pl.Assign[1].Slot = -3 }, `meeting 2 "A-C": slot -2 out of range 1..6`},
		{"table out of range", func(p *Problem, pl *Plan) { pl.Assign[1].Table = 3 }, `meeting 2 "A-C": table 4 out of range 1..3`},
		{"half placed", func(p *Problem, pl *Plan) { pl.Assign[1].Table = -1 }, `meeting 2 "A-C": half placed (slot 2, table 0)`},
		{"no reason", func(p *Problem, pl *Plan) { pl.Assign[1] = Assignment{Slot: -1, Table: -1} }, `meeting 2 "A-C": unplaced without a reason`},
		{"participant double-booked", func(p *Problem, pl *Plan) { pl.Assign[1] = Assignment{Slot: 0, Table: 1} }, `participant A: in meetings 1 "A-B" and 2 "A-C" in slot 1 (s1)`},
		{"table double-booked", func(p *Problem, pl *Plan) {
			p.Meetings[4].FixedTable = -1
			pl.Assign[4].Table = 0
			pl.Assign[5].Slot = 4
		}, `table 1 "T1": holds meetings 5 "A-B again" and 6 "B-C later" in slot 5 (s5)`},
		{"not allowed", func(p *Problem, pl *Plan) { pl.Assign[2].Slot = 3; pl.Assign[5].Slot = 2 }, `meeting 3 "B-C": slot 4 (s4) is not one of its allowed slots`},
		{"forbidden", func(p *Problem, pl *Plan) { pl.Assign[5].Slot = 5 }, `meeting 6 "B-C later": participant C cannot meet in slot 6 (s6)`},
		{"fixed slot", func(p *Problem, pl *Plan) { pl.Assign[4].Slot = 5 }, `meeting 5 "A-B again": in slot 6 (s6), fixed to slot 5 (s5)`},
		{"fixed table", func(p *Problem, pl *Plan) { pl.Assign[4].Table = 0 }, `meeting 5 "A-B again": at table 1 "T1", fixed to table 2 "T2"`},
		{"precedence", func(p *Problem, pl *Plan) { pl.Assign[0].Slot = 3; pl.Assign[5].Slot = 2; pl.Assign[2].Slot = 5 }, `meeting 6 "B-C later": in slot 3 (s3), not after meeting 1 "A-B" in slot 4 (s4)`},
		{"precedence same slot", func(p *Problem, pl *Plan) { p.Meetings[3].After = []int{1}; pl.Assign[3].Slot = 1 }, `meeting 4 "C-D": in slot 2 (s2), not after meeting 2 "A-C" in slot 2 (s2)`},
		{"pinned table used by others", func(p *Problem, pl *Plan) { pl.Assign[1].Table = 2 }, `meeting 2 "A-C": at table 3 "Booth D", which is pinned to D, who is not in the meeting`},
		{"pinned participant off its table", func(p *Problem, pl *Plan) { pl.Assign[3].Table = 1 }, `meeting 4 "C-D": at unpinned table 2 "T2", but a participant has pinned tables`},
		{"pinned out of range", func(p *Problem, pl *Plan) { p.Tables[0].Pinned = 9 }, `table 1 "T1": pinned to participant 9, out of range`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, pl := verifyProblem(), verifyPlan()
			tt.change(p, pl)
			err := Verify(p, pl)
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a *VerifyError", err)
			}
			want := tt.want
			if !reflect.DeepEqual(len(ve.Violations), ve.Total) {
				t.Errorf("violations listed %d, total %d", len(ve.Violations), ve.Total)
			}
			found := false
			for _, v := range ve.Violations {
				if strings.Contains(v, want) {
					found = true
				}
			}
			if !found {
				t.Errorf("got %q, want a violation containing %q", ve.Violations, want)
			}
		})
	}
}

func TestVerifyCap(t *testing.T) {
	p := verifyProblem()
	// 50 copies of meeting A-B, all in slot 1 at table 1.
	p.Meetings = nil
	pl := &Plan{}
	for k := 0; k < 50; k++ {
		p.Meetings = append(p.Meetings, Meeting{Name: "A-B", Participants: []int{0, 1}, Weight: 1, FixedSlot: -1, FixedTable: -1})
		pl.Assign = append(pl.Assign, Assignment{Slot: 0, Table: 0})
	}
	var ve *VerifyError
	if !errors.As(Verify(p, pl), &ve) {
		t.Fatal("got nil, want a *VerifyError")
	}
	if got, want := len(ve.Violations), maxViolations; got != want {
		t.Errorf("listed: got %d, want %d", got, want)
	}
	if got, want := ve.Total, 49*3; got != want {
		t.Errorf("total: got %d, want %d", got, want)
	}
	if got, want := ve.Error(), "… and 127 more"; !strings.Contains(got, want) {
		t.Errorf("got %q, want it to contain %q", got, want)
	}
}

func TestEvaluate(t *testing.T) {
	p, pl := verifyProblem(), verifyPlan()
	got := Evaluate(p, pl)
	want := Stats{
		Scheduled:            6,
		ScheduledWeight:      8,
		Breaks:               1, // B: slots 1 and 3 of session 0
		MaxBreaks:            1,
		MinBreaks:            0,
		BreaksPerParticipant: []int{0, 1, 0, 0, 0},
		TableChanges:         3, // A, B and C each change once
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}

	// Unplacing A-C leaves A with slots 1 and 5 (different sessions: no
	// break) and C with slots 1, 3, 4: one break in session 0.
	pl.Assign[1] = Assignment{Slot: -1, Table: -1, Reason: "test"}
	got = Evaluate(p, pl)
	if got.Scheduled != 5 || got.ScheduledWeight != 7 {
		t.Errorf("scheduled: got %d (weight %d), want 5 (weight 7)", got.Scheduled, got.ScheduledWeight)
	}
	if want := []int{0, 1, 1, 0, 0}; !reflect.DeepEqual(got.BreaksPerParticipant, want) {
		t.Errorf("breaks per participant: got %v, want %v", got.BreaksPerParticipant, want)
	}
	if got.Breaks != 2 || got.MaxBreaks != 1 || got.MinBreaks != 0 {
		t.Errorf("breaks: got %d (max %d, min %d), want 2 (max 1, min 0)", got.Breaks, got.MaxBreaks, got.MinBreaks)
	}
}

func TestEvaluateLongGapIsOneBreak(t *testing.T) {
	p := &Problem{
		Participants: []Participant{{Name: "A"}, {Name: "B"}, {Name: "C"}},
		Slots:        make([]Slot, 8),
		Tables:       []Table{{Name: "1", Pinned: -1}, {Name: "2", Pinned: -1}},
		Meetings: []Meeting{
			{Participants: []int{0, 1}, Weight: 1},
			{Participants: []int{0, 2}, Weight: 1},
			{Participants: []int{0, 1}, Weight: 1},
		},
	}
	pl := &Plan{Assign: []Assignment{{Slot: 0, Table: 0}, {Slot: 6, Table: 1}, {Slot: 7, Table: 1}}}
	got := Evaluate(p, pl)
	// A: slots 1, 7, 8 → one break; B: slots 1, 8 → one break; C: none.
	if want := []int{1, 1, 0}; !reflect.DeepEqual(got.BreaksPerParticipant, want) {
		t.Errorf("got %v, want %v", got.BreaksPerParticipant, want)
	}
	if got.MinBreaks != 0 || got.MaxBreaks != 1 || got.TableChanges != 2 {
		t.Errorf("got min %d max %d changes %d, want 0, 1, 2", got.MinBreaks, got.MaxBreaks, got.TableChanges)
	}
}

func TestVerifyParsedTiny(t *testing.T) {
	p, err := ParseDZN("tiny.dzn", strings.NewReader(string(readTestdata(t, "tiny.dzn"))))
	if err != nil {
		t.Fatal(err)
	}
	// Meeting 4 (4-1) is fixed to slot 1; meeting 5 (4-2) comes after it;
	// meeting 2 is morning only, 3 afternoon only, and participant 3
	// cannot meet in slot 1.
	pl := &Plan{Assign: []Assignment{
		{Slot: 3, Table: 0}, // 1-2
		{Slot: 1, Table: 0}, // 1-3
		{Slot: 3, Table: 1}, // 2-3 … 2 is busy with 1-2 in slot 4
		{Slot: 0, Table: 0}, // 4-1
		{Slot: 1, Table: 1}, // 4-2
		{Slot: 2, Table: 1}, // 3-4
	}}
	err = Verify(p, pl)
	if err == nil || !strings.Contains(err.Error(), `participant 2: in meetings 1 "1" and 3 "3" in slot 4`) {
		t.Fatalf("got %v, want participant 2 double-booked", err)
	}
	pl.Assign[2].Slot, pl.Assign[5].Slot = 2, 3
	if err := Verify(p, pl); err != nil {
		t.Fatalf("got %v, want nil", err)
	}
}
