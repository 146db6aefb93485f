package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"caravan/internal/grant"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// The Basque mission's grants and claims: it runs under the ClusterXchange
// rule set, six visitors have grants committed (five paid by Silicon
// Saxony, whose staff the organiser demo account is, one by Pôle SCS) and
// their closing reports stand at every step: none yet, a draft, submitted
// with evidence, approved, paid, and one submitted to Pôle SCS.

// claimRuleSet is the grant rule set of the Basque mission.
const claimRuleSet = "clusterxchange-2022-24"

// demoIBANs are the published example accounts of their banks' countries,
// valid by checksum; the demo's payees use them in turn.
var demoIBANs = []struct{ iban, bic string }{
	{"DE89370400440532013000", "COBADEFFXXX"},
	{"FR7630006000011234567890189", "AGRIFRPP"},
	{"NL91ABNA0417164300", "ABNANL2A"},
	{"BE68539007547034", ""},
	{"AT611904300234573201", ""},
}

// claimStep is how far a demo participant's claim went.
type claimStep int

const (
	claimNone claimStep = iota
	claimDraft
	claimSubmitted
	claimApproved
	claimPaid
)

func (s *seeder) createBasqueClaims(ctx context.Context) error {
	m, err := s.db.Mission(ctx, s.info.BasqueMissionID)
	if err != nil {
		return err
	}
	rs, err := s.seedClaimRuleSet(ctx, m)
	if err != nil {
		return err
	}
	// EXCITE pays from the coordinator's account (a published example IBAN).
	if err := s.db.SaveClaimSettings(ctx, &mission.ClaimSettings{ConsortiumID: s.excite.ID, RetentionDays: mission.DefaultRetentionDays,
		PayerName: "Silicon Saxony e.V.", PayerIBAN: "DE02120300000000202051", PayerBIC: "BYLADEM1001", UpdatedAt: date(2023, 9, 1)}); err != nil {
		return err
	}
	gaia := s.clusters["gaia"]
	organiser := s.staff["sisax"][0]
	plan := []struct {
		partner string
		step    claimStep
	}{
		{"sisax", claimNone}, {"sisax", claimDraft}, {"sisax", claimSubmitted},
		{"sisax", claimApproved}, {"sisax", claimPaid}, {"scs", claimSubmitted},
	}
	orgs := map[string][]*mission.Organisation{"sisax": s.visitors["sisax"], "scs": s.visitors["scs"]}
	used := map[string]int{}
	for i, p := range plan {
		people := s.peopleOf(orgs[p.partner]...)
		if used[p.partner] >= len(people) {
			return fmt.Errorf("too few %s visitors for the demo's claims", p.partner)
		}
		person := people[used[p.partner]]
		used[p.partner]++
		apps, err := s.db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, PersonID: person.ID, Status: mission.AppConfirmed, Limit: 1})
		if err != nil {
			return err
		}
		if len(apps) == 0 {
			return fmt.Errorf("visitor %s has no confirmed place", person.Name)
		}
		a := apps[0]
		committed := date(2023, 10, 20).Add(time.Duration(i) * time.Hour)
		g, err := newGrant(rs, m, gaia, a, s.partners[p.partner], organiser.ID, committed)
		if err != nil {
			return fmt.Errorf("grant of %s: %w", person.Name, err)
		}
		if err := s.db.CommitGrant(ctx, g, 0); err != nil {
			return fmt.Errorf("grant of %s: %w", person.Name, err)
		}
		if err := s.createClaim(ctx, a, g, organiser, p.step, i); err != nil {
			return fmt.Errorf("claim of %s: %w", person.Name, err)
		}
	}
	return nil
}

// newGrant computes the grant of the confirmed application a to the
// mission m hosted by host under the rule set rs, as the grants page does,
// paid by partnerID and committed by the person by at committed.
func newGrant(rs grant.RuleSet, m *mission.Mission, host *mission.Organisation, a *mission.Application, partnerID, by int64, committed time.Time) (*mission.Grant, error) {
	e := grant.Exchange{Visitor: grant.Place{City: a.Person.Organisation.City, Country: a.Person.Organisation.Country},
		Host:      grant.Place{City: m.HostCity, Country: m.HostCountry, Coords: &grant.Coords{Lat: host.Lat, Lon: host.Lon}},
		ArrivalOn: m.ArrivalOn, DepartureOn: m.DepartureOn, FirstWorkingDay: m.StartsOn, LastWorkingDay: m.EndsOn}
	if o := a.Person.Organisation; o.Lat != 0 || o.Lon != 0 {
		e.Visitor.Coords = &grant.Coords{Lat: o.Lat, Lon: o.Lon}
	}
	ent, err := grant.Compute(rs, e)
	if err != nil {
		return nil, err
	}
	doc, err := json.Marshal(ent)
	if err != nil {
		return nil, err
	}
	g := &mission.Grant{MissionID: m.ID, ApplicationID: a.ID, PartnerID: partnerID, RuleSetID: rs.ID, RuleSetVersion: rs.Version,
		AmountCents: ent.AmountCents, Currency: ent.Currency, DistanceKM: ent.DistanceKM, ComputedKM: ent.ComputedKM,
		Explanation: string(doc), CommittedBy: by, CommittedAt: committed}
	if c := ent.VisitorCoords; c != nil {
		g.VisitorLat, g.VisitorLon = &c.Lat, &c.Lon
	}
	if c := ent.HostCoords; c != nil {
		g.HostLat, g.HostLon = &c.Lat, &c.Lon
	}
	return g, nil
}

// seedClaimRuleSet stores the ClusterXchange rule set (as the grants page
// would on first use) and picks it for the mission.
func (s *seeder) seedClaimRuleSet(ctx context.Context, m *mission.Mission) (grant.RuleSet, error) {
	defaults, err := grant.Defaults()
	if err != nil {
		return grant.RuleSet{}, err
	}
	for _, rs := range defaults {
		if rs.ID != claimRuleSet {
			continue
		}
		b, err := json.MarshalIndent(rs, "", "  ")
		if err != nil {
			return rs, err
		}
		err = s.db.SeedGrantRuleSets(ctx, []mission.RuleSetDocument{{ID: rs.ID, Version: rs.Version, Kind: rs.Kind, JSON: string(b),
			CreatedAt: date(2021, 1, 1)}})
		if err != nil {
			return rs, err
		}
		err = s.db.SetMissionGrantRuleSet(ctx, &mission.MissionGrantRuleSet{MissionID: m.ID, RuleSetID: rs.ID, UpdatedAt: date(2023, 10, 1)})
		return rs, err
	}
	return grant.RuleSet{}, fmt.Errorf("grant rule set %s is not among the defaults", claimRuleSet)
}

// createClaim takes one participant's claim to step, on fixed days after
// the mission.
func (s *seeder) createClaim(ctx context.Context, a *mission.Application, g *mission.Grant, organiser *mission.Person, step claimStep, i int) error {
	if step == claimNone {
		return nil
	}
	day := date(2023, 11, 20+i).Add(10 * time.Hour)
	r := &mission.ClosingReport{ApplicationID: a.ID, UpdatedAt: day,
		Achieved:             "Met four Basque manufacturers; two want a pilot of our monitoring software in their plants.",
		MeetingsThatMattered: "The B2B session with a machine-tool maker from Elgoibar and the visit to the digital-innovation hub's demo lab.",
		NextSteps:            "Pilot proposal to both companies by January; a joint Horizon Europe application with the hub in spring."}
	if step == claimDraft {
		r.NextSteps = ""
	}
	if err := s.db.SaveClosingReport(ctx, r); err != nil {
		return err
	}
	if step == claimDraft {
		return nil
	}
	acct := demoIBANs[i%len(demoIBANs)]
	if err := s.db.SavePayeeAccount(ctx, &mission.PayeeAccount{PersonID: a.PersonID, AccountHolder: a.Person.Name,
		IBAN: acct.iban, BIC: acct.bic, UpdatedAt: day}); err != nil {
		return err
	}
	files := []*mission.Evidence{
		{Kind: mission.EvidenceBoardingPass, Filename: "boarding-pass-BIO.pdf", ContentType: "application/pdf",
			Content: demoPDF(fmt.Sprintf("Boarding pass: %s, flight to Bilbao, 12 Nov 2023", a.Person.Name))},
		{Kind: mission.EvidenceInvoice, Filename: "hotel-invoice.png", ContentType: "image/png", Content: demoPNG(i)},
	}
	for _, e := range files {
		e.ReportID, e.UploadedBy, e.UploadedAt = r.ID, a.PersonID, day
		if err := s.db.AddEvidence(ctx, e); err != nil {
			return err
		}
	}
	if err := s.db.SubmitClosingReport(ctx, r.ID, day.Add(time.Hour)); err != nil {
		return err
	}
	if step == claimSubmitted {
		return nil
	}
	reviewed := day.AddDate(0, 0, 3)
	if err := s.db.ApproveClosingReport(ctx, store.ReportReview{ReportID: r.ID, ByPersonID: organiser.ID, AmountCents: g.AmountCents, At: reviewed}); err != nil {
		return err
	}
	if step == claimApproved {
		return nil
	}
	return s.db.MarkClaimsPaid(ctx, []int64{r.ID}, organiser.ID, 0, reviewed.AddDate(0, 0, 7))
}

// demoPDF is a one-page PDF that shows line, written by hand so that the
// demo's bytes are the same on every run.
func demoPDF(line string) []byte {
	stream := fmt.Sprintf("BT /F1 14 Tf 40 780 Td (%s) Tj ET", line)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// demoPNG is a small grey receipt-like image, different for each seed.
func demoPNG(seed int) []byte {
	img := image.NewGray(image.Rect(0, 0, 120, 160))
	for y := range 160 {
		for x := range 120 {
			v := uint8(250)
			if y%12 < 2 && x > 10 && x < 110-(y*seed)%40 {
				v = 60
			}
			img.SetGray(x, y, color.Gray{Y: v})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
