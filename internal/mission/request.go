package mission

import (
	"sort"
	"strings"
	"time"
)

// Matchmaking holds a mission's rules for meeting requests.
type Matchmaking struct {
	MissionID int64
	// RequestDeadline is when pending requests expire, so that they do not
	// block the schedule; zero means they do not expire.
	RequestDeadline time.Time
	// MaxRequests is the most requests one person may send in the mission
	// (cancelled ones do not count); 0 means no limit.
	MaxRequests int
	UpdatedAt   time.Time
}

// Validate checks the matchmaking settings.
func (m *Matchmaking) Validate() error {
	if m.MaxRequests < 0 || m.MaxRequests > 1000 {
		return FieldError("max_requests", "The limit of requests must be between 0 (no limit) and 1,000.")
	}
	return nil
}

// AvailabilityBlock is a time a person marks as not available for B2B
// meetings in a mission.
type AvailabilityBlock struct {
	ID        int64
	MissionID int64
	PersonID  int64
	StartsAt  time.Time
	EndsAt    time.Time
	Note      string
	CreatedAt time.Time
}

// Validate checks an availability block's fields.
func (b *AvailabilityBlock) Validate() error {
	b.Note = strings.TrimSpace(b.Note)
	switch {
	case b.StartsAt.IsZero():
		return FieldError("starts_at", "Start time is required.")
	case !b.EndsAt.After(b.StartsAt):
		return FieldError("ends_at", "The block must end after it starts.")
	case len(b.Note) > 200:
		return FieldError("note", "Note must be at most 200 characters.")
	}
	return nil
}

// Interval is a span of time from Start up to End.
type Interval struct {
	Start, End time.Time
}

// Subtract returns the parts of free not covered by any of busy, in order.
// Intervals of free may be unsorted but must not overlap each other.
func Subtract(free, busy []Interval) []Interval {
	out := append([]Interval(nil), free...)
	for _, b := range busy {
		var next []Interval
		for _, f := range out {
			if !b.Start.Before(f.End) || !f.Start.Before(b.End) {
				next = append(next, f)
				continue
			}
			if f.Start.Before(b.Start) {
				next = append(next, Interval{f.Start, b.Start})
			}
			if b.End.Before(f.End) {
				next = append(next, Interval{b.End, f.End})
			}
		}
		out = next
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}
