package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"caravan/internal/mission"
)

var pngBytes = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR fake image body")

func TestClosingReportLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		sme := newOrganisation(t, db, "Acme Sensors", mission.KindSME, "DE")
		c := &mission.Consortium{Name: "EXCITE", Partners: []mission.Partner{{OrganisationID: host.ID, Role: mission.PartnerCoordinator, TravelBudgetCents: 500000}}}
		must(t, db.CreateConsortium(ctx, c))
		seedGrantRuleSet(t, db)
		m := &mission.Mission{Title: "Claims", HostOrganisationID: host.ID, HostCity: "Bilbao", HostCountry: "ES", ConsortiumID: c.ID,
			StartsOn: date(2026, 3, 10), EndsOn: date(2026, 3, 12), TimeZone: "Europe/Madrid"}
		must(t, db.CreateMission(ctx, m))
		ana := newPerson(t, db, sme.ID, "Ana Visitor", "ana@example.org")
		ben := newPerson(t, db, sme.ID, "Ben Visitor", "ben@example.org")
		olga := newPerson(t, db, host.ID, "Olga Organiser", "olga@example.es")
		a := &mission.Application{MissionID: m.ID, PersonID: ana.ID, Status: mission.AppConfirmed}
		must(t, db.CreateApplication(ctx, a))
		b := &mission.Application{MissionID: m.ID, PersonID: ben.ID, Status: mission.AppAccepted}
		must(t, db.CreateApplication(ctx, b))

		// Only a confirmed place has a report.
		wantCode(t, db.SaveClosingReport(ctx, &mission.ClosingReport{ApplicationID: b.ID}), mission.ECONFLICT)
		wantCode(t, db.SaveClosingReport(ctx, &mission.ClosingReport{ApplicationID: 9999}), mission.ENOTFOUND)

		r := &mission.ClosingReport{ApplicationID: a.ID, Achieved: " Two pilot customers "}
		must(t, db.SaveClosingReport(ctx, r))
		if r.ID == 0 || r.Status != mission.ReportDraft || r.Achieved != "Two pilot customers" || r.PersonID != ana.ID || r.ConsortiumID != c.ID {
			t.Fatalf("got %+v, want Ana's draft", r)
		}
		// Submitting needs every text and evidence.
		wantCode(t, db.SubmitClosingReport(ctx, r.ID, time.Time{}), mission.EINVALID)
		r.MeetingsThatMattered, r.NextSteps = "Meeting with Ikerlan", "Joint proposal"
		must(t, db.SaveClosingReport(ctx, r))
		wantCode(t, db.SubmitClosingReport(ctx, r.ID, time.Time{}), mission.EINVALID)

		// Evidence: retention from the consortium's settings.
		must(t, db.SaveClaimSettings(ctx, &mission.ClaimSettings{ConsortiumID: c.ID, RetentionDays: 30, PayerName: "EXCITE", PayerIBAN: "ES9121000418450200051332", PayerBIC: "CAIXESBBXXX"}))
		wantCode(t, db.SaveClaimSettings(ctx, &mission.ClaimSettings{ConsortiumID: c.ID, RetentionDays: 0}), mission.EINVALID)
		up := time.Date(2026, 3, 20, 9, 0, 0, 0, time.UTC)
		e := &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceBoardingPass, Filename: "pass.pdf", ContentType: "image/png", Content: pngBytes, UploadedBy: ana.ID, UploadedAt: up}
		must(t, db.AddEvidence(ctx, e))
		sum := sha256.Sum256(pngBytes)
		if e.ID == 0 || e.Size != int64(len(pngBytes)) || e.SHA256 != hex.EncodeToString(sum[:]) || !e.DeleteAfter.Equal(up.AddDate(0, 0, 30)) {
			t.Errorf("got %+v, want size, hash and 30 days' retention", e)
		}
		got, err := db.EvidenceContent(ctx, e.ID)
		must(t, err)
		if !bytes.Equal(got.Content, pngBytes) || got.ContentType != "image/png" || got.Filename != "pass.pdf" {
			t.Errorf("got %+v, want the stored bytes back", got)
		}
		for _, bad := range []*mission.Evidence{
			{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "text/html", Content: []byte("<html>")},
			{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "application/pdf"},
			{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "application/pdf", Content: make([]byte, mission.MaxEvidenceBytes+1)},
			{ReportID: r.ID, Kind: "selfie", ContentType: "image/png", Content: pngBytes},
		} {
			wantCode(t, db.AddEvidence(ctx, bad), mission.EINVALID)
		}
		wantCode(t, db.AddEvidence(ctx, &mission.Evidence{ReportID: 9999, Kind: mission.EvidenceOther, ContentType: "image/png", Content: pngBytes}), mission.ENOTFOUND)

		must(t, db.SubmitClosingReport(ctx, r.ID, up))
		wantCode(t, db.SaveClosingReport(ctx, r), mission.ECONFLICT)
		wantCode(t, db.AddEvidence(ctx, &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceOther, ContentType: "image/png", Content: pngBytes}), mission.ECONFLICT)
		wantCode(t, db.DeleteEvidence(ctx, e.ID), mission.ECONFLICT)

		// Sent back with a reason and an e-mail; then edited and submitted again.
		wantCode(t, db.SendBackClosingReport(ctx, ReportReview{ReportID: r.ID, ByPersonID: olga.ID}), mission.EINVALID)
		mail := &mission.Email{ToAddress: "ana@example.org", Subject: "Your closing report needs changes", TextBody: "The invoice is missing."}
		must(t, db.SendBackClosingReport(ctx, ReportReview{ReportID: r.ID, ByPersonID: olga.ID, Reason: "The invoice is missing.", Email: mail}))
		r, err = db.ClosingReport(ctx, r.ID)
		must(t, err)
		if r.Status != mission.ReportSentBack || r.Reason != "The invoice is missing." || r.ReviewedBy != olga.ID {
			t.Errorf("got %+v, want sent back by Olga", r)
		}
		mails, err := db.Emails(ctx, mission.EmailFilter{})
		must(t, err)
		if len(mails) != 1 || mails[0].Subject != "Your closing report needs changes" {
			t.Errorf("got %d e-mails, want the sent-back notice", len(mails))
		}
		wantCode(t, db.ApproveClosingReport(ctx, ReportReview{ReportID: r.ID, AmountCents: 78000}), mission.ECONFLICT)
		must(t, db.AddEvidence(ctx, &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "application/pdf", Content: []byte("%PDF-1.7 hotel"), UploadedAt: up}))
		must(t, db.SubmitClosingReport(ctx, r.ID, up))

		// Approval fixes the amount, against a grant only; payment once, in
		// a batch that fails whole.
		wantCode(t, db.MarkClaimsPaid(ctx, []int64{r.ID}, olga.ID, 0, up), mission.ECONFLICT)
		wantCode(t, db.ApproveClosingReport(ctx, ReportReview{ReportID: r.ID, AmountCents: 0}), mission.EINVALID)
		wantCode(t, db.ApproveClosingReport(ctx, ReportReview{ReportID: r.ID, ByPersonID: olga.ID, AmountCents: 78000, At: up}), mission.ECONFLICT)
		c, err = db.Consortium(ctx, c.ID)
		must(t, err)
		must(t, db.CommitGrant(ctx, &mission.Grant{MissionID: m.ID, ApplicationID: a.ID, PartnerID: c.Partners[0].ID, RuleSetID: "erasmus-2024",
			RuleSetVersion: 1, AmountCents: 78000, ComputedKM: 2395, DistanceKM: 2395, CommittedBy: olga.ID}, 0))
		must(t, db.ApproveClosingReport(ctx, ReportReview{ReportID: r.ID, ByPersonID: olga.ID, AmountCents: 78000, At: up}))
		wantCode(t, db.MarkClaimsPaid(ctx, []int64{r.ID, 9999}, olga.ID, 0, up), mission.ECONFLICT)
		r, err = db.ClosingReport(ctx, r.ID)
		must(t, err)
		if r.Status != mission.ReportApproved || r.ApprovedAmountCents != 78000 || !r.PaidAt.IsZero() {
			t.Errorf("got %+v, want approved for 780.00 and unpaid after the failed batch", r)
		}
		must(t, db.MarkClaimsPaid(ctx, []int64{r.ID}, olga.ID, 0, up))
		wantCode(t, db.MarkClaimsPaid(ctx, []int64{r.ID}, olga.ID, 0, up), mission.ECONFLICT)
		list, err := db.MissionClosingReports(ctx, m.ID)
		must(t, err)
		if len(list) != 1 || list[0].PaidBy != olga.ID || !list[0].PaidAt.Equal(up) {
			t.Errorf("got %+v, want Ana's paid report", list)
		}
		log, err := db.AuditLog(ctx, mission.AuditFilter{})
		must(t, err)
		actions := map[string]int{}
		for _, l := range log {
			actions[l.Action]++
		}
		if actions[mission.AuditReportSentBack] != 1 || actions[mission.AuditReportApproved] != 1 || actions[mission.AuditClaimPaid] != 1 {
			t.Errorf("audit actions %v", actions)
		}
	})
}

func TestPurgeEvidence(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "GAIA", mission.KindCluster, "ES")
		m := newMission(t, db, host.ID, "Purge") // no consortium: default retention
		ana := newPerson(t, db, host.ID, "Ana Visitor", "ana@example.org")
		a := &mission.Application{MissionID: m.ID, PersonID: ana.ID, Status: mission.AppConfirmed}
		must(t, db.CreateApplication(ctx, a))
		r := &mission.ClosingReport{ApplicationID: a.ID}
		must(t, db.SaveClosingReport(ctx, r))
		old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
		recent := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		e1 := &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "image/png", Content: pngBytes, UploadedAt: old}
		e2 := &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "image/png", Content: pngBytes, UploadedAt: recent}
		must(t, db.AddEvidence(ctx, e1))
		must(t, db.AddEvidence(ctx, e2))
		if !e1.DeleteAfter.Equal(old.AddDate(0, 0, mission.DefaultRetentionDays)) {
			t.Errorf("delete after %v, want the default retention", e1.DeleteAfter)
		}
		// The day before e1's retention ends nothing goes.
		n, err := db.PurgeEvidence(ctx, e1.DeleteAfter.Add(-time.Second))
		must(t, err)
		if n != 0 {
			t.Errorf("purged %d before the end of retention", n)
		}
		n, err = db.PurgeEvidence(ctx, e1.DeleteAfter)
		must(t, err)
		if n != 1 {
			t.Fatalf("purged %d, want 1", n)
		}
		_, err = db.Evidence(ctx, e1.ID)
		wantCode(t, err, mission.ENOTFOUND)
		if _, err := db.Evidence(ctx, e2.ID); err != nil {
			t.Errorf("recent evidence: %v", err)
		}
		log, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditEvidencePurged})
		must(t, err)
		if len(log) != 1 || log[0].TargetID != e1.ID || log[0].TargetType != "evidence" {
			t.Errorf("audit %+v, want one purge of evidence %d", log, e1.ID)
		}
	})
}

func TestPayeeAccount(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		org := newOrganisation(t, db, "Acme", mission.KindSME, "DE")
		ana := newPerson(t, db, org.ID, "Ana", "ana@example.org")
		_, err := db.PayeeAccount(ctx, ana.ID)
		wantCode(t, err, mission.ENOTFOUND)
		must(t, db.SavePayeeAccount(ctx, &mission.PayeeAccount{PersonID: ana.ID, AccountHolder: "Ana Müller", IBAN: "DE89370400440532013000"}))
		must(t, db.SavePayeeAccount(ctx, &mission.PayeeAccount{PersonID: ana.ID, AccountHolder: "Ana Müller", IBAN: "DE89370400440532013000", BIC: "COBADEFFXXX"}))
		p, err := db.PayeeAccount(ctx, ana.ID)
		must(t, err)
		if p.BIC != "COBADEFFXXX" || p.IBAN != "DE89370400440532013000" {
			t.Errorf("got %+v", p)
		}
		wantCode(t, db.SavePayeeAccount(ctx, &mission.PayeeAccount{PersonID: ana.ID, IBAN: "DE89370400440532013000"}), mission.EINVALID)
		wantCode(t, db.SavePayeeAccount(ctx, &mission.PayeeAccount{PersonID: 9999, AccountHolder: "X", IBAN: "DE89370400440532013000"}), mission.EINVALID)
		s, err := db.ClaimSettings(ctx, 9999)
		must(t, err)
		if s.RetentionDays != mission.DefaultRetentionDays {
			t.Errorf("default settings %+v", s)
		}
	})
}
