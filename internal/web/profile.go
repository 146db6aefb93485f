package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"caravan/internal/mission"
)

// profilePage is the data of profile.html: the user's organisation's
// profile form, and its marketplace items, each with its form, and the form
// that adds one.
type profilePage struct {
	Organisation *mission.Organisation
	V            map[string]string
	Themes       map[string]bool
	Errors       fieldErrors
	Items        []marketForm
	New          marketForm
	Kinds        []string
	Ecosystems   []string
	Sides        []string
	Categories   []string
}

// marketForm is one marketplace item's form (Item nil for a new one).
type marketForm struct {
	Item       *mission.MarketplaceItem
	V          map[string]string
	Themes     map[string]bool
	Errors     fieldErrors
	Open       bool
	Prefix     string
	Sides      []string
	Categories []string
	Ecosystems []string
}

// Limits of the profile and marketplace forms.
const (
	maxWebsite     = 200
	maxDescription = 5000
	maxStaff       = 10000000
)

func ecosystemSlugs() []string {
	var out []string
	for _, e := range mission.Ecosystems {
		out = append(out, e.Slug)
	}
	return out
}

func marketValues(it *mission.MarketplaceItem) (map[string]string, map[string]bool) {
	themes := map[string]bool{}
	for _, e := range it.Ecosystems {
		themes[e] = true
	}
	return map[string]string{"side": it.Side, "category": it.Category, "title": it.Title, "description": it.Description,
		"keywords": joinList(it.Keywords)}, themes
}

// profileFor builds the page of an organisation; bad is the form that did
// not validate (the profile's when its Item is nil and profile is true).
func (s *Server) profileFor(r *http.Request, o *mission.Organisation, bad *marketForm) (*profilePage, error) {
	items, err := s.db.MarketplaceItems(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	eco := ecosystemSlugs()
	p := &profilePage{Organisation: o, Themes: map[string]bool{}, Errors: fieldErrors{}, Kinds: mission.OrganisationKinds,
		Ecosystems: eco, Sides: []string{mission.Offer, mission.Request}, Categories: mission.MarketplaceCategories}
	p.V = map[string]string{"name": o.Name, "kind": o.Kind, "city": o.City, "website": o.Website, "description": o.Description}
	if o.Staff > 0 {
		p.V["staff"] = strconv.Itoa(o.Staff)
	}
	for _, e := range o.Ecosystems {
		p.Themes[e] = true
	}
	for _, it := range items {
		f := marketForm{Item: it, Errors: fieldErrors{}, Prefix: "m" + strconv.FormatInt(it.ID, 10) + "-", Sides: p.Sides,
			Categories: p.Categories, Ecosystems: eco}
		f.V, f.Themes = marketValues(it)
		if bad != nil && bad.Item != nil && bad.Item.ID == it.ID {
			f.V, f.Themes, f.Errors, f.Open = bad.V, bad.Themes, bad.Errors, true
		}
		p.Items = append(p.Items, f)
	}
	p.New = marketForm{V: map[string]string{"side": mission.Offer, "category": "technology"}, Themes: map[string]bool{},
		Errors: fieldErrors{}}
	if bad != nil && bad.Item == nil {
		p.New = *bad
		p.New.Open = true
	}
	p.New.Prefix, p.New.Sides, p.New.Categories, p.New.Ecosystems = "new-", p.Sides, p.Categories, eco
	return p, nil
}

// myOrganisation returns the organisation of the signed-in user when the
// user may edit it; it answers for the handler and returns nil otherwise.
func (s *Server) myOrganisation(w http.ResponseWriter, r *http.Request) (*mission.Organisation, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	if u.Person == nil {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_page"))
		return nil, nil
	}
	o, err := s.db.Organisation(r.Context(), u.Person.OrganisationID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if !can(u, actOrganisationEdit, o) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil, nil
	}
	return o, u
}

// handleMyOrganisation shows the profile and marketplace forms of the
// user's organisation.
func (s *Server) handleMyOrganisation(w http.ResponseWriter, r *http.Request) {
	o, _ := s.myOrganisation(w, r)
	if o == nil {
		return
	}
	p, err := s.profileFor(r, o, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "profile.html", p)
}

// handleMyOrganisationSave saves the organisation's profile in one store
// call.
func (s *Server) handleMyOrganisationSave(w http.ResponseWriter, r *http.Request) {
	o, u := s.myOrganisation(w, r)
	if o == nil {
		return
	}
	fr := s.newFormReader(r)
	name := fr.text("name", true, maxName)
	kind := fr.choice("kind", mission.OrganisationKinds)
	city := fr.text("city", false, maxCity)
	staff, staffText := fr.count("staff", maxStaff)
	website := fr.text("website", false, maxWebsite)
	description := fr.text("description", false, maxDescription)
	if website != "" && !strings.HasPrefix(website, "https://") && !strings.HasPrefix(website, "http://") {
		fr.fail("website", "form.bad_website")
	}
	var ecosystems []string
	themes := map[string]bool{}
	for _, e := range ecosystemSlugs() {
		if slices.Contains(r.PostForm["ecosystems"], e) {
			ecosystems = append(ecosystems, e)
			themes[e] = true
		}
	}
	if fr.ok() {
		_, err := s.db.UpdateOrganisation(r.Context(), o.ID, mission.OrganisationUpdate{Name: &name, Kind: &kind, City: &city,
			Staff: &staff, Website: &website, Description: &description, Ecosystems: &ecosystems})
		if err == nil {
			s.audit(r, u.Account.ID, "organisation.update", "organisation", o.ID, "")
			if err := s.recheckOrganisation(r, o.ID); err != nil {
				s.fail(w, r, err)
				return
			}
			http.Redirect(w, r, "/me/organisation", http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	p, err := s.profileFor(r, o, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.V = map[string]string{"name": name, "kind": kind, "city": city, "staff": staffText, "website": website, "description": description}
	p.Themes, p.Errors = themes, fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "profile.html", p)
}

// readMarket reads a marketplace item's form into it and f.
func readMarket(fr *formReader, f *marketForm, it *mission.MarketplaceItem) {
	it.Side = fr.choice("side", []string{mission.Offer, mission.Request})
	it.Category = fr.choice("category", mission.MarketplaceCategories)
	it.Title = fr.text("title", true, maxTitle)
	it.Description = fr.text("description", false, maxDescription)
	keywords := fr.text("keywords", false, maxKeywords)
	it.Keywords = splitList(keywords)
	it.Ecosystems = nil
	f.Themes = map[string]bool{}
	for _, e := range ecosystemSlugs() {
		if slices.Contains(fr.r.PostForm["ecosystems"], e) {
			it.Ecosystems = append(it.Ecosystems, e)
			f.Themes[e] = true
		}
	}
	f.V = map[string]string{"side": it.Side, "category": it.Category, "title": it.Title, "description": it.Description, "keywords": keywords}
}

func (s *Server) renderProfileInvalid(w http.ResponseWriter, r *http.Request, o *mission.Organisation, f *marketForm) {
	p, err := s.profileFor(r, o, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "profile.html", p)
}

// handleMarketCreate adds an offer or a request to the user's organisation.
func (s *Server) handleMarketCreate(w http.ResponseWriter, r *http.Request) {
	o, u := s.myOrganisation(w, r)
	if o == nil {
		return
	}
	fr := s.newFormReader(r)
	f := &marketForm{}
	it := &mission.MarketplaceItem{OrganisationID: o.ID}
	readMarket(fr, f, it)
	if fr.ok() {
		err := s.db.CreateMarketplaceItem(r.Context(), it)
		if err == nil {
			s.audit(r, u.Account.ID, "marketplace.create", "marketplace_item", it.ID, "")
			http.Redirect(w, r, "/me/organisation#item-"+strconv.FormatInt(it.ID, 10), http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.renderProfileInvalid(w, r, o, f)
}

// myMarketItem returns the marketplace item of the request when it belongs
// to the user's organisation; any other is not found.
func (s *Server) myMarketItem(w http.ResponseWriter, r *http.Request) (*mission.MarketplaceItem, *mission.Organisation, *mission.User) {
	o, u := s.myOrganisation(w, r)
	if o == nil {
		return nil, nil, nil
	}
	id, err := parseID(r, "marketplace_item")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	it, err := s.db.MarketplaceItem(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && it.OrganisationID != o.ID) {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_marketplace_item", "id", strconv.FormatInt(id, 10)))
		return nil, nil, nil
	} else if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil
	}
	return it, o, u
}

// handleMarketUpdate saves a marketplace item's form in one store call.
func (s *Server) handleMarketUpdate(w http.ResponseWriter, r *http.Request) {
	it, o, u := s.myMarketItem(w, r)
	if it == nil {
		return
	}
	fr := s.newFormReader(r)
	f := &marketForm{Item: it}
	n := *it
	readMarket(fr, f, &n)
	if fr.ok() {
		err := s.db.UpdateMarketplaceItem(r.Context(), &n)
		if err == nil {
			s.audit(r, u.Account.ID, "marketplace.update", "marketplace_item", it.ID, "")
			http.Redirect(w, r, "/me/organisation#item-"+strconv.FormatInt(it.ID, 10), http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.renderProfileInvalid(w, r, o, f)
}

// handleMarketDelete deletes a marketplace item after a confirmation step.
func (s *Server) handleMarketDelete(w http.ResponseWriter, r *http.Request) {
	it, _, u := s.myMarketItem(w, r)
	if it == nil {
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		l := s.localizer(r)
		s.render(w, r, http.StatusOK, "confirm.html", confirmPage{Title: l.T("profile.delete_title"),
			Question: l.T("profile.delete_question", "title", it.Title),
			Action:   "/marketplace/" + strconv.FormatInt(it.ID, 10) + "/delete", Back: "/me/organisation"})
		return
	}
	if err := s.db.DeleteMarketplaceItem(r.Context(), it.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "marketplace.delete", "marketplace_item", it.ID, "")
	http.Redirect(w, r, "/me/organisation", http.StatusSeeOther)
}
