package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"caravan/internal/eligibility"
	"caravan/internal/i18n"
	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/screening"
	"caravan/internal/store"
)

// Eligibility rule sets: stored as versioned documents (seeded from the
// embedded defaults on first use), checked against applications by the
// eligibility engine, and edited by admins as JSON.

// seedRuleSets stores the embedded default rule sets that are not stored
// yet (screening.SeedRuleSets).
func (s *Server) seedRuleSets(ctx context.Context) error {
	return screening.SeedRuleSets(ctx, s.db)
}

// ruleSet returns the parsed rule set id at version (0: the latest).
func (s *Server) ruleSet(ctx context.Context, id string, version int) (eligibility.RuleSet, error) {
	return screening.RuleSet(ctx, s.db, id, version)
}

// checkApplication runs the eligibility rules of the mission's call on the
// application and records the outcome (screening.Check), e-mailing the
// applicant when it moves.
func (s *Server) checkApplication(r *http.Request, id int64) (*mission.Application, error) {
	return screening.Check(r.Context(), s.db, id, s.now(), s.applicationMail(r))
}

func cmpOr(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}

// applicationMail renders the e-mail of an application's status change
// with the application_status template, in the applicant's language. A
// reason the system recorded is replaced by its catalogue text.
func (s *Server) applicationMail(r *http.Request) store.ApplicationMail {
	link := s.link(r, "/me/applications")
	return func(a *mission.Application, m *mission.Mission, tr *mission.ApplicationTransition, lang string) (*mission.Email, error) {
		l := s.bundle.Localizer(lang)
		reason := tr.Reason
		if tr.ByPersonID == 0 {
			switch {
			case tr.Reason == store.PromotionReason:
				reason = l.T("application.reason.promoted")
			case tr.To == mission.AppEligible || tr.To == mission.AppIneligible:
				reason = l.T("application.reason.checked")
			}
		}
		msg, err := s.mailer.Render(l, a.Person.Email, a.Person.Name, mail.ApplicationStatusData{Name: a.Person.Name,
			Mission: m.Title, Status: tr.To, Reason: reason, City: m.HostCity, Start: m.StartsOn, End: m.EndsOn, Link: link})
		if err != nil {
			return nil, err
		}
		return &mission.Email{ToAddress: msg.To, ToName: msg.ToName, Subject: msg.Subject, TextBody: msg.Text, HTMLBody: msg.HTML,
			Language: msg.Language, Headers: msg.Headers, CreatedAt: s.now()}, nil
	}
}

// englishDate matches the engine's English dates ("2 January 2006").
var englishDate = regexp.MustCompile(`^\d{1,2} [A-Z][a-z]+ \d{4}$`)

// failureTexts renders the failed rules of a stored eligibility outcome in
// the localizer's language: each message from the catalogue
// ("eligibility.TEMPLATE"), with dates, countries and organisation kinds
// in that language too.
func failureTexts(l *i18n.Localizer, e mission.Eligibility) []string {
	if e.Result == "" || e.Passed {
		return nil
	}
	var res eligibility.Result
	if err := json.Unmarshal([]byte(e.Result), &res); err != nil {
		return nil
	}
	var out []string
	for _, f := range res.Failures {
		params := map[string]any{}
		for k, v := range f.Params {
			params[k] = v
			if englishDate.MatchString(v) {
				if t, err := time.Parse("2 January 2006", v); err == nil {
					params[k] = l.FormatDateLong(t, nil)
				}
			}
		}
		if c := f.Params["country"]; c != "" {
			params["country_name"] = label(l, "country.", c)
		}
		if k := f.Params["kind"]; k != "" && l.Has("eligibility.kind_a."+k) {
			params["kind_a"] = l.T("eligibility.kind_a." + k)
			params["kind_plural"] = l.T("eligibility.kind_plural." + k)
		}
		if f.Params["status"] != "" {
			params["status"] = l.T("application.status." + f.Params["status"])
		}
		if n, err := strconv.Atoi(f.Params["days"]); err == nil && f.Template == eligibility.RuleMinWorkingDays {
			params["count"] = n
		}
		if n, err := strconv.Atoi(f.Params["months"]); err == nil && f.Template == eligibility.RuleMaxStay {
			params["count"] = n
		}
		id := "eligibility." + f.Template
		if !l.Has(id) {
			out = append(out, f.Message)
			continue
		}
		out = append(out, l.T(id, params))
	}
	return out
}

// ruleSetsPage is the data of rulesets.html.
type ruleSetsPage struct {
	Sets []*mission.RuleSetDocument
}

// ruleSetPage is the data of ruleset.html: the latest version, the
// document as the admin typed it and the problems found.
type ruleSetPage struct {
	Doc     *mission.RuleSetDocument
	JSON    string
	Errors  []string
	Checked int // applications checked again after the last save
}

// adminRuleSets answers for the handler unless the user may edit rule
// sets (admins only).
func (s *Server) adminRuleSets(w http.ResponseWriter, r *http.Request) *mission.User {
	u := s.requireUser(w, r)
	if u == nil {
		return nil
	}
	if !can(u, actRuleSetEdit, nil) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return nil
	}
	if err := s.seedRuleSets(r.Context()); err != nil {
		s.fail(w, r, err)
		return nil
	}
	return u
}

// handleRuleSets lists the latest version of each eligibility rule set.
func (s *Server) handleRuleSets(w http.ResponseWriter, r *http.Request) {
	if s.adminRuleSets(w, r) == nil {
		return
	}
	sets, err := s.db.RuleSets(r.Context(), mission.RuleSetEligibility)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "rulesets.html", ruleSetsPage{Sets: sets})
}

// handleRuleSetEdit shows the latest version of a rule set as JSON.
func (s *Server) handleRuleSetEdit(w http.ResponseWriter, r *http.Request) {
	if s.adminRuleSets(w, r) == nil {
		return
	}
	d, err := s.db.RuleSet(r.Context(), mission.RuleSetEligibility, r.PathValue("id"), 0)
	if err != nil {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_rule_set", "id", r.PathValue("id")))
		return
	}
	page := ruleSetPage{Doc: d, JSON: d.JSON}
	if n, err := strconv.Atoi(r.URL.Query().Get("checked")); err == nil {
		page.Checked = n
	}
	s.render(w, r, http.StatusOK, "ruleset.html", page)
}

// handleRuleSetSave validates the posted JSON with the engine and saves it
// as the next version, then checks again every open application under the
// rule set.
func (s *Server) handleRuleSetSave(w http.ResponseWriter, r *http.Request) {
	u := s.adminRuleSets(w, r)
	if u == nil {
		return
	}
	ctx := r.Context()
	d, err := s.db.RuleSet(ctx, mission.RuleSetEligibility, r.PathValue("id"), 0)
	if err != nil {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_rule_set", "id", r.PathValue("id")))
		return
	}
	text := r.PostFormValue("json")
	page := ruleSetPage{Doc: d, JSON: text}
	l := s.localizer(r)
	base, _ := strconv.Atoi(r.PostFormValue("version"))
	rs, err := eligibility.ParseRuleSet("rule set", strings.NewReader(text))
	page.Errors = ruleSetEditErrors(l, d, base, rs.ID, err)
	if page.Errors == nil {
		rs.Version = d.Version + 1
		b, _ := json.MarshalIndent(rs, "", "  ")
		next := &mission.RuleSetDocument{ID: d.ID, Version: rs.Version, Kind: mission.RuleSetEligibility, JSON: string(b),
			CreatedBy: u.Person.ID, CreatedAt: s.now()}
		err = s.db.SaveRuleSet(ctx, next)
		if mission.ErrorCode(err) == mission.ECONFLICT {
			page.Errors = []string{l.T("ruleset.stale", "version", d.Version+1)}
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if page.Errors != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "ruleset.html", page)
		return
	}
	s.audit(r, u.Account.ID, "ruleset.save", "rule_set", int64(rs.Version), rs.ID)
	ids, err := s.db.ApplicationsToRecheck(ctx, d.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, id := range ids {
		if _, err := s.checkApplication(r, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/admin/rule-sets/"+d.ID+"?checked="+strconv.Itoa(len(ids)), http.StatusSeeOther)
}

// recheckOrganisation checks again the open applications of an
// organisation's people after its data changed (its kind, its country or
// its memberships decide eligibility).
func (s *Server) recheckOrganisation(r *http.Request, organisationID int64) error {
	ids, err := s.db.OrganisationApplicationsToRecheck(r.Context(), organisationID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := s.checkApplication(r, id); err != nil {
			return err
		}
	}
	return nil
}

// ruleSetEditErrors lists what is wrong with an admin's edit of the rule set
// d, for the eligibility and the grant editors alike: a base version that is
// no longer the latest, every error of the engine's parser, or a changed id.
// It returns nil when the edit may be saved as the next version.
func ruleSetEditErrors(l *i18n.Localizer, d *mission.RuleSetDocument, base int, parsedID string, parseErr error) []string {
	switch {
	case base != d.Version:
		return []string{l.T("ruleset.stale", "version", d.Version)}
	case parseErr != nil:
		var list interface{ Unwrap() []error }
		if !errors.As(parseErr, &list) {
			return []string{parseErr.Error()}
		}
		var msgs []string
		for _, e := range list.Unwrap() {
			msgs = append(msgs, e.Error())
		}
		return msgs
	case parsedID != d.ID:
		return []string{l.T("ruleset.id_changed", "id", d.ID)}
	}
	return nil
}
