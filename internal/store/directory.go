package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"caravan/internal/mission"
)

// LocalCompany is what a host enters to bring a local company to a
// mission: its organisation (new, or an existing one by OrganisationID) and
// the person who will meet the delegation.
type LocalCompany struct {
	OrganisationID int64                 // an existing organisation, or 0
	Organisation   *mission.Organisation // a new organisation when OrganisationID is 0
	Person         *mission.Person
}

// AddLocalCompany writes, in one transaction, the new organisation (with
// its ecosystems) when there is one, the person and the person's membership
// of the mission with the role local. A person with the same e-mail address
// as an existing one is ECONFLICT; a mission or organisation that does not
// exist is EINVALID; nothing is written then.
func (db *DB) AddLocalCompany(ctx context.Context, missionID int64, lc LocalCompany, now time.Time) error {
	if lc.Person == nil || (lc.OrganisationID == 0 && lc.Organisation == nil) {
		return mission.Errorf(mission.EINVALID, "A local company needs an organisation and a person.")
	}
	if lc.OrganisationID == 0 {
		if err := lc.Organisation.Validate(); err != nil {
			return err
		}
		lc.Organisation.Ecosystems = uniqueStrings(lc.Organisation.Ecosystems)
	}
	p := lc.Person
	check := *p
	check.OrganisationID = -1 // the organisation's id comes inside the transaction
	if err := check.Validate(); err != nil {
		return err
	}
	now = stamp(now)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		orgID := lc.OrganisationID
		if orgID == 0 {
			lc.Organisation.CreatedAt = now
			if err := insertOrganisation(ctx, tx, lc.Organisation); err != nil {
				return err
			}
			if err := replaceList(ctx, tx, organisationEcosystems, lc.Organisation.ID, lc.Organisation.Ecosystems); err != nil {
				return err
			}
			orgID = lc.Organisation.ID
		}
		p.OrganisationID = orgID
		if err := p.Validate(); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO persons (organisation_id, name, email, phone, job_title, languages, bio, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			orgID, p.Name, p.Email, p.Phone, p.JobTitle, joinList(p.Languages), p.Bio, ts(now)).Scan(&p.ID)
		if err != nil {
			return dbError(err, fmt.Sprintf("A person with the e-mail address %s already exists.", p.Email), "The organisation does not exist.")
		}
		p.CreatedAt = now
		_, err = tx.ExecContext(ctx, "INSERT INTO mission_members (mission_id, person_id, role, created_at) VALUES ($1, $2, $3, $4)",
			missionID, p.ID, mission.RoleLocal, ts(now))
		return dbError(err, "", fmt.Sprintf("Mission %d does not exist.", missionID))
	})
	if err != nil {
		p.ID = 0
		if lc.Organisation != nil && lc.OrganisationID == 0 {
			lc.Organisation.ID = 0
		}
		return fmt.Errorf("add local company to mission %d: %w", missionID, err)
	}
	return nil
}

// DirectoryFilter selects people for the directory; zero fields do not
// filter. Query matches a case-insensitive substring of the person's name,
// the organisation's name or its city; Kind, Country and Ecosystem are the
// organisation's; Role is a role the person has in any mission;
// OrganisationID keeps one organisation's people.
type DirectoryFilter struct {
	OrganisationID int64
	Query          string
	Kind           string
	Country        string
	Ecosystem      string
	Role           string
	Limit          int
}

// DirectoryEntry is one person of the directory with the organisation and
// the person's roles in missions.
type DirectoryEntry struct {
	Person      *mission.Person // with its Organisation
	Memberships []mission.MissionMember
}

// Directory returns the people that f selects with their organisations and
// mission memberships, ordered by organisation name, then person name and
// id: at most f.Limit (100 when 0, at most 1000).
func (db *DB) Directory(ctx context.Context, f DirectoryFilter) ([]DirectoryEntry, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "1 = 1")
	if q := strings.TrimSpace(f.Query); q != "" {
		p := arg(likePattern(q))
		where = append(where, "(LOWER(p.name) LIKE "+p+` ESCAPE '\' OR LOWER(o.name) LIKE `+p+` ESCAPE '\' OR LOWER(o.city) LIKE `+p+` ESCAPE '\')`)
	}
	if f.OrganisationID != 0 {
		where = append(where, "o.id = "+arg(f.OrganisationID))
	}
	if f.Kind != "" {
		where = append(where, "o.kind = "+arg(f.Kind))
	}
	if f.Country != "" {
		where = append(where, "o.country = "+arg(strings.ToUpper(f.Country)))
	}
	if f.Ecosystem != "" {
		where = append(where, "EXISTS (SELECT 1 FROM organisation_ecosystems e WHERE e.organisation_id = o.id AND e.ecosystem = "+arg(f.Ecosystem)+")")
	}
	if f.Role != "" {
		where = append(where, "EXISTS (SELECT 1 FROM mission_members mm WHERE mm.person_id = p.id AND mm.role = "+arg(f.Role)+")")
	}
	query := fmt.Sprintf(personWithOrg, personColumns("p"), orgColumns("o")) + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY LOWER(o.name), o.id, LOWER(p.name), p.id LIMIT " + arg(limit(f.Limit))
	persons, err := queryPersons(ctx, db.db, query, args...)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	entries := make([]DirectoryEntry, len(persons))
	byPerson := map[int64]int{}
	ids := make([]any, len(persons))
	marks := make([]string, len(persons))
	for i, p := range persons {
		entries[i].Person = p
		byPerson[p.ID] = i
		ids[i] = p.ID
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	if len(persons) == 0 {
		return entries, nil
	}
	rows, err := db.db.QueryContext(ctx, "SELECT mission_id, person_id, role, created_at FROM mission_members WHERE person_id IN ("+
		strings.Join(marks, ", ")+") ORDER BY mission_id, "+roleOrder("role"), ids...)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var mm mission.MissionMember
		if err := rows.Scan(&mm.MissionID, &mm.PersonID, &mm.Role, timeValue{&mm.CreatedAt}); err != nil {
			return nil, fmt.Errorf("directory: %w", err)
		}
		i := byPerson[mm.PersonID]
		entries[i].Memberships = append(entries[i].Memberships, mm)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	return entries, nil
}

// MarketplaceItem returns the marketplace item with the id, with its
// ecosystems and keywords.
func (db *DB) MarketplaceItem(ctx context.Context, id int64) (*mission.MarketplaceItem, error) {
	var orgID int64
	err := db.db.QueryRowContext(ctx, "SELECT organisation_id FROM marketplace_items WHERE id = $1", id).Scan(&orgID)
	if err == sql.ErrNoRows {
		return nil, notFound("marketplace item", id)
	} else if err != nil {
		return nil, fmt.Errorf("marketplace item %d: %w", id, err)
	}
	items, err := db.MarketplaceItems(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if it.ID == id {
			return it, nil
		}
	}
	return nil, notFound("marketplace item", id)
}

// UpdateMarketplaceItem validates it and saves its side, category, title,
// description, ecosystems and keywords in one transaction.
func (db *DB) UpdateMarketplaceItem(ctx context.Context, it *mission.MarketplaceItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	it.Ecosystems, it.Keywords = uniqueStrings(it.Ecosystems), uniqueStrings(it.Keywords)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE marketplace_items SET side = $1, category = $2, title = $3, description = $4 WHERE id = $5",
			it.Side, it.Category, it.Title, it.Description, it.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("marketplace item", it.ID)
		}
		if err := replaceList(ctx, tx, marketplaceEcosystems, it.ID, it.Ecosystems); err != nil {
			return err
		}
		return replaceList(ctx, tx, marketplaceKeywords, it.ID, it.Keywords)
	})
	if err != nil {
		return fmt.Errorf("update marketplace item %d: %w", it.ID, dbError(err, "", ""))
	}
	return nil
}

// DeleteMarketplaceItem deletes the marketplace item with the id and its
// ecosystems and keywords.
func (db *DB) DeleteMarketplaceItem(ctx context.Context, id int64) error {
	res, err := db.db.ExecContext(ctx, "DELETE FROM marketplace_items WHERE id = $1", id)
	if err != nil {
		return fmt.Errorf("delete marketplace item %d: %w", id, dbError(err, "", ""))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete marketplace item %d: %w", id, err)
	} else if n == 0 {
		return notFound("marketplace item", id)
	}
	return nil
}
