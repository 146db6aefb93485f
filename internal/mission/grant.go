package mission

import "time"

// Grant statuses. A committed or claimed grant holds money of its partner's
// travel budget; a paid one has spent it; a cancelled one holds nothing.
const (
	GrantCommitted = "committed"
	GrantClaimed   = "claimed"
	GrantPaid      = "paid"
	GrantCancelled = "cancelled"
)

// Audit actions on grants: they move money, so each is logged with its
// amount.
const (
	AuditGrantCommitted = "grant.committed"
	AuditGrantOverride  = "grant.distance_override"
)

// MissionGrantRuleSet is the grant rule set a mission's grants follow;
// Version 0 follows the latest version.
type MissionGrantRuleSet struct {
	MissionID int64
	RuleSetID string
	Version   int
	UpdatedAt time.Time
}

// Grant is the travel support of one exchange (a confirmed application),
// paid from one partner's travel budget, with the figures it was computed
// from. Explanation is the grant engine's entitlement as JSON.
type Grant struct {
	ID             int64
	MissionID      int64
	ApplicationID  int64
	PartnerID      int64
	RuleSetID      string
	RuleSetVersion int
	AmountCents    int64
	Currency       string
	DistanceKM     int
	ComputedKM     int
	// VisitorLat … HostLon are the coordinates the distance used; nil when
	// none were known (an override, or a per-day rule set).
	VisitorLat, VisitorLon *float64
	HostLat, HostLon       *float64
	Explanation            string
	// OverrideKM is the organiser's distance when set; OverrideReason,
	// OverrideBy and OverrideAt say why, who and when.
	OverrideKM     *int
	OverrideReason string
	OverrideBy     int64
	OverrideAt     time.Time
	Status         string
	CommittedBy    int64
	CommittedAt    time.Time
	ClaimedAt      time.Time
	PaidAt         time.Time
	CancelledAt    time.Time
	UpdatedAt      time.Time
}

// GrantOverride is an organiser's distance for a grant, with the
// recomputed figures: the amount, the distance used and the explanation.
type GrantOverride struct {
	KM          int
	Reason      string
	ByPersonID  int64
	AccountID   int64
	AmountCents int64
	Explanation string
	At          time.Time
}

// BudgetLine is money of one travel budget by state, in cents: committed
// (granted, not claimed yet), claimed (claim filed, not paid yet), paid,
// and left (budget less committed, claimed and paid; may be 0, never
// negative by the store's own writes).
type BudgetLine struct {
	BudgetCents    int64
	CommittedCents int64
	ClaimedCents   int64
	PaidCents      int64
	LeftCents      int64
	Grants         int
}

// PartnerBudget is one consortium partner's travel budget and its use.
type PartnerBudget struct {
	PartnerID        int64
	OrganisationID   int64
	OrganisationName string
	BudgetLine
}

// MissionBudget is what a mission's grants hold of the consortium's
// budgets (BudgetCents and LeftCents stay 0: budgets are per partner).
type MissionBudget struct {
	MissionID    int64
	MissionTitle string
	BudgetLine
}

// Budget is a consortium's travel-support budget per partner and per
// mission, with the totals.
type Budget struct {
	ConsortiumID int64
	Partners     []PartnerBudget
	Missions     []MissionBudget
	Total        BudgetLine
}
