package schedule

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"
)

// GenerateConfig describes a generated brokerage event.
type GenerateConfig struct {
	// Participants is the number of participants (at least 10).
	Participants int
	// Seed makes the instance reproducible: the same config gives the
	// same problem.
	Seed int64
	// Days is 2 or 3; 0 lets the seed choose.
	Days int
	// Start is midnight of the first day; zero means Monday 13 November
	// 2023 in Central European Time.
	Start time.Time
	// Fairness is copied into the problem (-1: none).
	Fairness int
}

// Generate builds a realistic large B2B event, deterministically from
// cfg.Seed: about 45 % of the participants are hosts (local companies),
// the rest visitors; each participant asks for 5 to 12 meetings, visitors
// mostly with hosts and some with other visitors (peer meetings), a few
// meetings of three; two or three days of a morning (09:00, 11 slots of 20
// minutes) and an afternoon session (14:30, 10 slots); tables for the
// meetings per slot plus 15 %; groups of visitors away on site visits;
// late arrivals and early departures; some fixed meetings, follow-ups that
// must come after a first meeting, priority weights and meetings limited to
// one day; and a few host exhibitors whose meetings sit at their own
// pinned booth. It does not guarantee that every meeting fits, but keeps
// every participant's meetings within their free slots.
func Generate(cfg GenerateConfig) *Problem {
	n := max(cfg.Participants, 10)
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6361726176616e)) // "caravan"
	days := cfg.Days
	if days < 2 || days > 3 {
		days = 2 + rng.IntN(2)
	}
	start := cfg.Start
	if start.IsZero() {
		start = time.Date(2023, 11, 13, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	}
	p := &Problem{Name: fmt.Sprintf("generated-%d-seed%d", n, cfg.Seed), Fairness: cfg.Fairness}

	// Sessions: per day a morning and an afternoon.
	type session struct{ first, count, day int }
	var sessions []session
	for d := 0; d < days; d++ {
		day := start.AddDate(0, 0, d)
		for _, half := range []struct {
			at    time.Duration
			slots int
			name  string
		}{{9 * time.Hour, 11, "morning"}, {14*time.Hour + 30*time.Minute, 10, "afternoon"}} {
			sessions = append(sessions, session{len(p.Slots), half.slots, d})
			for k := 0; k < half.slots; k++ {
				st := day.Add(half.at + time.Duration(k)*20*time.Minute)
				p.Slots = append(p.Slots, Slot{
					Session: len(sessions) - 1, Start: st, End: st.Add(20 * time.Minute),
					Label: fmt.Sprintf("%s %s %s", st.Format("Mon 2 Jan"), half.name, st.Format("15:04")),
				})
			}
		}
	}
	nS := len(p.Slots)

	// Participants: hosts first, then visitors.
	nH := n * 45 / 100
	countries := []string{"ES", "PT", "FR", "IT", "DE", "PL", "NL", "SE", "CZ", "GR"}
	for i := 0; i < n; i++ {
		if i < nH {
			p.Participants = append(p.Participants, Participant{Name: fmt.Sprintf("Host %04d (ES)", i+1)})
		} else {
			c := countries[1+rng.IntN(len(countries)-1)]
			p.Participants = append(p.Participants, Participant{Name: fmt.Sprintf("Visitor %04d (%s)", i-nH+1, c)})
		}
	}
	forb := make([]map[int]bool, n)
	for i := range forb {
		forb[i] = map[int]bool{}
	}
	block := func(i, from, to int) {
		for s := from; s < to; s++ {
			forb[i][s] = true
		}
	}
	// Late arrivals miss the first session, early departures the last.
	for i := nH; i < n; i++ {
		if rng.IntN(100) < 20 {
			block(i, sessions[0].first, sessions[0].first+sessions[0].count)
		}
		if rng.IntN(100) < 20 {
			last := sessions[len(sessions)-1]
			block(i, last.first, last.first+last.count)
		}
	}
	// Site visits: per afternoon, a group of about 6 % of the visitors
	// leaves for two hours; on some mornings another group leaves at 11:00.
	nV := n - nH
	for _, se := range sessions {
		if p.Slots[se.first].Start.Hour() >= 12 || rng.IntN(2) == 0 {
			group := max(3, nV*6/100)
			from := se.first
			if p.Slots[se.first].Start.Hour() < 12 {
				from = se.first + 6 // 11:00
			}
			for _, k := range rng.Perm(nV)[:group] {
				block(nH+k, from, min(from+6, se.first+se.count))
			}
		}
	}
	free := func(i int) int { return nS - len(forb[i]) }

	// Meeting requests: every participant wants 5..12 meetings; visitors
	// spend about 15 % of theirs on peers, the rest on hosts.
	want := make([]int, n)
	for i := range want {
		want[i] = min(5+rng.IntN(8), free(i))
	}
	type pair struct{ a, b int }
	seen := map[pair]bool{}
	deg := make([]int, n)
	addPair := func(a, b int) bool {
		if a == b {
			return false
		}
		k := pair{min(a, b), max(a, b)}
		if seen[k] || deg[a] >= want[a] || deg[b] >= want[b] {
			return false
		}
		seen[k] = true
		deg[a]++
		deg[b]++
		p.Meetings = append(p.Meetings, Meeting{
			Participants: []int{a, b}, Weight: 1, FixedSlot: -1, FixedTable: -1,
		})
		return true
	}
	var hostStubs []int
	for h := 0; h < nH; h++ {
		for k := 0; k < want[h]; k++ {
			hostStubs = append(hostStubs, h)
		}
	}
	rng.Shuffle(len(hostStubs), func(x, y int) { hostStubs[x], hostStubs[y] = hostStubs[y], hostStubs[x] })
	visitors := rng.Perm(nV)
	// Round robin over visitors so that host stubs are shared fairly.
	for round, next := 0, 0; round < 12 && next < len(hostStubs); round++ {
		for _, k := range visitors {
			v := nH + k
			if deg[v] >= want[v]*85/100 || next >= len(hostStubs) {
				continue
			}
			for tries := 0; tries < 4 && next < len(hostStubs); tries++ {
				h := hostStubs[next]
				next++
				if addPair(v, h) {
					break
				}
			}
		}
	}
	// Peer meetings between visitors, then top up anyone short.
	for _, k := range rng.Perm(nV) {
		v := nH + k
		for tries := 0; deg[v] < want[v] && tries < 20; tries++ {
			addPair(v, nH+rng.IntN(nV))
		}
	}
	for i := 0; i < n; i++ {
		for tries := 0; deg[i] < 5 && tries < 50; tries++ {
			addPair(i, rng.IntN(n))
		}
	}
	// A few meetings of three: a visitor meets two hosts together.
	for k := 0; k < len(p.Meetings)/60; k++ {
		m := &p.Meetings[rng.IntN(len(p.Meetings))]
		if len(m.Participants) != 2 {
			continue
		}
		h := rng.IntN(nH)
		if !inList(m.Participants, h) && deg[h] < free(h) && deg[h] < 13 {
			m.Participants = append(m.Participants, h)
			deg[h]++
		}
	}
	rng.Shuffle(len(p.Meetings), func(x, y int) { p.Meetings[x], p.Meetings[y] = p.Meetings[y], p.Meetings[x] })
	for m := range p.Meetings {
		mt := &p.Meetings[m]
		names := ""
		for k, i := range mt.Participants {
			if k > 0 {
				names += " – "
			}
			names += p.Participants[i].Name
		}
		mt.Name = fmt.Sprintf("M%05d %s", m+1, names)
		switch r := rng.IntN(100); {
		case r < 10:
			mt.Weight = 3
		case r < 30:
			mt.Weight = 2
		}
	}

	// Tables: meetings per slot plus 15 %, and a booth for a few host
	// exhibitors (every meeting of an exhibitor sits at its booth).
	perSlot := float64(len(p.Meetings)) / float64(nS)
	nTables := int(perSlot*1.15) + 1
	for l := 0; l < nTables; l++ {
		p.Tables = append(p.Tables, Table{Name: fmt.Sprintf("Table %d", l+1), Pinned: -1})
	}
	exhibitors := max(1, nH/50)
	for _, h := range rng.Perm(nH)[:exhibitors] {
		p.Tables = append(p.Tables, Table{Name: "Booth of " + p.Participants[h].Name, Pinned: h})
	}
	exhibitor := map[int]int{}
	for l, t := range p.Tables {
		if t.Pinned >= 0 {
			exhibitor[t.Pinned] = l
		}
	}

	// Some meetings limited to one day, some follow-ups, some fixed.
	busy := make([]map[int]bool, n)
	for i := range busy {
		busy[i] = map[int]bool{}
	}
	fixedAt := map[int]int{} // slot → fixed meetings there
	for m := range p.Meetings {
		mt := &p.Meetings[m]
		r := rng.IntN(1000)
		switch {
		case r < 15: // fixed: a slot where everybody is free
			for tries := 0; tries < 20; tries++ {
				s := rng.IntN(nS)
				ok := fixedAt[s] < nTables/4
				for _, i := range mt.Participants {
					ok = ok && !forb[i][s] && !busy[i][s]
				}
				if ok {
					mt.FixedSlot = s
					fixedAt[s]++
					for _, i := range mt.Participants {
						busy[i][s] = true
					}
					break
				}
			}
		case r < 65: // limited to the sessions of one day
			d := rng.IntN(days)
			ok := true
			var allowed []int
			for _, se := range sessions {
				if se.day == d {
					for s := se.first; s < se.first+se.count; s++ {
						allowed = append(allowed, s)
					}
				}
			}
			for _, i := range mt.Participants {
				freeThatDay := 0
				for _, s := range allowed {
					if !forb[i][s] {
						freeThatDay++
					}
				}
				ok = ok && freeThatDay >= 8
			}
			if ok {
				mt.Allowed = allowed
			}
		}
	}
	// Follow-ups: a visitor and a host meet twice, the second time after
	// the first.
	for k := 0; k < len(p.Meetings)/200; k++ {
		m := rng.IntN(len(p.Meetings))
		first := p.Meetings[m]
		if len(first.Participants) != 2 || first.FixedSlot >= 0 || first.Allowed != nil {
			continue
		}
		a, b := first.Participants[0], first.Participants[1]
		if deg[a] >= free(a)-2 || deg[b] >= free(b)-2 {
			continue
		}
		deg[a]++
		deg[b]++
		p.Meetings = append(p.Meetings, Meeting{
			Name:         fmt.Sprintf("M%05d follow-up of M%05d", len(p.Meetings)+1, m+1),
			Participants: []int{a, b}, Weight: 1, FixedSlot: -1, FixedTable: -1,
			After: []int{m},
		})
	}
	// Exhibitors' fixed meetings also take their booth.
	for m := range p.Meetings {
		mt := &p.Meetings[m]
		if mt.FixedSlot < 0 {
			continue
		}
		for _, i := range mt.Participants {
			if l, ok := exhibitor[i]; ok {
				mt.FixedTable = l
				break
			}
		}
	}
	for i := range p.Participants {
		for s := range forb[i] {
			p.Participants[i].Forbidden = append(p.Participants[i].Forbidden, s)
		}
		sort.Ints(p.Participants[i].Forbidden)
	}
	return p
}
