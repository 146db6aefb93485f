package demo_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/testdb"
)

// seedAccounts seeds the demo with its accounts.
func seedAccounts(t *testing.T, dsn string) (*store.DB, *demo.Info) {
	t.Helper()
	db, info := seed(t, dsn)
	if err := demo.SeedAccounts(t.Context(), db, created); err != nil {
		t.Fatalf("seed accounts: %v", err)
	}
	return db, info
}

func personOf(t *testing.T, db *store.DB, role string) *mission.Person {
	t.Helper()
	acc, err := db.AccountByEmail(t.Context(), role+"@demo.example")
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.Person(t.Context(), acc.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTourParticipant checks what the participant account finds of its
// own in the past Basque mission: an eligible place, meetings that double-
// book nobody and no table, one outcome recorded, a grant paid by the
// organiser account's organisation and a draft closing report; and a
// request in each direction in the upcoming mission.
func TestTourParticipant(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db, info := seedAccounts(t, dsn)
		ctx := t.Context()
		paula, leire, otto := personOf(t, db, "participant"), personOf(t, db, "local"), personOf(t, db, "organiser")

		apps, err := db.Applications(ctx, mission.ApplicationFilter{MissionID: info.BasqueMissionID, PersonID: paula.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(apps) != 1 || apps[0].Status != mission.AppConfirmed || !apps[0].Eligibility.Passed {
			t.Fatalf("got Paula's Basque applications %+v, want one confirmed that passes eligibility", apps)
		}
		if o := paula.Organisation; o == nil || o.Kind != mission.KindSME || len(o.ClusterIDs) == 0 {
			t.Errorf("got Paula's organisation %+v, want an SME that is a cluster's member", o)
		}

		meetings, err := db.Meetings(ctx, info.BasqueMissionID)
		if err != nil {
			t.Fatal(err)
		}
		// A table is named by its label ("Gorbea 3") or, in the demo's
		// generated meetings, "T3": both are table 3.
		sessions, err := db.B2BSessions(ctx, info.BasqueMissionID)
		if err != nil {
			t.Fatal(err)
		}
		number := map[string]int{}
		for _, sess := range sessions {
			for _, tb := range sess.Tables {
				number[fmt.Sprintf("%d/%s", sess.Item.ID, tb.Label())] = tb.Number
			}
		}
		type at struct {
			key   string
			start string
		}
		taken := map[at]int64{}
		var hers []*mission.Meeting
		withLeire := false
		for _, mt := range meetings {
			// No person and no table twice at overlapping times (the
			// sessions' slots are back to back, so equal starts).
			for _, p := range mt.PersonIDs {
				k := at{fmt.Sprint("person ", p), mt.StartsAt.String()}
				if other, ok := taken[k]; ok {
					t.Errorf("person %d has meetings %d and %d at %v", p, other, mt.ID, mt.StartsAt)
				}
				taken[k] = mt.ID
			}
			if mt.Table != "" {
				n, ok := number[fmt.Sprintf("%d/%s", mt.SessionItemID, mt.Table)]
				if !ok {
					n, err = strconv.Atoi(strings.TrimPrefix(mt.Table, "T"))
					if err != nil {
						t.Fatalf("meeting %d is at table %q, which is no table of session %d", mt.ID, mt.Table, mt.SessionItemID)
					}
				}
				k := at{fmt.Sprintf("table %d/%d", mt.SessionItemID, n), mt.StartsAt.String()}
				if other, ok := taken[k]; ok {
					t.Errorf("table %q has meetings %d and %d at %v", mt.Table, other, mt.ID, mt.StartsAt)
				}
				taken[k] = mt.ID
			}
			for _, p := range mt.PersonIDs {
				if p == paula.ID {
					hers = append(hers, mt)
					withLeire = withLeire || len(mt.PersonIDs) == 2 && (mt.PersonIDs[0] == leire.ID || mt.PersonIDs[1] == leire.ID)
				}
			}
		}
		if len(hers) < 3 || !withLeire {
			t.Fatalf("got %d meetings of Paula's, with Leire %v; want at least 3, one with Leire", len(hers), withLeire)
		}
		for _, mt := range hers {
			if mt.SessionItemID == 0 || mt.RequestID == 0 || mt.Table == "" {
				t.Errorf("got meeting %+v, want it in a B2B session at a table, for a request", mt)
			}
		}
		outcomes, err := db.MeetingOutcomes(ctx, info.BasqueMissionID)
		if err != nil {
			t.Fatal(err)
		}
		recorded := 0
		for _, o := range outcomes {
			if o.PersonID == paula.ID {
				recorded++
			}
		}
		if recorded != 1 {
			t.Errorf("Paula recorded %d outcomes, want 1 (the others wait for her)", recorded)
		}
		if r, err := db.FeedbackResponse(ctx, info.BasqueMissionID, paula.ID); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("got Paula's feedback %+v (%v), want none yet", r, err)
		}

		grants, err := db.MissionGrants(ctx, info.BasqueMissionID)
		if err != nil {
			t.Fatal(err)
		}
		g := grants[apps[0].ID]
		if g == nil {
			t.Fatalf("Paula has no grant; got grants of applications %v", grants)
		}
		c, err := db.Consortium(ctx, info.ConsortiumID)
		if err != nil {
			t.Fatal(err)
		}
		var payer int64
		for _, p := range c.Partners {
			if p.ID == g.PartnerID {
				payer = p.OrganisationID
			}
		}
		if g.AmountCents <= 0 || payer != otto.OrganisationID {
			t.Errorf("got grant of %d cents paid by organisation %d, want a grant paid by the organiser account's organisation %d", g.AmountCents, payer, otto.OrganisationID)
		}
		r, err := db.ApplicationClosingReport(ctx, apps[0].ID)
		if err != nil {
			t.Fatalf("Paula's closing report: %v", err)
		}
		if r.Status != mission.ReportDraft {
			t.Errorf("got Paula's report %s, want a draft", r.Status)
		}

		// Leire has a request to answer in the Basque mission.
		pending := 0
		reqs, err := db.MeetingRequests(ctx, info.BasqueMissionID, leire.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reqs {
			if r.ToPersonID == leire.ID && r.Status == mission.RequestPending {
				pending++
			}
		}
		if pending != 1 {
			t.Errorf("Leire has %d pending requests, want 1", pending)
		}

		// Upcoming mission: one request received, one sent, both pending.
		reqs, err = db.MeetingRequests(ctx, info.UpcomingMissionID, paula.ID)
		if err != nil {
			t.Fatal(err)
		}
		var in, out int
		for _, r := range reqs {
			switch {
			case r.Status != mission.RequestPending:
			case r.ToPersonID == paula.ID:
				in++
			case r.FromPersonID == paula.ID:
				out++
			}
		}
		if in != 1 || out != 1 {
			t.Errorf("got %d received and %d sent pending requests in the upcoming mission, want 1 and 1", in, out)
		}
	})
}

// TestTourDeterministic seeds the demo with its accounts twice on the same
// day and compares the databases, leaving out the password hashes (salted
// at random).
func TestTourDeterministic(t *testing.T) {
	a, _ := seedAccounts(t, testdb.SQLite(t))
	b, _ := seedAccounts(t, testdb.SQLite(t))
	for _, db := range []*store.DB{a, b} {
		if _, err := db.SQL().ExecContext(t.Context(), "UPDATE accounts SET password_hash = ''"); err != nil {
			t.Fatal(err)
		}
	}
	if da, db := dump(t, a.SQL()), dump(t, b.SQL()); da != db {
		t.Fatalf("two seeds with accounts on the same day differ:\n%s", firstDiff(da, db))
	}
}
