package schedule

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync/atomic"
)

// greedy places the unscheduled meetings of st one by one, most constrained
// first, each in the slot that adds the fewest breaks and keeps its
// participants' meetings together.
func greedy(st *state, rng *rand.Rand) {
	md := st.md
	order := slices.Clone(st.unList)
	deg := make([]int, md.nM)
	for m := range deg {
		for _, q := range md.parts[m] {
			deg[m] += len(md.pMeet[q])
		}
	}
	// A small random key breaks ties so that restarts differ.
	key := make([]uint32, md.nM)
	for m := range key {
		key[m] = rng.Uint32()
	}
	slices.SortFunc(order, func(a, b int32) int {
		if st.pub != nil && st.pub[a] != st.pub[b] {
			if st.pub[a] {
				return -1
			}
			return 1
		}
		fa, fb := md.p.Meetings[a].FixedSlot >= 0, md.p.Meetings[b].FixedSlot >= 0
		if fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		if md.nUse[a] != md.nUse[b] {
			return md.nUse[a] - md.nUse[b]
		}
		if deg[a] != deg[b] {
			return deg[b] - deg[a]
		}
		if key[a] != key[b] {
			if key[a] < key[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	for _, m := range order {
		best, bestScore := -1, math.MaxInt
		for s := 0; s < md.nT; s++ {
			if !st.canPlace(int(m), s) {
				continue
			}
			score := 0
			for _, q := range md.parts[m] {
				b := st.busy[q]
				before := int(st.brk[q])
				b[s/64] |= 1 << (s % 64)
				score += 100 * (md.breaksOf(b) - before)
				b[s/64] &^= 1 << (s % 64)
				if popcount(b) > 0 && !st.adjacent(int(q), s) {
					score += 10
				}
			}
			// Prefer emptier slots a little so that capacity stays
			// balanced.
			score += int(st.used[s]) * 2 / max(1, md.cap[s]/8+1)
			if score < bestScore {
				best, bestScore = s, score
			}
		}
		if best >= 0 {
			st.place(int(m), best)
		}
	}
}

// adjacent reports whether participant q is busy right before or after s
// in the same session.
func (st *state) adjacent(q, s int) bool {
	md := st.md
	b := st.busy[q]
	if s > 0 && md.session[s-1] == md.session[s] && hasBit(b, s-1) {
		return true
	}
	return s+1 < md.nT && md.session[s+1] == md.session[s] && hasBit(b, s+1)
}

// searcher runs simulated annealing over slot assignments. Each move is
// one unit of work; the same seed and budget give the same trajectory.
type searcher struct {
	st   *state
	rng  *rand.Rand
	best []int32
	bc   cost
	// bestAt is the work count when best was found.
	bestAt int64
	work   int64
	// scratch
	touched  []int32
	orig     []int32
	mark     []int32
	stamp    int32
	chain    []int32
	from     []int32
	cand     []uint64
	accepted int64
	// period is the length in moves of one cooling cycle.
	period int64
}

func newSearcher(st *state, seed uint64) *searcher {
	sr := &searcher{st: st, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	sr.mark = make([]int32, st.md.nM)
	sr.best = slices.Clone(st.slot)
	sr.bc = st.cost()
	sr.period = int64(max(20000, periodFactor*st.md.nM))
	if idleWeight > 0 && st.idleP == nil {
		st.idleP = make([]int32, st.md.nP)
		for q := range st.idleP {
			st.setBreaks(q)
		}
	}
	return sr
}

// Annealing schedule: the temperature falls geometrically from tempHigh to
// tempLow over periodFactor moves per meeting, then starts again.
var (
	// kempePct is the share of Kempe-chain moves (the rest relocate),
	// focusPct of moves on a participant with breaks, restartPct of
	// cycles that restart from the best state.
	kempePct, focusPct, restartPct = 80, 50, 50
	// targetPct is the share of moves to a slot next to a participant's
	// meeting; chainCap the longest Kempe chain tried.
	targetPct, chainCap = 90, 64

	periodFactor      = 5000
	tempHigh, tempLow = 0.3, 0.05
)

const (
	weightPubUnsched = 1e6
	weightMoved      = 1e4
	weightUnsched    = 1000.0
	weightExcess     = 60.0
)

// idleWeight makes a shorter gap slightly better than a longer one, so
// that the search is drawn towards closing gaps.
var idleWeight = 0.05

func (sr *searcher) scalar() float64 {
	return scalar(sr.st.cost()) + idleWeight*float64(sr.st.idle)
}

func scalar(c cost) float64 {
	return float64(c.pubUnW)*weightPubUnsched + float64(c.moved)*weightMoved +
		float64(c.unW)*weightUnsched + float64(c.excess)*weightExcess + float64(c.breaks)
}

// touch records meeting m's slot before the move changes it.
func (sr *searcher) touch(m int32) {
	if sr.mark[m] == sr.stamp {
		return
	}
	sr.mark[m] = sr.stamp
	sr.touched = append(sr.touched, m)
	sr.orig = append(sr.orig, sr.st.slot[m])
}

func (sr *searcher) begin() {
	sr.stamp++
	if sr.stamp == math.MaxInt32 {
		clear(sr.mark)
		sr.stamp = 1
	}
	sr.touched = sr.touched[:0]
	sr.orig = sr.orig[:0]
}

// undo restores the slots recorded since begin.
func (sr *searcher) undo() {
	st := sr.st
	for _, m := range sr.touched {
		if st.slot[m] >= 0 {
			st.remove(int(m))
		}
	}
	for i, m := range sr.touched {
		if s := sr.orig[i]; s >= 0 {
			st.place(int(m), int(s))
		}
	}
}

func (sr *searcher) removeT(m int32) {
	sr.touch(m)
	sr.st.remove(int(m))
}

func (sr *searcher) placeT(m int32, s int) {
	sr.touch(m)
	sr.st.place(int(m), s)
}

// randomSlot picks a usable slot of m other than not, or -1.
func (sr *searcher) randomSlot(m int32, not int) int {
	md := sr.st.md
	n := md.nUse[m]
	if n == 0 || n == 1 && not >= 0 && hasBit(md.usable[m], not) {
		return -1
	}
	for {
		k := sr.rng.IntN(n)
		for w, word := range md.usable[m] {
			c := popcountWord(word)
			if k >= c {
				k -= c
				continue
			}
			for ; k > 0; k-- {
				word &= word - 1
			}
			s := w*64 + trailingZeros(word)
			if s != not {
				return s
			}
			break
		}
	}
}

// ejectAt unschedules the meetings that stand in m's way at slot s: those
// sharing a resource with m and, when the pool is full, one pool meeting.
// It returns them appended to out.
func (sr *searcher) ejectAt(m int32, s int, out []int32) []int32 {
	st := sr.st
	md := st.md
	for _, r := range md.res[m] {
		if c := st.occ[int(r)*md.nT+s]; c >= 0 && c != m && st.slot[c] == int32(s) {
			sr.removeT(c)
			out = append(out, c)
		}
	}
	for _, a := range md.preds[m] {
		if t := st.slot[a]; t >= 0 && int(t) >= s {
			sr.removeT(a)
			out = append(out, a)
		}
	}
	for _, b := range md.succs[m] {
		if t := st.slot[b]; t >= 0 && int(t) <= s {
			sr.removeT(b)
			out = append(out, b)
		}
	}
	if md.pool[m] && int(st.used[s]) >= md.cap[s] {
		l := st.atSlot[s]
		if len(l) > 0 {
			c := l[sr.rng.IntN(len(l))]
			sr.removeT(c)
			out = append(out, c)
		}
	}
	return out
}

// reinsert tries to place each ejected meeting: first at prefer, else at
// the first feasible slot from a random start.
func (sr *searcher) reinsert(ej []int32, prefer int) {
	st := sr.st
	md := st.md
	for _, c := range ej {
		if st.slot[c] >= 0 {
			continue
		}
		if prefer >= 0 && st.canPlace(int(c), prefer) {
			sr.placeT(c, prefer)
			continue
		}
		if bestInsert && md.nT <= 64 {
			sr.placeBest(c)
			continue
		}
		start := sr.rng.IntN(md.nT)
		for i := 0; i < md.nT; i++ {
			s := (start + i) % md.nT
			if st.canPlace(int(c), s) {
				sr.placeT(c, s)
				break
			}
		}
	}
}

var bestInsert = true

// placeBest places unscheduled meeting c in the feasible slot that adds
// the fewest breaks (ties: random), if any.
func (sr *searcher) placeBest(c int32) {
	st := sr.st
	md := st.md
	best, bestD, ties := -1, 1<<30, 0
	for s := range md.nT {
		if !st.canPlace(int(c), s) {
			continue
		}
		d := 0
		for _, q := range md.parts[c] {
			b := st.busy[q]
			b[s/64] |= 1 << (s % 64)
			d += md.breaksOf(b) - int(st.brk[q])
			b[s/64] &^= 1 << (s % 64)
		}
		switch {
		case d < bestD:
			best, bestD, ties = s, d, 1
		case d == bestD:
			ties++
			if sr.rng.IntN(ties) == 0 {
				best = s
			}
		}
	}
	if best >= 0 {
		sr.placeT(c, best)
	}
}

// pickMeeting chooses a scheduled meeting, often one of a participant
// with breaks.
func (sr *searcher) pickMeeting() int32 {
	st := sr.st
	md := st.md
	if sr.rng.IntN(100) < focusPct && st.total > 0 {
		for range 8 {
			q := sr.rng.IntN(md.nP)
			if st.brk[q] > 0 {
				ms := md.pMeet[q]
				m := ms[sr.rng.IntN(len(ms))]
				if st.slot[m] >= 0 {
					return m
				}
			}
		}
	}
	for range 16 {
		m := int32(sr.rng.IntN(md.nM))
		if st.slot[m] >= 0 && md.nUse[m] > 1 {
			return m
		}
	}
	return -1
}

// step tries one move and keeps it or undoes it by the annealing rule at
// temperature temp. It reports whether the state changed.
func (sr *searcher) step(temp float64) bool {
	st := sr.st
	before := sr.scalar()
	sr.begin()
	var ej []int32
	if len(st.unList) > 0 && sr.rng.IntN(3) == 0 {
		m := st.unList[sr.rng.IntN(len(st.unList))]
		s := sr.randomSlot(m, -1)
		if s < 0 {
			return false
		}
		ej = sr.ejectAt(m, s, ej)
		if !st.canPlace(int(m), s) {
			sr.undo()
			return false
		}
		sr.placeT(m, s)
		sr.reinsert(ej, -1)
	} else if sr.rng.IntN(100) < kempePct {
		m := sr.pickMeeting()
		if m < 0 {
			return false
		}
		old := int(st.slot[m])
		s := sr.targetSlot(m, old)
		if s < 0 || !sr.kempe(m, old, s) {
			return false
		}
	} else {
		m := sr.pickMeeting()
		if m < 0 {
			return false
		}
		old := int(st.slot[m])
		s := sr.targetSlot(m, old)
		if s < 0 {
			return false
		}
		sr.removeT(m)
		ej = sr.ejectAt(m, s, ej)
		if !st.canPlace(int(m), s) {
			sr.undo()
			return false
		}
		sr.placeT(m, s)
		sr.reinsert(ej, old)
	}
	after := sr.scalar()
	d := after - before
	if d <= 0 || temp > 0 && sr.rng.Float64() < math.Exp(-d/temp) {
		sr.accepted++
		return true
	}
	sr.undo()
	return false
}

// run anneals for up to budget moves, restarting the temperature now and
// then, and keeps the best state. It stops early when the best reaches
// target or stop becomes true; check is called every 1024 moves and may
// set stop.
func (sr *searcher) run(budget int64, target cost, stop *atomic.Bool, check func(*searcher)) {
	st := sr.st
	t0, t1 := tempHigh, tempLow
	for sr.work < budget {
		if !sr.bc.less(target) && !target.less(sr.bc) {
			return
		}
		if sr.work%1024 == 0 {
			if check != nil {
				check(sr)
			}
			if stop != nil && stop.Load() {
				return
			}
		}
		period := sr.period
		frac := float64(sr.work%period) / float64(period)
		temp := t0 * math.Pow(t1/t0, frac)
		sr.work++
		if sr.step(temp) {
			if c := st.cost(); c.less(sr.bc) {
				sr.bc = c
				copy(sr.best, st.slot)
				sr.bestAt = sr.work
			}
		}
		if sr.work%sr.period == 0 && sr.rng.IntN(100) < restartPct {
			// Restart from the best state half of the time.
			st.load(sr.best)
		}
	}
}

// kempe swaps between slots a and b the chain of meetings linked to m by
// shared resources, so that nobody is double-booked. It reports false, with
// the state unchanged, when a meeting of the chain may not take its new
// slot or a slot runs out of tables.
func (sr *searcher) kempe(m int32, a, b int) bool {
	st := sr.st
	md := st.md
	chain := sr.chain[:0]
	chain = append(chain, m)
	sr.stamp++
	sr.mark[m] = sr.stamp
	for i := 0; i < len(chain); i++ {
		x := chain[i]
		other := a
		if int(st.slot[x]) == a {
			other = b
		}
		if !hasBit(md.usable[x], other) || len(chain) > chainCap {
			sr.chain = chain
			return false
		}
		for _, r := range md.res[x] {
			if y := st.occ[int(r)*md.nT+other]; y >= 0 && sr.mark[y] != sr.stamp {
				sr.mark[y] = sr.stamp
				chain = append(chain, y)
			}
		}
	}
	sr.chain = chain
	sr.begin()
	from := sr.from[:0]
	for _, x := range chain {
		from = append(from, st.slot[x])
		sr.removeT(x)
	}
	sr.from = from
	for i, x := range chain {
		to := a
		if int(from[i]) == a {
			to = b
		}
		if !st.canPlace(int(x), to) {
			sr.undo()
			return false
		}
		sr.placeT(x, to)
	}
	return true
}

// targetSlot picks a new slot for scheduled meeting m: most often one next
// to another meeting of one of its participants, so that moves close gaps;
// otherwise any usable slot.
func (sr *searcher) targetSlot(m int32, old int) int {
	st := sr.st
	md := st.md
	if sr.rng.IntN(100) < targetPct {
		cand := sr.cand[:0]
		for w := range md.nw {
			cand = append(cand, 0)
			_ = w
		}
		for _, q := range md.parts[m] {
			b := st.busy[q]
			var carryL, carryR uint64
			for w := range md.nw {
				x := b[w]
				if w == old/64 {
					x &^= 1 << (old % 64)
				}
				// left neighbours (s-1 busy → s) and right (s+1 busy → s)
				next := x<<1 | carryL
				carryL = x >> 63
				cand[w] |= next &^ md.sessStart[w]
				_ = carryR
			}
			for w := md.nw - 1; w >= 0; w-- {
				x := b[w]
				if w == old/64 {
					x &^= 1 << (old % 64)
				}
				prev := x>>1 | carryR
				carryR = x << 63
				// slot s gets a candidate when s+1 is busy and s+1 is not a
				// session start.
				ss := md.sessStart[w]>>1 | sessCarry(md.sessStart, w)
				cand[w] |= prev &^ ss
			}
		}
		n := 0
		for w := range md.nw {
			cand[w] &= md.usable[m][w]
			if w == old/64 {
				cand[w] &^= 1 << (old % 64)
			}
			n += popcountWord(cand[w])
		}
		sr.cand = cand
		if n > 0 {
			k := sr.rng.IntN(n)
			for w, word := range cand {
				c := popcountWord(word)
				if k >= c {
					k -= c
					continue
				}
				for ; k > 0; k-- {
					word &= word - 1
				}
				return w*64 + trailingZeros(word)
			}
		}
	}
	return sr.randomSlot(m, old)
}

// sessCarry is the bit that bitset b shifted right by one moves into the
// top of word w.
func sessCarry(b []uint64, w int) uint64 {
	if w+1 < len(b) {
		return b[w+1] << 63
	}
	return 0
}
