// Package outbox sends the e-mail that the store's outbox table holds. A
// Worker claims due messages (a lease, so that workers on several nodes
// never send the same message at once), hands each to the SMTP Sender and
// records the outcome: sent, retry later with mail.Backoff after a temporary
// failure, or given up after a permanent one or too many attempts. All state
// is in the database, so a restart or a dead node loses nothing: an expired
// lease makes its messages claimable again.
//
// The package imports store, mail and mission; only cmd imports it. It logs
// outbox ids, attempt counts and error classes, never addresses, subjects
// or bodies.
package outbox

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// Defaults of a Worker's settings.
const (
	DefaultInterval  = 10 * time.Second
	DefaultLease     = 5 * time.Minute
	DefaultBatchSize = 20
)

// Worker sends the outbox's due messages. Set Store, Sender and optionally
// the other fields, then call Run; a Worker must not be copied after first
// use. Several Workers, in one process or many, may share one database.
type Worker struct {
	Store  *store.DB
	Sender *mail.Sender
	Logger *slog.Logger // nil discards
	// Interval is how often Run looks for due messages when nobody kicks
	// it; 0 means DefaultInterval.
	Interval time.Duration
	// Lease is how long a claimed message stays with this worker; it must
	// exceed the longest send (the Sender's timeouts). 0 means
	// DefaultLease.
	Lease time.Duration
	// BatchSize is how many messages one claim takes; 0 means
	// DefaultBatchSize.
	BatchSize int
	// MaxAttempts is how many attempts a message gets before the worker
	// gives up on temporary failures too; 0 means mail.MaxAttempts.
	MaxAttempts int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand supplies Backoff's jitter; nil means math/rand/v2's global
	// source.
	Rand *rand.Rand

	once sync.Once
	kick chan struct{}
}

func (w *Worker) init() {
	w.once.Do(func() { w.kick = make(chan struct{}, 1) })
}

// Kick asks Run to look for due messages now rather than at the next tick,
// as after an enqueue. It never blocks.
func (w *Worker) Kick() {
	w.init()
	select {
	case w.kick <- struct{}{}:
	default: // a kick is already pending
	}
}

// Run sends due messages until ctx is done, then returns ctx's error. It
// looks at once, at every Interval and after every Kick; a batch that came
// back full is followed by another at once.
func (w *Worker) Run(ctx context.Context) error {
	w.init()
	ticker := time.NewTicker(cmp.Or(w.Interval, DefaultInterval))
	defer ticker.Stop()
	w.logger().Info("outbox worker started")
	for {
		for {
			n, err := w.SendDue(ctx)
			if err != nil {
				if ctx.Err() == nil {
					w.logger().Error("outbox claim failed", "err", err.Error())
				}
				break
			}
			if n < cmp.Or(w.BatchSize, DefaultBatchSize) {
				break
			}
		}
		select {
		case <-ctx.Done():
			w.logger().Info("outbox worker stopped")
			return ctx.Err()
		case <-ticker.C:
		case <-w.kick:
		}
	}
}

// SendDue claims one batch of due messages, sends each and records the
// outcome. It returns how many messages it claimed, and an error only when
// the claim itself failed; a failed delivery is recorded on its message.
func (w *Worker) SendDue(ctx context.Context) (int, error) {
	emails, err := w.Store.ClaimEmails(ctx, w.now(), cmp.Or(w.Lease, DefaultLease), cmp.Or(w.BatchSize, DefaultBatchSize))
	if err != nil {
		return 0, err
	}
	for _, e := range emails {
		if ctx.Err() != nil {
			break // the rest go back when their lease runs out
		}
		w.send(ctx, e)
	}
	return len(emails), nil
}

// send delivers one claimed message and records what happened.
func (w *Worker) send(ctx context.Context, e *mission.Email) {
	sendErr := w.Sender.Send(ctx, message(e))
	// Record the outcome even when ctx ends meanwhile: a message sent but
	// not marked would go out again after its lease.
	mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	now := w.now()
	log := w.logger().With("outbox_id", e.ID, "attempt", e.Attempts)
	var markErr error
	var me *mail.Error
	errors.As(sendErr, &me)
	switch {
	case sendErr == nil:
		markErr = w.Store.MarkEmailSent(mctx, e.ID, now)
		log.Info("outbox message sent")
	case mail.IsPermanent(sendErr):
		markErr = w.Store.MarkEmailFailed(mctx, e.ID, now, sendErr.Error())
		log.Warn("outbox message failed permanently; giving up", failure(me)...)
	case e.Attempts >= cmp.Or(w.MaxAttempts, mail.MaxAttempts):
		markErr = w.Store.MarkEmailFailed(mctx, e.ID, now, fmt.Sprintf("gave up after %d attempts: %s", e.Attempts, sendErr))
		log.Warn("outbox message failed too often; giving up", failure(me)...)
	default:
		next := now.Add(mail.Backoff(e.Attempts, w.Rand))
		markErr = w.Store.MarkEmailRetry(mctx, e.ID, next, sendErr.Error())
		log.Info("outbox message failed temporarily; will retry", append(failure(me), "next_attempt_at", next)...)
	}
	if markErr != nil {
		log.Error("outbox mark failed", "err", markErr.Error())
	}
}

// failure returns the log attributes of a delivery failure: its class,
// stage and reply code, never its text.
func failure(e *mail.Error) []any {
	if e == nil {
		return []any{"class", "temporary", "stage", "unknown"}
	}
	class := "permanent"
	if e.Temporary {
		class = "temporary"
	}
	return []any{"class", class, "stage", e.Stage, "code", e.Code}
}

// message turns an outbox row into the Sender's Message. Its ID makes the
// Message-ID stable across retries, so a receiver can drop a duplicate
// after a reply lost in transit.
func message(e *mission.Email) mail.Message {
	return mail.Message{
		ID:       fmt.Sprintf("outbox.%d.%d", e.ID, e.CreatedAt.UnixMicro()),
		To:       e.ToAddress,
		ToName:   e.ToName,
		Subject:  e.Subject,
		Text:     e.TextBody,
		HTML:     e.HTMLBody,
		Language: e.Language,
		Headers:  e.Headers,
	}
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.New(slog.DiscardHandler)
}
