package main

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"caravan/internal/demo"
	"caravan/internal/mission"
	"caravan/internal/testdb"
	"caravan/internal/web"
)

// TestClaimReminderLoop runs serve's reminder step on the demo with a fixed
// clock: the two Basque participants whose grants are committed but whose
// reports are missing or a draft get one reminder each, and running the
// step again (a restart, a second node) in the same week sends none.
func TestClaimReminderLoop(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := t.Context()
		db := testdb.Open(t, dsn)
		now := time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)
		if _, err := demo.Seed(ctx, db, now); err != nil {
			t.Fatal(err)
		}
		app, err := web.New(db, nil)
		must(t, err)
		logger := slog.New(slog.NewTextHandler(io.Discard, nil))
		reminders := func() []*mission.Email {
			t.Helper()
			mails, err := db.Emails(ctx, mission.EmailFilter{})
			must(t, err)
			var out []*mission.Email
			for _, m := range mails {
				if strings.HasPrefix(m.Subject, "Reminder:") {
					out = append(out, m)
				}
			}
			return out
		}
		sendClaimReminders(ctx, app, "http://127.0.0.1:8080", now, logger)
		got := reminders()
		if len(got) != 2 {
			t.Fatalf("%d reminders queued, want 2", len(got))
		}
		for _, m := range got {
			if !strings.Contains(m.TextBody, "http://127.0.0.1:8080/missions/") || !strings.Contains(m.TextBody, "/closing-report") {
				t.Errorf("reminder to %s lacks the closing report link: %s", m.ToAddress, m.TextBody)
			}
		}
		sendClaimReminders(ctx, app, "http://127.0.0.1:8080", now.Add(6*24*time.Hour), logger)
		if n := len(reminders()); n != 2 {
			t.Errorf("%d reminders after a second run within the week, want 2", n)
		}
		sendClaimReminders(ctx, app, "http://127.0.0.1:8080", now.Add(web.ClaimReminderEvery), logger)
		if n := len(reminders()); n != 4 {
			t.Errorf("%d reminders a week later, want 4", n)
		}
	})
}
