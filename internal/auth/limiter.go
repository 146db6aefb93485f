package auth

import (
	"container/list"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// LimiterConfig sets a Limiter's budget: Events attempts per Per for each key,
// all of which may come at once (the burst), refilled evenly over Per.
type LimiterConfig struct {
	Events int
	Per    time.Duration
	// MaxKeys caps the number of keys held in memory (default 100,000).
	MaxKeys int
	// Now is the clock; nil means time.Now. Tests inject their own.
	Now func() time.Time
}

// AccountLimit is the sign-in budget per account (the e-mail address typed
// in): 5 attempts per 15 minutes, one more every 3 minutes after that.
var AccountLimit = LimiterConfig{Events: 5, Per: 15 * time.Minute}

// AddressLimit is the sign-in budget per client IP address: 50 attempts per
// 15 minutes, generous enough for an office or a conference Wi-Fi behind one
// address.
var AddressLimit = LimiterConfig{Events: 50, Per: 15 * time.Minute}

// Limiter rate-limits events per key (an account, an IP address) with one
// token bucket per key (golang.org/x/time/rate). It is safe for concurrent
// use and bounded in memory: a key whose bucket has refilled completely is
// forgotten, which loses nothing, and when MaxKeys are held the least
// recently used key is forgotten to make room.
//
// A Limiter lives in one process: with several nodes behind a load balancer
// each node counts on its own (see docs/adr/0012). A store-backed limiter
// can replace it later with the same methods.
type Limiter struct {
	mu      sync.Mutex
	limit   rate.Limit
	burst   int
	full    time.Duration // time for an empty bucket to refill completely
	maxKeys int
	now     func() time.Time
	lru     *list.List // of *bucket, most recently used first
	keys    map[string]*list.Element
}

type bucket struct {
	key  string
	lim  *rate.Limiter
	last time.Time
}

// NewLimiter returns a Limiter with the budget cfg. It panics when Events or
// Per is not positive, a programming error.
func NewLimiter(cfg LimiterConfig) *Limiter {
	if cfg.Events <= 0 || cfg.Per <= 0 {
		panic(fmt.Sprintf("auth: NewLimiter needs positive Events and Per, got %d per %s", cfg.Events, cfg.Per))
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = 100_000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Limiter{
		limit:   rate.Limit(float64(cfg.Events) / cfg.Per.Seconds()),
		burst:   cfg.Events,
		full:    cfg.Per,
		maxKeys: cfg.MaxKeys,
		now:     cfg.Now,
		lru:     list.New(),
		keys:    map[string]*list.Element{},
	}
}

// Allow takes one attempt from key's budget. It returns true when the budget
// allowed it, or false and how long (rounded up to the millisecond) until
// the next attempt would be allowed;
// a refused attempt costs nothing. A sign-in handler asks the address
// limiter first and the account limiter second, and calls Reset on the
// account after a successful sign-in, so only failures use the budget up.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evictIdle(now)
	var b *bucket
	if e, found := l.keys[key]; found {
		b = e.Value.(*bucket)
		l.lru.MoveToFront(e)
	} else {
		if l.lru.Len() >= l.maxKeys {
			l.remove(l.lru.Back())
		}
		b = &bucket{key: key, lim: rate.NewLimiter(l.limit, l.burst)}
		l.keys[key] = l.lru.PushFront(b)
	}
	b.last = now
	r := b.lim.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		// Round up to the millisecond: the bucket's float arithmetic
		// leaves 1m59.999999999s where 2m is meant.
		return false, (delay + time.Millisecond - 1).Truncate(time.Millisecond)
	}
	return true, 0
}

// Reset forgets key, giving it its full budget again.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if e, ok := l.keys[key]; ok {
		l.remove(e)
	}
}

// Len returns the number of keys the limiter holds.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// evictIdle forgets the keys unused for long enough that their buckets are
// full again; they are the tail of the LRU list.
func (l *Limiter) evictIdle(now time.Time) {
	for e := l.lru.Back(); e != nil; e = l.lru.Back() {
		if now.Sub(e.Value.(*bucket).last) < l.full {
			return
		}
		l.remove(e)
	}
}

func (l *Limiter) remove(e *list.Element) {
	delete(l.keys, e.Value.(*bucket).key)
	l.lru.Remove(e)
}

// LimitError is the error a sign-in returns when a Limiter refuses it. The
// message catalogue has the user-facing text under "login.rate_limited" with
// Minutes() as its count; RetryAfter also feeds the Retry-After header of
// the 429 response.
type LimitError struct {
	RetryAfter time.Duration
}

// Error returns the English message, for logs and tests.
func (e *LimitError) Error() string {
	return fmt.Sprintf("too many sign-in attempts; try again in %d minute(s)", e.Minutes())
}

// Minutes returns RetryAfter in whole minutes, rounded up and at least 1, so
// "try again in N minutes" never says 0.
func (e *LimitError) Minutes() int {
	return max(1, int((e.RetryAfter+time.Minute-1)/time.Minute))
}

// Seconds returns RetryAfter in whole seconds, rounded up and at least 1, for
// the Retry-After header.
func (e *LimitError) Seconds() int {
	return max(1, int((e.RetryAfter+time.Second-1)/time.Second))
}
