package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// Jobs are background work in the database (migration 0012), so that any
// node may take a job and none is lost when a node dies. A worker claims a
// job with a lease: one UPDATE … RETURNING over a subquery that skips rows
// locked by another claimer on PostgreSQL (FOR UPDATE SKIP LOCKED); on
// SQLite the claiming transaction holds the write lock. A running job whose
// lease has expired is claimable again. The worker extends the lease with
// each progress report; a report or completion from a worker that lost the
// lease is refused (ECONFLICT), so two workers never both finish a job.
// docs/adr/0024-schedule-runs-and-jobs.md says why this is not River.

const jobColumns = `id, kind, mission_id, payload, status, attempts, max_attempts, run_after, locked_until,
	locked_by, progress, last_error, result_id, created_by, created_at, started_at, finished_at`

func jobFields(j *mission.Job) []any {
	return []any{&j.ID, &j.Kind, idValue{&j.MissionID}, &j.Payload, &j.Status, &j.Attempts, &j.MaxAttempts,
		timeValue{&j.RunAfter}, timeValue{&j.LockedUntil}, &j.LockedBy, &j.Progress, &j.LastError, idValue{&j.ResultID},
		idValue{&j.CreatedBy}, timeValue{&j.CreatedAt}, timeValue{&j.StartedAt}, timeValue{&j.FinishedAt}}
}

// EnqueueJob queues j (status queued, three attempts unless set, due at
// once unless RunAfter is set) and sets its ID. While a job of the same
// kind for the same mission is queued or running, it returns ECONFLICT.
func (db *DB) EnqueueJob(ctx context.Context, j *mission.Job) error {
	if j.Kind == "" {
		return mission.Errorf(mission.EINVALID, "a job needs a kind")
	}
	if j.MaxAttempts <= 0 {
		j.MaxAttempts = 3
	}
	if j.Payload == "" {
		j.Payload = "{}"
	}
	j.Status, j.Attempts, j.Progress = mission.JobQueued, 0, "{}"
	j.CreatedAt = stamp(j.CreatedAt)
	if j.RunAfter.IsZero() {
		j.RunAfter = j.CreatedAt
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		if j.MissionID != 0 {
			// Lock the mission's row so that two enqueues serialise
			// (SQLite's write lock does it there).
			var one int
			if err := tx.QueryRowContext(ctx, "SELECT 1 FROM missions WHERE id = $1"+db.forUpdate(), j.MissionID).Scan(&one); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return notFound("mission", j.MissionID)
				}
				return err
			}
			var active int
			err := tx.QueryRowContext(ctx, `SELECT count(*) FROM jobs WHERE mission_id = $1 AND kind = $2
				AND status IN ('queued', 'running')`, j.MissionID, j.Kind).Scan(&active)
			if err != nil {
				return err
			}
			if active > 0 {
				return mission.Errorf(mission.ECONFLICT, "A %s job of mission %d is already queued or running.", j.Kind, j.MissionID)
			}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO jobs (kind, mission_id, payload, status, attempts, max_attempts, run_after,
			progress, created_by, created_at) VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $8, $9) RETURNING id`,
			j.Kind, ident(j.MissionID), j.Payload, j.Status, j.MaxAttempts, ts(j.RunAfter), j.Progress, ident(j.CreatedBy),
			ts(j.CreatedAt)).Scan(&j.ID)
	})
	if err != nil {
		return fmt.Errorf("enqueue %s job: %w", j.Kind, dbError(err, "", "The mission or person does not exist."))
	}
	return nil
}

// ClaimJob takes the oldest due job of one of kinds for worker until
// now+lease: a queued job whose RunAfter has come, or a running job whose
// lease expired (its worker stopped). It counts an attempt. Expired jobs
// that have used all their attempts are marked failed first. ok is false
// when no job is due.
func (db *DB) ClaimJob(ctx context.Context, kinds []string, worker string, now time.Time, lease time.Duration) (j *mission.Job, ok bool, err error) {
	if lease <= 0 || worker == "" || len(kinds) == 0 {
		return nil, false, mission.Errorf(mission.EINVALID, "claim job: a worker, kinds and a positive lease are required")
	}
	args := []any{ts(now), ts(now.Add(lease)), worker}
	in := placeholders(len(args)+1, len(kinds))
	for _, k := range kinds {
		args = append(args, k)
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'failed', finished_at = $1, locked_until = NULL,
			last_error = $2
			WHERE status = 'running' AND locked_until <= $1 AND attempts >= max_attempts`, ts(now), mission.JobFailStopped); err != nil {
			return err
		}
		j = &mission.Job{}
		err := tx.QueryRowContext(ctx, `UPDATE jobs SET status = 'running', locked_until = $2, locked_by = $3,
			attempts = attempts + 1, started_at = $1
			WHERE id = (SELECT id FROM jobs WHERE kind IN (`+in+`)
				AND ((status = 'queued' AND run_after <= $1) OR (status = 'running' AND locked_until <= $1))
				ORDER BY run_after, id LIMIT 1 `+db.skipLocked()+`)
			RETURNING `+jobColumns, args...).Scan(jobFields(j)...)
		if errors.Is(err, sql.ErrNoRows) {
			j = nil
			return nil
		}
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("claim job: %w", err)
	}
	return j, j != nil, nil
}

// JobProgress records a running job's progress (JSON) and extends its
// lease to now+lease. It returns ECONFLICT when worker no longer holds the
// job's lease.
func (db *DB) JobProgress(ctx context.Context, id int64, worker string, now time.Time, lease time.Duration, progress string) error {
	res, err := db.db.ExecContext(ctx, `UPDATE jobs SET progress = $1, locked_until = $2
		WHERE id = $3 AND locked_by = $4 AND status = 'running'`, progress, ts(now.Add(lease)), id, worker)
	if err != nil {
		return fmt.Errorf("progress of job %d: %w", id, err)
	}
	return leaseHeld(res, id)
}

func leaseHeld(res sql.Result, id int64) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("job %d: %w", id, err)
	}
	if n == 0 {
		return mission.Errorf(mission.ECONFLICT, "job %d is no longer held by this worker", id)
	}
	return nil
}

// FailJob records that worker's attempt at job id failed with errText: the
// job is queued again after retryAfter when attempts are left, else it is
// failed. It returns ECONFLICT when worker no longer holds the lease.
func (db *DB) FailJob(ctx context.Context, id int64, worker string, now time.Time, retryAfter time.Duration, errText string) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var attempts, maxAttempts int
		err := tx.QueryRowContext(ctx, `SELECT attempts, max_attempts FROM jobs
			WHERE id = $1 AND locked_by = $2 AND status = 'running'`+db.forUpdate(), id, worker).Scan(&attempts, &maxAttempts)
		if errors.Is(err, sql.ErrNoRows) {
			return mission.Errorf(mission.ECONFLICT, "job %d is no longer held by this worker", id)
		} else if err != nil {
			return err
		}
		if attempts < maxAttempts {
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET status = 'queued', last_error = $1, locked_until = NULL, run_after = $2
				WHERE id = $3`, clip(errText), ts(now.Add(retryAfter)), id)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE jobs SET status = 'failed', last_error = $1, locked_until = NULL, finished_at = $2
				WHERE id = $3`, clip(errText), ts(now), id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("fail job %d: %w", id, err)
	}
	return nil
}

// completeJob marks job id done with its result within tx, when worker
// still holds its lease (ECONFLICT otherwise).
func completeJob(ctx context.Context, tx *sql.Tx, id int64, worker string, now time.Time, resultID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE jobs SET status = 'done', finished_at = $1, locked_until = NULL, result_id = $2
		WHERE id = $3 AND locked_by = $4 AND status = 'running'`, ts(now), ident(resultID), id, worker)
	if err != nil {
		return err
	}
	return leaseHeld(res, id)
}

// Job returns the job with the id.
func (db *DB) Job(ctx context.Context, id int64) (*mission.Job, error) {
	j := &mission.Job{}
	err := db.db.QueryRowContext(ctx, "SELECT "+jobColumns+" FROM jobs WHERE id = $1", id).Scan(jobFields(j)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("job", id)
	} else if err != nil {
		return nil, fmt.Errorf("job %d: %w", id, err)
	}
	return j, nil
}

// LatestJob returns the newest job of the kind for the mission, ENOTFOUND
// when it has none.
func (db *DB) LatestJob(ctx context.Context, missionID int64, kind string) (*mission.Job, error) {
	j := &mission.Job{}
	err := db.db.QueryRowContext(ctx, "SELECT "+jobColumns+" FROM jobs WHERE mission_id = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
		missionID, kind).Scan(jobFields(j)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "mission %d has no %s job", missionID, kind)
	} else if err != nil {
		return nil, fmt.Errorf("latest %s job of mission %d: %w", kind, missionID, err)
	}
	return j, nil
}
