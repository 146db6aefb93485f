package store

import (
	"context"
	"fmt"

	"caravan/internal/mission"
)

const logisticsColumns = "l.mission_id, l.person_id, l.arrival_at, l.departure_at, l.hotel, l.dietary, l.accessibility, " +
	"l.emergency_contact_name, l.emergency_contact_phone, l.letter_requested, l.passport_name, l.nationality, l.updated_at"

func logisticsFields(l *mission.Logistics) []any {
	return []any{&l.MissionID, &l.PersonID, timeValue{&l.ArrivalAt}, timeValue{&l.DepartureAt}, &l.Hotel, &l.Dietary,
		&l.Accessibility, &l.EmergencyContactName, &l.EmergencyContactPhone, &l.LetterRequested, &l.PassportName,
		&l.Nationality, timeValue{&l.UpdatedAt}}
}

// SaveLogistics validates l and stores it as the person's logistics in the
// mission, replacing what was there; it sets l.UpdatedAt when zero. A
// mission or person that does not exist is EINVALID.
func (db *DB) SaveLogistics(ctx context.Context, l *mission.Logistics) error {
	if err := l.Validate(); err != nil {
		return err
	}
	l.UpdatedAt = stamp(l.UpdatedAt)
	_, err := db.db.ExecContext(ctx, `INSERT INTO logistics (mission_id, person_id, arrival_at, departure_at, hotel, dietary,
		accessibility, emergency_contact_name, emergency_contact_phone, letter_requested, passport_name, nationality, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (mission_id, person_id) DO UPDATE SET arrival_at = excluded.arrival_at, departure_at = excluded.departure_at,
		hotel = excluded.hotel, dietary = excluded.dietary, accessibility = excluded.accessibility,
		emergency_contact_name = excluded.emergency_contact_name, emergency_contact_phone = excluded.emergency_contact_phone,
		letter_requested = excluded.letter_requested, passport_name = excluded.passport_name,
		nationality = excluded.nationality, updated_at = excluded.updated_at`,
		l.MissionID, l.PersonID, ts(l.ArrivalAt), ts(l.DepartureAt), l.Hotel, l.Dietary, l.Accessibility,
		l.EmergencyContactName, l.EmergencyContactPhone, l.LetterRequested, l.PassportName, l.Nationality, ts(l.UpdatedAt))
	if err != nil {
		return fmt.Errorf("save logistics of person %d in mission %d: %w", l.PersonID, l.MissionID, dbError(err, "",
			fmt.Sprintf("Mission %d or person %d does not exist.", l.MissionID, l.PersonID)))
	}
	return nil
}

// Logistics returns the person's logistics in the mission, with its Person
// and the person's Organisation; none saved yet is ENOTFOUND.
func (db *DB) Logistics(ctx context.Context, missionID, personID int64) (*mission.Logistics, error) {
	list, err := db.queryLogistics(ctx, "WHERE l.mission_id = $1 AND l.person_id = $2", missionID, personID)
	if err != nil {
		return nil, fmt.Errorf("logistics of person %d in mission %d: %w", personID, missionID, err)
	}
	if len(list) == 0 {
		return nil, mission.Errorf(mission.ENOTFOUND, "person %d has no logistics in mission %d", personID, missionID)
	}
	return list[0], nil
}

// MissionLogistics returns the logistics that the mission's people saved,
// each with its Person and Organisation, ordered by arrival (unknown last),
// then name.
func (db *DB) MissionLogistics(ctx context.Context, missionID int64) ([]*mission.Logistics, error) {
	list, err := db.queryLogistics(ctx, "WHERE l.mission_id = $1 ORDER BY l.arrival_at IS NULL, l.arrival_at, p.name, p.id", missionID)
	if err != nil {
		return nil, fmt.Errorf("logistics of mission %d: %w", missionID, err)
	}
	return list, nil
}

func (db *DB) queryLogistics(ctx context.Context, where string, args ...any) ([]*mission.Logistics, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+logisticsColumns+", "+personColumns("p")+", "+orgColumns("o")+
		" FROM logistics l JOIN persons p ON p.id = l.person_id JOIN organisations o ON o.id = p.organisation_id "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*mission.Logistics
	var orgs []*mission.Organisation
	for rows.Next() {
		l := &mission.Logistics{Person: &mission.Person{Organisation: &mission.Organisation{}}}
		fields := append(logisticsFields(l), personFields(l.Person)...)
		if err := rows.Scan(append(fields, orgFields(l.Person.Organisation)...)...); err != nil {
			return nil, err
		}
		list = append(list, l)
		orgs = append(orgs, l.Person.Organisation)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return list, loadOrganisationLists(ctx, db.db, orgs)
}
