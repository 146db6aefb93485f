package mission

import "time"

// Sign-up statuses.
const (
	SignupConfirmed  = "confirmed"
	SignupWaitlisted = "waitlisted"
	SignupCancelled  = "cancelled"
)

// SignupStatuses lists the valid Signup.Status values.
var SignupStatuses = []string{SignupConfirmed, SignupWaitlisted, SignupCancelled}

// Signup is a person's place on a programme item that takes sign-ups
// (SignupRequired): confirmed while the item has room (Capacity 0 means no
// limit), waitlisted after, first come first served. Cancelling a confirmed
// sign-up promotes the first of the waitlist.
type Signup struct {
	ID       int64
	ItemID   int64
	PersonID int64
	Status   string
	// Position orders the item's sign-ups: the waitlist is promoted from
	// the lowest position.
	Position int
	// PlacedBy is the organiser who placed the person by hand (0 when the
	// person signed up).
	PlacedBy  int64
	CreatedAt time.Time
	UpdatedAt time.Time

	// PersonName is the person's name, filled by lists of an item's sign-ups.
	PersonName string
}

// EveryoneAttends reports whether the item keeps all of its mission's
// members busy, so that a sign-up to an overlapping item is refused: items
// that take no sign-ups, except exhibitions and B2B sessions, which people
// come and go from (their meetings are placed around the programme).
func (it *ProgrammeItem) EveryoneAttends() bool {
	return !it.SignupRequired && it.Kind != ItemExhibition && it.Kind != ItemB2BSession
}

// Overlaps reports whether two items share some time (touching ends do not).
func (it *ProgrammeItem) Overlaps(other *ProgrammeItem) bool {
	return it.StartsAt.Before(other.EndsAt) && other.StartsAt.Before(it.EndsAt)
}

// SignupOverlapError is the ECONFLICT of a sign-up to Item that overlaps
// Other, an item the person is signed up to or that everyone attends.
type SignupOverlapError struct {
	Item, Other *ProgrammeItem
}

func (e *SignupOverlapError) Error() string { return e.Unwrap().Error() }

// Unwrap returns the ECONFLICT *Error, so ErrorCode reads the code.
func (e *SignupOverlapError) Unwrap() error {
	return Errorf(ECONFLICT, "%s overlaps %s, which you are signed up to or everyone attends.", e.Item.Title, e.Other.Title)
}
