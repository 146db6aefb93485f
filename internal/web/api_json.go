package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"caravan/internal/mission"
)

// maxJSONBytes bounds the JSON body of an API request (413 beyond it).
const maxJSONBytes = 64 << 10

// decodeJSON reads the request's body, which must be one JSON object sent as
// application/json, into v (a pointer to a struct with json tags). It
// answers 415 for another content type, 413 for a body over maxJSONBytes,
// 400 for a body that is not JSON, and 422, naming the field, for an unknown
// field or a value of the wrong type.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return withStatus(http.StatusUnsupportedMediaType, mission.Errorf(mission.EINVALID,
			"The body must be a JSON object sent with Content-Type: application/json."))
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, v)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var maxBytes *http.MaxBytesError
		if errors.As(err, &maxBytes) {
			return jsonError(err, v)
		}
		return mission.Errorf(mission.EINVALID, "The body must hold one JSON object and nothing after it.")
	}
	return nil
}

// jsonError turns a decoding error into an API error with its status.
func jsonError(err error, v any) error {
	var (
		maxBytes  *http.MaxBytesError
		syntax    *json.SyntaxError
		typeError *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &maxBytes):
		return withStatus(http.StatusRequestEntityTooLarge, mission.Errorf(mission.EINVALID,
			"The body is larger than %d KiB.", maxJSONBytes>>10))
	case errors.Is(err, io.EOF):
		return mission.Errorf(mission.EINVALID, "The body is empty: send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return mission.Errorf(mission.EINVALID, "The body is not valid JSON: it ends too early.")
	case errors.As(err, &syntax):
		return mission.Errorf(mission.EINVALID, "The body is not valid JSON (at byte %d).", syntax.Offset)
	case errors.As(err, &typeError):
		if typeError.Field == "" {
			return withStatus(http.StatusUnprocessableEntity, mission.Errorf(mission.EINVALID, "The body must be a JSON object."))
		}
		return withStatus(http.StatusUnprocessableEntity, mission.FieldError(typeError.Field, "%s must be %s.",
			typeError.Field, describeType(typeError.Type)))
	}
	// encoding/json reports unknown fields only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return withStatus(http.StatusUnprocessableEntity, mission.FieldError(name, "Unknown field %q: the body may hold %s.",
			name, strings.Join(jsonFields(v), ", ")))
	}
	return mission.Errorf(mission.EINVALID, "The body is not valid JSON.")
}

// describeType says in words what JSON value a Go type takes.
func describeType(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(describeType(t.Elem()), "a ") + "s"
	}
	return "an object"
}

// jsonFields lists the json names of the fields of the struct v points to.
func jsonFields(v any) []string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var names []string
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// invalidBody answers a body whose fields the domain refused with 422.
func invalidBody(err error) error {
	if mission.ErrorCode(err) == mission.EINVALID {
		return withStatus(http.StatusUnprocessableEntity, err)
	}
	return err
}

// apiID reads the positive integer id {id} of a thing that only the API
// names; anything else is not found.
func apiID(r *http.Request, thing string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, mission.Errorf(mission.ENOTFOUND, "There is no %s %q.", thing, r.PathValue("id"))
	}
	return id, nil
}

// parseDay reads a date field written YYYY-MM-DD; "" is no date (the zero
// time).
func parseDay(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, mission.FieldError(field, "%s must be a date written YYYY-MM-DD, such as 2026-11-13.", field)
	}
	return t, nil
}

// parseDayPtr is parseDay for an optional field: nil stays nil.
func parseDayPtr(field string, s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, err := parseDay(field, *s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// parseTime reads a time field written in RFC 3339 with an offset, such as
// 2026-11-13T09:00:00+01:00.
func parseTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, mission.FieldError(field, "%s must be a time in RFC 3339 with an offset, such as 2026-11-13T09:00:00+01:00.", field)
	}
	return t, nil
}

// parseTimePtr is parseTime for an optional field: nil stays nil.
func parseTimePtr(field string, s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, err := parseTime(field, *s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// rfc3339 writes a time in RFC 3339 in loc; "" for the zero time.
func rfc3339(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.RFC3339)
}

// signedInAPI returns the request's user, or answers 401 for the handler.
func (s *Server) signedInAPI(w http.ResponseWriter, r *http.Request) *mission.User {
	u := s.user(r)
	if u == nil {
		s.fail(w, r, mission.Errorf(mission.EUNAUTHORIZED,
			"Sign in, or send a personal API token as Authorization: Bearer cvn_…."))
	}
	return u
}

// errForbidden is the API's answer to a signed-in user who may not act.
func errForbidden(what string) error {
	return mission.Errorf(mission.EFORBIDDEN, "You may not %s.", what)
}

// location writes the Location header of a created resource.
func location(w http.ResponseWriter, format string, args ...any) {
	w.Header().Set("Location", fmt.Sprintf(format, args...))
}
