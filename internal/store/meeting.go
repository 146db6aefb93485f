package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"caravan/internal/mission"
)

var requestStatuses = []string{mission.RequestPending, mission.RequestAccepted, mission.RequestDeclined, mission.RequestExpired, mission.RequestCancelled}

// CreateMeetingRequest validates r (priority should and status pending when
// empty) and inserts it; it sets r.ID, and CreatedAt when zero. A person asks
// another for a meeting once per mission: a second request is ECONFLICT. A
// mission or person that does not exist is EINVALID.
func (db *DB) CreateMeetingRequest(ctx context.Context, r *mission.MeetingRequest) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if !contains(requestStatuses, r.Status) {
		return mission.FieldError("status", "Status must be one of %s.", strings.Join(requestStatuses, ", "))
	}
	created := stamp(r.CreatedAt)
	err := db.db.QueryRowContext(ctx, `INSERT INTO meeting_requests
		(mission_id, from_person_id, to_person_id, message, priority, status, reason, created_at, answered_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		r.MissionID, r.FromPersonID, r.ToPersonID, r.Message, r.Priority, r.Status, r.Reason, ts(created), ts(r.AnsweredAt),
	).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("create meeting request: %w", dbError(err,
			fmt.Sprintf("Person %d has already asked person %d for a meeting on mission %d.", r.FromPersonID, r.ToPersonID, r.MissionID),
			fmt.Sprintf("Mission %d, person %d or person %d does not exist.", r.MissionID, r.FromPersonID, r.ToPersonID)))
	}
	r.CreatedAt = created
	if !r.AnsweredAt.IsZero() {
		r.AnsweredAt = stamp(r.AnsweredAt)
	}
	return nil
}

// MeetingRequests returns a mission's meeting requests ordered by id: all of
// them when personID is 0, else those the person sent or received.
func (db *DB) MeetingRequests(ctx context.Context, missionID, personID int64) ([]*mission.MeetingRequest, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, mission_id, from_person_id, to_person_id, message, priority, status,
		reason, created_at, answered_at FROM meeting_requests
		WHERE mission_id = $1 AND ($2 = 0 OR from_person_id = $3 OR to_person_id = $4) ORDER BY id`,
		missionID, personID, personID, personID)
	if err != nil {
		return nil, fmt.Errorf("meeting requests of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.MeetingRequest
	for rows.Next() {
		r := &mission.MeetingRequest{}
		if err := rows.Scan(&r.ID, &r.MissionID, &r.FromPersonID, &r.ToPersonID, &r.Message, &r.Priority, &r.Status,
			&r.Reason, timeValue{&r.CreatedAt}, timeValue{&r.AnsweredAt}); err != nil {
			return nil, fmt.Errorf("meeting requests of mission %d: %w", missionID, err)
		}
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("meeting requests of mission %d: %w", missionID, err)
	}
	return list, nil
}

// CreateMeeting inserts m with its PersonIDs (at least two people) in one
// transaction; it sets m.ID, and CreatedAt when zero. A meeting must end
// after it starts. A mission, request, session item or person that does not
// exist is EINVALID; the same person twice counts once.
func (db *DB) CreateMeeting(ctx context.Context, m *mission.Meeting) error {
	m.PersonIDs = uniqueIDs(m.PersonIDs)
	switch {
	case m.MissionID == 0:
		return mission.FieldError("mission_id", "Mission is required.")
	case len(m.PersonIDs) < 2:
		return mission.FieldError("person_ids", "A meeting needs at least two people.")
	case m.StartsAt.IsZero() || !m.EndsAt.After(m.StartsAt):
		return mission.FieldError("ends_at", "A meeting must end after it starts.")
	}
	created := stamp(m.CreatedAt)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO meetings
			(mission_id, request_id, session_item_id, starts_at, ends_at, table_name, online, video_url, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			m.MissionID, ident(m.RequestID), ident(m.SessionItemID), ts(m.StartsAt), ts(m.EndsAt), m.Table, m.Online, m.VideoURL, ts(created),
		).Scan(&m.ID)
		if err != nil {
			return err
		}
		for _, p := range m.PersonIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO meeting_participants (meeting_id, person_id) VALUES ($1, $2)", m.ID, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		m.ID = 0
		return fmt.Errorf("create meeting: %w", dbError(err, "",
			"The mission, request, session or one of the people does not exist."))
	}
	m.CreatedAt = created
	m.StartsAt, m.EndsAt = stamp(m.StartsAt), stamp(m.EndsAt)
	return nil
}

// Meetings returns a mission's meetings ordered by start, table and id, each
// with its PersonIDs in ascending order.
func (db *DB) Meetings(ctx context.Context, missionID int64) ([]*mission.Meeting, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, mission_id, request_id, session_item_id, starts_at, ends_at,
		table_name, online, video_url, created_at FROM meetings WHERE mission_id = $1 ORDER BY starts_at, table_name, id`, missionID)
	if err != nil {
		return nil, fmt.Errorf("meetings of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.Meeting
	byID := map[int64]*mission.Meeting{}
	for rows.Next() {
		m := &mission.Meeting{}
		if err := rows.Scan(&m.ID, &m.MissionID, idValue{&m.RequestID}, idValue{&m.SessionItemID}, timeValue{&m.StartsAt},
			timeValue{&m.EndsAt}, &m.Table, &m.Online, &m.VideoURL, timeValue{&m.CreatedAt}); err != nil {
			return nil, fmt.Errorf("meetings of mission %d: %w", missionID, err)
		}
		list = append(list, m)
		byID[m.ID] = m
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("meetings of mission %d: %w", missionID, err)
	}
	rows.Close()
	prows, err := db.db.QueryContext(ctx, `SELECT mp.meeting_id, mp.person_id FROM meeting_participants mp
		JOIN meetings m ON m.id = mp.meeting_id WHERE m.mission_id = $1 ORDER BY mp.meeting_id, mp.person_id`, missionID)
	if err != nil {
		return nil, fmt.Errorf("meetings of mission %d: %w", missionID, err)
	}
	defer prows.Close()
	for prows.Next() {
		var meetingID, personID int64
		if err := prows.Scan(&meetingID, &personID); err != nil {
			return nil, fmt.Errorf("meetings of mission %d: %w", missionID, err)
		}
		if m := byID[meetingID]; m != nil {
			m.PersonIDs = append(m.PersonIDs, personID)
		}
	}
	if err := prows.Err(); err != nil {
		return nil, fmt.Errorf("meetings of mission %d: %w", missionID, err)
	}
	return list, nil
}
