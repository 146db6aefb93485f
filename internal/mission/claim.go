package mission

import "time"

// Closing report statuses: a participant writes a draft and submits it;
// the paying partner's organisers approve it (fixing the amount) or send it
// back with a reason, after which the participant edits and submits again.
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportSentBack  = "sent_back"
	ReportApproved  = "approved"
)

// Evidence kinds.
const (
	EvidenceBoardingPass = "boarding_pass"
	EvidenceInvoice      = "invoice"
	EvidenceOther        = "other"
)

// Audit actions of claims: they release money or delete personal data.
const (
	AuditReportApproved = "claim.approved"
	AuditReportSentBack = "claim.sent_back"
	AuditClaimPaid      = "claim.paid"
	AuditEvidencePurged = "evidence.purged"
)

// MaxEvidenceBytes is the largest evidence file accepted: 10 MiB.
const MaxEvidenceBytes = 10 << 20

// ClosingReport is a participant's account of an exchange after the
// mission, the claim that releases its grant's payment.
type ClosingReport struct {
	ID                   int64
	ApplicationID        int64
	Achieved             string
	MeetingsThatMattered string
	NextSteps            string
	Status               string
	Reason               string // why it was sent back, or approved for less than the grant
	// ApprovedAmountCents is fixed on approval; 0 before.
	ApprovedAmountCents int64
	SubmittedAt         time.Time
	ReviewedBy          int64 // person
	ReviewedAt          time.Time
	PaidBy              int64 // person
	PaidAt              time.Time
	CreatedAt           time.Time
	UpdatedAt           time.Time
	// Filled in by reads.
	MissionID    int64
	PersonID     int64
	PersonName   string
	ConsortiumID int64
}

// Editable reports whether the participant may still change the report.
func (r *ClosingReport) Editable() bool {
	return r.Status == ReportDraft || r.Status == ReportSentBack
}

// Evidence is one file that backs a closing report: a boarding pass, an
// invoice. ContentType is sniffed from the bytes, never taken from the
// name. DeleteAfter is when the retention period of the consortium ends.
type Evidence struct {
	ID          int64
	ReportID    int64
	Kind        string
	Filename    string
	ContentType string
	Size        int64
	SHA256      string // hex
	Content     []byte // only filled by EvidenceContent
	UploadedBy  int64  // person
	UploadedAt  time.Time
	DeleteAfter time.Time
}

// PayeeAccount is the bank account a participant's grant is paid to;
// sensitive: for the person and the paying partner's organisers only.
type PayeeAccount struct {
	PersonID      int64
	AccountHolder string
	IBAN          string
	BIC           string
	UpdatedAt     time.Time
}

// ClaimSettings are a consortium's settings for claims: how long evidence
// is kept and the account that pays grants.
type ClaimSettings struct {
	ConsortiumID  int64
	RetentionDays int
	PayerName     string
	PayerIBAN     string
	PayerBIC      string
	UpdatedAt     time.Time
}

// DefaultRetentionDays keeps evidence five years unless the consortium
// sets otherwise.
const DefaultRetentionDays = 5 * 365

// ClaimsOpenAt is when the mission's participants may file closing
// reports: the start of the day after its last working day, in the
// mission's time zone (zero when the mission has no end date).
func (m *Mission) ClaimsOpenAt() time.Time {
	if m.EndsOn.IsZero() {
		return time.Time{}
	}
	y, mo, d := m.EndsOn.Date()
	return time.Date(y, mo, d+1, 0, 0, 0, 0, m.Location())
}

// What a claim reminder asks for: the closing report (texts missing or not
// submitted) or its evidence (no file uploaded).
const (
	ReminderReport   = "report"
	ReminderEvidence = "evidence"
)
