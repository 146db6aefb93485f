package schedule

import (
	"encoding/json"
	"slices"
	"testing"
)

// TestReasonCodes: every reason code the engine gives comes with the
// parameters that say it again in exactly the English words of Reason,
// and the code and parameters survive JSON.
func TestReasonCodes(t *testing.T) {
	tests := []struct {
		name string
		p    func() *Problem
		m    int
		want Reason
		text string
	}{
		{"fixed table reserved for another", func() *Problem {
			p := build(3, 2, 2, []int{0, 1}, []int{0, 2})
			p.Tables[1].Pinned = 2
			p.Meetings[0].FixedTable = 1
			return p
		}, 0, Reason{Code: ReasonFixedTableReserved, Table: 1, Participant: 2},
			"its fixed table table 2 is reserved for C, who is not in the meeting"},
		{"fixed table not reserved", func() *Problem {
			p := build(2, 2, 2, []int{0, 1})
			p.Tables[0].Pinned = 0
			p.Meetings[0].FixedTable = 1
			return p
		}, 0, Reason{Code: ReasonFixedTableNotReserved, Table: 1},
			"its fixed table table 2 is not one of the tables reserved for A and B"},
		{"every table reserved", func() *Problem {
			p := build(3, 2, 1, []int{0, 1}, []int{0, 2})
			p.Tables[0].Pinned = 2
			return p
		}, 0, Reason{Code: ReasonNoTable},
			"no table is free for it: every table is reserved for another participant"},
		{"fixed slot forbidden", func() *Problem {
			p := build(2, 2, 1, []int{0, 1})
			p.Participants[0].Forbidden = []int{0}
			p.Meetings[0].FixedSlot = 0
			return p
		}, 0, Reason{Code: ReasonFixedSlot, Slot: 0},
			"its fixed slot 1 is not allowed or is forbidden for A and B"},
		{"no common slot", func() *Problem {
			p := build(2, 2, 1, []int{0, 1})
			p.Participants[0].Forbidden = []int{0}
			p.Participants[1].Forbidden = []int{1}
			return p
		}, 0, Reason{Code: ReasonNoCommonSlot}, "A and B share no free slot in the allowed sessions"},
		{"precedence cycle", func() *Problem {
			p := build(4, 3, 1, []int{0, 1}, []int{2, 3})
			p.Meetings[0].After = []int{1}
			p.Meetings[1].After = []int{0}
			return p
		}, 0, Reason{Code: ReasonPrecedenceCycle, Meeting: 1}, "precedence cycle with meeting 2"},
		{"no slot left", func() *Problem {
			p := build(3, 1, 1, []int{0, 1}, []int{0, 2})
			p.Meetings[0].Weight = 3
			return p
		}, 1, Reason{Code: ReasonNoSlotLeft, Slots: 1, Busy: []int{1, 0}},
			"A and C have no slot left: of the 1 slot(s) they can all attend A is in other meetings in 1"},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p()
			res, _ := solveChecked(t, p)
			a := res.Plan.Assign[tc.m]
			if a.Slot != -1 || a.Reason != tc.text {
				t.Errorf("got slot %d reason %q, want unplaced with %q", a.Slot, a.Reason, tc.text)
			}
			if a.Cause.Code != tc.want.Code || a.Cause.Table != tc.want.Table || a.Cause.Participant != tc.want.Participant ||
				a.Cause.Slot != tc.want.Slot || a.Cause.Meeting != tc.want.Meeting || a.Cause.Slots != tc.want.Slots ||
				!slices.Equal(a.Cause.Busy, tc.want.Busy) || a.Cause.Full != tc.want.Full || a.Cause.Order != tc.want.Order {
				t.Errorf("got cause %+v, want %+v", a.Cause, tc.want)
			}
			if got := a.Cause.Text(p, tc.m); got != a.Reason {
				t.Errorf("the cause says %q, the reason %q", got, a.Reason)
			}
			b, err := json.Marshal(res.Plan)
			if err != nil {
				t.Fatal(err)
			}
			var back Plan
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if got := back.Assign[tc.m].Cause.Text(p, tc.m); got != a.Reason {
				t.Errorf("after JSON the cause says %q, want %q", got, a.Reason)
			}
			seen[a.Cause.Code] = true
		})
	}
	for _, c := range ReasonCodes {
		if !seen[c] {
			t.Errorf("reason code %s has no case here", c)
		}
	}
	if (Reason{Code: "unknown"}).Text(build(2, 1, 1, []int{0, 1}), 0) != "" {
		t.Error("an unknown code has words")
	}
}
