package mission

import (
	"strings"
	"time"
)

// Meeting request priorities.
const (
	PriorityMust   = "must"
	PriorityShould = "should"
	PriorityCould  = "could"
)

// Meeting request statuses.
const (
	RequestPending   = "pending"
	RequestAccepted  = "accepted"
	RequestDeclined  = "declined"
	RequestExpired   = "expired"
	RequestCancelled = "cancelled"
)

// MeetingRequest is one participant's request to meet another.
type MeetingRequest struct {
	ID           int64
	MissionID    int64
	FromPersonID int64
	ToPersonID   int64
	Message      string
	Priority     string
	Status       string
	// Reason is the optional reason given with a decline.
	Reason     string
	CreatedAt  time.Time
	AnsweredAt time.Time
}

// Validate checks a meeting request's fields.
func (r *MeetingRequest) Validate() error {
	if r.Priority == "" {
		r.Priority = PriorityShould
	}
	if r.Status == "" {
		r.Status = RequestPending
	}
	switch {
	case r.FromPersonID == 0 || r.ToPersonID == 0:
		return FieldError("to_person_id", "Whom to meet is required.")
	case r.FromPersonID == r.ToPersonID:
		return FieldError("to_person_id", "You cannot request a meeting with yourself.")
	case r.Priority != PriorityMust && r.Priority != PriorityShould && r.Priority != PriorityCould:
		return FieldError("priority", "Priority must be must, should or could.")
	case len(strings.TrimSpace(r.Message)) > 2000:
		return FieldError("message", "Message must be at most 2,000 characters.")
	}
	return nil
}

// Meeting is an accepted request placed in a slot of a B2B session at a
// table, or online.
type Meeting struct {
	ID        int64
	MissionID int64
	RequestID int64
	// SessionItemID is the b2b_session programme item that holds the slot.
	SessionItemID int64
	StartsAt      time.Time
	EndsAt        time.Time
	Table         string // empty when online
	Online        bool
	VideoURL      string
	// PersonIDs are the people who meet (two, or more for a group).
	PersonIDs []int64
	CreatedAt time.Time
}
