package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"caravan/internal/web"
)

// remindInterval is how often serve looks for participants to remind of a
// missing closing report or evidence; each is reminded at most once per
// web.ClaimReminderEvery, whatever the interval.
const remindInterval = time.Hour

// startClaimReminders queues due claim reminders at once and then every
// remindInterval until ctx ends or stop is called. base starts the links
// when no -base-url is set.
func startClaimReminders(ctx context.Context, app *web.Server, base string, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(remindInterval)
		defer tick.Stop()
		for {
			sendClaimReminders(ctx, app, base, time.Now(), logger)
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}

func sendClaimReminders(ctx context.Context, app *web.Server, base string, now time.Time, logger *slog.Logger) {
	n, err := app.SendClaimReminders(ctx, now, base)
	switch {
	case err != nil && ctx.Err() == nil:
		logger.Error("claim reminders", "err", err)
	case n > 0:
		logger.Info("queued claim reminders", "count", n)
	}
}
