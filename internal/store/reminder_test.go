package store

import (
	"strings"
	"testing"
	"time"

	"caravan/internal/mission"
)

// claimWorld is callWorld with three confirmed participants, each with a
// grant of EUR 395 paid by Pôle SCS.
func claimWorld(t *testing.T, db *DB) (*callWorld, []*mission.Application, []*mission.Grant) {
	t.Helper()
	w := newCallWorld(t, db)
	seedGrantRuleSet(t, db)
	setBudget(t, db, w.scs.ID, 200000)
	_, err := db.SQL().ExecContext(t.Context(), "UPDATE missions SET capacity = 10 WHERE id = $1", w.m.ID)
	must(t, err)
	_, err = db.SQL().ExecContext(t.Context(), "UPDATE mission_quotas SET places = 8 WHERE mission_id = $1", w.m.ID)
	must(t, err)
	var apps []*mission.Application
	var grants []*mission.Grant
	for _, name := range []string{"Anna One", "Bruno Two", "Carla Three"} {
		a := w.confirmed(t, w.frSME, name)
		g := &mission.Grant{MissionID: w.m.ID, ApplicationID: a.ID, PartnerID: w.scs.ID, RuleSetID: "erasmus-2024",
			RuleSetVersion: 1, AmountCents: 39500, DistanceKM: 2395, CommittedBy: w.organiser.ID}
		must(t, db.CommitGrant(t.Context(), g, 0))
		apps, grants = append(apps, a), append(grants, g)
	}
	return w, apps, grants
}

// scsBudget returns Pôle SCS's line of the budget.
func scsBudget(t *testing.T, db *DB, w *callWorld) mission.PartnerBudget {
	t.Helper()
	b, err := db.Budget(t.Context(), w.m.ConsortiumID)
	must(t, err)
	for _, p := range b.Partners {
		if p.PartnerID == w.scs.ID {
			return p
		}
	}
	t.Fatal("no budget line of Pôle SCS")
	return mission.PartnerBudget{}
}

// TestClaimMovesGrant follows a claim through submission, sending back,
// approval for less than the grant and payment, and checks that the grant
// and the partner's budget move with it.
func TestClaimMovesGrant(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w, apps, grants := claimWorld(t, db)
		at := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
		r := &mission.ClosingReport{ApplicationID: apps[0].ID, Achieved: "Two pilots", MeetingsThatMattered: "Ikerlan", NextSteps: "Proposal"}
		must(t, db.SaveClosingReport(ctx, r))
		must(t, db.AddEvidence(ctx, &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "image/png", Content: pngBytes, UploadedAt: at}))
		must(t, db.SubmitClosingReport(ctx, r.ID, at))
		if b := scsBudget(t, db, w); b.ClaimedCents != 39500 || b.CommittedCents != 2*39500 {
			t.Errorf("after submitting: claimed %d, committed %d; want 39500 and 79000", b.ClaimedCents, b.CommittedCents)
		}
		must(t, db.SendBackClosingReport(ctx, ReportReview{ReportID: r.ID, ByPersonID: w.organiser.ID, Reason: "Add the hotel invoice.", At: at}))
		if g, _ := db.Grant(ctx, grants[0].ID); g.Status != mission.GrantCommitted {
			t.Errorf("sent back: grant %s, want committed", g.Status)
		}
		must(t, db.SubmitClosingReport(ctx, r.ID, at))
		review := ReportReview{ReportID: r.ID, ByPersonID: w.organiser.ID, At: at}
		review.AmountCents = 39501
		wantCode(t, db.ApproveClosingReport(ctx, review), mission.EINVALID)
		review.AmountCents = 30000
		wantCode(t, db.ApproveClosingReport(ctx, review), mission.EINVALID) // less needs a reason
		review.Reason = "The return flight was not taken."
		must(t, db.ApproveClosingReport(ctx, review))
		g, err := db.Grant(ctx, grants[0].ID)
		must(t, err)
		if g.Status != mission.GrantClaimed || g.AmountCents != 30000 {
			t.Errorf("approved: grant %s for %d, want claimed for 30000", g.Status, g.AmountCents)
		}
		if b := scsBudget(t, db, w); b.ClaimedCents != 30000 || b.LeftCents != 200000-30000-2*39500 {
			t.Errorf("approved: claimed %d, left %d; want 30000 and %d", b.ClaimedCents, b.LeftCents, 200000-30000-2*39500)
		}
		must(t, db.MarkClaimsPaid(ctx, []int64{r.ID}, w.organiser.ID, 0, at))
		if b := scsBudget(t, db, w); b.PaidCents != 30000 || b.ClaimedCents != 0 {
			t.Errorf("paid: paid %d, claimed %d; want 30000 and 0", b.PaidCents, b.ClaimedCents)
		}
		claims, err := db.Claims(ctx, ClaimFilter{MissionID: w.m.ID, Paid: true})
		must(t, err)
		if len(claims) != 1 || claims[0].GrantStatus != mission.GrantPaid || claims[0].PartnerName != "Pôle SCS" || claims[0].Evidence != 1 {
			t.Errorf("paid claims %+v, want Anna's, paid by Pôle SCS with one file", claims)
		}
	})
}

// TestClaimReminders runs the reminder query on a fixed clock: nothing
// before a week after the mission, then one reminder per participant and
// period, none for a submitted report or a place without a grant, and no
// second one within the period even when asked to record it.
func TestClaimReminders(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		w, apps, _ := claimWorld(t, db)
		w.confirmed(t, w.frSME, "Dora NoGrant") // a confirmed place without a grant is never reminded
		const week = 7 * 24 * time.Hour
		open := w.m.ClaimsOpenAt() // 13 March 2026, 00:00 in Madrid
		if want := time.Date(2026, 3, 12, 23, 0, 0, 0, time.UTC); !open.Equal(want) {
			t.Fatalf("claims open at %v, want %v", open, want)
		}
		// Bruno wrote everything but uploaded nothing; Carla submitted.
		bruno := &mission.ClosingReport{ApplicationID: apps[1].ID, Achieved: "a", MeetingsThatMattered: "b", NextSteps: "c"}
		must(t, db.SaveClosingReport(ctx, bruno))
		submit := func(a *mission.Application, at time.Time) {
			t.Helper()
			r := &mission.ClosingReport{ApplicationID: a.ID, Achieved: "a", MeetingsThatMattered: "b", NextSteps: "c"}
			must(t, db.SaveClosingReport(ctx, r))
			must(t, db.AddEvidence(ctx, &mission.Evidence{ReportID: r.ID, Kind: mission.EvidenceInvoice, ContentType: "image/png", Content: pngBytes}))
			must(t, db.SubmitClosingReport(ctx, r.ID, at))
		}
		submit(apps[2], open)

		due := func(at time.Time) map[int64]ClaimReminder {
			t.Helper()
			list, err := db.DueClaimReminders(ctx, at, week, 3)
			must(t, err)
			out := map[int64]ClaimReminder{}
			for _, rm := range list {
				out[rm.ApplicationID] = rm
			}
			return out
		}
		remindAll := func(at time.Time) {
			t.Helper()
			for _, rm := range due(at) {
				_, err := db.RecordClaimReminder(ctx, rm, &mission.Email{ToAddress: rm.Email, Subject: "Reminder", TextBody: "x"}, at, week)
				must(t, err)
			}
		}
		if got := due(open.Add(week - time.Second)); len(got) != 0 {
			t.Fatalf("a second before a week after the mission: %d due, want none", len(got))
		}
		first := open.Add(week)
		got := due(first)
		if len(got) != 2 || got[apps[0].ID].Missing != mission.ReminderReport || got[apps[1].ID].Missing != mission.ReminderEvidence {
			t.Fatalf("a week after: %+v, want Anna (report) and Bruno (evidence)", got)
		}
		for _, rm := range got {
			sent, err := db.RecordClaimReminder(ctx, rm, &mission.Email{ToAddress: rm.Email, Subject: "Reminder " + rm.Missing, TextBody: "x"}, first, week)
			must(t, err)
			if !sent {
				t.Errorf("first reminder of %s not recorded", rm.PersonName)
			}
		}
		// Within the period: nothing is due, and a second node's late record sends nothing.
		if got := due(first.Add(week - time.Second)); len(got) != 0 {
			t.Errorf("within the period: %d due, want none", len(got))
		}
		sent, err := db.RecordClaimReminder(ctx, got[apps[0].ID], &mission.Email{ToAddress: "x@example.org", Subject: "dup", TextBody: "x"}, first.Add(time.Hour), week)
		must(t, err)
		if sent {
			t.Error("a second reminder within the period was recorded")
		}
		mails, err := db.Emails(ctx, mission.EmailFilter{})
		must(t, err)
		reminders := 0
		for _, m := range mails {
			if strings.HasPrefix(m.Subject, "Reminder") || m.Subject == "dup" {
				reminders++
			}
		}
		if reminders != 2 {
			t.Errorf("%d reminders queued, want 2", reminders)
		}
		// Next period: both again; then Anna submits and is reminded no more.
		second := first.Add(week)
		if got := due(second); len(got) != 2 || got[apps[0].ID].SentCount != 1 {
			t.Errorf("second period: %+v, want both, reminded once so far", got)
		}
		remindAll(second)
		submit(apps[0], second)
		third := second.Add(week)
		if got := due(third); len(got) != 1 || got[apps[1].ID].SentCount != 2 {
			t.Errorf("third period: %+v, want Bruno only, reminded twice so far", got)
		}
		// At most max (3) reminders each.
		remindAll(third)
		if got := due(third.Add(week)); len(got) != 0 {
			t.Errorf("after three reminders: %+v, want none", got)
		}
	})
}
