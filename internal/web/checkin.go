package web

import (
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"caravan/internal/mission"
	"caravan/internal/pdfdoc"
	"caravan/internal/store"
)

// On-site check-in: each member's check-in code per mission, printed as a
// QR code on the agenda, the agenda PDF and the badge; the organisers' and
// hosts' check-in page (scan with the camera, type the code, or search a
// name) for the mission and for each programme item. The QR code holds the
// check-in page's address with the code, so any phone's camera app opens
// the page ready to check the person in; the page's own scanner (jsQR,
// static/checkin.js) and a USB scanner typing into the code field read the
// same text.

// qrPNG draws text as a QR code PNG of size pixels with medium error
// correction (15 % of the code may be dirty or covered).
func qrPNG(text string, size int) ([]byte, error) {
	png, err := qrcode.Encode(text, qrcode.Medium, size)
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	return png, nil
}

// checkinLink is the address a check-in code's QR code holds.
func (s *Server) checkinLink(r *http.Request, missionID int64, token string) string {
	return s.link(r, "/missions/"+strconv.FormatInt(missionID, 10)+"/checkin?code="+url.QueryEscape(token))
}

// checkinCode is one of the user's check-in codes: the mission, the code
// as printed (ABCD-EFGH-…) and its QR code as a PNG and a data: URL.
type checkinCode struct {
	Mission *mission.Mission
	Code    string
	PNG     []byte
	Image   template.URL
}

// myCheckinCodes returns the user's check-in code for each mission the
// user attends (every role but viewer), making the missing ones.
func (s *Server) myCheckinCodes(r *http.Request, u *mission.User) ([]checkinCode, error) {
	if u.Person == nil {
		return nil, nil
	}
	list, err := s.myMissions(r, u)
	if err != nil {
		return nil, err
	}
	var out []checkinCode
	for _, mm := range list {
		if !can(u, actBadgeOwn, mm.Mission) {
			continue
		}
		c, err := s.checkinCode(r, mm.Mission, u.Person.ID)
		if mission.ErrorCode(err) == mission.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// checkinCode returns the person's code for the mission with its QR code.
func (s *Server) checkinCode(r *http.Request, m *mission.Mission, personID int64) (checkinCode, error) {
	token, err := s.db.CheckinToken(r.Context(), m.ID, personID, s.now())
	if err != nil {
		return checkinCode{}, err
	}
	png, err := qrPNG(s.checkinLink(r, m.ID, token), 320)
	if err != nil {
		return checkinCode{}, err
	}
	return checkinCode{Mission: m, Code: mission.FormatCheckinToken(token), PNG: png,
		Image: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}, nil
}

// checkinRow is a person on the check-in page: role in the mission and
// when they were checked in to the chosen target (zero when not yet).
type checkinRow struct {
	Person    *mission.Person
	Role      string
	CheckedIn time.Time
	CheckinID int64
	Again     bool // checked in before: the scan just now changed nothing
}

// checkinPage is the data of checkin.html.
type checkinPage struct {
	Mission   *mission.Mission
	Location  *time.Location
	Items     []*mission.ProgrammeItem
	Item      *mission.ProgrammeItem // the target; nil for the mission itself
	Query     string
	Searched  bool
	Results   []checkinRow
	Recent    []checkinRow
	CheckedIn int
	Expected  int
	Done      *checkinRow
	Undone    *mission.Person // whose check-in was just undone
	Code      string
	Errors    map[string]string
}

// ItemID is the target's id, 0 for the mission.
func (p *checkinPage) ItemID() int64 {
	if p.Item == nil {
		return 0
	}
	return p.Item.ID
}

// checkinMission returns the mission of the path for someone who may do
// the action there (actCheckin unless named), or answers for the handler
// and returns nil.
func (s *Server) checkinMission(w http.ResponseWriter, r *http.Request, action ...string) (*mission.Mission, *mission.User) {
	if len(action) == 0 {
		action = []string{actCheckin}
	}
	return s.missionFor(w, r, action[0])
}

// checkinTarget reads the item of the form or query ("item", empty or 0
// for the mission itself) among the mission's items.
func checkinTarget(r *http.Request, items []*mission.ProgrammeItem) (*mission.ProgrammeItem, error) {
	v := r.FormValue("item")
	if v == "" || v == "0" {
		return nil, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	for _, it := range items {
		if err == nil && it.ID == id {
			return it, nil
		}
	}
	return nil, userError(mission.ENOTFOUND, "error.no_programme_item", "id", v)
}

// checkinState fills the page for the target: who is expected and checked
// in, the latest check-ins and, with a query, the members found.
func (s *Server) checkinState(r *http.Request, m *mission.Mission) (*checkinPage, error) {
	ctx := r.Context()
	items, err := s.db.ProgrammeItems(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	p := &checkinPage{Mission: m, Location: m.Location(), Items: items, Errors: map[string]string{}}
	if p.Item, err = checkinTarget(r, items); err != nil {
		return nil, err
	}
	list, err := s.attendance(ctx, m, p.Item)
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		if a.Expected {
			p.Expected++
		}
		if !a.CheckedIn.IsZero() {
			p.CheckedIn++
			p.Recent = append(p.Recent, checkinRow{Person: a.Person, Role: a.Role, CheckedIn: a.CheckedIn, CheckinID: a.CheckinID})
		}
	}
	slices.SortStableFunc(p.Recent, func(a, b checkinRow) int { return b.CheckedIn.Compare(a.CheckedIn) })
	p.Recent = p.Recent[:min(len(p.Recent), 15)]
	p.Query = strings.TrimSpace(r.FormValue("q"))
	if p.Query != "" {
		p.Searched = true
		members, err := s.attendees(ctx, m)
		if err != nil {
			return nil, err
		}
		at := map[int64]time.Time{}
		for _, a := range list {
			at[a.Person.ID] = a.CheckedIn
		}
		q := sortKey(p.Query)
		for _, a := range members {
			if strings.Contains(sortKey(a.Person.Name), q) || strings.Contains(sortKey(a.Person.Organisation.Name), q) {
				p.Results = append(p.Results, checkinRow{Person: a.Person, Role: a.Role, CheckedIn: at[a.Person.ID]})
			}
		}
		p.Results = p.Results[:min(len(p.Results), 30)]
	}
	return p, nil
}

// handleCheckin shows the check-in page of a mission to its organisers and
// hosts: the target (the mission or one item), the code form with the
// camera scanner, the name search, the count and the latest check-ins. A
// code in the query (the QR code's link opened by a phone's camera) fills
// the code form; "checked" names the check-in just made.
func (s *Server) handleCheckin(w http.ResponseWriter, r *http.Request) {
	m, _ := s.checkinMission(w, r)
	if m == nil {
		return
	}
	p, err := s.checkinState(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Code = r.FormValue("code")
	if id, err := strconv.ParseInt(r.FormValue("checked"), 10, 64); err == nil && id > 0 {
		c, err := s.db.Checkin(r.Context(), id)
		if err == nil && c.MissionID == m.ID && c.ItemID == p.ItemID() {
			person, err := s.db.Person(r.Context(), c.PersonID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			p.Done = &checkinRow{Person: person, CheckedIn: c.CheckedInAt, CheckinID: c.ID, Again: r.FormValue("again") == "1"}
		}
	}
	if id, err := strconv.ParseInt(r.FormValue("undone"), 10, 64); err == nil && id > 0 {
		members, err := s.attendees(r.Context(), m)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, a := range members {
			if a.Person.ID == id {
				p.Undone = a.Person
			}
		}
	}
	s.render(w, r, http.StatusOK, "checkin.html", p)
}

// handleCheckinSave checks a person in by code (typed, scanned or sent by
// a scanner as the QR code's link) or by id (from the name search), to the
// mission or to the chosen item, and returns to the page with the result.
// A code that no one has, or another mission's, re-renders the page with
// the message next to the code field (422).
func (s *Server) handleCheckinSave(w http.ResponseWriter, r *http.Request) {
	m, u := s.checkinMission(w, r)
	if m == nil {
		return
	}
	p, err := s.checkinState(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	attempt := store.CheckinAttempt{MissionID: m.ID, ItemID: p.ItemID(), At: s.now(),
		Audit: &mission.AuditEntry{AccountID: u.Account.ID, IP: s.clientIP(r)}}
	if u.Person != nil {
		attempt.By = u.Person.ID
	}
	p.Code = strings.TrimSpace(r.PostFormValue("code"))
	personID, _ := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	switch {
	case p.Code != "":
		attempt.Token = mission.NormalizeCheckinToken(p.Code)
		if attempt.Token == "" {
			p.Errors["code"] = l.T("checkin.code_malformed")
		}
	case personID > 0:
		attempt.PersonID = personID
	default:
		p.Errors["code"] = l.T("checkin.code_required")
	}
	var c *mission.Checkin
	if len(p.Errors) == 0 {
		c, err = s.db.CheckIn(r.Context(), attempt)
		var e *mission.Error
		switch {
		case err == nil:
		case errors.As(err, &e) && e.Field == "code" && e.Code == mission.ENOTFOUND:
			p.Errors["code"] = l.T("checkin.code_unknown")
		case errors.As(err, &e) && e.Field == "code" && e.Code == mission.EINVALID:
			p.Errors["code"] = l.T("checkin.code_other_mission")
		case errors.As(err, &e) && e.Field == "person":
			p.Errors["code"] = l.T("checkin.person_unknown")
		default:
			s.fail(w, r, err)
			return
		}
	}
	if len(p.Errors) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "checkin.html", p)
		return
	}
	q := url.Values{"checked": {strconv.FormatInt(c.ID, 10)}}
	if p.Item != nil {
		q.Set("item", strconv.FormatInt(p.Item.ID, 10))
	}
	if !c.New {
		q.Set("again", "1")
	}
	http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/checkin?"+q.Encode()+"#result", http.StatusSeeOther)
}

// attendee is a person on an attendance list: why they are expected there
// (Expected false for someone who came without being expected), their
// number of meetings at a B2B session, and when they were checked in.
type attendee struct {
	Person    *mission.Person
	Role      string
	Expected  bool
	Meetings  int
	CheckedIn time.Time
	CheckinID int64
}

// attendees returns the mission's members who attend (every role but
// viewer), each once with the first of their roles (host, organiser,
// participant, local).
func (s *Server) attendees(ctx context.Context, m *mission.Mission) ([]attendee, error) {
	members, err := s.db.MissionMembers(ctx, m.ID, "")
	if err != nil {
		return nil, err
	}
	var out []attendee
	seen := map[int64]bool{}
	for _, mm := range members {
		if mm.Role == mission.RoleViewer || seen[mm.PersonID] {
			continue
		}
		seen[mm.PersonID] = true
		out = append(out, attendee{Person: mm.Person, Role: mm.Role})
	}
	return out, nil
}

// attendance returns who is expected at the target and who was checked in
// there, ordered by name. At the mission itself (item nil) the visiting
// participants and local companies are expected; at a B2B session those
// with meetings in it; at an item that takes sign-ups those confirmed; at
// any other item the visiting participants. Anyone else checked in there
// is listed too, as not expected.
func (s *Server) attendance(ctx context.Context, m *mission.Mission, item *mission.ProgrammeItem) ([]attendee, error) {
	members, err := s.attendees(ctx, m)
	if err != nil {
		return nil, err
	}
	checkins, err := s.db.Checkins(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	var itemID int64
	if item != nil {
		itemID = item.ID
	}
	at := map[int64]time.Time{}
	ids := map[int64]int64{}
	for _, c := range checkins {
		if c.ItemID == itemID {
			at[c.PersonID], ids[c.PersonID] = c.CheckedInAt, c.ID
		}
	}
	expected := map[int64]bool{}
	meetings := map[int64]int{}
	switch {
	case item == nil:
		for _, a := range members {
			expected[a.Person.ID] = a.Role == mission.RoleParticipant || a.Role == mission.RoleLocal
		}
	case item.Kind == mission.ItemB2BSession:
		list, err := s.db.Meetings(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		for _, mt := range list {
			if mt.SessionItemID != item.ID {
				continue
			}
			for _, id := range mt.PersonIDs {
				expected[id] = true
				meetings[id]++
			}
		}
	case item.SignupRequired:
		list, err := s.db.Signups(ctx, item.ID)
		if err != nil {
			return nil, err
		}
		for _, su := range list {
			if su.Status == mission.SignupConfirmed {
				expected[su.PersonID] = true
			}
		}
	default:
		for _, a := range members {
			expected[a.Person.ID] = a.Role == mission.RoleParticipant
		}
	}
	var out []attendee
	listed := map[int64]bool{}
	for _, a := range members {
		if expected[a.Person.ID] || !at[a.Person.ID].IsZero() {
			a.Expected, a.Meetings, a.CheckedIn, a.CheckinID = expected[a.Person.ID], meetings[a.Person.ID], at[a.Person.ID], ids[a.Person.ID]
			out = append(out, a)
			listed[a.Person.ID] = true
		}
	}
	// People with meetings or sign-ups who are no longer members still count.
	for id := range expected {
		if listed[id] || !expected[id] {
			continue
		}
		p, err := s.db.Person(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, attendee{Person: p, Expected: true, Meetings: meetings[id], CheckedIn: at[id], CheckinID: ids[id]})
	}
	slices.SortFunc(out, func(a, b attendee) int {
		return cmp.Or(cmp.Compare(sortKey(a.Person.Name), sortKey(b.Person.Name)), cmp.Compare(a.Person.ID, b.Person.ID))
	})
	return out, nil
}

// agendaCheckinCodes prints the user's check-in codes with their QR codes
// at the top of the agenda PDF.
func (s *Server) agendaCheckinCodes(r *http.Request, u *mission.User, doc *pdfdoc.Doc) error {
	codes, err := s.myCheckinCodes(r, u)
	if err != nil {
		return err
	}
	l := s.localizer(r)
	for _, c := range codes {
		doc.Figure(c.PNG, 32, l.T("checkin.pdf_code", "mission", c.Mission.Title), c.Code, l.T("checkin.pdf_code_help"))
	}
	return nil
}

// handleCheckinUndo undoes a check-in made by mistake (an arrival takes the
// person's item check-ins with it) and returns to the page of its target.
func (s *Server) handleCheckinUndo(w http.ResponseWriter, r *http.Request) {
	m, u := s.checkinMission(w, r)
	if m == nil {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("checkin"), 10, 64)
	notFound := userError(mission.ENOTFOUND, "checkin.not_found")
	if err != nil || id <= 0 {
		s.fail(w, r, notFound)
		return
	}
	c, err := s.db.UndoCheckin(r.Context(), m.ID, id, &mission.AuditEntry{At: s.now(), AccountID: u.Account.ID, IP: s.clientIP(r)})
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		err = notFound
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := url.Values{"undone": {strconv.FormatInt(c.PersonID, 10)}}
	if c.ItemID != 0 {
		q.Set("item", strconv.FormatInt(c.ItemID, 10))
	}
	http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/checkin?"+q.Encode(), http.StatusSeeOther)
}
