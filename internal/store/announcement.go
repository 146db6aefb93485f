package store

import (
	"context"
	"database/sql"
	"fmt"

	"caravan/internal/mission"
)

// SendAnnouncement validates a and stores it with one e-mail per member of
// the mission, all in one transaction: every member of any role who has an
// e-mail address gets one copy, made by message from the member's person
// (nil skips the member). It sets a.ID, a.Recipients, and a.CreatedAt when
// zero, and kicks the outbox worker after the commit. A mission that does
// not exist is EINVALID.
func (db *DB) SendAnnouncement(ctx context.Context, a *mission.Announcement, message func(p *mission.Person) *mission.Email) error {
	if err := a.Validate(); err != nil {
		return err
	}
	members, err := db.MissionMembers(ctx, a.MissionID, "")
	if err != nil {
		return fmt.Errorf("send announcement: %w", err)
	}
	created := stamp(a.CreatedAt)
	recipients := 0
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		seen := map[int64]bool{}
		for _, mm := range members {
			if seen[mm.PersonID] || mm.Person.Email == "" {
				continue
			}
			seen[mm.PersonID] = true
			e := message(mm.Person)
			if e == nil {
				continue
			}
			e.CreatedAt = created
			if err := enqueueEmail(ctx, tx, e); err != nil {
				return err
			}
			recipients++
		}
		return tx.QueryRowContext(ctx, `INSERT INTO announcements (mission_id, author_person_id, subject, body, recipients, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			a.MissionID, ident(a.AuthorPersonID), a.Subject, a.Body, recipients, ts(created)).Scan(&a.ID)
	})
	if err != nil {
		return fmt.Errorf("send announcement to mission %d: %w", a.MissionID, dbError(err, "",
			fmt.Sprintf("Mission %d or person %d does not exist.", a.MissionID, a.AuthorPersonID)))
	}
	a.CreatedAt, a.Recipients = created, recipients
	db.notifyEmailQueued()
	return nil
}

// Announcements returns the mission's announcements, newest first, each
// with its author's name.
func (db *DB) Announcements(ctx context.Context, missionID int64) ([]*mission.Announcement, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, a.mission_id, a.author_person_id, COALESCE(p.name, ''), a.subject, a.body,
		a.recipients, a.created_at FROM announcements a LEFT JOIN persons p ON p.id = a.author_person_id
		WHERE a.mission_id = $1 ORDER BY a.id DESC`, missionID)
	if err != nil {
		return nil, fmt.Errorf("announcements of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []*mission.Announcement
	for rows.Next() {
		a := &mission.Announcement{}
		if err := rows.Scan(&a.ID, &a.MissionID, idValue{&a.AuthorPersonID}, &a.AuthorName, &a.Subject, &a.Body,
			&a.Recipients, timeValue{&a.CreatedAt}); err != nil {
			return nil, fmt.Errorf("announcements of mission %d: %w", missionID, err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("announcements of mission %d: %w", missionID, err)
	}
	return list, nil
}
