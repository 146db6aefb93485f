package auth

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// clock is a manual clock for limiter tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newTestLimiter(cfg LimiterConfig) (*Limiter, *clock) {
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	cfg.Now = c.now
	return NewLimiter(cfg), c
}

// allowN calls Allow n times and fails unless all were allowed.
func allowN(t *testing.T, l *Limiter, key string, n int) {
	t.Helper()
	for i := range n {
		if ok, _ := l.Allow(key); !ok {
			t.Fatalf("%s: attempt %d of %d refused", key, i+1, n)
		}
	}
}

func wantRefused(t *testing.T, l *Limiter, key string, retry time.Duration) {
	t.Helper()
	ok, got := l.Allow(key)
	if ok || got != retry {
		t.Fatalf("%s: got ok=%v retryAfter=%s, want false %s", key, ok, got, retry)
	}
}

func TestLimiterBurstAndRefill(t *testing.T) {
	l, c := newTestLimiter(AccountLimit)
	allowN(t, l, "ana@example.org", 5)
	wantRefused(t, l, "ana@example.org", 3*time.Minute)
	allowN(t, l, "bo@example.org", 5) // keys are independent

	c.advance(time.Minute)
	wantRefused(t, l, "ana@example.org", 2*time.Minute) // refused attempts cost nothing
	c.advance(2 * time.Minute)
	allowN(t, l, "ana@example.org", 1) // one token every 3 minutes
	wantRefused(t, l, "ana@example.org", 3*time.Minute)

	c.advance(15 * time.Minute)
	allowN(t, l, "ana@example.org", 5) // refilled, but never beyond the burst
	wantRefused(t, l, "ana@example.org", 3*time.Minute)
}

func TestLimiterAddressBudget(t *testing.T) {
	l, _ := newTestLimiter(AddressLimit)
	allowN(t, l, "192.0.2.7", 50)
	wantRefused(t, l, "192.0.2.7", 18*time.Second)
}

func TestLimiterReset(t *testing.T) {
	l, _ := newTestLimiter(AccountLimit)
	allowN(t, l, "ana@example.org", 5)
	l.Reset("ana@example.org")
	allowN(t, l, "ana@example.org", 5)
	l.Reset("never seen")
}

func TestLimiterEvictsIdleKeys(t *testing.T) {
	l, c := newTestLimiter(AccountLimit)
	allowN(t, l, "a", 5)
	allowN(t, l, "b", 1)
	c.advance(10 * time.Minute)
	allowN(t, l, "c", 1)
	if got := l.Len(); got != 3 {
		t.Fatalf("got %d keys, want 3", got)
	}
	c.advance(5 * time.Minute) // a and b idle for 15 minutes: their buckets are full
	allowN(t, l, "d", 1)
	if got := l.Len(); got != 2 {
		t.Errorf("got %d keys after a and b refilled, want 2 (c, d)", got)
	}
	allowN(t, l, "a", 5) // forgetting a full bucket lost nothing
}

func TestLimiterCapsKeys(t *testing.T) {
	cfg := AccountLimit
	cfg.MaxKeys = 3
	l, _ := newTestLimiter(cfg)
	allowN(t, l, "old", 5)
	allowN(t, l, "kept", 5)
	allowN(t, l, "k0", 1)
	wantRefused(t, l, "kept", 3*time.Minute) // "kept" is now the most recently used
	allowN(t, l, "k1", 1)                    // a fourth key: the least recently used, "old", makes room
	if got := l.Len(); got != 3 {
		t.Fatalf("got %d keys, want 3", got)
	}
	wantRefused(t, l, "kept", 3*time.Minute)
	allowN(t, l, "old", 5) // forgotten: a full budget again
	for i := range 100 {
		allowN(t, l, fmt.Sprint("flood", i), 1)
	}
	if got := l.Len(); got != 3 {
		t.Errorf("got %d keys after a flood, want 3", got)
	}
}

func TestLimitError(t *testing.T) {
	tests := []struct {
		d                time.Duration
		minutes, seconds int
	}{
		{0, 1, 1},
		{time.Millisecond, 1, 1},
		{18 * time.Second, 1, 18},
		{3 * time.Minute, 3, 180},
		{3*time.Minute + time.Second, 4, 181},
	}
	for _, tt := range tests {
		e := &LimitError{RetryAfter: tt.d}
		if e.Minutes() != tt.minutes || e.Seconds() != tt.seconds {
			t.Errorf("%s: got %d min %d s, want %d min %d s", tt.d, e.Minutes(), e.Seconds(), tt.minutes, tt.seconds)
		}
	}
	if got, want := (&LimitError{RetryAfter: 3 * time.Minute}).Error(), "too many sign-in attempts; try again in 3 minute(s)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestLimiterConcurrentAttemptsShareOneBudget(t *testing.T) {
	l, _ := newTestLimiter(AccountLimit)
	results := make(chan bool, 40)
	var wg sync.WaitGroup
	for range 40 {
		wg.Go(func() {
			ok, _ := l.Allow("ana@example.org")
			results <- ok
		})
	}
	wg.Wait()
	close(results)
	allowed := 0
	for ok := range results {
		if ok {
			allowed++
		}
	}
	if allowed != 5 {
		t.Errorf("got %d of 40 concurrent attempts allowed, want 5", allowed)
	}
}
