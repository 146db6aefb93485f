package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/mission"
	"caravan/internal/pdfdoc"
)

// Printed sheets for the days on site: attendance lists to sign (funders
// ask for evidence of who attended what) and the B2B table sheets, for the
// mission's organisers and hosts.

// handleMissionAttendance answers the attendance list of the mission
// itself: the visiting participants and local companies, and anyone else
// checked in at the registration desk.
func (s *Server) handleMissionAttendance(w http.ResponseWriter, r *http.Request) {
	m, _ := s.checkinMission(w, r)
	if m == nil {
		return
	}
	s.writeAttendance(w, r, m, nil)
}

// sheetItem returns the programme item of the path and its mission for
// someone who checks people in there, or answers and returns nil.
func (s *Server) sheetItem(w http.ResponseWriter, r *http.Request) (*mission.ProgrammeItem, *mission.Mission) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	it, m, err := s.signupItem(r, u)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if !can(u, actCheckin, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil
	}
	return it, m
}

// handleItemAttendance answers the attendance list of a programme item or
// B2B session.
func (s *Server) handleItemAttendance(w http.ResponseWriter, r *http.Request) {
	it, m := s.sheetItem(w, r)
	if it == nil {
		return
	}
	s.writeAttendance(w, r, m, it)
}

// writeAttendance answers the attendance list of the target (the mission
// when item is nil): one boxed row per person with organisation, country,
// the time of check-in and an empty box to sign, then empty rows for those
// who come unannounced.
func (s *Server) writeAttendance(w http.ResponseWriter, r *http.Request, m *mission.Mission, item *mission.ProgrammeItem) {
	list, err := s.attendance(r.Context(), m, item)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	loc := m.Location()
	title := l.T("attendance.title_mission", "mission", m.Title)
	filename := fmt.Sprintf("attendance-mission-%d.pdf", m.ID)
	if item != nil {
		title = l.T("attendance.title_item", "item", item.Title)
		filename = fmt.Sprintf("attendance-item-%d.pdf", item.ID)
	}
	doc := pdfdoc.New(title)
	doc.Footer(m.Title, l.T("pdf.page"))
	doc.Heading(title)
	when := l.FormatDateRange(m.StartsOn, m.EndsOn)
	where := m.HostCity
	if item != nil {
		when = l.FormatWeekdayDate(item.StartsAt.In(loc), nil) + ", " + timeSpan(l, item.StartsAt, item.EndsAt, loc)
		where = item.Venue
	}
	checked := 0
	for _, a := range list {
		if !a.CheckedIn.IsZero() {
			checked++
		}
	}
	doc.KeyValue([][2]string{
		{l.T("attendance.mission"), m.Title},
		{l.T("attendance.when"), when},
		{l.T("attendance.where"), where},
		{l.T("attendance.count"), l.T("attendance.count_value", "listed", len(list), "checked", checked)},
	})
	doc.Paragraph(l.T("attendance.intro"))
	var rows [][]string
	for i, a := range list {
		name := a.Person.Name
		switch {
		case a.Meetings > 0:
			name += "\n" + l.T("attendance.meetings", "count", a.Meetings)
		case !a.Expected:
			name += "\n" + l.T("attendance.unexpected")
		}
		var org, country, at string
		if o := a.Person.Organisation; o != nil {
			org, country = o.Name, label(l, "country.", o.Country)
		}
		if !a.CheckedIn.IsZero() {
			at = checkinTime(l, a.CheckedIn, loc, item)
		}
		rows = append(rows, []string{strconv.Itoa(i + 1), name, org, country, at, ""})
	}
	for i := range 3 {
		rows = append(rows, []string{strconv.Itoa(len(list) + i + 1), "", "", "", "", ""})
	}
	doc.GridTable([]string{l.T("attendance.col_number"), l.T("attendance.col_name"), l.T("attendance.col_organisation"),
		l.T("attendance.col_country"), l.T("attendance.col_checked_in"), l.T("attendance.col_signature")},
		[]float64{0.9, 3, 3, 1.6, 1.6, 3}, rows, 11)
	s.servePDF(w, r, doc, filename)
}

// checkinTime writes when someone was checked in: the clock time when it
// was on the item's day (or, for the mission, any day of it, with the
// date), in the mission's time zone.
func checkinTime(l *i18n.Localizer, t time.Time, loc *time.Location, item *mission.ProgrammeItem) string {
	local := t.In(loc)
	if item != nil {
		y1, m1, d1 := item.StartsAt.In(loc).Date()
		if y2, m2, d2 := local.Date(); y1 == y2 && m1 == m2 && d1 == d2 {
			return l.FormatTime(t, loc)
		}
	}
	return l.FormatDateLong(time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC), nil) + "\n" + l.FormatTime(t, loc)
}

// handleTableSheets answers a B2B session's table sheets: one page per
// table with each slot's meeting (who meets whom, with organisations) or
// "free", then the online meetings with their links.
func (s *Server) handleTableSheets(w http.ResponseWriter, r *http.Request) {
	it, m := s.sheetItem(w, r)
	if it == nil {
		return
	}
	l := s.localizer(r)
	if it.Kind != mission.ItemB2BSession {
		s.fail(w, r, userError(mission.EINVALID, "sheets.not_b2b", "item", it.Title))
		return
	}
	meetings, err := s.db.Meetings(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	people := map[int64]*mission.Person{}
	who := func(mt *mission.Meeting) (string, error) {
		var names []string
		for _, id := range mt.PersonIDs {
			p, ok := people[id]
			if !ok {
				var err error
				if p, err = s.db.Person(r.Context(), id); err != nil {
					return "", err
				}
				people[id] = p
			}
			n := p.Name
			if p.Organisation != nil && p.Organisation.Name != "" {
				n += " (" + p.Organisation.Name + ", " + p.Organisation.Country + ")"
			}
			names = append(names, n)
		}
		return strings.Join(names, "\n"), nil
	}
	byTable := map[string][]*mission.Meeting{}
	var online []*mission.Meeting
	for _, mt := range meetings {
		switch {
		case mt.SessionItemID != it.ID:
		case mt.Online:
			online = append(online, mt)
		default:
			byTable[mt.Table] = append(byTable[mt.Table], mt)
		}
	}
	sessions, err := s.db.B2BSessions(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	session := &mission.B2BSession{Item: it}
	for _, sess := range sessions {
		if sess.Item.ID == it.ID {
			session = sess
		}
	}
	tables := tableNames(session, byTable)
	loc := m.Location()
	slots := sessionSlots(session, meetings)
	doc := pdfdoc.New(l.T("sheets.title", "item", it.Title))
	doc.Footer(it.Title, l.T("pdf.page"))
	header := []string{l.T("pdf.col_time"), l.T("sheets.col_meeting")}
	for i, table := range tables {
		if i > 0 {
			doc.PageBreak()
		}
		doc.Heading(l.T("agenda.table", "table", table))
		doc.Paragraph(it.Title + "\n" + l.FormatWeekdayDate(it.StartsAt.In(loc), nil) + ", " +
			timeSpan(l, it.StartsAt, it.EndsAt, loc) + strings.TrimRight(" · "+it.Venue, " ·"))
		var rows [][]string
		for _, slot := range slots {
			var at *mission.Meeting
			for _, mt := range byTable[table] {
				if mt.StartsAt.Equal(slot[0]) {
					at = mt
				}
			}
			if at == nil {
				rows = append(rows, []string{timeSpan(l, slot[0], slot[1], loc), l.T("sheets.free")})
				continue
			}
			names, err := who(at)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			rows = append(rows, []string{timeSpan(l, at.StartsAt, at.EndsAt, loc), names})
		}
		doc.Table(header, []float64{1.3, 5}, rows)
	}
	if len(tables) > 0 {
		doc.PageBreak()
	}
	doc.Heading(l.T("sheets.online"))
	doc.Paragraph(it.Title)
	if len(online) == 0 {
		doc.Paragraph(l.T("sheets.online_none"))
	} else {
		var rows [][]string
		for _, mt := range online {
			names, err := who(mt)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			rows = append(rows, []string{timeSpan(l, mt.StartsAt, mt.EndsAt, loc), names, mt.VideoURL})
		}
		doc.Table([]string{l.T("pdf.col_time"), l.T("sheets.col_meeting"), l.T("sheets.col_link")}, []float64{1.3, 3.2, 2.6}, rows)
	}
	s.servePDF(w, r, doc, fmt.Sprintf("tables-%d.pdf", it.ID))
}

// tableNames returns the names of the session's tables: when every
// meeting sits at one of the session's tables (as the scheduler publishes
// them), all its tables in their order; otherwise those with meetings and,
// when they are named T1, T2, …, the rest of T1…Tn, in natural order (T2
// before T10).
func tableNames(session *mission.B2BSession, byTable map[string][]*mission.Meeting) []string {
	seen := map[string]bool{}
	var labels []string
	for _, t := range session.Tables {
		seen[t.Label()] = true
		labels = append(labels, t.Label())
	}
	known := len(labels) > 0
	for name := range byTable {
		known = known && seen[name]
	}
	if known {
		return labels
	}
	it := session.Item
	seen = map[string]bool{}
	var names []string
	for name := range byTable {
		seen[name] = true
		names = append(names, name)
	}
	conventional := true
	for name := range byTable {
		n, err := strconv.Atoi(strings.TrimPrefix(name, "T"))
		conventional = conventional && strings.HasPrefix(name, "T") && err == nil && n > 0
	}
	for i := 1; conventional && i <= it.Tables; i++ {
		if name := "T" + strconv.Itoa(i); !seen[name] {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, naturalCompare)
	return names
}

// naturalCompare orders strings with their digit runs as numbers.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := leadingDigits(a), leadingDigits(b)
		if da != "" && db != "" {
			na, _ := strconv.Atoi(da)
			nb, _ := strconv.Atoi(db)
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func leadingDigits(s string) string {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// sessionSlots returns the session's slots as [start, end]: its grid of
// SlotMinutes from its start and from the end of each break, and the times
// of meetings off that grid.
func sessionSlots(session *mission.B2BSession, meetings []*mission.Meeting) [][2]time.Time {
	it := session.Item
	var slots [][2]time.Time
	seen := map[time.Time]bool{}
	if it.SlotMinutes > 0 {
		d := time.Duration(it.SlotMinutes) * time.Minute
		for _, free := range mission.Subtract([]mission.Interval{{Start: it.StartsAt, End: it.EndsAt}}, session.Breaks) {
			for t := free.Start; !t.Add(d).After(free.End); t = t.Add(d) {
				slots = append(slots, [2]time.Time{t, t.Add(d)})
				seen[t] = true
			}
		}
	}
	for _, mt := range meetings {
		if mt.SessionItemID == it.ID && !mt.Online && !seen[mt.StartsAt] {
			seen[mt.StartsAt] = true
			slots = append(slots, [2]time.Time{mt.StartsAt, mt.EndsAt})
		}
	}
	slices.SortFunc(slots, func(a, b [2]time.Time) int { return a[0].Compare(b[0]) })
	return slots
}
