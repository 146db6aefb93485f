package schedule

import (
	"slices"
	"time"
)

// participantBound is the fewest breaks participant q can have when all of
// its placeable meetings are scheduled, looking at q alone: it chooses
// len(meetings) slots among those any of its meetings may use and counts
// the gaps. It returns 0 when q cannot have all its meetings at all.
func (md *model) participantBound(q int) int {
	k := 0
	u := make([]uint64, md.nw)
	for _, m := range md.pMeet[q] {
		if md.static[m] != "" {
			continue
		}
		k++
		for w := range u {
			u[w] |= md.usable[m][w]
		}
	}
	if k <= 1 || popcount(u) < k {
		return 0
	}
	const inf = 1 << 30
	// dp[j][prev][seen]: fewest breaks with j slots chosen so far, prev =
	// the previous slot was chosen, seen = the current session has a
	// chosen slot.
	dp := make([][2][2]int, k+1)
	nd := make([][2][2]int, k+1)
	for j := range dp {
		dp[j] = [2][2]int{{inf, inf}, {inf, inf}}
	}
	dp[0][0][0] = 0
	for s := 0; s < md.nT; s++ {
		if s > 0 && md.session[s] != md.session[s-1] {
			for j := range dp {
				b := min(dp[j][0][0], dp[j][0][1], dp[j][1][0], dp[j][1][1])
				dp[j] = [2][2]int{{b, inf}, {inf, inf}}
			}
		}
		for j := range nd {
			nd[j] = [2][2]int{{inf, inf}, {inf, inf}}
		}
		for j := 0; j <= k; j++ {
			for prev := range 2 {
				for seen := range 2 {
					v := dp[j][prev][seen]
					if v == inf {
						continue
					}
					// skip s
					nd[j][0][seen] = min(nd[j][0][seen], v)
					// take s
					if j < k && hasBit(u, s) {
						c := v
						if prev == 0 && seen == 1 {
							c++
						}
						nd[j+1][1][1] = min(nd[j+1][1][1], c)
					}
				}
			}
		}
		dp, nd = nd, dp
	}
	b := min(dp[k][0][0], dp[k][0][1], dp[k][1][0], dp[k][1][1])
	if b == inf {
		return 0
	}
	return b
}

// staticBound sums participantBound over all participants: a proven lower
// bound on the breaks of any plan that schedules every placeable meeting.
func (md *model) staticBound() int {
	lb := 0
	for q := range md.nP {
		lb += md.participantBound(q)
	}
	return lb
}

// coreBound raises the per-participant bound with small cores: a few
// participants S whose meetings, taken alone (with every hard constraint
// among them), cannot give S as few breaks as their per-participant bounds
// add up to. Each core is proven by the SAT model of that subproblem, a
// relaxation of the whole, and cores are disjoint in participants, so their
// gains add up. incumbent guides the search to participants that have
// more breaks than their own bound. It returns the proven bound; expired
// and the per-call limit end the work early.
func (md *model) coreBound(incumbent []int32, expired func() bool) int {
	st := newState(md, -1)
	st.load(incumbent)
	pb := make([]int, md.nP)
	lb := 0
	for q := range md.nP {
		pb[q] = md.participantBound(q)
		lb += pb[q]
	}
	var cand []int
	for q := range md.nP {
		if int(st.brk[q]) > pb[q] {
			cand = append(cand, q)
		}
	}
	slices.SortStableFunc(cand, func(a, b int) int {
		if d := (int(st.brk[b]) - pb[b]) - (int(st.brk[a]) - pb[a]); d != 0 {
			return d
		}
		return len(md.pMeet[b]) - len(md.pMeet[a])
	})
	used := make([]bool, md.nP)
	in := make([]bool, md.nM)
	counted := make([]bool, md.nP)
	const maxCore = 6
	for _, q := range cand {
		if used[q] || expired() {
			continue
		}
		S := []int{q}
		for len(S) <= maxCore && !expired() {
			clear(in)
			clear(counted)
			k := 0
			for _, p := range S {
				counted[p] = true
				k += pb[p]
				for _, m := range md.pMeet[p] {
					in[m] = true
				}
			}
			sm := newSATModel(md, k+md.nT, false, in, counted)
			callEnd := time.Now().Add(300 * time.Millisecond)
			stop := func() bool { return expired() || time.Now().After(callEnd) }
			res, _ := sm.solve(k, stop)
			if res == 0 {
				break
			}
			if res == -1 {
				gain := 1
				for k+gain < k+md.nT {
					if r, _ := sm.solve(k+gain, stop); r != -1 {
						break
					}
					gain++
				}
				lb += gain
				for _, p := range S {
					used[p] = true
				}
				break
			}
			// Satisfiable: grow S by the neighbour sharing the most
			// meetings with it.
			share := map[int]int{}
			for _, p := range S {
				for _, m := range md.pMeet[p] {
					for _, o := range md.parts[m] {
						if !counted[o] && !used[o] {
							share[int(o)]++
						}
					}
				}
			}
			next, most := -1, 0
			for o, n := range share {
				if n > most || n == most && o < next {
					next, most = o, n
				}
			}
			if next < 0 {
				break
			}
			S = append(S, next)
		}
	}
	return lb
}
