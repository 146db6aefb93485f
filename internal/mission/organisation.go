package mission

import (
	"strings"
	"time"
)

// Organisation kinds.
const (
	KindCluster      = "cluster"
	KindSME          = "sme"
	KindLargeCompany = "large_company"
	KindSupportOrg   = "support_org" // tech centre, hub, incubator, university
	KindPublicBody   = "public_body"
)

// OrganisationKinds lists the valid Organisation.Kind values.
var OrganisationKinds = []string{KindCluster, KindSME, KindLargeCompany, KindSupportOrg, KindPublicBody}

// Ecosystems lists the ecosystem and theme slugs Caravan knows, with their
// English labels; organisations, missions and marketplace items use the slugs.
var Ecosystems = []struct{ Slug, Label string }{
	{"advanced-manufacturing", "Advanced manufacturing"},
	{"cybersecurity", "Cybersecurity"},
	{"digitalisation", "Digitalisation"},
	{"ai-data", "AI and data"},
	{"robotics", "Robotics"},
	{"additive-manufacturing", "Additive manufacturing"},
	{"microelectronics", "Microelectronics"},
	{"energy", "Energy"},
	{"mobility", "Mobility and automotive"},
	{"aerospace", "Aerospace"},
	{"health", "Health and medical devices"},
	{"smart-cities", "Smart cities"},
	{"advanced-materials", "Advanced materials"},
	{"agri-food", "Agri-food"},
	{"creative-industries", "Creative industries"},
}

// EcosystemLabel returns the label of an ecosystem slug, or the slug itself.
func EcosystemLabel(slug string) string {
	for _, e := range Ecosystems {
		if e.Slug == slug {
			return e.Label
		}
	}
	return slug
}

// Organisation is a cluster, company, support organisation or public body.
type Organisation struct {
	ID      int64
	Name    string
	Kind    string
	Country string // ISO 3166-1 alpha-2, upper case
	Region  string // NUTS 2 code where known, e.g. "ES21"
	City    string
	Lat     float64
	Lon     float64
	// Ecosystems are slugs from Ecosystems.
	Ecosystems []string
	// ClusterIDs are the cluster organisations this organisation is a member of.
	ClusterIDs  []int64
	Staff       int // head count, for the SME test
	Website     string
	Description string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Validate checks the fields a user enters.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
	switch {
	case o.Name == "":
		return FieldError("name", "Name is required.")
	case len(o.Name) > 200:
		return FieldError("name", "Name must be at most 200 characters.")
	case !contains(OrganisationKinds, o.Kind):
		return FieldError("kind", "Kind must be one of %s.", strings.Join(OrganisationKinds, ", "))
	case !validCountry(o.Country):
		return FieldError("country", "Country must be a two-letter ISO 3166-1 code such as ES.")
	case o.Lat < -90 || o.Lat > 90 || o.Lon < -180 || o.Lon > 180:
		return FieldError("city", "Coordinates are out of range.")
	case o.Staff < 0:
		return FieldError("staff", "Staff must not be negative.")
	}
	return nil
}

// IsSME reports whether the organisation counts as an SME: of kind sme and,
// where the head count is known, fewer than 250 staff (the EU definition's
// head-count part).
func (o *Organisation) IsSME() bool {
	return o.Kind == KindSME && o.Staff < 250
}

// OrganisationFilter selects organisations; zero fields do not filter.
type OrganisationFilter struct {
	Kind      string
	Country   string
	Ecosystem string
	Query     string // case-insensitive substring of the name or city
	Limit     int
	After     int64 // keyset cursor: return ids greater than After
}

// OrganisationUpdate changes the non-nil fields of an organisation.
type OrganisationUpdate struct {
	Name        *string
	Kind        *string
	City        *string
	Staff       *int
	Website     *string
	Description *string
	Ecosystems  *[]string
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func validCountry(c string) bool {
	if len(c) != 2 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// Apply changes o by the non-nil fields of u (the caller validates after).
func (u OrganisationUpdate) Apply(o *Organisation) {
	if u.Name != nil {
		o.Name = *u.Name
	}
	if u.Kind != nil {
		o.Kind = *u.Kind
	}
	if u.City != nil {
		o.City = *u.City
	}
	if u.Staff != nil {
		o.Staff = *u.Staff
	}
	if u.Website != nil {
		o.Website = *u.Website
	}
	if u.Description != nil {
		o.Description = *u.Description
	}
	if u.Ecosystems != nil {
		o.Ecosystems = *u.Ecosystems
	}
}
