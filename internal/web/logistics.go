package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"caravan/internal/mission"
)

// logisticsPage is the data of logistics.html: the participant's own form
// (Own set) and, for the mission's organisers, everyone's logistics with
// the sensitive fields (All set).
type logisticsPage struct {
	Mission  *mission.Mission
	Location *time.Location
	Own      *mission.Logistics // nil unless the user is a participant
	All      []*mission.Logistics
	CanAll   bool
	Saved    bool
	V        map[string]string
	Errors   fieldErrors
}

// Limits of the logistics form, in characters.
const (
	maxHotel = 300
	maxNeeds = 1000
	maxPhone = 50
)

// datetimeLocal formats t for <input type="datetime-local"> in loc; zero is "".
func datetimeLocal(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02T15:04")
}

// logisticsMission returns the mission of the request when the user may
// confirm logistics in it or read everyone's; it answers for the handler
// and returns nil otherwise.
func (s *Server) logisticsMission(w http.ResponseWriter, r *http.Request) (*mission.Mission, *mission.User) {
	return s.missionFor(w, r, actLogisticsEdit, actLogisticsRead)
}

func (s *Server) logisticsPage(r *http.Request, u *mission.User, m *mission.Mission) (*logisticsPage, error) {
	p := &logisticsPage{Mission: m, Location: m.Location(), V: map[string]string{}, Errors: fieldErrors{}}
	if can(u, actLogisticsEdit, m) && u.Person != nil {
		own, err := s.db.Logistics(r.Context(), m.ID, u.Person.ID)
		switch {
		case mission.ErrorCode(err) == mission.ENOTFOUND:
			own = &mission.Logistics{MissionID: m.ID, PersonID: u.Person.ID}
		case err != nil:
			return nil, err
		}
		p.Own = own
		p.V = map[string]string{"arrival_at": datetimeLocal(own.ArrivalAt, p.Location), "departure_at": datetimeLocal(own.DepartureAt, p.Location),
			"hotel": own.Hotel, "dietary": own.Dietary, "accessibility": own.Accessibility,
			"emergency_contact_name": own.EmergencyContactName, "emergency_contact_phone": own.EmergencyContactPhone,
			"passport_name": own.PassportName, "nationality": own.Nationality}
		if own.LetterRequested {
			p.V["letter_requested"] = "yes"
		}
	}
	if can(u, actLogisticsRead, m) {
		p.CanAll = true
		all, err := s.db.MissionLogistics(r.Context(), m.ID)
		if err != nil {
			return nil, err
		}
		p.All = all
	}
	return p, nil
}

// handleLogistics shows a participant's travel and logistics form and, to
// the mission's organisers, everyone's logistics with the sensitive fields.
// Hosts and other members get 403: they never see these fields.
func (s *Server) handleLogistics(w http.ResponseWriter, r *http.Request) {
	m, u := s.logisticsMission(w, r)
	if m == nil {
		return
	}
	p, err := s.logisticsPage(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Saved = r.URL.Query().Get("saved") == "1"
	s.render(w, r, http.StatusOK, "logistics.html", p)
}

// optionalDateTime reads a local date and time in loc, or zero when empty.
func (f *formReader) optionalDateTime(field string, loc *time.Location) (time.Time, string) {
	if strings.TrimSpace(f.r.PostFormValue(field)) == "" {
		return time.Time{}, ""
	}
	return f.dateTime(field, loc)
}

// handleLogisticsSave saves the participant's own logistics.
func (s *Server) handleLogisticsSave(w http.ResponseWriter, r *http.Request) {
	m, u := s.logisticsMission(w, r)
	if m == nil {
		return
	}
	if !can(u, actLogisticsEdit, m) || u.Person == nil {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	loc := m.Location()
	fr := s.newFormReader(r)
	l := &mission.Logistics{MissionID: m.ID, PersonID: u.Person.ID, UpdatedAt: s.now()}
	v := map[string]string{}
	l.ArrivalAt, v["arrival_at"] = fr.optionalDateTime("arrival_at", loc)
	l.DepartureAt, v["departure_at"] = fr.optionalDateTime("departure_at", loc)
	l.Hotel = fr.text("hotel", false, maxHotel)
	l.Dietary = fr.text("dietary", false, maxNeeds)
	l.Accessibility = fr.text("accessibility", false, maxNeeds)
	l.EmergencyContactName = fr.text("emergency_contact_name", false, maxName)
	l.EmergencyContactPhone = fr.text("emergency_contact_phone", false, maxPhone)
	l.LetterRequested = r.PostFormValue("letter_requested") == "yes"
	l.PassportName = fr.text("passport_name", false, maxName)
	l.Nationality = strings.ToUpper(fr.text("nationality", false, 2))
	v["hotel"], v["dietary"], v["accessibility"] = l.Hotel, l.Dietary, l.Accessibility
	v["emergency_contact_name"], v["emergency_contact_phone"] = l.EmergencyContactName, l.EmergencyContactPhone
	v["passport_name"], v["nationality"] = l.PassportName, l.Nationality
	if l.LetterRequested {
		v["letter_requested"] = "yes"
	}
	if !l.ArrivalAt.IsZero() && !l.DepartureAt.IsZero() && !l.DepartureAt.After(l.ArrivalAt) {
		fr.fail("departure_at", "logistics.departure_before_arrival")
	}
	if l.LetterRequested && l.PassportName == "" {
		fr.fail("passport_name", "logistics.letter_needs_passport")
	}
	if l.LetterRequested && l.Nationality == "" {
		fr.fail("nationality", "logistics.letter_needs_nationality")
	}
	if fr.ok() {
		err := s.db.SaveLogistics(r.Context(), l)
		switch {
		case err == nil:
			http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/logistics?saved=1", http.StatusSeeOther)
			return
		case !fr.storeError(err):
			s.fail(w, r, err)
			return
		}
	}
	p, err := s.logisticsPage(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.V, p.Errors = v, fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "logistics.html", p)
}
