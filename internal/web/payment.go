package web

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"caravan/internal/mission"
	"caravan/internal/sepa"
	"caravan/internal/store"
	"caravan/internal/tabular"
)

// Payments: a consortium's approved claims that wait for payment, for the
// organisers of the partners that pay them; marked paid singly or in a
// batch (one transaction), exported as CSV, XLSX or a SEPA credit-transfer
// file (pain.001.001.03) from the consortium's paying account; and the
// consortium's claim settings (evidence retention, paying account).

// paymentsPage is the data of payments.html.
type paymentsPage struct {
	Consortium *mission.Consortium
	Unpaid     []*claimRow
	Paid       []*claimRow
	TotalCents int64
	Problem    string // why an export or a payment was refused
	// The claim settings form as typed and its messages.
	Settings  *mission.ClaimSettings
	Retention string
	Errors    fieldErrors
}

// payments builds the payments page of the request's consortium when the
// user may do the action to it; to anyone else the consortium is not
// found. It answers for the handler and returns nil otherwise.
func (s *Server) payments(w http.ResponseWriter, r *http.Request, action string) (*paymentsPage, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	c, err := s.consortiumOfPath(r, u, action)
	var p *paymentsPage
	if err == nil {
		p, err = s.paymentsOf(r, u, c)
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	return p, u
}

// paymentsOf reads the payments page of a consortium for u.
func (s *Server) paymentsOf(r *http.Request, u *mission.User, c *mission.Consortium) (*paymentsPage, error) {
	p := &paymentsPage{Consortium: c, Errors: fieldErrors{}}
	missions := map[int64]*mission.Mission{}
	var err error
	if p.Unpaid, err = s.reviewableClaims(r, u, store.ClaimFilter{ConsortiumID: c.ID, Status: mission.ReportApproved, Unpaid: true}, missions); err != nil {
		return nil, err
	}
	for _, row := range p.Unpaid {
		p.TotalCents += row.Report.ApprovedAmountCents
	}
	if p.Paid, err = s.reviewableClaims(r, u, store.ClaimFilter{ConsortiumID: c.ID, Paid: true}, missions); err != nil {
		return nil, err
	}
	slices.SortStableFunc(p.Paid, func(a, b *claimRow) int { return b.Report.PaidAt.Compare(a.Report.PaidAt) })
	if p.Settings, err = s.db.ClaimSettings(r.Context(), c.ID); err != nil {
		return nil, err
	}
	p.Retention = strconv.Itoa(p.Settings.RetentionDays)
	return p, nil
}

// handlePayments shows the approved claims that wait for payment, the
// recent payments and the claim settings.
func (s *Server) handlePayments(w http.ResponseWriter, r *http.Request) {
	if p, _ := s.payments(w, r, actPaymentsRead); p != nil {
		s.render(w, r, http.StatusOK, "payments.html", p)
	}
}

// handlePaymentsMark marks the chosen claims paid in one transaction:
// every one must be approved, unpaid and the user's to pay, or none is.
func (s *Server) handlePaymentsMark(w http.ResponseWriter, r *http.Request) {
	p, u := s.payments(w, r, actPaymentsRead)
	if p == nil {
		return
	}
	c := p.Consortium
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, err)
		return
	}
	var ids []int64
	for _, v := range r.PostForm["claim"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !slices.ContainsFunc(p.Unpaid, func(row *claimRow) bool { return row.Report.ID == id }) {
			s.fail(w, r, userError(mission.ENOTFOUND, "error.no_claim", "id", v))
			return
		}
		ids = append(ids, id)
	}
	l := s.localizer(r)
	if len(ids) == 0 {
		p.Problem = l.T("payments.choose")
		s.render(w, r, http.StatusUnprocessableEntity, "payments.html", p)
		return
	}
	if err := s.db.MarkClaimsPaid(r.Context(), ids, u.Person.ID, u.Account.ID, s.now()); mission.ErrorCode(err) == mission.ECONFLICT {
		p.Problem = l.T("payments.not_payable")
		s.render(w, r, http.StatusConflict, "payments.html", p)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/consortia/%d/payments", c.ID), http.StatusSeeOther)
}

// paymentHeader is the header of the CSV and XLSX payment lists.
var paymentHeader = []string{"claim", "mission", "participant", "paying_partner", "amount", "currency", "account_holder", "iban", "bic", "approved_at"}

// paymentRows are the payment list's rows: amounts in euros with two
// decimals, the payee's account as saved (empty when none).
func paymentRows(rows []*claimRow) [][]string {
	var out [][]string
	for _, row := range rows {
		rep := row.Report
		line := []string{strconv.FormatInt(rep.ID, 10), row.MissionTitle, rep.PersonName, row.PartnerName,
			sepa.Amount(rep.ApprovedAmountCents), row.Currency, "", "", "", rep.ReviewedAt.UTC().Format("2006-01-02")}
		if row.Payee != nil {
			line[6], line[7], line[8] = row.Payee.AccountHolder, row.Payee.IBAN, row.Payee.BIC
		}
		out = append(out, line)
	}
	return out
}

// handlePaymentsExport answers the approved, unpaid claims as a CSV or
// XLSX list or as a SEPA credit-transfer file (format=sepa), which is
// refused, with the reason on the page, when the consortium's paying
// account is not set or a payee has no valid bank account.
func (s *Server) handlePaymentsExport(w http.ResponseWriter, r *http.Request) {
	p, u := s.payments(w, r, actPaymentsRead)
	if p == nil {
		return
	}
	c := p.Consortium
	format := r.URL.Query().Get("format")
	var buf bytes.Buffer
	name := fmt.Sprintf("payments-%d-%s", c.ID, s.now().UTC().Format("20060102"))
	switch format {
	case string(tabular.FormatCSV), string(tabular.FormatXLSX):
		if err := tabular.Write(&buf, tabular.Format(format), "payments", paymentHeader, paymentRows(p.Unpaid)); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", tabular.ContentType(tabular.Format(format)))
		name += "." + format
	case "sepa":
		doc, problem := s.creditTransfer(r, c, p)
		if problem != "" {
			p.Problem = problem
			s.render(w, r, http.StatusConflict, "payments.html", p)
			return
		}
		buf.Write(doc)
		w.Header().Set("Content-Type", "application/xml")
		name += ".xml"
	default:
		s.fail(w, r, userError(mission.EINVALID, "export.bad_request"))
		return
	}
	s.audit(r, u.Account.ID, "payments.export", "consortium", c.ID, fmt.Sprintf("%s, %d claims", format, len(p.Unpaid)))
	h := w.Header()
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// creditTransfer writes the SEPA file of the page's unpaid claims, or says
// in the reader's language why it cannot.
func (s *Server) creditTransfer(r *http.Request, c *mission.Consortium, p *paymentsPage) ([]byte, string) {
	l := s.localizer(r)
	set := p.Settings
	if len(p.Unpaid) == 0 {
		return nil, l.T("payments.nothing")
	}
	if strings.TrimSpace(set.PayerName) == "" || set.PayerIBAN == "" || set.PayerBIC == "" {
		return nil, l.T("payments.no_payer")
	}
	now := s.now().UTC()
	t := sepa.CreditTransfer{
		MessageID:     fmt.Sprintf("CARAVAN-%d-%s", c.ID, now.Format("20060102150405")),
		Created:       now,
		InitiatorName: set.PayerName,
		Debtor:        sepa.Account{Name: set.PayerName, IBAN: set.PayerIBAN, BIC: set.PayerBIC},
		ExecutionDate: now,
	}
	var missing []string
	for _, row := range p.Unpaid {
		rep := row.Report
		payee := row.Payee
		if payee == nil || !validPayee(payee) {
			missing = append(missing, rep.PersonName)
			continue
		}
		t.Payments = append(t.Payments, sepa.Payment{
			EndToEndID:  fmt.Sprintf("CARAVAN-CLAIM-%d", rep.ID),
			AmountCents: rep.ApprovedAmountCents,
			Creditor:    sepa.Account{Name: payee.AccountHolder, IBAN: payee.IBAN, BIC: payee.BIC},
			Remittance:  sepa.Transliterate(fmt.Sprintf("Travel grant %s, claim %d", row.MissionTitle, rep.ID), 140),
		})
	}
	if len(missing) > 0 {
		return nil, l.T("payments.no_bank_details", "names", strings.Join(missing, ", "))
	}
	if err := t.Validate(); err != nil {
		return nil, l.T("payments.invalid_file", "problem", err.Error())
	}
	doc, err := t.XML()
	if err != nil {
		return nil, l.T("payments.invalid_file", "problem", err.Error())
	}
	return doc, ""
}

// validPayee reports whether a saved account can be paid by transfer.
func validPayee(a *mission.PayeeAccount) bool {
	if strings.TrimSpace(a.AccountHolder) == "" {
		return false
	}
	if _, err := sepa.ParseIBAN(a.IBAN); err != nil {
		return false
	}
	if a.BIC != "" {
		if _, err := sepa.ParseBIC(a.BIC); err != nil {
			return false
		}
	}
	return true
}

// handleClaimSettings saves the consortium's evidence retention and paying
// account (name, IBAN and BIC, checked by package sepa); bad input
// re-renders the payments page with 422.
func (s *Server) handleClaimSettings(w http.ResponseWriter, r *http.Request) {
	p, u := s.payments(w, r, actClaimSettings)
	if p == nil {
		return
	}
	c := p.Consortium
	f := s.newFormReader(r)
	days, text := f.count("retention_days", 3650)
	p.Retention = text
	if text == "" || days < 1 {
		f.fail("retention_days", "payments.bad_retention")
	}
	set := &mission.ClaimSettings{ConsortiumID: c.ID, RetentionDays: days, UpdatedAt: s.now()}
	set.PayerName = f.text("payer_name", false, 70)
	iban := f.text("payer_iban", false, 42)
	bic := f.text("payer_bic", false, 11)
	set.PayerIBAN, set.PayerBIC = iban, bic
	var err error
	if iban != "" || bic != "" || set.PayerName != "" {
		if set.PayerName == "" {
			f.fail("payer_name", "form.required")
		}
		if set.PayerIBAN, err = sepa.ParseIBAN(iban); err != nil {
			f.fail("payer_iban", "claim.bad_iban")
		}
		if set.PayerBIC, err = sepa.ParseBIC(bic); err != nil {
			f.fail("payer_bic", "claim.bad_bic")
		}
	}
	if f.ok() {
		if err := s.db.SaveClaimSettings(r.Context(), set); err != nil && !f.storeError(err) {
			s.fail(w, r, err)
			return
		}
	}
	if !f.ok() {
		p.Settings = &mission.ClaimSettings{ConsortiumID: c.ID, PayerName: set.PayerName, PayerIBAN: iban, PayerBIC: bic}
		p.Errors = f.errors
		s.render(w, r, http.StatusUnprocessableEntity, "payments.html", p)
		return
	}
	s.audit(r, u.Account.ID, "claim.settings", "consortium", c.ID, fmt.Sprintf("retention %d days", days))
	http.Redirect(w, r, fmt.Sprintf("/consortia/%d/payments#settings", c.ID), http.StatusSeeOther)
}
