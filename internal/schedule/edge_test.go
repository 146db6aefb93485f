package schedule

import "testing"

func TestSolveEdgeCases(t *testing.T) {
	tests := []struct {
		name      string
		p         *Problem
		scheduled int
	}{
		{"no meetings", build(3, 4, 2), 0},
		{"no slots", build(2, 0, 1, []int{0, 1}), 0},
		{"no tables", build(2, 3, 0, []int{0, 1}), 0},
		{"no participants", build(0, 3, 1), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Solve(t.Context(), tc.p, Options{Seed: 1, MaxWork: 10_000})
			if err != nil {
				t.Fatalf("Solve: %v", err)
			}
			if err := Verify(tc.p, &res.Plan); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if got := Evaluate(tc.p, &res.Plan).Scheduled; got != tc.scheduled {
				t.Errorf("got %d scheduled, want %d", got, tc.scheduled)
			}
		})
	}
}

func TestSolveFixed(t *testing.T) {
	p := build(4, 4, 3, []int{0, 1}, []int{2, 3}, []int{0, 2}, []int{1, 3})
	p.Meetings[0].FixedSlot = 2
	p.Meetings[1].FixedTable = 2
	p.Meetings[2].FixedSlot, p.Meetings[2].FixedTable = 0, 1
	res, _ := solveChecked(t, p)
	got := res.Plan.Assign
	if got[0].Slot != 2 {
		t.Errorf("meeting 1: got slot %d, want 2", got[0].Slot)
	}
	if got[1].Table != 2 {
		t.Errorf("meeting 2: got table %d, want 2", got[1].Table)
	}
	if got[2].Slot != 0 || got[2].Table != 1 {
		t.Errorf("meeting 3: got slot %d table %d, want 0 and 1", got[2].Slot, got[2].Table)
	}
}
