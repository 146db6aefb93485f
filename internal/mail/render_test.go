package mail_test

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"caravan/internal/i18n"
	"caravan/internal/mail"
)

// The catalogue's localizer is what Render takes.
var _ mail.Localizer = (*i18n.Localizer)(nil)

func newRenderer(t *testing.T) *mail.Renderer {
	t.Helper()
	r, err := mail.NewRenderer("caravan.example.org")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func newBundle(t *testing.T) *i18n.Bundle {
	t.Helper()
	b, err := i18n.NewBundle()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var madrid = time.FixedZone("CET", 3600)

// samples has one of every kind of e-mail, with every optional part set.
var samples = []mail.Data{
	mail.InviteData{Name: "Ana García", Inviter: "Jürgen Weiß", Organisation: "Silicon Saxony", Role: "host",
		Link: "https://caravan.example.org/invite/abc", Expires: time.Date(2026, 3, 9, 18, 30, 0, 0, madrid)},
	mail.VerifyEmailData{Name: "Ana García", Link: "https://caravan.example.org/verify/abc",
		Expires: time.Date(2026, 3, 4, 9, 5, 0, 0, madrid)},
	mail.ResetPasswordData{Name: "Ana García", Link: "https://caravan.example.org/reset/abc",
		Expires: time.Date(2026, 3, 2, 14, 45, 0, 0, madrid)},
	mail.ApplicationStatusData{Name: "Ana García", Mission: "Misión País Vasco 2026", Status: "waitlisted",
		Reason: "Quota of your partner reached", City: "Bilbao",
		Start: time.Date(2026, 11, 17, 0, 0, 0, 0, madrid), End: time.Date(2026, 11, 19, 0, 0, 0, 0, madrid),
		Link: "https://caravan.example.org/applications/7"},
	mail.MeetingRequestData{Name: "Ana García", From: "Jon Etxeberria", Organisation: "GAIA", Mission: "Basque Country 2026",
		Message: "Hello Ana,\nwe build sensors.", Link: "https://caravan.example.org/meetings/9",
		AnswerBy: time.Date(2026, 11, 10, 12, 0, 0, 0, madrid)},
	mail.MeetingAnswerData{Name: "Ana García", To: "Jon Etxeberria", Mission: "Basque Country 2026", Accepted: false,
		Reason: "Fully booked that day", Link: "https://caravan.example.org/missions/3/requests"},
	mail.AnnouncementData{Name: "Ana García", From: "Otto Oehme", Mission: "Basque Country 2026", Subject: "Bus at 8:00",
		Body: "Meet in the hotel lobby.\nBring your badge.", Link: "https://caravan.example.org/missions/3"},
}

// leftovers finds what a missing catalogue id or parameter leaves behind.
var leftovers = regexp.MustCompile(`\{[a-z_]+\}|\b(email|role|application)\.[a-z_]+(\.[a-z_]+)*\b|<no value>`)

func TestRenderEveryTemplateInEveryLanguage(t *testing.T) {
	r, b := newRenderer(t), newBundle(t)
	for _, lang := range []string{"en", "es"} {
		l := b.Localizer(lang)
		for _, data := range samples {
			m, err := r.Render(l, "ana@example.org", "Ana García", data)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, data.Template(), err)
			}
			for part, s := range map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML} {
				if strings.TrimSpace(s) == "" {
					t.Errorf("%s %s: empty %s", lang, data.Template(), part)
				}
				if bad := leftovers.FindString(s); bad != "" {
					t.Errorf("%s %s: %s shows %q, a missing message or parameter", lang, data.Template(), part, bad)
				}
			}
			if m.To != "ana@example.org" || m.ToName != "Ana García" || m.Language != lang || m.Headers["Auto-Submitted"] != "auto-generated" {
				t.Errorf("%s %s: got To %q ToName %q Language %q headers %v", lang, data.Template(), m.To, m.ToName, m.Language, m.Headers)
			}
			if strings.Contains(m.Subject, "\n") {
				t.Errorf("%s %s: subject has a line break: %q", lang, data.Template(), m.Subject)
			}
			if !strings.Contains(m.HTML, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: HTML lacks lang=%q", lang, data.Template(), lang)
			}
		}
	}
}

func TestRenderSpanish(t *testing.T) {
	r, b := newRenderer(t), newBundle(t)
	es := b.Localizer("es-ES,es;q=0.9")
	m, err := r.Render(es, "ana@example.org", "", samples[3])
	if err != nil {
		t.Fatal(err)
	}
	if want := "Su solicitud para Misión País Vasco 2026: en lista de espera"; m.Subject != want {
		t.Errorf("got subject %q, want %q", m.Subject, want)
	}
	for _, want := range []string{
		"Hola, Ana García:",
		"El estado de su solicitud para Misión País Vasco 2026 es ahora: en lista de espera.",
		"Motivo: Quota of your partner reached",
		"La misión tiene lugar en Bilbao del 17 nov 2026 al 19 nov 2026.",
		"Ver su solicitud:\nhttps://caravan.example.org/applications/7",
		"El equipo de caravan.example.org",
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("Spanish text lacks %q:\n%s", want, m.Text)
		}
	}
	m, err = r.Render(es, "ana@example.org", "", samples[2])
	if err != nil {
		t.Fatal(err)
	}
	if want := "El enlace funciona una sola vez y caduca el 2 mar 2026, 14:45."; !strings.Contains(m.Text, want) {
		t.Errorf("Spanish reset e-mail lacks %q:\n%s", want, m.Text)
	}
}

func TestRenderEnglishText(t *testing.T) {
	r, b := newRenderer(t), newBundle(t)
	m, err := r.Render(b.Localizer("en"), "ana@example.org", "", samples[0])
	if err != nil {
		t.Fatal(err)
	}
	want := "Hello Ana García,\n\n" +
		"Jürgen Weiß (Silicon Saxony) has invited you to Caravan as host. Caravan is where our business missions are planned: programme, B2B meetings and travel support.\n\n" +
		"Accept the invitation:\nhttps://caravan.example.org/invite/abc\n\n" +
		"The invitation is valid until 9 Mar 2026, 6:30 PM.\n\n" +
		"-- \nThe caravan.example.org team\n" +
		"You receive this e-mail because of your account at caravan.example.org. It was sent automatically; replies are not read.\n"
	if m.Text != want {
		t.Errorf("got text\n%q\nwant\n%q", m.Text, want)
	}
	if want := "Jürgen Weiß invites you to Caravan"; m.Subject != want {
		t.Errorf("got subject %q, want %q", m.Subject, want)
	}
}

func TestRenderEscapesHTMLButNotText(t *testing.T) {
	r, b := newRenderer(t), newBundle(t)
	data := mail.MeetingRequestData{Name: "Ana", From: `<b>Eve</b> & "Co"`, Organisation: "X", Mission: "M",
		Message: "<script>alert(1)</script>", Link: "javascript:alert(1)"}
	m, err := r.Render(b.Localizer("en"), "ana@example.org", "", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<b>Eve", "<script>", `href="javascript:`} {
		if strings.Contains(m.HTML, bad) {
			t.Errorf("HTML contains %q unescaped", bad)
		}
	}
	if !strings.Contains(m.HTML, "&lt;b&gt;Eve&lt;/b&gt; &amp; &#34;Co&#34;") {
		t.Errorf("HTML lacks the escaped name:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, `<b>Eve</b> & "Co"`) || !strings.Contains(m.Text, "> <script>alert(1)</script>") {
		t.Errorf("text should carry the words as typed, quoted:\n%s", m.Text)
	}
}

func TestRenderRefusesIncompleteData(t *testing.T) {
	r, b := newRenderer(t), newBundle(t)
	en := b.Localizer("en")
	tests := map[string]mail.Data{
		"unknown role":   mail.InviteData{Inviter: "Jon", Organisation: "GAIA", Role: "wizard", Link: "https://x.example/i"},
		"unknown status": mail.ApplicationStatusData{Mission: "M", Status: "lost", Link: "https://x.example/a"},
		"no link":        mail.ResetPasswordData{Name: "Ana"},
	}
	for name, data := range tests {
		if m, err := r.Render(en, "ana@example.org", "", data); err == nil {
			t.Errorf("%s: got no error and subject %q", name, m.Subject)
		}
	}
}

// TestTemplatesUseOnlyCatalogueIDs checks every literal id the templates
// pass to t, so a typo fails here rather than in someone's inbox.
func TestTemplatesUseOnlyCatalogueIDs(t *testing.T) {
	b := newBundle(t)
	calls := regexp.MustCompile(`\bt "([^"]+)"`)
	prefixes := regexp.MustCompile(`print "([a-z_.]+\.)"`)
	seen := 0
	err := fs.WalkDir(os.DirFS("templates"), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile("templates/" + path)
		if err != nil {
			return err
		}
		for _, lang := range []string{"en", "es"} {
			l := b.Localizer(lang)
			for _, m := range calls.FindAllStringSubmatch(string(src), -1) {
				seen++
				if !l.Has(m[1]) {
					t.Errorf("%s uses %q, which %s.json lacks", path, m[1], lang)
				}
			}
			for _, m := range prefixes.FindAllStringSubmatch(string(src), -1) {
				if m[1] != "role." && m[1] != "application.status." {
					t.Errorf("%s builds ids from %q, which this test does not know", path, m[1])
				}
			}
			for _, id := range []string{"role.admin", "role.organiser", "role.host", "role.participant", "role.local", "role.viewer",
				"application.status.accepted", "application.status.waitlisted", "application.status.rejected",
				"application.status.confirmed", "application.status.withdrawn", "application.status.shortlisted",
				"application.status.eligible", "application.status.ineligible", "application.status.submitted"} {
				if !l.Has(id) {
					t.Errorf("%s.json lacks %q", lang, id)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 50 {
		t.Errorf("found only %d catalogue lookups in the templates; is the pattern still right?", seen)
	}
}
