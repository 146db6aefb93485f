package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"caravan/internal/store"
)

// purgeInterval is how often serve deletes evidence whose retention has
// ended (store.PurgeEvidence writes an audit entry for each file).
const purgeInterval = time.Hour

// startEvidencePurge purges expired evidence once before it returns, then
// every purgeInterval until ctx ends or stop is called.
func startEvidencePurge(ctx context.Context, db *store.DB, logger *slog.Logger) (stop func()) {
	purgeEvidence(ctx, db, logger)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(purgeInterval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				purgeEvidence(ctx, db, logger)
			}
		}
	})
	return func() { cancel(); wg.Wait() }
}

func purgeEvidence(ctx context.Context, db *store.DB, logger *slog.Logger) {
	n, err := db.PurgeEvidence(ctx, time.Now())
	switch {
	case err != nil && ctx.Err() == nil:
		logger.Error("purge evidence", "err", err)
	case n > 0:
		logger.Info("purged evidence past its retention", "count", n)
	}
}
