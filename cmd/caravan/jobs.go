package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"caravan/internal/b2b"
	"caravan/internal/schedule"
	"caravan/internal/store"
)

// jobPoll is how often a node looks for due scheduling jobs. A job queued
// on this node waits at most this long; one left by a dead node waits for
// its lease (b2b.Worker.Lease, a minute) to expire first.
const jobPoll = 2 * time.Second

// startScheduleWorker runs the B2B scheduling jobs of the database on this
// node until ctx ends or stop is called. Every serve node runs one; the
// jobs table's leases make sure each job is worked by one node at a time.
func startScheduleWorker(ctx context.Context, db *store.DB, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	w := &b2b.Worker{DB: db, ID: workerID(), Logger: logger,
		Solver: schedule.Options{Workers: max(1, runtime.NumCPU()-1)}}
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx, jobPoll) })
	return func() { cancel(); wg.Wait() }
}

// workerID names this process in job leases: host, process id and a
// random suffix, so two nodes never share a name.
func workerID() string {
	host, err := os.Hostname()
	if err != nil {
		host = "node"
	}
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
