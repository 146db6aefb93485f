package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"caravan/internal/mission"
)

// exchangesPage is the data of exchanges.html: the search form and the
// published offers it finds.
type exchangesPage struct {
	Offers     []*mission.ExchangeOffer
	Q          string
	Country    string
	Ecosystem  string
	Ecosystems []string
	CanPublish bool
}

// handleExchanges lets anyone find published exchange offers whose call is
// open, by words, host country and ecosystem.
func (s *Server) handleExchanges(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &exchangesPage{Q: strings.TrimSpace(q.Get("q")), Country: strings.ToUpper(strings.TrimSpace(q.Get("country"))),
		Ecosystem: q.Get("ecosystem")}
	for _, e := range mission.Ecosystems {
		p.Ecosystems = append(p.Ecosystems, e.Slug)
	}
	if p.Ecosystem != "" && !slices.Contains(p.Ecosystems, p.Ecosystem) {
		p.Ecosystem = ""
	}
	if len(p.Country) != 2 {
		p.Country = ""
	}
	if u := s.user(r); u != nil && u.Person != nil {
		p.CanPublish = can(u, actExchangeOffer, &mission.Organisation{ID: u.Person.OrganisationID})
	}
	offers, err := s.db.ExchangeOffers(r.Context(), mission.ExchangeOfferFilter{Query: p.Q, Country: p.Country, Ecosystem: p.Ecosystem, Limit: 100})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Offers = offers
	s.render(w, r, http.StatusOK, "exchanges.html", p)
}

// offerForm is the data of exchange_new.html.
type offerForm struct {
	Host       *mission.Organisation
	Consortia  []*mission.Consortium
	Ecosystems []string
	Themes     map[string]bool
	V          map[string]string
	Errors     fieldErrors
}

// offerHost returns the signed-in user's organisation when the user may
// publish offers for it; it answers for the handler and returns nil
// otherwise.
func (s *Server) offerHost(w http.ResponseWriter, r *http.Request) (*mission.Organisation, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	if u.Person == nil {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil
	}
	o, err := s.db.Organisation(r.Context(), u.Person.OrganisationID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if !can(u, actExchangeOffer, o) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil
	}
	return o, u
}

// newOfferForm gathers the form for the host: the consortia in which the
// host organisation is a partner, which may pay the grants.
func (s *Server) newOfferForm(r *http.Request, host *mission.Organisation) (*offerForm, error) {
	f := &offerForm{Host: host, Themes: map[string]bool{}, Errors: fieldErrors{},
		V: map[string]string{"host_city": host.City, "time_zone": "Europe/Brussels", "min_days": "5", "max_days": "10", "places": "1"}}
	for _, e := range mission.Ecosystems {
		f.Ecosystems = append(f.Ecosystems, e.Slug)
	}
	all, err := s.db.Consortia(r.Context())
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		if slices.ContainsFunc(c.Partners, func(p mission.Partner) bool { return p.OrganisationID == host.ID }) {
			f.Consortia = append(f.Consortia, c)
		}
	}
	return f, nil
}

// handleOfferNew shows the form in which a host organisation's person
// publishes an exchange offer.
func (s *Server) handleOfferNew(w http.ResponseWriter, r *http.Request) {
	host, _ := s.offerHost(w, r)
	if host == nil {
		return
	}
	f, err := s.newOfferForm(r, host)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "exchange_new.html", f)
}

// handleOfferCreate publishes an exchange offer: a published mission of
// kind exchange hosted by the user's organisation, with its call open, the
// offer, and the user as its host, in one transaction.
func (s *Server) handleOfferCreate(w http.ResponseWriter, r *http.Request) {
	host, u := s.offerHost(w, r)
	if host == nil {
		return
	}
	f, err := s.newOfferForm(r, host)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fr := s.newFormReader(r)
	m := &mission.Mission{Kind: mission.MissionExchange, Status: mission.StatusCallOpen, Published: true,
		HostOrganisationID: host.ID, HostCountry: host.Country, CreatedAt: s.now()}
	o := &mission.ExchangeOffer{}
	v := f.V
	m.Title = fr.text("title", true, 200)
	o.Topic = fr.text("topic", true, 200)
	o.LearningGoals = fr.text("learning_goals", true, 5000)
	m.Summary = o.LearningGoals
	m.HostCity = fr.text("host_city", true, maxCity)
	m.TimeZone = fr.text("time_zone", true, 64)
	var sv string
	m.StartsOn, v["starts_on"] = fr.date("starts_on", true)
	m.EndsOn, v["ends_on"] = fr.date("ends_on", true)
	o.MinDays, sv = fr.count("min_days", 31)
	v["min_days"] = sv
	o.MaxDays, sv = fr.count("max_days", 31)
	v["max_days"] = sv
	o.Places, sv = fr.count("places", 10)
	v["places"] = sv
	m.Capacity = o.Places
	v["title"], v["topic"], v["learning_goals"], v["host_city"], v["time_zone"] = m.Title, o.Topic, o.LearningGoals, m.HostCity, m.TimeZone
	if c := r.PostFormValue("consortium"); c != "" {
		v["consortium"] = c
		id, _ := strconv.ParseInt(c, 10, 64)
		if !slices.ContainsFunc(f.Consortia, func(k *mission.Consortium) bool { return k.ID == id }) {
			fr.fail("consortium", "form.choose")
		}
		m.ConsortiumID = id
	}
	for _, e := range f.Ecosystems {
		if slices.Contains(r.PostForm["themes"], e) {
			m.Themes = append(m.Themes, e)
			f.Themes[e] = true
		}
	}
	if fr.ok() {
		if !m.EndsOn.IsZero() && m.EndsOn.Before(m.StartsOn) {
			fr.fail("ends_on", "form.ends_before_starts")
		}
		if _, err := time.LoadLocation(m.TimeZone); err != nil {
			fr.fail("time_zone", "form.bad_time_zone")
		}
		if o.MinDays < 1 {
			fr.fail("min_days", "exchange.min_days")
		} else if o.MaxDays < o.MinDays {
			fr.fail("max_days", "exchange.max_before_min")
		}
		if o.Places < 1 {
			fr.fail("places", "exchange.places")
		}
	}
	if fr.ok() {
		err := s.db.CreateExchangeOffer(r.Context(), m, o, u.Person.ID)
		switch {
		case err == nil:
			s.audit(r, u.Account.ID, "exchange.offer", "mission", m.ID, "")
			http.Redirect(w, r, "/exchange-offers/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
			return
		case !fr.storeError(err):
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "exchange_new.html", f)
}

// offerPage is the data of exchange_offer.html.
type offerPage struct {
	Offer    *mission.ExchangeOffer
	Mission  *mission.Mission
	Mine     *mission.Application // the user's own application, if any
	CanApply bool
	// Applications are listed for the offer's hosts and organisers.
	Applications []*mission.Application
	CanManage    bool
	V            map[string]string
	Errors       fieldErrors
}

// loadOffer returns the page of an offer that the user may see.
func (s *Server) loadOffer(w http.ResponseWriter, r *http.Request) (*offerPage, *mission.User) {
	u := s.user(r)
	id, err := parseID(r, "mission")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	m, err := s.visibleMission(r.Context(), u, id)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	o, err := s.db.ExchangeOffer(r.Context(), m.ID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_mission", "id", strconv.FormatInt(id, 10)))
		return nil, nil
	} else if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	p := &offerPage{Offer: o, Mission: m, V: map[string]string{}, Errors: fieldErrors{}}
	p.CanManage = can(u, actProgrammeEdit, m) // the offer's hosts and organisers
	if u != nil && u.Person != nil {
		mine, err := s.db.Applications(r.Context(), mission.ApplicationFilter{MissionID: m.ID, PersonID: u.Person.ID, Limit: 1})
		if err != nil {
			s.fail(w, r, err)
			return nil, nil
		}
		if len(mine) > 0 {
			p.Mine = mine[0]
		}
		p.CanApply = p.Mine == nil && m.Status == mission.StatusCallOpen && u.Person.OrganisationID != m.HostOrganisationID
	}
	if p.CanManage {
		if p.Applications, err = s.db.Applications(r.Context(), mission.ApplicationFilter{MissionID: m.ID, Limit: 1000}); err != nil {
			s.fail(w, r, err)
			return nil, nil
		}
	}
	return p, u
}

// handleOffer shows an exchange offer: what the visitor will learn or do,
// the period and length; the form to apply; and, for its hosts and
// organisers, the applications with links to each exchange.
func (s *Server) handleOffer(w http.ResponseWriter, r *http.Request) {
	p, _ := s.loadOffer(w, r)
	if p == nil {
		return
	}
	s.render(w, r, http.StatusOK, "exchange_offer.html", p)
}

// handleOfferApply submits the signed-in person's application to an offer
// (store.ApplyToExchange: the same application lifecycle as any mission's).
func (s *Server) handleOfferApply(w http.ResponseWriter, r *http.Request) {
	if s.requireUser(w, r) == nil {
		return
	}
	p, u := s.loadOffer(w, r)
	if p == nil {
		return
	}
	if !p.CanApply {
		if p.Mine != nil || p.Mission.Status != mission.StatusCallOpen {
			s.fail(w, r, userError(mission.ECONFLICT, "exchange.cannot_apply"))
		} else {
			s.fail(w, r, userError(mission.EFORBIDDEN, "exchange.own_offer"))
		}
		return
	}
	fr := s.newFormReader(r)
	a := &mission.Application{MissionID: p.Mission.ID, PersonID: u.Person.ID}
	a.Motivation = fr.text("motivation", true, 5000)
	if fr.ok() {
		err := s.db.ApplyToExchange(r.Context(), a, s.now())
		switch {
		case err == nil:
			http.Redirect(w, r, "/exchanges/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
			return
		case !fr.storeError(err):
			s.fail(w, r, err)
			return
		}
	}
	p.V["motivation"], p.Errors = a.Motivation, fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "exchange_offer.html", p)
}
