package mission

import (
	"strings"
	"time"
)

// Mission statuses, in lifecycle order.
const (
	StatusDraft     = "draft"
	StatusCallOpen  = "call_open"
	StatusSelection = "selection"
	StatusConfirmed = "confirmed"
	StatusRunning   = "running"
	StatusClosed    = "closed"
	StatusReported  = "reported"
)

// MissionStatuses lists the statuses in lifecycle order.
var MissionStatuses = []string{StatusDraft, StatusCallOpen, StatusSelection, StatusConfirmed, StatusRunning, StatusClosed, StatusReported}

// Mission kinds.
const (
	MissionDelegation = "delegation" // a group delegation, like the seed's
	MissionExchange   = "exchange"   // an individual exchange offered by one host
	MissionStudyVisit = "study_visit"
)

// MissionKinds lists the valid Mission.Kind values.
var MissionKinds = []string{MissionDelegation, MissionExchange, MissionStudyVisit}

// Mission is a trip by a group (or, for an exchange, one or a few visitors)
// to a host region.
type Mission struct {
	ID           int64
	ConsortiumID int64
	Title        string
	Kind         string
	Status       string
	// Published missions have a public page and public API entries;
	// unpublished ones are seen only by their organisers and hosts.
	Published bool
	Summary   string
	// HostOrganisationID is the host cluster (or host organisation).
	HostOrganisationID int64
	HostCity           string
	HostCountry        string // ISO 3166-1 alpha-2
	RegionID           int64  // the host region's profile, 0 when none
	Venue              string
	TimeZone           string // IANA name, e.g. "Europe/Madrid"
	// StartsOn and EndsOn are the first and last working days; ArrivalOn
	// and DepartureOn the travel days (dates, midnight UTC).
	StartsOn    time.Time
	EndsOn      time.Time
	ArrivalOn   time.Time
	DepartureOn time.Time
	// Themes are ecosystem slugs; Keywords free words.
	Themes   []string
	Keywords []string
	Capacity int // 0: no limit
	// CallOpensOn and CallClosesOn bound the call for participants; zero
	// when no call is planned.
	CallOpensOn  time.Time
	CallClosesOn time.Time
	Quotas       []Quota
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Quota is the number of places a consortium partner may fill on a mission.
type Quota struct {
	PartnerID int64
	Places    int
}

// Validate checks a mission's fields.
func (m *Mission) Validate() error {
	m.Title = strings.TrimSpace(m.Title)
	m.HostCity = strings.TrimSpace(m.HostCity)
	m.HostCountry = strings.ToUpper(strings.TrimSpace(m.HostCountry))
	if m.Kind == "" {
		m.Kind = MissionDelegation
	}
	if m.Status == "" {
		m.Status = StatusDraft
	}
	if m.TimeZone == "" {
		m.TimeZone = "UTC"
	}
	switch {
	case m.Title == "":
		return FieldError("title", "Title is required.")
	case len(m.Title) > 200:
		return FieldError("title", "Title must be at most 200 characters.")
	case len(m.Summary) > 5000:
		return FieldError("summary", "Summary must be at most 5,000 characters.")
	case !contains(MissionKinds, m.Kind):
		return FieldError("kind", "Kind must be one of %s.", strings.Join(MissionKinds, ", "))
	case !contains(MissionStatuses, m.Status):
		return FieldError("status", "Status must be one of %s.", strings.Join(MissionStatuses, ", "))
	case m.HostCity == "":
		return FieldError("host_city", "Host city is required.")
	case !validCountry(m.HostCountry):
		return FieldError("host_country", "Host country must be a two-letter ISO 3166-1 code such as ES.")
	case m.StartsOn.IsZero():
		return FieldError("starts_on", "Start date is required.")
	case m.EndsOn.IsZero():
		return FieldError("ends_on", "End date is required.")
	case m.EndsOn.Before(m.StartsOn):
		return FieldError("ends_on", "The mission must end on or after its start date.")
	case !m.ArrivalOn.IsZero() && m.ArrivalOn.After(m.StartsOn):
		return FieldError("arrival_on", "Arrival must be on or before the start date.")
	case !m.DepartureOn.IsZero() && m.DepartureOn.Before(m.EndsOn):
		return FieldError("departure_on", "Departure must be on or after the end date.")
	case !m.CallClosesOn.IsZero() && m.CallClosesOn.Before(m.CallOpensOn):
		return FieldError("call_closes_on", "The call must close on or after it opens.")
	case m.Capacity < 0:
		return FieldError("capacity", "Capacity must not be negative.")
	}
	if _, err := time.LoadLocation(m.TimeZone); err != nil {
		return FieldError("time_zone", "%q is not a known time zone.", m.TimeZone)
	}
	for _, q := range m.Quotas {
		if q.Places < 0 {
			return FieldError("quotas", "A quota must not be negative.")
		}
	}
	return nil
}

// Location returns the mission's time zone (UTC when unknown).
func (m *Mission) Location() *time.Location {
	loc, err := time.LoadLocation(m.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// MissionFilter selects missions; zero fields do not filter.
type MissionFilter struct {
	ConsortiumID int64
	Status       string
	// Published, when set, selects published (true) or unpublished missions.
	Published *bool
	Limit     int
	After     int64 // keyset cursor: missions with ids greater than After
}

// MissionUpdate changes the non-nil fields of a mission.
type MissionUpdate struct {
	Title        *string
	Summary      *string
	Status       *string
	Published    *bool
	Venue        *string
	StartsOn     *time.Time
	EndsOn       *time.Time
	Capacity     *int
	CallOpensOn  *time.Time
	CallClosesOn *time.Time
	Themes       *[]string
	Keywords     *[]string
}

// Apply changes m by the non-nil fields of u (the caller validates after).
func (u MissionUpdate) Apply(m *Mission) {
	if u.Title != nil {
		m.Title = *u.Title
	}
	if u.Summary != nil {
		m.Summary = *u.Summary
	}
	if u.Status != nil {
		m.Status = *u.Status
	}
	if u.Published != nil {
		m.Published = *u.Published
	}
	if u.Venue != nil {
		m.Venue = *u.Venue
	}
	if u.StartsOn != nil {
		m.StartsOn = *u.StartsOn
	}
	if u.EndsOn != nil {
		m.EndsOn = *u.EndsOn
	}
	if u.Capacity != nil {
		m.Capacity = *u.Capacity
	}
	if u.CallOpensOn != nil {
		m.CallOpensOn = *u.CallOpensOn
	}
	if u.CallClosesOn != nil {
		m.CallClosesOn = *u.CallClosesOn
	}
	if u.Themes != nil {
		m.Themes = *u.Themes
	}
	if u.Keywords != nil {
		m.Keywords = *u.Keywords
	}
}

// Mission member roles: a person's role in one mission.
const (
	RoleOrganiser   = "organiser"
	RoleHost        = "host"
	RoleParticipant = "participant"
	RoleLocal       = "local" // a local company of the host region
	RoleViewer      = "viewer"
)

// MemberRoles lists the valid MissionMember.Role values.
var MemberRoles = []string{RoleOrganiser, RoleHost, RoleParticipant, RoleLocal, RoleViewer}

// MissionMember gives a person a role in a mission. Participants become
// members when their application is confirmed; local companies' people,
// hosts and organisers are added directly.
type MissionMember struct {
	MissionID int64
	PersonID  int64
	Role      string
	CreatedAt time.Time
	// Person is filled in by reads that join it (with its Organisation).
	Person *Person
}

// MissionOrganisation is an organisation taking part in a mission, with its
// role there (host, organiser, participant, local) and how many of its people
// take part.
type MissionOrganisation struct {
	Organisation *Organisation
	Role         string
	People       int
}

// MissionCounts are a mission's headline figures for dashboards: the
// organisations taking part (host included), the members who are
// participants and local companies' people, the programme items, and the
// applications in any status.
type MissionCounts struct {
	Organisations  int
	Participants   int
	Locals         int
	ProgrammeItems int
	Applications   int
}
