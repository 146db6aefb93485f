package web

import (
	"net/http"

	"caravan/internal/mission"
)

// missionKPIJSON is a mission's key figures as GET
// /api/v1/missions/{id}/kpi answers them (the MissionKPI schema of
// openapi.json); amounts are euro cents.
type missionKPIJSON struct {
	MissionID     int64               `json:"mission_id"`
	ConsortiumID  *int64              `json:"consortium_id"`
	Exchanges     int                 `json:"exchanges"`
	SMEs          int                 `json:"smes"`
	Organisations int                 `json:"organisations"`
	Countries     []kpiCountryJSON    `json:"countries"`
	Partners      []kpiPartnerJSON    `json:"partners"`
	Meetings      kpiMeetingsJSON     `json:"meetings"`
	Outcomes      []kpiOutcomeJSON    `json:"outcomes"`
	Satisfaction  kpiSatisfactionJSON `json:"satisfaction"`
	Money         kpiMoneyJSON        `json:"money"`
}

type kpiCountryJSON struct {
	Country   string `json:"country"`
	Exchanges int    `json:"exchanges"`
}

type kpiPartnerJSON struct {
	PartnerID      *int64 `json:"partner_id"` // null: the exchanges that count toward no partner
	Name           string `json:"name"`
	Exchanges      int    `json:"exchanges"`
	SMEs           int    `json:"smes"`
	Grants         int    `json:"grants"`
	BudgetCents    int64  `json:"budget_cents"`
	CommittedCents int64  `json:"committed_cents"`
	PaidCents      int64  `json:"paid_cents"`
}

type kpiMeetingsJSON struct {
	Requested  int `json:"requested"`
	Accepted   int `json:"accepted"`
	Scheduled  int `json:"scheduled"`
	Held       int `json:"held"`
	NotHeld    int `json:"not_held"`
	Disputed   int `json:"disputed"`
	Unreported int `json:"unreported"`
}

type kpiOutcomeJSON struct {
	Outcome  string `json:"outcome"`
	Meetings int    `json:"meetings"`
}

type kpiSatisfactionJSON struct {
	Responses    int      `json:"responses"`
	Mean         *float64 `json:"mean"` // null without responses
	Distribution [5]int   `json:"distribution"`
	Recommend    int      `json:"recommend"`
}

type kpiMoneyJSON struct {
	BudgetCents    int64 `json:"budget_cents"`
	CommittedCents int64 `json:"committed_cents"`
	PaidCents      int64 `json:"paid_cents"`
	Grants         int   `json:"grants"`
}

func toMissionKPIJSON(k *mission.MissionKPI) missionKPIJSON {
	out := missionKPIJSON{MissionID: k.MissionID, Exchanges: k.Exchanges, SMEs: k.SMEs, Organisations: k.Organisations,
		Countries: []kpiCountryJSON{}, Partners: []kpiPartnerJSON{}, Meetings: kpiMeetingsJSON(k.Meetings), Outcomes: []kpiOutcomeJSON{},
		Satisfaction: kpiSatisfactionJSON{Responses: k.Satisfaction.Responses, Distribution: k.Satisfaction.Distribution,
			Recommend: k.Satisfaction.Recommend},
		Money: kpiMoneyJSON{BudgetCents: k.Money.BudgetCents, CommittedCents: k.Money.CommittedCents, PaidCents: k.Money.PaidCents,
			Grants: k.Money.Grants}}
	if k.ConsortiumID != 0 {
		id := k.ConsortiumID
		out.ConsortiumID = &id
	}
	if k.Satisfaction.Responses > 0 {
		mean := k.Satisfaction.Mean
		out.Satisfaction.Mean = &mean
	}
	for _, c := range k.Countries {
		out.Countries = append(out.Countries, kpiCountryJSON{Country: c.Key, Exchanges: c.Count})
	}
	for _, p := range k.Partners {
		pj := kpiPartnerJSON{Name: p.Name, Exchanges: p.Exchanges, SMEs: p.SMEs, Grants: p.Grants, BudgetCents: p.BudgetCents,
			CommittedCents: p.CommittedCents, PaidCents: p.PaidCents}
		if p.PartnerID != 0 {
			id := p.PartnerID
			pj.PartnerID = &id
		}
		out.Partners = append(out.Partners, pj)
	}
	for _, o := range k.Outcomes {
		out.Outcomes = append(out.Outcomes, kpiOutcomeJSON{Outcome: o.Key, Meetings: o.Count})
	}
	return out
}

// handleAPIMissionKPI answers GET /api/v1/missions/{id}/kpi: the mission's
// key figures, for its organisers and viewers (funders) and admins, as the
// KPI page shows them.
func (s *Server) handleAPIMissionKPI(w http.ResponseWriter, r *http.Request) {
	m, _ := s.apiMissionFor(w, r, actReportRead, "read this mission's key figures: only its organisers and viewers do")
	if m == nil {
		return
	}
	k, err := s.db.MissionKPI(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toMissionKPIJSON(k))
}
