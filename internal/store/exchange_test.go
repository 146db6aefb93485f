package store

import (
	"testing"
	"time"

	"caravan/internal/mission"
)

func TestExchanges(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		host := newOrganisation(t, db, "Mazovia Cluster ICT", mission.KindCluster, "PL")
		hanna := newAccount(t, db, "hanna@example.pl")
		hostPerson, err := db.Person(ctx, hanna.PersonID)
		must(t, err)
		visitor := newAccount(t, db, "victor@example.fr")
		partner := newAccount(t, db, "pat@example.de")

		m := &mission.Mission{Title: "Cybersecurity services", HostOrganisationID: host.ID, HostCity: "Warsaw", HostCountry: "PL",
			Status: mission.StatusCallOpen, Published: true, StartsOn: date(2026, 5, 4), EndsOn: date(2026, 5, 15),
			Themes: []string{"cybersecurity"}, TimeZone: "Europe/Warsaw"}
		o := &mission.ExchangeOffer{Topic: "Security audits for SMEs", LearningGoals: "Run a member audit service", MinDays: 5, MaxDays: 10, Places: 1}
		must(t, db.CreateExchangeOffer(ctx, m, o, hostPerson.ID))
		if m.Kind != mission.MissionExchange || o.MissionID != m.ID {
			t.Fatalf("got kind %q and offer mission %d, want exchange and %d", m.Kind, o.MissionID, m.ID)
		}
		hosts, err := db.MissionMembers(ctx, m.ID, mission.RoleHost)
		must(t, err)
		if len(hosts) != 1 || hosts[0].PersonID != hostPerson.ID {
			t.Errorf("got hosts %+v, want the publishing person", hosts)
		}
		// A second offer, unpublished: search does not find it.
		draft := &mission.Mission{Title: "Hidden", HostOrganisationID: host.ID, HostCity: "Warsaw", HostCountry: "PL",
			Status: mission.StatusCallOpen, StartsOn: date(2026, 6, 1), EndsOn: date(2026, 6, 5)}
		must(t, db.CreateExchangeOffer(ctx, draft, &mission.ExchangeOffer{Topic: "Security", MinDays: 3, MaxDays: 5, Places: 1}, hostPerson.ID))
		wantCode(t, db.CreateExchangeOffer(ctx, &mission.Mission{Title: "X", HostOrganisationID: host.ID, HostCity: "W", HostCountry: "PL",
			StartsOn: date(2026, 6, 1), EndsOn: date(2026, 6, 5)}, &mission.ExchangeOffer{Topic: "T", MinDays: 5, MaxDays: 3, Places: 1}, hostPerson.ID), mission.EINVALID)

		search := []struct {
			f    mission.ExchangeOfferFilter
			want int
		}{
			{mission.ExchangeOfferFilter{}, 1},
			{mission.ExchangeOfferFilter{Query: "AUDIT smes"}, 1},
			{mission.ExchangeOfferFilter{Query: "robots"}, 0},
			{mission.ExchangeOfferFilter{Query: "50%"}, 0},
			{mission.ExchangeOfferFilter{Country: "pl"}, 1},
			{mission.ExchangeOfferFilter{Country: "ES"}, 0},
			{mission.ExchangeOfferFilter{Ecosystem: "cybersecurity"}, 1},
			{mission.ExchangeOfferFilter{Ecosystem: "textiles"}, 0},
		}
		for _, s := range search {
			got, err := db.ExchangeOffers(ctx, s.f)
			must(t, err)
			if len(got) != s.want {
				t.Errorf("ExchangeOffers(%+v): got %d, want %d", s.f, len(got), s.want)
			}
		}
		got, err := db.ExchangeOffer(ctx, m.ID)
		must(t, err)
		if got.Topic != o.Topic || got.Host.Name != "Mazovia Cluster ICT" || got.Mission.Title != "Cybersecurity services" {
			t.Errorf("got %+v, want the offer with its mission and host", got)
		}
		_, err = db.ExchangeOffer(ctx, 9999)
		wantCode(t, err, mission.ENOTFOUND)
		wantCode(t, db.AddExchangeOffer(ctx, &mission.ExchangeOffer{MissionID: m.ID, Topic: "Again", MinDays: 1, MaxDays: 2, Places: 1}), mission.ECONFLICT)
		delegation := newMission(t, db, host.ID, "A delegation")
		wantCode(t, db.AddExchangeOffer(ctx, &mission.ExchangeOffer{MissionID: delegation.ID, Topic: "No", MinDays: 1, MaxDays: 2, Places: 1}), mission.EINVALID)
		bare := &mission.Mission{Title: "Bare exchange", Kind: mission.MissionExchange, HostOrganisationID: host.ID, HostCity: "Warsaw",
			HostCountry: "PL", StartsOn: date(2026, 7, 6), EndsOn: date(2026, 7, 10)}
		must(t, db.CreateMission(ctx, bare))
		must(t, db.AddExchangeOffer(ctx, &mission.ExchangeOffer{MissionID: bare.ID, Topic: "Later offer", MinDays: 3, MaxDays: 5, Places: 1}))
		if got, err := db.ExchangeOffer(ctx, bare.ID); err != nil || got.Topic != "Later offer" {
			t.Errorf("got %+v (%v), want the added offer", got, err)
		}

		// A draft application cannot be matched.
		at := time.Date(2026, 4, 1, 10, 0, 0, 0, time.UTC)
		olga := newAccount(t, db, "olga@example.it")
		d := &mission.Application{MissionID: m.ID, PersonID: olga.PersonID}
		must(t, db.CreateApplication(ctx, d))
		_, err = db.ConfirmExchange(ctx, d.ID, mission.PartyHost, hanna.ID, at)
		wantCode(t, err, mission.ECONFLICT)

		// The visitor applies: submitted, with the transition recorded.
		a := &mission.Application{MissionID: m.ID, PersonID: visitor.PersonID, Motivation: "I run audits."}
		must(t, db.ApplyToExchange(ctx, a, at))
		if a.Status != mission.AppSubmitted || a.ID == 0 {
			t.Fatalf("got %+v, want a submitted application", a)
		}
		trs, err := db.ApplicationTransitions(ctx, a.ID)
		must(t, err)
		if len(trs) != 1 || trs[0].From != mission.AppDraft || trs[0].To != mission.AppSubmitted || trs[0].ByPersonID != visitor.PersonID {
			t.Errorf("got transitions %+v, want draft to submitted by the visitor", trs)
		}
		wantCode(t, db.ApplyToExchange(ctx, &mission.Application{MissionID: m.ID, PersonID: visitor.PersonID}, at), mission.ECONFLICT)
		wantCode(t, db.ApplyToExchange(ctx, &mission.Application{MissionID: 9999, PersonID: visitor.PersonID}, at), mission.ENOTFOUND)
		closed := "selection"
		_, err = db.UpdateMission(ctx, draft.ID, mission.MissionUpdate{Status: &closed})
		must(t, err)
		wantCode(t, db.ApplyToExchange(ctx, &mission.Application{MissionID: draft.ID, PersonID: visitor.PersonID}, at), mission.ECONFLICT)
		x, err := db.Exchange(ctx, a.ID)
		must(t, err)
		if x.Matched() || x.Application.Person.ID != visitor.PersonID {
			t.Errorf("got %+v, want an unmatched exchange of the visitor", x)
		}
		// Goals, then a signature before the match: refused.
		must(t, db.SetExchangeGoals(ctx, a.ID, "Design an audit service.", at))
		_, err = db.SignCommitment(ctx, a.ID, mission.QualitySignature{Party: mission.PartyVisitor, AccountID: visitor.ID, Name: "V"}, nil)
		wantCode(t, err, mission.ECONFLICT)

		x, err = db.ConfirmExchange(ctx, a.ID, mission.PartyHost, hanna.ID, at)
		must(t, err)
		if x.HostConfirmedBy != hanna.ID || !x.HostConfirmedAt.Equal(at) || x.Matched() {
			t.Errorf("got %+v, want the host's confirmation only", x)
		}
		_, err = db.ConfirmExchange(ctx, a.ID, mission.PartyHost, hanna.ID, at)
		wantCode(t, err, mission.ECONFLICT)
		x, err = db.ConfirmExchange(ctx, a.ID, mission.PartyVisitor, visitor.ID, at.Add(time.Hour))
		must(t, err)
		if !x.Matched() || x.VisitorConfirmedBy != visitor.ID {
			t.Errorf("got %+v, want a confirmed match", x)
		}
		_, err = db.ConfirmExchange(ctx, a.ID, mission.PartyVisitorPartner, partner.ID, at)
		wantCode(t, err, mission.EINVALID)

		e := &mission.AuditEntry{AccountID: visitor.ID, Action: "commitment.sign", TargetType: "exchange", TargetID: a.ID}
		x, err = db.SignCommitment(ctx, a.ID, mission.QualitySignature{Party: mission.PartyVisitor, AccountID: visitor.ID,
			Name: "Victor Visitor", SignedAt: at.Add(2 * time.Hour)}, e)
		must(t, err)
		if s := x.Signature(mission.PartyVisitor); s == nil || s.AccountID != visitor.ID || s.Name != "Victor Visitor" || !s.SignedAt.Equal(at.Add(2*time.Hour)) {
			t.Errorf("got signature %+v, want the visitor's", s)
		}
		if e.ID == 0 {
			t.Error("the audit entry was not written")
		}
		_, err = db.SignCommitment(ctx, a.ID, mission.QualitySignature{Party: mission.PartyVisitor, AccountID: visitor.ID, Name: "V"}, nil)
		wantCode(t, err, mission.ECONFLICT)
		_, err = db.SignCommitment(ctx, a.ID, mission.QualitySignature{Party: "witness", AccountID: visitor.ID, Name: "V"}, nil)
		wantCode(t, err, mission.EINVALID)
		// Signed goals are fixed.
		wantCode(t, db.SetExchangeGoals(ctx, a.ID, "Something else", at), mission.ECONFLICT)
		for _, p := range []string{mission.PartyHost, mission.PartyVisitorPartner, mission.PartyHostPartner} {
			_, err = db.SignCommitment(ctx, a.ID, mission.QualitySignature{Party: p, AccountID: partner.ID, Name: "Pat"}, nil)
			must(t, err)
		}
		x, err = db.Exchange(ctx, a.ID)
		must(t, err)
		if len(x.Signatures) != 4 || x.Goals != "Design an audit service." {
			t.Errorf("got %d signatures and goals %q, want 4 and the goals", len(x.Signatures), x.Goals)
		}
		// An application to a mission that is no exchange is no exchange.
		other := newMission(t, db, host.ID, "Delegation")
		b := &mission.Application{MissionID: other.ID, PersonID: visitor.PersonID}
		must(t, db.CreateApplication(ctx, b))
		_, err = db.Exchange(ctx, b.ID)
		wantCode(t, err, mission.ENOTFOUND)
	})
}
