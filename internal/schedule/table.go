package schedule

import "slices"

// assignTables gives every scheduled meeting (slot[m] ≥ 0) a table, slot by
// slot in time order, so that participants change table as rarely as
// possible: the busiest participants get a home table they keep, and any
// other participant keeps the table of its previous meeting when it is
// free. Fixed and pinned tables are honoured. The slot assignment must
// respect the pool capacity, which guarantees a table for everyone.
//
// prefer, when not nil, gives a table each meeting should keep if it can
// (Repair: the published table of a meeting still in its published slot),
// -1 for none.
func assignTables(md *model, slot []int32, prefer []int) []int {
	p := md.p
	nL := len(p.Tables)
	table := make([]int, md.nM)
	for m := range table {
		table[m] = -1
	}
	// Home tables: unpinned tables, given to the participants with the
	// most pool meetings.
	load := make([]int, md.nP)
	for m, s := range slot {
		if s >= 0 && md.pool[m] {
			for _, q := range md.parts[m] {
				load[q]++
			}
		}
	}
	byLoad := make([]int, md.nP)
	for i := range byLoad {
		byLoad[i] = i
	}
	slices.SortStableFunc(byLoad, func(a, b int) int { return load[b] - load[a] })
	home := make([]int, md.nP)
	for i := range home {
		home[i] = -1
	}
	isHome := make([]bool, nL)
	k := 0
	for t, tb := range p.Tables {
		if tb.Pinned >= 0 {
			continue
		}
		for k < len(byLoad) && load[byLoad[k]] < 2 {
			k = len(byLoad)
		}
		if k >= len(byLoad) {
			break
		}
		home[byLoad[k]] = t
		isHome[t] = true
		k++
	}
	last := make([]int, md.nP)
	for i := range last {
		last[i] = -1
	}
	bySlot := make([][]int32, md.nT)
	for m, s := range slot {
		if s >= 0 {
			bySlot[s] = append(bySlot[s], int32(m))
		}
	}
	taken := make([]bool, nL)
	for s := 0; s < md.nT; s++ {
		ms := bySlot[s]
		clear(taken)
		// Busiest meetings choose first.
		slices.SortStableFunc(ms, func(a, b int32) int { return md.tableLoad(b, load) - md.tableLoad(a, load) })
		var rest []int32
		for _, m := range ms {
			if ft := p.Meetings[m].FixedTable; ft >= 0 {
				table[m] = ft
				taken[ft] = true
			}
		}
		for _, m := range ms {
			if prefer == nil || table[m] >= 0 {
				continue
			}
			if t := prefer[m]; t >= 0 && t < nL && !taken[t] && md.tableFits(int(m), t) && md.tableOpen(t, s) {
				table[m] = t
				taken[t] = true
			}
		}
		for _, m := range ms {
			if table[m] >= 0 {
				continue
			}
			if !md.pool[m] {
				table[m] = md.pinnedChoice(int(m), s, last)
				taken[table[m]] = true
				continue
			}
			t := -1
			for _, q := range md.partsByLoad(m, load) {
				for _, c := range [2]int{home[q], last[q]} {
					if c >= 0 && !taken[c] && p.Tables[c].Pinned < 0 && md.tableOpen(c, s) {
						t = c
						break
					}
				}
				if t >= 0 {
					break
				}
			}
			if t < 0 {
				rest = append(rest, m)
				continue
			}
			table[m] = t
			taken[t] = true
		}
		for _, m := range rest {
			t := -1
			for pass := 0; pass < 2 && t < 0; pass++ {
				for c := range nL {
					if !taken[c] && p.Tables[c].Pinned < 0 && md.tableOpen(c, s) && (pass == 1 || !isHome[c]) {
						t = c
						break
					}
				}
			}
			table[m] = t
			if t >= 0 {
				taken[t] = true
			}
		}
		for _, m := range ms {
			for _, q := range md.parts[m] {
				last[q] = table[m]
			}
		}
	}
	md.improveTables(slot, table, prefer)
	return table
}

// improveTables lowers the table changes of an assignment by local
// search: within one slot, a pool meeting moves to a free unpinned table
// or swaps tables with another pool meeting when that makes fewer
// participants change table between consecutive meetings. Fixed tables
// and kept published tables (prefer) do not move.
func (md *model) improveTables(slot []int32, table []int, prefer []int) {
	p := md.p
	nL := len(p.Tables)
	// Each participant's meetings in slot order, and each meeting's
	// position in them.
	seq := make([][]int32, md.nP)
	for m, s := range slot {
		if s >= 0 {
			for _, q := range md.parts[m] {
				seq[q] = append(seq[q], int32(m))
			}
		}
	}
	for q := range seq {
		slices.SortFunc(seq[q], func(a, b int32) int { return int(slot[a] - slot[b]) })
	}
	// idx[m][j]: position of m in the sequence of its j-th participant.
	idx := make([][]int32, md.nM)
	for m := range idx {
		idx[m] = make([]int32, len(md.parts[m]))
	}
	for q, ms := range seq {
		for i, m := range ms {
			j := slices.Index(md.parts[m], int32(q))
			idx[m][j] = int32(i)
		}
	}
	// changes counts the table changes around meeting m if it sat at t.
	changes := func(m int32, t int) int {
		n := 0
		for j, q := range md.parts[m] {
			ms := seq[q]
			i := int(idx[m][j])
			if i > 0 && table[ms[i-1]] != t {
				n++
			}
			if i+1 < len(ms) && table[ms[i+1]] != t {
				n++
			}
		}
		return n
	}
	movable := func(m int32) bool {
		return md.pool[m] && p.Meetings[m].FixedTable < 0 && (prefer == nil || prefer[m] < 0 || prefer[m] != table[m])
	}
	bySlot := make([][]int32, md.nT)
	for m, s := range slot {
		if s >= 0 && movable(int32(m)) {
			bySlot[s] = append(bySlot[s], int32(m))
		}
	}
	at := make([]int32, nL)
	var cands []int
	for pass := 0; pass < 4; pass++ {
		improved := false
		for s := range md.nT {
			for i := range at {
				at[i] = -1
			}
			for m, t := range table {
				if slot[m] == int32(s) && t >= 0 {
					at[t] = int32(m)
				}
			}
			for _, m := range bySlot[s] {
				cur := table[m]
				base := changes(m, cur)
				if base == 0 {
					continue
				}
				// Only a neighbour's table can save a change.
				cands := cands[:0]
				for j, q := range md.parts[m] {
					ms := seq[q]
					i := int(idx[m][j])
					if i > 0 {
						cands = append(cands, table[ms[i-1]])
					}
					if i+1 < len(ms) {
						cands = append(cands, table[ms[i+1]])
					}
				}
				for _, t := range cands {
					if t < 0 || t == cur || p.Tables[t].Pinned >= 0 || !md.tableOpen(t, s) {
						continue
					}
					o := at[t]
					if o >= 0 && !slices.Contains(bySlot[s], o) {
						continue
					}
					gain := base - changes(m, t)
					if o >= 0 {
						gain += changes(o, t) - changes(o, cur)
					}
					if gain <= 0 {
						continue
					}
					table[m] = t
					at[t] = m
					at[cur] = o
					if o >= 0 {
						table[o] = cur
					}
					improved = true
					break
				}
			}
		}
		if !improved {
			break
		}
	}
}

func (md *model) tableLoad(m int32, load []int) int {
	l := 0
	for _, q := range md.parts[m] {
		l = max(l, load[q])
	}
	return l
}

func (md *model) partsByLoad(m int32, load []int) []int32 {
	ps := slices.Clone(md.parts[m])
	slices.SortStableFunc(ps, func(a, b int32) int { return load[b] - load[a] })
	return ps
}

// pinnedChoice picks the table of a meeting with a pinned participant in
// slot s: the table a pinned participant sat at last, else its first
// pinned table that exists in s.
func (md *model) pinnedChoice(m, s int, last []int) int {
	for _, q := range md.parts[m] {
		if l := last[q]; l >= 0 && md.p.Tables[l].Pinned == int(q) && md.tableOpen(l, s) {
			return l
		}
	}
	for _, q := range md.parts[m] {
		for _, t := range md.pinnedOf[q] {
			if md.tableOpen(t, s) {
				return t
			}
		}
	}
	return -1
}

// tableFits reports whether meeting m may sit at table t: its fixed table
// if it has one, else a table pinned to one of its participants when any
// of them has pinned tables, else an unpinned table.
func (md *model) tableFits(m, t int) bool {
	if ft := md.p.Meetings[m].FixedTable; ft >= 0 {
		return t == ft
	}
	pin := md.p.Tables[t].Pinned
	if md.pool[m] {
		return pin < 0
	}
	return pin >= 0 && contains(md.p.Meetings[m].Participants, pin)
}
