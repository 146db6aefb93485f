package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

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

// fail is the one place that turns an error into a response: a status from
// its code, then a JSON body under /api/ and an HTML page elsewhere. It logs
// internal errors (and only those); their details never reach the client.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := mission.ErrorCode(err)
	var maxBytes *http.MaxBytesError
	if errors.As(err, &maxBytes) {
		code, err = mission.EINVALID, mission.Errorf(mission.EINVALID, "The request body is too large.")
	}
	status, ok := statusOf[code]
	if !ok {
		code, status = mission.EINTERNAL, http.StatusInternalServerError
	}
	msg := mission.ErrorMessage(err)
	if code == mission.EINTERNAL {
		s.logger.LogAttrs(r.Context(), slog.LevelError, "internal error",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("err", err.Error()))
		msg = "Something went wrong on our side. Please try again later."
	}
	var field string
	var e *mission.Error
	if errors.As(err, &e) {
		field = e.Field
	}
	if isAPI(r) {
		writeJSON(w, status, errorBody{Error: errorJSON{Code: code, Message: msg, Field: field}})
		return
	}
	s.render(w, r, status, "error.html", errorPage{Status: status, Title: http.StatusText(status), Message: msg})
}

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
	s.fail(w, r, mission.Errorf(mission.ENOTFOUND, "There is no page at this address."))
}
