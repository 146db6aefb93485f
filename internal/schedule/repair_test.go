package schedule

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// repairScore is what Repair optimises first, computed by the tests:
// published weight left out, published meetings moved (slot changes), new
// weight left out.
type repairScore struct{ pubOut, moved, newOut int }

func (a repairScore) better(b repairScore) bool {
	if a.pubOut != b.pubOut {
		return a.pubOut < b.pubOut
	}
	if a.moved != b.moved {
		return a.moved < b.moved
	}
	return a.newOut < b.newOut
}

func repairScoreOf(p *Problem, published []Assignment, slots []int) repairScore {
	var sc repairScore
	for m, s := range slots {
		w := p.Meetings[m].Weight
		pub := published[m].Slot != -1
		switch {
		case s < 0 && pub:
			sc.pubOut += w
		case s < 0:
			sc.newOut += w
		case pub && (s != published[m].Slot || published[m].Table < 0 || published[m].Table >= len(p.Tables)):
			// A meeting whose table is gone moves even if its slot stays.
			sc.moved++
		}
	}
	return sc
}

// bestRepair enumerates every slot assignment (tables counted per slot)
// for the best repairScore.
func bestRepair(p *Problem, published []Assignment) repairScore {
	best := repairScore{pubOut: 1 << 30}
	nM := len(p.Meetings)
	slots := make([]int, nM)
	count := make([]int, len(p.Slots))
	busy := map[[2]int]bool{}
	var rec func(m int)
	rec = func(m int) {
		if m == nM {
			for i, mt := range p.Meetings {
				for _, a := range mt.After {
					if slots[i] >= 0 && slots[a] >= 0 && slots[a] >= slots[i] {
						return
					}
				}
			}
			if sc := repairScoreOf(p, published, slots); sc.better(best) {
				best = sc
			}
			return
		}
		slots[m] = -1
		rec(m + 1)
		mt := p.Meetings[m]
	next:
		for s := range p.Slots {
			if count[s] >= len(p.Tables) || mt.FixedSlot >= 0 && s != mt.FixedSlot ||
				mt.Allowed != nil && !contains(mt.Allowed, s) {
				continue
			}
			for _, q := range mt.Participants {
				if busy[[2]int{q, s}] || contains(p.Participants[q].Forbidden, s) {
					continue next
				}
			}
			slots[m] = s
			count[s]++
			for _, q := range mt.Participants {
				busy[[2]int{q, s}] = true
			}
			rec(m + 1)
			count[s]--
			for _, q := range mt.Participants {
				delete(busy, [2]int{q, s})
			}
		}
		slots[m] = -1
	}
	rec(0)
	return best
}

// basePublished is a five-participant problem over nSlots slots and two
// tables with its published plan.
func basePublished(nSlots int) (*Problem, []Assignment) {
	p := build(5, nSlots, 2,
		[]int{0, 1}, []int{2, 3}, []int{0, 2}, []int{1, 3}, []int{0, 4}, []int{2, 4})
	pub := []Assignment{{Slot: 0, Table: 0}, {Slot: 0, Table: 1}, {Slot: 1, Table: 0}, {Slot: 1, Table: 1}, {Slot: 2, Table: 0}, {Slot: 3, Table: 0}}
	return p, pub
}

func repairChecked(t *testing.T, p *Problem, pub []Assignment) (*Result, repairScore) {
	t.Helper()
	res, err := Repair(t.Context(), p, pub, Options{Seed: 3, MaxWork: 100_000, Workers: 1})
	if err != nil {
		t.Fatalf("Repair: %v", err)
	}
	if err := Verify(p, &res.Plan); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	slots := make([]int, len(p.Meetings))
	tableMoves := 0
	for m, a := range res.Plan.Assign {
		slots[m] = a.Slot
		if pub[m].Slot >= 0 && a.Slot == pub[m].Slot && a.Table != pub[m].Table {
			tableMoves++
		}
	}
	sc := repairScoreOf(p, pub, slots)
	for m, a := range res.Plan.Assign {
		if pub[m].Slot >= 0 && a.Slot == pub[m].Slot && a.Table != pub[m].Table && (pub[m].Table < 0 || pub[m].Table >= len(p.Tables)) {
			tableMoves-- // already counted by repairScoreOf
		}
	}
	if got, want := res.Moved, sc.moved+tableMoves; got != want {
		t.Errorf("got Moved %d, want %d (slot moves %d, table moves %d)", got, want, sc.moved, tableMoves)
	}
	return res, sc
}

func TestRepair(t *testing.T) {
	tests := []struct {
		name      string
		change    func(p *Problem, pub []Assignment) (*Problem, []Assignment)
		wantMoved int
	}{
		{
			name: "cancel a meeting",
			change: func(p *Problem, pub []Assignment) (*Problem, []Assignment) {
				p.Meetings = slices.Delete(p.Meetings, 1, 2)
				return p, slices.Delete(pub, 1, 2)
			},
			wantMoved: 0,
		},
		{
			name: "add a meeting",
			change: func(p *Problem, pub []Assignment) (*Problem, []Assignment) {
				p.Meetings = append(p.Meetings, Meeting{Participants: []int{1, 4}, Weight: 1, FixedSlot: -1, FixedTable: -1})
				return p, append(pub, Assignment{Slot: -1, Table: -1})
			},
			wantMoved: 0,
		},
		{
			name: "participant leaves early",
			change: func(p *Problem, pub []Assignment) (*Problem, []Assignment) {
				// E leaves after slot 3: CE (slot 4) must move, and
				// C and E share no free slot unless one more moves.
				p.Participants[4].Forbidden = []int{3, 4, 5}
				return p, pub
			},
			wantMoved: 2,
		},
		{
			name: "table lost",
			change: func(p *Problem, pub []Assignment) (*Problem, []Assignment) {
				p.Tables = p.Tables[:1]
				for m := range pub {
					if pub[m].Table == 1 {
						pub[m].Table = -1
					}
				}
				return p, pub
			},
			// CD and BD lose their table; slots 5 and 6 are free.
			wantMoved: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, pub := basePublished(6)
			p, pub = tc.change(p, pub)
			if err := Verify(p, &Plan{Assign: pub}); err != nil && tc.name == "cancel a meeting" {
				t.Fatalf("published plan invalid: %v", err)
			}
			res, sc := repairChecked(t, p, pub)
			if want := bestRepair(p, pub); sc != want {
				t.Errorf("got (published out, moved, new out) %v, want %v", sc, want)
			}
			if res.Moved != tc.wantMoved {
				t.Errorf("got Moved %d, want %d", res.Moved, tc.wantMoved)
			}
			for m, a := range res.Plan.Assign {
				if pub[m].Slot >= 0 && a.Slot < 0 {
					t.Errorf("published meeting %d dropped: %s", m, a.Reason)
				}
			}
		})
	}
}

func TestRepairInvalid(t *testing.T) {
	p, pub := basePublished(4)
	if _, err := Repair(t.Context(), p, pub[:3], Options{MaxWork: 1000}); err == nil {
		t.Errorf("got no error for a short published list, want one")
	}
}

// TestRepairMatchesExhaustive perturbs solved random problems (a
// participant's later slots forbidden, a table lost, a meeting added or
// cancelled) and compares Repair with an exhaustive search.
func TestRepairMatchesExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(99, 1))
	for i := range 25 {
		p := randomProblem(rng, 4+rng.IntN(3), 5+rng.IntN(2), 4+rng.IntN(3), 1+rng.IntN(3))
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			first, err := Solve(t.Context(), p, Options{Seed: 1, MaxWork: 50_000, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			pub := slices.Clone(first.Plan.Assign)
			for m := range pub {
				if pub[m].Slot < 0 {
					pub[m] = Assignment{Slot: -1, Table: -1}
				}
			}
			switch i % 4 {
			case 0:
				q := rng.IntN(len(p.Participants))
				for s := len(p.Slots) - 2; s < len(p.Slots); s++ {
					p.Participants[q].Forbidden = append(p.Participants[q].Forbidden, s)
				}
			case 1:
				if len(p.Tables) > 1 {
					last := len(p.Tables) - 1
					p.Tables = p.Tables[:last]
					for m := range pub {
						if pub[m].Table == last {
							pub[m].Table = -1
						}
					}
				}
			case 2:
				p.Meetings = append(p.Meetings, Meeting{Participants: []int{0, 1}, Weight: 2, FixedSlot: -1, FixedTable: -1})
				pub = append(pub, Assignment{Slot: -1, Table: -1})
			case 3:
				// Cancel meeting 0: later indexes shift down by one.
				p.Meetings = slices.Delete(p.Meetings, 0, 1)
				pub = slices.Delete(pub, 0, 1)
				for m := range p.Meetings {
					var after []int
					for _, a := range p.Meetings[m].After {
						if a > 0 {
							after = append(after, a-1)
						}
					}
					p.Meetings[m].After = after
				}
			}
			res, sc := repairChecked(t, p, pub)
			if want := bestRepair(p, pub); sc != want {
				t.Errorf("got (published out, moved, new out) %v, want %v", sc, want)
				t.Logf("tables %d forbidden %v", len(p.Tables), p.Participants)
				for m, a := range res.Plan.Assign {
					t.Logf("m%d %v w%d allowed %v fixed %d after %v: published %v, got %v", m, p.Meetings[m].Participants, p.Meetings[m].Weight, p.Meetings[m].Allowed, p.Meetings[m].FixedSlot, p.Meetings[m].After, pub[m], a)
				}
			}
		})
	}
}
