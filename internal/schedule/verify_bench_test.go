package schedule

import (
	"bytes"
	"testing"
)

// greedyPlan places meetings one by one in the first slot and table that
// break no hard constraint: a plan to check the verifier with, built
// without the solver.
func greedyPlan(p *Problem) *Plan {
	nS := len(p.Slots)
	busy := make([][]bool, len(p.Participants))
	for i, pa := range p.Participants {
		busy[i] = make([]bool, nS)
		for _, s := range pa.Forbidden {
			busy[i][s] = true
		}
	}
	tableBusy := make([][]bool, len(p.Tables))
	for l := range tableBusy {
		tableBusy[l] = make([]bool, nS)
	}
	hasPinned := make([]bool, len(p.Participants))
	for _, t := range p.Tables {
		if t.Pinned >= 0 {
			hasPinned[t.Pinned] = true
		}
	}
	pl := &Plan{Assign: make([]Assignment, len(p.Meetings))}
	for m, mt := range p.Meetings {
		pl.Assign[m] = Assignment{Slot: -1, Table: -1, Reason: "no free slot and table"}
	slots:
		for s := 0; s < nS; s++ {
			if mt.FixedSlot >= 0 && s != mt.FixedSlot || mt.Allowed != nil && !inList(mt.Allowed, s) {
				continue
			}
			pinned := false
			for _, i := range mt.Participants {
				if busy[i][s] {
					continue slots
				}
				pinned = pinned || hasPinned[i]
			}
			for _, j := range mt.After {
				if a := pl.Assign[j]; j >= m || a.Slot >= s {
					continue slots // later or unplaced-yet earlier meetings: keep it simple
				}
			}
			for l, t := range p.Tables {
				if tableBusy[l][s] || mt.FixedTable >= 0 && l != mt.FixedTable {
					continue
				}
				if t.Pinned >= 0 && !inList(mt.Participants, t.Pinned) || t.Pinned < 0 && pinned {
					continue
				}
				tableBusy[l][s] = true
				for _, i := range mt.Participants {
					busy[i][s] = true
				}
				pl.Assign[m] = Assignment{Slot: s, Table: l}
				break slots
			}
		}
	}
	return pl
}

func TestVerifyGreedyPlanOnGenerated(t *testing.T) {
	p := Generate(GenerateConfig{Participants: 300, Seed: 2, Fairness: 2})
	pl := greedyPlan(p)
	if err := Verify(p, pl); err != nil {
		t.Fatalf("greedy plan: %v", err)
	}
	st := Evaluate(p, pl)
	if st.Scheduled < len(p.Meetings)*9/10 {
		t.Errorf("greedy placed %d of %d meetings, want at least 90 %%: the generated event is too tight", st.Scheduled, len(p.Meetings))
	}
	sum := 0
	for _, b := range st.BreaksPerParticipant {
		sum += b
	}
	if sum != st.Breaks {
		t.Errorf("breaks: got total %d, per-participant sum %d", st.Breaks, sum)
	}
	// Moving one placed meeting onto another's slot and table must be
	// caught.
	var a, b int = -1, -1
	for m := range pl.Assign {
		if pl.Assign[m].Slot >= 0 && p.Meetings[m].FixedSlot < 0 && p.Meetings[m].Allowed == nil && len(p.Meetings[m].After) == 0 {
			if a < 0 {
				a = m
			} else if pl.Assign[m].Slot != pl.Assign[a].Slot {
				b = m
				break
			}
		}
	}
	pl.Assign[a] = pl.Assign[b]
	if err := Verify(p, pl); err == nil {
		t.Error("two meetings at one table in one slot: got no error")
	}
}

func BenchmarkParseDZN(b *testing.B) {
	src := readTestdata(b, "tiny.dzn")
	for b.Loop() {
		if _, err := ParseDZN("tiny.dzn", bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseJSON2000(b *testing.B) {
	var buf bytes.Buffer
	if err := WriteJSON(&buf, Generate(GenerateConfig{Participants: 2000, Seed: 1, Fairness: 2})); err != nil {
		b.Fatal(err)
	}
	src := buf.Bytes()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := ParseJSON("gen.json", bytes.NewReader(src)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify2000(b *testing.B) {
	p := Generate(GenerateConfig{Participants: 2000, Seed: 1, Fairness: 2})
	pl := greedyPlan(p)
	for b.Loop() {
		if err := Verify(p, pl); err != nil {
			b.Fatal(err)
		}
		Evaluate(p, pl)
	}
}

func BenchmarkGenerate2000(b *testing.B) {
	for b.Loop() {
		Generate(GenerateConfig{Participants: 2000, Seed: 1, Fairness: 2})
	}
}
