package store

import (
	"context"
	"database/sql"
	"fmt"

	"caravan/internal/mission"
)

// CreateMarketplaceItem validates it and inserts it with its ecosystems and
// keywords; it sets it.ID, and CreatedAt when zero. An organisation that
// does not exist is EINVALID.
func (db *DB) CreateMarketplaceItem(ctx context.Context, it *mission.MarketplaceItem) error {
	if err := it.Validate(); err != nil {
		return err
	}
	it.Ecosystems, it.Keywords = uniqueStrings(it.Ecosystems), uniqueStrings(it.Keywords)
	created := stamp(it.CreatedAt)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO marketplace_items
			(organisation_id, side, category, title, description, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			it.OrganisationID, it.Side, it.Category, it.Title, it.Description, ts(created),
		).Scan(&it.ID)
		if err != nil {
			return err
		}
		if err := replaceList(ctx, tx, marketplaceEcosystems, it.ID, it.Ecosystems); err != nil {
			return err
		}
		return replaceList(ctx, tx, marketplaceKeywords, it.ID, it.Keywords)
	})
	if err != nil {
		it.ID = 0
		return fmt.Errorf("create marketplace item: %w", dbError(err, "", fmt.Sprintf("Organisation %d does not exist.", it.OrganisationID)))
	}
	it.CreatedAt = created
	return nil
}

// MarketplaceItems returns an organisation's offers and requests, ordered
// by id, with their ecosystems and keywords; empty when it has none or does
// not exist.
func (db *DB) MarketplaceItems(ctx context.Context, organisationID int64) ([]*mission.MarketplaceItem, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, organisation_id, side, category, title, description, created_at
		FROM marketplace_items WHERE organisation_id = $1 ORDER BY id`, organisationID)
	if err != nil {
		return nil, fmt.Errorf("marketplace items of organisation %d: %w", organisationID, err)
	}
	defer rows.Close()
	var list []*mission.MarketplaceItem
	var ids []int64
	for rows.Next() {
		it := &mission.MarketplaceItem{}
		if err := rows.Scan(&it.ID, &it.OrganisationID, &it.Side, &it.Category, &it.Title, &it.Description, timeValue{&it.CreatedAt}); err != nil {
			return nil, fmt.Errorf("marketplace items of organisation %d: %w", organisationID, err)
		}
		list = append(list, it)
		ids = append(ids, it.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("marketplace items of organisation %d: %w", organisationID, err)
	}
	ecosystems, err := loadLists[string](ctx, db.db, marketplaceEcosystems, ids)
	if err != nil {
		return nil, fmt.Errorf("marketplace items of organisation %d: %w", organisationID, err)
	}
	keywords, err := loadLists[string](ctx, db.db, marketplaceKeywords, ids)
	if err != nil {
		return nil, fmt.Errorf("marketplace items of organisation %d: %w", organisationID, err)
	}
	for _, it := range list {
		it.Ecosystems, it.Keywords = ecosystems[it.ID], keywords[it.ID]
	}
	return list, nil
}
