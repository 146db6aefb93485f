package main

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"caravan/internal/mission"
	"caravan/internal/testdb"
)

// TestEvidencePurge checks that serve's purge deletes evidence past its
// retention at start, with its audit entry, and keeps the rest.
func TestEvidencePurge(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		db := testdb.Open(t, dsn)
		org := &mission.Organisation{Name: "GAIA", Kind: mission.KindCluster, Country: "ES", City: "Bilbao"}
		must(t, db.CreateOrganisation(ctx, org))
		p := &mission.Person{OrganisationID: org.ID, Name: "Ana", Email: "ana@example.org"}
		must(t, db.CreatePerson(ctx, p))
		m := &mission.Mission{Title: "Purge", HostOrganisationID: org.ID, HostCity: "Bilbao", HostCountry: "ES",
			StartsOn: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), EndsOn: time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC), TimeZone: "Europe/Madrid"}
		must(t, db.CreateMission(ctx, m))
		a := &mission.Application{MissionID: m.ID, PersonID: p.ID, Status: mission.AppConfirmed}
		must(t, db.CreateApplication(ctx, a))
		r := &mission.ClosingReport{ApplicationID: a.ID}
		must(t, db.SaveClosingReport(ctx, r))
		png := []byte("\x89PNG\r\n\x1a\nbody")
		expired := &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "image/png", Content: png,
			UploadedAt: time.Now().AddDate(0, 0, -mission.DefaultRetentionDays-1)}
		kept := &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "image/png", Content: png}
		must(t, db.AddEvidence(ctx, expired))
		must(t, db.AddEvidence(ctx, kept))

		stop := startEvidencePurge(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		stop()
		if _, err := db.Evidence(ctx, expired.ID); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("expired evidence: %v, want not found", err)
		}
		if _, err := db.Evidence(ctx, kept.ID); err != nil {
			t.Errorf("evidence within retention: %v", err)
		}
		log, err := db.AuditLog(ctx, mission.AuditFilter{Action: mission.AuditEvidencePurged})
		must(t, err)
		if len(log) != 1 || log[0].TargetID != expired.ID {
			t.Errorf("audit %+v, want one purge of evidence %d", log, expired.ID)
		}
	})
}
