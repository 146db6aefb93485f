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

// orgColumns lists an organisation's columns under a table alias, in the
// order orgFields scans them.
func orgColumns(alias string) string {
	cols := []string{"id", "name", "kind", "country", "region", "city", "lat", "lon", "staff", "website", "description", "created_at", "updated_at"}
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

func orgFields(o *mission.Organisation) []any {
	return []any{&o.ID, &o.Name, &o.Kind, &o.Country, &o.Region, &o.City, &o.Lat, &o.Lon, &o.Staff,
		&o.Website, &o.Description, timeValue{&o.CreatedAt}, timeValue{&o.UpdatedAt}}
}

// CreateOrganisation validates o and inserts it with its ecosystems and
// cluster memberships; it sets o.ID, and CreatedAt and UpdatedAt when zero. A
// cluster id that does not exist is EINVALID.
func (db *DB) CreateOrganisation(ctx context.Context, o *mission.Organisation) error {
	if err := o.Validate(); err != nil {
		return err
	}
	o.Ecosystems = uniqueStrings(o.Ecosystems)
	o.ClusterIDs = uniqueIDs(o.ClusterIDs)
	created := stamp(o.CreatedAt)
	updated := created
	if !o.UpdatedAt.IsZero() {
		updated = stamp(o.UpdatedAt)
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO organisations
			(name, kind, country, region, city, lat, lon, staff, website, description, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
			o.Name, o.Kind, o.Country, o.Region, o.City, o.Lat, o.Lon, o.Staff, o.Website, o.Description, ts(created), ts(updated),
		).Scan(&o.ID)
		if err != nil {
			return err
		}
		if err := replaceList(ctx, tx, organisationEcosystems, o.ID, o.Ecosystems); err != nil {
			return err
		}
		return replaceList(ctx, tx, clusterMemberships, o.ID, o.ClusterIDs)
	})
	if err != nil {
		o.ID = 0
		return fmt.Errorf("create organisation: %w", dbError(err, "", "A cluster the organisation is a member of does not exist."))
	}
	o.CreatedAt, o.UpdatedAt = created, updated
	return nil
}

// Organisation returns the organisation with the id, with its ecosystems and
// cluster memberships.
func (db *DB) Organisation(ctx context.Context, id int64) (*mission.Organisation, error) {
	o, err := organisation(ctx, db.db, id)
	if err != nil {
		return nil, fmt.Errorf("organisation %d: %w", id, err)
	}
	return o, nil
}

func organisation(ctx context.Context, q querier, id int64) (*mission.Organisation, error) {
	o := &mission.Organisation{}
	err := q.QueryRowContext(ctx, "SELECT "+orgColumns("o")+" FROM organisations o WHERE o.id = $1", id).Scan(orgFields(o)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("organisation", id)
	} else if err != nil {
		return nil, err
	}
	if err := loadOrganisationLists(ctx, q, []*mission.Organisation{o}); err != nil {
		return nil, err
	}
	return o, nil
}

// loadOrganisationLists fills in the ecosystems and cluster ids of orgs.
func loadOrganisationLists(ctx context.Context, q querier, orgs []*mission.Organisation) error {
	ids := make([]int64, 0, len(orgs))
	seen := make(map[int64]bool, len(orgs))
	for _, o := range orgs {
		if o != nil && !seen[o.ID] {
			seen[o.ID] = true
			ids = append(ids, o.ID)
		}
	}
	ecosystems, err := loadLists[string](ctx, q, organisationEcosystems, ids)
	if err != nil {
		return err
	}
	clusters, err := loadLists[int64](ctx, q, clusterMemberships, ids)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		if o != nil {
			o.Ecosystems, o.ClusterIDs = ecosystems[o.ID], clusters[o.ID]
		}
	}
	return nil
}

// Organisations returns the organisations that f selects, ordered by id:
// at most f.Limit (100 when 0, at most 1000) with ids greater than f.After.
// f.Query matches a case-insensitive substring of the name or city (ASCII
// case folding on SQLite).
func (db *DB) Organisations(ctx context.Context, f mission.OrganisationFilter) ([]*mission.Organisation, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "o.id > "+arg(f.After))
	if f.Kind != "" {
		where = append(where, "o.kind = "+arg(f.Kind))
	}
	if f.Country != "" {
		where = append(where, "o.country = "+arg(strings.ToUpper(f.Country)))
	}
	if f.Ecosystem != "" {
		where = append(where, "EXISTS (SELECT 1 FROM organisation_ecosystems e WHERE e.organisation_id = o.id AND e.ecosystem = "+arg(f.Ecosystem)+")")
	}
	if f.Query != "" {
		p := arg(likePattern(f.Query))
		where = append(where, "(LOWER(o.name) LIKE "+p+` ESCAPE '\' OR LOWER(o.city) LIKE `+p+` ESCAPE '\')`)
	}
	query := "SELECT " + orgColumns("o") + " FROM organisations o WHERE " + strings.Join(where, " AND ") +
		" ORDER BY o.id LIMIT " + arg(limit(f.Limit))
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("organisations: %w", err)
	}
	defer rows.Close()
	var orgs []*mission.Organisation
	for rows.Next() {
		o := &mission.Organisation{}
		if err := rows.Scan(orgFields(o)...); err != nil {
			return nil, fmt.Errorf("organisations: %w", err)
		}
		orgs = append(orgs, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("organisations: %w", err)
	}
	if err := loadOrganisationLists(ctx, db.db, orgs); err != nil {
		return nil, fmt.Errorf("organisations: %w", err)
	}
	return orgs, nil
}

// UpdateOrganisation applies u to the organisation with the id, validates
// the result and saves it in one transaction; it returns the organisation as
// stored.
func (db *DB) UpdateOrganisation(ctx context.Context, id int64, u mission.OrganisationUpdate) (*mission.Organisation, error) {
	var o *mission.Organisation
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if o, err = organisation(ctx, tx, id); err != nil {
			return err
		}
		u.Apply(o)
		if err := o.Validate(); err != nil {
			return err
		}
		o.UpdatedAt = stamp(time.Time{})
		_, err = tx.ExecContext(ctx, `UPDATE organisations SET name = $1, kind = $2, city = $3, staff = $4,
			website = $5, description = $6, updated_at = $7 WHERE id = $8`,
			o.Name, o.Kind, o.City, o.Staff, o.Website, o.Description, ts(o.UpdatedAt), id)
		if err != nil {
			return err
		}
		if u.Ecosystems != nil {
			o.Ecosystems = uniqueStrings(o.Ecosystems)
			return replaceList(ctx, tx, organisationEcosystems, id, o.Ecosystems)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("update organisation %d: %w", id, dbError(err, "", ""))
	}
	return o, nil
}

// uniqueIDs returns ids without zeros and repeats, in order.
func uniqueIDs(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	var out []int64
	for _, n := range ids {
		if n != 0 && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
