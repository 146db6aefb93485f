package mission

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Logistics is what an accepted participant confirms about the stay in one
// mission: travel, hotel, needs and whom to call in an emergency, and the
// details of a visa invitation letter when one is requested. Dietary,
// Accessibility, the emergency contact and the passport details are
// sensitive: only the person and the mission's organisers read them.
type Logistics struct {
	MissionID   int64
	PersonID    int64
	ArrivalAt   time.Time // zero when not known yet
	DepartureAt time.Time
	Hotel       string
	// Dietary and Accessibility are needs in the participant's words.
	Dietary               string
	Accessibility         string
	EmergencyContactName  string
	EmergencyContactPhone string
	// LetterRequested asks for a visa invitation letter, written for
	// PassportName (the name as the passport spells it) of Nationality (an
	// ISO 3166-1 alpha-2 code).
	LetterRequested bool
	PassportName    string
	Nationality     string
	UpdatedAt       time.Time
	// Person is filled in by reads that join it (with its Organisation).
	Person *Person
}

// Validate checks the logistics' fields.
func (l *Logistics) Validate() error {
	for _, f := range []*string{&l.Hotel, &l.Dietary, &l.Accessibility, &l.EmergencyContactName, &l.EmergencyContactPhone, &l.PassportName} {
		*f = strings.TrimSpace(*f)
	}
	l.Nationality = strings.ToUpper(strings.TrimSpace(l.Nationality))
	switch {
	case l.MissionID == 0:
		return FieldError("mission_id", "Mission is required.")
	case l.PersonID == 0:
		return FieldError("person_id", "Person is required.")
	case !l.ArrivalAt.IsZero() && !l.DepartureAt.IsZero() && !l.DepartureAt.After(l.ArrivalAt):
		return FieldError("departure_at", "Departure must be after arrival.")
	case utf8.RuneCountInString(l.Hotel) > 300:
		return FieldError("hotel", "Hotel must be at most 300 characters.")
	case utf8.RuneCountInString(l.Dietary) > 1000:
		return FieldError("dietary", "Dietary needs must be at most 1,000 characters.")
	case utf8.RuneCountInString(l.Accessibility) > 1000:
		return FieldError("accessibility", "Accessibility needs must be at most 1,000 characters.")
	case utf8.RuneCountInString(l.EmergencyContactName) > 200:
		return FieldError("emergency_contact_name", "Emergency contact must be at most 200 characters.")
	case utf8.RuneCountInString(l.EmergencyContactPhone) > 50:
		return FieldError("emergency_contact_phone", "Emergency phone must be at most 50 characters.")
	case utf8.RuneCountInString(l.PassportName) > 200:
		return FieldError("passport_name", "Passport name must be at most 200 characters.")
	case l.Nationality != "" && !validCountry(l.Nationality):
		return FieldError("nationality", "Nationality must be a two-letter ISO 3166-1 code such as UA.")
	case l.LetterRequested && l.PassportName == "":
		return FieldError("passport_name", "An invitation letter needs the name as the passport spells it.")
	case l.LetterRequested && l.Nationality == "":
		return FieldError("nationality", "An invitation letter needs the nationality.")
	}
	return nil
}

// Announcement is a message from an organiser to a mission's members: it is
// e-mailed to each of them and listed on the mission's page.
type Announcement struct {
	ID        int64
	MissionID int64
	// AuthorPersonID is who wrote it; AuthorName is filled in by reads.
	AuthorPersonID int64
	AuthorName     string
	Subject        string
	Body           string
	// Recipients is how many members it was e-mailed to.
	Recipients int
	CreatedAt  time.Time
}

// Validate checks an announcement's fields.
func (a *Announcement) Validate() error {
	a.Subject = strings.TrimSpace(a.Subject)
	a.Body = strings.TrimSpace(a.Body)
	switch {
	case a.MissionID == 0:
		return FieldError("mission_id", "Mission is required.")
	case a.Subject == "":
		return FieldError("subject", "Subject is required.")
	case utf8.RuneCountInString(a.Subject) > 200 || strings.ContainsAny(a.Subject, "\r\n"):
		return FieldError("subject", "Subject must be one line of at most 200 characters.")
	case a.Body == "":
		return FieldError("body", "Message is required.")
	case utf8.RuneCountInString(a.Body) > 10000:
		return FieldError("body", "Message must be at most 10,000 characters.")
	}
	return nil
}
