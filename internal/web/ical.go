package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"caravan/internal/auth"
	"caravan/internal/i18n"
	"caravan/internal/mission"
)

// Calendars (RFC 5545): each person's private feed of the agenda at
// /ical/{token}.ics, whose address is the secret (kept hashed, revocable),
// and one programme item's "add to calendar" file. Times are written in the
// mission's time zone with its VTIMEZONE, so calendars show them right
// wherever the reader is; UIDs are stable (item-ID@site, meeting-ID@site) so
// a refreshed feed updates events instead of duplicating them.

const icalContentType = "text/calendar; charset=utf-8"

// handleCalendarFeedCreate makes (or remakes, revoking the old address) the
// user's calendar feed and shows its address once.
func (s *Server) handleCalendarFeedCreate(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	if u.Person == nil {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	token, _ := auth.NewToken()
	if err := s.db.SetCalendarFeed(r.Context(), u.Person.ID, tokenHash(token), s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "calendar_feed.create", "person", u.Person.ID, "")
	s.renderAgenda(w, r, u, s.link(r, "/ical/"+token+".ics"))
}

// handleCalendarFeedRevoke revokes the user's calendar feed.
func (s *Server) handleCalendarFeedRevoke(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	if u.Person == nil {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	if err := s.db.DeleteCalendarFeed(r.Context(), u.Person.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "calendar_feed.revoke", "person", u.Person.ID, "")
	http.Redirect(w, r, "/me/agenda#calendar-feed", http.StatusSeeOther)
}

// handleCalendarFeed answers a person's private feed: the agenda's items the
// person attends for sure and the person's B2B meetings. An unknown or
// revoked token, or one of a disabled account, is 404.
func (s *Server) handleCalendarFeed(w http.ResponseWriter, r *http.Request) {
	notFound := userError(mission.ENOTFOUND, "error.no_page")
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || token == "" {
		s.fail(w, r, notFound)
		return
	}
	personID, _, err := s.db.CalendarFeed(r.Context(), tokenHash(token))
	if err != nil {
		if mission.ErrorCode(err) == mission.ENOTFOUND {
			err = notFound
		}
		s.fail(w, r, err)
		return
	}
	a, err := s.db.AccountByPerson(r.Context(), personID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, notFound)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	u, err := s.loadUser(r.Context(), a.ID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, notFound)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	days, err := s.agenda(r, u, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	if u.Account.Language != "" {
		l = s.bundle.Localizer(u.Account.Language)
	}
	cal := s.newCalendar(l.T("ical.feed_name", "name", u.Person.Name))
	var events []calendarEvent
	for _, d := range days {
		for _, e := range d.Entries {
			if e.Attending() {
				events = append(events, s.agendaEvent(r, l, e))
			}
		}
	}
	writeCalendar(w, cal, events, "")
}

// handleItemCalendar answers one programme item as an .ics file to add to
// a calendar, for anyone who may see its mission.
func (s *Server) handleItemCalendar(w http.ResponseWriter, r *http.Request) {
	it, m, err := s.signupItem(r, s.user(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e := agendaEntry{Mission: m, Location: m.Location(), StartsAt: it.StartsAt, EndsAt: it.EndsAt, Kind: it.Kind,
		Title: it.Title, Venue: it.Venue, Address: it.Address, Item: it}
	cal := s.newCalendar(m.Title)
	cal.SetMethod(ics.MethodPublish)
	writeCalendar(w, cal, []calendarEvent{s.agendaEvent(r, s.localizer(r), e)}, fmt.Sprintf("caravan-item-%d.ics", it.ID))
}

// calendarEvent is one VEVENT and the time zone its times are written in.
type calendarEvent struct {
	event *ics.VEvent
	loc   *time.Location
	start time.Time
	end   time.Time
}

func (s *Server) newCalendar(name string) *ics.Calendar {
	cal := ics.NewCalendar()
	cal.SetProductId("-//Caravan//Caravan business missions//EN")
	cal.SetXWRCalName(name)
	return cal
}

// site is the host name that makes UIDs unique: the base URL's, or the
// request's.
func (s *Server) site(r *http.Request) string {
	if link := s.link(r, "/"); link != "" {
		link = strings.TrimPrefix(strings.TrimPrefix(link, "https://"), "http://")
		if host, _, _ := strings.Cut(link, "/"); host != "" {
			return host
		}
	}
	return "caravan"
}

// agendaEvent turns an agenda entry into an event.
func (s *Server) agendaEvent(r *http.Request, l *i18n.Localizer, e agendaEntry) calendarEvent {
	site := s.site(r)
	var ev *ics.VEvent
	var summary, description string
	var where []string
	if e.Item != nil {
		ev = ics.NewEvent("item-" + strconv.FormatInt(e.Item.ID, 10) + "@" + site)
		summary = e.Title
		description = e.Item.Description
		ev.SetURL(s.link(r, "/missions/"+strconv.FormatInt(e.Mission.ID, 10)+"#item-"+strconv.FormatInt(e.Item.ID, 10)))
	} else {
		ev = ics.NewEvent(fmt.Sprintf("meeting-%d@%s", e.MeetingID, site))
		var names []string
		for _, p := range e.With {
			n := p.Name
			if p.Organisation != nil && p.Organisation.Name != "" {
				n += " (" + p.Organisation.Name + ")"
			}
			names = append(names, n)
		}
		summary = l.T("ical.meeting", "names", strings.Join(names, ", "))
		switch {
		case e.Online:
			where = append(where, l.T("agenda.online"))
			if e.VideoURL != "" {
				where = append(where, e.VideoURL)
				description = l.T("agenda.video_link") + ": " + e.VideoURL
				ev.SetURL(e.VideoURL)
			}
		case e.Table != "":
			where = append(where, l.T("agenda.table", "table", e.Table))
		}
	}
	if e.Venue != "" {
		where = append(where, e.Venue)
	}
	if e.Address != "" {
		where = append(where, e.Address)
	}
	ev.SetSummary(summary)
	if len(where) > 0 {
		ev.SetLocation(strings.Join(where, ", "))
	}
	if description != "" {
		ev.SetDescription(description + "\n\n" + e.Mission.Title)
	} else {
		ev.SetDescription(e.Mission.Title)
	}
	ev.SetDtStampTime(s.now().UTC().Truncate(time.Second))
	return calendarEvent{event: ev, loc: e.Location, start: e.StartsAt, end: e.EndsAt}
}

// writeCalendar adds the events with their times in their zones, one
// VTIMEZONE per zone, and answers the calendar (as a download named
// filename when it is not empty).
func writeCalendar(w http.ResponseWriter, cal *ics.Calendar, events []calendarEvent, filename string) {
	zones := map[string][2]time.Time{}
	var order []*time.Location
	for _, ce := range events {
		name := ce.loc.String()
		if name == "UTC" || name == "" {
			ce.event.SetStartAt(ce.start)
			ce.event.SetEndAt(ce.end)
			continue
		}
		ce.event.SetProperty(ics.ComponentPropertyDtStart, ce.start.In(ce.loc).Format("20060102T150405"), ics.WithTZID(name))
		ce.event.SetProperty(ics.ComponentPropertyDtEnd, ce.end.In(ce.loc).Format("20060102T150405"), ics.WithTZID(name))
		span, seen := zones[name]
		if !seen {
			order = append(order, ce.loc)
			span = [2]time.Time{ce.start, ce.end}
		}
		if ce.start.Before(span[0]) {
			span[0] = ce.start
		}
		if ce.end.After(span[1]) {
			span[1] = ce.end
		}
		zones[name] = span
	}
	slices.SortFunc(order, func(a, b *time.Location) int { return strings.Compare(a.String(), b.String()) })
	for _, loc := range order {
		span := zones[loc.String()]
		cal.AddVTimezone(vtimezone(loc, span[0].Year()-1, span[1].Year()))
	}
	for _, ce := range events {
		cal.AddVEvent(ce.event)
	}
	h := w.Header()
	h.Set("Content-Type", icalContentType)
	h.Set("Cache-Control", "private, no-store")
	if filename != "" {
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	}
	w.WriteHeader(http.StatusOK)
	cal.SerializeTo(w, ics.WithNewLine("\r\n")) // RFC 5545 lines end in CRLF
}

// vtimezone describes loc from the first to the last year (inclusive) by
// each change of its UTC offset in those years (one STANDARD or DAYLIGHT
// each), or by one STANDARD when its offset did not change.
func vtimezone(loc *time.Location, first, last int) *ics.VTimezone {
	tz := ics.NewTimezone(loc.String())
	from := time.Date(first, 1, 1, 0, 0, 0, 0, loc)
	to := time.Date(last+1, 1, 1, 0, 0, 0, 0, loc)
	changes := 0
	for t := from; t.Before(to); {
		next := t.AddDate(0, 0, 1)
		_, a := t.Zone()
		if _, b := next.Zone(); a != b {
			addObservance(tz, transition(t, next))
			changes++
		}
		t = next
	}
	if changes == 0 {
		name, offset := from.Zone()
		st := tz.AddStandard()
		st.SetProperty(ics.ComponentPropertyDtStart, "19700101T000000")
		st.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icalOffset(offset))
		st.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icalOffset(offset))
		st.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
	}
	return tz
}

// transition returns the first instant in (a, b] whose offset is b's.
func transition(a, b time.Time) time.Time {
	_, want := b.Zone()
	lo, hi := a.Unix(), b.Unix()
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if _, off := time.Unix(mid, 0).In(b.Location()).Zone(); off == want {
			hi = mid
		} else {
			lo = mid
		}
	}
	return time.Unix(hi, 0).In(b.Location())
}

// addObservance adds the change of offset at the instant at to tz: a
// DAYLIGHT when its zone is on daylight-saving time after it, a STANDARD
// otherwise. Its DTSTART is the local time of the change in the old offset,
// as RFC 5545 asks.
func addObservance(tz *ics.VTimezone, at time.Time) {
	_, before := at.Add(-time.Second).Zone()
	name, after := at.Zone()
	var c *ics.ComponentBase
	if at.IsDST() {
		d := &ics.Daylight{}
		tz.Components = append(tz.Components, d)
		c = &d.ComponentBase
	} else {
		c = &tz.AddStandard().ComponentBase
	}
	onset := at.UTC().Add(time.Duration(before) * time.Second)
	c.SetProperty(ics.ComponentPropertyDtStart, onset.Format("20060102T150405"))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icalOffset(before))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icalOffset(after))
	c.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
}

// icalOffset writes a UTC offset in seconds as RFC 5545's UTC-OFFSET: +0100.
func icalOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	s := fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds/60%60)
	if seconds%60 != 0 {
		s += fmt.Sprintf("%02d", seconds%60)
	}
	return s
}
