package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// Sign-ups: each change runs in one transaction that first locks the person
// and then the item (PostgreSQL: SELECT … FOR UPDATE, always in that order,
// so two changes never wait on each other in a circle; SQLite: the write
// lock that every transaction takes when it begins). Under those locks the
// count of confirmed sign-ups and the person's other sign-ups cannot change,
// so of many people racing for the last seat exactly one is confirmed, and
// nobody ends up in two places at once.

const signupColumns = `s.id, s.item_id, s.person_id, s.status, s.position, COALESCE(s.placed_by_person_id, 0),
	s.created_at, s.updated_at`

func signupFields(s *mission.Signup) []any {
	return []any{&s.ID, &s.ItemID, &s.PersonID, &s.Status, &s.Position, &s.PlacedBy,
		timeValue{&s.CreatedAt}, timeValue{&s.UpdatedAt}}
}

// SignUp signs the person up to the programme item: confirmed while the item
// has room, waitlisted after. It is EINVALID when the item takes no
// sign-ups, ECONFLICT when the person is already signed up (confirmed or
// waitlisted) or when the item overlaps another item the person is signed up
// to or that everyone attends (the message names that item), ENOTFOUND when
// the item or person does not exist.
func (db *DB) SignUp(ctx context.Context, itemID, personID int64, now time.Time) (*mission.Signup, error) {
	var s *mission.Signup
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		s, err = db.signUp(ctx, tx, itemID, personID, 0, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sign person %d up to item %d: %w", personID, itemID, err)
	}
	return s, nil
}

// PlaceSignup is an organiser (byPersonID) placing the person on the item by
// hand: confirmed even when the item is full, or promoted from its
// waitlist. Overlaps are refused as for SignUp; an already confirmed person
// is ECONFLICT.
func (db *DB) PlaceSignup(ctx context.Context, itemID, personID, byPersonID int64, now time.Time) (*mission.Signup, error) {
	var s *mission.Signup
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		s, err = db.signUp(ctx, tx, itemID, personID, byPersonID, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("place person %d on item %d: %w", personID, itemID, err)
	}
	return s, nil
}

// signUp does SignUp (by 0) and PlaceSignup (by the organiser) in tx.
func (db *DB) signUp(ctx context.Context, tx *sql.Tx, itemID, personID, by int64, now time.Time) (*mission.Signup, error) {
	it, err := db.lockSignup(ctx, tx, itemID, personID)
	if err != nil {
		return nil, err
	}
	if !it.SignupRequired {
		return nil, mission.Errorf(mission.EINVALID, "%s takes no sign-ups: everyone may come.", it.Title)
	}
	existing, err := signupOf(ctx, tx, itemID, personID)
	if err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		return nil, err
	}
	switch {
	case existing != nil && existing.Status == mission.SignupConfirmed:
		return nil, mission.Errorf(mission.ECONFLICT, "Already signed up to %s.", it.Title)
	case existing != nil && existing.Status == mission.SignupWaitlisted && by == 0:
		return nil, mission.Errorf(mission.ECONFLICT, "Already on the waitlist of %s.", it.Title)
	}
	if conflict, err := overlapping(ctx, tx, it, personID); err != nil {
		return nil, err
	} else if conflict != nil {
		return nil, &mission.SignupOverlapError{Item: it, Other: conflict}
	}
	status := mission.SignupConfirmed
	if by == 0 && it.Capacity > 0 {
		var confirmed int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM signups WHERE item_id = $1 AND status = $2",
			itemID, mission.SignupConfirmed).Scan(&confirmed); err != nil {
			return nil, err
		}
		if confirmed >= it.Capacity {
			status = mission.SignupWaitlisted
		}
	}
	var position int
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM signups WHERE item_id = $1",
		itemID).Scan(&position); err != nil {
		return nil, err
	}
	now = stamp(now)
	var placedBy any
	if by != 0 {
		placedBy = by
	}
	s := &mission.Signup{ItemID: itemID, PersonID: personID, Status: status, Position: position, PlacedBy: by,
		CreatedAt: now, UpdatedAt: now}
	if existing != nil {
		// Back from a cancellation or off the waitlist: a new place in the queue.
		s.ID, s.CreatedAt = existing.ID, existing.CreatedAt
		_, err = tx.ExecContext(ctx, `UPDATE signups SET status = $1, position = $2, placed_by_person_id = $3, updated_at = $4
			WHERE id = $5`, status, position, placedBy, ts(now), existing.ID)
	} else {
		err = tx.QueryRowContext(ctx, `INSERT INTO signups (item_id, person_id, status, position, placed_by_person_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			itemID, personID, status, position, placedBy, ts(now), ts(now)).Scan(&s.ID)
	}
	if err != nil {
		return nil, dbError(err, "", "The person does not exist.")
	}
	return s, nil
}

// CancelSignup cancels the person's sign-up to the item (confirmed or
// waitlisted) and, when that frees a seat, confirms the first waitlisted
// person in the same transaction; it returns that promoted sign-up, or nil.
// It is ENOTFOUND when the person is not signed up.
func (db *DB) CancelSignup(ctx context.Context, itemID, personID int64, now time.Time) (*mission.Signup, error) {
	var promoted *mission.Signup
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		it, err := db.lockSignup(ctx, tx, itemID, personID)
		if err != nil {
			return err
		}
		s, err := signupOf(ctx, tx, itemID, personID)
		if err != nil {
			return err
		}
		if s.Status == mission.SignupCancelled {
			return mission.Errorf(mission.ENOTFOUND, "Not signed up to %s.", it.Title)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE signups SET status = $1, updated_at = $2 WHERE id = $3",
			mission.SignupCancelled, ts(stamp(now)), s.ID); err != nil {
			return err
		}
		promoted, err = promote(ctx, tx, it, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cancel sign-up of person %d to item %d: %w", personID, itemID, err)
	}
	return promoted, nil
}

// promote confirms the first waitlisted sign-up of the item when it has a
// free seat, and returns it (nil when none was promoted).
func promote(ctx context.Context, tx *sql.Tx, it *mission.ProgrammeItem, now time.Time) (*mission.Signup, error) {
	if it.Capacity > 0 {
		var confirmed int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM signups WHERE item_id = $1 AND status = $2",
			it.ID, mission.SignupConfirmed).Scan(&confirmed); err != nil {
			return nil, err
		}
		if confirmed >= it.Capacity {
			return nil, nil
		}
	}
	s := &mission.Signup{}
	err := tx.QueryRowContext(ctx, "SELECT "+signupColumns+` FROM signups s WHERE s.item_id = $1 AND s.status = $2
		ORDER BY s.position LIMIT 1`, it.ID, mission.SignupWaitlisted).Scan(signupFields(s)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	s.Status, s.UpdatedAt = mission.SignupConfirmed, stamp(now)
	if _, err := tx.ExecContext(ctx, "UPDATE signups SET status = $1, updated_at = $2 WHERE id = $3",
		s.Status, ts(s.UpdatedAt), s.ID); err != nil {
		return nil, err
	}
	return s, nil
}

// lockSignup locks the person and then the item for a change of sign-ups
// and returns the item. On SQLite the transaction holds the write lock
// already.
func (db *DB) lockSignup(ctx context.Context, tx *sql.Tx, itemID, personID int64) (*mission.ProgrammeItem, error) {
	forUpdate := ""
	if db.dialect == Postgres {
		forUpdate = " FOR UPDATE"
	}
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM persons WHERE id = $1"+forUpdate, personID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("person", personID)
	} else if err != nil {
		return nil, err
	}
	it := &mission.ProgrammeItem{}
	err = tx.QueryRowContext(ctx, "SELECT "+programmeItemColumns+" FROM programme_items WHERE id = $1"+forUpdate, itemID).
		Scan(programmeItemFields(it)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("programme item", itemID)
	} else if err != nil {
		return nil, err
	}
	return it, nil
}

// overlapping returns an item that overlaps it and keeps the person busy: one
// the person is signed up to (confirmed or waitlisted), or one of the same
// mission that everyone attends; nil when there is none.
func overlapping(ctx context.Context, tx *sql.Tx, it *mission.ProgrammeItem, personID int64) (*mission.ProgrammeItem, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+programmeItemColumns+` FROM programme_items
		WHERE id <> $1 AND starts_at < $2 AND ends_at > $3
		  AND (mission_id = $4 OR id IN (SELECT item_id FROM signups WHERE person_id = $5 AND status <> $6))
		ORDER BY starts_at, id`,
		it.ID, ts(it.EndsAt), ts(it.StartsAt), it.MissionID, personID, mission.SignupCancelled)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var candidates []*mission.ProgrammeItem
	for rows.Next() {
		other := &mission.ProgrammeItem{}
		if err := rows.Scan(programmeItemFields(other)...); err != nil {
			return nil, err
		}
		candidates = append(candidates, other)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	active, err := activeItemIDs(ctx, tx, personID)
	if err != nil {
		return nil, err
	}
	for _, other := range candidates {
		if active[other.ID] || (other.MissionID == it.MissionID && other.EveryoneAttends()) {
			return other, nil
		}
	}
	return nil, nil
}

// activeItemIDs returns the items the person is signed up to, confirmed or
// waitlisted.
func activeItemIDs(ctx context.Context, q querier, personID int64) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT item_id FROM signups WHERE person_id = $1 AND status <> $2",
		personID, mission.SignupCancelled)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}

func signupOf(ctx context.Context, q querier, itemID, personID int64) (*mission.Signup, error) {
	s := &mission.Signup{}
	err := q.QueryRowContext(ctx, "SELECT "+signupColumns+" FROM signups s WHERE s.item_id = $1 AND s.person_id = $2",
		itemID, personID).Scan(signupFields(s)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "Person %d is not signed up to item %d.", personID, itemID)
	} else if err != nil {
		return nil, err
	}
	return s, nil
}

// Signups returns the item's confirmed and waitlisted sign-ups with the
// people's names: confirmed first, each group in the order they came.
func (db *DB) Signups(ctx context.Context, itemID int64) ([]*mission.Signup, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+signupColumns+`, p.name FROM signups s JOIN persons p ON p.id = s.person_id
		WHERE s.item_id = $1 AND s.status <> $2
		ORDER BY CASE s.status WHEN 'confirmed' THEN 0 ELSE 1 END, s.position`, itemID, mission.SignupCancelled)
	if err != nil {
		return nil, fmt.Errorf("sign-ups of item %d: %w", itemID, err)
	}
	defer rows.Close()
	var list []*mission.Signup
	for rows.Next() {
		s := &mission.Signup{}
		if err := rows.Scan(append(signupFields(s), &s.PersonName)...); err != nil {
			return nil, fmt.Errorf("sign-ups of item %d: %w", itemID, err)
		}
		list = append(list, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sign-ups of item %d: %w", itemID, err)
	}
	return list, nil
}

// PersonSignups returns the person's confirmed and waitlisted sign-ups to
// the items of a mission, by item id.
func (db *DB) PersonSignups(ctx context.Context, missionID, personID int64) (map[int64]*mission.Signup, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+signupColumns+` FROM signups s JOIN programme_items i ON i.id = s.item_id
		WHERE i.mission_id = $1 AND s.person_id = $2 AND s.status <> $3`, missionID, personID, mission.SignupCancelled)
	if err != nil {
		return nil, fmt.Errorf("sign-ups of person %d: %w", personID, err)
	}
	defer rows.Close()
	out := map[int64]*mission.Signup{}
	for rows.Next() {
		s := &mission.Signup{}
		if err := rows.Scan(signupFields(s)...); err != nil {
			return nil, fmt.Errorf("sign-ups of person %d: %w", personID, err)
		}
		out[s.ItemID] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sign-ups of person %d: %w", personID, err)
	}
	return out, nil
}

// SignupCounts returns how many people are confirmed and waitlisted on each
// item of a mission that has any.
func (db *DB) SignupCounts(ctx context.Context, missionID int64) (confirmed, waitlisted map[int64]int, err error) {
	rows, err := db.db.QueryContext(ctx, `SELECT s.item_id, s.status, COUNT(*) FROM signups s JOIN programme_items i ON i.id = s.item_id
		WHERE i.mission_id = $1 AND s.status <> $2 GROUP BY s.item_id, s.status`, missionID, mission.SignupCancelled)
	if err != nil {
		return nil, nil, fmt.Errorf("sign-up counts of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	confirmed, waitlisted = map[int64]int{}, map[int64]int{}
	for rows.Next() {
		var id int64
		var status string
		var n int
		if err := rows.Scan(&id, &status, &n); err != nil {
			return nil, nil, fmt.Errorf("sign-up counts of mission %d: %w", missionID, err)
		}
		if status == mission.SignupConfirmed {
			confirmed[id] = n
		} else {
			waitlisted[id] = n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("sign-up counts of mission %d: %w", missionID, err)
	}
	return confirmed, waitlisted, nil
}

// SetCalendarFeed stores the SHA-256 of a person's new calendar feed token,
// replacing (and so revoking) any earlier one.
func (db *DB) SetCalendarFeed(ctx context.Context, personID int64, tokenHash string, now time.Time) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
		personID, tokenHash, ts(stamp(now)))
	if err != nil {
		return fmt.Errorf("set calendar feed of person %d: %w", personID, dbError(err, "", "The person does not exist."))
	}
	return nil
}

// DeleteCalendarFeed revokes a person's calendar feed; it is no error when
// there is none.
func (db *DB) DeleteCalendarFeed(ctx context.Context, personID int64) error {
	if _, err := db.db.ExecContext(ctx, "DELETE FROM calendar_feeds WHERE person_id = $1", personID); err != nil {
		return fmt.Errorf("delete calendar feed of person %d: %w", personID, err)
	}
	return nil
}

// CalendarFeed returns the person whose calendar feed token hashes to
// tokenHash, and when the feed was made; ENOTFOUND for an unknown or
// revoked token.
func (db *DB) CalendarFeed(ctx context.Context, tokenHash string) (personID int64, created time.Time, err error) {
	err = db.db.QueryRowContext(ctx, "SELECT person_id, created_at FROM calendar_feeds WHERE token_hash = $1", tokenHash).
		Scan(&personID, timeValue{&created})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, mission.Errorf(mission.ENOTFOUND, "calendar feed not found")
	} else if err != nil {
		return 0, time.Time{}, fmt.Errorf("calendar feed: %w", err)
	}
	return personID, created, nil
}

// HasCalendarFeed reports whether the person has a calendar feed.
func (db *DB) HasCalendarFeed(ctx context.Context, personID int64) (bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM calendar_feeds WHERE person_id = $1", personID).Scan(&n); err != nil {
		return false, fmt.Errorf("calendar feed of person %d: %w", personID, err)
	}
	return n > 0, nil
}
