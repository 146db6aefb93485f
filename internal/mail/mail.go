// Package mail sends Caravan's e-mail over SMTP and renders it from
// templates. A Message is what the outbox table stores; a Sender delivers
// one Message per call and classifies every failure as temporary (retry with
// Backoff) or permanent (give up), so a mail server that is down delays mail
// and loses none. A Renderer turns the embedded templates into Messages in
// the recipient's language, with every text taken from the message
// catalogue through a Localizer.
//
// The package imports nothing of Caravan's: the store keeps the outbox, a
// worker calls Send, and the catalogue arrives as a Localizer (which
// *i18n.Localizer satisfies). Message bodies and addresses are personal data:
// the package logs neither above debug level and keeps addresses out of its
// error messages.
package mail

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"time"
)

// Message is one e-mail to one recipient, as the outbox stores it.
type Message struct {
	// ID, when set, makes the Message-ID header <ID@domain of From>. An
	// outbox sets it from its row, so a retry after a lost server reply
	// carries the same Message-ID and receivers can drop the duplicate.
	ID string
	// To is the recipient's bare address (ana@example.org); ToName is the
	// optional display name.
	To     string
	ToName string
	// Subject is one line of UTF-8; it is encoded as RFC 2047 when needed.
	Subject string
	// Text is the plain-text body, always present. HTML is an optional
	// alternative body.
	Text string
	HTML string
	// Language is the BCP 47 tag of the texts, sent as Content-Language.
	Language string
	// Headers are extra header fields, such as Auto-Submitted. They may not
	// replace the fields the Sender writes itself (From, To, Subject, Date,
	// Message-ID, MIME and Content- fields).
	Headers map[string]string
}

// Error is a failed delivery. Temporary failures (connection refused or
// lost, timeouts, 4xx replies, and any failure before the recipient is
// named, such as a rejected login or sender) are worth retrying; permanent
// ones (a 5xx reply to the recipient or the content, an invalid address)
// will fail the same way again.
type Error struct {
	Temporary bool
	// Code is the SMTP reply code (451, 550), or 0 when the server sent
	// none.
	Code int
	// Stage names the step that failed: "message", "connect", "MAIL FROM",
	// "RCPT TO", "DATA".
	Stage string
	Err   error
}

// addressPattern finds e-mail addresses in server replies and go-mail's
// errors, which Error redacts.
var addressPattern = regexp.MustCompile(`[^\s<>()\[\]"',;:]+@[^\s<>()\[\]"',;:]+`)

// Error describes the failure without the addresses it may mention, so it
// can be logged and stored in the outbox. Unwrap gives the original.
func (e *Error) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	return fmt.Sprintf("mail: %s failure at %s: %s", kind, e.Stage, addressPattern.ReplaceAllString(e.Err.Error(), "<address>"))
}

// Unwrap returns the underlying error, which may contain addresses.
func (e *Error) Unwrap() error { return e.Err }

// IsPermanent reports whether err is an *Error that retrying cannot fix.
// An outbox worker gives up on such a message and retries every other error.
func IsPermanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && !e.Temporary
}

// IsTemporary reports whether err is a failure worth retrying: any non-nil
// error that IsPermanent does not claim.
func IsTemporary(err error) bool {
	return err != nil && !IsPermanent(err)
}

// Retry policy of the outbox.
const (
	// BackoffBase is the nominal wait before the first retry.
	BackoffBase = time.Minute
	// BackoffCap is the longest nominal wait between two attempts.
	BackoffCap = 6 * time.Hour
	// MaxAttempts is how many times an outbox worker tries one message
	// before it gives up on temporary errors too: with Backoff's waits
	// that covers a mail server down for 22 hours at least, about 33
	// hours on average.
	MaxAttempts = 16
)

// Backoff returns how long to wait after failed attempt number attempt
// (1 for the first failure) before the next: BackoffBase doubled per
// attempt, capped at BackoffCap, of which a random half is taken off
// ("equal jitter") so that messages failing together spread out. r supplies
// the randomness; tests pass a seeded one, nil uses math/rand/v2's global
// source.
func Backoff(attempt int, r *rand.Rand) time.Duration {
	attempt = max(attempt, 1)
	d := BackoffCap
	if attempt <= 20 { // beyond that the shift alone passes the cap
		d = min(BackoffBase<<(attempt-1), BackoffCap)
	}
	half := int64(d / 2)
	var jitter int64
	if r != nil {
		jitter = r.Int64N(half + 1)
	} else {
		jitter = rand.Int64N(half + 1)
	}
	return time.Duration(half + jitter)
}
