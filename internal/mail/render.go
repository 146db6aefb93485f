package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

//go:embed templates/*.tmpl
var templates embed.FS

// Localizer is what rendering needs of the message catalogue: texts by id
// with named parameters, whether an id exists, dates in the recipient's
// language, and that language's tag. *i18n.Localizer implements it; the interface keeps this
// package free of Caravan imports.
type Localizer interface {
	T(id string, params ...any) string
	Has(id string) bool
	FormatDate(t time.Time, loc *time.Location) string
	FormatDateTime(t time.Time, loc *time.Location) string
	Lang() string
}

// Data is the content of one kind of e-mail; Template names its templates
// (templates/NAME.txt.tmpl and NAME.html.tmpl). The types below are all the
// kinds there are. Times are shown in their own location: convert them to
// the recipient's time zone first.
type Data interface {
	Template() string
}

// InviteData is an organiser's invitation to an account.
type InviteData struct {
	Name         string // recipient; empty for a neutral greeting
	Inviter      string
	Organisation string // the inviter's
	Role         string // admin, organiser, host, participant, local, viewer
	Link         string
	Expires      time.Time
}

// VerifyEmailData asks a new applicant to confirm the address.
type VerifyEmailData struct {
	Name    string
	Link    string
	Expires time.Time
}

// ResetPasswordData carries a password reset link.
type ResetPasswordData struct {
	Name    string
	Link    string
	Expires time.Time
}

// ApplicationStatusData tells an applicant where the application stands.
type ApplicationStatusData struct {
	Name       string
	Mission    string
	Status     string // an application status: accepted, waitlisted, …
	Reason     string // optional, in the organiser's words
	City       string
	Start, End time.Time // optional mission dates
	Link       string
}

// MeetingRequestData tells a participant that someone asks for a meeting.
type MeetingRequestData struct {
	Name         string
	From         string
	Organisation string // the requester's
	Mission      string
	Message      string // optional, the requester's words
	Link         string
	AnswerBy     time.Time // optional
}

// MeetingAnswerData tells a participant how their meeting request was
// answered.
type MeetingAnswerData struct {
	Name     string
	To       string // who was asked
	Mission  string
	Accepted bool
	Reason   string // optional, with a decline, in their words
	Link     string
}

// AnnouncementData is an organiser's announcement to a mission's members.
type AnnouncementData struct {
	Name    string
	From    string // the organiser
	Mission string
	Subject string // in the organiser's words
	Body    string // in the organiser's words
	Link    string // the mission's page
}

// ClaimReviewData tells a participant that the closing report was
// approved (with the amount to be paid) or sent back (with the reason).
type ClaimReviewData struct {
	Name     string
	Mission  string
	Approved bool
	Amount   string // approved: the amount, formatted in the recipient's language
	Reason   string // in the organiser's words: why it went back, or why the amount is lower
	Link     string // the closing report page
}

// ClaimReminderData reminds a participant, after a mission, of the closing
// report or evidence that releases the grant.
type ClaimReminderData struct {
	Name    string
	Mission string
	Missing string // report or evidence
	Link    string // the closing report page
}

// Template returns "invite".
func (InviteData) Template() string { return "invite" }

// Template returns "claim_review".
func (ClaimReviewData) Template() string { return "claim_review" }

// Template returns "claim_reminder".
func (ClaimReminderData) Template() string { return "claim_reminder" }

// Template returns "verify_email".
func (VerifyEmailData) Template() string { return "verify_email" }

// Template returns "reset_password".
func (ResetPasswordData) Template() string { return "reset_password" }

// Template returns "application_status".
func (ApplicationStatusData) Template() string { return "application_status" }

// Template returns "meeting_request".
func (MeetingRequestData) Template() string { return "meeting_request" }

// Template returns "meeting_answer".
func (MeetingAnswerData) Template() string { return "meeting_answer" }

// Template returns "announcement".
func (AnnouncementData) Template() string { return "announcement" }

// templateNames are the kinds of e-mail, one per Data type.
var templateNames = []string{"invite", "verify_email", "reset_password", "application_status", "meeting_request", "meeting_answer", "announcement",
	"claim_review", "claim_reminder"}

// Renderer renders e-mails from the embedded templates. It is safe for
// concurrent use.
type Renderer struct {
	site string
	text map[string]*texttemplate.Template
	html map[string]*htmltemplate.Template
}

// placeholderFuncs let the templates parse; Render binds the real ones.
var placeholderFuncs = map[string]any{
	"t":        func(string, ...any) (string, error) { return "", nil },
	"date":     func(time.Time) string { return "" },
	"datetime": func(time.Time) string { return "" },
	"site":     func() string { return "" },
	"lang":     func() string { return "" },
	"subject":  func() string { return "" },
	"button":   button,
	"quote":    quote,
}

// NewRenderer parses the embedded templates. site is the installation's
// name as e-mails show it ("caravan.example.org").
func NewRenderer(site string) (*Renderer, error) {
	r := &Renderer{site: site, text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	for _, name := range templateNames {
		tt, err := texttemplate.New(name+".txt.tmpl").Funcs(placeholderFuncs).Option("missingkey=error").
			ParseFS(templates, "templates/layout.txt.tmpl", "templates/"+name+".txt.tmpl")
		if err != nil {
			return nil, fmt.Errorf("mail: parse %s text template: %w", name, err)
		}
		if tt.Lookup("subject") == nil {
			return nil, fmt.Errorf("mail: %s.txt.tmpl defines no subject", name)
		}
		ht, err := htmltemplate.New(name+".html.tmpl").Funcs(placeholderFuncs).Option("missingkey=error").
			ParseFS(templates, "templates/layout.html.tmpl", "templates/"+name+".html.tmpl")
		if err != nil {
			return nil, fmt.Errorf("mail: parse %s HTML template: %w", name, err)
		}
		r.text[name], r.html[name] = tt, ht
	}
	return r, nil
}

// Render returns the e-mail for data in l's language, addressed to to (a
// bare address) and toName: subject, text and HTML bodies, Language, and
// the header Auto-Submitted: auto-generated (RFC 3834), so that
// out-of-office replies stay away. The caller sets Message.ID. It fails
// when data has no Link or names a role or status the catalogue lacks.
func (r *Renderer) Render(l Localizer, to, toName string, data Data) (Message, error) {
	name := data.Template()
	tt, ok := r.text[name]
	if !ok {
		return Message{}, fmt.Errorf("mail: no template %q", name)
	}
	if link := linkOf(data); link == "" {
		return Message{}, fmt.Errorf("mail: %s: the link is missing", name)
	}
	funcs := map[string]any{
		// A text missing from the catalogue (say, an unknown role) fails
		// the rendering rather than showing its id in someone's inbox.
		"t": func(id string, params ...any) (string, error) {
			if !l.Has(id) {
				return "", fmt.Errorf("no message %q in the %s catalogue", id, l.Lang())
			}
			return l.T(id, params...), nil
		},
		"date":     func(t time.Time) string { return l.FormatDate(t, nil) },
		"datetime": func(t time.Time) string { return l.FormatDateTime(t, nil) },
		"site":     func() string { return r.site },
		"lang":     l.Lang,
	}
	textT, err := tt.Clone()
	if err != nil {
		return Message{}, fmt.Errorf("mail: %s: %w", name, err)
	}
	textT.Funcs(funcs)
	var subject, text, html bytes.Buffer
	if err := textT.ExecuteTemplate(&subject, "subject", data); err != nil {
		return Message{}, fmt.Errorf("mail: %s subject: %w", name, err)
	}
	subj := strings.Join(strings.Fields(subject.String()), " ")
	if err := textT.Execute(&text, data); err != nil {
		return Message{}, fmt.Errorf("mail: %s text: %w", name, err)
	}
	htmlT, err := r.html[name].Clone()
	if err != nil {
		return Message{}, fmt.Errorf("mail: %s: %w", name, err)
	}
	funcs["subject"] = func() string { return subj }
	htmlT.Funcs(funcs)
	if err := htmlT.Execute(&html, data); err != nil {
		return Message{}, fmt.Errorf("mail: %s HTML: %w", name, err)
	}
	return Message{
		To:       to,
		ToName:   toName,
		Subject:  subj,
		Text:     text.String(),
		HTML:     html.String(),
		Language: l.Lang(),
		Headers:  map[string]string{"Auto-Submitted": "auto-generated"},
	}, nil
}

// linkOf returns the link every kind of e-mail carries.
func linkOf(data Data) string {
	switch d := data.(type) {
	case InviteData:
		return d.Link
	case VerifyEmailData:
		return d.Link
	case ResetPasswordData:
		return d.Link
	case ApplicationStatusData:
		return d.Link
	case MeetingRequestData:
		return d.Link
	case MeetingAnswerData:
		return d.Link
	case AnnouncementData:
		return d.Link
	case ClaimReviewData:
		return d.Link
	case ClaimReminderData:
		return d.Link
	}
	return ""
}

// buttonData is what the "button" template shows.
type buttonData struct{ Link, Label string }

func button(link, label string) buttonData { return buttonData{Link: link, Label: label} }

// quote prefixes every line of s with "> ", as plain-text e-mail quotes.
func quote(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, line := range lines {
		lines[i] = "> " + strings.TrimRight(line, " \r")
	}
	return strings.Join(lines, "\n")
}
