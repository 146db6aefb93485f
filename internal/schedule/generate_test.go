package schedule

import (
	"bytes"
	"reflect"
	"testing"
)

func TestGenerateDeterministic(t *testing.T) {
	a := Generate(GenerateConfig{Participants: 300, Seed: 7, Fairness: 2})
	b := Generate(GenerateConfig{Participants: 300, Seed: 7, Fairness: 2})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same config gave different problems")
	}
	c := Generate(GenerateConfig{Participants: 300, Seed: 8, Fairness: 2})
	if reflect.DeepEqual(a.Meetings, c.Meetings) {
		t.Error("different seeds gave the same meetings")
	}
}

func TestGenerateShape(t *testing.T) {
	for _, n := range []int{100, 500, 1000} {
		p := Generate(GenerateConfig{Participants: n, Seed: 1, Fairness: 2})
		if got := len(p.Participants); got != n {
			t.Errorf("n=%d: participants got %d, want %d", n, got, n)
		}
		days := len(p.Slots) / 21
		if len(p.Slots)%21 != 0 || days < 2 || days > 3 {
			t.Errorf("n=%d: %d slots, want 21 per day over 2 or 3 days", n, len(p.Slots))
		}
		sessions := map[int]bool{}
		for s, sl := range p.Slots {
			sessions[sl.Session] = true
			if s > 0 && !sl.Start.After(p.Slots[s-1].Start) {
				t.Errorf("n=%d: slot %d does not start after slot %d", n, s+1, s)
			}
		}
		if got, want := len(sessions), 2*days; got != want {
			t.Errorf("n=%d: sessions got %d, want %d", n, got, want)
		}
		meetings := make([]int, n)
		fixedBusy := map[[2]int]bool{}
		fixedPerSlot := map[int]int{}
		var fixed, groups, follow, limited, pinned int
		for m, mt := range p.Meetings {
			if len(mt.Participants) > 2 {
				groups++
			}
			if len(mt.After) > 0 {
				follow++
			}
			if mt.Allowed != nil {
				limited++
			}
			for _, i := range mt.Participants {
				meetings[i]++
				if mt.FixedSlot >= 0 {
					if inList(p.Participants[i].Forbidden, mt.FixedSlot) {
						t.Errorf("n=%d: meeting %d fixed to a forbidden slot of %s", n, m+1, p.Participants[i].Name)
					}
					k := [2]int{i, mt.FixedSlot}
					if fixedBusy[k] {
						t.Errorf("n=%d: %s has two fixed meetings in slot %d", n, p.Participants[i].Name, mt.FixedSlot+1)
					}
					fixedBusy[k] = true
				}
			}
			if mt.FixedSlot >= 0 {
				fixed++
				fixedPerSlot[mt.FixedSlot]++
			}
		}
		for _, tb := range p.Tables {
			if tb.Pinned >= 0 {
				pinned++
			}
		}
		if fixed == 0 || groups == 0 || limited == 0 || pinned == 0 || (n >= 500 && follow == 0) {
			t.Errorf("n=%d: fixed %d, groups %d, follow-ups %d, limited %d, pinned tables %d: want some of each", n, fixed, groups, follow, limited, pinned)
		}
		for i, c := range meetings {
			if free := len(p.Slots) - len(p.Participants[i].Forbidden); c > free {
				t.Errorf("n=%d: %s has %d meetings and %d free slots", n, p.Participants[i].Name, c, free)
			}
		}
		low := 0
		for _, c := range meetings {
			if c < 5 {
				low++
			}
		}
		if low > n/20 {
			t.Errorf("n=%d: %d participants with fewer than 5 meetings, want at most %d", n, low, n/20)
		}
		unpinned := 0
		for _, tb := range p.Tables {
			if tb.Pinned < 0 {
				unpinned++
			}
		}
		perSlot := float64(len(p.Meetings)) / float64(len(p.Slots))
		if float64(unpinned) < perSlot*1.1 || float64(unpinned) > perSlot*1.25+2 {
			t.Errorf("n=%d: %d free tables for %.1f meetings per slot, want about 15 %% more", n, unpinned, perSlot)
		}
		for s, c := range fixedPerSlot {
			if c > unpinned {
				t.Errorf("n=%d: %d fixed meetings in slot %d, more than %d tables", n, c, s+1, unpinned)
			}
		}
		// Every participant of the plan's meetings is in range and the
		// instance survives the JSON format.
		var buf bytes.Buffer
		if err := WriteJSON(&buf, p); err != nil {
			t.Fatalf("n=%d: write: %v", n, err)
		}
		q, err := ParseJSON("gen.json", &buf)
		if err != nil {
			t.Fatalf("n=%d: parse written file: %v", n, err)
		}
		if !reflect.DeepEqual(q.Meetings, p.Meetings) || !reflect.DeepEqual(q.Participants, p.Participants) || !reflect.DeepEqual(q.Tables, p.Tables) {
			t.Errorf("n=%d: JSON round trip changed the problem", n)
		}
	}
}
