package schedule

import "fmt"

// Changes edits a problem whose plan is already published: meetings
// cancelled and meetings added.
type Changes struct {
	// Cancel lists meetings (indexes into the problem) that no longer
	// take place.
	Cancel []int
	// Add lists new meetings; their After may name only meetings of the
	// old problem (indexes into it) or other added meetings (len(old
	// meetings) + k for Add[k]).
	Add []Meeting
}

// ApplyChanges returns a copy of p without the cancelled meetings and with
// the added ones at the end, and for each meeting of the new problem its
// index in p (-1 for added meetings). Precedences on a cancelled meeting
// are dropped. p is not changed.
func ApplyChanges(p *Problem, c Changes) (*Problem, []int, error) {
	nM := len(p.Meetings)
	cancelled := make([]bool, nM)
	for _, m := range c.Cancel {
		if m < 0 || m >= nM {
			return nil, nil, fmt.Errorf("cancel meeting %d: out of range 1..%d", m+1, nM)
		}
		cancelled[m] = true
	}
	newIdx := make([]int, nM+len(c.Add)) // old (or nM+k) → new index, -1 if gone
	var from []int
	for m := range p.Meetings {
		newIdx[m] = -1
		if !cancelled[m] {
			newIdx[m] = len(from)
			from = append(from, m)
		}
	}
	for k := range c.Add {
		newIdx[nM+k] = len(from) + k
	}
	q := *p
	q.Meetings = make([]Meeting, 0, len(from)+len(c.Add))
	remap := func(after []int) ([]int, error) {
		var out []int
		for _, j := range after {
			if j < 0 || j >= len(newIdx) {
				return nil, fmt.Errorf("after meeting %d: out of range", j+1)
			}
			if newIdx[j] >= 0 {
				out = append(out, newIdx[j])
			}
		}
		return out, nil
	}
	for _, m := range from {
		mt := p.Meetings[m]
		after, err := remap(mt.After)
		if err != nil {
			return nil, nil, fmt.Errorf("meeting %d: %w", m+1, err)
		}
		mt.After = after
		q.Meetings = append(q.Meetings, mt)
	}
	for k, mt := range c.Add {
		if len(mt.Participants) < 2 {
			return nil, nil, fmt.Errorf("added meeting %d: %d participants, want two or more", k+1, len(mt.Participants))
		}
		for _, i := range mt.Participants {
			if i < 0 || i >= len(p.Participants) {
				return nil, nil, fmt.Errorf("added meeting %d: participant %d out of range", k+1, i+1)
			}
		}
		after, err := remap(mt.After)
		if err != nil {
			return nil, nil, fmt.Errorf("added meeting %d: %w", k+1, err)
		}
		mt.After = after
		if mt.Weight < 1 {
			mt.Weight = 1
		}
		q.Meetings = append(q.Meetings, mt)
		from = append(from, -1)
	}
	return &q, from, nil
}
