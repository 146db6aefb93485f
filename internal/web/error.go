package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"caravan/internal/i18n"
	"caravan/internal/mission"
)

// statusOf maps an error code to its HTTP status.
var statusOf = map[string]int{
	mission.EINVALID:      http.StatusBadRequest,
	mission.ENOTFOUND:     http.StatusNotFound,
	mission.ECONFLICT:     http.StatusConflict,
	mission.EFORBIDDEN:    http.StatusForbidden,
	mission.EUNAUTHORIZED: http.StatusUnauthorized,
	mission.EINTERNAL:     http.StatusInternalServerError,
}

// errorBody is the API's error shape: {"error": {"code": …, "message": …}}.
type errorBody struct {
	Error errorJSON `json:"error"`
}

type errorJSON struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// localizedError is an error whose message is a catalogue message: pages
// show it in the request's language, the API in English. It wraps a
// *mission.Error with its code, so mission.ErrorCode reads it as usual.
type localizedError struct {
	err    *mission.Error
	id     string
	params []any
}

func (e *localizedError) Error() string { return e.err.Error() }
func (e *localizedError) Unwrap() error { return e.err }

// userError returns an error with the code whose message is the catalogue
// message id with params (name/value pairs, as for T).
func userError(code, id string, params ...any) error {
	return &localizedError{err: &mission.Error{Code: code, Message: id}, id: id, params: params}
}

// fail is the one place that turns an error into a response: a status from
// its code, then a JSON body under /api/ and an HTML page elsewhere. It logs
// internal errors (and only those); their details never reach the client.
//
// The message of an error made by userError is a catalogue message. A page
// shows any other *mission.Error's message (written in English in Go) only
// in English, and the catalogue's general message for its code in other
// languages; the API always answers English.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := mission.ErrorCode(err)
	var maxBytes *http.MaxBytesError
	if errors.As(err, &maxBytes) {
		code, err = mission.EINVALID, userError(mission.EINVALID, "error.body_too_large")
	}
	status, ok := statusOf[code]
	if !ok {
		code, status = mission.EINTERNAL, http.StatusInternalServerError
	}
	var se *statusError
	if code != mission.EINTERNAL && errors.As(err, &se) {
		status = se.status
	}
	api := isAPI(r)
	l := s.localizer(r)
	if api {
		l = s.bundle.Localizer(i18n.DefaultLanguage.String())
	}
	msg := mission.ErrorMessage(err)
	var le *localizedError
	var keyed *mission.Error
	switch {
	case code == mission.EINTERNAL:
		s.logger.LogAttrs(r.Context(), slog.LevelError, "internal error",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("err", err.Error()))
		msg = l.T("error.message.internal")
	case errors.As(err, &le):
		msg = l.T(le.id, le.params...)
	case !api && errors.As(err, &keyed) && keyed.Key != "":
		msg = l.T(keyed.Key, keyed.Params...)
	case l.Tag() != i18n.DefaultLanguage:
		msg = l.T(labelID("error.message.", code))
	}
	var field string
	var e *mission.Error
	if errors.As(err, &e) {
		field = e.Field
	}
	if api {
		writeJSON(w, status, errorBody{Error: errorJSON{Code: code, Message: msg, Field: field}})
		return
	}
	s.render(w, r, status, "error.html", errorPage{Status: status, Title: l.T(labelID("error.title.", code)), Message: msg})
}

// statusError gives an error a more precise status than its code's: 415,
// 413 or 422 for a JSON body the API cannot take. fail reads it; the code
// and message stay those of err.
type statusError struct {
	status int
	err    error
}

func (e *statusError) Error() string { return e.err.Error() }
func (e *statusError) Unwrap() error { return e.err }

// withStatus returns err answered with the status instead of its code's.
func withStatus(status int, err error) error { return &statusError{status: status, err: err} }

// errorPage is the data of error.html.
type errorPage struct {
	Status  int
	Title   string
	Message string
}

// isAPI reports whether the request is for the JSON API.
func isAPI(r *http.Request) bool {
	return r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/")
}

// writeJSON writes v as the JSON response with the status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own types are marshalled; this cannot happen.
		http.Error(w, `{"error":{"code":"internal","message":"Internal error."}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// handleNotFound answers every path no route matches.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, userError(mission.ENOTFOUND, "error.no_page"))
}

// errorPages serves mux, and where it has no route answers with Caravan's
// own page (or JSON error under /api/): 404 for an address no route has,
// 405 with the Allow header for an address whose routes take other
// methods.
func (s *Server) errorPages(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		probe := &headerProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status != http.StatusMethodNotAllowed {
			s.handleNotFound(w, r)
			return
		}
		w.Header().Set("Allow", probe.header.Get("Allow"))
		s.fail(w, r, withStatus(http.StatusMethodNotAllowed,
			userError(mission.EINVALID, "error.method_not_allowed", "method", r.Method, "allow", probe.header.Get("Allow"))))
	})
}

// headerProbe records the status and headers of the mux's own 404 or 405
// answer and drops its body.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header         { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *headerProbe) WriteHeader(status int)      { p.status = status }
