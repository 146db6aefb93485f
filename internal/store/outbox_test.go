package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"caravan/internal/mission"
)

func testEmail(n int) *mission.Email {
	return &mission.Email{
		ToAddress: fmt.Sprintf("person%d@example.org", n),
		ToName:    "Ana García",
		Subject:   fmt.Sprintf("Su solicitud n.º %d: aceptada", n),
		TextBody:  "Hola, Ana:\n",
		HTMLBody:  "<p>Hola, Ana:</p>",
		Language:  "es",
		Headers:   map[string]string{"Auto-Submitted": "auto-generated"},
	}
}

// ids returns the ids of emails.
func ids(emails []*mission.Email) []int64 {
	var list []int64
	for _, e := range emails {
		list = append(list, e.ID)
	}
	return list
}

func TestOutboxLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		var queued []*mission.Email
		for i := range 3 {
			e := testEmail(i)
			e.CreatedAt = t0.Add(time.Duration(i) * time.Second)
			if err := db.EnqueueEmail(ctx, e); err != nil {
				t.Fatal(err)
			}
			queued = append(queued, e)
		}
		got, err := db.Email(ctx, queued[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Subject != "Su solicitud n.º 0: aceptada" || got.Headers["Auto-Submitted"] != "auto-generated" ||
			got.Language != "es" || got.HTMLBody != "<p>Hola, Ana:</p>" || got.ToName != "Ana García" ||
			!got.NextAttemptAt.Equal(t0) || got.Status() != mission.EmailPending || got.Attempts != 0 {
			t.Errorf("got %+v, want the enqueued message, pending and due at its creation", got)
		}

		// Nothing is due before it was created.
		if claimed, err := db.ClaimEmails(ctx, t0.Add(-time.Second), time.Minute, 10); err != nil || len(claimed) != 0 {
			t.Fatalf("claimed %v (err %v) before anything was due", ids(claimed), err)
		}
		now := t0.Add(time.Minute)
		first, err := db.ClaimEmails(ctx, now, 5*time.Minute, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(first) != 2 || first[0].ID != queued[0].ID || first[1].ID != queued[1].ID {
			t.Fatalf("claimed %v, want the two oldest %d, %d", ids(first), queued[0].ID, queued[1].ID)
		}
		if first[0].Attempts != 1 || !first[0].LockedUntil.Equal(now.Add(5*time.Minute)) {
			t.Errorf("got attempts %d, locked until %v; want 1 and %v", first[0].Attempts, first[0].LockedUntil, now.Add(5*time.Minute))
		}
		second, err := db.ClaimEmails(ctx, now, 5*time.Minute, 10)
		if err != nil || len(second) != 1 || second[0].ID != queued[2].ID {
			t.Fatalf("second claim got %v (err %v), want only %d", ids(second), err, queued[2].ID)
		}
		if again, err := db.ClaimEmails(ctx, now.Add(time.Minute), 5*time.Minute, 10); err != nil || len(again) != 0 {
			t.Fatalf("claimed leased messages %v (err %v)", ids(again), err)
		}

		// Sent, retried, failed.
		if err := db.MarkEmailSent(ctx, queued[0].ID, now.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkEmailRetry(ctx, queued[1].ID, now.Add(time.Hour), "mail: temporary failure at connect: refused"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkEmailFailed(ctx, queued[2].ID, now.Add(time.Second), "mail: permanent failure at RCPT TO: 550 no such user"); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkEmailSent(ctx, queued[0].ID, now); mission.ErrorCode(err) != mission.ECONFLICT {
			t.Errorf("marking a sent message sent again: got %v, want a conflict", err)
		}
		if err := db.MarkEmailRetry(ctx, queued[2].ID, now, "x"); mission.ErrorCode(err) != mission.ECONFLICT {
			t.Errorf("retrying a failed message: got %v, want a conflict", err)
		}
		if err := db.MarkEmailSent(ctx, 999999, now); mission.ErrorCode(err) != mission.ENOTFOUND {
			t.Errorf("marking a missing message: got %v, want not found", err)
		}
		// The retried message is due again only at its next attempt, even
		// though its lease would have run out earlier.
		if c, err := db.ClaimEmails(ctx, now.Add(59*time.Minute), time.Minute, 10); err != nil || len(c) != 0 {
			t.Fatalf("claimed %v (err %v) before the retry was due", ids(c), err)
		}
		c, err := db.ClaimEmails(ctx, now.Add(time.Hour), time.Minute, 10)
		if err != nil || len(c) != 1 || c[0].ID != queued[1].ID || c[0].Attempts != 2 ||
			c[0].LastError != "mail: temporary failure at connect: refused" {
			t.Fatalf("got %+v (err %v), want only the retried message at its second attempt", c, err)
		}

		for _, tt := range []struct {
			status string
			want   []int64
		}{
			{"", []int64{queued[0].ID, queued[1].ID, queued[2].ID}},
			{mission.EmailSent, []int64{queued[0].ID}},
			{mission.EmailPending, []int64{queued[1].ID}},
			{mission.EmailFailed, []int64{queued[2].ID}},
		} {
			list, err := db.Emails(ctx, mission.EmailFilter{Status: tt.status})
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(ids(list)) != fmt.Sprint(tt.want) {
				t.Errorf("status %q: got %v, want %v", tt.status, ids(list), tt.want)
			}
		}
		page, err := db.Emails(ctx, mission.EmailFilter{After: queued[0].ID, Limit: 1})
		if err != nil || fmt.Sprint(ids(page)) != fmt.Sprint([]int64{queued[1].ID}) {
			t.Errorf("page after %d: got %v (err %v), want [%d]", queued[0].ID, ids(page), err, queued[1].ID)
		}
		if _, err := db.Emails(ctx, mission.EmailFilter{Status: "lost"}); mission.ErrorCode(err) != mission.EINVALID {
			t.Errorf("unknown status: got %v, want invalid", err)
		}
		failed, _ := db.Email(ctx, queued[2].ID)
		if failed.Status() != mission.EmailFailed || failed.LastError == "" {
			t.Errorf("got %+v, want failed with its error", failed)
		}
	})
}

func TestOutboxLeaseExpiry(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		e := testEmail(1)
		e.CreatedAt = t0
		if err := db.EnqueueEmail(ctx, e); err != nil {
			t.Fatal(err)
		}
		// A sender claims the message and dies without marking it.
		if c, err := db.ClaimEmails(ctx, t0, 5*time.Minute, 10); err != nil || len(c) != 1 {
			t.Fatalf("claimed %v (err %v), want the message", ids(c), err)
		}
		if c, err := db.ClaimEmails(ctx, t0.Add(5*time.Minute-time.Microsecond), 5*time.Minute, 10); err != nil || len(c) != 0 {
			t.Fatalf("claimed %v (err %v) while the lease lasts", ids(c), err)
		}
		c, err := db.ClaimEmails(ctx, t0.Add(5*time.Minute), 5*time.Minute, 10)
		if err != nil || len(c) != 1 || c[0].ID != e.ID || c[0].Attempts != 2 {
			t.Fatalf("got %+v (err %v), want the message again at its second attempt once the lease ran out", c, err)
		}
	})
}

func TestOutboxConcurrentClaimers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		const n = 60
		for i := range n {
			e := testEmail(i)
			e.CreatedAt = t0
			if err := db.EnqueueEmail(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		var (
			mu    sync.Mutex
			got   = map[int64]int{}
			wg    sync.WaitGroup
			errs  []error
			start = make(chan struct{})
		)
		for range 6 {
			wg.Go(func() {
				<-start
				for {
					claimed, err := db.ClaimEmails(ctx, t0.Add(time.Minute), time.Hour, 4)
					mu.Lock()
					if err != nil {
						errs = append(errs, err)
					}
					for _, e := range claimed {
						got[e.ID]++
					}
					mu.Unlock()
					if err != nil || len(claimed) == 0 {
						return
					}
				}
			})
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("claim errors: %v", errs)
		}
		if len(got) != n {
			t.Errorf("claimed %d distinct messages, want %d", len(got), n)
		}
		for id, times := range got {
			if times != 1 {
				t.Errorf("message %d claimed %d times, want once", id, times)
			}
		}
	})
}

func TestEnqueueEmailJoinsTheCallersTransaction(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		boom := errors.New("the change failed")
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			if err := enqueueEmail(ctx, tx, testEmail(1)); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want the change's error", err)
		}
		if list, err := db.Emails(ctx, mission.EmailFilter{}); err != nil || len(list) != 0 {
			t.Fatalf("got %v (err %v), want no e-mail after the rollback", ids(list), err)
		}
		err = db.inTx(ctx, func(tx *sql.Tx) error { return enqueueEmail(ctx, tx, testEmail(2)) })
		if list, _ := db.Emails(ctx, mission.EmailFilter{}); err != nil || len(list) != 1 {
			t.Fatalf("got %v (err %v), want the committed e-mail", ids(list), err)
		}
	})
}

func TestEnqueueEmailValidates(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		for _, tt := range []struct {
			name  string
			edit  func(e *mission.Email)
			field string
		}{
			{"no address", func(e *mission.Email) { e.ToAddress = "" }, "to_address"},
			{"not an address", func(e *mission.Email) { e.ToAddress = "ana" }, "to_address"},
			{"header injection", func(e *mission.Email) { e.ToName = "Ana\r\nBcc: x@example.org" }, "to_address"},
			{"no subject", func(e *mission.Email) { e.Subject = " " }, "subject"},
			{"two-line subject", func(e *mission.Email) { e.Subject = "a\nb" }, "subject"},
			{"no text", func(e *mission.Email) { e.TextBody = "" }, "text_body"},
			{"bad header", func(e *mission.Email) { e.Headers = map[string]string{"X-A": "1\r\nBcc: x"} }, "headers"},
		} {
			e := testEmail(1)
			tt.edit(e)
			err := db.EnqueueEmail(t.Context(), e)
			var me *mission.Error
			if !errors.As(err, &me) || me.Code != mission.EINVALID || me.Field != tt.field {
				t.Errorf("%s: got %v, want invalid %s", tt.name, err, tt.field)
			}
		}
		if list, _ := db.Emails(t.Context(), mission.EmailFilter{}); len(list) != 0 {
			t.Errorf("got %d e-mails, want none stored", len(list))
		}
	})
}

func TestEnqueueEmailNotifiesAfterCommit(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		var calls int
		db.OnEmailQueued(func() {
			// The message is committed when the hook runs.
			if list, err := db.Emails(t.Context(), mission.EmailFilter{Status: mission.EmailPending}); err != nil || len(list) != calls+1 {
				t.Errorf("hook ran with %d pending messages (err %v), want %d", len(list), err, calls+1)
			}
			calls++
		})
		if err := db.EnqueueEmail(t.Context(), testEmail(1)); err != nil {
			t.Fatal(err)
		}
		if err := db.EnqueueEmail(t.Context(), &mission.Email{}); err == nil {
			t.Fatal("an empty message was accepted")
		}
		if calls != 1 {
			t.Errorf("the hook ran %d times, want once (not for the rejected message)", calls)
		}
	})
}

func TestOutboxStoresAnyErrorText(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := t.Context()
		e := testEmail(1)
		e.CreatedAt = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
		if err := db.EnqueueEmail(ctx, e); err != nil {
			t.Fatal(err)
		}
		long := strings.Repeat("é", 400) // 800 bytes
		if err := db.MarkEmailRetry(ctx, e.ID, e.CreatedAt, "550 \xff\xfe bad\x00 bytes"); err != nil {
			t.Fatalf("an error text with invalid UTF-8 and NUL: %v", err)
		}
		got, _ := db.Email(ctx, e.ID)
		if got.LastError != "550 \uFFFD bad bytes" {
			t.Errorf("got last error %q, want the invalid bytes replaced and NUL dropped", got.LastError)
		}
		if err := db.MarkEmailFailed(ctx, e.ID, e.CreatedAt, long); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Email(ctx, e.ID)
		if len(got.LastError) != maxErrorText || got.LastError != long[:maxErrorText] {
			t.Errorf("got %d bytes %q, want the first %d bytes", len(got.LastError), got.LastError, maxErrorText)
		}
	})
}
