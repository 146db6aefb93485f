package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/pdfdoc"
)

// Printable PDFs (internal/pdfdoc): a person's agenda and a mission's
// programme, in the reader's language, times in each mission's time zone.

// handleAgendaPDF answers the user's agenda as a PDF: what the user attends
// for sure (the programme everyone attends, confirmed sign-ups and B2B
// meetings), by day, with venues and addresses.
func (s *Server) handleAgendaPDF(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	days, err := s.agenda(r, u, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	name := u.Account.Email
	if u.Person != nil {
		name = u.Person.Name
	}
	doc := pdfdoc.New(l.T("pdf.agenda_title", "name", name))
	doc.Footer(l.T("pdf.agenda_title", "name", name), l.T("pdf.page"))
	doc.Heading(l.T("pdf.agenda_title", "name", name))
	doc.Paragraph(l.T("agenda.times_local"))
	if err := s.agendaCheckinCodes(r, u, doc); err != nil {
		s.fail(w, r, err)
		return
	}
	printed := false
	for _, d := range days {
		var rows [][]string
		for _, e := range d.Entries {
			if !e.Attending() {
				continue
			}
			rows = append(rows, []string{timeSpan(l, e.StartsAt, e.EndsAt, e.Location), agendaWhat(l, e), agendaWhere(l, e)})
		}
		if len(rows) == 0 {
			continue
		}
		printed = true
		doc.Subheading(l.FormatWeekdayDate(d.Date, nil))
		doc.Table([]string{l.T("pdf.col_time"), l.T("pdf.col_what"), l.T("pdf.col_where")}, []float64{1.5, 3, 2.3}, rows)
	}
	if !printed {
		doc.Paragraph(l.T("agenda.empty"))
	}
	s.servePDF(w, r, doc, "agenda.pdf")
}

// handleProgrammePDF answers a mission's programme as a PDF, for anyone who
// may see the mission (everyone, when it is published).
func (s *Server) handleProgrammePDF(w http.ResponseWriter, r *http.Request) {
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.loadMission(r.Context(), s.user(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	m := v.Mission
	doc := pdfdoc.New(l.T("pdf.programme_title", "mission", m.Title))
	doc.Footer(m.Title, l.T("pdf.page"))
	doc.Heading(l.T("pdf.programme_title", "mission", m.Title))
	if m.Summary != "" {
		doc.Paragraph(m.Summary)
	}
	doc.KeyValue([][2]string{
		{l.T("mission.dates"), l.FormatDateRange(m.StartsOn, m.EndsOn)},
		{l.T("mission.host"), v.Host.Name},
		{l.T("mission.host_city"), l.T("mission.place", "city", m.HostCity, "country", label(l, "country.", m.HostCountry))},
		{l.T("mission.venue"), m.Venue},
		{l.T("pdf.time_zone"), m.TimeZone},
	})
	if len(v.Days) == 0 {
		doc.Paragraph(l.T("mission.programme_none"))
	}
	for _, d := range v.Days {
		title := l.FormatWeekdayDate(d.Date, nil)
		if d.Number > 0 {
			title = l.T("mission.day", "number", d.Number) + " " + title
		}
		doc.Subheading(title)
		var rows [][]string
		for _, it := range d.Items {
			what := label(l, "programme.kind.", it.Kind) + ": " + it.Title
			if it.Description != "" {
				what += "\n" + it.Description
			}
			if it.SignupRequired {
				note := l.T("mission.signup_required")
				if it.Capacity > 0 {
					note = l.T("pdf.signup_places", "count", it.Capacity)
				}
				what += "\n" + note
			}
			where := it.Venue
			if it.Address != "" {
				where = strings.TrimSpace(where + "\n" + it.Address)
			}
			rows = append(rows, []string{timeSpan(l, it.StartsAt, it.EndsAt, v.Location), what, where})
		}
		doc.Table([]string{l.T("pdf.col_time"), l.T("pdf.col_what"), l.T("pdf.col_where")}, []float64{1.5, 3.3, 2}, rows)
	}
	s.servePDF(w, r, doc, fmt.Sprintf("programme-%d.pdf", m.ID))
}

func timeSpan(l *i18n.Localizer, start, end time.Time, loc *time.Location) string {
	return l.FormatTime(start, loc) + "–" + l.FormatTime(end, loc)
}

// agendaWhat is an agenda entry's title line and mission.
func agendaWhat(l *i18n.Localizer, e agendaEntry) string {
	if e.Kind != "meeting" {
		return label(l, "programme.kind.", e.Kind) + ": " + e.Title + "\n" + e.Mission.Title
	}
	var names []string
	for _, p := range e.With {
		n := p.Name
		if p.Organisation != nil && p.Organisation.Name != "" {
			n += " (" + p.Organisation.Name + ")"
		}
		names = append(names, n)
	}
	return l.T("ical.meeting", "names", strings.Join(names, ", ")) + "\n" + e.Mission.Title
}

// agendaWhere is an agenda entry's table or online, venue and address.
func agendaWhere(l *i18n.Localizer, e agendaEntry) string {
	var parts []string
	switch {
	case e.Online:
		parts = append(parts, l.T("agenda.online"))
		if e.VideoURL != "" {
			parts = append(parts, e.VideoURL)
		}
	case e.Table != "":
		parts = append(parts, l.T("agenda.table", "table", e.Table))
	}
	for _, p := range []string{e.Venue, e.Address} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\n")
}

// servePDF answers the document as a download named filename.
func (s *Server) servePDF(w http.ResponseWriter, r *http.Request, doc *pdfdoc.Doc, filename string) {
	b, err := doc.Bytes()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}
