package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"caravan/internal/i18n"
	"caravan/internal/mission"
)

// fieldErrors are a form's validation messages, in the request's language,
// by field name: the template shows each next to its field.
type fieldErrors map[string]string

// formReader reads a posted form's fields and collects a message for each
// field that is not valid, in the request's language.
type formReader struct {
	r      *http.Request
	l      *i18n.Localizer
	errors fieldErrors
}

func (s *Server) newFormReader(r *http.Request) *formReader {
	return &formReader{r: r, l: s.localizer(r), errors: fieldErrors{}}
}

// fail records the first message of a field.
func (f *formReader) fail(field, id string, params ...any) {
	if _, ok := f.errors[field]; !ok {
		f.errors[field] = f.l.T(id, params...)
	}
}

// text returns the trimmed field; required and at most max characters.
func (f *formReader) text(field string, required bool, max int) string {
	v := strings.TrimSpace(f.r.PostFormValue(field))
	switch {
	case required && v == "":
		f.fail(field, "form.required")
	case utf8.RuneCountInString(v) > max:
		f.fail(field, "form.too_long", "max", f.l.FormatInt(int64(max)))
	}
	return v
}

// choice returns the field when it is one of options, else records an error.
func (f *formReader) choice(field string, options []string) string {
	v := f.r.PostFormValue(field)
	for _, o := range options {
		if v == o {
			return v
		}
	}
	f.fail(field, "form.choose")
	return v
}

// date reads a calendar day (YYYY-MM-DD, as <input type="date"> sends it)
// as midnight UTC; empty gives the zero time.
func (f *formReader) date(field string, required bool) (time.Time, string) {
	v := strings.TrimSpace(f.r.PostFormValue(field))
	if v == "" {
		if required {
			f.fail(field, "form.required")
		}
		return time.Time{}, v
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		f.fail(field, "form.bad_date")
	}
	return t, v
}

// dateTime reads a local date and time (YYYY-MM-DDTHH:MM, as
// <input type="datetime-local"> sends it) in loc.
func (f *formReader) dateTime(field string, loc *time.Location) (time.Time, string) {
	v := strings.TrimSpace(f.r.PostFormValue(field))
	if v == "" {
		f.fail(field, "form.required")
		return time.Time{}, v
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, v, loc); err == nil {
			return t, v
		}
	}
	f.fail(field, "form.bad_datetime")
	return time.Time{}, v
}

// count reads a whole number from 0 to max; empty is 0.
func (f *formReader) count(field string, max int) (int, string) {
	v := strings.TrimSpace(f.r.PostFormValue(field))
	if v == "" {
		return 0, v
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > max {
		f.fail(field, "form.bad_count", "max", f.l.FormatInt(int64(max)))
	}
	return n, v
}

// ok reports whether every field read so far is valid.
func (f *formReader) ok() bool { return len(f.errors) == 0 }

// storeError records a validation error from the store (or the domain)
// next to its field, or under "" when it names none: its catalogue message
// (mission.Error.Key) when it has one, else its English message on English
// pages and the general message of its code on others. It reports whether err
// was such an error; any other error is the caller's to fail with.
func (f *formReader) storeError(err error) bool {
	var e *mission.Error
	if mission.ErrorCode(err) != mission.EINVALID && mission.ErrorCode(err) != mission.ECONFLICT {
		return false
	}
	msg := mission.ErrorMessage(err)
	if f.l.Tag() != i18n.DefaultLanguage {
		msg = f.l.T("error.message." + mission.ErrorCode(err))
	}
	field := ""
	if errors.As(err, &e) {
		field = e.Field
		if e.Key != "" {
			msg = f.l.T(e.Key, e.Params...)
		}
	}
	if _, ok := f.errors[field]; !ok {
		f.errors[field] = msg
	}
	return true
}

// splitList reads a comma-separated list of words, trimmed, without empties.
func splitList(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	return out
}
