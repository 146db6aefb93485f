package web

import (
	"net/http"
	"strconv"
	"time"

	"caravan/internal/mission"
)

// programmePage is the data of programme_edit.html: the mission's items by
// day, each with its edit form, and the form that adds an item.
type programmePage struct {
	Mission  *mission.Mission
	Location *time.Location
	Days     []editorDay
	Kinds    []string
	New      itemForm
}

type editorDay struct {
	Date   time.Time
	Number int
	Items  []itemForm
}

// itemForm is one programme item's form: its values as the user typed
// them (or as stored), its messages, and whether it opens unfolded.
type itemForm struct {
	Item   *mission.ProgrammeItem // nil for the new item's form
	V      map[string]string
	Errors fieldErrors
	Open   bool
	// Prefix makes the form's element ids unique on the page.
	Prefix string
	Kinds  []string
}

// Limits of the programme item form, in characters and units.
const (
	maxItemDescription = 5000
	maxAddress         = 300
	maxItemCapacity    = 100000
	maxSlotMinutes     = 240
	maxTables          = 1000
)

func itemValues(it *mission.ProgrammeItem, loc *time.Location) map[string]string {
	v := map[string]string{"kind": it.Kind, "title": it.Title, "description": it.Description, "venue": it.Venue,
		"address": it.Address, "starts_at": it.StartsAt.In(loc).Format("2006-01-02T15:04"),
		"ends_at": it.EndsAt.In(loc).Format("2006-01-02T15:04")}
	if it.Capacity > 0 {
		v["capacity"] = strconv.Itoa(it.Capacity)
	}
	if it.SignupRequired {
		v["signup_required"] = "on"
	}
	return v
}

// programmeEditor builds the editor's page; failed, when not nil, is the
// form that did not validate and replaces the stored values of its item.
func (s *Server) programmeEditor(r *http.Request, m *mission.Mission, failed *itemForm) (*programmePage, error) {
	items, err := s.db.ProgrammeItems(r.Context(), m.ID)
	if err != nil {
		return nil, err
	}
	loc := m.Location()
	p := &programmePage{Mission: m, Location: loc, Kinds: mission.ItemKinds}
	for _, d := range groupByDay(items, loc, m.StartsOn, m.EndsOn) {
		ed := editorDay{Date: d.Date, Number: d.Number}
		for _, it := range d.Items {
			f := itemForm{Item: it, V: itemValues(it, loc), Errors: fieldErrors{}}
			if failed != nil && failed.Item != nil && failed.Item.ID == it.ID {
				f.V, f.Errors, f.Open = failed.V, failed.Errors, true
			}
			f.Prefix = "i" + strconv.FormatInt(it.ID, 10) + "-"
			ed.Items = append(ed.Items, f)
		}
		p.Days = append(p.Days, ed)
	}
	p.New = itemForm{V: map[string]string{"kind": mission.ItemCompanyVisit,
		"starts_at": m.StartsOn.Format("2006-01-02") + "T09:00", "ends_at": m.StartsOn.Format("2006-01-02") + "T10:00"},
		Errors: fieldErrors{}}
	if failed != nil && failed.Item == nil {
		p.New = *failed
		p.New.Open = true
	}
	p.New.Prefix, p.New.Kinds = "new-", mission.ItemKinds
	return p, nil
}

// handleProgrammeEdit shows the programme editor.
func (s *Server) handleProgrammeEdit(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actProgrammeEdit)
	if m == nil {
		return
	}
	p, err := s.programmeEditor(r, m, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "programme_edit.html", p)
}

// readItem reads the programme item form into it and f.V; the kind, slot
// length and tables only for a new item.
func readItem(fr *formReader, f *itemForm, it *mission.ProgrammeItem, loc *time.Location) {
	it.Title = fr.text("title", true, maxTitle)
	it.Description = fr.text("description", false, maxItemDescription)
	it.Venue = fr.text("venue", false, maxVenue)
	it.Address = fr.text("address", false, maxAddress)
	var capacity string
	it.Capacity, capacity = fr.count("capacity", maxItemCapacity)
	it.SignupRequired = fr.r.PostFormValue("signup_required") == "on"
	f.V["title"], f.V["description"], f.V["venue"], f.V["address"], f.V["capacity"] = it.Title, it.Description, it.Venue, it.Address, capacity
	if it.SignupRequired {
		f.V["signup_required"] = "on"
	}
	it.StartsAt, f.V["starts_at"] = fr.dateTime("starts_at", loc)
	it.EndsAt, f.V["ends_at"] = fr.dateTime("ends_at", loc)
	if !it.StartsAt.IsZero() && !it.EndsAt.IsZero() && !it.EndsAt.After(it.StartsAt) {
		fr.fail("ends_at", "form.item_ends_before_starts")
	}
	if f.Item == nil {
		it.Kind = fr.choice("kind", mission.ItemKinds)
		f.V["kind"] = it.Kind
		it.SlotMinutes, f.V["slot_minutes"] = fr.count("slot_minutes", maxSlotMinutes)
		it.Tables, f.V["tables"] = fr.count("tables", maxTables)
		if it.Kind == mission.ItemB2BSession && it.SlotMinutes == 0 {
			fr.fail("slot_minutes", "form.slot_required")
		}
	}
}

// handleProgrammeCreate adds an item to a mission's programme.
func (s *Server) handleProgrammeCreate(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actProgrammeEdit)
	if m == nil {
		return
	}
	fr := s.newFormReader(r)
	f := itemForm{V: map[string]string{}}
	it := &mission.ProgrammeItem{MissionID: m.ID}
	readItem(fr, &f, it, m.Location())
	if fr.ok() {
		err := s.db.CreateProgrammeItem(r.Context(), it)
		if err == nil {
			s.audit(r, u.Account.ID, "programme.create", "programme_item", it.ID, "mission "+strconv.FormatInt(m.ID, 10))
			http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/programme#item-"+strconv.FormatInt(it.ID, 10), http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.renderProgrammeInvalid(w, r, m, &f)
}

func (s *Server) renderProgrammeInvalid(w http.ResponseWriter, r *http.Request, m *mission.Mission, f *itemForm) {
	p, err := s.programmeEditor(r, m, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "programme_edit.html", p)
}

// pageItem returns the programme item of the request and its mission
// when the user may edit the mission's programme; an unknown item, or one
// of a mission the user may not see, is not found.
func (s *Server) pageItem(w http.ResponseWriter, r *http.Request) (*mission.ProgrammeItem, *mission.Mission, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil, nil
	}
	id, err := parseID(r, "programme_item")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	notFound := userError(mission.ENOTFOUND, "error.no_programme_item", "id", strconv.FormatInt(id, 10))
	it, err := s.db.ProgrammeItem(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, notFound)
		return nil, nil, nil
	} else if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	m, err := s.visibleMission(r.Context(), u, it.MissionID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, notFound)
		return nil, nil, nil
	} else if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	if !can(u, actProgrammeEdit, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil, nil
	}
	return it, m, u
}

// handleProgrammeUpdate saves a programme item's form in one store call.
func (s *Server) handleProgrammeUpdate(w http.ResponseWriter, r *http.Request) {
	it, m, u := s.pageItem(w, r)
	if it == nil {
		return
	}
	fr := s.newFormReader(r)
	f := itemForm{Item: it, V: map[string]string{"kind": it.Kind}}
	n := *it
	readItem(fr, &f, &n, m.Location())
	if fr.ok() {
		_, err := s.db.UpdateProgrammeItem(r.Context(), it.ID, mission.ProgrammeItemUpdate{Title: &n.Title,
			Description: &n.Description, Venue: &n.Venue, Address: &n.Address, StartsAt: &n.StartsAt, EndsAt: &n.EndsAt,
			Capacity: &n.Capacity, SignupRequired: &n.SignupRequired})
		if err == nil {
			s.audit(r, u.Account.ID, "programme.update", "programme_item", it.ID, "mission "+strconv.FormatInt(m.ID, 10))
			http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/programme#item-"+strconv.FormatInt(it.ID, 10), http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.renderProgrammeInvalid(w, r, m, &f)
}

// handleProgrammeDelete deletes a programme item after a confirmation
// step, as handleMissionDelete does.
func (s *Server) handleProgrammeDelete(w http.ResponseWriter, r *http.Request) {
	it, m, u := s.pageItem(w, r)
	if it == nil {
		return
	}
	back := "/missions/" + strconv.FormatInt(m.ID, 10) + "/programme"
	if r.PostFormValue("confirm") != "yes" {
		l := s.localizer(r)
		s.render(w, r, http.StatusOK, "confirm.html", confirmPage{Title: l.T("programme_edit.delete_title"),
			Question: l.T("programme_edit.delete_question", "title", it.Title),
			Action:   "/programme/" + strconv.FormatInt(it.ID, 10) + "/delete", Back: back})
		return
	}
	if err := s.db.DeleteProgrammeItem(r.Context(), it.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "programme.delete", "programme_item", it.ID, "mission "+strconv.FormatInt(m.ID, 10))
	http.Redirect(w, r, back, http.StatusSeeOther)
}
