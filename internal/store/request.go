package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// Meeting requests move pending → accepted | declined | expired | cancelled
// with conditional UPDATEs on status = 'pending', so of two concurrent
// answers (or an answer and the expiry) exactly one wins and the other reads
// ECONFLICT. Requests expire at the mission's request deadline: a request
// can no longer be answered once the deadline has passed, whether or not
// ExpireMeetingRequests has marked it expired yet (serve and demo call it
// every minute next to the outbox worker).

// RequestMail renders the e-mail that tells person to about request r of
// mission m (a new request to its recipient, an answer to its sender), in
// language lang ("" when the person has no account).
type RequestMail func(r *mission.MeetingRequest, m *mission.Mission, to *mission.Person, lang string) (*mission.Email, error)

// requestRoles are the mission roles that may send and receive meeting
// requests.
var requestRoles = []string{mission.RoleParticipant, mission.RoleLocal, mission.RoleHost}

const requestColumns = `id, mission_id, from_person_id, to_person_id, message, priority, status,
	reason, created_at, answered_at`

func requestFields(r *mission.MeetingRequest) []any {
	return []any{&r.ID, &r.MissionID, &r.FromPersonID, &r.ToPersonID, &r.Message, &r.Priority, &r.Status,
		&r.Reason, timeValue{&r.CreatedAt}, timeValue{&r.AnsweredAt}}
}

// Matchmaking returns the mission's matchmaking settings: no deadline and
// no limit when the organisers have set none.
func (db *DB) Matchmaking(ctx context.Context, missionID int64) (*mission.Matchmaking, error) {
	return matchmaking(ctx, db.db, missionID)
}

func matchmaking(ctx context.Context, q querier, missionID int64) (*mission.Matchmaking, error) {
	mm := &mission.Matchmaking{MissionID: missionID}
	err := q.QueryRowContext(ctx, "SELECT request_deadline, max_requests, updated_at FROM matchmaking WHERE mission_id = $1",
		missionID).Scan(timeValue{&mm.RequestDeadline}, &mm.MaxRequests, timeValue{&mm.UpdatedAt})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("matchmaking of mission %d: %w", missionID, err)
	}
	return mm, nil
}

// SetMatchmaking saves the mission's matchmaking settings; it sets
// UpdatedAt when zero. A mission that does not exist is EINVALID.
func (db *DB) SetMatchmaking(ctx context.Context, mm *mission.Matchmaking) error {
	if err := mm.Validate(); err != nil {
		return err
	}
	mm.UpdatedAt = stamp(mm.UpdatedAt)
	_, err := db.db.ExecContext(ctx, `INSERT INTO matchmaking (mission_id, request_deadline, max_requests, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (mission_id) DO UPDATE
		SET request_deadline = excluded.request_deadline, max_requests = excluded.max_requests, updated_at = excluded.updated_at`,
		mm.MissionID, ts(mm.RequestDeadline), mm.MaxRequests, ts(mm.UpdatedAt))
	if err != nil {
		return fmt.Errorf("set matchmaking of mission %d: %w", mm.MissionID, dbError(err, "",
			fmt.Sprintf("Mission %d does not exist.", mm.MissionID)))
	}
	if !mm.RequestDeadline.IsZero() {
		mm.RequestDeadline = stamp(mm.RequestDeadline)
	}
	return nil
}

// MeetingRequest returns the meeting request with the id.
func (db *DB) MeetingRequest(ctx context.Context, id int64) (*mission.MeetingRequest, error) {
	return meetingRequest(ctx, db.db, id)
}

func meetingRequest(ctx context.Context, q querier, id int64) (*mission.MeetingRequest, error) {
	r := &mission.MeetingRequest{}
	err := q.QueryRowContext(ctx, "SELECT "+requestColumns+" FROM meeting_requests WHERE id = $1", id).Scan(requestFields(r)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("meeting request", id)
	} else if err != nil {
		return nil, fmt.Errorf("meeting request %d: %w", id, err)
	}
	return r, nil
}

// SendMeetingRequest creates r as a pending request at now and puts the
// e-mail to its recipient into the outbox in the same transaction (when mail
// is set). Both people must be participants, locals or hosts of the mission
// (else EFORBIDDEN); after the mission's request deadline, or when the sender
// has already sent the mission's limit of requests (cancelled ones do not
// count), it is ECONFLICT. The limit holds under concurrent sends: the
// transaction locks the sender's row (PostgreSQL) or the database (SQLite)
// before counting.
func (db *DB) SendMeetingRequest(ctx context.Context, r *mission.MeetingRequest, now time.Time, mail RequestMail) error {
	r.Status, r.Reason, r.AnsweredAt = mission.RequestPending, "", time.Time{}
	if err := r.Validate(); err != nil {
		return err
	}
	r.CreatedAt = stamp(now)
	sent := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "SELECT id FROM persons WHERE id = $1"+db.forUpdate(), r.FromPersonID); err != nil {
			return err
		}
		for _, p := range []int64{r.FromPersonID, r.ToPersonID} {
			ok, err := requestMember(ctx, tx, r.MissionID, p)
			if err != nil {
				return err
			}
			if !ok {
				return mission.Errorf(mission.EFORBIDDEN, "Only participants, local companies and hosts of the mission can send and receive meeting requests.")
			}
		}
		mm, err := matchmaking(ctx, tx, r.MissionID)
		if err != nil {
			return err
		}
		if !mm.RequestDeadline.IsZero() && !now.Before(mm.RequestDeadline) {
			return mission.Errorf(mission.ECONFLICT, "The deadline for meeting requests has passed.")
		}
		if mm.MaxRequests > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_requests
				WHERE mission_id = $1 AND from_person_id = $2 AND status <> $3`,
				r.MissionID, r.FromPersonID, mission.RequestCancelled).Scan(&n); err != nil {
				return err
			}
			if n >= mm.MaxRequests {
				return mission.Errorf(mission.ECONFLICT, "You have already sent %d meeting requests, the most this mission allows.", n)
			}
		}
		// A cancelled request may be sent again: it is replaced.
		if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_requests
			WHERE mission_id = $1 AND from_person_id = $2 AND to_person_id = $3 AND status = $4
			  AND NOT EXISTS (SELECT 1 FROM meetings WHERE request_id = meeting_requests.id)`,
			r.MissionID, r.FromPersonID, r.ToPersonID, mission.RequestCancelled); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO meeting_requests
			(mission_id, from_person_id, to_person_id, message, priority, status, reason, created_at, answered_at)
			VALUES ($1, $2, $3, $4, $5, $6, '', $7, NULL) RETURNING id`,
			r.MissionID, r.FromPersonID, r.ToPersonID, r.Message, r.Priority, r.Status, ts(r.CreatedAt)).Scan(&r.ID)
		if err != nil {
			return dbError(err, "You have already asked this person for a meeting.", "The mission or person does not exist.")
		}
		return db.requestMail(ctx, tx, r, r.ToPersonID, mail, &sent)
	})
	if err != nil {
		r.ID = 0
		return fmt.Errorf("send meeting request: %w", err)
	}
	if sent {
		db.notifyEmailQueued()
	}
	return nil
}

// requestMember reports whether the person may send and receive meeting
// requests in the mission.
func requestMember(ctx context.Context, q querier, missionID, personID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM mission_members
		WHERE mission_id = $1 AND person_id = $2 AND role IN ($3, $4, $5)`,
		missionID, personID, requestRoles[0], requestRoles[1], requestRoles[2]).Scan(&n)
	return n > 0, err
}

// IsRequestMember reports whether the person is a participant, local
// company or host of the mission, who may send and receive meeting requests.
func (db *DB) IsRequestMember(ctx context.Context, missionID, personID int64) (bool, error) {
	ok, err := requestMember(ctx, db.db, missionID, personID)
	if err != nil {
		return false, fmt.Errorf("member of mission %d: %w", missionID, err)
	}
	return ok, nil
}

// AnswerMeetingRequest accepts or declines the pending request id as its
// recipient byPersonID at now, with an optional reason (kept with a
// decline), and puts the e-mail to the sender into the outbox in the same
// transaction (when mail is set). Someone else than the recipient is
// EFORBIDDEN; a request that is no longer pending, or whose mission's
// deadline has passed, is ECONFLICT.
func (db *DB) AnswerMeetingRequest(ctx context.Context, id, byPersonID int64, accept bool, reason string, now time.Time, mail RequestMail) (*mission.MeetingRequest, error) {
	status := mission.RequestDeclined
	if accept {
		status, reason = mission.RequestAccepted, ""
	}
	if len(reason) > 1000 {
		return nil, mission.FieldError("reason", "Reason must be at most 1,000 characters.")
	}
	var r *mission.MeetingRequest
	sent := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE meeting_requests SET status = $1, reason = $2, answered_at = $3
			WHERE id = $4 AND to_person_id = $5 AND status = $6
			  AND NOT EXISTS (SELECT 1 FROM matchmaking mm WHERE mm.mission_id = meeting_requests.mission_id
			                  AND mm.request_deadline IS NOT NULL AND mm.request_deadline <= $7)`,
			status, reason, ts(now), id, byPersonID, mission.RequestPending, ts(now))
		if err != nil {
			return err
		}
		if err := changed(ctx, tx, res, id, byPersonID, true); err != nil {
			return err
		}
		if r, err = meetingRequest(ctx, tx, id); err != nil {
			return err
		}
		return db.requestMail(ctx, tx, r, r.FromPersonID, mail, &sent)
	})
	if err != nil {
		return nil, fmt.Errorf("answer meeting request %d: %w", id, err)
	}
	if sent {
		db.notifyEmailQueued()
	}
	return r, nil
}

// CancelMeetingRequest withdraws the pending request id as its sender
// byPersonID at now. Someone else than the sender is EFORBIDDEN; a request
// that is no longer pending is ECONFLICT.
func (db *DB) CancelMeetingRequest(ctx context.Context, id, byPersonID int64, now time.Time) (*mission.MeetingRequest, error) {
	var r *mission.MeetingRequest
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE meeting_requests SET status = $1, answered_at = $2
			WHERE id = $3 AND from_person_id = $4 AND status = $5`,
			mission.RequestCancelled, ts(now), id, byPersonID, mission.RequestPending)
		if err != nil {
			return err
		}
		if err := changed(ctx, tx, res, id, byPersonID, false); err != nil {
			return err
		}
		r, err = meetingRequest(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cancel meeting request %d: %w", id, err)
	}
	return r, nil
}

// changed turns a conditional UPDATE of request id that changed no row into
// the reason: not found, not the person's to change, or no longer pending.
func changed(ctx context.Context, tx *sql.Tx, res sql.Result, id, personID int64, recipient bool) error {
	n, err := res.RowsAffected()
	if err != nil || n == 1 {
		return err
	}
	r, err := meetingRequest(ctx, tx, id)
	if err != nil {
		return err
	}
	switch {
	case recipient && r.ToPersonID != personID:
		return mission.Errorf(mission.EFORBIDDEN, "Only the person asked can answer a meeting request.")
	case !recipient && r.FromPersonID != personID:
		return mission.Errorf(mission.EFORBIDDEN, "Only its sender can cancel a meeting request.")
	case r.Status != mission.RequestPending:
		return mission.Errorf(mission.ECONFLICT, "The meeting request is %s already.", r.Status)
	}
	return mission.Errorf(mission.ECONFLICT, "The deadline for answering meeting requests has passed.")
}

// ExpireMeetingRequests marks expired every pending request whose mission's
// request deadline is at or before now, and returns how many it marked.
// Running it again changes nothing.
func (db *DB) ExpireMeetingRequests(ctx context.Context, now time.Time) (int, error) {
	res, err := db.db.ExecContext(ctx, `UPDATE meeting_requests SET status = $1, answered_at = $2
		WHERE status = $3 AND mission_id IN (SELECT mission_id FROM matchmaking
		      WHERE request_deadline IS NOT NULL AND request_deadline <= $4)`,
		mission.RequestExpired, ts(now), mission.RequestPending, ts(now))
	if err != nil {
		return 0, fmt.Errorf("expire meeting requests: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("expire meeting requests: %w", err)
	}
	return int(n), nil
}

// requestMail puts the e-mail about r to the person into the outbox within
// tx, when mail is set and the person has an address.
func (db *DB) requestMail(ctx context.Context, tx *sql.Tx, r *mission.MeetingRequest, to int64, mail RequestMail, sent *bool) error {
	if mail == nil {
		return nil
	}
	p := &mission.Person{Organisation: &mission.Organisation{}}
	err := tx.QueryRowContext(ctx, fmt.Sprintf(personWithOrg, personColumns("p"), orgColumns("o"))+" WHERE p.id = $1", to).
		Scan(append(personFields(p), orgFields(p.Organisation)...)...)
	if err != nil {
		return err
	}
	if p.Email == "" {
		return nil
	}
	m, err := getMission(ctx, tx, r.MissionID)
	if err != nil {
		return err
	}
	var lang string
	err = tx.QueryRowContext(ctx, "SELECT language FROM accounts WHERE person_id = $1", to).Scan(&lang)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	e, err := mail(r, m, p, lang)
	if err != nil {
		return fmt.Errorf("e-mail of meeting request %d: %w", r.ID, err)
	}
	if err := enqueueEmail(ctx, tx, e); err != nil {
		return err
	}
	*sent = true
	return nil
}

// forUpdate ends a SELECT that locks its rows on PostgreSQL; on SQLite the
// transaction holds the database's write lock already (BEGIN IMMEDIATE).
func (db *DB) forUpdate() string {
	if db.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}
