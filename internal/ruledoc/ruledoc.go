// Package ruledoc reads versioned rule-set documents, the JSON that admins
// edit for eligibility and grant rules: strict decoding whose errors name
// the document, the field or the line and column; loading the embedded
// defaults; and choosing the version that applies on a day. The rule
// engines (internal/eligibility, internal/grant) define what a rule set
// holds; this package only reads and picks them.
//
// It is pure: it imports only the standard library.
package ruledoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// DateLayout is how rule sets write days (valid_from, valid_until).
const DateLayout = "2006-01-02"

// FieldError is a problem with one field of a document. File, when set,
// names the document; Field is a JSON path such as "bands[2].min_km".
type FieldError struct {
	File    string
	Field   string
	Message string
}

func (e *FieldError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File + ": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Message)
	return b.String()
}

// Decode reads one JSON object from r into v. Unknown fields are errors,
// so a misspelt field is not silently ignored, and so is anything after
// the object. Every error is a *FieldError naming the document (name) and,
// where it can, the field or the line and column.
func Decode(name string, r io.Reader, v any) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("%s: read: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(name, data, err)
	}
	if dec.More() {
		return &FieldError{File: name, Message: "unexpected data after the rule set's JSON object"}
	}
	return nil
}

// decodeError turns a json decoding error into one naming the document and
// the field, or the line and column.
func decodeError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return &FieldError{File: name, Message: fmt.Sprintf("line %d, column %d: invalid JSON: %v", line, col, syn)}
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "(document)"
		}
		return &FieldError{File: name, Field: field, Message: fmt.Sprintf("want a JSON %s, got %s", jsonType(typ.Type.Kind().String()), typ.Value)}
	case errors.Is(err, io.EOF):
		return &FieldError{File: name, Message: "empty document, want a JSON object"}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &FieldError{File: name, Message: "the JSON document ends early"}
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return &FieldError{File: name, Field: strings.Trim(f, `"`), Message: "unknown field"}
	}
	return &FieldError{File: name, Message: msg}
}

func jsonType(goKind string) string {
	switch goKind {
	case "int", "int64":
		return "whole number"
	case "string":
		return "string"
	case "bool":
		return "boolean (true or false)"
	case "slice":
		return "array"
	case "map", "struct", "ptr":
		return "object"
	}
	return goKind
}

func lineCol(data []byte, off int64) (line, col int) {
	off = min(off, int64(len(data)))
	line, col = 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// WithFile sets File to name on every *FieldError in err (one error or a
// join of them) and returns err.
func WithFile(name string, err error) error {
	list := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		list = j.Unwrap()
	}
	for _, e := range list {
		var fe *FieldError
		if errors.As(e, &fe) {
			fe.File = name
		}
	}
	return err
}

// Version is what Load and Select need to know of a rule set: its id, its
// version number and the days it applies (valid_until empty: open-ended).
type Version struct {
	ID                    string
	Number                int
	ValidFrom, ValidUntil string
}

// Load parses every file of dir in fsys with parse and returns the rule
// sets sorted by id and version number.
func Load[T any](fsys fs.FS, dir string, parse func(name string, r io.Reader) (T, error), version func(T) Version) ([]T, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read embedded rule sets: %w", err)
	}
	var sets []T
	for _, e := range entries {
		name := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", name, err)
		}
		rs, err := parse(name, bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		sets = append(sets, rs)
	}
	sort.Slice(sets, func(i, j int) bool {
		a, b := version(sets[i]), version(sets[j])
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Number < b.Number
	})
	return sets, nil
}

// Select returns the rule set with the given id that applies on day: among
// the versions whose validity includes day, the highest version. ok is
// false when none applies.
func Select[T any](sets []T, id string, day time.Time, version func(T) Version) (rs T, ok bool) {
	d := day.Format(DateLayout)
	best := 0
	for _, s := range sets {
		v := version(s)
		if v.ID != id || v.ValidFrom > d || (v.ValidUntil != "" && v.ValidUntil < d) {
			continue
		}
		if !ok || v.Number > best {
			rs, ok, best = s, true, v.Number
		}
	}
	return rs, ok
}
