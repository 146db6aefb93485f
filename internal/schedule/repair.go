package schedule

import (
	"context"
	"slices"
	"time"
)

// Repair re-plans a published schedule after late changes. p is the changed
// problem: cancelled meetings are absent, new ones present, a participant
// leaving early has new Forbidden slots, a lost table is absent.
// published[m] is meeting m's previously published assignment in p's
// indexing, with Slot -1 for a new meeting (a Slot or Table outside p means
// it no longer exists).
//
// The objective is lexicographic: first, never leave out a published
// meeting that can still be placed; then move as few published meetings as
// possible (a change of slot or table counts as a move, reported in
// Result.Moved); then schedule the most weight of new meetings; then the
// fewest breaks under the fairness bound. Every published meeting that is
// still valid where it is starts there and stays unless moving it is the
// only way to place another published meeting. A published meeting whose
// table is gone counts as moved even when it keeps its slot; one that can
// no longer be placed at all is left out with a Reason and not counted in
// Moved.
//
// Repair honours ctx, opt.TimeLimit, opt.MaxWork and opt.Seed like Solve.
// It returns an error for an ill-formed problem or when len(published)
// differs from the number of meetings.
func Repair(ctx context.Context, p *Problem, published []Assignment, opt Options) (*Result, error) {
	start := time.Now()
	md, err := compile(p)
	if err != nil {
		return nil, err
	}
	if len(published) != md.nM {
		return nil, invalid("repair got %d published assignments for %d meetings", len(published), md.nM)
	}
	r := newRun(ctx, md, opt, start)
	// pubSlot[m]: -1 for a new meeting; the anchor: the published slot
	// when the published slot and table still exist (else -2: the meeting
	// moves wherever it goes).
	r.pubSlot = make([]int32, md.nM)
	start0 := make([]int32, md.nM)
	r.prefer = make([]int, md.nM)
	for m, a := range published {
		r.prefer[m] = -1
		start0[m] = -1
		switch {
		case a.Slot == -1:
			r.pubSlot[m] = -1
		case a.Slot < 0 || a.Slot >= md.nT:
			r.pubSlot[m] = -2
		default:
			start0[m] = int32(a.Slot)
			r.pubSlot[m] = -2
			if a.Table >= 0 && a.Table < len(p.Tables) && md.tableFits(m, a.Table) && md.tableOpen(a.Table, a.Slot) {
				r.prefer[m] = a.Table
				r.pubSlot[m] = int32(a.Slot)
			}
		}
	}
	// Start from the published plan: keep every meeting that still fits
	// where it was, those that keep their table first.
	st := r.newState()
	order := make([]int, 0, md.nM)
	for m := range md.nM {
		if start0[m] >= 0 && md.static[m] == "" {
			order = append(order, m)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		ka, kb := r.prefer[a] >= 0, r.prefer[b] >= 0
		if ka != kb {
			if ka {
				return -1
			}
			return 1
		}
		return 0
	})
	for _, m := range order {
		if s := int(start0[m]); st.canPlace(m, s) {
			st.place(m, s)
		}
	}
	lb := md.staticBound()
	r.setBound(lb)
	ph := phaseLimits{stagnation: int64(max(200_000, 100*md.nM))}
	o := r.search(slices.Clone(st.slot), lb, ph)
	res, err := r.result(o)
	if err != nil {
		return nil, err
	}
	for m, a := range res.Plan.Assign {
		if r.pubSlot[m] != -1 && a.Slot >= 0 && (a.Slot != published[m].Slot || a.Table != published[m].Table) {
			res.Moved++
		}
	}
	return res, nil
}
