package web

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"caravan/internal/mission"
)

// signupView is the sign-up state of a mission's programme for the user
// looking at it (the mission page and the agenda): the user's own sign-ups
// and the number of people confirmed and waitlisted on each item.
type signupView struct {
	CanSignUp  bool // the user takes part in the mission
	CanManage  bool // the user organises it: the item's list of people
	Mine       map[int64]*mission.Signup
	Confirmed  map[int64]int
	Waitlisted map[int64]int
}

// signupItemView is what the "signup" template (layout.html) shows under
// an item: places taken, the user's status and the button, the organisers'
// link to the list. Back is where the button's form returns ("" for the
// item on the mission page).
type signupItemView struct {
	Item                  *mission.ProgrammeItem
	Mine                  *mission.Signup
	Confirmed, Waitlisted int
	Full                  bool
	CanSignUp, CanManage  bool
	Back                  string
}

// For returns the view of one item.
func (v *signupView) For(it *mission.ProgrammeItem, back string) signupItemView {
	c := v.Confirmed[it.ID]
	return signupItemView{Item: it, Mine: v.Mine[it.ID], Confirmed: c, Waitlisted: v.Waitlisted[it.ID],
		Full: it.Capacity > 0 && c >= it.Capacity, CanSignUp: v.CanSignUp, CanManage: v.CanManage, Back: back}
}

// signupState returns the sign-up state of mission m for u, or nil when u
// may neither sign up nor manage sign-ups.
func (s *Server) signupState(r *http.Request, u *mission.User, m *mission.Mission) (*signupView, error) {
	v := &signupView{CanSignUp: u != nil && u.Person != nil && can(u, actSignup, m), CanManage: can(u, actSignupManage, m)}
	if !v.CanSignUp && !v.CanManage {
		return nil, nil
	}
	var err error
	if v.Confirmed, v.Waitlisted, err = s.db.SignupCounts(r.Context(), m.ID); err != nil {
		return nil, err
	}
	v.Mine = map[int64]*mission.Signup{}
	if v.CanSignUp {
		if v.Mine, err = s.db.PersonSignups(r.Context(), m.ID, u.Person.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// signupItem returns the programme item of the path's {id} and its mission
// when u may read the mission; anything else is not found.
func (s *Server) signupItem(r *http.Request, u *mission.User) (*mission.ProgrammeItem, *mission.Mission, error) {
	id, err := parseID(r, "programme_item")
	if err != nil {
		return nil, nil, err
	}
	notFound := userError(mission.ENOTFOUND, "error.no_programme_item", "id", strconv.FormatInt(id, 10))
	it, err := s.db.ProgrammeItem(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	m, err := s.visibleMission(r.Context(), u, it.MissionID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	return it, m, nil
}

// signupError turns a store error of a sign-up to it into a message in the
// user's language; other errors pass through.
func signupError(err error, it *mission.ProgrammeItem) error {
	var overlap *mission.SignupOverlapError
	switch {
	case errors.As(err, &overlap):
		return userError(mission.ECONFLICT, "signup.overlap", "item", overlap.Item.Title, "other", overlap.Other.Title)
	case mission.ErrorCode(err) == mission.ECONFLICT:
		return userError(mission.ECONFLICT, "signup.already", "item", it.Title)
	case mission.ErrorCode(err) == mission.EINVALID:
		return userError(mission.EINVALID, "signup.not_needed", "item", it.Title)
	}
	return err
}

// formBack returns the form's "back" address when it is a path of this site,
// or def.
func formBack(r *http.Request, def string) string {
	back := r.PostFormValue("back")
	if strings.HasPrefix(back, "/") && !strings.HasPrefix(back, "//") && !strings.ContainsAny(back, "\\\r\n") {
		return back
	}
	return def
}

func itemAnchor(m *mission.Mission, it *mission.ProgrammeItem) string {
	return "/missions/" + strconv.FormatInt(m.ID, 10) + "#item-" + strconv.FormatInt(it.ID, 10)
}

// handleSignup signs the user up to a programme item: confirmed while it
// has room, waitlisted after.
func (s *Server) handleSignup(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	it, m, err := s.signupItem(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Person == nil || !can(u, actSignup, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "signup.members_only"))
		return
	}
	if _, err := s.db.SignUp(r.Context(), it.ID, u.Person.ID, s.now()); err != nil {
		s.fail(w, r, signupError(err, it))
		return
	}
	http.Redirect(w, r, formBack(r, itemAnchor(m, it)), http.StatusSeeOther)
}

// handleSignupCancel cancels the user's sign-up to a programme item, which
// promotes the first of its waitlist.
func (s *Server) handleSignupCancel(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	it, m, err := s.signupItem(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Person == nil || !can(u, actSignup, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "signup.members_only"))
		return
	}
	if _, err := s.db.CancelSignup(r.Context(), it.ID, u.Person.ID, s.now()); err != nil {
		if mission.ErrorCode(err) == mission.ENOTFOUND {
			err = userError(mission.ENOTFOUND, "signup.not_signed_up", "item", it.Title)
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, formBack(r, itemAnchor(m, it)), http.StatusSeeOther)
}

// signupsPage is the data of signups.html: an item's people, and the
// mission's members who may be placed on it.
type signupsPage struct {
	Mission    *mission.Mission
	Item       *mission.ProgrammeItem
	Location   *time.Location
	Confirmed  []*mission.Signup
	Waitlisted []*mission.Signup
	Candidates []*mission.Person
	Error      string
}

// manageItem returns the item and mission of a request by someone who
// manages its sign-ups, or answers for the handler and returns nil.
func (s *Server) manageItem(w http.ResponseWriter, r *http.Request) (*mission.ProgrammeItem, *mission.Mission, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil, nil
	}
	it, m, err := s.signupItem(r, u)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	if !can(u, actSignupManage, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil, nil
	}
	return it, m, u
}

// signupsList gathers signups.html's data.
func (s *Server) signupsList(r *http.Request, it *mission.ProgrammeItem, m *mission.Mission) (*signupsPage, error) {
	p := &signupsPage{Mission: m, Item: it, Location: m.Location()}
	list, err := s.db.Signups(r.Context(), it.ID)
	if err != nil {
		return nil, err
	}
	taken := map[int64]bool{}
	for _, su := range list {
		if su.Status == mission.SignupConfirmed {
			p.Confirmed = append(p.Confirmed, su)
			taken[su.PersonID] = true
		} else {
			p.Waitlisted = append(p.Waitlisted, su)
		}
	}
	members, err := s.db.MissionMembers(r.Context(), m.ID, "")
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, mm := range members {
		if mm.Role == mission.RoleViewer || taken[mm.PersonID] || seen[mm.PersonID] {
			continue
		}
		seen[mm.PersonID] = true
		p.Candidates = append(p.Candidates, mm.Person)
	}
	slices.SortFunc(p.Candidates, func(a, b *mission.Person) int { return cmp.Compare(sortKey(a.Name), sortKey(b.Name)) })
	return p, nil
}

// handleSignupList shows an organiser who is confirmed and waitlisted on a
// programme item, with the forms to place someone by hand or remove them.
func (s *Server) handleSignupList(w http.ResponseWriter, r *http.Request) {
	it, m, _ := s.manageItem(w, r)
	if it == nil {
		return
	}
	p, err := s.signupsList(r, it, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "signups.html", p)
}

// handleSignupPlace places a member of the mission on the item by hand:
// confirmed even when the item is full.
func (s *Server) handleSignupPlace(w http.ResponseWriter, r *http.Request) {
	it, m, u := s.manageItem(w, r)
	if it == nil {
		return
	}
	back := "/programme/" + strconv.FormatInt(it.ID, 10) + "/signups"
	p, err := s.signupsList(r, it, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	personID, _ := strconv.ParseInt(r.PostFormValue("person"), 10, 64)
	var person *mission.Person
	for _, c := range p.Candidates {
		if c.ID == personID {
			person = c
		}
	}
	l := s.localizer(r)
	if person == nil {
		p.Error = l.T("signup.choose_member")
		s.render(w, r, http.StatusUnprocessableEntity, "signups.html", p)
		return
	}
	var byID int64
	if u.Person != nil {
		byID = u.Person.ID
	}
	if _, err := s.db.PlaceSignup(r.Context(), it.ID, person.ID, byID, s.now()); err != nil {
		var overlap *mission.SignupOverlapError
		if !errors.As(err, &overlap) {
			s.fail(w, r, signupError(err, it))
			return
		}
		p.Error = l.T("signup.overlap_person", "name", person.Name, "other", overlap.Other.Title)
		s.render(w, r, http.StatusConflict, "signups.html", p)
		return
	}
	s.audit(r, u.Account.ID, "signup.place", "programme_item", it.ID, "person "+strconv.FormatInt(person.ID, 10))
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// handleSignupRemove takes a person off an item (confirmed or waitlisted),
// which promotes the first of its waitlist.
func (s *Server) handleSignupRemove(w http.ResponseWriter, r *http.Request) {
	it, _, u := s.manageItem(w, r)
	if it == nil {
		return
	}
	personID, err := strconv.ParseInt(r.PathValue("person"), 10, 64)
	if err != nil || personID <= 0 {
		s.fail(w, r, userError(mission.ENOTFOUND, "signup.not_signed_up", "item", it.Title))
		return
	}
	if _, err := s.db.CancelSignup(r.Context(), it.ID, personID, s.now()); err != nil {
		if mission.ErrorCode(err) == mission.ENOTFOUND {
			err = userError(mission.ENOTFOUND, "signup.not_signed_up", "item", it.Title)
		}
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "signup.remove", "programme_item", it.ID, "person "+strconv.FormatInt(personID, 10))
	http.Redirect(w, r, "/programme/"+strconv.FormatInt(it.ID, 10)+"/signups", http.StatusSeeOther)
}
