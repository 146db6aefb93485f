package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// Reminders of missing closing reports and evidence (migration 0014): one
// row per exchange records how often and when its participant was last
// reminded, so that neither a restart nor a second node reminds twice in
// one period.

// ClaimReminder is a participant to remind of a claim after a mission:
// what is missing (mission.ReminderReport or ReminderEvidence) and where
// to write.
type ClaimReminder struct {
	ApplicationID int64
	MissionID     int64
	MissionTitle  string
	PersonID      int64
	PersonName    string
	Email         string
	Language      string // the account's saved language, "" when none
	Missing       string
	SentCount     int
	LastSentAt    time.Time
}

// DueClaimReminders returns the participants to remind at now: those of a
// confirmed application with a committed grant (its claim not filed, or
// sent back) whose closing report is missing or not submitted, on missions
// whose claims opened (mission.ClaimsOpenAt) at least every before now,
// reminded fewer than max times and not within every before now. Missing is
// "evidence" when the report's texts are complete but no file backs it,
// else "report".
func (db *DB) DueClaimReminders(ctx context.Context, now time.Time, every time.Duration, max int) ([]ClaimReminder, error) {
	now = now.UTC()
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, a.mission_id, m.title, m.ends_on, m.time_zone, a.person_id, p.name, p.email,
		COALESCE(ac.language, ''), COALESCE(r.achieved, ''), COALESCE(r.meetings_that_mattered, ''), COALESCE(r.next_steps, ''),
		(SELECT COUNT(*) FROM evidence_files e WHERE e.report_id = r.id), COALESCE(cr.sent_count, 0), cr.last_sent_at
		FROM applications a
		JOIN missions m ON m.id = a.mission_id
		JOIN persons p ON p.id = a.person_id
		JOIN grants g ON g.application_id = a.id AND g.status = 'committed'
		LEFT JOIN accounts ac ON ac.person_id = p.id
		LEFT JOIN closing_reports r ON r.application_id = a.id
		LEFT JOIN claim_reminders cr ON cr.application_id = a.id
		WHERE a.status = 'confirmed' AND m.ends_on IS NOT NULL AND m.ends_on < $1
			AND (r.id IS NULL OR r.status IN ('draft', 'sent_back')) AND COALESCE(cr.sent_count, 0) < $2
		ORDER BY a.id`, day(now), max)
	if err != nil {
		return nil, fmt.Errorf("due claim reminders: %w", err)
	}
	defer rows.Close()
	var out []ClaimReminder
	for rows.Next() {
		var rm ClaimReminder
		var m mission.Mission
		var achieved, meetings, next string
		var files int
		if err := rows.Scan(&rm.ApplicationID, &rm.MissionID, &rm.MissionTitle, timeValue{&m.EndsOn}, &m.TimeZone, &rm.PersonID,
			&rm.PersonName, &rm.Email, &rm.Language, &achieved, &meetings, &next, &files, &rm.SentCount, timeValue{&rm.LastSentAt}); err != nil {
			return nil, fmt.Errorf("due claim reminders: %w", err)
		}
		if now.Before(m.ClaimsOpenAt().Add(every)) || (!rm.LastSentAt.IsZero() && now.Before(rm.LastSentAt.Add(every))) || rm.Email == "" {
			continue
		}
		rm.Missing = mission.ReminderReport
		if achieved != "" && meetings != "" && next != "" && files == 0 {
			rm.Missing = mission.ReminderEvidence
		}
		out = append(out, rm)
	}
	return out, rows.Err()
}

// RecordClaimReminder records a reminder of rm's application at now and
// queues its e-mail in the same transaction, unless the application was
// reminded within every before now (by another node, say): then it queues
// nothing and returns false.
func (db *DB) RecordClaimReminder(ctx context.Context, rm ClaimReminder, email *mission.Email, now time.Time, every time.Duration) (bool, error) {
	now = stamp(now)
	sent := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, `INSERT INTO claim_reminders (application_id, sent_count, last_missing, last_sent_at) VALUES ($1, 1, $2, $3)
			ON CONFLICT (application_id) DO UPDATE SET sent_count = claim_reminders.sent_count + 1,
				last_missing = excluded.last_missing, last_sent_at = excluded.last_sent_at
			WHERE claim_reminders.last_sent_at <= $4 RETURNING sent_count`,
			rm.ApplicationID, rm.Missing, ts(now), ts(now.Add(-every))).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return fmt.Errorf("record claim reminder of application %d: %w", rm.ApplicationID, dbError(err, "", "The application does not exist."))
		}
		sent = true
		return enqueueEmail(ctx, tx, email)
	})
	if err == nil && sent {
		db.notifyEmailQueued()
	}
	return sent, err
}
