package store

import (
	"context"
	"fmt"
	"strings"

	"caravan/internal/mission"
)

// AddAudit appends an entry to the audit log; it sets e.ID, and e.At when
// zero.
func (db *DB) AddAudit(ctx context.Context, e *mission.AuditEntry) error {
	return addAudit(ctx, db.db, e)
}

func addAudit(ctx context.Context, q querier, e *mission.AuditEntry) error {
	if e.Action == "" {
		return mission.FieldError("action", "An audit entry needs an action.")
	}
	e.At = stamp(e.At)
	err := q.QueryRowContext(ctx, `INSERT INTO audit_log (at, account_id, action, target_type, target_id, ip, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		ts(e.At), ident(e.AccountID), e.Action, e.TargetType, e.TargetID, e.IP, e.Detail).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, dbError(err, "", ""))
	}
	return nil
}

// AuditLog returns the audit entries that f selects, newest first, each
// with the acting account's e-mail address.
func (db *DB) AuditLog(ctx context.Context, f mission.AuditFilter) ([]*mission.AuditEntry, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	where = append(where, "1 = 1")
	if f.Before > 0 {
		where = append(where, "l.id < "+arg(f.Before))
	}
	if f.AccountID != 0 {
		where = append(where, "l.account_id = "+arg(f.AccountID))
	}
	if f.Action != "" {
		where = append(where, "l.action = "+arg(f.Action))
	}
	rows, err := db.db.QueryContext(ctx, `SELECT l.id, l.at, l.account_id, l.action, l.target_type, l.target_id, l.ip, l.detail, COALESCE(a.email, '')
		FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
		WHERE `+strings.Join(where, " AND ")+" ORDER BY l.id DESC LIMIT "+arg(limit(f.Limit)), args...)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var list []*mission.AuditEntry
	for rows.Next() {
		e := &mission.AuditEntry{}
		if err := rows.Scan(&e.ID, timeValue{&e.At}, idValue{&e.AccountID}, &e.Action, &e.TargetType, &e.TargetID, &e.IP, &e.Detail, &e.AccountEmail); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return list, nil
}
