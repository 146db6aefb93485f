package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

const programmeItemColumns = `id, mission_id, kind, title, description, venue, address, starts_at, ends_at,
	capacity, signup_required, slot_minutes, tables, created_at`

func programmeItemFields(it *mission.ProgrammeItem) []any {
	return []any{&it.ID, &it.MissionID, &it.Kind, &it.Title, &it.Description, &it.Venue, &it.Address,
		timeValue{&it.StartsAt}, timeValue{&it.EndsAt}, &it.Capacity, &it.SignupRequired, &it.SlotMinutes,
		&it.Tables, timeValue{&it.CreatedAt}}
}

// CreateProgrammeItem validates it and inserts it; it sets it.ID, and
// CreatedAt when zero. Start and end are stored in UTC to the microsecond. A
// mission that does not exist is EINVALID.
func (db *DB) CreateProgrammeItem(ctx context.Context, it *mission.ProgrammeItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	now := stamp(it.CreatedAt)
	err := db.db.QueryRowContext(ctx, `INSERT INTO programme_items
		(mission_id, kind, title, description, venue, address, starts_at, ends_at, capacity, signup_required,
		 slot_minutes, tables, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		it.MissionID, it.Kind, it.Title, it.Description, it.Venue, it.Address, ts(it.StartsAt), ts(it.EndsAt),
		it.Capacity, it.SignupRequired, it.SlotMinutes, it.Tables, ts(now),
	).Scan(&it.ID)
	if err != nil {
		return fmt.Errorf("create programme item: %w", dbError(err, "", fmt.Sprintf("Mission %d does not exist.", it.MissionID)))
	}
	it.StartsAt = it.StartsAt.UTC().Truncate(time.Microsecond)
	it.EndsAt = it.EndsAt.UTC().Truncate(time.Microsecond)
	it.CreatedAt = now
	return nil
}

// ProgrammeItem returns the programme item with the id.
func (db *DB) ProgrammeItem(ctx context.Context, id int64) (*mission.ProgrammeItem, error) {
	it, err := programmeItem(ctx, db.db, id)
	if err != nil {
		return nil, fmt.Errorf("programme item %d: %w", id, err)
	}
	return it, nil
}

func programmeItem(ctx context.Context, q querier, id int64) (*mission.ProgrammeItem, error) {
	it := &mission.ProgrammeItem{}
	err := q.QueryRowContext(ctx, "SELECT "+programmeItemColumns+" FROM programme_items WHERE id = $1", id).Scan(programmeItemFields(it)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("programme item", id)
	} else if err != nil {
		return nil, err
	}
	return it, nil
}

// ProgrammeItems returns a mission's programme ordered by start time, then
// id; empty for a mission without items or that does not exist.
func (db *DB) ProgrammeItems(ctx context.Context, missionID int64) ([]*mission.ProgrammeItem, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+programmeItemColumns+" FROM programme_items WHERE mission_id = $1 ORDER BY starts_at, id", missionID)
	if err != nil {
		return nil, fmt.Errorf("programme of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.ProgrammeItem
	for rows.Next() {
		it := &mission.ProgrammeItem{}
		if err := rows.Scan(programmeItemFields(it)...); err != nil {
			return nil, fmt.Errorf("programme of mission %d: %w", missionID, err)
		}
		list = append(list, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("programme of mission %d: %w", missionID, err)
	}
	return list, nil
}

// UpdateProgrammeItem applies u to the programme item with the id,
// validates the result and saves it in one transaction; it returns the item
// as stored.
func (db *DB) UpdateProgrammeItem(ctx context.Context, id int64, u mission.ProgrammeItemUpdate) (*mission.ProgrammeItem, error) {
	var it *mission.ProgrammeItem
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if it, err = programmeItem(ctx, tx, id); err != nil {
			return err
		}
		u.Apply(it)
		if err := it.Validate(); err != nil {
			return err
		}
		it.StartsAt = it.StartsAt.UTC().Truncate(time.Microsecond)
		it.EndsAt = it.EndsAt.UTC().Truncate(time.Microsecond)
		_, err = tx.ExecContext(ctx, `UPDATE programme_items SET title = $1, description = $2, venue = $3, address = $4,
			starts_at = $5, ends_at = $6, capacity = $7, signup_required = $8 WHERE id = $9`,
			it.Title, it.Description, it.Venue, it.Address, ts(it.StartsAt), ts(it.EndsAt), it.Capacity, it.SignupRequired, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update programme item %d: %w", id, dbError(err, "", ""))
	}
	return it, nil
}

// DeleteProgrammeItem deletes the programme item with the id; meetings
// placed in it (a B2B session) keep their time and lose the link.
func (db *DB) DeleteProgrammeItem(ctx context.Context, id int64) error {
	res, err := db.db.ExecContext(ctx, "DELETE FROM programme_items WHERE id = $1", id)
	if err != nil {
		return fmt.Errorf("delete programme item %d: %w", id, dbError(err, "", ""))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete programme item %d: %w", id, err)
	} else if n == 0 {
		return notFound("programme item", id)
	}
	return nil
}
