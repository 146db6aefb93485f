package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"caravan/internal/mission"
)

// CreateRegion inserts r with its Figures (kept in order); it sets r.ID. A
// region code already in use is ECONFLICT.
func (db *DB) CreateRegion(ctx context.Context, r *mission.Region) error {
	r.Name = strings.TrimSpace(r.Name)
	if r.Name == "" {
		return mission.FieldError("name", "Name is required.")
	}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "INSERT INTO regions (code, name, country, summary) VALUES ($1, $2, $3, $4) RETURNING id",
			r.Code, r.Name, r.Country, r.Summary).Scan(&r.ID)
		if err != nil {
			return err
		}
		for i, f := range r.Figures {
			_, err := tx.ExecContext(ctx, `INSERT INTO region_figures (region_id, sort_order, label, value, unit, source)
				VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, i, f.Label, f.Value, f.Unit, f.Source)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		r.ID = 0
		return fmt.Errorf("create region: %w", dbError(err, fmt.Sprintf("A region with the code %s already exists.", r.Code), ""))
	}
	return nil
}

// Region returns the region with the id, with its Figures in order.
func (db *DB) Region(ctx context.Context, id int64) (*mission.Region, error) {
	r := &mission.Region{}
	err := db.db.QueryRowContext(ctx, "SELECT id, code, name, country, summary FROM regions WHERE id = $1", id).
		Scan(&r.ID, &r.Code, &r.Name, &r.Country, &r.Summary)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("region", id)
	} else if err != nil {
		return nil, fmt.Errorf("region %d: %w", id, err)
	}
	rows, err := db.db.QueryContext(ctx, "SELECT label, value, unit, source FROM region_figures WHERE region_id = $1 ORDER BY sort_order", id)
	if err != nil {
		return nil, fmt.Errorf("region %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var f mission.RegionFigure
		if err := rows.Scan(&f.Label, &f.Value, &f.Unit, &f.Source); err != nil {
			return nil, fmt.Errorf("region %d: %w", id, err)
		}
		r.Figures = append(r.Figures, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("region %d: %w", id, err)
	}
	return r, nil
}
