package schedule

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// score is a plan's objective as the tests compute it, independently of
// the solver: weight scheduled (more is better), fairness excess, breaks.
type score struct{ weight, excess, breaks int }

func (a score) better(b score) bool {
	if a.weight != b.weight {
		return a.weight > b.weight
	}
	if a.excess != b.excess {
		return a.excess < b.excess
	}
	return a.breaks < b.breaks
}

// scoreOf computes the score of a slot assignment (-1 = unscheduled).
func scoreOf(p *Problem, slots []int) score {
	var sc score
	busy := make([][]bool, len(p.Participants))
	for i := range busy {
		busy[i] = make([]bool, len(p.Slots))
	}
	for m, s := range slots {
		if s < 0 {
			continue
		}
		sc.weight += p.Meetings[m].Weight
		for _, q := range p.Meetings[m].Participants {
			busy[q][s] = true
		}
	}
	lo, hi := 1<<30, -1
	for _, b := range busy {
		n, last := 0, -1
		for s, on := range b {
			if !on {
				continue
			}
			if last >= 0 && last < s-1 && p.Slots[last].Session == p.Slots[s].Session {
				n++
			}
			last = s
		}
		sc.breaks += n
		lo, hi = min(lo, n), max(hi, n)
	}
	if p.Fairness >= 0 && len(busy) > 0 {
		sc.excess = max(0, hi-lo-p.Fairness)
	}
	return sc
}

// exhaustive enumerates every slot assignment of p's meetings (tables
// counted per slot: the random problems pin none) and returns the best
// score and the best breaks among plans that schedule every meeting
// (-1 when none does).
func exhaustive(p *Problem) (best score, allPlacedBreaks int) {
	nM := len(p.Meetings)
	slots := make([]int, nM)
	count := make([]int, len(p.Slots))
	busy := make(map[[2]int]bool)
	best = score{weight: -1}
	allPlacedBreaks = -1
	ok := func(m, s int) bool {
		mt := p.Meetings[m]
		if mt.FixedSlot >= 0 && s != mt.FixedSlot {
			return false
		}
		if mt.Allowed != nil && !contains(mt.Allowed, s) {
			return false
		}
		if count[s] >= len(p.Tables) {
			return false
		}
		for _, q := range mt.Participants {
			if busy[[2]int{q, s}] || contains(p.Participants[q].Forbidden, s) {
				return false
			}
		}
		return true
	}
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
			sc := scoreOf(p, slots)
			if sc.better(best) {
				best = sc
			}
			all := true
			for _, s := range slots {
				all = all && s >= 0
			}
			if all && (allPlacedBreaks < 0 || sc.breaks < allPlacedBreaks) {
				allPlacedBreaks = sc.breaks
			}
			return
		}
		slots[m] = -1
		rec(m + 1)
		for s := range p.Slots {
			if !ok(m, s) {
				continue
			}
			slots[m] = s
			count[s]++
			for _, q := range p.Meetings[m].Participants {
				busy[[2]int{q, s}] = true
			}
			rec(m + 1)
			count[s]--
			for _, q := range p.Meetings[m].Participants {
				delete(busy, [2]int{q, s})
			}
		}
		slots[m] = -1
	}
	rec(0)
	return best, allPlacedBreaks
}

// TestSolveMatchesExhaustive compares Solve with an exhaustive search on
// random small problems: same weight, fairness excess and breaks, a bound
// that never exceeds the optimum, Optimal only when it is.
func TestSolveMatchesExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	for i := range 40 {
		nPart := 4 + rng.IntN(3)
		nMeet := 5 + rng.IntN(3)
		nSlots := 4 + rng.IntN(3)
		nTables := 1 + rng.IntN(3)
		p := randomProblem(rng, nPart, nMeet, nSlots, nTables)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			want, allBreaks := exhaustive(p)
			res, err := Solve(t.Context(), p, Options{Seed: int64(i), MaxWork: 100_000, Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			if err := Verify(p, &res.Plan); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			slots := make([]int, len(p.Meetings))
			for m, a := range res.Plan.Assign {
				slots[m] = a.Slot
			}
			got := scoreOf(p, slots)
			if got != want {
				t.Errorf("got (weight, excess, breaks) %v, want %v", got, want)
			}
			if allBreaks >= 0 && res.LowerBoundBreaks > allBreaks {
				t.Errorf("got bound %d, above the optimum %d", res.LowerBoundBreaks, allBreaks)
			}
			if res.Optimal && (allBreaks < 0 || got.breaks != allBreaks || got != want) {
				t.Errorf("got Optimal with %v, optimum breaks %d", got, allBreaks)
			}
		})
	}
}
