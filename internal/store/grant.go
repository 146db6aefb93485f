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

// Grant rule sets are versioned documents like the eligibility rule sets,
// in their own table (grant_rule_sets) because their kinds differ: saving
// one adds a version, and a grant names the version it was computed under.
// The store keeps the JSON as written; grant.ParseRuleSet validates it
// before the caller saves it.

// SeedGrantRuleSets stores each document whose id and version are not
// stored yet and leaves the others alone.
func (db *DB) SeedGrantRuleSets(ctx context.Context, docs []mission.RuleSetDocument) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, d := range docs {
			_, err := tx.ExecContext(ctx, `INSERT INTO grant_rule_sets (`+ruleSetColumns+`) VALUES ($1, $2, $3, $4, $5, $6)
				ON CONFLICT (id, version) DO NOTHING`, d.ID, d.Version, d.Kind, d.JSON, ident(d.CreatedBy), ts(stamp(d.CreatedAt)))
			if err != nil {
				return fmt.Errorf("seed grant rule set %s version %d: %w", d.ID, d.Version, dbError(err, "", ""))
			}
		}
		return nil
	})
}

// SaveGrantRuleSet stores d as a new version of its grant rule set. d.Version
// must be one more than the latest stored (1 for a new rule set); a version
// another save took first is ECONFLICT.
func (db *DB) SaveGrantRuleSet(ctx context.Context, d *mission.RuleSetDocument) error {
	d.CreatedAt = stamp(d.CreatedAt)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var latest int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM grant_rule_sets WHERE id = $1", d.ID).Scan(&latest); err != nil {
			return err
		}
		if d.Version != latest+1 {
			return mission.Errorf(mission.ECONFLICT, "Grant rule set %s is at version %d now; reload it and edit that version.", d.ID, latest)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO grant_rule_sets (`+ruleSetColumns+`) VALUES ($1, $2, $3, $4, $5, $6)`,
			d.ID, d.Version, d.Kind, d.JSON, ident(d.CreatedBy), ts(d.CreatedAt))
		if err != nil {
			return fmt.Errorf("save grant rule set %s version %d: %w", d.ID, d.Version,
				dbError(err, fmt.Sprintf("Grant rule set %s version %d was saved meanwhile; reload it.", d.ID, d.Version), "The author does not exist."))
		}
		return nil
	})
}

// GrantRuleSet returns one version of a grant rule set; version 0 asks for
// the latest. None stored is ENOTFOUND.
func (db *DB) GrantRuleSet(ctx context.Context, id string, version int) (*mission.RuleSetDocument, error) {
	d := &mission.RuleSetDocument{}
	var err error
	if version == 0 {
		err = db.db.QueryRowContext(ctx, "SELECT "+ruleSetColumns+" FROM grant_rule_sets WHERE id = $1 ORDER BY version DESC LIMIT 1",
			id).Scan(ruleSetFields(d)...)
	} else {
		err = db.db.QueryRowContext(ctx, "SELECT "+ruleSetColumns+" FROM grant_rule_sets WHERE id = $1 AND version = $2",
			id, version).Scan(ruleSetFields(d)...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "grant rule set %s version %d not found", id, version)
	} else if err != nil {
		return nil, fmt.Errorf("grant rule set %s: %w", id, err)
	}
	return d, nil
}

// GrantRuleSets returns the latest version of each grant rule set, by id.
func (db *DB) GrantRuleSets(ctx context.Context) ([]*mission.RuleSetDocument, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+ruleSetColumns+` FROM grant_rule_sets r
		WHERE version = (SELECT MAX(version) FROM grant_rule_sets x WHERE x.id = r.id) ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("grant rule sets: %w", err)
	}
	defer rows.Close()
	var out []*mission.RuleSetDocument
	for rows.Next() {
		d := &mission.RuleSetDocument{}
		if err := rows.Scan(ruleSetFields(d)...); err != nil {
			return nil, fmt.Errorf("grant rule sets: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SetMissionGrantRuleSet makes the mission's grants follow a grant rule set
// (Version 0: its latest version). The rule set must exist.
func (db *DB) SetMissionGrantRuleSet(ctx context.Context, s *mission.MissionGrantRuleSet) error {
	if _, err := db.GrantRuleSet(ctx, s.RuleSetID, s.Version); err != nil {
		return mission.FieldError("rule_set", "Grant rule set %s version %d does not exist.", s.RuleSetID, s.Version)
	}
	s.UpdatedAt = stamp(s.UpdatedAt)
	_, err := db.db.ExecContext(ctx, `INSERT INTO mission_grant_rule_sets (mission_id, rule_set_id, rule_set_version, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (mission_id) DO UPDATE SET rule_set_id = excluded.rule_set_id,
		rule_set_version = excluded.rule_set_version, updated_at = excluded.updated_at`,
		s.MissionID, s.RuleSetID, s.Version, ts(s.UpdatedAt))
	if err != nil {
		return fmt.Errorf("set grant rule set of mission %d: %w", s.MissionID, dbError(err, "", fmt.Sprintf("Mission %d does not exist.", s.MissionID)))
	}
	return nil
}

// MissionGrantRuleSet returns the grant rule set the mission picked;
// ENOTFOUND when it picked none.
func (db *DB) MissionGrantRuleSet(ctx context.Context, missionID int64) (*mission.MissionGrantRuleSet, error) {
	s := &mission.MissionGrantRuleSet{MissionID: missionID}
	err := db.db.QueryRowContext(ctx, "SELECT rule_set_id, rule_set_version, updated_at FROM mission_grant_rule_sets WHERE mission_id = $1",
		missionID).Scan(&s.RuleSetID, &s.Version, timeValue{&s.UpdatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "mission %d has no grant rule set", missionID)
	} else if err != nil {
		return nil, fmt.Errorf("grant rule set of mission %d: %w", missionID, err)
	}
	return s, nil
}

const grantColumns = `id, mission_id, application_id, partner_id, rule_set_id, rule_set_version, amount_cents, currency,
	distance_km, computed_km, visitor_lat, visitor_lon, host_lat, host_lon, explanation, override_km, override_reason,
	override_by, override_at, status, committed_by, committed_at, claimed_at, paid_at, cancelled_at, updated_at`

func grantFields(g *mission.Grant) []any {
	return []any{&g.ID, &g.MissionID, &g.ApplicationID, &g.PartnerID, &g.RuleSetID, &g.RuleSetVersion, &g.AmountCents, &g.Currency,
		&g.DistanceKM, &g.ComputedKM, &g.VisitorLat, &g.VisitorLon, &g.HostLat, &g.HostLon, &g.Explanation, &g.OverrideKM,
		&g.OverrideReason, idValue{&g.OverrideBy}, timeValue{&g.OverrideAt}, &g.Status, idValue{&g.CommittedBy},
		timeValue{&g.CommittedAt}, timeValue{&g.ClaimedAt}, timeValue{&g.PaidAt}, timeValue{&g.CancelledAt}, timeValue{&g.UpdatedAt}}
}

// heldStatuses are the grants that hold money of a budget.
const heldStatuses = "('committed', 'claimed', 'paid')"

// lockPartner serialises the spending of one partner's travel budget: on
// PostgreSQL it locks the partner's row until the transaction ends; on
// SQLite the transaction already holds the database's write lock (BEGIN
// IMMEDIATE). It returns the budget and the organisation's name.
func (db *DB) lockPartner(ctx context.Context, tx *sql.Tx, partnerID int64) (budget int64, name string, err error) {
	forUpdate := ""
	if db.dialect == Postgres {
		forUpdate = " FOR UPDATE OF p"
	}
	err = tx.QueryRowContext(ctx, `SELECT p.travel_budget_cents, o.name FROM partners p
		JOIN organisations o ON o.id = p.organisation_id WHERE p.id = $1`+forUpdate, partnerID).Scan(&budget, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", mission.FieldError("partner", "Partner %d does not exist.", partnerID)
	}
	return budget, name, err
}

// budgetLeft returns what the partner's budget has left, less the grant
// except (0: none), which is being changed.
func budgetLeft(ctx context.Context, tx *sql.Tx, partnerID int64, budget int64, except int64) (int64, error) {
	var held int64
	err := tx.QueryRowContext(ctx, "SELECT COALESCE(SUM(amount_cents), 0) FROM grants WHERE partner_id = $1 AND id <> $2 AND status IN "+heldStatuses,
		partnerID, except).Scan(&held)
	return budget - held, err
}

// euros formats cents as "EUR 1,234.50" for messages.
func euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	whole := fmt.Sprint(cents / 100)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return fmt.Sprintf("EUR %s%s.%02d", sign, b.String(), cents%100)
}

// CommitGrant stores g as a committed grant of a confirmed application of
// its mission, paid by g.PartnerID, a partner of the mission's consortium,
// and logs it (and its distance override, when g has one) in the audit log
// in the same transaction. It sets g.ID, g.Status and the times.
//
// The partner's budget is locked for the transaction, so of two commits
// that would together exceed it one fails, whatever their timing: more
// than the budget has left is ECONFLICT naming the partner and the euros
// left. A second grant of the same application is ECONFLICT; an override
// without a reason is EINVALID.
func (db *DB) CommitGrant(ctx context.Context, g *mission.Grant, accountID int64) error {
	if g.AmountCents < 0 {
		return mission.FieldError("amount", "A grant cannot be negative.")
	}
	if g.OverrideKM != nil {
		g.OverrideReason = strings.TrimSpace(g.OverrideReason)
		if g.OverrideReason == "" {
			return mission.FieldError("reason", "Say why the distance is overridden.")
		}
		if *g.OverrideKM < 0 {
			return mission.FieldError("override_km", "A distance cannot be negative.")
		}
	}
	if g.Currency == "" {
		g.Currency = "EUR"
	}
	now := stamp(g.CommittedAt)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		budget, name, err := db.lockPartner(ctx, tx, g.PartnerID)
		if err != nil {
			return err
		}
		var status string
		var missionID int64
		var inConsortium bool
		err = tx.QueryRowContext(ctx, `SELECT a.status, a.mission_id, EXISTS (SELECT 1 FROM partners p WHERE p.id = $2 AND p.consortium_id = m.consortium_id)
			FROM applications a JOIN missions m ON m.id = a.mission_id WHERE a.id = $1`, g.ApplicationID, g.PartnerID).Scan(&status, &missionID, &inConsortium)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("application", g.ApplicationID)
		} else if err != nil {
			return err
		}
		switch {
		case missionID != g.MissionID:
			return notFound("application", g.ApplicationID)
		case status != mission.AppConfirmed:
			return mission.Errorf(mission.ECONFLICT, "Only a confirmed participant gets a grant; application %d is %s.", g.ApplicationID, status)
		case !inConsortium:
			return mission.FieldError("partner", "%s is not a partner of the mission's consortium.", name)
		}
		var granted int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM grants WHERE application_id = $1", g.ApplicationID).Scan(&granted); err != nil {
			return err
		}
		if granted > 0 {
			return mission.Errorf(mission.ECONFLICT, "Application %d has a grant already.", g.ApplicationID)
		}
		left, err := budgetLeft(ctx, tx, g.PartnerID, budget, 0)
		if err != nil {
			return err
		}
		if g.AmountCents > left {
			return mission.Errorf(mission.ECONFLICT, "%s's travel budget has %s left, less than the grant of %s.", name, euros(max(left, 0)), euros(g.AmountCents))
		}
		g.Status, g.CommittedAt, g.UpdatedAt = mission.GrantCommitted, now, now
		var overrideBy, overrideAt any
		if g.OverrideKM != nil {
			g.OverrideBy, g.OverrideAt = g.CommittedBy, now
			overrideBy, overrideAt = ident(g.OverrideBy), ts(now)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO grants (mission_id, application_id, partner_id, rule_set_id, rule_set_version,
			amount_cents, currency, distance_km, computed_km, visitor_lat, visitor_lon, host_lat, host_lon, explanation,
			override_km, override_reason, override_by, override_at, status, committed_by, committed_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
			g.MissionID, g.ApplicationID, g.PartnerID, g.RuleSetID, g.RuleSetVersion, g.AmountCents, g.Currency, g.DistanceKM,
			g.ComputedKM, g.VisitorLat, g.VisitorLon, g.HostLat, g.HostLon, g.Explanation, g.OverrideKM, g.OverrideReason,
			overrideBy, overrideAt, g.Status, ident(g.CommittedBy), ts(now), ts(now)).Scan(&g.ID)
		if err != nil {
			return fmt.Errorf("commit grant of application %d: %w", g.ApplicationID,
				dbError(err, fmt.Sprintf("Application %d has a grant already.", g.ApplicationID), "The rule set or the person does not exist."))
		}
		if err := addAudit(ctx, tx, &mission.AuditEntry{At: now, AccountID: accountID, Action: mission.AuditGrantCommitted,
			TargetType: "grant", TargetID: g.ID, Detail: fmt.Sprintf("application %d, partner %s, %s, rule set %s version %d, %d km",
				g.ApplicationID, name, euros(g.AmountCents), g.RuleSetID, g.RuleSetVersion, g.DistanceKM)}); err != nil {
			return err
		}
		if g.OverrideKM != nil {
			return addAudit(ctx, tx, &mission.AuditEntry{At: now, AccountID: accountID, Action: mission.AuditGrantOverride,
				TargetType: "grant", TargetID: g.ID, Detail: fmt.Sprintf("%d km instead of %d km: %s", *g.OverrideKM, g.ComputedKM, g.OverrideReason)})
		}
		return nil
	})
}

// OverrideDistance sets an organiser's distance on a committed grant with
// the amount and explanation recomputed from it, and logs the override in
// the audit log in the same transaction. The reason is required
// (EINVALID); a grant claimed, paid or cancelled is ECONFLICT, and so is a
// new amount that the partner's budget cannot cover.
func (db *DB) OverrideDistance(ctx context.Context, grantID int64, ov mission.GrantOverride) (*mission.Grant, error) {
	ov.Reason = strings.TrimSpace(ov.Reason)
	if ov.Reason == "" {
		return nil, mission.FieldError("reason", "Say why the distance is overridden.")
	}
	if ov.KM < 0 {
		return nil, mission.FieldError("override_km", "A distance cannot be negative.")
	}
	now := stamp(ov.At)
	var g *mission.Grant
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if g, err = getGrant(ctx, tx, grantID); err != nil {
			return err
		}
		budget, name, err := db.lockPartner(ctx, tx, g.PartnerID)
		if err != nil {
			return err
		}
		if g.Status != mission.GrantCommitted {
			return mission.Errorf(mission.ECONFLICT, "Grant %d is %s: only a committed grant's distance can change.", grantID, g.Status)
		}
		left, err := budgetLeft(ctx, tx, g.PartnerID, budget, g.ID)
		if err != nil {
			return err
		}
		if ov.AmountCents > left {
			return mission.Errorf(mission.ECONFLICT, "%s's travel budget has %s left, less than the new grant of %s.", name, euros(max(left, 0)), euros(ov.AmountCents))
		}
		_, err = tx.ExecContext(ctx, `UPDATE grants SET override_km = $1, override_reason = $2, override_by = $3, override_at = $4,
			distance_km = $1, amount_cents = $5, explanation = $6, updated_at = $4 WHERE id = $7`,
			ov.KM, ov.Reason, ident(ov.ByPersonID), ts(now), ov.AmountCents, ov.Explanation, grantID)
		if err != nil {
			return fmt.Errorf("override distance of grant %d: %w", grantID, dbError(err, "", "The person does not exist."))
		}
		if err := addAudit(ctx, tx, &mission.AuditEntry{At: now, AccountID: ov.AccountID, Action: mission.AuditGrantOverride,
			TargetType: "grant", TargetID: grantID, Detail: fmt.Sprintf("%d km instead of %d km, %s instead of %s: %s",
				ov.KM, g.ComputedKM, euros(ov.AmountCents), euros(g.AmountCents), ov.Reason)}); err != nil {
			return err
		}
		g, err = getGrant(ctx, tx, grantID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// ChangeGrantStatus moves a grant on: committed → claimed → paid, or
// committed or claimed → cancelled (which frees its money). Any other move
// is ECONFLICT.
func (db *DB) ChangeGrantStatus(ctx context.Context, grantID int64, to string, at time.Time) (*mission.Grant, error) {
	allowed := map[string][]string{
		mission.GrantClaimed:   {mission.GrantCommitted},
		mission.GrantPaid:      {mission.GrantClaimed},
		mission.GrantCancelled: {mission.GrantCommitted, mission.GrantClaimed},
	}
	from, ok := allowed[to]
	if !ok {
		return nil, mission.FieldError("status", "A grant cannot become %q.", to)
	}
	at = stamp(at)
	var g *mission.Grant
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if g, err = getGrant(ctx, tx, grantID); err != nil {
			return err
		}
		ok := false
		for _, f := range from {
			ok = ok || g.Status == f
		}
		if !ok {
			return mission.Errorf(mission.ECONFLICT, "Grant %d is %s and cannot become %s.", grantID, g.Status, to)
		}
		column := map[string]string{mission.GrantClaimed: "claimed_at", mission.GrantPaid: "paid_at", mission.GrantCancelled: "cancelled_at"}[to]
		if _, err := tx.ExecContext(ctx, "UPDATE grants SET status = $1, "+column+" = $2, updated_at = $2 WHERE id = $3", to, ts(at), grantID); err != nil {
			return fmt.Errorf("grant %d to %s: %w", grantID, to, err)
		}
		g, err = getGrant(ctx, tx, grantID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

func getGrant(ctx context.Context, q querier, id int64) (*mission.Grant, error) {
	g := &mission.Grant{}
	err := q.QueryRowContext(ctx, "SELECT "+grantColumns+" FROM grants WHERE id = $1", id).Scan(grantFields(g)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("grant", id)
	} else if err != nil {
		return nil, fmt.Errorf("grant %d: %w", id, err)
	}
	return g, nil
}

// Grant returns one grant; ENOTFOUND when there is none.
func (db *DB) Grant(ctx context.Context, id int64) (*mission.Grant, error) {
	return getGrant(ctx, db.db, id)
}

// MissionGrants returns the mission's grants by application id.
func (db *DB) MissionGrants(ctx context.Context, missionID int64) (map[int64]*mission.Grant, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+grantColumns+" FROM grants WHERE mission_id = $1 ORDER BY id", missionID)
	if err != nil {
		return nil, fmt.Errorf("grants of mission %d: %w", missionID, err)
	}
	defer rows.Close()
	out := map[int64]*mission.Grant{}
	for rows.Next() {
		g := &mission.Grant{}
		if err := rows.Scan(grantFields(g)...); err != nil {
			return nil, fmt.Errorf("grants of mission %d: %w", missionID, err)
		}
		out[g.ApplicationID] = g
	}
	return out, rows.Err()
}
