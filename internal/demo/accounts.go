package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"caravan/internal/auth"
	"caravan/internal/mission"
	"caravan/internal/screening"
	"caravan/internal/store"
)

// Password is the password of every demo account. It exists only in demo
// databases: `caravan serve` never creates these accounts.
const Password = "caravan-demo"

// Account is one demo account, as `caravan demo` prints it.
type Account struct {
	Role  string // admin, organiser, host, participant, local, viewer
	Email string // ROLE@demo.example
	Name  string
	// What says what the account may do, in a few words.
	What string
}

// Accounts lists the demo accounts that SeedAccounts creates, one per role.
var Accounts = []Account{
	{"admin", "admin@demo.example", "Ada Adler", "administrator: accounts, consortia, the audit log"},
	{"organiser", "organiser@demo.example", "Otto Oehme", "organiser of the EXCITE and DEX consortia"},
	{"host", "host@demo.example", "Haizea Olabarria", "host (GAIA staff) of the Basque mission"},
	{"participant", "participant@demo.example", "Paula Pawlak", "visiting participant of the Basque and upcoming missions"},
	{"local", "local@demo.example", "Leire Lasa", "local company of the Basque mission"},
	{"viewer", "viewer@demo.example", "Vera Verhoeven", "viewer (funder) of the EXCITE consortium"},
}

// SeedAccounts creates the demo accounts of Accounts in a database that
// Seed filled, with the password Password (hashed once), e-mail addresses
// confirmed, and each person given its role. It does nothing when the
// accounts exist already. Call it for demo databases only.
func SeedAccounts(ctx context.Context, db *store.DB, now time.Time) error {
	if _, err := db.AccountByEmail(ctx, Accounts[0].Email); err == nil {
		return nil
	} else if mission.ErrorCode(err) != mission.ENOTFOUND {
		return fmt.Errorf("demo accounts: %w", err)
	}
	w, err := findDemo(ctx, db)
	if err != nil {
		return fmt.Errorf("demo accounts: %w", err)
	}
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return fmt.Errorf("demo accounts: %w", err)
	}
	now = now.UTC()
	for _, acc := range Accounts {
		if err := w.create(ctx, db, acc, hash, now); err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Email, err)
		}
	}
	if err := w.createTour(ctx, db, now); err != nil {
		return fmt.Errorf("demo accounts' tour: %w", err)
	}
	return nil
}

// demoWorld is what of the seeded demo the accounts attach to.
type demoWorld struct {
	excite, dex        *mission.Consortium
	basque, upcoming   *mission.Mission
	gaia, local, sme   int64 // organisation ids
	sisax, funder, ops int64
	sisaxPartner       int64 // Silicon Saxony's partner id in EXCITE
	// person and account are the demo accounts' person and account ids
	// by role, filled in by create.
	person, account map[string]int64
}

// findDemo looks up the consortia, missions and organisations that Seed
// wrote.
func findDemo(ctx context.Context, db *store.DB) (*demoWorld, error) {
	w := &demoWorld{person: map[string]int64{}, account: map[string]int64{}}
	consortia, err := db.Consortia(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range consortia {
		switch c.Acronym {
		case "EXCITE":
			w.excite = c
		case "DEX":
			w.dex = c
		}
	}
	if w.excite == nil || w.dex == nil {
		return nil, mission.Errorf(mission.ENOTFOUND, "the demo's consortia EXCITE and DEX are missing: seed the demo first")
	}
	missions, err := db.Missions(ctx, mission.MissionFilter{Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, m := range missions {
		switch {
		case strings.HasPrefix(m.Title, "Basque Industrial Exploration"):
			w.basque = m
		case m.Status == mission.StatusCallOpen && m.Published && w.upcoming == nil:
			w.upcoming = m
		}
	}
	if w.basque == nil || w.upcoming == nil {
		return nil, mission.Errorf(mission.ENOTFOUND, "the demo's Basque and upcoming missions are missing")
	}
	w.gaia = w.basque.HostOrganisationID
	for _, p := range w.excite.Partners {
		if p.Role == mission.PartnerCoordinator {
			w.sisax, w.sisaxPartner = p.OrganisationID, p.ID
		}
	}
	locals, err := db.MissionMembers(ctx, w.basque.ID, mission.RoleLocal)
	if err != nil {
		return nil, err
	}
	visitors, err := db.MissionMembers(ctx, w.basque.ID, mission.RoleParticipant)
	if err != nil {
		return nil, err
	}
	if len(locals) == 0 || len(visitors) == 0 {
		return nil, mission.Errorf(mission.ENOTFOUND, "the Basque mission has no local companies or visitors")
	}
	w.local = locals[0].Person.OrganisationID
	// The participant works for an SME member of Silicon Saxony that
	// visited with a confirmed place: it passes the ClusterXchange rules
	// (the seed's two SMEs came without an application: they are no
	// cluster's members), and Silicon Saxony, whose staff the organiser
	// account is, pays the grant and reviews the claim.
	for _, v := range visitors {
		if o := v.Person.Organisation; o.Kind == mission.KindSME && slices.Contains(o.ClusterIDs, w.sisax) {
			w.sme = o.ID
			break
		}
	}
	if w.sme == 0 {
		return nil, mission.Errorf(mission.ENOTFOUND, "the Basque mission has no visiting SME that is a member of Silicon Saxony")
	}
	funder := &mission.Organisation{Name: "Regional Innovation Fund (fictional)", Kind: mission.KindPublicBody, Country: "DE", City: "Dresden"}
	if err := db.CreateOrganisation(ctx, funder); err != nil {
		return nil, err
	}
	w.funder = funder.ID
	w.ops = w.sisax
	return w, nil
}

// create writes one demo account with its person and roles.
func (w *demoWorld) create(ctx context.Context, db *store.DB, acc Account, hash string, now time.Time) error {
	orgs := map[string]int64{"admin": w.ops, "organiser": w.sisax, "host": w.gaia, "participant": w.sme, "local": w.local, "viewer": w.funder}
	p := &mission.Person{OrganisationID: orgs[acc.Role], Name: acc.Name, Email: acc.Email, JobTitle: "Demo account (" + acc.Role + ")",
		Languages: []string{"en"}, CreatedAt: now}
	if err := db.CreatePerson(ctx, p); err != nil {
		return err
	}
	a := &mission.Account{PersonID: p.ID, Email: acc.Email, PasswordHash: hash, EmailVerifiedAt: now, IsAdmin: acc.Role == "admin", CreatedAt: now}
	if err := db.CreateAccount(ctx, a); err != nil {
		return err
	}
	w.person[acc.Role], w.account[acc.Role] = p.ID, a.ID
	member := func(m *mission.Mission, role string) error {
		err := db.AddMissionMember(ctx, mission.MissionMember{MissionID: m.ID, PersonID: p.ID, Role: role, CreatedAt: now})
		if role == mission.RoleParticipant && mission.ErrorCode(err) == mission.ECONFLICT {
			return nil // a confirmed application made them a participant already
		}
		return err
	}
	consortium := func(c *mission.Consortium, role string) error {
		return db.AddConsortiumMember(ctx, mission.ConsortiumMember{ConsortiumID: c.ID, PersonID: p.ID, Role: role, CreatedAt: now})
	}
	switch acc.Role {
	case "organiser":
		if err := consortium(w.excite, mission.ConsortiumOrganiser); err != nil {
			return err
		}
		if err := consortium(w.dex, mission.ConsortiumOrganiser); err != nil {
			return err
		}
		// The upcoming mission's call is open: its selection is theirs too.
		return member(w.upcoming, mission.RoleOrganiser)
	case "host":
		return member(w.basque, mission.RoleHost)
	case "participant":
		if err := w.apply(ctx, db, w.basque, p.ID, now, mission.AppSubmitted, mission.AppEligible, mission.AppAccepted, mission.AppConfirmed); err != nil {
			return err
		}
		if err := member(w.basque, mission.RoleParticipant); err != nil {
			return err
		}
		// ClusterXchange funds an organisation's visit once, and hers went
		// to Bilbao: the organisers added her to the upcoming mission
		// without an application (one would be refused as once-only).
		return member(w.upcoming, mission.RoleParticipant)
	case "local":
		return member(w.basque, mission.RoleLocal)
	case "viewer":
		return consortium(w.excite, mission.ConsortiumViewer)
	}
	return nil
}

// apply writes an application of the person to the mission that went
// through the statuses path.
func (w *demoWorld) apply(ctx context.Context, db *store.DB, m *mission.Mission, personID int64, now time.Time, path ...string) error {
	start := m.CallOpensOn
	if latest := now.AddDate(0, 0, -5); start.IsZero() || start.After(latest) {
		start = latest
	}
	a := &mission.Application{MissionID: m.ID, PersonID: personID, Status: mission.AppDraft,
		Motivation: "We look for partners for our digital products.", Score: 80, CreatedAt: start, UpdatedAt: start}
	if err := db.CreateApplication(ctx, a); err != nil {
		return err
	}
	when := start.Add(10 * time.Hour)
	for _, to := range path {
		if _, err := db.TransitionApplication(ctx, a.ID, to, personID, "", when); err != nil {
			return err
		}
		when = when.Add(24 * time.Hour)
	}
	_, err := screening.Check(ctx, db, a.ID, now, nil) // stored as the product stores it (eligibility.go)
	return err
}
