package schedule

import (
	"time"

	"github.com/go-air/gini"
	"github.com/go-air/gini/z"
)

// satModel is a SAT encoding of "every placeable meeting scheduled with at
// most K breaks" (K chosen per call by an assumption), used to prove lower
// bounds and to find better plans on small problems.
//
// Variables: x[m][s] (meeting m in slot s, only for usable slots),
// busy[p][s], later[p][s] (p meets at s or after, within the session) and
// br[p][s] (a break of p starts at s). The break count is a totalizer over
// every br. Implied constraints, as Bofill et al. found decisive: each
// participant's per-participant lower bound on breaks, and the number of
// busy slots of a participant equals its number of meetings.
var capTotalizer = true

type satModel struct {
	g     *gini.Gini
	md    *model
	x     []z.Lit // m*nT+s, LitNull when not usable
	brOf  [][]z.Lit
	tot   []z.Lit // tot[j]: at least j+1 breaks
	fair  bool
	nVars int
}

func (sm *satModel) lit() z.Lit {
	sm.nVars++
	return sm.g.Lit()
}

func (sm *satModel) clause(ls ...z.Lit) {
	for _, l := range ls {
		sm.g.Add(l)
	}
	sm.g.Add(z.LitNull)
}

// atMost encodes Σ lits ≤ k with a sequential counter (Sinz 2005).
func (sm *satModel) atMost(lits []z.Lit, k int) {
	n := len(lits)
	if k >= n {
		return
	}
	if k == 0 {
		for _, l := range lits {
			sm.clause(l.Not())
		}
		return
	}
	if k == 1 && n <= 6 {
		for i := range lits {
			for j := i + 1; j < n; j++ {
				sm.clause(lits[i].Not(), lits[j].Not())
			}
		}
		return
	}
	prev := make([]z.Lit, k)
	cur := make([]z.Lit, k)
	for i, x := range lits {
		if i == n-1 {
			sm.clause(x.Not(), prev[k-1].Not())
			break
		}
		for j := range cur {
			cur[j] = sm.lit()
		}
		sm.clause(x.Not(), cur[0])
		if i == 0 {
			for j := 1; j < k; j++ {
				sm.clause(cur[j].Not())
			}
		} else {
			sm.clause(prev[0].Not(), cur[0])
			for j := 1; j < k; j++ {
				sm.clause(x.Not(), prev[j-1].Not(), cur[j])
				sm.clause(prev[j].Not(), cur[j])
			}
			sm.clause(x.Not(), prev[k-1].Not())
		}
		prev, cur = cur, prev
	}
}

// totalizer returns outputs o with o[j] implied by "at least j+1 of lits
// are true", for j ≤ ub.
func (sm *satModel) totalizer(lits []z.Lit, ub int) []z.Lit {
	if len(lits) <= 1 {
		return lits
	}
	a := sm.totalizer(lits[:len(lits)/2], ub)
	b := sm.totalizer(lits[len(lits)/2:], ub)
	n := min(len(a)+len(b), ub+1)
	r := make([]z.Lit, n)
	for i := range r {
		r[i] = sm.lit()
	}
	for i := 0; i <= len(a); i++ {
		for j := 0; j <= len(b); j++ {
			if i+j == 0 {
				continue
			}
			out := r[min(i+j, n)-1]
			switch {
			case i == 0:
				sm.clause(b[j-1].Not(), out)
			case j == 0:
				sm.clause(a[i-1].Not(), out)
			default:
				sm.clause(a[i-1].Not(), b[j-1].Not(), out)
			}
		}
	}
	return r
}

// newSATModel encodes md with break counting up to ub. With fair set, each
// participant has at most d breaks (the fairness constraint when some
// participant surely has none).
//
// in, when not nil, restricts the model to the meetings it marks (a
// relaxation), and counted to the breaks of the participants it marks;
// every meeting of a counted participant must be in.
func newSATModel(md *model, ub int, fair bool, in, counted []bool) *satModel {
	sm := &satModel{g: gini.New(), md: md, fair: fair}
	nT := md.nT
	incl := func(m int) bool { return md.static[m] == "" && (in == nil || in[m]) }
	sm.x = make([]z.Lit, md.nM*nT)
	for m := range md.nM {
		if !incl(m) {
			continue
		}
		var ones []z.Lit
		for s := range nT {
			if hasBit(md.usable[m], s) {
				l := sm.lit()
				sm.x[m*nT+s] = l
				ones = append(ones, l)
			}
		}
		sm.clause(ones...)
		sm.atMost(ones, 1)
	}
	// Resources: a participant or fixed table holds one meeting per slot.
	resMeet := make([][]int32, md.nR)
	for m := range md.nM {
		if incl(m) {
			for _, r := range md.res[m] {
				resMeet[r] = append(resMeet[r], int32(m))
			}
		}
	}
	busy := make([]z.Lit, md.nP*nT)
	for r := range md.nR {
		for s := range nT {
			var ls []z.Lit
			for _, m := range resMeet[r] {
				if l := sm.x[int(m)*nT+s]; l != z.LitNull {
					ls = append(ls, l)
				}
			}
			if len(ls) == 0 {
				continue
			}
			sm.atMost(ls, 1)
			if r < md.nP {
				b := sm.lit()
				busy[r*nT+s] = b
				for _, l := range ls {
					sm.clause(l.Not(), b)
				}
				sm.clause(append([]z.Lit{b.Not()}, ls...)...)
			}
		}
	}
	// Implied: a participant is busy in exactly as many slots as it has
	// meetings.
	for q := range md.nP {
		k := len(resMeet[q])
		var ls []z.Lit
		for s := range nT {
			if b := busy[q*nT+s]; b != z.LitNull {
				ls = append(ls, b)
			}
		}
		if k >= 2 && len(ls) > k {
			sm.atMost(ls, k)
		}
	}
	// Table pool per slot.
	for s := range nT {
		var ls []z.Lit
		for m := range md.nM {
			if md.pool[m] {
				if l := sm.x[m*nT+s]; l != z.LitNull {
					ls = append(ls, l)
				}
			}
		}
		if capTotalizer && len(ls) > md.cap[s] && md.cap[s] > 0 {
			o := sm.totalizer(ls, md.cap[s])
			sm.clause(o[md.cap[s]].Not())
		} else {
			sm.atMost(ls, md.cap[s])
		}
	}
	// Precedences: m in slot s needs a before s.
	for m := range md.nM {
		if !incl(m) {
			continue
		}
		for _, a := range md.preds[m] {
			if !incl(int(a)) {
				continue
			}
			for s := range nT {
				l := sm.x[m*nT+s]
				if l == z.LitNull {
					continue
				}
				c := []z.Lit{l.Not()}
				for t := 0; t < s; t++ {
					if la := sm.x[int(a)*nT+t]; la != z.LitNull {
						c = append(c, la)
					}
				}
				sm.clause(c...)
			}
		}
	}
	// Breaks.
	sm.brOf = make([][]z.Lit, md.nP)
	var all []z.Lit
	for q := range md.nP {
		if len(resMeet[q]) < 2 || counted != nil && !counted[q] {
			continue
		}
		later := make([]z.Lit, nT+1)
		for s := nT - 1; s >= 0; s-- {
			b := busy[q*nT+s]
			sameNext := s+1 < nT && md.session[s+1] == md.session[s]
			if b == z.LitNull && (!sameNext || later[s+1] == z.LitNull) {
				continue
			}
			l := sm.lit()
			later[s] = l
			if b != z.LitNull {
				sm.clause(b.Not(), l)
			}
			if sameNext && later[s+1] != z.LitNull {
				sm.clause(later[s+1].Not(), l)
			}
		}
		for s := 1; s+1 < nT; s++ {
			if md.session[s-1] != md.session[s] || md.session[s+1] != md.session[s] {
				continue
			}
			prev, cur, next := busy[q*nT+s-1], busy[q*nT+s], later[s+1]
			if prev == z.LitNull || next == z.LitNull {
				continue
			}
			br := sm.lit()
			c := []z.Lit{prev.Not(), next.Not(), br}
			if cur != z.LitNull {
				c = append(c, cur)
			}
			sm.clause(c...)
			sm.brOf[q] = append(sm.brOf[q], br)
		}
		brs := sm.brOf[q]
		if lb := md.participantBound(q); lb > 0 && len(brs) > 0 {
			neg := make([]z.Lit, len(brs))
			for i, l := range brs {
				neg[i] = l.Not()
			}
			sm.atMost(neg, len(brs)-lb)
		}
		if fair && md.p.Fairness >= 0 {
			sm.atMost(brs, md.p.Fairness)
		}
		all = append(all, brs...)
	}
	sm.tot = sm.totalizer(all, ub)
	return sm
}

// solve asks for a plan with at most k breaks. It returns 1 with the slots
// of such a plan, -1 when none exists, 0 when stopped by expired.
func (sm *satModel) solve(k int, expired func() bool) (int, []int32) {
	if k < len(sm.tot) {
		sm.g.Assume(sm.tot[k].Not())
	}
	sv := sm.g.GoSolve()
	var res int
	wait := 50 * time.Microsecond
	for {
		if r, ok := sv.Test(); ok {
			res = r
			break
		}
		if expired() {
			res = sv.Stop()
			break
		}
		time.Sleep(wait)
		wait = min(2*wait, 5*time.Millisecond)
	}
	if res != 1 {
		return res, nil
	}
	md := sm.md
	slot := make([]int32, md.nM)
	for m := range slot {
		slot[m] = -1
		for s := range md.nT {
			if l := sm.x[m*md.nT+s]; l != z.LitNull && sm.g.Value(l) {
				slot[m] = int32(s)
				break
			}
		}
	}
	return 1, slot
}
