package schedule

// state is a partial slot assignment with everything needed to evaluate a
// change incrementally: who occupies each (resource, slot), how many pool
// tables each slot uses, the breaks of every participant.
type state struct {
	md     *model
	slot   []int32    // per meeting, -1 when unscheduled
	occ    []int32    // per resource×slot: meeting there or -1
	busy   [][]uint64 // per participant: busy slots
	used   []int32    // per slot: pool tables in use
	atSlot [][]int32  // per slot: pool meetings there
	pos    []int32    // per meeting: index in atSlot[slot]
	brk    []int32    // per participant: breaks
	hist   []int32    // hist[b]: participants with b breaks
	total  int        // total breaks
	unW    int64      // weight of unscheduled placeable meetings
	unList []int32    // unscheduled placeable meetings
	unPos  []int32    // per meeting: index in unList or -1
	fair   int        // Fairness d, < 0 none
	// Repair only: pub marks published meetings, anchor their published
	// slot (-1 when it no longer exists); moved counts published meetings
	// placed elsewhere, pubUnW the weight of published meetings left out.
	// idleP and idle (idle slots inside sessions, per participant and in
	// all) guide the search towards closing gaps; nil when not tracked.
	idleP []int32
	idle  int

	pub    []bool
	anchor []int32
	moved  int
	pubUnW int64
}

func newState(md *model, fair int) *state {
	st := &state{md: md, fair: fair}
	st.slot = make([]int32, md.nM)
	st.occ = make([]int32, md.nR*md.nT)
	for i := range st.occ {
		st.occ[i] = -1
	}
	st.busy = make([][]uint64, md.nP)
	words := make([]uint64, md.nP*md.nw)
	for i := range st.busy {
		st.busy[i] = words[i*md.nw : (i+1)*md.nw : (i+1)*md.nw]
	}
	st.used = make([]int32, md.nT)
	st.atSlot = make([][]int32, md.nT)
	st.pos = make([]int32, md.nM)
	st.brk = make([]int32, md.nP)
	st.hist = make([]int32, md.nT+2)
	st.hist[0] = int32(md.nP)
	st.unPos = make([]int32, md.nM)
	for m := range st.slot {
		st.slot[m] = -1
		st.unPos[m] = -1
		if md.static[m] == "" {
			st.unPos[m] = int32(len(st.unList))
			st.unList = append(st.unList, int32(m))
			st.unW += int64(md.weight[m])
		}
	}
	return st
}

// cost is the lexicographic objective as one comparable tuple.
type cost struct {
	pubUnW int64 // Repair: unscheduled published weight
	moved  int   // Repair: published meetings moved
	unW    int64 // unscheduled weight (lower is better)
	excess int   // fairness excess over d
	breaks int
}

func (c cost) less(o cost) bool {
	if c.pubUnW != o.pubUnW {
		return c.pubUnW < o.pubUnW
	}
	if c.moved != o.moved {
		return c.moved < o.moved
	}
	if c.unW != o.unW {
		return c.unW < o.unW
	}
	if c.excess != o.excess {
		return c.excess < o.excess
	}
	return c.breaks < o.breaks
}

func (st *state) spread() int {
	hi := len(st.hist) - 1
	for hi > 0 && st.hist[hi] == 0 {
		hi--
	}
	lo := 0
	for lo < hi && st.hist[lo] == 0 {
		lo++
	}
	return hi - lo
}

func (st *state) cost() cost {
	c := cost{pubUnW: st.pubUnW, moved: st.moved, unW: st.unW - st.pubUnW, breaks: st.total}
	if st.fair >= 0 {
		c.excess = max(0, st.spread()-st.fair)
	}
	return c
}

// canPlace reports whether meeting m can go to slot s now: usable, every
// resource free, a pool table left, precedences respected.
func (st *state) canPlace(m, s int) bool {
	md := st.md
	if !hasBit(md.usable[m], s) {
		return false
	}
	for _, r := range md.res[m] {
		if st.occ[int(r)*md.nT+s] >= 0 {
			return false
		}
	}
	if md.pool[m] && int(st.used[s]) >= md.cap[s] {
		return false
	}
	return st.precOK(m, s)
}

func (st *state) precOK(m, s int) bool {
	for _, a := range st.md.preds[m] {
		if t := st.slot[a]; t >= 0 && int(t) >= s {
			return false
		}
	}
	for _, b := range st.md.succs[m] {
		if t := st.slot[b]; t >= 0 && int(t) <= s {
			return false
		}
	}
	return true
}

func (st *state) setBreaks(q int) {
	if st.idleP != nil {
		i := int32(st.md.idleOf(st.busy[q]))
		st.idle += int(i - st.idleP[q])
		st.idleP[q] = i
	}
	b := int32(st.md.breaksOf(st.busy[q]))
	old := st.brk[q]
	if b == old {
		return
	}
	st.hist[old]--
	st.hist[b]++
	st.brk[q] = b
	st.total += int(b - old)
}

// place puts unscheduled meeting m at slot s; the caller has checked it.
func (st *state) place(m, s int) {
	md := st.md
	st.slot[m] = int32(s)
	for _, r := range md.res[m] {
		st.occ[int(r)*md.nT+s] = int32(m)
	}
	for _, q := range md.parts[m] {
		st.busy[q][s/64] |= 1 << (s % 64)
		st.setBreaks(int(q))
	}
	if md.pool[m] {
		st.used[s]++
		st.pos[m] = int32(len(st.atSlot[s]))
		st.atSlot[s] = append(st.atSlot[s], int32(m))
	}
	if i := st.unPos[m]; i >= 0 {
		last := st.unList[len(st.unList)-1]
		st.unList[i] = last
		st.unPos[last] = i
		st.unList = st.unList[:len(st.unList)-1]
		st.unPos[m] = -1
		st.unW -= int64(md.weight[m])
		if st.pub != nil && st.pub[m] {
			st.pubUnW -= int64(md.weight[m])
		}
	}
	if st.pub != nil && st.pub[m] && int32(s) != st.anchor[m] {
		st.moved++
	}
}

// remove unschedules meeting m.
func (st *state) remove(m int) {
	md := st.md
	s := int(st.slot[m])
	st.slot[m] = -1
	for _, r := range md.res[m] {
		st.occ[int(r)*md.nT+s] = -1
	}
	for _, q := range md.parts[m] {
		st.busy[q][s/64] &^= 1 << (s % 64)
		st.setBreaks(int(q))
	}
	if md.pool[m] {
		st.used[s]--
		i := st.pos[m]
		l := st.atSlot[s]
		last := l[len(l)-1]
		l[i] = last
		st.pos[last] = i
		st.atSlot[s] = l[:len(l)-1]
	}
	st.unPos[m] = int32(len(st.unList))
	st.unList = append(st.unList, int32(m))
	st.unW += int64(md.weight[m])
	if st.pub != nil && st.pub[m] {
		st.pubUnW += int64(md.weight[m])
		if int32(s) != st.anchor[m] {
			st.moved--
		}
	}
}

// setPublished marks the published meetings of a repair (pubSlot[m] ≥ 0,
// or -2 for published at a slot that no longer exists) while all meetings
// are unscheduled.
func (st *state) setPublished(pubSlot []int32) {
	st.pub = make([]bool, st.md.nM)
	st.anchor = make([]int32, st.md.nM)
	for m, s := range pubSlot {
		st.anchor[m] = -1
		if s == -1 {
			continue
		}
		st.pub[m] = true
		if s >= 0 {
			st.anchor[m] = s
		}
		if st.unPos[m] >= 0 {
			st.pubUnW += int64(st.md.weight[m])
		}
	}
}

// load sets the state to the slots in sl (-1 = unscheduled), placing only
// what fits; it returns the number of meetings that did not fit.
func (st *state) load(sl []int32) int {
	for m, s := range st.slot {
		if s >= 0 {
			st.remove(m)
		}
	}
	bad := 0
	for m, s := range sl {
		if s < 0 || st.md.static[m] != "" {
			continue
		}
		if st.canPlace(m, int(s)) {
			st.place(m, int(s))
		} else {
			bad++
		}
	}
	return bad
}
