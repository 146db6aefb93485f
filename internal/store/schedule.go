package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"caravan/internal/mission"
)

// The B2B schedule of a mission (migration 0012): its settings, each
// b2b_session item's tables and breaks, and the runs of the scheduler,
// previews until an organiser publishes one into the meetings.

// B2BSettings returns the mission's scheduling settings, the defaults when
// none are saved.
func (db *DB) B2BSettings(ctx context.Context, missionID int64) (*mission.B2BSettings, error) {
	s := &mission.B2BSettings{MissionID: missionID, VideoBaseURL: mission.DefaultVideoBaseURL,
		TimeLimitSeconds: mission.DefaultScheduleSeconds, Fairness: mission.DefaultScheduleFairness}
	err := db.db.QueryRowContext(ctx, `SELECT video_base_url, time_limit_seconds, fairness, updated_at
		FROM b2b_settings WHERE mission_id = $1`, missionID).Scan(&s.VideoBaseURL, &s.TimeLimitSeconds, &s.Fairness, timeValue{&s.UpdatedAt})
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scheduling settings of mission %d: %w", missionID, err)
	}
	rows, err := db.db.QueryContext(ctx, "SELECT person_id FROM b2b_online WHERE mission_id = $1 ORDER BY person_id", missionID)
	if err != nil {
		return nil, fmt.Errorf("scheduling settings of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scheduling settings of mission %d: %w", missionID, err)
		}
		s.Online = append(s.Online, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("scheduling settings of mission %d: %w", missionID, err)
	}
	return s, nil
}

// SaveB2BSettings validates and saves s with its list of online people in
// one transaction.
func (db *DB) SaveB2BSettings(ctx context.Context, s *mission.B2BSettings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	s.Online = uniqueIDs(s.Online)
	s.UpdatedAt = stamp(s.UpdatedAt)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO b2b_settings (mission_id, video_base_url, time_limit_seconds, fairness, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (mission_id) DO UPDATE SET video_base_url = excluded.video_base_url,
			time_limit_seconds = excluded.time_limit_seconds, fairness = excluded.fairness, updated_at = excluded.updated_at`,
			s.MissionID, s.VideoBaseURL, s.TimeLimitSeconds, s.Fairness, ts(s.UpdatedAt))
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM b2b_online WHERE mission_id = $1", s.MissionID); err != nil {
			return err
		}
		for _, p := range s.Online {
			if _, err := tx.ExecContext(ctx, "INSERT INTO b2b_online (mission_id, person_id) VALUES ($1, $2)", s.MissionID, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save scheduling settings of mission %d: %w", s.MissionID, dbError(err, "", "The mission or one of the people does not exist."))
	}
	return nil
}

// B2BSessions returns the mission's b2b_session items in time order, each
// with one entry per table (named, pinned or not) and its breaks.
func (db *DB) B2BSessions(ctx context.Context, missionID int64) ([]*mission.B2BSession, error) {
	items, err := db.ProgrammeItems(ctx, missionID)
	if err != nil {
		return nil, err
	}
	var list []*mission.B2BSession
	byID := map[int64]*mission.B2BSession{}
	for _, it := range items {
		if it.Kind != mission.ItemB2BSession {
			continue
		}
		s := &mission.B2BSession{Item: it}
		for n := 1; n <= it.Tables; n++ {
			s.Tables = append(s.Tables, mission.B2BTable{Number: n})
		}
		list = append(list, s)
		byID[it.ID] = s
	}
	rows, err := db.db.QueryContext(ctx, `SELECT t.item_id, t.number, t.name, t.pinned_person_id FROM b2b_tables t
		JOIN programme_items i ON i.id = t.item_id WHERE i.mission_id = $1 ORDER BY t.item_id, t.number`, missionID)
	if err != nil {
		return nil, fmt.Errorf("B2B sessions of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var item int64
		var t mission.B2BTable
		if err := rows.Scan(&item, &t.Number, &t.Name, idValue{&t.PinnedPersonID}); err != nil {
			return nil, fmt.Errorf("B2B sessions of mission %d: %w", missionID, err)
		}
		if s := byID[item]; s != nil && t.Number <= len(s.Tables) {
			s.Tables[t.Number-1] = t
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("B2B sessions of mission %d: %w", missionID, err)
	}
	rows.Close()
	brows, err := db.db.QueryContext(ctx, `SELECT b.item_id, b.starts_at, b.ends_at FROM b2b_breaks b
		JOIN programme_items i ON i.id = b.item_id WHERE i.mission_id = $1 ORDER BY b.item_id, b.starts_at`, missionID)
	if err != nil {
		return nil, fmt.Errorf("B2B sessions of mission %d: %w", missionID, err)
	}
	defer brows.Close()
	for brows.Next() {
		var item int64
		var iv mission.Interval
		if err := brows.Scan(&item, timeValue{&iv.Start}, timeValue{&iv.End}); err != nil {
			return nil, fmt.Errorf("B2B sessions of mission %d: %w", missionID, err)
		}
		if s := byID[item]; s != nil {
			s.Breaks = append(s.Breaks, iv)
		}
	}
	if err := brows.Err(); err != nil {
		return nil, fmt.Errorf("B2B sessions of mission %d: %w", missionID, err)
	}
	return list, nil
}

// SaveB2BSession validates s and saves it in one transaction: the item's
// slot length and table count, its named and pinned tables (the others
// keep no row) and its breaks. s.Item.ID names the item; its other fields
// but SlotMinutes and Tables are read from the database.
func (db *DB) SaveB2BSession(ctx context.Context, s *mission.B2BSession) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		it, err := programmeItem(ctx, tx, s.Item.ID)
		if err != nil {
			return err
		}
		it.SlotMinutes, it.Tables = s.Item.SlotMinutes, s.Item.Tables
		s.Item = it
		for i := range s.Breaks {
			s.Breaks[i].Start, s.Breaks[i].End = stamp(s.Breaks[i].Start), stamp(s.Breaks[i].End)
		}
		slices.SortFunc(s.Breaks, func(a, b mission.Interval) int { return a.Start.Compare(b.Start) })
		if err := s.Validate(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE programme_items SET slot_minutes = $1, tables = $2 WHERE id = $3",
			it.SlotMinutes, it.Tables, it.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM b2b_tables WHERE item_id = $1", it.ID); err != nil {
			return err
		}
		for _, t := range s.Tables {
			if t.Name == "" && t.PinnedPersonID == 0 {
				continue
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO b2b_tables (item_id, number, name, pinned_person_id) VALUES ($1, $2, $3, $4)",
				it.ID, t.Number, t.Name, ident(t.PinnedPersonID)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM b2b_breaks WHERE item_id = $1", it.ID); err != nil {
			return err
		}
		for _, b := range s.Breaks {
			if _, err := tx.ExecContext(ctx, "INSERT INTO b2b_breaks (item_id, starts_at, ends_at) VALUES ($1, $2, $3)",
				it.ID, ts(b.Start), ts(b.End)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("save B2B session %d: %w", s.Item.ID, dbError(err, "", "A pinned person does not exist."))
	}
	return nil
}

const runColumns = `id, mission_id, job_id, kind, status, base_run_id, data, version, created_at, published_at, published_by`

func runFields(r *mission.ScheduleRun) []any {
	return []any{&r.ID, &r.MissionID, idValue{&r.JobID}, &r.Kind, &r.Status, idValue{&r.BaseRunID}, &r.Data, &r.Version,
		timeValue{&r.CreatedAt}, timeValue{&r.PublishedAt}, idValue{&r.PublishedBy}}
}

// CompleteScheduleJob stores r, the run that job jobID produced, as a
// preview (the mission's older previews become superseded) and marks the
// job done, in one transaction; it sets r.ID. When
// worker no longer holds the job's lease it stores nothing and returns
// ECONFLICT.
func (db *DB) CompleteScheduleJob(ctx context.Context, jobID int64, worker string, now time.Time, r *mission.ScheduleRun) error {
	r.Status, r.Version, r.JobID = mission.RunPreview, 1, jobID
	r.CreatedAt = stamp(now)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO schedule_runs (mission_id, job_id, kind, status, base_run_id, data, version, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, 1, $7) RETURNING id`,
			r.MissionID, jobID, r.Kind, r.Status, ident(r.BaseRunID), string(r.Data), ts(r.CreatedAt)).Scan(&r.ID)
		if err != nil {
			return err
		}
		// An older preview is of no more use: only the newest stays open.
		if _, err := tx.ExecContext(ctx, `UPDATE schedule_runs SET status = 'superseded'
			WHERE mission_id = $1 AND status = 'preview' AND id <> $2`, r.MissionID, r.ID); err != nil {
			return err
		}
		return completeJob(ctx, tx, jobID, worker, now, r.ID)
	})
	if err != nil {
		r.ID = 0
		return fmt.Errorf("complete schedule job %d: %w", jobID, err)
	}
	return nil
}

// ScheduleRun returns the run with the id.
func (db *DB) ScheduleRun(ctx context.Context, id int64) (*mission.ScheduleRun, error) {
	r := &mission.ScheduleRun{}
	var data string
	fields := runFields(r)
	fields[6] = &data
	err := db.db.QueryRowContext(ctx, "SELECT "+runColumns+" FROM schedule_runs WHERE id = $1", id).Scan(fields...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("schedule run", id)
	} else if err != nil {
		return nil, fmt.Errorf("schedule run %d: %w", id, err)
	}
	r.Data = []byte(data)
	return r, nil
}

// LatestScheduleRun returns the mission's newest run with the status
// (preview or published), ENOTFOUND when it has none.
func (db *DB) LatestScheduleRun(ctx context.Context, missionID int64, status string) (*mission.ScheduleRun, error) {
	var id int64
	err := db.db.QueryRowContext(ctx, "SELECT id FROM schedule_runs WHERE mission_id = $1 AND status = $2 ORDER BY id DESC LIMIT 1",
		missionID, status).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "mission %d has no %s schedule", missionID, status)
	} else if err != nil {
		return nil, fmt.Errorf("%s schedule of mission %d: %w", status, missionID, err)
	}
	return db.ScheduleRun(ctx, id)
}

// UpdateScheduleRun replaces the data of preview run id at version, and
// returns the next version. A run that is no longer a preview, or was
// changed meanwhile (another version), is ECONFLICT.
func (db *DB) UpdateScheduleRun(ctx context.Context, id int64, version int, data []byte) (int, error) {
	res, err := db.db.ExecContext(ctx, `UPDATE schedule_runs SET data = $1, version = version + 1
		WHERE id = $2 AND version = $3 AND status = 'preview'`, string(data), id, version)
	if err != nil {
		return 0, fmt.Errorf("update schedule run %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return 0, fmt.Errorf("update schedule run %d: %w", id, err)
	} else if n == 0 {
		return 0, mission.Errorf(mission.ECONFLICT, "The schedule changed meanwhile or is no longer a preview: reload it.")
	}
	return version + 1, nil
}

// Publication is what publishing a run writes: the run (at the version the
// organiser saw) becomes the published one, the mission's meetings of the
// run's sessions and requests become Meetings, and Emails are queued.
type Publication struct {
	RunID   int64
	Version int
	By      int64 // the publishing person
	// ItemIDs are the run's b2b_session items: their meetings that are not
	// in Meetings are deleted.
	ItemIDs []int64
	// Meetings are the run's placed meetings, each with its RequestID: an
	// existing meeting of the same request is updated in place (keeping
	// its id and, when it stays online, its video link), others inserted.
	Meetings []*mission.Meeting
	Emails   []*mission.Email
	Now      time.Time
}

// PublishScheduleRun publishes p in one transaction: it marks the run
// published and the mission's other previews and published runs
// superseded, writes the meetings and queues the e-mails. A run that is no
// longer a preview, or not at p.Version, is ECONFLICT.
func (db *DB) PublishScheduleRun(ctx context.Context, p *Publication) error {
	now := stamp(p.Now)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var missionID int64
		err := tx.QueryRowContext(ctx, `UPDATE schedule_runs SET status = 'published', published_at = $1, published_by = $2
			WHERE id = $3 AND version = $4 AND status = 'preview' RETURNING mission_id`,
			ts(now), ident(p.By), p.RunID, p.Version).Scan(&missionID)
		if errors.Is(err, sql.ErrNoRows) {
			return mission.Errorf(mission.ECONFLICT, "The schedule changed meanwhile or is no longer a preview: reload it.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE schedule_runs SET status = 'superseded'
			WHERE mission_id = $1 AND id <> $2 AND status IN ('preview', 'published')`, missionID, p.RunID); err != nil {
			return err
		}
		existing, err := scheduledMeetings(ctx, tx, missionID, p.ItemIDs)
		if err != nil {
			return err
		}
		keep := map[int64]bool{}
		for _, m := range p.Meetings {
			m.MissionID = missionID
			old := existing[m.RequestID]
			if m.RequestID == 0 || old == nil {
				if err := insertMeeting(ctx, tx, m, now); err != nil {
					return err
				}
				continue
			}
			keep[old.ID] = true
			m.ID = old.ID
			if m.Online && old.Online && old.VideoURL != "" {
				m.VideoURL = old.VideoURL
			}
			if _, err := tx.ExecContext(ctx, `UPDATE meetings SET session_item_id = $1, starts_at = $2, ends_at = $3,
				table_name = $4, online = $5, video_url = $6 WHERE id = $7`,
				ident(m.SessionItemID), ts(m.StartsAt), ts(m.EndsAt), m.Table, m.Online, m.VideoURL, m.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM meeting_participants WHERE meeting_id = $1", m.ID); err != nil {
				return err
			}
			if err := insertParticipants(ctx, tx, m); err != nil {
				return err
			}
		}
		for _, old := range existing {
			if keep[old.ID] {
				continue
			}
			if _, err := tx.ExecContext(ctx, "DELETE FROM meetings WHERE id = $1", old.ID); err != nil {
				return err
			}
		}
		for _, e := range p.Emails {
			if err := enqueueEmail(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("publish schedule run %d: %w", p.RunID, dbError(err, "", "A session, request or person of the schedule no longer exists."))
	}
	if len(p.Emails) > 0 {
		db.notifyEmailQueued()
	}
	return nil
}

// scheduledMeetings returns the mission's meetings in the items, or of any
// request, keyed by request id (0 for meetings without one, which are
// listed under negative keys so they are deleted too).
func scheduledMeetings(ctx context.Context, tx *sql.Tx, missionID int64, itemIDs []int64) (map[int64]*mission.Meeting, error) {
	args := []any{missionID}
	cond := "request_id IS NOT NULL"
	if len(itemIDs) > 0 {
		cond += " OR session_item_id IN (" + placeholders(2, len(itemIDs)) + ")"
		for _, id := range itemIDs {
			args = append(args, id)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, request_id, online, video_url FROM meetings
		WHERE mission_id = $1 AND (`+cond+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]*mission.Meeting{}
	for rows.Next() {
		m := &mission.Meeting{}
		if err := rows.Scan(&m.ID, idValue{&m.RequestID}, &m.Online, &m.VideoURL); err != nil {
			return nil, err
		}
		key := m.RequestID
		if key == 0 {
			key = -m.ID
		}
		out[key] = m
	}
	return out, rows.Err()
}

func insertMeeting(ctx context.Context, tx *sql.Tx, m *mission.Meeting, now time.Time) error {
	m.CreatedAt = now
	err := tx.QueryRowContext(ctx, `INSERT INTO meetings
		(mission_id, request_id, session_item_id, starts_at, ends_at, table_name, online, video_url, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		m.MissionID, ident(m.RequestID), ident(m.SessionItemID), ts(m.StartsAt), ts(m.EndsAt), m.Table, m.Online, m.VideoURL, ts(now),
	).Scan(&m.ID)
	if err != nil {
		return err
	}
	return insertParticipants(ctx, tx, m)
}

// insertParticipants writes m's people in one statement: publishing a
// large schedule writes thousands of meetings, and a round trip per person
// doubled its time on PostgreSQL.
func insertParticipants(ctx context.Context, tx *sql.Tx, m *mission.Meeting) error {
	ids := uniqueIDs(m.PersonIDs)
	if len(ids) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString("INSERT INTO meeting_participants (meeting_id, person_id) VALUES ")
	args := make([]any, 0, 2*len(ids))
	for i, p := range ids {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "($%d, $%d)", 2*i+1, 2*i+2)
		args = append(args, m.ID, p)
	}
	_, err := tx.ExecContext(ctx, q.String(), args...)
	return err
}

// CancelAcceptedRequest cancels an accepted meeting request on behalf of
// one of its two people (byPersonID), or of an organiser (byPersonID 0):
// the meeting will not take place, and the next repair of the schedule
// takes it out. A request that is not accepted is ECONFLICT; someone who is
// neither of its people is EFORBIDDEN.
func (db *DB) CancelAcceptedRequest(ctx context.Context, id, byPersonID int64, now time.Time) (*mission.MeetingRequest, error) {
	var r *mission.MeetingRequest
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if r, err = meetingRequest(ctx, tx, id); err != nil {
			return err
		}
		if byPersonID != 0 && byPersonID != r.FromPersonID && byPersonID != r.ToPersonID {
			return mission.Errorf(mission.EFORBIDDEN, "Only its two people can cancel a meeting.")
		}
		res, err := tx.ExecContext(ctx, `UPDATE meeting_requests SET status = $1, answered_at = $2 WHERE id = $3 AND status = $4`,
			mission.RequestCancelled, ts(now), id, mission.RequestAccepted)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return mission.Errorf(mission.ECONFLICT, "The meeting request is %s, not accepted.", r.Status)
		}
		r.Status, r.AnsweredAt = mission.RequestCancelled, stamp(now)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cancel accepted request %d: %w", id, err)
	}
	return r, nil
}
