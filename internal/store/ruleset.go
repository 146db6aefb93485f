package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"caravan/internal/mission"
)

// Rule sets are versioned documents: saving one adds a version, so a check
// that names the version it used can always be read again. The store keeps
// the JSON as written; parsing and validating it is the engine's job
// (eligibility.ParseRuleSet), done by the caller before saving.

const ruleSetColumns = "id, version, kind, document, created_by, created_at"

func ruleSetFields(d *mission.RuleSetDocument) []any {
	return []any{&d.ID, &d.Version, &d.Kind, &d.JSON, idValue{&d.CreatedBy}, timeValue{&d.CreatedAt}}
}

// SeedRuleSets stores each document whose kind, id and version are not
// stored yet and leaves the others alone, so that the embedded defaults can
// be offered on first use without overwriting an admin's versions.
func (db *DB) SeedRuleSets(ctx context.Context, docs []mission.RuleSetDocument) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			_, err := tx.ExecContext(ctx, `INSERT INTO rule_sets (`+ruleSetColumns+`) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (kind, id, version) DO NOTHING`, d.ID, d.Version, d.Kind, d.JSON, ident(d.CreatedBy), ts(stamp(d.CreatedAt)))
			if err != nil {
				return fmt.Errorf("seed rule set %s version %d: %w", d.ID, d.Version, dbError(err, "", ""))
			}
		}
		return nil
	})
}

// SaveRuleSet stores d as a new version of its rule set. d.Version must be
// one more than the latest stored (1 for a new rule set): a version that
// another save took first is ECONFLICT, so of two concurrent edits of the
// same version one wins and the other is told to reload.
func (db *DB) SaveRuleSet(ctx context.Context, d *mission.RuleSetDocument) error {
	if d.Kind == "" {
		d.Kind = mission.RuleSetEligibility
	}
	d.CreatedAt = stamp(d.CreatedAt)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var latest int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM rule_sets WHERE kind = $1 AND id = $2",
			d.Kind, d.ID).Scan(&latest); err != nil {
			return err
		}
		if d.Version != latest+1 {
			return mission.Errorf(mission.ECONFLICT, "Rule set %s is at version %d now; reload it and edit that version.", d.ID, latest)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO rule_sets (`+ruleSetColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			d.ID, d.Version, d.Kind, d.JSON, ident(d.CreatedBy), ts(d.CreatedAt))
		if err != nil {
			return fmt.Errorf("save rule set %s version %d: %w", d.ID, d.Version,
				dbError(err, fmt.Sprintf("Rule set %s version %d was saved meanwhile; reload it.", d.ID, d.Version), "The author does not exist."))
		}
		return nil
	})
}

// RuleSet returns one version of a rule set of the kind; version 0 asks for
// the latest. None stored is ENOTFOUND.
func (db *DB) RuleSet(ctx context.Context, kind, id string, version int) (*mission.RuleSetDocument, error) {
	d := &mission.RuleSetDocument{}
	var err error
	if version == 0 {
		err = db.db.QueryRowContext(ctx, "SELECT "+ruleSetColumns+" FROM rule_sets WHERE kind = $1 AND id = $2 ORDER BY version DESC LIMIT 1",
			kind, id).Scan(ruleSetFields(d)...)
	} else {
		err = db.db.QueryRowContext(ctx, "SELECT "+ruleSetColumns+" FROM rule_sets WHERE kind = $1 AND id = $2 AND version = $3",
			kind, id, version).Scan(ruleSetFields(d)...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "rule set %s version %d not found", id, version)
	} else if err != nil {
		return nil, fmt.Errorf("rule set %s: %w", id, err)
	}
	return d, nil
}

// RuleSets returns the latest version of each rule set of the kind, by id.
func (db *DB) RuleSets(ctx context.Context, kind string) ([]*mission.RuleSetDocument, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+ruleSetColumns+` FROM rule_sets r WHERE kind = $1
		AND version = (SELECT MAX(version) FROM rule_sets x WHERE x.kind = r.kind AND x.id = r.id) ORDER BY id`, kind)
	if err != nil {
		return nil, fmt.Errorf("rule sets: %w", err)
	}
	defer rows.Close()
	var out []*mission.RuleSetDocument
	for rows.Next() {
		d := &mission.RuleSetDocument{}
		if err := rows.Scan(ruleSetFields(d)...); err != nil {
			return nil, fmt.Errorf("rule sets: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
