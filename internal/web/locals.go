package web

import (
	"cmp"
	"net/http"
	"net/mail"
	"slices"
	"strconv"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// localsPage is the data of locals.html: the mission's local companies with
// their people, and the form that adds one.
type localsPage struct {
	Mission    *mission.Mission
	Companies  []localCompany
	People     int
	Kinds      []string
	Ecosystems []string
	V          map[string]string
	Themes     map[string]bool
	Errors     fieldErrors
}

// localCompany is one local organisation and its people in the mission.
type localCompany struct {
	Organisation *mission.Organisation
	People       []*mission.Person
}

// Limits of the local company form, in characters.
const (
	maxName     = 200
	maxJobTitle = 200
	maxEmail    = 254
)

func (s *Server) localsPage(r *http.Request, m *mission.Mission) (*localsPage, error) {
	members, err := s.db.MissionMembers(r.Context(), m.ID, mission.RoleLocal)
	if err != nil {
		return nil, err
	}
	p := &localsPage{Mission: m, Kinds: mission.OrganisationKinds, V: map[string]string{"kind": mission.KindSME},
		Themes: map[string]bool{}, Errors: fieldErrors{}}
	for _, e := range mission.Ecosystems {
		p.Ecosystems = append(p.Ecosystems, e.Slug)
	}
	byOrg := map[int64]int{}
	for _, mm := range members {
		o := mm.Person.Organisation
		i, ok := byOrg[o.ID]
		if !ok {
			i = len(p.Companies)
			byOrg[o.ID] = i
			p.Companies = append(p.Companies, localCompany{Organisation: o})
		}
		p.Companies[i].People = append(p.Companies[i].People, mm.Person)
		p.People++
	}
	slices.SortStableFunc(p.Companies, func(a, b localCompany) int {
		return cmp.Compare(sortKey(a.Organisation.Name), sortKey(b.Organisation.Name))
	})
	return p, nil
}

// handleLocals lists a mission's local companies for its hosts and
// organisers, with the form that adds one.
func (s *Server) handleLocals(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actLocalsAdd)
	if m == nil {
		return
	}
	p, err := s.localsPage(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "locals.html", p)
}

// handleLocalAdd brings a local company to the mission: its organisation
// (an existing one of the same name in the host country, or a new one), the
// person who meets the delegation and the membership, in one transaction.
func (s *Server) handleLocalAdd(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actLocalsAdd)
	if m == nil {
		return
	}
	fr := s.newFormReader(r)
	org := &mission.Organisation{Country: m.HostCountry}
	person := &mission.Person{}
	v := map[string]string{}
	org.Name = fr.text("organisation", true, maxName)
	org.Kind = fr.choice("kind", mission.OrganisationKinds)
	org.City = fr.text("city", false, maxCity)
	person.Name = fr.text("name", true, maxName)
	person.Email = fr.text("email", false, maxEmail)
	person.JobTitle = fr.text("job_title", false, maxJobTitle)
	themes := map[string]bool{}
	for _, e := range mission.Ecosystems {
		if slices.Contains(r.PostForm["ecosystems"], e.Slug) {
			org.Ecosystems = append(org.Ecosystems, e.Slug)
			themes[e.Slug] = true
		}
	}
	v["organisation"], v["kind"], v["city"], v["name"], v["email"], v["job_title"] = org.Name, org.Kind, org.City, person.Name, person.Email, person.JobTitle
	if person.Email != "" {
		if a, err := mail.ParseAddress(person.Email); err != nil || a.Address != person.Email {
			fr.fail("email", "form.bad_email")
		}
	}
	var lc store.LocalCompany
	if fr.ok() {
		id, err := s.organisationNamed(r, org)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		lc = store.LocalCompany{OrganisationID: id, Person: person}
		if id == 0 {
			lc.Organisation = org
		}
		err = s.db.AddLocalCompany(r.Context(), m.ID, lc, s.now())
		switch {
		case err == nil:
			s.audit(r, u.Account.ID, "locals.add", "mission", m.ID, "person "+strconv.FormatInt(person.ID, 10))
			http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/locals#person-"+strconv.FormatInt(person.ID, 10), http.StatusSeeOther)
			return
		case mission.ErrorCode(err) == mission.ECONFLICT:
			fr.fail("email", "locals.email_taken")
		case !fr.storeError(err):
			s.fail(w, r, err)
			return
		}
	}
	p, err := s.localsPage(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.V, p.Themes, p.Errors = v, themes, fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "locals.html", p)
}
