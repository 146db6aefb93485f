package web

import (
	"net/http"
	"strconv"
	"time"

	"caravan/internal/mission"
	"caravan/internal/pdfdoc"
)

// exchangePage is the data of exchange.html: one visitor's exchange with
// the match confirmations and the Commitment to Quality.
type exchangePage struct {
	Exchange *mission.Exchange
	Mission  *mission.Mission
	Offer    *mission.ExchangeOffer
	Location *time.Location
	Days     []programmeDay
	// Can lists what the user may do: "confirm_host", "confirm_visitor",
	// "goals", "sign_" + party.
	Can      map[string]bool
	Parties  []string
	GoalsV   string
	Errors   fieldErrors
	Complete bool // all four parties signed
}

// loadExchange returns the page of the exchange of the request when the
// user is one of its parties (see canExchangeParty); anyone else gets 404,
// so nobody learns that it exists.
func (s *Server) loadExchange(w http.ResponseWriter, r *http.Request) (*exchangePage, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	id, err := parseID(r, "exchange")
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	notFound := userError(mission.ENOTFOUND, "error.no_exchange", "id", strconv.FormatInt(id, 10))
	x, err := s.db.Exchange(r.Context(), id)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		s.fail(w, r, notFound)
		return nil, nil
	} else if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	m, err := s.db.Mission(r.Context(), x.Application.MissionID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if !can(u, actExchangeAct, exchangeParty{Exchange: x, Mission: m}) {
		s.fail(w, r, notFound)
		return nil, nil
	}
	p := &exchangePage{Exchange: x, Mission: m, Location: m.Location(), Can: map[string]bool{}, Parties: mission.Parties,
		GoalsV: x.Goals, Errors: fieldErrors{}, Complete: len(x.Signatures) == len(mission.Parties)}
	if p.Offer, err = s.db.ExchangeOffer(r.Context(), m.ID); err != nil && mission.ErrorCode(err) != mission.ENOTFOUND {
		s.fail(w, r, err)
		return nil, nil
	}
	items, err := s.db.ProgrammeItems(r.Context(), m.ID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	p.Days = groupByDay(items, p.Location, m.StartsOn, m.EndsOn)
	party := func(name string) bool {
		return can(u, actExchangeAct, exchangeParty{Exchange: x, Mission: m, Party: name})
	}
	p.Can["confirm_host"] = x.HostConfirmedAt.IsZero() && party(mission.PartyHost)
	p.Can["confirm_visitor"] = x.VisitorConfirmedAt.IsZero() && party(mission.PartyVisitor)
	p.Can["goals"] = len(x.Signatures) == 0
	for _, pt := range mission.Parties {
		p.Can["sign_"+pt] = x.Matched() && x.Goals != "" && x.Signature(pt) == nil && party(pt)
	}
	return p, u
}

// handleExchange shows an exchange to its parties: the offer, the visitor,
// the match that host and visitor confirm, and the Commitment to Quality
// (goals, the agenda, the four parties' signatures).
func (s *Server) handleExchange(w http.ResponseWriter, r *http.Request) {
	p, _ := s.loadExchange(w, r)
	if p == nil {
		return
	}
	s.render(w, r, http.StatusOK, "exchange.html", p)
}

// handleExchangeConfirm records that the host or the visitor confirms the
// match.
func (s *Server) handleExchangeConfirm(w http.ResponseWriter, r *http.Request) {
	p, u := s.loadExchange(w, r)
	if p == nil {
		return
	}
	side := r.PostFormValue("side")
	if (side != mission.PartyHost && side != mission.PartyVisitor) ||
		!can(u, actExchangeAct, exchangeParty{Exchange: p.Exchange, Mission: p.Mission, Party: side}) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	if _, err := s.db.ConfirmExchange(r.Context(), p.Exchange.ID, side, u.Account.ID, s.now()); err != nil {
		if mission.ErrorCode(err) == mission.ECONFLICT {
			err = userError(mission.ECONFLICT, "exchange.cannot_confirm")
		}
		s.fail(w, r, err)
		return
	}
	s.audit(r, u.Account.ID, "exchange.confirm", "exchange", p.Exchange.ID, side)
	http.Redirect(w, r, "/exchanges/"+strconv.FormatInt(p.Exchange.ID, 10), http.StatusSeeOther)
}

// handleExchangeGoals sets the goals of the Commitment to Quality, until
// the first party signs.
func (s *Server) handleExchangeGoals(w http.ResponseWriter, r *http.Request) {
	p, u := s.loadExchange(w, r)
	if p == nil {
		return
	}
	fr := s.newFormReader(r)
	goals := fr.text("goals", true, 5000)
	if !p.Can["goals"] {
		s.fail(w, r, userError(mission.ECONFLICT, "quality.signed_goals"))
		return
	}
	if fr.ok() {
		err := s.db.SetExchangeGoals(r.Context(), p.Exchange.ID, goals, s.now())
		switch {
		case err == nil:
			s.audit(r, u.Account.ID, "commitment.goals", "exchange", p.Exchange.ID, "")
			http.Redirect(w, r, "/exchanges/"+strconv.FormatInt(p.Exchange.ID, 10)+"#commitment", http.StatusSeeOther)
			return
		case !fr.storeError(err):
			s.fail(w, r, err)
			return
		}
	}
	p.GoalsV, p.Errors = goals, fr.errors
	s.render(w, r, http.StatusUnprocessableEntity, "exchange.html", p)
}

// handleExchangeSign records the user's in-app signature of the Commitment
// to Quality as one party, with the time and the account, and audits it in
// the same transaction.
func (s *Server) handleExchangeSign(w http.ResponseWriter, r *http.Request) {
	p, u := s.loadExchange(w, r)
	if p == nil {
		return
	}
	party := r.PostFormValue("party")
	if !can(u, actExchangeAct, exchangeParty{Exchange: p.Exchange, Mission: p.Mission, Party: party}) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "error.message.forbidden"))
		return
	}
	name := u.Account.Email
	if u.Person != nil {
		name = u.Person.Name
	}
	at := s.now()
	e := &mission.AuditEntry{At: at, AccountID: u.Account.ID, Action: "commitment.sign", TargetType: "exchange",
		TargetID: p.Exchange.ID, IP: s.clientIP(r), Detail: party}
	_, err := s.db.SignCommitment(r.Context(), p.Exchange.ID, mission.QualitySignature{Party: party, AccountID: u.Account.ID,
		Name: name, SignedAt: at}, e)
	if err != nil {
		if mission.ErrorCode(err) == mission.ECONFLICT {
			err = userError(mission.ECONFLICT, "quality.cannot_sign")
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/exchanges/"+strconv.FormatInt(p.Exchange.ID, 10)+"#commitment", http.StatusSeeOther)
}

// handleCommitmentPDF writes the Commitment to Quality of an exchange for
// its parties: the parties, the goals, the agenda and the signatures
// recorded in the application.
func (s *Server) handleCommitmentPDF(w http.ResponseWriter, r *http.Request) {
	p, _ := s.loadExchange(w, r)
	if p == nil {
		return
	}
	l := s.localizer(r)
	x, m := p.Exchange, p.Mission
	host, err := s.db.Organisation(r.Context(), m.HostOrganisationID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	visitor := x.Application.Person
	country := func(code string) string { return label(l, "country.", code) }
	doc := pdfdoc.New(l.T("quality.title") + ": " + m.Title)
	doc.Footer(l.T("quality.title")+" · "+m.Title, l.T("whoswho.page", "page", "{page}", "pages", "{pages}"))
	doc.Heading(l.T("quality.title"))
	rows := [][2]string{
		{l.T("quality.exchange"), m.Title},
		{l.T("quality.visitor"), visitor.Name + ", " + visitor.Organisation.Name + " (" + country(visitor.Organisation.Country) + ")"},
		{l.T("quality.host"), host.Name + " (" + country(host.Country) + ")"},
		{l.T("quality.dates"), l.FormatDateRange(m.StartsOn, m.EndsOn) + ", " + m.HostCity},
	}
	if p.Offer != nil {
		rows = append(rows, [2]string{l.T("exchange.topic"), p.Offer.Topic})
	}
	doc.KeyValue(rows)
	doc.Subheading(l.T("quality.goals"))
	if x.Goals != "" {
		doc.Paragraph(x.Goals)
	} else {
		doc.Paragraph(l.T("quality.no_goals"))
	}
	doc.Subheading(l.T("quality.agenda"))
	var agenda [][]string
	for _, d := range p.Days {
		for _, it := range d.Items {
			agenda = append(agenda, []string{l.FormatDate(it.StartsAt, p.Location),
				l.FormatTime(it.StartsAt, p.Location) + "–" + l.FormatTime(it.EndsAt, p.Location), it.Title, it.Venue})
		}
	}
	if len(agenda) > 0 {
		doc.Table([]string{l.T("quality.col_day"), l.T("quality.col_time"), l.T("quality.col_what"), l.T("quality.col_where")},
			[]float64{2, 2, 5, 3}, agenda)
	} else {
		doc.Paragraph(l.T("quality.no_agenda"))
	}
	doc.Subheading(l.T("quality.signatures"))
	doc.Paragraph(l.T("quality.signature_note"))
	var sigs [][]string
	for _, pt := range mission.Parties {
		row := []string{l.T("quality.party." + pt), "", ""}
		if sg := x.Signature(pt); sg != nil {
			row[1], row[2] = sg.Name, l.FormatDateTime(sg.SignedAt, time.UTC)+" UTC"
		} else {
			row[1] = l.T("quality.not_signed")
		}
		sigs = append(sigs, row)
	}
	doc.Table([]string{l.T("quality.col_party"), l.T("quality.col_signed_by"), l.T("quality.col_signed_at")}, []float64{3, 4, 3}, sigs)
	if err := writePDF(w, doc, "commitment-to-quality.pdf"); err != nil {
		s.fail(w, r, err)
	}
}
