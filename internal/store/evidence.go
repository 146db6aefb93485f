package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"caravan/internal/mission"
)

var evidenceTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true}

// AddEvidence stores e.Content for an editable report: its size and
// SHA-256 are computed here, and DeleteAfter from the consortium's
// retention period (mission.DefaultRetentionDays when it set none). The
// caller has sniffed e.ContentType from the bytes.
func (db *DB) AddEvidence(ctx context.Context, e *mission.Evidence) error {
	if !evidenceTypes[e.ContentType] {
		return mission.FieldError("file", "Upload a PDF, JPEG or PNG file.")
	}
	if len(e.Content) == 0 || len(e.Content) > mission.MaxEvidenceBytes {
		return mission.FieldError("file", "The file must hold between 1 byte and 10 MiB.")
	}
	if e.Kind != mission.EvidenceBoardingPass && e.Kind != mission.EvidenceInvoice && e.Kind != mission.EvidenceOther {
		return mission.FieldError("kind", "Choose what the file is.")
	}
	e.Filename = strings.TrimSpace(e.Filename)
	if len(e.Filename) > 255 {
		e.Filename = e.Filename[:255]
	}
	sum := sha256.Sum256(e.Content)
	e.SHA256 = hex.EncodeToString(sum[:])
	e.Size = int64(len(e.Content))
	e.UploadedAt = stamp(e.UploadedAt)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		r, err := getReport(ctx, tx, "r.id = $1", e.ReportID)
		if err != nil {
			return err
		}
		if !r.Editable() {
			return mission.Errorf(mission.ECONFLICT, "This closing report was submitted; its evidence can no longer change.")
		}
		days := mission.DefaultRetentionDays
		if r.ConsortiumID != 0 {
			s, err := claimSettings(ctx, tx, r.ConsortiumID)
			if err != nil {
				return err
			}
			days = s.RetentionDays
		}
		e.DeleteAfter = e.UploadedAt.AddDate(0, 0, days)
		err = tx.QueryRowContext(ctx, `INSERT INTO evidence_files (report_id, kind, filename, content_type, size_bytes, sha256, content, uploaded_by, uploaded_at, delete_after)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			e.ReportID, e.Kind, e.Filename, e.ContentType, e.Size, e.SHA256, e.Content, ident(e.UploadedBy), ts(e.UploadedAt), ts(e.DeleteAfter)).Scan(&e.ID)
		if err != nil {
			return fmt.Errorf("add evidence: %w", dbError(err, "", "The closing report does not exist."))
		}
		return nil
	})
}

const evidenceColumns = "id, report_id, kind, filename, content_type, size_bytes, sha256, uploaded_by, uploaded_at, delete_after"

func scanEvidence(row interface{ Scan(...any) error }, extra ...any) (*mission.Evidence, error) {
	e := &mission.Evidence{}
	err := row.Scan(append([]any{&e.ID, &e.ReportID, &e.Kind, &e.Filename, &e.ContentType, &e.Size, &e.SHA256,
		idValue{&e.UploadedBy}, timeValue{&e.UploadedAt}, timeValue{&e.DeleteAfter}}, extra...)...)
	return e, err
}

// Evidence returns one file's description, without its bytes.
func (db *DB) Evidence(ctx context.Context, id int64) (*mission.Evidence, error) {
	e, err := scanEvidence(db.db.QueryRowContext(ctx, "SELECT "+evidenceColumns+" FROM evidence_files WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("evidence", id)
	}
	if err != nil {
		return nil, fmt.Errorf("evidence %d: %w", id, err)
	}
	return e, nil
}

// EvidenceContent returns one file with its bytes.
func (db *DB) EvidenceContent(ctx context.Context, id int64) (*mission.Evidence, error) {
	var content []byte
	e, err := scanEvidence(db.db.QueryRowContext(ctx, "SELECT "+evidenceColumns+", content FROM evidence_files WHERE id = $1", id), &content)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("evidence", id)
	}
	if err != nil {
		return nil, fmt.Errorf("evidence %d: %w", id, err)
	}
	e.Content = content
	return e, nil
}

// ReportEvidence lists a report's files, oldest first, without bytes.
func (db *DB) ReportEvidence(ctx context.Context, reportID int64) ([]*mission.Evidence, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+evidenceColumns+" FROM evidence_files WHERE report_id = $1 ORDER BY id", reportID)
	if err != nil {
		return nil, fmt.Errorf("evidence of report %d: %w", reportID, err)
	}
	defer rows.Close()
	var list []*mission.Evidence
	for rows.Next() {
		e, err := scanEvidence(rows)
		if err != nil {
			return nil, fmt.Errorf("evidence of report %d: %w", reportID, err)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// DeleteEvidence removes a file from an editable report.
func (db *DB) DeleteEvidence(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var reportID int64
		err := tx.QueryRowContext(ctx, "SELECT report_id FROM evidence_files WHERE id = $1", id).Scan(&reportID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("evidence", id)
		}
		if err != nil {
			return fmt.Errorf("delete evidence %d: %w", id, err)
		}
		r, err := getReport(ctx, tx, "r.id = $1", reportID)
		if err != nil {
			return err
		}
		if !r.Editable() {
			return mission.Errorf(mission.ECONFLICT, "This closing report was submitted; its evidence can no longer change.")
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM evidence_files WHERE id = $1", id)
		return err
	})
}

// PurgeEvidence deletes every evidence file whose retention ended at or
// before now, each with an audit entry in the same transaction, and
// returns how many it deleted.
func (db *DB) PurgeEvidence(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `DELETE FROM evidence_files WHERE delete_after <= $1 RETURNING id, report_id, sha256`, ts(stamp(now)))
		if err != nil {
			return fmt.Errorf("purge evidence: %w", err)
		}
		type gone struct {
			id, report int64
			sum        string
		}
		var list []gone
		for rows.Next() {
			var g gone
			if err := rows.Scan(&g.id, &g.report, &g.sum); err != nil {
				rows.Close()
				return fmt.Errorf("purge evidence: %w", err)
			}
			list = append(list, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("purge evidence: %w", err)
		}
		for _, g := range list {
			if err := addAudit(ctx, tx, &mission.AuditEntry{At: now, Action: mission.AuditEvidencePurged, TargetType: "evidence",
				TargetID: g.id, Detail: fmt.Sprintf("report=%d sha256=%s", g.report, g.sum)}); err != nil {
				return err
			}
		}
		n = len(list)
		return nil
	})
	return n, err
}

// PayeeAccount returns the bank account a person's grants are paid to.
func (db *DB) PayeeAccount(ctx context.Context, personID int64) (*mission.PayeeAccount, error) {
	p := &mission.PayeeAccount{PersonID: personID}
	err := db.db.QueryRowContext(ctx, "SELECT account_holder, iban, bic, updated_at FROM payee_accounts WHERE person_id = $1", personID).
		Scan(&p.AccountHolder, &p.IBAN, &p.BIC, timeValue{&p.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("bank account of person", personID)
	}
	if err != nil {
		return nil, fmt.Errorf("bank account of person %d: %w", personID, err)
	}
	return p, nil
}

// SavePayeeAccount creates or replaces a person's bank account. The caller
// has checked IBAN and BIC (package sepa).
func (db *DB) SavePayeeAccount(ctx context.Context, p *mission.PayeeAccount) error {
	p.AccountHolder = strings.TrimSpace(p.AccountHolder)
	if p.AccountHolder == "" {
		return mission.FieldError("account_holder", "Name the account holder.")
	}
	if p.IBAN == "" {
		return mission.FieldError("iban", "Give the account's IBAN.")
	}
	p.UpdatedAt = stamp(p.UpdatedAt)
	_, err := db.db.ExecContext(ctx, `INSERT INTO payee_accounts (person_id, account_holder, iban, bic, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (person_id) DO UPDATE SET account_holder = excluded.account_holder, iban = excluded.iban, bic = excluded.bic, updated_at = excluded.updated_at`,
		p.PersonID, p.AccountHolder, p.IBAN, p.BIC, ts(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save bank account: %w", dbError(err, "", "The person does not exist."))
	}
	return nil
}

// ClaimSettings returns a consortium's claim settings, the defaults when
// it saved none.
func (db *DB) ClaimSettings(ctx context.Context, consortiumID int64) (*mission.ClaimSettings, error) {
	return claimSettings(ctx, db.db, consortiumID)
}

func claimSettings(ctx context.Context, q querier, consortiumID int64) (*mission.ClaimSettings, error) {
	s := &mission.ClaimSettings{ConsortiumID: consortiumID, RetentionDays: mission.DefaultRetentionDays}
	err := q.QueryRowContext(ctx, "SELECT retention_days, payer_name, payer_iban, payer_bic, updated_at FROM claim_settings WHERE consortium_id = $1", consortiumID).
		Scan(&s.RetentionDays, &s.PayerName, &s.PayerIBAN, &s.PayerBIC, timeValue{&s.UpdatedAt})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("claim settings of consortium %d: %w", consortiumID, err)
	}
	return s, nil
}

// SaveClaimSettings creates or replaces a consortium's claim settings.
// The caller has checked the payer's IBAN and BIC (package sepa).
func (db *DB) SaveClaimSettings(ctx context.Context, s *mission.ClaimSettings) error {
	if s.RetentionDays < 1 || s.RetentionDays > 3650 {
		return mission.FieldError("retention_days", "Keep evidence between 1 and 3,650 days.")
	}
	s.PayerName = strings.TrimSpace(s.PayerName)
	s.UpdatedAt = stamp(s.UpdatedAt)
	_, err := db.db.ExecContext(ctx, `INSERT INTO claim_settings (consortium_id, retention_days, payer_name, payer_iban, payer_bic, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (consortium_id) DO UPDATE SET retention_days = excluded.retention_days, payer_name = excluded.payer_name,
			payer_iban = excluded.payer_iban, payer_bic = excluded.payer_bic, updated_at = excluded.updated_at`,
		s.ConsortiumID, s.RetentionDays, s.PayerName, s.PayerIBAN, s.PayerBIC, ts(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save claim settings: %w", dbError(err, "", "The consortium does not exist."))
	}
	return nil
}
