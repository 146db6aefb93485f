package mission

// Import outcomes of one row, as a preview or an import reports them.
const (
	ImportNew       = "new"       // the row creates a person (or an organisation)
	ImportUpdated   = "updated"   // the row changes what exists: fields, organisation, membership
	ImportUnchanged = "unchanged" // everything the row says is already stored
	ImportError     = "error"     // the row is not imported
)

// ImportRow is one good row of an imported file: an organisation, matched
// by name and country, and optionally a person, matched by e-mail address,
// who becomes a member of the mission with Role (participant or local).
// Empty fields never clear what is stored: an empty Kind keeps a stored
// organisation's kind and makes a new one an SME.
type ImportRow struct {
	Line         int // the row's line in the file (CSV) or row number (XLSX)
	Organisation Organisation
	Person       *Person // nil when the row names an organisation only
	Role         string
}

// ImportResult is what an import does, or would do, with one row.
type ImportResult struct {
	Line           int
	Outcome        string // ImportNew, ImportUpdated or ImportUnchanged
	OrganisationID int64
	PersonID       int64
}
