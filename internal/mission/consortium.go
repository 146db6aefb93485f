package mission

import (
	"strings"
	"time"
)

// Consortium is a group of partner cluster organisations running a funded
// programme of exchanges over a period, such as EXCITE.
type Consortium struct {
	ID      int64
	Name    string
	Acronym string
	// StartsOn and EndsOn are the programme period (dates, midnight UTC).
	StartsOn time.Time
	EndsOn   time.Time
	// TargetParticipants is the KPI target of participants in exchanges.
	TargetParticipants int
	Description        string
	Partners           []Partner
	CreatedAt          time.Time
}

// Partner roles in a consortium.
const (
	PartnerCoordinator = "coordinator"
	PartnerMember      = "partner"
)

// Partner is a cluster organisation that belongs to a consortium, with its
// share of the travel-support budget.
type Partner struct {
	ID             int64
	ConsortiumID   int64
	OrganisationID int64
	Role           string
	// TravelBudgetCents is the partner's travel-support budget in euro cents.
	TravelBudgetCents int64
	// Organisation is filled in by reads that join it.
	Organisation *Organisation
}

// Validate checks a consortium's fields.
func (c *Consortium) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	switch {
	case c.Name == "":
		return FieldError("name", "Name is required.")
	case len(c.Name) > 200:
		return FieldError("name", "Name must be at most 200 characters.")
	case !c.EndsOn.IsZero() && c.EndsOn.Before(c.StartsOn):
		return FieldError("ends_on", "The period must end on or after its start.")
	case c.TargetParticipants < 0:
		return FieldError("target_participants", "The target must not be negative.")
	}
	return nil
}

// Region is a host region's profile with its key figures, such as the Basque
// Country's share of industry in GDP.
type Region struct {
	ID      int64
	Code    string // NUTS code, e.g. "ES21"
	Name    string
	Country string
	Summary string
	Figures []RegionFigure
}

// RegionFigure is one key figure of a region: "Industry share of GDP",
// 22.8, "%".
type RegionFigure struct {
	Label  string
	Value  float64
	Unit   string
	Source string
}
