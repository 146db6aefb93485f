package schedule

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
