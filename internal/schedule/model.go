package schedule

import (
	"fmt"
	"math/bits"
	"strconv"
)

// model is the solver's compact, validated view of a Problem: per meeting
// its resources (participants, then a pseudo-resource per fixed table) and
// usable slots as a bitset, per slot the capacity of the shared table pool.
type model struct {
	p      *Problem
	nP     int // participants
	nM     int // meetings
	nT     int // slots
	nR     int // resources: participants, then fixed tables
	nw     int // 64-bit words per slot bitset
	res    [][]int32
	parts  [][]int32
	pool   []bool // meeting needs a table from the unpinned pool
	weight []int
	usable [][]uint64 // per meeting: slots it may take
	nUse   []int      // per meeting: popcount of usable
	preds  [][]int32  // meetings that must be strictly earlier
	succs  [][]int32
	cap    []int // per slot: unpinned tables
	// session layout
	session   []int      // per slot: session number (dense, 0..nS-1)
	sessMasks [][]uint64 // per session: its slots
	sessStart []uint64   // bit set on the first slot of each session
	pMeet     [][]int32  // per participant: its meetings
	// static holds, per meeting, why it can never be placed ("" when it can).
	static []string
	// staticWhy is static[m] as a code with parameters.
	staticWhy []Reason
	// tableRes maps a fixed table index to its resource, -1 if none.
	tableRes []int32
	// pinnedOf lists, per participant, the tables pinned to it.
	pinnedOf [][]int
	// totalW is the weight of all placeable meetings.
	totalW int
	// open holds, per table, the slots in which it exists; nil when the
	// table exists in every slot.
	open [][]uint64
}

// tableOpen reports whether table t exists in slot s.
func (md *model) tableOpen(t, s int) bool {
	return md.open == nil || md.open[t] == nil || hasBit(md.open[t], s)
}

// invalid is the error of an ill-formed Problem.
func invalid(format string, a ...any) error {
	return fmt.Errorf("schedule: invalid problem: "+format, a...)
}

func meetingLabel(p *Problem, m int) string {
	if n := p.Meetings[m].Name; n != "" {
		return n
	}
	return "meeting " + strconv.Itoa(m+1)
}

func participantLabel(p *Problem, i int) string {
	if n := p.Participants[i].Name; n != "" {
		return n
	}
	return "participant " + strconv.Itoa(i+1)
}

func tableLabel(p *Problem, t int) string {
	if n := p.Tables[t].Name; n != "" {
		return n
	}
	return "table " + strconv.Itoa(t+1)
}

// compile validates p and builds its model. It returns an error only for an
// ill-formed problem (bad indexes, fewer than two participants in a
// meeting); meetings that cannot be placed get a static reason instead.
func compile(p *Problem) (*model, error) {
	if p == nil {
		return nil, invalid("nil problem")
	}
	md := &model{p: p, nP: len(p.Participants), nM: len(p.Meetings), nT: len(p.Slots)}
	md.nw = (md.nT + 63) / 64
	if md.nw == 0 {
		md.nw = 1
	}
	nL := len(p.Tables)
	md.pinnedOf = make([][]int, md.nP)
	for t, tb := range p.Tables {
		if tb.Pinned < -1 || tb.Pinned >= md.nP {
			return nil, invalid("table %d is pinned to participant %d, which does not exist", t+1, tb.Pinned+1)
		}
		if tb.Slots != nil {
			if md.open == nil {
				md.open = make([][]uint64, nL)
			}
			md.open[t] = make([]uint64, md.nw)
			for _, s := range tb.Slots {
				if s < 0 || s >= md.nT {
					return nil, invalid("table %d exists in slot %d, which does not exist", t+1, s+1)
				}
				md.open[t][s/64] |= 1 << (s % 64)
			}
		}
		if tb.Pinned >= 0 {
			md.pinnedOf[tb.Pinned] = append(md.pinnedOf[tb.Pinned], t)
		}
	}
	// Sessions: consecutive slots with the same Session value form one.
	md.session = make([]int, md.nT)
	md.sessStart = make([]uint64, md.nw)
	ns := -1
	for s := range p.Slots {
		if s == 0 || p.Slots[s].Session != p.Slots[s-1].Session {
			ns++
			md.sessMasks = append(md.sessMasks, make([]uint64, md.nw))
			md.sessStart[s/64] |= 1 << (s % 64)
		}
		md.session[s] = ns
		md.sessMasks[ns][s/64] |= 1 << (s % 64)
	}
	forb := make([][]uint64, md.nP)
	for i, pa := range p.Participants {
		forb[i] = make([]uint64, md.nw)
		for _, s := range pa.Forbidden {
			if s < 0 || s >= md.nT {
				return nil, invalid("participant %d (%s) forbids slot %d, which does not exist", i+1, participantLabel(p, i), s+1)
			}
			forb[i][s/64] |= 1 << (s % 64)
		}
	}
	md.tableRes = make([]int32, nL)
	for i := range md.tableRes {
		md.tableRes[i] = -1
	}
	md.nR = md.nP
	for m, mt := range p.Meetings {
		if mt.FixedTable < -1 || mt.FixedTable >= nL {
			return nil, invalid("meeting %d has fixed table %d, which does not exist", m+1, mt.FixedTable+1)
		}
		if mt.FixedTable >= 0 && md.tableRes[mt.FixedTable] < 0 {
			md.tableRes[mt.FixedTable] = int32(md.nR)
			md.nR++
		}
	}
	md.res = make([][]int32, md.nM)
	md.parts = make([][]int32, md.nM)
	md.pool = make([]bool, md.nM)
	md.weight = make([]int, md.nM)
	md.usable = make([][]uint64, md.nM)
	md.nUse = make([]int, md.nM)
	md.preds = make([][]int32, md.nM)
	md.succs = make([][]int32, md.nM)
	md.static = make([]string, md.nM)
	md.staticWhy = make([]Reason, md.nM)
	md.pMeet = make([][]int32, md.nP)
	unpinned := 0
	for _, tb := range p.Tables {
		if tb.Pinned < 0 {
			unpinned++
		}
	}
	for m, mt := range p.Meetings {
		if len(mt.Participants) < 2 {
			return nil, invalid("meeting %d has %d participants, want at least 2", m+1, len(mt.Participants))
		}
		if mt.Weight < 0 {
			return nil, invalid("meeting %d has weight %d, want at least 1", m+1, mt.Weight)
		}
		md.weight[m] = max(mt.Weight, 1)
		seen := map[int]bool{}
		pinned := false
		for _, q := range mt.Participants {
			if q < 0 || q >= md.nP {
				return nil, invalid("meeting %d names participant %d, which does not exist", m+1, q+1)
			}
			if seen[q] {
				return nil, invalid("meeting %d names participant %d twice", m+1, q+1)
			}
			seen[q] = true
			md.parts[m] = append(md.parts[m], int32(q))
			md.pMeet[q] = append(md.pMeet[q], int32(m))
			if len(md.pinnedOf[q]) > 0 {
				pinned = true
			}
		}
		md.res[m] = append([]int32(nil), md.parts[m]...)
		if mt.FixedTable >= 0 {
			md.res[m] = append(md.res[m], md.tableRes[mt.FixedTable])
		}
		md.pool[m] = !pinned
		if mt.FixedSlot < -1 || mt.FixedSlot >= md.nT {
			return nil, invalid("meeting %d has fixed slot %d, which does not exist", m+1, mt.FixedSlot+1)
		}
		u := make([]uint64, md.nw)
		if mt.Allowed == nil {
			for s := 0; s < md.nT; s++ {
				u[s/64] |= 1 << (s % 64)
			}
		}
		for _, s := range mt.Allowed {
			if s < 0 || s >= md.nT {
				return nil, invalid("meeting %d allows slot %d, which does not exist", m+1, s+1)
			}
			u[s/64] |= 1 << (s % 64)
		}
		for _, q := range mt.Participants {
			for w := range u {
				u[w] &^= forb[q][w]
			}
		}
		if mt.FixedSlot >= 0 {
			s := mt.FixedSlot
			keep := u[s/64] & (1 << (s % 64))
			clear(u)
			u[s/64] = keep
		}
		md.restrictToOpenTables(m, u)
		md.usable[m] = u
		md.nUse[m] = popcount(u)
		for _, a := range mt.After {
			if a < 0 || a >= md.nM || a == m {
				return nil, invalid("meeting %d must come after meeting %d, which does not exist or is itself", m+1, a+1)
			}
			md.preds[m] = append(md.preds[m], int32(a))
			md.succs[a] = append(md.succs[a], int32(m))
		}
		md.staticWhy[m] = md.staticReason(m, unpinned)
		if md.staticWhy[m].Code != "" {
			md.static[m] = md.staticWhy[m].Text(p, m)
		}
	}
	md.cap = make([]int, md.nT)
	for s := range md.cap {
		for t, tb := range p.Tables {
			if tb.Pinned < 0 && md.tableOpen(t, s) {
				md.cap[s]++
			}
		}
	}
	md.markCycles()
	for m := range md.static {
		if md.static[m] == "" {
			md.totalW += md.weight[m]
		}
	}
	return md, nil
}

// restrictToOpenTables removes from u, the usable slots of meeting m, the
// slots in which no table the meeting may sit at exists: for a fixed table
// its slots; for a meeting with pinned participants the slots of their
// pinned tables. (Pool meetings are bounded per slot by cap.)
func (md *model) restrictToOpenTables(m int, u []uint64) {
	if md.open == nil {
		return
	}
	mt := md.p.Meetings[m]
	var tables []int
	switch {
	case mt.FixedTable >= 0:
		tables = []int{mt.FixedTable}
	case !md.pool[m]:
		for _, q := range mt.Participants {
			tables = append(tables, md.pinnedOf[q]...)
		}
	default:
		return
	}
	keep := make([]uint64, md.nw)
	for _, t := range tables {
		if md.open[t] == nil {
			return
		}
		for w := range keep {
			keep[w] |= md.open[t][w]
		}
	}
	for w := range u {
		u[w] &= keep[w]
	}
}

// staticReason says why meeting m can never be placed, or the zero Reason.
func (md *model) staticReason(m, unpinned int) Reason {
	p := md.p
	mt := p.Meetings[m]
	if mt.FixedTable >= 0 {
		tb := p.Tables[mt.FixedTable]
		if tb.Pinned >= 0 && !contains(mt.Participants, tb.Pinned) {
			return Reason{Code: ReasonFixedTableReserved, Table: mt.FixedTable, Participant: tb.Pinned}
		}
		if tb.Pinned < 0 && !md.pool[m] {
			return Reason{Code: ReasonFixedTableNotReserved, Table: mt.FixedTable}
		}
	}
	if md.pool[m] && unpinned == 0 && mt.FixedTable < 0 {
		return Reason{Code: ReasonNoTable}
	}
	if md.nUse[m] == 0 {
		if mt.FixedSlot >= 0 {
			return Reason{Code: ReasonFixedSlot, Slot: mt.FixedSlot}
		}
		return Reason{Code: ReasonNoCommonSlot}
	}
	return Reason{}
}

// markCycles gives every meeting on a precedence cycle a static reason.
func (md *model) markCycles() {
	// Tarjan's strongly connected components, iteratively.
	n := md.nM
	index := make([]int, n)
	low := make([]int, n)
	on := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next := 0
	type frame struct{ v, i int }
	for root := 0; root < n; root++ {
		if index[root] >= 0 || len(md.preds[root]) == 0 && len(md.succs[root]) == 0 {
			continue
		}
		call := []frame{{root, 0}}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		on[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.i < len(md.succs[v]) {
				w := int(md.succs[v][f.i])
				f.i++
				if index[w] < 0 {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					on[w] = true
					call = append(call, frame{w, 0})
				} else if on[w] {
					low[v] = min(low[v], index[w])
				}
				continue
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1].v
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				var comp []int
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					on[w] = false
					comp = append(comp, w)
					if w == v {
						break
					}
				}
				if len(comp) > 1 {
					for _, w := range comp {
						other := comp[0]
						if other == w {
							other = comp[1]
						}
						if md.static[w] == "" {
							md.staticWhy[w] = Reason{Code: ReasonPrecedenceCycle, Meeting: other}
							md.static[w] = md.staticWhy[w].Text(md.p, w)
						}
					}
				}
			}
		}
	}
}

func (md *model) partNames(m int) string { return partNames(md.p, m) }

// partNames names meeting m's participants: "A, B and C".
func partNames(p *Problem, m int) string {
	ps := p.Meetings[m].Participants
	s := ""
	for i, q := range ps {
		switch {
		case i == 0:
		case i == len(ps)-1:
			s += " and "
		default:
			s += ", "
		}
		s += participantLabel(p, q)
	}
	return s
}

func contains(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func popcount(b []uint64) int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func hasBit(b []uint64, s int) bool { return b[s/64]&(1<<(s%64)) != 0 }

// breaksOf counts the breaks of a participant whose busy slots are b: the
// maximal idle gaps between two busy slots of one session.
func (md *model) breaksOf(b []uint64) int {
	runs := 0
	var carry uint64
	for w := range b {
		prev := b[w]<<1 | carry
		carry = b[w] >> 63
		starts := b[w] &^ (prev &^ md.sessStart[w])
		runs += bits.OnesCount64(starts)
	}
	if runs == 0 {
		return 0
	}
	nonEmpty := 0
	for _, sm := range md.sessMasks {
		for w := range b {
			if b[w]&sm[w] != 0 {
				nonEmpty++
				break
			}
		}
	}
	return runs - nonEmpty
}

func popcountWord(w uint64) int { return bits.OnesCount64(w) }

func trailingZeros(w uint64) int { return bits.TrailingZeros64(w) }

// idleOf counts the idle slots of a participant whose busy slots are b:
// per session, the slots between its first and last meeting that are free.
func (md *model) idleOf(b []uint64) int {
	idle := 0
	for _, sm := range md.sessMasks {
		first, last, n := -1, -1, 0
		for w := range b {
			x := b[w] & sm[w]
			if x == 0 {
				continue
			}
			if first < 0 {
				first = w*64 + bits.TrailingZeros64(x)
			}
			last = w*64 + 63 - bits.LeadingZeros64(x)
			n += bits.OnesCount64(x)
		}
		if n > 0 {
			idle += last - first + 1 - n
		}
	}
	return idle
}
