package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"caravan/internal/mission"
)

// sessionTouchEvery is how stale last_seen_at may get before a lookup
// writes it again, so that not every request writes to the database.
const sessionTouchEvery = 5 * time.Minute

// CreateSession stores a session by its token hash; it sets CreatedAt and
// LastSeenAt when zero.
func (db *DB) CreateSession(ctx context.Context, s *mission.Session) error {
	if s.TokenHash == "" || s.ExpiresAt.IsZero() {
		return mission.Errorf(mission.EINVALID, "A session needs a token hash and an expiry.")
	}
	s.CreatedAt = stamp(s.CreatedAt)
	if s.LastSeenAt.IsZero() {
		s.LastSeenAt = s.CreatedAt
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, s.TokenHash, s.AccountID, ts(s.CreatedAt), ts(s.LastSeenAt), ts(s.ExpiresAt))
	if err != nil {
		return fmt.Errorf("create session: %w", dbError(err, "", fmt.Sprintf("Account %d does not exist.", s.AccountID)))
	}
	return nil
}

// Session returns the unexpired session with the token hash, and notes
// that it was seen at now (at most every few minutes). A missing or expired
// session is ENOTFOUND.
func (db *DB) Session(ctx context.Context, tokenHash string, now time.Time) (*mission.Session, error) {
	s := &mission.Session{}
	err := db.db.QueryRowContext(ctx, `SELECT token_hash, account_id, created_at, last_seen_at, expires_at
		FROM sessions WHERE token_hash = $1 AND expires_at > $2`, tokenHash, ts(now)).
		Scan(&s.TokenHash, &s.AccountID, timeValue{&s.CreatedAt}, timeValue{&s.LastSeenAt}, timeValue{&s.ExpiresAt})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "session not found")
	} else if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	if now.Sub(s.LastSeenAt) >= sessionTouchEvery {
		if _, err := db.db.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2", ts(now), tokenHash); err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
		s.LastSeenAt = stamp(now)
	}
	return s, nil
}

// DeleteSession ends the session with the token hash; an unknown one is
// no error.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.db.ExecContext(ctx, "DELETE FROM sessions WHERE token_hash = $1", tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteSessions ends every session of the account but the one with the
// token hash except ("" ends all) and returns how many it ended.
func (db *DB) DeleteSessions(ctx context.Context, accountID int64, except string) (int, error) {
	res, err := db.db.ExecContext(ctx, "DELETE FROM sessions WHERE account_id = $1 AND token_hash <> $2", accountID, except)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of account %d: %w", accountID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("delete sessions of account %d: %w", accountID, err)
	}
	return int(n), nil
}

// DeleteExpired removes sessions and single-use tokens that expired before
// now, and returns how many rows it removed.
func (db *DB) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	total := 0
	for _, q := range []string{"DELETE FROM sessions WHERE expires_at <= $1", "DELETE FROM auth_tokens WHERE expires_at <= $1"} {
		res, err := db.db.ExecContext(ctx, q, ts(now))
		if err != nil {
			return total, fmt.Errorf("delete expired: %w", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
	}
	return total, nil
}

// CreateAPIToken validates t and stores it by its hash; it sets t.ID, and
// CreatedAt when zero.
func (db *DB) CreateAPIToken(ctx context.Context, t *mission.APIToken) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.CreatedAt = stamp(t.CreatedAt)
	err := db.db.QueryRowContext(ctx, `INSERT INTO api_tokens (account_id, name, hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		t.AccountID, t.Name, t.Hash, ts(t.CreatedAt)).Scan(&t.ID)
	if err != nil {
		return fmt.Errorf("create API token: %w", dbError(err, "", fmt.Sprintf("Account %d does not exist.", t.AccountID)))
	}
	return nil
}

const apiTokenColumns = "id, account_id, name, hash, created_at, last_used_at, revoked_at"

func apiTokenFields(t *mission.APIToken) []any {
	return []any{&t.ID, &t.AccountID, &t.Name, &t.Hash, timeValue{&t.CreatedAt}, timeValue{&t.LastUsedAt}, timeValue{&t.RevokedAt}}
}

// UseAPIToken returns the unrevoked API token with the hash and notes that
// it was used at now (at most every few minutes). A missing or revoked
// token is ENOTFOUND.
func (db *DB) UseAPIToken(ctx context.Context, hash string, now time.Time) (*mission.APIToken, error) {
	t := &mission.APIToken{}
	err := db.db.QueryRowContext(ctx, "SELECT "+apiTokenColumns+" FROM api_tokens WHERE hash = $1 AND revoked_at IS NULL", hash).
		Scan(apiTokenFields(t)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, mission.Errorf(mission.ENOTFOUND, "API token not found")
	} else if err != nil {
		return nil, fmt.Errorf("API token: %w", err)
	}
	if now.Sub(t.LastUsedAt) >= sessionTouchEvery {
		if _, err := db.db.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", ts(now), t.ID); err != nil {
			return nil, fmt.Errorf("touch API token: %w", err)
		}
		t.LastUsedAt = stamp(now)
	}
	return t, nil
}

// APITokens returns the account's API tokens that are not revoked, newest
// first.
func (db *DB) APITokens(ctx context.Context, accountID int64) ([]*mission.APIToken, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+apiTokenColumns+" FROM api_tokens WHERE account_id = $1 AND revoked_at IS NULL ORDER BY id DESC", accountID)
	if err != nil {
		return nil, fmt.Errorf("API tokens of account %d: %w", accountID, err)
	}
	defer rows.Close()
	var list []*mission.APIToken
	for rows.Next() {
		t := &mission.APIToken{}
		if err := rows.Scan(apiTokenFields(t)...); err != nil {
			return nil, fmt.Errorf("API tokens of account %d: %w", accountID, err)
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("API tokens of account %d: %w", accountID, err)
	}
	return list, nil
}

// RevokeAPIToken revokes the account's API token with the id and returns
// it. A token of another account, or one already revoked, is ENOTFOUND.
func (db *DB) RevokeAPIToken(ctx context.Context, accountID, id int64, now time.Time) (*mission.APIToken, error) {
	t := &mission.APIToken{}
	err := db.db.QueryRowContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL RETURNING "+apiTokenColumns,
		ts(now), id, accountID).Scan(apiTokenFields(t)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("API token", id)
	} else if err != nil {
		return nil, fmt.Errorf("revoke API token %d: %w", id, err)
	}
	return t, nil
}
