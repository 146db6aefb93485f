package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"caravan/internal/mission"
)

const missionColumns = `m.id, m.consortium_id, m.title, m.kind, m.status, m.published, m.summary,
	m.host_organisation_id, m.host_city, m.host_country, m.region_id, m.venue, m.time_zone,
	m.starts_on, m.ends_on, m.arrival_on, m.departure_on, m.capacity, m.call_opens_on, m.call_closes_on,
	m.created_at, m.updated_at`

func missionFields(m *mission.Mission) []any {
	return []any{&m.ID, idValue{&m.ConsortiumID}, &m.Title, &m.Kind, &m.Status, &m.Published, &m.Summary,
		idValue{&m.HostOrganisationID}, &m.HostCity, &m.HostCountry, idValue{&m.RegionID}, &m.Venue, &m.TimeZone,
		timeValue{&m.StartsOn}, timeValue{&m.EndsOn}, timeValue{&m.ArrivalOn}, timeValue{&m.DepartureOn},
		&m.Capacity, timeValue{&m.CallOpensOn}, timeValue{&m.CallClosesOn},
		timeValue{&m.CreatedAt}, timeValue{&m.UpdatedAt}}
}

// CreateMission validates m and inserts it with its themes, keywords and
// quotas in one transaction; it sets m.ID, and CreatedAt and UpdatedAt when
// zero. A consortium, host organisation, region or quota partner that does not
// exist is EINVALID. Dates are stored as calendar days and read back as
// midnight UTC.
func (db *DB) CreateMission(ctx context.Context, m *mission.Mission) error {
	if err := m.Validate(); err != nil {
		return err
	}
	m.Themes, m.Keywords = uniqueStrings(m.Themes), uniqueStrings(m.Keywords)
	created := stamp(m.CreatedAt)
	updated := created
	if !m.UpdatedAt.IsZero() {
		updated = stamp(m.UpdatedAt)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error { return insertMission(ctx, tx, m, created, updated) })
	if err != nil {
		m.ID = 0
		return fmt.Errorf("create mission: %w", dbError(err, "A partner has two quotas on the mission.",
			"The consortium, host organisation, region or a quota's partner does not exist."))
	}
	m.CreatedAt, m.UpdatedAt = created, updated
	return nil
}

// insertMission inserts a validated m with its themes, keywords and quotas
// within tx and sets m.ID.
func insertMission(ctx context.Context, tx *sql.Tx, m *mission.Mission, created, updated time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO missions
		(consortium_id, title, kind, status, published, summary, host_organisation_id, host_city, host_country,
		 region_id, venue, time_zone, starts_on, ends_on, arrival_on, departure_on, capacity,
		 call_opens_on, call_closes_on, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
		RETURNING id`,
		ident(m.ConsortiumID), m.Title, m.Kind, m.Status, m.Published, m.Summary, ident(m.HostOrganisationID), m.HostCity, m.HostCountry,
		ident(m.RegionID), m.Venue, m.TimeZone, day(m.StartsOn), day(m.EndsOn), day(m.ArrivalOn), day(m.DepartureOn), m.Capacity,
		day(m.CallOpensOn), day(m.CallClosesOn), ts(created), ts(updated),
	).Scan(&m.ID)
	if err != nil {
		return err
	}
	if err := replaceList(ctx, tx, missionThemes, m.ID, m.Themes); err != nil {
		return err
	}
	if err := replaceList(ctx, tx, missionKeywords, m.ID, m.Keywords); err != nil {
		return err
	}
	for _, q := range m.Quotas {
		_, err := tx.ExecContext(ctx, "INSERT INTO mission_quotas (mission_id, partner_id, places) VALUES ($1, $2, $3)",
			m.ID, q.PartnerID, q.Places)
		if err != nil {
			return err
		}
	}
	return nil
}

// Mission returns the mission with the id, with its themes, keywords and
// quotas.
func (db *DB) Mission(ctx context.Context, id int64) (*mission.Mission, error) {
	m, err := getMission(ctx, db.db, id)
	if err != nil {
		return nil, fmt.Errorf("mission %d: %w", id, err)
	}
	return m, nil
}

func getMission(ctx context.Context, q querier, id int64) (*mission.Mission, error) {
	m := &mission.Mission{}
	err := q.QueryRowContext(ctx, "SELECT "+missionColumns+" FROM missions m WHERE m.id = $1", id).Scan(missionFields(m)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("mission", id)
	} else if err != nil {
		return nil, err
	}
	if err := loadMissionLists(ctx, q, []*mission.Mission{m}); err != nil {
		return nil, err
	}
	return m, nil
}

// loadMissionLists fills in the themes, keywords and quotas of list.
func loadMissionLists(ctx context.Context, q querier, list []*mission.Mission) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	args := make([]any, len(list))
	byID := make(map[int64]*mission.Mission, len(list))
	for i, m := range list {
		ids[i], args[i], byID[m.ID] = m.ID, m.ID, m
	}
	themes, err := loadLists[string](ctx, q, missionThemes, ids)
	if err != nil {
		return err
	}
	keywords, err := loadLists[string](ctx, q, missionKeywords, ids)
	if err != nil {
		return err
	}
	for _, m := range list {
		m.Themes, m.Keywords, m.Quotas = themes[m.ID], keywords[m.ID], nil
	}
	rows, err := q.QueryContext(ctx, "SELECT mission_id, partner_id, places FROM mission_quotas WHERE mission_id IN ("+
		placeholders(1, len(args))+") ORDER BY mission_id, partner_id", args...)
	if err != nil {
		return fmt.Errorf("load quotas: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var missionID int64
		var quota mission.Quota
		if err := rows.Scan(&missionID, &quota.PartnerID, &quota.Places); err != nil {
			return fmt.Errorf("load quotas: %w", err)
		}
		byID[missionID].Quotas = append(byID[missionID].Quotas, quota)
	}
	return rows.Err()
}

// Missions returns the missions that f selects, ordered by id (a stable
// order for keyset paging; sort by date in the caller when needed): at most
// f.Limit (100 when 0, at most 1000) with ids greater than f.After.
func (db *DB) Missions(ctx context.Context, f mission.MissionFilter) ([]*mission.Mission, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "m.id > "+arg(f.After))
	if f.ConsortiumID != 0 {
		where = append(where, "m.consortium_id = "+arg(f.ConsortiumID))
	}
	if f.Status != "" {
		where = append(where, "m.status = "+arg(f.Status))
	}
	if f.Published != nil {
		where = append(where, "m.published = "+arg(*f.Published))
	}
	query := "SELECT " + missionColumns + " FROM missions m WHERE " + strings.Join(where, " AND ") +
		" ORDER BY m.id LIMIT " + arg(limit(f.Limit))
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("missions: %w", err)
	}
	defer rows.Close()
	var list []*mission.Mission
	for rows.Next() {
		m := &mission.Mission{}
		if err := rows.Scan(missionFields(m)...); err != nil {
			return nil, fmt.Errorf("missions: %w", err)
		}
		list = append(list, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("missions: %w", err)
	}
	if err := loadMissionLists(ctx, db.db, list); err != nil {
		return nil, fmt.Errorf("missions: %w", err)
	}
	return list, nil
}

// UpdateMission applies u to the mission with the id, validates the result
// and saves it in one transaction; it returns the mission as stored.
func (db *DB) UpdateMission(ctx context.Context, id int64, u mission.MissionUpdate) (*mission.Mission, error) {
	var m *mission.Mission
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = getMission(ctx, tx, id); err != nil {
			return err
		}
		u.Apply(m)
		if err := m.Validate(); err != nil {
			return err
		}
		m.UpdatedAt = stamp(time.Time{})
		_, err = tx.ExecContext(ctx, `UPDATE missions SET title = $1, summary = $2, status = $3, published = $4,
			venue = $5, starts_on = $6, ends_on = $7, capacity = $8, call_opens_on = $9, call_closes_on = $10,
			updated_at = $11 WHERE id = $12`,
			m.Title, m.Summary, m.Status, m.Published, m.Venue, day(m.StartsOn), day(m.EndsOn), m.Capacity,
			day(m.CallOpensOn), day(m.CallClosesOn), ts(m.UpdatedAt), id)
		if err != nil {
			return err
		}
		if u.Themes != nil {
			m.Themes = uniqueStrings(m.Themes)
			if err := replaceList(ctx, tx, missionThemes, id, m.Themes); err != nil {
				return err
			}
		}
		if u.Keywords != nil {
			m.Keywords = uniqueStrings(m.Keywords)
			if err := replaceList(ctx, tx, missionKeywords, id, m.Keywords); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update mission %d: %w", id, dbError(err, "", ""))
	}
	// Dates read back as midnight UTC of their day.
	return db.Mission(ctx, id)
}

// DeleteMission deletes the mission with the id and everything that belongs
// to it: members, programme, applications, meeting requests and meetings.
func (db *DB) DeleteMission(ctx context.Context, id int64) error {
	res, err := db.db.ExecContext(ctx, "DELETE FROM missions WHERE id = $1", id)
	if err != nil {
		return fmt.Errorf("delete mission %d: %w", id, dbError(err, "", ""))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete mission %d: %w", id, err)
	} else if n == 0 {
		return notFound("mission", id)
	}
	return nil
}

// AddMissionMember gives a person a role in a mission; it sets
// mm.CreatedAt when zero. The same person, mission and role twice is
// ECONFLICT; a mission or person that does not exist, or an unknown role, is
// EINVALID.
func (db *DB) AddMissionMember(ctx context.Context, mm mission.MissionMember) error {
	if !contains(mission.MemberRoles, mm.Role) {
		return mission.FieldError("role", "Role must be one of %s.", strings.Join(mission.MemberRoles, ", "))
	}
	if mm.CreatedAt.IsZero() {
		mm.CreatedAt = time.Now()
	}
	_, err := db.db.ExecContext(ctx, "INSERT INTO mission_members (mission_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)",
		mm.MissionID, mm.PersonID, mm.Role, ts(mm.CreatedAt))
	if err != nil {
		return fmt.Errorf("add member to mission %d: %w", mm.MissionID, dbError(err,
			fmt.Sprintf("Person %d already is a %s of mission %d.", mm.PersonID, mm.Role, mm.MissionID),
			fmt.Sprintf("Mission %d or person %d does not exist.", mm.MissionID, mm.PersonID)))
	}
	return nil
}

// MissionMembers returns the members of a mission with the role (all roles
// when role is ""), each with its Person and the person's Organisation,
// ordered by role then name. A mission without members, or none at all,
// gives an empty list.
func (db *DB) MissionMembers(ctx context.Context, missionID int64, role string) ([]*mission.MissionMember, error) {
	query := "SELECT mm.mission_id, mm.person_id, mm.role, mm.created_at, " + personColumns("p") + ", " + orgColumns("o") + `
		FROM mission_members mm JOIN persons p ON p.id = mm.person_id JOIN organisations o ON o.id = p.organisation_id
		WHERE mm.mission_id = $1 AND (mm.role = $2 OR $3 = '')
		ORDER BY ` + roleOrder("mm.role") + ", p.name, p.id"
	rows, err := db.db.QueryContext(ctx, query, missionID, role, role)
	if err != nil {
		return nil, fmt.Errorf("members of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var members []*mission.MissionMember
	var orgs []*mission.Organisation
	for rows.Next() {
		mm := &mission.MissionMember{Person: &mission.Person{Organisation: &mission.Organisation{}}}
		fields := append([]any{&mm.MissionID, &mm.PersonID, &mm.Role, timeValue{&mm.CreatedAt}}, personFields(mm.Person)...)
		if err := rows.Scan(append(fields, orgFields(mm.Person.Organisation)...)...); err != nil {
			return nil, fmt.Errorf("members of mission %d: %w", missionID, err)
		}
		members = append(members, mm)
		orgs = append(orgs, mm.Person.Organisation)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("members of mission %d: %w", missionID, err)
	}
	if err := loadOrganisationLists(ctx, db.db, orgs); err != nil {
		return nil, fmt.Errorf("members of mission %d: %w", missionID, err)
	}
	return members, nil
}

// roleOrder is an ORDER BY expression that sorts member roles host,
// organiser, participant, local, viewer.
func roleOrder(col string) string {
	return "CASE " + col + " WHEN 'host' THEN 0 WHEN 'organiser' THEN 1 WHEN 'participant' THEN 2 WHEN 'local' THEN 3 ELSE 4 END"
}

// missionOrganisationsQuery selects, for mission $1, the host organisation
// (role host, with 0 people when none of its people is a host member) and
// each organisation of the members by role with its number of people;
// viewers do not count.
const missionOrganisationsQuery = `
	SELECT p.organisation_id AS organisation_id, mm.role AS role, COUNT(*) AS people
	FROM mission_members mm JOIN persons p ON p.id = mm.person_id
	WHERE mm.mission_id = $1 AND mm.role IN ('host', 'organiser', 'participant', 'local')
	GROUP BY p.organisation_id, mm.role
	UNION ALL
	SELECT m.host_organisation_id, 'host', 0
	FROM missions m
	WHERE m.id = $1 AND m.host_organisation_id IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM mission_members mm JOIN persons p ON p.id = mm.person_id
		WHERE mm.mission_id = m.id AND mm.role = 'host' AND p.organisation_id = m.host_organisation_id)`

// MissionOrganisations returns the organisations taking part in a mission:
// the host organisation with role host, and the distinct organisations of
// its members with their role and number of people (an organisation with
// people in two roles appears once per role; viewers are left out), ordered
// by role (host, organiser, participant, local) then name. A mission that
// does not exist is ENOTFOUND.
func (db *DB) MissionOrganisations(ctx context.Context, missionID int64) ([]mission.MissionOrganisation, error) {
	if err := db.missionExists(ctx, missionID); err != nil {
		return nil, err
	}
	rows, err := db.db.QueryContext(ctx, "SELECT "+orgColumns("o")+", r.role, r.people FROM ("+missionOrganisationsQuery+
		") r JOIN organisations o ON o.id = r.organisation_id ORDER BY "+roleOrder("r.role")+", o.name, o.id", missionID)
	if err != nil {
		return nil, fmt.Errorf("organisations of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	var list []mission.MissionOrganisation
	var orgs []*mission.Organisation
	for rows.Next() {
		mo := mission.MissionOrganisation{Organisation: &mission.Organisation{}}
		if err := rows.Scan(append(orgFields(mo.Organisation), &mo.Role, &mo.People)...); err != nil {
			return nil, fmt.Errorf("organisations of mission %d: %w", missionID, err)
		}
		list = append(list, mo)
		orgs = append(orgs, mo.Organisation)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("organisations of mission %d: %w", missionID, err)
	}
	if err := loadOrganisationLists(ctx, db.db, orgs); err != nil {
		return nil, fmt.Errorf("organisations of mission %d: %w", missionID, err)
	}
	return list, nil
}

// MissionCounts returns a mission's headline figures: distinct
// organisations as MissionOrganisations lists them, participant and local
// members, programme items and applications (any status). A mission that
// does not exist is ENOTFOUND.
func (db *DB) MissionCounts(ctx context.Context, missionID int64) (mission.MissionCounts, error) {
	var c mission.MissionCounts
	if err := db.missionExists(ctx, missionID); err != nil {
		return c, err
	}
	err := db.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(DISTINCT r.organisation_id) FROM (`+missionOrganisationsQuery+`) r),
		(SELECT COUNT(*) FROM mission_members WHERE mission_id = $1 AND role = 'participant'),
		(SELECT COUNT(*) FROM mission_members WHERE mission_id = $1 AND role = 'local'),
		(SELECT COUNT(*) FROM programme_items WHERE mission_id = $1),
		(SELECT COUNT(*) FROM applications WHERE mission_id = $1)`, missionID,
	).Scan(&c.Organisations, &c.Participants, &c.Locals, &c.ProgrammeItems, &c.Applications)
	if err != nil {
		return c, fmt.Errorf("counts of mission %d: %w", missionID, err)
	}
	return c, nil
}

// missionExists returns ENOTFOUND when the mission does not exist.
func (db *DB) missionExists(ctx context.Context, id int64) error {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM missions WHERE id = $1", id).Scan(&n); err != nil {
		return fmt.Errorf("mission %d: %w", id, err)
	} else if n == 0 {
		return notFound("mission", id)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
