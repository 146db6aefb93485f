package web

import (
	"context"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/mail"
	"caravan/internal/mission"
)

// Reminders of missing closing reports and evidence, which `caravan serve`
// sends from a background loop (cmd/caravan/remind.go).

// ClaimReminderEvery is how long after a mission's claims open the first
// reminder goes out, and the least time between two reminders of one
// participant.
const ClaimReminderEvery = 7 * 24 * time.Hour

// ClaimReminderMax is how many reminders one participant gets at most.
const ClaimReminderMax = 6

// SendClaimReminders queues one reminder e-mail, in the participant's
// language, to each participant whose closing report or evidence is due
// at now (store.DueClaimReminders), each recorded with its e-mail in one
// transaction so that no restart or second node sends it twice in a
// period. Links start with the server's BaseURL, else with base. It
// returns how many it queued.
func (s *Server) SendClaimReminders(ctx context.Context, now time.Time, base string) (int, error) {
	due, err := s.db.DueClaimReminders(ctx, now, ClaimReminderEvery, ClaimReminderMax)
	if err != nil {
		return 0, err
	}
	if s.baseURL != "" {
		base = s.baseURL
	}
	n := 0
	for _, rm := range due {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		l := s.bundle.Localizer(langOr(rm.Language, i18n.DefaultLanguage.String()))
		msg, err := s.mailer.Render(l, rm.Email, rm.PersonName, mail.ClaimReminderData{Name: rm.PersonName, Mission: rm.MissionTitle,
			Missing: rm.Missing, Link: base + claimPath(rm.MissionID)})
		if err != nil {
			return n, err
		}
		e := &mission.Email{ToAddress: msg.To, ToName: msg.ToName, Subject: msg.Subject, TextBody: msg.Text, HTMLBody: msg.HTML,
			Language: msg.Language, Headers: msg.Headers, CreatedAt: now}
		sent, err := s.db.RecordClaimReminder(ctx, rm, e, now, ClaimReminderEvery)
		if err != nil {
			return n, err
		}
		if sent {
			n++
		}
	}
	return n, nil
}
