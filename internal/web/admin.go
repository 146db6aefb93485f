package web

import (
	"net/http"
	"strconv"

	"caravan/internal/mission"
)

// auditPageSize is how many audit entries one page shows.
const auditPageSize = 50

// auditPage is the data of audit.html.
type auditPage struct {
	Entries []*mission.AuditEntry
	// Older is the value of ?before= for the next page, 0 on the last.
	Older int64
}

// handleAudit shows the audit log to admins, newest first, a page at a time
// (?before=ID continues below that entry).
func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	if !can(u, actAuditRead, nil) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	var before int64
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.fail(w, r, mission.FieldError("before", "before must be a positive entry id."))
			return
		}
		before = n
	}
	entries, err := s.db.AuditLog(r.Context(), mission.AuditFilter{Before: before, Limit: auditPageSize + 1})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page := auditPage{Entries: entries}
	if len(entries) > auditPageSize {
		page.Entries = entries[:auditPageSize]
		page.Older = page.Entries[auditPageSize-1].ID
	}
	s.render(w, r, http.StatusOK, "audit.html", page)
}
