package web

import (
	"net/http"
	"net/url"
	"strconv"

	"caravan/internal/mission"
)

// outboxPageSize is how many messages one page of the outbox shows.
const outboxPageSize = 50

// outboxPage is the data of outbox.html.
type outboxPage struct {
	Status   string // the filter: "", pending, sent or failed
	Statuses []string
	Emails   []*mission.Email
	// Next is the query of the next page, "" on the last.
	Next string
}

// handleOutbox lists the outbox to admins, oldest first, a page at a time
// (?status= filters, ?after=ID continues after that message). Without SMTP
// (the demo), this is where mail can be read.
func (s *Server) handleOutbox(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	if !can(u, actOutboxRead, nil) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	q := r.URL.Query()
	f := mission.EmailFilter{Status: q.Get("status"), Limit: outboxPageSize + 1}
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			s.fail(w, r, mission.FieldError("after", "after must be a message id."))
			return
		}
		f.After = n
	}
	emails, err := s.db.Emails(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := outboxPage{Status: f.Status, Emails: emails,
		Statuses: []string{mission.EmailPending, mission.EmailSent, mission.EmailFailed}}
	if len(emails) > outboxPageSize {
		page.Emails = emails[:outboxPageSize]
		next := url.Values{"after": {strconv.FormatInt(page.Emails[outboxPageSize-1].ID, 10)}}
		if f.Status != "" {
			next.Set("status", f.Status)
		}
		page.Next = next.Encode()
	}
	s.render(w, r, http.StatusOK, "outbox.html", page)
}

// handleOutboxShow shows one outbox message to admins: its state and its
// text body (the HTML body is the same text, and is not rendered here).
func (s *Server) handleOutboxShow(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	if !can(u, actOutboxRead, nil) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	id, err := parseID(r, "email")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.db.Email(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_email", "id", strconv.FormatInt(id, 10)))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "outbox_email.html", e)
}
