package store

import (
	"context"
	"fmt"

	"caravan/internal/mission"
)

// budgetSums adds up grants by state; its two columns are the key (partner
// or mission) and a label.
const budgetSums = `COALESCE(SUM(CASE WHEN g.status = 'committed' THEN g.amount_cents ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN g.status = 'claimed' THEN g.amount_cents ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN g.status = 'paid' THEN g.amount_cents ELSE 0 END), 0),
	COUNT(g.id)`

// Budget returns a consortium's travel-support budget per partner (each
// partner's budget with what its grants committed, claimed and paid, and
// what is left) and per mission of the consortium, with the totals.
// Cancelled grants count nowhere. An unknown consortium is ENOTFOUND.
func (db *DB) Budget(ctx context.Context, consortiumID int64) (*mission.Budget, error) {
	if _, err := db.Consortium(ctx, consortiumID); err != nil {
		return nil, err
	}
	b := &mission.Budget{ConsortiumID: consortiumID}
	rows, err := db.db.QueryContext(ctx, `SELECT p.id, p.organisation_id, o.name, p.travel_budget_cents, `+budgetSums+`
		FROM partners p JOIN organisations o ON o.id = p.organisation_id
		LEFT JOIN grants g ON g.partner_id = p.id AND g.status IN `+heldStatuses+`
		WHERE p.consortium_id = $1 GROUP BY p.id, p.organisation_id, o.name, p.travel_budget_cents ORDER BY o.name, p.id`, consortiumID)
	if err != nil {
		return nil, fmt.Errorf("budget of consortium %d: %w", consortiumID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var p mission.PartnerBudget
		if err := rows.Scan(&p.PartnerID, &p.OrganisationID, &p.OrganisationName, &p.BudgetCents,
			&p.CommittedCents, &p.ClaimedCents, &p.PaidCents, &p.Grants); err != nil {
			return nil, fmt.Errorf("budget of consortium %d: %w", consortiumID, err)
		}
		p.LeftCents = p.BudgetCents - p.CommittedCents - p.ClaimedCents - p.PaidCents
		b.Partners = append(b.Partners, p)
		b.Total.BudgetCents += p.BudgetCents
		b.Total.CommittedCents += p.CommittedCents
		b.Total.ClaimedCents += p.ClaimedCents
		b.Total.PaidCents += p.PaidCents
		b.Total.LeftCents += p.LeftCents
		b.Total.Grants += p.Grants
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("budget of consortium %d: %w", consortiumID, err)
	}
	rows.Close()
	rows, err = db.db.QueryContext(ctx, `SELECT m.id, m.title, `+budgetSums+`
		FROM grants g JOIN partners p ON p.id = g.partner_id JOIN missions m ON m.id = g.mission_id
		WHERE p.consortium_id = $1 AND g.status IN `+heldStatuses+`
		GROUP BY m.id, m.title, m.starts_on ORDER BY m.starts_on, m.id`, consortiumID)
	if err != nil {
		return nil, fmt.Errorf("budget of consortium %d by mission: %w", consortiumID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var m mission.MissionBudget
		if err := rows.Scan(&m.MissionID, &m.MissionTitle, &m.CommittedCents, &m.ClaimedCents, &m.PaidCents, &m.Grants); err != nil {
			return nil, fmt.Errorf("budget of consortium %d by mission: %w", consortiumID, err)
		}
		b.Missions = append(b.Missions, m)
	}
	return b, rows.Err()
}
