package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"caravan/internal/mission"
)

// The outbox holds e-mail until a worker has handed it to the SMTP server.
// Other store methods put a message in with enqueueEmail inside their own
// transaction, so a change and the e-mail that reports it are saved together
// or not at all. Workers on any number of nodes take messages with
// ClaimEmails, which leases each one to a single caller.

// emailColumns are the outbox columns in the order emailFields scans them.
const emailColumns = "id, to_address, to_name, subject, text_body, html_body, language, headers, created_at, " +
	"attempts, next_attempt_at, locked_until, sent_at, failed_at, last_error"

func emailFields(e *mission.Email) []any {
	return []any{&e.ID, &e.ToAddress, &e.ToName, &e.Subject, &e.TextBody, &e.HTMLBody, &e.Language,
		headersValue{&e.Headers}, timeValue{&e.CreatedAt}, &e.Attempts, timeValue{&e.NextAttemptAt},
		timeValue{&e.LockedUntil}, timeValue{&e.SentAt}, timeValue{&e.FailedAt}, &e.LastError}
}

// headersValue scans the JSON object of the headers column.
type headersValue struct{ h *map[string]string }

func (v headersValue) Scan(src any) error {
	var s sql.NullString
	if err := s.Scan(src); err != nil {
		return err
	}
	*v.h = nil
	if s.String == "" || s.String == "{}" {
		return nil
	}
	return json.Unmarshal([]byte(s.String), v.h)
}

// maxErrorText bounds the stored last_error.
const maxErrorText = 500

// enqueueEmail validates e and inserts it into the outbox within tx, pending
// and due at once (or at e.NextAttemptAt when set). It sets e.ID and
// e.CreatedAt when zero. Store methods that send mail about a change call it
// inside their own transaction, and db.notifyEmailQueued after the commit.
func enqueueEmail(ctx context.Context, tx *sql.Tx, e *mission.Email) error {
	if err := e.Validate(); err != nil {
		return err
	}
	headers := "{}"
	if len(e.Headers) > 0 {
		b, err := json.Marshal(e.Headers)
		if err != nil {
			return fmt.Errorf("enqueue e-mail: headers: %w", err)
		}
		headers = string(b)
	}
	created := stamp(e.CreatedAt)
	next := created
	if !e.NextAttemptAt.IsZero() {
		next = stamp(e.NextAttemptAt)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO outbox
		(to_address, to_name, subject, text_body, html_body, language, headers, created_at, attempts, next_attempt_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9) RETURNING id`,
		e.ToAddress, e.ToName, e.Subject, e.TextBody, e.HTMLBody, e.Language, headers, ts(created), ts(next),
	).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("enqueue e-mail: %w", dbError(err, "", ""))
	}
	e.CreatedAt, e.NextAttemptAt, e.Attempts = created, next, 0
	e.LockedUntil, e.SentAt, e.FailedAt, e.LastError = time.Time{}, time.Time{}, time.Time{}, ""
	return nil
}

// EnqueueEmail puts one message into the outbox in a transaction of its own;
// see enqueueEmail. Use it when no other change goes with the message.
func (db *DB) EnqueueEmail(ctx context.Context, e *mission.Email) error {
	if err := db.inTx(ctx, func(tx *sql.Tx) error { return enqueueEmail(ctx, tx, e) }); err != nil {
		return err
	}
	db.notifyEmailQueued()
	return nil
}

// OnEmailQueued sets f to be called after e-mail has been put into the
// outbox and committed, so that a worker in this process can send it at once
// (the outbox worker's Kick). f must not block. Call it before the DB is used
// concurrently; other nodes find the mail when they next look.
func (db *DB) OnEmailQueued(f func()) {
	db.emailQueued = f
}

// notifyEmailQueued calls the OnEmailQueued function, if any. A store method
// that calls enqueueEmail inside its transaction calls it after the commit.
func (db *DB) notifyEmailQueued() {
	if db.emailQueued != nil {
		db.emailQueued()
	}
}

// ClaimEmails leases up to limit pending messages that are due at now (next
// attempt reached, no live lease) to the caller until now+lease, counts the
// attempt, and returns them oldest due first. Concurrent callers, on one node
// or many, never get the same message while its lease lasts; a message whose
// lease has run out (its sender died) is claimable again. The caller reports
// each message's fate with MarkEmailSent, MarkEmailRetry or MarkEmailFailed.
func (db *DB) ClaimEmails(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]*mission.Email, error) {
	if limit <= 0 {
		return nil, nil
	}
	if lease <= 0 {
		return nil, mission.Errorf(mission.EINVALID, "claim e-mails: the lease must be positive")
	}
	var emails []*mission.Email
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET locked_until = $2, attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox
				WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
				AND (locked_until IS NULL OR locked_until <= $1)
				ORDER BY next_attempt_at, id LIMIT $3 `+db.skipLocked()+`)
			RETURNING `+emailColumns, ts(now), ts(now.Add(lease)), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &mission.Email{}
			if err := rows.Scan(emailFields(e)...); err != nil {
				return err
			}
			emails = append(emails, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claim e-mails: %w", err)
	}
	slices.SortFunc(emails, func(a, b *mission.Email) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return emails, nil
}

// MarkEmailSent records that the SMTP server accepted message id at at, and
// releases its lease. A message already sent or given up is ECONFLICT.
func (db *DB) MarkEmailSent(ctx context.Context, id int64, at time.Time) error {
	return db.markEmail(ctx, id, "sent_at = $2, locked_until = NULL, last_error = ''", ts(stamp(at)))
}

// MarkEmailRetry records a temporary failure of message id, described by
// errText (no body, no address), releases its lease and makes it due again
// at next.
func (db *DB) MarkEmailRetry(ctx context.Context, id int64, next time.Time, errText string) error {
	return db.markEmail(ctx, id, "next_attempt_at = $2, locked_until = NULL, last_error = $3", ts(stamp(next)), clip(errText))
}

// MarkEmailFailed gives up on message id at at, recording errText (no body,
// no address); it is not sent again.
func (db *DB) MarkEmailFailed(ctx context.Context, id int64, at time.Time, errText string) error {
	return db.markEmail(ctx, id, "failed_at = $2, locked_until = NULL, last_error = $3", ts(stamp(at)), clip(errText))
}

// markEmail applies set to a pending message.
func (db *DB) markEmail(ctx context.Context, id int64, set string, args ...any) error {
	res, err := db.db.ExecContext(ctx, "UPDATE outbox SET "+set+
		" WHERE id = $1 AND sent_at IS NULL AND failed_at IS NULL", append([]any{id}, args...)...)
	if err != nil {
		return fmt.Errorf("mark e-mail %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("mark e-mail %d: %w", id, err)
	} else if n == 0 {
		if _, err := db.Email(ctx, id); err != nil {
			return err
		}
		return mission.Errorf(mission.ECONFLICT, "E-mail %d has already been sent or given up.", id)
	}
	return nil
}

// clip makes an error text storable: valid UTF-8 without NUL bytes (a
// server's reply may hold any bytes, and PostgreSQL's TEXT takes neither),
// at most maxErrorText bytes, cut on a rune boundary.
func clip(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if len(s) <= maxErrorText {
		return s
	}
	s = s[:maxErrorText]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// Email returns the outbox message with the id.
func (db *DB) Email(ctx context.Context, id int64) (*mission.Email, error) {
	e := &mission.Email{}
	err := db.db.QueryRowContext(ctx, "SELECT "+emailColumns+" FROM outbox WHERE id = $1", id).Scan(emailFields(e)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("e-mail", id)
	} else if err != nil {
		return nil, fmt.Errorf("e-mail %d: %w", id, err)
	}
	return e, nil
}

// Emails returns the outbox messages that f selects, in id order, for an
// admin's view of the outbox and for tests.
func (db *DB) Emails(ctx context.Context, f mission.EmailFilter) ([]*mission.Email, error) {
	where := "id > $1"
	switch f.Status {
	case "":
	case mission.EmailPending:
		where += " AND sent_at IS NULL AND failed_at IS NULL"
	case mission.EmailSent:
		where += " AND sent_at IS NOT NULL"
	case mission.EmailFailed:
		where += " AND failed_at IS NOT NULL"
	default:
		return nil, mission.FieldError("status", "The status %q is not one of pending, sent, failed.", f.Status)
	}
	rows, err := db.db.QueryContext(ctx, "SELECT "+emailColumns+" FROM outbox WHERE "+where+
		" ORDER BY id LIMIT $2", f.After, limit(f.Limit))
	if err != nil {
		return nil, fmt.Errorf("e-mails: %w", err)
	}
	defer rows.Close()
	var emails []*mission.Email
	for rows.Next() {
		e := &mission.Email{}
		if err := rows.Scan(emailFields(e)...); err != nil {
			return nil, fmt.Errorf("e-mails: %w", err)
		}
		emails = append(emails, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("e-mails: %w", err)
	}
	return emails, nil
}
