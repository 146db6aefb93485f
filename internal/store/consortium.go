package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"caravan/internal/mission"
)

// CreateConsortium validates c and inserts it with its Partners in one
// transaction; it sets the ids of c and its partners, and c.CreatedAt when
// zero. A partner's organisation that does not exist is EINVALID; the same
// organisation twice is ECONFLICT.
func (db *DB) CreateConsortium(ctx context.Context, c *mission.Consortium) error {
	if err := c.Validate(); err != nil {
		return err
	}
	for i := range c.Partners {
		if c.Partners[i].Role == "" {
			c.Partners[i].Role = mission.PartnerMember
		}
	}
	now := stamp(c.CreatedAt)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO consortia
			(name, acronym, starts_on, ends_on, target_participants, description, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			c.Name, c.Acronym, day(c.StartsOn), day(c.EndsOn), c.TargetParticipants, c.Description, ts(now),
		).Scan(&c.ID)
		if err != nil {
			return err
		}
		for i := range c.Partners {
			p := &c.Partners[i]
			p.ConsortiumID = c.ID
			err := tx.QueryRowContext(ctx, `INSERT INTO partners
				(consortium_id, organisation_id, role, travel_budget_cents) VALUES ($1, $2, $3, $4) RETURNING id`,
				c.ID, p.OrganisationID, p.Role, p.TravelBudgetCents).Scan(&p.ID)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.ID = 0
		return fmt.Errorf("create consortium: %w", dbError(err,
			"An organisation is a partner of the consortium twice.",
			"A partner organisation does not exist."))
	}
	c.CreatedAt = now
	return nil
}

const consortiumColumns = "id, name, acronym, starts_on, ends_on, target_participants, description, created_at"

func consortiumFields(c *mission.Consortium) []any {
	return []any{&c.ID, &c.Name, &c.Acronym, timeValue{&c.StartsOn}, timeValue{&c.EndsOn},
		&c.TargetParticipants, &c.Description, timeValue{&c.CreatedAt}}
}

// Consortium returns the consortium with the id, with its Partners (ordered
// by id) and each partner's Organisation.
func (db *DB) Consortium(ctx context.Context, id int64) (*mission.Consortium, error) {
	c := &mission.Consortium{}
	err := db.db.QueryRowContext(ctx, "SELECT "+consortiumColumns+" FROM consortia WHERE id = $1", id).Scan(consortiumFields(c)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("consortium", id)
	} else if err != nil {
		return nil, fmt.Errorf("consortium %d: %w", id, err)
	}
	if err := db.loadPartners(ctx, []*mission.Consortium{c}); err != nil {
		return nil, fmt.Errorf("consortium %d: %w", id, err)
	}
	return c, nil
}

// Consortia returns all consortia, ordered by id, with their partners.
func (db *DB) Consortia(ctx context.Context) ([]*mission.Consortium, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+consortiumColumns+" FROM consortia ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("consortia: %w", err)
	}
	defer rows.Close()
	var list []*mission.Consortium
	for rows.Next() {
		c := &mission.Consortium{}
		if err := rows.Scan(consortiumFields(c)...); err != nil {
			return nil, fmt.Errorf("consortia: %w", err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("consortia: %w", err)
	}
	if err := db.loadPartners(ctx, list); err != nil {
		return nil, fmt.Errorf("consortia: %w", err)
	}
	return list, nil
}

// loadPartners fills in the partners of each consortium in list.
func (db *DB) loadPartners(ctx context.Context, list []*mission.Consortium) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*mission.Consortium, len(list))
	args := make([]any, len(list))
	for i, c := range list {
		byID[c.ID] = c
		args[i] = c.ID
	}
	rows, err := db.db.QueryContext(ctx, "SELECT pa.id, pa.consortium_id, pa.organisation_id, pa.role, pa.travel_budget_cents, "+
		orgColumns("o")+" FROM partners pa JOIN organisations o ON o.id = pa.organisation_id WHERE pa.consortium_id IN ("+
		placeholders(1, len(args))+") ORDER BY pa.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var orgs []*mission.Organisation
	for rows.Next() {
		p := mission.Partner{Organisation: &mission.Organisation{}}
		fields := append([]any{&p.ID, &p.ConsortiumID, &p.OrganisationID, &p.Role, &p.TravelBudgetCents}, orgFields(p.Organisation)...)
		if err := rows.Scan(fields...); err != nil {
			return err
		}
		c := byID[p.ConsortiumID]
		c.Partners = append(c.Partners, p)
		orgs = append(orgs, p.Organisation)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return loadOrganisationLists(ctx, db.db, orgs)
}
