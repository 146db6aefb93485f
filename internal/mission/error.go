// Package mission holds Caravan's domain: the types of the glossary in
// DESIGN.md, their validation and the one error type every layer uses. It
// imports only the standard library.
package mission

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to an HTTP status.
const (
	EINVALID      = "invalid"      // bad input: 400/422
	ENOTFOUND     = "not_found"    // 404
	ECONFLICT     = "conflict"     // a unique or state conflict: 409
	EFORBIDDEN    = "forbidden"    // signed in but not allowed: 403
	EUNAUTHORIZED = "unauthorized" // not signed in: 401
	EINTERNAL     = "internal"     // everything else: 500, logged
)

// Error is an error with a code and a message meant for the user. Field names
// the input field at fault, when there is one. Key, when set, is the
// catalogue message that says Message in the reader's language, with
// Params (name/value pairs) filled in: pages show it, the API keeps the
// English Message.
type Error struct {
	Code    string
	Message string
	Field   string
	Key     string
	Params  []any
}

// Localized returns e with the catalogue message key and its params.
func (e *Error) Localized(key string, params ...any) *Error {
	e.Key, e.Params = key, params
	return e
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error about one input field.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of its
// *Error, or a generic one for internal errors (whose text may hold details
// not meant for users).
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
