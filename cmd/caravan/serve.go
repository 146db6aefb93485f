package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"caravan/internal/mail"
	"caravan/internal/outbox"
	"caravan/internal/store"
	"caravan/internal/web"
)

// runServe is `caravan serve`: migrate the database, then serve the web
// application until ctx is done.
func runServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	var cfg Config
	fs := flagSet("serve", stderr)
	cfg.bindDB(fs, getenv, defaultData)
	cfg.bindAddr(fs, getenv)
	cfg.bindMail(fs, getenv)
	cfg.bindWeb(fs, getenv)
	if err := parseFlags(fs, args); err != nil {
		return exitCode(stderr, "serve", err)
	}
	logger, err := cfg.Logger(stderr)
	if err != nil {
		return exitCode(stderr, "serve", err)
	}
	return exitCode(stderr, "serve", serve(ctx, cfg, logger, stdout, nil))
}

// serve opens and migrates the database, calls prepare (the demo seeds
// there) when set, starts the outbox worker when SMTP is configured, then
// listens on cfg.Addr, prints the real address and serves until ctx is done,
// then shuts down gracefully.
func serve(ctx context.Context, cfg Config, logger *slog.Logger, stdout io.Writer, prepare func(context.Context, *store.DB, *slog.Logger) error) error {
	mailCfg, smtpOn, err := cfg.MailConfig()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DSN(), logger)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if prepare != nil {
		if err := prepare(ctx, db, logger); err != nil {
			return err
		}
	}
	opts, err := cfg.WebOptions()
	if err != nil {
		return err
	}
	app, err := web.New(db, logger, opts...)
	if err != nil {
		return err
	}
	defer startExpiry(ctx, db, logger)()
	defer startEvidencePurge(ctx, db, logger)()
	defer startScheduleWorker(ctx, db, logger)()
	if smtpOn {
		stop, err := startOutbox(ctx, db, mailCfg, logger)
		if err != nil {
			return err
		}
		defer stop()
	} else {
		logger.Info("SMTP is not configured (-smtp-url): e-mail stays in the outbox, where admins can read it at /admin/outbox")
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           app,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("serving", "addr", ln.Addr().String(), "dialect", db.Dialect())
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	defer startClaimReminders(ctx, app, "http://"+ln.Addr().String(), logger)()

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// startOutbox starts the outbox worker that sends e-mail through the SMTP
// server cfg describes. stop ends it and waits for it.
func startOutbox(ctx context.Context, db *store.DB, cfg mail.Config, logger *slog.Logger) (stop func(), err error) {
	sender, err := mail.NewSender(cfg, logger)
	if err != nil {
		return nil, err
	}
	logger.Info("sending e-mail from the outbox", "smtp", cfg)
	w := &outbox.Worker{Store: db, Sender: sender, Logger: logger}
	// Mail queued by this node goes out at once; other nodes' mail at the
	// next poll.
	db.OnEmailQueued(w.Kick)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	return func() { cancel(); <-done }, nil
}
