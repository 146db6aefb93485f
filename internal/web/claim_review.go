package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"caravan/internal/mail"
	"caravan/internal/mission"
	"caravan/internal/store"
)

// The review of closing reports: the organisers of a mission who work for
// a claim's paying partner read each submitted report with its evidence
// and grant, and approve it (fixing the amount: the grant's, or less with a
// reason) or send it back with a reason, e-mailed to the participant in the
// same transaction.

// claimRow is one claim on the review and payments pages, with its
// evidence and the form's input and messages after a refused decision.
type claimRow struct {
	*store.Claim
	Files  []*mission.Evidence
	Amount string // the amount field as typed, else the grant's
	Reason string
	Errors fieldErrors
}

// claimsPage is the data of claim_review.html.
type claimsPage struct {
	Mission *mission.Mission
	Rows    []*claimRow
	Drafts  int // reports the reviewer's partner awaits, not submitted yet
}

// reviewableClaims returns the claims of f that u may review, each with
// its evidence.
func (s *Server) reviewableClaims(r *http.Request, u *mission.User, f store.ClaimFilter, missions map[int64]*mission.Mission) ([]*claimRow, error) {
	ctx := r.Context()
	claims, err := s.db.Claims(ctx, f)
	if err != nil {
		return nil, err
	}
	var rows []*claimRow
	for _, c := range claims {
		m := missions[c.Report.MissionID]
		if m == nil {
			if m, err = s.db.Mission(ctx, c.Report.MissionID); err != nil {
				return nil, err
			}
			missions[m.ID] = m
		}
		if !can(u, actClaimReview, claimParty{Mission: m, ClaimantID: c.Report.PersonID, PartnerOrgID: c.PartnerOrgID}) {
			continue
		}
		row := &claimRow{Claim: c, Amount: centsText(c.GrantCents), Errors: fieldErrors{}}
		if row.Files, err = s.db.ReportEvidence(ctx, c.Report.ID); err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// claimsOfMission builds the review page of a mission for u.
func (s *Server) claimsOfMission(r *http.Request, u *mission.User, m *mission.Mission) (*claimsPage, error) {
	rows, err := s.reviewableClaims(r, u, store.ClaimFilter{MissionID: m.ID}, map[int64]*mission.Mission{m.ID: m})
	if err != nil {
		return nil, err
	}
	p := &claimsPage{Mission: m}
	for _, row := range rows {
		if row.Report.Status == mission.ReportDraft {
			p.Drafts++
			continue
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// handleClaims shows a mission's organisers the claims their partner pays:
// submitted ones to review, those sent back, approved and paid.
func (s *Server) handleClaims(w http.ResponseWriter, r *http.Request) {
	m, u := s.editableMission(w, r, actClaimsList)
	if m == nil {
		return
	}
	p, err := s.claimsOfMission(r, u, m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "claim_review.html", p)
}

// reviewedClaim returns the claim of the request when u may review it;
// anything else is not found.
func (s *Server) reviewedClaim(r *http.Request, u *mission.User) (*store.Claim, *mission.Mission, error) {
	id, err := parseID(r, "claim")
	if err != nil {
		return nil, nil, err
	}
	notFound := userError(mission.ENOTFOUND, "error.no_claim", "id", strconv.FormatInt(id, 10))
	claims, err := s.db.Claims(r.Context(), store.ClaimFilter{IDs: []int64{id}})
	if err != nil {
		return nil, nil, err
	}
	if len(claims) != 1 {
		return nil, nil, notFound
	}
	c := claims[0]
	m, err := s.db.Mission(r.Context(), c.Report.MissionID)
	if err != nil {
		return nil, nil, err
	}
	if !can(u, actClaimReview, claimParty{Mission: m, ClaimantID: c.Report.PersonID, PartnerOrgID: c.PartnerOrgID}) {
		return nil, nil, notFound
	}
	return c, m, nil
}

// handleClaimApprove approves a submitted claim for the amount in the form
// (euros; the grant's by default, never more, less only with a reason).
func (s *Server) handleClaimApprove(w http.ResponseWriter, r *http.Request) {
	s.review(w, r, true)
}

// handleClaimSendBack sends a submitted claim back with the reason.
func (s *Server) handleClaimSendBack(w http.ResponseWriter, r *http.Request) {
	s.review(w, r, false)
}

func (s *Server) review(w http.ResponseWriter, r *http.Request, approve bool) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	c, m, err := s.reviewedClaim(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	if c.Report.Status != mission.ReportSubmitted {
		s.fail(w, r, userError(mission.ECONFLICT, "claim.not_submitted"))
		return
	}
	f := s.newFormReader(r)
	reason := f.text("reason", !approve, 2000)
	amountText := strings.TrimSpace(r.PostFormValue("amount"))
	var cents int64
	if approve {
		var ok bool
		cents, ok = parseCents(amountText)
		switch {
		case !ok || cents <= 0:
			f.fail("amount", "claim.bad_amount")
		case c.GrantID != 0 && cents > c.GrantCents:
			f.fail("amount", "claim.amount_above_grant", "grant", s.localizer(r).FormatMoney(c.GrantCents, c.Currency))
		case c.GrantID != 0 && cents < c.GrantCents && reason == "":
			f.fail("reason", "claim.reason_for_less")
		}
	}
	if f.ok() {
		rv := store.ReportReview{ReportID: c.Report.ID, ByPersonID: u.Person.ID, AccountID: u.Account.ID, IP: s.clientIP(r),
			Reason: reason, AmountCents: cents, At: s.now()}
		err := s.reviewEmail(r, c, m, approve, &rv)
		if err == nil && approve {
			err = s.db.ApproveClosingReport(ctx, rv)
		} else if err == nil {
			err = s.db.SendBackClosingReport(ctx, rv)
		}
		if err != nil && !f.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	if !f.ok() {
		p, err := s.claimsOfMission(r, u, m)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, row := range p.Rows {
			if row.Report.ID == c.Report.ID {
				row.Amount, row.Reason, row.Errors = amountText, reason, f.errors
			}
		}
		s.render(w, r, http.StatusUnprocessableEntity, "claim_review.html", p)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/missions/%d/claims#claim-%d", m.ID, c.Report.ID), http.StatusSeeOther)
}

// reviewEmail renders the participant's e-mail about the decision in their
// language and puts it on rv, so the store queues it with the decision.
func (s *Server) reviewEmail(r *http.Request, c *store.Claim, m *mission.Mission, approve bool, rv *store.ReportReview) error {
	ctx := r.Context()
	p, err := s.db.Person(ctx, c.Report.PersonID)
	if err != nil {
		return err
	}
	lang := ""
	if acc, err := s.db.AccountByPerson(ctx, p.ID); err == nil {
		lang = acc.Language
	} else if mission.ErrorCode(err) != mission.ENOTFOUND {
		return err
	}
	data := mail.ClaimReviewData{Name: p.Name, Mission: m.Title, Approved: approve, Reason: rv.Reason, Link: s.link(r, claimPath(m.ID))}
	if approve {
		data.Amount = s.bundle.Localizer(langOr(lang, s.localizer(r).Lang())).FormatMoney(rv.AmountCents, c.Currency)
	}
	rv.Email, err = s.email(r, lang, p.Email, p.Name, data)
	return err
}

// langOr returns lang, or fallback when lang is empty.
func langOr(lang, fallback string) string {
	if lang == "" {
		return fallback
	}
	return lang
}

// parseCents reads an amount of euros as typed: "780", "780.5", "780,50",
// "1,100.00" or "1.100,00"; at most two decimals.
func parseCents(s string) (int64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if s == "" {
		return 0, false
	}
	// The last separator followed by one or two digits is the decimal one;
	// every other separator groups thousands.
	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i-1 <= 2 && len(s)-i-1 >= 1 {
		whole, frac = s[:i], s[i+1:]
	}
	whole = strings.NewReplacer(",", "", ".", "").Replace(whole)
	if whole == "" {
		whole = "0"
	}
	if strings.Trim(frac, "0123456789") != "" || strings.Trim(whole, "0123456789") != "" {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	c, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w < 0 || w > 1_000_000_000 || c < 0 {
		return 0, false
	}
	return w*100 + c, true
}

// centsText writes cents as the amount field shows them: "780.00".
func centsText(cents int64) string {
	return fmt.Sprintf("%d.%02d", cents/100, cents%100)
}

// MaskedIBAN is the payee's IBAN as the pages show it.
func (row *claimRow) MaskedIBAN() string {
	if row.Payee == nil {
		return ""
	}
	return maskIBAN(row.Payee.IBAN)
}
