package mission

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ExchangeOffer is what a host organisation offers a visitor in an
// individual exchange (a mission of kind exchange): the topic, what the
// visitor will learn or do, how long the stay may be and how many visitors
// it takes. The mission holds the host, the period and the lifecycle.
type ExchangeOffer struct {
	MissionID     int64
	Topic         string
	LearningGoals string
	MinDays       int
	MaxDays       int
	Places        int
	CreatedAt     time.Time
	// Mission is filled in by reads that join it.
	Mission *Mission
	// Host is the host organisation, filled in by reads that join it.
	Host *Organisation
}

// Validate checks an offer's fields.
func (o *ExchangeOffer) Validate() error {
	o.Topic = strings.TrimSpace(o.Topic)
	o.LearningGoals = strings.TrimSpace(o.LearningGoals)
	switch {
	case o.Topic == "":
		return FieldError("topic", "Topic is required.")
	case utf8.RuneCountInString(o.Topic) > 200:
		return FieldError("topic", "Topic must be at most 200 characters.")
	case utf8.RuneCountInString(o.LearningGoals) > 5000:
		return FieldError("learning_goals", "Learning goals must be at most 5,000 characters.")
	case o.MinDays < 1:
		return FieldError("min_days", "A stay lasts at least one day.")
	case o.MaxDays < o.MinDays:
		return FieldError("max_days", "The longest stay must not be shorter than the shortest.")
	case o.MaxDays > 31:
		return FieldError("max_days", "A stay lasts at most a month (31 days).")
	case o.Places < 1 || o.Places > 10:
		return FieldError("places", "An exchange takes from 1 to 10 visitors.")
	}
	return nil
}

// ExchangeOfferFilter selects published offers; zero fields do not filter.
type ExchangeOfferFilter struct {
	Query     string // words in the topic, learning goals or title
	Country   string // the host country
	Ecosystem string // a theme of the mission
	Limit     int
}

// Parties of an exchange who sign its Commitment to Quality.
const (
	PartyVisitor        = "visitor"
	PartyHost           = "host"
	PartyVisitorPartner = "visitor_partner"
	PartyHostPartner    = "host_partner"
)

// Parties lists the signing parties in the order the document shows them.
var Parties = []string{PartyVisitor, PartyHost, PartyVisitorPartner, PartyHostPartner}

// Exchange is one visitor's stay in an exchange offer: the visitor's
// application, the match that host and visitor confirm, and the Commitment
// to Quality (goals and the parties' signatures). Its ID is the
// application's.
type Exchange struct {
	ID          int64 // the application's id
	Application *Application
	// HostConfirmedAt and VisitorConfirmedAt are zero until each side
	// confirms the match; ...By are the confirming accounts.
	HostConfirmedAt    time.Time
	HostConfirmedBy    int64
	VisitorConfirmedAt time.Time
	VisitorConfirmedBy int64
	// Goals are what visitor and host agree to achieve.
	Goals      string
	Signatures []QualitySignature
}

// Matched reports whether both host and visitor confirmed the match.
func (e *Exchange) Matched() bool {
	return !e.HostConfirmedAt.IsZero() && !e.VisitorConfirmedAt.IsZero()
}

// Signature returns the signature of a party, or nil.
func (e *Exchange) Signature(party string) *QualitySignature {
	for i := range e.Signatures {
		if e.Signatures[i].Party == party {
			return &e.Signatures[i]
		}
	}
	return nil
}

// QualitySignature is one party's in-app acceptance of the Commitment to
// Quality: which account signed, under which name, and when.
type QualitySignature struct {
	Party     string
	AccountID int64
	Name      string // the signer's name when signing
	SignedAt  time.Time
}
