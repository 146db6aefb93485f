package outbox

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"caravan/internal/mail"
	"caravan/internal/mail/mailtest"
	"caravan/internal/mission"
	"caravan/internal/store"
	"caravan/internal/testdb"
)

var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// syncBuffer is a log destination safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func newSender(t *testing.T, host string, port int) *mail.Sender {
	t.Helper()
	s, err := mail.NewSender(mail.Config{Host: host, Port: port, TLS: mail.TLSNone,
		From: "Caravan <noreply@caravan.example.org>", Timeout: 10 * time.Second}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newWorker(t *testing.T, db *store.DB, sender *mail.Sender, c *clock, logs *syncBuffer) *Worker {
	return &Worker{Store: db, Sender: sender, Now: c.now, Rand: rand.New(rand.NewPCG(1, 2)),
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
}

// testEmails are three messages, one of them in Spanish with a UTF-8 subject.
func testEmails() []*mission.Email {
	return []*mission.Email{
		{ToAddress: "ana@example.org", ToName: "Ana García", Subject: "Su solicitud para Misión País Vasco: aceptada",
			TextBody: "Hola, Ana:\nsu solicitud está aceptada. ¡Enhorabuena!\n", HTMLBody: "<p>Hola, Ana:</p><p>su solicitud está aceptada.</p>",
			Language: "es", Headers: map[string]string{"Auto-Submitted": "auto-generated"}},
		{ToAddress: "bo@example.org", Subject: "Your application: accepted", TextBody: "Hello Bo,\nyou are in.\n", Language: "en"},
		{ToAddress: "cy@example.org", ToName: "Cy", Subject: "Meeting request", TextBody: "Hello Cy,\nsomeone would like to meet you.\n", Language: "en"},
	}
}

func enqueue(t *testing.T, db *store.DB, emails []*mission.Email) {
	t.Helper()
	for i, e := range emails {
		e.CreatedAt = t0.Add(time.Duration(i) * time.Second)
		if err := db.EnqueueEmail(t.Context(), e); err != nil {
			t.Fatal(err)
		}
	}
}

func outbox(t *testing.T, db *store.DB) []*mission.Email {
	t.Helper()
	list, err := db.Emails(t.Context(), mission.EmailFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func sendDue(t *testing.T, w *Worker, want int) {
	t.Helper()
	n, err := w.SendDue(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Fatalf("SendDue claimed %d messages, want %d", n, want)
	}
}

// checkLogs fails when the logs show an address, a subject or a body.
func checkLogs(t *testing.T, logs string, emails []*mission.Email) {
	t.Helper()
	for _, e := range emails {
		for _, secret := range []string{e.ToAddress, e.Subject, strings.Split(e.TextBody, "\n")[0]} {
			if strings.Contains(logs, secret) {
				t.Errorf("the logs show %q:\n%s", secret, logs)
			}
		}
	}
	if strings.Contains(logs, "@") {
		t.Errorf("the logs show an address:\n%s", logs)
	}
}

func TestWorkerDeliversOnceTheServerIsUp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		emails := testEmails()
		enqueue(t, db, emails)
		host, port := mailtest.ClosedAddr(t)
		c := &clock{t: t0.Add(time.Minute)}
		var logs syncBuffer
		w := newWorker(t, db, newSender(t, host, port), c, &logs)

		// The server is down: every message stays, with its attempt counted
		// and its next attempt later.
		sendDue(t, w, 3)
		for _, e := range outbox(t, db) {
			if e.Status() != mission.EmailPending || e.Attempts != 1 || !e.NextAttemptAt.After(c.now()) ||
				!e.LockedUntil.IsZero() || !strings.Contains(e.LastError, "temporary failure at connect") {
				t.Errorf("after a refused connection got %+v, want pending, 1 attempt, a later next attempt and the error", e)
			}
			if e.NextAttemptAt.Before(c.now().Add(mail.BackoffBase/2)) || e.NextAttemptAt.After(c.now().Add(mail.BackoffBase)) {
				t.Errorf("next attempt at %v, want within Backoff(1) of %v", e.NextAttemptAt, c.now())
			}
		}
		sendDue(t, w, 0) // nothing is due yet

		// The server comes up where the sender has been knocking.
		srv := mailtest.StartAt(t, net.JoinHostPort(host, strconv.Itoa(port)))
		c.set(c.now().Add(mail.BackoffBase))
		sendDue(t, w, 3)
		c.set(c.now().Add(24 * time.Hour))
		sendDue(t, w, 0)

		got := srv.Received()
		if len(got) != 3 {
			t.Fatalf("the server received %d messages, want 3 (each once)", len(got))
		}
		// Retries go out in the order of their jittered next attempts: match
		// messages by recipient.
		byRecipient := map[string]mailtest.Message{}
		for _, m := range got {
			if len(m.To) == 1 {
				byRecipient[m.To[0]] = m
			}
		}
		stored := outbox(t, db)
		for i, e := range emails {
			m := byRecipient[e.ToAddress]
			if m.From != "noreply@caravan.example.org" || len(m.To) != 1 || m.To[0] != e.ToAddress {
				t.Errorf("message %d: got envelope %q → %q, want to %s", i, m.From, m.To, e.ToAddress)
			}
			p := m.Parse(t)
			if p.Subject != e.Subject {
				t.Errorf("message %d: got subject %q, want %q", i, p.Subject, e.Subject)
			}
			if p.Text != e.TextBody || p.HTML != e.HTMLBody {
				t.Errorf("message %d: got text %q and HTML %q, want %q and %q", i, p.Text, p.HTML, e.TextBody, e.HTMLBody)
			}
			if want := fmt.Sprintf("<outbox.%d.%d@caravan.example.org>", e.ID, e.CreatedAt.UnixMicro()); p.Header.Get("Message-Id") != want {
				t.Errorf("message %d: got Message-Id %q, want %q", i, p.Header.Get("Message-Id"), want)
			}
			if p.Header.Get("Content-Language") != e.Language {
				t.Errorf("message %d: got Content-Language %q, want %q", i, p.Header.Get("Content-Language"), e.Language)
			}
			if s := stored[i]; s.Status() != mission.EmailSent || s.Attempts != 2 || s.LastError != "" {
				t.Errorf("message %d: stored %+v, want sent at the second attempt", i, s)
			}
		}
		spanish := byRecipient[emails[0].ToAddress]
		if h := spanish.Parse(t).Header; h.Get("Auto-Submitted") != "auto-generated" {
			t.Errorf("got Auto-Submitted %q, want the stored header", h.Get("Auto-Submitted"))
		}
		if raw := spanish.Parse(t).Header.Get("Subject"); !strings.HasPrefix(strings.ToLower(raw), "=?utf-8?") {
			t.Errorf("the Spanish subject %q is not RFC 2047 encoded", raw)
		}
		checkLogs(t, logs.String(), emails)
		if !strings.Contains(logs.String(), "class=temporary stage=connect") {
			t.Errorf("the logs lack the failures' class and stage:\n%s", logs.String())
		}
	})
}

func TestWorkerGivesUpOnPermanentFailure(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		emails := testEmails()[:1]
		enqueue(t, db, emails)
		srv := mailtest.Start(t)
		srv.RejectRecipients(550, "no such user here")
		c := &clock{t: t0.Add(time.Minute)}
		var logs syncBuffer
		w := newWorker(t, db, newSender(t, srv.Host, srv.Port), c, &logs)

		sendDue(t, w, 1)
		e := outbox(t, db)[0]
		if e.Status() != mission.EmailFailed || e.Attempts != 1 || !e.FailedAt.Equal(c.now()) ||
			!strings.Contains(e.LastError, "permanent failure at RCPT TO") || !strings.Contains(e.LastError, "550") {
			t.Errorf("got %+v, want failed at once with the 550 reply", e)
		}
		if strings.Contains(e.LastError, "example.org") {
			t.Errorf("the stored error shows the address: %q", e.LastError)
		}
		// It is never tried again, even once the server would accept it.
		srv.RejectRecipients(0, "")
		c.set(c.now().Add(48 * time.Hour))
		sendDue(t, w, 0)
		if got := srv.Received(); len(got) != 0 {
			t.Errorf("the server received %d messages, want none", len(got))
		}
		checkLogs(t, logs.String(), emails)
		if !strings.Contains(logs.String(), "class=permanent stage=\"RCPT TO\" code=550") {
			t.Errorf("the logs lack the failure's class, stage and code:\n%s", logs.String())
		}
	})
}

func TestWorkerGivesUpAfterMaxAttempts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		enqueue(t, db, testEmails()[:1])
		host, port := mailtest.ClosedAddr(t)
		c := &clock{t: t0.Add(time.Minute)}
		var logs syncBuffer
		w := newWorker(t, db, newSender(t, host, port), c, &logs)
		w.MaxAttempts = 3
		for attempt := 1; attempt <= 3; attempt++ {
			sendDue(t, w, 1)
			e := outbox(t, db)[0]
			if e.Attempts != attempt {
				t.Fatalf("got %d attempts, want %d", e.Attempts, attempt)
			}
			if wantFailed := attempt == 3; (e.Status() == mission.EmailFailed) != wantFailed {
				t.Fatalf("attempt %d: got status %s, want failed only at the last", attempt, e.Status())
			}
			c.set(e.NextAttemptAt.Add(time.Second))
		}
		if e := outbox(t, db)[0]; !strings.HasPrefix(e.LastError, "gave up after 3 attempts: ") {
			t.Errorf("got last error %q, want the give-up reason", e.LastError)
		}
		c.set(c.now().Add(48 * time.Hour))
		sendDue(t, w, 0)
	})
}

func TestWorkerTakesOverACrashedSendersMessage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		db := testdb.Open(t, dsn)
		enqueue(t, db, testEmails()[:1])
		srv := mailtest.Start(t)
		// Another node claims the message and dies before sending it.
		if c, err := db.ClaimEmails(t.Context(), t0, DefaultLease, 10); err != nil || len(c) != 1 {
			t.Fatalf("claimed %d (err %v), want 1", len(c), err)
		}
		c := &clock{t: t0.Add(DefaultLease / 2)}
		var logs syncBuffer
		w := newWorker(t, db, newSender(t, srv.Host, srv.Port), c, &logs)
		sendDue(t, w, 0) // the lease still holds
		c.set(t0.Add(DefaultLease))
		sendDue(t, w, 1)
		if got := srv.Received(); len(got) != 1 {
			t.Fatalf("the server received %d messages, want 1", len(got))
		}
		if e := outbox(t, db)[0]; e.Status() != mission.EmailSent || e.Attempts != 2 {
			t.Errorf("got %+v, want sent at the second attempt", e)
		}
	})
}

func TestRunSendsAfterKick(t *testing.T) {
	db := testdb.Open(t, testdb.SQLite(t))
	srv := mailtest.Start(t)
	var logs syncBuffer
	w := &Worker{Store: db, Sender: newSender(t, srv.Host, srv.Port), Interval: time.Hour,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()

	e := testEmails()[1]
	if err := db.EnqueueEmail(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	w.Kick()
	// With an hour between ticks, only the kick can send it; wait for the
	// server to receive it (or the test's deadline).
	for len(srv.Received()) == 0 {
		select {
		case <-t.Context().Done():
			t.Fatal("the message never arrived")
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Errorf("Run returned %v, want context.Canceled", err)
	}
	if got, err := db.Email(t.Context(), e.ID); err != nil || got.Status() != mission.EmailSent {
		t.Errorf("got %+v (err %v), want the message marked sent", got, err)
	}
	if n := len(srv.Received()); n != 1 {
		t.Errorf("the server received %d messages, want 1", n)
	}
}
