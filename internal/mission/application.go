package mission

import "time"

// Application statuses (DESIGN.md, "Application").
const (
	AppDraft       = "draft"
	AppSubmitted   = "submitted"
	AppEligible    = "eligible"
	AppIneligible  = "ineligible"
	AppShortlisted = "shortlisted"
	AppAccepted    = "accepted"
	AppWaitlisted  = "waitlisted"
	AppRejected    = "rejected"
	AppConfirmed   = "confirmed"
	AppWithdrawn   = "withdrawn"
)

// applicationTransitions lists, for each status, the statuses it may move
// to. Withdrawal is possible from every status that is not final.
var applicationTransitions = map[string][]string{
	AppDraft:       {AppSubmitted, AppWithdrawn},
	AppSubmitted:   {AppEligible, AppIneligible, AppWithdrawn},
	AppEligible:    {AppShortlisted, AppAccepted, AppWaitlisted, AppRejected, AppIneligible, AppWithdrawn},
	AppIneligible:  {AppEligible, AppWithdrawn},
	AppShortlisted: {AppAccepted, AppWaitlisted, AppRejected, AppWithdrawn},
	AppWaitlisted:  {AppAccepted, AppRejected, AppWithdrawn},
	AppAccepted:    {AppConfirmed, AppWithdrawn},
	AppConfirmed:   {AppWithdrawn},
	AppRejected:    {},
	AppWithdrawn:   {},
}

// CanTransition reports whether an application may move from one status to
// another.
func CanTransition(from, to string) bool {
	for _, s := range applicationTransitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// Application is a person's request to join a mission.
type Application struct {
	ID        int64
	MissionID int64
	PersonID  int64
	Status    string
	// Motivation is the applicant's free text.
	Motivation string
	Score      float64
	// Answers are the answers to the call's questions, by question key;
	// Scores the organisers' scores by criterion key (Score is their
	// weighted sum).
	Answers map[string]string
	Scores  map[string]float64
	// PartnerID is the consortium partner whose quota the application
	// counts toward, 0 when none (see docs/adr/0015-call-and-selection.md).
	PartnerID int64
	// Eligibility is the last eligibility check's outcome; its
	// RuleSetVersion is 0 while unchecked.
	Eligibility Eligibility
	SubmittedAt time.Time // zero while a draft
	CreatedAt   time.Time
	UpdatedAt   time.Time
	// Person is filled in by reads that join it.
	Person *Person
}

// ApplicationTransition records one status change: who, when and why.
type ApplicationTransition struct {
	ID            int64
	ApplicationID int64
	From          string
	To            string
	// ByPersonID is who made the change; 0 for the system.
	ByPersonID int64
	Reason     string
	At         time.Time
}

// ApplicationFilter selects applications; zero fields do not filter.
type ApplicationFilter struct {
	MissionID int64
	PersonID  int64
	Status    string
	PartnerID int64
	Limit     int
	After     int64
}

// ApplicationStatuses lists the valid Application.Status values, in
// lifecycle order.
var ApplicationStatuses = []string{AppDraft, AppSubmitted, AppEligible, AppIneligible, AppShortlisted,
	AppAccepted, AppWaitlisted, AppRejected, AppConfirmed, AppWithdrawn}
