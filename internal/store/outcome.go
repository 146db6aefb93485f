package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// Meeting outcomes (migration 0015): what each person of a meeting recorded
// after it.

// SaveMeetingOutcome records or changes o, one person's outcome of a
// meeting of the mission, as of o.UpdatedAt (now when zero). Only the
// meeting's people record one: a meeting of another mission, or one the
// person is not in, is ENOTFOUND; before the meeting has ended it is
// ECONFLICT. It sets o.CreatedAt to when the record was first made.
func (db *DB) SaveMeetingOutcome(ctx context.Context, missionID int64, o *mission.MeetingOutcome) error {
	if err := o.Validate(); err != nil {
		return err
	}
	now := stamp(o.UpdatedAt)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var ends time.Time
		err := tx.QueryRowContext(ctx, `SELECT m.ends_at FROM meetings m JOIN meeting_participants mp ON mp.meeting_id = m.id
			WHERE m.id = $1 AND m.mission_id = $2 AND mp.person_id = $3`, o.MeetingID, missionID, o.PersonID).Scan(timeValue{&ends})
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("meeting", o.MeetingID)
		} else if err != nil {
			return err
		}
		if now.Before(ends) {
			return mission.Errorf(mission.ECONFLICT, "The meeting has not ended yet: record its outcome afterwards.")
		}
		return tx.QueryRowContext(ctx, `INSERT INTO meeting_outcomes (meeting_id, person_id, held, outcome, note, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6)
			ON CONFLICT (meeting_id, person_id) DO UPDATE SET held = excluded.held, outcome = excluded.outcome,
				note = excluded.note, updated_at = excluded.updated_at
			RETURNING created_at`, o.MeetingID, o.PersonID, o.Held, o.Outcome, o.Note, ts(now)).Scan(timeValue{&o.CreatedAt})
	})
	if err != nil {
		return fmt.Errorf("save outcome of meeting %d: %w", o.MeetingID, dbError(err, "", "The meeting or the person does not exist."))
	}
	o.UpdatedAt = now
	return nil
}

// MeetingOutcomes returns every outcome recorded for a mission's meetings,
// ordered by meeting and person.
func (db *DB) MeetingOutcomes(ctx context.Context, missionID int64) ([]*mission.MeetingOutcome, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT o.meeting_id, o.person_id, o.held, o.outcome, o.note, o.created_at, o.updated_at
		FROM meeting_outcomes o JOIN meetings m ON m.id = o.meeting_id WHERE m.mission_id = $1 ORDER BY o.meeting_id, o.person_id`, missionID)
	if err != nil {
		return nil, fmt.Errorf("meeting outcomes of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.MeetingOutcome
	for rows.Next() {
		o := &mission.MeetingOutcome{}
		if err := rows.Scan(&o.MeetingID, &o.PersonID, &o.Held, &o.Outcome, &o.Note, timeValue{&o.CreatedAt}, timeValue{&o.UpdatedAt}); err != nil {
			return nil, fmt.Errorf("meeting outcomes of mission %d: %w", missionID, err)
		}
		list = append(list, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("meeting outcomes of mission %d: %w", missionID, err)
	}
	return list, nil
}
