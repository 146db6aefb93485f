package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"caravan/internal/mission"
)

// Closing reports, their evidence, payees' bank accounts and consortia's
// claim settings (migration 0011).

const reportColumns = `r.id, r.application_id, r.achieved, r.meetings_that_mattered, r.next_steps, r.status, r.reason,
	r.approved_amount_cents, r.submitted_at, r.reviewed_by, r.reviewed_at, r.paid_by, r.paid_at, r.created_at, r.updated_at,
	a.mission_id, a.person_id, p.name, COALESCE(m.consortium_id, 0)`

const reportFrom = ` FROM closing_reports r
	JOIN applications a ON a.id = r.application_id
	JOIN persons p ON p.id = a.person_id
	JOIN missions m ON m.id = a.mission_id`

func scanReport(row interface{ Scan(...any) error }) (*mission.ClosingReport, error) {
	r := &mission.ClosingReport{}
	err := row.Scan(&r.ID, &r.ApplicationID, &r.Achieved, &r.MeetingsThatMattered, &r.NextSteps, &r.Status, &r.Reason,
		&r.ApprovedAmountCents, timeValue{&r.SubmittedAt}, idValue{&r.ReviewedBy}, timeValue{&r.ReviewedAt},
		idValue{&r.PaidBy}, timeValue{&r.PaidAt}, timeValue{&r.CreatedAt}, timeValue{&r.UpdatedAt},
		&r.MissionID, &r.PersonID, &r.PersonName, &r.ConsortiumID)
	return r, err
}

// ClosingReport returns the report with the given id.
func (db *DB) ClosingReport(ctx context.Context, id int64) (*mission.ClosingReport, error) {
	return getReport(ctx, db.db, "r.id = $1", id)
}

// ApplicationClosingReport returns the report of an application.
func (db *DB) ApplicationClosingReport(ctx context.Context, applicationID int64) (*mission.ClosingReport, error) {
	return getReport(ctx, db.db, "r.application_id = $1", applicationID)
}

func getReport(ctx context.Context, q querier, where string, id int64) (*mission.ClosingReport, error) {
	r, err := scanReport(q.QueryRowContext(ctx, "SELECT "+reportColumns+reportFrom+" WHERE "+where, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("closing report", id)
	}
	if err != nil {
		return nil, fmt.Errorf("closing report %d: %w", id, err)
	}
	return r, nil
}

// MissionClosingReports returns a mission's reports, by participant name.
func (db *DB) MissionClosingReports(ctx context.Context, missionID int64) ([]*mission.ClosingReport, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+reportColumns+reportFrom+" WHERE a.mission_id = $1 ORDER BY p.name, r.id", missionID)
	if err != nil {
		return nil, fmt.Errorf("closing reports of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.ClosingReport
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, fmt.Errorf("closing reports of mission %d: %w", missionID, err)
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

func checkReportText(r *mission.ClosingReport) error {
	r.Achieved = strings.TrimSpace(r.Achieved)
	r.MeetingsThatMattered = strings.TrimSpace(r.MeetingsThatMattered)
	r.NextSteps = strings.TrimSpace(r.NextSteps)
	for field, v := range map[string]string{"achieved": r.Achieved, "meetings_that_mattered": r.MeetingsThatMattered, "next_steps": r.NextSteps} {
		if len(v) > 10000 {
			return mission.FieldError(field, "Write at most 10,000 characters.")
		}
	}
	return nil
}

// SaveClosingReport creates or updates the report of r.ApplicationID as a
// draft (or keeps it sent back) and sets r from the stored row. Only
// confirmed applications have reports, and only drafts and reports sent
// back may change.
func (db *DB) SaveClosingReport(ctx context.Context, r *mission.ClosingReport) error {
	if err := checkReportText(r); err != nil {
		return err
	}
	now := stamp(r.UpdatedAt)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, "SELECT status FROM applications WHERE id = $1", r.ApplicationID).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("application", r.ApplicationID)
		}
		if err != nil {
			return fmt.Errorf("save closing report: %w", err)
		}
		if status != "confirmed" {
			return mission.Errorf(mission.ECONFLICT, "Only a confirmed place has a closing report.")
		}
		old, err := getReport(ctx, tx, "r.application_id = $1", r.ApplicationID)
		var nf *mission.Error
		switch {
		case errors.As(err, &nf) && nf.Code == mission.ENOTFOUND:
			if _, err := tx.ExecContext(ctx, `INSERT INTO closing_reports (application_id, achieved, meetings_that_mattered, next_steps, status, created_at, updated_at)
				VALUES ($1, $2, $3, $4, 'draft', $5, $5)`, r.ApplicationID, r.Achieved, r.MeetingsThatMattered, r.NextSteps, ts(now)); err != nil {
				return fmt.Errorf("save closing report: %w", dbError(err, "", ""))
			}
		case err != nil:
			return err
		case !old.Editable():
			return mission.Errorf(mission.ECONFLICT, "This closing report was submitted and can no longer change.")
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE closing_reports SET achieved = $1, meetings_that_mattered = $2, next_steps = $3, updated_at = $4 WHERE id = $5`,
				r.Achieved, r.MeetingsThatMattered, r.NextSteps, ts(now), old.ID); err != nil {
				return fmt.Errorf("save closing report: %w", dbError(err, "", ""))
			}
		}
		got, err := getReport(ctx, tx, "r.application_id = $1", r.ApplicationID)
		if err != nil {
			return err
		}
		*r = *got
		return nil
	})
}

// SubmitClosingReport submits a draft or a report sent back; it needs all
// three texts and at least one evidence file.
func (db *DB) SubmitClosingReport(ctx context.Context, id int64, at time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := getReport(ctx, tx, "r.id = $1", id)
		if err != nil {
			return err
		}
		if !r.Editable() {
			return mission.Errorf(mission.ECONFLICT, "This closing report was already submitted.")
		}
		for field, v := range map[string]string{"achieved": r.Achieved, "meetings_that_mattered": r.MeetingsThatMattered, "next_steps": r.NextSteps} {
			if v == "" {
				return mission.FieldError(field, "Fill this in before submitting.")
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM evidence_files WHERE report_id = $1", id).Scan(&n); err != nil {
			return fmt.Errorf("submit closing report %d: %w", id, err)
		}
		if n == 0 {
			return mission.FieldError("evidence", "Upload at least one piece of evidence (a boarding pass, an invoice) before submitting.")
		}
		at = stamp(at)
		if _, err := tx.ExecContext(ctx, `UPDATE closing_reports SET status = 'submitted', submitted_at = $1, updated_at = $1 WHERE id = $2`, ts(at), id); err != nil {
			return fmt.Errorf("submit closing report %d: %w", id, err)
		}
		// The claim is filed: the grant's money moves from committed to claimed.
		if _, err := tx.ExecContext(ctx, `UPDATE grants SET status = 'claimed', claimed_at = $1, updated_at = $1
			WHERE application_id = $2 AND status = 'committed'`, ts(at), r.ApplicationID); err != nil {
			return fmt.Errorf("submit closing report %d: %w", id, err)
		}
		return nil
	})
}

// ReportReview is an organiser's decision on a submitted report.
type ReportReview struct {
	ReportID    int64
	ByPersonID  int64
	AccountID   int64 // for the audit log
	IP          string
	Reason      string // sending back: required
	AmountCents int64  // approving: the amount fixed
	At          time.Time
	// Email is queued with the decision when set.
	Email *mission.Email
}

// SendBackClosingReport returns a submitted report to its participant with
// a reason; the e-mail and the audit entry commit with it, and the grant's
// money goes back from claimed to committed.
func (db *DB) SendBackClosingReport(ctx context.Context, rv ReportReview) error {
	rv.Reason = strings.TrimSpace(rv.Reason)
	if rv.Reason == "" {
		return mission.FieldError("reason", "Say why the report goes back.")
	}
	return db.review(ctx, rv, mission.ReportSentBack, mission.AuditReportSentBack)
}

// ApproveClosingReport approves a submitted report and fixes the amount
// to pay; the e-mail and the audit entry commit with it. The amount is at
// most the application's grant, a lower one needs rv.Reason, and the grant
// takes the amount (what it no longer holds goes back to the partner's
// budget); a report without a grant, or whose grant is cancelled or paid,
// cannot be approved (ECONFLICT).
func (db *DB) ApproveClosingReport(ctx context.Context, rv ReportReview) error {
	if rv.AmountCents <= 0 {
		return mission.FieldError("amount", "The amount must be more than zero.")
	}
	rv.Reason = strings.TrimSpace(rv.Reason)
	return db.review(ctx, rv, mission.ReportApproved, mission.AuditReportApproved)
}

// claimGrant applies a review to the application's grant, when it has one:
// approving caps the amount by the grant and writes it to the grant;
// sending back returns the grant to committed. It returns the audit detail.
func claimGrant(ctx context.Context, tx *sql.Tx, r *mission.ClosingReport, rv ReportReview, to string, at time.Time) (string, error) {
	var grantID, grantCents int64
	var status string
	err := tx.QueryRowContext(ctx, "SELECT id, amount_cents, status FROM grants WHERE application_id = $1", r.ApplicationID).Scan(&grantID, &grantCents, &status)
	if errors.Is(err, sql.ErrNoRows) {
		if to == mission.ReportApproved {
			// Paying money that no budget committed would bypass the
			// partner's budget: a claim is approved against its grant only.
			return "", mission.Errorf(mission.ECONFLICT, "This closing report has no grant to pay: commit the participant's grant first.")
		}
		return rv.Reason, nil
	} else if err != nil {
		return "", fmt.Errorf("grant of closing report %d: %w", r.ID, err)
	}
	if to == mission.ReportSentBack {
		_, err := tx.ExecContext(ctx, `UPDATE grants SET status = 'committed', claimed_at = NULL, updated_at = $1 WHERE id = $2 AND status = 'claimed'`, ts(at), grantID)
		return rv.Reason, err
	}
	switch {
	case status == mission.GrantCancelled || status == mission.GrantPaid:
		return "", mission.Errorf(mission.ECONFLICT, "The grant of this closing report is %s.", status)
	case rv.AmountCents > grantCents:
		return "", mission.FieldError("amount", "The amount can be at most the grant, %s.", euros(grantCents))
	case rv.AmountCents < grantCents && rv.Reason == "":
		return "", mission.FieldError("reason", "Say why the amount is less than the grant.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE grants SET amount_cents = $1, status = 'claimed', claimed_at = COALESCE(claimed_at, $2), updated_at = $2 WHERE id = $3`,
		rv.AmountCents, ts(at), grantID); err != nil {
		return "", fmt.Errorf("grant of closing report %d: %w", r.ID, err)
	}
	detail := fmt.Sprintf("amount_cents=%d grant_cents=%d", rv.AmountCents, grantCents)
	if rv.AmountCents < grantCents {
		detail += ": " + rv.Reason
	}
	return detail, nil
}

func (db *DB) review(ctx context.Context, rv ReportReview, to, action string) error {
	at := stamp(rv.At)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := getReport(ctx, tx, "r.id = $1", rv.ReportID)
		if err != nil {
			return err
		}
		if r.Status != mission.ReportSubmitted {
			return mission.Errorf(mission.ECONFLICT, "Only a submitted closing report can be reviewed.")
		}
		amount := int64(0)
		if to == mission.ReportApproved {
			amount = rv.AmountCents
		}
		detail, err := claimGrant(ctx, tx, r, rv, to, at)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE closing_reports SET status = $1, reason = $2, approved_amount_cents = $3,
			reviewed_by = $4, reviewed_at = $5, updated_at = $5 WHERE id = $6`,
			to, rv.Reason, amount, ident(rv.ByPersonID), ts(at), rv.ReportID); err != nil {
			return fmt.Errorf("review closing report %d: %w", rv.ReportID, dbError(err, "", ""))
		}
		if err := addAudit(ctx, tx, &mission.AuditEntry{At: at, AccountID: rv.AccountID, Action: action,
			TargetType: "closing_report", TargetID: rv.ReportID, IP: rv.IP, Detail: detail}); err != nil {
			return err
		}
		if rv.Email != nil {
			return enqueueEmail(ctx, tx, rv.Email)
		}
		return nil
	})
	if err == nil && rv.Email != nil {
		db.notifyEmailQueued()
	}
	return err
}

// MarkClaimsPaid marks approved, unpaid reports paid, one audit entry each,
// all in one transaction: a report that is not approved or already paid
// fails the whole batch.
func (db *DB) MarkClaimsPaid(ctx context.Context, ids []int64, byPersonID, accountID int64, at time.Time) error {
	if len(ids) == 0 {
		return mission.FieldError("ids", "Choose at least one claim.")
	}
	at = stamp(at)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			res, err := tx.ExecContext(ctx, `UPDATE closing_reports SET paid_by = $1, paid_at = $2, updated_at = $2
				WHERE id = $3 AND status = 'approved' AND paid_at IS NULL`, ident(byPersonID), ts(at), id)
			if err != nil {
				return fmt.Errorf("mark claim %d paid: %w", id, dbError(err, "", ""))
			}
			if n, err := res.RowsAffected(); err != nil || n != 1 {
				return mission.Errorf(mission.ECONFLICT, "Claim %d is not approved or was already paid.", id)
			}
			// The grant is spent: the budget's paid figure moves with it.
			if _, err := tx.ExecContext(ctx, `UPDATE grants SET status = 'paid', paid_at = $1, updated_at = $1
				WHERE application_id = (SELECT application_id FROM closing_reports WHERE id = $2) AND status = 'claimed'`, ts(at), id); err != nil {
				return fmt.Errorf("mark claim %d paid: %w", id, err)
			}
			if err := addAudit(ctx, tx, &mission.AuditEntry{At: at, AccountID: accountID, Action: mission.AuditClaimPaid,
				TargetType: "closing_report", TargetID: id}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Claim is a closing report with what paying it needs: its grant (GrantID
// 0 when the application has none), the paying partner, the mission, how
// many evidence files back it and the participant's bank account (nil when
// none is saved).
type Claim struct {
	Report       *mission.ClosingReport
	GrantID      int64
	GrantCents   int64
	GrantStatus  string
	Currency     string
	PartnerID    int64
	PartnerOrgID int64 // the paying partner's organisation
	PartnerName  string
	MissionTitle string
	Evidence     int
	Payee        *mission.PayeeAccount
}

// ClaimFilter selects claims; zero fields select all.
type ClaimFilter struct {
	MissionID    int64
	ConsortiumID int64
	PersonID     int64
	Status       string // a report status
	Unpaid       bool   // only those not paid yet
	Paid         bool   // only those paid
	IDs          []int64
}

// Claims returns the closing reports that f selects with their grants and
// payees, by mission, then participant name.
func (db *DB) Claims(ctx context.Context, f ClaimFilter) ([]*Claim, error) {
	where, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.MissionID != 0 {
		add("a.mission_id = $%d", f.MissionID)
	}
	if f.ConsortiumID != 0 {
		add("m.consortium_id = $%d", f.ConsortiumID)
	}
	if f.PersonID != 0 {
		add("a.person_id = $%d", f.PersonID)
	}
	if f.Status != "" {
		add("r.status = $%d", f.Status)
	}
	if f.Unpaid {
		where = append(where, "r.paid_at IS NULL")
	}
	if f.Paid {
		where = append(where, "r.paid_at IS NOT NULL")
	}
	if len(f.IDs) > 0 {
		var in []string
		for _, id := range f.IDs {
			args = append(args, id)
			in = append(in, fmt.Sprintf("$%d", len(args)))
		}
		where = append(where, "r.id IN ("+strings.Join(in, ", ")+")")
	}
	rows, err := db.db.QueryContext(ctx, "SELECT "+reportColumns+`, COALESCE(g.id, 0), COALESCE(g.amount_cents, 0), COALESCE(g.status, ''),
		COALESCE(g.currency, 'EUR'), COALESCE(g.partner_id, 0), COALESCE(pt.organisation_id, 0), COALESCE(o.name, ''), m.title,
		(SELECT COUNT(*) FROM evidence_files e WHERE e.report_id = r.id), pa.account_holder, pa.iban, pa.bic`+reportFrom+`
		LEFT JOIN grants g ON g.application_id = a.id
		LEFT JOIN partners pt ON pt.id = g.partner_id
		LEFT JOIN organisations o ON o.id = pt.organisation_id
		LEFT JOIN payee_accounts pa ON pa.person_id = a.person_id
		WHERE `+strings.Join(where, " AND ")+" ORDER BY m.starts_on, m.id, p.name, r.id", args...)
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	defer rows.Close()
	var list []*Claim
	for rows.Next() {
		c := &Claim{}
		var holder, iban, bic sql.NullString
		r, err := scanReport(scanFunc(func(dest ...any) error {
			return rows.Scan(append(dest, &c.GrantID, &c.GrantCents, &c.GrantStatus, &c.Currency, &c.PartnerID, &c.PartnerOrgID,
				&c.PartnerName, &c.MissionTitle, &c.Evidence, &holder, &iban, &bic)...)
		}))
		if err != nil {
			return nil, fmt.Errorf("claims: %w", err)
		}
		c.Report = r
		if holder.Valid {
			c.Payee = &mission.PayeeAccount{PersonID: r.PersonID, AccountHolder: holder.String, IBAN: iban.String, BIC: bic.String}
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// scanFunc lets a function stand where a row is scanned.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }
