package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"caravan/internal/mission"
	"caravan/internal/store"
)

// callForm is the data of call_form.html: the mission, the rule sets to
// choose from, the partners with their quotas, the questions and criteria
// as rows (with blank rows to add more), the values as typed and the
// messages.
type callForm struct {
	Mission   *mission.Mission
	RuleSets  []*mission.RuleSetDocument
	Partners  []partnerQuota
	Questions []mission.Question
	Criteria  []mission.Criterion
	Kinds     []string
	V         map[string]string
	Errors    fieldErrors
}

// blankRows is how many empty question and criterion rows the form offers.
const blankRows = 3

// callEditor builds the call form for the mission from its stored call.
func (s *Server) callEditor(r *http.Request, m *mission.Mission, c *mission.Call) (*callForm, error) {
	ctx := r.Context()
	if err := s.seedRuleSets(ctx); err != nil {
		return nil, err
	}
	sets, err := s.db.RuleSets(ctx, mission.RuleSetEligibility)
	if err != nil {
		return nil, err
	}
	f := &callForm{Mission: m, RuleSets: sets, Kinds: mission.QuestionKinds, V: map[string]string{}, Errors: fieldErrors{}}
	if m.ConsortiumID != 0 {
		cons, err := s.db.Consortium(ctx, m.ConsortiumID)
		if err != nil {
			return nil, err
		}
		for _, pa := range cons.Partners {
			pq := partnerQuota{ID: pa.ID, Name: pa.Organisation.Name}
			for _, q := range m.Quotas {
				if q.PartnerID == pa.ID {
					pq.Places = q.Places
					f.V[fmt.Sprintf("quota.%d", pa.ID)] = strconv.Itoa(q.Places)
				}
			}
			f.Partners = append(f.Partners, pq)
		}
	}
	f.V["rule_set"] = c.RuleSetID
	f.V["rule_set_version"] = strconv.Itoa(c.RuleSetVersion)
	f.V["call_opens_on"], f.V["call_closes_on"] = isoDay(m.CallOpensOn), isoDay(m.CallClosesOn)
	if m.Capacity > 0 {
		f.V["capacity"] = strconv.Itoa(m.Capacity)
	}
	f.Questions = append(c.Questions, make([]mission.Question, blankRows)...)
	f.Criteria = append(c.Criteria, make([]mission.Criterion, blankRows)...)
	return f, nil
}

// handleCallEdit shows the organisers' call editor.
func (s *Server) handleCallEdit(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actCallEdit)
	if m == nil {
		return
	}
	c, err := s.db.Call(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.callEditor(r, m, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "call_form.html", f)
}

// handleCallSave saves the call with the mission's window, capacity and
// quotas in one store call; a change of rule set checks the open
// applications again.
func (s *Server) handleCallSave(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actCallEdit)
	if m == nil {
		return
	}
	ctx := r.Context()
	old, err := s.db.Call(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := s.callEditor(r, m, old)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fr := s.newFormReader(r)
	c := &mission.Call{MissionID: m.ID}
	var cs store.CallSettings
	c.RuleSetID = r.PostFormValue("rule_set")
	f.V["rule_set"] = c.RuleSetID
	known := false
	for _, rs := range f.RuleSets {
		known = known || rs.ID == c.RuleSetID
	}
	if !known {
		fr.fail("rule_set", "form.choose")
	}
	c.RuleSetVersion, f.V["rule_set_version"] = fr.count("rule_set_version", 10000)
	if known && c.RuleSetVersion != 0 {
		if _, err := s.db.RuleSet(ctx, mission.RuleSetEligibility, c.RuleSetID, c.RuleSetVersion); mission.ErrorCode(err) == mission.ENOTFOUND {
			fr.fail("rule_set_version", "call.no_version")
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	cs.OpensOn, f.V["call_opens_on"] = fr.date("call_opens_on", false)
	cs.ClosesOn, f.V["call_closes_on"] = fr.date("call_closes_on", false)
	cs.Capacity, f.V["capacity"] = fr.count("capacity", maxCapacity)
	if !cs.OpensOn.IsZero() && !cs.ClosesOn.IsZero() && cs.ClosesOn.Before(cs.OpensOn) {
		fr.fail("call_closes_on", "form.call_closes_before_opens")
	}
	for _, pa := range f.Partners {
		key := fmt.Sprintf("quota.%d", pa.ID)
		n, v := fr.count(key, maxCapacity)
		f.V[key] = v
		if v != "" {
			cs.Quotas = append(cs.Quotas, mission.Quota{PartnerID: pa.ID, Places: n})
		}
	}
	f.Questions, f.Criteria = nil, nil
	for i := 0; r.PostForm.Has(fmt.Sprintf("q%d.id", i)); i++ {
		p := fmt.Sprintf("q%d.", i)
		q := mission.Question{ID: strings.TrimSpace(r.PostFormValue(p + "id")), Kind: r.PostFormValue(p + "kind"),
			Label: strings.TrimSpace(r.PostFormValue(p + "label")), Required: r.PostFormValue(p+"required") == "on"}
		for _, o := range strings.Split(r.PostFormValue(p+"options"), ";") {
			if o = strings.TrimSpace(o); o != "" {
				q.Options = append(q.Options, o)
			}
		}
		f.Questions = append(f.Questions, q)
		if q.ID != "" || q.Label != "" {
			c.Questions = append(c.Questions, q)
		}
	}
	for i := 0; r.PostForm.Has(fmt.Sprintf("k%d.id", i)); i++ {
		p := fmt.Sprintf("k%d.", i)
		k := mission.Criterion{ID: strings.TrimSpace(r.PostFormValue(p + "id")), Name: strings.TrimSpace(r.PostFormValue(p + "name"))}
		if v := strings.TrimSpace(r.PostFormValue(p + "weight")); v != "" {
			w, err := strconv.ParseFloat(v, 64)
			if err != nil {
				fr.fail("criteria", "call.bad_weight")
			}
			k.Weight = w
		} else if k.ID != "" {
			k.Weight = 1
		}
		f.Criteria = append(f.Criteria, k)
		if k.ID != "" || k.Name != "" {
			c.Criteria = append(c.Criteria, k)
		}
	}
	if fr.ok() {
		err = s.db.SaveCallSettings(ctx, c, cs, s.now())
		if err == nil {
			s.audit(r, u.Account.ID, "call.save", "mission", m.ID, "")
			if c.RuleSetID != old.RuleSetID || c.RuleSetVersion != old.RuleSetVersion {
				if err := s.recheckMission(r, m.ID); err != nil {
					s.fail(w, r, err)
					return
				}
			}
			http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/call?saved=1", http.StatusSeeOther)
			return
		}
		if !fr.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	f.Errors = fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "call_form.html", f)
}

// recheckMission checks the eligibility of the mission's submitted,
// eligible and ineligible applications again.
func (s *Server) recheckMission(r *http.Request, missionID int64) error {
	for _, status := range []string{mission.AppSubmitted, mission.AppEligible, mission.AppIneligible} {
		list, err := s.db.Applications(r.Context(), mission.ApplicationFilter{MissionID: missionID, Status: status, Limit: 1000})
		if err != nil {
			return err
		}
		for _, a := range list {
			if _, err := s.checkApplication(r, a.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
