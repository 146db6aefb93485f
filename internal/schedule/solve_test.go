package schedule

import (
	"context"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

// build makes a problem with named participants "A", "B", … , nSlots slots
// in one session and nTables unpinned tables; meetings are given as
// participant index lists.
func build(nPart, nSlots, nTables int, meetings ...[]int) *Problem {
	p := &Problem{Name: "test", Fairness: -1}
	for i := range nPart {
		p.Participants = append(p.Participants, Participant{Name: string(rune('A' + i))})
	}
	for range nSlots {
		p.Slots = append(p.Slots, Slot{})
	}
	for range nTables {
		p.Tables = append(p.Tables, Table{Pinned: -1})
	}
	for _, ps := range meetings {
		p.Meetings = append(p.Meetings, Meeting{Participants: ps, Weight: 1, FixedSlot: -1, FixedTable: -1})
	}
	return p
}

// solveChecked solves p with a fixed seed and work bound and fails the
// test unless the plan passes Verify.
func solveChecked(t *testing.T, p *Problem) (*Result, Stats) {
	t.Helper()
	res, err := Solve(t.Context(), p, Options{Seed: 7, MaxWork: 200_000, Workers: 1})
	if err != nil {
		t.Fatalf("Solve: %v", err)
	}
	if err := Verify(p, &res.Plan); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return res, Evaluate(p, &res.Plan)
}

func TestSolveTiny(t *testing.T) {
	tests := []struct {
		name        string
		p           *Problem
		scheduled   int
		breaks      int
		wantOptimal bool
	}{
		{
			name:      "triangle needs one break",
			p:         build(3, 3, 1, []int{0, 1}, []int{0, 2}, []int{1, 2}),
			scheduled: 3, breaks: 1, wantOptimal: true,
		},
		{
			name: "forbidden middle slot forces a break",
			p: func() *Problem {
				p := build(3, 3, 2, []int{0, 1}, []int{0, 2})
				p.Participants[0].Forbidden = []int{1}
				return p
			}(),
			scheduled: 2, breaks: 1, wantOptimal: true,
		},
		{
			name: "gap between sessions is no break",
			p: func() *Problem {
				p := build(3, 4, 1, []int{0, 1}, []int{0, 2})
				p.Slots[2].Session, p.Slots[3].Session = 1, 1
				p.Meetings[0].Allowed = []int{0, 1}
				p.Meetings[1].Allowed = []int{3}
				return p
			}(),
			scheduled: 2, breaks: 0, wantOptimal: true,
		},
		{
			name: "one table, too many meetings",
			p:    build(6, 2, 1, []int{0, 1}, []int{2, 3}, []int{4, 5}),
			// Only two slots with one table: one meeting is left out.
			scheduled: 2, breaks: 0,
		},
		{
			name: "group meeting of three",
			p:    build(4, 3, 1, []int{0, 1, 2}, []int{0, 3}, []int{1, 3}),
			// D meets A and B; wherever ABC goes, A, B or D waits.
			scheduled: 3, breaks: 1, wantOptimal: true,
		},
		{
			name: "precedence keeps order",
			p: func() *Problem {
				p := build(3, 3, 1, []int{0, 1}, []int{0, 2})
				p.Meetings[0].After = []int{1}
				return p
			}(),
			scheduled: 2, breaks: 0, wantOptimal: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, s := solveChecked(t, tc.p)
			if s.Scheduled != tc.scheduled {
				t.Errorf("got %d scheduled, want %d", s.Scheduled, tc.scheduled)
			}
			if s.Breaks != tc.breaks {
				t.Errorf("got %d breaks, want %d", s.Breaks, tc.breaks)
			}
			if res.Optimal != tc.wantOptimal {
				t.Errorf("got Optimal %v, want %v (bound %d)", res.Optimal, tc.wantOptimal, res.LowerBoundBreaks)
			}
			if res.LowerBoundBreaks > s.Breaks {
				t.Errorf("got bound %d above breaks %d", res.LowerBoundBreaks, s.Breaks)
			}
			for m, a := range res.Plan.Assign {
				if a.Slot < 0 && a.Reason == "" {
					t.Errorf("meeting %d unscheduled without a reason", m)
				}
			}
		})
	}
}

func TestSolvePrecedenceOrder(t *testing.T) {
	p := build(3, 3, 1, []int{0, 1}, []int{0, 2})
	p.Meetings[0].After = []int{1}
	res, _ := solveChecked(t, p)
	if a, b := res.Plan.Assign[0].Slot, res.Plan.Assign[1].Slot; a <= b {
		t.Errorf("got meeting 1 in slot %d and meeting 2 in slot %d, want 1 after 2", a, b)
	}
}

func TestSolveReasons(t *testing.T) {
	p := build(4, 3, 1, []int{0, 1}, []int{2, 3}, []int{0, 2}, []int{1, 3})
	p.Participants[0].Forbidden = []int{0, 1, 2}
	p.Meetings[1].After = []int{3}
	p.Meetings[3].After = []int{1}
	res, _ := solveChecked(t, p)
	tests := []struct {
		m    int
		want string
	}{
		{0, "share no free slot"},
		{1, "precedence cycle"},
		{3, "precedence cycle"},
	}
	for _, tc := range tests {
		a := res.Plan.Assign[tc.m]
		if a.Slot != -1 || !strings.Contains(a.Reason, tc.want) {
			t.Errorf("meeting %d: got slot %d reason %q, want unscheduled with %q", tc.m, a.Slot, a.Reason, tc.want)
		}
	}
	if res.Optimal {
		t.Errorf("got Optimal true with unscheduled meetings")
	}
}

func TestSolvePinnedTables(t *testing.T) {
	p := build(3, 3, 2, []int{0, 1}, []int{0, 2}, []int{1, 2})
	p.Tables[0].Pinned = 0
	res, _ := solveChecked(t, p)
	for m, a := range res.Plan.Assign {
		wantPinned := contains(p.Meetings[m].Participants, 0)
		if got := a.Table == 0; got != wantPinned {
			t.Errorf("meeting %d at table %d, want pinned table: %v", m, a.Table, wantPinned)
		}
	}
}

func TestSolveInvalid(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *Problem)
	}{
		{"participant out of range", func(p *Problem) { p.Meetings[0].Participants = []int{0, 9} }},
		{"one participant", func(p *Problem) { p.Meetings[0].Participants = []int{0} }},
		{"forbidden slot out of range", func(p *Problem) { p.Participants[0].Forbidden = []int{5} }},
		{"fixed table out of range", func(p *Problem) { p.Meetings[0].FixedTable = 3 }},
		{"after itself", func(p *Problem) { p.Meetings[0].After = []int{0} }},
		{"pinned to nobody", func(p *Problem) { p.Tables[0].Pinned = 7 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := build(2, 2, 1, []int{0, 1})
			tc.edit(p)
			if _, err := Solve(t.Context(), p, Options{MaxWork: 1000}); err == nil {
				t.Errorf("got no error, want one")
			}
		})
	}
}

func TestSolveReproducible(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(3, 4)), 12, 30, 8, 5)
	opt := Options{Seed: 11, MaxWork: 100_000, Workers: 2}
	a, err := Solve(t.Context(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Solve(t.Context(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Plan, b.Plan) {
		t.Errorf("got different plans for the same seed and work bound")
	}
}

func TestSolveCancelled(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(5, 6)), 30, 80, 10, 8)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, err := Solve(ctx, p, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plan.Assign) != len(p.Meetings) {
		t.Fatalf("got %d assignments, want %d", len(res.Plan.Assign), len(p.Meetings))
	}
	if err := Verify(p, &res.Plan); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

func TestSolveTimeLimit(t *testing.T) {
	p := randomProblem(rand.New(rand.NewPCG(7, 8)), 30, 80, 10, 8)
	var calls int
	res, err := Solve(t.Context(), p, Options{Seed: 1, TimeLimit: 300 * time.Millisecond, Progress: func(Progress) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(p, &res.Plan); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

// randomProblem draws a problem with nPart participants, nMeet meetings of
// two (sometimes three) participants, nSlots slots in one or two sessions
// and nTables tables, with some forbidden slots, allowed lists, fixed
// slots and precedences.
func randomProblem(rng *rand.Rand, nPart, nMeet, nSlots, nTables int) *Problem {
	p := build(nPart, nSlots, nTables)
	p.Fairness = rng.IntN(3) - 1
	if rng.IntN(2) == 0 {
		for s := nSlots / 2; s < nSlots; s++ {
			p.Slots[s].Session = 1
		}
	}
	for i := range p.Participants {
		for s := range nSlots {
			if rng.IntN(8) == 0 {
				p.Participants[i].Forbidden = append(p.Participants[i].Forbidden, s)
			}
		}
	}
	for m := range nMeet {
		a := rng.IntN(nPart)
		b := (a + 1 + rng.IntN(nPart-1)) % nPart
		ps := []int{a, b}
		if nPart > 3 && rng.IntN(8) == 0 {
			for c := range nPart {
				if c != a && c != b {
					ps = append(ps, c)
					break
				}
			}
		}
		mt := Meeting{Participants: ps, Weight: 1 + rng.IntN(2), FixedSlot: -1, FixedTable: -1}
		if rng.IntN(6) == 0 {
			mt.Allowed = []int{rng.IntN(nSlots), rng.IntN(nSlots)}
		}
		if rng.IntN(10) == 0 {
			mt.FixedSlot = rng.IntN(nSlots)
		}
		if m > 0 && rng.IntN(8) == 0 {
			mt.After = []int{rng.IntN(m)}
		}
		p.Meetings = append(p.Meetings, mt)
	}
	return p
}
