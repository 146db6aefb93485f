package mission

import (
	"strings"
	"time"
)

// Programme item kinds.
const (
	ItemB2BSession   = "b2b_session"
	ItemCompanyVisit = "company_visit"
	ItemSiteVisit    = "site_visit"
	ItemPresentation = "presentation"
	ItemShowcase     = "showcase"
	ItemExhibition   = "exhibition"
	ItemConference   = "conference"
	ItemNetworking   = "networking"
	ItemTravel       = "travel"
)

// ItemKinds lists the valid ProgrammeItem.Kind values.
var ItemKinds = []string{ItemB2BSession, ItemCompanyVisit, ItemSiteVisit, ItemPresentation, ItemShowcase, ItemExhibition, ItemConference, ItemNetworking, ItemTravel}

// ProgrammeItem is one entry of a mission's programme. A b2b_session holds
// meeting slots and tables.
type ProgrammeItem struct {
	ID          int64
	MissionID   int64
	Kind        string
	Title       string
	Description string
	Venue       string
	Address     string
	StartsAt    time.Time
	EndsAt      time.Time
	// Capacity is the most people who can attend; 0 means no limit.
	Capacity       int
	SignupRequired bool
	// SlotMinutes and Tables configure a b2b_session (0 otherwise).
	SlotMinutes int
	Tables      int
	CreatedAt   time.Time
}

// Validate checks a programme item's fields.
func (it *ProgrammeItem) Validate() error {
	it.Title = strings.TrimSpace(it.Title)
	switch {
	case it.Title == "":
		return FieldError("title", "Title is required.")
	case len(it.Title) > 200:
		return FieldError("title", "Title must be at most 200 characters.")
	case len(it.Description) > 5000:
		return FieldError("description", "Description must be at most 5,000 characters.")
	case !contains(ItemKinds, it.Kind):
		return FieldError("kind", "Kind must be one of %s.", strings.Join(ItemKinds, ", "))
	case it.StartsAt.IsZero():
		return FieldError("starts_at", "Start time is required.")
	case !it.EndsAt.After(it.StartsAt):
		return FieldError("ends_at", "The item must end after it starts.")
	case it.Capacity < 0:
		return FieldError("capacity", "Capacity must not be negative.")
	case it.SlotMinutes < 0 || it.Tables < 0:
		return FieldError("slot_minutes", "Slot length and tables must not be negative.")
	case it.Kind == ItemB2BSession && it.SlotMinutes == 0:
		return FieldError("slot_minutes", "A B2B session needs a slot length.")
	}
	return nil
}

// ProgrammeItemUpdate changes the non-nil fields of a programme item.
type ProgrammeItemUpdate struct {
	Title          *string
	Description    *string
	Venue          *string
	Address        *string
	StartsAt       *time.Time
	EndsAt         *time.Time
	Capacity       *int
	SignupRequired *bool
}

// Apply changes it by the non-nil fields of u (the caller validates after).
func (u ProgrammeItemUpdate) Apply(it *ProgrammeItem) {
	if u.Title != nil {
		it.Title = *u.Title
	}
	if u.Description != nil {
		it.Description = *u.Description
	}
	if u.Venue != nil {
		it.Venue = *u.Venue
	}
	if u.Address != nil {
		it.Address = *u.Address
	}
	if u.StartsAt != nil {
		it.StartsAt = *u.StartsAt
	}
	if u.EndsAt != nil {
		it.EndsAt = *u.EndsAt
	}
	if u.Capacity != nil {
		it.Capacity = *u.Capacity
	}
	if u.SignupRequired != nil {
		it.SignupRequired = *u.SignupRequired
	}
}
