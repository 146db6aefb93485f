package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"caravan/internal/mission"
)

// AddAvailabilityBlock saves a time the person marks as not available for
// B2B meetings; it sets b.ID and CreatedAt when zero. A mission or person
// that does not exist is EINVALID.
func (db *DB) AddAvailabilityBlock(ctx context.Context, b *mission.AvailabilityBlock) error {
	if err := b.Validate(); err != nil {
		return err
	}
	b.CreatedAt = stamp(b.CreatedAt)
	err := db.db.QueryRowContext(ctx, `INSERT INTO availability_blocks (mission_id, person_id, starts_at, ends_at, note, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		b.MissionID, b.PersonID, ts(b.StartsAt), ts(b.EndsAt), b.Note, ts(b.CreatedAt)).Scan(&b.ID)
	if err != nil {
		return fmt.Errorf("add availability block: %w", dbError(err, "", "The mission or person does not exist."))
	}
	b.StartsAt, b.EndsAt = stamp(b.StartsAt), stamp(b.EndsAt)
	return nil
}

// DeleteAvailabilityBlock removes the person's block id. A block that does
// not exist, or is someone else's, is ENOTFOUND.
func (db *DB) DeleteAvailabilityBlock(ctx context.Context, id, personID int64) error {
	res, err := db.db.ExecContext(ctx, "DELETE FROM availability_blocks WHERE id = $1 AND person_id = $2", id, personID)
	if err != nil {
		return fmt.Errorf("delete availability block %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete availability block %d: %w", id, err)
	} else if n == 0 {
		return notFound("availability block", id)
	}
	return nil
}

// AvailabilityBlocks returns the person's blocks in the mission by start.
func (db *DB) AvailabilityBlocks(ctx context.Context, missionID, personID int64) ([]*mission.AvailabilityBlock, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, mission_id, person_id, starts_at, ends_at, note, created_at
		FROM availability_blocks WHERE mission_id = $1 AND person_id = $2 ORDER BY starts_at, id`, missionID, personID)
	if err != nil {
		return nil, fmt.Errorf("availability blocks: %w", err)
	}
	defer rows.Close()
	var list []*mission.AvailabilityBlock
	for rows.Next() {
		b := &mission.AvailabilityBlock{}
		if err := rows.Scan(&b.ID, &b.MissionID, &b.PersonID, timeValue{&b.StartsAt}, timeValue{&b.EndsAt}, &b.Note,
			timeValue{&b.CreatedAt}); err != nil {
			return nil, fmt.Errorf("availability blocks: %w", err)
		}
		list = append(list, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("availability blocks: %w", err)
	}
	return list, nil
}

// Availability returns the times the person is free for B2B meetings in the
// mission, in order: the mission's b2b_session items, minus the other items
// that keep the person busy (those of the mission everyone attends, and
// those of any mission the person is signed up to, confirmed or waitlisted),
// minus the time before arrival and after departure when the logistics say
// them, minus the person's own blocks.
func (db *DB) Availability(ctx context.Context, missionID, personID int64) ([]mission.Interval, error) {
	items, err := db.ProgrammeItems(ctx, missionID)
	if err != nil {
		return nil, fmt.Errorf("availability: %w", err)
	}
	active, err := activeItemIDs(ctx, db.db, personID)
	if err != nil {
		return nil, fmt.Errorf("availability: %w", err)
	}
	var free, busy []mission.Interval
	for _, it := range items {
		switch {
		case it.Kind == mission.ItemB2BSession:
			free = append(free, mission.Interval{Start: it.StartsAt, End: it.EndsAt})
		case active[it.ID] || it.EveryoneAttends():
			busy = append(busy, mission.Interval{Start: it.StartsAt, End: it.EndsAt})
		}
	}
	// Items of other missions the person is signed up to.
	rows, err := db.db.QueryContext(ctx, `SELECT pi.starts_at, pi.ends_at FROM programme_items pi
		JOIN signups s ON s.item_id = pi.id
		WHERE s.person_id = $1 AND s.status <> $2 AND pi.mission_id <> $3`, personID, mission.SignupCancelled, missionID)
	if err != nil {
		return nil, fmt.Errorf("availability: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var iv mission.Interval
		if err := rows.Scan(timeValue{&iv.Start}, timeValue{&iv.End}); err != nil {
			return nil, fmt.Errorf("availability: %w", err)
		}
		busy = append(busy, iv)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("availability: %w", err)
	}
	l, err := db.Logistics(ctx, missionID, personID)
	if err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		return nil, fmt.Errorf("availability: %w", err)
	}
	if l != nil {
		if !l.ArrivalAt.IsZero() && len(free) > 0 {
			busy = append(busy, mission.Interval{Start: earliest(free), End: l.ArrivalAt})
		}
		if !l.DepartureAt.IsZero() && len(free) > 0 {
			busy = append(busy, mission.Interval{Start: l.DepartureAt, End: latest(free)})
		}
	}
	blocks, err := db.AvailabilityBlocks(ctx, missionID, personID)
	if err != nil {
		return nil, err
	}
	for _, b := range blocks {
		busy = append(busy, mission.Interval{Start: b.StartsAt, End: b.EndsAt})
	}
	return mission.Subtract(mergeIntervals(free), busy), nil
}

func earliest(list []mission.Interval) (t time.Time) {
	t = list[0].Start
	for _, iv := range list {
		if iv.Start.Before(t) {
			t = iv.Start
		}
	}
	return t
}

func latest(list []mission.Interval) (t time.Time) {
	t = list[0].End
	for _, iv := range list {
		if iv.End.After(t) {
			t = iv.End
		}
	}
	return t
}

// mergeIntervals returns list sorted with overlapping or touching intervals
// joined, as Subtract needs.
func mergeIntervals(list []mission.Interval) []mission.Interval {
	sorted := slices.Clone(list)
	slices.SortFunc(sorted, func(a, b mission.Interval) int { return a.Start.Compare(b.Start) })
	var out []mission.Interval
	for _, iv := range sorted {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			continue
		}
		out = append(out, iv)
	}
	return out
}
