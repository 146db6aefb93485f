package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// Check-in (migration 0013): each member's check-in code per mission, made
// on first use, and the check-ins of people to the mission and to its
// programme items. A check-in is recorded once; recording it again returns
// the first one, so the registration desk may scan a badge twice.

// checkinMember is the condition that person $2 takes part in mission $1
// in a role that attends (everything but viewer).
const checkinMember = `EXISTS (SELECT 1 FROM mission_members mm WHERE mm.mission_id = $1 AND mm.person_id = $2 AND mm.role <> 'viewer')`

// CheckinToken returns the person's check-in code for the mission, making
// it when the person has none yet. It is ENOTFOUND when the person takes
// no part in the mission (viewers take none).
func (db *DB) CheckinToken(ctx context.Context, missionID, personID int64, now time.Time) (string, error) {
	var token string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var member bool
		if err := tx.QueryRowContext(ctx, "SELECT "+checkinMember, missionID, personID).Scan(&member); err != nil {
			return err
		}
		if !member {
			return mission.Errorf(mission.ENOTFOUND, "Person %d takes no part in mission %d.", personID, missionID)
		}
		tokens, err := ensureCheckinTokens(ctx, tx, missionID, []int64{personID}, now)
		token = tokens[personID]
		return err
	})
	if err != nil {
		return "", fmt.Errorf("check-in code of person %d in mission %d: %w", personID, missionID, err)
	}
	return token, nil
}

// CheckinTokens returns the check-in codes of every member of the mission
// who attends (all roles but viewer) by person id, making the missing ones
// in the same transaction.
func (db *DB) CheckinTokens(ctx context.Context, missionID int64, now time.Time) (map[int64]string, error) {
	var tokens map[int64]string
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT DISTINCT person_id FROM mission_members
			WHERE mission_id = $1 AND role <> 'viewer' ORDER BY person_id`, missionID)
		if err != nil {
			return err
		}
		var people []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			people = append(people, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		tokens, err = ensureCheckinTokens(ctx, tx, missionID, people, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("check-in codes of mission %d: %w", missionID, err)
	}
	return tokens, nil
}

// ensureCheckinTokens returns the codes of the people in the mission,
// inserting a new random code for each who has none. A new code that
// happens to equal another (1 in 2^80) is drawn again.
func ensureCheckinTokens(ctx context.Context, tx *sql.Tx, missionID int64, people []int64, now time.Time) (map[int64]string, error) {
	tokens := map[int64]string{}
	rows, err := tx.QueryContext(ctx, "SELECT person_id, token FROM checkin_tokens WHERE mission_id = $1", missionID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var token string
		if err := rows.Scan(&id, &token); err != nil {
			rows.Close()
			return nil, err
		}
		tokens[id] = token
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[int64]string{}
	for _, id := range people {
		if t, ok := tokens[id]; ok {
			out[id] = t
			continue
		}
		for attempt := 0; ; attempt++ {
			var random [10]byte
			rand.Read(random[:])
			token := mission.NewCheckinToken(random)
			var taken int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM checkin_tokens WHERE token = $1", token).Scan(&taken); err != nil {
				return nil, err
			}
			if taken > 0 && attempt < 3 {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO checkin_tokens (mission_id, person_id, token, created_at)
				VALUES ($1, $2, $3, $4)`, missionID, id, token, ts(stamp(now))); err != nil {
				return nil, dbError(err, "The check-in code is taken.", fmt.Sprintf("Mission %d or person %d does not exist.", missionID, id))
			}
			out[id] = token
			break
		}
	}
	return out, nil
}

// CheckinAttempt is one check-in asked for at the desk: the person by
// their code (Token) or by id (PersonID, found by name), to the mission
// (ItemID 0) or to one of its items, by an organiser or host (By, their
// person id, 0 for an admin without one). Audit is the audit entry to
// write with a new check-in (its action, target and detail are set here);
// nil writes none, for imported history such as the demo's.
type CheckinAttempt struct {
	MissionID int64
	ItemID    int64
	Token     string
	PersonID  int64
	By        int64
	At        time.Time
	Audit     *mission.AuditEntry
}

// CheckIn records the attempt in one transaction: it finds the person by
// code or id, checks them in to the mission and, when an item is named,
// to that item too, and writes the audit entry when something new was
// recorded. It returns the check-in asked for (of the item, or of the
// mission), with New false and the first time when it had been recorded
// before.
//
// Errors carry Field "code" for the code: ENOTFOUND when no one has it,
// EINVALID when it belongs to another mission; Field "person" with
// ENOTFOUND for a person who takes no part in the mission; Field "item"
// with ENOTFOUND for an item of another mission or none.
func (db *DB) CheckIn(ctx context.Context, a CheckinAttempt) (*mission.Checkin, error) {
	method := mission.CheckinBySearch
	if a.Token != "" {
		method = mission.CheckinByCode
	}
	at := stamp(a.At)
	var result *mission.Checkin
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		personID := a.PersonID
		if a.Token != "" {
			var missionID int64
			err := tx.QueryRowContext(ctx, "SELECT mission_id, person_id FROM checkin_tokens WHERE token = $1", a.Token).
				Scan(&missionID, &personID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				return &mission.Error{Code: mission.ENOTFOUND, Field: "code", Message: "No one has this check-in code."}
			case err != nil:
				return err
			case missionID != a.MissionID:
				return &mission.Error{Code: mission.EINVALID, Field: "code", Message: "This check-in code belongs to another mission."}
			}
		}
		var member bool
		if err := tx.QueryRowContext(ctx, "SELECT "+checkinMember, a.MissionID, personID).Scan(&member); err != nil {
			return err
		}
		if !member {
			return &mission.Error{Code: mission.ENOTFOUND, Field: "person", Message: fmt.Sprintf("Person %d takes no part in mission %d.", personID, a.MissionID)}
		}
		if a.ItemID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM programme_items WHERE id = $1 AND mission_id = $2",
				a.ItemID, a.MissionID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return &mission.Error{Code: mission.ENOTFOUND, Field: "item", Message: fmt.Sprintf("Mission %d has no programme item %d.", a.MissionID, a.ItemID)}
			}
		}
		c := &mission.Checkin{MissionID: a.MissionID, PersonID: personID, CheckedInAt: at, ByPersonID: a.By, Method: method}
		// Whoever attends an item is at the mission: the mission's check-in comes first.
		first, err := checkIn(ctx, tx, c, 0)
		if err != nil {
			return err
		}
		result = first
		if a.ItemID != 0 {
			if result, err = checkIn(ctx, tx, c, a.ItemID); err != nil {
				return err
			}
		}
		if (!first.New && !result.New) || a.Audit == nil {
			return nil
		}
		e := *a.Audit
		e.At, e.Action, e.TargetType, e.TargetID = at, mission.AuditCheckin, "person", personID
		e.Detail = fmt.Sprintf("mission %d", a.MissionID)
		if a.ItemID != 0 {
			e.Detail += fmt.Sprintf(", item %d", a.ItemID)
		}
		e.Detail += " by " + method
		return addAudit(ctx, tx, &e)
	})
	if err != nil {
		return nil, fmt.Errorf("check in to mission %d: %w", a.MissionID, err)
	}
	return result, nil
}

// checkIn inserts c's person's check-in to the item (0: the mission) unless
// there is one, and returns the one that stands.
func checkIn(ctx context.Context, tx *sql.Tx, c *mission.Checkin, itemID int64) (*mission.Checkin, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO checkins (mission_id, person_id, item_id, checked_in_at, by_person_id, method)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
		c.MissionID, c.PersonID, ident(itemID), ts(c.CheckedInAt), ident(c.ByPersonID), c.Method).Scan(&id)
	if err == nil {
		out := *c
		out.ID, out.ItemID, out.New = id, itemID, true
		return &out, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, dbError(err, "", "The person does not exist.")
	}
	row := tx.QueryRowContext(ctx, "SELECT "+checkinColumns+` FROM checkins
		WHERE mission_id = $1 AND person_id = $2 AND COALESCE(item_id, 0) = $3`, c.MissionID, c.PersonID, itemID)
	out := &mission.Checkin{}
	if err := row.Scan(checkinFields(out)...); err != nil {
		return nil, err
	}
	return out, nil
}

const checkinColumns = "id, mission_id, person_id, item_id, checked_in_at, by_person_id, method"

func checkinFields(c *mission.Checkin) []any {
	return []any{&c.ID, &c.MissionID, &c.PersonID, idValue{&c.ItemID}, timeValue{&c.CheckedInAt}, idValue{&c.ByPersonID}, &c.Method}
}

// Checkins returns every check-in of the mission, to the mission and to its
// items, ordered by time and id.
func (db *DB) Checkins(ctx context.Context, missionID int64) ([]*mission.Checkin, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+checkinColumns+" FROM checkins WHERE mission_id = $1 ORDER BY checked_in_at, id", missionID)
	if err != nil {
		return nil, fmt.Errorf("check-ins of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.Checkin
	for rows.Next() {
		c := &mission.Checkin{}
		if err := rows.Scan(checkinFields(c)...); err != nil {
			return nil, fmt.Errorf("check-ins of mission %d: %w", missionID, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("check-ins of mission %d: %w", missionID, err)
	}
	return list, nil
}

// Checkin returns the check-in with the id.
func (db *DB) Checkin(ctx context.Context, id int64) (*mission.Checkin, error) {
	c := &mission.Checkin{}
	err := db.db.QueryRowContext(ctx, "SELECT "+checkinColumns+" FROM checkins WHERE id = $1", id).Scan(checkinFields(c)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("check-in", id)
	} else if err != nil {
		return nil, fmt.Errorf("check-in %d: %w", id, err)
	}
	return c, nil
}

// UndoCheckin deletes a check-in of the mission made by mistake, with the
// audit entry (nil: none) in the same transaction. Undoing a check-in to
// the mission also undoes the person's check-ins to its items: who has not
// arrived attends nothing. It is ENOTFOUND when the mission has no such
// check-in.
func (db *DB) UndoCheckin(ctx context.Context, missionID, checkinID int64, audit *mission.AuditEntry) (*mission.Checkin, error) {
	c := &mission.Checkin{}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "SELECT "+checkinColumns+" FROM checkins WHERE id = $1 AND mission_id = $2",
			checkinID, missionID).Scan(checkinFields(c)...)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("check-in", checkinID)
		} else if err != nil {
			return err
		}
		if c.ItemID == 0 {
			_, err = tx.ExecContext(ctx, "DELETE FROM checkins WHERE mission_id = $1 AND person_id = $2", missionID, c.PersonID)
		} else {
			_, err = tx.ExecContext(ctx, "DELETE FROM checkins WHERE id = $1", checkinID)
		}
		if err != nil || audit == nil {
			return err
		}
		e := *audit
		e.Action, e.TargetType, e.TargetID = mission.AuditCheckinUndo, "person", c.PersonID
		e.Detail = fmt.Sprintf("mission %d", missionID)
		if c.ItemID != 0 {
			e.Detail += fmt.Sprintf(", item %d", c.ItemID)
		}
		return addAudit(ctx, tx, &e)
	})
	if err != nil {
		return nil, fmt.Errorf("undo check-in %d: %w", checkinID, err)
	}
	return c, nil
}
