package mission

import (
	"slices"
	"strings"
	"time"
)

// Meeting outcome kinds, from least to most: nothing came of it, a
// follow-up is planned, an offer was made, a partnership was agreed, a
// contract was signed.
const (
	OutcomeNone        = "none"
	OutcomeFollowUp    = "follow_up"
	OutcomeOffer       = "offer"
	OutcomePartnership = "partnership"
	OutcomeContract    = "contract"
)

// OutcomeKinds lists the outcome kinds in ascending order of what came of
// a meeting.
var OutcomeKinds = []string{OutcomeNone, OutcomeFollowUp, OutcomeOffer, OutcomePartnership, OutcomeContract}

// MaxOutcomeNote is the longest note on a meeting outcome, in characters.
const MaxOutcomeNote = 2000

// MeetingOutcome is what one person of a meeting records after it: whether
// it took place and what came of it. Each person of a meeting keeps one,
// and may change it.
type MeetingOutcome struct {
	MeetingID int64
	PersonID  int64
	Held      bool
	Outcome   string
	Note      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate checks an outcome's fields: a known kind, none when the meeting
// did not take place, and a note of at most MaxOutcomeNote characters.
func (o *MeetingOutcome) Validate() error {
	o.Note = strings.TrimSpace(o.Note)
	switch {
	case o.MeetingID == 0 || o.PersonID == 0:
		return FieldError("meeting_id", "Meeting and person are required.")
	case !slices.Contains(OutcomeKinds, o.Outcome):
		return FieldError("outcome", "Outcome must be one of %s.", strings.Join(OutcomeKinds, ", "))
	case !o.Held && o.Outcome != OutcomeNone:
		return FieldError("outcome", "A meeting that did not take place has no outcome.")
	case len([]rune(o.Note)) > MaxOutcomeNote:
		return FieldError("note", "Note must be at most 2,000 characters.")
	}
	return nil
}

// OutcomeRank returns the position of an outcome kind in OutcomeKinds (0
// for none or an unknown kind).
func OutcomeRank(kind string) int {
	return max(0, slices.Index(OutcomeKinds, kind))
}
