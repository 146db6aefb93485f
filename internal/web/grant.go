package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"caravan/internal/grant"
	"caravan/internal/i18n"
	"caravan/internal/mission"
)

// Grants: the grant rule sets (versioned JSON that admins edit, seeded from
// the engine's embedded defaults), the rule set a mission picks, and the
// organisers' grants page, where each confirmed participant's entitlement
// is computed by the grant engine, explained in the user's language and
// committed against a partner's travel budget.

// seedGrantRuleSets stores the engine's default grant rule sets that are
// not stored yet; an admin's later versions are never touched.
func (s *Server) seedGrantRuleSets(ctx context.Context) error {
	defaults, err := grant.Defaults()
	if err != nil {
		return err
	}
	docs := make([]mission.RuleSetDocument, 0, len(defaults))
	for _, rs := range defaults {
		b, err := json.MarshalIndent(rs, "", "  ")
		if err != nil {
			return err
		}
		docs = append(docs, mission.RuleSetDocument{ID: rs.ID, Version: rs.Version, Kind: rs.Kind, JSON: string(b),
			CreatedAt: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)})
	}
	return s.db.SeedGrantRuleSets(ctx, docs)
}

// grantRuleSet returns the parsed grant rule set id at version (0: the
// latest).
func (s *Server) grantRuleSet(ctx context.Context, id string, version int) (grant.RuleSet, error) {
	if err := s.seedGrantRuleSets(ctx); err != nil {
		return grant.RuleSet{}, err
	}
	d, err := s.db.GrantRuleSet(ctx, id, version)
	if err != nil {
		return grant.RuleSet{}, err
	}
	rs, err := grant.ParseRuleSet(d.ID, strings.NewReader(d.JSON))
	if err != nil {
		return grant.RuleSet{}, mission.Errorf(mission.EINTERNAL, "stored grant rule set %s version %d: %v", d.ID, d.Version, err)
	}
	return rs, nil
}

// grantExchange maps a confirmed application onto what the grant engine
// needs: the visitor's organisation (its coordinates when known, else its
// city), the host city (the host organisation's coordinates when it is in
// that city) and the mission's days.
func (s *Server) grantExchange(ctx context.Context, m *mission.Mission, a *mission.Application) (grant.Exchange, error) {
	org := a.Person.Organisation
	e := grant.Exchange{Visitor: grant.Place{City: org.City, Country: org.Country}, Host: grant.Place{City: m.HostCity, Country: m.HostCountry},
		ArrivalOn: m.ArrivalOn, DepartureOn: m.DepartureOn, FirstWorkingDay: m.StartsOn, LastWorkingDay: m.EndsOn}
	if org.Lat != 0 || org.Lon != 0 {
		e.Visitor.Coords = &grant.Coords{Lat: org.Lat, Lon: org.Lon}
	}
	if m.HostOrganisationID != 0 {
		host, err := s.db.Organisation(ctx, m.HostOrganisationID)
		if err != nil {
			return e, err
		}
		if (host.Lat != 0 || host.Lon != 0) && strings.EqualFold(host.City, m.HostCity) {
			e.Host.Coords = &grant.Coords{Lat: host.Lat, Lon: host.Lon}
		}
	}
	return e, nil
}

// grantLines explains an entitlement in the localizer's language, in words
// and figures, amounts in its money format.
func grantLines(l *i18n.Localizer, ent grant.Entitlement, from, to string) []string {
	money := func(c int64) string { return l.FormatMoney(c, ent.Currency) }
	km := l.FormatInt(int64(ent.DistanceKM))
	var out []string
	switch ent.Kind {
	case grant.KindDistanceBand:
		if ent.Band == "" {
			out = append(out, l.T("grant.explain.no_band", "from", from, "to", to, "km", km, "amount", money(ent.AmountCents)))
		} else {
			out = append(out, l.T("grant.explain.distance_band", "from", from, "to", to, "km", km, "band", ent.Band, "amount", money(ent.AmountCents)))
		}
		if ent.GreenRate {
			out = append(out, l.T("grant.explain.green"))
		}
	case grant.KindLumpSum:
		out = append(out, l.T("grant.explain.lump_sum", "from", from, "to", to, "km", km, "count", ent.WorkingDays, "cap", money(ent.CapCents)))
		if ent.Halved {
			out = append(out, l.T("grant.explain.halved", "amount", money(ent.AmountCents)))
		} else {
			out = append(out, l.T("grant.explain.full", "amount", money(ent.AmountCents)))
		}
	case grant.KindPerDay:
		out = append(out, l.T("grant.explain.per_day", "count", ent.Days, "rate", money(ent.RateCents), "amount", money(ent.AmountCents)))
	}
	if ent.Overridden {
		out = append(out, l.T("grant.explain.override", "km", km, "computed", l.FormatInt(int64(ent.ComputedKM)), "reason", ent.OverrideReason))
	}
	return out
}

// grantRow is one confirmed participant on the grants page: the grant when
// committed, else the entitlement computed now (or why it cannot be).
type grantRow struct {
	Application *mission.Application
	Grant       *mission.Grant
	AmountCents int64
	Currency    string
	Lines       []string
	Problem     string
	Partner     string
}

// grantsPage is the data of grants.html.
type grantsPage struct {
	Mission  *mission.Mission
	Choice   *mission.MissionGrantRuleSet
	RuleSet  grant.RuleSet
	RuleSets []*mission.RuleSetDocument
	Partners []mission.Partner
	Rows     []grantRow
}

// handleGrants shows the organisers each confirmed participant's
// entitlement under the mission's grant rule set, with the forms to pick
// the rule set, commit a grant and override a distance.
func (s *Server) handleGrants(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actGrantManage)
	if m == nil {
		return
	}
	ctx := r.Context()
	if err := s.seedGrantRuleSets(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	page := grantsPage{Mission: m}
	var err error
	if page.RuleSets, err = s.db.GrantRuleSets(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if m.ConsortiumID != 0 {
		c, err := s.db.Consortium(ctx, m.ConsortiumID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		page.Partners = c.Partners
	}
	page.Choice, err = s.db.MissionGrantRuleSet(ctx, m.ID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.render(w, r, http.StatusOK, "grants.html", page)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if page.RuleSet, err = s.grantRuleSet(ctx, page.Choice.RuleSetID, page.Choice.Version); err != nil {
		s.fail(w, r, err)
		return
	}
	apps, err := s.db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, Status: mission.AppConfirmed, Limit: 1000})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	grants, err := s.db.MissionGrants(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	l := s.localizer(r)
	for _, a := range apps {
		row := grantRow{Application: a, Grant: grants[a.ID]}
		from := a.Person.Organisation.City
		if row.Grant != nil {
			var ent grant.Entitlement
			if err := json.Unmarshal([]byte(row.Grant.Explanation), &ent); err != nil {
				s.fail(w, r, fmt.Errorf("grant %d: %w", row.Grant.ID, err))
				return
			}
			row.AmountCents, row.Currency, row.Lines = row.Grant.AmountCents, row.Grant.Currency, grantLines(l, ent, from, m.HostCity)
			for _, p := range page.Partners {
				if p.ID == row.Grant.PartnerID {
					row.Partner = p.Organisation.Name
				}
			}
		} else {
			e, err := s.grantExchange(ctx, m, a)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			ent, err := grant.Compute(page.RuleSet, e)
			if err != nil {
				row.Problem = err.Error()
			} else {
				row.AmountCents, row.Currency, row.Lines = ent.AmountCents, ent.Currency, grantLines(l, ent, from, m.HostCity)
			}
		}
		page.Rows = append(page.Rows, row)
	}
	s.render(w, r, http.StatusOK, "grants.html", page)
}

// handleGrantRuleSetPick sets the mission's grant rule set (and version, 0
// for the latest).
func (s *Server) handleGrantRuleSetPick(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actGrantManage)
	if m == nil {
		return
	}
	if err := s.seedGrantRuleSets(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	err := s.db.SetMissionGrantRuleSet(r.Context(), &mission.MissionGrantRuleSet{MissionID: m.ID, RuleSetID: r.PostFormValue("rule_set"),
		Version: version, UpdatedAt: s.now()})
	if mission.ErrorCode(err) == mission.EINVALID {
		s.fail(w, r, userError(mission.EINVALID, "grant.no_rule_set", "id", r.PostFormValue("rule_set")))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/missions/%d/grants", m.ID), http.StatusSeeOther)
}

// overrideFromForm reads an optional distance override: none when the
// field is empty; a distance without a reason is refused.
func overrideFromForm(r *http.Request) (*grant.DistanceOverride, error) {
	text := strings.TrimSpace(r.PostFormValue("override_km"))
	if text == "" {
		return nil, nil
	}
	km, err := strconv.Atoi(text)
	if err != nil || km < 0 {
		return nil, userError(mission.EINVALID, "grant.bad_km")
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		return nil, userError(mission.EINVALID, "grant.reason_required")
	}
	return &grant.DistanceOverride{KM: km, Reason: reason}, nil
}

// grantFigures copies an entitlement's figures onto g.
func grantFigures(g *mission.Grant, ent grant.Entitlement) error {
	doc, err := json.Marshal(ent)
	if err != nil {
		return err
	}
	g.AmountCents, g.Currency, g.DistanceKM, g.ComputedKM, g.Explanation = ent.AmountCents, ent.Currency, ent.DistanceKM, ent.ComputedKM, string(doc)
	if c := ent.VisitorCoords; c != nil {
		g.VisitorLat, g.VisitorLon = &c.Lat, &c.Lon
	}
	if c := ent.HostCoords; c != nil {
		g.HostLat, g.HostLon = &c.Lat, &c.Lon
	}
	return nil
}

// handleGrantCommit computes a confirmed participant's entitlement again
// (with the organiser's distance override, if any) and commits it against
// the chosen partner's travel budget.
func (s *Server) handleGrantCommit(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actGrantManage)
	if m == nil {
		return
	}
	ctx := r.Context()
	appID, _ := strconv.ParseInt(r.PostFormValue("application"), 10, 64)
	partnerID, _ := strconv.ParseInt(r.PostFormValue("partner"), 10, 64)
	a, err := s.db.Application(ctx, appID)
	if err != nil || a.MissionID != m.ID {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.message.not_found"))
		return
	}
	choice, err := s.db.MissionGrantRuleSet(ctx, m.ID)
	if err != nil {
		s.fail(w, r, userError(mission.ECONFLICT, "grant.pick_first"))
		return
	}
	rs, err := s.grantRuleSet(ctx, choice.RuleSetID, choice.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.grantExchange(ctx, m, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if e.DistanceOverride, err = overrideFromForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	ent, err := grant.Compute(rs, e)
	if err != nil {
		s.fail(w, r, mission.Errorf(mission.EINVALID, "%s", err.Error()))
		return
	}
	g := &mission.Grant{MissionID: m.ID, ApplicationID: a.ID, PartnerID: partnerID, RuleSetID: rs.ID, RuleSetVersion: rs.Version,
		CommittedBy: u.Person.ID, CommittedAt: s.now()}
	if err := grantFigures(g, ent); err != nil {
		s.fail(w, r, err)
		return
	}
	if ov := e.DistanceOverride; ov != nil {
		g.OverrideKM, g.OverrideReason = &ov.KM, ov.Reason
	}
	if err := s.db.CommitGrant(ctx, g, u.Account.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/missions/%d/grants", m.ID), http.StatusSeeOther)
}

// handleGrantOverride sets an organiser's distance on a committed grant:
// the reason is required, the amount is computed again under the grant's
// own rule set version, and the change is audited.
func (s *Server) handleGrantOverride(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	id, err := parseID(r, "grant")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	g, err := s.db.Grant(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := s.visibleMission(ctx, u, g.MissionID)
	if err != nil {
		s.fail(w, r, notFoundAs(err, "grant", id))
		return
	}
	if !can(u, actGrantManage, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	ov, err := overrideFromForm(r)
	if err == nil && ov == nil {
		err = userError(mission.EINVALID, "grant.bad_km")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.db.Application(ctx, g.ApplicationID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rs, err := s.grantRuleSet(ctx, g.RuleSetID, g.RuleSetVersion)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e, err := s.grantExchange(ctx, m, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	e.DistanceOverride = ov
	ent, err := grant.Compute(rs, e)
	if err != nil {
		s.fail(w, r, mission.Errorf(mission.EINVALID, "%s", err.Error()))
		return
	}
	ent.ComputedKM = g.ComputedKM
	doc, err := json.Marshal(ent)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.db.OverrideDistance(ctx, g.ID, mission.GrantOverride{KM: ov.KM, Reason: ov.Reason, ByPersonID: u.Person.ID,
		AccountID: u.Account.ID, AmountCents: ent.AmountCents, Explanation: string(doc), At: s.now()}); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/missions/%d/grants", m.ID), http.StatusSeeOther)
}

// notFoundAs turns a hidden or missing mission into the thing's 404.
func notFoundAs(err error, thing string, id int64) error {
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return mission.Errorf(mission.ENOTFOUND, "%s %d not found", thing, id)
	}
	return err
}

// grantRuleSetPage is the data of grant_rulesets.html (Doc nil: the list)
// and grant_ruleset.html (one rule set, the JSON as typed, the problems).
type grantRuleSetPage struct {
	Sets   []*mission.RuleSetDocument
	Doc    *mission.RuleSetDocument
	JSON   string
	Errors []string
}

// adminGrantRuleSets answers for the handler unless the user may edit
// grant rule sets (admins only).
func (s *Server) adminGrantRuleSets(w http.ResponseWriter, r *http.Request) *mission.User {
	u := s.requireUser(w, r)
	if u == nil {
		return nil
	}
	if !can(u, actGrantRuleSetEdit, nil) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil
	}
	if err := s.seedGrantRuleSets(r.Context()); err != nil {
		s.fail(w, r, err)
		return nil
	}
	return u
}

// handleGrantRuleSets lists the latest version of each grant rule set.
func (s *Server) handleGrantRuleSets(w http.ResponseWriter, r *http.Request) {
	if s.adminGrantRuleSets(w, r) == nil {
		return
	}
	sets, err := s.db.GrantRuleSets(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "grant_rulesets.html", grantRuleSetPage{Sets: sets})
}

// handleGrantRuleSetEdit shows the latest version of a grant rule set.
func (s *Server) handleGrantRuleSetEdit(w http.ResponseWriter, r *http.Request) {
	if s.adminGrantRuleSets(w, r) == nil {
		return
	}
	d, err := s.db.GrantRuleSet(r.Context(), r.PathValue("id"), 0)
	if err != nil {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_rule_set", "id", r.PathValue("id")))
		return
	}
	s.render(w, r, http.StatusOK, "grant_ruleset.html", grantRuleSetPage{Doc: d, JSON: d.JSON})
}

// handleGrantRuleSetSave validates the posted JSON with grant.ParseRuleSet
// and saves it as the next version. Grants already committed keep the
// version they were computed under.
func (s *Server) handleGrantRuleSetSave(w http.ResponseWriter, r *http.Request) {
	u := s.adminGrantRuleSets(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	d, err := s.db.GrantRuleSet(ctx, r.PathValue("id"), 0)
	if err != nil {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_rule_set", "id", r.PathValue("id")))
		return
	}
	text := r.PostFormValue("json")
	page := grantRuleSetPage{Doc: d, JSON: text}
	l := s.localizer(r)
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	rs, err := grant.ParseRuleSet("rule set", strings.NewReader(text))
	page.Errors = ruleSetEditErrors(l, d, base, rs.ID, err)
	if page.Errors == nil {
		rs.Version = d.Version + 1
		b, _ := json.MarshalIndent(rs, "", "  ")
		err = s.db.SaveGrantRuleSet(ctx, &mission.RuleSetDocument{ID: d.ID, Version: rs.Version, Kind: rs.Kind, JSON: string(b),
			CreatedBy: u.Person.ID, CreatedAt: s.now()})
		if mission.ErrorCode(err) == mission.ECONFLICT {
			page.Errors = []string{l.T("ruleset.stale", "version", d.Version+1)}
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if page.Errors != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "grant_ruleset.html", page)
		return
	}
	s.audit(r, u.Account.ID, "grant_rule_set.save", "grant_rule_set", int64(rs.Version), rs.ID)
	http.Redirect(w, r, "/admin/grant-rule-sets/"+d.ID, http.StatusSeeOther)
}
