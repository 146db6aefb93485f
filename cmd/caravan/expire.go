package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"caravan/internal/store"
)

// expiryInterval is how often serve marks meeting requests expired whose
// mission's request deadline has passed. Answers are refused past the
// deadline anyway; the loop only makes the status say so.
const expiryInterval = time.Minute

// startExpiry runs db.ExpireMeetingRequests at once and then every
// expiryInterval until ctx ends or stop is called.
func startExpiry(ctx context.Context, db *store.DB, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(expiryInterval)
		defer tick.Stop()
		for {
			if n, err := db.ExpireMeetingRequests(ctx, time.Now()); err != nil && ctx.Err() == nil {
				logger.Error("expire meeting requests", "err", err)
			} else if n > 0 {
				logger.Info("expired meeting requests", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}
