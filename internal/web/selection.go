package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"caravan/internal/mission"
)

// selectionPage is the data of selection.html: the mission's applications
// as filtered and sorted, the partners with their quotas and places taken,
// the call's criteria, and what a failed decision left to say.
type selectionPage struct {
	Mission  *mission.Mission
	Call     *mission.Call
	Rows     []selectionRow
	Partners []partnerQuota
	Statuses []string
	Targets  []string // statuses organisers move applications to
	Filter   url.Values
	Query    string // the filter as a query string, to come back to
	Taken    int
	Failures []string
}

// selectionRow is one application of the table.
type selectionRow struct {
	Application *mission.Application
	Partner     string
	Reasons     []string
}

// partnerQuota is a consortium partner with its quota on the mission (0:
// none) and the places its applicants hold.
type partnerQuota struct {
	ID     int64
	Name   string
	Places int
	Taken  int
}

// organiserTargets are the statuses an organiser moves applications to.
var organiserTargets = []string{mission.AppShortlisted, mission.AppAccepted, mission.AppWaitlisted, mission.AppRejected}

// selection builds the page for the request's filter: status, partner,
// country (of the applicant's organisation) and sort (score, submitted,
// name, country).
func (s *Server) selection(r *http.Request, m *mission.Mission) (*selectionPage, error) {
	ctx := r.Context()
	call, err := s.db.Call(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	p := &selectionPage{Mission: m, Call: call, Statuses: mission.ApplicationStatuses, Targets: organiserTargets,
		Filter: q, Query: q.Encode()}
	if m.ConsortiumID != 0 {
		c, err := s.db.Consortium(ctx, m.ConsortiumID)
		if err != nil {
			return nil, err
		}
		for _, pa := range c.Partners {
			pq := partnerQuota{ID: pa.ID, Name: strconv.FormatInt(pa.OrganisationID, 10)}
			if pa.Organisation != nil {
				pq.Name = pa.Organisation.Name
			} else if o, err := s.db.Organisation(ctx, pa.OrganisationID); err == nil {
				pq.Name = o.Name
			}
			for _, quota := range m.Quotas {
				if quota.PartnerID == pa.ID {
					pq.Places = quota.Places
				}
			}
			p.Partners = append(p.Partners, pq)
		}
	}
	all, err := s.db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	partnerID, _ := strconv.ParseInt(q.Get("partner"), 10, 64)
	country := strings.ToUpper(strings.TrimSpace(q.Get("country")))
	l := s.localizer(r)
	for _, a := range all {
		if a.Status == mission.AppAccepted || a.Status == mission.AppConfirmed {
			p.Taken++
			for i := range p.Partners {
				if p.Partners[i].ID == a.PartnerID {
					p.Partners[i].Taken++
				}
			}
		}
		if a.Status == mission.AppDraft && q.Get("status") != mission.AppDraft {
			continue // drafts are the applicants' own until submitted
		}
		if (q.Get("status") != "" && a.Status != q.Get("status")) || (partnerID != 0 && a.PartnerID != partnerID) ||
			(country != "" && a.Person.Organisation.Country != country) {
			continue
		}
		row := selectionRow{Application: a, Reasons: failureTexts(l, a.Eligibility)}
		for _, pa := range p.Partners {
			if pa.ID == a.PartnerID {
				row.Partner = pa.Name
			}
		}
		p.Rows = append(p.Rows, row)
	}
	sortKeyOf := map[string]func(a, b selectionRow) int{
		"score": func(a, b selectionRow) int { return cmp.Compare(b.Application.Score, a.Application.Score) },
		"submitted": func(a, b selectionRow) int {
			return a.Application.SubmittedAt.Compare(b.Application.SubmittedAt)
		},
		"name": func(a, b selectionRow) int {
			return cmp.Compare(sortKey(a.Application.Person.Name), sortKey(b.Application.Person.Name))
		},
		"country": func(a, b selectionRow) int {
			return cmp.Compare(a.Application.Person.Organisation.Country, b.Application.Person.Organisation.Country)
		},
	}
	if f, ok := sortKeyOf[q.Get("sort")]; ok {
		slices.SortStableFunc(p.Rows, f)
	}
	return p, nil
}

// handleSelection shows the organisers' table of a mission's applications.
func (s *Server) handleSelection(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actSelect)
	if m == nil {
		return
	}
	p, err := s.selection(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "selection.html", p)
}

// handleDecide moves the chosen applications (id, one or many) to a status
// with a reason, each in its own transaction: the ones that cannot move
// (a full quota, a status that does not allow it) are listed, the others
// keep their change. A rejection needs a reason.
func (s *Server) handleDecide(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actSelect)
	if m == nil {
		return
	}
	ctx := r.Context()
	l := s.localizer(r)
	to := r.PostFormValue("to")
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	var failures []string
	status := http.StatusConflict
	switch {
	case !slices.Contains(organiserTargets, to):
		failures = append(failures, l.T("selection.choose_status"))
	case to == mission.AppRejected && reason == "":
		failures = append(failures, l.T("selection.reason_required"))
	case len(r.PostForm["id"]) == 0:
		failures = append(failures, l.T("selection.choose_applications"))
	}
	if failures != nil {
		status = http.StatusUnprocessableEntity
	}
	if runes := []rune(reason); len(runes) > 1000 {
		reason = string(runes[:1000])
	}
	if failures == nil {
		for _, v := range r.PostForm["id"] {
			id, _ := strconv.ParseInt(v, 10, 64)
			a, err := s.db.Application(ctx, id)
			if mission.ErrorCode(err) == mission.ENOTFOUND || (err == nil && a.MissionID != m.ID) {
				failures = append(failures, l.T("error.no_application", "id", v))
				continue
			} else if err != nil {
				s.fail(w, r, err)
				return
			}
			_, err = s.db.ChangeApplication(ctx, mission.ApplicationChange{ApplicationID: a.ID, To: to, ByPersonID: u.Person.ID,
				Reason: reason, At: s.now()}, s.applicationMail(r))
			switch {
			case mission.ErrorCode(err) == mission.ECONFLICT:
				failures = append(failures, l.T("selection.cannot_move", "name", a.Person.Name,
					"from", l.T("application.status."+a.Status), "to", l.T("application.status."+to))+" "+conflictWords(l, err))
			case err != nil:
				s.fail(w, r, err)
				return
			default:
				s.audit(r, u.Account.ID, "application."+to, "application", a.ID, "")
			}
		}
	}
	back := "/missions/" + strconv.FormatInt(m.ID, 10) + "/applications" + backQuery(r)
	if failures == nil {
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	r.URL.RawQuery = strings.TrimPrefix(backQuery(r), "?")
	p, err := s.selection(r, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Failures = failures
	s.render(w, r, status, "selection.html", p)
}

// conflictWords says why a move was refused, in the user's language.
func conflictWords(l interface{ T(string, ...any) string }, err error) string {
	msg := mission.ErrorMessage(err)
	switch {
	case strings.Contains(msg, "quota is full"):
		return l.T("selection.quota_full")
	case strings.Contains(msg, "mission is full"):
		return l.T("selection.mission_full")
	}
	return l.T("selection.not_allowed")
}

// handleScore stores an application's scores per criterion and the partner
// whose quota it counts toward.
func (s *Server) handleScore(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	id, err := parseID(r, "application")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	a, err := s.db.Application(ctx, id)
	var m *mission.Mission
	if err == nil {
		m, err = s.visibleMission(ctx, u, a.MissionID)
	}
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, userError(mission.ENOTFOUND, "error.no_application", "id", strconv.FormatInt(id, 10)))
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if !can(u, actSelect, m) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	call, err := s.db.Call(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	scores := map[string]float64{}
	for _, k := range call.Criteria {
		v := strings.TrimSpace(r.PostFormValue("score." + k.ID))
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > mission.MaxCriterionScore {
			s.fail(w, r, userError(mission.EINVALID, "selection.bad_score", "max", mission.MaxCriterionScore))
			return
		}
		scores[k.ID] = f
	}
	if len(call.Criteria) > 0 {
		if err := s.db.ScoreApplication(ctx, a.ID, scores, call.WeightedScore(scores), s.now()); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if v, ok := r.PostForm["partner"]; ok {
		pid, _ := strconv.ParseInt(v[0], 10, 64)
		if err := s.db.SetApplicationPartner(ctx, a.ID, pid); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	back := "/missions/" + strconv.FormatInt(m.ID, 10) + "/applications" + backQuery(r)
	http.Redirect(w, r, back+"#application-"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}

// handleRecheck runs the eligibility rules again on every submitted
// application of the mission (after its organisations' data changed).
func (s *Server) handleRecheck(w http.ResponseWriter, r *http.Request) {
	m, _ := s.editableMission(w, r, actSelect)
	if m == nil {
		return
	}
	list, err := s.db.Applications(r.Context(), mission.ApplicationFilter{MissionID: m.ID, Limit: 1000})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range list {
		if a.Status == mission.AppDraft || a.Status == mission.AppWithdrawn {
			continue
		}
		if _, err := s.checkApplication(r, a.ID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.Redirect(w, r, "/missions/"+strconv.FormatInt(m.ID, 10)+"/applications", http.StatusSeeOther)
}

// backQuery returns the table's filter that a form posted in "back", parsed
// and encoded again ("?status=eligible"), or "".
func backQuery(r *http.Request) string {
	q, err := url.ParseQuery(r.PostFormValue("back"))
	if err != nil || len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}
