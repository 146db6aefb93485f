package mission

import (
	"net/mail"
	"strings"
	"time"
)

// Person is someone who belongs to one organisation and may have an account.
// Email and Phone are private: shown only to the person, organisers, and
// other participants where the mission shares them.
type Person struct {
	ID             int64
	OrganisationID int64
	Name           string
	Email          string
	Phone          string
	JobTitle       string
	// Languages are ISO 639-1 codes of the languages the person speaks.
	Languages []string
	Bio       string
	CreatedAt time.Time
	// Organisation is filled in by reads that join it.
	Organisation *Organisation
}

// Validate checks a person's fields.
func (p *Person) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	p.Email = strings.ToLower(strings.TrimSpace(p.Email))
	switch {
	case p.Name == "":
		return FieldError("name", "Name is required.")
	case len(p.Name) > 200:
		return FieldError("name", "Name must be at most 200 characters.")
	case p.OrganisationID == 0:
		return FieldError("organisation_id", "Organisation is required.")
	case p.Email != "" && !validEmail(p.Email):
		return FieldError("email", "%q is not a valid e-mail address.", p.Email)
	}
	return nil
}

// PersonFilter selects persons; zero fields do not filter.
type PersonFilter struct {
	OrganisationID int64
	Email          string
	Query          string
	Limit          int
	After          int64
}

func validEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}
