package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"caravan/internal/mission"
	"caravan/internal/sepa"
	"caravan/internal/store"
)

// Closing reports: after a mission, a participant with a committed grant
// writes the report, uploads evidence and gives the bank account the grant
// is paid to, at /missions/{id}/closing-report. Evidence is served only to
// its participant and the paying partner's organisers (GET /evidence/{id}).

// maxEvidenceRequestBytes bounds an evidence upload's request: the file
// (mission.MaxEvidenceBytes) and the multipart form around it.
const maxEvidenceRequestBytes = mission.MaxEvidenceBytes + 64<<10

// isEvidenceUpload reports whether a path is where the closing report page
// posts evidence (POST /missions/{id}/closing-report/evidence); limitBody
// lets those requests carry maxEvidenceRequestBytes.
func isEvidenceUpload(path string) bool {
	return strings.HasPrefix(path, "/missions/") && strings.HasSuffix(path, "/closing-report/evidence")
}

// claimPage is the data of claim_report.html.
type claimPage struct {
	Mission     *mission.Mission
	Application *mission.Application
	Grant       *mission.Grant // nil: no grant committed yet
	Report      *mission.ClosingReport
	Evidence    []*mission.Evidence
	OpensAt     time.Time
	Open        bool
	// The forms as typed and their messages, by field.
	Achieved, Meetings, NextSteps string
	Holder, IBAN, BIC             string
	HasPayee                      bool
	Errors                        fieldErrors
}

// Editable reports whether the participant may change the report and its
// evidence now.
func (p *claimPage) Editable() bool {
	return p.Open && p.Grant != nil && (p.Report == nil || p.Report.Editable())
}

// claim is what every closing report handler starts from: the mission, the
// signed-in participant's confirmed application there and its grant (nil
// when none is committed). Anyone who may see the mission but has no
// confirmed place in it is forbidden; it answers for the handler and
// returns nil then.
func (s *Server) claim(w http.ResponseWriter, r *http.Request) (*claimPage, *mission.User) {
	u := s.requireUser(w, r)
	if u == nil {
		return nil, nil
	}
	m := s.shownMission(w, r, u)
	if m == nil {
		return nil, nil
	}
	ctx := r.Context()
	var app *mission.Application
	if u.Person != nil {
		apps, err := s.db.Applications(ctx, mission.ApplicationFilter{MissionID: m.ID, PersonID: u.Person.ID, Status: mission.AppConfirmed, Limit: 1})
		if err != nil {
			s.fail(w, r, err)
			return nil, nil
		}
		if len(apps) > 0 {
			app = apps[0]
		}
	}
	if app == nil || !can(u, actClaimFile, claimParty{Mission: m, ClaimantID: app.PersonID}) {
		s.fail(w, r, userError(mission.EFORBIDDEN, "claim.not_participant"))
		return nil, nil
	}
	p := &claimPage{Mission: m, Application: app, OpensAt: m.ClaimsOpenAt(), Errors: fieldErrors{}}
	p.Open = !p.OpensAt.IsZero() && !s.now().Before(p.OpensAt)
	grants, err := s.db.MissionGrants(ctx, m.ID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if g := grants[app.ID]; g != nil && g.Status != mission.GrantCancelled {
		p.Grant = g
	}
	p.Report, err = s.db.ApplicationClosingReport(ctx, app.ID)
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		p.Report = nil
	} else if err != nil {
		s.fail(w, r, err)
		return nil, nil
	}
	if p.Report != nil {
		if p.Evidence, err = s.db.ReportEvidence(ctx, p.Report.ID); err != nil {
			s.fail(w, r, err)
			return nil, nil
		}
		p.Achieved, p.Meetings, p.NextSteps = p.Report.Achieved, p.Report.MeetingsThatMattered, p.Report.NextSteps
	}
	payee, err := s.db.PayeeAccount(ctx, u.Person.ID)
	switch {
	case err == nil:
		p.Holder, p.IBAN, p.BIC, p.HasPayee = payee.AccountHolder, payee.IBAN, payee.BIC, true
	case mission.ErrorCode(err) != mission.ENOTFOUND:
		s.fail(w, r, err)
		return nil, nil
	}
	return p, u
}

// claimPath is the closing report page of a mission.
func claimPath(missionID int64) string { return fmt.Sprintf("/missions/%d/closing-report", missionID) }

// handleClaim shows a participant's closing report: the texts, the
// evidence, the bank account, and where it stands.
func (s *Server) handleClaim(w http.ResponseWriter, r *http.Request) {
	p, _ := s.claim(w, r)
	if p == nil {
		return
	}
	s.render(w, r, http.StatusOK, "claim_report.html", p)
}

// editableClaim answers 409 for the handler unless the participant may
// change the report now: the mission is over, a grant is committed and the
// report is not submitted.
func (s *Server) editableClaim(w http.ResponseWriter, r *http.Request, p *claimPage) bool {
	switch {
	case p.Grant == nil:
		s.fail(w, r, userError(mission.ECONFLICT, "claim.no_grant"))
	case !p.Open:
		s.fail(w, r, userError(mission.ECONFLICT, "claim.not_open", "date", s.localizer(r).FormatDate(p.OpensAt, p.Mission.Location())))
	case p.Report != nil && !p.Report.Editable():
		s.fail(w, r, userError(mission.ECONFLICT, "claim.submitted"))
	default:
		return true
	}
	return false
}

// handleClaimSave saves the report as a draft (action=save) or saves and
// submits it (action=submit). Bad input re-renders the page with 422.
func (s *Server) handleClaimSave(w http.ResponseWriter, r *http.Request) {
	p, _ := s.claim(w, r)
	if p == nil || !s.editableClaim(w, r, p) {
		return
	}
	f := s.newFormReader(r)
	p.Achieved = f.text("achieved", false, 10000)
	p.Meetings = f.text("meetings_that_mattered", false, 10000)
	p.NextSteps = f.text("next_steps", false, 10000)
	submit := r.PostFormValue("action") == "submit"
	if submit {
		for field, v := range map[string]string{"achieved": p.Achieved, "meetings_that_mattered": p.Meetings, "next_steps": p.NextSteps} {
			if v == "" {
				f.fail(field, "claim.fill_before_submit")
			}
		}
	}
	var err error
	if f.ok() {
		rep := &mission.ClosingReport{ApplicationID: p.Application.ID, Achieved: p.Achieved, MeetingsThatMattered: p.Meetings,
			NextSteps: p.NextSteps, UpdatedAt: s.now()}
		err = s.db.SaveClosingReport(r.Context(), rep)
		if err == nil && submit {
			err = s.db.SubmitClosingReport(r.Context(), rep.ID, s.now())
			if mission.ErrorCode(err) == mission.EINVALID {
				p.Report = rep
				err = userFieldError(f, err, "evidence", "claim.evidence_before_submit")
			}
		}
	}
	s.answerClaimForm(w, r, p, f, err, "")
}

// answerClaimForm ends a post of the closing report page: an error the
// form cannot show fails the request; messages re-render the page with
// 422 next to their fields; else the participant goes back to the page,
// at anchor.
func (s *Server) answerClaimForm(w http.ResponseWriter, r *http.Request, p *claimPage, f *formReader, err error, anchor string) {
	if err != nil && !f.storeError(err) {
		s.fail(w, r, err)
		return
	}
	if !f.ok() {
		p.Errors = f.errors
		s.render(w, r, http.StatusUnprocessableEntity, "claim_report.html", p)
		return
	}
	http.Redirect(w, r, claimPath(p.Mission.ID)+anchor, http.StatusSeeOther)
}

// userFieldError replaces a store error on field with the catalogue
// message id, so the page speaks the reader's language; other errors pass.
func userFieldError(f *formReader, err error, field, id string) error {
	var e *mission.Error
	if errors.As(err, &e) && e.Field == field {
		f.fail(field, id)
		return nil
	}
	return err
}

// evidenceTypes are the types evidence may have, as sniffed from its bytes.
var evidenceTypes = map[string]string{"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

// sniffEvidence returns the type of an evidence file from its first bytes
// (http.DetectContentType, the WHATWG sniffing rules), whatever its name or
// the browser claims: "" when it is not a PDF, JPEG or PNG.
func sniffEvidence(data []byte) string {
	t, _, _ := mime.ParseMediaType(http.DetectContentType(data))
	if _, ok := evidenceTypes[t]; ok {
		return t
	}
	return ""
}

// uploadName is the base name of an uploaded file, cut to 200 bytes.
func uploadName(name string) string {
	name = filepath.Base(filepath.Clean("/" + strings.ReplaceAll(name, `\`, "/")))
	if name == "/" || name == "." {
		return ""
	}
	for len(name) > 200 {
		name = name[:len(name)-1]
	}
	return strings.ToValidUTF8(name, "")
}

// handleEvidenceUpload keeps an uploaded boarding pass or invoice with the
// report: at most 10 MiB (enforced on the request body before it is
// parsed), its type sniffed from the bytes. A refused file re-renders the
// page with 422 and a message naming it.
func (s *Server) handleEvidenceUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxEvidenceRequestBytes)
	p, u := s.claim(w, r)
	if p == nil || !s.editableClaim(w, r, p) {
		return
	}
	l := s.localizer(r)
	refuse := func(id string, params ...any) {
		p.Errors["file"] = l.T(id, params...)
		s.render(w, r, http.StatusUnprocessableEntity, "claim_report.html", p)
	}
	var maxBytes *http.MaxBytesError
	if err := r.ParseMultipartForm(1 << 20); errors.As(err, &maxBytes) {
		refuse("claim.evidence_too_large", "max", 10)
		return
	} else if err != nil {
		refuse("claim.evidence_missing")
		return
	}
	defer r.MultipartForm.RemoveAll()
	file, header, err := r.FormFile("file")
	if err != nil {
		refuse("claim.evidence_missing")
		return
	}
	defer file.Close()
	name := uploadName(header.Filename)
	data, err := io.ReadAll(io.LimitReader(file, mission.MaxEvidenceBytes+1))
	switch {
	case err != nil:
		s.fail(w, r, err)
		return
	case len(data) == 0:
		refuse("claim.evidence_empty", "file", name)
		return
	case len(data) > mission.MaxEvidenceBytes:
		refuse("claim.evidence_too_large_named", "file", name, "max", 10)
		return
	}
	kind := r.PostFormValue("kind")
	if kind != mission.EvidenceBoardingPass && kind != mission.EvidenceInvoice && kind != mission.EvidenceOther {
		p.Errors["kind"] = l.T("form.choose")
		s.render(w, r, http.StatusUnprocessableEntity, "claim_report.html", p)
		return
	}
	contentType := sniffEvidence(data)
	if contentType == "" {
		refuse("claim.evidence_type", "file", name)
		return
	}
	ctx := r.Context()
	if p.Report == nil {
		rep := &mission.ClosingReport{ApplicationID: p.Application.ID, UpdatedAt: s.now()}
		if err := s.db.SaveClosingReport(ctx, rep); err != nil {
			s.fail(w, r, err)
			return
		}
		p.Report = rep
	}
	e := &mission.Evidence{ReportID: p.Report.ID, Kind: kind, Filename: name, ContentType: contentType, Content: data,
		UploadedBy: u.Person.ID, UploadedAt: s.now()}
	if err := s.db.AddEvidence(ctx, e); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, claimPath(p.Mission.ID)+"#evidence", http.StatusSeeOther)
}

// evidenceOf returns an evidence file (with its bytes when content is
// set), its mission and its report when the user may do the action to it;
// anything else is not found, so nobody learns that it exists.
func (s *Server) evidenceOf(r *http.Request, u *mission.User, action string, content bool) (*mission.Evidence, *mission.Mission, error) {
	id, err := parseID(r, "evidence")
	if err != nil {
		return nil, nil, err
	}
	ctx := r.Context()
	notFound := userError(mission.ENOTFOUND, "error.no_evidence", "id", strconv.FormatInt(id, 10))
	var e *mission.Evidence
	if content {
		e, err = s.db.EvidenceContent(ctx, id)
	} else {
		e, err = s.db.Evidence(ctx, id)
	}
	if mission.ErrorCode(err) == mission.ENOTFOUND {
		return nil, nil, notFound
	} else if err != nil {
		return nil, nil, err
	}
	claims, err := s.db.Claims(ctx, store.ClaimFilter{IDs: []int64{e.ReportID}})
	if err != nil {
		return nil, nil, err
	}
	if len(claims) != 1 {
		return nil, nil, notFound
	}
	c := claims[0]
	m, err := s.db.Mission(ctx, c.Report.MissionID)
	if err != nil {
		return nil, nil, err
	}
	if !can(u, action, claimParty{Mission: m, ClaimantID: c.Report.PersonID, PartnerOrgID: c.PartnerOrgID}) {
		return nil, nil, notFound
	}
	return e, m, nil
}

// handleEvidenceDownload answers an evidence file as an attachment with
// its sniffed type, to its participant and the paying partner's organisers
// only; to anyone else it does not exist.
func (s *Server) handleEvidenceDownload(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	e, _, err := s.evidenceOf(r, u, actEvidenceRead, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", e.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": downloadName(e)}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(e.Content)))
	w.Write(e.Content)
}

// downloadName is a safe file name for an evidence download: the letters,
// digits, dots, dashes and underscores of the uploaded name (else
// "evidence-ID"), ending in the extension of its sniffed type.
func downloadName(e *mission.Evidence) string {
	ext := evidenceTypes[e.ContentType]
	base := strings.TrimSuffix(e.Filename, filepath.Ext(e.Filename))
	var b strings.Builder
	for _, c := range base {
		switch {
		case c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)), c == '-', c == '_', c == '.':
			b.WriteRune(c)
		case c == ' ':
			b.WriteRune('_')
		}
	}
	name := strings.Trim(b.String(), "._")
	if name == "" {
		name = "evidence-" + strconv.FormatInt(e.ID, 10)
	}
	if len(name) > 100 {
		name = name[:100]
	}
	return name + "." + ext
}

// handleEvidenceDelete removes one of the participant's own files while
// the report is not submitted, after a confirmation step (confirm=yes).
func (s *Server) handleEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	u := s.requireUser(w, r)
	if u == nil {
		return
	}
	e, m, err := s.evidenceOf(r, u, actClaimFile, false)
	if err == nil && r.PostFormValue("confirm") != "yes" {
		l := s.localizer(r)
		s.render(w, r, http.StatusOK, "confirm.html", confirmPage{Title: l.T("claim.delete_evidence"),
			Question: l.T("claim.delete_question", "file", e.Filename), Action: fmt.Sprintf("/evidence/%d/delete", e.ID),
			Back: claimPath(m.ID) + "#evidence"})
		return
	}
	if err == nil {
		err = s.db.DeleteEvidence(r.Context(), e.ID)
		if mission.ErrorCode(err) == mission.ECONFLICT {
			err = userError(mission.ECONFLICT, "claim.submitted")
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, claimPath(m.ID)+"#evidence", http.StatusSeeOther)
}

// handleBankAccount saves the account the participant's grants are paid
// to: holder, IBAN (mod-97 and length per country) and BIC (optional
// within SEPA; checked when given). Bad input re-renders with 422.
func (s *Server) handleBankAccount(w http.ResponseWriter, r *http.Request) {
	p, u := s.claim(w, r)
	if p == nil {
		return
	}
	f := s.newFormReader(r)
	p.Holder = f.text("account_holder", true, 70)
	p.IBAN = f.text("iban", true, 42)
	p.BIC = f.text("bic", false, 11)
	iban, err := sepa.ParseIBAN(p.IBAN)
	if p.IBAN != "" && err != nil {
		f.fail("iban", "claim.bad_iban")
	}
	bic := ""
	if p.BIC != "" {
		if bic, err = sepa.ParseBIC(p.BIC); err != nil {
			f.fail("bic", "claim.bad_bic")
		}
	}
	err = nil
	if f.ok() {
		err = s.db.SavePayeeAccount(r.Context(), &mission.PayeeAccount{PersonID: u.Person.ID, AccountHolder: p.Holder, IBAN: iban, BIC: bic, UpdatedAt: s.now()})
	}
	s.answerClaimForm(w, r, p, f, err, "#bank")
}

// maskIBAN shows the country, check digits and last four characters of an
// IBAN: "DE89 … 3000".
func maskIBAN(iban string) string {
	if len(iban) < 8 {
		return iban
	}
	return iban[:4] + " … " + iban[len(iban)-4:]
}
