package mission

import (
	"strings"
	"time"
)

// Email is one message in the outbox: rendered, addressed to one recipient,
// and waiting to be sent, sent, or given up. The outbox is in the database so
// that a mail server that is down delays mail and loses none, and so that a
// message and the change it reports (an invitation, a new status) are saved
// in one transaction.
type Email struct {
	ID        int64
	ToAddress string // a bare address: ana@example.org
	ToName    string // optional display name
	Subject   string
	TextBody  string // always present
	HTMLBody  string // optional alternative
	// Language is the BCP 47 tag of the texts ("es"), sent as
	// Content-Language.
	Language string
	// Headers are extra header fields such as Auto-Submitted.
	Headers   map[string]string
	CreatedAt time.Time
	// Attempts counts the times a sender has claimed the message.
	Attempts      int
	NextAttemptAt time.Time
	// LockedUntil is the end of the current sender's lease; after it, the
	// message may be claimed again (the sender is presumed dead).
	LockedUntil time.Time
	SentAt      time.Time
	FailedAt    time.Time // set when the outbox gives up
	// LastError describes the last failure (class and server reply), never
	// the body.
	LastError string
}

// Outbox states as Email.Status returns them and EmailFilter.Status takes
// them.
const (
	EmailPending = "pending"
	EmailSent    = "sent"
	EmailFailed  = "failed"
)

// Status returns EmailSent, EmailFailed or EmailPending.
func (e *Email) Status() string {
	switch {
	case !e.SentAt.IsZero():
		return EmailSent
	case !e.FailedAt.IsZero():
		return EmailFailed
	}
	return EmailPending
}

// Validate checks what an outbox needs to send the message at all.
func (e *Email) Validate() error {
	switch {
	case strings.TrimSpace(e.ToAddress) == "" || !strings.Contains(e.ToAddress, "@"):
		return FieldError("to_address", "The recipient's e-mail address is missing or not an address.")
	case strings.ContainsAny(e.ToAddress+e.ToName, "\r\n"):
		return FieldError("to_address", "The recipient may not contain a line break.")
	case strings.TrimSpace(e.Subject) == "":
		return FieldError("subject", "The subject is missing.")
	case strings.ContainsAny(e.Subject, "\r\n"):
		return FieldError("subject", "The subject may not contain a line break.")
	case strings.TrimSpace(e.TextBody) == "":
		return FieldError("text_body", "The text body is missing.")
	}
	for name, value := range e.Headers {
		if name == "" || strings.ContainsAny(name, ": \r\n") || strings.ContainsAny(value, "\r\n") {
			return FieldError("headers", "The header %q is not a valid header field.", name)
		}
	}
	return nil
}

// EmailFilter selects outbox messages, in id order.
type EmailFilter struct {
	Status string // EmailPending, EmailSent, EmailFailed, or "" for all
	Limit  int
	After  int64 // keyset cursor: return ids greater than After
}
