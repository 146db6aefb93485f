package schedule

import (
	"context"
	"strings"
	"testing"
)

// TestTableSlots checks tables that exist in some slots only: a session with
// one table and a session with two, a booth that exists in the second
// session only, and Verify refusing a meeting at a table outside its slots.
func TestTableSlots(t *testing.T) {
	p := &Problem{Name: "rooms", Fairness: -1}
	for i := range 4 {
		p.Participants = append(p.Participants, Participant{Name: string(rune('A' + i))})
	}
	// Session 0: slots 0, 1; session 1: slots 2, 3.
	p.Slots = []Slot{{Session: 0}, {Session: 0}, {Session: 1}, {Session: 1}}
	p.Tables = []Table{
		{Name: "Room 1 table", Pinned: -1, Slots: []int{0, 1}},
		{Name: "Room 2 table", Pinned: -1, Slots: []int{2, 3}},
		{Name: "Booth D", Pinned: 3, Slots: []int{2, 3}},
	}
	pair := func(a, b int) Meeting {
		return Meeting{Participants: []int{a, b}, Weight: 1, FixedSlot: -1, FixedTable: -1}
	}
	// Three meetings without D need three pool table-slots (there are four);
	// D's two meetings must go to session 1 at its booth.
	p.Meetings = []Meeting{pair(0, 1), pair(1, 2), pair(0, 2), pair(3, 0), pair(3, 1)}
	res, err := Solve(context.Background(), p, Options{Seed: 1, MaxWork: 200_000, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for m, a := range res.Plan.Assign {
		if a.Slot < 0 {
			t.Fatalf("meeting %d unplaced: %s", m+1, a.Reason)
		}
		if !inList(p.Tables[a.Table].Slots, a.Slot) {
			t.Errorf("meeting %d at table %d in slot %d, where it does not exist", m+1, a.Table+1, a.Slot+1)
		}
	}
	for _, m := range []int{3, 4} {
		if got := res.Plan.Assign[m].Table; got != 2 {
			t.Errorf("meeting %d of D at table %d, want the booth (3)", m+1, got+1)
		}
	}
	bad := Plan{Assign: slicesClone(res.Plan.Assign)}
	for m, a := range bad.Assign {
		if a.Table == 0 {
			bad.Assign[m].Slot = 2 // room 1's table does not exist in session 1
			for k, b := range bad.Assign {
				if k != m && b.Slot == 2 {
					bad.Assign[k] = Assignment{Slot: -1, Table: -1, Reason: "moved out"}
				}
			}
			break
		}
	}
	err = Verify(p, &bad)
	if err == nil || !strings.Contains(err.Error(), "does not exist in slot") {
		t.Errorf("Verify of a meeting at a table outside its slots = %v, want a violation", err)
	}
}

func slicesClone(a []Assignment) []Assignment { return append([]Assignment(nil), a...) }
