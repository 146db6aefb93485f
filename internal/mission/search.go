package mission

// What a search hit is.
const (
	HitOrganisation = "organisation"
	HitPerson       = "person"
	HitItem         = "item" // a marketplace item
)

// Which side of a mission a search keeps.
const (
	SideVisitor = "visitor" // the mission's participants
	SideLocal   = "local"   // the mission's local companies
)

// SearchQuery is a full-text search with its filters. Text is split into
// words; every word must match the start of a word of a hit, case and
// diacritics aside. Country, Kind and Ecosystem filter by the organisation
// (of a person or item, its own). MissionID keeps the people who are
// participants or locals of that mission, their organisations and their
// organisations' items; Side narrows that to visitors or locals, of that
// mission or, without MissionID, of any mission.
type SearchQuery struct {
	Text      string
	Country   string
	Kind      string
	Ecosystem string
	MissionID int64
	Side      string // "", SideVisitor or SideLocal
	Limit     int    // at most this many hits; 0 means 50
}

// SearchHit is one result of a search: an organisation, a person's public
// profile or a marketplace item. Rank is higher for a better hit.
type SearchHit struct {
	Kind    string // HitOrganisation, HitPerson or HitItem
	ID      int64
	Title   string
	Snippet string
	Rank    float64
	// OrganisationID is the organisation itself, the person's or the item's.
	OrganisationID int64
}
